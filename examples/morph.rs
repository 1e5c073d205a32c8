//! Prints every analysis of the words given: lemma and tags, as the grammar
//! rules see them; `--inflect LEMMA TAG…` prints the forms of a lemma.
//!
//! usage: cargo run --example morph -- rappelé est vous
//!        cargo run --example morph -- --inflect envoyer ppas fem pl

use tchatlint::morph::{analyze, inflect, split_inversion, stats, Tags};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        let s = stats();
        eprintln!("usage: morph WORD… | morph --inflect LEMMA TAG…");
        eprintln!(
            "{} words, {} analysis sets, {} paradigms, {} records, {} tag sets, {} bytes",
            s.words, s.analysis_sets, s.paradigms, s.records, s.tag_sets, s.bytes
        );
        std::process::exit(2);
    }
    if args[0] == "--inflect" && args.len() >= 2 {
        let mut want = Tags::NONE;
        for name in &args[2..] {
            match Tags::from_name(name) {
                Some(t) => want |= t,
                None => {
                    eprintln!("unknown tag {name}");
                    std::process::exit(2);
                }
            }
        }
        println!("{}", inflect(&args[1], want, Tags::NONE).join(" "));
        return;
    }
    for word in &args {
        // « pouvez-vous »: the verb, then each pronoun.
        let parts: Vec<&str> = match split_inversion(word) {
            Some((verb, pronouns)) => std::iter::once(verb).chain(pronouns.split('-')).collect(),
            None => vec![word.as_str()],
        };
        for part in parts {
            let analyses = analyze(part);
            if analyses.is_empty() {
                println!("{part}\t(inconnu)");
            }
            for a in analyses {
                println!("{part}\t{}\t{}", a.lemma(part), a.tags);
            }
        }
    }
}
