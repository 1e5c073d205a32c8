//! Flattens the embedded dictionary's fsts (lexicon/spelling/) into the
//! layout the fuzzy walk reads in place (src/spell/flat.rs), once, at
//! compile time: the binary starts with both forms and builds nothing.

use std::path::PathBuf;

#[path = "src/spell/flat.rs"]
mod flat;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/spell/flat.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (source, target, outputs) in [
        ("lexicon/spelling/fr.fst", "fr.trie", true),
        ("lexicon/spelling/fr-rev.fst", "fr-rev.trie", false),
    ] {
        println!("cargo:rerun-if-changed={source}");
        let bytes = std::fs::read(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let fst = fst::raw::Fst::new(bytes).unwrap_or_else(|e| panic!("{source}: {e}"));
        let flat = flat::flatten(&fst, outputs).unwrap_or_else(|e| panic!("{source}: {e}"));
        std::fs::write(out_dir.join(target), flat).unwrap_or_else(|e| panic!("{target}: {e}"));
    }
}
