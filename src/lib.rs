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

    /// Check one text (a draft reply; blank lines separate bubbles).
    /// Diagnostics are sorted by position.
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        self.check_document(&Document::parse(text))
    }

    /// Check a text of any size: above 1 MiB it is checked in chunks cut at
    /// blank lines (bubble boundaries, which no rule looks across), so
    /// memory stays bounded. Spans are into the whole text.
    pub fn check_large(&self, text: &str) -> Vec<Diagnostic> {
        if text.len() <= CHUNK_SIZE {
            return self.check(text);
        }
        let mut out = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = chunk_end(text, start, CHUNK_SIZE);
            out.extend(self.check(&text[start..end]).into_iter().map(|mut d| {
                d.span = d.span.shifted(start);
                d
            }));
            start = end;
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

/// End of the chunk starting at `start`: after the last blank line before
/// `start + size`, or the next one after it, or the end of the text.
fn chunk_end(text: &str, start: usize, size: usize) -> usize {
    let limit = start + size;
    if limit >= text.len() {
        return text.len();
    }
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = &text[start..cut];
    if let Some(i) = window.rfind("\n\n").or_else(|| window.rfind("\n\r\n")) {
        return start + i + 1;
    }
    // No blank line: cut at the next line break, else at the cut.
    match text[cut..].find('\n') {
        Some(i) => cut + i + 1,
        None => text.len(),
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
