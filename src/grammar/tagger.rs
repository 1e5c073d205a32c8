//! Tagging: the words of a sentence with their morphological readings,
//! narrowed by a few deterministic rules of French word order.
//!
//! Each word gets every reading the dictionary knows ([`crate::morph`]);
//! then a light disambiguation removes the readings its neighbours rule out:
//! - after a determiner, a word is a noun or an adjective, not a conjugated
//!   verb (« la ferme », « votre sort », « le livre »);
//! - « le, la, les, l', leur » are pronouns before a verb or after a subject
//!   pronoun, determiners before a noun;
//! - « a, as, ont » are forms of *avoir*, « est » of *être* (but « l'est »);
//! - a personal pronoun is marked subject or object by its place: the first
//!   of a cluster of pronouns before a conjugated verb, at the start of a
//!   clause, is the subject (« Nous vous avons écrit »), the others are
//!   objects (« Vous nous avez écrit »).
//!
//! It is computed once per sentence and shared by every grammar rule.

use super::vocab::{Vocab, WordId};
use crate::diagnostic::Span;
use crate::morph::{self, Tags};
use crate::text::{Document, TokenKind};
use std::borrow::Cow;

/// Features the tagger decides from word order (not from the dictionary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Feats(pub u16);

impl Feats {
    /// A personal pronoun in subject position.
    pub const SUBJECT: Feats = Feats(1);
    /// A personal pronoun in object position.
    pub const OBJECT: Feats = Feats(1 << 1);
    /// Joined to the word before by a hyphen (« pouvez-vous », « ce jour-là »).
    pub const HYPHEN: Feats = Feats(1 << 2);
    /// An elided word (« l' », « qu' »).
    pub const ELIDED: Feats = Feats(1 << 3);
    /// Starts with a capital letter.
    pub const CAPITAL: Feats = Feats(1 << 4);
    /// A name the house style declares (brand, product) or a capitalised
    /// word unknown to the dictionary.
    pub const PROPER: Feats = Feats(1 << 5);
    /// The first word of the sentence.
    pub const START: Feats = Feats(1 << 6);
    /// A conjugated verb that is nothing else (no noun or adjective
    /// reading left).
    pub const VERB_ONLY: Feats = Feats(1 << 7);

    pub fn contains(self, other: Feats) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn intersects(self, other: Feats) -> bool {
        self.0 & other.0 != 0
    }
    fn insert(&mut self, other: Feats) {
        self.0 |= other.0;
    }
}

/// What a tagged token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// One punctuation character.
    Punct,
    /// Anything else (emoji, URL, symbol…): no rule looks through it.
    Other,
}

/// The word classes the word-order rules below test, one bit each. A
/// word's classes come with its vocabulary id ([`intern_classes`] gives
/// the words theirs), so the tagger tests bits instead of comparing the
/// word with lists of strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Class(pub u32);

impl Class {
    pub const SUBJECT_PRONOUN: Class = Class(1);
    pub const OBJECT_PRONOUN: Class = Class(1 << 1);
    /// Determiners that are never pronouns.
    pub const DETERMINER: Class = Class(1 << 2);
    /// After them a personal pronoun is not a subject.
    pub const PREPOSITION: Class = Class(1 << 3);
    pub const CLAUSE_OPENER: Class = Class(1 << 4);
    /// « ne, n' ».
    pub const NE: Class = Class(1 << 5);
    /// « le, la, les, l', leur »: article or pronoun.
    pub const ARTICLE: Class = Class(1 << 6);
    /// « lui, me, te, se, m', t', s', y, en »: pronouns before a verb.
    pub const CLITIC: Class = Class(1 << 7);
    /// « a, as, ont, ai, avons, avez ».
    pub const AVOIR: Class = Class(1 << 8);
    /// « sont, suis, sommes, êtes ».
    pub const ETRE: Class = Class(1 << 9);
    pub const EST: Class = Class(1 << 10);
    /// « le, l' » (« l'est »).
    pub const LE: Class = Class(1 << 11);
    pub const NOUS: Class = Class(1 << 12);
    pub const VOUS: Class = Class(1 << 13);
    /// « me, te, nous, vous, lui »: object pronouns another pronoun may follow.
    pub const PRONOUN_BEFORE_PRONOUN: Class = Class(1 << 14);
    /// « lui, leur, y, en ».
    pub const PRONOUN_AFTER_ARTICLE: Class = Class(1 << 15);
    /// « moi, toi ».
    pub const MOI: Class = Class(1 << 16);
    pub const CE: Class = Class(1 << 17);
    /// « que, qu' ».
    pub const QUE: Class = Class(1 << 18);
    /// « je, j', tu ».
    pub const JE_TU: Class = Class(1 << 19);
    pub const QUESTION_MARK: Class = Class(1 << 20);
    pub const COMMA: Class = Class(1 << 21);
    /// « le, la, les, l' ».
    pub const LE_LA_LES: Class = Class(1 << 22);

