use crate::settings::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::lexicon;
use crate::rules::{Rule, RuleOptions};
use crate::spell::{Dictionary, ExtraWords, Suggestion};
use crate::text::{capitalize, match_case, Document, Token, TokenKind};
use crate::spell::FxHasher;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::{Arc, Mutex};
use crate::cache::BoundedCache;
use thread_local::ThreadLocal;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Words added to the vocabulary (`lexicon/spelling.txt`): lower
        /// case = an ordinary word; with a capital = a name whose casing is
        /// enforced (`iPhone`); `faute => correction` = a known misspelling.
        pub add: Vec<String>,
        /// Entries removed from the vocabulary.
        pub remove: Vec<String>,
        /// Most suggestions shown for one word.
        pub max_suggestions: usize,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les mots absents du dictionnaire français : fautes de frappe, accents
    /// oubliés ou fautifs, lettres doublées ou manquantes, lettres
    /// inversées. Chaque faute reçoit jusqu'à cinq corrections classées, la
    /// plus probable d'abord.
    ///
    /// Le dictionnaire (Dicollecte, toutes variantes) connaît toutes les
    /// formes fléchies (pluriels, féminins, conjugaisons) et les deux
    /// orthographes, traditionnelle et rectifiée de 1990 (`connaître` et
    /// `connaitre`). Les élisions sont vérifiées sans leur article
    /// (`l'entreprise`), les mots composés et les inversions en entier ou
    /// partie par partie (`pensez-vous`, `a-t-il`). Les capitales peuvent
    /// perdre leurs accents (`ETAT`, `A bientôt`).
    ///
    /// La règle se tait sur les liens, adresses e-mail, nombres, codes et
    /// références (`CMD-2024-118`, `Azerty123`), sigles, noms propres en
    /// majuscule au milieu d'une phrase, textes entre guillemets, formes SMS
    /// et mots familiers (d'autres règles s'en chargent), abréviations
    /// autorisées et vocabulaire maison (`lexicon/spelling.txt`, `add`).
    /// Un nom de marque du vocabulaire maison doit garder sa casse :
    /// `iphone` → `iPhone`.
    ///
    /// ## Pourquoi
    ///
    /// Un « rédactionnel sans faute » est le premier point d'une grille
    /// qualité, et une faute est la première chose que le client remarque :
    /// elle abîme la confiance dans la réponse et dans la marque.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Votre comande est bien partie, vous la recevrez tres bientôt.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre commande est bien partie, vous la recevrez très bientôt.
    /// ```
    "spelling",
    "Fautes d'orthographe et de frappe"
}

/// The house vocabulary, embedded.
const LEXICON: &str = include_str!("../../lexicon/spelling.txt");
/// Acronyms that are not shouting (the `formatting` rule's list): not
/// misspellings either.
const ACRONYMS: &str = include_str!("../../lexicon/acronyms.txt");

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.spelling;
    let entries = lexicon::load("lexicon/spelling.txt", LEXICON, &o.add, &o.remove)?;
    let mut rule = Spelling {
        dict: Dictionary::french(),
        words: FxSet::default(),
        cased: FxMap::default(),
        corrections: FxMap::default(),
        corrections_known: Vec::new(),
        house: ExtraWords::default(),
        skip: FxSet::default(),
        max_suggestions: o.max_suggestions.clamp(1, 10),
        cache: Mutex::default(),
        folded: Mutex::default(),
        clean: ThreadLocal::new(),
        faulty: ThreadLocal::new(),
    };
    let mut house = Vec::new();
    for e in entries {
        let lower = e.pattern.to_lowercase();
        if !e.suggestions.is_empty() {
            if rule.dict.contains(&lower) {
                rule.corrections_known.push(lower.clone());
            }
            rule.corrections.insert(lower, e.suggestions);
        } else if e.pattern.chars().any(char::is_uppercase) {
            house.push(e.pattern.clone());
            rule.cased.insert(lower, e.pattern);
        } else {
            house.push(e.pattern.clone());
            rule.words.insert(lower);
        }
    }
    rule.house = ExtraWords::new(&house);
    // Abbreviations the house style allows are not misspellings, and the
    // forms of the SMS, familiar-register and abbreviation lexicons are
    // their rules' to report: one finding per fault.
    for a in &config.abbreviation.allow {
        rule.skip.insert(a.to_lowercase());
    }
    let others = [
        lexicon::load(
            lexicon::SMS_LANGUAGE_FILE,
            lexicon::SMS_LANGUAGE,
            &config.sms_language.add,
            &config.sms_language.remove,
        )?,
        lexicon::load(
            lexicon::FAMILIAR_REGISTER_FILE,
            lexicon::FAMILIAR_REGISTER,
            &config.familiar_register.add,
            &config.familiar_register.remove,
        )?,
        lexicon::load(
            lexicon::ABBREVIATION_FILE,
            lexicon::ABBREVIATION,
            &config.abbreviation.add,
            &config.abbreviation.remove,
        )?,
        lexicon::parse("lexicon/acronyms.txt", ACRONYMS)?,
    ];
    for e in others.iter().flatten() {
        let form = lexicon::normalize(&e.pattern);
        if !form.contains(' ') {
            rule.skip.insert(form);
        }
    }
    Ok(Box::new(rule))
}

