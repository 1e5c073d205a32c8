//! Ranking suggestions: a weighted edit cost that knows how people mistype
//! French (a forgotten accent, a doubled or missing letter, two letters
//! swapped, a neighbouring key on an AZERTY keyboard, a silent letter),
//! then the word's frequency.

use super::fold::fold_char;
use super::{Dictionary, WordInfo};

/// One suggestion with what ranked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The word as the dictionary writes it (lower case unless a proper
    /// noun).
    pub word: String,
    /// Weighted edit cost from the misspelling (see [`cost`]).
    pub cost: u16,
    /// Frequency (Zipf × 10).
    pub zipf: u8,
    /// The misspelling differs from the word by accents (or case) only.
    pub accent_only: bool,
}

// Costs of one edit. An accent is nearly free; then the slips people make
// most: a doubled or dropped doubled letter, a swap, a neighbouring key.
const ACCENT: u16 = 1;
const JOINER: u16 = 2; // a missing or extra hyphen or apostrophe
const DOUBLE: u16 = 3;
const SWAP: u16 = 4;
const NEIGHBOUR: u16 = 4;
const SILENT: u16 = 4; // a dropped or added vowel or silent letter (e, s, t, h, x)
const ENDING: u16 = 3; // a dropped or added silent ending (-e, -s, -t, -x, -d)
const SOUND: u16 = 5; // letters that sound alike (c/k/q, s/z, an/en…)
const OTHER: u16 = 6;

/// Weight of one cost unit against one unit of frequency (Zipf × 10): a
/// ten-fold more frequent word outweighs about 1.25 units of edit cost.
const COST_WEIGHT: i32 = 8;
/// Bonus of a word that differs by its accents only.
const ACCENT_BONUS: i32 = 12;
/// Extra cost of a proper noun offered for a lower-case word.
const PROPER_PENALTY: i32 = 24;
/// Candidates costing more than this are not offered.
const MAX_COST: u16 = 12;
/// How many candidates the automaton may return before ranking.
const CANDIDATE_LIMIT: usize = 3000;

/// Words offered on top of the dictionary's (the house vocabulary), ready
/// for ranking: each one's letters are prepared once, and its letter counts
/// kept, so that most of them are set aside by a bound on their cost
/// without aligning them with the misspelling.
#[derive(Debug, Default)]
pub struct ExtraWords {
    words: Vec<Extra>,
}

#[derive(Debug)]
struct Extra {
    word: String,
    prepared: Prepared,
    counts: LetterCounts,
    proper: bool,
}

