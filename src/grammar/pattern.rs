//! The grammar rule language: parsing and matching.
//!
//! A rule file (`lexicon/grammar/<rule-id>.txt`) is meant to be read and
//! edited by a French teacher; its keywords are French. See
//! docs/grammar-rules.md for the whole language. In short:
//!
//! ```text
//! classe @pronom-objet = me m' te t' se s' nous vous le la les l' lui leur y en
//!
//! règle infinitif-après-modal
//!   motif       [lemme=aller,pouvoir conjugué] [@pronom-objet]{0,3} <[participe-passé 1er-groupe]>
//!   sauf        "fait" <"partie">
//!   message     après « \1 », le verbe se met à l'infinitif
//!   suggestion  \3:infinitif
//!   faux        Je vais vous rappelé demain. => rappeler
//!   juste       Je l'ai rappelé hier.
//! ```
//!
//! A pattern is a sequence of token tests matched on consecutive tokens of
//! one sentence (punctuation is a token). The tokens between `<` and `>`
//! are the ones flagged and replaced by the suggestion.

use super::tagger::{Feats, Kind, Sentence, Word, FINITE, PERSONS};
use super::vocab::{FxMap, Vocab, WordId};
use crate::morph::{self, Tags};
use std::cell::RefCell;
use std::fmt;

/// A parse error, with its line in the rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The tag names of the language, with what they test: a reading passes
/// a name when it has at least one of the name's tags.
pub fn tag_names() -> Vec<(&'static str, TagTest)> {
    let plain = |t: Tags| TagTest {
        any: t,
        none: Tags::NONE,
    };
    let mut v: Vec<(&'static str, TagTest)> = plain_names()
        .into_iter()
        .map(|(n, t)| (n, plain(t)))
        .collect();
    // An adjective or a noun that is not a verb form (« possible », not
    // « envoyé », which is also an adjective).
    v.push((
        "adj-seul",
        TagTest {
            any: Tags::ADJ,
            none: Tags(Tags::VERB.0 | Tags::PPAS.0),
        },
    ));
    v.push((
        "nom-seul",
        TagTest {
            any: Tags::NOUN,
            none: Tags(Tags::VERB.0 | Tags::PPAS.0),
        },
    ));
    v
}

fn plain_names() -> Vec<(&'static str, Tags)> {
    vec![
        ("nom", Tags::NOUN),
        ("adj", Tags::ADJ),
        ("adv", Tags::ADV),
        ("verbe", Tags::VERB),
        ("nom-propre", Tags::PROPER_NOUN),
        ("déterminant", Tags::DET),
        ("préposition", Tags::PREP),
        ("pronom", Tags::PRON),
        ("pronom-sujet", Tags::PRON_SUBJ),
        ("pronom-objet", Tags::PRON_OBJ),
        ("pronom-relatif", Tags::PRON_REL),
        ("conjonction", Tags(Tags::CONJ_COORD.0 | Tags::CONJ_SUB.0)),
        ("interjection", Tags::INTERJ),
        ("nombre", Tags::NUMBER),
        ("infinitif", Tags::INFI),
        ("participe-présent", Tags::PPRE),
        ("participe-passé", Tags::PPAS),
        ("présent", Tags::IPRE),
        ("imparfait", Tags::IIMP),
        ("passé-simple", Tags::IPSI),
        ("futur", Tags::IFUT),
        ("conditionnel", Tags::COND),
        ("subjonctif", Tags(Tags::SPRE.0 | Tags::SIMP.0)),
        // One tense, as a suggestion needs (`\N:subjonctif-présent+2pl`).
        ("subjonctif-présent", Tags::SPRE),
        ("impératif", Tags::IMPE),
        ("conjugué", FINITE),
        ("1sg", Tags::P1SG),
        ("2sg", Tags::P2SG),
        ("3sg", Tags::P3SG),
        ("1pl", Tags::P1PL),
        ("2pl", Tags::P2PL),
        ("3pl", Tags::P3PL),
        ("aux-avoir", Tags::AUX_AVOIR),
        ("aux-être", Tags::AUX_ETRE),
        ("transitif", Tags::TRANSITIVE),
        ("intransitif", Tags::INTRANSITIVE),
        ("pronominal", Tags::PRONOMINAL),
        ("1er-groupe", Tags::GROUP1),
        ("2e-groupe", Tags::GROUP2),
        ("3e-groupe", Tags::GROUP3),
        ("masculin", Tags::MAS),
        ("féminin", Tags::FEM),
        ("singulier", Tags::SG),
        ("pluriel", Tags::PL),
        ("connu", Tags(u64::MAX)),
        ("épicène", Tags::EPI),
        ("invariable", Tags::INV),
        ("copule", Tags::COPULA),
    ]
}

fn feat_names() -> Vec<(&'static str, Feats)> {
    vec![
        ("sujet", Feats::SUBJECT),
        ("objet", Feats::OBJECT),
        ("trait-d-union", Feats::HYPHEN),
        ("élidé", Feats::ELIDED),
        ("majuscule", Feats::CAPITAL),
        ("nom-déclaré", Feats::PROPER),
        ("début", Feats::START),
        ("verbe-sûr", Feats::VERB_ONLY),
    ]
}

/// A test on one reading: it has one of the tags of `any` and none of
/// `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagTest {
    pub any: Tags,
    pub none: Tags,
}