struct Spelling {
    dict: &'static Dictionary,
    /// Ordinary words added to the dictionary, lower case.
    words: FxSet<String>,
    /// Names with their casing, keyed by their lower case.
    cased: FxMap<String, String>,
    /// Known misspellings, lower case, with their corrections.
    corrections: FxMap<String, Vec<String>>,
    /// Those of them that are dictionary words: they disable the fast path.
    corrections_known: Vec<String>,
    /// All house words, offered as suggestions too.
    house: ExtraWords,
    /// Forms other rules own (allowed abbreviations, SMS forms, familiar
    /// words), lower case.
    skip: FxSet<String>,
    max_suggestions: usize,
    /// Suggestions already computed, by misspelling.
    cache: Mutex<BoundedCache<String, Arc<[Suggestion]>, CACHE_SIZE>>,
    /// Accent-insensitive look-ups already done.
    folded: Mutex<BoundedCache<String, bool, CACHE_SIZE>>,
    /// Words (as written) already found correct wherever they stand, one
    /// set per thread: a reply repeats the words of the previous ones, and
    /// a hash look-up is cheaper than the dictionary's.
    clean: ThreadLocal<RefCell<CleanWords>>,
    /// Misspellings (as written) whose finding is the same wherever they
    /// stand ([`anywhere_alike`]), with that finding, one map per thread:
    /// the same misspellings come back reply after reply.
    faulty: ThreadLocal<RefCell<BoundedCache<ShortWord, Finding, CLEAN_SIZE>>>,
}

/// A word with no capital and no hyphen: whether it is a fault, and the
/// finding, depend on its letters alone (a capital is read with the word's
/// place in the sentence, a hyphen with the elision before it).
fn anywhere_alike(raw: &str) -> bool {
    !raw.chars().any(|c| c.is_uppercase() || matches!(c, '-' | '\u{2011}' | '\u{2010}'))
}

/// A word of up to 23 bytes held in the key itself, so that a look-up in
/// the set of correct words reads one bucket, not a string elsewhere on
/// the heap.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ShortWord([u64; 3]);

impl ShortWord {
    /// `None` for a longer word (not remembered).
    fn new(w: &str) -> Option<Self> {
        let b = w.as_bytes();
        if b.len() > 23 {
            return None;
        }
        let mut bytes = [0u8; 24];
        bytes[0] = b.len() as u8;
        bytes[1..=b.len()].copy_from_slice(b);
        let word = |i: usize| {
            let mut x = [0u8; 8];
            x.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            u64::from_le_bytes(x)
        };
        Some(ShortWord([word(0), word(1), word(2)]))
    }
}

impl std::hash::Hash for ShortWord {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0[0] ^ self.0[1].rotate_left(21) ^ self.0[2].rotate_left(42));
    }
}

/// Words remembered as correct, per thread (then the set starts over).
const CLEAN_SIZE: usize = 1 << 16;

/// Words found correct. Up to 8 bytes (four words of five), a word is
/// its own key, one integer (no word holds a zero byte): that table is
/// small enough to stay in the processor's cache, where a look-up in the
/// table of longer words often waits for memory.
#[derive(Default)]
struct CleanWords {
    short: BoundedCache<u64, (), CLEAN_SIZE>,
    long: BoundedCache<ShortWord, (), CLEAN_SIZE>,
}

