//! SARIF 2.1.0, for code-scanning tools.

use super::FileReport;
use crate::diagnostic::Severity;
use crate::rules::REGISTRY;
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF `reportingDescriptor` for one rule.
pub fn rule_descriptor(id: &str, summary: &str, explain: &str) -> Value {
    json!({
        "id": id,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": summary },
        "help": { "text": explain, "markdown": explain },
    })
}

/// A SARIF 2.1.0 log of one tchatlint run, with `properties` on the run
/// when given.
pub fn log(rules: Vec<Value>, results: Vec<Value>, properties: Option<Value>) -> Value {
    let mut run = json!({
        "tool": { "driver": {
            "name": "tchatlint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/tchatlint",
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let (Some(p), Some(run)) = (properties, run.as_object_mut()) {
        run.insert("properties".into(), p);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    })
}

/// The SARIF log for `reports`, one run.
pub fn render(reports: &[FileReport]) -> String {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|e| rule_descriptor(e.meta.id, e.meta.summary, &e.meta.explain()))
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let index = r.line_index();
        for d in &r.diagnostics {
            let start = index.position(&r.text, d.span.start);
            let end = index.position(&r.text, d.span.end);
            let rule_index = REGISTRY.iter().position(|e| e.meta.id == d.rule);
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": match &d.help {
                    Some(h) => format!("{} ({h})", d.message),
                    None => d.message.clone(),
                } },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": r.path },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                            "byteOffset": d.span.start,
                            "byteLength": d.span.len(),
                        }
                    }
                }],
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if !d.suggestions.is_empty() {
                result["fixes"] = Value::Array(
                    d.suggestions
                        .iter()
                        .map(|s| {
                            json!({
                                "description": { "text": format!("remplacer par « {s} »") },
                                "artifactChanges": [{
                                    "artifactLocation": { "uri": r.path },
                                    "replacements": [{
                                        "deletedRegion": { "byteOffset": d.span.start, "byteLength": d.span.len() },
                                        "insertedContent": { "text": s }
                                    }]
                                }]
                            })
                        })
                        .collect(),
                );
            }
            results.push(result);
        }
    }
    let log = log(rules, results, None);
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    s.push('\n');
    s
}
