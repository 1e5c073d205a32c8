//! The stable JSON output, version 1:
//! `{"version":1,"files":[{"path","diagnostics":[{"rule","severity","message",
//! "help","span":{"start","end","line","column"},"suggestions"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Offsets are bytes
//! (start inclusive, end exclusive); line and column are 1-based, the
//! column in characters. A file whose findings were capped
//! ([`super::SHOWN_PER_FORM`] per rule and form) also has
//! `"omitted": {"rule": count}` after its diagnostics.

use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, LineIndex, Position};
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
            diagnostics: {
                // Diagnostics come sorted: count columns on from the last.
                let mut last: Option<(usize, Position)> = None;
                r.diagnostics
                    .iter()
                    .map(|d| {
                        let start = d.span.start;
                        let pos = match last {
                            Some(from) => index.position_from(&r.text, from, start),
                            None => index.position(&r.text, start),
                        };
                        last = Some((start.min(r.text.len()), pos));
                        JsonDiagnostic::at(d, pos)
                    })
                    .collect()
            },
        }
    }
}

/// One diagnostic as it appears in the JSON output.
#[derive(Serialize, Debug, Clone)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub help: Option<&'a str>,
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
        Self::at(d, index.position(text, d.span.start))
    }

    /// The diagnostic, its start being at `pos`.
    pub fn at(d: &'a Diagnostic, pos: Position) -> Self {
        JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
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
/// of megabytes of JSON), already indented for its place; the result is
/// what `serde_json::to_string_pretty` gives for the whole document.
pub fn render(reports: &[FileReport]) -> String {
    let files: Vec<Vec<u8>> = reports.par_iter().map(render_file).collect();
    let size: usize = files.iter().map(|f| f.len() + 8).sum();
    let mut out = Vec::with_capacity(size + 256);
    write_document(&mut out, &files, Summary::of(reports))
        .expect("writing to memory does not fail");
    // Only whole UTF-8 strings and ASCII were written.
    String::from_utf8(out).expect("JSON output is UTF-8")
}

/// One file's part of the document (an element of `files`), as
/// [`write_document`] places it. A caller that checks many files can render
/// each as soon as it is checked and let its text and findings go.
pub fn render_file(report: &FileReport) -> Vec<u8> {
    // Written directly: the layout of a file's part is fixed, and this is
    // the hot path of a check over a folder (430 bytes a finding on average).
    // `same_as_one_serde_pass` holds it to serde_json's output.
    let mut out = Vec::with_capacity(256 + 512 * report.diagnostics.len());
    file_begin(&mut out, &report.path);
    let file = File::of(report);
    for (i, d) in file.diagnostics.iter().enumerate() {
        file_diagnostic(&mut out, d, i == 0);
    }
    file_end(&mut out, !file.diagnostics.is_empty(), &[]);
    out
}

/// The opening of a file's part, up to its list of diagnostics.
pub fn file_begin(out: &mut Vec<u8>, path: &str) {
    out.extend_from_slice(b"{\n      \"path\": ");
    write_str(out, path);
    out.extend_from_slice(b",\n      \"diagnostics\": [");
}

/// One diagnostic of a file's part (`first` in its list or not).
pub fn file_diagnostic(out: &mut Vec<u8>, d: &JsonDiagnostic<'_>, first: bool) {
    out.extend_from_slice(if first {
        b"\n        {\n          \"rule\": "
    } else {
        b",\n        {\n          \"rule\": "
    });
    write_str(out, d.rule);
    out.extend_from_slice(b",\n          \"severity\": ");
    write_str(out, d.severity);
    out.extend_from_slice(b",\n          \"message\": ");
    write_str(out, d.message);
    out.extend_from_slice(b",\n          \"help\": ");
    match d.help {
        Some(h) => write_str(out, h),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n          \"span\": {\n            \"start\": ");
    write_uint(out, d.span.start);
    out.extend_from_slice(b",\n            \"end\": ");
    write_uint(out, d.span.end);
    out.extend_from_slice(b",\n            \"line\": ");
    write_uint(out, d.span.line);
    out.extend_from_slice(b",\n            \"column\": ");
    write_uint(out, d.span.column);
    out.extend_from_slice(b"\n          },\n          \"suggestions\": [");
    for (j, s) in d.suggestions.iter().enumerate() {
        out.extend_from_slice(if j == 0 {
            b"\n            "
        } else {
            b",\n            "
        });
        write_str(out, s);
    }
    if !d.suggestions.is_empty() {
        out.extend_from_slice(b"\n          ");
    }
    out.extend_from_slice(b"]\n        }");
}

/// The closing of a file's part: the end of its list of diagnostics (`any`
/// when it holds some), then, only when findings were left out by the cap
/// on one text's output, `"omitted": {"rule": count, …}`.
pub fn file_end(out: &mut Vec<u8>, any: bool, omitted: &[(&str, usize)]) {
    out.extend_from_slice(if any { &b"\n      ]"[..] } else { b"]" });
    if !omitted.is_empty() {
        out.extend_from_slice(b",\n      \"omitted\": {");
        for (i, (rule, n)) in omitted.iter().enumerate() {
            out.extend_from_slice(if i == 0 {
                &b"\n        "[..]
            } else {
                b",\n        "
            });
            write_str(out, rule);
            out.extend_from_slice(b": ");
            write_uint(out, *n);
        }
        out.extend_from_slice(b"\n      }");
    }
    out.extend_from_slice(b"\n    }");
}

pub(crate) fn write_uint(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"`, `\\` and
/// control characters only (named when JSON names them, else `\u00XX`).
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            let named: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0x00..=0x1f => b"",
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(&bytes[done..i]);
            if named.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            } else {
                out.extend_from_slice(named);
            }
            i += 1;
            done = i;
        }
    }
    out.extend_from_slice(&bytes[done..]);
    out.push(b'"');
}

