//! The rules. One file per rule, named by its id; each declares its
//! options (its table in `rules.toml`), its metadata with the doc comment
//! that `tchatlint explain` prints, and a `build` function from
//! [`RuleOptions`]. A rule that is a word list is a lexicon-rule file
//! ([`lexicon_rule`]) and its rule file only registers it.
//!
//! The rules sit below the house style: they import the settings blocks
//! ([`crate::settings`]), the text model and the lexicons, never
//! [`crate::config`], grading or transcripts.

pub mod kit;
pub mod lexicon_rule;

use crate::diagnostic::Finding;
use crate::settings::{ConfigError, Level};
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

    /// Forget what this thread remembers of the texts it checked (the
    /// grammar rules' sentences): the next checks start cold.
    fn forget(&self) {}
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

/// One registered rule: its metadata and how to build it from the rules'
/// tables.
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub build: fn(&RuleOptions) -> Result<Box<dyn Rule>, ConfigError>,
    pub level: fn(&RuleOptions) -> Level,
    pub set_level: fn(&mut RuleOptions, Level),
}

pub mod grammar_common;

/// The rule list, written once: calls `$callback! { rules { "id" =>
/// module, … } …extra tokens }`. The rules' module, [`RuleOptions`] and
/// [`REGISTRY`] are declared from it here, the house style's
/// [`Config`](crate::config::Config) above.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_rule {
    ($callback:ident $($extra:tt)*) => {
        $callback! {
            rules {
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
                "link" => link,
            }
            $($extra)*
        }
    };
}
pub use for_each_rule;

macro_rules! declare_rules {
    (rules { $($id:literal => $module:ident),* $(,)? }) => {
        $(pub mod $module;)*

        crate::options! {
            /// The rules' tables of the house style, one per rule, named by
            /// its id: what a rule is built from.
            pub struct RuleOptions / RuleOptionsPatch {
                $( #[serde(rename = $id)] pub $module: $module::Options, )*
                /// The brands the house style names (`[greeting] brands`),
                /// which the grammar rules take for proper names. Not a
                /// table: the linter copies them from the house style.
                #[serde(skip)]
                pub brands: Vec<String>,
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

for_each_rule!(declare_rules);

/// The registry entry of rule `id`.
pub fn find(id: &str) -> Option<&'static RuleEntry> {
    REGISTRY.iter().find(|e| e.meta.id == id)
}
