//! Word lists as data: parsing the `lexicon/*.txt` format and matching
//! phrases from it in a [`Document`].
//!
//! Format, one entry a line:
//! ```text
//! # a comment
//! faulty form => suggestion | other suggestion | (a hint, not a replacement)
//! plain entry
//! ```
//! Matching is case-insensitive, folds `’` into `'` and any space into one,
//! and only matches whole words.

use crate::diagnostic::Span;
use crate::text::{word_hash, Document, TokenKind};
use aho_corasick::{AhoCorasick, MatchKind};
use thiserror::Error;

/// The lexicons that more than one rule reads, embedded once here (a rule
/// does not import another rule's data). The abbreviation lexicon: the
/// `abbreviation` rule's list, and the acronyms that `sms-language`,
/// `formatting` and `spelling` must not take for SMS forms, shouting or
/// misspellings.
pub const ABBREVIATION: &str = include_str!("../lexicon/abbreviation.txt");
/// The name of [`ABBREVIATION`] in errors.
pub const ABBREVIATION_FILE: &str = "lexicon/abbreviation.txt";
/// The SMS lexicon (`sms-language`; `spelling` leaves its forms alone).
pub const SMS_LANGUAGE: &str = include_str!("../lexicon/sms-language.txt");
/// The name of [`SMS_LANGUAGE`] in errors.
pub const SMS_LANGUAGE_FILE: &str = "lexicon/sms-language.txt";
/// The familiar-register lexicon (`familiar-register`; `spelling` leaves
/// its forms alone).
pub const FAMILIAR_REGISTER: &str = include_str!("../lexicon/familiar-register.txt");
/// The name of [`FAMILIAR_REGISTER`] in errors.
pub const FAMILIAR_REGISTER_FILE: &str = "lexicon/familiar-register.txt";

/// One line of a lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The form to find, as written in the file.
    pub pattern: String,
    /// Replacements, best first (entries written `(…)` are hints).
    pub suggestions: Vec<String>,
    /// Hints written in parentheses (`(supprimer)`), for the help line.
    pub hints: Vec<String>,
}

impl Entry {
    /// Parse one entry in the lexicon syntax (`form => a | b`).
    pub fn parse(line: &str) -> Result<Entry, String> {
        let line = line.trim();
        if line.is_empty() {
            return Err("entrée vide".into());
        }
        let (pattern, rhs) = match line.split_once("=>") {
            Some((p, r)) => (p.trim(), Some(r)),
            None => (line, None),
        };
        if pattern.is_empty() {
            return Err("forme vide avant « => »".into());
        }
        let mut suggestions = Vec::new();
        let mut hints = Vec::new();
        if let Some(rhs) = rhs {
            for alt in rhs.split('|').map(str::trim) {
                if alt.is_empty() {
                    return Err("suggestion vide après « => » ou « | »".into());
                }
                if alt.starts_with('(') && alt.ends_with(')') {
                    hints.push(alt[1..alt.len() - 1].to_string());
                } else {
                    suggestions.push(alt.to_string());
                }
            }
        }
        Ok(Entry {
            pattern: pattern.to_string(),
            suggestions,
            hints,
        })
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub message: String,
    /// The entry of a house style's `add` list at fault, as written: the
    /// configuration finds it in its file to name the line.
    pub entry: Option<String>,
}

/// Parse a whole lexicon file. `file` names it in errors. Lines starting
/// with `%` (a lexicon rule's settings) are skipped, and so is the tags
/// column (`[…]` at the end of a line): see [`parse_tagged`].
pub fn parse(file: &str, src: &str) -> Result<Vec<Entry>, LexiconError> {
    Ok(parse_tagged(file, src)?
        .into_iter()
        .map(|t| t.entry)
        .collect())
}

/// One line of a lexicon with its tags column: `form => a | b [tag; tag]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedEntry {
    pub entry: Entry,
    /// The tags between the final brackets, split at `;` and trimmed.
    pub tags: Vec<String>,
    /// The line (1-based) in its file.
    pub line: usize,
}