    pub fn has(self, other: Class) -> bool {
        self.0 & other.0 != 0
    }
}

/// The words of each class.
const CLASS_WORDS: &[(Class, &[&str])] = &[
    (Class::SUBJECT_PRONOUN, SUBJECT_PRONOUNS),
    (Class::OBJECT_PRONOUN, OBJECT_PRONOUNS),
    (Class::DETERMINER, DETERMINERS),
    (Class::PREPOSITION, PREPOSITIONS),
    (Class::CLAUSE_OPENER, CLAUSE_OPENERS),
    (Class::NE, &["ne", "n'"]),
    (Class::ARTICLE, &["le", "la", "les", "l'", "leur"]),
    (
        Class::CLITIC,
        &["lui", "me", "te", "se", "m'", "t'", "s'", "y", "en"],
    ),
    (Class::AVOIR, &["a", "as", "ont", "ai", "avons", "avez"]),
    (Class::ETRE, &["sont", "suis", "sommes", "êtes"]),
    (Class::EST, &["est"]),
    (Class::LE, &["le", "l'"]),
    (Class::NOUS, &["nous"]),
    (Class::VOUS, &["vous"]),
    (
        Class::PRONOUN_BEFORE_PRONOUN,
        &["me", "te", "nous", "vous", "lui"],
    ),
    (Class::PRONOUN_AFTER_ARTICLE, &["lui", "leur", "y", "en"]),
    (Class::MOI, &["moi", "toi"]),
    (Class::CE, &["ce"]),
    (Class::QUE, &["que", "qu'"]),
    (Class::JE_TU, &["je", "j'", "tu"]),
    (Class::QUESTION_MARK, &["?"]),
    (Class::COMMA, &[","]),
    (Class::LE_LA_LES, &["le", "la", "les", "l'"]),
];

/// Gives the words of the tagger's classes their ids and classes in
/// `vocab`.
pub fn intern_classes(vocab: &mut Vocab) {
    for (class, words) in CLASS_WORDS {
        for w in words.iter() {
            vocab.add_class(w, class.0);
        }
    }
}

/// The readings of a word, kept inline: a word has a handful of them,
/// and a vector per word was the tagger's main cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Readings {
    buf: [Tags; Readings::MAX],
    len: u8,
}

impl Readings {
    /// Readings kept per word; the dictionary's forms have fewer (a form
    /// with more keeps its first ones).
    const MAX: usize = 12;

    pub fn push(&mut self, t: Tags) {
        if usize::from(self.len) < Self::MAX {
            self.buf[usize::from(self.len)] = t;
            self.len += 1;
        }
    }

    fn retain(&mut self, keep: impl Fn(Tags) -> bool) {
        let mut n = 0;
        for i in 0..usize::from(self.len) {
            if keep(self.buf[i]) {
                self.buf[n] = self.buf[i];
                n += 1;
            }
        }
        self.len = n as u8;
    }
}

impl std::ops::Deref for Readings {
    type Target = [Tags];
    fn deref(&self) -> &[Tags] {
        &self.buf[..usize::from(self.len)]
    }
}

