//! The stable JSON output, version 1:
//! `{"version":1,"files":[{"path","diagnostics":[{"rule","severity","message",
//! "help","span":{"start","end","line","column"},"suggestions"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Offsets are bytes
//! (start inclusive, end exclusive); line and column are 1-based, the
//! column in characters.

use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, LineIndex};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// One diagnostic as it appears in the JSON output.
#[derive(Serialize, Debug, Clone)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub help: Option<String>,
    pub span: JsonSpan,
    pub suggestions: &'a [String],
}

/// A span with byte offsets and a 1-based line and column.
#[derive(Serialize, Debug, Clone, Copy)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(d: &'a Diagnostic, text: &str, index: &LineIndex) -> Self {
        let pos = index.position(text, d.span.start);
        JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.clone(),
            span: JsonSpan {
                start: d.span.start,
                end: d.span.end,
                line: pos.line,
                column: pos.column,
            },
            suggestions: &d.suggestions,
        }
    }
}

/// The whole JSON document, pretty-printed.
pub fn render(reports: &[FileReport]) -> String {
    let files = reports
        .iter()
        .map(|r| {
            let index = r.line_index();
            File {
                path: &r.path,
                diagnostics: r
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(d, &r.text, &index))
                    .collect(),
            }
        })
        .collect();
    let out = Output {
        version: 1,
        files,
        summary: Summary::of(reports),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("JSON output serialises");
    s.push('\n');
    s
}
