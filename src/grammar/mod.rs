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
use crate::text::Document;
use pattern::{ParseError, Rule};
use std::collections::HashMap;
use std::sync::LazyLock;
pub use tagger::Sentence;
use vocab::{Vocab, WordId};

/// A family of grammar faults: one rule id each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    VerbForm,
    Conjugation,
    Homophone,
    Agreement,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::VerbForm,
        Family::Conjugation,
        Family::Homophone,
        Family::Agreement,
    ];

    /// The rule id.
    pub fn id(self) -> &'static str {
        match self {
            Family::VerbForm => "verb-form",
            Family::Conjugation => "conjugation",
            Family::Homophone => "homophone",
            Family::Agreement => "agreement",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of families (the ones the house style turns on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Families(pub u8);

impl Families {
    pub const ALL: Families = Families(0b1111);

    pub fn with(self, f: Family) -> Families {
        Families(self.0 | f.bit())
    }

    pub fn contains(self, f: Family) -> bool {
        self.0 & f.bit() != 0
    }
}

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

/// One grammar finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarFinding {
    pub family: Family,
    /// Index of the rule in [`Grammar::rules`].
    pub rule: usize,
    pub span: Span,
    pub message: String,
    pub suggestions: Vec<String>,
    /// The first suggestion may be applied without reading.
    pub safe: bool,
}

/// The compiled rules.
#[derive(Debug)]
pub struct Grammar {
    vocab: Vocab,
    rules: Vec<(Family, Rule)>,
    /// Rules with an anchor word, by word.
    by_word: HashMap<WordId, Vec<usize>>,
    /// Rules without one: tried on every sentence.
    always: Vec<usize>,
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
        let mut class_map = HashMap::new();
        pattern::parse_file(classes.0, classes.1, &mut vocab, &mut class_map)?;
        let mut rules = Vec::new();
        for &(family, name, source) in files {
            for r in pattern::parse_file(name, source, &mut vocab, &mut class_map)? {
                rules.push((family, r));
            }
        }
        // The words of the test sentences need no id; every word a rule
        // names has one.
        let mut by_word: HashMap<WordId, Vec<usize>> = HashMap::new();
        let mut always = Vec::new();
        for (i, (_, r)) in rules.iter().enumerate() {
            // A rule is tried on the sentences that hold a word of each
            // pattern's first required set.
            if r.patterns.iter().all(|p| !p.required.is_empty()) {
                for w in r.patterns.iter().flat_map(|p| p.required[0].iter()) {
                    by_word.entry(*w).or_default().push(i);
                }
            } else {
                always.push(i);
            }
        }
        Ok(Grammar {
            vocab,
            rules,
            by_word,
            always,
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
        let mut present: Vec<WordId> = s.index.iter().map(|&(w, _)| w).collect();
        present.dedup();
        let mut candidates: Vec<usize> = self.always.clone();
        for &w in &present {
            if let Some(rs) = self.by_word.get(&w) {
                candidates.extend(rs);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&i| {
            self.rules[i]
                .1
                .patterns
                .iter()
                .any(|p| p.may_match(&present))
        });
        let first = out.len();
        for i in candidates {
            let (family, rule) = &self.rules[i];
            if !on.contains(*family) {
                continue;
            }
            for m in rule.patterns.iter().flat_map(|p| p.find_all(s)) {
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
                let suggestions = rule.suggestions(text, s, &m);
                out.push(GrammarFinding {
                    family: *family,
                    rule: i,
                    span,
                    message: rule.message(text, s, &m),
                    safe: rule.safe && suggestions.len() == 1,
                    suggestions,
                });
            }
        }
    }

    /// Every finding in `doc`, sorted by position.
    pub fn check(
        &self,
        doc: &Document<'_>,
        on: Families,
        proper: &dyn Fn(&str) -> bool,
    ) -> Vec<GrammarFinding> {
        let mut out = Vec::new();
        for s in self.tag(doc, proper) {
            self.check_sentence(doc.text, &s, on, &mut out);
        }
        out.sort_by_key(|f| (f.span.start, f.span.end));
        out
    }
}

#[cfg(test)]
mod tests;
