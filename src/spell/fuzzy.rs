//! A Damerau–Levenshtein automaton (optimal string alignment: insertion,
//! deletion, substitution, swap of two neighbours) over folded letters, run
//! against the dictionary's UTF-8 keys byte by byte, on its flat trie
//! ([`Fuzzy::walk`]) or, as an [`fst::Automaton`], on any fst (the tests'
//! reference). The walk prunes every branch whose edit distance already
//! exceeds the bound, so a search visits a few thousand nodes, not the
//! 470,000 words.
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

/// Most edits allowed.
const MAX_EDITS: usize = 3;

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

#[derive(Clone, Copy)]
pub struct State {
    rows: [u32; MAX_EDITS + 1],
    prev: [u32; MAX_EDITS + 1],
    /// The previous folded key letter and its positions in the query
    /// (`'\0'` and none at the start, and after a letter absent from the
    /// query).
    last: char,
    last_mask: u32,
    /// A UTF-8 sequence being decoded: code point so far, bytes still due.
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
    /// back. Then each position keeps within its limit.
    #[inline]
    fn step_mask(&self, s: &mut State, c: char, m: u32) {
        let swap = if s.last != c {
            (m << 1) & s.last_mask
        } else {
            0
        };
        let mut new = [0u32; MAX_EDITS + 1];
        new[0] = (s.rows[0] << 1) & m & self.alive[0];
        for e in 1..=self.k {
            let raw = ((s.rows[e] << 1) & m)
                | s.rows[e - 1]
                | (s.rows[e - 1] << 1)
                | (new[e - 1] << 1)
                | ((s.prev[e - 1] << 2) & swap);
            new[e] = new[e - 1] | (raw & self.alive[e]);
        }
        s.prev = s.rows;
        s.rows = new;
        s.last = c;
        s.last_mask = m;
    }

    fn step(&self, s: &mut State, c: char) {
        self.step_mask(s, c, self.mask(c));
    }

    /// Walk `trie` (a flat copy of an fst) depth first, pushing the keys
    /// this automaton accepts with their values, at most `limit`. Unlike
    /// `Map::search`, a node where only letters of the query can go on (an
    /// anchored part, or no edit left) skips the other transitions on their
    /// input byte, without running the automaton on them.
    pub fn walk(&self, trie: &Trie, limit: usize, out: &mut Vec<(Vec<u8>, u64)>) {
        let mut w = Walk {
            trie: trie.view(),
            key: Vec::with_capacity(32),
            out,
            limit,
        };
        let start = self.start();
        self.visit(&mut w, trie.root(), &start, 0);
    }

    fn visit(&self, w: &mut Walk<'_>, at: usize, s: &State, acc: u64) {
        if w.out.len() >= w.limit {
            return;
        }
        let node = w.trie.node(at);
        if node.is_final() && self.is_match(s) {
            w.out.push((w.key.clone(), acc + node.final_output()));
        }
        // Every letter absent from the query (and one character once
        // folded) leads to the same row. If that row is dead, only the
        // transitions that may spell a query letter are followed. (The
        // byte that ends a letter's UTF-8 sequence leaves the row as it is
        // until then.)
        let other = (s.need <= 1).then(|| self.after_absent_letter(s));
        let only_query_letters = other.is_some_and(|o| !self.can_match(&o));
        for (i, &inp) in node.inputs().iter().enumerate() {
            let (absent, alone) = self.absent_letter(s, inp);
            if only_query_letters && absent {
                continue;
            }
            let next = match other {
                Some(o) if alone => o,
                _ => self.accept(s, inp),
            };
            if !self.can_match(&next) {
                continue;
            }
            w.key.push(inp);
            self.visit(w, node.target(i), &next, acc + node.output(i));
            w.key.pop();
        }
    }

    /// Does byte `b`, read in state `s`, complete a letter that folds to
    /// an ASCII letter absent from the query? An ASCII byte does, or the
    /// last byte of a UTF-8 sequence (`s.need == 1`): `é` is `e` here.
    /// Other bytes (a sequence's first bytes) are never skipped. The
    /// second answer: the letter is also one character once folded (`œ` is
    /// two), so that it leads to [`Fuzzy::after_absent_letter`].
    #[inline]
    fn absent_letter(&self, s: &State, b: u8) -> (bool, bool) {
        match s.need {
            0 => {
                let absent = b < 0x80 && self.ascii[usize::from(b)] == 0;
                (absent, absent)
            }
            1 => match char::from_u32((s.cp << 6) | u32::from(b & 0x3f)) {
                Some(c) => {
                    let f = fold_char(c);
                    let absent = f.first.is_ascii() && self.ascii[f.first as usize] == 0;
                    (absent, absent && f.second.is_none())
                }
                None => (false, false),
            },
            _ => (false, false),
        }
    }

    /// The state after a letter absent from the query (one character once
    /// folded), whichever it is: it matches no query letter, and as the
    /// last letter read it can complete no swap (kept as `'\0'`, which no
    /// query holds).
    fn after_absent_letter(&self, s: &State) -> State {
        let mut t = *s;
        t.need = 0;
        t.cp = 0;
        self.step_mask(&mut t, '\0', 0);
        t
    }
}

/// A depth-first walk under way.
struct Walk<'a> {
    trie: TrieView<'a>,
    key: Vec<u8>,
    out: &'a mut Vec<(Vec<u8>, u64)>,
    limit: usize,
}

impl Automaton for Fuzzy {
    type State = State;

    fn start(&self) -> State {
        State {
            rows: self.first,
            prev: [0; MAX_EDITS + 1],
            last: '\0',
            last_mask: 0,
            cp: 0,
            need: 0,
            dead: false,
        }
    }

    fn is_match(&self, s: &State) -> bool {
        !s.dead && s.need == 0 && s.rows[self.k] & (1 << self.n) != 0
    }

    fn can_match(&self, s: &State) -> bool {
        // A dead row may come back to life on the next letter by a swap
        // with the last one: the swap extends an alignment of `k - 1`
        // edits two rows back (`prev`) from `j - 2` to `j`, whereas the
        // cells between, which would have cost one edit as well, may have
        // been over their limit (an anchored part ending at `j - 1`).
        // Without limits, such a swap's row is never dead; with them, this
        // keeps the search going a letter further only where the last
        // letter read is query letter `j - 1` and `j` is within its limit.
        !s.dead
            && (s.rows[self.k] != 0
                || (self.k > 0 && (s.prev[self.k - 1] << 2) & s.last_mask & self.swap_ends != 0))
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
            self.step_mask(
                &mut s,
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
            self.step(&mut s, f);
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

    proptest::proptest! {
        #[test]
        fn finds_exactly_the_words_within_k_edits(
            words in proptest::collection::btree_set("[aeéèçœrstAÉ-]{1,9}", 1..40),
            query in "[aeéèçœrstAÉ-]{1,9}",
            k in 0u8..=2,
            anchor in 0usize..6,
            first in 0u8..=1,
        ) {
            agree(&words, &query, k, anchor, first)?;
        }
    }
}