/// Split the tags column off a line: `ok => d'accord [caps]` gives
/// (`ok => d'accord`, `["caps"]`).
pub fn split_tags(line: &str) -> Result<(&str, Vec<String>), String> {
    let line = line.trim();
    let Some(body) = line.strip_suffix(']') else {
        return Ok((line, Vec::new()));
    };
    let Some(open) = body.rfind(" [") else {
        return Err("« ] » final sans « [ » : les étiquettes s'écrivent « [a; b] »".into());
    };
    let tags: Vec<String> = body[open + 2..]
        .split(';')
        .map(|t| t.trim().to_string())
        .collect();
    if tags.iter().any(String::is_empty) {
        return Err("étiquette vide entre « [ » et « ] »".into());
    }
    Ok((body[..open].trim_end(), tags))
}

/// Parse one line in the lexicon syntax, tags included.
pub fn parse_line(line: &str) -> Result<(Entry, Vec<String>), String> {
    let (body, tags) = split_tags(line)?;
    Ok((Entry::parse(body)?, tags))
}

/// Parse a whole lexicon file with each entry's tags and line.
pub fn parse_tagged(file: &str, src: &str) -> Result<Vec<TaggedEntry>, LexiconError> {
    let mut out = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('%') {
            continue;
        }
        let (entry, tags) = parse_line(line).map_err(|message| LexiconError {
            file: file.to_string(),
            line: i + 1,
            message,
            entry: None,
        })?;
        out.push(TaggedEntry {
            entry,
            tags,
            line: i + 1,
        });
    }
    Ok(out)
}

/// The settings lines of a lexicon file (`%key: value`, or `%key` alone):
/// (line, key, value).
pub fn settings(src: &str) -> Vec<(usize, &str, &str)> {
    src.lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let rest = raw.trim().strip_prefix('%')?;
            let (key, value) = rest.split_once(':').unwrap_or((rest, ""));
            Some((i + 1, key.trim(), value.trim()))
        })
        .collect()
}

/// The error of an entry of a house style's `add` list. `origin` names
/// where the list comes from (the file that set it, or the rule).
pub fn add_error(origin: &str, index: usize, entry: &str, message: &str) -> LexiconError {
    LexiconError {
        file: origin.to_string(),
        line: index + 1,
        message: format!("entrée n° {} « {entry} » de `add` : {message}", index + 1),
        entry: Some(entry.to_string()),
    }
}

/// Parse an embedded lexicon plus the house style's `add` entries, minus its
/// `remove` forms (compared case-insensitively). An added form replaces the
/// entry of the same form; linear in the number of entries.
pub fn load(
    file: &str,
    src: &str,
    add: &[String],
    remove: &[String],
) -> Result<Vec<Entry>, LexiconError> {
    let base = parse(file, src)?;
    let mut added = Vec::with_capacity(add.len());
    for (i, a) in add.iter().enumerate() {
        let (e, _) = parse_line(a).map_err(|m| add_error("configuration", i, a, &m))?;
        added.push(e);
    }
    Ok(merge(base, added, remove, |e| normalize(&e.pattern)))
}

/// `base` with the entries of `added` (the last one of a key wins and
/// replaces a base entry of that key), without the keys of `remove`:
/// one hash look-up per entry.
pub fn merge<T>(
    base: Vec<T>,
    added: Vec<T>,
    remove: &[String],
    key: impl Fn(&T) -> String,
) -> Vec<T> {
    use std::collections::HashSet;
    let mut seen: HashSet<String> = remove.iter().map(|r| normalize(r)).collect();
    // Later additions win: walk them from the end, keeping each key once.
    let mut kept: Vec<T> = Vec::with_capacity(base.len() + added.len());
    for e in added.into_iter().rev() {
        if seen.insert(key(&e)) {
            kept.push(e);
        }
    }
    kept.reverse();
    let mut out: Vec<T> = base
        .into_iter()
        .filter(|e| !seen.contains(&key(e)))
        .collect();
    out.extend(kept);
    out
}

