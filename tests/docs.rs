//! The sample outputs shown in docs/ are the program's real output: each is
//! produced again here and compared, so they cannot drift. A stale full
//! sample is rewritten by `UPDATE_DOCS=1 cargo test --test docs`; a
//! shortened one (some findings left out) must have each of its
//! paragraphs in the real output, and is fixed by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn find(doc: &str, marker: &str) -> usize {
    doc.find(marker)
        .unwrap_or_else(|| panic!("the doc no longer has « {marker} »"))
}

/// The byte range from `open` to the end of the fenced block it is in
/// (its last line break included).
fn to_block_end(doc: &str, open: usize) -> std::ops::Range<usize> {
    let close = open + doc[open..].find("\n```").expect("the block is closed") + 1;
    open..close
}

/// The byte range of the body of the first fenced block (```lang) after
/// `marker` in `doc`.
fn block_after(doc: &str, marker: &str, lang: &str) -> std::ops::Range<usize> {
    let at = find(doc, marker);
    let fence = format!("```{lang}\n");
    let open = at + doc[at..].find(&fence).expect("a fenced block follows") + fence.len();
    to_block_end(doc, open)
}

/// What `tchatlint ARGS` prints in `dir`, without colours: its standard
/// output, then its standard error (as a terminal shows them when the
/// latter only closes the run, as `grade`'s « rapport écrit » line).
fn tchatlint(args: &[&str], dir: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_tchatlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs");
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "tchatlint {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut out = String::from_utf8(o.stdout).expect("UTF-8 output");
    out.push_str(&String::from_utf8_lossy(&o.stderr));
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Compare a full sample; rewrite it with UPDATE_DOCS=1.
fn check_full_sample(doc_path: &Path, range: std::ops::Range<usize>, expected: &str) {
    let doc = std::fs::read_to_string(doc_path).unwrap();
    if doc[range.clone()] == *expected {
        return;
    }
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{expected}{}", &doc[..range.start], &doc[range.end..]);
        std::fs::write(doc_path, updated).unwrap();
        return;
    }
    panic!(
        "the sample in {} is stale; run `UPDATE_DOCS=1 cargo test --test docs`.\nThe real output:\n{expected}",
        doc_path.display()
    );
}

#[test]
fn grading_sample_is_the_real_output() {
    // The doc's `retard-livraison/` is the fixture exercise tests/fixtures/grade/livraison.
    const COMMAND: &str = "$ tchatlint grade retard-livraison/ --out rapport/ --top 3\n";
    let path = root().join("docs/grading.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    // The block starts with the command line itself.
    let range = to_block_end(&doc, find(&doc, COMMAND));
    let d = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/fixtures/grade/livraison"),
        &d.path().join("retard-livraison"),
    );
    let out = tchatlint(
        &[
            "grade",
            "retard-livraison/",
            "--out",
            "rapport/",
            "--top",
            "3",
        ],
        d.path(),
    );
    check_full_sample(&path, range, &format!("{COMMAND}{out}"));
}

#[test]
fn transcript_sample_is_the_real_output() {
    let path = root().join("docs/transcripts.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let range = block_after(&doc, "On `examples/transcript-sav.txt`", "text");
    let out = tchatlint(&["transcript", "examples/transcript-sav.txt"], &root());
    // The doc shows the first and last findings: each of its paragraphs
    // is in the output, in the same order, and it ends like the output.
    let mut from = 0;
    for paragraph in doc[range].trim_end().split("\n\n") {
        match out[from..].find(paragraph) {
            Some(i) => from += i + paragraph.len(),
            None => panic!(
                "docs/transcripts.md shows a paragraph the program no longer prints:\n{paragraph}\n\nThe real output:\n{out}"
            ),
        }
    }
    assert_eq!(
        out[from..].trim(),
        "",
        "the sample's last paragraph is not the end of the real output:\n{out}"
    );
}
