//! The French-aware tokeniser: a draft reply becomes a [`Document`] of
//! blocks (chat bubbles), lines, sentences and tokens, each with its byte
//! span in the original text. Every rule reads the same `Document`.
//!
//! What it knows about French as advisors write it:
//! - elisions are split off (`l’écran` → `l’` + `écran`; `qu'en`,
//!   `jusqu'à`), `aujourd'hui` and `presqu'île` stay whole; both `'` and `’`;
//! - hyphenated inversions and compounds are one word (`pensez-vous`,
//!   `a-t-il`, `après-midi`); [`Token::parts`] splits them;
//! - numbers with grouping spaces and decimal commas (`1 200,50`), times
//!   (`14 h`, `14h30`, `14:30`), dates (`12/05/2024`), URLs, e-mail addresses,
//!   emoji (ZWJ sequences, skin tones, flags, keycaps) and text emoticons are
//!   single tokens, so punctuation rules never look inside them;
//! - `.` after an abbreviation (`M.`, `etc.`, `cf.`) does not end a sentence;
//! - regular, no-break (U+00A0) and narrow no-break (U+202F) spaces are all
//!   spaces; `\r\n` line ends are accepted.

use crate::diagnostic::Span;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (and digits) with inner hyphens or apostrophes.
    Word,
    /// `1 200,50`, `3`, `12/05/2024`.
    Number,
    /// `14 h`, `14h30`, `14:30`.
    Time,
    Url,
    Email,
    /// One emoji grapheme (with modifiers, ZWJ sequences, flags).
    Emoji,
    /// A text emoticon: `:)`, `;-)`, `xD`, `<3`, `^^`.
    Emoticon,
    /// `. , ; : ! ? … ( ) « » " - –` and the like, one character each.
    Punct,
    /// Any other visible character: `€ % $ + = * # @ &`.
    Symbol,
}

/// One token with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// An elided article or pronoun ending in an apostrophe (`l’`, `qu'`).
    pub elided: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        self.span.slice(text)
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// The hyphen-separated parts of a compound word, with their spans
    /// (`a-t-il` → `a`, `t`, `il`).
    pub fn parts<'a>(&self, text: &'a str) -> impl Iterator<Item = (Span, &'a str)> + 'a {
        let base = self.span.start;
        let s = self.span.slice(text);
        let mut pos = 0;
        s.split('-').filter_map(move |p| {
            let start = base + pos;
            pos += p.len() + 1;
            (!p.is_empty()).then_some((Span::new(start, start + p.len()), p))
        })
    }
}

/// One line of the text (an explicit line break ends it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Without the line terminator.
    pub span: Span,
    pub tokens: Range<usize>,
}

/// A sentence: ends at `.`, `!`, `?`, `…` (not after an abbreviation) or at
/// the end of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
    pub block: usize,
    pub line: usize,
}

/// A block: one chat bubble, i.e. lines up to a blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub span: Span,
    pub lines: Range<usize>,
    pub sentences: Range<usize>,
    pub tokens: Range<usize>,
}

/// A tokenised text. Cheap to build (one pass of a few regexes); rules
/// share it.
#[derive(Debug)]
pub struct Document<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub lines: Vec<Line>,
    pub sentences: Vec<Sentence>,
    pub blocks: Vec<Block>,
    normalized: OnceCell<Normalized>,
    quotes: OnceCell<Vec<Span>>,
    /// The grammar rules' findings, computed once for the three of them.
    grammar: OnceCell<Vec<crate::grammar_finding::GrammarFinding>>,
}

/// Lower-cased text with apostrophes and spaces folded, for phrase matching,
/// with a map back to original byte offsets.
#[derive(Debug)]
pub struct Normalized {
    pub text: String,
    /// The characters whose folded form has another length in bytes than
    /// the original (`’` → `'`, a no-break space → a space), in order.
    /// Between two of them, normalized and original bytes correspond one
    /// to one.
    resized: Vec<Resized>,
    /// The words of `text` where a whole-word phrase may start: maximal
    /// runs of letters and digits, not preceded by `-` or `_` (byte ranges).
    pub words: Vec<(usize, usize)>,
    /// [`word_hash`] of each word (same order): every phrase matcher tests
    /// its filter with them instead of reading the words again.
    pub hashes: Vec<u64>,
}

/// A hash of a normalized word, the same for the text's words
/// ([`Normalized::hashes`]) and for the first words of lexicon entries: the
/// crate's [`FxHasher`](crate::spell::FxHasher) over its bytes.
pub fn word_hash(word: &str) -> u64 {
    word_hash_bytes(word.as_bytes())
}

/// [`word_hash`] of a word given as bytes.
fn word_hash_bytes(word: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::spell::FxHasher::default();
    h.write(word);
    h.finish()
}

/// The one folding of text for phrase matching, one character at a time:
/// apostrophes (`’ ‘ ʼ ´ \``) to `'`, the non-breaking hyphens to `-`, any
/// space or line break to a space, other characters as they are (lower
/// case is applied after: `None` means "lower-case `c` itself").
/// [`Normalized`] folds a text with it (its fast paths are tested against
/// it) and `lexicon::normalize` folds lexicon keys with it, then
/// trims them and collapses their runs of spaces. The text keeps each space
/// (offsets map back one to one): a key never matches across two spaces.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        '`' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' => Some('\''),
        '\u{2011}' | '\u{2010}' => Some('-'),
        c if is_whitespace(c) => Some(' '),
        _ => None,
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight bytes of ASCII (little-endian) in their normalized form: lower
/// case, tab to carriage return as spaces, a backquote as an apostrophe
/// ([`fold_char`]). Bytes of 0x80 and above come out as some ASCII byte
/// (callers keep only the bytes before the first of them).
///
/// The trick: with the high bits cleared, adding `0x80 - lo` to a byte
/// sets its high bit exactly when it is `lo` or more, and no carry crosses
/// into the next byte; so each class of bytes is a mask of high bits,
/// which shifted right by two is `0x20` in the same bytes (the bit that
/// lower-cases a letter, and a space).
#[inline]
fn fold_ascii8(w: u64) -> u64 {
    let t = w & !HIGH;
    let within = |lo: u8, hi: u8| {
        (t + ONES * u64::from(0x80 - lo)) & !(t + ONES * u64::from(0x7f - hi)) & HIGH
    };
    // Each marked byte as 0xff.
    let spread = |m: u64| (m >> 7) * 0xff;
    let upper = within(b'A', b'Z');
    let space = within(b'\t', b'\r');
    let backquote = within(b'`', b'`');
    let f = t | (upper >> 2);
    let f = (f & !spread(space)) | (space >> 2);
    f ^ (spread(backquote) & (ONES * u64::from(b'`' ^ b'\'')))
}

/// The words of [`Normalized`] and their hashes, found as the text is
/// folded.
struct WordEdges {
    /// The current run of letters and digits: its start, and whether it
    /// may start a phrase (not glued to a preceding `-` or `_`).
    run: Option<(usize, bool)>,
    words: Vec<(usize, usize)>,
    hashes: Vec<u64>,
}

