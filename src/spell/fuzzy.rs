//! A Damerau–Levenshtein automaton (optimal string alignment: insertion,
//! deletion, substitution, swap of two neighbours) over folded letters, run
//! against the dictionary's UTF-8 keys: letter by letter on its flat trie
//! ([`Fuzzy::walk`]), or byte by byte, as an [`fst::Automaton`], on any fst
//! (the tests' reference). The walk prunes every branch whose edit
//! distance already exceeds the bound, so a search visits a few thousand
//! nodes, not the 470,000 words.
//!
//! The state holds the last two rows of the edit-distance table as bit
//! sets, one per number of edits (bit `j` of `rows[e]`: the first `j`
//! query letters align with the key read so far in `e` edits at most),
//! and a row is computed from the one before with a few shifts and masks
//! whatever the query's length (the bit-parallel automaton of Wu and
//! Manber, with Hyyrö's swaps): no allocation and no loop over the query
//! during the walk.

use super::fold::{fold_char, fold_into};
use super::trie::{Trie, TrieView};
use fst::Automaton;

/// Longest query, in folded letters (positions `0..=MAX` fit in a `u32`).
const MAX: usize = 31;

/// Most edits allowed (the walk is compiled for each number of edits).
const MAX_EDITS: usize = 2;

pub struct Fuzzy {
    n: usize,
    k: usize,
    /// `alive[e]`: the positions `j` where an alignment with `e` edits is
    /// allowed. `limits[j]` caps the edits in an alignment of the first
    /// `j` query letters: 0 on a prefix anchors the search on it, which is
    /// what makes it fast. (Limits never decrease along the query.)
    alive: [u32; MAX_EDITS + 1],
    /// For each ASCII byte, the positions `j` whose query letter `j - 1`
    /// it folds to (upper and lower case alike).
    ascii: [u32; 128],
    /// The same for the query's letters beyond ASCII (few: folding takes
    /// accents off).
    other: Vec<(char, u32)>,
    /// The first row: `j` deletions for the first `j` query letters,
    /// within their limits.
    first: [u32; MAX_EDITS + 1],
    /// The positions `j` that a swap may reach in `k` edits: within the
    /// limit, and query letters `j - 2` and `j - 1` differ.
    swap_ends: u32,
}

/// The automaton's state between two letters: the last two rows, and the
/// last letter read.
#[derive(Clone, Copy)]
pub struct Rows {
    rows: [u32; MAX_EDITS + 1],
    prev: [u32; MAX_EDITS + 1],
    /// The previous folded key letter and its positions in the query
    /// (`'\0'` and none at the start, and after a letter absent from the
    /// query).
    last: char,
    last_mask: u32,
}

/// The state as an [`fst::Automaton`] reads it, byte by byte: the rows,
/// and a UTF-8 sequence being decoded.
#[derive(Clone, Copy)]
pub struct State {
    r: Rows,
    /// Code point so far, bytes still due.
    cp: u32,
    need: u8,
    dead: bool,
}

impl Fuzzy {
    /// `None` when the folded query is longer than the automaton allows.
    pub fn new(query: &str, k: u8) -> Option<Self> {
        let mut folded = Vec::with_capacity(query.len());
        fold_into(query, &mut folded);
        Self::folded(&folded, k, &[])
    }

