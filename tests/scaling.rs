//! Cost that must not grow faster than the input: large inputs are read,
//! checked and written piece by piece with right offsets, lines and
//! columns in every format; long lines are shown in part; what one text
//! shows is capped and the output says so. The slow checks (tens of
//! megabytes through the binary) are ignored by default and run in CI with
//! generous bounds (`cargo test --test scaling -- --ignored`).

use std::path::Path;
use std::process::{Command, Output};
use tchatlint::{Config, LineIndex, Linter};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tchatlint"));
    c.env("NO_COLOR", "1");
    c
}

fn check(path: &Path, format: &str) -> Output {
    bin()
        .args(["check", "--format", format])
        .arg(path)
        .output()
        .expect("binary runs")
}

fn json_of(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("valid JSON output")
}

/// Replies on one single line: a text with no blank line and no line
/// break at all, far above the piece size.
fn one_line(bytes: usize) -> String {
    let parts = [
        "Bonjour Madame, je regarde votre dossier tout de suite.",
        "Votre commande est partie hier, vous la recevrez demain 🙂",
        "slt, je vérifie ça pr vous stp",
        "Pas de souci, c'est noté.",
        "Je reviens vers vous dès que j’ai la réponse du service",
        "Élodie a validé l’échange : « ok » pour le remboursement !",
    ];
    let mut s = String::new();
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(parts[i % parts.len()]);
        s.push(' ');
        i += 1;
    }
    s
}

/// Every finding of a large text read in pieces has a span on character
/// boundaries of the whole file, and the line and column of its start.
#[test]
fn a_file_without_line_breaks_is_cut_with_right_positions() {
    let dir = tempfile::tempdir().unwrap();
    let text = one_line(3 * tchatlint::PIECE_SIZE + 1000) + "\ndernière ligne slt\n";
    let path = dir.path().join("ligne.txt");
    std::fs::write(&path, &text).unwrap();
    let o = check(&path, "json");
    let doc = json_of(&o);
    let diagnostics = doc["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() > 50, "{}", diagnostics.len());
    let index = LineIndex::new(&text);
    let mut last = 0;
    for d in diagnostics {
        let start = d["span"]["start"].as_u64().unwrap() as usize;
        let end = d["span"]["end"].as_u64().unwrap() as usize;
        assert!(start >= last, "sorted");
        last = start;
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end) && start <= end);
        let pos = index.position(&text, start);
        assert_eq!(d["span"]["line"], pos.line, "{d}");
        assert_eq!(d["span"]["column"], pos.column, "{d}");
    }
    // Findings past the first piece, on the last line too.
    assert!(diagnostics
        .iter()
        .any(|d| d["span"]["start"].as_u64().unwrap() as usize > 2 * tchatlint::PIECE_SIZE));
    assert!(diagnostics.iter().any(|d| d["span"]["line"] == 2));
    // The same findings as the whole text checked in the same pieces.
    let linter = Linter::new(Config::default()).unwrap();
    let mut want = 0;
    let mut all = Vec::new();
    for range in tchatlint::chunks(&text, tchatlint::PIECE_SIZE) {
        let found = linter.check_chunk(&text, range);
        want += found.len();
        all.extend(found);
    }
    let omitted: u64 = doc["files"][0]["omitted"]
        .as_object()
        .map_or(0, |o| o.values().map(|n| n.as_u64().unwrap()).sum());
    assert_eq!(diagnostics.len() as u64 + omitted, want as u64);
    let summary = &doc["summary"];
    let counted = summary["errors"].as_u64().unwrap()
        + summary["warnings"].as_u64().unwrap()
        + summary["infos"].as_u64().unwrap();
    assert_eq!(counted, all.len() as u64);

    // SARIF: valid, the same findings, the same positions.
    let sarif: serde_json::Value =
        serde_json::from_slice(&check(&path, "sarif").stdout).expect("valid SARIF");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (r, d) in results.iter().zip(diagnostics) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["byteOffset"], d["span"]["start"]);
        assert_eq!(region["startLine"], d["span"]["line"]);
        assert_eq!(region["startColumn"], d["span"]["column"]);
    }

    // Human: one window per finding, never the whole line.
    let human = check(&path, "human");
    let out = String::from_utf8(human.stdout).unwrap();
    assert!(out.len() < 2_000 * diagnostics.len(), "{}", out.len());
    assert!(out.contains('…'));
    assert!(out.contains("ligne.txt:2:16"), "{out}");
}