impl ExtraWords {
    pub fn new<S: AsRef<str>>(words: &[S]) -> Self {
        ExtraWords {
            words: words
                .iter()
                .map(|w| {
                    let word = w.as_ref().to_string();
                    let prepared = Prepared::new(expand_lower(&word));
                    Extra {
                        counts: LetterCounts::of(&prepared.base),
                        proper: word.chars().any(char::is_uppercase),
                        prepared,
                        word,
                    }
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// How many times each accent-free letter occurs in a word, letters that
/// share a bucket counted together (which only loosens the bound), and
/// whether it holds a joiner (hyphen, apostrophe or space).
#[derive(Debug, Clone, Copy)]
struct LetterCounts {
    counts: [u8; 64],
    joiner: bool,
}

impl LetterCounts {
    fn of(base: &[char]) -> Self {
        let mut counts = [0u8; 64];
        for &b in base {
            let i = (u32::from(b) % 64) as usize;
            counts[i] = counts[i].saturating_add(1);
        }
        LetterCounts {
            counts,
            joiner: base.iter().any(|&b| is_joiner(b)),
        }
    }

    /// A lower bound on [`cost_within`] between the two words. Accents and
    /// swaps leave the multiset of accent-free letters as it is; any other
    /// edit (a deletion, an insertion, a substitution of another letter)
    /// removes at most one letter in excess on each side, and costs at
    /// least [`JOINER`], or [`DOUBLE`] when neither word holds a joiner
    /// (see [`indel`] and [`substitution_folded`]).
    fn cost_bound(&self, other: &LetterCounts) -> u16 {
        let (mut more, mut fewer) = (0u16, 0u16);
        for (&a, &b) in self.counts.iter().zip(other.counts.iter()) {
            let d = i16::from(a) - i16::from(b);
            more += d.max(0) as u16;
            fewer += (-d).max(0) as u16;
        }
        let cheapest = if self.joiner || other.joiner {
            JOINER
        } else {
            DOUBLE
        };
        cheapest * more.max(fewer)
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | ' ')
}

/// The candidates scored so far against one misspelling.
struct Ranking<'a> {
    word: &'a str,
    typed: Prepared,
    query_has_capital: bool,
    scored: Vec<(i32, Suggestion)>,
}

impl Ranking<'_> {
    /// Scores `cand` (its letters prepared in `p`), unless it costs more
    /// than [`MAX_COST`] and differs by more than its accents.
    fn consider(&mut self, cand: &str, p: &Prepared, proper: bool, info: WordInfo) {
        if p.chars.len() <= 1 && self.typed.chars.len() > 2 {
            return;
        }
        let accent_only = self.typed.base == p.base;
        // Beyond MAX_COST a candidate is dropped (unless it differs by
        // accents only): the alignment stops as soon as it cannot end
        // below that.
        let limit = if accent_only { u16::MAX } else { MAX_COST };
        let c = cost_within(&self.typed, p, limit);
        if !accent_only && c > MAX_COST {
            return;
        }
        let mut score = i32::from(c) * COST_WEIGHT - i32::from(info.zipf);
        if proper && !self.query_has_capital {
            score += PROPER_PENALTY;
        }
        if accent_only {
            score -= ACCENT_BONUS;
        }
        self.scored.push((
            score,
            Suggestion {
                word: cand.to_string(),
                cost: c,
                zipf: info.zipf,
                accent_only,
            },
        ));
    }
}

pub fn suggest(dict: &Dictionary, word: &str, max: usize, extra: &ExtraWords) -> Vec<Suggestion> {
    let query = expand_lower(word);
    if query.is_empty() || max == 0 {
        return Vec::new();
    }
    let mut r = Ranking {
        word,
        typed: Prepared::new(query.clone()),
        query_has_capital: word.chars().next().is_some_and(char::is_uppercase),
        scored: Vec::new(),
    };
    let mut cand_buf = Prepared::default();
    let mut consider = |cand: &str, info: WordInfo, r: &mut Ranking<'_>| {
        if info.no_suggest || cand == r.word {
            return;
        }
        cand_buf.fill(cand);
        let proper = cand.chars().any(char::is_uppercase);
        r.consider(cand, &cand_buf, proper, info);
    };
    for (cand, info) in dict.candidates(word, 1, CANDIDATE_LIMIT) {
        consider(&cand, info, &mut r);
    }
    // Two edits only when one does not explain the word well: it costs ten
    // times more.
    // A cheap edit to a rare word (`apeller` → `peller`) does not settle it.
    let good_one_edit = r.scored.iter().any(|(_, s)| s.cost <= SWAP && s.zipf >= 25);
    if !good_one_edit {
        for (cand, info) in doubling_variants(dict, &query) {
            consider(&cand, info, &mut r);
        }
    }
    if query.len() >= 5 && !good_one_edit {
        for (cand, info) in dict.candidates(word, 2, CANDIDATE_LIMIT) {
            consider(&cand, info, &mut r);
        }
        r.scored
            .sort_by(|a, b| a.1.word.cmp(&b.1.word).then(a.0.cmp(&b.0)));
        r.scored.dedup_by(|a, b| a.1.word == b.1.word);
    }
    if !extra.is_empty() {
        let counts = LetterCounts::of(&r.typed.base);
        for e in &extra.words {
            if e.word == word {
                continue;
            }
            // Most house words are far from the misspelling: the bound
            // sets them aside (one that differs by its accents only has
            // the same letters, and a bound of 0).
            if counts.cost_bound(&e.counts) > MAX_COST {
                continue;
            }
            // House words: frequent by decree.
            let info = WordInfo {
                zipf: 50,
                no_suggest: false,
            };
            r.consider(&e.word, &e.prepared, e.proper, info);
        }
    }
    let mut scored = r.scored;
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.word.cmp(&b.1.word)));
    let mut out: Vec<Suggestion> = Vec::with_capacity(max);
    for (_, s) in scored {
        // `Paris` and `paris`: offer one.
        if out
            .iter()
            .any(|o| o.word.to_lowercase() == s.word.to_lowercase())
        {
            continue;
        }
        out.push(s);
        if out.len() == max {
            break;
        }
    }
    out
}

