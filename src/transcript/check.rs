//! Checking transcripts as they are read, and writing the results in the
//! three output formats of the core without keeping the file in memory.
//!
//! [`check_reader`] reads a transcript turn by turn, checks each advisor
//! turn with the message rules and each conversation with the conversation
//! rules, and hands the diagnostics to an [`Output`] as soon as they exist.
//! The outputs write the core's documents, extended:
//! - human: the rustc-like diagnostics (annotate-snippets over the turn's
//!   lines in the file), each with a note naming the turn, then a summary
//!   block per conversation;
//! - JSON: `{"version":1,"files":[{"path","diagnostics":[…],
//!   "conversations":[…]}],"summary":{…}}`: the core's shape, plus a
//!   `"turn"` object on each diagnostic, a `"format"` and a
//!   `"conversations"` list on each file (and `"error"` when the file could
//!   not be read to the end);
//! - SARIF: the core's results; the conversation summaries go in the
//!   run's `properties.conversations`.

use super::{read, Format, Sink, TranscriptError};
use crate::conversation::{ConversationMeta, Source, Turn};
use crate::conversation_rules::{
    format_seconds, ConversationChecker, ConversationSummary, Session, TurnDiagnostic,
};
use crate::diagnostic::Severity;
use crate::render::human::help_line;
use crate::render::json::{JsonDiagnostic, JsonSpan};
use crate::render::sarif;
use crate::render::Summary;
use crate::rules::REGISTRY;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use serde_json::{json, Value};
use std::io::{Read, Write};

/// Receives the results of checking transcripts.
pub trait Output {
    fn begin_file(&mut self, path: &str) -> std::io::Result<()>;
    fn diagnostic(&mut self, d: &TurnDiagnostic) -> std::io::Result<()>;
    fn conversation(&mut self, s: &ConversationSummary) -> std::io::Result<()>;
    /// `format`: what was read; `error`: why the file stopped early.
    fn end_file(&mut self, format: Option<Format>, error: Option<&str>) -> std::io::Result<()>;
    fn finish(&mut self) -> std::io::Result<()>;
    /// Counts so far.
    fn summary(&self) -> Summary;
}

/// Check one transcript from `reader`, streaming results to `out`.
pub fn check_reader<R: Read>(
    checker: &ConversationChecker,
    path: &str,
    reader: R,
    format: Option<Format>,
    out: &mut dyn Output,
) -> Result<Format, TranscriptError> {
    out.begin_file(path)?;
    let mut sink = CheckSink {
        checker,
        session: None,
        out,
    };
    let result = read(
        reader,
        format,
        &checker.linter().config().transcript,
        &mut sink,
    );
    // A conversation cut short by an error is still summarised.
    if result.is_err() && sink.session.is_some() {
        let _ = sink.end();
    }
    match &result {
        Ok(f) => sink.out.end_file(Some(*f), None)?,
        Err(e) => sink.out.end_file(format, Some(&e.to_string()))?,
    }
    result
}

struct CheckSink<'c, 'o> {
    checker: &'c ConversationChecker,
    session: Option<Session<'c>>,
    out: &'o mut dyn Output,
}

impl Sink for CheckSink<'_, '_> {
    fn begin(&mut self, meta: ConversationMeta) -> Result<(), TranscriptError> {
        self.session = Some(self.checker.session(meta));
        Ok(())
    }

    fn turn(&mut self, turn: Turn) -> Result<(), TranscriptError> {
        if let Some(s) = self.session.as_mut() {
            for d in s.turn(&turn) {
                self.out.diagnostic(&d)?;
            }
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), TranscriptError> {
        if let Some(s) = self.session.take() {
            let (diags, summary) = s.finish();
            for d in &diags {
                self.out.diagnostic(d)?;
            }
            self.out.conversation(&summary)?;
        }
        Ok(())
    }
}

fn count(summary: &mut Summary, s: Severity) {
    match s {
        Severity::Error => summary.errors += 1,
        Severity::Warning => summary.warnings += 1,
        Severity::Info => summary.infos += 1,
    }
}

/// Line and column (1-based, characters) of file offset `at` inside the
/// turn's source, or from the turn's own position without a source.
fn position(d: &TurnDiagnostic) -> (usize, usize) {
    let at = d.diagnostic.span.start;
    match &d.turn.source {
        Some(src) if at >= src.start && at <= src.start + src.text.len() => {
            let rel = at - src.start;
            let before = src.text.get(..rel).unwrap_or("");
            let line = src.line + before.matches('\n').count();
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (line, col)
        }
        _ => (d.turn.line, d.turn.column),
    }
}

// ---------------------------------------------------------------------------
// Human.

/// The rustc-like output.
pub struct HumanOutput<W: Write> {
    w: W,
    color: bool,
    path: String,
    summary: Summary,
    conversations: usize,
}

impl<W: Write> HumanOutput<W> {
    pub fn new(w: W, color: bool) -> Self {
        HumanOutput {
            w,
            color,
            path: String::new(),
            summary: Summary::default(),
            conversations: 0,
        }
    }

