//! Batch grading on the fixtures of tests/fixtures/grade/: one folder per
//! exercise (exercise.toml, a statement, one file or folder per trainee).
//! Snapshots of the terminal table, grades.csv and grades.json; the
//! ranking agrees with a trainer's; re-runs are byte-identical; the CLI
//! writes its reports, compares sessions, and survives unreadable files.

use std::path::{Path, PathBuf};
use std::process::Command;
use tchatlint::grade::answer::discover;
use tchatlint::grade::cli::grade_paths;
use tchatlint::grade::exercise::Exercise;
use tchatlint::grade::report::{data, html, table, Group};
use tchatlint::grade::{Grader, Status};
use tchatlint::Config;

const EXERCISES: [&str; 2] = ["livraison", "telephone"];

fn fixture(ex: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/grade")
        .join(ex)
}

fn group(ex: &str) -> Group {
    let dir = fixture(ex);
    let exercise = Exercise::load(&dir).unwrap().expect("exercise.toml");
    let skip: Vec<PathBuf> = exercise.statement_file.iter().cloned().collect();
    let grader = Grader::new(Config::default(), exercise).unwrap();
    let paths = discover(&dir, &skip).unwrap();
    let grades = grade_paths(&grader, &paths, false);
    Group::new(&grader, grades)
}

fn table_text(g: &Group) -> String {
    table::render(
        g,
        table::TableOptions {
            color: false,
            faults: 10,
        },
    )
}

#[test]
fn snapshots_of_table_csv_and_json() {
    for ex in EXERCISES {
        let g = group(ex);
        assert!(g.trainees.len() >= 8, "{ex}: {} answers", g.trainees.len());
        insta::assert_snapshot!(format!("{ex}-table"), table_text(&g));
        insta::assert_snapshot!(format!("{ex}-grades.csv"), data::grades_csv(&g));
        insta::assert_snapshot!(format!("{ex}-grades.json"), data::grades_json(&g));
    }
}

#[test]
fn at_least_fifteen_answers_in_all() {
    let n: usize = EXERCISES
        .iter()
        .map(|ex| {
            group(ex)
                .trainees
                .iter()
                .filter(|t| t.status == Status::Graded)
                .count()
        })
        .sum();
    assert!(n >= 15, "{n} graded answers");
}

#[test]
fn excellent_answers_beat_poor_ones_by_a_wide_margin() {
    // What the trainer would say of these answers.
    let excellent = ["amandine.txt", "chloe", "julie.txt", "lea"];
    let poor = ["florian.txt", "hugo.txt", "nora.txt", "paul.txt"];
    let mut marks = std::collections::BTreeMap::new();
    for ex in EXERCISES {
        for t in group(ex).trainees {
            marks.insert(t.name.clone(), t.total);
        }
    }
    let get = |n: &str| *marks.get(n).unwrap_or_else(|| panic!("{n} not graded"));
    let worst_excellent = excellent.iter().map(|n| get(n)).min().unwrap();
    let best_poor = poor.iter().map(|n| get(n)).max().unwrap();
    assert!(
        worst_excellent > best_poor,
        "an excellent answer ({worst_excellent}) is not above every poor one ({best_poor}): {marks:?}"
    );
    let mean = |v: &[&str]| v.iter().map(|n| get(n)).sum::<i64>() / v.len() as i64;
    let gap = mean(&excellent) - mean(&poor);
    assert!(gap >= 600, "excellent − poor = {gap} hundredths: {marks:?}");
}

#[test]
fn asking_for_card_details_is_eliminatory() {
    let g = group("livraison");
    let ines = g.trainees.iter().find(|t| t.name == "ines.txt").unwrap();
    // `securite` is critical: once `sensitive-data` flags the card number
    // and the security code, the answer gets 0.
    if ines.findings.iter().any(|f| f.rule == "sensitive-data") {
        assert_eq!(ines.critical_failed, ["securite"]);
        assert_eq!(ines.total, 0);
    }
}

#[test]
fn outputs_do_not_depend_on_order_or_threads() {
    for ex in EXERCISES {
        let a = group(ex);
        // Graded again, on one thread, in reverse order.
        let dir = fixture(ex);
        let exercise = Exercise::load(&dir).unwrap().unwrap();
        let skip: Vec<PathBuf> = exercise.statement_file.iter().cloned().collect();
        let grader = Grader::new(Config::default(), exercise).unwrap();
        let mut paths = discover(&dir, &skip).unwrap();
        paths.reverse();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let grades = pool.install(|| grade_paths(&grader, &paths, false));
        let b = Group::new(&grader, grades);
        assert_eq!(data::grades_json(&a), data::grades_json(&b));
        assert_eq!(data::grades_csv(&a), data::grades_csv(&b));
        assert_eq!(data::findings_csv(&a), data::findings_csv(&b));
        assert_eq!(html::render(&a), html::render(&b));
    }
}

