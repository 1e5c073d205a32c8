//! Inputs real users produce that once hung, panicked, grew without bound
//! or damaged a file: links that loop, named pipes, unreadable folders,
//! byte-order marks, Windows encodings, links and owners under
//! `fix --write`, odd transcript fields and spreadsheet formulas.
//!
//! Every run of the binary has a generous deadline (a minute): the tests
//! check that it ends, not how fast.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run the binary in `dir`, killed after a minute (a hang fails the test
/// instead of blocking the suite).
fn run(args: &[&str], dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tchatlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    // Output is read on threads so that a full pipe cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tchatlint {args:?} still running after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap().unwrap(),
        stderr: err.join().unwrap().unwrap(),
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

// Files and directories

#[test]
fn explain_with_an_accented_id_does_not_panic() {
    let d = tempfile::tempdir().unwrap();
    for id in ["prénom", "é", "ééé", "sms-languagé"] {
        let o = run(&["explain", id], d.path());
        assert_eq!(o.status.code(), Some(2), "{id}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("règle inconnue"),
            "{id}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{id}: {}", stderr(&o));
    }
}

/// The repro of the report: a link to the parent and a link to the folder
/// itself. Each file once, for `check`, `transcript` and `grade`.
#[test]
fn a_loop_of_links_ends_with_each_file_once() {
    let d = tempfile::tempdir().unwrap();
    let l = d.path().join("L");
    std::fs::create_dir_all(l.join("a")).unwrap();
    std::fs::write(l.join("a/x.txt"), "slt\n").unwrap();
    symlink("..", &l.join("a/up"));
    symlink("../a", &l.join("a/self"));
    let o = run(&["check", "--format", "json", "L"], d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["L/a/x.txt"], "{}", stderr(&o));
    assert!(stderr(&o).contains("déjà parcouru"), "{}", stderr(&o));
    // The findings decide the status: notes are not errors.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));

    let o = run(&["transcript", "--format", "json", "L"], d.path());
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches("L/a/x.txt").count(), 1, "{}", stdout(&o));

    // The same tree as a trainee's answer folder.
    let ex = d.path().join("ex");
    std::fs::create_dir_all(ex.join("alice/a")).unwrap();
    std::fs::write(ex.join("alice/a/x.txt"), "Bonjour Madame, je vérifie.\n").unwrap();
    symlink("..", &ex.join("alice/a/up"));
    symlink("../a", &ex.join("alice/a/self"));
    let o = run(&["grade", "ex"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("non notée"), "{}", stderr(&o));
}

/// Links to folders outside the paths given are noted, not followed,
/// unless `--follow-links` says so.
#[test]
fn links_outside_the_paths_given_need_follow_links() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("in")).unwrap();
    std::fs::create_dir_all(d.path().join("out")).unwrap();
    std::fs::write(d.path().join("out/o.txt"), "Bonjour.\n").unwrap();
    symlink("../out", &d.path().join("in/ailleurs"));
    let o = run(&["check", "in"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 fichier"), "{}", stdout(&o));
    assert!(stderr(&o).contains("--follow-links"), "{}", stderr(&o));
    let o = run(&["check", "--follow-links", "in"], d.path());
    assert!(stdout(&o).contains("1 fichier"), "{}", stdout(&o));
    let o = run(&["transcript", "--follow-links", "in"], d.path());
    assert!(!stderr(&o).contains("non suivi"), "{}", stderr(&o));
    // An answer of an exercise that is a link to elsewhere.
    std::fs::write(d.path().join("in/alice.txt"), "Bonjour Madame.\n").unwrap();
    symlink("../out/o.txt", &d.path().join("in/bruno.txt"));
    let o = run(&["grade", "in"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bruno.txt non notée : lien vers l'extérieur"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("ailleurs non notée : lien vers l'extérieur"),
        "{}",
        stderr(&o)
    );
    let o = run(&["grade", "--follow-links", "in"], d.path());
    assert!(!stderr(&o).contains("non notée"), "{}", stderr(&o));
}

/// A named pipe called `*.txt` in a folder is reported without being
/// opened; the other files are checked; exit 2.
#[test]
fn a_named_pipe_in_a_folder_does_not_block_the_run() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("r");
    std::fs::create_dir_all(&dir).unwrap();
    if !mkfifo(&dir.join("tube.txt")) {
        return;
    }
    std::fs::write(dir.join("ok.txt"), "Je vérifie votre commande.\n").unwrap();
    for args in [
        &["check", "r"][..],
        &["transcript", "r"],
        &["check", "--transcript", "r"],
    ] {
        let o = run(args, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("r/tube.txt : ce n'est pas un fichier ordinaire"),
            "{}",
            stderr(&o)
        );
    }
    let o = run(&["check", "r"], d.path());
    assert!(stdout(&o).contains("1 fichier"), "{}", stdout(&o));
    // As a trainee's answer: graded 0, left out of the group's figures.
    std::fs::write(dir.join("exercise.toml"), "title = \"t\"\n").unwrap();
    let o = run(&["grade", "r"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("tube.txt non notée"), "{}", stderr(&o));
}

/// A folder that cannot be read (its path is longer than the system
/// allows; or, when not root, its permissions) is reported by its own
/// name, and the rest is checked.
#[test]
fn an_unreadable_folder_is_reported_and_the_rest_checked() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("r");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("ok.txt"), "Je vérifie votre commande.\n").unwrap();
    // Two chains of 30 folders of 100 characters, the second moved to the
    // bottom of the first: over PATH_MAX (4,096) from `r`, and no path
    // given to the system on the way is that long.
    let segment = "d".repeat(100);
    let chain = |base: &Path| (0..30).fold(base.to_path_buf(), |p, _| p.join(&segment));
    let top = chain(&root);
    let bottom = chain(&d.path().join("b"));
    std::fs::create_dir_all(&top).unwrap();
    std::fs::create_dir_all(&bottom).unwrap();
    std::fs::write(bottom.join("deep.txt"), "slt\n").unwrap();
    std::fs::rename(d.path().join("b"), top.join("b")).unwrap();
    let o = run(&["check", "r"], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 fichier"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("lecture impossible"), "{err}");
    assert!(
        err.contains(&format!("{segment}/{segment}")),
        "the folder itself is named: {err}"
    );
    let o = run(&["transcript", "r"], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 fichier"), "{}", stdout(&o));
    // A folder without read permission (root reads it anyway).
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::remove_dir_all(root.join(&segment)).unwrap();
        let closed = root.join("ferme");
        std::fs::create_dir(&closed).unwrap();
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
        let o = run(&["check", "r"], d.path());
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("r/ferme : lecture impossible"),
            "{}",
            stderr(&o)
        );
        assert!(stdout(&o).contains("1 fichier"), "{}", stdout(&o));
    }
}