    /// An automaton over already folded letters. `steps` caps the edits by
    /// query position: `(j, e)` allows at most `e` edits in the alignment of
    /// the first `j` letters (steps sorted by `j`); beyond the last step,
    /// `k`.
    pub fn folded(folded: &[char], k: u8, steps: &[(usize, u8)]) -> Option<Self> {
        if folded.len() > MAX || folded.is_empty() {
            return None;
        }
        let k = usize::from(k).min(MAX_EDITS);
        let n = folded.len();
        let mut alive = [0u32; MAX_EDITS + 1];
        let mut first = [0u32; MAX_EDITS + 1];
        for j in 0..=n {
            let limit = steps
                .iter()
                .find(|(upto, _)| j <= *upto)
                .map_or(k, |&(_, e)| usize::from(e).min(k));
            for a in alive.iter_mut().take(limit + 1) {
                *a |= 1 << j;
            }
            // Deleting the first `j` letters costs `j` edits, within the
            // limit of the part they belong to.
            if j <= limit {
                for f in first.iter_mut().take(k + 1).skip(j) {
                    *f |= 1 << j;
                }
            }
        }
        let mut ascii = [0u32; 128];
        let mut other: Vec<(char, u32)> = Vec::new();
        for (i, &c) in folded.iter().enumerate() {
            let bit = 1u32 << (i + 1);
            if c.is_ascii() {
                ascii[c as usize] |= bit;
                ascii[c.to_ascii_uppercase() as usize] |= bit;
            } else if let Some(o) = other.iter_mut().find(|(d, _)| *d == c) {
                o.1 |= bit;
            } else {
                other.push((c, bit));
            }
        }
        let mut swap_ends = 0u32;
        for j in 2..=n {
            if folded[j - 2] != folded[j - 1] {
                swap_ends |= 1 << j;
            }
        }
        swap_ends &= alive[k];
        Some(Fuzzy {
            n,
            k,
            alive,
            ascii,
            other,
            first,
            swap_ends,
        })
    }

