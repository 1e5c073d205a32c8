//! LanguageTool's HTTP API (`/v2`), so that its clients (its browser
//! add-on with a custom server, LTeX, office add-ins, `language_tool_python`
//! and the like) can use tchatlint as their server.
//!
//! - `GET /v2/languages`: French only.
//! - `POST /v2/check` (or `GET` with a query string): form fields `text` or
//!   `data` (LanguageTool's annotated text: `{"annotation": [{"text": …},
//!   {"markup": …, "interpretAs": …}]}`), `language` (`fr`, `fr-XX` or
//!   `auto`; anything else is a 400), `enabledRules`, `disabledRules`,
//!   `enabledOnly`, `enabledCategories`, `disabledCategories`, `level`
//!   (`default` or `picky`, which change nothing here: the house style
//!   decides), and tchatlint's own `profile`. Other fields LanguageTool
//!   knows (`motherTongue`, `preferredVariants`, `username`…) are accepted
//!   and ignored.
//!
//! Answers have LanguageTool's shape; `offset` and `length` are in UTF-16
//! code units, as LanguageTool's are (Java strings), and for `data` they
//! point into the whole annotated text, markup included. Errors are plain
//! text (`Error: …`), as LanguageTool's are.

use super::api::{pick_profile, read_body, ApiError, JsonBytes, OffsetMap};
use super::selection::{rule_ids, Selection};
use super::AppState;
use crate::diagnostic::Diagnostic;
use crate::render::json::{write_str, write_uint};
use crate::rules::REGISTRY;
use crate::Severity;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// Characters of context kept on each side of a finding.
const CONTEXT_CHARS: usize = 40;

pub use super::selection::{category, RuleCategory};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    pub name: &'static str,
    pub code: &'static str,
    pub long_code: &'static str,
}

/// `GET /v2/languages`.
pub async fn languages() -> Json<Vec<Language>> {
    Json(vec![
        Language {
            name: "French",
            code: "fr",
            long_code: "fr",
        },
        Language {
            name: "French (France)",
            code: "fr",
            long_code: "fr-FR",
        },
    ])
}

/// The fields of a check request.
#[derive(Debug, Default)]
struct Params {
    text: Option<String>,
    data: Option<String>,
    language: Option<String>,
    enabled_rules: Vec<String>,
    disabled_rules: Vec<String>,
    enabled_only: bool,
    enabled_categories: Vec<String>,
    disabled_categories: Vec<String>,
    level: Option<String>,
    profile: Option<String>,
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Params {
    /// Fields of a query string or form body; a later one wins.
    fn read(&mut self, form: &[u8]) {
        for (k, v) in form_fields(form) {
            match k.as_ref() {
                "text" => self.text = Some(v.into_owned()),
                "data" => self.data = Some(v.into_owned()),
                "language" => self.language = Some(v.into_owned()),
                "enabledRules" => self.enabled_rules = list(&v),
                "disabledRules" => self.disabled_rules = list(&v),
                "enabledOnly" => self.enabled_only = v.eq_ignore_ascii_case("true"),
                "enabledCategories" => self.enabled_categories = list(&v),
                "disabledCategories" => self.disabled_categories = list(&v),
                "level" => self.level = Some(v.into_owned()),
                "profile" => self.profile = Some(v.into_owned()),
                _ => {}
            }
        }
    }
}

/// The `name=value` pairs of a query string or form body
/// (`application/x-www-form-urlencoded`), decoded as
/// `form_urlencoded::parse` decodes them: empty pairs skipped, a name
/// without `=` has an empty value.
fn form_fields(form: &[u8]) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    form.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(i) => (form_decode(&pair[..i]), form_decode(&pair[i + 1..])),
            None => (form_decode(pair), Cow::Borrowed("")),
        })
}

