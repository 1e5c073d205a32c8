//! French morphology: every form of the embedded dictionary with its
//! analyses (lemma, part of speech, gender and number; for verbs mood,
//! tense and person; for pronouns subject or object), and the inverse:
//! every form of a lemma with given tags.
//!
//! Built by `scripts/build-morphology.sh` from the `po:`/`is:`/`st:` fields
//! of the Dicollecte dictionary (`hunspell -d fr -m` shows the same
//! analyses); see `lexicon/morph/README.md` for the tag mapping. The tables
//! are read in place (layout in `src/morph/data.rs`): nothing is parsed
//! at start-up.
//!
//! ```
//! use tchatlint::morph::{analyze, inflect, Tags};
//!
//! let a = analyze("rappelé").iter().find(|a| a.tags.contains(Tags::PPAS)).unwrap();
//! assert_eq!(a.lemma("rappelé"), "rappeler");
//! assert_eq!(inflect("rappeler", Tags::INFI, Tags::NONE), ["rappeler"]);
//! ```

mod data;
mod tags;

use std::sync::LazyLock;

pub use tags::{Tags, NAMES};

use data::Data;

static WORDS: &[u8] = include_bytes!("../../lexicon/morph/words.fst");
static TABLES: &[u8] = include_bytes!("../../lexicon/morph/morph.bin");

/// The embedded tables; a unit test decodes and checks them, so invalid
/// data cannot ship.
static DATA: LazyLock<Data> =
    LazyLock::new(|| Data::new(WORDS, TABLES).expect("the embedded morphology decodes (tested)"));

/// How a word was changed before it was found: its analyses' lemmas are
/// made from the changed form.
const LOWERED: u8 = 1;

/// One analysis of a form: its tags, and how to make its lemma.
#[derive(Clone, Copy, Debug)]
pub struct Analysis {
    pub tags: Tags,
    /// The record (as the tables store its id), read again for the lemma.
    record: [u8; 2],
    norm: u8,
}

impl Analysis {
    /// The lemma, given the form that was analysed (the word passed to
    /// [`analyze`]). Apostrophes are straight (’ → '), as in the dictionary;
    /// a word found lower-cased has a lower-case lemma.
    pub fn lemma(&self, form: &str) -> String {
        let r = DATA.record(self.record);
        let key = Key::new(form, self.norm & LOWERED != 0);
        let s = key.as_str();
        let cut = s.len().saturating_sub(usize::from(r.strip));
        let base = s.get(..cut).unwrap_or(s);
        let mut out = String::with_capacity(base.len() + r.add.len());
        out.push_str(base);
        out.push_str(r.add);
        out
    }
}

/// The analyses of a word: up to two analysis sets (the form as written,
/// and lower-cased). Iterating allocates nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Analyses {
    sets: [(&'static [u8], u8); 2],
    n: u8,
}

impl Analyses {
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn iter(&self) -> AnalysesIter {
        AnalysesIter {
            analyses: *self,
            part: 0,
            items: &[],
        }
    }

    /// The union of every analysis's tags.
    pub fn tags(&self) -> Tags {
        self.iter().fold(Tags::NONE, |t, a| t | a.tags)
    }

    fn push(&mut self, set: &'static [u8], norm: u8) {
        if usize::from(self.n) < self.sets.len() {
            self.sets[usize::from(self.n)] = (set, norm);
            self.n += 1;
        }
    }
}

impl IntoIterator for Analyses {
    type Item = Analysis;
    type IntoIter = AnalysesIter;
    fn into_iter(self) -> AnalysesIter {
        self.iter()
    }
}

impl IntoIterator for &Analyses {
    type Item = Analysis;
    type IntoIter = AnalysesIter;
    fn into_iter(self) -> AnalysesIter {
        self.iter()
    }
}

/// Iterator over [`Analyses`], reading the tables in place.
#[derive(Clone, Debug)]
pub struct AnalysesIter {
    analyses: Analyses,
    part: u8,
    items: &'static [u8],
}

impl Iterator for AnalysesIter {
    type Item = Analysis;
    fn next(&mut self) -> Option<Analysis> {
        loop {
            if let Some((id, rest)) = self.items.split_first_chunk::<2>() {
                self.items = rest;
                let (_, norm) = self.analyses.sets[usize::from(self.part) - 1];
                return Some(Analysis {
                    tags: Tags(DATA.record_tags(*id)),
                    record: *id,
                    norm,
                });
            }
            if self.part >= self.analyses.n {
                return None;
            }
            let (set, _) = self.analyses.sets[usize::from(self.part)];
            self.items = set;
            self.part += 1;
        }
    }
}

/// A look-up key: the word with typographic apostrophes made straight and,
/// when asked, lower-cased; on the stack when short.
struct Key<'a> {
    word: &'a str,
    buf: [u8; 64],
    len: usize,
    heap: Option<String>,
    changed: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '’' | 'ʼ')
}

