//! The command line's help speaks French: no English heading, flag
//! description or note of clap's in the help of any command, in its
//! errors or in the man page.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tchatlint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// What clap writes in English.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "Print help",
    "Print version",
    "Print this message",
    "[default:",
    "[possible values:",
    "For more information",
    "error:",
    "unexpected argument",
    "<ID>",
    "<SHELL>",
    "<COLOR>",
    "<COMMAND>",
    "<HOST:PORT>",
];

fn assert_french(what: &str, out: &str) {
    for e in ENGLISH {
        assert!(!out.contains(e), "{what}: « {e} » in\n{out}");
    }
}

fn subcommands() -> Vec<String> {
    let help = text(&run(&["--help"]));
    let after = help
        .split("Commandes :")
        .nth(1)
        .expect("a « Commandes : » heading");
    let before_options = after.split("Options :").next().unwrap_or(after);
    before_options
        .lines()
        // A command's line; its description's next lines are indented more.
        .filter_map(|l| l.strip_prefix("  ").filter(|r| !r.starts_with(' ')))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn help_of_every_command_is_in_french() {
    let top = run(&["--help"]);
    assert!(top.status.success());
    let out = text(&top);
    assert_french("tchatlint --help", &out);
    assert!(
        out.contains("Utilisation :") && out.contains("Affiche l'aide"),
        "{out}"
    );
    assert!(out.contains("Affiche la version"), "{out}");
    let subs = subcommands();
    assert!(subs.len() >= 8, "{subs:?}");
    for s in &subs {
        for flag in ["--help", "-h"] {
            let o = run(&[s, flag]);
            assert!(o.status.success(), "{s} {flag}");
            let out = text(&o);
            assert_french(&format!("tchatlint {s} {flag}"), &out);
            assert!(out.contains("Utilisation :"), "{s}: {out}");
        }
    }
    let check = text(&run(&["check", "--help"]));
    assert!(
        check.contains("[valeurs\u{a0}: human, json, sarif]"),
        "{check}"
    );
    assert!(check.contains("[par\u{a0}défaut\u{a0}: human]"), "{check}");
    assert!(check.contains("<RÈGLE>"), "{check}");
}

#[test]
fn errors_are_in_french() {
    for args in [
        &["check", "--no-such-flag"][..],
        &["no-such-command"],
        &["check", "--format", "xml"],
        &["explain"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let out = text(&o);
        assert_french(&format!("{args:?}"), &out);
        assert!(out.contains("erreur : "), "{args:?}: {out}");
    }
    let out = text(&run(&["check", "--format", "xml"]));
    assert!(
        out.contains("« xml »") && out.contains("human, json, sarif"),
        "{out}"
    );
    let v = run(&["--version"]);
    assert!(v.status.success() && text(&v).starts_with("tchatlint "));
}

#[test]
fn man_page_headings_are_in_french() {
    let o = run(&["man"]);
    assert!(o.status.success());
    let roff = text(&o);
    for h in [
        ".SH NAME",
        ".SH SUBCOMMANDS",
        "Print help",
        "[default:",
        "[possible values:",
    ] {
        assert!(!roff.contains(h), "« {h} » in the man page");
    }
    assert!(
        roff.contains(".SH NOM") && roff.contains(".SH COMMANDES"),
        "{roff}"
    );
}
