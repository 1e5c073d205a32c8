//! Agreement in gender, number and person between the words of a match:
//! the pattern conditions `même-genre=\N`, `même-nombre=\N`,
//! `même-personne=\N` and `initiale-voyelle`, and the suggestion `\N:accord=\M`.
//!
//! A word's gender is the set of genders its readings allow (masculine,
//! feminine, both for an epicene word or one the dictionary does not
//! know); its number likewise (singular, plural, both for an invariable
//! word such as « prix » or « colis »). Two words *disagree* only when
//! these sets do not meet: whenever the morphology leaves a doubt, they
//! agree, and the rules stay silent.

use super::tagger::{Kind, Sentence, Word, FINITE};
use crate::morph::{self, Tags};

/// What a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Feature {
    Gender,
    Number,
    /// The person of a conjugated verb against the number of its
    /// noun-group subject (third person singular or plural).
    Person,
    /// The word starts with a vowel (« cet article », not « ce article »).
    Vowel,
    /// The dictionary, before tagging, reads the word as a conjugated verb
    /// (« affiche » in « et les affiche »: the tagger may have kept only
    /// the noun after « les »).
    Finite,
    /// The dictionary, before tagging, reads the word as an infinitive.
    Infinitive,
}

/// One agreement condition of a token test.
#[derive(Debug, Clone)]
pub(super) struct AgreeTest {
    feature: Feature,
    /// The elements the word agrees with (0-based); their values meet.
    refs: Vec<usize>,
    /// Holds on agreement (`même-genre=\N`) or on disagreement
    /// (`non-même-genre=\N`).
    want: bool,
}

/// A set of genders or numbers: bit 1 masculine (singular), bit 2
/// feminine (plural).
type Set = u8;
const ONE: Set = 1;
const TWO: Set = 2;
const ANY: Set = 3;

/// Parts of speech that carry a gender and a number.
const NOMINAL: Tags =
    Tags(Tags::NOUN.0 | Tags::ADJ.0 | Tags::DET.0 | Tags::PPAS.0 | Tags::PRON.0 | Tags::NUMBER.0);

/// Parses `même-genre=\1,\2`, `même-nombre=\1`, `même-personne=\1,\2`,
/// `initiale-voyelle`, `forme-conjuguée`, `forme-infinitive`
/// (`neg`: written with `non-`). `None` when `atom` is none of them.
pub(super) fn parse(atom: &str, neg: bool) -> Option<Result<AgreeTest, String>> {
    let plain = match atom {
        "initiale-voyelle" => Some(Feature::Vowel),
        "forme-conjuguée" => Some(Feature::Finite),
        "forme-infinitive" => Some(Feature::Infinitive),
        _ => None,
    };
    if let Some(feature) = plain {
        return Some(Ok(AgreeTest {
            feature,
            refs: Vec::new(),
            want: !neg,
        }));
    }
    let (feature, list) = if let Some(l) = atom.strip_prefix("même-genre=") {
        (Feature::Gender, l)
    } else if let Some(l) = atom.strip_prefix("même-nombre=") {
        (Feature::Number, l)
    } else if let Some(l) = atom.strip_prefix("même-personne=") {
        (Feature::Person, l)
    } else {
        return None;
    };
    Some(parse_refs(list).map(|refs| AgreeTest {
        feature,
        refs,
        want: !neg,
    }))
}

/// `\1,\2` → [0, 1].
pub(super) fn parse_refs(list: &str) -> Result<Vec<usize>, String> {
    list.split(',')
        .map(|r| {
            let k: usize = r
                .trim()
                .strip_prefix('\\')
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("référence invalide « {r} »"))?;
            k.checked_sub(1)
                .ok_or_else(|| "les éléments se comptent à partir de 1".to_string())
        })
        .collect()
}

impl AgreeTest {
    /// The largest element this condition refers to.
    pub(super) fn max_ref(&self) -> Option<usize> {
        self.refs.iter().copied().max()
    }