impl WordEdges {
    /// One character of [`Normalized::new`] at normalized byte `at` (`out`
    /// holds the folded text up to it): a letter or digit opens a run (a
    /// phrase may start there unless `glued`), anything else closes it and
    /// keeps it as a word if it may start a phrase, hashed while its bytes
    /// were just written.
    #[inline]
    fn edge(&mut self, out: &[u8], alnum: bool, at: usize, glued: bool) {
        if alnum {
            if self.run.is_none() {
                self.run = Some((at, !glued));
            }
        } else if let Some((start, true)) = self.run.take() {
            self.words.push((start, at));
            self.hashes.push(word_hash_bytes(&out[start..at]));
        }
    }
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// One character folded to another length: its normalized and original
/// byte ranges.
#[derive(Debug, Clone, Copy)]
struct Resized {
    norm: usize,
    norm_end: usize,
    orig: usize,
    orig_end: usize,
}

/// The high bit of each byte of `w` that is not an ASCII letter or digit.
/// Per byte, without carries (the high bits are set aside first): a byte
/// is a letter when, with bit 5 set (lower case), it lies in `a..=z`, a
/// digit when it lies in `0..=9`.
#[inline]
fn non_alnum_bytes(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let t = w & !HIGH;
    let lower = t | 0x2020_2020_2020_2020;
    let letter = (lower + 0x1f1f_1f1f_1f1f_1f1f) & !(lower + 0x0505_0505_0505_0505);
    let digit = (t + 0x5050_5050_5050_5050) & !(t + 0x4646_4646_4646_4646);
    (!(letter | digit) | w) & HIGH
}

/// The first index from `i` (below `to`) whose byte is (`alnum`) or is not
/// (`!alnum`) an ASCII letter or digit, or `to`; read eight bytes at a time.
#[inline]
fn next_alnum_edge(bytes: &[u8], mut i: usize, to: usize, alnum: bool) -> usize {
    let to = to.min(bytes.len());
    while i + 8 <= to {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let other = non_alnum_bytes(u64::from_le_bytes(word));
        let hits = if alnum {
            !other & 0x8080_8080_8080_8080
        } else {
            other
        };
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < to && bytes[i].is_ascii_alphanumeric() != alnum {
        i += 1;
    }
    i
}

/// The word edges of the first `n` bytes of `f` (folded ASCII, no
/// capitals, little-endian) at normalized byte `base` (`out` holds them):
/// [`WordEdges::edge`] for each byte where a run of letters and digits
/// starts or ends, the run and `glued` carried from the text before and
/// left for the text after.
///
/// The trick: the high bit of each byte says whether it is a letter or
/// digit ([`non_alnum_bytes`]); shifted by one byte, the same mask says it
/// of the byte before, so `alnum & !before` marks the starts of runs and
/// `!alnum & before` their ends, and only those bits are visited (lowest
/// first, in text order): a few operations for eight bytes, one step an
/// edge.
#[inline]
fn ascii_word_edges(
    f: u64,
    n: usize,
    base: usize,
    out: &[u8],
    edges_of: &mut WordEdges,
    glued: &mut bool,
) {
    let byte = |k: usize| (f >> (8 * k)) as u8;
    // The bytes past `n` are left out of both masks.
    let valid = HIGH >> (8 * (8 - n));
    let alnum = !non_alnum_bytes(f) & valid;
    let before = (alnum << 8) | if edges_of.run.is_some() { 0x80 } else { 0 };
    let mut edges = (alnum & !before) | (!alnum & before & valid);
    while edges != 0 {
        let bit = edges.trailing_zeros();
        let k = (bit / 8) as usize;
        if (alnum >> bit) & 1 != 0 {
            // A run starts: glued when the byte before is `-` or `_`
            // (before these eight bytes: as `glued` says).
            let g = match k.checked_sub(1) {
                Some(b) => matches!(byte(b), b'-' | b'_'),
                None => *glued,
            };
            edges_of.edge(out, true, base + k, g);
        } else {
            edges_of.edge(out, false, base + k, false);
        }
        edges &= edges - 1;
    }
    *glued = matches!(byte(n - 1), b'-' | b'_');
}

impl Normalized {
    fn new(text: &str) -> Self {
        // Built as bytes: only whole characters are pushed.
        let mut out: Vec<u8> = Vec::with_capacity(text.len());
        let mut resized = Vec::new();
        let mut edges = WordEdges {
            run: None,
            words: Vec::with_capacity(text.len() / 6),
            hashes: Vec::with_capacity(text.len() / 6),
        };
        // The last folded character was `-` or `_`.
        let mut glued = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Most of a French text: ASCII, one byte in, one byte out,
            // read and folded eight bytes at a time (up to the first byte
            // of another character), then its word edges.
            let rest = &bytes[i..];
            let w = match rest.get(..8) {
                Some(chunk) => {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(chunk);
                    u64::from_le_bytes(b)
                }
                None => crate::spell::le_padded(rest),
            };
            let ascii = (((w & HIGH).trailing_zeros() / 8) as usize).min(rest.len());
            if ascii > 0 {
                let f = fold_ascii8(w);
                let base = out.len();
                // Eight bytes written (one store), the ones past the ASCII
                // cut off again: cheaper than a copy of a variable length.
                out.extend_from_slice(&f.to_le_bytes());
                out.truncate(base + ascii);
                ascii_word_edges(f, ascii, base, &out, &mut edges, &mut glued);
                i += ascii;
                continue;
            }
            let before = out.len();
            // The other characters French text is full of, by their bytes:
            // Latin-1 letters (`é`, `À`: one lower-case letter of the same
            // length), the no-break space and the typographic apostrophe.
            match (
                bytes[i],
                bytes.get(i + 1).copied(),
                bytes.get(i + 2).copied(),
            ) {
                (0xC3, Some(b @ (0x80..=0xBF)), _) if b != 0x97 && b != 0xB7 => {
                    let lower = if b <= 0x9E { b + 0x20 } else { b };
                    out.extend_from_slice(&[0xC3, lower]);
                    edges.edge(&out, true, before, glued);
                    glued = false;
                    i += 2;
                    continue;
                }
                (0xC2, Some(0xA0), _) | (0xE2, Some(0x80), Some(0x99)) => {
                    let (folded, width) = if bytes[i] == 0xC2 {
                        (b' ', 2)
                    } else {
                        (b'\'', 3)
                    };
                    out.push(folded);
                    resized.push(Resized {
                        norm: before,
                        norm_end: before + 1,
                        orig: i,
                        orig_end: i + width,
                    });
                    edges.edge(&out, false, before, glued);
                    glued = false;
                    i += width;
                    continue;
                }
                _ => {}
            }
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            let folded = match fold_char(c) {
                Some(f) => f,
                None if c.is_uppercase() => {
                    for l in c.to_lowercase() {
                        push_char(&mut out, l);
                    }
                    c
                }
                None => c,
            };
            if out.len() == before {
                push_char(&mut out, folded);
            }
            let width = c.len_utf8();
            if out.len() - before != width {
                resized.push(Resized {
                    norm: before,
                    norm_end: out.len(),
                    orig: i,
                    orig_end: i + width,
                });
            }
            edges.edge(&out, is_alnum(folded), before, glued);
            glued = folded == '-' || folded == '_';
            i += width;
        }
        edges.edge(&out, false, out.len(), false);
        // Whole characters only were pushed: this never fails. Validated
        // with SIMD and copied: cheaper than the standard check on accents.
        let out = match simdutf8::basic::from_utf8(&out) {
            Ok(s) => s.to_owned(),
            Err(_) => String::from_utf8_lossy(&out).into_owned(),
        };
        Normalized {
            text: out,
            resized,
            words: edges.words,
            hashes: edges.hashes,
        }
    }

    /// The original span of normalized bytes `start..end`.
    pub fn original(&self, start: usize, end: usize, text: &str) -> Span {
        Span::new(
            self.to_original(start, false).min(text.len()),
            self.to_original(end, true).min(text.len()),
        )
    }

    /// Original offset of normalized byte `n`. Inside the folded form of a
    /// resized character, that character's start, or its end for the end
    /// of a span (`İ` folds to two characters).
    fn to_original(&self, n: usize, end: bool) -> usize {
        let k = self.resized.partition_point(|r| r.norm <= n);
        let Some(r) = k.checked_sub(1).map(|k| self.resized[k]) else {
            return n;
        };
        if n == r.norm {
            r.orig
        } else if n < r.norm_end {
            if end {
                r.orig_end
            } else {
                r.orig
            }
        } else {
            r.orig_end + (n - r.norm_end)
        }
    }
}

/// Regular, no-break, narrow no-break, tab and the other horizontal spaces.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2002}'..='\u{2006}'
    )
}

