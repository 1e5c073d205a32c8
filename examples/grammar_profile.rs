//! Runs the grammar rules alone over a text file, paragraph by paragraph:
//! the engine without the rest of the check, for profiling
//! (`valgrind --tool=callgrind target/release/examples/grammar_profile FILE`).

use tchatlint::grammar::{Families, Grammar};
use tchatlint::text::Document;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: grammar_profile FILE");
        return std::process::ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let g = Grammar::embedded();
    let findings: usize = text
        .split("\n\n")
        .map(|para| {
            g.check(&Document::parse(para), Families::ALL, &|_| false)
                .len()
        })
        .sum();
    println!("{findings} findings");
    std::process::ExitCode::SUCCESS
}
