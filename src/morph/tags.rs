//! [`Tags`]: the morphological tags of an analysis as a bit set, and the
//! mapping from the dictionary's `po:`/`is:` fields (Dicollecte's tag set) to
//! those bits. The whole mapping is tabled in `lexicon/morph/README.md`.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// Bit set of Dicollecte morphological tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Tags(pub u64);

const fn bit(n: u32) -> Tags {
    Tags(1 << n)
}

impl Tags {
    pub const NONE: Tags = Tags(0);

    // Parts of speech.
    /// `nom`, `loc.nom`.
    pub const NOUN: Tags = bit(0);
    /// `adj`, `loc.adj`.
    pub const ADJ: Tags = bit(1);
    /// `adv`, `loc.adv`, `advint` (interrogative adverb), `negadv`.
    pub const ADV: Tags = bit(2);
    /// Any verb form (`v0`…`v3` class strings), `loc.verb`.
    pub const VERB: Tags = bit(3);
    /// `npr` (proper noun), `prn` (first name), `patr` (surname), `loc.patr`.
    pub const PROPER_NOUN: Tags = bit(4);
    /// Any determiner: `det`, `detdem`, `detpos`, `detind`, `detneg`, `detex`.
    pub const DET: Tags = bit(5);
    /// `prep`, `prepv`, `loc.prep`, `loc.prepv`.
    pub const PREP: Tags = bit(6);
    /// `cjco`, `cj`, `loc.cj`.
    pub const CONJ_COORD: Tags = bit(7);
    /// `cjsub`, `loc.cjsub`.
    pub const CONJ_SUB: Tags = bit(8);
    /// Any pronoun: `propersuj`, `properobj`, `prorel`, `prodem`, `proint`,
    /// `proind`, `proneg`, `proadv`.
    pub const PRON: Tags = bit(9);
    /// `propersuj`: personal subject pronoun (je, tu, il, nous, vous…).
    pub const PRON_SUBJ: Tags = bit(10);
    /// `properobj`: personal object pronoun (me, le, la, les, lui, leur, en, y…).
    pub const PRON_OBJ: Tags = bit(11);
    /// `prorel`: relative pronoun.
    pub const PRON_REL: Tags = bit(12);
    /// `prodem`: demonstrative pronoun.
    pub const PRON_DEM: Tags = bit(13);
    /// `proint`: interrogative pronoun.
    pub const PRON_INT: Tags = bit(14);
    /// `interj`, `loc.interj`.
    pub const INTERJ: Tags = bit(15);
    /// `nb` (cardinal number), `nbro` (roman numeral).
    pub const NUMBER: Tags = bit(16);
    /// Part of a locution (`loc.*`), with the locution's part of speech.
    pub const LOC: Tags = bit(17);
    /// `mg`: grammar word (articles, pronouns, prepositions, conjunctions…).
    pub const GRAMMAR_WORD: Tags = bit(18);

    // Verbs: mood and tense.
    /// `infi`: infinitive.
    pub const INFI: Tags = bit(19);
    /// `ppre`: present participle.
    pub const PPRE: Tags = bit(20);
    /// `ppas`: past participle.
    pub const PPAS: Tags = bit(21);
    /// `ipre`: indicative present.
    pub const IPRE: Tags = bit(22);
    /// `iimp`: indicative imperfect.
    pub const IIMP: Tags = bit(23);
    /// `ipsi`: indicative simple past.
    pub const IPSI: Tags = bit(24);
    /// `ifut`: indicative future.
    pub const IFUT: Tags = bit(25);
    /// `cond`: conditional present.
    pub const COND: Tags = bit(26);
    /// `spre`: subjunctive present.
    pub const SPRE: Tags = bit(27);
    /// `simp`: subjunctive imperfect.
    pub const SIMP: Tags = bit(28);
    /// `impe`: imperative.
    pub const IMPE: Tags = bit(29);