impl CleanWords {
    fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        if b.len() <= 8 {
            self.short.get(&crate::spell::le_padded(b)).is_some()
        } else {
            ShortWord::new(w).is_some_and(|k| self.long.get(&k).is_some())
        }
    }

    fn insert(&mut self, w: &str) {
        let b = w.as_bytes();
        if b.len() <= 8 {
            self.short.insert(crate::spell::le_padded(b), ());
        } else if let Some(k) = ShortWord::new(w) {
            self.long.insert(k, ());
        }
    }
}

/// Misspellings whose suggestions are remembered (then the cache starts
/// over).
const CACHE_SIZE: usize = 20_000;

/// Where a word stands, for the capital-letter policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// First word of a sentence: a capital says nothing.
    SentenceStart,
    /// Elsewhere: an unknown capitalised word is a proper name.
    Inside,
}

impl Rule for Spelling {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let mut buf = String::new();
        let mut clean = self.clean.get_or_default().borrow_mut();
        let mut faulty = self.faulty.get_or_default().borrow_mut();
        // The document's quotations (one policy for every rule), walked
        // beside the words: the first one that does not end before a word.
        let quotes = doc.quotes();
        let mut next_quote = 0;
        for s in &doc.sentences {
            // The elided token just before the current word (`c'` of
            // `c'est-a-dire`).
            let mut elision: Option<Span> = None;
            for i in s.tokens.clone() {
                let t = doc.tokens[i];
                match t.kind {
                    TokenKind::Punct => continue,
                    TokenKind::Word => {}
                    _ => {
                        elision = None;
                        continue;
                    }
                }
                let before = elision.take().filter(|e| e.end == t.span.start);
                if t.elided {
                    elision = Some(t.span);
                }
                while quotes.get(next_quote).is_some_and(|q| q.end <= t.span.start) {
                    next_quote += 1;
                }
                let in_quotes = quotes.get(next_quote).is_some_and(|q| q.start < t.span.start);
                if t.elided || in_quotes || glued_to_code(doc.text, t.span) {
                    continue;
                }
                let raw = t.text(doc.text);
                if clean.contains(raw) {
                    continue;
                }
                let key = ShortWord::new(raw);
                if let Some(f) = key.and_then(|k| faulty.get(&k)) {
                    out.push(Finding {
                        span: t.span,
                        ..f.clone()
                    });
                    continue;
                }
                // Asked only of the words the caches do not know.
                let pos = if doc.starts_sentence(i) {
                    Position::SentenceStart
                } else {
                    Position::Inside
                };
                let found = out.len();
                if self.check_word(doc, &t, pos, before, &mut buf, out) {
                    clean.insert(raw);
                } else if let Some(k) = key.filter(|_| out.len() == found + 1 && anywhere_alike(raw)) {
                    faulty.insert(k, out[found].clone());
                }
            }
        }
    }
}