/// A text that repeats one faulty form shows ten of its findings and
/// counts the others, in every format; a reply that repeats it less is
/// shown whole, as before.
#[test]
fn findings_of_one_form_are_capped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many.txt");
    std::fs::write(&many, "slt ".repeat(25) + "\n").unwrap();
    let few = dir.path().join("few.txt");
    std::fs::write(&few, "slt, slt et slt\n").unwrap();

    let doc = json_of(&check(&many, "json"));
    let file = &doc["files"][0];
    let sms = |ds: &serde_json::Value| {
        ds.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "sms-language")
            .count()
    };
    assert_eq!(sms(&file["diagnostics"]), 10);
    assert_eq!(file["omitted"]["sms-language"], 15);
    assert!(doc["summary"]["errors"].as_u64().unwrap() >= 25);

    let few_doc = json_of(&check(&few, "json"));
    assert_eq!(sms(&few_doc["files"][0]["diagnostics"]), 3);
    assert!(few_doc["files"][0].get("omitted").is_none());

    let human = String::from_utf8(check(&many, "human").stdout).unwrap();
    assert!(
        human.contains("note[sms-language]: ")
            && human.contains("15 autres signalements non affichés"),
        "{human}"
    );
    let human_few = String::from_utf8(check(&few, "human").stdout).unwrap();
    assert!(!human_few.contains("note["));

    let sarif: serde_json::Value =
        serde_json::from_slice(&check(&many, "sarif").stdout).expect("valid SARIF");
    let omitted = sarif["runs"][0]["properties"]["omitted"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["ruleId"] == "sms-language")
        .cloned()
        .unwrap();
    assert_eq!(omitted["count"], 15);
    assert!(omitted["uri"].as_str().unwrap().ends_with("many.txt"));
    let sarif_few: serde_json::Value =
        serde_json::from_slice(&check(&few, "sarif").stdout).unwrap();
    assert!(sarif_few["runs"][0].get("properties").is_none());
}

/// Several files, small and large, empty and faulty, in one SARIF log: a
/// valid document with every result, written as the files come.
#[test]
fn sarif_of_many_files_is_streamed_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Bonjour, slt !\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "").unwrap();
    std::fs::write(dir.path().join("c.txt"), "Bonjour Madame.\n").unwrap();
    std::fs::write(
        dir.path().join("d.txt"),
        one_line(tchatlint::PIECE_SIZE * 2),
    )
    .unwrap();
    std::fs::write(dir.path().join("e.txt"), "tkt\n").unwrap();
    let o = bin()
        .args(["check", "--format", "sarif"])
        .arg(dir.path())
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid SARIF");
    let json = json_of(
        &bin()
            .args(["check", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap(),
    );
    let shown: usize = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["diagnostics"].as_array().unwrap().len())
        .sum();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), shown);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .is_empty());
}