/// Any space or line break.
pub fn is_whitespace(c: char) -> bool {
    is_space(c) || c == '\n' || c == '\r' || c.is_whitespace()
}

/// [`is_whitespace`] for an ASCII byte (tab to carriage return, space).
pub fn is_ascii_whitespace_byte(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// List bullets that are not punctuation.
fn is_bullet_sign(s: &str) -> bool {
    matches!(
        s,
        "•" | "*" | "·" | "‣" | "▪" | "►" | "→" | ">" | "◦" | "✓" | "✔"
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_word_char(c: char) -> bool {
    is_alnum(c) || is_combining_mark(c)
}

/// `char::is_alphanumeric`, without the Unicode table look-up for the
/// letters of French and other Latin scripts (U+00C0–U+024F, but for `×`
/// and `÷`), the signs of Latin-1 (`«`, `»`, `°`; but `ª`, `²`, `µ`…) and
/// the general punctuation (U+2000–U+206F: `’`, `…`, spaces; none is a
/// letter or digit), which are most of the non-ASCII text a reply holds.
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{C0}'..='\u{24F}').contains(&c) {
        c != '×' && c != '÷'
    } else if c < '\u{C0}' {
        matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾')
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '«'
            | '»'
            | '"'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '\''
            | '-'
            | '‐'
            | '‑'
            | '–'
            | '—'
            | '/'
            | '\\'
            | '¿'
            | '¡'
    )
}

/// Elided forms split off the front of a word, lower case, without the
/// apostrophe.
const ELISIONS: &[&str] = &[
    "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Words with an apostrophe that are one word.
const APOSTROPHE_WORDS: &[&str] = &["aujourd", "presqu", "prud", "quelqu"];

/// Abbreviations whose final dot does not end a sentence.
const DOT_ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "cf", "ex", "env",
    "tél", "tel", "p", "pp", "n", "no", "réf", "ref", "av", "bd", "vol", "chap", "fig", "art",
    "etc", "min", "max", "approx", "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov",
    "déc", "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "c.-à-d", "vs", "hr", "à-d",
];

/// Abbreviations that end a sentence when followed by a capital (`etc.`).
const SOFT_ABBREVIATIONS: &[&str] = &["etc", "min", "max", "env", "à-d"];

/// Compile the tokeniser's pattern now (every text needs it), so that the
/// first checks do not wait for it one after the other.
pub fn warm_up() {
    LazyLock::force(&SPECIAL);
}

/// The special tokens, one pattern per kind (leftmost-first: where two
/// match at one place, the first listed wins, as in one alternation), with
/// the kind of their tokens ([`special_kind`]).
static SPECIAL: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::new_many(&SPECIAL_PATTERNS.map(|(p, _)| p))
        .expect("valid special-token regex")
});

const SPECIAL_PATTERNS: [(&str, TokenKind); 7] = [
    (URL, TokenKind::Url),
    (EMAIL, TokenKind::Email),
    (EMOJI, TokenKind::Emoji),
    (TIME, TokenKind::Time),
    (DATE, TokenKind::Number),
    (NUMBER, TokenKind::Number),
    (EMOTICON, TokenKind::Emoticon),
];

const URL: &str = r"(?i:(?-u:\b)(?:(?:https?|ftp)://|www\.)[^\s<>«»\x22]+|(?-u:\b)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:fr|com|net|org|eu|be|ch|ca|io|info|biz|gouv\.fr|co)(?:/[^\s<>«»\x22]*)?(?-u:\b))";
const EMAIL: &str = r"(?i:(?-u:\b)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+(?-u:\b))";
const EMOJI: &str = r"(?:\p{Regional_Indicator}\p{Regional_Indicator}|[#*0-9]\x{FE0F}?\x{20E3}|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\x{FE0F})\p{Emoji_Modifier}?\x{FE0F}?(?:\x{200D}\p{Extended_Pictographic}\x{FE0F}?\p{Emoji_Modifier}?)*|[\x{263A}\x{2639}\x{2764}\x{2665}\x{2714}\x{2611}\x{270C}\x{270D}\x{2600}\x{2601}\x{2708}\x{260E}\x{2B50}\x{2728}\x{2705}\x{274C}]\p{Emoji_Modifier}?)";
const TIME: &str = r"(?-u:\b)(?:[01]?[0-9]|2[0-3])(?:[ \x{A0}\x{202F}]?[hH](?:[ \x{A0}\x{202F}]?[0-5][0-9](?-u:\b)|(?-u:\b))|:[0-5][0-9](?::[0-5][0-9])?(?-u:\b))";
const DATE: &str = r"(?-u:\b)[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?(?-u:\b)";
const NUMBER: &str = r"(?-u:\b)[0-9]{1,3}(?:[ \x{A0}\x{202F}][0-9]{3})+(?:,[0-9]+)?(?-u:\b)|(?-u:\b)[0-9]+(?:[.,][0-9]+)*(?-u:\b)";
const EMOTICON: &str =
    r"(?:[:;=8][-'^o]?[)(\]\[DPpOo3/\\|*$]|:'\(|[xX][dD]|<3|\^\^|\^_\^|[oO]_[oO]|-_-)";

/// The kind of a special token `s` matched by pattern `pattern` of
/// [`SPECIAL`]: the kinds are given in the order URL, e-mail, emoji, time,
/// emoticon, number, and a match is of no kind listed before its own
/// pattern's (that pattern would have matched at its place first). The one
/// inversion, emoticons after numbers in the search: `83` is a number and
/// also an emoticon (`8` and a `3` mouth), the only string both are.
fn special_kind(pattern: usize, s: &str) -> TokenKind {
    match SPECIAL_PATTERNS[pattern].1 {
        TokenKind::Number if s == "83" => TokenKind::Emoticon,
        kind => kind,
    }
}

impl<'a> Document<'a> {
    /// Tokenise `text`. Never fails: any string is a document.
    pub fn parse(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let lines = split_lines(text, &tokens);
        let (blocks, sentences) = split_blocks_and_sentences(text, &tokens, &lines);
        Document {
            text,
            tokens,
            lines,
            sentences,
            blocks,
            normalized: OnceCell::new(),
            quotes: OnceCell::new(),
            grammar: OnceCell::new(),
        }
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &'a str {
        self.tokens[i].span.slice(self.text)
    }