impl Spelling {
    /// Checks one word; true when it is correct wherever it stands (so
    /// the verdict may be remembered for the same spelling).
    fn check_word(
        &self,
        doc: &Document<'_>,
        t: &Token,
        pos: Position,
        elision: Option<Span>,
        buf: &mut String,
        out: &mut Vec<Finding>,
    ) -> bool {
        let raw = t.text(doc.text);
        // Fast path: most words are in the dictionary as written (unless the
        // house style calls a dictionary word a misspelling).
        if self.corrections_known.is_empty() && self.dict.contains(raw) {
            return true;
        }
        if !worth_checking(raw) {
            return true;
        }
        // One apostrophe and one hyphen, lower case for the lexicons.
        buf.clear();
        for c in raw.chars() {
            match c {
                '\u{2019}' | '\u{02BC}' => buf.push('\''),
                '\u{2011}' | '\u{2010}' => buf.push('-'),
                c => buf.extend(c.to_lowercase()),
            }
        }
        let lower = buf.as_str();
        if self.skip.contains(lower) || self.words.contains(lower) {
            return true;
        }
        if let Some(fixes) = self.corrections.get(lower) {
            let sugg: Vec<String> = fixes.iter().map(|f| match_case(raw, f)).collect();
            out.push(
                Finding::new(t.span, format!("faute d'orthographe : « {raw} »"))
                    .help("corrigez l'orthographe")
                    .suggestions(sugg),
            );
            return false;
        }
        let word = normalize_joiners(raw);
        let word = word.as_ref();
        if is_all_caps(word) && word.chars().count() < 4 {
            // Short capitals are acronyms: the abbreviation rule's.
            return true;
        }
        if let Some(name) = self.cased.get(lower) {
            if word == name || is_all_caps(word) || self.known(word) {
                return true;
            }
            out.push(
                Finding::new(t.span, format!("« {raw} » s'écrit « {name} »"))
                    .help("respectez la casse du nom")
                    .suggest(name.clone())
                    .safe(),
            );
            return false;
        }
        if self.known(word) {
            return true;
        }
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if is_all_caps(word) {
            // Capitals: short ones are acronyms (the abbreviation rule's);
            // a longer one is flagged when a common word explains it.
            if word.contains('-') {
                return false;
            }
            // A shouted misspelling is still a misspelling: flagged when
            // the dictionary has a close word (one or two slips), unless
            // it looks like a code (digits) — known acronyms were let
            // through above.
            let suggestions = self.suggest(word);
            let close = |s: &Suggestion| is_strong(s) || s.cost <= SHOUTED_MAX_COST;
            if !word.chars().any(|c| c.is_ascii_digit()) && suggestions.first().is_some_and(close) {
                out.push(self.finding(t.span, raw, &suggestions));
            }
            return false;
        }
        if has_inner_capital(word) || (capital && pos == Position::Inside) {
            // iPhone, McDonald, a name inside a sentence.
            return false;
        }
        if word.contains('-') {
            self.check_compound(doc, t, word, pos, elision, out);
            return false;
        }
        let suggestions = self.suggest(word);
        // A capitalised or all-caps word that is not French may be a name,
        // an acronym or a brand: flag it only when a close, common word
        // explains it as a slip.
        if (capital || is_all_caps(word)) && !suggestions.first().is_some_and(is_strong) {
            return false;
        }
        out.push(self.finding(t.span, raw, &suggestions));
        false
    }

    /// A hyphenated word the dictionary does not know as a whole: fine when
    /// every part is a word (`remboursement-express`); otherwise the whole
    /// word is corrected when a close compound exists (`peut-etre`), else
    /// each unknown part.
    fn check_compound(
        &self,
        doc: &Document<'_>,
        t: &Token,
        word: &str,
        pos: Position,
        elision: Option<Span>,
        out: &mut Vec<Finding>,
    ) {
        // With its elision (`c'est-à-dire`), then alone: a compound that
        // differs from a dictionary one by its accents only is a fault even
        // when each part is a word (`vis-a-vis`, `c'est-a-dire`).
        if let Some(e) = elision {
            let span = Span::new(e.start, t.span.end);
            let whole = normalize_joiners(span.slice(doc.text));
            if self.dict.contains(&whole) || self.dict.contains(&whole.to_lowercase()) {
                return;
            }
            if self.accent_only_compound(doc, span, &whole, out) {
                return;
            }
        }
        if self.accent_only_compound(doc, t.span, word, out) {
            return;
        }
        let mut bad: Vec<(Span, &str)> = Vec::new();
        for (k, (span, part)) in t.parts(doc.text).enumerate() {
            let part_pos = if k == 0 { pos } else { Position::Inside };
            let p = normalize_joiners(part);
            if !worth_checking(part) || self.known(&p) || self.words.contains(&p.to_lowercase()) {
                continue;
            }
            let capital = part.chars().next().is_some_and(char::is_uppercase);
            if has_inner_capital(part) || (capital && part_pos == Position::Inside) {
                // `Saint-Trucmuche`: a name.
                continue;
            }
            bad.push((span, part));
        }
        if bad.is_empty() {
            return;
        }
        // A close compound (`week-nd` → `week-end`) corrects the whole word.
        let whole = self.suggest(word);
        if whole.iter().any(|s| s.word.contains('-') && s.cost <= 4) {
            let mut whole = whole.to_vec();
            whole.sort_by_key(|s| !(s.word.contains('-') && s.cost <= 4));
            out.push(self.finding(t.span, t.text(doc.text), &whole));
            return;
        }
        for (span, part) in bad {
            let p = normalize_joiners(part);
            let s = self.suggest(&p);
            let capital = part.chars().next().is_some_and(char::is_uppercase);
            if capital && !s.first().is_some_and(is_strong) {
                continue;
            }
            out.push(self.finding(span, part, &s));
        }
    }

