//! `grades.csv`, `findings.csv` and `grades.json`, for the school's tools.
//!
//! Marks are decimals with a dot (`14.5`), on the rubric's scale. Rows and
//! arrays are in rank order (best first, equal marks by name); objects keep
//! a fixed key order; nothing depends on the clock or on hash order, so
//! two runs on the same folder give the same bytes.
//!
//! `grades.json`:
//!
//! ```text
//! {"version": 1,
//!  "exercise": {"title", "steps": [id…], "facts": [{"label", "any"}]},
//!  "rubric": {"scale", "rounding", "criterion_rounding", "pass_mark",
//!             "critical_below", "penalty": {"error", "warning", "info"},
//!             "criteria": [{"id", "label", "weight", "critical",
//!                           "critical_below" (null when not critical), "rules"}]},
//!  "trainees": [{"rank", "name", "score", "passed", "status": "graded|missing|unreadable",
//!                "reason", "critical_failed": [id…], "words", "sentences",
//!                "criteria": {id: mark|null},
//!                "progress": {"previous", "delta", "criteria": {id: delta|null}},  // --compare only
//!                "findings": [{"rule", "criterion", "severity", "message", "help",
//!                              "span": {"start","end","line","column"}|null,
//!                              "excerpt", "suggestions", "item", "penalty"}]}],
//!  "group": {"trainees", "graded", "passed", "mean", "median", "min", "max",
//!            "criteria": {id: mean|null},
//!            "faults": [{"key", "rule", "label", "criterion", "count", "trainees",
//!                        "example": {"trainee", "excerpt", "message", "suggestion"}}]}}
//! ```
//!
//! Spans are byte offsets into the answer's text (for a folder, its files
//! joined by a blank line), lines and columns 1-based, columns in
//! characters. `penalty` is the points of its criterion (on 100) the
//! finding costs.

use super::Group;
use crate::diagnostic::LineIndex;
use crate::grade::rubric::{format_mark, to_f64};
use crate::grade::{GradeFinding, Status};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// One row per trainee: rank, name, mark, pass (`oui`/`non`), status
/// (`notee`/`manquante`) and why it is missing, one column per
/// criterion (empty when not applicable), findings, words; with
/// `--compare`, the earlier mark and the change.
pub fn grades_csv(group: &Group) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head: Vec<String> = ["rang", "stagiaire", "note", "reussite", "statut", "motif"]
        .map(String::from)
        .to_vec();
    head.extend(group.rubric.criteria.0.iter().map(|c| c.id.clone()));
    head.extend(["constats", "mots"].map(String::from));
    if group.previous.is_some() {
        head.extend(["note_precedente", "evolution"].map(String::from));
    }
    let _ = w.write_record(&head);
    for (i, g) in group.trainees.iter().enumerate() {
        let mut row = vec![
            group.rank(i).to_string(),
            text_cell(&g.name).into_owned(),
            format_mark(g.total),
            if g.passed { "oui" } else { "non" }.to_string(),
        ];
        match &g.status {
            Status::Graded => row.extend(["notee".to_string(), String::new()]),
            Status::Missing(why) => {
                row.extend(["manquante".to_string(), text_cell(why).into_owned()])
            }
            Status::Unreadable(why) => {
                row.extend(["illisible".to_string(), text_cell(why).into_owned()])
            }
        }
        for c in &group.rubric.criteria.0 {
            row.push(
                g.criterion(&c.id)
                    .and_then(|x| x.mark)
                    .map(format_mark)
                    .unwrap_or_default(),
            );
        }
        row.push(g.findings.len().to_string());
        row.push(g.words.to_string());
        if group.previous.is_some() {
            match group.previous_of(&g.name) {
                Some(p) => {
                    row.push(format_mark(p.total));
                    row.push(signed(g.total - p.total));
                }
                None => row.extend([String::new(), String::new()]),
            }
        }
        let _ = w.write_record(&row);
    }
    into_string(w)
}