    pub fn into_inner(self) -> W {
        self.w
    }

    fn render(&self, d: &TurnDiagnostic) -> String {
        let renderer = if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let diag = &d.diagnostic;
        let title = level(diag.severity)
            .primary_title(diag.message.as_str())
            .id(diag.rule);
        let note = format!("sur le {}", d.turn.describe());
        let help = help_line(diag);
        let fits = |s: &Source| {
            diag.span.start >= s.start
                && diag.span.end <= s.start + s.text.len()
                && s.text.is_char_boundary(diag.span.start - s.start)
                && s.text.is_char_boundary(diag.span.end - s.start)
        };
        match d.turn.source.as_ref().filter(|s| fits(s)) {
            Some(src) => {
                let span = (diag.span.start - src.start)..(diag.span.end - src.start);
                let faulty = &src.text[span.clone()];
                let mut annotation = AnnotationKind::Primary.span(span);
                let label = format!("« {faulty} »");
                if !faulty.is_empty() && faulty.chars().count() <= 40 && !faulty.contains('\n') {
                    annotation = annotation.label(label.as_str());
                }
                let snippet = Snippet::source(src.text.as_str())
                    .line_start(src.line)
                    .path(self.path.as_str())
                    .fold(true)
                    .annotation(annotation);
                let mut group: Group<'_> = title.element(snippet);
                group = group.element(Level::NOTE.message(note.as_str()));
                if let Some(h) = &help {
                    group = group.element(Level::HELP.message(h.as_str()));
                }
                renderer.render(&[group])
            }
            None => {
                // The line is too long to show: the location only.
                let (line, col) = position(d);
                let mut s = format!(
                    "{}[{}]: {}\n  --> {}:{line}:{col}\n  = note: {note}",
                    diag.severity.as_str(),
                    diag.rule,
                    diag.message,
                    self.path
                );
                if let Some(h) = &help {
                    s.push_str(&format!("\n  = help: {h}"));
                }
                s
            }
        }
    }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The summary block of one conversation, in French.
pub fn summary_fr(path: &str, s: &ConversationSummary) -> String {
    let mut out = String::from("conversation");
    if let Some(id) = &s.id {
        out.push_str(&format!(" {id}"));
    }
    if let Some(line) = s.line {
        out.push_str(&format!(" ({path}:{line})"));
    }
    out.push_str(&format!(
        " : {} tours, {} du conseiller vérifiés\n",
        s.turns, s.advisor_turns_checked
    ));
    if s.findings_by_rule.is_empty() {
        out.push_str("  constats : aucun\n");
    } else {
        let list: Vec<String> = s
            .findings_by_rule
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        out.push_str(&format!("  constats : {}\n", list.join(", ")));
    }
    let names = |v: &[crate::conversation_rules::phrases::Step]| {
        if v.is_empty() {
            "aucune".to_string()
        } else {
            v.iter().map(|s| s.name_fr()).collect::<Vec<_>>().join(", ")
        }
    };
    out.push_str(&format!("  étapes présentes : {}\n", names(&s.steps_found)));
    out.push_str(&format!(
        "  étapes manquantes : {}\n",
        names(&s.steps_missing)
    ));
    let d = &s.delays;
    if d.replies == 0 {
        out.push_str("  délais de réponse : non mesurés (pas d'horodatage)\n");
    } else {
        let mut parts = Vec::new();
        if let Some(f) = d.first_reply {
            parts.push(format!("première réponse {}", format_seconds(f)));
        }
        if let Some(m) = d.median {
            parts.push(format!("médiane {}", format_seconds(m)));
        }
        if let (Some(w), Some(t)) = (d.worst, d.worst_turn) {
            parts.push(format!("pire {} (tour {})", format_seconds(w), t + 1));
        }
        out.push_str(&format!("  délais de réponse : {}\n", parts.join(", ")));
    }
    out
}

impl<W: Write> Output for HumanOutput<W> {
    fn begin_file(&mut self, path: &str) -> std::io::Result<()> {
        self.path = path.to_string();
        self.summary.files += 1;
        Ok(())
    }

