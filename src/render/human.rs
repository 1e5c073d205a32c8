//! Compiler-style output, rendered with annotate-snippets.

use super::Summary;
use crate::diagnostic::{Diagnostic, Position, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::borrow::Cow;
use std::ops::Range;

/// Options of the human renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// ANSI colours (only on a terminal, never with NO_COLOR).
    pub color: bool,
}

/// The closing line of the output, after every file's part
/// ([`super::document::human_file`]).
pub fn summary_line(summary: Summary) -> String {
    summary.line_fr() + "\n"
}

/// The renderer, with or without colours.
pub fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// Lines of up to this many bytes around a span are shown whole, as they
/// are (every reply's are).
const WHOLE_LINES: usize = 2000;

/// On a longer line, characters shown on each side of the span, ...
const CONTEXT: usize = 40;

/// ... and bytes of the span itself, at most.
const SPAN_SHOWN: usize = 200;

/// The marker of a line shown in part.
const ELLIPSIS: &str = "…";

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Render one diagnostic whose start is at `pos`, on the line starting at
/// byte `line_start` of `text` (`None`: the line began before `text`,
/// a piece of a larger file). The lines the span touches are shown whole when they
/// are short; on a long line, a window around the span is shown, cut at
/// character boundaries and marked with `…` where the line goes on (as
/// rustc does), so that the cost of a finding does not grow with its line.
pub fn render_at(
    renderer: &Renderer,
    path: &str,
    text: &str,
    d: &Diagnostic,
    pos: Position,
    line_start: Option<usize>,
) -> String {
    let (line_start, whole_line) = match line_start {
        Some(l) => (l.min(text.len()), true),
        None => (0, false),
    };
    let start = d.span.start.min(text.len());
    let end = d.span.end.clamp(start, text.len());
    let label = {
        let faulty = &text[start..end];
        if !faulty.is_empty()
            && faulty.len() <= 4 * 40
            && faulty.chars().count() <= 40
            && !faulty.contains('\n')
        {
            format!("« {faulty} »")
        } else {
            String::new()
        }
    };
    // The end of the last line the span touches, looked for no further
    // than `WHOLE_LINES` bytes from the line's start.
    let bound = (line_start + WHOLE_LINES).max(end).min(text.len());
    let lines_end = if whole_line && end - line_start <= WHOLE_LINES {
        match memchr::memchr(b'\n', &text.as_bytes()[end..bound]) {
            Some(i) => Some(end + i),
            None if bound == text.len() => Some(text.len()),
            None => None,
        }
    } else {
        None
    };
    let title = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule);
    let group: Group<'_> = match lines_end {
        Some(mut lines_end) => {
            if lines_end > end && text.as_bytes()[lines_end - 1] == b'\r' {
                lines_end -= 1;
            }
            let source = &text[line_start..lines_end];
            let mut annotation = AnnotationKind::Primary.span(start - line_start..end - line_start);
            if !label.is_empty() {
                annotation = annotation.label(label);
            }
            title.element(
                Snippet::source(source)
                    .line_start(pos.line)
                    .path(path)
                    .fold(true)
                    .annotation(annotation),
            )
        }
        None => {
            let (source, span) = window(text, line_start, whole_line, start, end);
            let mut annotation = AnnotationKind::Primary.span(span.clone());
            if !label.is_empty() {
                annotation = annotation.label(label);
            }
            let group = title.element(
                Snippet::source(source.as_str())
                    .line_start(pos.line)
                    .path(path)
                    .fold(true)
                    .annotation(annotation),
            );
            let group = match help_line(d) {
                Some(h) => group.element(Level::HELP.message(h)),
                None => group,
            };
            // annotate-snippets counts the column in the part shown: the
            // `--> path:line:column` line gets the column in the line.
            let shown = format!(
                "{path}:{}:{}",
                pos.line,
                source[..span.start].chars().count() + 1
            );
            let real = format!("{path}:{}:{}", pos.line, pos.column);
            return renderer.render(&[group]).replacen(&shown, &real, 1);
        }
    };
    let group = match help_line(d) {
        Some(h) => group.element(Level::HELP.message(h)),
        None => group,
    };
    renderer.render(&[group])
}

/// A part of the long line starting at `line_start` around the span
/// `start..end` (on that line or from it on): `CONTEXT` characters on each
/// side, `SPAN_SHOWN` bytes of the span at most, and `…` where the line
/// goes on. Returns the part and the span within it.
fn window(
    text: &str,
    line_start: usize,
    whole_line: bool,
    start: usize,
    end: usize,
) -> (String, Range<usize>) {
    let bytes = text.as_bytes();
    let from = text[line_start..start]
        .char_indices()
        .rev()
        .take(CONTEXT)
        .last()
        .map_or(start, |(i, _)| line_start + i);
    // The span shown: up to its end, the end of its line or `SPAN_SHOWN`
    // bytes, whichever comes first.
    let mut shown_end = end.min(start + SPAN_SHOWN);
    while !text.is_char_boundary(shown_end) {
        shown_end -= 1;
    }
    if let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[start..shown_end]) {
        shown_end = start + i;
    }
    let mut to = shown_end;
    for c in text[shown_end..].chars().take(CONTEXT) {
        if c == '\n' || c == '\r' {
            break;
        }
        to += c.len_utf8();
    }
    let mut source = String::with_capacity(to - from + 8);
    if from > line_start || !whole_line {
        source.push_str(ELLIPSIS);
    }
    let shift = source.len();
    source.push_str(&text[from..to]);
    let goes_on = matches!(bytes.get(to), Some(&b) if b != b'\n' && b != b'\r');
    if goes_on {
        source.push_str(ELLIPSIS);
    }
    let span = (start - from + shift)..(shown_end - from + shift);
    (source, span)
}

/// The note after a file's findings when some were left out by the cap on
/// one text's output (nothing otherwise).
pub fn omitted_note(out: &mut Vec<u8>, path: &str, omitted: &[(&str, usize)]) {
    for (rule, n) in omitted {
        let line = format!(
            "note[{rule}]: {path} : {n} autre{s} signalement{s} non affiché{s} \
             (au plus {max} par règle et par forme dans un même texte)\n\n",
            s = if *n > 1 { "s" } else { "" },
            max = super::SHOWN_PER_FORM,
        );
        out.extend_from_slice(line.as_bytes());
    }
}

/// The help line: the rule's advice and its suggestions.
/// An empty suggestion means "delete the span": the rule's help says so
/// (e.g. "supprimez « 🙂 »"), so it is not shown as « ».
pub fn help_line(d: &Diagnostic) -> Option<String> {
    let shown: Vec<Cow<'_, str>> = d
        .suggestions
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| shortened(s))
        .collect();
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

/// A suggestion as the help line shows it: whole up to 160 bytes, else its
/// first 80 characters and `…` (a fix of a whole long line would repeat
/// the line).
fn shortened(s: &str) -> Cow<'_, str> {
    if s.len() <= 160 {
        return Cow::Borrowed(s);
    }
    let end = s.char_indices().nth(80).map_or(s.len(), |(i, _)| i);
    Cow::Owned(format!("{}{ELLIPSIS}", &s[..end]))
}
