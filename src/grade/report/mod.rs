//! A graded group and its renderings: the terminal table ([`table`]),
//! `grades.csv`, `findings.csv` and `grades.json` ([`data`]), and
//! `report.html` ([`html`]). Renderers return strings; nothing here reads
//! the clock or iterates a hash map, so re-runs give identical bytes.

pub mod data;
pub mod html;
pub mod table;

use super::exercise::Fact;
use super::rubric::{Options, Ratio};
use super::steps::{StepInfo, STEPS};
use super::{Grade, GradeFinding, Grader, Status, CONTENT_RULE, UNREADABLE_RULE};
use std::collections::{BTreeMap, BTreeSet};

/// Every trainee's grade for one exercise, ranked best first.
#[derive(Debug, Clone)]
pub struct Group {
    pub title: Option<String>,
    pub statement: Option<String>,
    pub rubric: Options,
    pub steps: Vec<&'static StepInfo>,
    pub facts: Vec<Fact>,
    /// Best first; equal marks by name.
    pub trainees: Vec<Grade>,
    /// Marks of an earlier session (`--compare`).
    pub previous: Option<Previous>,
}

/// A fault of the group: one rule, or one missing step or fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `rule` or `rule/item`.
    pub key: String,
    pub rule: String,
    /// French description.
    pub label: String,
    pub criterion: Option<String>,
    /// Occurrences in the group.
    pub count: usize,
    /// Trainees who made it.
    pub trainees: usize,
    pub example: Option<Example>,
}

/// One occurrence of a fault, to show what it looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub trainee: String,
    pub excerpt: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
    pub help: Option<String>,
}

impl Group {
    /// Rank `grades` (any order) for `grader`'s exercise.
    pub fn new(grader: &Grader, mut grades: Vec<Grade>) -> Group {
        grades.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
        let ex = grader.exercise();
        Group {
            title: ex.title.clone(),
            statement: ex.statement.clone(),
            rubric: grader.rubric().clone(),
            steps: grader.required_steps().to_vec(),
            facts: ex.facts.clone(),
            trainees: grades,
            previous: None,
        }
    }

    /// The rank of trainee `i` (1-based; equal marks share a rank).
    pub fn rank(&self, i: usize) -> usize {
        // Sorted best first: the first trainee with this mark.
        let t = self.trainees[i].total;
        self.trainees.partition_point(|g| g.total > t).min(i) + 1
    }

    pub fn graded(&self) -> usize {
        self.trainees
            .iter()
            .filter(|g| g.status == Status::Graded)
            .count()
    }

    pub fn passed(&self) -> usize {
        self.trainees.iter().filter(|g| g.passed).count()
    }

    /// The totals that count in the group's figures: empty answers count
    /// as 0, answers that could not be read are left out.
    fn counted_totals(&self) -> impl Iterator<Item = i64> + '_ {
        self.trainees
            .iter()
            .filter(|g| g.counted())
            .map(|g| g.total)
    }

    /// Mean of the counted totals, in hundredths rounded to 0.1.
    pub fn mean(&self) -> Option<i64> {
        mean(self.counted_totals())
    }

    /// Median of the counted totals, in hundredths.
    pub fn median(&self) -> Option<i64> {
        let mut v: Vec<i64> = self.counted_totals().collect();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            Ratio::new((v[n / 2 - 1] + v[n / 2]) as i128, 200).round_hundredths(1)
        })
    }

    pub fn min(&self) -> Option<i64> {
        self.counted_totals().min()
    }

    pub fn max(&self) -> Option<i64> {
        self.counted_totals().max()
    }

    /// Mean mark of each criterion over the answers where it applies, in
    /// rubric order (hundredths rounded to 0.1).
    pub fn criterion_means(&self) -> Vec<(&str, Option<i64>)> {
        self.rubric
            .criteria
            .0
            .iter()
            .map(|c| {
                let marks = self
                    .trainees
                    .iter()
                    .filter(|g| g.counted())
                    .filter_map(|g| g.criterion(&c.id).and_then(|x| x.mark));
                (c.id.as_str(), mean(marks))
            })
            .collect()
    }

    /// How many totals fall in each of `bins` equal slices of the scale
    /// (the top mark counts in the last slice).
    pub fn histogram(&self, bins: usize) -> Vec<usize> {
        let scale = self.rubric.scale as i64 * 100;
        let mut out = vec![0; bins];
        for g in self.trainees.iter().filter(|g| g.counted()) {
            let b =
                (g.total.clamp(0, scale) as i128 * bins as i128 / scale.max(1) as i128) as usize;
            out[b.min(bins - 1)] += 1;
        }
        out
    }

    /// The group's faults, most frequent first (count, then number of
    /// trainees, then key).
    pub fn faults(&self) -> Vec<Fault> {
        let mut map: BTreeMap<String, Fault> = BTreeMap::new();
        let mut who: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        // Examples come from the first trainee by name, so they do not
        // change when marks do.
        let mut by_name: Vec<&Grade> = self.trainees.iter().collect();
        by_name.sort_by(|a, b| a.name.cmp(&b.name));
        for g in by_name {
            for f in &g.findings {
                let key = fault_key(f);
                let e = map.entry(key.clone()).or_insert_with(|| Fault {
                    key: key.clone(),
                    rule: f.rule.clone(),
                    label: fault_label(f),
                    criterion: f.criterion.clone(),
                    count: 0,
                    trainees: 0,
                    example: Some(Example {
                        trainee: g.name.clone(),
                        excerpt: f.span.map(|s| excerpt(s.slice(&g.text), 140)),
                        message: f.message.clone(),
                        suggestion: f.suggestions.first().cloned(),
                        help: f.help.clone(),
                    }),
                });
                e.count += 1;
                who.entry(key).or_default().insert(&g.name);
            }
        }
        let mut v: Vec<Fault> = map
            .into_values()
            .map(|mut f| {
                f.trainees = who.get(&f.key).map_or(0, |s| s.len());
                f
            })
            .collect();
        v.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(b.trainees.cmp(&a.trainees))
                .then_with(|| a.key.cmp(&b.key))
        });
        v
    }

    /// The criterion label of `id`.
    pub fn criterion_label(&self, id: &str) -> String {
        self.rubric
            .criteria
            .0
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    }

    /// The earlier mark of trainee `name`, if `--compare` was given.
    pub fn previous_of(&self, name: &str) -> Option<&PreviousGrade> {
        self.previous.as_ref()?.get(name)
    }
}

