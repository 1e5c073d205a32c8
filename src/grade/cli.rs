//! `tchatlint grade DIR`: the command line of batch grading. It prints
//! nothing: [`run`] returns the table and the messages, and reports its
//! progress to a [`Progress`] the binary gives it.

use super::answer::{discover, load_answer_following};
use super::exercise::Exercise;
use super::report::{data, html, table, Group, Previous};
use super::{Grade, Grader};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `tchatlint grade`.
#[derive(clap::Args, Debug, Clone)]
#[command(
    after_help = "Étapes possibles dans exercise.toml : greeting (accueil), question (question ouverte), \
validation, upsell (vente complémentaire), closing (prise de congé).\n\
Voir la documentation (docs/grading.md) pour exercise.toml et le barème [grade]."
)]
pub struct GradeArgs {
    /// Dossier de l'exercice : un fichier ou un dossier par stagiaire, et
    /// éventuellement exercise.toml
    #[arg(value_name = "DOSSIER")]
    pub dir: PathBuf,
    /// Écrit grades.csv, findings.csv, grades.json et report.html dans ce dossier
    #[arg(long, value_name = "DOSSIER")]
    pub out: Option<PathBuf>,
    /// grades.json d'une session précédente : affiche la progression de chacun
    #[arg(long, value_name = "NOTES.json")]
    pub compare: Option<PathBuf>,
    /// Charte maison (TOML) fusionnée avec la charte par défaut ; sinon
    /// tchatlint.toml est cherché dans le dossier courant et ses parents
    #[arg(long, value_name = "FICHIER")]
    pub config: Option<PathBuf>,
    /// Nombre de fautes fréquentes listées dans le terminal
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Couleurs : auto (terminal seulement, NO_COLOR respecté), always, never
    #[arg(long, value_enum, value_name = "QUAND", default_value_t = Color::Auto)]
    pub color: Color,
    /// Suit aussi les liens symboliques qui mènent hors du dossier d'une réponse
    #[arg(long)]
    pub follow_links: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// What a run of `tchatlint grade` has to show: the binary prints it.
#[derive(Debug)]
pub struct Outcome {
    /// Warnings for the standard error, before the table (`attention : …`).
    pub warnings: Vec<String>,
    /// The table of grades, for the standard output.
    pub table: String,
    /// Notes for the standard error, after the table (where the report
    /// was written).
    pub notes: Vec<String>,
    pub code: ExitCode,
}

/// Progress of the grading of a group (a progress bar in a terminal).
pub trait Progress: Sync {
    /// `total` answers are about to be graded.
    fn start(&self, _total: usize) {}
    /// One more answer is graded.
    fn step(&self) {}
    /// The group is graded.
    fn finish(&self) {}
}

/// No progress shown.
impl Progress for () {}

/// Run `tchatlint grade`. Exit 0 when the group is graded (unreadable
/// answers are reported, graded 0 and left out of the group's figures);
/// an error (exit 2) on a usage or I/O error. `out_is_terminal` says
/// whether the table goes to a terminal (`--color auto` colours it then).
pub fn run(args: GradeArgs, progress: &dyn Progress, out_is_terminal: bool) -> Result<Outcome> {
    if !args.dir.is_dir() {
        bail!("{} : ce n'est pas un dossier", args.dir.display());
    }
    let config = crate::cli::load_config(args.config.as_deref())?;
    let exercise = Exercise::load(&args.dir)
        .map_err(anyhow::Error::msg)?
        .unwrap_or_default();
    let previous = match &args.compare {
        Some(p) => {
            let src = std::fs::read_to_string(p)
                .with_context(|| format!("{} : lecture impossible", p.display()))?;
            Some(Previous::parse(&src).map_err(|e| anyhow::anyhow!("{} : {e}", p.display()))?)
        }
        None => None,
    };
    let mut skip: Vec<PathBuf> = exercise.statement_file.iter().cloned().collect();
    if let Some(out) = &args.out {
        skip.push(out.clone());
        for f in OUTPUT_FILES {
            skip.push(out.join(f));
        }
    }
    if let Some(p) = &args.compare {
        skip.push(p.clone());
    }
    let grader = Grader::new(config, exercise)?;
    let paths = discover(&args.dir, &skip)
        .with_context(|| format!("{} : dossier illisible", args.dir.display()))?;
    if paths.is_empty() {
        bail!(
            "{} : aucune réponse à noter (un fichier ou un dossier par stagiaire)",
            args.dir.display()
        );
    }

    let grades = grade_paths_following(&grader, &paths, progress, args.follow_links);
    let mut outcome = Outcome {
        warnings: Vec::new(),
        table: String::new(),
        notes: Vec::new(),
        code: ExitCode::SUCCESS,
    };
    for g in &grades {
        for note in &g.notes {
            outcome
                .warnings
                .push(format!("remarque : {} : {note}", g.name));
        }
        match &g.status {
            super::Status::Graded => {}
            super::Status::Missing(why) => outcome
                .warnings
                .push(format!("attention : {} non notée : {why}", g.name)),
            super::Status::Unreadable(why) => outcome.warnings.push(format!(
                "attention : {} non notée : {why} (hors de la moyenne et de la médiane)",
                g.name
            )),
        }
    }
    let mut group = Group::new(&grader, grades);
    group.previous = previous;

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => crate::cli::no_color_unset() && out_is_terminal,
    };
    outcome.table = table::render(
        &group,
        table::TableOptions {
            color,
            faults: args.top,
        },
    );
    if let Some(dir) = &args.out {
        write_outputs(&group, dir)?;
        outcome.notes.push(format!(
            "rapport écrit dans {} : {}",
            dir.display(),
            OUTPUT_FILES.join(", ")
        ));
    }
    Ok(outcome)
}

/// What `--out` writes.
pub const OUTPUT_FILES: [&str; 4] = ["grades.csv", "findings.csv", "grades.json", "report.html"];

/// Grade every answer in parallel, telling `progress`.
pub fn grade_paths(grader: &Grader, paths: &[PathBuf], progress: &dyn Progress) -> Vec<Grade> {
    grade_paths_following(grader, paths, progress, false)
}

/// [`grade_paths`]; with `follow_links`, links in an answer's folder that
/// lead outside it are followed too.
pub fn grade_paths_following(
    grader: &Grader,
    paths: &[PathBuf],
    progress: &dyn Progress,
    follow_links: bool,
) -> Vec<Grade> {
    progress.start(paths.len());
    let grades = paths
        .par_iter()
        .map(|p| {
            let g = match load_answer_following(p, grader.transcript_options(), follow_links) {
                Ok(a) => grader.grade(&a),
                Err(e) => grader.unreadable(&name_of(p), &e.0),
            };
            progress.step();
            g
        })
        .collect();
    progress.finish();
    grades
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Write the four report files into `dir` (created if needed).
pub fn write_outputs(group: &Group, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{} : création du dossier impossible", dir.display()))?;
    let files = [
        ("grades.csv", data::grades_csv(group)),
        ("findings.csv", data::findings_csv(group)),
        ("grades.json", data::grades_json(group)),
        ("report.html", html::render(group)),
    ];
    for (name, body) in files {
        let p = dir.join(name);
        std::fs::write(&p, body)
            .with_context(|| format!("{} : écriture impossible", p.display()))?;
    }
    Ok(())
}
