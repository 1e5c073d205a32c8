//! The conversation model: what every transcript parser produces and what
//! the conversation rules read. It belongs to the core, beside
//! [`Document`](crate::text::Document): parsers of export formats
//! (`transcript`) sit above it, and conversation rules never import a
//! parser.
//!
//! A [`Conversation`] is an ordered list of [`Turn`]s. Each turn keeps the
//! byte span of its text *in the transcript file*, so that a diagnostic on
//! the turn's text can be reported at `path:line:column` of the file
//! ([`Turn::file_span`]). For formats that escape text (JSON `\n`, `\"`,
//! `\u00e9`; CSV `""`), the decoded text differs from the file bytes: a
//! [`TextMap`] maps every decoded offset back to the exact file offset.

use crate::diagnostic::Span;
use std::fmt;

/// Who wrote a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The human advisor: the only role whose turns are checked.
    Advisor,
    Customer,
    /// An automated sender (chatbot, trigger, canned automation).
    Bot,
    /// Platform events: joins, transfers, ratings.
    System,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Advisor => "advisor",
            Role::Customer => "customer",
            Role::Bot => "bot",
            Role::System => "system",
        }
    }

    /// The French word shown to users.
    pub fn label_fr(self) -> &'static str {
        match self {
            Role::Advisor => "conseiller",
            Role::Customer => "client",
            Role::Bot => "bot",
            Role::System => "système",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a time stamp is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// Seconds since the Unix epoch, UTC.
    DateTime,
    /// A time of day only (`10:02`): seconds since midnight.
    Clock,
}

/// A turn's time stamp, normalised to seconds (plus milliseconds), with the
/// precision it was written with (`10:02` is only known to the minute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    pub kind: TimeKind,
    /// Seconds since the epoch (UTC) or since midnight.
    pub seconds: i64,
    pub millis: u16,
    /// 1 when seconds were given, 60 for `hh:mm`.
    pub precision: u32,
    /// UTC offset the time was written with, in minutes (for display).
    pub offset_minutes: i16,
}

impl Timestamp {
    /// A time of day.
    pub fn clock(h: u32, m: u32, s: Option<u32>) -> Option<Timestamp> {
        if h > 23 || m > 59 || s.is_some_and(|s| s > 60) {
            return None;
        }
        Some(Timestamp {
            kind: TimeKind::Clock,
            seconds: i64::from(h * 3600 + m * 60 + s.unwrap_or(0)),
            millis: 0,
            precision: if s.is_some() { 1 } else { 60 },
            offset_minutes: 0,
        })
    }

    /// A number from a JSON export: Unix seconds, milliseconds or
    /// microseconds, told apart by magnitude.
    pub fn from_unix(n: f64) -> Option<Timestamp> {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        let secs = if n < 1e11 {
            n
        } else if n < 1e14 {
            n / 1e3
        } else {
            n / 1e6
        };
        Some(Timestamp {
            kind: TimeKind::DateTime,
            seconds: secs.floor() as i64,
            millis: ((secs - secs.floor()) * 1000.0).round().min(999.0) as u16,
            precision: 1,
            offset_minutes: 0,
        })
    }

    /// Parse the time stamps found in exports: `10:02`, `10:02:45`,
    /// `10h02`, ISO 8601 / RFC 3339 (`2024-05-02T10:04:01.120+02:00`,
    /// `2024-05-02 10:04:01`), `02/05/2024 10:04`, or Unix seconds or
    /// milliseconds written as digits.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.len() >= 9 {
            return s.parse::<f64>().ok().and_then(Timestamp::from_unix);
        }
        let (date, rest) = match split_date(s) {
            Some((d, rest)) => (Some(d), rest),
            None => (None, s),
        };
        let rest = rest.trim_start_matches(['T', 't', ' ']);
        let (clock, tz) = parse_clock_prefix(rest)?;
        let (offset, tail) = parse_offset(tz)?;
        if !tail.trim().is_empty() {
            return None;
        }
        let (h, m, sec, millis) = clock;
        let mut t = Timestamp::clock(h, m, sec)?;
        t.millis = millis;
        match date {
            Some((y, mo, d)) => {
                let days = days_from_civil(y, mo, d);
                let off = i64::from(offset.unwrap_or(0));
                t.kind = TimeKind::DateTime;
                t.seconds = days * 86_400 + t.seconds - off * 60;
                t.offset_minutes = offset.unwrap_or(0);
                Some(t)
            }
            None if offset.is_some() => None,
            None => Some(t),
        }
    }

    /// Attach a date (from a `--- 02/05/2024 ---` separator) to a time of day.
    pub fn on_date(self, (y, m, d): (i64, u32, u32)) -> Timestamp {
        match self.kind {
            TimeKind::DateTime => self,
            TimeKind::Clock => Timestamp {
                kind: TimeKind::DateTime,
                seconds: days_from_civil(y, m, d) * 86_400 + self.seconds,
                ..self
            },
        }
    }

    /// Seconds from `earlier` to `self`, as written (`None` when one is a
    /// date-time and the other a time of day). Times of day that go
    /// backwards by more than 12 hours are taken to cross midnight.
    pub fn seconds_since(&self, earlier: &Timestamp) -> Option<i64> {
        if self.kind != earlier.kind {
            return None;
        }
        let mut d = self.seconds - earlier.seconds;
        if self.kind == TimeKind::Clock && d < -12 * 3600 {
            d += 86_400;
        }
        Some(d)
    }

    /// The smallest delay compatible with the precision of `earlier`:
    /// `10:02` → `10:04` is at least 61 seconds, not 120.
    pub fn min_seconds_since(&self, earlier: &Timestamp) -> Option<i64> {
        let d = self.seconds_since(earlier)?;
        let slack = i64::from(earlier.precision.max(1)) - 1;
        Some((d - slack).max(0).min(d.max(0)))
    }
}

