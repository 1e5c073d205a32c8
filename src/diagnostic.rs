//! Spans, severities, fixes and the diagnostic every rule reports.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into the checked text, always on
/// `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers in `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span shifted by `offset` bytes (used when a text is checked as
    /// part of a larger file, e.g. one turn of a transcript).
    pub fn shifted(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// How serious a finding is. The house style decides it, not the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The French word shown to advisors.
    pub fn label_fr(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "avertissement",
            Severity::Error => "erreur",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the first suggestion may be applied without a human reading it
/// (ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Cannot change the meaning: spacing, doubled punctuation, one
    /// standard spelling for an SMS form. Applied by `tchatlint fix`.
    Safe,
    /// A rewording that a person should read first.
    #[default]
    Unsafe,
}

/// One finding of one rule, before the house style stamps a severity on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// Replacements for the text under `span`, best first.
    pub suggestions: Vec<String>,
    pub applicability: Applicability,
    /// Overrides the rule's configured severity (e.g. `sentence-length`
    /// above `error_above`).
    pub severity: Option<Severity>,
}

/// `parts` end to end, in a string of the right size: the messages of the
/// most frequent findings are built this way rather than with `format!`,
/// which costs several times more.
pub fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

impl Finding {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Finding {
            span,
            message: message.into(),
            help: None,
            suggestions: Vec::new(),
            applicability: Applicability::Unsafe,
            severity: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn suggest(mut self, s: impl Into<String>) -> Self {
        self.suggestions.push(s.into());
        self
    }

    pub fn suggestions<I, S>(mut self, it: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.suggestions.extend(it.into_iter().map(Into::into));
        self
    }

    pub fn safe(mut self) -> Self {
        self.applicability = Applicability::Safe;
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = Some(s);
        self
    }
}

/// A finding with its rule id and final severity: what the linter returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub span: Span,
    pub suggestions: Vec<String>,
    #[serde(skip)]
    pub applicability: Applicability,
}

impl Diagnostic {
    /// True when `tchatlint fix` may apply the first suggestion.
    pub fn is_safe_fix(&self) -> bool {
        self.applicability == Applicability::Safe && !self.suggestions.is_empty()
    }
}

/// Line/column position (both 1-based, column in characters) of a byte
/// offset, plus the offsets in Unicode scalar values and UTF-16 units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Converts byte offsets of one text into lines, columns, char and UTF-16
/// offsets. Built once per text; look-ups are binary searches.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based line and 1-based column (in characters) of `offset`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// [`LineIndex::position`] of `offset`, counting the characters from an
    /// earlier offset `from.0` of known position `from.1` when `offset` is
    /// on the same line after it (positions of sorted spans on long lines).
    pub fn position_from(&self, text: &str, from: (usize, Position), offset: usize) -> Position {
        let offset = offset.min(text.len());
        let (at, p) = from;
        let next_line = self.line_starts.get(p.line).copied().unwrap_or(usize::MAX);
        if at <= offset && offset < next_line && text.is_char_boundary(at) {
            return Position {
                line: p.line,
                column: p.column + text[at..offset].chars().count(),
            };
        }
        self.position(text, offset)
    }

    /// Byte range of the 1-based line `line`, without its line terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_starts[line - 1];
        let mut end = self
            .line_starts
            .get(line)
            .map(|&s| s - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Number of Unicode scalar values before byte `offset`.
pub fn char_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].chars().count()
}

/// Number of UTF-16 code units before byte `offset` (what JavaScript uses).
pub fn utf16_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .chars()
        .map(char::len_utf16)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_counted_on_from_an_earlier_one_are_the_same() {
        let text = "Bonjour Mme Dupré,\r\nvotre commande est partie.\n\nÀ bientôt 🙂 !\n";
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &a in &offsets {
            for &b in &offsets {
                let from = (a, idx.position(text, a));
                assert_eq!(
                    idx.position_from(text, from, b),
                    idx.position(text, b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn positions_count_characters() {
        let text = "Bonjour\nÇa va très bien\r\nfin";
        let idx = LineIndex::new(text);
        let off = text.find("très").unwrap();
        assert_eq!(idx.position(text, off), Position { line: 2, column: 7 });
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.line_span(text, 2).slice(text), "Ça va très bien");
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn utf16_counts_surrogates() {
        let text = "a😀b";
        assert_eq!(utf16_offset(text, text.len()), 4);
        assert_eq!(char_offset(text, text.len()), 3);
    }
}
