//! The matching kit of the lexicon rules: what the lexicon-rule kind
//! ([`crate::rules::lexicon_rule`]: `sms-language`, `abbreviation`,
//! `familiar-register`, `negative-wording`, `weak-verb`) and `tutoiement`
//! share about a match: its neighbourhood ([`Ctx`]), the context word
//! lists of `lexicon/context.toml`, the clause tests of the phrase markers.
//! The quote policy and the notion of sentence start live on the
//! [`Document`] (computed once, the same for every rule); the case fitter
//! is [`crate::text::fit_case`].

use crate::diagnostic::Span;
use crate::lexicon::{self, Entry, LexiconError, PhraseMatcher};
use crate::text::{fit_case, Document, Token, TokenKind};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// True when `text` equals the lower-case `lower`, ignoring case and the
/// apostrophe variant, without allocating.
pub(crate) fn eq_fold(text: &str, lower: &str) -> bool {
    let mut a = text.chars().flat_map(|c| {
        let c = if matches!(c, '\u{2019}' | '\u{02BC}') {
            '\''
        } else {
            c
        };
        c.to_lowercase()
    });
    let mut b = lower.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// A lexicon match and its neighbourhood in the document.
pub(crate) struct Ctx<'d, 'a> {
    pub doc: &'d Document<'a>,
    pub span: Span,
    /// First and last token of the match.
    pub first: usize,
    pub last: usize,
}

impl<'d, 'a> Ctx<'d, 'a> {
    pub fn new(doc: &'d Document<'a>, span: Span) -> Option<Self> {
        let first = doc.tokens.partition_point(|t| t.span.end <= span.start);
        let end = doc.tokens.partition_point(|t| t.span.start < span.end);
        (first < end).then_some(Ctx {
            doc,
            span,
            first,
            last: end - 1,
        })
    }

    pub fn text(&self) -> &'a str {
        self.span.slice(self.doc.text)
    }

    fn same_line(&self, a: &Token, b: &Token) -> bool {
        let (x, y) = if a.span.start <= b.span.start {
            (a, b)
        } else {
            (b, a)
        };
        x.span.end <= y.span.start && !self.doc.text[x.span.end..y.span.start].contains('\n')
    }

    /// The token before the match, on the same line.
    pub fn prev(&self) -> Option<&'d Token> {
        let t = self.doc.tokens.get(self.first.checked_sub(1)?)?;
        self.same_line(t, &self.doc.tokens[self.first]).then_some(t)
    }

    /// The token after the match, on the same line.
    pub fn next(&self) -> Option<&'d Token> {
        let t = self.doc.tokens.get(self.last + 1)?;
        self.same_line(&self.doc.tokens[self.last], t).then_some(t)
    }

    pub fn prev_kind(&self) -> Option<TokenKind> {
        self.prev().map(|t| t.kind)
    }

    pub fn next_kind(&self) -> Option<TokenKind> {
        self.next().map(|t| t.kind)
    }

    /// The previous token is one of `words` (lower case).
    pub fn prev_is<S: AsRef<str>>(&self, words: &[S]) -> bool {
        self.prev().is_some_and(|t| {
            words
                .iter()
                .any(|w| eq_fold(t.text(self.doc.text), w.as_ref()))
        })
    }

    /// The next token is one of `words` (lower case).
    pub fn next_is<S: AsRef<str>>(&self, words: &[S]) -> bool {
        self.next().is_some_and(|t| {
            words
                .iter()
                .any(|w| eq_fold(t.text(self.doc.text), w.as_ref()))
        })
    }

    pub fn prev_is_number(&self) -> bool {
        matches!(self.prev_kind(), Some(TokenKind::Number | TokenKind::Time))
    }

    pub fn next_is_number(&self) -> bool {
        matches!(self.next_kind(), Some(TokenKind::Number | TokenKind::Time))
    }

    /// The previous word is a single letter (`a, b, c`), skipping a comma.
    pub fn prev_is_single_letter(&self) -> bool {
        let mut i = self.first;
        while i > 0 {
            i -= 1;
            let t = &self.doc.tokens[i];
            let s = t.text(self.doc.text);
            if t.kind == TokenKind::Punct && matches!(s, "," | ")" | ".") {
                continue;
            }
            return t.is_word() && s.chars().count() == 1;
        }
        false
    }

    /// The match starts a sentence ([`Document::starts_sentence`]).
    pub fn at_sentence_start(&self) -> bool {
        self.doc.starts_sentence(self.first)
    }

    /// The match is its sentence's only word (`Top !`, `Super, merci`):
    /// it starts the sentence and is followed by punctuation or nothing.
    pub fn stands_alone(&self) -> bool {
        self.at_sentence_start()
            && self.next().map_or(true, |t| {
                matches!(
                    t.kind,
                    TokenKind::Punct | TokenKind::Emoji | TokenKind::Emoticon
                )
            })
    }

    /// The match is quoted ([`Document::in_quotes`]).
    pub fn in_quotes(&self) -> bool {
        self.doc.in_quotes(self.span)
    }
}