impl FromIterator<Tags> for Readings {
    fn from_iter<I: IntoIterator<Item = Tags>>(iter: I) -> Self {
        let mut r = Readings::default();
        for t in iter {
            r.push(t);
        }
        r
    }
}

/// What the tagger knows of a token as written before reading its
/// context: its id among the rules' words and its dictionary readings.
#[derive(Debug, Clone)]
pub struct Lexical {
    pub id: WordId,
    readings: Readings,
    /// Union of `readings`.
    readings_tags: Tags,
    /// Union of the tags of every analysis of the token
    /// ([`morph::tags_of`]): none for a compound the dictionary lacks.
    tags: Tags,
    /// The token has a hyphen.
    pub hyphen: bool,
    /// The token starts with a capital letter.
    capital: bool,
    /// The word classes of `id` ([`Vocab::classes`]).
    class: Class,
    /// The token lower-cased, `’` written `'`, when that differs from it.
    lower: Option<Box<str>>,
}

impl Lexical {
    fn new(token: &str, vocab: &Vocab) -> Lexical {
        let analyses = morph::analyze(token);
        let readings: Readings = analyses.iter().map(|a| a.tags).collect();
        let lower =
            super::vocab::needs_folding(token).then(|| super::vocab::fold(token).into_boxed_str());
        let id = vocab.id(lower.as_deref().unwrap_or(token));
        Lexical {
            id,
            readings_tags: readings.iter().fold(Tags::NONE, |a, &r| a | r),
            readings,
            tags: analyses.tags(),
            hyphen: token.contains('-'),
            capital: token.chars().next().is_some_and(char::is_uppercase),
            class: Class(vocab.classes(id)),
            lower,
        }
    }
}

/// The tokens met on a thread, for one vocabulary: most tokens of a reply
/// have been met before, and one look-up here gives what the vocabulary
/// and the dictionary would.
///
/// The hot kernel of the tagger (every token of every sentence is looked
/// up, a million per megabyte of replies), so it is lean:
/// - a check takes the thread's lexicon once per document
///   ([`Lexicon::take`]) instead of reaching the thread-local per token;
/// - the token is hashed once, with the crate's word hash, and the map
///   goes from that hash to the entry: the entry's token is then compared
///   with the token, and two tokens that share a hash (rare) are both
///   answered right, the second one unindexed;
/// - a look-up gives the entry's number; the sentence keeps the numbers
///   and the tagger reads the entries in place, without copying them;
/// - the lower-cased form is made once per distinct token.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// [`Vocab::serial`] of the vocabulary the ids are from.
    vocab: u64,
    /// Token hash ([`crate::text::word_hash`]) → entry number.
    slots: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<Prehashed>>,
    entries: Vec<(Box<str>, Lexical)>,
}

/// The hasher of keys that are already hashes.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; any other input is mixed in
        // byte by byte.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

thread_local! {
    static LEXICON: std::cell::RefCell<Lexicon> = Default::default();
}

impl Lexicon {
    /// Entries kept from one document to the next: past this, a lexicon
    /// starts over (a cheap bound on memory).
    const KEPT: usize = 65_536;

    /// The thread's lexicon for `vocab`, taken for one document: give it
    /// back with [`Lexicon::give_back`].
    pub fn take(vocab: &Vocab) -> Lexicon {
        let mut l = LEXICON.try_with(|c| c.take()).unwrap_or_default();
        if l.vocab != vocab.serial() || l.entries.len() >= Self::KEPT {
            l = Lexicon {
                vocab: vocab.serial(),
                ..Default::default()
            };
        }
        l
    }

    /// Keeps the lexicon for the thread's next document.
    pub fn give_back(self) {
        // A thread being torn down keeps nothing.
        let _ = LEXICON.try_with(|c| c.replace(self));
    }

    /// The number of the entry of `token` (made if new), for
    /// [`Lexicon::get`]. (Inlined: a token met before, the usual case, costs
    /// a hash, a probe and a comparison.)
    #[inline]
    pub fn look_up(&mut self, token: &str, vocab: &Vocab) -> u32 {
        let hash = crate::text::word_hash(token);
        if let Some(&i) = self.slots.get(&hash) {
            if *self.entries[i as usize].0 == *token {
                return i;
            }
        }
        self.add(token, hash, vocab)
    }