#[test]
fn a_byte_order_mark_leaves_columns_and_fixes_alone() {
    let d = tempfile::tempdir().unwrap();
    let text = "Bonjour , tt va bien.\n";
    std::fs::write(d.path().join("plain.txt"), text).unwrap();
    std::fs::write(d.path().join("bom.txt"), format!("\u{FEFF}{text}")).unwrap();
    let spans = |f: &str| {
        let o = run(&["check", "--format", "json", f], d.path());
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = &v["files"][0]["diagnostics"];
        assert!(!d.as_array().unwrap().is_empty());
        d.as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].to_string(),
                    d["span"]["line"].clone(),
                    d["span"]["column"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(spans("bom.txt"), spans("plain.txt"));
    // The human output points at the same column too.
    let human = |f: &str| stdout(&run(&["check", f], d.path())).replace(f, "F");
    assert_eq!(human("bom.txt"), human("plain.txt"));

    // `fix` prints the mark back, and `fix --write` keeps it.
    let o = run(&["fix", "bom.txt"], d.path());
    assert!(
        o.stdout.starts_with("\u{FEFF}Bonjour".as_bytes()),
        "{}",
        stdout(&o)
    );
    let o = run(&["fix", "--write", "bom.txt"], d.path());
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    let fixed = std::fs::read(d.path().join("bom.txt")).unwrap();
    assert!(
        fixed.starts_with("\u{FEFF}Bonjour,".as_bytes()),
        "{}",
        String::from_utf8_lossy(&fixed)
    );
    assert!(!fixed.starts_with(b"\xEF\xBB\xBF "));
}

/// `fix --write` on a link edits the target and keeps the link; run by
/// root on another user's file, it keeps that user as the owner, and the
/// mode.
#[test]
fn fix_write_keeps_links_owner_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("vrai.txt");
    std::fs::write(&target, "Bonjour ,merci.\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o604)).unwrap();
    symlink("vrai.txt", &d.path().join("lien.txt"));
    let root = is_root();
    if root {
        // Another user's file (uid and gid 4242).
        std::os::unix::fs::chown(&target, Some(4242), Some(4242)).unwrap();
    }
    let o = run(&["fix", "--write", "lien.txt"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let link = std::fs::symlink_metadata(d.path().join("lien.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "Bonjour, merci.\n"
    );
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o604);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (4242, 4242));
    }
    // Nothing left behind but the two names.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
    // A file in another encoding is not rewritten as UTF-8.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Bonjour ,merci.".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(d.path().join("u16.txt"), &utf16).unwrap();
    let o = run(&["fix", "--write", "u16.txt"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
    assert_eq!(std::fs::read(d.path().join("u16.txt")).unwrap(), utf16);
}

fn is_root() -> bool {
    // The owner of a file just created is the user running the tests.
    use std::os::unix::fs::MetadataExt;
    let f = tempfile::NamedTempFile::new().unwrap();
    f.as_file().metadata().unwrap().uid() == 0
}

/// UTF-16 (Windows Notepad's « Unicode ») is read, with a note, not
/// called binary.
#[test]
fn utf16_files_are_read_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Bonjour, tt va bien.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(d.path().join("u16.txt"), utf16).unwrap();
    let o = run(&["check", "u16.txt"], d.path());
    let err = stderr(&o);
    assert!(!err.contains("binaire"), "{err}");
    assert!(err.contains("UTF-16"), "{err}");
    assert!(stdout(&o).contains("« tt »"), "{}", stdout(&o));
    let o = run(&["transcript", "u16.txt"], d.path());
    assert!(
        stderr(&o).contains("UTF-16") && !stderr(&o).contains("binaire"),
        "{}",
        stderr(&o)
    );
    // A CSV saved by a Windows spreadsheet (Windows-1252).
    std::fs::write(
        d.path().join("w.csv"),
        b"role;text\nconseiller;Bonjour, je v\xe9rifie votre commande.\nclient;Merci \x96 \xe0 bient\xf4t\n",
    )
    .unwrap();
    let o = run(&["transcript", "w.csv"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("Windows-1252"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("je vérifie votre commande"),
        "{}",
        stdout(&o)
    );
}

/// Windows-1252 answers are graded (with a note); answers that cannot
/// be read are graded 0 but left out of the mean and the median.
#[test]
fn grading_reads_windows_1252_and_leaves_unreadable_answers_out() {
    let d = tempfile::tempdir().unwrap();
    let ex = d.path().join("ex");
    std::fs::create_dir_all(&ex).unwrap();
    std::fs::write(ex.join("exercise.toml"), "title = \"t\"\n").unwrap();
    let reply = "Bonjour Madame, je vérifie votre commande tout de suite. Belle journée à vous !\n";
    std::fs::write(ex.join("alice.txt"), reply).unwrap();
    let cp1252: Vec<u8> = reply
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'à' => 0xE0,
            c => c as u8,
        })
        .collect();
    std::fs::write(ex.join("bruno.txt"), cp1252).unwrap();
    std::fs::write(
        ex.join("chloe.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    )
    .unwrap();
    let o = run(&["grade", "ex", "--out", "out"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bruno.txt : lu comme du texte Windows-1252"),
        "{err}"
    );
    assert!(err.contains("chloe.txt non notée"), "{err}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out/grades.json")).unwrap()).unwrap();
    let score = |name: &str| {
        v["trainees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(score("alice.txt")["score"], score("bruno.txt")["score"]);
    assert_eq!(score("chloe.txt")["status"], "unreadable");
    assert_eq!(v["group"]["mean"], score("alice.txt")["score"]);
    assert_eq!(v["group"]["median"], score("alice.txt")["score"]);
    assert_eq!(v["group"]["min"], score("alice.txt")["score"]);
}

// Transcripts and reports

/// A message whose `text` is a number or null, or whose `role` is a list,
/// is an error naming the line and the field, never dropped in silence.
#[test]
fn transcript_fields_of_the_wrong_type_are_reported() {
    let d = tempfile::tempdir().unwrap();
    let ok = r#"{"role":"agent","text":"Bonjour, je suis Léa."}"#;
    for (bad, field, what) in [
        (r#"{"role":"agent","text":42}"#, "text", "un nombre"),
        (r#"{"role":"agent","text":null}"#, "text", "null"),
        (
            r#"{"role":["agent"],"text":"Bonjour."}"#,
            "role",
            "une liste",
        ),
        (r#"{"role":null,"text":"Bonjour."}"#, "role", "null"),
    ] {
        std::fs::write(d.path().join("t.jsonl"), format!("{ok}\n{bad}\n{ok}\n")).unwrap();
        let o = run(&["transcript", "t.jsonl"], d.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{bad}: {err}");
        assert!(
            err.contains(&format!("ligne 2 : champ « {field} » : {what}")),
            "{bad}: {err}"
        );
        // The same in a JSON array.
        std::fs::write(d.path().join("t.json"), format!("[{ok},\n{bad},\n{ok}]\n")).unwrap();
        let err = stderr(&run(&["transcript", "t.json"], d.path()));
        assert!(
            err.contains(&format!("ligne 2 : champ « {field} »")),
            "{bad}: {err}"
        );
    }
}

/// A JSON Lines record cut short is reported on its own line, not on the
/// next one.
#[test]
fn a_broken_json_lines_record_is_reported_on_its_own_line() {
    let d = tempfile::tempdir().unwrap();
    let ok = r#"{"role":"agent","text":"Bonjour, je suis Léa."}"#;
    for bad in [
        r#"{"role":"client","text":"Mon colis ?""#,
        r#"{"role":"client","text":"Mon colis ?","#,
        r#"{"role":"client","text":"Mon colis ?"#,
        r#"{"role":"client","text":"#,
    ] {
        std::fs::write(
            d.path().join("t.jsonl"),
            format!("{ok}\n{ok}\n{bad}\n{ok}\n"),
        )
        .unwrap();
        let o = run(&["transcript", "t.jsonl"], d.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains("t.jsonl : ligne 3 : "), "{bad}: {err}");
    }
}

/// Cells of grades.csv and findings.csv that a spreadsheet would take for
/// a formula are written as text.
#[test]
fn csv_reports_neutralise_formulas() {
    let d = tempfile::tempdir().unwrap();
    let ex = d.path().join("ex");
    std::fs::create_dir_all(&ex).unwrap();
    std::fs::write(ex.join("exercise.toml"), "title = \"t\"\n").unwrap();
    std::fs::write(ex.join("=HYPERLINK(1).txt"), "=1+1 slt, tt va bien ??\n").unwrap();
    std::fs::write(ex.join("@x.txt"), "-2 slt\n").unwrap();
    std::fs::write(ex.join("+y.txt"), "@SUM(A1) slt\n").unwrap();
    std::fs::write(ex.join("-z.txt"), "\u{FEFF}+33 6 12 34 56 78 slt\n").unwrap();
    let o = run(&["grade", "ex", "--out", "out"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut cells = 0;
    for f in ["grades.csv", "findings.csv"] {
        let mut r = csv::Reader::from_path(d.path().join("out").join(f)).unwrap();
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                cells += 1;
                // Numbers the report writes itself are fine.
                if cell.parse::<f64>().is_ok() {
                    continue;
                }
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{f}: {cell:?}"
                );
            }
        }
    }
    assert!(cells > 40);
    let grades = std::fs::read_to_string(d.path().join("out/grades.csv")).unwrap();
    assert!(grades.contains("'=HYPERLINK(1).txt"), "{grades}");
    let findings = std::fs::read_to_string(d.path().join("out/findings.csv")).unwrap();
    assert!(findings.contains("'=HYPERLINK(1).txt,"), "{findings}");
}
