//! Conversation rules: the structure of a whole chat (greeting, discovery
//! questions, validation, closing, delays…), judged on the
//! [`Conversation`] model. Message rules check each advisor turn; these
//! rules look across turns.
//!
//! Rules are incremental: a [`ConversationRule`] starts a [`RuleState`] per
//! conversation, sees every turn once ([`TurnView`]: the turn, its
//! tokenised text, the chat steps recognised in it, its reply delay) and
//! reports at the end. So a conversation of any length is checked in
//! constant memory, turn by turn, and [`Session`] serves both a parsed
//! [`Conversation`] ([`ConversationChecker::check`]) and a stream of turns
//! from a transcript reader.
//!
//! ```
//! use tchatlint::conversation::{Conversation, Role, Turn, TextMap};
//! use tchatlint::conversation_rules::ConversationChecker;
//! use tchatlint::{Config, Span};
//!
//! let mut conv = Conversation::default();
//! let mut offset = 0;
//! for (i, (role, text)) in [
//!     (Role::Customer, "bonjour je cherche un forfait"),
//!     (Role::Advisor, "Je vous propose le forfait 100 Go."),
//! ].into_iter().enumerate() {
//!     conv.turns.push(Turn {
//!         index: i, role, name: None, text: text.into(), time: None,
//!         span: Span::new(offset, offset + text.len()), line: i + 1, column: 1,
//!         map: TextMap::default(), source: None,
//!     });
//!     offset += text.len() + 1;
//! }
//! let checker = ConversationChecker::new(Config::default()).unwrap();
//! let report = checker.check(&conv);
//! assert!(report.diagnostics.iter().any(|d| d.diagnostic.rule == "greeting"));
//! assert_eq!(report.summary.advisor_turns_checked, 1);
//! ```

pub mod phrases;
pub mod view;

pub use view::{
    format_seconds, ConvFinding, ConversationRule, ConversationView, Delay, RuleState,
    TurnDiagnostic, TurnRef, TurnView,
};

use crate::config::Config;
use crate::conversation::{Conversation, ConversationMeta, Role, Timestamp, Turn};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleMeta;
use crate::settings::{ConfigError, Level};
use crate::text::Document;
use crate::Linter;
use phrases::{PhraseLibrary, Step, StepRecognizer, StepSet};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Builds a conversation rule from the house style and the phrase library.
pub type BuildFn =
    fn(&Config, &Arc<PhraseLibrary>) -> Result<Box<dyn ConversationRule>, ConfigError>;

/// One registered conversation rule.
pub struct ConvRuleEntry {
    pub meta: &'static RuleMeta,
    pub build: BuildFn,
    pub level: fn(&Config) -> Level,
    pub set_level: fn(&mut Config, Level),
}

macro_rules! conversation_rules {
    ($($id:literal => $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every conversation rule, in the order of a chat.
        pub static REGISTRY: &[ConvRuleEntry] = &[
            $(ConvRuleEntry {
                meta: &$module::META,
                build: |c, lib| $module::build(&c.$module, lib),
                level: |c| c.$module.level,
                set_level: |c, l| c.$module.level = l,
            },)*
        ];

        #[cfg(test)]
        mod ids_match {
            #[test]
            fn ids_match_modules() {
                $(assert_eq!(super::$module::META.id, $id);)*
            }
        }
    };
}

conversation_rules! {
    "greeting" => greeting,
    "opening-phrase" => opening_phrase,
    "open-question" => open_question,
    "validation" => validation,
    "upsell" => upsell,
    "closing" => closing,
    "personalization" => personalization,
    "response-delay" => response_delay,
}

/// The conversation rule `id`.
pub fn find(id: &str) -> Option<&'static ConvRuleEntry> {
    REGISTRY.iter().find(|e| e.meta.id == id)
}

/// Split `--rule` / `--ignore` ids between message rules and conversation
/// rules and apply them to `config`. Unknown ids are an error.
pub fn select(config: &mut Config, only: &[String], ignore: &[String]) -> Result<(), ConfigError> {
    let is_conv = |id: &String| find(id).is_some();
    let (conv_only, msg_only): (Vec<String>, Vec<String>) = only.iter().cloned().partition(is_conv);
    let (conv_ignore, msg_ignore): (Vec<String>, Vec<String>) =
        ignore.iter().cloned().partition(is_conv);
    // Asking only for conversation rules turns the message rules off, and
    // the other way round.
    if msg_only.is_empty() && !conv_only.is_empty() {
        for e in crate::rules::REGISTRY {
            (e.set_level)(config, Level::Off);
        }
    } else {
        config.select(&msg_only, &msg_ignore)?;
    }
    for e in REGISTRY {
        let id = e.meta.id.to_string();
        let keep = (only.is_empty() || conv_only.contains(&id)) && !conv_ignore.contains(&id);
        if !keep {
            (e.set_level)(config, Level::Off);
        } else if !conv_only.is_empty() && (e.level)(config) == Level::Off {
            (e.set_level)(config, Level::Warning);
        }
    }
    Ok(())
}