    /// Makes the entry of a token met for the first time.
    #[cold]
    #[inline(never)]
    fn add(&mut self, token: &str, hash: u64, vocab: &Vocab) -> u32 {
        let i = self.entries.len() as u32;
        self.entries
            .push((token.into(), Lexical::new(token, vocab)));
        // A hash already taken keeps its first token.
        self.slots.entry(hash).or_insert(i);
        i
    }

    /// Entry `i` ([`Lexicon::look_up`]).
    pub fn get(&self, i: u32) -> &Lexical {
        &self.entries[i as usize].1
    }
}

/// One tagged token.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub span: Span,
    /// As written.
    pub text: &'a str,
    /// Lower-cased, `’` written `'`.
    pub lower: Cow<'a, str>,
    pub kind: Kind,
    /// Id of `lower` among the words the rules name (or [`WordId::NONE`]).
    pub id: WordId,
    /// Each reading's tags (after disambiguation).
    pub readings: Readings,
    /// Union of the readings.
    pub tags: Tags,
    pub feats: Feats,
    pub class: Class,
}

impl Word<'_> {
    /// Some reading has all of `mask`.
    pub fn has(&self, mask: Tags) -> bool {
        self.readings.iter().any(|r| r.contains(mask))
    }

    fn keep(&mut self, pred: impl Fn(Tags) -> bool) {
        if self.readings.iter().any(|&r| pred(r)) {
            self.readings.retain(&pred);
            self.tags = self.readings.iter().fold(Tags::NONE, |a, &r| a | r);
        }
    }

    fn is(&self, class: Class) -> bool {
        self.class.has(class)
    }
}

/// A tagged sentence.
#[derive(Debug, Clone, Default)]
pub struct Sentence<'a> {
    pub words: Vec<Word<'a>>,
    /// (word id, position) of the words the rules name, sorted: where a
    /// rule's required word is, found without reading the sentence again.
    pub index: Vec<(WordId, usize)>,
    /// Position of the first word or number (`words.len()` if none), and
    /// just after the last one (0 if none): where `^` and `$` may stand.
    pub first_word: usize,
    pub after_last_word: usize,
}

/// Tenses and moods of a conjugated verb.
pub const FINITE: Tags = Tags(
    Tags::IPRE.0
        | Tags::IIMP.0
        | Tags::IPSI.0
        | Tags::IFUT.0
        | Tags::COND.0
        | Tags::SPRE.0
        | Tags::SIMP.0
        | Tags::IMPE.0,
);
/// The six persons.
pub const PERSONS: Tags =
    Tags(Tags::P1SG.0 | Tags::P2SG.0 | Tags::P3SG.0 | Tags::P1PL.0 | Tags::P2PL.0 | Tags::P3PL.0);

/// Elided words, which the dictionary keeps as prefixes: their readings.
fn elided_readings(lower: &str) -> Readings {
    match lower {
        "l'" => [Tags::DET | Tags::SG, Tags::PRON | Tags::PRON_OBJ | Tags::SG]
            .into_iter()
            .collect(),
        "j'" => [Tags::PRON | Tags::PRON_SUBJ | Tags::SG]
            .into_iter()
            .collect(),
        "m'" | "t'" => [Tags::PRON | Tags::PRON_OBJ | Tags::SG]
            .into_iter()
            .collect(),
        "s'" => [Tags::PRON | Tags::PRON_OBJ, Tags::CONJ_SUB]
            .into_iter()
            .collect(),
        "n'" => [Tags::ADV].into_iter().collect(),
        "c'" => [Tags::PRON | Tags::PRON_DEM | Tags::SG]
            .into_iter()
            .collect(),
        "d'" => [Tags::PREP, Tags::DET].into_iter().collect(),
        "qu'" => [Tags::CONJ_SUB, Tags::PRON | Tags::PRON_REL]
            .into_iter()
            .collect(),
        "jusqu'" => [Tags::PREP].into_iter().collect(),
        _ => [Tags::CONJ_SUB].into_iter().collect(),
    }
}