/// The context word lists (`lexicon/context.toml`), parsed once.
static CONTEXT: LazyLock<BTreeMap<String, BTreeMap<String, Vec<String>>>> = LazyLock::new(|| {
    toml::from_str(CONTEXT_SRC)
        .unwrap_or_else(|e| panic!("embedded lexicon/context.toml is broken: {e}"))
});

/// The embedded context word lists.
pub const CONTEXT_SRC: &str = include_str!("../../lexicon/context.toml");

/// The context word list `name` of `rule` in `lexicon/context.toml`
/// (the words around a match that its guards look for). Panics on a
/// missing list: the rules' tests build every rule first.
pub(crate) fn context(rule: &str, name: &str) -> &'static [String] {
    CONTEXT
        .get(rule)
        .and_then(|lists| lists.get(name))
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("lexicon/context.toml has no list {name} in [{rule}]"))
}

/// The context word list `name` of `rule`, if there is one.
pub(crate) fn context_list(rule: &str, name: &str) -> Option<&'static [String]> {
    CONTEXT
        .get(rule)
        .and_then(|lists| lists.get(name))
        .map(Vec::as_slice)
}

/// `word` (folded) is in `list`.
fn in_list(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// The help line: the rule's advice `base`, then the lexicon's conseils;
/// a form with conseils and no replacement gets its conseils alone
/// (`mdr` → « supprimez ce rire… »). The renderers add the suggestions.
pub(crate) fn help_text(base: &str, suggestions: &[String], hints: &[String]) -> String {
    let mut help = String::new();
    if !suggestions.is_empty() || hints.is_empty() {
        help.push_str(base);
    }
    for h in hints {
        if !help.is_empty() {
            help.push_str(" ; ");
        }
        help.push_str(h);
    }
    help
}

/// Parse an embedded lexicon, panicking on a broken one (a test parses
/// every embedded lexicon first).
pub(crate) fn embedded(file: &str, src: &str) -> Vec<Entry> {
    lexicon::parse(file, src).unwrap_or_else(|e| panic!("embedded lexicon is broken: {e}"))
}

/// Every acronym the abbreviation lexicon knows, upper case (`CB`,
/// `TVA`…), for the rules that must tell an acronym from shouting or from
/// an SMS form.
pub fn acronyms() -> std::collections::HashSet<String> {
    embedded(lexicon::ABBREVIATION_FILE, lexicon::ABBREVIATION)
        .into_iter()
        .filter(|e| crate::text::case_of(&e.pattern) == crate::text::Case::Upper)
        .map(|e| e.pattern)
        .collect()
}

// ---------------------------------------------------------------------------
// Phrase lexicons with context markers: `negative-wording`, `weak-verb`,
// `tutoiement`.

/// Where a lexicon form may match (see the header of
/// `lexicon/negative-wording.txt`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Markers {
    /// `^form`: only where a clause begins.
    pub clause_start: bool,
    /// `form$`: only where a clause ends.
    pub clause_end: bool,
    /// `form *`: only before an action verb in the infinitive.
    pub action_verb: bool,
    /// `form => (correct)`: an exception that silences what it overlaps.
    pub exception: bool,
}

/// Split the markers off an entry's pattern.
pub(crate) fn strip_markers(mut e: Entry) -> (Entry, Markers) {
    let mut m = Markers::default();
    let mut p = e.pattern.trim();
    if let Some(rest) = p.strip_prefix('^') {
        m.clause_start = true;
        p = rest.trim_start();
    }
    if let Some(rest) = p.strip_suffix('*') {
        m.action_verb = true;
        p = rest.trim_end();
    }
    if let Some(rest) = p.strip_suffix('$') {
        m.clause_end = true;
        p = rest.trim_end();
    }
    m.exception = e.suggestions.is_empty() && e.hints.len() == 1 && e.hints[0] == "correct";
    e.pattern = p.to_string();
    (e, m)
}

