//! Batch grading of trainee exercises (`tchatlint grade DIR`).
//!
//! A trainer gives the same exercise to a group; each trainee's answer is a
//! file or a folder in DIR, with an optional [`exercise.toml`](exercise)
//! beside them. Each answer is [loaded](answer::load_answer), its advisor
//! turns checked by the message rules ([`Linter::check`]), its chat steps
//! found by a [`StepDetector`] and its facts searched; the
//! [rubric](rubric) (the `[grade]` table of `rules.toml`) turns the findings
//! into a mark on 20 per criterion and in total. [`Group`] ranks the
//! trainees and finds the group's most frequent faults; [`report`] renders
//! the terminal table, `grades.csv`, `grades.json` and `report.html`.
//!
//! ```
//! use tchatlint::grade::{answer::Answer, exercise::Exercise, Grader};
//! use tchatlint::Config;
//!
//! let grader = Grader::new(Config::default(), Exercise::default()).unwrap();
//! let good = grader.grade(&Answer::reply("a.txt", "Bonjour Madame. Votre colis arrive demain. Belle journée !"));
//! let poor = grader.grade(&Answer::reply("b.txt", "ton colis arrive demain"));
//! assert!(good.total > poor.total);
//! ```

pub mod answer;
pub mod cli;
pub mod exercise;
mod fold;
pub mod report;
pub mod rubric;
pub mod steps;

pub use rubric::Options;
pub use steps::{PatternSteps, StepDetector, StepInfo};

use crate::config::Config;
use crate::diagnostic::{Severity, Span};
use crate::settings::{ConfigError, Patchable};
use crate::Linter;
use answer::Answer;
use exercise::Exercise;
use fold::{find_any, Folded};
use rubric::Ratio;
use std::collections::BTreeSet;

/// Rule id of a fact the answer does not mention.
pub const CONTENT_RULE: &str = "content";
/// Rule id of an answer that could not be read.
pub const UNREADABLE_RULE: &str = "unreadable";

/// An error that stops grading before any answer is read.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("barème invalide : {0}")]
    Rubric(String),
}

/// Grades answers to one exercise. Build once; `grade` is `&self` and
/// the grader is `Send + Sync`, so answers can be graded in parallel.
pub struct Grader {
    linter: Linter,
    rubric: Options,
    exercise: Exercise,
    steps: Vec<&'static StepInfo>,
    detector: Box<dyn StepDetector>,
    active: BTreeSet<&'static str>,
}

impl std::fmt::Debug for Grader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grader")
            .field("rubric", &self.rubric)
            .field("steps", &self.steps)
            .finish_non_exhaustive()
    }
}

/// One finding in a graded answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeFinding {
    /// A message rule id, a step's rule id (`greeting`…), `content` or
    /// `unreadable`.
    pub rule: String,
    /// The criterion it counts in (`None`: the rubric maps the rule
    /// nowhere, it is shown but not graded).
    pub criterion: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub suggestions: Vec<String>,
    /// Where in [`Grade::text`]; `None` for what is missing.
    pub span: Option<Span>,
    /// The missing step's id or fact's label.
    pub item: Option<String>,
    /// Points of its criterion (on 100) this finding costs, in hundredths.
    pub penalty: i64,
}

/// One criterion of a graded answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionGrade {
    pub id: String,
    /// On the rubric's scale, in hundredths, rounded; `None`: not
    /// applicable.
    pub mark: Option<i64>,
    /// Exact score on 100.
    pub exact: Option<Ratio>,
    /// Findings counted in it.
    pub findings: usize,
}

/// Whether an answer could be graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Graded,
    /// Empty: graded 0, with the reason.
    Missing(String),
    /// The file could not be read (not text, a pipe, an unreadable
    /// folder): 0, with the reason, and left out of the group's figures
    /// (mean, median, range, distribution), which would otherwise measure
    /// the files rather than the trainees.
    Unreadable(String),
}

impl Status {
    /// Why the answer has no mark of its own, if it has none.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Status::Graded => None,
            Status::Missing(why) | Status::Unreadable(why) => Some(why),
        }
    }
}

/// A graded answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub name: String,
    pub status: Status,
    /// The total on the rubric's scale, in hundredths, rounded.
    pub total: i64,
    pub passed: bool,
    /// Critical criteria under the threshold (they zeroed the total).
    pub critical_failed: Vec<String>,
    pub criteria: Vec<CriterionGrade>,
    pub findings: Vec<GradeFinding>,
    /// The answer as shown in the report; finding spans point into it.
    pub text: String,
    /// Spans of `text` written by the trainee.
    pub advisor_spans: Vec<Span>,
    /// Words and sentences of the trainee's text.
    pub words: usize,
    pub sentences: usize,
    /// How the answer was read, when the trainer should know (an encoding
    /// other than UTF-8, a folder entry passed over).
    pub notes: Vec<String>,
}

