//! # tchatlint
//!
//! A linter for the written replies of French customer-service chat
//! advisors. It checks a draft reply against a house style (sentence and
//! bubble length, SMS language, abbreviations, emoji, negative wording,
//! hedges, register, tutoiement, French typography, markup, repeated words)
//! and reports findings with byte spans, French messages and suggestions.
//!
//! Build a [`Linter`] once, then call [`Linter::check`] for every draft: it
//! is `Send + Sync` and a check of a typical reply takes microseconds.
//!
//! ```
//! use tchatlint::{Config, Linter, Severity};
//!
//! let linter = Linter::new(Config::default()).expect("the default house style is valid");
//! let diagnostics = linter.check("slt, pas de problème je regarde ça");
//! assert!(diagnostics.iter().any(|d| d.rule == "sms-language"));
//! for d in &diagnostics {
//!     // Spans are byte ranges into the checked text.
//!     let _faulty = &"slt, pas de problème je regarde ça"[d.span.start..d.span.end];
//!     let _blocks_sending = d.severity == Severity::Error;
//! }
//!
//! // A house style is TOML merged over the embedded defaults.
//! let mut config = Config::default();
//! config.merge_str("maison.toml", "[emoji]\nallow = true\n").unwrap();
//! let linter = Linter::new(config).unwrap();
//! assert!(linter.check("Merci 🙂").iter().all(|d| d.rule != "emoji"));
//! ```
#![forbid(unsafe_code)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cache;
pub mod cli;
pub mod config;
pub mod conversation;
pub mod conversation_rules;
pub mod diagnostic;
pub mod files;
pub mod fix;
pub mod grade;
pub mod grammar;
pub mod grammar_finding;
pub mod lexicon;
pub mod morph;
pub mod parallel;
pub mod render;
pub mod rules;
pub mod server;
pub mod settings;
pub mod spell;
pub mod text;
pub mod transcript;

pub use config::{Config, ConfigError, Level};
pub use diagnostic::{Applicability, Diagnostic, Finding, LineIndex, Position, Severity, Span};
pub use text::Document;

use rules::{Rule, RuleMeta, REGISTRY};

/// Texts above this size (1 MiB) are checked in chunks cut at blank lines
/// ([`Linter::check_large`]).
pub const CHUNK_SIZE: usize = 1 << 20;

/// Texts above this size (128 KiB) are read and checked by `tchatlint
/// check` piece by piece ([`PieceReader`]), each piece's findings written
/// before the next is read: memory stays bounded whatever the input,
/// even a text of findings on one line.
pub const PIECE_SIZE: usize = 128 << 10;

/// A house style compiled into rules: build once, check many texts.
pub struct Linter {
    rules: Vec<ActiveRule>,
    config: Config,
}

struct ActiveRule {
    meta: &'static RuleMeta,
    severity: Severity,
    rule: Box<dyn Rule>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field(
                "rules",
                &self.rules.iter().map(|r| r.meta.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Linter {
    /// Compile `config`: lexicons parsed, automata and regexes built.
    pub fn new(mut config: Config) -> Result<Self, ConfigError> {
        config.rules.brands.clone_from(&config.greeting.brands);
        let mut rules = Vec::new();
        for entry in REGISTRY {
            if let Some(severity) = (entry.level)(&config.rules).severity() {
                rules.push(ActiveRule {
                    meta: entry.meta,
                    severity,
                    rule: (entry.build)(&config.rules)?,
                });
            }
        }
        Ok(Linter { rules, config })
    }

    /// The configuration this linter was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Ids of the rules that are on.
    pub fn active_rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|r| r.meta.id)
    }

    /// Forget what the rules remember, on this thread, of the texts it
    /// checked: the grammar rules answer a sentence they have seen from
    /// memory. For measuring a first check (the findings are the same).
    pub fn forget(&self) {
        for r in &self.rules {
            r.rule.forget();
        }
    }

    /// Check one text (a draft reply; blank lines separate bubbles).
    /// Diagnostics are sorted by position.
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        self.check_document(&Document::parse(text))
    }