/// A lexicon of phrases with markers, compiled once per linter.
pub(crate) struct PhraseLexicon {
    matcher: PhraseMatcher,
    markers: Vec<Markers>,
}

impl PhraseLexicon {
    /// Parse the embedded `src` (named `file` in errors), add the house
    /// style's `add` entries and drop its `remove` forms (markers ignored
    /// when comparing forms).
    pub(crate) fn load(
        file: &str,
        src: &str,
        add: &[String],
        remove: &[String],
    ) -> Result<Self, LexiconError> {
        let base: Vec<(Entry, Markers)> = lexicon::parse(file, src)?
            .into_iter()
            .map(strip_markers)
            .collect();
        let mut added = Vec::with_capacity(add.len());
        for (i, a) in add.iter().enumerate() {
            let (e, _) = lexicon::parse_line(a)
                .map_err(|m| lexicon::add_error("configuration", i, a, &m))?;
            let (e, m) = strip_markers(e);
            if e.pattern.is_empty() {
                return Err(lexicon::add_error("configuration", i, a, "forme vide"));
            }
            added.push((e, m));
        }
        // `remove` forms are compared without their markers.
        let removed: Vec<String> = remove
            .iter()
            .map(|r| {
                strip_markers(Entry {
                    pattern: r.clone(),
                    suggestions: Vec::new(),
                    hints: Vec::new(),
                })
                .0
                .pattern
            })
            .collect();
        let mut items = lexicon::merge(base, added, &removed, |(e, _)| {
            lexicon::normalize(&e.pattern)
        });
        items.retain(|(e, _)| !e.pattern.is_empty());
        let (entries, markers): (Vec<Entry>, Vec<Markers>) = items.into_iter().unzip();
        Ok(PhraseLexicon {
            matcher: PhraseMatcher::new(entries),
            markers,
        })
    }

    /// The matches in `doc` that pass their markers, outside quotes.
    pub(crate) fn find<'m>(&'m self, doc: &Document<'_>) -> Vec<(Span, &'m Entry)> {
        let found = self.matcher.find_iter(doc);
        if found.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for m in found {
            let idx = m.index;
            let mk = self.markers[idx];
            if mk.exception
                || doc.in_quotes(m.span)
                || (mk.clause_start && !clause_start(doc, m.span.start))
                || (mk.clause_end && !clause_end(doc, m.span.end))
                || (mk.action_verb && !action_verb_follows(doc, m.span.end))
            {
                continue;
            }
            out.push((m.span, m.entry));
        }
        out
    }
}

/// A suggestion fitted to the text at `span` it replaces: the case its
/// place needs ([`fit_case`]), and a space after it when the form ends
/// with an elision (`d'` → `à `).
pub(crate) fn fit_suggestion(
    doc: &Document<'_>,
    span: Span,
    suggestion: &str,
    entry: &Entry,
) -> String {
    let at_start = doc
        .token_at(span.start)
        .is_some_and(|i| doc.starts_sentence(i));
    let mut s = fit_case(span.slice(doc.text), suggestion, at_start, true);
    let elided = entry.pattern.ends_with(['\'', '’']);
    if elided && !s.ends_with(['\'', '’', ' ']) {
        s.push(' ');
    }
    s
}

/// Words after which a clause still counts as beginning (`Oui pas de
/// souci`, `et vous devez…`).
static CLAUSE_LEADS: LazyLock<&'static [String]> =
    LazyLock::new(|| context("clauses", "clause-leads"));

/// Words that open a new clause right after a phrase (`Il n'y a pas de
/// souci je m'en occupe`).
static CLAUSE_OPENERS: LazyLock<&'static [String]> =
    LazyLock::new(|| context("clauses", "clause-openers"));

/// The index of the token that starts at or after byte `offset`.
fn token_from(doc: &Document<'_>, offset: usize) -> usize {
    doc.tokens.partition_point(|t| t.span.start < offset)
}