    /// Flags `span` when a dictionary compound equals `word` but for its
    /// accents.
    fn accent_only_compound(
        &self,
        doc: &Document<'_>,
        span: Span,
        word: &str,
        out: &mut Vec<Finding>,
    ) -> bool {
        if !self.contains_folded(word) {
            return false;
        }
        let s: Vec<Suggestion> = self
            .suggest(word)
            .iter()
            .filter(|s| s.accent_only)
            .cloned()
            .collect();
        if s.is_empty() {
            return false;
        }
        out.push(self.finding(span, span.slice(doc.text), &s));
        true
    }

    /// [`Dictionary::contains_folded`], remembered: capitals and compounds
    /// come back often and the search costs a few microseconds.
    fn contains_folded(&self, word: &str) -> bool {
        if let Ok(cache) = self.folded.lock() {
            if let Some(&b) = cache.get(word) {
                return b;
            }
        }
        let b = self.dict.contains_folded(word);
        if let Ok(mut cache) = self.folded.lock() {
            cache.insert(word.to_string(), b);
        }
        b
    }

    /// The ranked suggestions for `word`, shared with the cache.
    fn suggest(&self, word: &str) -> Arc<[Suggestion]> {
        let query = if is_all_caps(word) || is_capitalised(word) {
            std::borrow::Cow::Owned(word.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        // The same misspellings come back reply after reply: remember them.
        if let Ok(cache) = self.cache.lock() {
            if let Some(s) = cache.get(query.as_ref()) {
                return s.clone();
            }
        }
        let s: Arc<[Suggestion]> = self
            .dict
            .suggest_with(&query, self.max_suggestions, &self.house)
            .into();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(query.into_owned(), Arc::clone(&s));
        }
        s
    }

    fn finding(&self, span: Span, raw: &str, suggestions: &[Suggestion]) -> Finding {
        let case = TypedCase::of(raw);
        let shown: Vec<String> = suggestions.iter().map(|s| case.apply(&s.word)).collect();
        let accent = suggestions.first().is_some_and(|s| s.accent_only);
        let message = if accent {
            format!("accent manquant ou fautif : « {raw} »")
        } else {
            format!("mot inconnu du dictionnaire : « {raw} »")
        };
        let mut f = Finding::new(span, message);
        f = if accent {
            f.help("rétablissez les accents")
        } else if shown.is_empty() {
            f.help("vérifiez l'orthographe ; si le mot est juste, ajoutez-le au vocabulaire maison ([spelling] add)")
        } else {
            f.help("corrigez l'orthographe")
        };
        // Only one way to put the accents back: the fix cannot change the
        // meaning.
        let safe = accent && suggestions.iter().filter(|s| s.accent_only).count() == 1;
        f = f.suggestions(shown);
        if safe {
            f = f.safe();
        }
        f
    }

    /// Is `word` (apostrophes and hyphens normalised) French?
    fn known(&self, word: &str) -> bool {
        let d = self.dict;
        if d.contains(word) {
            return true;
        }
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return true;
        };
        if !word.chars().any(char::is_uppercase) {
            return false;
        }
        let lower = word.to_lowercase();
        if d.contains(&lower) || self.words.contains(&lower) || self.skip.contains(&lower) {
            return true;
        }
        if is_all_caps(word) {
            // Capitals often drop their accents: ETAT, REGLEMENT. A word
            // written with accents has them where it means them: a wrong
            // one (EXPÉDIÈE) is a misspelling.
            return word.is_ascii() && self.contains_folded(word);
        }
        if first.is_ascii_uppercase() && chars.all(|c| !c.is_uppercase()) {
            // `Etes-vous`, `A bientôt`: an initial capital without its
            // accent. (An ASCII capital lower-cases to one byte.)
            let rest = &lower[1..];
            for accented in accented_variants(first) {
                let mut w = String::with_capacity(lower.len() + 2);
                w.push(*accented);
                w.push_str(rest);
                if d.contains(&w) {
                    return true;
                }
            }
        }
        false
    }
}

/// A suggestion good enough to call a capitalised unknown word a slip
/// rather than a name.
/// The largest edit cost of a suggestion for a word in capitals that is
/// not among the strong ones (about two ordinary slips).
const SHOUTED_MAX_COST: u16 = 10;

fn is_strong(s: &Suggestion) -> bool {
    s.accent_only || (s.cost <= 5 && s.zipf >= 30)
}

