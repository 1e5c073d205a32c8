//! House styles ("profiles") of the service: the default one, plus one
//! TOML file per brand in a directory, each merged over the embedded
//! defaults and compiled into its own [`Linter`].

use crate::conversation_rules::phrases::PhraseLibrary;
use crate::{Config, Linter};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

/// Name of the profile used when a request names none.
pub const DEFAULT_PROFILE: &str = "default";

/// One compiled house style: its linter and its phrase library.
#[derive(Debug)]
pub struct Profile {
    pub linter: Arc<Linter>,
    pub phrases: Arc<PhraseLibrary>,
    /// The same house style with every rule on (the ones it turns off at
    /// warning level), for requests that enable a rule by name: compiled on
    /// first use.
    all_rules: OnceLock<Arc<Linter>>,
}

impl Profile {
    fn new(config: Config) -> Result<Self> {
        let phrases = Arc::new(PhraseLibrary::from_options(&config.phrases)?);
        Ok(Profile {
            linter: Arc::new(Linter::new(config)?),
            phrases,
            all_rules: OnceLock::new(),
        })
    }

    /// This house style with every rule on (see the field). Two requests
    /// that race to build it both build it; one result is kept.
    pub fn all_rules(&self) -> Result<Arc<Linter>, crate::config::ConfigError> {
        if let Some(l) = self.all_rules.get() {
            return Ok(Arc::clone(l));
        }
        let mut config = self.linter.config().clone();
        for entry in crate::rules::REGISTRY {
            if (entry.level)(&config) == crate::config::Level::Off {
                (entry.set_level)(&mut config, crate::config::Level::Warning);
            }
        }
        let linter = Arc::new(Linter::new(config)?);
        Ok(Arc::clone(self.all_rules.get_or_init(|| linter)))
    }
}

/// Every compiled house style, immutable once built.
#[derive(Debug)]
pub struct Profiles {
    default: Profile,
    named: BTreeMap<String, Profile>,
}

impl Profiles {
    /// Compile the default house style (`base`, the embedded defaults or
    /// `--config`) and, when `dir` is given, every `*.toml` in it (the file
    /// stem is the profile name) merged over the embedded defaults. A file
    /// named `default.toml` replaces the default profile.
    pub fn load(base: Option<&Path>, dir: Option<&Path>) -> Result<Self> {
        let mut config = Config::default();
        if let Some(b) = base {
            config.merge_file(b)?;
        }
        let mut default = Profile::new(config)?;
        let mut named = BTreeMap::new();
        if let Some(dir) = dir {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .with_context(|| format!("{} : dossier de chartes illisible", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                .collect();
            files.sort();
            for f in files {
                let Some(name) = f.file_stem().and_then(|s| s.to_str()) else {
                    continue;
                };
                if !valid_name(name) {
                    anyhow::bail!(
                        "{} : nom de charte invalide (lettres, chiffres, - et _ seulement)",
                        f.display()
                    );
                }
                let mut c = Config::default();
                c.merge_file(&f)?;
                let profile = Profile::new(c)?;
                if name == DEFAULT_PROFILE {
                    default = profile;
                } else {
                    named.insert(name.to_string(), profile);
                }
            }
        }
        Ok(Profiles { default, named })
    }

    /// Profile `name` (`None` or `"default"`: the default).
    pub fn profile(&self, name: Option<&str>) -> Option<&Profile> {
        match name {
            None | Some(DEFAULT_PROFILE) | Some("") => Some(&self.default),
            Some(n) => self.named.get(n),
        }
    }

    /// The linter of profile `name` (`None` or `"default"`: the default).
    pub fn get(&self, name: Option<&str>) -> Option<&Arc<Linter>> {
        self.profile(name).map(|p| &p.linter)
    }

    /// Profile names, `default` first.
    pub fn names(&self) -> Vec<String> {
        std::iter::once(DEFAULT_PROFILE.to_string())
            .chain(self.named.keys().cloned())
            .collect()
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The live profiles: readers clone an `Arc` under a read lock held for a
/// few nanoseconds; a reload builds the new set off the lock, then swaps.
/// Requests in flight keep the set they started with.
#[derive(Debug)]
pub struct ProfileStore {
    current: RwLock<Arc<Profiles>>,
    base: Option<PathBuf>,
    dir: Option<PathBuf>,
}

impl ProfileStore {
    pub fn new(base: Option<PathBuf>, dir: Option<PathBuf>) -> Result<Self> {
        let profiles = Profiles::load(base.as_deref(), dir.as_deref())?;
        Ok(ProfileStore {
            current: RwLock::new(Arc::new(profiles)),
            base,
            dir,
        })
    }

    /// The current set.
    pub fn current(&self) -> Arc<Profiles> {
        match self.current.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Re-read the files and swap the set in. On error the current set
    /// stays in service.
    pub fn reload(&self) -> Result<Arc<Profiles>> {
        let fresh = Arc::new(Profiles::load(self.base.as_deref(), self.dir.as_deref())?);
        let mut g = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *g = Arc::clone(&fresh);
        Ok(fresh)
    }
}