/// True when a line break lies between bytes `a` and `b`.
fn line_break_between(doc: &Document<'_>, a: usize, b: usize) -> bool {
    doc.text.get(a..b).is_some_and(|s| s.contains('\n'))
}

fn is_boundary_punct(doc: &Document<'_>, i: usize) -> bool {
    let t = &doc.tokens[i];
    match t.kind {
        TokenKind::Punct => !matches!(t.text(doc.text), "'" | "’"),
        TokenKind::Emoji | TokenKind::Emoticon => true,
        _ => false,
    }
}

/// True when the phrase starting at byte `start` opens a clause.
pub(crate) fn clause_start(doc: &Document<'_>, start: usize) -> bool {
    let i = token_from(doc, start);
    if i == 0 {
        return true;
    }
    let prev = &doc.tokens[i - 1];
    if line_break_between(doc, prev.span.end, start) || is_boundary_punct(doc, i - 1) {
        return true;
    }
    prev.is_word() && in_list(&CLAUSE_LEADS, &lexicon::normalize(prev.text(doc.text)))
}

/// True when the phrase ending at byte `end` closes a clause.
pub(crate) fn clause_end(doc: &Document<'_>, end: usize) -> bool {
    let i = token_from(doc, end);
    let Some(next) = doc.tokens.get(i) else {
        return true;
    };
    if line_break_between(doc, end, next.span.start) || is_boundary_punct(doc, i) {
        return true;
    }
    next.is_word() && in_list(&CLAUSE_OPENERS, &lexicon::normalize(next.text(doc.text)))
}

/// Pronouns and adverbs skipped between « vous devez » and its verb.
static BEFORE_VERB: LazyLock<&'static [String]> =
    LazyLock::new(|| context("clauses", "before-verb"));

/// Verbs and adverbs that make « vous devez » a statement, not an order
/// (`vous devez recevoir un e-mail`, `vous devez sûrement…`).
static INFORMATIONAL: LazyLock<&'static [String]> =
    LazyLock::new(|| context("clauses", "informational"));

/// True when an action verb in the infinitive follows byte `end`.
pub(crate) fn action_verb_follows(doc: &Document<'_>, end: usize) -> bool {
    let mut i = token_from(doc, end);
    for _ in 0..5 {
        let Some(t) = doc.tokens.get(i) else {
            return false;
        };
        if !t.is_word() {
            return false;
        }
        let w = lexicon::normalize(t.text(doc.text));
        if in_list(&INFORMATIONAL, &w) {
            return false;
        }
        if in_list(&BEFORE_VERB, &w) {
            i += 1;
            continue;
        }
        return w.chars().count() > 3
            && (w.ends_with("er") || w.ends_with("ir") || w.ends_with("re"));
    }
    false
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Config, Linter};

    /// A linter with rule `id` alone.
    pub(crate) fn linter(id: &str) -> Linter {
        let mut c = Config::default();
        c.select(&[id.into()], &[]).unwrap();
        Linter::new(c).unwrap()
    }

    /// The flagged texts of the linter `l` in `text`.
    pub(crate) fn flagged(l: &Linter, text: &str) -> Vec<String> {
        l.check(text)
            .iter()
            .map(|d| d.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn context_lists_are_sorted_and_duplicate_free() {
        for (rule, lists) in CONTEXT.iter() {
            for (name, words) in lists {
                assert!(!words.is_empty(), "[{rule}] {name} is empty");
                for w in words.windows(2) {
                    assert!(
                        w[0] < w[1],
                        "[{rule}] {name}: « {} » then « {} »",
                        w[0],
                        w[1]
                    );
                }
                for w in words {
                    assert_eq!(
                        w,
                        &w.to_lowercase(),
                        "[{rule}] {name}: « {w} » not lower case"
                    );
                }
            }
        }
    }

    /// The forms of a lexicon file with markers, markers stripped and
    /// normalized, are in strictly increasing order.
    pub(crate) fn assert_sorted_unique(src: &str) {
        let keys: Vec<String> = lexicon::parse("t", src)
            .unwrap()
            .into_iter()
            .map(|e| lexicon::normalize(&strip_markers(e).0.pattern))
            .collect();
        for w in keys.windows(2) {
            assert!(
                w[0] < w[1],
                "not sorted or duplicated: « {} » then « {} »",
                w[0],
                w[1]
            );
        }
    }
}
