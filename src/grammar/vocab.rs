//! The words the grammar rules name, interned: a token is looked up once
//! and every word test of every rule is then an integer comparison.

use crate::spell::FxHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A map with the crate's fast hasher (the grammar's keys are short words and
/// pattern atoms, hashed thousands of times at start-up).
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Index of a word among the words the rules name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordId(pub u32);

impl WordId {
    /// A word no rule names.
    pub const NONE: WordId = WordId(u32::MAX);
}

/// The interner. Words are stored lower-cased with `'` apostrophes.
#[derive(Debug)]
pub struct Vocab {
    /// Tells this vocabulary from any other made by the process (the
    /// tagger's per-thread memory of ids is valid for one vocabulary).
    serial: u64,
    ids: FxMap<Box<str>, WordId>,
    /// Word sets already built, by the pattern atom that names them
    /// (`@classe`, `lemme=…`): a class is used by dozens of rules.
    sets: FxMap<String, Vec<WordId>>,
    /// Per id: the word classes the tagger gave it ([`Vocab::add_class`]).
    classes: Vec<u32>,
}

impl Default for Vocab {
    fn default() -> Self {
        static SERIALS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Vocab {
            serial: SERIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ids: FxMap::default(),
            sets: FxMap::default(),
            classes: Vec::new(),
        }
    }
}

impl Vocab {
    /// This vocabulary's number, unique in the process.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// The id of `word`, added if new.
    pub fn intern(&mut self, word: &str) -> WordId {
        let key = fold(word);
        let next = WordId(self.ids.len() as u32);
        *self.ids.entry(key.into_boxed_str()).or_insert(next)
    }

    /// The word set named by `key`, built by `make` the first time.
    pub fn set(
        &mut self,
        key: &str,
        make: impl FnOnce(&mut Vocab) -> Result<Vec<WordId>, String>,
    ) -> Result<Vec<WordId>, String> {
        if let Some(s) = self.sets.get(key) {
            return Ok(s.clone());
        }
        let s = make(self)?;
        self.sets.insert(key.to_string(), s.clone());
        Ok(s)
    }

    /// Adds `word` (interned if new) to the classes `bits`.
    pub fn add_class(&mut self, word: &str, bits: u32) {
        let id = self.intern(word).0 as usize;
        if self.classes.len() <= id {
            self.classes.resize(id + 1, 0);
        }
        self.classes[id] |= bits;
    }

    /// The classes of word `id` (none for [`WordId::NONE`]).
    pub fn classes(&self, id: WordId) -> u32 {
        self.classes.get(id.0 as usize).copied().unwrap_or(0)
    }

    /// How many words have an id (ids are `0..len`).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of an already lower-cased word, or [`WordId::NONE`].
    pub fn id(&self, lower: &str) -> WordId {
        self.ids.get(lower).copied().unwrap_or(WordId::NONE)
    }
}

/// The word has a capital or a `’` (which [`fold`] would change).
pub fn needs_folding(word: &str) -> bool {
    // Most words are lower-case ASCII: one pass over the bytes settles them.
    word.bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        && word.chars().any(|c| c.is_uppercase() || c == '’')
}

/// Lower case, `’` as `'`.
pub fn fold(word: &str) -> String {
    if needs_folding(word) {
        word.to_lowercase().replace('’', "'")
    } else {
        word.to_string()
    }
}
