//! The grammar rules (`verb-form`, `conjugation`, `homophone`,
//! `agreement`) measured on the labelled sets of tests/data/grammar/:
//! faulty advisor sentences with the fault and its correction, and correct
//! look-alikes. Prints recall per family, how often a suggestion is the
//! expected correction, and false alarms, and holds the targets: recall
//! ≥ 90 % in each family of verb-form, conjugation and homophone, ≥ 85 % in
//! each agreement family (noun group, subject and verb, participle); false
//! alarms ≤ 1 % of the correct sentences, every rule on; clean
//! professional prose at most 1 grammar finding per 1,000 words.
//!
//! `cargo test --test grammar -- --nocapture` shows the figures and every
//! miss.

use std::collections::BTreeMap;
use std::path::Path;
use tchatlint::text::{Document, TokenKind};
use tchatlint::{Config, Linter};

const RULES: [&str; 4] = ["verb-form", "conjugation", "homophone", "agreement"];

fn data(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/grammar")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn linter() -> Linter {
    let mut c = Config::default();
    c.select(&RULES.map(String::from), &[]).unwrap();
    Linter::new(c).unwrap()
}

struct Row {
    family: String,
    subfamily: String,
    bad: bool,
    sentence: String,
    fault: String,
    correction: String,
}

fn rows(name: &str) -> Vec<Row> {
    data(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // header
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 4, "{name}: bad line {l:?}");
            Row {
                family: f[0].to_string(),
                subfamily: f[1].to_string(),
                bad: f[2] == "bad",
                sentence: f[3].to_string(),
                fault: f.get(4).unwrap_or(&"").to_string(),
                correction: f.get(5).unwrap_or(&"").to_string(),
            }
        })
        .collect()
}