impl fmt::Display for Timestamp {
    /// `10:02`, `10:02:45`, or `2024-05-02T10:04:01+02:00` (in the offset
    /// it was written with).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TimeKind::Clock => {
                let (h, m, s) = (
                    self.seconds / 3600,
                    self.seconds / 60 % 60,
                    self.seconds % 60,
                );
                if self.precision >= 60 {
                    write!(f, "{h:02}:{m:02}")
                } else {
                    write!(f, "{h:02}:{m:02}:{s:02}")
                }
            }
            TimeKind::DateTime => {
                let local = self.seconds + i64::from(self.offset_minutes) * 60;
                let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
                let (y, mo, d) = civil_from_days(days);
                write!(
                    f,
                    "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                )?;
                match self.offset_minutes {
                    0 => f.write_str("Z"),
                    o => write!(
                        f,
                        "{}{:02}:{:02}",
                        if o < 0 { '-' } else { '+' },
                        o.abs() / 60,
                        o.abs() % 60
                    ),
                }
            }
        }
    }
}

/// `2024-05-02`, `02/05/2024` or `02.05.2024` at the start of `s`.
fn split_date(s: &str) -> Option<((i64, u32, u32), &str)> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) && !t.is_empty() {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        return valid_date(i64::from(y), m, d).map(|ymd| (ymd, &s[10..]));
    }
    if b.len() >= 10 && (b[2] == b'/' || b[2] == b'.') && b[5] == b[2] {
        let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
        return valid_date(i64::from(y), m, d).map(|ymd| (ymd, &s[10..]));
    }
    None
}

/// A date alone (`02/05/2024`, `2024-05-02`, `02.05.2024`), for separators.
pub fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let s = s.trim();
    match split_date(s) {
        Some((d, rest)) if rest.trim().is_empty() => Some(d),
        _ => None,
    }
}

fn valid_date(y: i64, m: u32, d: u32) -> Option<(i64, u32, u32)> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

type Clock = (u32, u32, Option<u32>, u16);

/// `hh:mm[:ss[.fff]]` or `hhHmm` at the start of `s`, and the rest.
fn parse_clock_prefix(s: &str) -> Option<(Clock, &str)> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let hl = digits(0);
    if !(1..=2).contains(&hl) || b.len() < hl + 3 {
        return None;
    }
    let sep = b[hl];
    if !matches!(sep, b':' | b'h' | b'H') || digits(hl + 1) != 2 {
        return None;
    }
    let h: u32 = s[..hl].parse().ok()?;
    let m: u32 = s[hl + 1..hl + 3].parse().ok()?;
    let mut i = hl + 3;
    let mut sec = None;
    let mut millis = 0u16;
    if sep == b':' && b.len() >= i + 3 && b[i] == b':' && digits(i + 1) == 2 {
        sec = Some(s[i + 1..i + 3].parse().ok()?);
        i += 3;
        if i < b.len() && (b[i] == b'.' || b[i] == b',') && digits(i + 1) > 0 {
            let n = digits(i + 1);
            let frac = &s[i + 1..i + 1 + n.min(3)];
            millis = format!("{frac:0<3}").parse().unwrap_or(0);
            i += 1 + n;
        }
    }
    if i < b.len() && b[i].is_ascii_digit() {
        return None;
    }
    Some(((h, m, sec, millis), &s[i..]))
}