    /// The word tokens, with their index.
    pub fn words(&self) -> impl Iterator<Item = (usize, &Token)> {
        self.tokens.iter().enumerate().filter(|(_, t)| t.is_word())
    }

    /// The lower-cased, apostrophe- and space-folded text (computed once).
    pub fn normalized(&self) -> &Normalized {
        self.normalized.get_or_init(|| Normalized::new(self.text))
    }

    /// The grammar findings of this text, computed by `compute` the first
    /// time (the three grammar rules share them).
    pub fn grammar_findings(
        &self,
        compute: impl FnOnce() -> Vec<crate::grammar_finding::GrammarFinding>,
    ) -> &[crate::grammar_finding::GrammarFinding] {
        self.grammar.get_or_init(compute)
    }

    /// True when `span` lies inside a URL or an e-mail address.
    pub fn in_link(&self, span: Span) -> bool {
        self.overlapping(span)
            .any(|t| matches!(t.kind, TokenKind::Url | TokenKind::Email))
    }

    /// The tokens that overlap `span` (binary search: tokens are sorted
    /// and do not overlap each other).
    pub fn overlapping(&self, span: Span) -> impl Iterator<Item = &Token> {
        let first = self.tokens.partition_point(|t| t.span.end <= span.start);
        self.tokens[first..]
            .iter()
            .take_while(move |t| t.span.start < span.end.max(span.start + 1))
            .filter(move |t| t.span.overlaps(span))
    }

    /// Index of the token that starts at byte `start`, if any.
    pub fn token_at(&self, start: usize) -> Option<usize> {
        self.tokens
            .binary_search_by(|t| t.span.start.cmp(&start))
            .ok()
    }

    /// The sentence that contains byte `offset` (binary search).
    pub fn sentence_of(&self, offset: usize) -> Option<&Sentence> {
        let k = self
            .sentences
            .partition_point(|s| s.span.end.max(s.span.start + 1) <= offset);
        self.sentences
            .get(k)
            .filter(|s| s.span.start <= offset && offset < s.span.end.max(s.span.start + 1))
    }

    /// True when token `i` starts a sentence, i.e. may take a capital
    /// without being a name. Every rule asks this question here:
    /// - the first word-like token of its sentence (after opening quotes,
    ///   brackets and bullets; a line break always ends a sentence, so the
    ///   line after a greeting line starts one);
    /// - the first one after an emoji or an emoticon (`Merci 👍 Slt`),
    ///   which ends what came before, unless a comma follows it (`🙂, slt`);
    /// - the first one after a colon, a dash, an opening bracket or quote
    ///   (`Note : Tu peux`, `(Slt)`), where a new utterance may begin.
    ///
    /// Constant time but for the signs just before the token.
    pub fn starts_sentence(&self, i: usize) -> bool {
        if self
            .tokens
            .get(i)
            .map_or(true, |t| t.kind == TokenKind::Punct)
        {
            return false;
        }
        let k = self.sentences.partition_point(|s| s.tokens.end <= i);
        let Some(s) = self.sentences.get(k).filter(|s| s.tokens.contains(&i)) else {
            return false;
        };
        if i > s.tokens.start && self.tokens[i - 1].kind == TokenKind::Punct {
            let opens = matches!(
                self.tokens[i - 1].text(self.text),
                ":" | "(" | "-" | "–" | "—" | "«" | "\"" | "“"
            );
            if opens {
                return true;
            }
        }
        let mut joined = false;
        for p in self.tokens[s.tokens.start..i].iter().rev() {
            match p.kind {
                TokenKind::Punct => joined |= matches!(p.text(self.text), "," | ";"),
                // A bullet (`•`, `▪`, `►`) is a sign of its own.
                TokenKind::Symbol if is_bullet_sign(p.text(self.text)) => {}
                TokenKind::Emoji | TokenKind::Emoticon => return !joined,
                _ => return false,
            }
        }
        true
    }

    /// The quotations of the text: spans from an opening `«`, `“` or `"`
    /// to its closing `»`, `”` or `"`, marks included (computed once).
    ///
    /// The one quote policy of every rule: quoted text is the customer's
    /// words or a label, and no rule reports inside it. A quotation never
    /// spans lines, and marks inside a quotation that another mark opened
    /// are text. An opening mark left unclosed on its line quotes nothing:
    /// it is a stray sign (a typo, an inch mark `15"`), and the rest of the
    /// line is checked.
    pub fn quotes(&self) -> &[Span] {
        self.quotes.get_or_init(|| {
            let mut out = Vec::new();
            for line in &self.lines {
                let mut open: Option<(usize, char)> = None;
                for t in &self.tokens[line.tokens.clone()] {
                    if t.kind != TokenKind::Punct {
                        continue;
                    }
                    let Some(c) = t.text(self.text).chars().next() else {
                        continue;
                    };
                    match (open, c) {
                        (None, '«' | '“' | '"') => open = Some((t.span.start, c)),
                        (Some((s, '«')), '»') | (Some((s, '“')), '”') | (Some((s, '"')), '"') =>
                        {
                            out.push(Span::new(s, t.span.end));
                            open = None;
                        }
                        _ => {}
                    }
                }
            }
            out
        })
    }

    /// True when `span` lies inside a quotation ([`Document::quotes`]).
    pub fn in_quotes(&self, span: Span) -> bool {
        let quotes = self.quotes();
        let k = quotes.partition_point(|q| q.end < span.end);
        quotes.get(k).is_some_and(|q| q.contains(span))
    }
}

/// Lower-case `s` without allocating when it has no capital.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// No capital.
    Lower,
    /// A capital first letter, then lower case (or a single capital).
    Capitalized,
    /// Two letters or more, all capitals.
    Upper,
    Mixed,
}

/// How `s` is written (its letters only).
pub fn case_of(s: &str) -> Case {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Case::Lower;
    };
    let (mut any_upper, mut any_lower, mut any) = (false, false, false);
    for c in letters {
        any = true;
        any_upper |= c.is_uppercase();
        any_lower |= c.is_lowercase();
    }
    match (first.is_uppercase(), any_upper, any_lower) {
        (false, false, _) => Case::Lower,
        (false, true, _) => Case::Mixed,
        (true, _, false) if any => Case::Upper,
        (true, false, _) => Case::Capitalized,
        _ => Case::Mixed,
    }
}

/// The one case fitter of suggestions: `suggestion` (as the lexicon
/// writes it) with the case its place needs.
/// - `original` in capitals (two letters or more) keeps them, when
///   `keep_capitals` (the writer's capitals; an acronym such as `CB` is
///   written in capitals by nature and passes `false`: `carte bancaire`);
/// - an `original` that starts with a capital, or a replacement that
///   starts a sentence ([`Document::starts_sentence`]), takes a capital;
/// - otherwise the lexicon's case is kept.
pub fn fit_case(
    original: &str,
    suggestion: &str,
    at_sentence_start: bool,
    keep_capitals: bool,
) -> String {
    match case_of(original) {
        Case::Upper if keep_capitals => suggestion.to_uppercase(),
        Case::Upper if !at_sentence_start => suggestion.to_string(),
        _ if at_sentence_start || original.starts_with(char::is_uppercase) => {
            capitalize(suggestion)
        }
        _ => suggestion.to_string(),
    }
}

