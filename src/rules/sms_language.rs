//! `sms-language`: SMS spellings, chat abbreviations and letters repeated
//! for effect (`merciiii`).

use crate::config::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::lexicon::{self, PhraseMatcher};
use crate::rules::kit::{context, help_text, Ctx};
use std::sync::LazyLock;
use crate::rules::{Config, Rule};
use crate::text::{case_of, Case, Document, TokenKind};
use std::collections::{HashMap, HashSet};

/// The embedded lexicon.
pub const LEXICON: &str = lexicon::SMS_LANGUAGE;
const LEXICON_FILE: &str = lexicon::SMS_LANGUAGE_FILE;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Entries added to the lexicon (`form => suggestion`).
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

/// Two-letter forms also matched capitalised at the start of a sentence.
const CAPITALISED_SHORT: &[&str] = &["cc", "dc", "ds", "pk", "pq", "qd", "qq", "re", "tt", "ya"];

/// Forms also matched in capitals (`MDR`): chat acronyms with no other
/// reading. Other all-caps words are acronyms or shouting (`formatting`).
const ALL_CAPS: &[&str] = &[
    "asap", "bcp", "bjr", "cdlt", "cdt", "jpp", "jsp", "lol", "mdr", "osef", "ptdr", "slt", "stp",
    "tkt",
];

/// Nouns after which a letter or a letter-digit form is a label
/// (`option c`, `classe A+`, `niveau b1`), and articles before a letter.
static LABEL_NOUNS: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "label-nouns"));

/// Words that follow `c` used for « c'est ».
static C_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "c-next"));

/// Words that follow `g` used for « j'ai ».
static G_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "g-next"));

/// Words that follow `k` used for « que ».
static K_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "k-next"));

/// Words that follow `t` used for « t'es ».
static T_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "t-next"));

/// Words before `vs` used for « vous ».
static VOUS_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "vous-prev"));

/// Words after `vs` used for « vous ».
static VOUS_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "vous-next"));

/// Words before `mm` for which it is a unit (`en mm`).
static MM_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "mm-prev"));

/// Words before `a+` that make it a grade (`classe A+`).
static GRADE_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("sms-language", "grade-prev"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    None,
    /// `c`, `g`, `k`, `t`: a letter, only before typical followers.
    Letter(&'static [String]),
    Mm,
    Vs,
    /// `cc`, `re`: only starting a sentence, not before `:`.
    Opening,
    APlus,
}

impl Guard {
    fn of(form: &str) -> Guard {
        match form {
            "c" => Guard::Letter(*C_NEXT),
            "g" => Guard::Letter(*G_NEXT),
            "k" => Guard::Letter(*K_NEXT),
            "t" => Guard::Letter(*T_NEXT),
            "mm" => Guard::Mm,
            "vs" => Guard::Vs,
            "cc" | "re" => Guard::Opening,
            "a+" | "@+" => Guard::APlus,
            _ => Guard::None,
        }
    }
}

/// What the rule knows about one lexicon entry, computed in `build`.
#[derive(Debug)]
struct Info {
    guard: Guard,
    /// Letters of the form (`bcp` = 3).
    letters: usize,
    /// A rebus with a digit (`b1`, `2m1`).
    digit: bool,
    lower_only: bool,
    all_caps: bool,
    /// The lower-case form of an acronym the house style allows (`sav`
    /// for `SAV`): flagged written `Sav` too.
    acronym_variant: bool,
    suggestions: Vec<String>,
    hints: Vec<String>,
    safe: bool,
}

pub fn build(config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.sms_language;
    let entries = lexicon::load(LEXICON_FILE, LEXICON, &o.add, &o.remove)?;
    let allow = &config.abbreviation.allow;
    let mut by_form = HashMap::new();
    let info = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let form = lexicon::normalize(&e.pattern);
            let letters = form.chars().filter(|c| c.is_alphabetic()).count();
            let has_digit = form.chars().any(|c| c.is_ascii_digit());
            let guard = Guard::of(&form);
            let mut suggestions = e.suggestions.clone();
            // `svp` → `SVP` first when the house style allows the acronym.
            let acronym_variant = allow.iter().any(|a| lexicon::normalize(a) == form);
            if let Some(a) = allow.iter().find(|a| lexicon::normalize(a) == form) {
                suggestions.insert(0, a.to_uppercase());
            }
            let contextual = !matches!(guard, Guard::None | Guard::Opening);
            let info = Info {
                guard,
                letters,
                digit: has_digit,
                lower_only: has_digit
                    || contextual
                    || (letters <= 2 && !CAPITALISED_SHORT.contains(&form.as_str())),
                all_caps: ALL_CAPS.contains(&form.as_str()),
                acronym_variant,
                safe: suggestions.len() == 1 && e.hints.is_empty() && !contextual,
                suggestions,
                hints: e.hints.clone(),
            };
            by_form.insert(form, i);
            info
        })
        .collect();
    let mut acronyms: HashSet<String> = super::kit::acronyms();
    acronyms.extend(allow.iter().map(|a| a.to_uppercase()));
    Ok(Box::new(SmsLanguage {
        matcher: PhraseMatcher::new(entries),
        info,
        by_form,
        acronyms,
        repeated_letters: o.repeated_letters,
    }))
}

