//! The embedded morphology tables, read in place (no parsing at start-up:
//! decoding checks the header and cuts the blob into slices).
//!
//! `lexicon/morph/forms.fst` maps each form to the id of its *analysis set*,
//! `lexicon/morph/lemmas.fst` each lemma to the id of its *paradigm*.
//! `lexicon/morph/morph.bin`, all integers little-endian:
//!
//! ```text
//! "TLMORPH1"
//! u32 records, sets, set_items, paradigms, paradigm_items, strings_len
//! records × 16 bytes: u64 tags, u32 offset of the appended string,
//!                     u8 bytes to strip from the end, u8 string length, 2 × 0
//! (sets + 1) × u32 item offsets, set_items × u32 record ids
//! (paradigms + 1) × u32 item offsets, paradigm_items × u32 record ids
//! strings_len bytes: the appended strings (UTF-8)
//! ```
//!
//! A record is a tag set and a transform: the records of a set turn the
//! form into its lemma, those of a paradigm turn the lemma into a form.

use fst::Map;

const MAGIC: &[u8; 8] = b"TLMORPH1";
const RECORD: usize = 16;

/// The embedded tables.
pub(crate) struct Data {
    pub forms: Map<&'static [u8]>,
    pub lemmas: Map<&'static [u8]>,
    records: &'static [u8],
    sets: Lists,
    paradigms: Lists,
    strings: &'static str,
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
        let items_bytes = take(b, items * 4)?;
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

    /// The record ids of list `id`, as little-endian u32s.
    fn get(&self, id: usize) -> &'static [u8] {
        let start = u32_at(self.offsets, id * 4) as usize * 4;
        let end = u32_at(self.offsets, id * 4 + 4) as usize * 4;
        self.items.get(start..end).unwrap_or(&[])
    }
}

impl Data {
    pub fn new(
        forms: &'static [u8],
        lemmas: &'static [u8],
        bin: &'static [u8],
    ) -> Result<Data, String> {
        let forms = Map::new(forms).map_err(|e| format!("forms.fst: {e}"))?;
        let lemmas = Map::new(lemmas).map_err(|e| format!("lemmas.fst: {e}"))?;
        let mut b = bin;
        if take(&mut b, 8)? != MAGIC {
            return Err("morph.bin: bad magic".into());
        }
        let head = take(&mut b, 24)?;
        let n = |i: usize| u32_at(head, i * 4) as usize;
        let records = take(&mut b, n(0) * RECORD)?;
        let sets = Lists::read(&mut b, n(1), n(2))?;
        let paradigms = Lists::read(&mut b, n(3), n(4))?;
        let strings = std::str::from_utf8(take(&mut b, n(5))?)
            .map_err(|e| format!("morph.bin: strings: {e}"))?;
        if !b.is_empty() {
            return Err("morph.bin: trailing bytes".into());
        }
        Ok(Data {
            forms,
            lemmas,
            records,
            sets,
            paradigms,
            strings,
        })
    }

    pub fn record(&self, id: u32) -> Record {
        let at = id as usize * RECORD;
        let Some(r) = self.records.get(at..at + RECORD) else {
            return Record {
                tags: 0,
                strip: 0,
                add: "",
            };
        };
        let mut tags = [0; 8];
        tags.copy_from_slice(&r[..8]);
        let off = u32_at(r, 8) as usize;
        let len = usize::from(r[13]);
        Record {
            tags: u64::from_le_bytes(tags),
            strip: r[12],
            add: self.strings.get(off..off + len).unwrap_or(""),
        }
    }

    /// The record ids of analysis set `id`.
    pub fn set(&self, id: u64) -> &'static [u8] {
        usize::try_from(id).map_or(&[], |i| self.sets.get(i))
    }

    /// The record ids of paradigm `id`.
    pub fn paradigm(&self, id: u64) -> &'static [u8] {
        usize::try_from(id).map_or(&[], |i| self.paradigms.get(i))
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
        let n = self.record_count() as u32;
        for lists in [&self.sets, &self.paradigms] {
            for i in 0..lists.len() {
                if u32_at(lists.offsets, i * 4) > u32_at(lists.offsets, i * 4 + 4) {
                    return Err(format!("list {i}: offsets decrease"));
                }
            }
            for c in lists.items.chunks_exact(4) {
                if u32_at(c, 0) >= n {
                    return Err("record id out of range".into());
                }
            }
        }
        for i in 0..n as usize {
            let r = &self.records[i * RECORD..(i + 1) * RECORD];
            let off = u32_at(r, 8) as usize;
            if self.strings.get(off..off + usize::from(r[13])).is_none() {
                return Err(format!("record {i}: string out of range"));
            }
        }
        use fst::Streamer;
        for (map, count, what) in [
            (&self.forms, self.set_count(), "forms"),
            (&self.lemmas, self.paradigm_count(), "lemmas"),
        ] {
            let mut s = map.stream();
            while let Some((k, v)) = s.next() {
                if v as usize >= count {
                    return Err(format!(
                        "{what}: {} → {v} out of range",
                        String::from_utf8_lossy(k)
                    ));
                }
            }
        }
        Ok(())
    }
}
