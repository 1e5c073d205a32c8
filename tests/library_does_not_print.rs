//! The library never prints: only the binary (`src/main.rs`, `src/bin/`)
//! writes to the standard output and error. The library returns what to
//! show, or writes to the writers the binary gives it. This test reads
//! every other file of `src/` and fails on a print macro or a use of the
//! standard streams outside test code (`#[cfg(test)]` items, and the files
//! of `#[cfg(test)] mod NAME;`). Comments and string literals are not
//! code, so a doc comment may name what it likes.

use std::path::{Path, PathBuf};

/// What prints, or reaches the standard streams.
const FORBIDDEN: &[&str] = &[
    "print!",
    "println!",
    "eprint!",
    "eprintln!",
    "dbg!",
    "io::stdout",
    "io::stderr",
    "stdout()",
    "stderr()",
];

/// `text` with its comments, string literals and character literals
/// blanked out (each character a space, line breaks kept, so offsets and
/// line numbers stay).
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(c.len());
    let blank = |out: &mut Vec<char>, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    blank(&mut out, c[i]);
                    blank(&mut out, '*');
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    blank(&mut out, c[i]);
                    blank(&mut out, '/');
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if c[i] == 'r'
            && matches!(next, Some('"') | Some('#'))
            && (i == 0 || !ident(c[i - 1]) || (c[i - 1] == 'b' && (i < 2 || !ident(c[i - 2]))))
        {
            // A raw string: r"…", r#"…"#, br"…".
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                // `r#ident`, not a string.
                out.push(c[i]);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat('#').take(hashes))
                .collect();
            out.push('r');
            let mut k = i + 1;
            while k <= j {
                blank(&mut out, c[k]);
                k += 1;
            }
            while k < c.len() && !c[k..].starts_with(&close) {
                blank(&mut out, c[k]);
                k += 1;
            }
            for &ch in c.iter().skip(k).take(close.len()) {
                blank(&mut out, ch);
            }
            i = (k + close.len()).min(c.len());
        } else if c[i] == '"' {
            blank(&mut out, '"');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            if i < c.len() {
                blank(&mut out, '"');
                i += 1;
            }
        } else if c[i] == '\'' && (next == Some('\\') || c.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{…}'); a lone quote is a
            // lifetime or a label, left as it is.
            blank(&mut out, '\'');
            i += 1;
            if c.get(i) == Some(&'\\') {
                blank(&mut out, '\\');
                i += 1;
            }
            while i < c.len() && c[i] != '\'' {
                blank(&mut out, c[i]);
                i += 1;
            }
            if i < c.len() {
                blank(&mut out, '\'');
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// The byte ranges of `code` (from [`code_only`]) that are test code, and
/// the names of the `#[cfg(test)] mod NAME;` files it declares.
fn test_items(code: &str) -> (Vec<std::ops::Range<usize>>, Vec<String>) {
    let b = code.as_bytes();
    let mut ranges = Vec::new();
    let mut test_files = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let start = from + at;
        let mut i = start + "#[cfg(test)]".len();
        // Over the item's other attributes.
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) == Some(&b'#') {
                let mut depth = 0;
                while i < b.len() {
                    match b[i] {
                        b'[' => depth += 1,
                        b']' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            } else {
                break;
            }
        }
        let item = i;
        // The item ends at its first `;` outside braces, or with its body.
        let mut depth = 0usize;
        let mut end = b.len();
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    end = i + 1;
                    let words: Vec<&str> = code[item..i].split_whitespace().collect();
                    if let ["mod", name] | ["pub", "mod", name] | ["pub(crate)", "mod", name] =
                        words.as_slice()
                    {
                        test_files.push(name.to_string());
                    }
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        ranges.push(start..end);
        from = end;
    }
    (ranges, test_files)
}

/// `file:line: text` of every forbidden call in `text` outside test code.
fn prints_in(path: &Path, text: &str) -> (Vec<String>, Vec<String>) {
    let code = code_only(text);
    let (tests, test_files) = test_items(&code);
    // Line number → its text, each line once.
    let mut found = std::collections::BTreeMap::new();
    for pattern in FORBIDDEN {
        for (at, _) in code.match_indices(pattern) {
            // `print!` is not also reported inside `eprint!`.
            let before = code[..at].chars().next_back();
            if pattern.ends_with('!') && before.is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
            {
                continue;
            }
            if tests.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let line = code[..at].matches('\n').count();
            let source = text.lines().nth(line).unwrap_or("").trim();
            found.insert(line + 1, source);
        }
    }
    let found = found
        .into_iter()
        .map(|(line, source)| format!("{}:{line}: {source}", path.display()))
        .collect();
    (found, test_files)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_library_never_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let binary = |p: &Path| p == src.join("main.rs") || p.starts_with(src.join("bin"));
    let mut found = Vec::new();
    let mut test_only = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let (prints, test_files) = prints_in(path.strip_prefix(root).unwrap(), &text);
        // `mod NAME;` is `NAME.rs` or `NAME/mod.rs`, beside `lib.rs` and
        // `mod.rs`, or in the folder named after the file.
        let dir = match path.file_name().and_then(|n| n.to_str()) {
            Some("lib.rs" | "main.rs" | "mod.rs") => path.parent().unwrap().to_path_buf(),
            _ => path.with_extension(""),
        };
        for name in test_files {
            test_only.push(dir.join(format!("{name}.rs")));
            test_only.push(dir.join(&name).join("mod.rs"));
        }
        if !binary(path) {
            found.push((path.clone(), prints));
        }
    }
    let found: Vec<String> = found
        .into_iter()
        .filter(|(path, _)| !test_only.contains(path))
        .flat_map(|(_, prints)| prints)
        .collect();
    assert!(
        files.len() > 50,
        "src/ not found or nearly empty: {}",
        files.len()
    );
    assert!(
        found.is_empty(),
        "the library prints; return the text, or write to a writer the binary gives:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_guard_sees_code_and_skips_tests_comments_and_strings() {
    let text = r##"
/// Doc: println!("x") and std::io::stdout() are named here only.
fn shown() -> &'static str {
    let _c = '{';
    let _s = "println!(\"{\" ) std::io::stderr()";
    let _r = r#"eprintln!("}")"#;
    /* print!("x") /* nested */ dbg!(1) */
    "ok"
}

#[cfg(test)]
static ONLY_IN_TESTS: () = ();

fn prints() {
    eprintln!("caught");
}

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    fn _f() {
        let _brace = "}}}";
        println!("fine in a test");
        let _ = std::io::stdout();
    }
}

#[cfg(test)]
mod more;

fn writes() {
    let _ = std::io::stdout().lock();
}
"##;
    let (found, test_files) = prints_in(Path::new("x.rs"), text);
    assert_eq!(
        found,
        [
            "x.rs:15: eprintln!(\"caught\");",
            "x.rs:32: let _ = std::io::stdout().lock();",
        ]
    );
    assert_eq!(test_files, ["more"]);
}
