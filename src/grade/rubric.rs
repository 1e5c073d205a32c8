//! The grading rubric: the `[grade]` table of `rules.toml`, overridable by a
//! house style (`--config`) and by an exercise (`[rubric]` in
//! `exercise.toml`), and the exact arithmetic that turns findings into
//! marks.
//!
//! # How a mark is computed
//!
//! Every finding belongs to one criterion (through the criterion's `rules`
//! list). A criterion is scored on 100:
//!
//! - *deduction*: 100 minus `penalty.<severity>` points per finding
//!   (error 25, warning 10, info 0 by default);
//! - *coverage*, when the exercise expects items in the criterion (steps of
//!   the chat for `structure`, facts to mention for `contenu`): the
//!   criterion starts at `100 × items present / items expected`, then the
//!   deductions above apply to its other findings;
//! - floored at zero; *not applicable* (N/A) when it expects no item and
//!   none of its rules is on: it then leaves the weighted mean, as an N/A
//!   rating does in Zendesk QA.
//!
//! The total is the weighted mean of the applicable criteria, brought to
//! `scale` (20). When a `critical` criterion scores below its
//! `critical_below` (%, default the rubric's), the total is 0, like a
//! critical category in Zendesk QA or a "fail all" section in Playvox.
//!
//! All of it is computed with exact fractions (no floating point), then
//! rounded **half away from zero** to a multiple of `rounding` (0.5 by
//! default: 13.25 → 13.5, 13.24 → 13.0) for the total and of
//! `criterion_rounding` (0.1) for the criteria, shown on the same scale.
//! The total is computed from the exact criterion scores, not from their
//! rounded display. Same answers and same rubric: same marks, to the
//! decimal, on every machine.

use crate::diagnostic::Severity;
use crate::settings::Patchable;
use serde::Deserialize;
use std::cmp::Ordering;

crate::options! {
    /// The `[grade]` table: the default rubric.
    pub struct Options / Patch {
        /// Marks are given on this scale (20, the French scale).
        pub scale: u64,
        /// The total is rounded to a multiple of this (0.5 or 0.1…).
        pub rounding: f64,
        /// Criterion marks are rounded to a multiple of this.
        pub criterion_rounding: f64,
        /// Pass mark, on `scale`.
        pub pass_mark: f64,
        /// A critical criterion under this percentage zeroes the total.
        pub critical_below: u64,
        /// Points lost (on 100) per finding, by severity.
        pub penalty: Penalty,
        /// Steps of the chat expected when the exercise does not say.
        pub steps: Vec<String>,
        /// The criteria, in display order.
        pub criteria: Criteria,
    }
}

/// Points lost, on 100, per finding of each severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub error: u64,
    pub warning: u64,
    pub info: u64,
}

/// A user file sets only the severities it changes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyPatch {
    pub error: Option<u64>,
    pub warning: Option<u64>,
    pub info: Option<u64>,
}

impl Patchable for Penalty {
    type Patch = PenaltyPatch;
    fn apply(&mut self, p: PenaltyPatch) {
        self.error = p.error.unwrap_or(self.error);
        self.warning = p.warning.unwrap_or(self.warning);
        self.info = p.info.unwrap_or(self.info);
    }
}

impl Penalty {
    pub fn of(&self, s: Severity) -> u64 {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// One criterion of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable id (CSV/JSON column).
    pub id: String,
    /// French label shown to trainers.
    pub label: String,
    /// Relative weight (0 = not graded).
    pub weight: u64,
    /// Rule ids whose findings count here (message rules, chat steps,
    /// `content` for the facts to mention).
    pub rules: Vec<String>,
    /// Below its threshold, the whole answer gets 0.
    #[serde(default)]
    pub critical: bool,
    /// This criterion's threshold (%) when critical; default: the
    /// rubric's `critical_below`.
    #[serde(default)]
    pub critical_below: Option<u64>,
}

impl Criterion {
    /// The percentage under which this critical criterion fails.
    pub fn threshold(&self, default: u64) -> u64 {
        self.critical_below.unwrap_or(default)
    }
}

/// The criteria list. A user file or an exercise patches it by id:
/// `[[grade.criteria]] id = "registre" weight = 30` changes one field of
/// one criterion; an unknown id adds a criterion (then `label`, `weight`
/// and `rules` are required); `weight = 0` takes a criterion out of the
/// total.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Criteria(pub Vec<Criterion>);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionPatch {
    pub id: String,
    pub label: Option<String>,
    pub weight: Option<u64>,
    pub rules: Option<crate::settings::ListPatch>,
    pub critical: Option<bool>,
    pub critical_below: Option<u64>,
}