/// One row per finding: trainee, rule, criterion, severity, line, column,
/// excerpt, message, suggestion, penalty.
pub fn findings_csv(group: &Group) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record([
        "stagiaire",
        "regle",
        "critere",
        "gravite",
        "ligne",
        "colonne",
        "extrait",
        "message",
        "suggestion",
        "points_perdus",
    ]);
    for g in &group.trainees {
        let index = LineIndex::new(&g.text);
        for f in &g.findings {
            let (line, col) = match f.span {
                Some(s) => {
                    let p = index.position(&g.text, s.start);
                    (p.line.to_string(), p.column.to_string())
                }
                None => (String::new(), String::new()),
            };
            let excerpt = f.span.map_or("", |s| s.slice(&g.text));
            let _ = w.write_record([
                &*text_cell(&g.name),
                &*text_cell(&f.rule),
                &*text_cell(f.criterion.as_deref().unwrap_or("")),
                f.severity.as_str(),
                &line,
                &col,
                &*text_cell(excerpt),
                &*text_cell(&f.message),
                &*text_cell(f.suggestions.first().map(String::as_str).unwrap_or("")),
                &format_mark(f.penalty),
            ]);
        }
    }
    into_string(w)
}

/// A cell of text written by someone else (a file name, an excerpt, a
/// message quoting it) made safe for a spreadsheet: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
/// formula (CSV injection), so it gets a leading `'`, which spreadsheets
/// show as text. Numbers the report writes itself (`-1.5`) do not go
/// through here.
pub fn text_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn into_string(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn signed(d: i64) -> String {
    if d > 0 {
        format!("+{}", format_mark(d))
    } else {
        format_mark(d)
    }
}

/// An object whose keys keep the given order.
struct Ordered<T>(Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    exercise: Exercise<'a>,
    rubric: Rubric<'a>,
    trainees: Vec<Trainee<'a>>,
    group: GroupStats,
}

#[derive(Serialize)]
struct Exercise<'a> {
    title: Option<&'a str>,
    steps: Vec<&'a str>,
    facts: &'a [crate::grade::exercise::Fact],
}

#[derive(Serialize)]
struct Rubric<'a> {
    scale: u64,
    rounding: f64,
    criterion_rounding: f64,
    pass_mark: f64,
    critical_below: u64,
    penalty: Penalty,
    criteria: Vec<Criterion<'a>>,
}

#[derive(Serialize)]
struct Penalty {
    error: u64,
    warning: u64,
    info: u64,
}

#[derive(Serialize)]
struct Criterion<'a> {
    id: &'a str,
    label: &'a str,
    weight: u64,
    critical: bool,
    critical_below: Option<u64>,
    rules: &'a [String],
}