/// Pronouns that may follow a verb after a hyphen (« pouvez-vous »,
/// « donnez-le », « a-t-il »), and the other words that may end a
/// hyphenated group (« ce jour-là », « celui-ci »).
const HYPHEN_TAILS: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "moi", "toi", "le", "la",
    "les", "lui", "leur", "y", "en", "là", "ci", "même", "t",
];

/// Determiners that are never pronouns.
const DETERMINERS: &[&str] = &[
    "un",
    "une",
    "des",
    "du",
    "au",
    "aux",
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "son",
    "sa",
    "ses",
    "notre",
    "votre",
    "nos",
    "vos",
    "leurs",
    "ce",
    "cet",
    "cette",
    "ces",
    "chaque",
    "plusieurs",
    "quelques",
    "aucun",
    "aucune",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "nul",
    "nulle",
    "certains",
    "certaines",
];

/// Words after which a personal pronoun is not a subject (« pour vous »,
/// « chez nous »).
const PREPOSITIONS: &[&str] = &[
    "à", "de", "d'", "pour", "par", "avec", "chez", "sans", "sur", "sous", "contre", "envers",
    "selon", "entre", "après", "avant", "vers", "comme", "que", "qu'", "et", "ou", "ni", "dont",
    "auprès", "malgré", "hors", "parmi", "pendant", "depuis", "dès",
];

/// Words that open a clause: a pronoun right after them may be its subject.
const CLAUSE_OPENERS: &[&str] = &[
    "si",
    "s'",
    "que",
    "qu'",
    "quand",
    "lorsque",
    "lorsqu'",
    "puisque",
    "puisqu'",
    "comme",
    "où",
    "car",
    "dont",
    "alors",
    "donc",
    "ainsi",
    "parce",
    "quoique",
    "quoiqu'",
    "pourquoi",
    "comment",
    "aujourd'hui",
    "demain",
    "désormais",
    "ensuite",
    "puis",
    "enfin",
    "bien",
];

const OBJECT_PRONOUNS: &[&str] = &[
    "me", "m'", "te", "t'", "se", "s'", "nous", "vous", "le", "la", "les", "l'", "lui", "leur",
    "y", "en",
];
const SUBJECT_PRONOUNS: &[&str] = &["je", "j'", "tu", "il", "elle", "on", "ils", "elles"];

/// Tags every sentence of `doc`.
pub fn tag<'a>(
    doc: &Document<'a>,
    vocab: &Vocab,
    proper: &dyn Fn(&str) -> bool,
) -> Vec<Sentence<'a>> {
    let mut lexicon = Lexicon::take(vocab);
    let out = doc
        .sentences
        .iter()
        .map(|s| {
            let mut out = Sentence::default();
            tag_into(
                doc,
                s.tokens.clone(),
                None,
                &mut lexicon,
                vocab,
                proper,
                &mut out,
            );
            out
        })
        .collect();
    lexicon.give_back();
    out
}

