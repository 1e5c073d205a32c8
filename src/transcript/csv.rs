//! The CSV reader: a header row naming the columns (generic names of
//! [`super::platforms::GENERIC`]: role/speaker/from…, text/message…,
//! time/timestamp…, name…, conversation_id…), then one message a row.
//! `,`, `;` and tab separators; RFC 4180 quoting (a quoted field may hold
//! line breaks, `""` is a quote).
//!
//! The reader is our own rather than the `csv` crate's because diagnostics
//! need the file offset of every character of a field, through quotes and
//! doubled quotes; it reads one record at a time.

use super::platforms::{role_value, GENERIC};
use super::{utf8, Framer, TranscriptError, MAX_SOURCE};
use crate::conversation::{ConversationMeta, Source, TextMap, Timestamp, TranscriptOptions, Turn};
use crate::diagnostic::Span;
use std::io::BufRead;

fn delimiter(line: &str) -> u8 {
    let mut best = (0, b',');
    for d in [b',', b';', b'\t'] {
        let mut n = 0;
        let mut quoted = false;
        for b in line.bytes() {
            match b {
                b'"' => quoted = !quoted,
                b if b == d && !quoted => n += 1,
                _ => {}
            }
        }
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
}

fn column_name(s: &str) -> String {
    s.trim()
        .trim_start_matches('\u{feff}')
        .trim_matches('"')
        .trim()
        .to_lowercase()
}

struct Columns {
    role: usize,
    text: usize,
    time: Option<usize>,
    author: Option<usize>,
    conversation: Option<usize>,
}

fn columns(names: &[String]) -> Option<Columns> {
    let find = |list: &[&str]| list.iter().find_map(|k| names.iter().position(|n| n == k));
    Some(Columns {
        role: find(GENERIC.role)?,
        text: find(GENERIC.text)?,
        time: find(GENERIC.time),
        author: find(GENERIC.author),
        conversation: find(GENERIC.conversation),
    })
}

/// Whether `line` is a CSV header with a role and a text column.
pub(crate) fn looks_like_header(line: &str) -> bool {
    let d = delimiter(line) as char;
    if !line.contains(d) {
        return false;
    }
    let names: Vec<String> = line.split(d).map(column_name).collect();
    columns(&names).is_some()
}

struct Field {
    value: String,
    span: Span,
    line: usize,
    column: usize,
    map: TextMap,
}

struct Record {
    fields: Vec<Field>,
    line: usize,
    source: Option<Source>,
}

struct Reader<'r, R> {
    r: &'r mut R,
    pos: usize,
    line: usize,
    delim: u8,
}

