//! Grammar: the faults a dictionary cannot see because every word is
//! French (« Je vais vous rappelé demain », « Votre demande à été prise en
//! compte », « Nous leur avez écrit »).
//!
//! - [`crate::morph`] gives every form its readings (lemma, part of speech,
//!   tense, person, gender, number);
//! - [`tagger`] narrows them by word order, once per sentence;
//! - the rules are data: `lexicon/grammar/<rule-id>.txt`, in the small
//!   pattern language of [`pattern`] (docs/grammar-rules.md), each rule
//!   with its faulty and correct example sentences, which `cargo test`
//!   runs.
//!
//! The four rule ids are families of faults: `verb-form` (infinitive,
//! participle, -er/-é/-ez), `conjugation` (the verb and its subject
//! pronoun), `homophone` (a/à, et/est, ces/ses…) and `agreement` (gender
//! and number in noun groups, subject and verb, participles).

mod agreement;
pub mod pattern;
pub mod tagger;
pub mod vocab;

use crate::diagnostic::Span;
pub use crate::grammar_finding::{Families, Family, GrammarFinding};
use crate::text::{Document, TokenKind};
use pattern::{Match, ParseError, Rule};
use std::sync::LazyLock;
use tagger::Feats;
pub use tagger::Sentence;
use vocab::{FxMap, Vocab, WordId};

/// The rule files, embedded: (family, file name, source).
pub const FILES: &[(Family, &str, &str)] = &[
    (
        Family::VerbForm,
        "lexicon/grammar/verb-form.txt",
        include_str!("../../lexicon/grammar/verb-form.txt"),
    ),
    (
        Family::Conjugation,
        "lexicon/grammar/conjugation.txt",
        include_str!("../../lexicon/grammar/conjugation.txt"),
    ),
    (
        Family::Homophone,
        "lexicon/grammar/homophone.txt",
        include_str!("../../lexicon/grammar/homophone.txt"),
    ),
    (
        Family::Agreement,
        "lexicon/grammar/agreement.txt",
        include_str!("../../lexicon/grammar/agreement.txt"),
    ),
];
/// Word classes shared by the rule files.
pub const CLASSES: (&str, &str) = (
    "lexicon/grammar/classes.txt",
    include_str!("../../lexicon/grammar/classes.txt"),
);

/// The compiled rules.
#[derive(Debug)]
pub struct Grammar {
    vocab: Vocab,
    rules: Vec<(Family, Rule)>,
    /// Rules with an anchor word, by word id (the ids are dense).
    by_word: Vec<Vec<usize>>,
    /// Rules without one: tried on every sentence.
    always: Vec<usize>,
    sets: RequiredSets,
}

/// The word sets the patterns require ([`pattern::Pattern::required`]),
/// numbered, and as bit sets over those numbers: the sets each word
/// belongs to, and the sets each pattern needs. The sets a sentence holds
/// are the union of its words' sets, so "may this pattern match?" is a
/// few word-wide ANDs instead of binary searches in sets of thousands of
/// forms.
#[derive(Debug, Default)]
struct RequiredSets {
    /// Words per bit set.
    width: usize,
    /// Row `id` (of `width` words): the sets word `id` belongs to.
    by_word: Vec<u64>,
    /// `[rule][pattern]`: the sets the pattern needs.
    by_pattern: Vec<Vec<Vec<u64>>>,
    /// `[rule][pattern]`: the number of the set whose words anchor the
    /// pattern ([`pattern::Pattern::anchor_set`]).
    anchor: Vec<Vec<Option<usize>>>,
}

impl RequiredSets {
    fn new(rules: &[(Family, Rule)], words: usize) -> RequiredSets {
        let mut numbers: FxMap<&[WordId], usize> = FxMap::default();
        for p in rules.iter().flat_map(|(_, r)| &r.patterns) {
            for set in &p.required {
                let next = numbers.len();
                numbers.entry(set.as_slice()).or_insert(next);
            }
        }
        let width = numbers.len().div_ceil(64).max(1);
        let mut by_word = vec![0u64; words * width];
        for (set, &n) in &numbers {
            for w in set.iter() {
                by_word[w.0 as usize * width + n / 64] |= 1 << (n % 64);
            }
        }
        let by_pattern = rules
            .iter()
            .map(|(_, r)| {
                r.patterns
                    .iter()
                    .map(|p| {
                        let mut need = vec![0u64; width];
                        for set in &p.required {
                            let n = numbers[set.as_slice()];
                            need[n / 64] |= 1 << (n % 64);
                        }
                        need
                    })
                    .collect()
            })
            .collect();
        let anchor = rules
            .iter()
            .map(|(_, r)| {
                r.patterns
                    .iter()
                    .map(|p| p.anchor_set().map(|set| numbers[set]))
                    .collect()
            })
            .collect();
        RequiredSets {
            width,
            by_word,
            by_pattern,
            anchor,
        }
    }

