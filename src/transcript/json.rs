//! The JSON and JSON Lines reader: a small streaming JSON parser that keeps
//! the file position of every string, and a walker that emits each message
//! object as soon as it is complete.
//!
//! Any object that maps to a message through [`super::platforms`] is
//! emitted as a turn and dropped; the objects around messages (a chat with
//! its `users`, `visitor`, `started_by`…) are kept while they are open, so
//! memory holds one message and its enclosing objects, never the list.
//! A conversation is the enclosing object that is an element of an array
//! (`[{chat}, {chat}]`, `{"chats": [...]}`), or the whole document; a
//! change of `conversation_id` in a flat list of messages (JSON Lines
//! exports) starts a new one.

use super::platforms::{map_message, meta_from, JStr, JVal};
use super::{utf8, Framer, TranscriptError, MAX_SOURCE};
use crate::conversation::{Source, TextMap, TranscriptOptions};
use crate::diagnostic::Span;
use std::io::BufRead;

/// Non-message elements kept per array (users lists are short).
const MAX_KEPT: usize = 512;
const MAX_DEPTH: usize = 128;

/// True when `line` holds a complete JSON value (braces balance).
pub(crate) fn balanced(line: &[u8]) -> bool {
    let (mut depth, mut in_str, mut esc) = (0i64, false, false);
    for &b in line {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_str = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth -= 1,
                _ => {}
            }
        }
    }
    depth == 0 && !in_str
}

struct Lexer<'r, R> {
    r: &'r mut R,
    pos: usize,
    line: usize,
    /// The current line so far (up to MAX_SOURCE bytes), for sources.
    line_buf: Vec<u8>,
    line_start: usize,
    line_long: bool,
    /// Characters since the start of the line.
    col: usize,
    /// JSON Lines: a record may not go on to the next line.
    one_line: bool,
    /// Arrays and objects open (mirrors the walker's depth).
    open: usize,
}

impl<R: BufRead> Lexer<'_, R> {
    fn err(&self, msg: impl Into<String>) -> TranscriptError {
        TranscriptError::at(self.line, msg)
    }

    fn peek(&mut self) -> Result<Option<u8>, TranscriptError> {
        Ok(self.r.fill_buf()?.first().copied())
    }

    fn note(&mut self, bytes: &[u8]) {
        for &c in bytes {
            if c == b'\n' {
                self.line += 1;
                self.line_buf.clear();
                self.line_long = false;
                self.line_start = self.pos + 1;
                self.col = 0;
            } else if c & 0xC0 != 0x80 {
                self.col += 1;
            }
            if c != b'\n' {
                if self.line_buf.len() < MAX_SOURCE {
                    self.line_buf.push(c);
                } else {
                    self.line_long = true;
                }
            }
            self.pos += 1;
        }
    }

    fn bump(&mut self) -> Result<Option<u8>, TranscriptError> {
        let c = self.peek()?;
        if let Some(c) = c {
            self.r.consume(1);
            self.note(&[c]);
        }
        Ok(c)
    }

    fn ws(&mut self) -> Result<Option<u8>, TranscriptError> {
        loop {
            match self.peek()? {
                // A JSON Lines record cut short: said on its own line,
                // before the next record is read as the rest of it.
                Some(b'\n') if self.one_line && self.open > 0 => {
                    return Err(self.err(
                        "JSON incomplet : la ligne finit avant la fin de l'enregistrement (JSON Lines : un objet entier par ligne)",
                    ))
                }
                Some(b' ' | b'\t' | b'\n' | b'\r') => {
                    self.bump()?;
                }
                other => return Ok(other),
            }
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), TranscriptError> {
        match self.bump()? {
            Some(x) if x == c => Ok(()),
            Some(x) => Err(self.err(format!(
                "JSON invalide : « {} » attendu, « {} » trouvé",
                c as char,
                printable(x)
            ))),
            None => Err(self.err(format!(
                "JSON incomplet : « {} » attendu en fin de fichier",
                c as char
            ))),
        }
    }

    /// The rest of the current line still in the buffer (not consumed).
    fn line_rest(&mut self) -> Vec<u8> {
        match self.r.fill_buf() {
            Ok(buf) => {
                let end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
                let end = end.min(MAX_SOURCE.saturating_sub(self.line_buf.len()));
                let mut v = buf[..end].to_vec();
                if v.last() == Some(&b'\r') {
                    v.pop();
                }
                v
            }
            Err(_) => Vec::new(),
        }
    }

    fn string(&mut self) -> Result<JStr, TranscriptError> {
        self.expect(b'"')?;
        let start = self.pos;
        let line = self.line;
        let column = self.col + 1;
        let mut bytes = Vec::new();
        let mut map = TextMap::default();
        loop {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                return Err(self.err("JSON incomplet : chaîne non fermée en fin de fichier"));
            }
            let n = buf
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(buf.len());
            let chunk = buf[..n].to_vec();
            self.r.consume(n);
            bytes.extend_from_slice(&chunk);
            self.note(&chunk);
            match self.peek()? {
                Some(b'"') => break,
                Some(b'\\') => {
                    self.bump()?;
                    let Some(e) = self.bump()? else {
                        return Err(self.err("JSON incomplet : échappement en fin de fichier"));
                    };
                    match e {
                        b'"' => bytes.push(b'"'),
                        b'\\' => bytes.push(b'\\'),
                        b'/' => bytes.push(b'/'),
                        b'b' => bytes.push(8),
                        b'f' => bytes.push(12),
                        b'n' => bytes.push(b'\n'),
                        b'r' => bytes.push(b'\r'),
                        b't' => bytes.push(b'\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                self.expect(b'\\')?;
                                self.expect(b'u')?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("JSON invalide : paire de substitution \\u incomplète"));
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            let c = char::from_u32(cp).unwrap_or('\u{FFFD}');
                            let mut b4 = [0u8; 4];
                            bytes.extend_from_slice(c.encode_utf8(&mut b4).as_bytes());
                        }
                        other => {
                            return Err(self.err(format!(
                                "JSON invalide : échappement « \\{} » inconnu",
                                printable(other)
                            )))
                        }
                    }
                    map.push(bytes.len(), self.pos - start);
                }
                Some(c) if c < 0x20 => {
                    return Err(self.err(
                        "JSON invalide : retour à la ligne ou caractère de contrôle dans une chaîne (écrivez \\n)",
                    ))
                }
                _ => {}
            }
        }
        let end = self.pos;
        self.bump()?; // closing quote
        let source = if self.line_long {
            None
        } else {
            let mut text = self.line_buf.clone();
            text.extend(self.line_rest());
            String::from_utf8(text).ok().map(|text| Source {
                start: self.line_start,
                line: self.line,
                text,
            })
        };
        let value = utf8(bytes, line)?;
        Ok(JStr {
            value,
            span: Span::new(start, end),
            line,
            column,
            map,
            source,
        })
    }

    fn hex4(&mut self) -> Result<u32, TranscriptError> {
        let mut v = 0;
        for _ in 0..4 {
            let c = self
                .bump()?
                .ok_or_else(|| self.err("JSON incomplet : \\u tronqué"))?;
            let d = (c as char).to_digit(16).ok_or_else(|| {
                self.err("JSON invalide : \\u suivi d'autre chose que 4 chiffres hexadécimaux")
            })?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    fn word(&mut self) -> Result<String, TranscriptError> {
        let mut s = String::new();
        while let Some(c) = self.peek()? {
            if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.') {
                s.push(c as char);
                self.bump()?;
            } else {
                break;
            }
        }
        Ok(s)
    }
}

