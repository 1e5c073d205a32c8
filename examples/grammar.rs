//! Shows how the grammar engine reads a sentence: every word with its
//! readings after tagging, then the findings.
//! `cargo run --example grammar -- "Je vais vous rappelé demain."`

use tchatlint::grammar::{Families, Grammar};
use tchatlint::text::Document;

fn main() {
    let g = Grammar::embedded();
    for text in std::env::args().skip(1) {
        let doc = Document::parse(&text);
        for s in g.tag(&doc, &|_| false) {
            for w in &s.words {
                let readings: Vec<String> = w.readings.iter().map(|r| r.to_string()).collect();
                println!(
                    "{:<14} {:?} {:?} | {}",
                    w.text,
                    w.kind,
                    w.feats,
                    readings.join(" / ")
                );
            }
        }
        for f in g.check(&doc, Families::ALL, &|_| false) {
            println!(
                "=> {} [{}] « {} » {} {:?}",
                f.family.id(),
                g.rule(f.rule).name,
                &text[f.span.range()],
                f.message,
                f.suggestions
            );
        }
        println!();
    }
}
