//! Builds the embedded morphology (lexicon/morph/) from the analyses that
//! `scripts/expand-hunspell.py --morph` prints. Run by
//! `scripts/build-morphology.sh`; not needed at run time.
//!
//! usage: cargo run --example build_morphology -- MORPH.tsv FREQUENT.txt OUT-DIR
//!
//! FREQUENT.txt lists the most frequent forms (one a line, `#` comments:
//! lexicon/spelling/common.txt), put in a hash table beside the fst.
//!
//! Input lines: `form<TAB>zipf*10<TAB>lemma<TAB>fields`, sorted by form bytes.
//! Output (layout in `src/morph/data.rs`): `words.fst` (form → analysis
//! set, lemma → paradigm), `morph.bin` (the tables).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, BufWriter, Write};

use tchatlint::morph::Tags;

/// An analysis of the tables: tags and a transform (strip `strip` bytes from
/// the end, append `add`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Record {
    tags: u64,
    strip: u8,
    add: String,
}

#[derive(Default)]
struct Tables {
    records: Vec<Record>,
    index: HashMap<Record, u32>,
}

impl Tables {
    fn record(&mut self, r: Record) -> u32 {
        if let Some(&i) = self.index.get(&r) {
            return i;
        }
        let i = self.records.len() as u32;
        self.records.push(r.clone());
        self.index.insert(r, i);
        i
    }
}

/// The transform that turns `from` into `to`: strip what follows their
/// common prefix (whole characters), append the rest of `to`.
fn transform(from: &str, to: &str) -> Result<(u8, String), String> {
    let mut common = 0;
    for ((i, a), b) in from.char_indices().zip(to.chars()) {
        if a != b {
            break;
        }
        common = i + a.len_utf8();
    }
    let strip = u8::try_from(from.len() - common).map_err(|_| format!("{from} → {to}"))?;
    let add = &to[common..];
    if add.len() > 255 {
        return Err(format!("{from} → {to}"));
    }
    Ok((strip, add.to_string()))
}

/// Numbers distinct lists, the most used first (small fst outputs).
fn number_by_use(uses: Vec<Vec<u32>>) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut count: HashMap<&Vec<u32>, (usize, usize)> = HashMap::new();
    for (i, l) in uses.iter().enumerate() {
        count.entry(l).or_insert((0, i)).0 += 1;
    }
    let mut distinct: Vec<(&Vec<u32>, (usize, usize))> = count.into_iter().collect();
    // Most used first; ties by first use, for a reproducible build.
    distinct.sort_by_key(|(_, (n, first))| (std::cmp::Reverse(*n), *first));
    let id: HashMap<&Vec<u32>, u32> = distinct
        .iter()
        .enumerate()
        .map(|(i, (l, _))| (*l, i as u32))
        .collect();
    let ids = uses.iter().map(|l| id[l]).collect();
    let lists = distinct.into_iter().map(|(l, _)| l.clone()).collect();
    (ids, lists)
}

