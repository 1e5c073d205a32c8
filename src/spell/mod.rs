//! French spelling: the embedded dictionary, accent- and case-aware
//! look-ups, and ranked suggestions.
//!
//! The dictionary is every word form of the French Hunspell dictionary of
//! Dicollecte/Grammalecte ("toutes variantes": traditional and 1990
//! rectified spellings), expanded from its affix rules by
//! `scripts/build-dictionary.sh` into an [`fst::Map`] (`lexicon/spelling/fr.fst`).
//! `build.rs` lays it out flat at compile time ([`trie`]); the binary embeds
//! that form with `include_bytes!` and reads it in place: loading it costs
//! nothing. Each key's value packs the form's frequency (Zipf scale × 10,
//! from the `wordfreq` package) and a "never suggest" flag.
//!
//! Suggestions walk the same flat forms (and the forms written backwards)
//! with a Damerau–Levenshtein automaton that compares letters without their
//! accents and case ([`fuzzy`]), whose nodes need no decoding. Then they
//! rank the candidates by a weighted edit cost (an accent costs less than a doubled
//! letter, which costs less than a slip on a neighbouring AZERTY key…) and
//! by frequency ([`rank`]).

mod flat;
mod fold;
mod fuzzy;
mod rank;
mod trie;

pub use fold::{fold_char, Folded};
pub use rank::{ExtraWords, Suggestion};

use fst::{Map, Set};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The embedded French dictionary, as an fst map: only its flat form
/// (below) is in the binary.
#[cfg(test)]
static FR_FST: &[u8] = include_bytes!("../../lexicon/spelling/fr.fst");
/// The same forms written backwards, for searches anchored on the end of a
/// word: only its flat form (below) is in the binary.
#[cfg(test)]
static FR_REV_FST: &[u8] = include_bytes!("../../lexicon/spelling/fr-rev.fst");
/// Both laid out flat (by `build.rs`, at compile time): the forms the
/// look-ups and the fuzzy walk read in place.
static FR_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fr.trie"));
static FR_REV_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fr-rev.trie"));
/// The most frequent forms, for a hash-set fast path.
static COMMON: &str = include_str!("../../lexicon/spelling/common.txt");

/// Value bit: the form is correct but never suggested (Roman numerals,
/// symbols, rare abbreviations).
pub const NO_SUGGEST: u64 = 1 << 8;

static FRENCH: LazyLock<Dictionary> = LazyLock::new(|| {
    // The embedded bytes are checked by a unit test; an invalid file cannot
    // ship.
    let mut d = Dictionary::from_parts(
        trie::Trie::new(FR_TRIE.into()).expect("embedded trie made by build.rs"),
        trie::Trie::new(FR_REV_TRIE.into()).expect("embedded trie made by build.rs"),
    );
    d.common = COMMON
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    d
});

/// What the dictionary knows about a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    /// Frequency on the Zipf scale × 10 (0: unknown, 70: « de »).
    pub zipf: u8,
    /// The form may not be suggested.
    pub no_suggest: bool,
}

impl WordInfo {
    fn from_value(v: u64) -> Self {
        WordInfo {
            zipf: (v & 0xff) as u8,
            no_suggest: v & NO_SUGGEST != 0,
        }
    }
}

/// A set of word forms with frequencies, searched in place.
pub struct Dictionary {
    /// Every form with its value (frequency and flags), flat: a map.
    trie: trie::Trie,
    /// Every form reversed (by characters), flat: a set.
    rev_trie: trie::Trie,
    /// Frequent forms (also in `trie`): most look-ups end here.
    common: HashSet<&'static str, BuildHasherDefault<FxHasher>>,
}

/// A small multiplicative hasher (as in rustc's FxHash): the keys are short
/// words from our own list, not untrusted input to a long-lived table.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, to the
        // low bits of the input (the first letters of a word): fold the
        // well-mixed high bits down.
        self.0 ^ (self.0 >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Each chunk of eight bytes as a little-endian word, the last one
        // padded with zeros.
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            self.add(le_padded(tail));
        }
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// The 0 to 8 bytes of `b` as a little-endian word padded with zeros, read
/// as two overlapping loads (overlapping bytes are the same on both sides,
/// so or-ing them changes nothing).
pub(crate) fn le_padded(b: &[u8]) -> u64 {
    debug_assert!(b.len() <= 8);
    let n = b.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
        u64::from(lo) | (u64::from(hi) << (8 * (n - 4)))
    } else if n >= 2 {
        let lo = u16::from_le_bytes([b[0], b[1]]);
        let hi = u16::from_le_bytes([b[n - 2], b[n - 1]]);
        u64::from(lo) | (u64::from(hi) << (8 * (n - 2)))
    } else {
        b.first().map_or(0, |&x| u64::from(x))
    }
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("forms", &self.len())
            .finish()
    }
}