    /// Check a text of any size: above 1 MiB it is checked in chunks
    /// ([`chunks`]), so the work on each piece stays bounded. Spans are
    /// into the whole text. (The findings of the whole text are returned
    /// together: a caller that must keep memory bounded checks the chunks
    /// one by one and lets each one's findings go.)
    pub fn check_large(&self, text: &str) -> Vec<Diagnostic> {
        if text.len() <= CHUNK_SIZE {
            return self.check(text);
        }
        let mut out = Vec::new();
        for range in chunks(text, CHUNK_SIZE) {
            out.extend(self.check_chunk(text, range));
        }
        out
    }

    /// Check the part `range` of `text` (a piece given by [`chunks`]), with
    /// spans into the whole text.
    pub fn check_chunk(&self, text: &str, range: std::ops::Range<usize>) -> Vec<Diagnostic> {
        let start = range.start;
        let mut out = self.check(&text[range]);
        for d in &mut out {
            d.span = d.span.shifted(start);
        }
        out
    }

    /// Check one text like [`Linter::check`], giving up (`None`) as soon as
    /// `stop` returns true; it is asked before each rule, so a service can
    /// stop a check that has run out of time.
    pub fn check_until(&self, text: &str, stop: &dyn Fn() -> bool) -> Option<Vec<Diagnostic>> {
        self.run_rules(&Document::parse(text), stop)
    }

    /// Check an already tokenised text.
    pub fn check_document(&self, doc: &Document<'_>) -> Vec<Diagnostic> {
        self.run_rules(doc, &|| false).unwrap_or_default()
    }

    fn run_rules(&self, doc: &Document<'_>, stop: &dyn Fn() -> bool) -> Option<Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut findings = Vec::new();
        for r in &self.rules {
            if stop() {
                return None;
            }
            findings.clear();
            r.rule.check(doc, &mut findings);
            out.extend(findings.drain(..).map(|f| Diagnostic {
                rule: r.meta.id,
                severity: f.severity.map_or(r.severity, |s| s.max(r.severity)),
                message: f.message,
                help: f.help,
                span: f.span,
                suggestions: f.suggestions,
                applicability: f.applicability,
            }));
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
        });
        out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
        drop_contradictory_fixes(doc.text, &mut out);
        Some(out)
    }
}

/// Two rules never suggest contradictory fixes for one word: a fix that
/// only changes the case of what it replaces (`slt` → `Slt`, a capital at
/// a sentence start) gives way to another rule's fix starting at the same
/// place, which is fitted to the sentence start already (`slt` →
/// `Bonjour`). `out` is sorted by position.
fn drop_contradictory_fixes(text: &str, out: &mut Vec<Diagnostic>) {
    let case_only = |d: &Diagnostic| {
        let original = d.span.slice(text);
        !d.suggestions.is_empty()
            && d.suggestions
                .iter()
                .all(|s| s != original && s.to_lowercase() == original.to_lowercase())
    };
    let rewrites = |d: &Diagnostic| !d.suggestions.is_empty() && !case_only(d);
    let mut drop = vec![false; out.len()];
    let mut group = 0;
    while group < out.len() {
        let start = out[group].span.start;
        let end = out[group..]
            .iter()
            .position(|d| d.span.start != start)
            .map_or(out.len(), |n| group + n);
        let members = &out[group..end];
        if members.len() > 1 && members.iter().any(rewrites) {
            for (k, d) in members.iter().enumerate() {
                drop[group + k] = case_only(d);
            }
        }
        group = end;
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// The pieces of `text` to check one by one, of `size` bytes at most
/// (unless a piece cannot be cut), in order and end to end. A piece ends at
/// the last blank line before its limit (between two bubbles, which no rule
/// looks across); when there is none, at the last line break, then at the
/// last sentence end (`.`, `!`, `?` or `…` and a space), then at the last
/// space, and only then inside a word (on a character boundary). Each
/// search looks at the piece's own bytes once, so cutting is linear.
pub fn chunks(text: &str, size: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let size = size.max(16);
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = chunk_end(text, start, size);
        let range = start..end;
        start = end;
        Some(range)
    })
}