    /// Into `out`, in order: the positions of the words of set `n`.
    fn positions(&self, n: usize, s: &Sentence<'_>, out: &mut Vec<usize>) {
        out.clear();
        let (block, bit) = (n / 64, 1u64 << (n % 64));
        out.extend(s.words.iter().enumerate().filter_map(|(j, w)| {
            let row = (w.id != WordId::NONE).then(|| w.id.0 as usize * self.width)?;
            (self.by_word.get(row + block)? & bit != 0).then_some(j)
        }));
    }

    /// Into `held`: the sets some word of `present` belongs to.
    fn held(&self, present: &[WordId], held: &mut Vec<u64>) {
        held.clear();
        held.resize(self.width, 0);
        for w in present {
            let row = w.0 as usize * self.width;
            if let Some(sets) = self.by_word.get(row..row + self.width) {
                held.iter_mut().zip(sets).for_each(|(h, s)| *h |= s);
            }
        }
    }

    /// Pattern `p` of rule `r` needs no set beyond `held`.
    fn satisfied(&self, r: usize, p: usize, held: &[u64]) -> bool {
        self.by_pattern[r][p]
            .iter()
            .zip(held)
            .all(|(need, h)| need & !h == 0)
    }
}

/// Keeps marked in `bits` (a bit set over rule indices) the rules for
/// which `keep` holds; true if any is left.
fn retain_marked(bits: &mut [u64], mut keep: impl FnMut(usize) -> bool) -> bool {
    let mut any = false;
    for (block, bits) in bits.iter_mut().enumerate() {
        let mut rest = *bits;
        while rest != 0 {
            let k = rest.trailing_zeros();
            rest &= rest - 1;
            if keep(block * 64 + k as usize) {
                any = true;
            } else {
                *bits &= !(1 << k);
            }
        }
    }
    any
}

/// Longest run of tokens tagged and matched as one sentence.
const MAX_SENTENCE_TOKENS: usize = 300;

/// Buffers a check reuses from one sentence to the next.
#[derive(Default)]
struct Scratch {
    /// The sentence's word ids, sorted, without duplicates.
    present: Vec<WordId>,
    /// The rules to try, as a bit set over rule indices (file order).
    candidates: Vec<u64>,
    matching: pattern::MatchScratch,
    matches: Vec<Match>,
    /// The required word sets the sentence holds.
    held: Vec<u64>,
    /// Each token's [`tagger::Lexicon`] entry, looked up before tagging.
    known: Vec<u32>,
}

static EMBEDDED: LazyLock<Grammar> = LazyLock::new(|| {
    // The embedded files are parsed by a unit test: invalid ones cannot ship.
    Grammar::parse(CLASSES, FILES).expect("embedded grammar rules are valid")
});