/// Give `suggestion` the capitalisation of `original` wherever it stands:
/// [`fit_case`] outside a sentence start, keeping capitals.
pub fn match_case(original: &str, suggestion: &str) -> String {
    fit_case(original, suggestion, false, true)
}

/// `suggestion` with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut pos = 0;
    for m in SPECIAL.find_iter(text) {
        let (start, mut end) = (m.start(), m.end());
        if start < pos {
            continue;
        }
        let matched = &text[start..end];
        let mut kind = special_kind(m.pattern().as_usize(), matched);
        // ASCII word boundaries keep the regex on its fast engines; a
        // letter such as `é` just before the match means it is inside a word.
        let glued_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| is_word_char(c) && !c.is_ascii());
        if glued_before && !matches!(kind, TokenKind::Emoji) {
            continue;
        }
        match kind {
            TokenKind::Url => {
                // Trailing punctuation belongs to the sentence, not the URL.
                let s = &text[start..end];
                let trimmed =
                    s.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '’', '…']);
                end = start + trimmed.len();
            }
            TokenKind::Emoticon => {
                // Only standalone: preceded by a space or the start, not
                // followed by a letter or digit.
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let letter_start = matched.starts_with(['x', 'X']);
                // `Merci:)`: a smiley with a mouth glued to a word, at the
                // end of the text, before a space or a sentence end.
                let glued = !letter_start
                    && before.is_some_and(char::is_alphabetic)
                    && matched.ends_with([')', '(', 'D', 'P', 'p'])
                    && after.map_or(true, |c| {
                        is_whitespace(c) || matches!(c, '.' | '!' | '?' | ',')
                    });
                let ok_before = glued
                    || before.map_or(true, |c| {
                        is_whitespace(c) || (!letter_start && !c.is_alphanumeric() && !is_punct(c))
                    });
                let ok_after = after.map_or(true, |c| !is_word_char(c));
                if !(ok_before && ok_after) {
                    continue;
                }
            }
            TokenKind::Number | TokenKind::Time => {
                // `Azerty123`: digits glued to letters are part of a word.
                let after = text[end..].chars().next();
                let mut back = text[..start].chars().rev();
                let hyphen_joined = matches!(back.next(), Some('-' | '/' | '_'))
                    && back.next().is_some_and(is_word_char);
                if after.is_some_and(is_word_char) || hyphen_joined {
                    continue;
                }
                if kind == TokenKind::Time && text[start..end].ends_with(['h', 'H']) {
                    // `14 h` ok; `2 Heures`-like words are caught above.
                }
            }
            _ => {}
        }
        if end <= start {
            continue;
        }
        if kind == TokenKind::Url && !text[start..end].contains(['/', '.']) {
            kind = TokenKind::Word;
        }
        scan_gap(text, pos, start, &mut tokens);
        tokens.push(Token {
            kind,
            span: Span::new(start, end),
            elided: false,
        });
        pos = end;
    }
    scan_gap(text, pos, text.len(), &mut tokens);
    tokens
}

/// Tokenise `text[from..to]`, which holds no special token.
fn scan_gap(text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        let start = i;
        let b = bytes[i];
        let c = if b.is_ascii() {
            // Most of a French text: spaces, letters and punctuation read
            // as bytes.
            i += 1;
            if is_ascii_whitespace_byte(b) {
                continue;
            }
            char::from(b)
        } else {
            let Some((c, w)) = char_at(text, i, to) else {
                break;
            };
            i += w;
            if is_whitespace(c) || c == '\u{FE0F}' || c == '\u{200D}' {
                continue;
            }
            c
        };
        if is_word_char(c) {
            // A run of letters and digits, with the apostrophes and
            // hyphens between two of them.
            let mut apostrophe = false;
            loop {
                // ASCII letters and digits, read as bytes.
                i = next_alnum_edge(bytes, i, to, false);
                // Any other ASCII byte but an apostrophe or a hyphen ends
                // the word.
                if i >= to || (bytes[i].is_ascii() && !matches!(bytes[i], b'\'' | b'-')) {
                    break;
                }
                let Some((d, dw)) = char_at(text, i, to) else {
                    break;
                };
                if is_word_char(d) {
                    i += dw;
                } else if (is_apostrophe(d) || matches!(d, '-' | '\u{2011}'))
                    && char_at(text, i + dw, to).is_some_and(|(n, _)| is_word_char(n))
                {
                    apostrophe |= is_apostrophe(d);
                    i += dw;
                } else {
                    break;
                }
            }
            let span = Span::new(start, i);
            if apostrophe {
                push_word(text, span, out);
            } else {
                out.push(Token {
                    kind: TokenKind::Word,
                    span,
                    elided: false,
                });
            }
        } else {
            let kind = if is_punct(c) {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            out.push(Token {
                kind,
                span: Span::new(start, i),
                elided: false,
            });
        }
    }
}