impl TagTest {
    fn on(self, r: Tags) -> bool {
        r.intersects(self.any) && !r.intersects(self.none)
    }
}

/// A set of word ids, as its sorted ids and as a bit per id: a test asks
/// whether a word is in it for every word it meets, and a bit answers in
/// one load where a search took a dozen comparisons.
#[derive(Debug, Clone, Default)]
struct WordSet {
    ids: Vec<WordId>,
    bits: Vec<u64>,
}

impl WordSet {
    fn new(ids: Vec<WordId>) -> WordSet {
        let len = ids
            .iter()
            .map(|id| id.0 as usize / 64 + 1)
            .max()
            .unwrap_or(0);
        let mut bits = vec![0u64; len];
        for id in &ids {
            bits[id.0 as usize / 64] |= 1 << (id.0 % 64);
        }
        WordSet { ids, bits }
    }

    fn contains(&self, id: WordId) -> bool {
        // Ids past the last member ([`WordId::NONE`] among them) are not in it.
        self.bits
            .get(id.0 as usize / 64)
            .is_some_and(|b| b & 1 << (id.0 % 64) != 0)
    }
}

/// One token test: all its conditions hold.
#[derive(Debug, Clone, Default)]
struct Test {
    /// The word is one of these / none of these.
    words: Vec<(WordSet, bool)>,
    /// Some reading meets every test.
    reading_all: Vec<TagTest>,
    /// No reading meets any of these tests.
    reading_none: Vec<TagTest>,
    feats_all: Feats,
    feats_none: Feats,
    /// Person agreement with the word of element N: (element, wanted).
    agree: Vec<(usize, bool)>,
    /// The token's kind when the test is about words (tags, lemmas).
    needs_word: bool,
    /// Gender, number and person agreement with other elements.
    agreement: Vec<super::agreement::AgreeTest>,
}

#[derive(Debug, Clone)]
enum ElemKind {
    Start,
    End,
    /// Alternatives: one must hold.
    Token(Vec<Test>),
}

#[derive(Debug, Clone)]
struct Element {
    kind: ElemKind,
    min: usize,
    max: usize,
    marked: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    elems: Vec<Element>,
    /// The word sets of every mandatory element made only of word lists:
    /// a sentence lacking a word of any of them cannot match.
    pub required: Vec<Vec<WordId>>,
    /// How many tokens the elements before the first required one take
    /// (least, most): a match starts that many tokens before a word of
    /// its set.
    lead: Option<(usize, usize)>,
    /// Features some token of every match has (« trait-d-union »): a
    /// sentence none of whose tokens can have them cannot match.
    pub required_feats: Feats,
}

impl Pattern {
    /// The sentence has a word of every required set (`present`: the
    /// sentence's word ids, sorted).
    pub fn may_match(&self, present: &[WordId]) -> bool {
        self.required.iter().all(|set| {
            let set: &[WordId] = set;
            let (small, large) = if set.len() <= present.len() {
                (set, present)
            } else {
                (present, set)
            };
            small.iter().any(|w| large.binary_search(w).is_ok())
        })
    }
}

/// One way to build a replacement.
#[derive(Debug, Clone)]
enum Item {
    Literal(String),
    /// Element N as written.
    Original(usize),
    /// Element N re-inflected: its lemma with these tags.
    Inflect(usize, Tags),
    /// Element N conjugated at the person of element M, same tense.
    Person(usize, usize),
    /// The conjugated verb that sounds like noun N (« envoi » →
    /// « envoie »), at the person of element M.
    Homophone(usize, usize),
    /// Element N in the gender and number of the elements listed (a
    /// conjugated verb: at their person).
    Agree(usize, Vec<usize>),
}

/// A rule of a rule file.
#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    /// Alternative patterns (`motif a | b`): any may match.
    pub patterns: Vec<Pattern>,
    pub exceptions: Vec<Pattern>,
    pub message: String,
    suggestions: Vec<Vec<Item>>,
    /// `faux` lines: (sentence, expected suggestion).
    pub bad: Vec<(String, String)>,
    /// `juste` lines.
    pub good: Vec<String>,
    pub line: usize,
    /// `application sûre`: the first suggestion may be applied by `fix`.
    pub safe: bool,
}

/// A match: token ranges per element.
pub struct Match {
    pub caps: Vec<(usize, usize)>,
    /// Flagged tokens.
    pub marked: (usize, usize),
}

