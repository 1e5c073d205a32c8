//! The `spelling` rule measured on a labelled set (tests/data/spelling/):
//! clean French sentences (no finding expected) and real misspellings with
//! their corrections. Prints recall, false alarms per 1,000 words and how
//! often the first suggestion is the right one, and holds the targets:
//! recall ≥ 95 %, first suggestion right ≥ 80 %, false alarms ≤ 1 per 1,000
//! words.
//!
//! `cargo test --test spelling -- --nocapture` shows the figures and every
//! miss.

use std::path::Path;
use std::time::Instant;
use tchatlint::text::{Document, TokenKind};
use tchatlint::{Config, Linter};

fn data(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/spelling")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn linter() -> Linter {
    let mut c = Config::default();
    c.select(&["spelling".into()], &[]).unwrap();
    Linter::new(c).unwrap()
}

fn count_words(text: &str) -> usize {
    Document::parse(text)
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && !t.elided)
        .count()
}

struct Case {
    typo: String,
    correction: String,
    sentence: String,
}

fn load_cases(file: &str) -> Vec<Case> {
    data(file)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad line: {l}");
            assert!(cols[2].contains(cols[0]), "sentence lacks its typo: {l}");
            Case {
                typo: cols[0].into(),
                correction: cols[1].into(),
                sentence: cols[2].into(),
            }
        })
        .collect()
}

fn clean_texts() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = data("clean.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| ("clean.txt".to_string(), l.to_string()))
        .collect();
    // The house-style corpus of the other rules is clean text too.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if let Ok(t) = std::fs::read_to_string(&f) {
                out.push((f.file_name().unwrap().to_string_lossy().into(), t));
            }
        }
    }
    out
}

#[test]
fn labelled_set_meets_the_targets() {
    let linter = linter();
    let cases = load_cases("misspellings.tsv");
    let clean = clean_texts();
    assert!(cases.len() >= 200, "{} misspellings", cases.len());
    assert!(
        clean.iter().filter(|(f, _)| f == "clean.txt").count() >= 300,
        "at least 300 clean sentences"
    );

    let mut report = String::new();
    // Recall and first suggestion.
    let (mut caught, mut first_right, mut in_top5) = (0, 0, 0);
    let mut words = 0;
    let mut false_alarms = 0;
    for c in &cases {
        let diags = linter.check(&c.sentence);
        let start = c.sentence.find(&c.typo).unwrap();
        let end = start + c.typo.len();
        let hit = diags
            .iter()
            .find(|d| d.span.start <= start && end <= d.span.end);
        match hit {
            Some(d) => {
                caught += 1;
                // The suggestion replaces the span, which may be wider than
                // the typo (an elision or a compound).
                let expected = format!(
                    "{}{}{}",
                    &c.sentence[d.span.start..start],
                    c.correction,
                    &c.sentence[end..d.span.end]
                );
                if d.suggestions.first() == Some(&expected) {
                    first_right += 1;
                } else {
                    report.push_str(&format!(
                        "  first suggestion: {} → {:?} (expected {expected})\n",
                        c.typo, d.suggestions
                    ));
                }
                if d.suggestions.contains(&expected) {
                    in_top5 += 1;
                }
            }
            None => report.push_str(&format!("  missed: {} in « {} »\n", c.typo, c.sentence)),
        }
        // Findings elsewhere in the sentence are false alarms.
        for d in diags
            .iter()
            .filter(|d| !(d.span.start <= start && end <= d.span.end))
        {
            false_alarms += 1;
            report.push_str(&format!(
                "  false alarm: {} in « {} »\n",
                d.span.slice(&c.sentence),
                c.sentence
            ));
        }
        words += count_words(&c.sentence) - 1;
    }
    for (file, text) in &clean {
        for d in linter.check(text) {
            false_alarms += 1;
            report.push_str(&format!(
                "  false alarm: {} ({file}) {:?}\n",
                d.span.slice(text),
                d.suggestions
            ));
        }
        words += count_words(text);
    }
    let n = cases.len() as f64;
    let recall = caught as f64 / n * 100.0;
    let first = first_right as f64 / n * 100.0;
    let top5 = in_top5 as f64 / n * 100.0;
    let fa = false_alarms as f64 * 1000.0 / words as f64;

    // Speed: every misspelled sentence checked by a fresh linter (no
    // suggestion remembered yet), timed.
    let linter = self::linter();
    let t = Instant::now();
    for c in &cases {
        std::hint::black_box(linter.check(&c.sentence));
    }
    let per_typo = t.elapsed().as_secs_f64() * 1e6 / n;

    println!(
        "spelling: {} misspellings, recall {recall:.1} %, first suggestion right {first:.1} %, \
         right word in the suggestions {top5:.1} %; {words} clean words, {false_alarms} false \
         alarms = {fa:.2} per 1,000 words; {per_typo:.0} µs per misspelled sentence",
        cases.len()
    );
    print!("{report}");
    // The held-out misspellings were written after the ranking was tuned
    // and never used to tune it: reported, held to looser bounds.
    let held = load_cases("misspellings-heldout.tsv");
    let (mut h_caught, mut h_first) = (0, 0);
    for c in &held {
        let start = c.sentence.find(&c.typo).unwrap();
        let end = start + c.typo.len();
        let diags = linter.check(&c.sentence);
        if let Some(d) = diags
            .iter()
            .find(|d| d.span.start <= start && end <= d.span.end)
        {
            h_caught += 1;
            let expected = format!(
                "{}{}{}",
                &c.sentence[d.span.start..start],
                c.correction,
                &c.sentence[end..d.span.end]
            );
            if d.suggestions.first() == Some(&expected) {
                h_first += 1;
            } else {
                println!(
                    "  held out, first suggestion: {} → {:?}",
                    c.typo, d.suggestions
                );
            }
        } else {
            println!("  held out, missed: {}", c.typo);
        }
    }
    let hn = held.len() as f64;
    let (h_recall, h_first) = (h_caught as f64 / hn * 100.0, h_first as f64 / hn * 100.0);
    println!(
        "spelling, held out: {} misspellings, recall {h_recall:.1} %, first suggestion right {h_first:.1} %",
        held.len()
    );
    assert!(
        h_recall >= 90.0 && h_first >= 70.0,
        "held-out set: recall {h_recall:.1} %, first {h_first:.1} %"
    );
    assert!(recall >= 95.0, "recall {recall:.1} % < 95 %\n{report}");
    assert!(
        first >= 80.0,
        "first suggestion right {first:.1} % < 80 %\n{report}"
    );
    assert!(
        fa <= 1.0,
        "{fa:.2} false alarms per 1,000 words > 1\n{report}"
    );
}