    /// The query positions `j` whose letter `j - 1` is `c` (folded).
    #[inline]
    fn mask(&self, c: char) -> u32 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other
                .iter()
                .find(|(d, _)| *d == c)
                .map_or(0, |&(_, m)| m)
        }
    }

    /// The next row after folded key letter `c`, whose positions in the
    /// query are `m`. Per number of edits `e`: a match extends an
    /// alignment of `e` edits; a substitution, an extra key letter or a
    /// missing one extends one of `e - 1` (the last along the new row
    /// itself); a swap of the last two letters one of `e - 1` two rows
    /// back. Then each position keeps within its limit. `K` is the
    /// number of edits (`self.k`), a constant so that the loop unrolls.
    #[inline(always)]
    fn step_k<const K: usize>(&self, s: &Rows, c: char, m: u32) -> Rows {
        let swap = if s.last != c {
            (m << 1) & s.last_mask
        } else {
            0
        };
        let mut new = [0u32; MAX_EDITS + 1];
        new[0] = (s.rows[0] << 1) & m & self.alive[0];
        for e in 1..=K {
            let raw = ((s.rows[e] << 1) & m)
                | s.rows[e - 1]
                | (s.rows[e - 1] << 1)
                | (new[e - 1] << 1)
                | ((s.prev[e - 1] << 2) & swap);
            new[e] = new[e - 1] | (raw & self.alive[e]);
        }
        Rows {
            rows: new,
            prev: s.rows,
            last: c,
            last_mask: m,
        }
    }

    fn step_mask(&self, s: &Rows, c: char, m: u32) -> Rows {
        match self.k {
            0 => self.step_k::<0>(s, c, m),
            1 => self.step_k::<1>(s, c, m),
            _ => self.step_k::<2>(s, c, m),
        }
    }

    /// Whether an alignment within the bound may still come out of `s`.
    /// A dead row may come back to life on the next letter by a swap with
    /// the last one: the swap extends an alignment of `k - 1` edits two
    /// rows back (`prev`) from `j - 2` to `j`, whereas the cells between,
    /// which would have cost one edit as well, may have been over their
    /// limit (an anchored part ending at `j - 1`). Without limits, such a
    /// swap's row is never dead; with them, this keeps the search going a
    /// letter further only where the last letter read is query letter
    /// `j - 1` and `j` is within its limit.
    #[inline(always)]
    fn live<const K: usize>(&self, s: &Rows) -> bool {
        s.rows[K] != 0
            || (K > 0 && (s.prev[K.saturating_sub(1)] << 2) & s.last_mask & self.swap_ends != 0)
    }

    /// Walk `trie` (a flat copy of an fst) depth first, pushing the keys
    /// this automaton accepts with their values, at most `limit`. Unlike
    /// `Map::search`, a node where only letters of the query can go on (an
    /// anchored part, or no edit left) skips the other transitions on their
    /// input byte, without running the automaton on them; and the walk
    /// steps letter by letter, not byte by byte: the bytes of a letter
    /// beyond ASCII are read together (no state, and no visit, for the
    /// nodes inside a letter).
    pub fn walk(&self, trie: &Trie, limit: usize, out: &mut Vec<(Vec<u8>, u64)>) {
        let mut w = Walk {
            trie: trie.view(),
            key: Vec::with_capacity(32),
            out,
            limit,
        };
        let start = self.start().r;
        match self.k {
            0 => self.visit::<0>(&mut w, trie.root(), &start, 0),
            1 => self.visit::<1>(&mut w, trie.root(), &start, 0),
            _ => self.visit::<2>(&mut w, trie.root(), &start, 0),
        }
    }

    /// Visits the node at `at`, reached in state `s` (between two
    /// letters, and live) with value `acc` so far.
    fn visit<const K: usize>(&self, w: &mut Walk<'_>, at: usize, s: &Rows, acc: u64) {
        if w.out.len() >= w.limit {
            return;
        }
        let node = w.trie.node(at);
        if node.is_final() && s.rows[K] & (1 << self.n) != 0 {
            w.out.push((w.key.clone(), acc + node.final_output()));
        }
        // Every letter absent from the query (and one character once
        // folded) leads to the same row, computed on the first one met.
        // If that row is dead, only the letters that may spell a query
        // letter are followed.
        let mut other = None;
        for (i, &inp) in node.inputs().iter().enumerate() {
            if inp < 0x80 {
                let m = self.ascii[usize::from(inp)];
                let next = if m == 0 {
                    match *other.get_or_insert_with(|| self.after_absent_letter::<K>(s)) {
                        Some(o) => o,
                        None => continue,
                    }
                } else {
                    let next = self.step_k::<K>(s, char::from(inp.to_ascii_lowercase()), m);
                    if !self.live::<K>(&next) {
                        continue;
                    }
                    next
                };
                self.descend::<K>(w, inp, node.target(i), &next, acc + node.output(i));
            } else {
                let (cp, need) = match inp {
                    0xc0..=0xdf => (u32::from(inp & 0x1f), 1),
                    0xe0..=0xef => (u32::from(inp & 0x0f), 2),
                    0xf0..=0xf7 => (u32::from(inp & 0x07), 3),
                    // Not the first byte of a letter: no key goes on.
                    _ => continue,
                };
                w.key.push(inp);
                let acc = acc + node.output(i);
                self.visit_letter::<K>(w, node.target(i), s, acc, cp, need, &mut other);
                w.key.pop();
            }
        }
    }

    /// Inside a letter beyond ASCII: `need` more bytes complete code
    /// point `cp` (read as the automaton reads them: the bytes after the
    /// first are not checked). Then the letter is read, in its folded
    /// form, and the walk goes on from the node after it.
    #[allow(clippy::too_many_arguments)]
    fn visit_letter<const K: usize>(
        &self,
        w: &mut Walk<'_>,
        at: usize,
        s: &Rows,
        acc: u64,
        cp: u32,
        need: u8,
        other: &mut Option<Option<Rows>>,
    ) {
        let node = w.trie.node(at);
        for (i, &inp) in node.inputs().iter().enumerate() {
            let cp = (cp << 6) | u32::from(inp & 0x3f);
            if need > 1 {
                w.key.push(inp);
                let acc = acc + node.output(i);
                self.visit_letter::<K>(w, node.target(i), s, acc, cp, need - 1, other);
                w.key.pop();
                continue;
            }
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let f = fold_char(c);
            let absent = f.first.is_ascii() && self.ascii[f.first as usize] == 0;
            let next = if absent && f.second.is_none() {
                match *other.get_or_insert_with(|| self.after_absent_letter::<K>(s)) {
                    Some(o) => o,
                    None => continue,
                }
            } else {
                // (`œ` when the query has no `o`: an absent letter, then
                // maybe one of the query; the row after the first is
                // dead when the one after any absent letter is.)
                if absent
                    && other
                        .get_or_insert_with(|| self.after_absent_letter::<K>(s))
                        .is_none()
                {
                    continue;
                }
                let next = if cp < 0x80 {
                    // An overlong ASCII letter, read as ASCII.
                    let b = cp as u8;
                    self.step_k::<K>(
                        s,
                        char::from(b.to_ascii_lowercase()),
                        self.ascii[usize::from(b)],
                    )
                } else {
                    let mut t = *s;
                    for f in f.chars() {
                        t = self.step_k::<K>(&t, f, self.mask(f));
                    }
                    t
                };
                if !self.live::<K>(&next) {
                    continue;
                }
                next
            };
            self.descend::<K>(w, inp, node.target(i), &next, acc + node.output(i));
        }
    }

    /// Follows the transition on byte `inp` to the node at `at`, which
    /// completes a letter and leaves the walk in state `next`.
    #[inline]
    fn descend<const K: usize>(&self, w: &mut Walk<'_>, inp: u8, at: usize, next: &Rows, acc: u64) {
        w.key.push(inp);
        self.visit::<K>(w, at, next, acc);
        w.key.pop();
    }

    /// The row after a letter absent from the query (one character once
    /// folded), whichever it is, if live: it matches no query letter, and
    /// as the last letter read it can complete no swap (kept as `'\0'`,
    /// which no query holds).
    fn after_absent_letter<const K: usize>(&self, s: &Rows) -> Option<Rows> {
        let o = self.step_k::<K>(s, '\0', 0);
        self.live::<K>(&o).then_some(o)
    }
}