fn printable(b: u8) -> String {
    if b.is_ascii_graphic() {
        (b as char).to_string()
    } else {
        format!("octet 0x{b:02x}")
    }
}

struct Level {
    obj: JVal,
    in_array: bool,
    emitted: bool,
}

struct Walker<'a, 'f, 's, R> {
    lx: Lexer<'a, R>,
    stack: Vec<Level>,
    options: &'a TranscriptOptions,
    framer: &'f mut Framer<'s>,
    /// Stack depth whose closing ends the open conversation (None: the
    /// document, or a conversation id change).
    owner: Option<usize>,
    /// Nesting depth of the value being parsed (arrays and objects).
    depth: usize,
}

impl<R: BufRead> Walker<'_, '_, '_, R> {
    fn value(&mut self, in_array: bool) -> Result<JVal, TranscriptError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.lx.err("JSON trop imbriqué (plus de 128 niveaux)"));
        }
        self.depth += 1;
        self.lx.open = self.depth;
        let v = self.value_inner(in_array);
        self.depth -= 1;
        self.lx.open = self.depth;
        v
    }

    fn value_inner(&mut self, in_array: bool) -> Result<JVal, TranscriptError> {
        match self.lx.ws()? {
            Some(b'{') => self.object(in_array),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(JVal::Str(self.lx.string()?)),
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let w = self.lx.word()?;
                w.parse::<f64>()
                    .map(JVal::Num)
                    .map_err(|_| self.lx.err(format!("JSON invalide : nombre « {w} »")))
            }
            Some(b't' | b'f' | b'n') => match self.lx.word()?.as_str() {
                "true" => Ok(JVal::Bool(true)),
                "false" => Ok(JVal::Bool(false)),
                "null" => Ok(JVal::Null),
                w => Err(self.lx.err(format!("JSON invalide : « {w} » inattendu"))),
            },
            Some(c) => Err(self.lx.err(format!(
                "JSON invalide : « {} » inattendu (une valeur était attendue)",
                printable(c)
            ))),
            None => Err(self
                .lx
                .err("JSON incomplet : une valeur était attendue en fin de fichier")),
        }
    }

    fn array(&mut self) -> Result<JVal, TranscriptError> {
        self.lx.expect(b'[')?;
        let mut kept = Vec::new();
        if self.lx.ws()? == Some(b']') {
            self.lx.bump()?;
            return Ok(JVal::Arr(kept));
        }
        loop {
            let v = self.value(true)?;
            if !matches!(v, JVal::Done) && kept.len() < MAX_KEPT {
                kept.push(v);
            }
            match self.lx.ws()? {
                Some(b',') => {
                    self.lx.bump()?;
                }
                Some(b']') => {
                    self.lx.bump()?;
                    return Ok(JVal::Arr(kept));
                }
                Some(c) => {
                    return Err(self.lx.err(format!(
                        "JSON invalide : « , » ou « ] » attendu, « {} » trouvé",
                        printable(c)
                    )))
                }
                None => {
                    return Err(self
                        .lx
                        .err("JSON incomplet : « ] » attendu en fin de fichier"))
                }
            }
        }
    }

    fn object(&mut self, in_array: bool) -> Result<JVal, TranscriptError> {
        self.lx.expect(b'{')?;
        self.stack.push(Level {
            obj: JVal::Obj(Vec::new()),
            in_array,
            emitted: false,
        });
        if self.lx.ws()? == Some(b'}') {
            self.lx.bump()?;
        } else {
            loop {
                match self.lx.ws()? {
                    Some(b'"') => {}
                    Some(c) => {
                        return Err(self.lx.err(format!(
                            "JSON invalide : nom de champ entre guillemets attendu, « {} » trouvé",
                            printable(c)
                        )))
                    }
                    None => {
                        return Err(self
                            .lx
                            .err("JSON incomplet : objet non fermé en fin de fichier"))
                    }
                }
                let key = self.lx.string()?.value;
                self.lx.ws()?;
                self.lx.expect(b':')?;
                let v = self.value(false)?;
                if let Some(Level {
                    obj: JVal::Obj(fields),
                    ..
                }) = self.stack.last_mut()
                {
                    fields.push((key, v));
                }
                match self.lx.ws()? {
                    Some(b',') => {
                        self.lx.bump()?;
                    }
                    Some(b'}') => {
                        self.lx.bump()?;
                        break;
                    }
                    Some(c) => {
                        return Err(self.lx.err(format!(
                            "JSON invalide : « , » ou « }} » attendu, « {} » trouvé",
                            printable(c)
                        )))
                    }
                    None => {
                        return Err(self
                            .lx
                            .err("JSON incomplet : « } » attendu en fin de fichier"))
                    }
                }
            }
        }
        let depth = self.stack.len() - 1;
        let level = self.stack.pop().expect("pushed above");
        if level.emitted {
            if let Some(parent) = self.stack.last_mut() {
                parent.emitted = true;
            }
            if self.owner == Some(depth) {
                self.framer.end()?;
                self.owner = None;
            }
            return Ok(JVal::Done);
        }
        let around: Vec<&JVal> = self.stack.iter().map(|l| &l.obj).collect();
        let line = self.lx.line;
        match map_message(&level.obj, &around, self.options) {
            Ok(Some(m)) => {
                let opening = !self.framer.is_open();
                let platform = m.platform;
                let proactive = m.proactive;
                self.framer.turn(m.turn, m.conversation, || {
                    meta_from(&around, platform, proactive)
                })?;
                if opening {
                    self.owner = self
                        .stack
                        .iter()
                        .position(|l| l.in_array)
                        .or(if self.stack.is_empty() { None } else { Some(0) });
                }
                if let Some(parent) = self.stack.last_mut() {
                    parent.emitted = true;
                }
                Ok(JVal::Done)
            }
            Ok(None) => Ok(level.obj),
            Err(message) => Err(TranscriptError::at(line, message)),
        }
    }
}

/// Read JSON values until the end of the input (one document, or one a
/// line for JSON Lines).
pub(crate) fn read<R: BufRead>(
    r: &mut R,
    offset: usize,
    one_line: bool,
    options: &TranscriptOptions,
    framer: &mut Framer<'_>,
) -> Result<(), TranscriptError> {
    let mut w = Walker {
        lx: Lexer {
            r,
            pos: offset,
            line: 1,
            line_buf: Vec::new(),
            line_start: offset,
            line_long: false,
            col: 0,
            one_line,
            open: 0,
        },
        stack: Vec::new(),
        options,
        framer,
        owner: None,
        depth: 0,
    };
    let mut values = 0;
    while w.lx.ws()?.is_some() {
        w.value(false)?;
        values += 1;
    }
    if values == 0 {
        return Err(TranscriptError::Other(
            "fichier vide : aucun message".into(),
        ));
    }
    Ok(())
}