/// Message rules and conversation rules, compiled once: check many
/// conversations with it.
pub struct ConversationChecker {
    linter: Linter,
    rules: Vec<Active>,
    library: Arc<PhraseLibrary>,
    recognizer: StepRecognizer,
    check_bots: bool,
}

struct Active {
    meta: &'static RuleMeta,
    severity: Severity,
    rule: Box<dyn ConversationRule>,
}

impl std::fmt::Debug for ConversationChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConversationChecker")
            .field("linter", &self.linter)
            .field(
                "rules",
                &self.rules.iter().map(|r| r.meta.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ConversationChecker {
    /// Build the message linter and the conversation rules of `config`.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        let library = Arc::new(PhraseLibrary::from_options(&config.phrases)?);
        let recognizer = StepRecognizer::new(&library, &config.open_question.ignore);
        let mut rules = Vec::new();
        for e in REGISTRY {
            if let Some(severity) = (e.level)(&config).severity() {
                rules.push(Active {
                    meta: e.meta,
                    severity,
                    rule: (e.build)(&config, &library)?,
                });
            }
        }
        let check_bots = config.transcript.check_bots;
        Ok(ConversationChecker {
            linter: Linter::new(config)?,
            rules,
            library,
            recognizer,
            check_bots,
        })
    }

    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    pub fn library(&self) -> &PhraseLibrary {
        &self.library
    }

    /// Ids of the conversation rules that are on.
    pub fn active_rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|r| r.meta.id)
    }

    /// Start checking one conversation turn by turn.
    pub fn session(&self, meta: ConversationMeta) -> Session<'_> {
        Session {
            checker: self,
            states: self.rules.iter().map(|r| r.rule.start()).collect(),
            meta,
            turns: 0,
            advisor_turns: 0,
            checked: 0,
            customer_turns: 0,
            steps: StepSet::default(),
            first_advisor: None,
            last_advisor: None,
            waiting_since: None,
            replied_once: false,
            delays: DelayStats::default(),
            by_rule: BTreeMap::new(),
            start_line: None,
        }
    }

    /// Check a whole conversation.
    pub fn check(&self, conv: &Conversation) -> ConversationReport {
        let mut s = self.session(conv.meta.clone());
        let mut diagnostics = Vec::new();
        for t in &conv.turns {
            diagnostics.extend(s.turn(t));
        }
        let (end, summary) = s.finish();
        diagnostics.extend(end);
        ConversationReport {
            summary,
            diagnostics,
        }
    }
}

/// The result of checking one conversation.
#[derive(Debug, Clone)]
pub struct ConversationReport {
    pub summary: ConversationSummary,
    /// Message-rule diagnostics in turn order, then conversation-rule ones.
    pub diagnostics: Vec<TurnDiagnostic>,
}

/// The per-conversation summary of every output format.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConversationSummary {
    /// The platform's id, when the export gives one.
    pub id: Option<String>,
    /// 1-based line of the first turn in the file.
    pub line: Option<usize>,
    pub turns: usize,
    pub advisor_turns: usize,
    /// Advisor turns checked with the message rules.
    pub advisor_turns_checked: usize,
    pub customer_turns: usize,
    /// Diagnostics by rule id (message and conversation rules).
    pub findings_by_rule: BTreeMap<String, usize>,
    pub steps_found: Vec<Step>,
    pub steps_missing: Vec<Step>,
    pub delays: DelaySummary,
}

/// Response delays of the advisor, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DelaySummary {
    /// Replies with a measured delay.
    pub replies: usize,
    pub first_reply: Option<i64>,
    pub median: Option<i64>,
    pub worst: Option<i64>,
    /// 0-based index of the slowest reply's turn.
    pub worst_turn: Option<usize>,
}

/// Constant-memory delay statistics: a histogram by second up to an hour.
#[derive(Debug, Clone, Default)]
struct DelayStats {
    histogram: Vec<u32>,
    over: u32,
    count: usize,
    first: Option<i64>,
    worst: Option<(i64, usize)>,
}