/// Byte range of the first whole-word occurrence of `fault`.
fn fault_span(sentence: &str, fault: &str) -> Option<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    sentence
        .match_indices(fault)
        .map(|(i, _)| (i, i + fault.len()))
        .find(|&(a, b)| {
            let before = sentence[..a].chars().next_back();
            let after = sentence[b..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
}

#[derive(Default)]
struct Tally {
    bad: usize,
    found: usize,
    corrected: usize,
    good: usize,
    alarms: usize,
}

/// The tallies by family (`by_subfamily`: by subfamily, for the agreement
/// sets, whose families are the subfamilies of one rule).
fn measure(name: &str, misses: &mut Vec<String>, by_subfamily: bool) -> BTreeMap<String, Tally> {
    let linter = linter();
    let mut t: BTreeMap<String, Tally> = BTreeMap::new();
    for r in rows(name) {
        let found = linter.check(&r.sentence);
        let key = if by_subfamily {
            r.subfamily.clone()
        } else {
            r.family.clone()
        };
        let e = t.entry(key).or_default();
        if r.bad {
            e.bad += 1;
            let (a, b) = fault_span(&r.sentence, &r.fault)
                .unwrap_or_else(|| panic!("{name}: « {} » not in « {} »", r.fault, r.sentence));
            let hits: Vec<_> = found
                .iter()
                .filter(|d| d.span.start < b && a < d.span.end)
                .collect();
            if hits.is_empty() {
                misses.push(format!(
                    "miss [{}] {} ({} -> {})",
                    r.family, r.sentence, r.fault, r.correction
                ));
                continue;
            }
            e.found += 1;
            let fixed = hits.iter().any(|d| {
                d.suggestions.iter().any(|s| {
                    let mut out = r.sentence.clone();
                    out.replace_range(d.span.range(), s);
                    s.to_lowercase() == r.correction.to_lowercase()
                        || out.replacen(&r.fault, &r.correction, 0)
                            == r.sentence.replacen(&r.fault, &r.correction, 1)
                })
            });
            e.corrected += usize::from(fixed);
        } else {
            e.good += 1;
            if !found.is_empty() {
                e.alarms += 1;
                let d = &found[0];
                misses.push(format!(
                    "false alarm [{}] {} ({}: « {} »)",
                    r.family,
                    r.sentence,
                    d.rule,
                    &r.sentence[d.span.range()]
                ));
            }
        }
    }
    println!(
        "\n{name}\n{:<14} {:>5} {:>6} {:>8} {:>9} {:>5} {:>7}",
        "family", "bad", "found", "recall", "corrected", "good", "alarms"
    );
    for (family, e) in &t {
        println!(
            "{family:<14} {:>5} {:>6} {:>7.1}% {:>8.1}% {:>5} {:>7}",
            e.bad,
            e.found,
            pct(e.found, e.bad),
            pct(e.corrected, e.bad),
            e.good,
            e.alarms
        );
    }
    t
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

fn check_targets(name: &str) {
    check(name, false, 90.0, 25);
}

/// The agreement sets: recall by subfamily.
fn check_agreement(name: &str, least: usize) {
    check(name, true, 85.0, least);
}

fn check(name: &str, by_subfamily: bool, recall: f64, least: usize) {
    let mut misses = Vec::new();
    let t = measure(name, &mut misses, by_subfamily);
    for m in &misses {
        println!("  {m}");
    }
    assert_eq!(t.len(), 3, "{name}: the three families");
    let (good, alarms) = t
        .values()
        .fold((0, 0), |(g, a), e| (g + e.good, a + e.alarms));
    for (family, e) in &t {
        assert!(
            e.bad >= least && e.good >= least,
            "{name}: {family} has too few sentences"
        );
        assert!(
            pct(e.found, e.bad) >= recall,
            "{name}: {family} recall {:.1} % < {recall} %",
            pct(e.found, e.bad)
        );
    }
    assert!(
        pct(alarms, good) <= 1.0,
        "{name}: {alarms} false alarms in {good} correct sentences"
    );
}

#[test]
fn labelled_set_meets_the_targets() {
    let rows = rows("labelled.tsv");
    assert!(rows.iter().filter(|r| r.bad).count() >= 400);
    assert!(rows.iter().filter(|r| !r.bad).count() >= 400);
    check_targets("labelled.tsv");
}

#[test]
fn held_out_set_meets_the_targets() {
    check_targets("heldout.tsv");
}

#[test]
fn agreement_set_meets_the_targets() {
    let rows = rows("agreement.tsv");
    assert!(rows.iter().filter(|r| r.bad).count() >= 300);
    assert!(rows.iter().filter(|r| !r.bad).count() >= 300);
    check_agreement("agreement.tsv", 80);
}

/// Written before the agreement rules and never tuned on: its figures are
/// printed (and reported in tests/data/grammar/README.md); the agreement
/// rule may raise no false alarm on it.
#[test]
fn agreement_held_out_set_is_measured() {
    let mut misses = Vec::new();
    measure("agreement-heldout.tsv", &mut misses, true);
    for m in &misses {
        println!("  {m}");
    }
    let own: Vec<&String> = misses
        .iter()
        .filter(|m| m.starts_with("false alarm") && m.contains("(agreement:"))
        .collect();
    assert!(own.is_empty(), "agreement false alarms: {own:?}");
}

#[test]
fn stress_set_meets_the_targets() {
    check_targets("stress.tsv");
}

/// The smaller held-out part of the new replies: too few faulty sentences
/// per family for the per-family targets, so the targets hold on the whole.
#[test]
fn stress_held_out_set_meets_the_targets() {
    let mut misses = Vec::new();
    let t = measure("stress-heldout.tsv", &mut misses, false);
    for m in &misses {
        println!("  {m}");
    }
    let sum = |f: fn(&Tally) -> usize| t.values().map(f).sum::<usize>();
    let (bad, found) = (sum(|e| e.bad), sum(|e| e.found));
    let (good, alarms) = (sum(|e| e.good), sum(|e| e.alarms));
    assert!(
        bad >= 25 && good >= 100,
        "stress-heldout.tsv: too few sentences"
    );
    assert!(
        pct(found, bad) >= 90.0,
        "recall {:.1} % < 90 %",
        pct(found, bad)
    );
    assert!(
        pct(alarms, good) <= 1.0,
        "{alarms} false alarms in {good} correct sentences"
    );
}

#[test]
fn clean_prose_has_at_most_one_finding_per_thousand_words() {
    let linter = linter();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/grammar/prose");
    let (mut words, mut findings) = (0usize, Vec::new());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for p in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(p).unwrap();
        for para in text.lines().filter(|l| !l.trim().is_empty()) {
            words += Document::parse(para)
                .tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count();
            for d in linter.check(para) {
                findings.push(format!(
                    "{}: {} « {} »",
                    p.display(),
                    d.rule,
                    &para[d.span.range()]
                ));
            }
        }
    }
    println!(
        "clean prose: {words} words, {} grammar findings",
        findings.len()
    );
    for f in &findings {
        println!("  {f}");
    }
    assert!(words >= 5000, "prose corpus too small: {words} words");
    assert!(
        findings.len() * 1000 <= words,
        "{} findings in {words} words",
        findings.len()
    );
}
