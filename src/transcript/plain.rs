//! The plain-text reader: one turn a line or a paragraph.
//!
//! ```text
//! [10:02] Conseiller : Bonjour Madame Martin, je suis Marie.
//! [10:02:45] Client: bonjour j'ai un pb avec ma commande
//! 10:03 - Marie (Conseillère) : Je vérifie votre commande.
//! 2024-05-02 10:04:01 Agent - Votre colis est parti ce matin.
//! Il arrivera jeudi.                  ← a continuation: same turn
//! *** Marie a quitté la conversation ***   ← a system event
//! --- 03/05/2024 ---                  ← a date for the times that follow
//! ======                              ← the next conversation
//! ```
//!
//! A header is an optional time stamp (`[10:02]`, `(10:02:45)`, `10h02`,
//! ISO 8601, `02/05/2024 10:04`), a speaker label that names a role
//! (`[transcript]` aliases: « Conseiller », « Marie (Conseillère) »,
//! « Client (Julie Martin) »…) and `:` or ` - `. A line whose label names
//! no role continues the previous turn, unless it has a time stamp: then
//! the speaker is unknown and the line is an error. Lines before the first
//! header (an export's preamble) are skipped. Turn text is the file's bytes
//! verbatim, so spans need no map.

use super::{utf8, Framer, TranscriptError, MAX_SOURCE};
use crate::conversation::{
    parse_date, ConversationMeta, Role, Source, TextMap, Timestamp, TranscriptOptions, Turn,
};
use crate::diagnostic::Span;
use regex::Regex;
use std::io::BufRead;
use std::sync::LazyLock;

static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?|\d{1,2}[/.]\d{1,2}[/.]\d{4},?[ ]+\d{1,2}[:hH]\d{2}(?::\d{2})?|\d{1,2}[:hH]\d{2}(?::\d{2})?)",
    )
    .expect("valid regex")
});

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-{3,}|={3,}|#{3,})\s*(.*?)\s*(?:-{3,}|={3,})?\s*$").expect("valid regex")
});

fn is_space(c: char) -> bool {
    crate::text::is_whitespace(c)
}

/// A parsed header line: the stamp, the label's role and name, and the
/// byte offset of the text in the line.
struct Header {
    time: Option<Timestamp>,
    role: Role,
    name: Option<String>,
    text_at: usize,
}

enum LineKind {
    Header(Header),
    Unknown { label: String },
    Other,
}

fn parse_header(line: &str, options: &TranscriptOptions) -> LineKind {
    let trimmed = line.trim_start_matches(is_space);
    let mut at = line.len() - trimmed.len();
    let mut time = None;
    // A time stamp, bracketed or not.
    if let Some(open) = trimmed.chars().next().filter(|c| *c == '[' || *c == '(') {
        let close = if open == '[' { ']' } else { ')' };
        if let Some(end) = trimmed[1..].find(close).filter(|e| *e <= 40) {
            if let Some(t) = Timestamp::parse(&trimmed[1..1 + end].replace(',', "")) {
                time = Some(t);
                at += end + 2;
            }
        }
    } else if let Some(m) = STAMP.find(trimmed) {
        if let Some(t) = Timestamp::parse(&m.as_str().replace(',', "")) {
            time = Some(t);
            at += m.end();
        }
    }
    let mut rest = &line[at..];
    let skipped = rest.len() - rest.trim_start_matches(is_space).len();
    at += skipped;
    rest = &line[at..];
    if time.is_some() {
        for dash in ["- ", "– ", "— ", "| "] {
            if let Some(r) = rest.strip_prefix(dash) {
                at += dash.len();
                rest = r;
                break;
            }
        }
    }
    // The label ends at `:` or ` - `.
    let colon = rest.find([':', '：']);
    let dash = [" - ", " – ", " — "]
        .iter()
        .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
        .min();
    let (label_end, sep_len) = match (colon, dash) {
        (Some(c), Some((d, _))) if c < d => (c, rest[c..].chars().next().map_or(1, char::len_utf8)),
        (_, Some((d, l))) => (d, l),
        (Some(c), None) => (c, rest[c..].chars().next().map_or(1, char::len_utf8)),
        (None, None) => return LineKind::Other,
    };
    let label = rest[..label_end].trim_matches(is_space);
    if label.is_empty() || label.chars().count() > 60 || label.contains("//") {
        return LineKind::Other;
    }
    let mut text_at = at + label_end + sep_len;
    text_at += line[text_at..].len() - line[text_at..].trim_start_matches(is_space).len();
    match options.role_of(label) {
        Some((role, name)) => LineKind::Header(Header {
            time,
            role,
            name,
            text_at,
        }),
        None if time.is_some() => LineKind::Unknown {
            label: label.to_string(),
        },
        None => LineKind::Other,
    }
}

struct Current {
    role: Role,
    name: Option<String>,
    time: Option<Timestamp>,
    /// File offset of the text, once a non-blank character is seen.
    start: Option<usize>,
    line: usize,
    column: usize,
    /// Raw text from `start`, blank lines included.
    raw: String,
    /// Length of `raw` up to the end of the last non-blank line.
    content: usize,
    /// The header line up to the text, for the source.
    prefix: String,
    prefix_start: usize,
    prefix_line: usize,
}