/// End of the chunk starting at `start` ([`chunks`]).
fn chunk_end(text: &str, start: usize, size: usize) -> usize {
    let limit = start + size;
    if limit >= text.len() {
        return text.len();
    }
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let tail = &text.as_bytes()[start..cut];
    // Each kind of boundary is the last one of its kind in the window: a
    // piece is small only when no later boundary of that kind follows,
    // so the next piece is not, and cutting stays linear.
    let at = |i: usize| start + i + 1;
    if let Some(i) =
        memchr::memmem::rfind(tail, b"\n\n").or_else(|| memchr::memmem::rfind(tail, b"\n\r\n"))
    {
        return at(i);
    }
    if let Some(i) = memchr::memrchr(b'\n', tail) {
        return at(i);
    }
    // A sentence end: the sign, then a space (the space stays with the
    // piece before).
    let sentence_end = (1..tail.len()).rev().find(|&i| {
        tail[i] == b' '
            && (matches!(tail[i - 1], b'.' | b'!' | b'?') || tail[..i].ends_with("…".as_bytes()))
    });
    if let Some(i) = sentence_end {
        return at(i);
    }
    if let Some(i) = tail.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return at(i);
    }
    if cut > start {
        cut
    } else {
        // One character longer than the size: take it whole.
        start + text[start..].chars().next().map_or(1, char::len_utf8)
    }
}

/// Why a text read piece by piece cannot be checked.
#[derive(Debug, thiserror::Error)]
pub enum PieceError {
    #[error("fichier binaire (octet nul), ce n'est pas un texte")]
    Binary,
    #[error("le texte n'est pas en UTF-8 (octet invalide à la position {offset}, ligne {line})")]
    NotUtf8 { offset: usize, line: usize },
    #[error("lecture impossible ({0})")]
    Io(#[from] std::io::Error),
}

/// A text read from `reader` in pieces of about `size` bytes, cut as
/// [`chunks`] cuts (a blank line, else a line break, a sentence end, a
/// space), validated as UTF-8 as it comes: only one piece and the bytes
/// read ahead for the next are held. A byte-order mark is set apart
/// (offsets count from the character after it, as for a text read whole),
/// and a null byte in the first 8 KiB means a binary file.
#[derive(Debug)]
pub struct PieceReader<R> {
    reader: R,
    size: usize,
    /// Bytes read and not handed out yet.
    buf: Vec<u8>,
    /// Offset of `buf[0]` in the text, and its line (1-based).
    offset: usize,
    line: usize,
    eof: bool,
    /// The first bytes were looked at ([`PieceReader::first_bytes`]).
    started: bool,
}

impl<R: std::io::Read> PieceReader<R> {
    pub fn new(reader: R, size: usize) -> Self {
        PieceReader {
            reader,
            size: size.max(16),
            buf: Vec::new(),
            offset: 0,
            line: 1,
            eof: false,
            started: false,
        }
    }