/// Fold a phrase the way [`Normalized`](crate::text::Normalized) folds a
/// text (one [`fold_char`](crate::text::fold_char) for both), trimmed and
/// with its runs of spaces collapsed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.trim().chars() {
        // ASCII letters and digits (most of a text) without the tables.
        let (c, lower) = if c.is_ascii_alphanumeric() {
            (c.to_ascii_lowercase(), true)
        } else {
            match crate::text::fold_char(c) {
                Some(f) => (f, true),
                None => (c, c.is_ascii()),
            }
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if lower {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Finds the entries of a lexicon in documents: whole words only, longest
/// first, never inside a URL or an e-mail.
///
/// A whole-word entry can only start where a word of the text starts, and
/// its first word must be that word: matching is one table read per word
/// of the text (most words find their slot empty), then a comparison of
/// the rest of the entry. Entries that start with a sign (`@+`) go through
/// an Aho-Corasick automaton instead.
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    entries: Vec<Entry>,
    /// Normalized pattern of each entry (same order).
    keys: Vec<String>,
    /// Entries by the [`word_hash`] of their first word (the leading run
    /// of letters and digits of the key): a text's words are looked up by
    /// the hashes [`Normalized`](crate::text::Normalized) computed once.
    first: FirstWords,
    /// Entries whose key does not start with a letter or a digit.
    signs: Option<(AhoCorasick, Vec<u32>)>,
}

/// One match: the entry and the span in the original text.
#[derive(Debug, Clone, Copy)]
pub struct PhraseMatch<'m> {
    pub span: Span,
    pub entry: &'m Entry,
    /// Position of `entry` in [`PhraseMatcher::entries`], for rules that
    /// keep per-entry data beside the lexicon.
    pub index: usize,
}