impl<'a> Key<'a> {
    fn new(word: &'a str, lower: bool) -> Key<'a> {
        let mut key = Key {
            word,
            buf: [0; 64],
            len: 0,
            heap: None,
            changed: false,
        };
        let needs = |c: char| is_apostrophe(c) || (lower && !c.is_lowercase() && c.is_alphabetic());
        if !word.chars().any(needs) {
            return key;
        }
        key.changed = true;
        let mut out = String::new();
        let mut push = |c: char, key: &mut Key| {
            let mut tmp = [0; 4];
            let s = c.encode_utf8(&mut tmp);
            if key.heap.is_none() && key.len + s.len() <= key.buf.len() {
                key.buf[key.len..key.len + s.len()].copy_from_slice(s.as_bytes());
                key.len += s.len();
            } else {
                if key.heap.is_none() {
                    out.push_str(std::str::from_utf8(&key.buf[..key.len]).unwrap_or(""));
                    key.heap = Some(String::new());
                }
                out.push(c);
            }
        };
        for c in word.chars() {
            if is_apostrophe(c) {
                push('\'', &mut key);
            } else if lower {
                for l in c.to_lowercase() {
                    push(l, &mut key);
                }
            } else {
                push(c, &mut key);
            }
        }
        if key.heap.is_some() {
            key.heap = Some(out);
        }
        key
    }

    fn as_str(&self) -> &str {
        if !self.changed {
            return self.word;
        }
        match &self.heap {
            Some(s) => s,
            // Whole characters were copied in: always valid UTF-8.
            None => std::str::from_utf8(&self.buf[..self.len]).unwrap_or(""),
        }
    }
}

/// All analyses of a form: as written (typographic apostrophes made
/// straight), then — if none, or if the word is capitalised — lower-cased
/// ("Pouvez" → "pouvez"; "Est" → the region and the verb). Empty when
/// unknown.
pub fn analyze(word: &str) -> Analyses {
    let data = &*DATA;
    let mut out = Analyses::default();
    let key = Key::new(word, false);
    let exact = data.form(key.as_str());
    if let Some(set) = exact {
        out.push(set, 0);
    }
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    if exact.is_none() || capitalised {
        let lower = Key::new(word, true);
        if lower.as_str() != key.as_str() {
            if let Some(set) = data.form(lower.as_str()) {
                out.push(set, LOWERED);
            }
        }
    }
    out
}

/// The union of the tags of every analysis of `word` (the tagger's fast
/// path); [`Tags::NONE`] when unknown.
pub fn tags_of(word: &str) -> Tags {
    analyze(word).tags()
}

/// Every form of `lemma` (as [`Analysis::lemma`] returns it) whose tags
/// contain all of `want` and none of `without`, the most frequent first,
/// without duplicates. Empty when the lemma is unknown.
pub fn inflect(lemma: &str, want: Tags, without: Tags) -> Vec<String> {
    let mut out = forms(lemma, want, without);
    if out.len() > 1 {
        let dict = crate::spell::Dictionary::french();
        out.sort_by_key(|f| std::cmp::Reverse(dict.get(f).map_or(0, |i| i.zipf)));
    }
    out
}

/// The forms [`inflect`] gives, in the data's order (no frequency look-up:
/// what a caller needs when it only collects the set, e.g. every form of
/// a lemma for a rule's word list).
pub fn forms(lemma: &str, want: Tags, without: Tags) -> Vec<String> {
    let data = &*DATA;
    let key = Key::new(lemma, false);
    let Some(par) = data.lemma(key.as_str()) else {
        return Vec::new();
    };
    let lemma = key.as_str();
    let mut out: Vec<String> = Vec::new();
    for id in par.chunks_exact(2) {
        let r = data.record([id[0], id[1]]);
        let tags = Tags(r.tags);
        if !tags.contains(want) || tags.intersects(without) {
            continue;
        }
        let cut = lemma.len().saturating_sub(usize::from(r.strip));
        let Some(base) = lemma.get(..cut) else {
            continue;
        };
        let mut form = String::with_capacity(base.len() + r.add.len());
        form.push_str(base);
        form.push_str(r.add);
        if !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// Pronouns that follow a verb with a hyphen (« pouvez-vous », « dites-le-moi »).
const ENCLITICS: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "moi", "toi", "le", "la",
    "les", "lui", "leur", "y", "en", "m'", "t'", "l'",
];

/// A verb and the pronouns hyphenated after it, for a word the dictionary
/// does not know as a whole: « Pouvez-vous » → (« Pouvez », « vous »),
/// « a-t-il » → (« a », « il »), « dites-le-moi » → (« dites », « le-moi »).
/// `None` when the word is a form itself (« peut-être », « rendez-vous »)
/// or is not a verb with pronouns after it.
pub fn split_inversion(word: &str) -> Option<(&str, &str)> {
    if !word.contains(['-', '\u{2011}']) || !analyze(word).is_empty() {
        return None;
    }
    let (head, rest) = word.split_once(['-', '\u{2011}'])?;
    // The euphonic t of « a-t-il », « va-t-on ».
    let rest = rest
        .strip_prefix("t-")
        .or_else(|| rest.strip_prefix("t\u{2011}"))
        .unwrap_or(rest);
    let all_pronouns = rest.split(['-', '\u{2011}']).all(|p| {
        let p = Key::new(p, true);
        ENCLITICS.contains(&p.as_str())
    });
    (all_pronouns && !rest.is_empty() && tags_of(head).contains(Tags::VERB)).then_some((head, rest))
}

/// Figures of the embedded tables.
pub fn stats() -> Stats {
    let d = &*DATA;
    Stats {
        words: d.word_count(),
        tag_sets: d.tag_set_count(),
        records: d.record_count(),
        analysis_sets: d.set_count(),
        paradigms: d.paradigm_count(),
        bytes: WORDS.len() + TABLES.len(),
    }
}

/// See [`stats`].
#[derive(Clone, Copy, Debug)]
pub struct Stats {
    /// Keys of the fst: forms and lemmas.
    pub words: usize,
    /// Distinct tag sets.
    pub tag_sets: usize,
    /// Distinct (tags, transform) records.
    pub records: usize,
    /// Distinct analysis sets (a form's analyses).
    pub analysis_sets: usize,
    /// Distinct paradigms (a lemma's forms).
    pub paradigms: usize,
    /// Bytes of embedded data.
    pub bytes: usize,
}

#[cfg(test)]
mod tests;