    // Verbs: person.
    /// `1sg`.
    pub const P1SG: Tags = bit(30);
    /// `2sg`.
    pub const P2SG: Tags = bit(31);
    /// `3sg`.
    pub const P3SG: Tags = bit(32);
    /// `1pl`.
    pub const P1PL: Tags = bit(33);
    /// `2pl`.
    pub const P2PL: Tags = bit(34);
    /// `3pl`, `3pl!`.
    pub const P3PL: Tags = bit(35);
    /// `1jsg`, `1isg`: the first person singular written before an inverted
    /// « -je » only (« aimé-je », « aimè-je »); never a plain 1sg.
    pub const P1SG_INV: Tags = bit(36);

    // Verbs: the lemma's class (`v1_itnq__a`…).
    /// Conjugated with « avoir » (last character `a`).
    pub const AUX_AVOIR: Tags = bit(37);
    /// Conjugated with « être » (9th character `e`).
    pub const AUX_ETRE: Tags = bit(38);
    /// Direct transitive (`t`).
    pub const TRANSITIVE: Tags = bit(39);
    /// Intransitive (`i`).
    pub const INTRANSITIVE: Tags = bit(40);
    /// Indirect transitive (`n`).
    pub const INDIRECT: Tags = bit(41);
    /// Pronominal, only (`p`) or possibly (`q`, `r`, `e`, `u`, `v`).
    pub const PRONOMINAL: Tags = bit(42);
    /// Impersonal (`m`).
    pub const IMPERSONAL: Tags = bit(43);
    /// First group (`v1`).
    pub const GROUP1: Tags = bit(44);
    /// Second group (`v2`).
    pub const GROUP2: Tags = bit(45);
    /// Third group (`v3`).
    pub const GROUP3: Tags = bit(46);

    // Gender and number.
    /// `mas`: masculine.
    pub const MAS: Tags = bit(47);
    /// `fem`: feminine.
    pub const FEM: Tags = bit(48);
    /// `epi`: epicene (either gender).
    pub const EPI: Tags = bit(49);
    /// `sg`: singular.
    pub const SG: Tags = bit(50);
    /// `pl`: plural.
    pub const PL: Tags = bit(51);
    /// `inv`: invariable in number.
    pub const INV: Tags = bit(52);

    // Further tags of the data, beyond the list the grammar engine asked for.
    /// `v0`: « être » and « avoir ».
    pub const GROUP0: Tags = bit(53);
    /// Copula (2nd character `e`: être, devenir, paraître, rester, sembler…).
    pub const COPULA: Tags = bit(54);
    /// `preverb`: a pronoun placed before the verb (me, le, lui, en, y…).
    pub const PREVERB: Tags = bit(55);
    /// `negadv`, `proneg`, `detneg`: a negation (ne, pas, personne, aucun…).
    pub const NEGATION: Tags = bit(56);
    /// `proind`: indefinite pronoun.
    pub const PRON_IND: Tags = bit(57);
    /// `proadv`: adverbial pronoun (en, y).
    pub const PRON_ADV: Tags = bit(58);
    /// `1pe`: pronoun of the first person.
    pub const PERSON1: Tags = bit(59);
    /// `2pe`: pronoun of the second person.
    pub const PERSON2: Tags = bit(60);
    /// `3pe`: pronoun of the third person.
    pub const PERSON3: Tags = bit(61);
    /// `titr`: title (M., Mme, Dr…).
    pub const TITLE: Tags = bit(62);
    /// Anything else: `pfx`, `sfx` (affixes), `ponc`, `sign`, `div`, `err`.
    pub const OTHER: Tags = bit(63);

    /// True when every bit of `other` is set in `self`.
    pub const fn contains(self, other: Tags) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when `self` and `other` share a bit.
    pub const fn intersects(self, other: Tags) -> bool {
        self.0 & other.0 != 0
    }

    /// Every bit of either.
    pub const fn union(self, other: Tags) -> Tags {
        Tags(self.0 | other.0)
    }

