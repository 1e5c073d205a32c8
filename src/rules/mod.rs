//! The rules. One file per rule, named by its id; each declares its
//! options (its table in `rules.toml`), its metadata with the doc comment
//! that `tchatlint explain` prints, and a `build` function.

pub mod kit;

use crate::config::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::text::Document;

/// What `tchatlint rules` and `tchatlint explain` show about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, kebab-case: used in config, output and tests.
    pub id: &'static str,
    /// One line, in French.
    pub summary: &'static str,
    /// The rule's doc comment, verbatim.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The doc comment as Markdown, for `tchatlint explain`.
    pub fn explain(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The fenced examples of the doc: (faulty ones, clean ones). A block
    /// under a heading that contains "Exemple" is faulty, under "Au lieu"
    /// or "Plutôt" clean.
    pub fn examples(&self) -> (Vec<String>, Vec<String>) {
        let (mut bad, mut good) = (Vec::new(), Vec::new());
        let mut clean_section = false;
        let mut current: Option<String> = None;
        for line in self.explain().lines() {
            if let Some(buf) = current.as_mut() {
                if line.trim_start().starts_with("```") {
                    let text = current.take().unwrap_or_default();
                    if clean_section {
                        good.push(text);
                    } else {
                        bad.push(text);
                    }
                } else {
                    if !buf.is_empty() {
                        buf.push('\n');
                    }
                    buf.push_str(line);
                }
            } else if line.trim_start().starts_with("```") {
                current = Some(String::new());
            } else if line.starts_with('#') {
                let l = line.to_lowercase();
                clean_section =
                    l.contains("au lieu") || l.contains("plutôt") || l.contains("correct");
            }
        }
        (bad, good)
    }
}

/// A rule checks a document and pushes findings. Built once per linter.
pub trait Rule: Send + Sync {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>);
}

/// Declares a rule's metadata from its doc comment:
/// `declare_rule! { /// doc… "rule-id", "résumé" }`.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $id:literal, $summary:literal $(,)?) => {
        $(#[doc = $doc])*
        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
        };
    };
}

/// One registered rule: its metadata and how to build it from a config.
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub build: fn(&Config) -> Result<Box<dyn Rule>, ConfigError>,
    pub level: fn(&Config) -> Level,
    pub set_level: fn(&mut Config, Level),
}

pub mod grammar_common;

macro_rules! rules {
    (
        $($id:literal => $module:ident),* $(,)?
        ;
        sections { $($sid:literal => $sfield:ident : $sty:ty),* $(,)? }
    ) => {
        $(pub mod $module;)*

        crate::options! {
            /// The whole house style: one table per rule, named by its id,
            /// plus the tables of the other components (`sections`).
            pub struct Config / ConfigPatch {
                $( #[serde(rename = $id)] pub $module: $module::Options, )*
                $( #[serde(rename = $sid)] pub $sfield: $sty, )*
            }
        }

        /// Every rule, in the order of `rules.toml`.
        pub static REGISTRY: &[RuleEntry] = &[
            $(RuleEntry {
                meta: &$module::META,
                build: $module::build,
                level: |c| c.$module.level,
                set_level: |c, l| c.$module.level = l,
            },)*
        ];
    };
}

rules! {
    "sentence-length" => sentence_length,
    "block-length" => block_length,
    "sms-language" => sms_language,
    "abbreviation" => abbreviation,
    "emoji" => emoji,
    "negative-wording" => negative_wording,
    "weak-verb" => weak_verb,
    "familiar-register" => familiar_register,
    "tutoiement" => tutoiement,
    "typography" => typography,
    "formatting" => formatting,
    "repeated-word" => repeated_word,
    "spelling" => spelling,
    "verb-form" => verb_form,
    "conjugation" => conjugation,
    "homophone" => homophone,
    "agreement" => agreement,
    "sensitive-data" => sensitive_data,
    "link" => link;
    // Tables of components other than message rules (transcripts,
    // conversation rules, grading, server profiles…).
    sections {
        "transcript" => transcript: crate::conversation::TranscriptOptions,
        "phrases" => phrases: crate::conversation_rules::phrases::Options,
        "greeting" => greeting: crate::conversation_rules::greeting::Options,
        "opening-phrase" => opening_phrase: crate::conversation_rules::opening_phrase::Options,
        "open-question" => open_question: crate::conversation_rules::open_question::Options,
        "validation" => validation: crate::conversation_rules::validation::Options,
        "upsell" => upsell: crate::conversation_rules::upsell::Options,
        "closing" => closing: crate::conversation_rules::closing::Options,
        "personalization" => personalization: crate::conversation_rules::personalization::Options,
        "response-delay" => response_delay: crate::conversation_rules::response_delay::Options,
        "grade" => grade: crate::grade::Options,
        "server" => server: crate::server::ServerOptions,
    }
}

/// Build now what rules share across linters and otherwise build on
/// first use (the sensitive-data patterns, the longest to compile). For a
/// caller with a thread to spare while it does something else: a
/// `Linter::new` running meanwhile waits for them rather than building
/// them twice.
pub fn warm_up() {
    sensitive_data::warm_up();
}

/// The registry entry of rule `id`.
pub fn find(id: &str) -> Option<&'static RuleEntry> {
    REGISTRY.iter().find(|e| e.meta.id == id)
}
