//! `exercise.toml`: what the trainer expects of an exercise.
//!
//! ```toml
//! title = "Retard de livraison"
//! # The customer's message or conversation, shown at the top of the report
//! # (or `statement_file = "enonce.txt"`, a file beside exercise.toml).
//! statement = "Bonjour, ma commande devait arriver hier…"
//! # Steps of the chat the answer must contain (see `tchatlint grade --help`):
//! # greeting, question, validation, upsell, closing.
//! steps = ["greeting", "question", "closing"]
//!
//! # Facts or words the answer must mention: any one of the forms counts
//! # (case, accents and apostrophes ignored; `*` ends a prefix).
//! [[facts]]
//! label = "excuses pour le retard"
//! any = ["excuse*", "désolé*", "navré*", "pardon"]
//!
//! # Rubric changes for this exercise only: the keys of `[grade]`.
//! [rubric]
//! pass_mark = 12
//! [[rubric.criteria]]
//! id = "contenu"
//! weight = 30
//! ```

use super::fold::Phrase;
use super::rubric;
use super::steps::{step, StepInfo, STEPS};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub use super::answer::EXERCISE_FILE;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseFile {
    title: Option<String>,
    statement: Option<String>,
    statement_file: Option<String>,
    steps: Option<Vec<String>>,
    #[serde(default)]
    facts: Vec<FactFile>,
    rubric: Option<rubric::Patch>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactFile {
    label: String,
    any: Vec<String>,
}

/// A fact or word the answer must mention.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fact {
    /// Shown to the trainer and in the finding.
    pub label: String,
    /// The accepted forms, as written.
    pub any: Vec<String>,
    /// The forms folded for search.
    #[serde(skip)]
    pub(crate) folded: Vec<Phrase>,
}

/// An exercise: its statement, required steps and facts, rubric changes.
#[derive(Debug, Clone, Default)]
pub struct Exercise {
    pub title: Option<String>,
    pub statement: Option<String>,
    /// The statement file, to be left out of the answers.
    pub statement_file: Option<PathBuf>,
    /// Required steps; `None`: the rubric's default `steps`.
    pub steps: Option<Vec<&'static StepInfo>>,
    pub facts: Vec<Fact>,
    pub rubric: Option<rubric::Patch>,
}

impl Exercise {
    /// `exercise.toml` in `dir`, if there is one.
    pub fn load(dir: &Path) -> Result<Option<Exercise>, String> {
        let path = dir.join(EXERCISE_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let src = std::fs::read_to_string(&path)
            .map_err(|e| format!("{} : lecture impossible ({e})", path.display()))?;
        Exercise::parse(&path.display().to_string(), &src, dir).map(Some)
    }

    /// Parse the text of an `exercise.toml` found in `dir`.
    pub fn parse(origin: &str, src: &str, dir: &Path) -> Result<Exercise, String> {
        let f: ExerciseFile = toml::from_str(src)
            .map_err(|e| format!("{origin} invalide :\n{}", e.to_string().trim_end()))?;
        let mut ex = Exercise {
            title: f.title,
            statement: f.statement,
            rubric: f.rubric,
            ..Exercise::default()
        };
        if let Some(file) = f.statement_file {
            let p = dir.join(&file);
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("{origin} : énoncé {file} illisible ({e})"))?;
            ex.statement = Some(text);
            ex.statement_file = Some(p);
        }
        if let Some(names) = f.steps {
            let mut steps = Vec::new();
            for n in names {
                let s = step(&n).ok_or_else(|| {
                    let known: Vec<&str> = STEPS.iter().map(|s| s.id).collect();
                    format!(
                        "{origin} : étape inconnue « {n} » (étapes possibles : {})",
                        known.join(", ")
                    )
                })?;
                if !steps.contains(&s) {
                    steps.push(s);
                }
            }
            ex.steps = Some(steps);
        }
        for fact in f.facts {
            let folded: Vec<Phrase> = fact
                .any
                .iter()
                .map(|a| Phrase::new(a))
                .filter(|a| !a.is_empty())
                .collect();
            if folded.is_empty() {
                return Err(format!(
                    "{origin} : la mention « {} » n'a aucune forme dans `any`",
                    fact.label
                ));
            }
            ex.facts.push(Fact {
                label: fact.label,
                any: fact.any,
                folded,
            });
        }
        Ok(ex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_exercise() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("enonce.txt"), "Client : où est mon colis ?").unwrap();
        let ex = Exercise::parse(
            "exercise.toml",
            r#"
title = "Retard"
statement_file = "enonce.txt"
steps = ["accueil", "question", "closing", "greeting"]
[[facts]]
label = "excuses"
any = ["Désolé*", "navré"]
[rubric]
pass_mark = 12.0
[[rubric.criteria]]
id = "contenu"
weight = 30
"#,
            dir.path(),
        )
        .unwrap();
        assert_eq!(ex.statement.as_deref(), Some("Client : où est mon colis ?"));
        let ids: Vec<&str> = ex.steps.unwrap().iter().map(|s| s.id).collect();
        assert_eq!(ids, ["greeting", "question", "closing"]);
        assert_eq!(
            ex.facts[0].folded,
            [Phrase::new("desole*"), Phrase::new("navre")]
        );
        assert!(ex.rubric.is_some());
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let dir = Path::new(".");
        let e = Exercise::parse("ex.toml", "steps = [\"dance\"]", dir).unwrap_err();
        assert!(e.contains("dance") && e.contains("greeting"), "{e}");
        let e = Exercise::parse("ex.toml", "titel = \"x\"", dir).unwrap_err();
        assert!(e.contains("titel"), "{e}");
        let e = Exercise::parse("ex.toml", "[[facts]]\nlabel = \"x\"\nany = [\"  \"]", dir)
            .unwrap_err();
        assert!(e.contains("aucune forme"), "{e}");
    }
}