/// Parses a rule file.
pub fn parse_file(
    file: &str,
    source: &str,
    vocab: &mut Vocab,
    classes: &mut FxMap<String, Vec<String>>,
) -> Result<Vec<Rule>, ParseError> {
    let tags = tag_names();
    let feats = feat_names();
    let elements = RefCell::new(FxMap::default());
    let mut rules: Vec<Rule> = Vec::new();
    let err = |line: usize, message: String| ParseError {
        file: file.to_string(),
        line,
        message,
    };
    for (n, raw) in source.lines().enumerate() {
        let line = n + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, rest) = trimmed
            .split_once(char::is_whitespace)
            .map(|(k, r)| (k, r.trim()))
            .unwrap_or((trimmed, ""));
        let ctx = Ctx {
            tags: &tags,
            feats: &feats,
            classes,
            elements: &elements,
        };
        match key {
            "classe" => {
                let (name, words) = rest
                    .split_once('=')
                    .ok_or_else(|| err(line, "« classe @nom = mots… » attendu".into()))?;
                let name = name.trim();
                if !name.starts_with('@') {
                    return Err(err(
                        line,
                        format!("un nom de classe commence par @ : « {name} »"),
                    ));
                }
                let words: Vec<String> = words.split_whitespace().map(super::vocab::fold).collect();
                classes.insert(name.to_string(), words);
                // A bracket naming the class may now mean something else.
                elements.borrow_mut().clear();
            }
            "règle" => {
                if rest.is_empty() {
                    return Err(err(line, "« règle » sans nom".into()));
                }
                rules.push(Rule {
                    name: rest.to_string(),
                    patterns: Vec::new(),
                    exceptions: Vec::new(),
                    message: String::new(),
                    suggestions: Vec::new(),
                    bad: Vec::new(),
                    good: Vec::new(),
                    line,
                    safe: false,
                });
            }
            _ => {
                let Some(rule) = rules.last_mut() else {
                    return Err(err(line, format!("« {key} » avant toute règle")));
                };
                match key {
                    "motif" => {
                        for alt in split_top_level(rest) {
                            rule.patterns
                                .push(parse_pattern(&alt, &ctx, vocab).map_err(|m| err(line, m))?);
                        }
                    }
                    "sauf" => rule
                        .exceptions
                        .push(parse_pattern(rest, &ctx, vocab).map_err(|m| err(line, m))?),
                    "message" => rule.message = rest.to_string(),
                    "suggestion" => {
                        rule.suggestions =
                            parse_suggestions(rest, &ctx).map_err(|m| err(line, m))?
                    }
                    "faux" => {
                        let (s, want) = rest.split_once("=>").ok_or_else(|| {
                            err(line, "« faux phrase => correction » attendu".into())
                        })?;
                        rule.bad
                            .push((s.trim().to_string(), want.trim().to_string()));
                    }
                    "juste" => rule.good.push(rest.to_string()),
                    "application" => {
                        rule.safe =
                            match rest {
                                "sûre" => true,
                                "à-vérifier" => false,
                                _ => return Err(err(
                                    line,
                                    "« application sûre » ou « application à-vérifier » attendu"
                                        .into(),
                                )),
                            }
                    }
                    _ => return Err(err(line, format!("mot-clé inconnu « {key} »"))),
                }
            }
        }
    }
    for r in &rules {
        if r.patterns.is_empty() {
            return Err(err(
                r.line,
                format!("la règle « {} » n'a pas de motif", r.name),
            ));
        }
        if r.message.is_empty() {
            return Err(err(
                r.line,
                format!("la règle « {} » n'a pas de message", r.name),
            ));
        }
        if r.bad.is_empty() || r.good.is_empty() {
            return Err(err(
                r.line,
                format!(
                    "la règle « {} » doit avoir au moins un exemple faux et un juste",
                    r.name
                ),
            ));
        }
        let n = r.patterns.iter().map(|p| p.elems.len()).min().unwrap_or(0);
        let refs = r.suggestions.iter().flatten().filter_map(|i| match i {
            Item::Original(k) | Item::Inflect(k, _) => Some(*k),
            Item::Person(k, m) | Item::Homophone(k, m) => Some((*k).max(*m)),
            Item::Agree(k, refs) => Some(refs.iter().fold(*k, |a, &b| a.max(b))),
            Item::Literal(_) => None,
        });
        for k in refs {
            if k >= n {
                return Err(err(
                    r.line,
                    format!(
                        "la règle « {} » cite \\{} : le motif n'a que {n} éléments",
                        r.name,
                        k + 1
                    ),
                ));
            }
        }
    }
    Ok(rules)
}

struct Ctx<'a> {
    tags: &'a [(&'static str, TagTest)],
    feats: &'a [(&'static str, Feats)],
    classes: &'a FxMap<String, Vec<String>>,
    /// The tests of each bracket already compiled, by its text.
    elements: &'a RefCell<FxMap<String, Vec<Test>>>,
}