    /// No bit set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The tag named `name` as [`Display`](fmt::Display) writes it
    /// (`"ppas"`, `"aux-avoir"`, `"pron-obj"`…), for rules written as data.
    pub fn from_name(name: &str) -> Option<Tags> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    /// The bits of one morphological field of the dictionary (`po:ppas`,
    /// `is:fem`, `po:v1_itnq__a`); `None` for a field that is not mapped.
    pub fn from_field(field: &str) -> Option<Tags> {
        let (key, value) = field.split_once(':')?;
        match key {
            // The dictionary has a few inflection values under the other key.
            "po" | "is" => value_tags(value),
            _ => None,
        }
    }

    /// The union of the bits of space-separated fields; `Err` names the first
    /// field that is not mapped.
    pub fn from_fields(fields: &str) -> Result<Tags, String> {
        fields.split_whitespace().try_fold(Tags::NONE, |acc, f| {
            Tags::from_field(f)
                .map(|t| acc | t)
                .ok_or_else(|| f.to_string())
        })
    }
}

impl BitOr for Tags {
    type Output = Tags;
    fn bitor(self, rhs: Tags) -> Tags {
        self.union(rhs)
    }
}

impl BitOrAssign for Tags {
    fn bitor_assign(&mut self, rhs: Tags) {
        self.0 |= rhs.0;
    }
}

/// Every bit's name, in the order [`Display`](fmt::Display) writes them.
pub const NAMES: [(Tags, &str); 64] = [
    (Tags::NOUN, "noun"),
    (Tags::ADJ, "adj"),
    (Tags::ADV, "adv"),
    (Tags::VERB, "verb"),
    (Tags::PROPER_NOUN, "proper-noun"),
    (Tags::DET, "det"),
    (Tags::PREP, "prep"),
    (Tags::CONJ_COORD, "conj-coord"),
    (Tags::CONJ_SUB, "conj-sub"),
    (Tags::PRON, "pron"),
    (Tags::PRON_SUBJ, "pron-subj"),
    (Tags::PRON_OBJ, "pron-obj"),
    (Tags::PRON_REL, "pron-rel"),
    (Tags::PRON_DEM, "pron-dem"),
    (Tags::PRON_INT, "pron-int"),
    (Tags::PRON_IND, "pron-ind"),
    (Tags::PRON_ADV, "pron-adv"),
    (Tags::INTERJ, "interj"),
    (Tags::NUMBER, "number"),
    (Tags::TITLE, "title"),
    (Tags::LOC, "loc"),
    (Tags::GRAMMAR_WORD, "grammar-word"),
    (Tags::PREVERB, "preverb"),
    (Tags::NEGATION, "negation"),
    (Tags::INFI, "infi"),
    (Tags::PPRE, "ppre"),
    (Tags::PPAS, "ppas"),
    (Tags::IPRE, "ipre"),
    (Tags::IIMP, "iimp"),
    (Tags::IPSI, "ipsi"),
    (Tags::IFUT, "ifut"),
    (Tags::COND, "cond"),
    (Tags::SPRE, "spre"),
    (Tags::SIMP, "simp"),
    (Tags::IMPE, "impe"),
    (Tags::P1SG, "1sg"),
    (Tags::P2SG, "2sg"),
    (Tags::P3SG, "3sg"),
    (Tags::P1PL, "1pl"),
    (Tags::P2PL, "2pl"),
    (Tags::P3PL, "3pl"),
    (Tags::P1SG_INV, "1sg-inv"),
    (Tags::PERSON1, "person1"),
    (Tags::PERSON2, "person2"),
    (Tags::PERSON3, "person3"),
    (Tags::MAS, "mas"),
    (Tags::FEM, "fem"),
    (Tags::EPI, "epi"),
    (Tags::SG, "sg"),
    (Tags::PL, "pl"),
    (Tags::INV, "inv"),
    (Tags::GROUP0, "group0"),
    (Tags::GROUP1, "group1"),
    (Tags::GROUP2, "group2"),
    (Tags::GROUP3, "group3"),
    (Tags::COPULA, "copula"),
    (Tags::AUX_AVOIR, "aux-avoir"),
    (Tags::AUX_ETRE, "aux-etre"),
    (Tags::TRANSITIVE, "transitive"),
    (Tags::INTRANSITIVE, "intransitive"),
    (Tags::INDIRECT, "indirect"),
    (Tags::PRONOMINAL, "pronominal"),
    (Tags::IMPERSONAL, "impersonal"),
    (Tags::OTHER, "other"),
];

