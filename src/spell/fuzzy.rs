//! A Damerau–Levenshtein automaton (optimal string alignment: insertion,
//! deletion, substitution, swap of two neighbours) over folded letters, run
//! against the fst's UTF-8 keys byte by byte. The fst search prunes every
//! branch whose edit distance already exceeds the bound, so a search visits
//! a few thousand nodes, not the 470,000 words.
//!
//! The state is a fixed-size copy of the last two rows of the edit-distance
//! table: no allocation during the walk.

use super::fold::{fold_char, fold_into};
use fst::Automaton;

/// Longest query, in folded letters.
const MAX: usize = 31;

pub struct Fuzzy {
    query: [char; MAX],
    n: usize,
    k: u8,
}

#[derive(Clone, Copy)]
pub struct State {
    cur: [u8; MAX + 1],
    prev: [u8; MAX + 1],
    /// The previous folded key letter (`'\0'` at the start).
    last: char,
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
        if folded.len() > MAX || folded.is_empty() {
            return None;
        }
        let mut q = ['\0'; MAX];
        q[..folded.len()].copy_from_slice(&folded);
        Some(Fuzzy {
            query: q,
            n: folded.len(),
            k: k.min(3),
        })
    }

    fn cap(&self) -> u8 {
        self.k + 1
    }

    fn step(&self, s: &mut State, c: char) {
        let cap = self.cap();
        let mut new = [cap; MAX + 1];
        new[0] = (s.cur[0] + 1).min(cap);
        for j in 1..=self.n {
            let qc = self.query[j - 1];
            let sub = s.cur[j - 1] + u8::from(qc != c);
            let mut v = sub.min(s.cur[j] + 1).min(new[j - 1] + 1);
            if j >= 2 && s.last == qc && self.query[j - 2] == c && s.last != c {
                v = v.min(s.prev[j - 2] + 1);
            }
            new[j] = v.min(cap);
        }
        s.prev = s.cur;
        s.cur = new;
        s.last = c;
    }

    fn row_min(&self, row: &[u8; MAX + 1]) -> u8 {
        row[..=self.n].iter().copied().min().unwrap_or(u8::MAX)
    }
}

impl Automaton for Fuzzy {
    type State = State;

    fn start(&self) -> State {
        let cap = self.cap();
        let mut cur = [cap; MAX + 1];
        for (j, v) in cur.iter_mut().enumerate().take(self.n + 1) {
            *v = (j as u8).min(cap);
        }
        State {
            cur,
            prev: [cap; MAX + 1],
            last: '\0',
            cp: 0,
            need: 0,
            dead: false,
        }
    }

    fn is_match(&self, s: &State) -> bool {
        !s.dead && s.need == 0 && s.cur[self.n] <= self.k
    }

    fn can_match(&self, s: &State) -> bool {
        !s.dead
            && (self.row_min(&s.cur) <= self.k
                || self.row_min(&s.prev).saturating_add(1) <= self.k)
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
        let words = ["accueil", "cœur", "déjà", "état", "État", "orange", "commande"];
        assert_eq!(search(&words, "ETAT", 0), ["État", "état"]);
        assert_eq!(search(&words, "coeur", 0), ["cœur"]);
        assert_eq!(search(&words, "acceuil", 1), ["accueil"]);
        assert_eq!(search(&words, "comande", 1), ["commande"]);
        assert_eq!(search(&words, "deja", 0), ["déjà"]);
        assert!(search(&words, "comnde", 1).is_empty());
        assert_eq!(search(&words, "comnde", 2), ["commande"]);
    }
}
