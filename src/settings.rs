//! The building blocks of the house style, below the rules: a rule's
//! level, the [`options!`](crate::options) macro that declares a table and
//! its patch, list patches and configuration errors. The rules declare
//! their tables with these; [`crate::config`] assembles them, above the
//! rules, into the whole house style.

use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::HashSet;
use std::path::PathBuf;
use thiserror::Error;

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

/// A list in a user file: a new list (`allow = ["RDV"]`), or additions
/// and removals (`allow = { add = ["CB"], remove = ["SVP"] }`).
#[derive(Debug, Clone)]
pub enum ListPatch {
    Replace(Vec<String>),
    Edit(ListEdit),
}

#[derive(Debug, Clone, Default)]
pub struct ListEdit {
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

/// Read by hand rather than as an untagged enum, whose only error is
/// "data did not match any variant": a wrong key or value is named, in
/// French.
impl<'de> Deserialize<'de> for ListPatch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = ListPatch;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "une liste de textes ([\"a\", \"b\"]) ou { add = [\"a\"], remove = [\"b\"] }",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListPatch, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(s) = seq.next_element::<String>()? {
                    v.push(s);
                }
                Ok(ListPatch::Replace(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListPatch, A::Error> {
                let mut edit = ListEdit::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "add" => edit.add = map.next_value()?,
                        "remove" => edit.remove = map.next_value()?,
                        _ => {
                            return Err(serde::de::Error::custom(format!(
                                "clé inconnue « {key} » dans une modification de liste : \
                                 seules « add » (ajouter) et « remove » (retirer) sont permises"
                            )))
                        }
                    }
                }
                Ok(ListPatch::Edit(edit))
            }
        }
        d.deserialize_any(ListVisitor)
    }
}

impl Patchable for Vec<String> {
    type Patch = ListPatch;
    fn apply(&mut self, patch: ListPatch) {
        match patch {
            ListPatch::Replace(v) => *self = v,
            ListPatch::Edit(e) => {
                // Hash sets: linear in the sizes of the lists.
                let removed: HashSet<String> =
                    e.remove.iter().map(|r| r.to_ascii_lowercase()).collect();
                self.retain(|x| !removed.contains(&x.to_ascii_lowercase()));
                let mut present: HashSet<String> = self.iter().cloned().collect();
                for a in e.add {
                    if present.insert(a.clone()) {
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
            $( $(#[$fmeta])* #[serde(default)] pub $field: Option<<$ty as $crate::settings::Patchable>::Patch>, )*
        }

        impl $crate::settings::Patchable for $name {
            type Patch = $patch;
            fn apply(&mut self, patch: $patch) {
                $( if let Some(v) = patch.$field { $crate::settings::Patchable::apply(&mut self.$field, v); } )*
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
