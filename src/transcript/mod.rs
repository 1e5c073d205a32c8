//! Transcript parsers: plain text, JSON / JSON Lines (LiveChat, Zendesk
//! Chat, Intercom, Crisp and a generic `{"role","text","time"}` shape) and
//! CSV, turned into the [`Conversation`] model.
//!
//! Every reader streams: it reads a [`BufRead`] turn by turn and hands each
//! conversation's events to a [`Sink`], keeping only the current message in
//! memory, so a transcript of any size is read in constant memory. Use
//! [`parse_path`] / [`parse_str`] to get whole conversations, or [`read`]
//! with your own sink to process turns as they come.
//!
//! Every [`Turn`] knows the byte span of its text in the file: for plain
//! text and unquoted CSV the text is the file's bytes verbatim; for JSON
//! strings with escapes (`\n`, `\"`, `\u00e9`), quoted CSV fields (`""`)
//! and Intercom HTML bodies, a [`TextMap`](crate::conversation::TextMap)
//! maps each character of the decoded text to its exact position in the
//! file, so diagnostics point at the right column even after an escape.
//!
//! ```
//! use tchatlint::transcript::{parse_str, Format};
//! use tchatlint::Config;
//!
//! let text = "[10:02] Client : bonjour\n[10:03] Conseiller : Bonjour, je suis Marie.\n";
//! let convs = parse_str(text, None, &Config::default().transcript).unwrap();
//! assert_eq!(convs[0].turns.len(), 2);
//! let t = &convs[0].turns[1];
//! assert_eq!(&text[t.span.start..t.span.end], "Bonjour, je suis Marie.");
//! assert_eq!(t.line, 2);
//! ```

pub mod check;
pub mod cli;
mod csv;
mod json;
mod plain;
pub mod platforms;

use crate::conversation::{Conversation, ConversationMeta, TranscriptOptions, Turn};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use thiserror::Error;

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// `[10:02] Conseiller : …`, one turn a line or a paragraph.
    Text,
    /// One JSON document (a platform export or a list of messages).
    Json,
    /// One JSON value a line (messages or whole conversations).
    Jsonl,
    /// A header row, then one message a row (`,` `;` or tab).
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// A transcript that cannot be read: where and why, in French.
#[derive(Debug, Error)]
pub enum TranscriptError {
    #[error("ligne {line} : {message}")]
    Syntax { line: usize, message: String },
    #[error("{0}")]
    Other(String),
    #[error("lecture impossible : {0}")]
    Io(#[from] std::io::Error),
}

impl TranscriptError {
    pub(crate) fn at(line: usize, message: impl Into<String>) -> Self {
        TranscriptError::Syntax {
            line,
            message: message.into(),
        }
    }

