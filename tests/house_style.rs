//! The labelled house-style set (`tests/data/house-style/`): replies
//! written from public customer-relation guides (sources in SOURCES.md),
//! each labelled bad (one fault, the rule expected to flag it) or good
//! (silent with the default house style), plus the recommended phrasings
//! of RECOMMENDED.md, which must stay silent too.
//!
//! Recall is measured on the bad replies of each family; the floors below
//! are ratchets: raise them, never lower them.

use std::collections::BTreeMap;
use std::path::Path;
use tchatlint::{Config, Linter};

/// Recall on the bad replies, all families together.
const MIN_RECALL: f64 = 0.95;

struct Row {
    family: String,
    good: bool,
    reply: String,
    fault: String,
    rule: String,
}

fn data(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/house-style")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for (n, line) in data("labelled.tsv").lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("family\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 3,
            "labelled.tsv:{}: {} columns",
            n + 1,
            cols.len()
        );
        let col = |i: usize| cols.get(i).copied().unwrap_or("").to_string();
        let good = match cols[1] {
            "good" => true,
            "bad" => false,
            v => panic!("labelled.tsv:{}: verdict {v:?}", n + 1),
        };
        out.push(Row {
            family: col(0),
            good,
            reply: cols[2].replace("\\n", "\n"),
            fault: col(3).replace("\\n", "\n"),
            rule: col(4),
        });
    }
    out
}

/// The replies of RECOMMENDED.md (`- ` lines under a `## ` heading).
fn recommended() -> Vec<(String, String)> {
    let mut family = String::new();
    let mut out = Vec::new();
    for line in data("RECOMMENDED.md").lines() {
        if let Some(h) = line.strip_prefix("## ") {
            family = h.trim().to_string();
        } else if let Some(r) = line.strip_prefix("- ") {
            if !family.is_empty() {
                out.push((family.clone(), r.replace("\\n", "\n")));
            }
        }
    }
    out
}

#[test]
fn house_style_set_recall_and_silence() {
    let linter = Linter::new(Config::default()).expect("default house style");
    let rows = rows();
    assert!(rows.iter().filter(|r| !r.good).count() >= 150);
    assert!(rows.iter().filter(|r| r.good).count() >= 100);
    let mut per_family: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut alarms = Vec::new();
    for r in &rows {
        let found = linter.check(&r.reply);
        if r.good {
            if !found.is_empty() {
                alarms.push(format!(
                    "{}: {}\n    {:?}",
                    r.family,
                    r.reply,
                    found
                        .iter()
                        .map(|d| (d.rule, d.span.slice(&r.reply)))
                        .collect::<Vec<_>>()
                ));
            }
            continue;
        }
        let at = r
            .reply
            .find(&r.fault)
            .unwrap_or_else(|| panic!("fault {:?} not in {:?}", r.fault, r.reply));
        let (s, e) = (at, at + r.fault.len());
        let caught = found
            .iter()
            .any(|d| d.rule == r.rule && d.span.start < e && s < d.span.end);
        let c = per_family.entry(r.family.as_str()).or_default();
        c.1 += 1;
        if caught {
            c.0 += 1;
        } else {
            misses.push(format!(
                "{} [{}] « {} »: {}",
                r.family, r.rule, r.fault, r.reply
            ));
        }
    }
    for (family, reply) in recommended() {
        let found = linter.check(&reply);
        if !found.is_empty() {
            alarms.push(format!(
                "recommended {family}: {reply}\n    {:?}",
                found
                    .iter()
                    .map(|d| (d.rule, d.span.slice(&reply)))
                    .collect::<Vec<_>>()
            ));
        }
    }
    let (caught, total) = per_family
        .values()
        .fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
    let recall = caught as f64 / total as f64;
    let report = format!(
        "recall {caught}/{total} = {:.1} %\n{}\nmissed:\n{}\nfalse alarms ({}):\n{}",
        100.0 * recall,
        per_family
            .iter()
            .map(|(f, c)| format!("  {f}: {}/{}", c.0, c.1))
            .collect::<Vec<_>>()
            .join("\n"),
        misses.join("\n"),
        alarms.len(),
        alarms.join("\n"),
    );
    println!("{report}");
    assert!(recall >= MIN_RECALL, "{report}");
    // No good reply and no recommended phrasing may get a finding.
    assert!(alarms.is_empty(), "{report}");
}