/// Dictionary words that differ from `query` by one or two doubled
/// consonants (`rapeller` → `rappeler`, `acceuil`…): the most frequent French
/// misspelling, checked by exact look-ups because two such edits may fall
/// where the automaton's anchors do not reach.
fn doubling_variants(dict: &Dictionary, query: &[char]) -> Vec<(String, WordInfo)> {
    let mut out = Vec::new();
    if query.len() < 4 || query.len() > 30 {
        return out;
    }
    let toggles = |w: &[char]| -> Vec<Vec<char>> {
        let mut v = Vec::new();
        for i in 1..w.len() {
            let c = w[i];
            if !c.is_alphabetic() || is_vowel(c) {
                continue;
            }
            if w[i - 1] == c {
                let mut x = w.to_vec();
                x.remove(i);
                v.push(x);
            } else if w.get(i + 1) != Some(&c) {
                let mut x = w.to_vec();
                x.insert(i, c);
                v.push(x);
            }
        }
        v
    };
    let mut seen = std::collections::HashSet::new();
    for one in toggles(query) {
        for w in std::iter::once(one.clone()).chain(toggles(&one)) {
            let s: String = w.iter().collect();
            if seen.insert(s.clone()) {
                if let Some(info) = dict.get(&s) {
                    out.push((s, info));
                }
            }
        }
    }
    out
}

/// Lower-case letters, ligatures expanded (`Œuvre` → `oeuvre`), accents
/// kept.
fn expand_lower(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    expand_lower_into(s, &mut out);
    out
}