struct SmsLanguage {
    matcher: PhraseMatcher,
    info: Vec<Info>,
    by_form: HashMap<String, usize>,
    /// All-caps words that are acronyms (`abbreviation` lexicon, `allow`).
    acronyms: HashSet<String>,
    repeated_letters: bool,
}

impl Rule for SmsLanguage {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for m in self.matcher.find_iter(doc) {
            let i = m.index;
            let info = &self.info[i];
            let Some(ctx) = Ctx::new(doc, m.span) else {
                continue;
            };
            if !self.accepts(info, &ctx) {
                continue;
            }
            let original = ctx.text();
            let mut f = Finding::new(
                m.span,
                format!("« {original} » est une abréviation de type SMS"),
            );
            f = f.help(help_text(SMS_HELP, &info.suggestions, &info.hints));
            f = f.suggestions(info.suggestions.iter().map(|s| ctx.fit(s, true)));
            if info.safe {
                f = f.safe();
            }
            out.push(f);
        }
        if self.repeated_letters {
            self.check_repeats(doc, out);
        }
    }
}

impl SmsLanguage {
    fn accepts(&self, info: &Info, ctx: &Ctx<'_, '_>) -> bool {
        let original = ctx.text();
        let case_ok = match case_of(original) {
            Case::Lower => true,
            Case::Capitalized => {
                info.acronym_variant || (!info.lower_only && ctx.at_sentence_start())
            }
            Case::Upper => info.all_caps && !self.acronyms.contains(original),
            Case::Mixed => false,
        };
        if !case_ok || ctx.in_quotes() {
            return false;
        }
        if info.letters <= 3 && ctx.prev_is_number() {
            return false;
        }
        if info.digit && ctx.prev_is(*LABEL_NOUNS) {
            // `niveau b1`, `bâtiment b1`: a label.
            return false;
        }
        match info.guard {
            Guard::None => true,
            Guard::Letter(next) => {
                ctx.next_is(next) && !ctx.prev_is(*LABEL_NOUNS) && !ctx.prev_is_single_letter()
            }
            Guard::Mm => {
                !ctx.prev_is(*MM_PREV)
                    && !ctx.next_is_number()
                    && (ctx.prev_kind() == Some(TokenKind::Word) || ctx.next_kind() == Some(TokenKind::Word))
            }
            Guard::Vs => {
                ctx.prev_is(*VOUS_PREV) || ctx.next_is(*VOUS_NEXT) || object_then_verb(ctx)
            }
            Guard::Opening => {
                ctx.at_sentence_start()
                    && ctx.next().map_or(true, |t| !matches!(t.text(ctx.doc.text), ":" | "-" | "/"))
            }
            Guard::APlus => {
                let after = ctx.doc.text[ctx.span.end..].chars().next();
                !ctx.prev_is(*GRADE_PREV)
                    && !ctx.prev_is(*LABEL_NOUNS)
                    && !after.is_some_and(|c| c == '+' || c.is_alphanumeric())
            }
        }
    }

