//! The house style: `rules.toml` embedded as the default, merged with the
//! user's `tchatlint.toml` or `--config FILE`.
//!
//! This module sits above the rules and the other components: it gathers
//! the rules' tables ([`RuleOptions`], declared by the rules themselves)
//! and the tables of transcripts, conversation rules, grading and the
//! service into one [`Config`]. The rules never read it: each is built
//! from [`RuleOptions`].
//!
//! Every section is a typed struct declared with [`options!`](crate::options), which also
//! declares its *patch*: the same fields, all optional, that a user file may
//! set. A user file is parsed into the patch type, so an unknown key or a
//! wrong type is reported with its file, line and key by the TOML parser.
//! A list may be replaced (`allow = ["RDV"]`) or edited
//! (`allow = { add = ["CB"], remove = ["SVP"] }`).

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The default house style, embedded in the binary.
pub const DEFAULT_RULES_TOML: &str = include_str!("../rules.toml");

/// Name of the house-style file looked up in the current directory and its
/// parents.
pub const CONFIG_FILE_NAME: &str = "tchatlint.toml";

use crate::rules::RuleOptions;
pub use crate::settings::{ConfigError, Level, ListEdit, ListPatch, Patchable};

/// Declares [`Config`], [`ConfigPatch`] and the file form of the house
/// style from the rule list ([`crate::rules::for_each_rule`]) and the
/// other sections.
macro_rules! declare_config {
    (
        rules { $($id:literal => $module:ident),* $(,)? }
        sections { $( $(#[$sdoc:meta])* $sid:literal => $sfield:ident : $sty:ty ),* $(,)? }
    ) => {
        /// The whole house style: the rules' tables ([`Config::rules`],
        /// also reached directly: `config.sms_language`) and the tables of
        /// the other components.
        #[derive(Debug, Clone)]
        pub struct Config {
            /// One table per message rule, named by its id.
            pub rules: RuleOptions,
            $( $(#[$sdoc])* pub $sfield: $sty, )*
        }

        /// The user-file form of [`Config`]: every table optional, every
        /// key checked.
        #[derive(Debug, Clone, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ConfigPatch {
            $(
                #[serde(rename = $id, default)]
                pub $module: Option<<crate::rules::$module::Options as Patchable>::Patch>,
            )*
            $(
                #[serde(rename = $sid, default)]
                pub $sfield: Option<<$sty as Patchable>::Patch>,
            )*
        }

        impl Patchable for Config {
            type Patch = ConfigPatch;
            fn apply(&mut self, patch: ConfigPatch) {
                $( if let Some(v) = patch.$module { self.rules.$module.apply(v); } )*
                $( if let Some(v) = patch.$sfield { self.$sfield.apply(v); } )*
            }
        }

        /// The embedded default as written: every table present.
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ConfigFile {
            $( #[serde(rename = $id)] $module: crate::rules::$module::Options, )*
            $( #[serde(rename = $sid)] $sfield: $sty, )*
        }

        impl From<ConfigFile> for Config {
            fn from(f: ConfigFile) -> Config {
                Config {
                    rules: RuleOptions { $( $module: f.$module, )* brands: Vec::new() },
                    $( $sfield: f.$sfield, )*
                }
            }
        }
    };
}

crate::rules::for_each_rule!(declare_config sections {
    // Tables of components other than message rules.
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
    "grade" => grade: crate::grade::rubric::Options,
    "server" => server: crate::server::options::ServerOptions,
});

impl std::ops::Deref for Config {
    type Target = RuleOptions;
    fn deref(&self) -> &RuleOptions {
        &self.rules
    }
}

impl std::ops::DerefMut for Config {
    fn deref_mut(&mut self) -> &mut RuleOptions {
        &mut self.rules
    }
}

static DEFAULT: LazyLock<Config> = LazyLock::new(|| {
    toml::from_str::<ConfigFile>(DEFAULT_RULES_TOML)
        .expect("the embedded rules.toml is a valid house style")
        .into()
});

impl Default for Config {
    fn default() -> Self {
        DEFAULT.clone()
    }
}

impl Config {
    /// Merge a user house style, given as TOML text, over this one. `origin`
    /// names the file in errors.
    pub fn merge_str(&mut self, origin: &str, src: &str) -> Result<(), ConfigError> {
        let patch: ConfigPatch = toml::from_str(src).map_err(|e| ConfigError::Invalid {
            path: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let added: Vec<&'static str> = crate::rules::REGISTRY
            .iter()
            .map(|r| r.meta.id)
            .filter(|id| table_sets_add(src, id))
            .collect();
        self.apply(patch);
        self.check_added_entries(origin, src, &added)
    }

    /// Build the rules whose `add` list the file `origin` (text `src`)
    /// set, so that a faulty entry is reported with that file and line
    /// rather than when a linter is built.
    fn check_added_entries(
        &self,
        origin: &str,
        src: &str,
        ids: &[&str],
    ) -> Result<(), ConfigError> {
        for id in ids {
            let Some(rule) = crate::rules::find(id) else {
                continue;
            };
            if let Err(ConfigError::Lexicon(e)) = (rule.build)(&self.rules) {
                let line = e.entry.as_deref().and_then(|entry| line_of(src, entry));
                let place = line.map_or(String::new(), |l| format!("ligne {l}, "));
                return Err(ConfigError::Invalid {
                    path: origin.to_string(),
                    message: format!("{place}[{id}] {}", e.message),
                });
            }
        }
        Ok(())
    }

    /// Merge the house style in `path` over this one.
    pub fn merge_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let src = String::from_utf8(bytes).map_err(|e| ConfigError::Invalid {
            path: path.display().to_string(),
            message: format!(
                "le fichier n'est pas en UTF-8 (octet invalide à la position {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        self.merge_str(&path.display().to_string(), &src)
    }

    /// The defaults merged with `explicit` if given, else with the first
    /// `tchatlint.toml` found in `dir` or one of its parents.
    pub fn discover(
        explicit: Option<&Path>,
        dir: &Path,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let mut config = Config::default();
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => dir
                .ancestors()
                .map(|d| d.join(CONFIG_FILE_NAME))
                .find(|p| p.is_file()),
        };
        if let Some(p) = &path {
            config.merge_file(p)?;
        }
        Ok((config, path))
    }
}

/// True when the TOML text `src` has a table `[id]` with an `add` key (a
/// quick look; the file parsed already).
fn table_sets_add(src: &str, id: &str) -> bool {
    let header = format!("[{id}]");
    let mut inside = false;
    for line in src.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == header;
        } else if inside && t.starts_with("add") && t[3..].trim_start().starts_with('=') {
            return true;
        }
    }
    false
}

/// The line (1-based) of the first TOML string of `src` that holds `entry`.
fn line_of(src: &str, entry: &str) -> Option<usize> {
    let quoted = [format!("\"{entry}\""), format!("'{entry}'")];
    src.lines()
        .position(|l| quoted.iter().any(|q| l.contains(q.as_str())))
        .or_else(|| src.lines().position(|l| l.contains(entry)))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_parses() {
        let c = Config::default();
        assert_eq!(c.sentence_length.max_words, 15);
    }

    #[test]
    fn user_file_patches_scalars_and_lists() {
        let mut c = Config::default();
        c.merge_str(
            "t.toml",
            "[sentence-length]\nmax_words = 20\n[abbreviation]\nallow = { add = [\"CB\"], remove = [\"SVP\"] }\n",
        )
        .unwrap();
        assert_eq!(c.sentence_length.max_words, 20);
        assert_eq!(c.sentence_length.error_above, 25);
        assert!(c.abbreviation.allow.contains(&"CB".to_string()));
        assert!(!c.abbreviation.allow.contains(&"SVP".to_string()));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let mut c = Config::default();
        let err = c
            .merge_str("maison.toml", "[sentence-length]\nmax_word = 20\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("maison.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("max_word"), "{err}");
        let err = c
            .merge_str("maison.toml", "[sentence-length]\nlevel = \"loud\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("loud"), "{err}");
        let err = c
            .merge_str("m.toml", "[no-such-rule]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no-such-rule"), "{err}");
    }

    #[test]
    fn an_unknown_key_in_a_list_edit_is_named_in_french() {
        let mut c = Config::default();
        let err = c
            .merge_str(
                "maison.toml",
                "[abbreviation]\nallow = { ajout = [\"CB\"] }\n",
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("maison.toml") && err.contains("line 2"),
            "{err}"
        );
        assert!(err.contains("clé inconnue « ajout »"), "{err}");
        assert!(!err.contains("untagged"), "{err}");
        let err = c
            .merge_str("maison.toml", "[abbreviation]\nallow = 3\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("une liste de textes"), "{err}");
    }

    #[test]
    fn a_faulty_added_entry_names_the_file_and_its_line() {
        let mut c = Config::default();
        let src = "[sms-language]\nadd = [\n  \"bjrr => bonjour\",\n  \"slt => |\",\n]\n";
        let err = c.merge_str("maison.toml", src).unwrap_err().to_string();
        assert!(
            err.contains("maison.toml") && err.contains("ligne 4"),
            "{err}"
        );
        assert!(
            err.contains("[sms-language]") && err.contains("slt => |"),
            "{err}"
        );
        let src = "[familiar-register]\nadd = [\"chouette => parfait [prev:no-such-list]\"]\n";
        let err = c.merge_str("maison.toml", src).unwrap_err().to_string();
        assert!(
            err.contains("ligne 2") && err.contains("no-such-list"),
            "{err}"
        );
    }

    /// `n` entries for an `add` list, as a house-style file.
    fn big_add_list(n: usize) -> String {
        let mut src = String::from("[sms-language]\nadd = [\n");
        for i in 0..n {
            src.push_str(&format!("  \"frm{i} => forme {i}\",\n"));
        }
        src.push_str("]\n[abbreviation]\nallow = { add = [");
        for i in 0..n {
            src.push_str(&format!("\"A{i}\", "));
        }
        src.push_str("] }\n");
        src
    }

    /// Lexicon `add` lists and list edits are linear: 40,000 entries once
    /// took minutes (each added entry scanned the whole list). The bound is
    /// generous; the run takes well under a second.
    #[test]
    fn large_add_lists_load_in_linear_time() {
        let src = big_add_list(40_000);
        let start = std::time::Instant::now();
        let mut c = Config::default();
        c.merge_str("big.toml", &src).unwrap();
        let l = crate::Linter::new(c).unwrap();
        let d = l.check("Voici frm123.");
        assert!(d.iter().any(|d| d.rule == "sms-language"), "{d:?}");
        assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    }

    /// The same with 200,000 entries (ignored: run with `--ignored`).
    #[test]
    #[ignore]
    fn very_large_add_lists_load_in_linear_time() {
        let src = big_add_list(200_000);
        let start = std::time::Instant::now();
        let mut c = Config::default();
        c.merge_str("big.toml", &src).unwrap();
        crate::Linter::new(c).unwrap();
        assert!(start.elapsed().as_secs() < 120, "{:?}", start.elapsed());
    }
}
