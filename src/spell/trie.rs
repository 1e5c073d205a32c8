//! The dictionary's automata laid out flat (see [`super::flat`] for the
//! layout), read in place for the fuzzy walk. A node's input bytes sit
//! side by side, and its targets and outputs at fixed places: the walk
//! tests a byte before it reads anything else of the transition, where
//! the fst's packed nodes have to be decoded first.

use super::flat;
use std::borrow::Cow;

/// A flat trie, borrowed from the binary or owned.
#[derive(Debug, Clone)]
pub struct Trie {
    bytes: Cow<'static, [u8]>,
    outputs: bool,
    root: usize,
    len: usize,
}

/// A look at a trie's bytes, copied into the walk.
#[derive(Debug, Clone, Copy)]
pub struct TrieView<'a> {
    bytes: &'a [u8],
    outputs: bool,
}

/// One node of a trie.
#[derive(Debug, Clone, Copy)]
pub struct TrieNode<'a> {
    bytes: &'a [u8],
    at: usize,
    n: usize,
    outputs: bool,
}

/// The integers of a trie, read with one bounds check each (past the end
/// of a trie the data is damaged: a panic, not a wrong word).
#[inline]
fn u16_at(b: &[u8], i: usize) -> u16 {
    let mut x = [0u8; 2];
    x.copy_from_slice(&b[i..i + 2]);
    u16::from_le_bytes(x)
}

#[inline]
fn u32_at(b: &[u8], i: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[i..i + 4]);
    u32::from_le_bytes(x)
}

impl Trie {
    /// A trie from its flat bytes; only the header is checked.
    pub fn new(bytes: Cow<'static, [u8]>) -> Result<Self, String> {
        if bytes.len() < flat::HEADER || &bytes[..8] != flat::MAGIC {
            return Err("not a flat trie (bad header)".to_string());
        }
        let outputs = bytes[8] & 1 != 0;
        let root = u32_at(&bytes, 12) as usize;
        let len =
            usize::try_from(u64::from(u32_at(&bytes, 16)) | u64::from(u32_at(&bytes, 20)) << 32)
                .map_err(|_| "flat trie: too many keys".to_string())?;
        if root < flat::HEADER || root + flat::node_size(0, outputs) > bytes.len() {
            return Err("flat trie: root out of bounds".to_string());
        }
        Ok(Trie {
            bytes,
            outputs,
            root,
            len,
        })
    }

    /// The flat form of `fst` (a map when `outputs`, else a set).
    pub fn from_fst<D: AsRef<[u8]>>(fst: &fst::raw::Fst<D>, outputs: bool) -> Result<Self, String> {
        Trie::new(Cow::Owned(flat::flatten(fst, outputs)?))
    }

    pub fn root(&self) -> usize {
        self.root
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The value of `key` (the sum of the outputs along its path), if it
    /// is a key.
    pub fn get(&self, key: &[u8]) -> Option<u64> {
        let view = self.view();
        let mut node = view.node(self.root);
        let mut value = 0;
        for &b in key {
            let inputs = node.inputs();
            // The inputs are sorted: a wide node (the root has a hundred)
            // is searched by halves.
            let i = if inputs.len() > 8 {
                inputs.binary_search(&b).ok()?
            } else {
                inputs.iter().position(|&x| x == b)?
            };
            value += node.output(i);
            node = view.node(node.target(i));
        }
        node.is_final().then(|| value + node.final_output())
    }

    pub fn view(&self) -> TrieView<'_> {
        TrieView {
            bytes: &self.bytes,
            outputs: self.outputs,
        }
    }
}

impl<'a> TrieView<'a> {
    /// The node at offset `at` (a root or a transition's target).
    #[inline]
    pub fn node(self, at: usize) -> TrieNode<'a> {
        TrieNode {
            bytes: self.bytes,
            at,
            n: usize::from(u16_at(self.bytes, at + 1)),
            outputs: self.outputs,
        }
    }
}

impl<'a> TrieNode<'a> {
    fn labels_at(&self) -> usize {
        self.at + if self.outputs { 5 } else { 3 }
    }

    #[inline]
    pub fn is_final(&self) -> bool {
        self.bytes[self.at] & 1 != 0
    }

    #[inline]
    pub fn final_output(&self) -> u64 {
        if self.outputs {
            u64::from(u16_at(self.bytes, self.at + 3))
        } else {
            0
        }
    }