/// `Z`, `+02:00`, `+0200`, `-05` or nothing.
fn parse_offset(s: &str) -> Option<(Option<i16>, &str)> {
    if let Some(rest) = s.strip_prefix(['Z', 'z']) {
        return Some((Some(0), rest));
    }
    let Some(sign) = s.chars().next().filter(|c| *c == '+' || *c == '-') else {
        return Some((None, s));
    };
    let t = &s[1..];
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).take(4).collect();
    let used = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == ':')
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    if digits.len() != 2 && digits.len() != 4 {
        return None;
    }
    let h: i16 = digits[..2].parse().ok()?;
    let m: i16 = digits.get(2..4).map_or(Some(0), |x| x.parse().ok())?;
    let v = h * 60 + m;
    Some((Some(if sign == '-' { -v } else { v }), &t[used..]))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Maps offsets in a turn's decoded text to offsets in the file.
///
/// Empty when the text is the file's bytes verbatim (plain text, unquoted
/// CSV): offset `i` of the text is `span.start + i` in the file. After each
/// escape sequence the parser records a checkpoint `(decoded, file)`; an
/// offset maps through the last checkpoint at or before it. The map is
/// exact for every character boundary of the decoded text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextMap {
    checkpoints: Vec<(u32, u32)>,
}

impl TextMap {
    /// Record that decoded offset `decoded` is at `file` bytes after the
    /// start of the turn's span.
    pub fn push(&mut self, decoded: usize, file: usize) {
        let (d, f) = (decoded as u32, file as u32);
        if self.checkpoints.is_empty() && d == f {
            return;
        }
        if self.checkpoints.last().is_some_and(|&(ld, _)| ld == d) {
            self.checkpoints.pop();
        }
        self.checkpoints.push((d, f));
    }

    pub fn is_identity(&self) -> bool {
        self.checkpoints.iter().all(|&(d, f)| d == f)
    }

    /// File offset (relative to the span start) of decoded offset `i`.
    pub fn map(&self, i: usize) -> usize {
        let i32_ = i as u32;
        let k = self.checkpoints.partition_point(|&(d, _)| d <= i32_);
        match k {
            0 => i,
            k => {
                let (d, f) = self.checkpoints[k - 1];
                (f + (i32_ - d)) as usize
            }
        }
    }
}

crate::options! {
    /// `[transcript]`: how transcripts name the roles, and which turns are
    /// checked. Read by the transcript parsers and the conversation checker.
    pub struct TranscriptOptions / TranscriptPatch {
        /// Speaker labels of the advisor (compared without case; a label
        /// such as « Marie (Conseillère) » or « Conseillère Marie » matches
        /// « conseillère »). Add the advisors' first names if exports use
        /// them alone.
        pub advisor: Vec<String>,
        /// Speaker labels of the customer.
        pub customer: Vec<String>,
        /// Speaker labels of chatbots and automated senders.
        pub bot: Vec<String>,
        /// Speaker labels of platform events.
        pub system: Vec<String>,
        /// Also check the bot's turns with the message rules.
        pub check_bots: bool,
    }
}

impl TranscriptOptions {
    /// The role a speaker label names, and the person's name when the label
    /// carries one (`Marie (Conseillère)` → advisor, `Marie`).
    pub fn role_of(&self, label: &str) -> Option<(Role, Option<String>)> {
        let label = label.trim();
        let norm = crate::lexicon::normalize(label);
        let lists = [
            (Role::Advisor, &self.advisor),
            (Role::Customer, &self.customer),
            (Role::Bot, &self.bot),
            (Role::System, &self.system),
        ];
        // Whole label, then a role in parentheses, then a leading role word.
        for (role, list) in lists {
            if list.iter().any(|a| crate::lexicon::normalize(a) == norm) {
                return Some((role, None));
            }
        }
        if let (Some(open), true) = (label.find('('), label.ends_with(')')) {
            let inner = crate::lexicon::normalize(&label[open + 1..label.len() - 1]);
            let outer = label[..open].trim();
            for (role, list) in lists {
                if list.iter().any(|a| crate::lexicon::normalize(a) == inner) {
                    return Some((role, (!outer.is_empty()).then(|| outer.to_string())));
                }
            }
            let outer_n = crate::lexicon::normalize(outer);
            for (role, list) in lists {
                if list.iter().any(|a| crate::lexicon::normalize(a) == outer_n) {
                    return Some((
                        role,
                        (!inner.is_empty())
                            .then(|| label[open + 1..label.len() - 1].trim().to_string()),
                    ));
                }
            }
        }
        let words: Vec<&str> = label.split_whitespace().collect();
        for (role, list) in lists {
            for a in list.iter() {
                let n = a.split_whitespace().count();
                if n > 0
                    && words.len() > n
                    && crate::lexicon::normalize(&words[..n].join(" "))
                        == crate::lexicon::normalize(a)
                {
                    return Some((role, Some(words[n..].join(" "))));
                }
            }
        }
        None
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// 0-based position in the conversation (system events included).
    pub index: usize,
    pub role: Role,
    /// The author's name or label as exported (`Marie`, `Visiteur 1234`).
    pub name: Option<String>,
    /// The decoded text (HTML tags removed for Intercom bodies).
    pub text: String,
    pub time: Option<Timestamp>,
    /// Byte span of the text's raw form in the transcript file.
    pub span: Span,
    /// 1-based line of `span.start` in the file.
    pub line: usize,
    /// 1-based column (in characters) of `span.start` in its line.
    pub column: usize,
    /// Decoded text offsets → file offsets (relative to `span.start`).
    pub map: TextMap,
    /// The raw file lines that hold the turn's text (for rendering), when
    /// not too long; `source.start` is the file offset of its first byte.
    pub source: Option<Source>,
}

/// Raw lines of the file around a turn, for rendering diagnostics without
/// keeping the whole file in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// File offset of the first byte of `text` (a line start).
    pub start: usize,
    /// 1-based line number of `start`.
    pub line: usize,
    pub text: String,
}

