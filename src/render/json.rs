//! The stable JSON output, version 1:
//! `{"version":1,"files":[{"path","diagnostics":[{"rule","severity","message",
//! "help","span":{"start","end","line","column"},"suggestions"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Offsets are bytes
//! (start inclusive, end exclusive); line and column are 1-based, the
//! column in characters.

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
    pretty_at(&File::of(report), 2)
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
        out.write_all(if self.files == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.files += 1;
        out.write_all(part)
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
fn pretty_at<T: Serialize>(value: &T, level: usize) -> Vec<u8> {
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
}