    /// The input bytes of the transitions, ascending.
    #[inline]
    pub fn inputs(&self) -> &'a [u8] {
        let at = self.labels_at();
        &self.bytes[at..at + self.n]
    }

    /// Where transition `i` leads.
    #[inline]
    pub fn target(&self, i: usize) -> usize {
        u32_at(self.bytes, self.labels_at() + self.n + 4 * i) as usize
    }

    /// The output of transition `i`.
    #[inline]
    pub fn output(&self, i: usize) -> u64 {
        if self.outputs {
            u64::from(u16_at(self.bytes, self.labels_at() + 5 * self.n + 2 * i))
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::raw::Fst;

    /// The trie and the fst it was made from: same finality, outputs and
    /// transitions at every node reached from the root.
    fn assert_same<D: AsRef<[u8]>>(fst: &Fst<D>, trie: &Trie) -> usize {
        let view = trie.view();
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![(fst.root().addr(), trie.root())];
        while let Some((addr, at)) = stack.pop() {
            if !seen.insert(addr) {
                continue;
            }
            let (a, b) = (fst.node(addr), view.node(at));
            assert_eq!(a.is_final(), b.is_final(), "node {addr}");
            assert_eq!(a.final_output().value(), b.final_output(), "node {addr}");
            let inputs: Vec<u8> = a.transitions().map(|t| t.inp).collect();
            assert_eq!(inputs, b.inputs(), "node {addr}");
            for (i, t) in a.transitions().enumerate() {
                assert_eq!(t.out.value(), b.output(i), "node {addr}");
                stack.push((t.addr, b.target(i)));
            }
        }
        seen.len()
    }

    #[test]
    fn embedded_tries_are_the_embedded_fsts() {
        let d = crate::spell::Dictionary::french();
        let map = fst::Map::new(crate::spell::FR_FST).unwrap();
        let nodes = assert_same(map.as_fst(), &d.trie);
        assert!(nodes > 100_000, "{nodes} nodes");
        let rev = fst::Set::new(crate::spell::FR_REV_FST).unwrap();
        let nodes = assert_same(rev.as_fst(), &d.rev_trie);
        assert!(nodes > 100_000, "{nodes} nodes");
    }

    #[test]
    fn look_ups_find_every_key_with_its_value_and_nothing_else() {
        use fst::{IntoStreamer, Streamer};
        let d = crate::spell::Dictionary::french();
        let map = fst::Map::new(crate::spell::FR_FST).unwrap();
        assert_eq!(d.trie.len(), map.len());
        let mut keys = map.stream();
        let mut n = 0;
        while let Some((k, v)) = keys.next() {
            assert_eq!(d.trie.get(k), Some(v), "{}", String::from_utf8_lossy(k));
            n += 1;
        }
        assert_eq!(n, map.len());
        for w in ["", "commnde", "mangeont", "etat", "Paris ", "é", "\u{0}"] {
            assert_eq!(d.trie.get(w.as_bytes()), map.get(w), "{w}");
        }
        let rev = fst::Set::new(crate::spell::FR_REV_FST).unwrap();
        let mut keys = rev.into_stream();
        while let Some(k) = keys.next() {
            assert_eq!(d.rev_trie.get(k), Some(0));
        }
    }

    #[test]
    fn small_fsts_flatten_with_wide_nodes_and_outputs() {
        // A root of 70 transitions, outputs on transitions and finals.
        let mut words: Vec<(String, u64)> = (0u8..70)
            .map(|b| (((b'0' + b) as char).to_string(), u64::from(b) * 4))
            .collect();
        words.push(("0a".into(), 300));
        words.sort();
        let map = fst::Map::from_iter(words.iter().map(|(w, v)| (w.as_str(), *v))).unwrap();
        let trie = Trie::from_fst(map.as_fst(), true).unwrap();
        assert_same(map.as_fst(), &trie);
        let set = fst::Set::from_iter(["a", "ab", "b"]).unwrap();
        assert_same(set.as_fst(), &Trie::from_fst(set.as_fst(), false).unwrap());
        // A map's outputs do not fit a set's layout.
        assert!(Trie::from_fst(map.as_fst(), false).is_err());
        let big = fst::Map::from_iter([("a", 70_000u64)]).unwrap();
        assert!(Trie::from_fst(big.as_fst(), true).is_err());
    }

    #[test]
    fn bad_headers_are_refused() {
        assert!(Trie::new(Cow::Borrowed(b"")).is_err());
        assert!(Trie::new(Cow::Borrowed(
            b"TLTRIE2\0\0\0\0\0\xff\xff\0\0\0\0\0\0\0\0\0\0"
        ))
        .is_err());
        assert!(Trie::new(Cow::Owned(vec![0; 32])).is_err());
    }
}