/// One name or value of a form: `+` is a space, `%XX` a byte (a `%` not
/// followed by two hex digits stays as it is), invalid UTF-8 is replaced
/// by U+FFFD. One pass over the bytes: `form_urlencoded` goes through
/// three layers of byte iterators, which cost more than the check of a
/// short reply, whose spaces and accents are all percent-encoded.
fn form_decode(raw: &[u8]) -> Cow<'_, str> {
    if !raw.iter().any(|&b| b == b'+' || b == b'%') {
        return match std::str::from_utf8(raw) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(raw),
        };
    }
    // Decoded into a buffer of the raw length (the most it can take),
    // cut to what was written.
    let mut out = vec![0; raw.len()];
    let mut len = 0;
    let mut bytes = raw.iter();
    while let Some(&b) = bytes.next() {
        out[len] = match b {
            b'+' => b' ',
            b'%' => {
                let rest = bytes.as_slice();
                match (rest.first().and_then(hex), rest.get(1).and_then(hex)) {
                    (Some(high), Some(low)) => {
                        bytes.nth(1);
                        high << 4 | low
                    }
                    _ => b'%',
                }
            }
            b => b,
        };
        len += 1;
    }
    out.truncate(len);
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// The value of a hex digit.
fn hex(b: &u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A LanguageTool-style error: `Error: …` in plain text.
fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Error: {message}\n"),
    )
        .into_response()
}

fn from_api(e: ApiError) -> Response {
    error(e.status, e.message)
}

/// The language code of the answer, or why the language is refused.
fn french(language: Option<&str>) -> Result<Cow<'static, str>, String> {
    let Some(lang) = language.map(str::trim).filter(|l| !l.is_empty()) else {
        return Err(
            "missing 'language' parameter; this server checks French: use language=fr, fr-FR or auto"
                .into(),
        );
    };
    if lang.eq_ignore_ascii_case("auto") {
        return Ok("fr-FR".into());
    }
    if lang.eq_ignore_ascii_case("fr") {
        return Ok("fr".into());
    }
    // `fr-XX` or `fr_XX`, any case: answered as `fr-XX`.
    let region = lang
        .split_at_checked(3)
        .filter(|(prefix, _)| {
            prefix.eq_ignore_ascii_case("fr-") || prefix.eq_ignore_ascii_case("fr_")
        })
        .map(|(_, region)| region);
    if let Some(region) = region {
        if !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            let mut code = String::with_capacity(3 + region.len());
            code.push_str("fr-");
            code.extend(region.chars().map(|c| match c {
                '_' => '-',
                c => c.to_ascii_uppercase(),
            }));
            return Ok(code.into());
        }
    }
    Err(format!(
        "language '{lang}' is not supported: tchatlint checks French replies only \
         (language=fr, fr-FR or auto)"
    ))
}

/// LanguageTool's annotated text: the pieces of a document, text to check
/// and markup to skip (or to read as `interpretAs`).
#[derive(Debug, Deserialize)]
struct AnnotatedText {
    annotation: Vec<Piece>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Piece {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markup: Option<String>,
    #[serde(default)]
    interpret_as: Option<String>,
}

/// One piece of the text that is checked, and where it came from.
#[derive(Debug)]
struct Segment {
    /// Byte range in the checked text.
    start: usize,
    end: usize,
    /// UTF-16 range in the original document.
    orig_start: usize,
    orig_end: usize,
    /// Text (offsets inside map one to one) or markup read as something.
    is_text: bool,
}

/// The text to check and, for annotated text, how its offsets map back.
#[derive(Debug)]
struct Source {
    text: String,
    /// Empty for plain text (offsets are the text's own).
    segments: Vec<Segment>,
}

impl Source {
    fn annotated(data: &str) -> Result<Source, String> {
        let doc: AnnotatedText =
            serde_json::from_str(data).map_err(|e| format!("invalid 'data' parameter: {e}"))?;
        let (mut text, mut segments, mut orig) = (String::new(), Vec::new(), 0usize);
        for p in doc.annotation {
            let (checked, source_len, is_text) =
                match (&p.text, &p.markup) {
                    (Some(t), None) => (t.as_str(), t.encode_utf16().count(), true),
                    (None, Some(m)) => (
                        p.interpret_as.as_deref().unwrap_or(""),
                        m.encode_utf16().count(),
                        false,
                    ),
                    _ => return Err(
                        "invalid 'data' parameter: each annotation holds either 'text' or 'markup'"
                            .into(),
                    ),
                };
            let start = text.len();
            text.push_str(checked);
            segments.push(Segment {
                start,
                end: text.len(),
                orig_start: orig,
                orig_end: orig + source_len,
                is_text,
            });
            orig += source_len;
        }
        Ok(Source { text, segments })
    }