    fn diagnostic(&mut self, d: &TurnDiagnostic) -> std::io::Result<()> {
        count(&mut self.summary, d.diagnostic.severity);
        let s = self.render(d);
        self.w.write_all(s.as_bytes())?;
        self.w.write_all(b"\n\n")
    }

    fn conversation(&mut self, s: &ConversationSummary) -> std::io::Result<()> {
        self.conversations += 1;
        let text = summary_fr(&self.path, s);
        self.w.write_all(text.as_bytes())?;
        self.w.write_all(b"\n")
    }

    fn end_file(&mut self, _format: Option<Format>, _error: Option<&str>) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let line = self.summary.line_fr();
        let conv = self.conversations;
        writeln!(
            self.w,
            "{line} ({conv} conversation{})",
            if conv > 1 { "s" } else { "" }
        )?;
        self.w.flush()
    }

    fn summary(&self) -> Summary {
        self.summary
    }
}

// ---------------------------------------------------------------------------
// JSON.

#[derive(Serialize)]
struct JsonTurn<'a> {
    index: usize,
    role: &'a str,
    name: Option<&'a str>,
    time: Option<String>,
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
    turn: JsonTurn<'a>,
}

fn json_item(d: &TurnDiagnostic) -> Item<'_> {
    let (line, column) = position(d);
    let diag = &d.diagnostic;
    Item {
        diagnostic: JsonDiagnostic {
            rule: diag.rule,
            severity: diag.severity.as_str(),
            message: &diag.message,
            help: diag.help.as_deref(),
            span: JsonSpan {
                start: diag.span.start,
                end: diag.span.end,
                line,
                column,
            },
            suggestions: &diag.suggestions,
        },
        turn: JsonTurn {
            index: d.turn.index,
            role: d.turn.role.as_str(),
            name: d.turn.name.as_deref(),
            time: d.turn.time.map(|t| t.to_string()),
        },
    }
}

fn indent(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    s.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The core's JSON document, written as results come.
pub struct JsonOutput<W: Write> {
    w: W,
    files: usize,
    diagnostics_in_file: usize,
    conversations: Vec<ConversationSummary>,
    summary: Summary,
}

impl<W: Write> JsonOutput<W> {
    pub fn new(w: W) -> Self {
        JsonOutput {
            w,
            files: 0,
            diagnostics_in_file: 0,
            conversations: Vec::new(),
            summary: Summary::default(),
        }
    }

    pub fn into_inner(self) -> W {
        self.w
    }
}

fn to_pretty<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into())
}

impl<W: Write> Output for JsonOutput<W> {
    fn begin_file(&mut self, path: &str) -> std::io::Result<()> {
        if self.files == 0 {
            self.w
                .write_all(b"{\n  \"version\": 1,\n  \"files\": [\n")?;
        } else {
            self.w.write_all(b",\n")?;
        }
        self.files += 1;
        self.summary.files += 1;
        self.diagnostics_in_file = 0;
        self.conversations.clear();
        write!(
            self.w,
            "    {{\n      \"path\": {},\n      \"diagnostics\": [",
            serde_json::to_string(path).unwrap_or_default()
        )
    }

    fn diagnostic(&mut self, d: &TurnDiagnostic) -> std::io::Result<()> {
        count(&mut self.summary, d.diagnostic.severity);
        let sep = if self.diagnostics_in_file == 0 {
            "\n"
        } else {
            ",\n"
        };
        self.diagnostics_in_file += 1;
        let item = indent(&to_pretty(&json_item(d)), 8);
        write!(self.w, "{sep}{item}")
    }

    fn conversation(&mut self, s: &ConversationSummary) -> std::io::Result<()> {
        self.conversations.push(s.clone());
        Ok(())
    }

