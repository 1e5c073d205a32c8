//! The matching kit of the lexicon rules: what `sms-language`,
//! `abbreviation`, `familiar-register`, `negative-wording`, `weak-verb`
//! and `tutoiement` share about a match. The quote policy and the notion
//! of sentence start live on the [`Document`] (computed once, the same for
//! every rule); the case fitter is [`crate::text::fit_case`].

use crate::diagnostic::Span;
use crate::lexicon::{self, Entry};
use crate::text::{Document, Token, TokenKind};

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
    pub fn prev_is(&self, words: &[&str]) -> bool {
        self.prev()
            .is_some_and(|t| words.iter().any(|w| eq_fold(t.text(self.doc.text), w)))
    }

    /// The next token is one of `words` (lower case).
    pub fn next_is(&self, words: &[&str]) -> bool {
        self.next()
            .is_some_and(|t| words.iter().any(|w| eq_fold(t.text(self.doc.text), w)))
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

    /// A suggestion with the case this place needs
    /// ([`crate::text::fit_case`]).
    pub fn fit(&self, suggestion: &str, keep_capitals: bool) -> String {
        crate::text::fit_case(
            self.text(),
            suggestion,
            self.at_sentence_start(),
            keep_capitals,
        )
    }
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