    /// The UTF-16 offset in the original document of byte `b` of the
    /// checked text, as the start (`end == false`) or end of a range.
    fn original(&self, b: usize, end: bool, plain: &OffsetMap) -> usize {
        if self.segments.is_empty() {
            return plain.get(b).1;
        }
        let seg = self
            .segments
            .iter()
            .find(|s| {
                if end {
                    s.start < b && b <= s.end
                } else {
                    s.start <= b && b < s.end
                }
            })
            .or_else(|| self.segments.last());
        let Some(s) = seg else { return 0 };
        if s.is_text {
            let inside = self
                .text
                .get(s.start..b.clamp(s.start, s.end))
                .unwrap_or("");
            s.orig_start + inside.encode_utf16().count()
        } else if end {
            s.orig_end
        } else {
            s.orig_start
        }
    }
}

/// One match of the answer; its strings borrow from the finding and the
/// text where they can. Written by [`write_match`].
#[derive(Debug)]
struct Match<'a> {
    /// The message with a capital and the help after it.
    message: String,
    short_message: &'a str,
    replacements: &'a [String],
    /// UTF-16 offset and length in the document.
    offset: usize,
    length: usize,
    /// The window around the finding, and the finding's UTF-16 offset
    /// and length in it.
    context: String,
    context_offset: usize,
    context_length: usize,
    sentence: &'a str,
    type_name: &'static str,
    rule: &'static str,
    description: &'static str,
    category: RuleCategory,
}

/// `POST /v2/check` (and `GET` with a query string).
pub async fn check(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let mut params = Params::default();
    if let Some(q) = uri.query() {
        params.read(q.as_bytes());
    }
    let bytes = match read_body(&headers, body, state.max_body).await {
        Ok(b) => b,
        Err(e) => return from_api(e),
    };
    params.read(&bytes);
    let code = match french(params.language.as_deref()) {
        Ok(c) => c,
        Err(why) => return error(StatusCode::BAD_REQUEST, why),
    };
    match params.level.as_deref() {
        None | Some("default") | Some("picky") => {}
        Some(other) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("unknown level '{other}': use default or picky"),
            )
        }
    }
    let source = match (params.text.take(), params.data.as_deref()) {
        (Some(text), _) => Source {
            text,
            segments: Vec::new(),
        },
        (None, Some(data)) => match Source::annotated(data) {
            Ok(s) => s,
            Err(e) => return error(StatusCode::BAD_REQUEST, e),
        },
        (None, None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "missing 'text' or 'data' parameter",
            )
        }
    };
    let selection = match selection(&params) {
        Ok(s) => s,
        Err(e) => return from_api(e),
    };
    let (profiles, name) = match pick_profile(&state, params.profile.take()) {
        Ok(p) => p,
        Err(e) => return from_api(e),
    };
    let text_bytes = source.text.len();
    let answer = state
        .lanes
        .run(text_bytes, move |stop| {
            let profile = profiles.profile(name.as_deref())?;
            let diags = match selection.check(profile, &source.text, &stop.as_fn()) {
                Ok(d) => d?,
                Err(e) => return Some(Err(e)),
            };
            let matches = to_matches(&source, &diags);
            Some(Ok((answer(&code, &matches), matches.len())))
        })
        .await;
    match answer {
        Ok(Ok((answer, matches))) => {
            tracing::info!(bytes = bytes.len(), text_bytes, matches, "v2 check");
            answer.into_response()
        }
        Ok(Err(e)) | Err(e) => from_api(e),
    }
}