fn expand_lower_into(s: &str, out: &mut Vec<char>) {
    for c in s.chars() {
        match c {
            'œ' | 'Œ' => out.extend(['o', 'e']),
            'æ' | 'Æ' => out.extend(['a', 'e']),
            '\u{2019}' | '\u{02BC}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn base(c: char) -> char {
    fold_char(c).first
}

/// AZERTY key positions: (row, column × 4). Rows are staggered, so two
/// keys of neighbouring rows touch when their columns differ by at most 3.
const fn key_pos(b: u8) -> Option<(i32, i32)> {
    const ROWS: [(&[u8], i32); 3] = [(b"azertyuiop", 0), (b"qsdfghjklm", 1), (b"wxcvbn", 3)];
    let mut r = 0;
    while r < ROWS.len() {
        let (keys, offset) = ROWS[r];
        let mut i = 0;
        while i < keys.len() {
            if keys[i] == b {
                return Some((r as i32, i as i32 * 4 + offset));
            }
            i += 1;
        }
        r += 1;
    }
    None
}

/// For each letter `a`..`z`, the set of its neighbour keys (bit `n` for
/// the letter `n` after `a`): beside it on its row, or touching it on the
/// row above or below.
const NEIGHBOURS: [u32; 26] = {
    let mut table = [0u32; 26];
    let mut a = 0;
    while a < 26 {
        let mut b = 0;
        while b < 26 {
            if let (Some((ra, ca)), Some((rb, cb))) =
                (key_pos(b'a' + a as u8), key_pos(b'a' + b as u8))
            {
                if (ra == rb && (ca - cb).abs() == 4)
                    || ((ra - rb).abs() == 1 && (ca - cb).abs() <= 3)
                {
                    table[a] |= 1 << b;
                }
            }
            b += 1;
        }
        a += 1;
    }
    table
};

/// True when `a` and `b` are neighbour keys (a slip of the finger).
fn neighbours(a: char, b: char) -> bool {
    a.is_ascii_lowercase()
        && b.is_ascii_lowercase()
        && NEIGHBOURS[usize::from(a as u8 - b'a')] & (1 << (b as u8 - b'a')) != 0
}

fn sound_group(c: char) -> u8 {
    match c {
        'c' | 'k' | 'q' => 1,
        's' | 'z' => 2,
        'a' | 'e' => 3,
        'i' | 'y' => 4,
        'g' | 'j' => 5,
        'm' | 'n' => 6,
        _ => 0,
    }
}

fn sound_alike(a: char, b: char) -> bool {
    let g = sound_group(a);
    g != 0 && g == sound_group(b)
}

fn is_vowel(c: char) -> bool {
    matches!(base(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Cost of typing `fa` for `fb` (accent-free letters that differ).
fn substitution_folded(fa: char, fb: char) -> u16 {
    if fa == fb {
        ACCENT
    } else if is_joiner(fa) && is_joiner(fb) {
        JOINER
    } else if neighbours(fa, fb) {
        NEIGHBOUR
    } else if sound_alike(fa, fb) {
        SOUND
    } else {
        OTHER
    }
}

/// Cost of having the letter `i` in one word and not in the other, given
/// the word's accent-free letters.
fn indel(base: &[char], i: usize) -> u16 {
    let c = base[i];
    let doubled = (i > 0 && base[i - 1] == c) || base.get(i + 1) == Some(&c);
    if doubled {
        DOUBLE
    } else if matches!(c, '-' | '\'') {
        JOINER
    } else if i + 1 == base.len() && matches!(c, 'e' | 's' | 't' | 'x' | 'd') {
        ENDING
    } else if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 's' | 't' | 'h' | 'x') {
        SILENT
    } else {
        OTHER
    }
}

/// A word ready for [`cost_within`]: its letters (lower case, ligatures
/// expanded), their accent-free forms, and the cost of inserting or
/// deleting each letter (which depends on its neighbours).
#[derive(Debug, Default)]
struct Prepared {
    chars: Vec<char>,
    base: Vec<char>,
    indel: Vec<u16>,
}

impl Prepared {
    fn new(chars: Vec<char>) -> Self {
        let mut p = Prepared {
            chars,
            ..Prepared::default()
        };
        p.derive();
        p
    }

    /// Reuse the buffers for `word`.
    fn fill(&mut self, word: &str) {
        self.chars.clear();
        expand_lower_into(word, &mut self.chars);
        self.derive();
    }

    fn derive(&mut self) {
        self.base.clear();
        self.base.extend(self.chars.iter().map(|&c| base(c)));
        self.indel.clear();
        for i in 0..self.chars.len() {
            self.indel.push(indel(&self.base, i));
        }
    }
}

/// Weighted optimal-string-alignment distance from `a` (typed) to `b`
/// (dictionary word). Three rolling rows on the stack: no allocation, no
/// large memset.
#[cfg(test)]
fn cost(a: &[char], b: &[char]) -> u16 {
    cost_within(
        &Prepared::new(a.to_vec()),
        &Prepared::new(b.to_vec()),
        u16::MAX,
    )
}

/// [`cost`] on prepared words; any value above `limit` means "more than
/// `limit`". Every alignment crosses one of any two consecutive rows (a
/// swap skips one row, never two), and costs only add up: once two
/// consecutive rows are all above `limit`, so is the result.
fn cost_within(a: &Prepared, b: &Prepared, limit: u16) -> u16 {
    const N: usize = 40;
    let m = b.chars.len();
    let n = a.chars.len();
    if n >= N || m >= N {
        return u16::MAX;
    }
    // The dictionary word's letters as slices of its length, and three
    // rolling rows rotated by reference: the loops index without bounds
    // checks and copy no row.
    let (b_chars, b_base, b_indel) = (&b.chars[..m], &b.base[..m], &b.indel[..m]);
    let (mut row0, mut row1, mut row2) = ([0u16; N], [0u16; N], [0u16; N]);
    let (mut prev2, mut prev, mut cur) = (&mut row0, &mut row1, &mut row2);
    for j in 1..=m {
        prev[j] = prev[j - 1] + b_indel[j - 1];
    }
    let mut prev_min = prev[..=m].iter().copied().min().unwrap_or(0);
    for i in 1..=n {
        let del = a.indel[i - 1];
        let (ac, ab) = (a.chars[i - 1], a.base[i - 1]);
        // A swap needs two different letters of `a` (and two of `b`).
        let a_before = (i > 1 && a.chars[i - 2] != ac).then(|| a.chars[i - 2]);
        cur[0] = prev[0] + del;
        let mut row_min = cur[0];
        for j in 1..=m {
            let (bc, bb) = (b_chars[j - 1], b_base[j - 1]);
            let sub = if ac == bc {
                0
            } else if ab == bb {
                ACCENT
            } else {
                substitution_folded(ab, bb)
            };
            let mut v = (prev[j - 1] + sub)
                .min(prev[j] + del)
                .min(cur[j - 1] + b_indel[j - 1]);
            if j > 1 && a_before == Some(bc) && ac == b_chars[j - 2] {
                v = v.min(prev2[j - 2] + SWAP);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit && prev_min > limit {
            return u16::MAX;
        }
        prev_min = row_min;
        let oldest = prev2;
        prev2 = prev;
        prev = cur;
        cur = oldest;
    }
    prev[m]
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // The bound that sets house words aside never exceeds the cost it
        // stands for: words of letters, accents, doubled letters and
        // joiners, near and far from each other.
        #[test]
        fn letter_counts_bound_the_cost(
            a in "[aeéèioustmnrlcçkqz' -]{0,12}",
            b in "[aeéèioustmnrlcçkqz' -]{0,12}",
            edits in proptest::collection::vec((0usize..12, "[aeéstm'-]"), 0..4),
        ) {
            let mut near: Vec<char> = a.chars().collect();
            for (i, c) in edits {
                let c = c.chars().next().unwrap_or('a');
                if near.is_empty() || i % 3 == 0 {
                    near.insert(i.min(near.len()), c);
                } else if i % 3 == 1 {
                    near.remove(i % near.len());
                } else {
                    let j = i % near.len();
                    near[j] = c;
                }
            }
            let near: String = near.into_iter().collect();
            for other in [b.as_str(), near.as_str()] {
                let (x, y) = (Prepared::new(expand_lower(&a)), Prepared::new(expand_lower(other)));
                let bound = LetterCounts::of(&x.base).cost_bound(&LetterCounts::of(&y.base));
                proptest::prop_assert!(bound <= cost_within(&x, &y, u16::MAX), "{a:?} {other:?} {bound}");
            }
        }
    }

    /// The weighted distance the plain way: a full table, no limit.
    fn cost_by_table(a: &Prepared, b: &Prepared) -> u16 {
        let (n, m) = (a.chars.len(), b.chars.len());
        let mut d = vec![vec![0u16; m + 1]; n + 1];
        for j in 1..=m {
            d[0][j] = d[0][j - 1] + b.indel[j - 1];
        }
        for i in 1..=n {
            d[i][0] = d[i - 1][0] + a.indel[i - 1];
            for j in 1..=m {
                let sub = if a.chars[i - 1] == b.chars[j - 1] {
                    0
                } else if a.base[i - 1] == b.base[j - 1] {
                    ACCENT
                } else {
                    substitution_folded(a.base[i - 1], b.base[j - 1])
                };
                let mut v = (d[i - 1][j - 1] + sub)
                    .min(d[i - 1][j] + a.indel[i - 1])
                    .min(d[i][j - 1] + b.indel[j - 1]);
                if i > 1
                    && j > 1
                    && a.chars[i - 1] == b.chars[j - 2]
                    && a.chars[i - 2] == b.chars[j - 1]
                    && a.chars[i - 1] != a.chars[i - 2]
                {
                    v = v.min(d[i - 2][j - 2] + SWAP);
                }
                d[i][j] = v;
            }
        }
        d[n][m]
    }

    proptest::proptest! {
        // The rolling rows give the table's cost when it is within the
        // limit, and something above the limit otherwise.
        #[test]
        fn rolling_rows_agree_with_the_table(
            a in "[aeéioustmnrlcçkq' -]{0,14}",
            b in "[aeéioustmnrlcçkq' -]{0,14}",
            limit in 0u16..20,
        ) {
            let (x, y) = (Prepared::new(expand_lower(&a)), Prepared::new(expand_lower(&b)));
            let want = cost_by_table(&x, &y);
            proptest::prop_assert_eq!(cost_within(&x, &y, u16::MAX), want);
            let got = cost_within(&x, &y, limit);
            if want <= limit {
                proptest::prop_assert_eq!(got, want);
            } else {
                proptest::prop_assert!(got > limit);
            }
        }
    }

    #[test]
    fn far_house_words_are_set_aside_near_ones_kept() {
        let extra = ExtraWords::new(&["Colissimo", "Chronopost", "e-billet", "appli"]);
        assert_eq!(extra.len(), 4);
        let d = Dictionary::french();
        let words = |typo: &str| -> Vec<String> {
            suggest(d, typo, 5, &extra)
                .into_iter()
                .map(|s| s.word)
                .collect()
        };
        assert!(words("colisimo").contains(&"Colissimo".to_string()));
        assert!(words("ebillet").contains(&"e-billet".to_string()));
        assert!(!words("unstable")
            .iter()
            .any(|w| w == "Colissimo" || w == "Chronopost"));
        let typed = LetterCounts::of(&Prepared::new(expand_lower("unstable")).base);
        let far = LetterCounts::of(&Prepared::new(expand_lower("colissimo")).base);
        assert!(far.cost_bound(&typed) > MAX_COST);
    }

    fn c(a: &str, b: &str) -> u16 {
        cost(&expand_lower(a), &expand_lower(b))
    }

    #[test]
    fn costs_follow_how_people_mistype() {
        assert_eq!(c("tres", "très"), ACCENT);
        assert_eq!(c("coeur", "cœur"), 0);
        assert_eq!(c("apeller", "appeler"), 2 * DOUBLE);
        assert_eq!(c("acceuil", "accueil"), SWAP);
        assert_eq!(c("commabde", "commande"), NEIGHBOUR);
        assert_eq!(c("aujourdhui", "aujourd'hui"), JOINER);
        assert!(c("commande", "comment") > 2 * OTHER - 1);
    }

    #[test]
    fn azerty_neighbours() {
        assert!(neighbours('a', 'z'));
        assert!(neighbours('a', 'q'));
        assert!(neighbours('d', 'x') && neighbours('d', 'c'));
        assert!(neighbours('m', 'l'));
        assert!(!neighbours('a', 'p'));
        assert!(neighbours('q', 'w'));
        assert!(!neighbours('a', 'w'));
        assert!(!neighbours('é', 'e') && !neighbours('A', 'z') && !neighbours('1', '2'));
        for a in 'a'..='z' {
            assert!(!neighbours(a, a));
            for b in 'a'..='z' {
                assert_eq!(neighbours(a, b), neighbours(b, a), "{a} {b}");
            }
        }
        // From 2 (`a`, on the corner) to 6 neighbours (a key inside).
        for (i, n) in NEIGHBOURS.iter().enumerate() {
            assert!(
                (2..=6).contains(&n.count_ones()),
                "{}",
                (b'a' + i as u8) as char
            );
        }
        assert_eq!(NEIGHBOURS[0].count_ones(), 2);
    }

    fn first(w: &str) -> String {
        Dictionary::french()
            .suggest(w, 5)
            .first()
            .map(|s| s.word.clone())
            .unwrap_or_default()
    }

    #[test]
    fn right_word_first_in_common_cases() {
        for (typo, right) in [
            ("tres", "très"),
            ("deja", "déjà"),
            ("acceuil", "accueil"),
            ("apeller", "appeler"),
            ("comande", "commande"),
            ("bonjoru", "bonjour"),
            ("livraisin", "livraison"),
            ("remboursment", "remboursement"),
            ("aujourdhui", "aujourd'hui"),
            ("coeur", "cœur"),
        ] {
            assert_eq!(first(typo), right, "{typo}");
        }
    }
}