impl Grammar {
    /// The rules embedded in the binary.
    pub fn embedded() -> &'static Grammar {
        &EMBEDDED
    }

    /// Compiles rule files.
    pub fn parse(
        classes: (&str, &str),
        files: &[(Family, &str, &str)],
    ) -> Result<Grammar, ParseError> {
        let mut vocab = Vocab::default();
        tagger::intern_classes(&mut vocab);
        let mut class_map = FxMap::default();
        pattern::parse_file(classes.0, classes.1, &mut vocab, &mut class_map)?;
        let mut rules = Vec::new();
        for &(family, name, source) in files {
            for r in pattern::parse_file(name, source, &mut vocab, &mut class_map)? {
                rules.push((family, r));
            }
        }
        // The words of the test sentences need no id; every word a rule
        // names has one.
        let mut by_word: Vec<Vec<usize>> = vec![Vec::new(); vocab.len()];
        let mut always = Vec::new();
        for (i, (_, r)) in rules.iter().enumerate() {
            // A rule is tried on the sentences that hold a word of each
            // pattern's first required set.
            if r.patterns.iter().all(|p| !p.required.is_empty()) {
                for w in r.patterns.iter().flat_map(|p| p.required[0].iter()) {
                    by_word[w.0 as usize].push(i);
                }
            } else {
                always.push(i);
            }
        }
        let sets = RequiredSets::new(&rules, vocab.len());
        Ok(Grammar {
            vocab,
            rules,
            by_word,
            always,
            sets,
        })
    }

    /// The rules, with their family, in file order.
    pub fn rules(&self) -> impl Iterator<Item = (Family, &Rule)> {
        self.rules.iter().map(|(f, r)| (*f, r))
    }

    /// The rule of a finding.
    pub fn rule(&self, i: usize) -> &Rule {
        &self.rules[i].1
    }

    /// Tags every sentence of `doc`; `proper` tells the names the house
    /// style declares.
    pub fn tag<'a>(&self, doc: &Document<'a>, proper: &dyn Fn(&str) -> bool) -> Vec<Sentence<'a>> {
        tagger::tag(doc, &self.vocab, proper)
    }

    /// Every finding of the families `on` in a tagged sentence. Where two
    /// rules flag overlapping words, the first one in file order wins.
    pub fn check_sentence(
        &self,
        text: &str,
        s: &Sentence<'_>,
        on: Families,
        out: &mut Vec<GrammarFinding>,
    ) {
        self.check_tagged(text, s, on, out, &mut Scratch::default(), false);
    }

    /// `judged`: `scratch.candidates` already holds the rules
    /// [`Grammar::worth_tagging`] found for these words (a sentence with
    /// no hyphenated word, whose words are the tokens it looked at).
    fn check_tagged(
        &self,
        text: &str,
        s: &Sentence<'_>,
        on: Families,
        out: &mut Vec<GrammarFinding>,
        scratch: &mut Scratch,
        judged: bool,
    ) {
        let Scratch {
            present,
            candidates,
            matching,
            matches,
            held,
            ..
        } = scratch;
        let feats = s
            .words
            .iter()
            .fold(Feats::default(), |a, w| Feats(a.0 | w.feats.0));
        if judged {
            // Only the features are new since: a rule stays if one of its
            // patterns' features are there.
            self.drop_unfeatured(feats, candidates);
        } else {
            present.clear();
            present.extend(s.index.iter().map(|&(w, _)| w));
            present.dedup();
            self.candidates(present, feats, on, candidates, held);
        }
        let first = out.len();
        for (block, &bits) in candidates.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let i = block * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let (family, rule) = &self.rules[i];
                matches.clear();
                for (j, p) in rule.patterns.iter().enumerate() {
                    match self.sets.anchor[i][j] {
                        Some(n) => {
                            self.sets.positions(n, s, &mut matching.anchors);
                            p.find_from_anchors(s, matching, matches);
                        }
                        None => p.find_into(s, matching, matches),
                    }
                }
                for m in matches.iter() {
                    let (a, b) = m.marked;
                    let span = Span::new(s.words[a].span.start, s.words[b - 1].span.end);
                    if out[first..].iter().any(|f| f.span.overlaps(span)) {
                        continue;
                    }
                    let excepted = rule.exceptions.iter().any(|e| {
                        e.find_all(s)
                            .iter()
                            .any(|em| em.marked.0 < b && a < em.marked.1)
                    });
                    if excepted {
                        continue;
                    }
                    let suggestions = rule.suggestions(text, s, m);
                    out.push(GrammarFinding {
                        family: *family,
                        rule: i,
                        span,
                        message: rule.message(text, s, m),
                        safe: rule.safe && suggestions.len() == 1,
                        suggestions,
                    });
                }
            }
        }
    }

    /// Marks in `bits` the rules of the families `on` that may match a
    /// sentence with the words `present` (sorted ids) and a token with each
    /// of the features `feats`; true if there is one.
    fn candidates(
        &self,
        present: &[WordId],
        feats: Feats,
        on: Families,
        bits: &mut Vec<u64>,
        held: &mut Vec<u64>,
    ) -> bool {
        self.sets.held(present, held);
        bits.clear();
        bits.resize(self.rules.len().div_ceil(64), 0);
        let mut mark = |i: usize| bits[i / 64] |= 1 << (i % 64);
        self.always.iter().for_each(|&i| mark(i));
        for w in present {
            if let Some(rs) = self.by_word.get(w.0 as usize) {
                rs.iter().for_each(|&i| mark(i));
            }
        }
        // Then each rule marked is judged once.
        retain_marked(bits, |i| {
            let (family, rule) = &self.rules[i];
            on.contains(*family)
                && rule.patterns.iter().enumerate().any(|(j, p)| {
                    feats.contains(p.required_feats) && self.sets.satisfied(i, j, held)
                })
        })
    }

    /// Unmarks in `bits` the rules none of whose patterns finds the
    /// features it needs among `feats`.
    fn drop_unfeatured(&self, feats: Feats, bits: &mut [u64]) {
        retain_marked(bits, |i| {
            self.rules[i]
                .1
                .patterns
                .iter()
                .any(|p| feats.contains(p.required_feats))
        });
    }

    /// Whether some rule may match the sentence made of `tokens`, judged
    /// before tagging from its words alone: a third of the sentences of
    /// running text hold none of the words the rules need and are not
    /// tagged at all. The words are over-approximated (a hyphenated word
    /// counts as itself and as each of its parts), so no match is lost.
    ///
    /// `None`: no rule may match. `Some(judged)`: the rules to try are in
    /// `scratch.candidates`; `judged` is true when they stand for the
    /// tagged sentence too (no hyphenated word, so its words are these
    /// tokens) and only the features remain to be checked.
    fn worth_tagging(
        &self,
        doc: &Document<'_>,
        tokens: std::ops::Range<usize>,
        on: Families,
        scratch: &mut Scratch,
        lexicon: &mut tagger::Lexicon,
    ) -> Option<bool> {
        let Scratch {
            present,
            candidates,
            held,
            known,
            ..
        } = scratch;
        present.clear();
        known.clear();
        let mut hyphen = false;
        for t in &doc.tokens[tokens] {
            let s = t.text(doc.text);
            let entry = lexicon.look_up(s, &self.vocab);
            known.push(entry);
            let lex = lexicon.get(entry);
            present.push(lex.id);
            if t.kind == TokenKind::Word && lex.hyphen {
                hyphen = true;
                for part in s.split('-') {
                    let entry = lexicon.look_up(part, &self.vocab);
                    present.push(lexicon.get(entry).id);
                }
            }
        }
        present.retain(|&id| id != WordId::NONE);
        present.sort_unstable();
        present.dedup();
        // Only the hyphen is known before tagging; any other feature may
        // turn up.
        let feats = if hyphen {
            Feats(u16::MAX)
        } else {
            Feats(!Feats::HYPHEN.0)
        };
        self.candidates(present, feats, on, candidates, held)
            .then_some(!hyphen)
    }

    /// Every finding in `doc`, sorted by position. Sentences are tagged
    /// and checked one at a time, in buffers reused from one to the next.
    pub fn check(
        &self,
        doc: &Document<'_>,
        on: Families,
        proper: &dyn Fn(&str) -> bool,
    ) -> Vec<GrammarFinding> {
        self.check_with(doc, on, proper, None)
    }

    /// [`Grammar::check`], answering the sentences `cache` has seen from
    /// it. The caller keeps one cache per set of families and names
    /// (`on`, `proper`): a sentence's findings depend on nothing else.
    pub fn check_cached(
        &self,
        doc: &Document<'_>,
        on: Families,
        proper: &dyn Fn(&str) -> bool,
        cache: &mut SentenceCache,
    ) -> Vec<GrammarFinding> {
        self.check_with(doc, on, proper, Some(cache))
    }

    fn check_with(
        &self,
        doc: &Document<'_>,
        on: Families,
        proper: &dyn Fn(&str) -> bool,
        mut cache: Option<&mut SentenceCache>,
    ) -> Vec<GrammarFinding> {
        let mut out = Vec::new();
        let mut sentence = Sentence::default();
        let mut scratch = Scratch::default();
        let mut lexicon = tagger::Lexicon::take(&self.vocab);
        // A "sentence" of thousands of tokens (a text with no full stop, a
        // run of symbols) is read in pieces of a bounded length, so the
        // cost stays linear in the text.
        let pieces = joined_sentences(doc).into_iter().flat_map(|s| {
            s.clone()
                .step_by(MAX_SENTENCE_TOKENS)
                .map(move |a| a..(a + MAX_SENTENCE_TOKENS).min(s.end))
        });
        for tokens in pieces {
            // The piece's text, from its first token to its last: the
            // cache's key (a sentence is read from its tokens alone).
            let (Some(first), Some(last)) = (
                doc.tokens.get(tokens.start),
                tokens.end.checked_sub(1).and_then(|i| doc.tokens.get(i)),
            ) else {
                continue;
            };
            let at = first.span.start;
            let key = &doc.text[at..last.span.end];
            if let Some(found) = cache.as_deref().and_then(|c| c.map.get(key)) {
                out.extend(found.iter().map(|f| f.moved(at, true)));
                continue;
            }
            let before = out.len();
            if let Some(judged) =
                self.worth_tagging(doc, tokens.clone(), on, &mut scratch, &mut lexicon)
            {
                tagger::tag_into(
                    doc,
                    tokens,
                    Some(&scratch.known),
                    &mut lexicon,
                    &self.vocab,
                    proper,
                    &mut sentence,
                );
                self.check_tagged(doc.text, &sentence, on, &mut out, &mut scratch, judged);
            }
            if let Some(c) = cache.as_deref_mut() {
                c.insert(
                    key,
                    out[before..].iter().map(|f| f.moved(at, false)).collect(),
                );
            }
        }
        lexicon.give_back();
        out.sort_by_key(|f| (f.span.start, f.span.end));
        out
    }
}