#[derive(Serialize)]
struct Trainee<'a> {
    rank: usize,
    name: &'a str,
    score: f64,
    passed: bool,
    status: &'static str,
    reason: Option<&'a str>,
    critical_failed: &'a [String],
    words: usize,
    sentences: usize,
    criteria: Ordered<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<Progress>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Progress {
    previous: Option<f64>,
    delta: Option<f64>,
    criteria: Ordered<Option<f64>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    criterion: Option<&'a str>,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    span: Option<Span>,
    excerpt: Option<&'a str>,
    suggestions: &'a [String],
    item: Option<&'a str>,
    penalty: f64,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct GroupStats {
    trainees: usize,
    graded: usize,
    passed: usize,
    mean: Option<f64>,
    median: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    criteria: Ordered<Option<f64>>,
    faults: Vec<Fault>,
}

#[derive(Serialize)]
struct Fault {
    key: String,
    rule: String,
    label: String,
    criterion: Option<String>,
    count: usize,
    trainees: usize,
    example: Option<Example>,
}

#[derive(Serialize)]
struct Example {
    trainee: String,
    excerpt: Option<String>,
    message: String,
    suggestion: Option<String>,
}

fn finding<'a>(f: &'a GradeFinding, text: &'a str, index: &LineIndex) -> Finding<'a> {
    Finding {
        rule: &f.rule,
        criterion: f.criterion.as_deref(),
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        span: f.span.map(|s| {
            let p = index.position(text, s.start);
            Span {
                start: s.start,
                end: s.end,
                line: p.line,
                column: p.column,
            }
        }),
        excerpt: f.span.map(|s| s.slice(text)),
        suggestions: &f.suggestions,
        item: f.item.as_deref(),
        penalty: to_f64(f.penalty),
    }
}

/// The whole `grades.json`, pretty-printed, with a final newline.
pub fn grades_json(group: &Group) -> String {
    let r = &group.rubric;
    let trainees = group
        .trainees
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let index = LineIndex::new(&g.text);
            let criteria = Ordered(
                r.criteria
                    .0
                    .iter()
                    .map(|c| {
                        (
                            c.id.clone(),
                            g.criterion(&c.id).and_then(|x| x.mark).map(to_f64),
                        )
                    })
                    .collect(),
            );
            let progress = group.previous.as_ref().map(|_| {
                let prev = group.previous_of(&g.name);
                Progress {
                    previous: prev.map(|p| to_f64(p.total)),
                    delta: prev.map(|p| to_f64(g.total - p.total)),
                    criteria: Ordered(
                        r.criteria
                            .0
                            .iter()
                            .map(|c| {
                                let now = g.criterion(&c.id).and_then(|x| x.mark);
                                let before =
                                    prev.and_then(|p| p.criteria.get(&c.id).copied().flatten());
                                (c.id.clone(), now.zip(before).map(|(n, b)| to_f64(n - b)))
                            })
                            .collect(),
                    ),
                }
            });
            let (status, reason) = match &g.status {
                Status::Graded => ("graded", None),
                Status::Missing(why) => ("missing", Some(why.as_str())),
                Status::Unreadable(why) => ("unreadable", Some(why.as_str())),
            };
            Trainee {
                rank: group.rank(i),
                name: &g.name,
                score: to_f64(g.total),
                passed: g.passed,
                status,
                reason,
                critical_failed: &g.critical_failed,
                words: g.words,
                sentences: g.sentences,
                criteria,
                progress,
                findings: g
                    .findings
                    .iter()
                    .map(|f| finding(f, &g.text, &index))
                    .collect(),
            }
        })
        .collect();
    let doc = Doc {
        version: 1,
        exercise: Exercise {
            title: group.title.as_deref(),
            steps: group.steps.iter().map(|s| s.id).collect(),
            facts: &group.facts,
        },
        rubric: Rubric {
            scale: r.scale,
            rounding: r.rounding,
            criterion_rounding: r.criterion_rounding,
            pass_mark: r.pass_mark,
            critical_below: r.critical_below,
            penalty: Penalty {
                error: r.penalty.error,
                warning: r.penalty.warning,
                info: r.penalty.info,
            },
            criteria: r
                .criteria
                .0
                .iter()
                .map(|c| Criterion {
                    id: &c.id,
                    label: &c.label,
                    weight: c.weight,
                    critical: c.critical,
                    critical_below: c.critical.then(|| c.threshold(r.critical_below)),
                    rules: &c.rules,
                })
                .collect(),
        },
        trainees,
        group: GroupStats {
            trainees: group.trainees.len(),
            graded: group.graded(),
            passed: group.passed(),
            mean: group.mean().map(to_f64),
            median: group.median().map(to_f64),
            min: group.min().map(to_f64),
            max: group.max().map(to_f64),
            criteria: Ordered(
                group
                    .criterion_means()
                    .into_iter()
                    .map(|(id, m)| (id.to_string(), m.map(to_f64)))
                    .collect(),
            ),
            faults: group
                .faults()
                .into_iter()
                .map(|f| Fault {
                    key: f.key,
                    rule: f.rule,
                    label: f.label,
                    criterion: f.criterion,
                    count: f.count,
                    trainees: f.trainees,
                    example: f.example.map(|e| Example {
                        trainee: e.trainee,
                        excerpt: e.excerpt,
                        message: e.message,
                        suggestion: e.suggestion,
                    }),
                })
                .collect(),
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::text_cell;

    #[test]
    fn cells_a_spreadsheet_would_run_are_written_as_text() {
        for (cell, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+33 6 12", "'+33 6 12"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Bonjour = salut", "Bonjour = salut"),
            ("", ""),
            ("« tt »", "« tt »"),
        ] {
            assert_eq!(text_cell(cell), want);
        }
    }
}
