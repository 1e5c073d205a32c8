//! Builds the embedded spelling dictionary (an `fst::Map`) from the word
//! forms that `scripts/expand-hunspell.py` prints. Run by
//! `scripts/build-dictionary.sh`; not needed at run time.
//!
//! usage: cargo run --release --example build_dictionary -- FORMS.tsv OUT.fst OUT-REV.fst
//!
//! OUT-REV.fst is an fst set of the same forms written backwards (by
//! characters), for suggestion searches anchored on the end of a word.
//!
//! Input lines: `form<TAB>zipf*10<TAB>flags`, sorted by bytes. The value of
//! each key packs the frequency (bits 0–7) and flags (bit 8: never suggest);
//! see `tchatlint::spell`.

use std::io::{BufRead, BufReader, BufWriter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        return Err("usage: build_dictionary FORMS.tsv OUT.fst OUT-REV.fst".into());
    }
    let input = BufReader::new(std::fs::File::open(&args[1])?);
    let out = BufWriter::new(std::fs::File::create(&args[2])?);
    let mut builder = fst::MapBuilder::new(out)?;
    let mut n = 0u64;
    let mut last = String::new();
    let mut reversed: Vec<String> = Vec::new();
    for line in input.lines() {
        let line = line?;
        let mut cols = line.split('\t');
        let word = cols.next().unwrap_or_default();
        if word.is_empty() || word == last {
            continue;
        }
        let zipf: u64 = cols.next().unwrap_or("0").parse().unwrap_or(0);
        let flags = cols.next().unwrap_or("");
        let mut value = zipf.min(255);
        if flags.contains('n') {
            value |= 1 << 8;
        }
        builder.insert(word, value)?;
        reversed.push(word.chars().rev().collect());
        last = word.to_string();
        n += 1;
    }
    builder.finish()?;
    reversed.sort();
    reversed.dedup();
    let out = BufWriter::new(std::fs::File::create(&args[3])?);
    let mut builder = fst::SetBuilder::new(out)?;
    for k in &reversed {
        builder.insert(k)?;
    }
    builder.finish()?;
    eprintln!("{n} forms written to {} and {}", args[2], args[3]);
    Ok(())
}