/// The accented lower-case letters an unaccented capital may stand for.
fn accented_variants(c: char) -> &'static [char] {
    match c {
        'A' => &['à', 'â'],
        'E' => &['é', 'è', 'ê'],
        'I' => &['î', 'ï'],
        'O' => &['ô'],
        'U' => &['ù', 'û'],
        'C' => &['ç'],
        _ => &[],
    }
}

/// The casing of what was typed, read once for all its suggestions.
#[derive(Debug, Clone, Copy)]
struct TypedCase {
    /// Two letters or more, all capitals.
    all_caps: bool,
    /// The first character is a capital.
    first_upper: bool,
}

impl TypedCase {
    fn of(typed: &str) -> Self {
        TypedCase {
            all_caps: is_all_caps(typed),
            first_upper: typed.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// Give a dictionary word the casing of what was typed: a name keeps
    /// its own casing unless the text is in capitals; otherwise the word
    /// follows the typed capitals (all, or the first).
    fn apply(self, word: &str) -> String {
        if word.chars().any(char::is_uppercase) {
            return if self.all_caps {
                word.to_uppercase()
            } else {
                word.to_string()
            };
        }
        // Capitals first: a word typed in capitals starts with one too.
        if self.all_caps {
            word.to_uppercase()
        } else if self.first_upper {
            capitalize(word)
        } else {
            word.to_string()
        }
    }
}

fn normalize_joiners(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\u{2019}', '\u{02BC}', '\u{2011}', '\u{2010}']) {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| match c {
                    '\u{2019}' | '\u{02BC}' => '\'',
                    '\u{2011}' | '\u{2010}' => '-',
                    c => c,
                })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Tokens that are not words to spell-check: codes with digits, single
/// letters, consonant clusters (SMS forms and abbreviations such as `rdv`,
/// `bcp`), letters stretched for emphasis (`merciii`, `noooon`: the SMS
/// rule's; but `commmande` is a typo), decomposed accents.
fn worth_checking(w: &str) -> bool {
    let mut letters = 0;
    let mut vowel = false;
    let mut run = 0;
    let mut prev = '\0';
    let mut stretched_consonant = false;
    for c in w.chars() {
        if c.is_numeric() || ('\u{0300}'..='\u{036F}').contains(&c) || c == '_' {
            return false;
        }
        let is_vowel = matches!(
            crate::spell::fold_char(c).first,
            'a' | 'e' | 'i' | 'o' | 'u' | 'y'
        );
        if c.is_alphabetic() {
            letters += 1;
            vowel |= is_vowel;
        }
        run = if c == prev { run + 1 } else { 1 };
        if run >= 3 && c.is_alphabetic() {
            if is_vowel {
                return false;
            }
            stretched_consonant = true;
        } else if run == 1 {
            stretched_consonant = false;
        }
        prev = c;
    }
    // A stretched consonant at the end (`bonjourrr`) is emphasis too.
    letters >= 2 && vowel && !stretched_consonant
}

fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

fn is_capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.all(|c| !c.is_uppercase())
}

/// A capital after the first letter, in a word that is not all capitals
/// (`iPhone`, `PayPal`, `McDo`); the parts of a compound count separately.
fn has_inner_capital(w: &str) -> bool {
    if is_all_caps(w) {
        return false;
    }
    w.split(['-', '\'', '\u{2019}'])
        .any(|part| part.chars().skip(1).any(char::is_uppercase))
}

/// A word glued to a file name, a path, a handle or a code: `facture.pdf`,
/// `@martin`, `#promo`, `dossier/fichier`, `ref=abc`.
fn glued_to_code(text: &str, span: Span) -> bool {
    // The signs looked for are ASCII: the bytes next to the word tell
    // (the byte of a longer character is never one of them).
    let bytes = text.as_bytes();
    let code = |b: u8| matches!(b, b'@' | b'#' | b'/' | b'\\' | b'_' | b'=' | b'<' | b'>' | b'~' | b'|');
    let before = span.start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    let after = bytes.get(span.end).copied();
    if before.is_some_and(code) || after.is_some_and(code) {
        return true;
    }
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    (before == Some(b'.') && alnum(text[..span.start - 1].chars().next_back()))
        || (after == Some(b'.') && alnum(text[span.end + 1..].chars().next()))
}

#[cfg(test)]
mod tests {
    use crate::{Config, Diagnostic, Linter};
    use super::{capitalize, is_all_caps, is_capitalised, match_case};