/// Does one of these eight bytes need escaping in JSON: below 0x20, `"`
/// or `\\`? (Exact, by the "has a byte less than n" and "has a zero byte"
/// bit tricks; bytes of 0x80 and above never match.)
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    let quote = zero_byte(x ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(x ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) != 0
}

/// Write the document made of the files' parts ([`render_file`], in order)
/// and the summary of all of them.
pub fn write_document<W: std::io::Write + ?Sized, F: AsRef<[u8]>>(
    out: &mut W,
    files: &[F],
    summary: Summary,
) -> std::io::Result<()> {
    let mut doc = DocumentWriter::begin(out)?;
    for f in files {
        doc.file(out, f.as_ref())?;
    }
    doc.finish(out, summary)
}

/// The document written as it goes: the opening, each file's part
/// ([`render_file`]) as soon as it is ready, then the summary. What it
/// writes is what [`render`] returns.
#[derive(Debug)]
pub struct DocumentWriter {
    files: usize,
}

impl DocumentWriter {
    pub fn begin<W: std::io::Write + ?Sized>(out: &mut W) -> std::io::Result<Self> {
        out.write_all(b"{\n  \"version\": 1,\n  \"files\": [")?;
        Ok(DocumentWriter { files: 0 })
    }

    pub fn file<W: std::io::Write + ?Sized>(
        &mut self,
        out: &mut W,
        part: &[u8],
    ) -> std::io::Result<()> {
        out.write_all(self.next_file())?;
        out.write_all(part)
    }

    /// What goes before the next file's part (which the caller writes
    /// itself, right after).
    pub fn next_file(&mut self) -> &'static [u8] {
        self.files += 1;
        if self.files == 1 {
            b"\n    "
        } else {
            b",\n    "
        }
    }

    pub fn finish<W: std::io::Write + ?Sized>(
        self,
        out: &mut W,
        summary: Summary,
    ) -> std::io::Result<()> {
        if self.files > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"],\n  \"summary\": ")?;
        out.write_all(&pretty_at(&summary, 1))?;
        out.write_all(b"\n}\n")
    }
}

