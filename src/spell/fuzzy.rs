//! A Damerau–Levenshtein automaton (optimal string alignment: insertion,
//! deletion, substitution, swap of two neighbours) over folded letters, run
//! against the dictionary's UTF-8 keys byte by byte, on its flat trie
//! ([`Fuzzy::walk`]) or, as an [`fst::Automaton`], on any fst (the tests'
//! reference). The walk prunes every branch whose edit distance already
//! exceeds the bound, so a search visits a few thousand nodes, not the
//! 470,000 words.
//!
//! The state is a fixed-size copy of the last two rows of the edit-distance
//! table: no allocation during the walk.

use super::fold::{fold_char, fold_into};
use super::trie::{Trie, TrieView};
use fst::Automaton;

/// Longest query, in folded letters.
const MAX: usize = 31;

pub struct Fuzzy {
    query: [char; MAX],
    n: usize,
    k: u8,
    /// Most edits allowed in an alignment of the first `j` query letters
    /// (`limits[j]`): 0 on a prefix anchors the search on it, which is what
    /// makes it fast.
    limits: [u8; MAX + 1],
    /// ASCII bytes that fold to a letter of the query.
    ascii: [bool; 128],
}

#[derive(Clone, Copy)]
pub struct State {
    cur: [u8; MAX + 1],
    prev: [u8; MAX + 1],
    /// The previous folded key letter (`'\0'` at the start).
    last: char,
    /// Folded key letters read so far (saturating): the row number.
    depth: u8,
    /// The smallest cell of `cur`.
    min: u8,
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
        let k = k.min(3);
        let mut q = ['\0'; MAX];
        q[..folded.len()].copy_from_slice(folded);
        let mut limits = [k; MAX + 1];
        for (j, l) in limits.iter_mut().enumerate() {
            if let Some(&(_, e)) = steps.iter().find(|(upto, _)| j <= *upto) {
                *l = e.min(k);
            }
        }
        let mut ascii = [false; 128];
        for &c in folded {
            if c.is_ascii() {
                ascii[c as usize] = true;
                ascii[c.to_ascii_uppercase() as usize] = true;
            }
        }
        Some(Fuzzy {
            query: q,
            n: folded.len(),
            k,
            limits,
            ascii,
        })
    }

    fn cap(&self) -> u8 {
        self.k + 1
    }

    fn step(&self, s: &mut State, c: char) {
        let cap = self.cap();
        let mut new = [cap; MAX + 1];
        new[0] = if s.cur[0] < self.limits[0] {
            s.cur[0] + 1
        } else {
            cap
        };
        let mut min = new[0];
        // An alignment of `depth` key letters with `j` query letters costs
        // `|depth - j|` edits at least: only a band of the row can stay
        // within `k`.
        let depth = usize::from(s.depth) + 1;
        let k = usize::from(self.k);
        let lo = depth.saturating_sub(k).max(1);
        // (Capped at MAX as well, which lets the compiler drop the bounds
        // checks of the loop: `n` is at most MAX.)
        let hi = (depth + k).min(self.n).min(MAX);
        for j in lo..=hi {
            let qc = self.query[j - 1];
            let sub = s.cur[j - 1] + u8::from(qc != c);
            let mut v = sub.min(s.cur[j] + 1).min(new[j - 1] + 1);
            if j >= 2 && s.last == qc && self.query[j - 2] == c && s.last != c {
                v = v.min(s.prev[j - 2] + 1);
            }
            let v = if v <= self.limits[j] { v } else { cap };
            new[j] = v;
            min = min.min(v);
        }
        s.min = min;
        s.prev = s.cur;
        s.cur = new;
        s.last = c;
        s.depth = s.depth.saturating_add(1);
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
        // Would a letter absent from the query keep the search alive? If
        // not, only the transitions that may spell a query letter are
        // followed. (The byte that ends a letter's UTF-8 sequence leaves
        // the row as it is until then.)
        let only_query_letters = s.need <= 1 && !self.survives_other_letter(s);
        // Every letter absent from the query (and one character once
        // folded) leads to the same row: it is computed once per node.
        let mut other: Option<State> = None;
        for (i, &inp) in node.inputs().iter().enumerate() {
            let (absent, alone) = self.absent_letter(s, inp);
            if only_query_letters && absent {
                continue;
            }
            let next = if alone {
                *other.get_or_insert_with(|| self.after_absent_letter(s))
            } else {
                self.accept(s, inp)
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
                let absent = b < 0x80 && !self.ascii[usize::from(b)];
                (absent, absent)
            }
            1 => match char::from_u32((s.cp << 6) | u32::from(b & 0x3f)) {
                Some(c) => {
                    let f = fold_char(c);
                    let absent = f.first.is_ascii() && !self.ascii[f.first as usize];
                    (absent, absent && f.second.is_none())
                }
                None => (false, false),
            },
            _ => (false, false),
        }
    }

    /// The state after a letter absent from the query (one character once
    /// folded), whichever it is: it matches no query letter, and as the
    /// last letter read it can complete no swap, so its own value (kept as
    /// `'\0'`, which no query holds) never counts.
    fn after_absent_letter(&self, s: &State) -> State {
        let mut t = *s;
        t.need = 0;
        t.cp = 0;
        self.step(&mut t, '\0');
        t
    }

    /// Would a letter that is not in the query leave some alignment within
    /// its limit? Such a letter matches no query letter and cannot
    /// complete a swap, so each cell of the next row is one more than a
    /// cell above or diagonally above it, or than the cell to its left
    /// (which is alive already if that is within the limit: limits never
    /// decrease along the query).
    ///
    /// Only the band of cells that can hold a live alignment is read: `d`
    /// key letters against `j` query letters cost `|d - j|` edits at least,
    /// so the other cells are dead.
    fn survives_other_letter(&self, s: &State) -> bool {
        if s.cur[0] < self.limits[0] {
            return true;
        }
        let d = usize::from(s.depth);
        let k = usize::from(self.k);
        let lo = d.saturating_sub(k).max(1);
        let hi = (d + k + 1).min(self.n);
        (lo..=hi).any(|j| s.cur[j - 1].min(s.cur[j]) < self.limits[j])
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
        let cap = self.cap();
        let mut cur = [cap; MAX + 1];
        for (j, v) in cur.iter_mut().enumerate().take(self.n + 1) {
            // Deleting the first `j` letters costs `j` edits, within the
            // limit of the part they belong to.
            let j = j.min(255) as u8;
            *v = if j <= self.limits[j as usize] { j } else { cap };
        }
        State {
            min: cur[..=self.n].iter().copied().min().unwrap_or(cap),
            cur,
            prev: [cap; MAX + 1],
            last: '\0',
            depth: 0,
            cp: 0,
            need: 0,
            dead: false,
        }
    }

    fn is_match(&self, s: &State) -> bool {
        !s.dead && s.need == 0 && s.cur[self.n] <= self.k
    }

    fn can_match(&self, s: &State) -> bool {
        // A swap never rescues a dead row: its cost, `prev[j-2] + 1`, bounds
        // `cur[j-1]` already.
        !s.dead && s.min <= self.k
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
            // ASCII folds to its lower case.
            self.step(&mut s, char::from(c as u8).to_ascii_lowercase());
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

    proptest::proptest! {
        /// The automaton, run by fst's own search and by `walk` (which
        /// skips letters that cannot help), finds exactly the words within
        /// `k` edits.
        #[test]
        fn finds_exactly_the_words_within_k_edits(
            words in proptest::collection::btree_set("[aeéèçœrstAÉ-]{1,9}", 1..40),
            query in "[aeéèçœrstAÉ-]{1,9}",
            k in 0u8..=2,
            anchor in 0usize..6,
            first in 0u8..=1,
        ) {
            let list: Vec<&str> = words.iter().map(String::as_str).collect();
            let want: Vec<String> = list
                .iter()
                .filter(|w| osa(w, &query) <= usize::from(k))
                .map(|w| w.to_string())
                .collect();
            proptest::prop_assert_eq!(&search(&list, &query, k), &want);
            let set = Set::from_iter(list.iter().copied()).unwrap();
            let trie = Trie::from_fst(set.as_fst(), false).unwrap();
            let mut keys = Vec::new();
            Fuzzy::new(&query, k).unwrap().walk(&trie, usize::MAX, &mut keys);
            let walked: Vec<String> = keys
                .into_iter()
                .map(|(key, _)| String::from_utf8(key).unwrap())
                .collect();
            proptest::prop_assert_eq!(walked, want);
            // With a part of the query anchored, `walk` still agrees with
            // the automaton run on every transition.
            let mut folded = Vec::new();
            fold_into(&query, &mut folded);
            let steps = [(anchor, first)];
            let mut keys = Vec::new();
            Fuzzy::folded(&folded, k, &steps).unwrap().walk(&trie, usize::MAX, &mut keys);
            let walked: Vec<Vec<u8>> = keys.into_iter().map(|(key, _)| key).collect();
            let plain = set
                .search(Fuzzy::folded(&folded, k, &steps).unwrap())
                .into_stream()
                .into_bytes();
            proptest::prop_assert_eq!(walked, plain);
        }
    }
}
