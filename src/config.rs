//! The house style: `rules.toml` embedded as the default, merged with the
//! user's `tchatlint.toml` or `--config FILE`.
//!
//! Every section is a typed struct declared with [`options!`], which also
//! declares its *patch*: the same fields, all optional, that a user file may
//! set. A user file is parsed into the patch type, so an unknown key or a
//! wrong type is reported with its file, line and key by the TOML parser.
//! A list may be replaced (`allow = ["RDV"]`) or edited
//! (`allow = { add = ["CB"], remove = ["SVP"] }`).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use thiserror::Error;

/// The default house style, embedded in the binary.
pub const DEFAULT_RULES_TOML: &str = include_str!("../rules.toml");

/// Name of the house-style file looked up in the current directory and its
/// parents.
pub const CONFIG_FILE_NAME: &str = "tchatlint.toml";

/// A value a user file can patch.
pub trait Patchable {
    type Patch: DeserializeOwned;
    fn apply(&mut self, patch: Self::Patch);
}

macro_rules! replace_patch {
    ($($t:ty),*) => {$(
        impl Patchable for $t {
            type Patch = $t;
            fn apply(&mut self, patch: $t) { *self = patch; }
        }
    )*};
}
replace_patch!(bool, usize, u64, f64, String, Level, Option<String>);

/// A list in a user file: a new list, or additions and removals.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ListPatch {
    Replace(Vec<String>),
    Edit(ListEdit),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListEdit {
    #[serde(default)]
    pub add: Vec<String>,
    #[serde(default)]
    pub remove: Vec<String>,
}

impl Patchable for Vec<String> {
    type Patch = ListPatch;
    fn apply(&mut self, patch: ListPatch) {
        match patch {
            ListPatch::Replace(v) => *self = v,
            ListPatch::Edit(e) => {
                self.retain(|x| !e.remove.iter().any(|r| r.eq_ignore_ascii_case(x)));
                for a in e.add {
                    if !self.contains(&a) {
                        self.push(a);
                    }
                }
            }
        }
    }
}

/// Declares a config section and its patch type.
#[macro_export]
macro_rules! options {
    (
        $(#[$meta:meta])*
        pub struct $name:ident / $patch:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        #[doc = concat!("The user-file form of [`", stringify!($name), "`]: every field optional.")]
        #[derive(Debug, Clone, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $patch {
            $( $(#[$fmeta])* #[serde(default)] pub $field: Option<<$ty as $crate::config::Patchable>::Patch>, )*
        }

        impl $crate::config::Patchable for $name {
            type Patch = $patch;
            fn apply(&mut self, patch: $patch) {
                $( if let Some(v) = patch.$field { $crate::config::Patchable::apply(&mut self.$field, v); } )*
            }
        }
    };
}

/// A rule's level in the house style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<crate::Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(crate::Severity::Info),
            Level::Warning => Some(crate::Severity::Warning),
            Level::Error => Some(crate::Severity::Error),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

pub use crate::rules::{Config, ConfigPatch};

/// A configuration problem: which file, where, and why.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("impossible de lire {path} : {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration invalide dans {path} :\n{message}")]
    Invalid { path: String, message: String },
    #[error(transparent)]
    Lexicon(#[from] crate::lexicon::LexiconError),
    #[error("règle inconnue « {0} » (voir `tchatlint rules`)")]
    UnknownRule(String),
}

static DEFAULT: LazyLock<Config> = LazyLock::new(|| {
    toml::from_str(DEFAULT_RULES_TOML).expect("the embedded rules.toml is a valid house style")
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
        self.apply(patch);
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
}