/// `value` pretty-printed (two spaces a level) as it appears `level` levels
/// deep in a document: its inner lines carry the indentation of that depth,
/// its first line none (the caller writes it).
pub(crate) fn pretty_at<T: Serialize>(value: &T, level: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        Nested {
            level,
            has_value: false,
        },
    );
    value.serialize(&mut ser).expect("JSON output serialises");
    out
}

/// serde_json's pretty layout (two spaces a level) starting at a given
/// depth.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        // `,` and a line break, then the indentation: one write at the
        // usual depths.
        const BREAK: &[u8; 66] =
            b",\n                                                                ";
        let mut n = self.level * 2;
        let head = if comma { &BREAK[..] } else { &BREAK[1..] };
        let k = n.min(64);
        w.write_all(&head[..head.len() - 64 + k])?;
        n -= k;
        while n > 0 {
            let k = n.min(64);
            w.write_all(&BREAK[2..2 + k])?;
            n -= k;
        }
        Ok(())
    }
}

impl Nested {
    /// An array or object opens: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, sign: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(sign)
    }

    /// It closes: on its own line when it held something.
    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, sign: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(sign)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Linter};

    /// Any depth is indented as serde_json does, past the 32 levels one
    /// write covers too.
    #[test]
    fn deep_values_are_indented_as_serde_json_does() {
        let mut v = serde_json::json!({"a": [1, "x"]});
        for i in 0..40 {
            v = serde_json::json!({ "k": [i, v, {"z": null}] });
        }
        assert_eq!(
            String::from_utf8(pretty_at(&v, 0)).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }

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

    /// Strings that need escaping, a finding without help, one without
    /// suggestions and one with several, past the first line: the part
    /// written by hand is serde_json's.
    #[test]
    fn hand_written_part_is_serde_jsons() {
        use crate::diagnostic::{Applicability, Severity, Span};
        let text = "a\"b\\c\n\té\u{1}\u{7f}\r\nligne 2 \u{2028} 🙂 fin\n";
        let diag =
            |start: usize, message: &str, help: Option<&str>, suggestions: &[&str]| Diagnostic {
                rule: "spelling",
                severity: Severity::Error,
                message: message.to_string(),
                help: help.map(str::to_string),
                span: Span::new(start, start + 1),
                suggestions: suggestions.iter().map(|s| s.to_string()).collect(),
                applicability: Applicability::Unsafe,
            };
        let report = FileReport::new(
            "dossier \"x\"\\y\u{8}\u{c}.txt",
            text,
            vec![
                diag(0, "« \"guillemets\" » et \\ barre", None, &[]),
                diag(
                    3,
                    "contrôle \u{0}\u{1f} et \u{7f}",
                    Some("aide\tici"),
                    &["un"],
                ),
                diag(text.len() - 4, "fin", Some("🙂"), &["a\nb", "", "c\"d"]),
            ],
        );
        let expected = serde_json::to_string_pretty(&File::of(&report)).unwrap();
        let expected = expected.replace('\n', "\n    ");
        assert_eq!(String::from_utf8(render_file(&report)).unwrap(), expected);
        let empty = FileReport::new("vide.txt", "", vec![]);
        let expected = serde_json::to_string_pretty(&File::of(&empty)).unwrap();
        assert_eq!(
            String::from_utf8(render_file(&empty)).unwrap(),
            expected.replace('\n', "\n    ")
        );
    }

    proptest::proptest! {
        /// Any string is escaped as serde_json escapes it.
        #[test]
        fn strings_are_escaped_as_serde_json_does(s in "(?s).{0,40}", t in "[\\x00-\\x7f]{0,40}") {
            for s in [&s, &t] {
                let mut out = Vec::new();
                write_str(&mut out, s);
                proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap());
            }
        }

        /// Numbers are written as serde_json writes them.
        #[test]
        fn numbers_are_written_as_serde_json_does(n in proptest::num::usize::ANY) {
            let mut out = Vec::new();
            write_uint(&mut out, n);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
