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
