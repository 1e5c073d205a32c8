//! `sms-language`: a lexicon rule (`lexicon/sms-language.txt`, see
//! [`crate::rules::lexicon_rule`]), plus letters repeated for effect
//! (`merciiii`).

use crate::settings::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::rules::kit::{help_text, Ctx};
use crate::rules::lexicon_rule::{Edits, LexiconRule};
use crate::rules::{Rule, RuleOptions};
use crate::text::{case_of, Case, Document, Token};

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Entries added to the lexicon (`form => suggestion [tags]`).
        pub add: Vec<String>,
        /// Lexicon forms removed.
        pub remove: Vec<String>,
        /// Flag letters repeated three times or more (`merciiii`).
        pub repeated_letters: bool,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les graphies SMS et abréviations de messagerie (`slt`, `bjr`, `pk`,
    /// `bcp`, `jsp`, `stp`, `tt`, `dc`, `qd`, `pr`, `ds`, `ki`, `koi`,
    /// `mdr`, `2m1`, `kdo`…, plus de 200 formes dans
    /// `lexicon/sms-language.txt`), chacune avec sa forme en français
    /// standard, et les lettres répétées pour l'effet (`merciiii`, `ouiii`,
    /// `biennn` : trois fois la même lettre, ce qui n'arrive jamais en
    /// français).
    ///
    /// Pour éviter les fausses alertes :
    /// - les formes d'une ou deux lettres et celles qui contiennent un
    ///   chiffre ne sont reconnues qu'en minuscules (`PR`, `DS`, `B1` sont
    ///   des sigles ou des références) ; une forme en majuscules n'est
    ///   reconnue que pour quelques sigles de messagerie sans ambiguïté
    ///   (`MDR`, `LOL`, `SLT`, `BCP`…) ;
    /// - une forme courte juste après un nombre est une unité (`10 mm`,
    ///   `500 g`, `3 t`, `5 ms`) ;
    /// - `c` (c'est) n'est signalé que seul, sans apostrophe, devant un mot
    ///   comme `bon`, `pas`, `fait`, `noté`… et pas après `option`, `plan`,
    ///   `vitamine`, une lettre ou un article (`l'option c`, `a, b, c`) ;
    ///   `g` (j'ai), `k` (que) et `t` (t'es) de même, devant les mots qui
    ///   les suivent en langage SMS ;
    /// - `vs` n'est lu comme « vous » qu'après un pronom (`je vs envoie`) ou
    ///   devant un verbe (`vs pouvez`), sinon c'est « versus » ;
    /// - `cc` et `re` ne sont signalés qu'en début de phrase, et pas devant
    ///   un deux-points (`cc :` = copie) ;
    /// - `a+` n'est pas signalé dans `classe A+`, `A++` ;
    /// - rien n'est signalé dans un lien, une adresse e-mail, un nombre ou
    ///   un texte entre guillemets (une citation du client).
    ///
    /// `svp`, `rdv` et `sav` en minuscules sont signalés ; la suggestion
    /// propose d'abord le sigle en majuscules s'il figure dans la liste
    /// `allow` de la règle `abbreviation` (par défaut RDV, SAV, SVP).
    /// `tchatlint fix` ne remplace que les formes qui n'ont qu'une
    /// orthographe standard (`bcp` → `beaucoup`), jamais les formes
    /// ambiguës (`tt` → tout, tous, toute ou toutes).
    ///
    /// ## Pourquoi
    ///
    /// Le langage SMS donne une image négligée de l'entreprise et tous les
    /// clients ne le comprennent pas. Un conseiller écrit en français
    /// standard, en toutes lettres.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Slt, je regarde ça tt de suite, merciiii de votre patience !
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Bonjour, je regarde cela tout de suite. Merci de votre patience !
    /// ```
    "sms-language",
    "Langage SMS et abréviations de messagerie"
}

/// The advice of every SMS finding.
const SMS_HELP: &str = "écrivez en toutes lettres, en français standard";

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.sms_language;
    let edits = Edits {
        add: &o.add,
        remove: &o.remove,
        allowed_acronyms: &config.abbreviation.allow,
        ..Edits::default()
    };
    Ok(Box::new(SmsLanguage {
        lexicon: LexiconRule::new(
            META.id,
            crate::lexicon::SMS_LANGUAGE_FILE,
            crate::lexicon::SMS_LANGUAGE,
            edits,
        )?,
        repeated_letters: o.repeated_letters,
    }))
}

