//! The README's rule table is generated from the registries (ids,
//! summaries) and the embedded house style (default levels): this test
//! fails when it is stale, and `UPDATE_README=1 cargo test --test readme`
//! rewrites it.

use std::path::Path;
use tchatlint::Config;

const START: &str = "<!-- RULE-TABLE";
const END: &str = "<!-- /RULE-TABLE -->";

/// The table as it must read.
fn table() -> String {
    let config = Config::default();
    let mut out = String::from("Message rules (every reply; `tchatlint check`):\n\n");
    out.push_str("| rule | default level | résumé |\n|---|---|---|\n");
    for e in tchatlint::rules::REGISTRY {
        let level = (e.level)(&config).as_str();
        out.push_str(&format!(
            "| `{}` | {level} | {} |\n",
            e.meta.id, e.meta.summary
        ));
    }
    out.push_str("\nConversation rules (whole transcripts; `tchatlint transcript`):\n\n");
    out.push_str("| rule | default level | résumé |\n|---|---|---|\n");
    for e in tchatlint::conversation_rules::REGISTRY {
        let level = (e.level)(&config).as_str();
        out.push_str(&format!(
            "| `{}` | {level} | {} |\n",
            e.meta.id, e.meta.summary
        ));
    }
    out.push('\n');
    out
}

#[test]
fn readme_rule_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme
        .find(START)
        .expect("README has the RULE-TABLE marker");
    let body = start + readme[start..].find('\n').expect("marker line") + 1;
    let end = readme.find(END).expect("README has the /RULE-TABLE marker");
    let expected = table();
    if readme[body..end] == expected {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{expected}{}", &readme[..body], &readme[end..]);
        std::fs::write(&path, updated).expect("README.md written");
        return;
    }
    panic!(
        "the README's rule table is stale; run `UPDATE_README=1 cargo test --test readme`.\nExpected:\n{expected}"
    );
}

/// GitHub's anchor for a heading: lower case, punctuation dropped,
/// spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks).
fn anchors(markdown: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// Every relative link of the README and docs/ leads to a file that exists
/// and, with `#anchor`, to one of its headings.
#[test]
fn readme_and_docs_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("extension/README.md")];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let path = entry.expect("docs entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut dead = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("markdown file");
        for cap in link.captures_iter(&text) {
            let target = &cap[1];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
            let linked = if path.is_empty() {
                file.clone()
            } else {
                file.parent().expect("a folder").join(path)
            };
            if !linked.exists() {
                dead.push(format!("{}: {target} (no such file)", file.display()));
            } else if !anchor.is_empty() {
                let md = std::fs::read_to_string(&linked).unwrap_or_default();
                if !anchors(&md).iter().any(|a| a == anchor) {
                    dead.push(format!("{}: {target} (no such heading)", file.display()));
                }
            }
        }
    }
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
}