const HIST_MAX: usize = 3600;

impl DelayStats {
    fn add(&mut self, d: &Delay, turn: usize) {
        if self.histogram.is_empty() {
            self.histogram = vec![0; HIST_MAX + 1];
        }
        let s = d.seconds.max(0);
        match usize::try_from(s) {
            Ok(i) if i <= HIST_MAX => self.histogram[i] += 1,
            _ => self.over += 1,
        }
        self.count += 1;
        if d.first {
            self.first = Some(s);
        }
        if self.worst.map_or(true, |(w, _)| s > w) {
            self.worst = Some((s, turn));
        }
    }

    fn median(&self) -> Option<i64> {
        if self.count == 0 {
            return None;
        }
        let target = self.count.div_ceil(2);
        let mut seen = 0usize;
        for (i, n) in self.histogram.iter().enumerate() {
            seen += *n as usize;
            if seen >= target {
                return Some(i as i64);
            }
        }
        Some(HIST_MAX as i64 + 1)
    }
}

/// Steps a complete chat goes through; the summary lists the missing ones.
pub const EXPECTED_STEPS: [Step; 6] = [
    Step::Greeting,
    Step::Question,
    Step::Solution,
    Step::Validation,
    Step::Offer,
    Step::Closing,
];

/// One conversation being checked, turn by turn.
pub struct Session<'c> {
    checker: &'c ConversationChecker,
    states: Vec<Box<dyn RuleState + 'c>>,
    meta: ConversationMeta,
    turns: usize,
    advisor_turns: usize,
    checked: usize,
    customer_turns: usize,
    steps: StepSet,
    first_advisor: Option<TurnRef>,
    last_advisor: Option<TurnRef>,
    /// The first customer turn not yet answered: (index, time).
    waiting_since: Option<(usize, Timestamp)>,
    replied_once: bool,
    delays: DelayStats,
    by_rule: BTreeMap<String, usize>,
    start_line: Option<usize>,
}