    /// The line the error is on, if any.
    pub fn line(&self) -> Option<usize> {
        match self {
            TranscriptError::Syntax { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Receives conversations as a reader finds them: `begin`, the turns,
/// `end`, for each conversation of the file, in order.
pub trait Sink {
    fn begin(&mut self, meta: ConversationMeta) -> Result<(), TranscriptError>;
    fn turn(&mut self, turn: Turn) -> Result<(), TranscriptError>;
    fn end(&mut self) -> Result<(), TranscriptError>;
}

/// A sink that keeps whole conversations.
#[derive(Debug, Default)]
pub struct Collect {
    pub conversations: Vec<Conversation>,
}

impl Sink for Collect {
    fn begin(&mut self, meta: ConversationMeta) -> Result<(), TranscriptError> {
        self.conversations.push(Conversation {
            meta,
            turns: Vec::new(),
        });
        Ok(())
    }
    fn turn(&mut self, turn: Turn) -> Result<(), TranscriptError> {
        if let Some(c) = self.conversations.last_mut() {
            c.turns.push(turn);
        }
        Ok(())
    }
    fn end(&mut self) -> Result<(), TranscriptError> {
        Ok(())
    }
}

/// Frames the readers' turns into conversations: opens one at the first
/// turn, numbers turns, splits when the conversation id changes.
pub(crate) struct Framer<'s> {
    sink: &'s mut dyn Sink,
    open: bool,
    next_index: usize,
    id: Option<String>,
    /// Turns emitted over the whole file.
    pub(crate) total: usize,
}

impl<'s> Framer<'s> {
    pub(crate) fn new(sink: &'s mut dyn Sink) -> Self {
        Framer {
            sink,
            open: false,
            next_index: 0,
            id: None,
            total: 0,
        }
    }

    pub(crate) fn is_open(&self) -> bool {
        self.open
    }

    /// Emit a turn; `meta` is computed only when a conversation opens.
    pub(crate) fn turn(
        &mut self,
        mut turn: Turn,
        conv_id: Option<String>,
        meta: impl FnOnce() -> ConversationMeta,
    ) -> Result<(), TranscriptError> {
        if self.open && conv_id.is_some() && conv_id != self.id {
            self.end()?;
        }
        if !self.open {
            let mut m = meta();
            if m.id.is_none() {
                m.id = conv_id.clone();
            }
            self.id = conv_id.or_else(|| m.id.clone());
            self.sink.begin(m)?;
            self.open = true;
            self.next_index = 0;
        }
        turn.index = self.next_index;
        self.next_index += 1;
        self.total += 1;
        self.sink.turn(turn)
    }

    pub(crate) fn end(&mut self) -> Result<(), TranscriptError> {
        if self.open {
            self.open = false;
            self.id = None;
            self.sink.end()?;
        }
        Ok(())
    }
}

/// Longest raw line kept to render a turn's source.
pub(crate) const MAX_SOURCE: usize = 8 * 1024;

/// Guess the format from the first bytes of a transcript.
pub fn detect(head: &[u8], options: &TranscriptOptions) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = &head[start..];
    match rest.first() {
        // `[{…` is JSON; `[10:02] Conseiller : …` is text.
        Some(b'[')
            if matches!(
                rest[1..].iter().find(|b| !b.is_ascii_whitespace()),
                Some(b'{' | b'[' | b']' | b'"') | None
            ) =>
        {
            return Format::Json
        }
        Some(b'{') => {
            let first_line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
            return if json::balanced(first_line) {
                Format::Jsonl
            } else {
                Format::Json
            };
        }
        _ => {}
    }
    let first_line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
    match std::str::from_utf8(first_line) {
        Ok(line) if csv::looks_like_header(line) => Format::Csv,
        _ => {
            let _ = options;
            Format::Text
        }
    }
}

/// Read a transcript from `reader` into `sink`. `format` None: detected
/// from the first bytes.
pub fn read<R: Read>(
    reader: R,
    format: Option<Format>,
    options: &TranscriptOptions,
    sink: &mut dyn Sink,
) -> Result<Format, TranscriptError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let format = match format {
        Some(f) => f,
        None => {
            let head = reader.fill_buf()?;
            detect(head, options)
        }
    };
    let mut framer = Framer::new(sink);
    // A byte-order mark is skipped (offsets stay file offsets).
    let mut skipped = 0;
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
        skipped = 3;
    }
    match format {
        Format::Text => plain::read(&mut reader, skipped, options, &mut framer)?,
        Format::Json | Format::Jsonl => json::read(
            &mut reader,
            skipped,
            format == Format::Jsonl,
            options,
            &mut framer,
        )?,
        Format::Csv => csv::read(&mut reader, skipped, options, &mut framer)?,
    }
    framer.end()?;
    if framer.total == 0 {
        return Err(TranscriptError::Other(match format {
            Format::Text => "aucun tour de parole reconnu : chaque message doit commencer par son auteur, par exemple « [10:02] Conseiller : Bonjour » (les noms de rôles se règlent dans [transcript])".into(),
            Format::Json | Format::Jsonl => "aucun message reconnu : attendu un export LiveChat, Zendesk, Intercom, Crisp ou des objets {\"role\", \"text\", \"time\"}".into(),
            Format::Csv => "aucun message dans le CSV".into(),
        }));
    }
    Ok(format)
}

/// Every conversation of a transcript given as text.
pub fn parse_str(
    text: &str,
    format: Option<Format>,
    options: &TranscriptOptions,
) -> Result<Vec<Conversation>, TranscriptError> {
    let mut c = Collect::default();
    read(text.as_bytes(), format, options, &mut c)?;
    Ok(c.conversations)
}

/// Every conversation of the transcript file at `path`.
pub fn parse_path(
    path: &Path,
    format: Option<Format>,
    options: &TranscriptOptions,
) -> Result<Vec<Conversation>, TranscriptError> {
    let f = std::fs::File::open(path)?;
    let mut c = Collect::default();
    read(f, format, options, &mut c)?;
    Ok(c.conversations)
}

/// Shared by the readers: `bytes` as UTF-8, or an error naming the line.
pub(crate) fn utf8(bytes: Vec<u8>, line: usize) -> Result<String, TranscriptError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let extra = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        TranscriptError::at(
            line + extra,
            "le texte n'est pas en UTF-8 (octet invalide) : enregistrez le fichier en UTF-8",
        )
    })
}
