//! The embedded morphology tables, read in place (no parsing at start-up:
//! decoding checks the header and cuts the blob into slices).
//!
//! `lexicon/morph/words.fst` maps each form to the id of its *analysis
//! set* and each lemma to the id of its *paradigm*, in one value:
//! `set + (sets + 1) × paradigm`, each counted from 1 (0: none).
//! `lexicon/morph/morph.bin`, all integers little-endian:
//!
//! ```text
//! "TLMORPH2"
//! u32 tag_sets, records, sets, set_items, paradigms, paradigm_items, strings_len
//! tag_sets × u64: the distinct tag sets
//! records × 6 bytes: u16 tag set, u16 offset of the appended string,
//!                    u8 bytes to strip from the end, u8 string length
//! (sets + 1) × u32 item offsets, set_items × u16 record ids
//! (paradigms + 1) × u32 item offsets, paradigm_items × u16 record ids
//! strings_len bytes: the appended strings (UTF-8)
//! u32 hot slots (a power of two); slots × 8 bytes: u32 key offset,
//!     u16 analysis set, u8 key length, u8 1 when used
//! u32 hot key bytes; the keys (UTF-8)
//! ```
//!
//! The *hot table* holds the most frequent forms (those of
//! `lexicon/spelling/common.txt`, most of any text) with their analysis
//! set: a hash look-up (FNV-1a, linear probing) costs a fraction of an fst
//! walk.
//!
//! A record is a tag set and a transform: the records of a set turn the
//! form into its lemma, those of a paradigm turn the lemma into a form.

use fst::Map;

const MAGIC: &[u8; 8] = b"TLMORPH3";
const RECORD: usize = 6;

/// The embedded tables.
pub(crate) struct Data {
    words: Map<&'static [u8]>,
    tag_sets: &'static [u8],
    records: &'static [u8],
    sets: Lists,
    paradigms: Lists,
    strings: &'static str,
    hot_slots: &'static [u8],
    hot_keys: &'static [u8],
}