    fn end_file(&mut self, format: Option<Format>, error: Option<&str>) -> std::io::Result<()> {
        if self.diagnostics_in_file > 0 {
            self.w.write_all(b"\n      ]")?;
        } else {
            self.w.write_all(b"]")?;
        }
        if let Some(f) = format {
            write!(self.w, ",\n      \"format\": \"{}\"", f.as_str())?;
        }
        let convs = indent(&to_pretty(&self.conversations), 6);
        write!(self.w, ",\n      \"conversations\": {}", convs.trim_start())?;
        if let Some(e) = error {
            write!(
                self.w,
                ",\n      \"error\": {}",
                serde_json::to_string(e).unwrap_or_default()
            )?;
        }
        self.w.write_all(b"\n    }")
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if self.files == 0 {
            self.w.write_all(b"{\n  \"version\": 1,\n  \"files\": [")?;
        } else {
            self.w.write_all(b"\n  ")?;
        }
        let summary = indent(&to_pretty(&self.summary), 2);
        write!(self.w, "],\n  \"summary\": {}\n}}\n", summary.trim_start())?;
        self.w.flush()
    }

    fn summary(&self) -> Summary {
        self.summary
    }
}

// ---------------------------------------------------------------------------
// SARIF.

/// SARIF 2.1.0 (results are kept until the end: SARIF has one array).
pub struct SarifOutput<W: Write> {
    w: W,
    path: String,
    results: Vec<Value>,
    conversations: Vec<Value>,
    summary: Summary,
}

impl<W: Write> SarifOutput<W> {
    pub fn new(w: W) -> Self {
        SarifOutput {
            w,
            path: String::new(),
            results: Vec::new(),
            conversations: Vec::new(),
            summary: Summary::default(),
        }
    }
}

impl<W: Write> Output for SarifOutput<W> {
    fn begin_file(&mut self, path: &str) -> std::io::Result<()> {
        self.path = path.to_string();
        self.summary.files += 1;
        Ok(())
    }

    fn diagnostic(&mut self, d: &TurnDiagnostic) -> std::io::Result<()> {
        count(&mut self.summary, d.diagnostic.severity);
        let diag = &d.diagnostic;
        let (line, column) = position(d);
        let level = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        let mut result = json!({
            "ruleId": diag.rule,
            "level": level,
            "message": { "text": match &diag.help {
                Some(h) => format!("{} ({h})", diag.message),
                None => diag.message.clone(),
            } },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": self.path },
                    "region": {
                        "startLine": line,
                        "startColumn": column,
                        "byteOffset": diag.span.start,
                        "byteLength": diag.span.len(),
                    }
                }
            }],
            "properties": { "turn": d.turn.index, "role": d.turn.role.as_str(),
                "time": d.turn.time.map(|t| t.to_string()) },
        });
        if let Some(i) = rule_ids().position(|id| id == diag.rule) {
            result["ruleIndex"] = json!(i);
        }
        self.results.push(result);
        Ok(())
    }

    fn conversation(&mut self, s: &ConversationSummary) -> std::io::Result<()> {
        let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
        v["path"] = json!(self.path);
        self.conversations.push(v);
        Ok(())
    }

    fn end_file(&mut self, _format: Option<Format>, _error: Option<&str>) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let rules: Vec<Value> = all_rules()
            .into_iter()
            .map(|(id, summary, explain)| sarif::rule_descriptor(id, summary, &explain))
            .collect();
        let log = sarif::log(
            rules,
            std::mem::take(&mut self.results),
            Some(json!({ "conversations": std::mem::take(&mut self.conversations) })),
        );
        let s = to_pretty(&log);
        self.w.write_all(s.as_bytes())?;
        self.w.write_all(b"\n")?;
        self.w.flush()
    }

    fn summary(&self) -> Summary {
        self.summary
    }
}

fn rule_ids() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|e| e.meta.id).chain(
        crate::conversation_rules::REGISTRY
            .iter()
            .map(|e| e.meta.id),
    )
}

/// Message rules then conversation rules: (id, summary, explain).
fn all_rules() -> Vec<(&'static str, &'static str, String)> {
    REGISTRY
        .iter()
        .map(|e| e.meta)
        .chain(crate::conversation_rules::REGISTRY.iter().map(|e| e.meta))
        .map(|m| (m.id, m.summary, m.explain()))
        .collect()
}