impl Patchable for Criteria {
    type Patch = Vec<CriterionPatch>;
    fn apply(&mut self, patches: Vec<CriterionPatch>) {
        for p in patches {
            if let Some(c) = self.0.iter_mut().find(|c| c.id == p.id) {
                if let Some(l) = p.label {
                    c.label = l;
                }
                if let Some(w) = p.weight {
                    c.weight = w;
                }
                if let Some(r) = p.rules {
                    c.rules.apply(r);
                }
                if let Some(k) = p.critical {
                    c.critical = k;
                }
                if let Some(t) = p.critical_below {
                    c.critical_below = Some(t);
                }
            } else {
                let mut rules = Vec::new();
                if let Some(r) = p.rules {
                    rules.apply(r);
                }
                self.0.push(Criterion {
                    label: p.label.unwrap_or_else(|| p.id.clone()),
                    id: p.id,
                    weight: p.weight.unwrap_or(0),
                    rules,
                    critical: p.critical.unwrap_or(false),
                    critical_below: p.critical_below,
                });
            }
        }
    }
}

impl Options {
    /// Problems a trainer must fix before grading (French).
    pub fn validate(&self) -> Result<(), String> {
        if self.scale == 0 {
            return Err("`scale` doit être supérieur à 0".into());
        }
        for (name, v) in [
            ("rounding", self.rounding),
            ("criterion_rounding", self.criterion_rounding),
        ] {
            if step_hundredths(v).is_none() {
                return Err(format!(
                    "`{name}` doit être un pas de 0,01 à 1 en centièmes (0.5, 0.25, 0.1…), pas {v}"
                ));
            }
        }
        if !(0.0..=self.scale as f64).contains(&self.pass_mark) {
            return Err(format!(
                "`pass_mark` doit être entre 0 et {} (pas {})",
                self.scale, self.pass_mark
            ));
        }
        if self.critical_below > 100 {
            return Err("`critical_below` est un pourcentage (0 à 100)".into());
        }
        let mut seen = std::collections::BTreeMap::new();
        for c in &self.criteria.0 {
            if c.id.trim().is_empty() {
                return Err("un critère sans `id`".into());
            }
            if c.critical_below.is_some_and(|t| t > 100) {
                return Err(format!(
                    "`critical_below` du critère « {} » est un pourcentage (0 à 100)",
                    c.id
                ));
            }
            if seen.insert(c.id.as_str(), ()).is_some() {
                return Err(format!("critère « {} » déclaré deux fois", c.id));
            }
            for r in &c.rules {
                if let Some(other) = self
                    .criteria
                    .0
                    .iter()
                    .find(|o| o.id != c.id && o.rules.contains(r))
                {
                    return Err(format!(
                        "la règle « {r} » est dans deux critères : « {} » et « {} »",
                        c.id, other.id
                    ));
                }
            }
        }
        if self.criteria.0.iter().all(|c| c.weight == 0) {
            return Err("aucun critère n'a de poids".into());
        }
        Ok(())
    }

    /// The criterion a rule's findings count in.
    pub fn criterion_of(&self, rule: &str) -> Option<&Criterion> {
        self.criteria
            .0
            .iter()
            .find(|c| c.rules.iter().any(|r| r == rule))
    }

    pub fn rounding_hundredths(&self) -> i64 {
        step_hundredths(self.rounding).unwrap_or(50)
    }

    pub fn criterion_rounding_hundredths(&self) -> i64 {
        step_hundredths(self.criterion_rounding).unwrap_or(10)
    }

    /// The pass mark in hundredths of a point.
    pub fn pass_mark_hundredths(&self) -> i64 {
        (self.pass_mark * 100.0).round() as i64
    }
}

/// A rounding step given as a decimal (0.5) in hundredths (50), if it is a
/// whole number of hundredths between 1 and 100.
fn step_hundredths(v: f64) -> Option<i64> {
    let h = (v * 100.0).round();
    ((1.0..=100.0).contains(&h) && (v * 100.0 - h).abs() < 1e-6).then_some(h as i64)
}