    /// Does the condition hold on word `i`, given the elements matched so far?
    pub(super) fn holds(&self, s: &Sentence<'_>, i: usize, caps: &[(usize, usize)]) -> bool {
        let w = &s.words[i];
        match self.feature {
            Feature::Vowel => starts_with_vowel(&w.lower) == self.want,
            Feature::Finite => morph::tags_of(&w.lower).intersects(FINITE) == self.want,
            Feature::Infinitive => morph::tags_of(&w.lower).intersects(Tags::INFI) == self.want,
            Feature::Gender => meets(gender(w), referent(s, caps, &self.refs, gender)) == self.want,
            Feature::Number => meets(number(w), referent(s, caps, &self.refs, number)) == self.want,
            Feature::Person => {
                let want = referent(s, caps, &self.refs, number);
                let person = match want {
                    ONE => Tags::P3SG,
                    TWO => Tags::P3PL,
                    // An undecided subject agrees with anything.
                    _ => return self.want,
                };
                let mut finite = w
                    .readings
                    .iter()
                    .filter(|r| r.intersects(FINITE))
                    .peekable();
                if finite.peek().is_none() {
                    return false;
                }
                finite.any(|r| r.intersects(person)) == self.want
            }
        }
    }
}

/// Sets that share a value. An empty side means « unknown »: agreement.
fn meets(a: Set, b: Set) -> bool {
    a & b != 0
}

