//! `report.html`: one self-contained file (inline CSS and SVG, no script,
//! no font or image to fetch) that opens offline and prints well: a page
//! for the group (score distribution, a bar per criterion, ranking, the
//! ten most frequent faults with an example each, how marks are
//! computed), then a section per trainee (marks per criterion, the answer
//! with the findings highlighted and numbered, each explained with its
//! suggestion).

use super::{excerpt, Group};
use crate::diagnostic::{Severity, Span};
use crate::grade::rubric::format_fr;
use crate::grade::{Grade, Status};
use std::fmt::Write;

/// HTML-escape text (also quotes, for attributes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root{--ink:#1d2430;--muted:#5b6575;--line:#d9dee6;--bg:#f6f7f9;--accent:#2f5d8a;
--ok:#2e7d4f;--ko:#b3372f;--err-bg:#fbe0de;--err:#b3372f;--warn-bg:#fff0bf;--warn:#946200;--info-bg:#e1ecfb;--info:#2f5d8a}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:28px 0 10px}
h3{font-size:16px;margin:18px 0 8px}
.meta{color:var(--muted);margin:0}
.panel{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{flex:1 1 130px;background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.card b{display:block;font-size:24px}
.card span{color:var(--muted);font-size:13px}
.statement{white-space:pre-wrap;border-left:4px solid var(--accent);margin:0;padding:8px 14px;background:#f1f5fa;border-radius:0 8px 8px 0}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px}
figcaption{font-weight:600;margin-bottom:6px}
svg{display:block;width:100%;height:auto}
svg text{font-family:inherit;fill:var(--ink)}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:right;white-space:nowrap}
th{background:#eef1f5;font-weight:600;white-space:normal;vertical-align:bottom;font-size:13px}
td.name,th.name{text-align:left;white-space:normal}
td.na{color:var(--muted)}
.pass{color:var(--ok);font-weight:700}
.fail{color:var(--ko);font-weight:700}
.up{color:var(--ok)}.down{color:var(--ko)}
ol.faults{padding-left:24px;margin:0}
ol.faults li{margin:0 0 12px}
.count{color:var(--muted);font-size:13px}
.example{margin-top:3px;font-size:14px}
q{quotes:"« " " »"}
.example q{background:var(--warn-bg)}
.trainee{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:28px 0}
.trainee h2{margin-top:0;display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}
.badge{font-size:13px;padding:2px 8px;border-radius:20px;color:#fff}
.badge.ok{background:var(--ok)}.badge.ko{background:var(--ko)}
.tgrid{display:grid;grid-template-columns:minmax(260px,360px) 1fr;gap:18px;align-items:start}
.answer{white-space:pre-wrap;border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fcfcfd;font-size:15px;line-height:1.7}
.answer .other{color:var(--muted);font-style:italic}
mark{border-radius:3px;padding:0 1px;color:inherit}
mark.error{background:var(--err-bg);border-bottom:2px solid var(--err)}
mark.warning{background:var(--warn-bg);border-bottom:2px solid var(--warn)}
mark.info{background:var(--info-bg);border-bottom:2px dotted var(--info)}
sup.ref{font-size:10px;font-weight:700;color:#fff;background:var(--muted);border-radius:8px;padding:0 4px;margin-left:1px}
sup.ref.error{background:var(--err)}sup.ref.warning{background:var(--warn)}sup.ref.info{background:var(--info)}
ol.findings{list-style:none;padding:0;margin:12px 0 0}
ol.findings li{border-left:4px solid var(--line);padding:4px 10px;margin:0 0 8px}
ol.findings li.error{border-color:var(--err)}ol.findings li.warning{border-color:var(--warn)}ol.findings li.info{border-color:var(--info)}
.num{font-weight:700;margin-right:4px}
.sev{font-size:12px;text-transform:uppercase;letter-spacing:.04em;font-weight:700}
.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
code{font-size:12px;background:#eef1f5;border-radius:4px;padding:1px 5px}
.help{color:var(--muted)}
.sugg q,q.sugg{background:#dff3e6}
.missing{color:var(--ko)}
footer{color:var(--muted);font-size:12px;margin:30px 0 10px;text-align:center}
@media (max-width:760px){.charts,.tgrid{grid-template-columns:1fr}}
@page{size:A4;margin:14mm}
@media print{
 body{background:#fff;font-size:11pt}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 main{max-width:none;padding:0}
 .trainee{break-before:page;border:none;padding:0}
 figure,.panel,table,li{break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
"#;

/// The whole report.
pub fn render(group: &Group) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let title = group.title.as_deref().unwrap_or("Exercice");
    let scale = group.rubric.scale;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Notation — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    );
    let _ = write!(
        o,
        "<header>\n<h1>Rapport de notation — {}</h1>\n<p class=\"meta\">{} réponse{} · notes sur {scale} · réussite à partir de {}</p>\n</header>\n",
        escape(title),
        group.trainees.len(),
        plural(group.trainees.len()),
        format_fr(group.rubric.pass_mark_hundredths()),
    );
    group_page(&mut o, group);
    for (i, g) in group.trainees.iter().enumerate() {
        trainee_section(&mut o, group, i, g);
    }
    let _ = write!(
        o,
        "<footer>tchatlint {} · barème : {}</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&rubric_summary(group))
    );
    o
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

fn rubric_summary(group: &Group) -> String {
    group
        .rubric
        .criteria
        .0
        .iter()
        .map(|c| format!("{} {}", c.label, c.weight))
        .collect::<Vec<_>>()
        .join(", ")
}

fn mark_or_dash(m: Option<i64>) -> String {
    m.map_or_else(|| "—".to_string(), format_fr)
}

fn group_page(o: &mut String, group: &Group) {
    let scale = group.rubric.scale;
    let _ = write!(
        o,
        "<section class=\"group\" id=\"groupe\">\n<div class=\"cards\">\n\
         <div class=\"card\"><b>{}</b><span>moyenne /{scale}</span></div>\n\
         <div class=\"card\"><b>{}</b><span>médiane</span></div>\n\
         <div class=\"card\"><b>{} – {}</b><span>note min – max</span></div>\n\
         <div class=\"card\"><b>{} / {}</b><span>réussites</span></div>\n</div>\n",
        mark_or_dash(group.mean()),
        mark_or_dash(group.median()),
        mark_or_dash(group.min()),
        mark_or_dash(group.max()),
        group.passed(),
        group.trainees.len(),
    );
    if let Some(st) = &group.statement {
        let _ = write!(
            o,
            "<div class=\"panel\"><h3>Énoncé</h3><blockquote class=\"statement\">{}</blockquote>",
            escape(st.trim())
        );
        expectations(o, group);
        o.push_str("</div>\n");
    } else if !group.steps.is_empty() || !group.facts.is_empty() {
        o.push_str("<div class=\"panel\">");
        expectations(o, group);
        o.push_str("</div>\n");
    }

    // Charts.
    let means: Vec<(String, Option<i64>)> = group
        .criterion_means()
        .into_iter()
        .map(|(id, m)| (group.criterion_label(id), m))
        .collect();
    let _ = write!(
        o,
        "<div class=\"charts\">\n<figure>\n<figcaption>Répartition des notes</figcaption>\n{}</figure>\n\
         <figure>\n<figcaption>Moyenne du groupe par critère (sur {scale})</figcaption>\n{}</figure>\n</div>\n",
        histogram_svg(group),
        bars_svg(&means, scale, "Moyenne par critère", 520.0),
    );

    // Ranking.
    let compare = group.previous.is_some();
    o.push_str("<h2>Classement</h2>\n<table>\n<thead><tr><th>rang</th><th class=\"name\">stagiaire</th><th>note</th>");
    if compare {
        o.push_str("<th>avant</th><th>évolution</th>");
    }
    for c in &group.rubric.criteria.0 {
        let _ = write!(
            o,
            "<th title=\"{}\">{}</th>",
            escape(&c.label),
            escape(&c.label)
        );
    }
    o.push_str("<th>constats</th></tr></thead>\n<tbody>\n");
    for (i, g) in group.trainees.iter().enumerate() {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"name\"><a href=\"#t{}\">{}</a></td><td class=\"{}\">{}</td>",
            group.rank(i),
            i + 1,
            escape(&g.name),
            if g.passed { "pass" } else { "fail" },
            format_fr(g.total)
        );
        if compare {
            match group.previous_of(&g.name) {
                Some(p) => {
                    let d = g.total - p.total;
                    let _ = write!(
                        o,
                        "<td>{}</td><td class=\"{}\">{}</td>",
                        format_fr(p.total),
                        if d >= 0 { "up" } else { "down" },
                        delta(d)
                    );
                }
                None => o.push_str("<td>—</td><td>nouveau</td>"),
            }
        }
        for c in &group.rubric.criteria.0 {
            match g.criterion(&c.id).and_then(|x| x.mark) {
                Some(m) => {
                    let _ = write!(o, "<td>{}</td>", format_fr(m));
                }
                None => o.push_str("<td class=\"na\">n/a</td>"),
            }
        }
        match &g.status {
            Status::Graded if !g.critical_failed.is_empty() => {
                let labels: Vec<String> = g
                    .critical_failed
                    .iter()
                    .map(|c| group.criterion_label(c))
                    .collect();
                let _ = writeln!(
                    o,
                    "<td class=\"name\">{} <span class=\"fail\">· éliminatoire : {}</span></td></tr>",
                    g.findings.len(),
                    escape(&labels.join(", "))
                );
            }
            Status::Graded => {
                let _ = writeln!(o, "<td>{}</td></tr>", g.findings.len());
            }
            Status::Missing(why) | Status::Unreadable(why) => {
                let _ = writeln!(
                    o,
                    "<td class=\"fail name\">non notée : {}</td></tr>",
                    escape(why)
                );
            }
        }
    }
    o.push_str("</tbody>\n</table>\n");

    // Faults.
    let faults = group.faults();
    if !faults.is_empty() {
        o.push_str(
            "<h2>Les fautes les plus fréquentes</h2>\n<div class=\"panel\"><ol class=\"faults\">\n",
        );
        for f in faults.iter().take(10) {
            let _ = write!(
                o,
                "<li><b>{}</b> <code>{}</code><div class=\"count\">{} occurrence{} · {} stagiaire{}{}</div>",
                escape(&f.label),
                escape(&f.rule),
                f.count,
                plural(f.count),
                f.trainees,
                plural(f.trainees),
                f.criterion
                    .as_ref()
                    .map(|c| format!(" · critère {}", escape(&group.criterion_label(c))))
                    .unwrap_or_default()
            );
            if let Some(e) = &f.example {
                o.push_str("<div class=\"example\">");
                match &e.excerpt {
                    Some(x) => {
                        let _ =
                            write!(o, "Exemple ({}) : <q>{}</q>", escape(&e.trainee), escape(x));
                        if let Some(s) = &e.suggestion {
                            let _ = write!(o, " → {}", suggestion_html(&excerpt(s, 140)));
                        }
                        let _ = write!(o, " — {}", escape(&e.message));
                    }
                    None => {
                        let _ = write!(o, "Chez {} : {}", escape(&e.trainee), escape(&e.message));
                    }
                }
                if let Some(h) = &e.help {
                    let _ = write!(o, "<div class=\"help\">{}</div>", escape(h));
                }
                o.push_str("</div>");
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ol></div>\n");
    }

    // How marks are computed.
    let r = &group.rubric;
    let _ = write!(
        o,
        "<h2>Calcul des notes</h2>\n<div class=\"panel\"><p>Chaque critère est noté sur 100 : \
         il perd {} points par erreur, {} par avertissement et {} par remarque (info), sans descendre sous zéro. \
         Les critères « étapes » et « mentions » partent de la part des éléments attendus présents. \
         La note est la moyenne pondérée des critères applicables, ramenée sur {}, arrondie au {} le plus proche \
         (demi arrondi vers le haut) ; les critères sont arrondis au {}.{}</p>\n<table><thead><tr>\
         <th class=\"name\">critère</th><th>poids</th><th class=\"name\">règles</th></tr></thead><tbody>\n",
        r.penalty.error,
        r.penalty.warning,
        r.penalty.info,
        r.scale,
        format_fr(r.rounding_hundredths()),
        format_fr(r.criterion_rounding_hundredths()),
        if r.criteria.0.iter().any(|c| c.critical) {
            " Un critère éliminatoire sous son seuil met la note à 0."
        } else {
            ""
        }
    );
    for c in &r.criteria.0 {
        let _ = writeln!(
            o,
            "<tr><td class=\"name\">{}{}</td><td>{}</td><td class=\"name\">{}</td></tr>",
            escape(&c.label),
            if c.critical {
                match c.threshold(r.critical_below) {
                    100 => " (éliminatoire à la moindre faute)".to_string(),
                    t => format!(" (éliminatoire sous {t} %)"),
                }
            } else {
                String::new()
            },
            c.weight,
            escape(&c.rules.join(", "))
        );
    }
    o.push_str("</tbody></table></div>\n</section>\n");
}

fn expectations(o: &mut String, group: &Group) {
    if !group.steps.is_empty() {
        let steps: Vec<&str> = group.steps.iter().map(|s| s.label).collect();
        let _ = write!(
            o,
            "<p><b>Étapes attendues :</b> {}</p>",
            escape(&steps.join(", "))
        );
    }
    if !group.facts.is_empty() {
        let facts: Vec<&str> = group.facts.iter().map(|f| f.label.as_str()).collect();
        let _ = write!(
            o,
            "<p><b>Mentions attendues :</b> {}</p>",
            escape(&facts.join(", "))
        );
    }
}

/// A suggestion in quotes; an empty one means "delete".
fn suggestion_html(s: &str) -> String {
    if s.trim().is_empty() {
        "<em>supprimer</em>".to_string()
    } else {
        format!("<q class=\"sugg\">{}</q>", escape(s))
    }
}

fn delta(d: i64) -> String {
    match d {
        0 => "=".into(),
        d if d > 0 => format!("+{}", format_fr(d)),
        d => format!("−{}", format_fr(-d)),
    }
}

fn trainee_section(o: &mut String, group: &Group, i: usize, g: &Grade) {
    let scale = group.rubric.scale;
    let _ = write!(
        o,
        "<section class=\"trainee\" id=\"t{}\">\n<h2><span>{}. {}</span><span class=\"{}\">{} / {scale}</span><span class=\"badge {}\">{}</span>",
        i + 1,
        group.rank(i),
        escape(&g.name),
        if g.passed { "pass" } else { "fail" },
        format_fr(g.total),
        if g.passed { "ok" } else { "ko" },
        if g.passed { "réussi" } else { "à retravailler" },
    );
    if let Some(p) = group.previous_of(&g.name) {
        let d = g.total - p.total;
        let _ = write!(
            o,
            "<span class=\"count {}\">{} depuis la session précédente ({})</span>",
            if d >= 0 { "up" } else { "down" },
            delta(d),
            format_fr(p.total)
        );
    }
    o.push_str("</h2>\n");
    if let Some(why) = g.status.reason() {
        let _ = write!(
            o,
            "<p class=\"missing\">Réponse non notée : {}.</p>\n</section>\n",
            escape(why)
        );
        return;
    }
    if !g.critical_failed.is_empty() {
        let labels: Vec<String> = g
            .critical_failed
            .iter()
            .map(|c| group.criterion_label(c))
            .collect();
        let _ = writeln!(
            o,
            "<p class=\"missing\">Critère éliminatoire non atteint : {}. La note est ramenée à 0.</p>",
            escape(&labels.join(", "))
        );
    }
    let marks: Vec<(String, Option<i64>)> = group
        .rubric
        .criteria
        .0
        .iter()
        .map(|c| (c.label.clone(), g.criterion(&c.id).and_then(|x| x.mark)))
        .collect();
    let _ = write!(
        o,
        "<div class=\"tgrid\">\n<div>{}<p class=\"count\">{} mots · {} phrase{} · {} constat{}</p></div>\n<div>\n<div class=\"answer\">{}</div>\n",
        bars_svg(&marks, scale, &format!("Notes de {} par critère", g.name), 360.0),
        g.words,
        g.sentences,
        plural(g.sentences),
        g.findings.len(),
        plural(g.findings.len()),
        highlight(g)
    );
    if g.findings.is_empty() {
        o.push_str("<p class=\"pass\">Aucun constat : réponse conforme à la charte.</p>\n");
    } else {
        o.push_str("<ol class=\"findings\">\n");
        for (n, f) in g.findings.iter().enumerate() {
            let sev = f.severity.as_str();
            let _ = write!(
                o,
                "<li class=\"{sev}\"><span class=\"num\">{}.</span> <span class=\"sev {sev}\">{}</span> <code>{}</code>{} {}",
                n + 1,
                if f.span.is_none() { "manque" } else { f.severity.label_fr() },
                escape(&f.rule),
                f.criterion
                    .as_ref()
                    .map(|c| format!(" <span class=\"count\">{}</span>", escape(&group.criterion_label(c))))
                    .unwrap_or_default(),
                escape(&f.message)
            );
            if let Some(h) = &f.help {
                let _ = write!(o, "<div class=\"help\">{}</div>", escape(h));
            }
            if !f.suggestions.is_empty() {
                let s: Vec<String> = f
                    .suggestions
                    .iter()
                    .take(3)
                    .map(|s| suggestion_html(s))
                    .collect();
                let _ = write!(
                    o,
                    "<div class=\"sugg\">Suggestion : {}</div>",
                    s.join(" ou ")
                );
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ol>\n");
    }
    o.push_str("</div>\n</div>\n</section>\n");
}

/// The answer's text with each finding's span marked (class = the worst
/// severity covering it) and numbered where it ends; text outside the
/// trainee's turns is shown in grey.
fn highlight(g: &Grade) -> String {
    let text = g.text.as_str();
    let spans: Vec<(usize, Span, Severity)> = g
        .findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.span.map(|s| (i + 1, s, f.severity)))
        .filter(|(_, s, _)| {
            s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
        })
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (_, s, _) in &spans {
        cuts.extend([s.start, s.end]);
    }
    for s in &g.advisor_spans {
        cuts.extend([s.start.min(text.len()), s.end.min(text.len())]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let in_advisor = |a: usize| g.advisor_spans.iter().any(|s| s.start <= a && a < s.end);
    let mut o = String::with_capacity(text.len() * 2);
    let refs = |o: &mut String, at: usize, empty: bool| {
        for (n, s, sev) in &spans {
            if s.end == at && (s.is_empty() == empty) {
                let _ = write!(o, "<sup class=\"ref {}\">{n}</sup>", sev.as_str());
            }
        }
    };
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        refs(&mut o, a, true);
        let seg = escape(&text[a..b]);
        let worst = spans
            .iter()
            .filter(|(_, s, _)| !s.is_empty() && s.start <= a && b <= s.end)
            .map(|(_, _, sev)| *sev)
            .max();
        let seg = match worst {
            Some(sev) => format!("<mark class=\"{}\">{seg}</mark>", sev.as_str()),
            None => seg,
        };
        if in_advisor(a) {
            o.push_str(&seg);
        } else {
            let _ = write!(o, "<span class=\"other\">{seg}</span>");
        }
        refs(&mut o, b, false);
    }
    refs(&mut o, text.len(), true);
    o
}

/// Vertical bars: how many totals fall in each slice of the scale; slices
/// under the pass mark in red, the others in green.
fn histogram_svg(group: &Group) -> String {
    let scale = group.rubric.scale as i64;
    let bins = if scale % 2 == 0 && scale <= 40 {
        (scale / 2) as usize
    } else {
        10
    };
    let counts = group.histogram(bins);
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, left, bottom, top) = (520.0, 230.0, 34.0, 34.0, 16.0);
    let plot_w = w - left - 10.0;
    let plot_h = h - bottom - top;
    let bw = plot_w / bins as f64;
    let pass = group.rubric.pass_mark_hundredths();
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Répartition des notes\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    // Grid lines and y labels.
    let step = (max as f64 / 4.0).ceil().max(1.0) as usize;
    let mut y = 0;
    while y <= max {
        let yy = top + plot_h - plot_h * y as f64 / max as f64;
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#d9dee6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{y}</text>",
            w - 10.0,
            left - 6.0,
            yy + 4.0
        );
        y += step;
    }
    for (i, &c) in counts.iter().enumerate() {
        let x = left + bw * i as f64;
        let bh = plot_h * c as f64 / max as f64;
        let lo = scale * 100 * i as i64 / bins as i64;
        let colour = if lo + scale * 100 / bins as i64 <= pass {
            "#c8553d"
        } else {
            "#3f8f5f"
        };
        if c > 0 {
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{colour}\" rx=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\">{c}</text>",
                x + 3.0,
                top + plot_h - bh,
                bw - 6.0,
                x + bw / 2.0,
                top + plot_h - bh - 4.0
            );
        }
    }
    for i in 0..=bins {
        let x = left + bw * i as f64;
        let v = scale * i as i64 / bins as i64;
        if i % if bins > 10 { 2 } else { 1 } == 0 {
            let _ = writeln!(
                s,
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{v}</text>",
                top + plot_h + 15.0
            );
        }
    }
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1d2430\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6575\">note sur {scale} (rouge : sous {})</text>",
        top + plot_h,
        w - 10.0,
        top + plot_h,
        left + plot_w / 2.0,
        h - 4.0,
        format_fr(pass)
    );
    s.push_str("</svg>\n");
    s
}

/// Horizontal bars, one per criterion, on the scale.
fn bars_svg(items: &[(String, Option<i64>)], scale: u64, label: &str, w: f64) -> String {
    let row = 30.0;
    let (left, right) = ((w * 0.36f64).max(165.0), 48.0);
    let max_chars = ((left - 10.0) / 6.4) as usize;
    let h = row * items.len() as f64 + 24.0;
    let plot_w = w - left - right;
    let full = scale as f64 * 100.0;
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        escape(label)
    );
    for (i, (name, mark)) in items.iter().enumerate() {
        let y = 6.0 + row * i as f64;
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text>\
             <rect x=\"{left}\" y=\"{:.1}\" width=\"{plot_w:.1}\" height=\"16\" fill=\"#eef1f5\" rx=\"3\"/>",
            left - 8.0,
            y + 13.0,
            escape(&cut(name, max_chars)),
            y + 1.0
        );
        match mark {
            Some(m) => {
                let frac = (*m as f64 / full).clamp(0.0, 1.0);
                let colour = if frac >= 0.75 {
                    "#3f8f5f"
                } else if frac >= 0.5 {
                    "#d39b2a"
                } else {
                    "#c8553d"
                };
                let _ = writeln!(
                    s,
                    "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" fill=\"{colour}\" rx=\"3\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\">{}</text>",
                    y + 1.0,
                    plot_w * frac,
                    left + plot_w + 6.0,
                    y + 13.0,
                    format_fr(*m)
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#5b6575\">n/a</text>",
                    left + plot_w + 6.0,
                    y + 13.0
                );
            }
        }
    }
    // Scale ticks.
    let base = 6.0 + row * items.len() as f64 + 2.0;
    for k in 0..=4 {
        let x = left + plot_w * k as f64 / 4.0;
        let v = scale as f64 * k as f64 / 4.0;
        let _ = writeln!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6575\">{}</text>",
            base + 10.0,
            format_fr((v * 100.0).round() as i64)
        );
    }
    s.push_str("</svg>\n");
    s
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::GradeFinding;

    fn finding(span: Option<Span>, sev: Severity) -> GradeFinding {
        GradeFinding {
            rule: "r".into(),
            criterion: None,
            severity: sev,
            message: "m".into(),
            help: None,
            suggestions: vec![],
            span,
            item: None,
            penalty: 0,
        }
    }

    #[test]
    fn highlights_nested_spans_and_escapes() {
        let text = "a <b> slt & toi.";
        let g = Grade {
            name: "x".into(),
            status: Status::Graded,
            total: 0,
            passed: false,
            critical_failed: vec![],
            criteria: vec![],
            findings: vec![
                finding(Some(Span::new(0, 16)), Severity::Warning),
                finding(Some(Span::new(6, 9)), Severity::Error),
                finding(None, Severity::Error),
                finding(Some(Span::new(16, 16)), Severity::Info),
            ],
            text: text.into(),
            advisor_spans: vec![Span::new(0, text.len())],
            words: 0,
            sentences: 0,
            notes: vec![],
        };
        let h = highlight(&g);
        assert_eq!(
            h,
            "<mark class=\"warning\">a &lt;b&gt; </mark><mark class=\"error\">slt</mark><sup class=\"ref error\">2</sup>\
             <mark class=\"warning\"> &amp; toi.</mark><sup class=\"ref warning\">1</sup><sup class=\"ref info\">4</sup>"
        );
    }
}