pub(crate) fn read<R: BufRead>(
    r: &mut R,
    offset: usize,
    options: &TranscriptOptions,
    framer: &mut Framer<'_>,
) -> Result<(), TranscriptError> {
    let mut pos = offset;
    let mut line_no = 0;
    let mut buf = Vec::new();
    let mut cur: Option<Current> = None;
    let mut date: Option<(i64, u32, u32)> = None;
    let mut next_id: Option<String> = None;
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line_start = pos;
        pos += n;
        let raw = utf8(std::mem::take(&mut buf), line_no)?;
        let line = raw.trim_end_matches(['\n', '\r']);
        // Separators: a date, or the next conversation.
        if let Some(c) = SEPARATOR.captures(line) {
            let inner = c.get(1).map_or("", |m| m.as_str());
            emit(&mut cur, framer, &mut next_id)?;
            match parse_date(inner) {
                Some(d) => date = Some(d),
                None => {
                    framer.end()?;
                    next_id = (!inner.is_empty()).then(|| inner.to_string());
                }
            }
            buf = raw.into_bytes();
            continue;
        }
        let trimmed = line.trim_start_matches(is_space);
        if let Some(body) = trimmed.strip_prefix("***") {
            emit(&mut cur, framer, &mut next_id)?;
            let text = body.trim_end_matches('*').trim_matches(is_space);
            let at = line_start + line.find(text).unwrap_or(0);
            cur = Some(Current {
                role: Role::System,
                name: None,
                time: None,
                start: Some(at),
                line: line_no,
                column: line[..at - line_start].chars().count() + 1,
                raw: text.to_string(),
                content: text.len(),
                prefix: line[..at - line_start].to_string(),
                prefix_start: line_start,
                prefix_line: line_no,
            });
            emit(&mut cur, framer, &mut next_id)?;
            buf = raw.into_bytes();
            continue;
        }
        match parse_header(line, options) {
            LineKind::Header(h) => {
                emit(&mut cur, framer, &mut next_id)?;
                let text = &line[h.text_at..];
                let time = match (h.time, date) {
                    (Some(t), Some(d)) => Some(t.on_date(d)),
                    (t, _) => t,
                };
                let blank = text.trim_matches(is_space).is_empty();
                cur = Some(Current {
                    role: h.role,
                    name: h.name,
                    time,
                    start: (!blank).then_some(line_start + h.text_at),
                    line: line_no,
                    column: line[..h.text_at].chars().count() + 1,
                    raw: if blank { String::new() } else { raw[h.text_at..].to_string() },
                    content: if blank { 0 } else { text.trim_end_matches(is_space).len() },
                    prefix: line[..h.text_at].to_string(),
                    prefix_start: line_start,
                    prefix_line: line_no,
                });
            }
            LineKind::Unknown { label } => {
                return Err(TranscriptError::at(
                    line_no,
                    format!(
                        "interlocuteur « {label} » inconnu : ajoutez-le à advisor, customer, bot ou system dans la table [transcript] de tchatlint.toml"
                    ),
                ))
            }
            LineKind::Other => {
                let Some(c) = cur.as_mut() else {
                    // Preamble before the first turn.
                    buf = raw.into_bytes();
                    continue;
                };
                let blank = line.trim_matches(is_space).is_empty();
                if c.start.is_none() {
                    if blank {
                        buf = raw.into_bytes();
                        continue;
                    }
                    c.start = Some(line_start);
                    c.line = line_no;
                    c.column = 1;
                }
                if !blank {
                    c.content = c.raw.len() + line.trim_end_matches(is_space).len();
                }
                if c.raw.len() < 64 * 1024 * 1024 {
                    c.raw.push_str(&raw);
                }
            }
        }
        buf = raw.into_bytes();
    }
    emit(&mut cur, framer, &mut next_id)?;
    Ok(())
}

fn emit(
    cur: &mut Option<Current>,
    framer: &mut Framer<'_>,
    next_id: &mut Option<String>,
) -> Result<(), TranscriptError> {
    let Some(mut c) = cur.take() else {
        return Ok(());
    };
    let Some(start) = c.start else {
        return Ok(());
    };
    c.raw.truncate(c.content);
    let source = if c.line == c.prefix_line {
        let mut text = c.prefix;
        text.push_str(&c.raw);
        (text.len() <= MAX_SOURCE).then_some(Source {
            start: c.prefix_start,
            line: c.prefix_line,
            text,
        })
    } else {
        // Text starting on the line after its header: the source is the
        // text's own lines.
        (c.raw.len() <= MAX_SOURCE).then(|| Source {
            start,
            line: c.line,
            text: c.raw.clone(),
        })
    };
    let turn = Turn {
        index: 0,
        role: c.role,
        name: c.name,
        span: Span::new(start, start + c.raw.len()),
        text: c.raw,
        time: c.time,
        line: c.line,
        column: c.column,
        map: TextMap::default(),
        source,
    };
    let id = next_id.take();
    framer.turn(turn, None, move || ConversationMeta {
        id,
        source: Some("text"),
        ..ConversationMeta::default()
    })
}
