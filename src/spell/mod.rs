//! French spelling: the embedded dictionary, accent- and case-aware
//! look-ups, and ranked suggestions.
//!
//! The dictionary is every word form of the French Hunspell dictionary of
//! Dicollecte/Grammalecte ("toutes variantes": traditional and 1990
//! rectified spellings), expanded from its affix rules by
//! `scripts/build-dictionary.sh` into an [`fst::Map`] (`lexicon/spelling/fr.fst`).
//! It is embedded with `include_bytes!` and used in place: loading it costs
//! nothing. Each key's value packs the form's frequency (Zipf scale × 10,
//! from the `wordfreq` package) and a "never suggest" flag.
//!
//! Suggestions walk the fst with a Damerau–Levenshtein automaton that
//! compares letters without their accents and case ([`fuzzy`]), then rank the
//! candidates by a weighted edit cost (an accent costs less than a doubled
//! letter, which costs less than a slip on a neighbouring AZERTY key…) and
//! by frequency ([`rank`]).

mod fold;
mod fuzzy;
mod rank;

pub use fold::{fold_char, Folded};
pub use rank::Suggestion;

use fst::{Map, Set};
use std::sync::LazyLock;

/// The embedded French dictionary.
static FR_FST: &[u8] = include_bytes!("../../lexicon/spelling/fr.fst");
/// The same forms written backwards, for searches anchored on the end of a
/// word.
static FR_REV_FST: &[u8] = include_bytes!("../../lexicon/spelling/fr-rev.fst");

/// Value bit: the form is correct but never suggested (Roman numerals,
/// symbols, rare abbreviations).
pub const NO_SUGGEST: u64 = 1 << 8;

static FRENCH: LazyLock<Dictionary> = LazyLock::new(|| {
    // The embedded bytes are checked by a unit test; an invalid file cannot
    // ship.
    Dictionary::from_static(FR_FST, FR_REV_FST).expect("embedded dictionary is a valid fst map")
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
    map: Map<&'static [u8]>,
    /// Every form reversed (by characters).
    rev: Set<&'static [u8]>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary").field("forms", &self.map.len()).finish()
    }
}

impl Dictionary {
    /// The embedded French dictionary (shared, built on first use at no
    /// cost: the fst is read in place).
    pub fn french() -> &'static Dictionary {
        &FRENCH
    }

    /// A dictionary over the fst maps built by
    /// `examples/build_dictionary.rs`: the forms, and the forms reversed.
    pub fn from_static(forward: &'static [u8], reversed: &'static [u8]) -> Result<Self, fst::Error> {
        Ok(Dictionary {
            map: Map::new(forward)?,
            rev: Set::new(reversed)?,
        })
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The form exactly as written (case and accents included).
    pub fn get(&self, word: &str) -> Option<WordInfo> {
        self.map.get(word).map(WordInfo::from_value)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.map.contains_key(word)
    }

    /// True when some form equals `word` once case and accents are set
    /// aside (`ETAT` → « état », `deja` → « déjà »).
    pub fn contains_folded(&self, word: &str) -> bool {
        let Some(aut) = fuzzy::Fuzzy::new(word, 0) else {
            return false;
        };
        let mut found = Vec::new();
        aut.walk(self.map.as_fst(), 1, &mut found);
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
                let h = n / 2;
                self.search(false, &folded, 1, &[(h.saturating_sub(1), 0)], limit, &mut out);
                self.search(true, &rev, 1, &[(n - h, 0)], limit, &mut out);
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
            aut.walk(self.rev.as_fst(), limit, &mut keys);
        } else {
            aut.walk(self.map.as_fst(), limit, &mut keys);
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
        rank::suggest(self, word, max, &[])
    }

    /// Like [`Dictionary::suggest`], also considering `extra` words (the
    /// house vocabulary), which count as frequent.
    pub fn suggest_with(&self, word: &str, max: usize, extra: &[String]) -> Vec<Suggestion> {
        rank::suggest(self, word, max, extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "mangeons", "mangerions", "finissaient", "eussiez", "belles", "chevaux", "travaux",
            "aujourd'hui", "après-midi", "c'est-à-dire", "événement", "évènement", "connaitre",
            "connaître", "nénufar", "nénuphar", "kilomètres", "e-mail", "colis", "Paris",
        ] {
            assert!(d.contains(w), "{w}");
        }
        for w in ["mangeont", "commnde", "proffesionnel", "etat"] {
            assert!(!d.contains(w), "{w}");
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