impl Grade {
    pub fn criterion(&self, id: &str) -> Option<&CriterionGrade> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// Whether the answer counts in the group's figures: every answer
    /// but those that could not be read.
    pub fn counted(&self) -> bool {
        !matches!(self.status, Status::Unreadable(_))
    }
}

impl Grader {
    /// A grader for `exercise` with the house style `config` (its `[grade]`
    /// table is the rubric, patched by the exercise's `[rubric]`), using the
    /// default [`PatternSteps`] detector.
    pub fn new(config: Config, exercise: Exercise) -> Result<Grader, GradeError> {
        let mut rubric = config.grade.clone();
        if let Some(p) = exercise.rubric.clone() {
            rubric.apply(p);
        }
        rubric.validate().map_err(GradeError::Rubric)?;
        let steps = match &exercise.steps {
            Some(s) => s.clone(),
            None => {
                let mut v = Vec::new();
                for n in &rubric.steps {
                    let s = steps::step(n).ok_or_else(|| {
                        GradeError::Rubric(format!("étape inconnue « {n} » dans `steps`"))
                    })?;
                    if !v.contains(&s) {
                        v.push(s);
                    }
                }
                v
            }
        };
        let linter = Linter::new(config)?;
        let active = linter.active_rules().collect();
        Ok(Grader {
            linter,
            rubric,
            exercise,
            steps,
            detector: Box::new(PatternSteps),
            active,
        })
    }

    /// The transcript options (role names) of the house style, for reading
    /// transcript answers.
    pub fn transcript_options(&self) -> &crate::conversation::TranscriptOptions {
        &self.linter.config().transcript
    }

    /// Use another step detector (e.g. one built on the conversation rules).
    pub fn with_steps(mut self, detector: impl StepDetector + 'static) -> Grader {
        self.detector = Box::new(detector);
        self
    }

    pub fn rubric(&self) -> &Options {
        &self.rubric
    }

    pub fn exercise(&self) -> &Exercise {
        &self.exercise
    }