/// The answer's JSON, written directly (as the CLI writes its JSON
/// output, with the same escaping as serde_json): LanguageTool's answers
/// are mostly names and fixed values, which serde would escape byte by
/// byte. Everything before `matches` is the same for every answer but the
/// language code.
fn answer(code: &str, matches: &[Match<'_>]) -> JsonBytes {
    const HEAD: &str = concat!(
        r#"{"software":{"name":"tchatlint","version":""#,
        env!("CARGO_PKG_VERSION"),
        r#"","buildDate":"","apiVersion":1,"premium":false,"status":""},"#,
        r#""warnings":{"incompleteResults":false},"language":{"name":"French","code":"#
    );
    const DETECTED: &str =
        r#","detectedLanguage":{"name":"French","code":"fr-FR","confidence":1.0}},"matches":["#;
    let mut out = Vec::with_capacity(HEAD.len() + DETECTED.len() + 16 + 800 * matches.len());
    out.extend_from_slice(HEAD.as_bytes());
    write_str(&mut out, code);
    out.extend_from_slice(DETECTED.as_bytes());
    for (i, m) in matches.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_match(&mut out, m);
    }
    out.extend_from_slice(b"]}");
    JsonBytes(out.into())
}

/// One match in LanguageTool's shape.
fn write_match(out: &mut Vec<u8>, m: &Match<'_>) {
    out.extend_from_slice(br#"{"message":"#);
    write_str(out, &m.message);
    out.extend_from_slice(br#","shortMessage":"#);
    write_str(out, m.short_message);
    out.extend_from_slice(br#","replacements":["#);
    for (i, r) in m.replacements.iter().enumerate() {
        out.extend_from_slice(if i == 0 {
            br#"{"value":"#
        } else {
            br#",{"value":"#
        });
        write_str(out, r);
        out.push(b'}');
    }
    out.extend_from_slice(br#"],"offset":"#);
    write_uint(out, m.offset);
    out.extend_from_slice(br#","length":"#);
    write_uint(out, m.length);
    out.extend_from_slice(br#","context":{"text":"#);
    write_str(out, &m.context);
    out.extend_from_slice(br#","offset":"#);
    write_uint(out, m.context_offset);
    out.extend_from_slice(br#","length":"#);
    write_uint(out, m.context_length);
    out.extend_from_slice(br#"},"sentence":"#);
    write_str(out, m.sentence);
    out.extend_from_slice(br#","type":{"typeName":"#);
    write_str(out, m.type_name);
    out.extend_from_slice(br#"},"rule":{"id":"#);
    write_str(out, m.rule);
    out.extend_from_slice(br#","description":"#);
    write_str(out, m.description);
    out.extend_from_slice(br#","issueType":"#);
    write_str(out, m.category.issue_type);
    out.extend_from_slice(br#","category":{"id":"#);
    write_str(out, m.category.id);
    out.extend_from_slice(br#","name":"#);
    write_str(out, m.category.name);
    out.extend_from_slice(br#"}},"ignoreForIncompleteSentence":false,"contextForSureMatch":0}"#);
}

fn selection(p: &Params) -> Result<Selection, ApiError> {
    let upper = |v: &[String]| v.iter().map(|c| c.to_ascii_uppercase()).collect();
    Ok(Selection {
        enabled: rule_ids(p.enabled_rules.iter().map(String::as_str), false)?,
        disabled: rule_ids(p.disabled_rules.iter().map(String::as_str), false)?,
        enabled_only: p.enabled_only,
        enabled_categories: upper(&p.enabled_categories),
        disabled_categories: upper(&p.disabled_categories),
        ..Selection::default()
    })
}

/// The sentences around findings, found in one walk over the text when
/// the findings come in order of position (they do: the linter sorts
/// them), so that a long text dense with findings stays linear.
struct Sentences<'a> {
    text: &'a str,
    /// The walk for starts: where it stands, the start of the sentence
    /// there, and whether the last character ended a sentence.
    pos: usize,
    start: usize,
    prev_end: bool,
    /// The last end found: searched from `from`, decided at `decided`
    /// (any search from between the two finds the same), found `end`.
    last_end: Option<(usize, usize, usize)>,
}

impl<'a> Sentences<'a> {
    fn new(text: &'a str) -> Self {
        Sentences {
            text,
            pos: 0,
            start: 0,
            prev_end: false,
            last_end: None,
        }
    }

    /// Start of the sentence around byte `at`: after the last line break
    /// or sentence end (`.`, `!`, `?`, `…` then a space) before it.
    fn start(&mut self, at: usize) -> usize {
        if at < self.pos {
            (self.pos, self.start, self.prev_end) = (0, 0, false);
        }
        for (i, c) in self.text[self.pos..at].char_indices() {
            let i = self.pos + i;
            if c == '\n' {
                self.start = i + 1;
                self.prev_end = false;
            } else if self.prev_end && c.is_whitespace() {
                self.start = i + c.len_utf8();
            } else {
                self.prev_end = matches!(c, '.' | '!' | '?' | '…');
            }
        }
        self.pos = at;
        let before = &self.text[self.start..at];
        self.start + (before.len() - before.trim_start().len())
    }

    /// End of the sentence around byte `at`: its final punctuation
    /// included, or the line break or end of the text.
    fn end(&mut self, at: usize) -> usize {
        if let Some((from, decided, end)) = self.last_end {
            if from <= at && at <= decided {
                return end;
            }
        }
        let text = self.text;
        let (decided, end) = 'found: {
            let mut chars = text[at..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\n' {
                    break 'found (at + i, at + i);
                }
                if matches!(c, '.' | '!' | '?' | '…') {
                    match chars.peek() {
                        None => break 'found (at + i, text.len()),
                        Some(&(j, n)) if n.is_whitespace() => break 'found (at + i, at + j),
                        _ => {}
                    }
                }
            }
            (text.len(), text.len())
        };
        self.last_end = Some((at, decided, end));
        end
    }
}

/// Longest `sentence` given (bytes); a longer one is replaced by the
/// finding's context window, so that a text without sentence ends does not
/// repeat itself in every match.
const MAX_SENTENCE: usize = 1000;

/// Byte offset `n` characters before `at` (or 0).
fn chars_before(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Byte offset `n` characters after `at` (or the end).
fn chars_after(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// LanguageTool's message: a capital first letter, the help after it.
fn full_message(d: &Diagnostic) -> String {
    let help = d.help.as_deref().filter(|h| !h.is_empty());
    let mut out = String::with_capacity(d.message.len() + help.map_or(0, |h| h.len() + 3) + 4);
    let mut chars = d.message.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    if let Some(help) = help {
        out.push_str(" : ");
        out.push_str(help);
    }
    out
}

/// The text of `context`: `window` on one line (line breaks and tabs
/// become spaces).
fn push_one_line(out: &mut String, window: &str) {
    if !window.bytes().any(|b| matches!(b, b'\n' | b'\r' | b'\t')) {
        out.push_str(window);
        return;
    }
    for (i, piece) in window.split(['\n', '\r', '\t']).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

fn to_matches<'a>(source: &'a Source, diags: &'a [Diagnostic]) -> Vec<Match<'a>> {
    let text = source.text.as_str();
    let plain = OffsetMap::new(
        text,
        if source.segments.is_empty() {
            diags
                .iter()
                .flat_map(|d| [d.span.start, d.span.end])
                .collect()
        } else {
            Vec::new()
        },
    );
    let mut sentences = Sentences::new(text);
    diags
        .iter()
        .map(|d| {
            let (start, end) = (d.span.start.min(text.len()), d.span.end.min(text.len()));
            let offset = source.original(start, false, &plain);
            let length = source.original(end, true, &plain).saturating_sub(offset);
            // Context: a window of characters around the finding, on one
            // line, "..." where it was cut.
            let (cs, ce) = (
                chars_before(text, start, CONTEXT_CHARS),
                chars_after(text, end, CONTEXT_CHARS),
            );
            let mut ctx = String::with_capacity(ce - cs + 6);
            if cs > 0 {
                ctx.push_str("...");
            }
            let ctx_offset = ctx.len() + text[cs..start].encode_utf16().count();
            push_one_line(&mut ctx, &text[cs..ce]);
            if ce < text.len() {
                ctx.push_str("...");
            }
            let (ss, se) = (sentences.start(start), sentences.end(end));
            let sentence = if se.saturating_sub(ss) <= MAX_SENTENCE {
                text[ss..se.max(ss)].trim()
            } else {
                text[cs..ce].trim()
            };
            let description = REGISTRY
                .iter()
                .find(|e| e.meta.id == d.rule)
                .map_or("", |e| e.meta.summary);
            let type_name = if d.rule == "spelling" {
                "UnknownWord"
            } else if d.severity == Severity::Info {
                "Hint"
            } else {
                "Other"
            };
            Match {
                message: full_message(d),
                short_message: &d.message,
                replacements: &d.suggestions,
                offset,
                length,
                context: ctx,
                context_offset: ctx_offset,
                context_length: text[start..end].encode_utf16().count(),
                sentence,
                type_name,
                rule: d.rule,
                description,
                category: category(d.rule),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_french_is_accepted() {
        assert_eq!(french(Some("fr")).ok(), Some("fr".into()));
        assert_eq!(french(Some("fr_fr")).ok(), Some("fr-FR".into()));
        assert_eq!(french(Some("auto")).ok(), Some("fr-FR".into()));
        assert!(french(Some("en-US")).is_err());
        assert!(french(Some("french")).is_err());
        assert_eq!(french(Some(" FR_be ")).ok(), Some("fr-BE".into()));
        assert_eq!(french(Some("fr-ca_x")).ok(), Some("fr-CA-X".into()));
        assert!(french(Some("fr-")).is_err());
        assert!(french(Some("fr-é")).is_err());
        assert!(french(Some("éé")).is_err());
        assert!(french(None).is_err());
    }

    #[test]
    fn forms_decode_as_form_urlencoded_does() {
        let forms: &[&[u8]] = &[
            b"language=fr-FR&text=Bonjour%20Madame%2C%20je%20v%C3%A9rifie",
            b"text=a+b%2Bc&&language=fr&=x&y=&z&a=b=c",
            b"text=%&text=%4&text=%4g%41%zz%%41&text=100%25",
            b"text=%C3%28%FF+ok&t%65xt=key%20encoded&text=caf\xc3\xa9\xff",
            b"",
            b"&&&",
        ];
        for form in forms {
            let ours: Vec<_> = form_fields(form).collect();
            let reference: Vec<_> = form_urlencoded::parse(form).collect();
            assert_eq!(ours, reference, "{}", String::from_utf8_lossy(form));
        }
    }

    proptest::proptest! {
        /// Any form, valid or not, decodes as form_urlencoded decodes it.
        #[test]
        fn any_form_decodes_as_form_urlencoded_does(
            form in "[a=&%+0-9A-Fa-fé]{0,40}",
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
        ) {
            for form in [form.as_bytes(), &bytes] {
                let ours: Vec<_> = form_fields(form).collect();
                let reference: Vec<_> = form_urlencoded::parse(form).collect();
                proptest::prop_assert_eq!(ours, reference);
            }
        }
    }

    #[test]
    fn sentences_are_found_around_a_finding() {
        let t = "Bonjour. Je vérifie slt votre commande ! Merci";
        let at = t.find("slt").unwrap();
        let mut sentences = Sentences::new(t);
        let (s, e) = (sentences.start(at), sentences.end(at + 3));
        assert_eq!(&t[s..e], "Je vérifie slt votre commande !");
        // Further on, then back: the walk restarts.
        let at = t.find("Merci").unwrap();
        assert_eq!((sentences.start(at), sentences.end(at + 1)), (at, t.len()));
        let at = t.find("vérifie").unwrap();
        assert_eq!((sentences.start(at), sentences.end(at)), (s, e));
        assert_eq!(sentences.start(2), 0);
    }

    #[test]
    fn annotated_offsets_point_into_the_document() {
        let data = r#"{"annotation":[{"markup":"<p>"},{"text":"Hélène, slt"},{"markup":"</p>","interpretAs":"\n\n"}]}"#;
        let s = Source::annotated(data).unwrap();
        assert_eq!(s.text, "Hélène, slt\n\n");
        let plain = OffsetMap::new(&s.text, Vec::new());
        let b = s.text.find("slt").unwrap();
        assert_eq!(s.original(b, false, &plain), 3 + 8);
        assert_eq!(s.original(b + 3, true, &plain), 3 + 11);
    }

    #[test]
    fn every_rule_has_a_category_of_its_own() {
        for e in REGISTRY {
            assert_ne!(
                category(e.meta.id).id,
                "HOUSE_STYLE",
                "{} has no LanguageTool category",
                e.meta.id
            );
        }
    }
}