impl PhraseMatcher {
    pub fn new(entries: Vec<Entry>) -> Self {
        let keys: Vec<String> = entries.iter().map(|e| normalize(&e.pattern)).collect();
        let mut firsts = Vec::new();
        let mut signs = Vec::new();
        for (id, key) in keys.iter().enumerate() {
            let id = u32::try_from(id).expect("fewer than 4 billion entries");
            let word = first_word(key);
            if word.is_empty() {
                if !key.is_empty() {
                    signs.push(id);
                }
                continue;
            }
            firsts.push((word_hash(word), id, key.as_str()));
        }
        let first = FirstWords::new(firsts);
        let signs = (!signs.is_empty()).then(|| {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(signs.iter().map(|&id| &keys[id as usize]))
                .expect("lexicon automaton fits in memory");
            (ac, signs)
        });
        PhraseMatcher {
            entries,
            keys,
            first,
            signs,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All whole-word matches in `doc`, left to right, never overlapping:
    /// at each place the longest entry whose both ends are word boundaries
    /// (all candidates found, then a greedy leftmost-longest choice).
    pub fn find_iter<'m>(&'m self, doc: &Document<'_>) -> Vec<PhraseMatch<'m>> {
        let norm = doc.normalized();
        let text = norm.text.as_str();
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for k in self.first.taken(&norm.hashes) {
            let (Some(&(s, _)), Some(&h)) = (norm.words.get(k), norm.hashes.get(k)) else {
                continue;
            };
            let Some(heads) = self.first.get(h) else {
                continue;
            };
            let at = first_bytes(&text.as_bytes()[s..]);
            for c in heads {
                if at & c.mask != c.bytes {
                    continue;
                }
                let id = c.id as usize;
                let key = &self.keys[id];
                if text[s..].starts_with(key.as_str()) && boundary_ok(text, s, s + key.len(), key) {
                    candidates.push((s, s + key.len(), id));
                }
            }
        }
        if let Some((ac, ids)) = &self.signs {
            candidates.extend(
                ac.find_overlapping_iter(text)
                    .map(|m| (m.start(), m.end(), ids[m.pattern().as_usize()] as usize))
                    .filter(|&(s, e, id)| boundary_ok(text, s, e, &self.keys[id])),
            );
        }
        choose(doc, candidates)
            .into_iter()
            .map(|(span, id)| PhraseMatch {
                span,
                entry: &self.entries[id],
                index: id,
            })
            .collect()
    }
}

/// Bits of a [`word_hash`] (its top ones, the best mixed) that choose its
/// slot in [`FirstWords::taken`]: with a few hundred first words, a word
/// that is none of them finds its slot taken about one time in twenty.
const SLOT_BITS: u32 = 12;
const SLOTS: usize = 1 << SLOT_BITS;

/// The entries of a lexicon by the [`word_hash`] of their first word, laid
/// out flat in the order a look-up reads them: slot, first words, entries.
#[derive(Debug, Clone)]
struct FirstWords {
    /// 1 for a slot that a first word's hash has, else 0. Every word of a
    /// text reads this table (4 KB); most find a 0 and cost nothing more.
    taken: Box<[u8; SLOTS]>,
    /// The first words of slot `i` are `words[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    /// Each first word: its hash and its entries, `heads[from..to]`. Two
    /// first words with one hash share a list, which is harmless: every
    /// candidate is checked against its whole key, and a text that starts
    /// with a key has that key's first word as its word there.
    words: Vec<(u64, u32, u32)>,
    /// The entries of each first word, in the order of the lexicon.
    heads: Vec<Head>,
}

/// An entry as a look-up first sees it: the first eight bytes of its key
/// (fewer for a shorter key, as `mask` says). A text that differs there is
/// set aside without comparing the whole key.
#[derive(Debug, Clone, Copy)]
struct Head {
    bytes: u64,
    mask: u64,
    id: u32,
}

impl FirstWords {
    /// From each entry's first-word hash, id and key, in lexicon order.
    fn new(mut firsts: Vec<(u64, u32, &str)>) -> Self {
        // By slot, then hash; a stable sort keeps the lexicon order within.
        firsts.sort_by_key(|&(h, _, _)| (Self::slot(h), h));
        let mut f = FirstWords {
            taken: Box::new([0; SLOTS]),
            starts: Vec::with_capacity(SLOTS + 1),
            words: Vec::new(),
            heads: Vec::with_capacity(firsts.len()),
        };
        let mut k = 0;
        for slot in 0..SLOTS {
            f.starts
                .push(u32::try_from(f.words.len()).expect("fewer than 4 billion words"));
            while let Some(&(h, _, _)) = firsts.get(k).filter(|x| Self::slot(x.0) == slot) {
                f.taken[slot] = 1;
                let from = f.heads.len();
                while let Some(&(_, id, key)) = firsts.get(k).filter(|x| x.0 == h) {
                    let (bytes, mask) = head(key.as_bytes());
                    f.heads.push(Head { bytes, mask, id });
                    k += 1;
                }
                let range = |n: usize| u32::try_from(n).expect("fewer than 4 billion entries");
                f.words.push((h, range(from), range(f.heads.len())));
            }
        }
        f.starts
            .push(u32::try_from(f.words.len()).expect("fewer than 4 billion words"));
        f
    }

    fn slot(hash: u64) -> usize {
        (hash >> (64 - SLOT_BITS)) as usize
    }

    /// The entries whose first word has the hash `hash`.
    fn get(&self, hash: u64) -> Option<&[Head]> {
        let slot = Self::slot(hash);
        let words = &self.words[self.starts[slot] as usize..self.starts[slot + 1] as usize];
        let &(_, from, to) = words.iter().find(|w| w.0 == hash)?;
        Some(&self.heads[from as usize..to as usize])
    }

    /// The words (their index) whose hash finds its slot taken. Every
    /// matcher reads every word of every text here, so this loop is kept
    /// short: eight words are read with no branch (`taken` is 0 or 1, and
    /// each word's bit is set in `m`), then one test for all eight, and
    /// only the few words that pass go on to [`FirstWords::get`].
    fn taken(&self, hashes: &[u64]) -> Vec<usize> {
        let mut hits = Vec::with_capacity(hashes.len() / 4 + 1);
        let bit = |h: u64| u32::from(self.taken[Self::slot(h)]);
        let mut blocks = hashes.chunks_exact(8);
        for (b, block) in blocks.by_ref().enumerate() {
            let mut m = 0;
            for (j, &h) in block.iter().enumerate() {
                m |= bit(h) << j;
            }
            while m != 0 {
                hits.push(b * 8 + m.trailing_zeros() as usize);
                m &= m - 1;
            }
        }
        let rest = hashes.len() - blocks.remainder().len();
        for (j, &h) in blocks.remainder().iter().enumerate() {
            if bit(h) != 0 {
                hits.push(rest + j);
            }
        }
        hits
    }
}

/// The first eight bytes of `b` (little-endian, zero-padded).
fn first_bytes(b: &[u8]) -> u64 {
    match b.get(..8) {
        Some(eight) => {
            let mut w = [0u8; 8];
            w.copy_from_slice(eight);
            u64::from_le_bytes(w)
        }
        None => crate::spell::le_padded(b),
    }
}

/// The first eight bytes of `b` (little-endian, zero-padded) and the mask
/// of the bytes present.
fn head(b: &[u8]) -> (u64, u64) {
    let n = b.len().min(8);
    let mask = u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
    (crate::spell::le_padded(&b[..n]), mask)
}

/// The greedy leftmost-longest choice among `candidates` (normalized byte
/// ranges with their entry), never inside a link or a number: the spans in
/// the original text, with their entry.
fn choose(doc: &Document<'_>, mut candidates: Vec<(usize, usize, usize)>) -> Vec<(Span, usize)> {
    let norm = doc.normalized();
    candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out = Vec::new();
    let mut last_end = 0;
    for (start, end, id) in candidates {
        if start < last_end {
            continue;
        }
        let span = norm.original(start, end, doc.text);
        if doc.in_link(span) || in_special(doc, span) {
            continue;
        }
        out.push((span, id));
        last_end = end;
    }
    out
}

/// The leading run of letters and digits of a normalized key (empty when
/// the key starts with a sign).
fn first_word(key: &str) -> &str {
    let end = key
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(key.len(), |(i, _)| i);
    &key[..end]
}

fn joins_word(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

fn boundary_ok(text: &str, s: usize, e: usize, key: &str) -> bool {
    let first = key.chars().next();
    let last = key.chars().next_back();
    if first.is_some_and(char::is_alphanumeric) {
        if let Some(b) = text[..s].chars().next_back() {
            if joins_word(b) {
                return false;
            }
        }
    }
    if last.is_some_and(char::is_alphanumeric) {
        if let Some(a) = text[e..].chars().next() {
            if joins_word(a) || a == '\'' {
                return false;
            }
        }
    }
    true
}

/// A phrase that starts or ends inside a number, time or emoticon token is
/// not a phrase (`1er`, `14h`).
fn in_special(doc: &Document<'_>, span: Span) -> bool {
    doc.overlapping(span).any(|t| {
        matches!(
            t.kind,
            TokenKind::Number | TokenKind::Time | TokenKind::Emoticon | TokenKind::Emoji
        ) && t.span.overlaps(span)
            && !span.contains(t.span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `normalize` as first written: every character through the Unicode
    /// tables.
    fn normalize_by_chars(s: &str) -> String {
        let mut out = String::new();
        let mut last_space = false;
        for c in s.trim().chars() {
            let c = match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
                '\u{2011}' | '\u{2010}' => '-',
                c if crate::text::is_whitespace(c) => ' ',
                c => c,
            };
            if c == ' ' && last_space {
                continue;
            }
            last_space = c == ' ';
            out.extend(c.to_lowercase());
        }
        out
    }

    proptest! {
        /// One folding: a phrase without runs of spaces or outer spaces
        /// folds as a text does.
        #[test]
        fn normalize_folds_as_the_document_does(s in "[a-zA-Z0-9 \t\n\x0b\x0c'`´’‘ʼ\u{a0}\u{202f}\u{2028}\u{85}\u{3000}\u{2010}\u{2011}éÉŒçÇİẞ🙂,.-]{0,24}") {
            let doc = Document::parse(&s);
            let text = &doc.normalized().text;
            let single = !text.contains("  ") && !text.starts_with(' ') && !text.ends_with(' ');
            if single {
                prop_assert_eq!(&normalize(&s), text);
            }
        }

        #[test]
        fn normalize_reads_ascii_as_the_tables_do(s in "[ -~\t\n\r\x0b\x0c\x1c-\x1fÉéŒ’`´\u{a0}\u{2010}\u{85}İ]{0,30}") {
            prop_assert_eq!(normalize(&s), normalize_by_chars(&s));
        }
    }

    /// The candidates as first found: one overlapping Aho-Corasick pass
    /// over the whole normalized text, every match checked for word
    /// boundaries. The word index must lead to exactly the same matches.
    fn reference(m: &PhraseMatcher, doc: &Document<'_>) -> Vec<(Span, usize)> {
        let norm = doc.normalized();
        let text = norm.text.as_str();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&m.keys)
            .unwrap();
        let candidates: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text)
            .map(|x| (x.start(), x.end(), x.pattern().as_usize()))
            .filter(|&(s, e, id)| boundary_ok(text, s, e, &m.keys[id]))
            .collect();
        choose(doc, candidates)
    }

    fn real_lexicons() -> Vec<PhraseMatcher> {
        [
            SMS_LANGUAGE,
            FAMILIAR_REGISTER,
            ABBREVIATION,
            include_str!("../lexicon/tutoiement.txt"),
        ]
        .iter()
        .map(|l| PhraseMatcher::new(parse("test", l).unwrap()))
        .collect()
    }

    /// Pieces of text: lexicon forms, their parts, and what sits around
    /// words in chat replies (elisions, hyphens, capitals, numbers, links).
    const PIECES: &[&str] = &[
        "slt",
        "Slt",
        "SLT",
        "c",
        "C",
        "t",
        "pb",
        "PB",
        "a+",
        "@+",
        "à+",
        "tt",
        "de",
        "suite",
        "tu",
        "Tu",
        "te",
        "toi",
        "ok",
        "OK",
        "okay",
        "ouais",
        "CB",
        "cb",
        "RDV",
        "SAV",
        "svp",
        "stp",
        "bcp",
        "qd",
        "pk",
        "mdr",
        "est",
        "pas",
        "je",
        "vous",
        "b1",
        "14h",
        "2",
        "10",
        "é",
        "à",
        "ça",
        "x",
        "_",
        "https://ex.fr/slt",
        "moi@ex.fr",
        " ",
        " ",
        " ",
        "  ",
        "'",
        "\u{2019}",
        "-",
        ",",
        ".",
        "!",
        "?",
        "\n",
        "\n\n",
        "\u{A0}",
        "«",
        "»",
        ":)",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn word_index_finds_what_the_automaton_finds(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        ) {
            let text: String = pieces.concat();
            let doc = Document::parse(&text);
            for m in real_lexicons() {
                let got: Vec<(Span, usize)> =
                    m.find_iter(&doc).into_iter().map(|x| (x.span, x.index)).collect();
                prop_assert_eq!(got, reference(&m, &doc), "text: {:?}", text);
            }
        }

        /// Entries are listed by the hash of their first word; should two
        /// first words share a hash, the lists merge. The worst case, every
        /// entry under every hash, still finds what the automaton finds.
        #[test]
        fn shared_hashes_change_nothing(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        ) {
            let text: String = pieces.concat();
            let doc = Document::parse(&text);
            for mut m in real_lexicons() {
                let f = &mut m.first;
                let mut all: Vec<Head> = f.heads.clone();
                all.sort_by_key(|h| h.id);
                f.heads = Vec::new();
                for w in &mut f.words {
                    w.1 = f.heads.len() as u32;
                    f.heads.extend_from_slice(&all);
                    w.2 = f.heads.len() as u32;
                }
                let got: Vec<(Span, usize)> =
                    m.find_iter(&doc).into_iter().map(|x| (x.span, x.index)).collect();
                prop_assert_eq!(got, reference(&m, &doc), "text: {:?}", text);
            }
        }
    }

    #[test]
    fn first_words_sharing_a_slot_keep_their_entries() {
        let (a, b, c) = (
            0xABC0_0000_0000_0001,
            0xABC0_0000_0000_0002,
            0xABC0_0000_0000_0003,
        );
        let f = FirstWords::new(vec![(b, 0, "b"), (a, 1, "a"), (b, 2, "bb"), (7, 3, "x")]);
        let ids = |h| {
            f.get(h)
                .map(|hs| hs.iter().map(|h| h.id).collect::<Vec<_>>())
        };
        assert_eq!(ids(a), Some(vec![1]));
        assert_eq!(ids(b), Some(vec![0, 2]));
        assert_eq!(ids(7), Some(vec![3]));
        assert_eq!(ids(c), None);
        assert_eq!(ids(0x1234), None);
        let hashes: Vec<u64> = (0..20)
            .map(|i| if i % 7 == 3 { a } else { 0x5550_0000_0000_0000 })
            .collect();
        assert_eq!(f.taken(&hashes), [3, 10, 17]);
    }

    fn matcher(lines: &str) -> PhraseMatcher {
        PhraseMatcher::new(parse("test", lines).unwrap())
    }

    fn found(m: &PhraseMatcher, text: &str) -> Vec<String> {
        let d = Document::parse(text);
        m.find_iter(&d)
            .into_iter()
            .map(|x| x.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn parses_entries_and_hints() {
        let e = Entry::parse("pas de souci => avec plaisir | bien sûr | (supprimer)").unwrap();
        assert_eq!(e.pattern, "pas de souci");
        assert_eq!(e.suggestions, ["avec plaisir", "bien sûr"]);
        assert_eq!(e.hints, ["supprimer"]);
        let err = parse("x.txt", "# c\nok => \n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.file, "x.txt");
    }

    #[test]
    fn whole_words_case_and_apostrophes() {
        let m = matcher("pb => problème\nc'est pas => ce n'est pas\nsouci => question");
        assert_eq!(found(&m, "Un PB ici, pbm non"), ["PB"]);
        assert_eq!(found(&m, "C’est pas grave"), ["C’est pas"]);
        assert_eq!(found(&m, "soucis"), Vec::<String>::new());
    }

    #[test]
    fn longest_first_and_fallback_to_shorter() {
        let m = matcher("pas de => x\npas de problème => avec plaisir");
        assert_eq!(found(&m, "pas de problème"), ["pas de problème"]);
        assert_eq!(found(&m, "pas de problèmes"), ["pas de"]);
    }

    #[test]
    fn never_inside_links() {
        let m = matcher("slt => salut");
        assert_eq!(found(&m, "https://slt.fr/slt et slt"), ["slt"]);
    }

    #[test]
    fn load_adds_and_removes() {
        let e = load("x", "a => b\nc => d\n", &["e => f".into()], &["C".into()]).unwrap();
        let pats: Vec<_> = e.iter().map(|e| e.pattern.as_str()).collect();
        assert_eq!(pats, ["a", "e"]);
    }
}