/// The value the referents agree on: the meeting of theirs, or [`ANY`]
/// when they contradict each other or none was matched.
fn referent(
    s: &Sentence<'_>,
    caps: &[(usize, usize)],
    refs: &[usize],
    of: fn(&Word<'_>) -> Set,
) -> Set {
    let mut v = ANY;
    for &k in refs {
        if let Some(&(a, b)) = caps.get(k) {
            if a < b {
                v &= of(&s.words[a]);
            }
        }
    }
    if v == 0 {
        ANY
    } else {
        v
    }
}

fn starts_with_vowel(lower: &str) -> bool {
    lower
        .chars()
        .next()
        .is_some_and(|c| "aeiouyàâäéèêëîïôöùûüœæ".contains(c))
}

/// The genders the word's readings allow.
pub(super) fn gender(w: &Word<'_>) -> Set {
    match w.lower.as_ref() {
        // The customer's and the company's gender are never guessed.
        "vous" | "nous" | "on" | "je" | "j'" | "tu" => return ANY,
        _ => {}
    }
    collect(w, |r| {
        if r.intersects(Tags::EPI) || (r.intersects(Tags::MAS) && r.intersects(Tags::FEM)) {
            ANY
        } else if r.intersects(Tags::MAS) {
            ONE
        } else if r.intersects(Tags::FEM) {
            TWO
        } else {
            0
        }
    })
}

/// The numbers the word's readings allow.
pub(super) fn number(w: &Word<'_>) -> Set {
    match w.lower.as_ref() {
        // « vous » may be one person; « on » anyone.
        "vous" | "on" => return ANY,
        "nous" => return TWO,
        "je" | "j'" | "tu" => return ONE,
        _ => {}
    }
    collect(w, |r| {
        if r.intersects(Tags::INV) || (r.intersects(Tags::SG) && r.intersects(Tags::PL)) {
            ANY
        } else if r.intersects(Tags::SG) {
            ONE
        } else if r.intersects(Tags::PL) {
            TWO
        } else {
            0
        }
    })
}

/// The union of `value` over the nominal readings that carry one; [`ANY`]
/// when none does (unknown words, names, numbers written in digits).
fn collect(w: &Word<'_>, value: impl Fn(Tags) -> Set) -> Set {
    if w.kind != Kind::Word || w.feats.intersects(super::tagger::Feats::PROPER) {
        return ANY;
    }
    // A determiner is read as one (« ce » is also a pronoun, « un » a noun).
    let kind = if w.tags.intersects(Tags::DET) {
        Tags::DET
    } else {
        NOMINAL
    };
    let v = w
        .readings
        .iter()
        .filter(|r| r.intersects(kind))
        .fold(0, |acc, &r| acc | value(r));
    if v == 0 {
        ANY
    } else {
        v
    }
}

fn set_of_tags(t: Tags, of_gender: bool) -> Set {
    if of_gender {
        if t.intersects(Tags::EPI) || (t.intersects(Tags::MAS) && t.intersects(Tags::FEM)) {
            ANY
        } else if t.intersects(Tags::MAS) {
            ONE
        } else if t.intersects(Tags::FEM) {
            TWO
        } else {
            ANY
        }
    } else if t.intersects(Tags::INV) || (t.intersects(Tags::SG) && t.intersects(Tags::PL)) {
        ANY
    } else if t.intersects(Tags::SG) {
        ONE
    } else if t.intersects(Tags::PL) {
        TWO
    } else {
        ANY
    }
}

/// The forms of word `k` that agree with the referents `refs`: a noun, an
/// adjective, a participle or a determiner re-inflected in gender and
/// number (the referents' where they decide, the word's own elsewhere);
/// a conjugated verb at the third person of the referents' number.
pub(super) fn inflect_to(
    s: &Sentence<'_>,
    caps: &[(usize, usize)],
    k: usize,
    refs: &[usize],
) -> Vec<String> {
    let Some(&(a, b)) = caps.get(k) else {
        return Vec::new();
    };
    if a >= b {
        return Vec::new();
    }
    let w = &s.words[a];
    let form = w.lower.as_ref();
    let want_n = referent(s, caps, refs, number);
    // A conjugated verb that is no participle nor adjective (« change »
    // may be a noun, but after a subject it is the verb).
    let modifier = Tags(Tags::PPAS.0 | Tags::ADJ.0 | Tags::DET.0);
    if w.tags.intersects(FINITE) && !w.tags.intersects(modifier) {
        return conjugate(form, want_n);
    }
    let want_g = match referent(s, caps, refs, gender) {
        ANY => gender(w),
        g => g,
    };
    let want_n = if want_n == ANY { number(w) } else { want_n };
    // (exact gender, frequency order) → forms.
    let mut exact: Vec<String> = Vec::new();
    let mut loose: Vec<String> = Vec::new();
    for an in morph::analyze(form).iter() {
        let t = an.tags;
        if !t.intersects(NOMINAL) || !w.readings.contains(&t) {
            continue;
        }
        let pos = [Tags::PPAS, Tags::ADJ, Tags::NOUN, Tags::DET]
            .into_iter()
            .find(|p| t.intersects(*p))
            .unwrap_or(Tags::NOUN);
        let lemma = an.lemma(form);
        for f in morph::inflect(&lemma, pos, Tags::NONE) {
            if f == form || exact.contains(&f) || loose.contains(&f) {
                continue;
            }
            let fits = morph::analyze(&f).iter().find_map(|fa| {
                let ft = fa.tags;
                if !ft.intersects(pos) || fa.lemma(&f) != lemma {
                    return None;
                }
                let (g, n) = (set_of_tags(ft, true), set_of_tags(ft, false));
                (meets(g, want_g) && meets(n, want_n)).then_some(g == want_g || want_g == ANY)
            });
            match fits {
                Some(true) => exact.push(f),
                Some(false) => loose.push(f),
                None => {}
            }
        }
    }
    exact.extend(loose);
    exact.truncate(4);
    exact
}

/// `form`, a conjugated verb, at the third person singular (`ONE`) or
/// plural (`TWO`), same tense.
fn conjugate(form: &str, n: Set) -> Vec<String> {
    let person = match n {
        ONE => Tags::P3SG,
        TWO => Tags::P3PL,
        _ => return Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for an in morph::analyze(form).iter() {
        let tense = Tags(an.tags.0 & FINITE.0);
        if !an.tags.contains(Tags::VERB) || tense == Tags::NONE {
            continue;
        }
        let lemma = an.lemma(form);
        for bit in 0..64 {
            let t = Tags(tense.0 & (1u64 << bit));
            if t == Tags::NONE {
                continue;
            }
            for f in morph::inflect(&lemma, t | person, Tags::NONE) {
                if f != form && !out.contains(&f) {
                    out.push(f);
                }
            }
        }
    }
    out
}
