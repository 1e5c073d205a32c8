//! The words the grammar rules name, interned: a token is looked up once
//! and every word test of every rule is then an integer comparison.

use std::collections::HashMap;

/// Index of a word among the words the rules name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordId(pub u32);

impl WordId {
    /// A word no rule names.
    pub const NONE: WordId = WordId(u32::MAX);
}

/// The interner. Words are stored lower-cased with `'` apostrophes.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<Box<str>, WordId>,
}

impl Vocab {
    /// The id of `word`, added if new.
    pub fn intern(&mut self, word: &str) -> WordId {
        let key = fold(word);
        let next = WordId(self.ids.len() as u32);
        *self.ids.entry(key.into_boxed_str()).or_insert(next)
    }

    /// The id of an already lower-cased word, or [`WordId::NONE`].
    pub fn id(&self, lower: &str) -> WordId {
        self.ids.get(lower).copied().unwrap_or(WordId::NONE)
    }
}

/// Lower case, `’` as `'`.
pub fn fold(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}