/// A depth-first walk under way.
struct Walk<'a> {
    trie: TrieView<'a>,
    key: Vec<u8>,
    out: &'a mut Vec<(Vec<u8>, u64)>,
    limit: usize,
}

/// The automaton run byte by byte on any fst (the tests' reference for
/// [`Fuzzy::walk`]).
impl Automaton for Fuzzy {
    type State = State;

    fn start(&self) -> State {
        State {
            r: Rows {
                rows: self.first,
                prev: [0; MAX_EDITS + 1],
                last: '\0',
                last_mask: 0,
            },
            cp: 0,
            need: 0,
            dead: false,
        }
    }

    fn is_match(&self, s: &State) -> bool {
        !s.dead && s.need == 0 && s.r.rows[self.k] & (1 << self.n) != 0
    }

    fn can_match(&self, s: &State) -> bool {
        !s.dead
            && match self.k {
                0 => self.live::<0>(&s.r),
                1 => self.live::<1>(&s.r),
                _ => self.live::<2>(&s.r),
            }
    }

    fn accept(&self, s: &State, b: u8) -> State {
        let mut s = *s;
        if s.dead {
            return s;
        }
        let c = if s.need == 0 {
            match b {
                0x00..=0x7f => b as u32,
                0xc0..=0xdf => {
                    s.cp = u32::from(b & 0x1f);
                    s.need = 1;
                    return s;
                }
                0xe0..=0xef => {
                    s.cp = u32::from(b & 0x0f);
                    s.need = 2;
                    return s;
                }
                0xf0..=0xf7 => {
                    s.cp = u32::from(b & 0x07);
                    s.need = 3;
                    return s;
                }
                _ => {
                    s.dead = true;
                    return s;
                }
            }
        } else {
            s.cp = (s.cp << 6) | u32::from(b & 0x3f);
            s.need -= 1;
            if s.need > 0 {
                return s;
            }
            s.cp
        };
        if c < 0x80 {
            // ASCII folds to its lower case (the mask holds both cases).
            let b = c as u8;
            s.r = self.step_mask(
                &s.r,
                char::from(b.to_ascii_lowercase()),
                self.ascii[usize::from(b)],
            );
            return s;
        }
        let Some(c) = char::from_u32(c) else {
            s.dead = true;
            return s;
        };
        for f in fold_char(c).chars() {
            s.r = self.step_mask(&s.r, f, self.mask(f));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};
    use proptest::prelude::{prop_assert_eq, TestCaseError};
    use std::collections::BTreeSet;

    fn search(words: &[&str], q: &str, k: u8) -> Vec<String> {
        let mut w: Vec<&str> = words.to_vec();
        w.sort();
        let set = Set::from_iter(w).unwrap();
        let mut out = Vec::new();
        let mut st = set.search(Fuzzy::new(q, k).unwrap()).into_stream();
        while let Some(k) = st.next() {
            out.push(String::from_utf8(k.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn distances_with_accents_free_and_swaps() {
        let words = [
            "accueil", "cœur", "déjà", "état", "État", "orange", "commande",
        ];
        assert_eq!(search(&words, "ETAT", 0), ["État", "état"]);
        assert_eq!(search(&words, "coeur", 0), ["cœur"]);
        assert_eq!(search(&words, "acceuil", 1), ["accueil"]);
        assert_eq!(search(&words, "comande", 1), ["commande"]);
        assert_eq!(search(&words, "deja", 0), ["déjà"]);
        assert!(search(&words, "comnde", 1).is_empty());
        assert_eq!(search(&words, "comnde", 2), ["commande"]);
    }

    /// Optimal string alignment distance over folded letters, the plain
    /// way.
    fn osa(a: &str, b: &str) -> usize {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        fold_into(a, &mut x);
        fold_into(b, &mut y);
        let mut d = vec![vec![0usize; y.len() + 1]; x.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=x.len() {
            for j in 1..=y.len() {
                let mut v = (d[i - 1][j - 1] + usize::from(x[i - 1] != y[j - 1]))
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[x.len()][y.len()]
    }

    /// Whether `key` is within `k` edits of `query` in the plain table of
    /// optimal string alignment over folded letters, where the alignment of
    /// the first `j` query letters may use at most `limits[j]` edits (a
    /// cell above its limit is dead), the first row being `j` deletions
    /// where they are within the limit.
    fn within_capped(key: &str, query: &[char], k: usize, limits: &[usize]) -> bool {
        let mut x = Vec::new();
        fold_into(key, &mut x);
        let (n, cap) = (query.len(), k + 1);
        let keep = |j: usize, v: usize| if v <= limits[j] { v } else { cap };
        let mut cur: Vec<usize> = (0..=n).map(|j| keep(j, j)).collect();
        let mut prev = vec![cap; n + 1];
        for (i, &c) in x.iter().enumerate() {
            let mut new = vec![cap; n + 1];
            new[0] = keep(0, cur[0] + 1);
            for j in 1..=n {
                let mut v = (cur[j - 1] + usize::from(query[j - 1] != c))
                    .min(cur[j] + 1)
                    .min(new[j - 1] + 1);
                if i >= 1
                    && j >= 2
                    && x[i - 1] == query[j - 1]
                    && query[j - 2] == c
                    && x[i - 1] != c
                {
                    v = v.min(prev[j - 2] + 1);
                }
                new[j] = keep(j, v);
            }
            prev = std::mem::replace(&mut cur, new);
        }
        cur[n] <= k
    }

    /// The automaton, run by fst's own search and by `walk` (which skips
    /// letters that cannot help), finds exactly the words within `k` edits;
    /// with the first `anchor` query letters held to `first` edits, `walk`
    /// and fst's search agree and find what the plain table with those
    /// limits finds.
    fn agree(
        words: &BTreeSet<String>,
        query: &str,
        k: u8,
        anchor: usize,
        first: u8,
    ) -> Result<(), TestCaseError> {
        let list: Vec<&str> = words.iter().map(String::as_str).collect();
        let want: Vec<String> = list
            .iter()
            .filter(|w| osa(w, query) <= usize::from(k))
            .map(|w| w.to_string())
            .collect();
        prop_assert_eq!(&search(&list, query, k), &want);
        let set = Set::from_iter(list.iter().copied()).unwrap();
        let trie = Trie::from_fst(set.as_fst(), false).unwrap();
        let mut keys = Vec::new();
        Fuzzy::new(query, k)
            .unwrap()
            .walk(&trie, usize::MAX, &mut keys);
        let walked: Vec<String> = keys
            .into_iter()
            .map(|(key, _)| String::from_utf8(key).unwrap())
            .collect();
        prop_assert_eq!(walked, want);
        // With a part of the query anchored, `walk` still agrees with
        // the automaton run on every transition.
        let mut folded = Vec::new();
        fold_into(query, &mut folded);
        let steps = [(anchor, first)];
        let mut keys = Vec::new();
        Fuzzy::folded(&folded, k, &steps)
            .unwrap()
            .walk(&trie, usize::MAX, &mut keys);
        let walked: Vec<Vec<u8>> = keys.into_iter().map(|(key, _)| key).collect();
        let plain = set
            .search(Fuzzy::folded(&folded, k, &steps).unwrap())
            .into_stream()
            .into_bytes();
        prop_assert_eq!(&walked, &plain);
        // Both find what the plain table with the limits finds.
        let limits: Vec<usize> = (0..=folded.len())
            .map(|j| {
                if j <= anchor {
                    usize::from(first.min(k))
                } else {
                    usize::from(k)
                }
            })
            .collect();
        let want: Vec<Vec<u8>> = list
            .iter()
            .filter(|w| within_capped(w, &folded, usize::from(k), &limits))
            .map(|w| w.as_bytes().to_vec())
            .collect();
        prop_assert_eq!(walked, want);
        Ok(())
    }

    /// [`agree`] on one word and one query, for every anchor.
    fn agree_everywhere(word: &str, query: &str, k: u8) {
        let words = BTreeSet::from([word.to_string()]);
        for anchor in 0..6 {
            for first in 0..=1 {
                if let Err(e) = agree(&words, query, k, anchor, first) {
                    panic!("{word:?} for {query:?}, k = {k}, anchor ({anchor}, {first}): {e}");
                }
            }
        }
    }

    /// A swap of the letters on either side of an anchor's end costs one
    /// edit past the anchor: the alignment of the anchored letters alone,
    /// which would cost one as well, is not on its path. The row between
    /// is dead, and the search must not stop there (it did).
    #[test]
    fn a_swap_across_an_anchor_brings_a_dead_row_back() {
        // The cases proptest found, and their ASCII forms.
        agree_everywhere("AÉ", "eA", 1);
        agree_everywhere("çÉ", "èç", 1);
        agree_everywhere("-É", "É-", 1);
        agree_everywhere("ae", "ea", 1);
        agree_everywhere("ae", "ea", 2);
        agree_everywhere("rase", "rsae", 1);
        agree_everywhere("rasé", "RSAE", 2);
        agree_everywhere("tœ", "teo", 1);
        let mut folded = Vec::new();
        fold_into("eA", &mut folded);
        let set = Set::from_iter(["AÉ"]).unwrap();
        let trie = Trie::from_fst(set.as_fst(), false).unwrap();
        let mut keys = Vec::new();
        Fuzzy::folded(&folded, 1, &[(1, 0)])
            .unwrap()
            .walk(&trie, usize::MAX, &mut keys);
        assert_eq!(keys.len(), 1);
    }

    /// On the embedded dictionary, with the anchors the suggestions use,
    /// `walk` finds what fst's search finds with the same automaton.
    #[test]
    fn walk_agrees_with_the_automaton_on_the_dictionary() {
        let map = fst::Map::new(super::super::FR_FST).unwrap();
        let d = super::super::Dictionary::french();
        for q in [
            "apeller",
            "debian",
            "Noeud",
            "évènemnt",
            "aujourdhui",
            "l’ETAT",
            "xyzzy",
        ] {
            let mut folded = Vec::new();
            fold_into(q, &mut folded);
            let n = folded.len();
            for (k, steps) in [
                (0, vec![]),
                (1, vec![(n / 2, 0)]),
                (2, vec![(n / 3, 0)]),
                (2, vec![(n / 3, 0), (2 * n / 3, 1)]),
            ] {
                let aut = Fuzzy::folded(&folded, k, &steps).unwrap();
                let mut walked = Vec::new();
                aut.walk(&d.trie, usize::MAX, &mut walked);
                let mut want = Vec::new();
                let mut st = map.search(&aut).into_stream();
                while let Some((key, v)) = st.next() {
                    want.push((key.to_vec(), v));
                }
                assert_eq!(walked, want, "{q} k = {k} {steps:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn finds_exactly_the_words_within_k_edits(
            words in proptest::collection::btree_set("[aeéèçœrstAÉ’-]{1,9}", 1..40),
            query in "[aeéèçœrstAÉ’-]{1,9}",
            k in 0u8..=2,
            anchor in 0usize..6,
            first in 0u8..=1,
        ) {
            agree(&words, &query, k, anchor, first)?;
        }
    }
}