    /// The steps every answer must contain.
    pub fn required_steps(&self) -> &[&'static StepInfo] {
        &self.steps
    }

    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    /// Grade one answer.
    pub fn grade(&self, answer: &Answer) -> Grade {
        if answer.is_blank() {
            return self.missing(&answer.name, "réponse vide");
        }
        let mut findings = Vec::new();
        let (mut words, mut sentences) = (0, 0);
        for turn in answer.advisor_turns() {
            let text = turn.span.slice(&answer.text);
            let doc = crate::Document::parse(text);
            words += doc.words().count();
            sentences += doc.sentences.len();
            for d in self.linter.check_document(&doc) {
                let criterion = self.rubric.criterion_of(d.rule).map(|c| c.id.clone());
                let penalty = match criterion {
                    Some(_) => self.rubric.penalty.of(d.severity) as i64 * 100,
                    None => 0,
                };
                findings.push(GradeFinding {
                    rule: d.rule.to_string(),
                    criterion,
                    severity: d.severity,
                    message: d.message,
                    help: d.help,
                    suggestions: d.suggestions,
                    span: Some(d.span.shifted(turn.span.start)),
                    item: None,
                    penalty,
                });
            }
        }
        findings.sort_by_key(|f| f.span.map(|s| (s.start, s.end)));

        // Steps and facts: what is expected, what is missing.
        let found = self.detector.detect(answer);
        let mut items: Vec<(String, bool)> = Vec::new(); // (rule, present)
        let mut missing = Vec::new();
        for s in &self.steps {
            let present = found.contains_key(s.id);
            items.push((s.rule.to_string(), present));
            if !present {
                missing.push(GradeFinding {
                    rule: s.rule.to_string(),
                    criterion: self.rubric.criterion_of(s.rule).map(|c| c.id.clone()),
                    severity: Severity::Error,
                    message: format!("étape du tchat manquante : {}", s.label),
                    help: Some(s.hint.to_string()),
                    suggestions: Vec::new(),
                    span: None,
                    item: Some(s.id.to_string()),
                    penalty: 0,
                });
            }
        }
        if !self.exercise.facts.is_empty() {
            let folded: Vec<Folded> = answer
                .advisor_turns()
                .map(|t| Folded::new(t.span.slice(&answer.text), t.span.start))
                .collect();
            for fact in &self.exercise.facts {
                let present = folded.iter().any(|f| find_any(f, &fact.folded).is_some());
                items.push((CONTENT_RULE.to_string(), present));
                if !present {
                    missing.push(GradeFinding {
                        rule: CONTENT_RULE.to_string(),
                        criterion: self.rubric.criterion_of(CONTENT_RULE).map(|c| c.id.clone()),
                        severity: Severity::Error,
                        message: format!("mention attendue absente : {}", fact.label),
                        help: Some(format!(
                            "Mentionnez {} (par exemple : « {} »).",
                            fact.label,
                            fact.any
                                .first()
                                .map(|s| s.trim_end_matches('*'))
                                .unwrap_or("")
                        )),
                        suggestions: Vec::new(),
                        span: None,
                        item: Some(fact.label.clone()),
                        penalty: 0,
                    });
                }
            }
        }

        // Criterion scores, exact.
        let mut criteria = Vec::new();
        let mut weighted = Ratio::ZERO;
        let mut weights = 0i128;
        let mut critical_failed = Vec::new();
        for c in &self.rubric.criteria.0 {
            let in_c = |rule: &str| c.rules.iter().any(|r| r == rule);
            let expected = items.iter().filter(|(r, _)| in_c(r)).count() as i128;
            let present = items.iter().filter(|(r, p)| *p && in_c(r)).count() as i128;
            let applicable =
                expected > 0 || c.rules.iter().any(|r| self.active.contains(r.as_str()));
            let deductions: i64 = findings
                .iter()
                .filter(|f| f.criterion.as_deref() == Some(&c.id))
                .map(|f| f.penalty)
                .sum();
            let count = findings
                .iter()
                .chain(&missing)
                .filter(|f| f.criterion.as_deref() == Some(&c.id))
                .count();
            if !applicable {
                criteria.push(CriterionGrade {
                    id: c.id.clone(),
                    mark: None,
                    exact: None,
                    findings: count,
                });
                continue;
            }
            let base = if expected > 0 {
                Ratio::new(100 * present, expected)
            } else {
                Ratio::int(100)
            };
            let score = base.plus(Ratio::new(-(deductions as i128), 100)).max_zero();
            if c.weight > 0 {
                weighted = weighted.plus(score.times(Ratio::int(c.weight as i128)));
                weights += c.weight as i128;
                if c.critical && score < Ratio::int(c.threshold(self.rubric.critical_below) as i128)
                {
                    critical_failed.push(c.id.clone());
                }
            }
            criteria.push(CriterionGrade {
                id: c.id.clone(),
                mark: Some(self.on_scale(score, self.rubric.criterion_rounding_hundredths())),
                exact: Some(score),
                findings: count,
            });
        }
        // The share of a criterion each missing item costs, for display.
        for m in &mut missing {
            if let Some(c) = self
                .rubric
                .criteria
                .0
                .iter()
                .find(|c| Some(&c.id) == m.criterion.as_ref())
            {
                let expected = items
                    .iter()
                    .filter(|(r, _)| c.rules.iter().any(|x| x == r))
                    .count() as i128;
                if expected > 0 {
                    m.penalty = Ratio::new(100, expected).round_hundredths(1);
                }
            }
        }
        findings.extend(missing);

        let total = if weights == 0 || !critical_failed.is_empty() {
            0
        } else {
            self.on_scale(
                weighted.over(Ratio::int(weights)),
                self.rubric.rounding_hundredths(),
            )
        };
        Grade {
            name: answer.name.clone(),
            status: Status::Graded,
            total,
            passed: total >= self.rubric.pass_mark_hundredths() && critical_failed.is_empty(),
            critical_failed,
            criteria,
            findings,
            text: answer.text.clone(),
            advisor_spans: answer.advisor_turns().map(|t| t.span).collect(),
            words,
            sentences,
            notes: answer.notes.clone(),
        }
    }

    /// The grade of an answer whose file could not be read: 0 everywhere,
    /// left out of the group's figures.
    pub fn unreadable(&self, name: &str, reason: &str) -> Grade {
        Grade {
            status: Status::Unreadable(reason.to_string()),
            ..self.missing(name, reason)
        }
    }

    /// The grade of an empty answer: 0 everywhere.
    pub fn missing(&self, name: &str, reason: &str) -> Grade {
        Grade {
            name: name.to_string(),
            status: Status::Missing(reason.to_string()),
            total: 0,
            passed: false,
            critical_failed: Vec::new(),
            criteria: self
                .rubric
                .criteria
                .0
                .iter()
                .map(|c| CriterionGrade {
                    id: c.id.clone(),
                    mark: Some(0),
                    exact: Some(Ratio::ZERO),
                    findings: 0,
                })
                .collect(),
            findings: vec![GradeFinding {
                rule: UNREADABLE_RULE.to_string(),
                criterion: None,
                severity: Severity::Error,
                message: format!("réponse non notée : {reason}"),
                help: Some(
                    "Vérifiez le fichier rendu (texte brut en UTF-8) et relancez la notation."
                        .into(),
                ),
                suggestions: Vec::new(),
                span: None,
                item: None,
                penalty: 0,
            }],
            text: String::new(),
            advisor_spans: Vec::new(),
            words: 0,
            sentences: 0,
            notes: Vec::new(),
        }
    }

