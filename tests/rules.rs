//! Snapshot tests of every rule on its fixtures, the clean corpus, and the
//! examples of every rule's explain text.
//!
//! `tests/fixtures/<rule-id>/bad-*.txt` must make the rule fire;
//! `tests/fixtures/<rule-id>/good-*.txt` must leave it silent. Both are
//! checked with only that rule on, and the human output is snapshotted.
//! `tests/fixtures/clean/*.txt` are house-style replies: no warning or
//! error from any rule.

use std::path::Path;
use tchatlint::render::{human, FileReport};
use tchatlint::rules::REGISTRY;
use tchatlint::{Config, Linter, Severity};

fn linter_for(rule: &str) -> Linter {
    let mut c = Config::default();
    c.select(&[rule.to_string()], &[]).expect("known rule");
    Linter::new(c).expect("default config builds")
}

fn render(path: &Path, text: &str, linter: &Linter) -> (usize, String) {
    let diags = linter.check(text);
    let name = format!(
        "{}/{}",
        path.parent()
            .and_then(|p| p.file_name())
            .unwrap()
            .to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let n = diags.len();
    let report = FileReport::new(name, text, diags);
    (
        n,
        tchatlint::render::document::human(&[report], human::HumanOptions::default()),
    )
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/*/*.txt", |path| {
        let rule = path
            .parent()
            .and_then(|p| p.file_name())
            .unwrap()
            .to_string_lossy()
            .to_string();
        if rule == "clean" || tchatlint::rules::find(&rule).is_none() {
            return;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let (n, out) = render(path, &text, &linter_for(&rule));
        let file = path.file_name().unwrap().to_string_lossy();
        if file.starts_with("bad") {
            assert!(n > 0, "{rule}: {file} should fire");
        } else if file.starts_with("good") {
            assert_eq!(n, 0, "{rule}: {file} should stay silent:\n{out}");
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn every_rule_has_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for e in REGISTRY {
        let d = dir.join(e.meta.id);
        let names: Vec<String> = std::fs::read_dir(&d)
            .unwrap_or_else(|_| panic!("no fixtures for {}", e.meta.id))
            .map(|f| f.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("bad")),
            "{}: no bad fixture",
            e.meta.id
        );
        assert!(
            names.iter().any(|n| n.starts_with("good")),
            "{}: no good fixture",
            e.meta.id
        );
    }
}

#[test]
fn clean_corpus_stays_silent() {
    let linter = Linter::new(Config::default()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 50,
        "the clean corpus needs at least 50 replies, has {}",
        files.len()
    );
    let mut noisy = String::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let diags: Vec<_> = linter
            .check(&text)
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        if !diags.is_empty() {
            let report = FileReport::new(f.file_name().unwrap().to_string_lossy(), text, diags);
            noisy.push_str(&tchatlint::render::document::human_file(
                &report,
                human::HumanOptions::default(),
            ));
        }
    }
    assert!(
        noisy.is_empty(),
        "false alarms on the clean corpus:\n{noisy}"
    );
}

#[test]
fn explain_examples_behave() {
    for e in REGISTRY {
        let explain = e.meta.explain();
        for section in [
            "## Ce que la règle vérifie",
            "## Pourquoi",
            "## Exemple",
            "## Au lieu de cela",
        ] {
            assert!(
                explain.contains(section),
                "{}: explain lacks « {section} »",
                e.meta.id
            );
        }
        let (bad, good) = e.meta.examples();
        assert!(
            !bad.is_empty() && !good.is_empty(),
            "{}: explain needs a faulty and a clean example",
            e.meta.id
        );
        let linter = linter_for(e.meta.id);
        for b in &bad {
            assert!(
                !linter.check(b).is_empty(),
                "{}: faulty example is silent: {b}",
                e.meta.id
            );
        }
        for g in &good {
            let d = linter.check(g);
            assert!(
                d.is_empty(),
                "{}: clean example fires: {g}\n{d:?}",
                e.meta.id
            );
        }
    }
}
