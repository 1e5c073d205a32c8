//! One file's findings rendered as they come, in any output format, with
//! bounded memory: a large file is checked piece by piece and each piece's
//! findings are rendered and let go before the next. What one text can
//! produce is capped ([`Cap`]), and the output says what was left out.

pub use super::position::{position_after, Cursor};
pub use super::SHOWN_PER_FORM;
use super::{human, json, sarif, Summary};
use crate::cli::OutputFormat;
use crate::diagnostic::Diagnostic;
use crate::spell::FxHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Forms counted in one text, at most: past them, findings of new forms
/// are all shown (memory stays bounded on a text of distinct forms).
const MAX_FORMS: usize = 100_000;

/// The cap on what one text shows ([`SHOWN_PER_FORM`]).
#[derive(Debug, Default)]
pub struct Cap {
    seen: HashMap<(&'static str, u64), u32, BuildHasherDefault<FxHasher>>,
    omitted: BTreeMap<&'static str, usize>,
}

impl Cap {
    /// True when `d` (its span into `text`) is shown; false when it is
    /// counted as left out.
    pub fn admit(&mut self, d: &Diagnostic, text: &str) -> bool {
        let key = (d.rule, form_hash(d.span.slice(text)));
        let tracked = self.seen.len();
        match self.seen.get_mut(&key) {
            Some(n) if *n >= SHOWN_PER_FORM => {
                *self.omitted.entry(d.rule).or_default() += 1;
                false
            }
            Some(n) => {
                *n += 1;
                true
            }
            None => {
                if tracked < MAX_FORMS {
                    self.seen.insert(key, 1);
                }
                true
            }
        }
    }

    /// Findings left out, by rule (in the order of rule ids).
    pub fn omitted(&self) -> Vec<(&'static str, usize)> {
        self.omitted.iter().map(|(&r, &n)| (r, n)).collect()
    }
}

/// A hash of `form` folded to lower case (ASCII letters; accented capitals
/// are rare in repeated forms). Long spans (whole sentences) are hashed on
/// their first 256 bytes and their length. Every shown finding goes
/// through it: the bytes are folded into a buffer on the stack and hashed
/// eight at a time.
fn form_hash(form: &str) -> u64 {
    let bytes = &form.as_bytes()[..form.len().min(256)];
    let mut folded = [0u8; 256];
    for (f, b) in folded.iter_mut().zip(bytes) {
        *f = b.to_ascii_lowercase();
    }
    let mut h = FxHasher::default();
    h.write_usize(form.len());
    h.write(&folded[..bytes.len()]);
    h.finish()
}

/// What a file's part of the output needs once it is written.
#[derive(Debug, Default)]
pub struct FileDone {
    /// Every finding counted, shown or not (one file).
    pub summary: Summary,
    /// Findings left out by the cap, by rule.
    pub omitted: Vec<(&'static str, usize)>,
    /// SARIF results written in this part.
    pub results: usize,
}

/// One file's part of the output, written as its findings come.
pub struct FileStream<'a> {
    format: OutputFormat,
    renderer: annotate_snippets::Renderer,
    path: &'a str,
    cap: Cap,
    cursor: Cursor,
    summary: Summary,
    shown: usize,
    /// SARIF: a result was written before this part in the document (the
    /// first result of the part then needs a separator).
    results_before: bool,
}

impl<'a> FileStream<'a> {
    /// Start the part of `path`: for JSON, its opening goes to `out`.
    /// `results_before` is for SARIF (see the field).
    pub fn begin(
        format: OutputFormat,
        color: bool,
        path: &'a str,
        results_before: bool,
        out: &mut Vec<u8>,
    ) -> Self {
        if format == OutputFormat::Json {
            json::file_begin(out, path);
        }
        FileStream {
            format,
            renderer: human::renderer(color),
            path,
            cap: Cap::default(),
            cursor: Cursor::default(),
            summary: Summary::default(),
            shown: 0,
            results_before,
        }
    }

    /// Render the findings of `piece`, the part of the file from byte
    /// `base` on (right after the pieces pushed before), whose spans are
    /// into `piece` and sorted.
    pub fn push(
        &mut self,
        base: usize,
        piece: &str,
        diagnostics: &[Diagnostic],
        out: &mut Vec<u8>,
    ) {
        for d in diagnostics {
            self.summary.count(d.severity);
            if !self.cap.admit(d, piece) {
                continue;
            }
            let (pos, line_start) = self.cursor.advance(piece, base, base + d.span.start);
            match self.format {
                OutputFormat::Human => {
                    // A line begun in an earlier piece is shown from the
                    // start of this one, as a long line is.
                    let line = line_start.checked_sub(base);
                    let rendered = human::render_at(&self.renderer, self.path, piece, d, pos, line);
                    out.extend_from_slice(rendered.as_bytes());
                    out.extend_from_slice(b"\n\n");
                }
                OutputFormat::Json => {
                    let mut j = json::JsonDiagnostic::at(d, pos);
                    j.span.start += base;
                    j.span.end += base;
                    json::file_diagnostic(out, &j, self.shown == 0);
                }
                OutputFormat::Sarif => {
                    if self.shown > 0 || self.results_before {
                        out.push(b',');
                    }
                    sarif::write_result(out, self.path, piece, base, d, pos);
                }
            }
            self.shown += 1;
        }
        self.cursor.advance(piece, base, base + piece.len());
    }