/// The character at byte `i` of `text` and its width, if `i < to`.
#[inline]
fn char_at(text: &str, i: usize, to: usize) -> Option<(char, usize)> {
    if i >= to {
        return None;
    }
    match text.as_bytes()[i] {
        b if b.is_ascii() => Some((char::from(b), 1)),
        _ => text[i..].chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// Push a word, splitting elided prefixes (`qu'l'` style chains too).
fn push_word(text: &str, span: Span, out: &mut Vec<Token>) {
    let mut start = span.start;
    loop {
        let rest = &text[start..span.end];
        let Some((ai, ac)) = rest.char_indices().find(|&(_, c)| is_apostrophe(c)) else {
            break;
        };
        let prefix = &rest[..ai];
        let lp = lower(prefix);
        if rest[..ai].contains('-')
            || !ELISIONS.contains(&lp.as_ref())
            || APOSTROPHE_WORDS.contains(&lp.as_ref())
        {
            break;
        }
        let end = start + ai + ac.len_utf8();
        out.push(Token {
            kind: TokenKind::Word,
            span: Span::new(start, end),
            elided: true,
        });
        start = end;
    }
    if start < span.end {
        out.push(Token {
            kind: TokenKind::Word,
            span: Span::new(start, span.end),
            elided: false,
        });
    }
}

fn split_lines(text: &str, tokens: &[Token]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut ti = 0;
    let bytes = text.as_bytes();
    loop {
        let nl = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let raw_end = nl.unwrap_or(text.len());
        let end = if raw_end > start && bytes[raw_end - 1] == b'\r' {
            raw_end - 1
        } else {
            raw_end
        };
        let t0 = ti;
        while ti < tokens.len() && tokens[ti].span.start < raw_end {
            ti += 1;
        }
        lines.push(Line {
            span: Span::new(start, end),
            tokens: t0..ti,
        });
        match nl {
            Some(n) => start = n + 1,
            None => break,
        }
    }
    lines
}

fn split_blocks_and_sentences(
    text: &str,
    tokens: &[Token],
    lines: &[Line],
) -> (Vec<Block>, Vec<Sentence>) {
    let mut blocks = Vec::new();
    let mut sentences = Vec::new();
    let mut li = 0;
    while li < lines.len() {
        if lines[li].tokens.is_empty() {
            li += 1;
            continue;
        }
        let first = li;
        while li < lines.len() && !lines[li].tokens.is_empty() {
            li += 1;
        }
        let block_idx = blocks.len();
        let s0 = sentences.len();
        for (k, line) in lines[first..li].iter().enumerate() {
            split_sentences(
                text,
                tokens,
                line.tokens.clone(),
                block_idx,
                first + k,
                &mut sentences,
            );
        }
        let tokens_range = lines[first].tokens.start..lines[li - 1].tokens.end;
        blocks.push(Block {
            span: Span::new(lines[first].span.start, lines[li - 1].span.end),
            lines: first..li,
            sentences: s0..sentences.len(),
            tokens: tokens_range,
        });
    }
    (blocks, sentences)
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

fn split_sentences(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    block: usize,
    line: usize,
    out: &mut Vec<Sentence>,
) {
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        // Only punctuation ends a sentence: other tokens are passed over
        // without reading their text.
        if tokens[i].kind != TokenKind::Punct {
            i += 1;
            continue;
        }
        let s = tokens[i].text(text);
        if is_terminal(s) && !is_abbreviation_dot(text, tokens, i, range.end) {
            // Swallow the run of terminal punctuation and closing quotes.
            let mut j = i + 1;
            while j < range.end
                && tokens[j].kind == TokenKind::Punct
                && (is_terminal(tokens[j].text(text))
                    || matches!(tokens[j].text(text), "»" | ")" | "\"" | "”"))
            {
                j += 1;
            }
            // An ellipsis followed by a lower-case word goes on.
            let next_lower = j < range.end
                && tokens[j].is_word()
                && tokens[j]
                    .text(text)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            if next_lower && (s == "…" || (s == "." && j - i >= 2)) {
                i = j;
                continue;
            }
            push_sentence(tokens, start..j, block, line, out);
            start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    if start < range.end {
        push_sentence(tokens, start..range.end, block, line, out);
    }
}

fn is_abbreviation_dot(text: &str, tokens: &[Token], i: usize, end: usize) -> bool {
    if tokens[i].text(text) != "." || i == 0 {
        return false;
    }
    // `fichier.pdf`, `.pdf`, `v2.3`, `c.-à-d.`: a dot glued to what follows
    // is not a sentence end, unless a capital follows (`Merci.Je`, a missing
    // space).
    let next = text[tokens[i].span.end..].chars().next();
    if next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-') {
        return true;
    }
    let prev = tokens[i - 1];
    if !prev.is_word() || prev.span.end != tokens[i].span.start {
        return false;
    }
    let w = lower(prev.text(text));
    if !DOT_ABBREVIATIONS.contains(&w.as_ref()) {
        // Single capital initial (`J. Martin`).
        let mut cs = prev.text(text).chars();
        let single_cap = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
        return single_cap && i + 1 < end && tokens[i + 1].is_word();
    }
    if SOFT_ABBREVIATIONS.contains(&w.as_ref()) {
        // `etc.` ends the sentence unless a lower-case word follows.
        return i + 1 < end
            && tokens[i + 1]
                .text(text)
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c == ',');
    }
    true
}

fn push_sentence(
    tokens: &[Token],
    r: Range<usize>,
    block: usize,
    line: usize,
    out: &mut Vec<Sentence>,
) {
    if r.is_empty() {
        return;
    }
    out.push(Sentence {
        span: Span::new(tokens[r.start].span.start, tokens[r.end - 1].span.end),
        tokens: r,
        block,
        line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        // The edges read eight bytes at a time are those read byte by byte,
        // on bytes of every value (every range edge: `/0 9:`, `@A Z[`,
        // `` `a z{ ``, and the same with the high bit set).
        #[test]
        fn alnum_edges_read_as_bytes_are(
            bytes in proptest::collection::vec(proptest::sample::select(vec![
                b'/', b'0', b'5', b'9', b':', b'@', b'A', b'Z', b'[', b'`', b'a', b'z', b'{', b' ', b'-',
                b'_', 0x7f, 0x80, 0xb0, 0xc1, 0xc3, 0xda, 0xe1, 0xfa, 0xff, 0x00, 0x1f,
            ]), 0..40),
            from in 0usize..40,
            cut in 0usize..8,
        ) {
            let to = bytes.len().saturating_sub(cut);
            let from = from.min(to);
            for alnum in [true, false] {
                let want = (from..to).find(|&i| bytes[i].is_ascii_alphanumeric() == alnum).unwrap_or(to);
                proptest::prop_assert_eq!(next_alnum_edge(&bytes, from, to, alnum), want);
            }
        }
    }

    /// The tokeniser's gap scan as it read every character (before ASCII
    /// bytes were read as bytes): the reference for the fast one.
    fn scan_gap_by_chars(text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
        let mut i = from;
        while let Some((c, w)) = char_at(text, i, to) {
            let start = i;
            i += w;
            if is_whitespace(c) || c == '\u{FE0F}' || c == '\u{200D}' {
                continue;
            }
            if is_word_char(c) {
                // A run of letters and digits, with the apostrophes and
                // hyphens between two of them.
                let mut apostrophe = false;
                let bytes = text.as_bytes();
                loop {
                    // ASCII letters and digits, read as bytes.
                    while i < to && bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                    let Some((d, dw)) = char_at(text, i, to) else {
                        break;
                    };
                    if is_word_char(d) {
                        i += dw;
                    } else if (is_apostrophe(d) || matches!(d, '-' | '\u{2011}'))
                        && char_at(text, i + dw, to).is_some_and(|(n, _)| is_word_char(n))
                    {
                        apostrophe |= is_apostrophe(d);
                        i += dw;
                    } else {
                        break;
                    }
                }
                let span = Span::new(start, i);
                if apostrophe {
                    push_word(text, span, out);
                } else {
                    out.push(Token {
                        kind: TokenKind::Word,
                        span,
                        elided: false,
                    });
                }
            } else {
                let kind = if is_punct(c) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                out.push(Token {
                    kind,
                    span: Span::new(start, i),
                    elided: false,
                });
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn gap_scan_reads_as_the_character_scan(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', '7', ' ', '\n', '\r', '\t', '\u{0B}', '\'', '’', '-', '\u{2011}', '.',
                ',', '!', '?', '«', '»', '(', '%', '€', '@', 'é', 'É', '\u{301}', '\u{A0}',
                '\u{202F}', '\u{FE0F}', '\u{200D}', '🙂', '_', '/', 'l', 'q', 'u',
            ]), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            scan_gap(&text, 0, text.len(), &mut fast);
            scan_gap_by_chars(&text, 0, text.len(), &mut slow);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    fn toks(text: &str) -> Vec<(TokenKind, &str)> {
        Document::parse(text)
            .tokens
            .iter()
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        toks(text)
            .into_iter()
            .filter(|(k, _)| *k == TokenKind::Word)
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn elisions_are_split() {
        assert_eq!(
            words("l’écran qu'en jusqu'à"),
            ["l’", "écran", "qu'", "en", "jusqu'", "à"]
        );
        assert_eq!(
            words("aujourd'hui presqu’île"),
            ["aujourd'hui", "presqu’île"]
        );
        assert_eq!(words("J'ai"), ["J'", "ai"]);
    }

    #[test]
    fn hyphenated_inversions_are_one_word() {
        assert_eq!(words("Pensez-vous a-t-il ?"), ["Pensez-vous", "a-t-il"]);
        let d = Document::parse("a-t-il");
        let parts: Vec<_> = d.tokens[0].parts(d.text).map(|(_, p)| p).collect();
        assert_eq!(parts, ["a", "t", "il"]);
    }

    #[test]
    fn numbers_times_urls_emails() {
        let t = toks("1 200,50 € à 14 h, 14h30 ou 14:30 sur https://exemple.fr/aide. Écrivez à sav@exemple.fr");
        assert!(t.contains(&(TokenKind::Number, "1 200,50")));
        assert!(t.contains(&(TokenKind::Symbol, "€")));
        assert!(t.contains(&(TokenKind::Time, "14 h")));
        assert!(t.contains(&(TokenKind::Time, "14h30")));
        assert!(t.contains(&(TokenKind::Time, "14:30")));
        assert!(t.contains(&(TokenKind::Url, "https://exemple.fr/aide")));
        assert!(t.contains(&(TokenKind::Email, "sav@exemple.fr")));
        let nbsp = toks("1\u{202F}200\u{00A0}€");
        assert_eq!(nbsp[0], (TokenKind::Number, "1\u{202F}200"));
    }

    #[test]
    fn codes_stay_words() {
        assert_eq!(
            words("Azerty123 CMD-2024-118"),
            ["Azerty123", "CMD-2024-118"]
        );
    }

    #[test]
    fn emoji_and_emoticons() {
        let t = toks("Merci 👍🏽 👩‍💻 🇫🇷 :) ;-) xD <3 ^^");
        let kinds: Vec<_> = t.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Word,
                TokenKind::Emoji,
                TokenKind::Emoji,
                TokenKind::Emoji,
                TokenKind::Emoticon,
                TokenKind::Emoticon,
                TokenKind::Emoticon,
                TokenKind::Emoticon,
                TokenKind::Emoticon
            ]
        );
        // A colon after a word is punctuation, not a smiley.
        assert!(toks("Voici :Deux")
            .iter()
            .all(|(k, _)| *k != TokenKind::Emoticon));
        assert!(toks("Ex:Dupont 16:9 Tél:0123")
            .iter()
            .all(|(k, _)| *k != TokenKind::Emoticon));
        // …but a smiley glued to the last word is one.
        assert!(toks("Merci:)").contains(&(TokenKind::Emoticon, ":)")));
        assert!(toks("Merci;-) !").contains(&(TokenKind::Emoticon, ";-)")));
    }

    #[test]
    fn sentences_respect_abbreviations_and_lines() {
        let d = Document::parse(
            "Bonjour M. Martin. Je vérifie, etc. et je reviens… vers vous ! Merci\nÀ bientôt",
        );
        let s: Vec<_> = d.sentences.iter().map(|s| s.span.slice(d.text)).collect();
        assert_eq!(
            s,
            [
                "Bonjour M. Martin.",
                "Je vérifie, etc. et je reviens… vers vous !",
                "Merci",
                "À bientôt"
            ]
        );
    }

    #[test]
    fn dots_inside_words_do_not_end_sentences() {
        let d = Document::parse(
            "Le fichier.pdf (format .pdf) en v2.3 est joint, c.-à-d. la facture. Merci.Je reviens.",
        );
        let s: Vec<_> = d.sentences.iter().map(|s| s.span.slice(d.text)).collect();
        assert_eq!(
            s,
            [
                "Le fichier.pdf (format .pdf) en v2.3 est joint, c.-à-d. la facture.",
                "Merci.",
                "Je reviens."
            ]
        );
    }

    #[test]
    fn blocks_split_on_blank_lines_with_crlf() {
        let d = Document::parse("Bonjour.\r\nJe regarde.\r\n\r\n  \r\nVoici.\r\n");
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].span.slice(d.text), "Bonjour.\r\nJe regarde.");
        assert_eq!(d.blocks[1].span.slice(d.text), "Voici.");
        assert_eq!(d.lines[0].span.slice(d.text), "Bonjour.");
    }

    #[test]
    fn normalized_maps_back() {
        let text = "Pas de PROBLÈME\u{00A0}! C’est";
        let d = Document::parse(text);
        let n = d.normalized();
        assert_eq!(n.text, "pas de problème ! c'est");
        let i = n.text.find("problème").unwrap();
        assert_eq!(
            n.original(i, i + "problème".len(), text).slice(text),
            "PROBLÈME"
        );
    }

    /// The byte map the sparse one replaced: the original offset of the
    /// character behind each normalized byte.
    fn dense_map(text: &str) -> Vec<usize> {
        let mut map = Vec::new();
        let mut buf = [0u8; 4];
        for (i, c) in text.char_indices() {
            let one = Document::parse(c.encode_utf8(&mut buf))
                .normalized()
                .text
                .len();
            map.extend(std::iter::repeat(i).take(one));
        }
        map.push(text.len());
        map
    }

    fn dense_original(map: &[usize], start: usize, end: usize, text: &str) -> Span {
        let e = if end >= map.len() - 1 {
            text.len()
        } else if end > 0 && map[end] == map[end - 1] {
            map[end] + text[map[end]..].chars().next().map_or(0, char::len_utf8)
        } else {
            map[end]
        };
        Span::new(map[start], e)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Every span between two character boundaries of the normalized
        /// text maps back where the byte-by-byte map put it.
        #[test]
        fn sparse_map_agrees_with_the_dense_one(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', ' ', '\n', '\t', '\'', '’', '`', 'é', 'É', 'Œ', '\u{A0}', '\u{202F}',
                '\u{2011}', 'İ', 'ẞ', '\u{212A}', '-', '_', '🙂', '1',
            ]), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            let doc = Document::parse(&text);
            let n = doc.normalized();
            let map = dense_map(&text);
            proptest::prop_assert_eq!(map.len(), n.text.len() + 1);
            let bounds: Vec<usize> = (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)).collect();
            for (k, &s) in bounds.iter().enumerate() {
                for &e in &bounds[k..] {
                    proptest::prop_assert_eq!(
                        n.original(s, e, &text),
                        dense_original(&map, s, e, &text),
                        "{:?} {}..{}", text, s, e
                    );
                }
            }
        }
    }

    /// The normalized text is each character normalized on its own, and
    /// its words are the runs of letters and digits not glued to a
    /// preceding `-` or `_` (a character scan of the result).
    fn normalized_as_character_by_character(
        text: &str,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let doc = Document::parse(text);
        let n = doc.normalized();
        let mut buf = [0u8; 4];
        let mut expected = String::new();
        let mut words = Vec::new();
        let mut run: Option<(usize, bool)> = None;
        let mut prev = ' ';
        for c in text.chars() {
            let i = expected.len();
            let piece = Document::parse(c.encode_utf8(&mut buf))
                .normalized()
                .text
                .clone();
            expected.push_str(&piece);
            // A capital counts as what it is, whatever it folds to
            // (`İ` → `i` and a combining dot).
            let f = piece.chars().next().unwrap_or(c);
            let letter = if c.is_uppercase() {
                is_alnum(c)
            } else {
                is_alnum(f)
            };
            match (letter, run) {
                (true, None) => run = Some((i, prev != '-' && prev != '_')),
                (false, Some((s, ok))) => {
                    if ok {
                        words.push((s, i));
                    }
                    run = None;
                }
                _ => {}
            }
            prev = f;
        }
        proptest::prop_assert_eq!(&n.text, &expected);
        if let Some((s, true)) = run {
            words.push((s, expected.len()));
        }
        proptest::prop_assert_eq!(&n.words, &words);
        proptest::prop_assert_eq!(n.hashes.len(), n.words.len());
        for (&(s, e), &h) in n.words.iter().zip(&n.hashes) {
            proptest::prop_assert_eq!(h, word_hash(&n.text[s..e]));
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn normalized_text_and_words_as_character_by_character(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', 'q', ' ', '\n', '\r', '\t', '\'', '’', '`', 'é', 'É', 'Œ', '\u{A0}',
                '\u{2011}', 'İ', '-', '_', '🙂', '1', '.', '\u{202D}', '\u{2E2D}', 'À', '×',
                '÷', 'ß', 'ÿ', 'Þ', '\u{BF}',
            ]), 0..30)
        ) {
            normalized_as_character_by_character(&chars.into_iter().collect::<String>())?;
        }

        /// Long runs of ASCII, read eight bytes at a time: runs of letters
        /// that start and end on either side of an eight-byte boundary.
        #[test]
        fn normalized_words_across_eight_byte_chunks(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'b', 'Z', '9', ' ', '-', '_', '\'', '.', 'é', '’',
            ]), 0..80)
        ) {
            normalized_as_character_by_character(&chars.into_iter().collect::<String>())?;
        }
    }

    /// Each ASCII byte, in each of the eight places and beside any other,
    /// folds as [`fold_char`] and lower case say.
    #[test]
    fn eight_bytes_fold_as_characters_do() {
        let fold = |b: u8| {
            let c = char::from(b);
            fold_char(c).unwrap_or(c.to_ascii_lowercase()) as u8
        };
        for b in 0u8..0x80 {
            for other in [0u8, b'A', b'z', b'\t', b'`', 0x7f] {
                for place in 0..8 {
                    let mut bytes = [other; 8];
                    bytes[place] = b;
                    let folded = fold_ascii8(u64::from_le_bytes(bytes)).to_le_bytes();
                    assert_eq!(
                        folded,
                        bytes.map(fold),
                        "{b:#x} at {place} beside {other:#x}"
                    );
                }
            }
        }
    }

    /// The kind of a special token as first written: each kind's pattern
    /// tried on the whole token, in order.
    fn classify_by_anchored_patterns(s: &str) -> TokenKind {
        let full = |p: &str| {
            regex::Regex::new(&format!("^(?:{p})$"))
                .unwrap()
                .is_match(s)
        };
        if full(URL) {
            TokenKind::Url
        } else if full(EMAIL) {
            TokenKind::Email
        } else if full(EMOJI) {
            TokenKind::Emoji
        } else if full(TIME) {
            TokenKind::Time
        } else if full(EMOTICON) {
            TokenKind::Emoticon
        } else {
            TokenKind::Number
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Every special token's kind, from the pattern that matched it, is
        /// the kind its text has.
        #[test]
        fn special_kinds_are_the_kinds_of_their_text(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                '8', '3', '1', '4', '0', ' ', ':', ')', '(', '/', '.', ',', '-', '_', '\'',
                'x', 'D', 'h', 'w', 'f', 'r', '@', 'a', '<', '^', 'o', ';', '=', '\u{A0}',
                '🙂', '\u{FE0F}', '\u{20E3}', '#',
            ]), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            for m in SPECIAL.find_iter(&text) {
                let s = &text[m.range()];
                proptest::prop_assert_eq!(
                    special_kind(m.pattern().as_usize(), s),
                    classify_by_anchored_patterns(s),
                    "{:?} in {:?}", s, text
                );
            }
        }
    }

    #[test]
    fn eighty_three_is_an_emoticon_and_a_number() {
        assert_eq!(classify_by_anchored_patterns("83"), TokenKind::Emoticon);
        let m = SPECIAL.find("83").unwrap();
        assert_eq!(
            SPECIAL_PATTERNS[m.pattern().as_usize()].1,
            TokenKind::Number
        );
    }

    #[test]
    fn alnum_without_tables_is_alnum() {
        for c in ('\u{0}'..='\u{2FF}').chain('\u{2000}'..='\u{20FF}') {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// Each character of two bytes, and the apostrophes and spaces, is
    /// folded as the character rules say (the bytes of the most frequent
    /// ones are read on a path of their own), and maps back to itself. The
    /// property test above checks the words.
    #[test]
    fn characters_fold_one_by_one() {
        let reference = |c: char| -> String {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' => "'".into(),
                c if is_whitespace(c) => " ".into(),
                '\u{2011}' | '\u{2010}' => "-".into(),
                c if c.is_uppercase() => c.to_lowercase().collect(),
                c => c.to_string(),
            }
        };
        let chars = ('\u{80}'..='\u{7FF}')
            .chain(['\u{2019}', '\u{2018}', '\u{202F}', '\u{2009}', '\u{2011}']);
        for c in chars {
            let text = format!("a{c}b");
            let doc = Document::parse(&text);
            let n = doc.normalized();
            let folded = reference(c);
            assert_eq!(n.text, format!("a{folded}b"), "{c:?}");
            let span = n.original(1, 1 + folded.len(), &text);
            assert_eq!((span.start, span.end), (1, 1 + c.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn case_is_matched() {
        assert_eq!(match_case("Bjr", "bonjour"), "Bonjour");
        assert_eq!(match_case("BJR", "bonjour"), "BONJOUR");
        assert_eq!(match_case("bjr", "bonjour"), "bonjour");
        assert_eq!(fit_case("bjr", "bonjour", true, true), "Bonjour");
        assert_eq!(
            fit_case("CB", "carte bancaire", false, false),
            "carte bancaire"
        );
        assert_eq!(
            fit_case("CB", "carte bancaire", true, false),
            "Carte bancaire"
        );
    }

    #[test]
    fn sentences_start_after_emoji_and_opening_signs() {
        let d = Document::parse("Merci 👍 Slt, « Pas » - Bien :) ok 🙂, slt ; Note : Tu x");
        let starts: Vec<&str> = (0..d.tokens.len())
            .filter(|&i| d.starts_sentence(i))
            .map(|i| d.token_text(i))
            .collect();
        assert_eq!(starts, ["Merci", "Slt", "Pas", "Bien", "ok", "Tu"]);
    }

    #[test]
    fn one_quote_policy() {
        let text = "« Pas de souci » et \"slt\" ; « ouvert\nfin » « bis";
        let d = Document::parse(text);
        let q: Vec<&str> = d.quotes().iter().map(|s| s.slice(text)).collect();
        assert_eq!(q, ["« Pas de souci »", "\"slt\""]);
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            d.in_quotes(Span::new(s, s + w.len()))
        };
        assert!(at("souci") && at("slt"));
        assert!(!at("ouvert") && !at("fin") && !at("bis") && !at("et"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "\n\n",
            "\u{FE0F}",
            "'",
            "-",
            "a'",
            "'a",
            "..",
            "\u{200D}",
            "x\u{0301}",
            "1 2 3",
            "http://",
        ] {
            let _ = Document::parse(t);
        }
    }
}