    /// The casing rule as first written, one suggestion at a time: the
    /// reference.
    fn recase(typed: &str, word: &str) -> String {
        if word.chars().any(char::is_uppercase) {
            // A name keeps its own casing, unless the text is in capitals.
            if is_all_caps(typed) {
                return word.to_uppercase();
            }
            return word.to_string();
        }
        if is_capitalised(typed) {
            return capitalize(word);
        }
        match_case(typed, word)
    }

    #[test]
    fn typed_case_read_once_as_per_suggestion() {
        let typed = [
            "bonjour", "Bonjour", "BONJOUR", "BonJour", "bONJOUR", "B", "b", "É", "ÉTAT", "État",
            "l'ETAT", "L'état", "1er", "A1", "", "'", "Œuvre", "ŒUVRE", "McDo", "x-Y",
        ];
        let words = ["bonjour", "Paris", "McDonald", "état", "œuvre", "l'état", "", "iPhone"];
        for t in typed {
            let case = super::TypedCase::of(t);
            for w in words {
                assert_eq!(case.apply(w), recase(t, w), "{t} {w}");
            }
        }
    }

    /// Read on bytes, the test says what it said on characters.
    #[test]
    fn glued_to_code_on_bytes_as_on_characters() {
        fn by_chars(text: &str, span: crate::diagnostic::Span) -> bool {
            let mut b = text[..span.start].chars().rev();
            let mut a = text[span.end..].chars();
            let (b1, b2) = (b.next(), b.next());
            let (a1, a2) = (a.next(), a.next());
            let code = |c: Option<char>| {
                matches!(c, Some('@' | '#' | '/' | '\\' | '_' | '=' | '<' | '>' | '~' | '|'))
            };
            let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            code(b1) || code(a1) || (b1 == Some('.') && alnum(b2)) || (a1 == Some('.') && alnum(a2))
        }
        for text in [
            "facture.pdf @martin #promo dossier/fichier ref=abc a\\b x~y a|b <b>",
            "Fin. Puis é.été, café.é ; «mot».Suite x_y .net fichier. ",
            "été@é ü/ü .é é. ",
        ] {
            let doc = crate::text::Document::parse(text);
            for (_, t) in doc.words() {
                assert_eq!(super::glued_to_code(text, t.span), by_chars(text, t.span), "{:?}", t.text(text));
            }
        }
    }