impl<R: BufRead> Reader<'_, R> {
    /// The next record's raw bytes (several lines when a quoted field
    /// holds line breaks), its file offset and first line.
    fn raw(&mut self) -> Result<Option<(Vec<u8>, usize, usize)>, TranscriptError> {
        let mut buf = Vec::new();
        let (start, line) = (self.pos, self.line);
        loop {
            let n = self.r.read_until(b'\n', &mut buf)?;
            self.pos += n;
            if n == 0 {
                if buf.is_empty() {
                    return Ok(None);
                }
                let quotes = buf.iter().filter(|&&b| b == b'"').count();
                if quotes % 2 == 1 {
                    return Err(TranscriptError::at(
                        line,
                        "CSV invalide : guillemet ouvert jamais refermé",
                    ));
                }
                return Ok(Some((buf, start, line)));
            }
            self.line += 1;
            if buf.iter().filter(|&&b| b == b'"').count() % 2 == 0 {
                return Ok(Some((buf, start, line)));
            }
        }
    }

    fn record(&mut self) -> Result<Option<Record>, TranscriptError> {
        let (raw, start, line) = loop {
            match self.raw()? {
                None => return Ok(None),
                Some((raw, s, l)) if raw.iter().all(|b| b.is_ascii_whitespace()) => {
                    let _ = (s, l);
                    continue;
                }
                Some(x) => break x,
            }
        };
        let mut end = raw.len();
        while end > 0 && matches!(raw[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let body = &raw[..end];
        let line_at = |i: usize| line + body[..i].iter().filter(|&&b| b == b'\n').count();
        let column_at = |i: usize| {
            let from = body[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            body[from..i].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1
        };
        let mut fields = Vec::new();
        let mut i = 0;
        loop {
            let f_line = line_at(i);
            if body.get(i) == Some(&b'"') {
                let content = i + 1;
                let mut j = content;
                let mut bytes = Vec::new();
                let mut map = TextMap::default();
                loop {
                    match body.get(j) {
                        None => {
                            return Err(TranscriptError::at(
                                f_line,
                                "CSV invalide : guillemet ouvert jamais refermé",
                            ))
                        }
                        Some(b'"') if body.get(j + 1) == Some(&b'"') => {
                            bytes.push(b'"');
                            j += 2;
                            map.push(bytes.len(), j - content);
                        }
                        Some(b'"') => break,
                        Some(&b) => {
                            bytes.push(b);
                            j += 1;
                        }
                    }
                }
                fields.push(Field {
                    value: utf8(bytes, f_line)?,
                    span: Span::new(start + content, start + j),
                    line: f_line,
                    column: column_at(content),
                    map,
                });
                j += 1;
                match body.get(j) {
                    None => break,
                    Some(&b) if b == self.delim => i = j + 1,
                    Some(_) => {
                        return Err(TranscriptError::at(
                            line_at(j),
                            "CSV invalide : texte après un champ entre guillemets (doublez les guillemets à l'intérieur : \"\")",
                        ))
                    }
                }
            } else {
                let j = body[i..]
                    .iter()
                    .position(|&b| b == self.delim)
                    .map_or(body.len(), |n| i + n);
                fields.push(Field {
                    value: utf8(body[i..j].to_vec(), f_line)?,
                    span: Span::new(start + i, start + j),
                    line: f_line,
                    column: column_at(i),
                    map: TextMap::default(),
                });
                if j == body.len() {
                    break;
                }
                i = j + 1;
            }
        }
        let source = (body.len() <= MAX_SOURCE)
            .then(|| String::from_utf8(body.to_vec()).ok())
            .flatten()
            .map(|text| Source { start, line, text });
        Ok(Some(Record {
            fields,
            line,
            source,
        }))
    }
}

pub(crate) fn read<R: BufRead>(
    r: &mut R,
    offset: usize,
    options: &TranscriptOptions,
    framer: &mut Framer<'_>,
) -> Result<(), TranscriptError> {
    let mut header = String::new();
    let n = r.read_line(&mut header).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            TranscriptError::at(
                1,
                "le texte n'est pas en UTF-8 : enregistrez le fichier en UTF-8",
            )
        } else {
            e.into()
        }
    })?;
    let delim = delimiter(&header);
    let names: Vec<String> = header
        .trim_end_matches(['\n', '\r'])
        .split(delim as char)
        .map(column_name)
        .collect();
    let Some(cols) = columns(&names) else {
        return Err(TranscriptError::at(
            1,
            format!(
                "en-tête CSV sans colonne de rôle ({}) ou de texte ({}) ; colonnes lues : {}",
                GENERIC.role[..4].join(", "),
                GENERIC.text[..4].join(", "),
                names.join(", ")
            ),
        ));
    };
    let mut reader = Reader {
        r,
        pos: offset + n,
        line: 2,
        delim,
    };
    while let Some(rec) = reader.record()? {
        let get = |i: usize| rec.fields.get(i);
        let Some(role_f) = get(cols.role) else {
            return Err(TranscriptError::at(
                rec.line,
                format!(
                    "CSV invalide : {} champs, la colonne « {} » manque",
                    rec.fields.len(),
                    names[cols.role]
                ),
            ));
        };
        let Some(text_f) = get(cols.text) else {
            return Err(TranscriptError::at(
                rec.line,
                format!(
                    "CSV invalide : {} champs, la colonne « {} » manque",
                    rec.fields.len(),
                    names[cols.text]
                ),
            ));
        };
        let Some((role, label_name)) = role_value(&role_f.value, options) else {
            return Err(TranscriptError::at(
                role_f.line,
                format!(
                    "rôle « {} » inconnu : ajoutez-le à advisor, customer, bot ou system dans la table [transcript]",
                    role_f.value.trim()
                ),
            ));
        };
        if text_f.value.trim().is_empty() {
            continue;
        }
        let time = match cols.time.and_then(get) {
            Some(f) if !f.value.trim().is_empty() => {
                Some(Timestamp::parse(&f.value).ok_or_else(|| {
                    TranscriptError::at(
                        f.line,
                        format!("horodatage « {} » illisible", f.value.trim()),
                    )
                })?)
            }
            _ => None,
        };
        let name = cols
            .author
            .and_then(get)
            .map(|f| f.value.trim().to_string())
            .filter(|n| !n.is_empty())
            .or(label_name);
        let conversation = cols
            .conversation
            .and_then(get)
            .map(|f| f.value.trim().to_string())
            .filter(|c| !c.is_empty());
        let turn = Turn {
            index: 0,
            role,
            name,
            text: text_f.value.clone(),
            time,
            span: text_f.span,
            line: text_f.line,
            column: text_f.column,
            map: text_f.map.clone(),
            source: rec.source.clone(),
        };
        framer.turn(turn, conversation, || ConversationMeta {
            source: Some("csv"),
            ..ConversationMeta::default()
        })?;
    }
    Ok(())
}