/// Offsets (u32, one more than lists), then the record ids (u16).
fn write_lists(out: &mut Vec<u8>, lists: &[Vec<u32>]) -> Result<(), Box<dyn std::error::Error>> {
    let mut at = 0u32;
    out.extend_from_slice(&at.to_le_bytes());
    for l in lists {
        at += l.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    for l in lists {
        for &r in l {
            out.extend_from_slice(&u16::try_from(r)?.to_le_bytes());
        }
    }
    Ok(())
}

/// FNV-1a, 64 bits: the hash of the hot table (`src/morph/data.rs`).
fn fnv1a(key: &[u8]) -> u64 {
    key.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The hot table: u32 slots (a power of two), slots × 8 bytes (u32 key
/// offset, u16 analysis set, u8 key length, u8 1 when used), u32 key
/// bytes, the keys; open addressing with linear probing, at most half full.
fn hot_table(
    list: &str,
    forms: &[String],
    set_ids: &[u32],
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut entries = Vec::new();
    for w in list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Ok(i) = forms.binary_search_by(|f| f.as_bytes().cmp(w.as_bytes())) {
            entries.push((w, u16::try_from(set_ids[i])?));
        }
    }
    let slots = (entries.len() * 2).next_power_of_two().max(8);
    let mut table = vec![[0u8; 8]; slots];
    let mut keys = Vec::new();
    for (w, set) in entries {
        let mut at = fnv1a(w.as_bytes()) as usize & (slots - 1);
        while table[at][7] != 0 {
            at = (at + 1) & (slots - 1);
        }
        let mut slot = [0u8; 8];
        slot[..4].copy_from_slice(&u32::try_from(keys.len())?.to_le_bytes());
        slot[4..6].copy_from_slice(&set.to_le_bytes());
        slot[6] = u8::try_from(w.len())?;
        slot[7] = 1;
        table[at] = slot;
        keys.extend_from_slice(w.as_bytes());
    }
    let mut out = Vec::new();
    out.extend_from_slice(&u32::try_from(slots)?.to_le_bytes());
    for slot in &table {
        out.extend_from_slice(slot);
    }
    out.extend_from_slice(&u32::try_from(keys.len())?.to_le_bytes());
    out.extend_from_slice(&keys);
    Ok(out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        return Err("usage: build_morphology MORPH.tsv FREQUENT.txt OUT-DIR".into());
    }
    let out_dir = std::path::Path::new(&args[3]);
    let input = BufReader::new(std::fs::File::open(&args[1])?);
    let mut tables = Tables::default();
    let mut forms: Vec<String> = Vec::new();
    let mut form_sets: Vec<Vec<u32>> = Vec::new();
    let mut paradigms: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut analyses = 0usize;
    for line in input.lines() {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        let [form, _zipf, lemma, fields] = cols[..] else {
            return Err(format!("bad line: {line}").into());
        };
        let tags = Tags::from_fields(fields).map_err(|f| format!("{form}: unmapped field {f}"))?;
        let (strip, add) = transform(form, lemma)?;
        let to_lemma = tables.record(Record {
            tags: tags.0,
            strip,
            add,
        });
        let (strip, add) = transform(lemma, form)?;
        let to_form = tables.record(Record {
            tags: tags.0,
            strip,
            add,
        });
        paradigms
            .entry(lemma.to_string())
            .or_default()
            .insert(to_form);
        if forms.last().map(String::as_str) != Some(form) {
            if let Some(last) = forms.last() {
                if last.as_bytes() >= form.as_bytes() {
                    return Err(format!("not sorted: {last} before {form}").into());
                }
            }
            forms.push(form.to_string());
            form_sets.push(Vec::new());
        }
        let set = form_sets.last_mut().ok_or("no form")?;
        if !set.contains(&to_lemma) {
            set.push(to_lemma);
        }
        analyses += 1;
    }
    for s in &mut form_sets {
        s.sort_unstable();
    }
    let (set_ids, sets) = number_by_use(form_sets);
    let lemmas: Vec<&String> = paradigms.keys().collect();
    let (par_ids, pars) = number_by_use(
        paradigms
            .values()
            .map(|s| s.iter().copied().collect())
            .collect(),
    );

    // One fst for both: form → analysis set, lemma → paradigm (most lemmas
    // are forms too). value = set + (sets + 1) × paradigm, each counted
    // from 1 (0: none).
    let base = sets.len() as u64 + 1;
    let mut keys: BTreeMap<&str, u64> = BTreeMap::new();
    for (f, id) in forms.iter().zip(&set_ids) {
        keys.insert(f, u64::from(*id) + 1);
    }
    for (l, id) in lemmas.iter().zip(&par_ids) {
        *keys.entry(l).or_insert(0) += base * (u64::from(*id) + 1);
    }
    let mut b = fst::MapBuilder::new(BufWriter::new(std::fs::File::create(
        out_dir.join("words.fst"),
    )?))?;
    for (k, v) in &keys {
        b.insert(k, *v)?;
    }
    b.finish()?;

    // The distinct tag sets, the most used first.
    let (tag_ids, tag_sets) = number_by_use(
        tables
            .records
            .iter()
            .map(|r| vec![r.tags as u32, (r.tags >> 32) as u32])
            .collect(),
    );
    // The strings each transform appends, deduplicated.
    let mut strings: Vec<u8> = Vec::new();
    let mut string_at: HashMap<&str, u16> = HashMap::new();
    let mut records = Vec::with_capacity(tables.records.len() * 6);
    for (r, tag_id) in tables.records.iter().zip(&tag_ids) {
        let at = match string_at.get(r.add.as_str()) {
            Some(&at) => at,
            None => {
                let at = u16::try_from(strings.len())?;
                strings.extend_from_slice(r.add.as_bytes());
                string_at.insert(&r.add, at);
                at
            }
        };
        records.extend_from_slice(&u16::try_from(*tag_id)?.to_le_bytes());
        records.extend_from_slice(&at.to_le_bytes());
        records.push(r.strip);
        records.push(r.add.len() as u8);
    }
    let mut bin = Vec::new();
    bin.extend_from_slice(b"TLMORPH3");
    let set_items: usize = sets.iter().map(Vec::len).sum();
    let par_items: usize = pars.iter().map(Vec::len).sum();
    for n in [
        tag_sets.len(),
        tables.records.len(),
        sets.len(),
        set_items,
        pars.len(),
        par_items,
        strings.len(),
    ] {
        bin.extend_from_slice(&u32::try_from(n)?.to_le_bytes());
    }
    for t in &tag_sets {
        bin.extend_from_slice(&(u64::from(t[0]) | u64::from(t[1]) << 32).to_le_bytes());
    }
    bin.extend_from_slice(&records);
    write_lists(&mut bin, &sets)?;
    write_lists(&mut bin, &pars)?;
    bin.extend_from_slice(&strings);
    let hot = hot_table(&std::fs::read_to_string(&args[2])?, &forms, &set_ids)?;
    bin.extend_from_slice(&hot);
    let mut f = BufWriter::new(std::fs::File::create(out_dir.join("morph.bin"))?);
    f.write_all(&bin)?;
    f.flush()?;
    eprintln!(
        "{} forms, {analyses} analyses, {} lemmas, {} keys; {} tag sets, {} records, {} analysis sets, {} paradigms, {} bytes of strings",
        forms.len(),
        lemmas.len(),
        keys.len(),
        tag_sets.len(),
        tables.records.len(),
        sets.len(),
        pars.len(),
        strings.len()
    );
    Ok(())
}