    /// A score on 100 brought to the scale and rounded (hundredths).
    fn on_scale(&self, score: Ratio, step: i64) -> i64 {
        score
            .times(Ratio::new(self.rubric.scale as i128, 100))
            .round_hundredths(step)
    }
}

pub use report::Group;

#[cfg(test)]
mod tests {
    use super::*;

    fn grader(ex: &str) -> Grader {
        let ex = Exercise::parse("exercise.toml", ex, std::path::Path::new(".")).unwrap();
        Grader::new(Config::default(), ex).unwrap()
    }

    #[test]
    fn grader_is_send_sync() {
        fn f<T: Send + Sync>() {}
        f::<Grader>();
    }

    #[test]
    fn every_message_rule_counts_in_a_criterion() {
        let o = Config::default().grade;
        o.validate().unwrap();
        for e in crate::rules::REGISTRY {
            assert!(
                o.criterion_of(e.meta.id).is_some(),
                "{} is in no criterion",
                e.meta.id
            );
        }
        for s in steps::STEPS {
            assert!(
                o.criterion_of(s.rule).is_some(),
                "step {} is in no criterion",
                s.id
            );
        }
        assert!(o.criterion_of(CONTENT_RULE).is_some());
    }

    #[test]
    fn missing_steps_and_facts_lower_coverage_criteria() {
        let g = grader(
            "steps = [\"greeting\", \"closing\"]\n[[facts]]\nlabel = \"délai\"\nany = [\"48 h\", \"deux jours\"]\n\
             [[facts]]\nlabel = \"excuses\"\nany = [\"désolé*\"]",
        );
        let a = g.grade(&Answer::reply(
            "a",
            "Bonjour Madame. Votre colis arrive sous deux jours. Belle journée !",
        ));
        assert_eq!(a.criterion("structure").unwrap().mark, Some(2000));
        assert_eq!(a.criterion("contenu").unwrap().mark, Some(1000));
        let m: Vec<_> = a.findings.iter().filter(|f| f.span.is_none()).collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].item.as_deref(), Some("excuses"));
        assert_eq!(m[0].penalty, 5000);
    }

    #[test]
    fn criteria_without_items_are_not_applicable() {
        let g = grader("steps = []");
        let a = g.grade(&Answer::reply("a", "Votre colis arrive demain."));
        assert_eq!(a.criterion("structure").unwrap().mark, None);
        assert_eq!(a.criterion("contenu").unwrap().mark, None);
        assert_eq!(a.total, 2000);
    }

    #[test]
    fn blank_answers_are_missing() {
        let g = grader("");
        let a = g.grade(&Answer::reply("a", "  \n"));
        assert_eq!(a.status, Status::Missing("réponse vide".into()));
        assert_eq!(a.total, 0);
        assert!(!a.passed);
    }

    #[test]
    fn a_critical_criterion_under_threshold_zeroes_the_total() {
        let mut c = Config::default();
        c.merge_str(
            "t.toml",
            "[grade]\ncritical_below = 100\n[[grade.criteria]]\nid = \"structure\"\ncritical = true\n",
        )
        .unwrap();
        let ex = Exercise::parse("e", "steps = [\"greeting\"]", std::path::Path::new(".")).unwrap();
        let g = Grader::new(c, ex).unwrap();
        let a = g.grade(&Answer::reply("a", "Votre colis arrive demain."));
        assert_eq!(a.critical_failed, ["structure"]);
        assert_eq!(a.total, 0);
        let b = g.grade(&Answer::reply("b", "Bonjour, votre colis arrive demain."));
        assert!(b.total > 0);
    }

    #[test]
    fn house_styles_patch_criteria_by_id() {
        let mut c = Config::default();
        c.merge_str(
            "t.toml",
            "[grade.penalty]\nwarning = 5\n[[grade.criteria]]\nid = \"registre\"\nweight = 40\n",
        )
        .unwrap();
        assert_eq!(c.grade.penalty.warning, 5);
        assert_eq!(c.grade.penalty.error, 25);
        let r = c
            .grade
            .criteria
            .0
            .iter()
            .find(|c| c.id == "registre")
            .unwrap();
        assert_eq!(r.weight, 40);
        assert!(r.rules.contains(&"tutoiement".to_string()));
        let err = c
            .merge_str("t.toml", "[grade]\npenalties = 3\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("penalties"), "{err}");
    }
}