struct SmsLanguage {
    lexicon: LexiconRule,
    repeated_letters: bool,
}

impl Rule for SmsLanguage {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        self.lexicon.check(doc, out);
        if self.repeated_letters {
            self.check_repeats(doc, out);
        }
    }
}

impl SmsLanguage {
    /// Words with a letter three times in a row: only the words at the
    /// places [`triple_candidates`] finds in the whole text are read.
    fn check_repeats(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        // The token read last: a word with several candidates is read once.
        let mut last = None;
        triple_candidates(doc.text, |at| {
            let k = doc.tokens.partition_point(|t| t.span.end <= at);
            if last == Some(k) {
                return;
            }
            last = Some(k);
            if let Some(t) = doc.tokens.get(k) {
                if t.is_word() && t.span.start <= at {
                    self.check_word(doc, t, out);
                }
            }
        });
    }

    /// A word with a letter three times in a row, unless it is not an
    /// expressive spelling.
    fn check_word(&self, doc: &Document<'_>, t: &Token, out: &mut Vec<Finding>) {
            let w = t.text(doc.text);
            if t.elided || !has_triple(w) || skip_repeated(w) {
                return;
            }
            let Some(ctx) = Ctx::new(doc, t.span) else {
                return;
            };
            if ctx.in_quotes() {
                return;
            }
            let (one, two) = collapse(w);
            let lower_one = one.to_lowercase();
            let mut f = Finding::new(t.span, format!("lettres répétées dans « {w} »"));
            if let Some((suggestions, hints)) = self.lexicon.entry_of(&lower_one) {
                // `mdrrr`, `loool`: an SMS form stretched.
                f.message = format!("lettres répétées dans « {w} », forme SMS de « {one} »");
                f = f.help(help_text(SMS_HELP, suggestions, hints));
                f = f.suggestions(suggestions.iter().map(|s| {
                    crate::text::fit_case(&one, s, ctx.at_sentence_start(), true)
                }));
            } else if !one.chars().any(is_vowel) {
                f = f.help("supprimez cette onomatopée");
            } else {
                let mut cands = vec![one];
                if let Some(two) = two {
                    cands.push(two);
                }
                f = f.help("n'allongez pas les mots : écrivez-les normalement");
                let single = cands.len() == 1;
                f = f.suggestions(cands);
                if single {
                    f = f.safe();
                }
            }
            out.push(f);
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// Calls `found` with byte offsets of `text`, in increasing order, that
/// include a place in every word where [`has_triple`] holds (and a few
/// more): the first of three ASCII letters equal but for case, and every
/// non-ASCII character that is followed by another one or whose lower
/// case starts with an ASCII letter ([`ASCII_LOWER`]). Three letters in a
/// row with one non-ASCII among them have it next to another non-ASCII
/// letter or next to an ASCII letter of its lower case.
///
/// The trick: eight places are tested at once. With `a` the eight bytes
/// from a place and `b`, `c` the same shifted by one and two bytes, the
/// bytes of `(a ^ b) | (a ^ c)` without their case bit (`0x20`) are zero
/// exactly where three bytes are equal but for case; [`zero_bytes`] marks
/// them, the high bits of `a` mark the non-ASCII bytes, and only the
/// marked places (a few in a text) are looked at one by one.
fn triple_candidates(text: &str, mut found: impl FnMut(usize)) {
    const CASE: u64 = 0x2020_2020_2020_2020;
    let bytes = text.as_bytes();
    let load = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let mut i = 0;
    if bytes.len() >= 16 {
        let mut a = load(0);
        while i + 16 <= bytes.len() {
            let next = load(i + 8);
            let b = (a >> 8) | (next << 56);
            let c = (a >> 16) | (next << 48);
            let mut marked = zero_bytes(((a ^ b) | (a ^ c)) & !CASE) | (a & HIGH);
            while marked != 0 {
                let at = i + (marked.trailing_zeros() / 8) as usize;
                if triple_candidate_at(bytes, at) {
                    found(at);
                }
                marked &= marked - 1;
            }
            a = next;
            i += 8;
        }
    }
    for at in i..bytes.len() {
        if triple_candidate_at(bytes, at) {
            found(at);
        }
    }
}

/// The high bit of each byte of `v` that is zero (no carry crosses a byte:
/// the high bits are set aside before the addition).
fn zero_bytes(v: u64) -> u64 {
    !(((v & !HIGH) + !HIGH) | v) & HIGH
}

/// The non-ASCII characters whose lower case starts with an ASCII letter
/// (the Kelvin sign, `İ`): a test checks the list against the Unicode
/// tables.
const ASCII_LOWER: [&str; 2] = ["\u{130}", "\u{212A}"];

/// [`triple_candidates`] at one byte: three ASCII letters equal but for
/// case start there, or a non-ASCII character that is followed by another
/// one or is in [`ASCII_LOWER`].
fn triple_candidate_at(bytes: &[u8], at: usize) -> bool {
    let b = bytes[at];
    if b < 0x80 {
        let l = b | 0x20;
        let same = |k: usize| bytes.get(at + k).is_some_and(|&x| x | 0x20 == l);
        l.is_ascii_lowercase() && same(1) && same(2)
    } else if b >= 0xC0 {
        let width = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let rest = &bytes[at..];
        rest.get(width).is_some_and(|&x| x >= 0x80)
            || ASCII_LOWER.iter().any(|c| rest.starts_with(c.as_bytes()))
    } else {
        false
    }
}

/// True when `w` has the same letter three times in a row.
fn has_triple(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 3 {
        return false;
    }
    // `x | 0x20` lower-cases an ASCII letter, and only a letter lands on a
    // lower-case letter that way. A word with other characters is read
    // again as characters. Measured: the plain character scan alone costs
    // 4 % more instructions on the whole check benchmark.
    for t in b.windows(3) {
        if (t[0] | t[1] | t[2]) >= 0x80 {
            return has_triple_chars(w);
        }
        let l = t[0] | 0x20;
        if l.is_ascii_lowercase() && t[1] | 0x20 == l && t[2] | 0x20 == l {
            return true;
        }
    }
    false
}

/// [`has_triple`] for any text, one character at a time: runs of
/// characters with the same lower case are found first, and only in one of
/// three or more is each asked whether it is a letter (a Unicode table
/// look-up for the accented ones).
fn has_triple_chars(w: &str) -> bool {
    let lower = |c: char| {
        if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    // The current run: its start (bytes), length and lower case.
    let (mut start, mut len, mut prev) = (0, 0, None);
    for (i, c) in w.char_indices().chain(std::iter::once((w.len(), '\0'))) {
        let l = lower(c);
        if Some(l) == prev {
            len += 1;
            continue;
        }
        if len >= 3 && three_letters_in_a_row(&w[start..i]) {
            return true;
        }
        (start, len, prev) = (i, 1, Some(l));
    }
    false
}

fn three_letters_in_a_row(s: &str) -> bool {
    let mut n = 0;
    for c in s.chars() {
        n = if c.is_alphabetic() { n + 1 } else { 0 };
        if n >= 3 {
            return true;
        }
    }
    false
}

/// Words with a triple letter that are not expressive spellings:
/// placeholders (`xxx`), roman numerals (`XVIII`), short acronyms (`AAA`),
/// references with digits.
fn skip_repeated(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if w.chars().any(|c| c.is_ascii_digit()) || letters.is_empty() {
        return true;
    }
    let first = letters[0].to_lowercase().next().unwrap_or(letters[0]);
    if letters.iter().all(|c| c.to_lowercase().next() == Some(first)) {
        return true;
    }
    let caps: String = w.chars().take_while(|c| c.is_uppercase()).collect();
    let rest = &w[caps.len()..];
    let roman = !caps.is_empty()
        && caps.chars().all(|c| "IVXLCDM".contains(c))
        && matches!(rest, "" | "e" | "er" | "ème" | "es" | "èmes");
    roman || (case_of(w) == Case::Upper && letters.len() <= 4)
}

fn is_vowel(c: char) -> bool {
    "aeiouyàâäéèêëîïôöûüùœæ".contains(c.to_lowercase().next().unwrap_or(c))
}

/// The word with each run of 3+ letters collapsed: (every ambiguous run
/// to one letter, and to two letters if any run is ambiguous). A run is
/// sure to collapse to one letter for vowels that French never doubles
/// (`merciiii`, `trèèès`) and for a final consonant (`biennn`).
fn collapse(w: &str) -> (String, Option<String>) {
    let chars: Vec<char> = w.chars().collect();
    let (mut one, mut two) = (String::with_capacity(w.len()), String::with_capacity(w.len()));
    let mut ambiguous = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let l = c.to_lowercase().next().unwrap_or(c);
        let mut j = i + 1;
        while j < chars.len() && chars[j].to_lowercase().next() == Some(l) && c.is_alphabetic() {
            j += 1;
        }
        let run = j - i;
        if run >= 3 {
            let at_end = chars[j..].iter().all(|c| !c.is_alphabetic());
            let sure = "aiuyàâäèêëîïôöûüù".contains(l) || (at_end && !is_vowel(l) && !"slfz".contains(l));
            one.push(c);
            two.push(c);
            if !sure {
                ambiguous = true;
                two.push(chars[i + 1]);
            }
        } else {
            for &k in &chars[i..j] {
                one.push(k);
                two.push(k);
            }
        }
        i = j;
    }
    (one, ambiguous.then_some(two))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn case_classes() {
        assert_eq!(case_of("slt"), Case::Lower);
        assert_eq!(case_of("Slt"), Case::Capitalized);
        assert_eq!(case_of("C"), Case::Capitalized);
        assert_eq!(case_of("SLT"), Case::Upper);
        assert_eq!(case_of("sLt"), Case::Mixed);
        assert_eq!(collapse("merciiii").0, "merci");
        assert_eq!(collapse("crééé"), ("cré".into(), Some("créé".into())));
    }
    /// The character scan as it was first written: the reference.
    fn has_triple_reference(w: &str) -> bool {
        let mut prev = None;
        let mut run = 0;
        for c in w.chars() {
            let l = if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            };
            if c.is_alphabetic() && Some(l) == prev {
                run += 1;
                if run >= 3 {
                    return true;
                }
            } else {
                prev = c.is_alphabetic().then_some(l);
                run = 1;
            }
        }
        false
    }

    proptest::proptest! {
        /// The byte scan and the run scan agree with a plain character
        /// scan.
        #[test]
        fn triples_are_found_as_by_characters(
            w in "[aAbBéÉ1'_ K\u{212A}k-]{0,10}"
        ) {
            proptest::prop_assert_eq!(has_triple(&w), has_triple_reference(&w));
            proptest::prop_assert_eq!(has_triple_chars(&w), has_triple_reference(&w));
        }
    }

    /// [`ASCII_LOWER`] is every non-ASCII character whose lower case
    /// starts with an ASCII character.
    #[test]
    fn ascii_lower_is_complete() {
        let found: Vec<String> = (0x80..=0x10_FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().next().is_some_and(|l| l.is_ascii()))
            .map(String::from)
            .collect();
        assert_eq!(found, ASCII_LOWER);
    }

    proptest::proptest! {
        /// Every word with a letter three times in a row holds a place
        /// that [`triple_candidates`] finds, at any offset of the text.
        #[test]
        fn candidates_cover_every_triple(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "a", "A", "aa", "b", "k", "K", "\u{212A}", "i", "I", "\u{130}", "é", "É",
                "éé", "è", "œ", "ß", "ẞ", "'", "’", "« ", "\u{a0}", "1", " ", ".", "-",
            ][..]), 0..30)
        ) {
            let w: String = pieces.concat();
            let doc = Document::parse(&w);
            let mut found = Vec::new();
            triple_candidates(&w, |at| found.push(at));
            proptest::prop_assert!(found.windows(2).all(|p| p[0] < p[1]));
            for (_, t) in doc.words() {
                if has_triple(t.text(&w)) {
                    proptest::prop_assert!(
                        found.iter().any(|&at| t.span.start <= at && at < t.span.end),
                        "{:?} in {:?}", t.text(&w), w
                    );
                }
            }
        }
    }

    #[test]
    fn triples() {
        for w in ["merciii", "MERCIII", "MerciIi", "ouiii", "crééé", "Crééé"] {
            assert!(has_triple(w), "{w}");
        }
        for w in ["merci", "aa", "", "a-aa", "1aa", "élève", "'''", "a@`"] {
            assert!(!has_triple(w), "{w}");
        }
    }
}
