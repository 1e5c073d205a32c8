//! What a conversation rule sees and returns: the rule traits, the views
//! of a turn and of a whole conversation, and the findings. The rule files
//! import this and their own table only; the checker that builds them from
//! a [`crate::Config`] sits above, in the parent module.

use super::phrases::{Recognized, StepSet};
use crate::conversation::{ConversationMeta, Role, Source, Timestamp, Turn};
use crate::diagnostic::{Diagnostic, Finding, Span};
use crate::text::Document;

/// A conversation rule, built once per checker.
pub trait ConversationRule: Send + Sync {
    /// A fresh state for one conversation.
    fn start(&self) -> Box<dyn RuleState + '_>;
}

/// The state of one rule over one conversation.
pub trait RuleState {
    /// Called for every turn, in order.
    fn turn(&mut self, view: &TurnView<'_>);
    /// Called once after the last turn.
    fn finish(self: Box<Self>, conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>);
}

/// One turn as the conversation rules see it.
pub struct TurnView<'a> {
    pub turn: &'a Turn,
    pub doc: &'a Document<'a>,
    /// Chat steps recognised in the turn (by the phrase library).
    pub steps: Recognized,
    /// 0 for the conversation's first advisor turn, 1 for the next…
    pub advisor_ordinal: Option<usize>,
    /// Customer turns seen before this one.
    pub customer_turns_before: usize,
    /// For an advisor reply to a waiting customer message: the delay.
    pub delay: Option<Delay>,
    pub meta: &'a ConversationMeta,
}

impl TurnView<'_> {
    /// A reference to this turn that outlives the view.
    pub fn at(&self) -> TurnRef {
        TurnRef::of(self.turn)
    }
    /// The file span of a span of the turn's text.
    pub fn file_span(&self, span: Span) -> Span {
        self.turn.file_span(span)
    }
}

/// An advisor reply's delay after the customer message it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay {
    /// Seconds, as written in the time stamps.
    pub seconds: i64,
    /// The smallest delay compatible with the time stamps' precision
    /// (`10:02` → `10:04` is at least 61 s): thresholds compare this.
    pub min_seconds: i64,
    /// True for the first advisor reply to the customer.
    pub first: bool,
    /// Index of the customer turn answered.
    pub since_turn: usize,
}

/// What the rules see at the end of a conversation.
pub struct ConversationView<'a> {
    pub meta: &'a ConversationMeta,
    pub turns: usize,
    pub advisor_turns: usize,
    pub customer_turns: usize,
    pub first_advisor: Option<&'a TurnRef>,
    pub last_advisor: Option<&'a TurnRef>,
    /// Steps found in advisor turns.
    pub steps: StepSet,
}

/// A turn remembered by a rule: enough to report on it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRef {
    pub index: usize,
    pub role: Role,
    pub name: Option<String>,
    pub time: Option<Timestamp>,
    /// File span of the turn's first line of text.
    pub head: Span,
    pub line: usize,
    /// 1-based column of the turn's text in its line.
    pub column: usize,
    pub source: Option<Source>,
}

impl TurnRef {
    pub fn of(t: &Turn) -> TurnRef {
        let first_line = t.text.find('\n').unwrap_or(t.text.len());
        let first_line = t.text[..first_line].trim_end_matches('\r').len();
        TurnRef {
            index: t.index,
            role: t.role,
            name: t.name.clone(),
            time: t.time,
            head: t.file_span(Span::new(0, first_line)),
            line: t.line,
            column: t.column,
            source: t.source.clone(),
        }
    }

    /// The turn, for messages: `tour 3 (conseiller, 10:04)`.
    pub fn describe(&self) -> String {
        let mut s = format!("tour {} ({}", self.index + 1, self.role.label_fr());
        if let Some(n) = &self.name {
            s.push_str(&format!(" « {n} »"));
        }
        if let Some(t) = &self.time {
            s.push_str(&format!(", {t}"));
        }
        s.push(')');
        s
    }
}

/// A conversation rule's finding: the turn it is about and a finding whose
/// span is in the file.
#[derive(Debug, Clone)]
pub struct ConvFinding {
    pub turn: TurnRef,
    pub finding: Finding,
}

/// A diagnostic with the turn it is on. Spans are file spans.
#[derive(Debug, Clone)]
pub struct TurnDiagnostic {
    pub diagnostic: Diagnostic,
    pub turn: TurnRef,
}

/// Seconds as French text: `45 s`, `2 min 5 s`, `1 h 3 min`.
pub fn format_seconds(s: i64) -> String {
    let s = s.max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 if s % 60 == 0 => format!("{} min", s / 60),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s / 60 % 60),
    }
}

/// The message for a missing step, shared by the rules: points at `at`.
pub(crate) fn missing_step(at: &TurnRef, message: String) -> ConvFinding {
    ConvFinding {
        turn: at.clone(),
        finding: Finding::new(at.head, message),
    }
}