/// yanis.txt was saved in Windows-1252 (« coûte 449 € », « très »): it
/// is read, graded, and the trainer told how it was read.
#[test]
fn windows_1252_answers_are_graded_with_a_note() {
    let g = group("telephone");
    let y = g.trainees.iter().find(|t| t.name == "yanis.txt").unwrap();
    assert_eq!(y.status, Status::Graded);
    assert!(
        y.text.contains("coûte 449 € et a une très bonne"),
        "{}",
        y.text
    );
    assert!(y.notes[0].contains("Windows-1252"), "{:?}", y.notes);
    assert!(y.total > 0);
    assert_eq!(g.graded(), g.trainees.len());
}

#[test]
fn the_exercise_rubric_overrides_the_default() {
    let g = group("telephone");
    let s = g
        .rubric
        .criteria
        .0
        .iter()
        .find(|c| c.id == "structure")
        .unwrap();
    assert_eq!(s.weight, 25);
    let l = group("livraison");
    let s = l
        .rubric
        .criteria
        .0
        .iter()
        .find(|c| c.id == "structure")
        .unwrap();
    assert_eq!(s.weight, 20);
}

#[test]
fn the_html_report_is_self_contained() {
    let g = group("livraison");
    let h = html::render(&g);
    assert!(h.starts_with("<!DOCTYPE html>"));
    for forbidden in ["<script", "<link", " src=", "@import", "url("] {
        assert!(!h.contains(forbidden), "report contains {forbidden}");
    }
    // Only the SVG namespace may name a URL.
    let urls = h.matches("http").count();
    let svg_ns = h.matches("http://www.w3.org/2000/svg").count();
    assert_eq!(urls, svg_ns);
    assert!(h.contains("aria-label=\"Répartition des notes\""));
    assert!(h.matches("<svg").count() >= 2 + g.trainees.len());
    assert!(h.contains("<section class=\"trainee\" id=\"t1\">"));
    assert!(h.contains("Les fautes les plus fréquentes"));
    assert!(h.contains("<mark class="));
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tchatlint"))
}

#[test]
fn cli_writes_identical_reports_and_compares_sessions() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = bin()
            .args(["grade", "--color", "never", "--out"])
            .arg(out)
            .arg(fixture("telephone"))
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains("yanis.txt : lu comme du texte Windows-1252"),
            "{stderr}"
        );
    }
    for f in tchatlint::grade::cli::OUTPUT_FILES {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(x.len() > 100, "{f} is too small");
        assert_eq!(x, y, "{f} differs between two runs");
    }
    // The same session compared with itself: no change for anyone.
    let o = bin()
        .args(["grade", "--color", "never", "--compare"])
        .arg(a.join("grades.json"))
        .arg(fixture("telephone"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("avant") && out.contains("évol."), "{out}");
    let julie = out.lines().find(|l| l.contains("julie.txt")).unwrap();
    assert!(julie.contains(" = "), "{julie}");
    // An earlier session with a lower mark shows the progress.
    let json = std::fs::read_to_string(a.join("grades.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for t in v["trainees"].as_array_mut().unwrap() {
        if t["name"] == "kevin.txt" {
            t["score"] = serde_json::json!(12.5);
        }
    }
    let prev = tmp.path().join("prev.json");
    std::fs::write(&prev, v.to_string()).unwrap();
    let o = bin()
        .args(["grade", "--color", "never", "--out"])
        .arg(tmp.path().join("c"))
        .arg("--compare")
        .arg(&prev)
        .arg(fixture("telephone"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let kevin = out.lines().find(|l| l.contains("kevin.txt")).unwrap();
    assert!(kevin.contains("12,5") && kevin.contains('+'), "{kevin}");
    let json = std::fs::read_to_string(tmp.path().join("c/grades.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let k = v["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "kevin.txt")
        .unwrap();
    assert_eq!(k["progress"]["previous"], serde_json::json!(12.5));
}

#[test]
fn cli_usage_errors_exit_2() {
    let o = bin().args(["grade", "/nonexistent/dir"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pas un dossier"));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("exercise.toml"), "steps = [\"dance\"]").unwrap();
    std::fs::write(tmp.path().join("a.txt"), "Bonjour").unwrap();
    let o = bin().arg("grade").arg(tmp.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("dance"));
    let empty = tempfile::tempdir().unwrap();
    let o = bin().arg("grade").arg(empty.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("aucune réponse"));
}