/// FNV-1a, 64 bits (as the builder computes it).
#[inline]
fn fnv1a(key: &[u8]) -> u64 {
    key.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Variable-length lists of record ids.
struct Lists {
    offsets: &'static [u8],
    items: &'static [u8],
}

/// One record: tags, bytes to strip from the end, string to append.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record {
    pub tags: u64,
    pub strip: u8,
    pub add: &'static str,
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    b.get(i..i + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    b.get(i..i + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn take(b: &mut &'static [u8], n: usize) -> Result<&'static [u8], String> {
    if b.len() < n {
        return Err("morph.bin: truncated".into());
    }
    let (head, tail) = b.split_at(n);
    *b = tail;
    Ok(head)
}

impl Lists {
    fn read(b: &mut &'static [u8], n: usize, items: usize) -> Result<Lists, String> {
        let offsets = take(b, (n + 1) * 4)?;
        let items_bytes = take(b, items * 2)?;
        if u32_at(offsets, n * 4) as usize != items {
            return Err("morph.bin: list offsets do not end at the items' end".into());
        }
        Ok(Lists {
            offsets,
            items: items_bytes,
        })
    }

    fn len(&self) -> usize {
        self.offsets.len() / 4 - 1
    }

    /// The record ids of list `id`, as little-endian u16s.
    fn get(&self, id: usize) -> &'static [u8] {
        let start = u32_at(self.offsets, id * 4) as usize * 2;
        let end = u32_at(self.offsets, id * 4 + 4) as usize * 2;
        self.items.get(start..end).unwrap_or(&[])
    }
}

impl Data {
    pub fn new(words: &'static [u8], bin: &'static [u8]) -> Result<Data, String> {
        let words = Map::new(words).map_err(|e| format!("words.fst: {e}"))?;
        let mut b = bin;
        if take(&mut b, 8)? != MAGIC {
            return Err("morph.bin: bad magic".into());
        }
        let head = take(&mut b, 28)?;
        let n = |i: usize| u32_at(head, i * 4) as usize;
        let tag_sets = take(&mut b, n(0) * 8)?;
        let records = take(&mut b, n(1) * RECORD)?;
        let sets = Lists::read(&mut b, n(2), n(3))?;
        let paradigms = Lists::read(&mut b, n(4), n(5))?;
        let strings = std::str::from_utf8(take(&mut b, n(6))?)
            .map_err(|e| format!("morph.bin: strings: {e}"))?;
        let slots = u32_at(take(&mut b, 4)?, 0) as usize;
        if !slots.is_power_of_two() {
            return Err("morph.bin: hot slots not a power of two".into());
        }
        let hot_slots = take(&mut b, slots * 8)?;
        let key_bytes = u32_at(take(&mut b, 4)?, 0) as usize;
        let hot_keys = take(&mut b, key_bytes)?;
        if !b.is_empty() {
            return Err("morph.bin: trailing bytes".into());
        }
        Ok(Data {
            words,
            tag_sets,
            records,
            sets,
            paradigms,
            strings,
            hot_slots,
            hot_keys,
        })
    }

    /// The analysis set of a frequent form, from the hot table.
    #[inline]
    fn hot(&self, form: &str) -> Option<&'static [u8]> {
        let mask = self.hot_slots.len() / 8 - 1;
        let mut at = fnv1a(form.as_bytes()) as usize & mask;
        loop {
            let slot = self.hot_slots.get(at * 8..at * 8 + 8)?;
            if slot[7] == 0 {
                return None;
            }
            let off = u32_at(slot, 0) as usize;
            if usize::from(slot[6]) == form.len()
                && self.hot_keys.get(off..off + form.len()) == Some(form.as_bytes())
            {
                return Some(self.sets.get(usize::from(u16_at(slot, 4))));
            }
            at = (at + 1) & mask;
        }
    }

    /// The (analysis set, paradigm) ids of a word: a form, a lemma or both.
    fn lookup(&self, word: &str) -> (Option<usize>, Option<usize>) {
        let Some(v) = self.words.get(word) else {
            return (None, None);
        };
        let base = self.sets.len() as u64 + 1;
        let id = |code: u64| usize::try_from(code).ok()?.checked_sub(1);
        (id(v % base), id(v / base))
    }

    /// The record ids of the analysis set of `form`, if it is a form.
    pub fn form(&self, form: &str) -> Option<&'static [u8]> {
        if let Some(set) = self.hot(form) {
            return Some(set);
        }
        self.lookup(form).0.map(|id| self.sets.get(id))
    }

    /// The record ids of the paradigm of `lemma`, if it is a lemma.
    pub fn lemma(&self, lemma: &str) -> Option<&'static [u8]> {
        self.lookup(lemma).1.map(|id| self.paradigms.get(id))
    }

    /// The tags of record `id` (a little-endian u16 as lists hold them).
    #[inline]
    pub fn record_tags(&self, id: [u8; 2]) -> u64 {
        let at = usize::from(u16::from_le_bytes(id)) * RECORD;
        let t = self
            .records
            .get(at..at + 2)
            .map_or(usize::MAX, |r| usize::from(u16_at(r, 0)));
        self.tag_sets
            .get(t.saturating_mul(8)..t.saturating_mul(8) + 8)
            .map_or(0, |b| {
                u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
            })
    }

    /// Record `id` (a little-endian u16 as lists hold them).
    pub fn record(&self, id: [u8; 2]) -> Record {
        let at = usize::from(u16::from_le_bytes(id)) * RECORD;
        let Some(r) = self.records.get(at..at + RECORD) else {
            return Record {
                tags: 0,
                strip: 0,
                add: "",
            };
        };
        let t = usize::from(u16_at(r, 0)) * 8;
        let tags = self.tag_sets.get(t..t + 8).map_or(0, |b| {
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        });
        let off = usize::from(u16_at(r, 2));
        let len = usize::from(r[5]);
        Record {
            tags,
            strip: r[4],
            add: self.strings.get(off..off + len).unwrap_or(""),
        }
    }

    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    pub fn tag_set_count(&self) -> usize {
        self.tag_sets.len() / 8
    }

    pub fn record_count(&self) -> usize {
        self.records.len() / RECORD
    }

    pub fn set_count(&self) -> usize {
        self.sets.len()
    }

    pub fn paradigm_count(&self) -> usize {
        self.paradigms.len()
    }

    /// Checks every reference of the tables (for the tests): ids in range,
    /// strings on character boundaries, fst values in range.
    #[cfg(test)]
    pub fn validate(&self) -> Result<(), String> {
        let n = self.record_count();
        for lists in [&self.sets, &self.paradigms] {
            for i in 0..lists.len() {
                if u32_at(lists.offsets, i * 4) > u32_at(lists.offsets, i * 4 + 4) {
                    return Err(format!("list {i}: offsets decrease"));
                }
            }
            for c in lists.items.chunks_exact(2) {
                if usize::from(u16_at(c, 0)) >= n {
                    return Err("record id out of range".into());
                }
            }
        }
        for i in 0..n {
            let r = &self.records[i * RECORD..(i + 1) * RECORD];
            if usize::from(u16_at(r, 0)) >= self.tag_set_count() {
                return Err(format!("record {i}: tag set out of range"));
            }
            let off = usize::from(u16_at(r, 2));
            if self.strings.get(off..off + usize::from(r[5])).is_none() {
                return Err(format!("record {i}: string out of range"));
            }
        }
        for slot in self.hot_slots.chunks_exact(8) {
            let (off, len) = (u32_at(slot, 0) as usize, usize::from(slot[6]));
            if slot[7] == 1 {
                let key = self
                    .hot_keys
                    .get(off..off + len)
                    .ok_or("hot key out of range")?;
                let key = std::str::from_utf8(key).map_err(|e| e.to_string())?;
                let set = self.sets.get(usize::from(u16_at(slot, 4)));
                if self.lookup(key).0.map(|id| self.sets.get(id)) != Some(set) {
                    return Err(format!("hot {key}: not its fst analysis set"));
                }
            }
        }
        if self.hot_slots.chunks_exact(8).all(|s| s[7] == 1) {
            return Err("hot table full".into());
        }
        use fst::Streamer;
        let base = self.sets.len() as u64 + 1;
        let mut s = self.words.stream();
        while let Some((k, v)) = s.next() {
            if v == 0 || v / base > self.paradigms.len() as u64 {
                return Err(format!("{} → {v} out of range", String::from_utf8_lossy(k)));
            }
        }
        Ok(())
    }
}
