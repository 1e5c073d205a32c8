//! The command line end to end: exit statuses, output formats, bad input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tchatlint"));
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    // The command may exit before reading (a usage error): a closed pipe
    // is not a test failure.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn clean_reply_exits_zero() {
    let d = tmp();
    std::fs::write(d.path().join("ok.txt"), "Je vérifie votre commande.\n").unwrap();
    let o = run(&["check", "ok.txt"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("aucun problème dans 1 fichier"));
}

#[test]
fn errors_exit_one_and_warnings_only_with_deny() {
    let o = run_stdin(&["check", "-", "--rule", "sentence-length"], b"un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize.\n");
    assert_eq!(o.status.code(), Some(0), "warnings alone do not fail");
    let o = run_stdin(
        &["check", "-", "--rule", "sentence-length", "--deny", "warnings"],
        b"un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize.\n",
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn human_output_is_compiler_like() {
    let o = run_stdin(
        &["check", "-", "--rule", "sentence-length"],
        "Je vous informe que votre commande a bien été expédiée ce matin depuis notre entrepôt de Lyon hier.\n".as_bytes(),
    );
    let out = stdout(&o);
    assert!(
        out.contains("warning[sentence-length]: phrase de 18 mots"),
        "{out}"
    );
    assert!(out.contains(" --> -:1:1"), "{out}");
    assert!(out.contains("= help:"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
    assert!(
        out.trim_end()
            .ends_with("0 erreur, 1 avertissement, 0 info dans 1 fichier"),
        "{out}"
    );
}

#[test]
fn json_output_has_the_stable_shape() {
    let text = "Bonjour.\r\nUn deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze été.\r\n";
    let o = run_stdin(
        &[
            "check",
            "-",
            "--format",
            "json",
            "--rule",
            "sentence-length",
        ],
        text.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["version"], 1);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(v["files"][0]["path"], "-");
    assert_eq!(d["rule"], "sentence-length");
    assert_eq!(d["severity"], "warning");
    assert!(d["message"].is_string() && d["help"].is_string() && d["suggestions"].is_array());
    let start = d["span"]["start"].as_u64().unwrap() as usize;
    let end = d["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(start, 10, "byte offset after the CRLF");
    assert!(text[start..end].starts_with("Un deux") && text[start..end].ends_with("été."));
    assert_eq!(d["span"]["line"], 2);
    assert_eq!(d["span"]["column"], 1);
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 1, "errors": 0, "warnings": 1, "infos": 0})
    );
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let o = run_stdin(
        &[
            "check",
            "-",
            "--format",
            "sarif",
            "--rule",
            "sentence-length",
        ],
        "Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize."
            .as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "tchatlint");
    assert_eq!(run["results"][0]["ruleId"], "sentence-length");
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
}

#[test]
fn invalid_utf8_binary_and_missing_files_exit_two_and_keep_going() {
    let d = tmp();
    std::fs::write(d.path().join("latin1.txt"), b"Bonjour, voil\xe0.\n").unwrap();
    std::fs::write(
        d.path().join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    std::fs::write(d.path().join("ok.txt"), "Je vérifie.\n").unwrap();
    let o = run(
        &["check", "latin1.txt", "image.txt", "absent.txt", "ok.txt"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "latin1.txt : le texte n'est pas en UTF-8 (octet invalide à la position 13, ligne 1)"
        ),
        "{err}"
    );
    assert!(err.contains("image.txt : fichier binaire"), "{err}");
    assert!(err.contains("absent.txt : fichier introuvable"), "{err}");
    // The readable file is still checked and reported.
    assert!(stdout(&o).contains("dans 1 fichier"), "{}", stdout(&o));
}

#[test]
fn empty_file_and_blank_stdin_are_fine() {
    let d = tmp();
    std::fs::write(d.path().join("vide.txt"), "").unwrap();
    let o = run(&["check", "vide.txt"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let o = run_stdin(&["check", "-"], b"\n\n  \n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn directories_are_walked_for_txt_files() {
    let d = tmp();
    std::fs::create_dir_all(d.path().join("lot/sous")).unwrap();
    std::fs::write(d.path().join("lot/a.txt"), "Je vérifie.\n").unwrap();
    std::fs::write(d.path().join("lot/sous/b.TXT"), "Je vérifie.\n").unwrap();
    std::fs::write(d.path().join("lot/notes.md"), "ignoré").unwrap();
    let o = run(&["check", "lot", "--format", "json"], d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 2);
}

/// More files than the CLI checks in one batch, one unreadable among
/// them: every readable file is reported once, in order, whatever the
/// format, and the counts cover them all.
#[test]
fn many_files_are_reported_in_order_with_one_unreadable() {
    let d = tmp();
    let lot = d.path().join("lot");
    std::fs::create_dir_all(&lot).unwrap();
    let n = 600;
    for i in 0..n {
        let text: &[u8] = match i {
            300 => b"Bonjour, voil\xe0.\n",
            i if i % 2 == 0 => "Je vérifie votre comande.\n".as_bytes(),
            _ => "Je vérifie votre commande.\n".as_bytes(),
        };
        std::fs::write(lot.join(format!("{i:04}.txt")), text).unwrap();
    }
    let o = run(&["check", "lot", "--format", "json"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("0300.txt : le texte n'est pas en UTF-8"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..n)
        .filter(|&i| i != 300)
        .map(|i| {
            Path::new("lot")
                .join(format!("{i:04}.txt"))
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(paths, expected);
    for (f, i) in files.iter().zip((0..n).filter(|&i| i != 300)) {
        let found = f["diagnostics"].as_array().unwrap().len();
        assert_eq!(found, usize::from(i % 2 == 0), "{}", f["path"]);
    }
    assert_eq!(v["summary"]["files"], n - 1);
    assert_eq!(v["summary"]["errors"], 299);

    let o = run(&["check", "lot"], d.path());
    let text = stdout(&o);
    let located: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix(" --> "))
        .collect();
    let expected: Vec<String> = (0..n)
        .filter(|&i| i % 2 == 0 && i != 300)
        .map(|i| {
            format!(
                "{}:1:18",
                Path::new("lot").join(format!("{i:04}.txt")).display()
            )
        })
        .collect();
    assert_eq!(located, expected);
    assert!(
        text.ends_with("299 erreurs, 0 avertissement, 0 info dans 599 fichiers\n"),
        "{}",
        &text[text.len().saturating_sub(200)..]
    );
    let o = run(&["check", "lot", "--format", "sarif"], d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 299);
}

#[test]
fn broken_config_names_file_line_and_key() {
    let d = tmp();
    std::fs::write(
        d.path().join("maison.toml"),
        "[sentence-length]\nmax_words = \"quinze\"\n",
    )
    .unwrap();
    std::fs::write(d.path().join("r.txt"), "Bonjour.\n").unwrap();
    let o = run(&["check", "--config", "maison.toml", "r.txt"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("maison.toml"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("max_words"), "{err}");

    std::fs::write(d.path().join("syntaxe.toml"), "[sentence-length\n").unwrap();
    let o = run(&["check", "--config", "syntaxe.toml", "r.txt"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 1"), "{}", stderr(&o));

    let o = run(&["check", "--config", "absent.toml", "r.txt"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("absent.toml"));
}

#[test]
fn tchatlint_toml_is_found_in_a_parent_directory() {
    let d = tmp();
    std::fs::write(
        d.path().join("tchatlint.toml"),
        "[sentence-length]\nmax_words = 3\n",
    )
    .unwrap();
    std::fs::create_dir(d.path().join("sous")).unwrap();
    std::fs::write(
        d.path().join("sous/r.txt"),
        "Je vérifie votre commande ce matin.\n",
    )
    .unwrap();
    let o = run(
        &["check", "r.txt", "--rule", "sentence-length"],
        &d.path().join("sous"),
    );
    assert!(
        stdout(&o).contains("phrase de 6 mots (au-delà de 3 mots)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn unknown_rule_is_a_usage_error() {
    let o = run_stdin(&["check", "-", "--rule", "pas-une-regle"], b"x");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pas-une-regle"));
    let o = run_stdin(&["explain", "sms"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sms-language"), "{}", stderr(&o));
    let o = run_stdin(&["check", "--format", "xml"], b"");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_and_explain_list_every_rule() {
    let o = run_stdin(&["rules"], b"");
    let out = stdout(&o);
    for e in tchatlint::rules::REGISTRY {
        assert!(out.contains(e.meta.id), "{out}");
        let o = run_stdin(&["explain", e.meta.id], b"");
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("## Pourquoi"));
    }
}

#[test]
fn fix_prints_and_write_replaces_atomically() {
    let d = tmp();
    let p = d.path().join("r.txt");
    // The block-length rule has no safe fix: the text must come back as is.
    let original = "Bonjour.\r\nJe vérifie.\r\n";
    std::fs::write(&p, original).unwrap();
    let o = run(&["fix", "r.txt", "--rule", "block-length"], d.path());
    assert_eq!(stdout(&o), original);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        original,
        "fix without --write never touches the file"
    );
    let o = run(
        &["fix", "r.txt", "--write", "--rule", "block-length"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 correction(s)"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), original);
    let o = run_stdin(&["fix", "-", "--write"], b"x");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_50_mb_file_is_checked_without_trouble() {
    let d = tmp();
    let p = d.path().join("gros.txt");
    let reply = "Bonjour Madame Martin, je vérifie votre commande.\r\nElle arrive jeudi.\r\n\r\n";
    let n = 50 * 1024 * 1024 / reply.len() + 1;
    std::fs::write(&p, reply.repeat(n)).unwrap();
    let o = run(
        &[
            "check",
            "gros.txt",
            "--rule",
            "sentence-length",
            "--rule",
            "block-length",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("aucun problème dans 1 fichier"));
}

/// One hook of `.pre-commit-hooks.yaml` (a flat list of `key: value`
/// entries, read without a YAML parser).
#[derive(Default, Debug)]
struct Hook {
    id: String,
    entry: String,
    files: String,
    pass_filenames: bool,
}

fn pre_commit_hooks() -> Vec<Hook> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).expect(".pre-commit-hooks.yaml");
    let mut hooks: Vec<Hook> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(id) = line.strip_prefix("- id: ") {
            hooks.push(Hook {
                id: id.trim().to_string(),
                pass_filenames: true,
                ..Hook::default()
            });
            continue;
        }
        let hook = hooks.last_mut().expect("a hook starts with `- id:`");
        let (key, value) = line.trim().split_once(": ").expect("key: value");
        let value = value.trim_matches(|c| c == '\'' || c == '"').to_string();
        match key {
            "entry" => hook.entry = value,
            "files" => hook.files = value,
            "pass_filenames" => hook.pass_filenames = value == "true",
            "language" => assert_eq!(value, "rust", "{}: built from this repository", hook.id),
            _ => {}
        }
    }
    hooks
}

/// Run `hook` in `dir` on `files` as pre-commit does: its entry, then the
/// file names (when it takes them), with the tchatlint under test first
/// on the PATH.
fn run_hook(hook: &Hook, dir: &Path, files: &[&str]) -> Output {
    let files_re = regex::Regex::new(&hook.files).expect("files is a regex");
    let chosen: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| files_re.is_match(f))
        .collect();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_tchatlint")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("{} \"$@\"", hook.entry))
        .arg(&hook.id)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1");
    if hook.pass_filenames {
        c.args(chosen);
    }
    c.output().expect("sh runs")
}

#[test]
fn pre_commit_hooks_check_replies_and_the_house_style() {
    let hooks = pre_commit_hooks();
    let find = |id: &str| hooks.iter().find(|h| h.id == id).expect(id);
    let d = tmp();
    std::fs::write(d.path().join("bonne.txt"), "Je vérifie votre commande.\n").unwrap();
    std::fs::write(
        d.path().join("sms.txt"),
        "Bonjour, slt, votre colis arrive.\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("tchatlint.toml"),
        "[sentence-length]\nmax_words = 20\n",
    )
    .unwrap();

    let replies = find("tchatlint");
    let o = run_hook(
        replies,
        d.path(),
        &["bonne.txt", "tchatlint.toml", "README.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = run_hook(replies, d.path(), &["bonne.txt", "sms.txt"]);
    assert_eq!(o.status.code(), Some(1), "a faulty reply fails the commit");
    assert!(stdout(&o).contains("sms-language"), "{}", stdout(&o));

    let config = find("tchatlint-config");
    let o = run_hook(config, d.path(), &["tchatlint.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(
        d.path().join("tchatlint.toml"),
        "[sentence-length]\nmax_words = \"x\"\n",
    )
    .unwrap();
    let o = run_hook(config, d.path(), &["tchatlint.toml"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a broken house style fails the commit"
    );
    assert!(stderr(&o).contains("max_words"), "{}", stderr(&o));
    std::fs::write(
        d.path().join("tchatlint.toml"),
        "[phrases]\nfile = \"phrases-absentes.toml\"\n",
    )
    .unwrap();
    let o = run_hook(config, d.path(), &["tchatlint.toml"]);
    assert_ne!(
        o.status.code(),
        Some(0),
        "a missing phrase library fails the commit"
    );
    let re = regex::Regex::new(&config.files).unwrap();
    assert!(re.is_match("tchatlint.toml") && re.is_match("equipe/phrases-sav.toml"));
    assert!(!re.is_match("Cargo.toml"));
}

#[test]
fn completions_know_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = run_stdin(&["completions", shell], b"");
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for command in ["check", "transcript", "grade", "serve", "completions"] {
            assert!(script.contains(command), "{shell} misses {command}");
        }
    }
    let o = run_stdin(&["completions", "bash"], b"");
    assert!(stdout(&o).contains("--deny"), "options are completed too");
    let o = run_stdin(&["completions", "tcsh"], b"");
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_is_roff_with_every_command() {
    let o = run_stdin(&["man"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.contains(".TH tchatlint 1"), "{page}");
    for command in [
        "check",
        "rules",
        "explain",
        "fix",
        "transcript",
        "grade",
        "man",
    ] {
        assert!(page.contains(command), "the man page misses {command}");
    }
    assert!(
        page.contains("charte rédactionnelle"),
        "the description is there"
    );
}