/// The findings of sentences already checked, by the sentence's text,
/// with spans from the sentence's start. Advisors' replies repeat set
/// phrases (greetings, apologies, closings, the team's macros): a sentence
/// seen before is answered without being looked up, tagged or matched
/// again. Bounded: when it holds [`SentenceCache::MAX_BYTES`] of text, it
/// starts again empty.
#[derive(Debug, Default)]
pub struct SentenceCache {
    map: FxMap<Box<str>, Box<[GrammarFinding]>>,
    bytes: usize,
}

impl SentenceCache {
    /// The text the cache holds at most (its findings are few: most
    /// sentences have none).
    pub const MAX_BYTES: usize = 2 << 20;

    fn insert(&mut self, sentence: &str, found: Box<[GrammarFinding]>) {
        if self.bytes + sentence.len() > Self::MAX_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += sentence.len();
        self.map.insert(sentence.into(), found);
    }
}

impl GrammarFinding {
    /// This finding with its span moved by `by` bytes, forward or back.
    fn moved(&self, by: usize, forward: bool) -> GrammarFinding {
        let (start, end) = if forward {
            (self.span.start + by, self.span.end + by)
        } else {
            (self.span.start - by, self.span.end - by)
        };
        GrammarFinding {
            span: Span::new(start, end),
            ..self.clone()
        }
    }
}

