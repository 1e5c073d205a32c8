//! A bounded look-up cache.

use crate::spell::FxHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The crate's one cache type (the spelling rule's look-ups, the grammar
/// tagger's readings): a map that remembers up to `N`
/// entries, then starts over (a cheap bound on memory for look-ups whose
/// keys come back reply after reply).
pub struct BoundedCache<K, V, const N: usize> {
    map: FxMap<K, V>,
}

impl<K, V, const N: usize> Default for BoundedCache<K, V, N> {
    fn default() -> Self {
        BoundedCache {
            map: FxMap::default(),
        }
    }
}

impl<K: std::hash::Hash + Eq, V, const N: usize> BoundedCache<K, V, N> {
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.map.get(key)
    }

    pub fn insert(&mut self, key: K, value: V) {
        if self.map.len() >= N {
            self.map.clear();
        }
        self.map.insert(key, value);
    }
}