impl Dictionary {
    /// The embedded French dictionary (shared, built on first use at no
    /// cost: the flat trie is read in place).
    pub fn french() -> &'static Dictionary {
        &FRENCH
    }

    /// A dictionary over fsts such as `examples/build_dictionary.rs` writes
    /// them: the forms (a map to their values), and the forms reversed (a
    /// set). Both are laid out flat here, which takes a few tens of
    /// milliseconds for the French dictionary (whose flat form `build.rs`
    /// embeds instead).
    pub fn from_fsts(forward: &[u8], reversed: &[u8]) -> Result<Self, String> {
        let map = Map::new(forward).map_err(|e| e.to_string())?;
        let rev = Set::new(reversed).map_err(|e| e.to_string())?;
        let trie = trie::Trie::from_fst(map.as_fst(), true)?;
        let rev_trie = trie::Trie::from_fst(rev.as_fst(), false)?;
        Ok(Dictionary::from_parts(trie, rev_trie))
    }

    fn from_parts(trie: trie::Trie, rev_trie: trie::Trie) -> Self {
        Dictionary {
            trie,
            rev_trie,
            common: HashSet::default(),
        }
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.trie.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trie.len() == 0
    }

    /// The form exactly as written (case and accents included).
    pub fn get(&self, word: &str) -> Option<WordInfo> {
        self.trie.get(word.as_bytes()).map(WordInfo::from_value)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.common.contains(word) || self.trie.get(word.as_bytes()).is_some()
    }

    /// True when some form equals `word` once case and accents are set
    /// aside (`ETAT` → « état », `deja` → « déjà »).
    pub fn contains_folded(&self, word: &str) -> bool {
        let Some(aut) = fuzzy::Fuzzy::new(word, 0) else {
            return false;
        };
        let mut found = Vec::new();
        aut.walk(&self.trie, 1, &mut found);
        !found.is_empty()
    }

    /// Forms within `max_edits` (0–2) letter edits of `word` once accents
    /// and case are set aside (swaps of neighbours count as one edit), at
    /// most about `limit` of them, sorted.
    ///
    /// A search that allows `k` edits anywhere visits too much of the fst,
    /// so it is split by the pigeonhole principle into searches anchored on
    /// an exact part of the word: with one edit, either the first half or
    /// the second half is exact (forward and backward searches); with two,
    /// the first third is exact, or the last third is exact and the middle
    /// one has at most one edit. Two edits with one in each outer third are
    /// not searched: that search would cost more than the two others
    /// together.
    pub fn candidates(&self, word: &str, max_edits: u8, limit: usize) -> Vec<(String, WordInfo)> {
        let mut folded = Vec::with_capacity(word.len());
        fold::fold_into(word, &mut folded);
        let n = folded.len();
        let mut rev = folded.clone();
        rev.reverse();
        let mut out = Vec::new();
        match max_edits {
            0 => self.search(false, &folded, 0, &[], limit, &mut out),
            1 => {
                // The forward anchor stops one letter short of the middle so
                // that a swap across the middle is found.
                // Anchored on one letter at least: an unanchored search
                // visits most of the fst. A swap of two letters across the
                // anchors escapes both searches: swaps are looked up
                // directly.
                let h = (n / 2).max(1);
                self.search(false, &folded, 1, &[(h, 0)], limit, &mut out);
                self.search(true, &rev, 1, &[((n - h).max(1), 0)], limit, &mut out);
                self.swaps(word, &mut out);
            }
            _ => {
                let t1 = n / 3;
                let t2 = (2 * n).div_ceil(3);
                self.search(false, &folded, 2, &[(t1, 0)], limit, &mut out);
                self.search(true, &rev, 2, &[(n - t2, 0), (n - t1, 1)], limit, &mut out);
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// Dictionary words equal to `word` with two neighbouring letters
    /// swapped (exact look-ups, lower case).
    fn swaps(&self, word: &str, out: &mut Vec<(String, WordInfo)>) {
        let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        for i in 1..chars.len() {
            if chars[i] == chars[i - 1] {
                continue;
            }
            let mut c = chars.clone();
            c.swap(i - 1, i);
            let w: String = c.into_iter().collect();
            if let Some(info) = self.get(&w) {
                out.push((w, info));
            }
        }
    }

    fn search(
        &self,
        reversed: bool,
        query: &[char],
        k: u8,
        steps: &[(usize, u8)],
        limit: usize,
        out: &mut Vec<(String, WordInfo)>,
    ) {
        let Some(aut) = fuzzy::Fuzzy::folded(query, k, steps) else {
            return;
        };
        let mut keys = Vec::new();
        if reversed {
            aut.walk(&self.rev_trie, limit, &mut keys);
        } else {
            aut.walk(&self.trie, limit, &mut keys);
        }
        for (key, v) in keys {
            let Ok(s) = String::from_utf8(key) else {
                continue;
            };
            if reversed {
                let word: String = s.chars().rev().collect();
                if let Some(info) = self.get(&word) {
                    out.push((word, info));
                }
            } else {
                out.push((s, WordInfo::from_value(v)));
            }
        }
    }

    /// Up to `max` suggestions for the unknown `word`, best first. `word`
    /// should be lower case unless its capital matters (a proper noun is
    /// then preferred).
    pub fn suggest(&self, word: &str, max: usize) -> Vec<Suggestion> {
        rank::suggest(self, word, max, &ExtraWords::default())
    }

    /// Like [`Dictionary::suggest`], also considering `extra` words (the
    /// house vocabulary), which count as frequent.
    pub fn suggest_with(&self, word: &str, max: usize, extra: &ExtraWords) -> Vec<Suggestion> {
        rank::suggest(self, word, max, extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The padded word of 0 to 8 bytes is the bytes themselves, zero-padded.
    #[test]
    fn padded_words_are_the_bytes() {
        let bytes = [0x01u8, 0x80, 0xff, 0x7f, 0x20, 0xc3, 0xa9, 0x2d];
        for n in 0..=8 {
            let mut want = [0u8; 8];
            want[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(le_padded(&bytes[..n]), u64::from_le_bytes(want), "{n}");
        }
    }

    proptest::proptest! {
        /// The hash reads a word's bytes as zero-padded little-endian
        /// chunks of eight, whatever its length.
        #[test]
        fn hash_reads_padded_chunks(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            let mut want = FxHasher::default();
            for chunk in bytes.chunks(8) {
                let mut b = [0u8; 8];
                b[..chunk.len()].copy_from_slice(chunk);
                want.add(u64::from_le_bytes(b));
            }
            let mut got = FxHasher::default();
            got.write(&bytes);
            proptest::prop_assert_eq!(got.finish(), want.finish());
        }
    }

    #[test]
    fn embedded_dictionary_is_valid_and_large() {
        let d = Dictionary::french();
        assert!(d.len() > 400_000, "{} forms", d.len());
        // The fst checksum matches (the file is not truncated or damaged).
        for bytes in [FR_FST, FR_REV_FST] {
            let fst = fst::raw::Fst::new(bytes).unwrap();
            fst.verify().unwrap();
        }
        assert_eq!(fst::Set::new(FR_REV_FST).unwrap().len(), d.len());
    }

    #[test]
    fn knows_inflections_and_both_spellings() {
        let d = Dictionary::french();
        for w in [
            "mangeons",
            "mangerions",
            "finissaient",
            "eussiez",
            "belles",
            "chevaux",
            "travaux",
            "aujourd'hui",
            "après-midi",
            "c'est-à-dire",
            "événement",
            "évènement",
            "connaitre",
            "connaître",
            "nénufar",
            "nénuphar",
            "kilomètres",
            "e-mail",
            "colis",
            "Paris",
        ] {
            assert!(d.contains(w), "{w}");
        }
        for w in ["mangeont", "commnde", "proffesionnel", "etat"] {
            assert!(!d.contains(w), "{w}");
        }
    }

    #[test]
    fn a_dictionary_from_fsts_looks_up_and_suggests() {
        let forms = [("commande", 45u64), ("comment", 55), ("été", 50)];
        let map = fst::Map::from_iter(forms).unwrap();
        let mut rev: Vec<String> = forms
            .iter()
            .map(|(w, _)| w.chars().rev().collect())
            .collect();
        rev.sort();
        let rev = fst::Set::from_iter(rev).unwrap();
        let d = Dictionary::from_fsts(map.as_fst().as_bytes(), rev.as_fst().as_bytes()).unwrap();
        assert_eq!(d.len(), 3);
        assert!(d.contains("été") && !d.contains("ete"));
        assert_eq!(d.get("commande").map(|i| i.zipf), Some(45));
        assert!(d.contains_folded("ETE"));
        let first = |w: &str| d.suggest(w, 3).first().map(|s| s.word.clone());
        assert_eq!(first("comande").as_deref(), Some("commande"));
        assert_eq!(first("ete").as_deref(), Some("été"));
        assert!(Dictionary::from_fsts(b"not an fst", rev.as_fst().as_bytes()).is_err());
    }

    #[test]
    fn common_forms_are_all_in_the_fst() {
        let d = Dictionary::french();
        assert!(d.common.len() >= 2_900);
        for w in &d.common {
            assert!(d.trie.get(w.as_bytes()).is_some(), "{w}");
        }
    }

    #[test]
    fn folded_lookups_restore_accents() {
        let d = Dictionary::french();
        assert!(d.contains_folded("ETAT"));
        assert!(d.contains_folded("deja"));
        assert!(d.contains_folded("COEUR"));
        assert!(!d.contains_folded("COMMNDE"));
    }

    #[test]
    fn frequencies_are_embedded() {
        let d = Dictionary::french();
        let de = d.get("de").unwrap();
        let rare = d.get("nénufar").unwrap();
        assert!(de.zipf > 60 && rare.zipf < de.zipf);
    }
}