/// Splits `a | b` at the bars outside brackets and quotes.
fn split_top_level(src: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let (mut depth, mut quoted) = (0usize, false);
    let chars: Vec<char> = src.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            '|' if !quoted && depth == 0 && i > 0 && chars[i - 1] == ' ' => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Splits a pattern into its pieces: `^ $ < >`, `[…]` and `"…"` with their
/// quantifiers, `@class`.
fn parse_pattern(src: &str, ctx: &Ctx<'_>, vocab: &mut Vocab) -> Result<Pattern, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut elems = Vec::new();
    let mut marking = false;
    let mut marks = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '^' => {
                elems.push(Element {
                    kind: ElemKind::Start,
                    min: 1,
                    max: 1,
                    marked: false,
                });
                i += 1;
            }
            '$' => {
                elems.push(Element {
                    kind: ElemKind::End,
                    min: 1,
                    max: 1,
                    marked: false,
                });
                i += 1;
            }
            '<' => {
                if marking {
                    return Err("« < » dans un « < » ouvert".into());
                }
                marking = true;
                marks += 1;
                i += 1;
            }
            '>' => {
                if !marking {
                    return Err("« > » sans « < »".into());
                }
                marking = false;
                i += 1;
            }
            '[' | '"' | '@' => {
                let (body, next) = match c {
                    '[' => {
                        let end = (i + 1..chars.len())
                            .find(|&k| chars[k] == ']')
                            .ok_or("« [ » sans « ] »")?;
                        (chars[i + 1..end].iter().collect::<String>(), end + 1)
                    }
                    '"' => {
                        let end = (i + 1..chars.len())
                            .find(|&k| chars[k] == '"')
                            .ok_or("guillemet « \" » non fermé")?;
                        (chars[i..=end].iter().collect::<String>(), end + 1)
                    }
                    _ => {
                        let end = (i..chars.len())
                            .find(|&k| chars[k].is_whitespace() || "<>[?*+{".contains(chars[k]))
                            .unwrap_or(chars.len());
                        (chars[i..end].iter().collect::<String>(), end)
                    }
                };
                // The same bracket recurs across the rules (« [@dét
                // non-objet] »): it is compiled once per file.
                let cached = ctx.elements.borrow().get(&body).cloned();
                let tests = match cached {
                    Some(tests) => tests,
                    None => {
                        let tests = body
                            .split('|')
                            .map(|alt| parse_test(alt, ctx, vocab))
                            .collect::<Result<Vec<_>, _>>()?;
                        ctx.elements.borrow_mut().insert(body, tests.clone());
                        tests
                    }
                };
                let (min, max, next) = parse_quantifier(&chars, next)?;
                elems.push(Element {
                    kind: ElemKind::Token(tests),
                    min,
                    max,
                    marked: marking,
                });
                i = next;
            }
            _ => return Err(format!("caractère inattendu « {c} » dans le motif")),
        }
    }
    if marking {
        return Err("« < » sans « > »".into());
    }
    if marks > 1 {
        return Err("un seul passage marqué « <…> » par motif".into());
    }
    let word_only = |e: &Element| -> Option<Vec<WordId>> {
        match &e.kind {
            ElemKind::Token(tests)
                if e.min > 0 && tests.iter().all(|t| t.words.iter().any(|(_, neg)| !neg)) =>
            {
                let mut ids: Vec<WordId> = tests
                    .iter()
                    .flat_map(|t| {
                        t.words
                            .iter()
                            .find(|(_, neg)| !neg)
                            .map(|(w, _)| w.ids.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                ids.sort();
                ids.dedup();
                Some(ids)
            }
            _ => None,
        }
    };
    let required: Vec<Vec<WordId>> = elems.iter().filter_map(word_only).collect();
    let lead = elems.iter().position(|e| word_only(e).is_some()).map(|k| {
        let before = &elems[..k];
        let span = |e: &Element, n: usize| {
            if matches!(e.kind, ElemKind::Token(_)) {
                n
            } else {
                0
            }
        };
        let least = before.iter().map(|e| span(e, e.min)).sum();
        let most = before.iter().map(|e| span(e, e.max)).sum();
        (least, most)
    });
    // A mandatory element whose every alternative asks for a feature.
    let required_feats = elems
        .iter()
        .filter(|e| e.min > 0)
        .filter_map(|e| match &e.kind {
            ElemKind::Token(tests) => tests
                .iter()
                .map(|t| t.feats_all)
                .reduce(|a, b| Feats(a.0 & b.0)),
            _ => None,
        })
        .fold(Feats::default(), |a, b| Feats(a.0 | b.0));
    Ok(Pattern {
        elems,
        required,
        lead,
        required_feats,
    })
}

fn parse_quantifier(chars: &[char], i: usize) -> Result<(usize, usize, usize), String> {
    match chars.get(i) {
        Some('?') => Ok((0, 1, i + 1)),
        Some('*') => Ok((0, 4, i + 1)),
        Some('+') => Ok((1, 4, i + 1)),
        Some('{') => {
            let end = (i..chars.len())
                .find(|&k| chars[k] == '}')
                .ok_or("« { » sans « } »")?;
            let body: String = chars[i + 1..end].iter().collect();
            let (a, b) = body
                .split_once(',')
                .ok_or("quantité « {min,max} » attendue")?;
            let a: usize = a
                .trim()
                .parse()
                .map_err(|_| format!("quantité invalide « {body} »"))?;
            let b: usize = b
                .trim()
                .parse()
                .map_err(|_| format!("quantité invalide « {body} »"))?;
            if a > b || b > 8 {
                return Err(format!("quantité invalide « {body} »"));
            }
            Ok((a, b, end + 1))
        }
        _ => Ok((1, 1, i)),
    }
}

fn word_set(words: impl IntoIterator<Item = String>, vocab: &mut Vocab) -> Vec<WordId> {
    let mut ids: Vec<WordId> = words.into_iter().map(|w| vocab.intern(&w)).collect();
    ids.sort();
    ids.dedup();
    ids
}

fn parse_test(src: &str, ctx: &Ctx<'_>, vocab: &mut Vocab) -> Result<Test, String> {
    let mut t = Test::default();
    for atom in split_atoms(src) {
        let (neg, a) = match atom.strip_prefix("non-") {
            Some(rest) => (true, rest),
            None => (false, atom),
        };
        if a.starts_with('"') && a.ends_with('"') && a.len() >= 2 {
            let w = a[1..a.len() - 1].to_string();
            t.words.push((WordSet::new(word_set([w], vocab)), neg));
        } else if let Some(list) = a.strip_prefix("mot=") {
            t.words.push((
                WordSet::new(word_set(list.split(',').map(str::to_string), vocab)),
                neg,
            ));
        } else if let Some(list) = a.strip_prefix("lemme=") {
            let set = vocab.set(a, |v| {
                let mut forms = Vec::new();
                for lemma in list.split(',') {
                    let f = morph::forms(lemma, Tags::NONE, Tags::NONE);
                    if f.is_empty() {
                        return Err(format!("lemme inconnu du dictionnaire : « {lemma} »"));
                    }
                    forms.extend(f);
                }
                Ok(word_set(forms, v))
            })?;
            t.words.push((WordSet::new(set), neg));
            t.needs_word = true;
        } else if a.starts_with('@') {
            let words = ctx
                .classes
                .get(a)
                .ok_or_else(|| format!("classe inconnue « {a} »"))?;
            let set = vocab.set(a, |v| Ok(word_set(words.iter().cloned(), v)))?;
            t.words.push((WordSet::new(set), neg));
        } else if let Some(r) = a.strip_prefix("accord=\\") {
            let k: usize = r
                .parse()
                .map_err(|_| format!("référence invalide « {a} »"))?;
            if k == 0 {
                return Err("les éléments se comptent à partir de 1".into());
            }
            t.agree.push((k - 1, !neg));
            t.needs_word = true;
        } else if let Some(test) = super::agreement::parse(a, neg) {
            t.agreement.push(test?);
            t.needs_word = true;
        } else if let Some(&(_, f)) = ctx.feats.iter().find(|(n, _)| *n == a) {
            if neg {
                t.feats_none.0 |= f.0;
            } else {
                t.feats_all.0 |= f.0;
            }
        } else if let Some(&(_, test)) = ctx.tags.iter().find(|(n, _)| *n == a) {
            if neg {
                t.reading_none.push(test);
            } else {
                t.reading_all.push(test);
                t.needs_word = true;
            }
        } else {
            return Err(format!("condition inconnue « {atom} »"));
        }
    }
    Ok(t)
}

/// Whitespace-separated atoms, a quoted word kept whole.
fn split_atoms(src: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in src.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c.is_whitespace() && !quoted {
            if let Some(a) = start.take() {
                out.push(&src[a..i]);
            }
            continue;
        }
        start.get_or_insert(i);
    }
    if let Some(a) = start {
        out.push(&src[a..]);
    }
    out
}

fn parse_suggestions(src: &str, ctx: &Ctx<'_>) -> Result<Vec<Vec<Item>>, String> {
    let mut out = Vec::new();
    for alt in src.split(" | ") {
        let mut items = Vec::new();
        for atom in split_atoms(alt) {
            if atom.starts_with('"') && atom.ends_with('"') && atom.len() >= 2 {
                items.push(Item::Literal(atom[1..atom.len() - 1].to_string()));
                continue;
            }
            let Some(r) = atom.strip_prefix('\\') else {
                return Err(format!("suggestion : « {atom} » n'est ni \"texte\" ni \\N"));
            };
            let (num, op) = r.split_once(':').unwrap_or((r, ""));
            let k: usize = num
                .parse()
                .map_err(|_| format!("référence invalide « {atom} »"))?;
            if k == 0 {
                return Err("les éléments se comptent à partir de 1".into());
            }
            let k = k - 1;
            if op.is_empty() {
                items.push(Item::Original(k));
            } else if let Some(m) = op.strip_prefix("homophone=\\") {
                let m: usize = m
                    .parse()
                    .map_err(|_| format!("référence invalide « {atom} »"))?;
                if m == 0 {
                    return Err("les éléments se comptent à partir de 1".into());
                }
                items.push(Item::Homophone(k, m - 1));
            } else if let Some(list) = op.strip_prefix("accord=") {
                items.push(Item::Agree(k, super::agreement::parse_refs(list)?));
            } else if let Some(m) = op.strip_prefix("personne=\\") {
                let m: usize = m
                    .parse()
                    .map_err(|_| format!("référence invalide « {atom} »"))?;
                if m == 0 {
                    return Err("les éléments se comptent à partir de 1".into());
                }
                items.push(Item::Person(k, m - 1));
            } else {
                let mut tags = Tags::NONE;
                for name in op.split('+') {
                    let &(_, t) = ctx
                        .tags
                        .iter()
                        .find(|(n, _)| *n == name)
                        .ok_or_else(|| format!("étiquette inconnue « {name} »"))?;
                    tags |= t.any;
                }
                items.push(Item::Inflect(k, tags));
            }
        }
        out.push(items);
    }
    Ok(out)
}

/// The person a subject pronoun (or a noun group's head) gives its verb.
pub fn person_of(w: &Word<'_>) -> Tags {
    match w.lower.as_ref() {
        "je" | "j'" => Tags::P1SG,
        "tu" => Tags::P2SG,
        "il" | "elle" | "on" | "ce" | "c'" | "ça" | "cela" | "ceci" => Tags::P3SG,
        "nous" => Tags::P1PL,
        "vous" => Tags::P2PL,
        "ils" | "elles" => Tags::P3PL,
        _ if w.has(Tags::NOUN | Tags::PL) && !w.has(Tags::SG) => Tags::P3PL,
        _ if w.tags.intersects(Tags(Tags::NOUN.0 | Tags::PROPER_NOUN.0)) => Tags::P3SG,
        _ => Tags::NONE,
    }
}

impl Test {
    fn holds(&self, s: &Sentence<'_>, i: usize, caps: &[(usize, usize)]) -> bool {
        let w = &s.words[i];
        if self.needs_word && !matches!(w.kind, Kind::Word | Kind::Number) {
            return false;
        }
        if !w.feats.contains(self.feats_all) || w.feats.intersects(self.feats_none) {
            return false;
        }
        for (set, neg) in &self.words {
            if set.contains(w.id) == *neg {
                return false;
            }
        }
        // `w.tags`, the union of the readings, settles most words before
        // the readings are read one by one: a reading can only have tags
        // the union has.
        if !self.reading_all.is_empty() {
            let possible = self.reading_all.iter().all(|m| w.tags.intersects(m.any));
            if !possible
                || !w
                    .readings
                    .iter()
                    .any(|&r| self.reading_all.iter().all(|m| m.on(r)))
            {
                return false;
            }
        }
        if self
            .reading_none
            .iter()
            .any(|m| w.tags.intersects(m.any) && w.readings.iter().any(|&r| m.on(r)))
        {
            return false;
        }
        for &(k, want) in &self.agree {
            let Some(&(a, b)) = caps.get(k) else {
                return false;
            };
            if a == b {
                return false;
            }
            // The verb is this word (subject before) or element k (inverted
            // subject after it).
            let (verb, subject) = if w.readings.iter().any(|r| r.intersects(FINITE)) {
                (w, &s.words[a])
            } else {
                (&s.words[a], w)
            };
            let person = person_of(subject);
            if person == Tags::NONE {
                return false;
            }
            let finite: Vec<&Tags> = verb
                .readings
                .iter()
                .filter(|r| r.intersects(FINITE))
                .collect();
            if finite.is_empty() {
                return false;
            }
            let agrees = finite.iter().any(|r| r.intersects(person));
            if agrees != want {
                return false;
            }
        }
        if !self.agreement.is_empty() && !self.agreement.iter().all(|a| a.holds(s, i, caps)) {
            return false;
        }
        true
    }
}

impl Pattern {
    /// The first match starting at token `start`. `caps` is scratch space
    /// of one range per element.
    pub fn match_at(
        &self,
        s: &Sentence<'_>,
        start: usize,
        caps: &mut Vec<(usize, usize)>,
    ) -> Option<Match> {
        caps.clear();
        caps.resize(self.elems.len(), (0, 0));
        let end = self.step(s, 0, start, caps)?;
        let marked = self
            .elems
            .iter()
            .zip(caps.iter())
            .filter(|(e, _)| e.marked)
            .map(|(_, &c)| c)
            .reduce(|a, b| (a.0, b.1))
            .filter(|&(a, b)| a < b)
            .unwrap_or((start, end));
        Some(Match {
            caps: caps.clone(),
            marked,
        })
    }

    /// The end of the first match of the elements from `e` on, starting at
    /// token `pos`. An element that can take its tokens one way only is
    /// stepped over in the loop; the walk recurses only where it has a
    /// choice to undo (an optional or repeated element that matched).
    fn step(
        &self,
        s: &Sentence<'_>,
        mut e: usize,
        mut pos: usize,
        caps: &mut Vec<(usize, usize)>,
    ) -> Option<usize> {
        loop {
            let Some(elem) = self.elems.get(e) else {
                return Some(pos);
            };
            match &elem.kind {
                ElemKind::Start => {
                    // No word before (a long run of punctuation must not
                    // make this test, tried at every start, quadratic).
                    if pos > s.first_word {
                        return None;
                    }
                    caps[e] = (pos, pos);
                }
                ElemKind::End => {
                    if pos < s.after_last_word {
                        return None;
                    }
                    caps[e] = (pos, pos);
                }
                ElemKind::Token(tests) => {
                    let mut n = 0;
                    while n < elem.max
                        && pos + n < s.words.len()
                        && tests.iter().any(|t| t.holds(s, pos + n, caps))
                    {
                        n += 1;
                    }
                    if n < elem.min {
                        return None;
                    }
                    if n > elem.min {
                        for k in (elem.min..=n).rev() {
                            caps[e] = (pos, pos + k);
                            if let Some(end) = self.step(s, e + 1, pos + k, caps) {
                                return Some(end);
                            }
                        }
                        return None;
                    }
                    caps[e] = (pos, pos + n);
                    pos += n;
                }
            }
            e += 1;
        }
    }

    /// Every match in the sentence, at most one per start.
    pub fn find_all(&self, s: &Sentence<'_>) -> Vec<Match> {
        let mut out = Vec::new();
        self.find_into(s, &mut MatchScratch::default(), &mut out);
        out
    }

    /// [`Pattern::find_all`] into `out`, with buffers reused from call to
    /// call.
    pub fn find_into(&self, s: &Sentence<'_>, scratch: &mut MatchScratch, out: &mut Vec<Match>) {
        let anchors = &mut scratch.anchors;
        anchors.clear();
        if let (Some(_), Some(set)) = (self.lead, self.required.first()) {
            // The sentence's (word, position) index and the set are both
            // sorted: walk the smaller one, search the other.
            let index = &s.index;
            if set.len() <= index.len() {
                for w in set {
                    let a = index.partition_point(|(id, _)| id < w);
                    anchors.extend(
                        index[a..]
                            .iter()
                            .take_while(|(id, _)| id == w)
                            .map(|&(_, j)| j),
                    );
                }
            } else {
                anchors.extend(
                    index
                        .iter()
                        .filter(|(id, _)| set.binary_search(id).is_ok())
                        .map(|&(_, j)| j),
                );
            }
            anchors.sort_unstable();
        }
        self.find_from_anchors(s, scratch, out);
    }

    /// [`Pattern::find_into`] when the caller has already put in
    /// `scratch.anchors` the positions, in order, of the words of the
    /// first required set (the grammar check finds them with its bit sets).
    pub fn find_from_anchors(
        &self,
        s: &Sentence<'_>,
        scratch: &mut MatchScratch,
        out: &mut Vec<Match>,
    ) {
        let MatchScratch {
            starts,
            caps,
            anchors,
        } = scratch;
        // A pattern anchored at the start of the sentence starts before its
        // first word.
        let last_start = match self.elems.first().map(|e| &e.kind) {
            Some(ElemKind::Start) => s.first_word,
            _ => s.words.len().saturating_sub(1),
        };
        // Where the first required word is, the match starts a known number
        // of tokens before: only those starts are tried. The anchors are in
        // order, so are the starts; each is taken once.
        starts.clear();
        match (self.lead, self.required.is_empty()) {
            (Some((least, most)), false) => {
                let mut next = 0;
                for &j in anchors.iter() {
                    let from = j.saturating_sub(most).max(next);
                    let to = j.saturating_sub(least);
                    if from <= to {
                        starts.extend(from..=to);
                        next = to + 1;
                    }
                }
            }
            _ => starts.extend(0..s.words.len()),
        }
        for &i in starts.iter() {
            if i > last_start || i >= s.words.len() {
                break;
            }
            // Most starts fail on the first token: test it before the
            // backtracking walk.
            if let Some(first) = self.elems.first() {
                if let ElemKind::Token(tests) = &first.kind {
                    if first.min > 0
                        && !tests.iter().any(|t| t.holds(s, i, &[]))
                        && !first_needs_caps(tests)
                    {
                        continue;
                    }
                }
            }
            if let Some(m) = self.match_at(s, i, caps) {
                out.push(m);
            }
        }
    }

    /// The set [`Pattern::find_from_anchors`] wants the positions of.
    pub fn anchor_set(&self) -> Option<&[WordId]> {
        self.lead.and(self.required.first().map(Vec::as_slice))
    }
}

/// Buffers [`Pattern::find_into`] reuses.
#[derive(Debug, Default)]
pub struct MatchScratch {
    starts: Vec<usize>,
    caps: Vec<(usize, usize)>,
    /// Positions of the words of the pattern's first required set.
    pub anchors: Vec<usize>,
}

/// A first element whose tests refer to other elements cannot be tried
/// alone.
fn first_needs_caps(tests: &[Test]) -> bool {
    tests
        .iter()
        .any(|t| !t.agree.is_empty() || t.agreement.iter().any(|a| a.max_ref().is_some()))
}

/// Text of tokens `a..b` as written.
pub fn original<'a>(text: &'a str, s: &Sentence<'_>, (a, b): (usize, usize)) -> &'a str {
    if a >= b {
        return "";
    }
    &text[s.words[a].span.start..s.words[b - 1].span.end]
}

impl Rule {
    /// The message with `\N` replaced by element N as written.
    pub fn message(&self, text: &str, s: &Sentence<'_>, m: &Match) -> String {
        let mut out = String::with_capacity(self.message.len() + 16);
        let mut chars = self.message.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(char::is_ascii_digit) {
                let mut k = 0usize;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                    k = k * 10 + d as usize;
                    chars.next();
                }
                if let Some(&cap) = k.checked_sub(1).and_then(|k| m.caps.get(k)) {
                    out.push_str(original(text, s, cap));
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The replacements for the flagged tokens, best first.
    pub fn suggestions(&self, text: &str, s: &Sentence<'_>, m: &Match) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for alt in &self.suggestions {
            let mut partial: Vec<String> = vec![String::new()];
            for item in alt {
                let options = item_options(item, text, s, m);
                if options.is_empty() {
                    partial.clear();
                    break;
                }
                let mut next = Vec::new();
                for p in &partial {
                    for o in &options {
                        let mut t = p.clone();
                        if !t.is_empty() && !t.ends_with('\'') && !t.ends_with('’') && !o.is_empty()
                        {
                            t.push(' ');
                        }
                        t.push_str(o);
                        next.push(t);
                    }
                }
                next.truncate(8);
                partial = next;
            }
            out.extend(partial.into_iter().filter(|p| !p.is_empty()));
        }
        let flagged = original(text, s, m.marked);
        let mut fitted: Vec<String> = Vec::new();
        for o in out {
            let o = crate::text::match_case(flagged, &o);
            if o != flagged && !fitted.contains(&o) {
                fitted.push(o);
            }
        }
        fitted
    }
}

/// The lemmas of the verb readings of `form`.
fn verb_readings(form: &str) -> Vec<(String, Tags)> {
    morph::analyze(form)
        .iter()
        .filter(|a| a.tags.contains(Tags::VERB))
        .map(|a| (a.lemma(form), a.tags))
        .collect()
}

fn item_options(item: &Item, text: &str, s: &Sentence<'_>, m: &Match) -> Vec<String> {
    match item {
        Item::Literal(l) => vec![l.clone()],
        Item::Original(k) if *k >= m.caps.len() => Vec::new(),
        Item::Inflect(k, _) | Item::Person(k, _) | Item::Homophone(k, _) if *k >= m.caps.len() => {
            Vec::new()
        }
        Item::Person(_, j) | Item::Homophone(_, j) if *j >= m.caps.len() => Vec::new(),
        Item::Agree(k, refs) => super::agreement::inflect_to(s, &m.caps, *k, refs),
        Item::Original(k) => {
            let t = original(text, s, m.caps[*k]);
            if t.is_empty() {
                vec![String::new()]
            } else {
                vec![t.to_string()]
            }
        }
        Item::Inflect(k, want) => {
            let (a, b) = m.caps[*k];
            if a >= b {
                return Vec::new();
            }
            let form = s.words[a].lower.as_ref();
            let mut out = Vec::new();
            let mut lemmas: Vec<String> = Vec::new();
            for (lemma, _) in verb_readings(form) {
                if !lemmas.contains(&lemma) {
                    lemmas.push(lemma);
                }
            }
            if lemmas.is_empty() {
                lemmas = morph::analyze(form).iter().map(|a| a.lemma(form)).collect();
                lemmas.dedup();
            }
            for lemma in lemmas {
                for f in ordered_forms(&lemma, *want) {
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
            }
            out
        }
        Item::Person(k, subj) => {
            let (a, b) = m.caps[*k];
            let (sa, sb) = m.caps[*subj];
            if a >= b || sa >= sb {
                return Vec::new();
            }
            let person = person_of(&s.words[sa]);
            let form = s.words[a].lower.as_ref();
            let mut out = Vec::new();
            for (lemma, tags) in verb_readings(form) {
                let tense = Tags(tags.0 & FINITE.0);
                if tense == Tags::NONE {
                    continue;
                }
                // One tense at a time (a reading may carry several, e.g.
                // present indicative and subjunctive).
                for bit in 0..64 {
                    let t = Tags(tense.0 & (1u64 << bit));
                    if t == Tags::NONE {
                        continue;
                    }
                    let mut forms = morph::inflect(&lemma, t | person, Tags::NONE);
                    by_frequency(&mut forms);
                    for f in forms {
                        if !out.contains(&f) {
                            out.push(f);
                        }
                    }
                }
            }
            out
        }
        Item::Homophone(k, subj) => {
            let (a, b) = m.caps[*k];
            let (sa, sb) = m.caps[*subj];
            if a >= b || sa >= sb {
                return Vec::new();
            }
            let person = person_of(&s.words[sa]);
            let noun = s.words[a].lower.as_ref();
            let base = noun.strip_suffix('s').unwrap_or(noun);
            let mut out = Vec::new();
            let candidates = ["e", "le", "es", "les", "ent", "lent", ""]
                .iter()
                .flat_map(|e| [format!("{noun}{e}"), format!("{base}{e}")]);
            for form in candidates {
                let fits = morph::analyze(&form).iter().any(|r| {
                    r.tags.intersects(FINITE)
                        && r.tags.intersects(person)
                        && r.tags.intersects(PERSONS)
                });
                if fits && !out.contains(&form) {
                    out.push(form);
                }
            }
            out
        }
    }
}

/// Forms of `lemma` with `want`, the more frequent spelling first (the
/// traditional « connaître » before the rectified « connaitre »); past
/// participles in the order masculine singular, feminine singular,
/// masculine plural, feminine plural.
fn ordered_forms(lemma: &str, want: Tags) -> Vec<String> {
    let groups: &[Tags] = if want.contains(Tags::PPAS) {
        &[
            Tags(Tags::MAS.0 | Tags::SG.0),
            Tags(Tags::MAS.0 | Tags::INV.0),
            Tags(Tags::FEM.0 | Tags::SG.0),
            Tags(Tags::MAS.0 | Tags::PL.0),
            Tags(Tags::FEM.0 | Tags::PL.0),
        ]
    } else {
        &[Tags::NONE]
    };
    let mut out: Vec<String> = Vec::new();
    for &gn in groups {
        let mut forms = morph::inflect(lemma, want | gn, Tags::NONE);
        by_frequency(&mut forms);
        for f in forms {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    if out.is_empty() {
        out = morph::inflect(lemma, want, Tags::NONE);
        by_frequency(&mut out);
    }
    out
}

/// Most frequent first (stable for equal frequencies).
fn by_frequency(forms: &mut [String]) {
    let dict = crate::spell::Dictionary::french();
    forms.sort_by_key(|f| std::cmp::Reverse(dict.get(f).map_or(0, |i| i.zipf)));
}