/// Tags the sentence made of `tokens` into `out`, whose buffers are
/// reused. `known`, when the caller has it, is the [`Lexicon`] entry of
/// each token.
pub fn tag_into<'a>(
    doc: &Document<'a>,
    tokens: std::ops::Range<usize>,
    known: Option<&[u32]>,
    lexicon: &mut Lexicon,
    vocab: &Vocab,
    proper: &dyn Fn(&str) -> bool,
    out: &mut Sentence<'a>,
) {
    let text = doc.text;
    let Sentence {
        words,
        index,
        first_word,
        after_last_word,
    } = out;
    words.clear();
    index.clear();
    for (k, t) in doc.tokens[tokens].iter().enumerate() {
        let s = t.text(text);
        // The whole token's look-up, when the caller made it.
        let entry = match known.and_then(|l| l.get(k)) {
            Some(&e) => e,
            None => lexicon.look_up(s, vocab),
        };
        let lex = lexicon.get(entry);
        let (kind, feats) = match t.kind {
            TokenKind::Word if t.elided => (Kind::Word, Feats::ELIDED),
            TokenKind::Word if lex.hyphen && lex.tags == Tags::NONE => {
                // « pouvez-vous », « a-t-il », « envoyez-nous »: one word per part.
                for (k, (span, part)) in t.parts(text).enumerate() {
                    let feats = if k == 0 {
                        Feats::default()
                    } else {
                        Feats::HYPHEN
                    };
                    let lower_part = part.to_lowercase();
                    if k > 0 && lower_part == "t" {
                        continue;
                    }
                    if k > 0 && !HYPHEN_TAILS.contains(&lower_part.as_str()) {
                        // A compound the dictionary lacks: one unknown word.
                        words.truncate(words.len() - k.min(words.len()));
                        let feats = Feats::default();
                        let lex = lexicon.get(entry);
                        words.push(make_word(s, t.span, Kind::Word, feats, lex, proper));
                        break;
                    }
                    let part_entry = lexicon.look_up(part, vocab);
                    let lex = lexicon.get(part_entry);
                    words.push(make_word(part, span, Kind::Word, feats, lex, proper));
                }
                continue;
            }
            TokenKind::Word => (Kind::Word, Feats::default()),
            TokenKind::Number | TokenKind::Time => (Kind::Number, Feats::default()),
            TokenKind::Punct => (Kind::Punct, Feats::default()),
            _ => (Kind::Other, Feats::default()),
        };
        words.push(make_word(s, t.span, kind, feats, lex, proper));
    }
    if let Some(first) = words.iter_mut().find(|w| w.kind == Kind::Word) {
        first.feats.insert(Feats::START);
    }
    disambiguate(words);
    let is_word = |w: &Word<'_>| matches!(w.kind, Kind::Word | Kind::Number);
    *first_word = words.iter().position(is_word).unwrap_or(words.len());
    *after_last_word = words.iter().rposition(is_word).map_or(0, |i| i + 1);
    index.extend(
        words
            .iter()
            .enumerate()
            .filter(|(_, w)| w.id != WordId::NONE)
            .map(|(j, w)| (w.id, j)),
    );
    index.sort_unstable();
}

/// The word of the token `s` at `span`, whose lexicon entry is `lex`.
/// (Inlined: the word is then built in place in the sentence instead of
/// being copied there, once per token.)
#[inline(always)]
fn make_word<'a>(
    s: &'a str,
    span: Span,
    kind: Kind,
    mut feats: Feats,
    lex: &Lexical,
    proper: &dyn Fn(&str) -> bool,
) -> Word<'a> {
    let lower: Cow<'a, str> = match &lex.lower {
        Some(l) => Cow::Owned(String::from(&**l)),
        None => Cow::Borrowed(s),
    };
    let mut readings = Readings::default();
    let mut tags = Tags::NONE;
    if kind == Kind::Word {
        if lex.capital {
            feats.insert(Feats::CAPITAL);
        }
        if feats.contains(Feats::ELIDED) {
            readings = elided_readings(&lower);
            tags = readings.iter().fold(Tags::NONE, |a, &r| a | r);
        } else if proper(s) {
            feats.insert(Feats::PROPER);
            readings.push(Tags::PROPER_NOUN);
            tags = Tags::PROPER_NOUN;
        } else {
            readings = lex.readings;
            tags = lex.readings_tags;
            if readings.is_empty() && feats.contains(Feats::CAPITAL) {
                feats.insert(Feats::PROPER);
            }
        }
    } else if kind == Kind::Number {
        readings.push(Tags::NUMBER);
        tags = Tags::NUMBER;
    }
    Word {
        span,
        text: s,
        id: lex.id,
        lower,
        kind,
        readings,
        tags,
        feats,
        class: lex.class,
    }
}