    fn check(text: &str) -> Vec<Diagnostic> {
        let mut c = Config::default();
        c.select(&["spelling".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    /// A misspelling met again is reported as when first met, at its own
    /// place; capitals and hyphens (read with the word's place) are
    /// checked anew each time.
    #[test]
    fn misspellings_met_again_are_reported_alike() {
        let mut c = Config::default();
        c.select(&["spelling".into()], &[]).unwrap();
        let linter = Linter::new(c).unwrap();
        let parts = [
            "Votre comande est partie.",
            "Comande du jour : la comande-express et l'iphone.",
            "La Comande arrive, la comande aussi.",
            "Mon iphone et ma comande, c'est-a-dire la comande-express.",
        ];
        let text = parts.join(" ");
        // Each sentence alone, with a linter of its own (nothing met
        // before), then shifted to its place in the whole text.
        let mut want: Vec<Diagnostic> = Vec::new();
        let mut at = 0;
        for p in parts {
            want.extend(check(p).into_iter().map(|mut d| {
                d.span = d.span.shifted(at);
                d
            }));
            at += p.len() + 1;
        }
        for _ in 0..2 {
            assert_eq!(linter.check(&text), want);
        }
        assert!(want.iter().filter(|d| d.message.contains("comande")).count() >= 4, "{want:#?}");
    }

    /// Short words are keyed by their bytes, longer ones up to 23 bytes;
    /// a word is only ever found once inserted, whatever its length.
    #[test]
    fn clean_words_remember_exactly_what_was_inserted() {
        let mut c = super::CleanWords::default();
        let words = ["a", "de", "des", "commande", "commandes", "été", "aujourd'hui", "anticonstitutionnellement"];
        for (i, w) in words.iter().enumerate() {
            assert!(!c.contains(w), "{w}");
            c.insert(w);
            for (j, v) in words.iter().enumerate() {
                // Longer than 23 bytes: never remembered.
                let want = j <= i && v.len() <= 23;
                assert_eq!(c.contains(v), want, "{v} after {w}");
            }
        }
        assert!(!c.contains("comman") && !c.contains("commandé") && !c.contains("d"));
    }

    fn flagged(text: &str) -> Vec<String> {
        check(text)
            .into_iter()
            .map(|d| d.span.slice(text).to_string())
            .collect()
    }

    fn first_fix(text: &str) -> String {
        check(text)
            .first()
            .and_then(|d| d.suggestions.first().cloned())
            .unwrap_or_default()
    }

    #[test]
    fn flags_typos_with_the_right_word_first() {
        assert_eq!(flagged("Votre comande est partie."), ["comande"]);
        assert_eq!(first_fix("Votre comande est partie."), "commande");
        assert_eq!(first_fix("Je reviens vers vous tres vite."), "très");
        assert_eq!(first_fix("Merci pour votre acceuil."), "accueil");
        assert_eq!(first_fix("Je vais vous rapeller demain."), "rappeler");
    }

    #[test]
    fn knows_chat_french() {
        for t in [
            "L'entreprise vous répondra aujourd'hui, jusqu'à 18 h.",
            "Pensez-vous recevoir le colis cet après-midi ? A-t-il été livré ?",
            "Qu'en pensez-vous ? C'est-à-dire que le paiement est en attente.",
            "Vous pouvez connaitre ou connaître le statut, c'est pareil.",
            "ETAT DE VOTRE COMMANDE : EXPÉDIÉE",
            "Etes-vous disponible ? A bientôt !",
            "Je vous envoie un e-mail avec le lien de suivi.",
        ] {
            assert!(flagged(t).is_empty(), "{t}: {:?}", flagged(t));
        }
    }

    #[test]
    fn silent_on_what_is_not_a_word() {
        for t in [
            "Votre commande CMD-2024-118 est partie, mot de passe Azerty123.",
            "Écrivez à sav@exemple.fr ou allez sur https://exemple.fr/aidez-moi.",
            "Comptez 1 200,50 € et 3 kg, livraison à 14 h 30.",
            "Mme Kowalczyk a appelé Boulanger et Darty ce matin.",
            "Votre facture.pdf est dans l'espace client, suivez #promoete.",
            "Le client a écrit « jveux mon colis » ce matin.",
            "Vous pouvez passer au SAV ou prendre un RDV.",
        ] {
            assert!(flagged(t).is_empty(), "{t}: {:?}", flagged(t));
        }
    }

    #[test]
    fn house_vocabulary_and_casing() {
        assert!(flagged("Votre iPhone et vos AirPods sont partis par Colissimo.").is_empty());
        assert_eq!(flagged("Votre iphone est réparé."), ["iphone"]);
        assert_eq!(first_fix("Votre iphone est réparé."), "iPhone");
        assert!(flagged("Je vous envoie un email.").is_empty());
        let mut c = Config::default();
        c.select(&["spelling".into()], &[]).unwrap();
        c.merge_str("maison.toml", "[spelling]\nadd = [\"Xelianor\"]\n").unwrap();
        let l = Linter::new(c).unwrap();
        assert_eq!(l.check("Essayez xelianor.")[0].suggestions, ["Xelianor"]);
    }

    #[test]
    fn capitalised_words_at_sentence_start() {
        // A slip at the start of a sentence is still a slip…
        assert_eq!(first_fix("Bonjuor Madame, merci."), "Bonjour");
        // …but an unknown name is not.
        assert!(flagged("Chronopost passera demain. Zalando aussi.").is_empty());
    }

    #[test]
    fn compounds_part_by_part() {
        assert_eq!(first_fix("C'est peut-etre en cours."), "peut-être");
        assert!(flagged("Une offre non-remboursable, le service après-vente.").is_empty());
        assert_eq!(flagged("Un lien-direcct vers la page."), ["direcct"]);
    }

    #[test]
    fn odd_capitals_do_not_panic() {
        // `Ⱥ` lower-cases to a longer `ⱥ`.
        for t in ["Ⱥa", "Ⱥqu'", "Ⱥpensez-vous", "ⱥ𐡔pensez-vous", "ȺȺȺ", "Ωmega", "İstanbul", "ǅemal"] {
            let _ = check(t);
        }
    }

    #[test]
    fn lexicon_is_sorted_and_unique() {
        let entries = crate::lexicon::parse("spelling", super::LEXICON).unwrap();
        let keys: Vec<String> = entries.iter().map(|e| e.pattern.to_lowercase()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted, "lexicon/spelling.txt must be sorted and duplicate-free");
    }
}