impl Session<'_> {
    /// Update what the export says about the conversation (a name or a
    /// flag found after the first turns).
    pub fn meta_mut(&mut self) -> &mut ConversationMeta {
        &mut self.meta
    }

    /// Check one turn: the message-rule diagnostics of an advisor turn, with
    /// file spans.
    pub fn turn(&mut self, turn: &Turn) -> Vec<TurnDiagnostic> {
        self.turns += 1;
        self.start_line.get_or_insert(turn.line);
        let doc = Document::parse(&turn.text);
        let steps = self.checker.recognizer.recognize(&doc);
        let mut delay = None;
        let mut advisor_ordinal = None;
        let mut out = Vec::new();
        match turn.role {
            Role::Customer => {
                if self.waiting_since.is_none() {
                    if let Some(t) = turn.time {
                        self.waiting_since = Some((turn.index, t));
                    }
                }
            }
            Role::Advisor => {
                advisor_ordinal = Some(self.advisor_turns);
                self.advisor_turns += 1;
                self.steps = self.steps.union(steps.steps);
                if let (Some((since, t0)), Some(t1)) = (self.waiting_since, turn.time) {
                    if let (Some(seconds), Some(min_seconds)) =
                        (t1.seconds_since(&t0), t1.min_seconds_since(&t0))
                    {
                        let d = Delay {
                            seconds,
                            min_seconds,
                            first: !self.replied_once,
                            since_turn: since,
                        };
                        self.delays.add(&d, turn.index);
                        delay = Some(d);
                    }
                }
                // Only an answer to a waiting customer counts as a reply
                // (a proactive opening does not).
                if self.waiting_since.take().is_some() {
                    self.replied_once = true;
                }
                let r = TurnRef::of(turn);
                if self.first_advisor.is_none() {
                    self.first_advisor = Some(r.clone());
                }
                self.last_advisor = Some(r);
            }
            Role::Bot => {
                // A bot answer is an answer: the wait restarts at the next
                // customer message.
                self.waiting_since = None;
            }
            Role::System => {}
        }
        if turn.role == Role::Customer {
            self.customer_turns += 1;
        }
        let checked =
            turn.role == Role::Advisor || (self.checker.check_bots && turn.role == Role::Bot);
        if checked && !turn.text.trim().is_empty() {
            self.checked += 1;
            let diags = self.checker.linter.check_document(&doc);
            if !diags.is_empty() {
                let at = TurnRef::of(turn);
                for mut d in diags {
                    d.span = turn.file_span(d.span);
                    *self.by_rule.entry(d.rule.to_string()).or_default() += 1;
                    out.push(TurnDiagnostic {
                        diagnostic: d,
                        turn: at.clone(),
                    });
                }
            }
        }
        let view = TurnView {
            turn,
            doc: &doc,
            steps,
            advisor_ordinal,
            customer_turns_before: self.customer_turns - usize::from(turn.role == Role::Customer),
            delay,
            meta: &self.meta,
        };
        for s in &mut self.states {
            s.turn(&view);
        }
        out
    }

    /// End the conversation: the conversation-rule diagnostics and the
    /// summary.
    pub fn finish(mut self) -> (Vec<TurnDiagnostic>, ConversationSummary) {
        let view = ConversationView {
            meta: &self.meta,
            turns: self.turns,
            advisor_turns: self.advisor_turns,
            customer_turns: self.customer_turns,
            first_advisor: self.first_advisor.as_ref(),
            last_advisor: self.last_advisor.as_ref(),
            steps: self.steps,
        };
        let mut out = Vec::new();
        let mut found = Vec::new();
        for (state, rule) in std::mem::take(&mut self.states)
            .into_iter()
            .zip(&self.checker.rules)
        {
            found.clear();
            state.finish(&view, &mut found);
            for f in found.drain(..) {
                *self.by_rule.entry(rule.meta.id.to_string()).or_default() += 1;
                out.push(TurnDiagnostic {
                    diagnostic: Diagnostic {
                        rule: rule.meta.id,
                        severity: f
                            .finding
                            .severity
                            .map_or(rule.severity, |s| s.max(rule.severity)),
                        message: f.finding.message,
                        help: f.finding.help,
                        span: f.finding.span,
                        suggestions: f.finding.suggestions,
                        applicability: f.finding.applicability,
                    },
                    turn: f.turn,
                });
            }
        }
        out.sort_by_key(|d| (d.diagnostic.span.start, d.diagnostic.rule));
        let summary = ConversationSummary {
            id: self.meta.id.clone(),
            line: self.start_line,
            turns: self.turns,
            advisor_turns: self.advisor_turns,
            advisor_turns_checked: self.checked,
            customer_turns: self.customer_turns,
            findings_by_rule: self.by_rule,
            steps_found: self.steps.iter().collect(),
            steps_missing: if self.advisor_turns == 0 {
                Vec::new()
            } else {
                EXPECTED_STEPS
                    .into_iter()
                    .filter(|s| !self.steps.contains(*s))
                    .collect()
            },
            delays: DelaySummary {
                replies: self.delays.count,
                first_reply: self.delays.first,
                median: self.delays.median(),
                worst: self.delays.worst.map(|w| w.0),
                worst_turn: self.delays.worst.map(|w| w.1),
            },
        };
        (out, summary)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rule tests: build a conversation from a plain list.
    use super::*;
    use crate::conversation::TextMap;
    use crate::diagnostic::Span;

    /// `lines` are `("C"|"A"|"B"|"S", "hh:mm:ss" or "", text)`.
    pub fn conversation(lines: &[(&str, &str, &str)]) -> Conversation {
        let mut conv = Conversation::default();
        let mut offset = 0;
        for (i, (who, time, text)) in lines.iter().enumerate() {
            let role = match *who {
                "A" => Role::Advisor,
                "C" => Role::Customer,
                "B" => Role::Bot,
                _ => Role::System,
            };
            conv.turns.push(Turn {
                index: i,
                role,
                name: None,
                text: text.to_string(),
                time: Timestamp::parse(time),
                span: Span::new(offset, offset + text.len()),
                line: i + 1,
                column: 1,
                map: TextMap::default(),
                source: None,
            });
            offset += text.len() + 1;
        }
        conv
    }

    /// A tiny reader for the doc examples (`[hh:mm:ss] Conseiller : …`);
    /// the real parsers live in `transcript`, which rules never import.
    pub fn from_plain(text: &str) -> Conversation {
        let lines: Vec<(String, String, String)> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let (time, rest) = match l.strip_prefix('[') {
                    Some(r) => r.split_once(']')?,
                    None => ("", l),
                };
                let (who, said) = rest.split_once(" : ")?;
                let who = match who.trim() {
                    "Conseiller" | "Conseillère" => "A",
                    "Client" | "Cliente" => "C",
                    "Bot" => "B",
                    _ => "S",
                };
                Some((who.to_string(), time.to_string(), said.to_string()))
            })
            .collect();
        let refs: Vec<(&str, &str, &str)> = lines
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        conversation(&refs)
    }

    /// The ids of the conversation findings of `rule` alone.
    pub fn fired(rule: &str, conv: &Conversation) -> Vec<String> {
        let mut c = Config::default();
        select(&mut c, &[rule.to_string()], &[]).unwrap();
        let checker = ConversationChecker::new(c).unwrap();
        checker
            .check(conv)
            .diagnostics
            .into_iter()
            .filter(|d| d.diagnostic.rule == rule)
            .map(|d| d.diagnostic.message)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    const GOOD: &[(&str, &str, &str)] = &[
        ("C", "10:00:00", "bonjour je cherche un téléphone pour ma mère"),
        ("A", "10:00:20", "Bonjour, je suis Marie, conseillère Zoé Mobile. Pour quel usage souhaitez-vous ce téléphone ?"),
        ("C", "10:00:50", "surtout appeler et des photos des petits enfants"),
        ("A", "10:01:20", "Je vous propose le Zoé S3 : grandes touches et bon appareil photo. Qu'en pensez-vous ?"),
        ("C", "10:01:40", "très bien je le prends"),
        ("A", "10:02:00", "Parfait. Je vous propose également une coque renforcée à 15 € : elle protège l'écran des chutes."),
        ("C", "10:02:30", "non merci"),
        ("A", "10:02:50", "C'est noté. Puis-je vous aider pour autre chose ?"),
        ("C", "10:03:10", "non merci"),
        ("A", "10:03:25", "Merci de votre confiance, je vous souhaite une excellente journée."),
    ];

    #[test]
    fn a_good_conversation_has_no_conversation_finding() {
        let conv = conversation(GOOD);
        let checker = ConversationChecker::new(Config::default()).unwrap();
        let report = checker.check(&conv);
        let conv_ids: Vec<_> = REGISTRY.iter().map(|e| e.meta.id).collect();
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| conv_ids.contains(&d.diagnostic.rule))
            .map(|d| format!("{}: {}", d.diagnostic.rule, d.diagnostic.message))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
        let s = report.summary;
        assert_eq!(
            (s.turns, s.advisor_turns, s.advisor_turns_checked),
            (10, 5, 5)
        );
        assert!(s.steps_missing.is_empty(), "{:?}", s.steps_missing);
        assert_eq!(s.delays.first_reply, Some(20));
        assert_eq!(s.delays.worst, Some(30));
        assert_eq!(s.delays.replies, 5);
    }

    #[test]
    fn select_splits_message_and_conversation_rules() {
        let mut c = Config::default();
        select(&mut c, &["greeting".into()], &[]).unwrap();
        let checker = ConversationChecker::new(c).unwrap();
        assert_eq!(checker.active_rules().collect::<Vec<_>>(), ["greeting"]);
        assert_eq!(checker.linter().active_rules().count(), 0);
        let mut c = Config::default();
        select(&mut c, &[], &["closing".into(), "sentence-length".into()]).unwrap();
        let checker = ConversationChecker::new(c).unwrap();
        assert!(!checker.active_rules().any(|r| r == "closing"));
        assert!(!checker
            .linter()
            .active_rules()
            .any(|r| r == "sentence-length"));
        assert!(select(&mut Config::default(), &["nope".into()], &[]).is_err());
    }

    #[test]
    fn every_rule_explains_with_the_four_sections_and_its_examples_hold() {
        for e in REGISTRY {
            let doc = e.meta.explain();
            for h in [
                "## Ce que la règle vérifie",
                "## Pourquoi",
                "## Exemple",
                "## Au lieu de cela",
            ] {
                assert!(doc.contains(h), "{}: no « {h} »", e.meta.id);
            }
            let (bad, good) = e.meta.examples();
            assert!(!bad.is_empty() && !good.is_empty(), "{}", e.meta.id);
            for (text, should_fire) in bad
                .iter()
                .map(|b| (b, true))
                .chain(good.iter().map(|g| (g, false)))
            {
                let conv = crate::conversation_rules::testing::from_plain(text);
                let got = fired(e.meta.id, &conv);
                assert_eq!(
                    !got.is_empty(),
                    should_fire,
                    "{}: example {}:\n{text}\n{got:?}",
                    e.meta.id,
                    if should_fire {
                        "should fire"
                    } else {
                        "should stay silent"
                    }
                );
            }
        }
    }

    #[test]
    fn format_seconds_in_french() {
        assert_eq!(format_seconds(45), "45 s");
        assert_eq!(format_seconds(120), "2 min");
        assert_eq!(format_seconds(125), "2 min 5 s");
        assert_eq!(format_seconds(3720), "1 h 2 min");
    }
}