/// An exact non-negative fraction, for marks that do not depend on
/// floating-point rounding.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    pub num: i128,
    pub den: i128,
}

impl Ratio {
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    pub fn new(num: i128, den: i128) -> Ratio {
        debug_assert!(den > 0);
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i128;
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    pub fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    pub fn plus(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }

    pub fn times(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.num, self.den * o.den)
    }

    /// `self / o`; 0 when `o` is 0.
    pub fn over(self, o: Ratio) -> Ratio {
        if o.num == 0 {
            return Ratio::ZERO;
        }
        let (n, d) = if o.num < 0 {
            (-self.num * o.den, -o.num * self.den)
        } else {
            (self.num * o.den, o.num * self.den)
        };
        Ratio::new(n, d)
    }

    pub fn max_zero(self) -> Ratio {
        if self.num < 0 {
            Ratio::ZERO
        } else {
            self
        }
    }

    /// Rounded half away from zero to a multiple of `step` hundredths;
    /// the result in hundredths.
    pub fn round_hundredths(self, step: i64) -> i64 {
        let step = step.max(1) as i128;
        // units = self × 100 / step, rounded half away from zero.
        let n = self.num * 100;
        let d = self.den * step;
        let units = if n >= 0 {
            (2 * n + d) / (2 * d)
        } else {
            -((-2 * n + d) / (2 * d))
        };
        (units * step) as i64
    }
}

impl PartialEq for Ratio {
    fn eq(&self, o: &Ratio) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Hundredths of a point as a French decimal: `1450` → `14,5`, `1000` →
/// `10`, `1333` → `13,33`.
pub fn format_fr(hundredths: i64) -> String {
    format_mark(hundredths).replace('.', ",")
}

/// Hundredths of a point as a decimal with a dot and no trailing zeros.
pub fn format_mark(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    let (int, frac) = (h / 100, h % 100);
    match frac {
        0 => format!("{sign}{int}"),
        f if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
        f => format!("{sign}{int}.{f:02}"),
    }
}

/// Hundredths as an f64 for JSON (exact decimal when printed).
pub fn to_f64(hundredths: i64) -> f64 {
    hundredths as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        // 13.25 on a 0.5 step → 13.5; 13.24 → 13.0; 13.75 → 14.
        assert_eq!(Ratio::new(1325, 100).round_hundredths(50), 1350);
        assert_eq!(Ratio::new(1324, 100).round_hundredths(50), 1300);
        assert_eq!(Ratio::new(1375, 100).round_hundredths(50), 1400);
        // 2/3 × 20 = 13.333… → 13.3 on 0.1, 13.5 on 0.5.
        let r = Ratio::new(40, 3);
        assert_eq!(r.round_hundredths(10), 1330);
        assert_eq!(r.round_hundredths(50), 1350);
        // 0.05 → 0.1 (half away from zero), not 0.0 (bankers').
        assert_eq!(Ratio::new(5, 100).round_hundredths(10), 10);
        assert_eq!(Ratio::new(-5, 100).round_hundredths(10), -10);
    }

    #[test]
    fn formats_marks() {
        assert_eq!(format_fr(1450), "14,5");
        assert_eq!(format_fr(1000), "10");
        assert_eq!(format_fr(1333), "13,33");
        assert_eq!(format_mark(5), "0.05");
        assert_eq!(to_f64(1450).to_string(), "14.5");
    }

    #[test]
    fn steps_are_validated() {
        assert_eq!(step_hundredths(0.5), Some(50));
        assert_eq!(step_hundredths(0.1), Some(10));
        assert_eq!(step_hundredths(0.25), Some(25));
        assert_eq!(step_hundredths(0.0), None);
        assert_eq!(step_hundredths(0.333), None);
        assert_eq!(step_hundredths(2.0), None);
    }

    #[test]
    fn ratios_compare_exactly() {
        assert!(Ratio::new(1, 3) < Ratio::new(34, 100));
        assert_eq!(Ratio::new(2, 4), Ratio::new(1, 2));
        assert_eq!(Ratio::new(1, 3).plus(Ratio::new(1, 6)), Ratio::new(1, 2));
        assert_eq!(Ratio::int(3).over(Ratio::int(4)), Ratio::new(3, 4));
    }
}