/// The tokens of each sentence the grammar reads: the document's
/// sentences, except that a line cut in the middle of a sentence is joined
/// to the next (a text wrapped at a fixed width: « la relation est la⏎
/// suivante »). The document ends a sentence at every line break, as a
/// chat bubble's lines are; for grammar, a line that ends without
/// punctuation, followed in the same bubble by a line that starts with a
/// lower-case word, goes on the same sentence.
fn joined_sentences(doc: &Document<'_>) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(doc.sentences.len());
    let mut previous: Option<&crate::text::Sentence> = None;
    for s in &doc.sentences {
        let wrapped = previous.is_some_and(|p| {
            let last = p.tokens.end.checked_sub(1).and_then(|i| doc.tokens.get(i));
            let first = doc.tokens.get(s.tokens.start);
            p.block == s.block
                && s.line == p.line + 1
                && last.is_some_and(|t| t.kind == TokenKind::Word || t.text(doc.text) == ",")
                && first.is_some_and(|t| {
                    t.kind == TokenKind::Word
                        && t.text(doc.text)
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase)
                })
        });
        match out.last_mut() {
            Some(range) if wrapped => range.end = s.tokens.end,
            _ => out.push(s.tokens.clone()),
        }
        previous = Some(s);
    }
    out
}

#[cfg(test)]
mod tests;
