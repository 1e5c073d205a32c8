//! The stable JSON output, version 1:
//! `{"version":1,"files":[{"path","diagnostics":[{"rule","severity","message",
//! "help","span":{"start","end","line","column"},"suggestions"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Offsets are bytes
//! (start inclusive, end exclusive); line and column are 1-based, the
//! column in characters.

use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, LineIndex};
use rayon::prelude::*;
use serde::Serialize;

/// The whole document (assembled by hand in [`render`]).
#[cfg(test)]
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

impl<'a> File<'a> {
    fn of(r: &'a FileReport) -> Self {
        let index = r.line_index();
        File {
            path: &r.path,
            diagnostics: r
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(d, &r.text, &index))
                .collect(),
        }
    }
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

/// The whole JSON document, pretty-printed. Each file's part is
/// serialised on its own (in parallel: a folder of transcripts gives tens
/// of megabytes of JSON) and indented into place; the result is what
/// `serde_json::to_string_pretty` gives for the whole document.
pub fn render(reports: &[FileReport]) -> String {
    let files: Vec<Vec<u8>> = reports
        .par_iter()
        .map(|r| {
            let json = serde_json::to_vec_pretty(&File::of(r)).expect("JSON output serialises");
            indented(&json, "    ")
        })
        .collect();
    let summary = serde_json::to_vec_pretty(&Summary::of(reports)).expect("JSON output serialises");
    let size: usize = files.iter().map(|f| f.len() + 2).sum();
    let mut out = Vec::with_capacity(size + summary.len() + 64);
    out.extend_from_slice(b"{\n  \"version\": 1,\n  \"files\": [");
    for (i, f) in files.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        out.extend_from_slice(f);
    }
    if !files.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.extend_from_slice(b"],\n  \"summary\": ");
    let summary = indented(&summary, "  ");
    out.extend_from_slice(&summary[2..]);
    out.extend_from_slice(b"\n}\n");
    // Only whole UTF-8 strings and ASCII were written.
    String::from_utf8(out).expect("JSON output is UTF-8")
}

/// `json` with `pad` before every line (a JSON string never holds a raw
/// line break, so every `\n` is between two lines of the layout).
fn indented(json: &[u8], pad: &str) -> Vec<u8> {
    let lines = memchr::memchr_iter(b'\n', json).count() + 1;
    let mut out = Vec::with_capacity(json.len() + lines * pad.len());
    let mut start = 0;
    out.extend_from_slice(pad.as_bytes());
    for nl in memchr::memchr_iter(b'\n', json) {
        out.extend_from_slice(&json[start..=nl]);
        out.extend_from_slice(pad.as_bytes());
        start = nl + 1;
    }
    out.extend_from_slice(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Linter};

    /// The assembled document is what serde_json gives for the whole.
    #[test]
    fn same_as_one_serde_pass() {
        let linter = Linter::new(Config::default()).unwrap();
        for texts in [
            vec![],
            vec!["Bonjour, je vérifie."],
            vec![
                "slt, pas de problème :)\n\nà+",
                "",
                "Tu peux me donner ton code ?",
            ],
        ] {
            let reports: Vec<FileReport> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| FileReport::new(format!("r\"{i}.txt"), *t, linter.check(t)))
                .collect();
            let files = reports.iter().map(File::of).collect();
            let whole = Output {
                version: 1,
                files,
                summary: Summary::of(&reports),
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(render(&reports), expected);
        }
    }
}
