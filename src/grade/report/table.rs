//! The terminal table: trainees best first, a mark per criterion, the
//! group's means, and its most frequent faults.

use super::Group;
use crate::grade::rubric::format_fr;
use crate::grade::Status;

/// Options of the terminal table.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions {
    /// ANSI colours (a terminal without NO_COLOR).
    pub color: bool,
    /// How many of the group's faults to list.
    pub faults: usize,
}

const NAME_MAX: usize = 28;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
}

/// Column header of a criterion: its id cut to 5 characters.
fn short(id: &str) -> String {
    id.chars().take(5).collect()
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.chars().count())))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

/// Render the table.
pub fn render(group: &Group, opts: TableOptions) -> String {
    let p = Paint(opts.color);
    let scale = group.rubric.scale;
    let criteria = &group.rubric.criteria.0;
    let compare = group.previous.is_some();
    let name_w = group
        .trainees
        .iter()
        .map(|g| g.name.chars().count().min(NAME_MAX))
        .chain([9])
        .max()
        .unwrap_or(9);
    let mut out = String::new();

    let title = group.title.as_deref().unwrap_or("Exercice");
    out.push_str(&p.bold(&format!(
        "{title} — {} réponse{}, notes sur {scale}",
        group.trainees.len(),
        if group.trainees.len() > 1 { "s" } else { "" }
    )));
    out.push('\n');
    if !group.steps.is_empty() || !group.facts.is_empty() {
        let steps: Vec<&str> = group.steps.iter().map(|s| s.label).collect();
        let mut line = String::new();
        if !steps.is_empty() {
            line.push_str(&format!("étapes attendues : {}", steps.join(", ")));
        }
        if !group.facts.is_empty() {
            if !line.is_empty() {
                line.push_str(" ; ");
            }
            let facts: Vec<&str> = group.facts.iter().map(|f| f.label.as_str()).collect();
            line.push_str(&format!("mentions attendues : {}", facts.join(", ")));
        }
        out.push_str(&p.dim(&line));
        out.push('\n');
    }
    out.push('\n');

    // Header.
    let mut head = format!(
        "{}  {}  {}",
        pad_left("rang", 4),
        pad_right("stagiaire", name_w),
        pad_left("note", 5)
    );
    if compare {
        head.push_str(&format!(
            "  {}  {}",
            pad_left("avant", 5),
            pad_left("évol.", 7)
        ));
    }
    for c in criteria {
        head.push_str(&format!("  {}", pad_left(&short(&c.id), 5)));
    }
    head.push_str("  constats");
    out.push_str(&p.bold(&head));
    out.push('\n');

    let pass = group.rubric.pass_mark_hundredths();
    for (i, g) in group.trainees.iter().enumerate() {
        let mark = pad_left(&format_fr(g.total), 5);
        let mark = if g.passed {
            p.green(&mark)
        } else {
            p.red(&mark)
        };
        let mut row = format!(
            "{}  {}  {mark}",
            pad_left(&group.rank(i).to_string(), 4),
            pad_right(&cut(&g.name, NAME_MAX), name_w),
        );
        if compare {
            let (before, evol) = match group.previous_of(&g.name) {
                Some(prev) => {
                    let d = g.total - prev.total;
                    let evol = match d {
                        0 => "=".to_string(),
                        d if d > 0 => p.green(&pad_left(&format!("+{}", format_fr(d)), 7)),
                        d => p.red(&pad_left(&format!("−{}", format_fr(-d)), 7)),
                    };
                    (format_fr(prev.total), evol)
                }
                None => ("—".to_string(), "nouveau".to_string()),
            };
            row.push_str(&format!(
                "  {}  {}",
                pad_left(&before, 5),
                pad_left(&evol, 7)
            ));
        }
        for c in criteria {
            let cell = match g.criterion(&c.id).and_then(|x| x.mark) {
                Some(m) => format_fr(m),
                None => "n/a".into(),
            };
            let cell = pad_left(&cell, 5);
            let low = g
                .criterion(&c.id)
                .and_then(|x| x.mark)
                .is_some_and(|m| m < pass);
            row.push_str(&format!("  {}", if low { p.yellow(&cell) } else { cell }));
        }
        let n = g.findings.len();
        match &g.status {
            Status::Graded => row.push_str(&format!("  {}", pad_left(&n.to_string(), 8))),
            Status::Missing(why) | Status::Unreadable(why) => {
                row.push_str(&format!("  {}", p.red(&format!("non notée : {why}"))));
            }
        }
        if !g.critical_failed.is_empty() {
            row.push_str(&p.red(&format!(
                "  critère éliminatoire : {}",
                g.critical_failed.join(", ")
            )));
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }

    // Means.
    let dash = |s: Option<i64>| s.map_or_else(|| "—".to_string(), format_fr);
    let mut row = format!(
        "{}  {}  {}",
        pad_left("", 4),
        pad_right("moyenne", name_w),
        pad_left(&dash(group.mean()), 5)
    );
    if compare {
        row.push_str(&format!("  {}  {}", pad_left("", 5), pad_left("", 7)));
    }
    for (_, m) in group.criterion_means() {
        row.push_str(&format!("  {}", pad_left(&dash(m), 5)));
    }
    out.push_str(&p.bold(row.trim_end()));
    out.push('\n');
    out.push('\n');

    out.push_str(&format!(
        "médiane {} · min {} · max {} · {} sur {} au-dessus de {}/{scale}\n",
        dash(group.median()),
        dash(group.min()),
        dash(group.max()),
        group.passed(),
        group.trainees.len(),
        format_fr(pass),
    ));
    let legend: Vec<String> = criteria
        .iter()
        .map(|c| format!("{} = {} ({})", short(&c.id), c.label, c.weight))
        .collect();
    out.push_str(&p.dim(&format!("critères (poids) : {}", legend.join(", "))));
    out.push('\n');

    let faults = group.faults();
    if opts.faults > 0 && !faults.is_empty() {
        out.push('\n');
        out.push_str(&p.bold("Fautes les plus fréquentes du groupe"));
        out.push('\n');
        for (i, f) in faults.iter().take(opts.faults).enumerate() {
            let ex = f
                .example
                .as_ref()
                .and_then(|e| {
                    e.excerpt
                        .as_ref()
                        .map(|x| format!(" — ex. « {} »", super::excerpt(x, 40)))
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "{:>3}. {} × {} ({} stagiaire{}) [{}]{}\n",
                i + 1,
                f.count,
                f.label,
                f.trainees,
                if f.trainees > 1 { "s" } else { "" },
                f.rule,
                ex
            ));
        }
    }
    out
}