    /// The next piece and its offset in the text; `None` at the end.
    pub fn next_piece(&mut self) -> Result<Option<(usize, String)>, PieceError> {
        // One byte past the size: a piece cut at the size knows what
        // follows it. (Three more: a character cut by the read.)
        let want = self.size + 4;
        while !self.eof && self.buf.len() < want {
            let have = self.buf.len();
            self.buf.resize(want, 0);
            match self.reader.read(&mut self.buf[have..]) {
                Ok(0) => {
                    self.buf.truncate(have);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(have + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                    self.buf.truncate(have);
                }
                Err(e) => {
                    self.buf.truncate(have);
                    return Err(e.into());
                }
            }
            if !self.started && (self.buf.len() >= want.min(8192) || self.eof) {
                self.started = true;
                self.first_bytes()?;
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let valid = match simdutf8::compat::from_utf8(&self.buf) {
            Ok(_) => self.buf.len(),
            // A character cut at the end of what was read: the rest comes
            // with the next read.
            Err(e) if e.error_len().is_none() && !self.eof => e.valid_up_to(),
            Err(e) => {
                let at = e.valid_up_to();
                let lines = memchr::memchr_iter(b'\n', &self.buf[..at]).count();
                return Err(PieceError::NotUtf8 {
                    offset: self.offset + at,
                    line: self.line + lines,
                });
            }
        };
        let text = std::str::from_utf8(&self.buf[..valid]).map_err(|_| PieceError::Binary)?;
        let end = if self.eof && valid == self.buf.len() {
            chunk_end(text, 0, self.size)
        } else {
            // Not at the end: `text` runs past the size.
            chunk_end(text, 0, self.size.min(text.len().saturating_sub(1)).max(1))
        };
        let piece = text[..end].to_string();
        self.buf.drain(..end);
        let base = self.offset;
        self.offset += end;
        self.line += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
        Ok(Some((base, piece)))
    }

    /// The checks on the first bytes of the text.
    fn first_bytes(&mut self) -> Result<(), PieceError> {
        if self.buf[..self.buf.len().min(8192)].contains(&0) {
            return Err(PieceError::Binary);
        }
        if self.buf.starts_with("\u{FEFF}".as_bytes()) {
            self.buf.drain(..3);
        }
        Ok(())
    }
}

impl Config {
    /// Keep only the rules in `only` (when not empty), and turn off the
    /// rules in `ignore`. Unknown ids are an error.
    pub fn select(&mut self, only: &[String], ignore: &[String]) -> Result<(), ConfigError> {
        for id in only.iter().chain(ignore) {
            if rules::find(id).is_none() {
                return Err(ConfigError::UnknownRule(id.clone()));
            }
        }
        for entry in REGISTRY {
            let id = entry.meta.id.to_string();
            let keep = (only.is_empty() || only.contains(&id)) && !ignore.contains(&id);
            if !keep {
                (entry.set_level)(&mut self.rules, Level::Off);
            } else if !only.is_empty() && (entry.level)(&self.rules) == Level::Off {
                // Asking for a rule by name turns it on.
                (entry.set_level)(&mut self.rules, Level::Warning);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linter_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Linter>();
    }

    #[test]
    fn large_texts_are_checked_in_chunks_with_right_spans() {
        let l = Linter::new(Config::default()).unwrap();
        let reply = "Bonjour, slt je vérifie.\n\n";
        let text = reply.repeat((1 << 21) / reply.len() + 1);
        let small = l.check(reply);
        let big = l.check_large(&text);
        assert_eq!(big.len(), small.len() * (text.len() / reply.len()));
        for d in &big {
            let r = d.span.start % reply.len();
            assert_eq!(d.span.slice(&text), &reply[r..r + d.span.len()]);
        }
    }

    /// Pieces cover the text end to end, each at most the size (but for
    /// a character longer than it), cut at the best boundary there is: a
    /// blank line, a line break, a sentence end, a space, a character.
    #[test]
    fn texts_without_blank_lines_are_cut_at_the_next_best_boundary() {
        let cases: [(&str, &str); 5] = [
            ("Bonjour.\n\nSuite de la bulle\net fin.\n", ""),
            ("ligne un\nligne deux\nligne trois\nligne quatre\n", "\n"),
            (
                "Une phrase. Une autre ! Encore une ? Et une… Fin de tout",
                " ",
            ),
            ("des mots sans aucune fin de phrase ni rien du tout", " "),
            ("éééééééééééééééééééééééééééééééééééééééééééé🙂🙂🙂🙂", ""),
        ];
        for (text, boundary) in cases {
            let pieces: Vec<_> = chunks(text, 16).collect();
            assert!(pieces.len() > 1, "{text}");
            assert_eq!(pieces[0].start, 0);
            assert_eq!(pieces.last().unwrap().end, text.len());
            for w in pieces.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            for p in &pieces {
                assert!(p.len() <= 16, "{text}: {p:?}");
                let piece = &text[p.clone()];
                if p.end < text.len() && !boundary.is_empty() {
                    assert!(piece.ends_with(boundary), "{text}: {piece:?}");
                }
            }
        }
        // A blank line before a line break, a line break before a sentence end.
        let text = "aaa\n\nbbb\ncccccccccccc";
        assert_eq!(&text[chunks(text, 16).next().unwrap()], "aaa\n");
        let text = "Un. Deux\ntrois. quatre";
        assert_eq!(&text[chunks(text, 18).next().unwrap()], "Un. Deux\n");
        let text = "Un. Deux trois quatre";
        assert_eq!(&text[chunks(text, 16).next().unwrap()], "Un. ");
    }

    /// A text read in pieces gives the pieces of [`chunks`], whatever the
    /// reads return (a few bytes at a time, characters cut), with the
    /// byte-order mark set apart; invalid UTF-8 and null bytes are refused.
    #[test]
    fn piece_reader_gives_the_pieces_of_chunks() {
        struct Trickle<'a>(&'a [u8], usize);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.1 += 1;
                let n = buf.len().min(self.0.len()).min(1 + self.1 % 7);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let text =
            "Bonjour, j’ai vu « ça » 🙂 slt. Une autre phrase… puis\nune ligne\n\nfin é".repeat(40);
        for size in [16, 40, 100, 1000, 10_000] {
            let mut reader = PieceReader::new(Trickle(text.as_bytes(), 0), size);
            let mut got = Vec::new();
            while let Some((base, piece)) = reader.next_piece().unwrap() {
                got.push(base..base + piece.len());
                assert_eq!(&text[base..base + piece.len()], piece);
            }
            assert_eq!(got, chunks(&text, size).collect::<Vec<_>>(), "{size}");
        }
        let mut bom = PieceReader::new("\u{FEFF}slt".as_bytes(), 64);
        assert_eq!(bom.next_piece().unwrap(), Some((0, "slt".to_string())));
        let bad = b"Bonjour\nslt \xff fin".to_vec();
        let err = PieceReader::new(&bad[..], 64).next_piece().unwrap_err();
        assert!(
            matches!(
                err,
                PieceError::NotUtf8 {
                    offset: 12,
                    line: 2
                }
            ),
            "{err}"
        );
        let nul = b"abc\0def".to_vec();
        assert!(matches!(
            PieceReader::new(&nul[..], 64).next_piece(),
            Err(PieceError::Binary)
        ));
    }

    #[test]
    fn one_fix_per_word() {
        let l = Linter::new(Config::default()).unwrap();
        let text = "slt, je regarde votre dossier.";
        let at_start: Vec<_> = l
            .check(text)
            .into_iter()
            .filter(|d| d.span.start == 0)
            .collect();
        assert_eq!(at_start.len(), 1, "{at_start:?}");
        assert_eq!(at_start[0].rule, "sms-language");
        assert_eq!(at_start[0].suggestions, ["Bonjour"]);
        // A capitalised SMS form after an emoji starts a sentence.
        let text = "Merci 👍 Slt, je regarde.";
        assert!(l
            .check(text)
            .iter()
            .any(|d| d.rule == "sms-language" && d.span.slice(text) == "Slt"));
        // One quote policy: an unclosed quote quotes nothing, for every rule.
        let text = "« Pas de souci slt";
        let rules: Vec<_> = l.check(text).iter().map(|d| d.rule).collect();
        assert!(
            rules.contains(&"negative-wording") && rules.contains(&"sms-language"),
            "{rules:?}"
        );
        let text = "Vous avez écrit « Pas de souci slt », je regarde.";
        let rules: Vec<_> = l.check(text).iter().map(|d| d.rule).collect();
        assert!(
            !rules.contains(&"negative-wording") && !rules.contains(&"sms-language"),
            "{rules:?}"
        );
    }

    /// Every rule is linear in its input: a long one-line text of short
    /// words (one sentence, tens of thousands of matches) checks in well
    /// under a second on an optimised build; the bound is generous for
    /// debug builds and busy machines, a quadratic scan would take minutes.
    #[test]
    fn long_sentences_check_in_linear_time() {
        let l = Linter::new(Config::default()).unwrap();
        let text = "ok ok ".repeat(20_000);
        let t = std::time::Instant::now();
        let d = l.check(&text);
        assert!(d.len() >= 20_000);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn default_linter_builds() {
        let l = Linter::new(Config::default()).unwrap();
        assert!(l.active_rules().count() >= 12);
    }
}