    /// Close the part: the note on what was left out, the JSON closing.
    pub fn end(self, out: &mut Vec<u8>) -> FileDone {
        let omitted = self.cap.omitted();
        match self.format {
            OutputFormat::Human => human::omitted_note(out, self.path, &omitted),
            OutputFormat::Json => json::file_end(out, self.shown > 0, &omitted),
            OutputFormat::Sarif => {}
        }
        let mut summary = self.summary;
        summary.files += 1;
        FileDone {
            summary,
            omitted,
            results: if self.format == OutputFormat::Sarif {
                self.shown
            } else {
                0
            },
        }
    }
}

/// One file's part, whole: what a thread renders for a small file.
pub fn render_part(
    format: OutputFormat,
    color: bool,
    path: &str,
    text: &str,
    diagnostics: &[Diagnostic],
) -> (Vec<u8>, FileDone) {
    let mut out = Vec::with_capacity(256 + 512 * diagnostics.len());
    let mut file = FileStream::begin(format, color, path, false, &mut out);
    file.push(0, text, diagnostics, &mut out);
    let done = file.end(&mut out);
    (out, done)
}

/// The whole document, written as the files' parts come: the JSON and
/// SARIF openings and closings and the separators between parts.
#[derive(Debug)]
pub struct DocumentStream {
    format: OutputFormat,
    json: Option<json::DocumentWriter>,
    /// SARIF results written so far.
    results: usize,
    /// SARIF: findings left out, by file and rule.
    omitted: Vec<(String, &'static str, usize)>,
    pub summary: Summary,
}

impl DocumentStream {
    pub fn begin<W: std::io::Write + ?Sized>(
        format: OutputFormat,
        out: &mut W,
    ) -> std::io::Result<Self> {
        let json = match format {
            OutputFormat::Json => Some(json::DocumentWriter::begin(out)?),
            OutputFormat::Sarif => {
                sarif::begin(out)?;
                None
            }
            OutputFormat::Human => None,
        };
        Ok(DocumentStream {
            format,
            json,
            results: 0,
            omitted: Vec::new(),
            summary: Summary::default(),
        })
    }

    /// What goes before a file's part rendered on its own
    /// ([`render_part`]), which holds `done.results` SARIF results.
    pub fn separator(&mut self, path: &str, done: &FileDone) -> &'static [u8] {
        self.note(path, done);
        match (&mut self.json, self.format) {
            (Some(doc), _) => doc.next_file(),
            (None, OutputFormat::Sarif) => {
                let sep: &'static [u8] = if done.results > 0 && self.results > 0 {
                    b","
                } else {
                    b""
                };
                self.results += done.results;
                sep
            }
            _ => b"",
        }
    }

    /// Whether a SARIF result was written already: a file streamed in
    /// pieces ([`FileStream::begin`]) is told so.
    pub fn results_before(&self) -> bool {
        self.results > 0
    }

    /// What goes before a file streamed in pieces (written before its
    /// first piece).
    pub fn before_stream(&mut self) -> &'static [u8] {
        match &mut self.json {
            Some(doc) => doc.next_file(),
            None => b"",
        }
    }

    /// A file streamed in pieces is done.
    pub fn after_stream(&mut self, path: &str, done: &FileDone) {
        self.note(path, done);
        self.results += done.results;
    }

    fn note(&mut self, path: &str, done: &FileDone) {
        self.summary = self.summary.merge(done.summary);
        if self.format == OutputFormat::Sarif {
            self.omitted
                .extend(done.omitted.iter().map(|&(r, n)| (path.to_string(), r, n)));
        }
    }

    /// Close the document: the summary line (human), the summary (JSON),
    /// the notes on what was left out (SARIF).
    pub fn finish<W: std::io::Write + ?Sized>(self, out: &mut W) -> std::io::Result<Summary> {
        match self.format {
            OutputFormat::Human => out.write_all(human::summary_line(self.summary).as_bytes())?,
            OutputFormat::Json => {
                if let Some(doc) = self.json {
                    doc.finish(out, self.summary)?;
                }
            }
            OutputFormat::Sarif => sarif::finish(out, self.results > 0, &self.omitted)?,
        }
        Ok(self.summary)
    }
}