impl Turn {
    /// The file span of `span`, a span of [`Turn::text`].
    pub fn file_span(&self, span: Span) -> Span {
        Span::new(
            self.span.start + self.map.map(span.start),
            self.span.start + self.map.map(span.end),
        )
    }

    pub fn is_advisor(&self) -> bool {
        self.role == Role::Advisor
    }
}

/// Facts about a conversation that come with the export rather than with a
/// turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConversationMeta {
    /// The platform's conversation id.
    pub id: Option<String>,
    /// The customer's name when the export gives it.
    pub customer_name: Option<String>,
    /// `Some(true)` when the export says the advisor (or a trigger) started
    /// the chat; `None` when it does not say.
    pub proactive: Option<bool>,
    /// The platform the export came from (`livechat`, `zendesk`…).
    pub source: Option<&'static str>,
}

/// A whole conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversation {
    pub meta: ConversationMeta,
    pub turns: Vec<Turn>,
}

impl Conversation {
    pub fn advisor_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.is_advisor())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_export_time_stamps() {
        let t = Timestamp::parse("10:02").unwrap();
        assert_eq!(
            (t.kind, t.seconds, t.precision),
            (TimeKind::Clock, 36120, 60)
        );
        assert_eq!(Timestamp::parse("10h02").unwrap().seconds, 36120);
        assert_eq!(
            Timestamp::parse("10:02:45").unwrap().to_string(),
            "10:02:45"
        );
        let t = Timestamp::parse("2020-05-12T11:42:47.383Z").unwrap();
        assert_eq!(t.seconds, 1_589_283_767);
        assert_eq!(t.millis, 383);
        assert_eq!(t.to_string(), "2020-05-12T11:42:47Z");
        let t = Timestamp::parse("2024-05-02T10:04:01+02:00").unwrap();
        assert_eq!(t.to_string(), "2024-05-02T10:04:01+02:00");
        assert_eq!(
            t.seconds,
            Timestamp::parse("2024-05-02 08:04:01").unwrap().seconds
        );
        assert_eq!(
            Timestamp::parse("02/05/2024 10:04").unwrap().seconds,
            Timestamp::parse("2024-05-02T10:04:00Z").unwrap().seconds
        );
        let t = Timestamp::parse("1589283767383").unwrap();
        assert_eq!((t.seconds, t.millis), (1_589_283_767, 383));
        assert!(Timestamp::parse("25:00").is_none());
        assert!(Timestamp::parse("10:02 bonjour").is_none());
        assert!(Timestamp::parse("hier").is_none());
    }

    #[test]
    fn delays_respect_precision_and_midnight() {
        let a = Timestamp::parse("10:02").unwrap();
        let b = Timestamp::parse("10:04").unwrap();
        assert_eq!(b.seconds_since(&a), Some(120));
        assert_eq!(b.min_seconds_since(&a), Some(61));
        let a = Timestamp::parse("23:59:30").unwrap();
        let b = Timestamp::parse("00:00:10").unwrap();
        assert_eq!(b.seconds_since(&a), Some(40));
    }

    #[test]
    fn text_map_maps_through_escapes() {
        // File: `a\nb` (4 bytes) decodes to "a\nb" (3 bytes).
        let mut m = TextMap::default();
        m.push(2, 3);
        assert_eq!(m.map(0), 0);
        assert_eq!(m.map(1), 1);
        assert_eq!(m.map(2), 3);
        assert_eq!(m.map(3), 4);
    }
}