fn mean(it: impl Iterator<Item = i64>) -> Option<i64> {
    let (mut sum, mut n) = (0i128, 0i128);
    for x in it {
        sum += x as i128;
        n += 1;
    }
    (n > 0).then(|| Ratio::new(sum, n * 100).round_hundredths(10))
}

fn fault_key(f: &GradeFinding) -> String {
    match &f.item {
        Some(i) => format!("{}/{}", f.rule, i),
        None => f.rule.clone(),
    }
}

/// What a fault is, in French.
pub fn fault_label(f: &GradeFinding) -> String {
    if f.rule == UNREADABLE_RULE {
        return "Réponse illisible ou vide".into();
    }
    if f.rule == CONTENT_RULE {
        return format!("Mention absente : {}", f.item.as_deref().unwrap_or("?"));
    }
    if let Some(item) = &f.item {
        if let Some(s) = STEPS.iter().find(|s| s.id == item) {
            return format!("Étape manquante : {}", s.label);
        }
    }
    match crate::rules::find(&f.rule) {
        Some(e) => e.meta.summary.to_string(),
        None => f.rule.clone(),
    }
}

/// `s` on one line, cut to about `max` characters.
pub fn excerpt(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        return one;
    }
    let mut out: String = one.chars().take(max).collect();
    if let Some(i) = out.rfind(' ') {
        if i > max / 2 {
            out.truncate(i);
        }
    }
    out.push('…');
    out
}

/// An earlier session's marks, read from its `grades.json`.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    trainees: BTreeMap<String, PreviousGrade>,
}

/// One trainee's earlier marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousGrade {
    pub total: i64,
    /// Criterion id → mark (hundredths; `None` when N/A then).
    pub criteria: BTreeMap<String, Option<i64>>,
}

impl Previous {
    /// Parse a `grades.json` written by `tchatlint grade --out`.
    pub fn parse(src: &str) -> Result<Previous, String> {
        let v: serde_json::Value =
            serde_json::from_str(src).map_err(|e| format!("JSON invalide ({e})"))?;
        let list = v
            .get("trainees")
            .and_then(|t| t.as_array())
            .ok_or("pas de liste « trainees » : ce n'est pas un grades.json de tchatlint")?;
        let mut trainees = BTreeMap::new();
        for t in list {
            let (Some(name), Some(score)) = (
                t.get("name").and_then(|n| n.as_str()),
                t.get("score").and_then(|s| s.as_f64()),
            ) else {
                return Err("une entrée de « trainees » sans « name » ou « score »".into());
            };
            let criteria = t
                .get("criteria")
                .and_then(|c| c.as_object())
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_f64().map(hundredths)))
                        .collect()
                })
                .unwrap_or_default();
            trainees.insert(
                name.to_string(),
                PreviousGrade {
                    total: hundredths(score),
                    criteria,
                },
            );
        }
        Ok(Previous { trainees })
    }

    /// Trainee `name`, or failing that the same name without extension
    /// (`alice.txt` then, `alice` folder now).
    pub fn get(&self, name: &str) -> Option<&PreviousGrade> {
        self.trainees.get(name).or_else(|| {
            let s = stem(name);
            self.trainees
                .iter()
                .find(|(k, _)| stem(k) == s)
                .map(|(_, v)| v)
        })
    }

    pub fn len(&self) -> usize {
        self.trainees.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trainees.is_empty()
    }
}

fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

fn hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_sessions_are_matched_by_name_or_stem() {
        let p = Previous::parse(
            r#"{"trainees":[{"name":"alice.txt","score":12.5,"criteria":{"registre":14,"contenu":null}}]}"#,
        )
        .unwrap();
        let a = p.get("alice.txt").unwrap();
        assert_eq!(a.total, 1250);
        assert_eq!(a.criteria["registre"], Some(1400));
        assert_eq!(a.criteria["contenu"], None);
        assert_eq!(p.get("alice").unwrap().total, 1250);
        assert!(p.get("bob.txt").is_none());
        assert!(Previous::parse("{}").unwrap_err().contains("trainees"));
        assert!(Previous::parse("nope").is_err());
    }

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("a\n  b", 10), "a b");
        let e = excerpt("un deux trois quatre cinq six", 12);
        assert_eq!(e, "un deux…");
    }
}