fn disambiguate(words: &mut [Word<'_>]) {
    let n = words.len();
    // A question inverts its subject (« Souhaitez-vous… ? »).
    let question = words.iter().any(|w| w.is(Class::QUESTION_MARK));
    // 1. Words that are always one thing in running text.
    for i in 0..n {
        let w = &mut words[i];
        if w.kind != Kind::Word {
            continue;
        }
        if w.is(Class(Class::AVOIR.0 | Class::ETRE.0)) {
            w.keep(|r| r.contains(Tags::VERB));
        } else if w.is(Class::EST) {
            let after_det = i > 0 && words[i - 1].is(Class::LE);
            let w = &mut words[i];
            if after_det {
                w.keep(|r| !r.contains(Tags::VERB));
            } else {
                w.keep(|r| r.contains(Tags::VERB));
            }
        }
    }
    // 2. Personal pronouns: subject or object, by their place. (Only
    // pronouns and determiners are looked at: the test on their tags
    // spares the word lists for every other word.)
    let pronoun_like = Tags(Tags::PRON.0 | Tags::DET.0);
    for i in 0..n {
        if words[i].kind != Kind::Word || !words[i].tags.intersects(pronoun_like) {
            continue;
        }
        let c = words[i].class;
        if words[i].feats.contains(Feats::HYPHEN) {
            // After a verb: inverted subject (« pouvez-vous ») or object of
            // an imperative (« envoyez-nous »).
            let inverted = c.has(Class(Class::SUBJECT_PRONOUN.0 | Class::CE.0))
                || (c.has(Class::VOUS)
                    && i > 0
                    && (question || !words[i - 1].has(Tags::IMPE | Tags::P2PL)))
                || (c.has(Class::NOUS) && i > 0 && !words[i - 1].has(Tags::IMPE));
            if inverted {
                words[i].feats.insert(Feats::SUBJECT);
            } else if c.has(Class(Class::OBJECT_PRONOUN.0 | Class::MOI.0)) {
                words[i].feats.insert(Feats::OBJECT);
            }
            continue;
        }
        let before = i.checked_sub(1).map(|p| words[p].class);
        let after_prep = before.is_some_and(|b| b.has(Class::PREPOSITION));
        if c.has(Class::SUBJECT_PRONOUN) {
            if c.has(Class::JE_TU) || !after_prep || before.is_some_and(|b| b.has(Class::QUE)) {
                words[i].feats.insert(Feats::SUBJECT);
            }
            continue;
        }
        if c.has(Class(Class::NOUS.0 | Class::VOUS.0)) {
            let opener = match before {
                None => true,
                Some(b) => b.has(Class(Class::CLAUSE_OPENER.0 | Class::COMMA.0)),
            };
            let after_subject = i > 0
                && (words[i - 1]
                    .feats
                    .intersects(Feats(Feats::SUBJECT.0 | Feats::OBJECT.0))
                    || words[i - 1].is(Class::NE));
            if after_subject {
                words[i].feats.insert(Feats::OBJECT);
            } else if opener
                && verb_follows(words, i + 1)
                && !inverted_subject_follows(words, i + 1)
            {
                words[i].feats.insert(Feats::SUBJECT);
            } else if !after_prep && verb_follows(words, i + 1) {
                words[i].feats.insert(Feats::OBJECT);
            }
            continue;
        }
        // le, la, les, l', leur: pronoun or determiner.
        if c.has(Class(Class::ARTICLE.0 | Class::CLITIC.0)) {
            let after_pron = i > 0
                && (words[i - 1]
                    .feats
                    .intersects(Feats(Feats::SUBJECT.0 | Feats::OBJECT.0))
                    || words[i - 1].is(Class::NE)
                    || (words[i - 1].is(Class(
                        Class::SUBJECT_PRONOUN.0 | Class::NOUS.0 | Class::VOUS.0,
                    )) && !words[i - 1].feats.contains(Feats::HYPHEN)));
            let next = words.get(i + 1);
            let next_is_nominal = next
                .is_some_and(|w| w.has(Tags::NOUN) || w.has(Tags::ADJ) || w.kind == Kind::Number);
            let next_is_verb = next.is_some_and(|w| w.has(Tags::VERB));
            // « me le renvoyer », « vous les envoie »: after an object
            // pronoun and before a verb, « le, la, les » are pronouns too.
            let after_object = i > 0
                && words[i - 1].is(Class::PRONOUN_BEFORE_PRONOUN)
                && !words[i - 1].feats.contains(Feats::HYPHEN)
                && next_is_verb;
            let article = c.has(Class::ARTICLE);
            let pronoun = if article {
                after_pron
                    || (after_object && c.has(Class::LE_LA_LES))
                    || (!next_is_nominal && (next_is_verb || verb_follows(words, i + 1)))
                    || next.is_some_and(|w| w.is(Class::PRONOUN_AFTER_ARTICLE))
            } else {
                // me, te, se, lui, y, en: pronouns before a verb.
                after_pron || verb_follows(words, i + 1)
            };
            if pronoun {
                words[i].feats.insert(Feats::OBJECT);
                words[i].keep(|r| r.contains(Tags::PRON));
            } else if article {
                words[i].keep(|r| r.contains(Tags::DET));
            }
        }
    }
    // 3. After a determiner: no conjugated verb.
    for i in 1..n {
        let det = {
            let p = &words[i - 1];
            let after_subject = i >= 2
                && words[i - 2]
                    .feats
                    .intersects(Feats(Feats::SUBJECT.0 | Feats::OBJECT.0));
            p.kind == Kind::Word
                && p.tags.intersects(pronoun_like)
                && ((p.is(Class::DETERMINER) && !p.is(Class::CE) && !after_subject)
                    || (p.is(Class::ARTICLE) && !p.feats.contains(Feats::OBJECT)))
        };
        if det {
            words[i]
                .keep(|r| !r.intersects(FINITE) || r.intersects(Tags(Tags::NOUN.0 | Tags::ADJ.0)));
            words[i].keep(|r| {
                r.intersects(Tags(
                    Tags::NOUN.0 | Tags::ADJ.0 | Tags::NUMBER.0 | Tags::ADV.0,
                ))
            });
        }
    }
    // 4. After a subject pronoun (and object pronouns): a verb.
    for i in 0..n {
        if words[i].feats.contains(Feats::SUBJECT) && !words[i].feats.contains(Feats::HYPHEN) {
            let mut j = i + 1;
            while j < n && (words[j].feats.contains(Feats::OBJECT) || words[j].is(Class::NE)) {
                j += 1;
            }
            if j < n {
                words[j].keep(|r| r.contains(Tags::VERB));
            }
        }
    }
    // A word's tags are the union of its readings (`keep` keeps them so):
    // "some reading has one of these tags" is a test of the union.
    for w in words.iter_mut() {
        if w.tags.intersects(FINITE) && !w.tags.intersects(Tags(Tags::NOUN.0 | Tags::ADJ.0)) {
            w.feats.insert(Feats::VERB_ONLY);
        }
    }
}

/// The conjugated verb after `j` (past « ne » and object pronouns) has
/// its subject after it (« Vous a-t-on communiqué », « Vous reste-t-il »).
fn inverted_subject_follows(words: &[Word<'_>], mut j: usize) -> bool {
    while j < words.len() && words[j].is(Class(Class::NE.0 | Class::OBJECT_PRONOUN.0)) {
        j += 1;
    }
    words.get(j + 1).is_some_and(|w| {
        w.feats.contains(Feats::HYPHEN)
            && w.is(Class(
                Class::SUBJECT_PRONOUN.0 | Class::CE.0 | Class::NOUS.0 | Class::VOUS.0,
            ))
    })
}

/// A conjugated verb comes next, after « ne » and object pronouns.
fn verb_follows(words: &[Word<'_>], mut j: usize) -> bool {
    while j < words.len() {
        let w = &words[j];
        if w.kind != Kind::Word {
            return false;
        }
        if w.is(Class::NE)
            || (w.is(Class::OBJECT_PRONOUN)
                && j + 1 < words.len()
                && words[j + 1].kind == Kind::Word)
        {
            j += 1;
            continue;
        }
        return w.tags.intersects(FINITE);
    }
    false
}
