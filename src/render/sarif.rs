//! SARIF 2.1.0, for code-scanning tools, written as the findings come
//! (the log of a large run is never held whole).

use super::json::pretty_at;
use crate::diagnostic::{Diagnostic, Position, Severity};
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

/// The opening of the log, up to its list of results: the tool and its
/// rules come first, so that results can be written as they come.
pub fn begin<W: std::io::Write + ?Sized>(out: &mut W) -> std::io::Result<()> {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|e| rule_descriptor(e.meta.id, e.meta.summary, &e.meta.explain()))
        .collect();
    let tool = json!({ "driver": {
        "name": "tchatlint",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://crates.io/crates/tchatlint",
        "rules": rules,
    }});
    out.write_all(
        b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ",
    )?;
    out.write_all(&pretty_at(&tool, 3))?;
    out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")
}

/// One result (its start at `pos`), as an element of the list of results;
/// the caller writes the comma between two.
/// `d`'s span is into `text`, which starts at byte `base` of the file.
pub fn write_result(
    out: &mut Vec<u8>,
    path: &str,
    text: &str,
    base: usize,
    d: &Diagnostic,
    pos: Position,
) {
    let end = super::position::position_after(text, d.span.start, pos, d.span.end);
    let offset = base + d.span.start;
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
                "artifactLocation": { "uri": path },
                "region": {
                    "startLine": pos.line,
                    "startColumn": pos.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                    "byteOffset": offset,
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
                            "artifactLocation": { "uri": path },
                            "replacements": [{
                                "deletedRegion": { "byteOffset": offset, "byteLength": d.span.len() },
                                "insertedContent": { "text": s }
                            }]
                        }]
                    })
                })
                .collect(),
        );
    }
    out.extend_from_slice(b"\n        ");
    out.extend_from_slice(&pretty_at(&result, 4));
}

/// The closing of the log (`any`: results were written). Findings left out
/// by the cap on one text's output ([`super::SHOWN_PER_FORM`]) are
/// listed in the run's properties, as `omitted`: `[{"uri", "ruleId",
/// "count"}]`.
pub fn finish<W: std::io::Write + ?Sized>(
    out: &mut W,
    any: bool,
    omitted: &[(String, &'static str, usize)],
) -> std::io::Result<()> {
    out.write_all(if any { &b"\n      ]"[..] } else { b"]" })?;
    if !omitted.is_empty() {
        let list: Vec<Value> = omitted
            .iter()
            .map(|(uri, rule, n)| json!({ "uri": uri, "ruleId": rule, "count": n }))
            .collect();
        out.write_all(b",\n      \"properties\": ")?;
        out.write_all(&pretty_at(&json!({ "omitted": list }), 3))?;
    }
    out.write_all(b"\n    }\n  ]\n}\n")
}