impl fmt::Display for Tags {
    /// The names of the set bits, space-separated: `verb ppas mas sg aux-avoir`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (t, name) in NAMES {
            if self.contains(t) {
                if !first {
                    f.write_str(" ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

/// The bits of a `po:`/`is:` value.
fn value_tags(value: &str) -> Option<Tags> {
    if let Some(loc) = value.strip_prefix("loc.") {
        return value_tags(loc).map(|t| t | Tags::LOC);
    }
    if value.starts_with('v') && value.len() > 1 && value.as_bytes()[1].is_ascii_digit() {
        return verb_class(value);
    }
    let t = match value {
        "nom" => Tags::NOUN,
        "adj" => Tags::ADJ,
        "adv" => Tags::ADV,
        "advint" => Tags::ADV,
        "negadv" => Tags::ADV | Tags::NEGATION,
        "verb" => Tags::VERB,
        "npr" | "prn" | "patr" => Tags::PROPER_NOUN,
        "det" | "detdem" | "detpos" | "detind" | "detex" => Tags::DET,
        "detneg" => Tags::DET | Tags::NEGATION,
        "prep" | "prepv" => Tags::PREP,
        "cjco" | "cj" => Tags::CONJ_COORD,
        "cjsub" => Tags::CONJ_SUB,
        "propersuj" => Tags::PRON | Tags::PRON_SUBJ,
        "properobj" => Tags::PRON | Tags::PRON_OBJ,
        "prorel" => Tags::PRON | Tags::PRON_REL,
        "prodem" => Tags::PRON | Tags::PRON_DEM,
        "proint" => Tags::PRON | Tags::PRON_INT,
        "proind" => Tags::PRON | Tags::PRON_IND,
        "proneg" => Tags::PRON | Tags::NEGATION,
        "proadv" => Tags::PRON | Tags::PRON_ADV,
        "preverb" => Tags::PREVERB,
        "1pe" => Tags::PERSON1,
        "2pe" => Tags::PERSON2,
        "3pe" => Tags::PERSON3,
        "interj" => Tags::INTERJ,
        "nb" | "nbro" => Tags::NUMBER,
        "mg" => Tags::GRAMMAR_WORD,
        "titr" => Tags::TITLE,
        "pfx" | "sfx" | "ponc" | "sign" | "div" | "err" => Tags::OTHER,
        "infi" => Tags::INFI,
        "ppre" => Tags::PPRE,
        "ppas" => Tags::PPAS,
        "ipre" => Tags::IPRE,
        "iimp" => Tags::IIMP,
        "ipsi" => Tags::IPSI,
        "ifut" => Tags::IFUT,
        "cond" => Tags::COND,
        "spre" => Tags::SPRE,
        "simp" => Tags::SIMP,
        "impe" => Tags::IMPE,
        "1sg" => Tags::P1SG,
        "2sg" => Tags::P2SG,
        "3sg" => Tags::P3SG,
        "1pl" => Tags::P1PL,
        "2pl" => Tags::P2PL,
        // `3pl!`: the 3pl of « avoir » that makes compound tenses (« ont »).
        "3pl" | "3pl!" => Tags::P3PL,
        "1jsg" | "1isg" => Tags::P1SG_INV,
        "mas" => Tags::MAS,
        "fem" => Tags::FEM,
        "epi" => Tags::EPI,
        "sg" => Tags::SG,
        "pl" => Tags::PL,
        "inv" => Tags::INV,
        _ => return None,
    };
    Some(t)
}

/// A verb's class string, 10 characters: `v`, the group (0–3), then one
/// column each: copula (`e`; `a` for « avoir »), intransitive (`i`), direct
/// transitive (`t`), indirect transitive (`n`), pronominal (`p` only, `q`
/// possibly, `r` reciprocal, `e`/`u`/`v` other pronominal uses), impersonal
/// (`m`), auxiliary « être » (`e`), auxiliary « avoir » (`a`). `_` is « no »,
/// `x` « exceptionally » (not mapped), `zz` in the auxiliary columns « not
/// checked yet » (no auxiliary bit).
fn verb_class(value: &str) -> Option<Tags> {
    let b = value.as_bytes();
    let col = |i: usize| b.get(i).copied().unwrap_or(b'_');
    let mut t = Tags::VERB;
    t |= match col(1) {
        b'0' => Tags::GROUP0,
        b'1' => Tags::GROUP1,
        b'2' => Tags::GROUP2,
        b'3' => Tags::GROUP3,
        _ => return None,
    };
    if col(2) == b'e' {
        t |= Tags::COPULA;
    }
    if col(3) == b'i' {
        t |= Tags::INTRANSITIVE;
    }
    if col(4) == b't' {
        t |= Tags::TRANSITIVE;
    }
    if col(5) == b'n' {
        t |= Tags::INDIRECT;
    }
    if matches!(col(6), b'p' | b'q' | b'r' | b'e' | b'u' | b'v') {
        t |= Tags::PRONOMINAL;
    }
    if col(7) == b'm' {
        t |= Tags::IMPERSONAL;
    }
    if col(8) == b'e' {
        t |= Tags::AUX_ETRE;
    }
    if col(9) == b'a' {
        t |= Tags::AUX_AVOIR;
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cover_every_bit_once() {
        let mut all = 0u64;
        for (t, name) in NAMES {
            assert_eq!(t.0.count_ones(), 1, "{name}");
            assert_eq!(all & t.0, 0, "{name} twice");
            all |= t.0;
            assert_eq!(Tags::from_name(name), Some(t));
        }
        assert_eq!(all, u64::MAX);
    }

    #[test]
    fn verb_classes_decode() {
        let t = Tags::from_field("po:v1_itnq__a").unwrap();
        assert_eq!(
            t,
            Tags::VERB
                | Tags::GROUP1
                | Tags::INTRANSITIVE
                | Tags::TRANSITIVE
                | Tags::INDIRECT
                | Tags::PRONOMINAL
                | Tags::AUX_AVOIR
        );
        let t = Tags::from_field("po:v3ei____e_").unwrap();
        assert!(t.contains(Tags::GROUP3 | Tags::COPULA | Tags::AUX_ETRE));
        assert!(!t.intersects(Tags::AUX_AVOIR | Tags::TRANSITIVE));
        let t = Tags::from_field("po:v1_i___mzz").unwrap();
        assert!(t.contains(Tags::IMPERSONAL));
        assert!(!t.intersects(Tags::AUX_AVOIR | Tags::AUX_ETRE));
        assert_eq!(Tags::from_field("po:v9"), None);
    }

    #[test]
    fn fields_and_display() {
        let t = Tags::from_fields("is:mas is:sg po:adj po:ppas po:v1_itnq__a").unwrap();
        assert_eq!(
            t.to_string(),
            "adj verb ppas mas sg group1 aux-avoir transitive intransitive indirect pronominal"
        );
        assert_eq!(
            Tags::from_fields("po:nom po:zzz"),
            Err("po:zzz".to_string())
        );
        assert_eq!(Tags::from_field("po:loc.adv"), Some(Tags::ADV | Tags::LOC));
    }
}