    /// Words with a letter three times in a row.
    fn check_repeats(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for (_, t) in doc.words() {
            let w = t.text(doc.text);
            if t.elided || !has_triple(w) || skip_repeated(w) {
                continue;
            }
            let Some(ctx) = Ctx::new(doc, t.span) else {
                continue;
            };
            if ctx.in_quotes() {
                continue;
            }
            let (one, two) = collapse(w);
            let lower_one = one.to_lowercase();
            let mut f = Finding::new(t.span, format!("lettres répétées dans « {w} »"));
            if let Some(&e) = self.by_form.get(&lower_one) {
                // `mdrrr`, `loool`: an SMS form stretched.
                let info = &self.info[e];
                f.message = format!("lettres répétées dans « {w} », forme SMS de « {one} »");
                f = f.help(help_text(SMS_HELP, &info.suggestions, &info.hints));
                f = f.suggestions(info.suggestions.iter().map(|s| {
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
}

/// `vs le recevrez`: an object pronoun, then a verb in `-ez`.
fn object_then_verb(ctx: &Ctx<'_, '_>) -> bool {
    const OBJECTS: &[&str] = &["en", "l'", "la", "le", "les", "leur", "lui", "y"];
    ctx.next_is(OBJECTS)
        && ctx
            .doc
            .tokens
            .get(ctx.last + 2)
            .is_some_and(|t| t.is_word() && t.text(ctx.doc.text).ends_with("ez"))
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
    use crate::rules::kit::eq_fold;
    use crate::rules::kit::tests::{assert_sorted, flagged, linter};
    use crate::{Config, Linter};

    fn sms(text: &str) -> Vec<String> {
        flagged(&linter("sms-language"), text)
    }

    #[test]
    fn lexicon_is_sorted_big_enough_and_has_suggestions() {
        let entries = assert_sorted(LEXICON_FILE, LEXICON);
        assert!(entries.len() >= 120, "only {} entries", entries.len());
        for e in &entries {
            assert!(
                !e.suggestions.is_empty() || !e.hints.is_empty(),
                "{}: no suggestion",
                e.pattern
            );
        }
    }

    #[test]
    fn common_forms_fire_with_standard_french() {
        let l = linter("sms-language");
        let d = l.check("Slt, je vous envoie ça tt de suite, bcp de colis sont partis.");
        let got: Vec<_> = d.iter().map(|d| (d.span.slice(d_text()).to_string(), d.suggestions.clone())).collect();
        fn d_text() -> &'static str {
            "Slt, je vous envoie ça tt de suite, bcp de colis sont partis."
        }
        assert_eq!(got[0], ("Slt".into(), vec!["Bonjour".to_string()]));
        assert_eq!(got[1].0, "tt");
        assert_eq!(got[1].1.len(), 4);
        assert_eq!(got[2], ("bcp".into(), vec!["beaucoup".to_string()]));
        assert!(d[0].is_safe_fix());
        assert!(!d[1].is_safe_fix());
        assert_eq!(sms("pk vous ne l'avez pas reçu ? jsp, a+"), ["pk", "jsp", "a+"]);
        assert_eq!(sms("Je reviens vers vous 2m1, a2m1 !"), ["2m1", "a2m1"]);
        assert_eq!(sms("MDR"), ["MDR"]);
    }

    #[test]
    fn suggestions_are_capitalised_where_a_sentence_starts() {
        let l = linter("sms-language");
        for (text, expected) in [
            ("slt, je regarde votre dossier.", "Bonjour"),
            ("Merci. slt, je regarde.", "Bonjour"),
            ("Je regarde, slt.", "bonjour"),
            ("pk ce délai ?", "Pourquoi"),
        ] {
            let d = l.check(text);
            assert_eq!(d[0].suggestions[0], expected, "{text}");
        }
    }

    #[test]
    fn real_words_stay_silent() {
        for text in [
            "Je vous envoie cela pour demain, dans la journée.",
            "C'est noté, l'option C est la plus adaptée.",
            "Choisissez la réponse a, b, c ou d.",
            "La vis fait 10 mm de diamètre et pèse 500 g, le camion 3 t.",
            "Le délai de réponse est de 5 ms.",
            "Comparez le forfait A vs le forfait B.",
            "Le lave-linge est classé A+ et le frigo A++.",
            "Notre adresse : https://slt.fr/pk/bcp et sav@exemple.fr",
            "Votre compte pro est actif.",
            "Vous avez écrit « slt, jsp », je comprends.",
            "Le logement B1 au niveau b1 est libre.",
            "Le PR le plus proche, le DS de la classe et le TT sont notés.",
            "Re : votre commande 1234",
            "Mettez le service en cc : cela l'informera.",
            "C'est au XVIIIe siècle, sous Louis XIII.",
            "Madame Xxx, modèle AAA, www.exemple.fr",
            "Le Pr Martin vous recevra.",
        ] {
            assert!(sms(text).is_empty(), "{text}: {:?}", sms(text));
        }
    }

    #[test]
    fn ambiguous_short_forms_in_context() {
        assert_eq!(sms("ok c bon pour moi"), ["c"]);
        assert_eq!(sms("c est bien parti"), ["c est"]);
        assert_eq!(sms("g bien reçu votre message"), ["g"]);
        assert_eq!(sms("il faut k je vérifie"), ["k"]);
        assert_eq!(sms("je vs envoie le lien"), ["vs"]);
        assert_eq!(sms("vs pouvez le faire"), ["vs"]);
        assert_eq!(sms("quand mm, merci"), ["mm"]);
        assert_eq!(sms("re bonjour Madame"), ["re bonjour"]);
        assert_eq!(sms("Re, je reviens vers vous."), ["Re"]);
        assert_eq!(sms("cc, je regarde"), ["cc"]);
    }

    #[test]
    fn svp_suggests_the_allowed_acronym() {
        let l = linter("sms-language");
        let d = l.check("Merci de patienter svp.");
        assert_eq!(d[0].suggestions, ["SVP", "s'il vous plaît"]);
        assert!(!d[0].is_safe_fix());
        assert!(sms("Merci de patienter SVP, votre RDV au SAV est noté.").is_empty());
        assert_eq!(sms("Votre rdv est noté."), ["rdv"]);
    }

    #[test]
    fn repeated_letters() {
        let l = linter("sms-language");
        let d = l.check("Merciiii et ouiii, biennn reçu !");
        let s: Vec<_> = d.iter().map(|d| d.suggestions.clone()).collect();
        assert_eq!(s, [vec!["Merci".to_string()], vec!["oui".into()], vec!["bien".into()]]);
        assert!(d.iter().all(|d| d.is_safe_fix()));
        let d = l.check("Cooool, mdrrr");
        assert_eq!(d[0].suggestions, ["Col", "Cool"]);
        assert!(!d[0].is_safe_fix());
        assert!(d[1].message.contains("forme SMS"));
        let d = l.check("hmmm");
        assert!(d[0].suggestions.is_empty());
        let mut c = Config::default();
        c.select(&["sms-language".into()], &[]).unwrap();
        c.sms_language.repeated_letters = false;
        assert!(Linter::new(c).unwrap().check("merciiii").is_empty());
    }

    #[test]
    fn add_and_remove() {
        let mut c = Config::default();
        c.select(&["sms-language".into()], &[]).unwrap();
        c.sms_language.add = vec!["bjrr => bonjour".into()];
        c.sms_language.remove = vec!["bcp".into()];
        let l = Linter::new(c).unwrap();
        assert_eq!(flagged(&l, "bjrr, bcp de colis"), ["bjrr"]);
    }

    #[test]
    fn explain_examples_of_the_lexicon_rules() {
        for id in ["sms-language", "abbreviation", "familiar-register"] {
            let meta = crate::rules::find(id).unwrap().meta;
            let (bad, good) = meta.examples();
            let l = linter(id);
            assert!(!bad.is_empty() && !good.is_empty());
            for b in &bad {
                assert!(!l.check(b).is_empty(), "{id}: {b}");
            }
            for g in &good {
                assert!(l.check(g).is_empty(), "{id}: {g}: {:?}", l.check(g));
            }
        }
    }

    #[test]
    fn case_classes() {
        assert_eq!(case_of("slt"), Case::Lower);
        assert_eq!(case_of("Slt"), Case::Capitalized);
        assert_eq!(case_of("C"), Case::Capitalized);
        assert_eq!(case_of("SLT"), Case::Upper);
        assert_eq!(case_of("sLt"), Case::Mixed);
        assert!(eq_fold("J’", "j'"));
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
