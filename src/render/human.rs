//! Compiler-style output, rendered with annotate-snippets.

use super::{FileReport, Summary};
use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Options of the human renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// ANSI colours (only on a terminal, never with NO_COLOR).
    pub color: bool,
}

/// Render every report, then the summary line.
pub fn render(reports: &[FileReport], opts: HumanOptions) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&render_file(r, opts));
    }
    out.push_str(&summary_line(Summary::of(reports)));
    out
}

/// The closing line of the output, after every file's part
/// ([`render_file`]).
pub fn summary_line(summary: Summary) -> String {
    summary.line_fr() + "\n"
}

/// Render the diagnostics of one file (no summary line).
pub fn render_file(report: &FileReport, opts: HumanOptions) -> String {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let index = report.line_index();
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&render_one(&renderer, report, &index, d));
        out.push_str("\n\n");
    }
    out
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(
    renderer: &Renderer,
    report: &FileReport,
    index: &LineIndex,
    d: &Diagnostic,
) -> String {
    let text = report.text.as_str();
    // Show only the lines the span touches: fast on huge files.
    let first = index.position(text, d.span.start).line;
    let last = index.position(text, d.span.end.max(d.span.start)).line;
    let start = index.line_span(text, first).start;
    let end = index
        .line_span(text, last)
        .end
        .max(d.span.end.min(text.len()));
    let source = &text[start..end];
    let span = (d.span.start - start)..(d.span.end.min(end) - start);
    let label = if d.span.is_empty() {
        String::new()
    } else {
        let faulty = d.span.slice(text);
        if faulty.chars().count() <= 40 && !faulty.contains('\n') {
            format!("« {faulty} »")
        } else {
            String::new()
        }
    };
    let mut annotation = AnnotationKind::Primary.span(span);
    if !label.is_empty() {
        annotation = annotation.label(label);
    }
    let snippet = Snippet::source(source)
        .line_start(first)
        .path(report.path.as_str())
        .fold(true)
        .annotation(annotation);
    let title = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule);
    let mut group: Group<'_> = title.element(snippet);
    let help = help_line(d);
    if let Some(h) = &help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    renderer.render(&[group])
}

/// The help line: the rule's advice and its suggestions.
/// An empty suggestion means "delete the span": the rule's help says so
/// (e.g. "supprimez « 🙂 »"), so it is not shown as « ».
pub fn help_line(d: &Diagnostic) -> Option<String> {
    let shown: Vec<&String> = d.suggestions.iter().filter(|s| !s.is_empty()).collect();
    let sugg = match shown.len() {
        0 if d.help.is_none() && !d.suggestions.is_empty() => {
            Some("supprimez ce passage".to_string())
        }
        0 => None,
        1 => Some(format!("remplacez par « {} »", shown[0])),
        _ => Some(format!(
            "remplacez par {}",
            shown
                .iter()
                .take(5)
                .map(|s| format!("« {s} »"))
                .collect::<Vec<_>>()
                .join(" ou ")
        )),
    };
    match (&d.help, sugg) {
        (Some(h), Some(s)) => Some(format!("{h} ; {s}")),
        (Some(h), None) => Some(h.clone()),
        (None, Some(s)) => Some(s),
        (None, None) => None,
    }
}