/// Piece by piece from standard input too, and a binary or non-UTF-8
/// large file is refused with its name, the other files still checked.
#[test]
fn large_inputs_from_stdin_and_bad_large_files() {
    use std::io::Write;
    let text = one_line(tchatlint::PIECE_SIZE * 2);
    let mut child = bin()
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let doc = json_of(&o);
    assert_eq!(doc["files"][0]["path"], "-");
    assert!(!doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());

    let dir = tempfile::tempdir().unwrap();
    let mut bad = one_line(tchatlint::PIECE_SIZE * 2).into_bytes();
    bad.extend_from_slice(b" \xff fin");
    std::fs::write(dir.path().join("a-bad.txt"), &bad).unwrap();
    std::fs::write(dir.path().join("b-good.txt"), "slt\n").unwrap();
    let o = bin()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a-bad.txt") && err.contains("UTF-8"), "{err}");
    let doc = json_of(&o);
    assert!(doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"].as_str().unwrap().ends_with("b-good.txt")));
}

/// Texts that are one pattern repeated on one line (numbers, quotes,
/// capitals, signs, SMS forms, links): each rule checks 256 KB of each in
/// a time linear in the size. An IBAN-like run of short groups over the
/// whole line took 18 s in an optimised build (every prefix of the match
/// was tried); the bound is generous for a debug build.
#[test]
#[ignore = "slow: every rule on 256 KB of pathological text (run in CI)"]
fn rules_are_linear_on_pathological_lines() {
    let patterns = [
        "ok ok ",
        "BONJOUR MADAME MERCI ",
        "« slt » \"ok\" “tkt” ",
        "!!! ??? ... ",
        "slt tkt jsp stp mdr pk ",
        "merci 🙂 ok :) ",
        "01 23 45 67 89 FR76 3000 4000 ",
        "www.exemple.fr/a?b=c slt@ex.fr ",
        "l'ok j’ai qu'il ",
        // Many lines, a finding on each: the line of each was looked for
        // from the first.
        "BONJOUR MADAME\n",
    ];
    let linter = Linter::new(Config::default()).unwrap();
    for unit in patterns {
        let text = unit.repeat(256_000 / unit.len());
        let t = std::time::Instant::now();
        let found = linter.check(&text);
        let elapsed = t.elapsed();
        eprintln!("{unit:?}: {} findings, {elapsed:?}", found.len());
        assert!(elapsed.as_secs() < 20, "{unit:?}: {elapsed:?}");
    }
}

/// A large file that is not UTF-8 (UTF-16 with its mark) is decoded
/// whole, with its note, then checked piece by piece, as a small one is;
/// a large file's byte-order mark is set apart, as a small file's is.
#[test]
fn large_files_in_other_encodings_and_with_a_mark() {
    let dir = tempfile::tempdir().unwrap();
    let text = one_line(tchatlint::PIECE_SIZE * 2);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = dir.path().join("utf16.txt");
    std::fs::write(&path, &utf16).unwrap();
    let o = check(&path, "json");
    let doc = json_of(&o);
    let diagnostics = doc["files"][0]["diagnostics"].as_array().unwrap();
    assert!(
        !diagnostics.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for d in diagnostics {
        let s = d["span"]["start"].as_u64().unwrap() as usize;
        let e = d["span"]["end"].as_u64().unwrap() as usize;
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    }
    assert!(String::from_utf8_lossy(&o.stderr).contains("UTF-16"));
    let mut bom = "\u{FEFF}".as_bytes().to_vec();
    bom.extend_from_slice(one_line(tchatlint::PIECE_SIZE * 2).as_bytes());
    let path = dir.path().join("bom.txt");
    std::fs::write(&path, &bom).unwrap();
    let doc = json_of(&check(&path, "json"));
    let first = &doc["files"][0]["diagnostics"][0];
    // `Bonjour Madame, je regarde …`: the first finding is on line 1, its
    // column counted from after the mark.
    let small = dir.path().join("small.txt");
    std::fs::write(&small, &bom[..2000]).unwrap();
    let small_doc = json_of(&check(&small, "json"));
    assert_eq!(
        first["span"],
        small_doc["files"][0]["diagnostics"][0]["span"]
    );
}

/// Peak resident memory of a command, in kilobytes, when `/usr/bin/time`
/// is there to measure it.
fn max_rss_kb(args: &[&str], path: &Path) -> Option<(u64, std::time::Duration)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let t = std::time::Instant::now();
    let o = Command::new(time)
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_tchatlint"))
        .args(args)
        .arg(path)
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    let elapsed = t.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    err.lines()
        .last()?
        .trim()
        .parse()
        .ok()
        .map(|kb| (kb, elapsed))
}

/// 12 MB of dense findings, and 12 MB on one line, in every format:
/// memory stays far under 300 MB and the time is that of a linear check
/// (generous bounds: a debug build on a busy machine; a quadratic cost
/// took minutes on a few megabytes).
#[test]
#[ignore = "slow: tens of megabytes through the binary (run in CI)"]
fn large_inputs_keep_memory_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let dense: String = {
        let words = [
            "slt", "ok", "tkt", "jsp", "pk", "stp", "mdr", "dsl", "pr", "vs", "bcp", "je", "vous",
        ];
        let mut s = String::new();
        let mut i = 0usize;
        while s.len() < 12 << 20 {
            for _ in 0..20 {
                i = i.wrapping_mul(1103515245).wrapping_add(12345);
                s.push_str(words[(i >> 16) % words.len()]);
                s.push(' ');
            }
            s.push_str(if i % 3 == 0 { "\n\n" } else { "!! " });
        }
        s
    };
    let dense_path = dir.path().join("dense.txt");
    std::fs::write(&dense_path, &dense).unwrap();
    let line_path = dir.path().join("line.txt");
    std::fs::write(&line_path, one_line(12 << 20)).unwrap();
    for path in [&dense_path, &line_path] {
        for format in ["human", "json", "sarif"] {
            let Some((kb, elapsed)) = max_rss_kb(&["check", "--format", format], path) else {
                return;
            };
            eprintln!("{} {format}: {kb} KB, {elapsed:?}", path.display());
            assert!(kb < 300 * 1024, "{format}: {kb} KB");
            assert!(elapsed.as_secs() < 600, "{format}: {elapsed:?}");
        }
    }
}
