//! The `tchatlint transcript` and `tchatlint phrases` commands (wired into
//! `main.rs`; `check --transcript` delegates here). They print nothing:
//! they return the text to print or write to the writers `main.rs` gives
//! them.

use super::check::{check_reader, HumanOutput, JsonOutput, Output, SarifOutput};
use super::Format;
use crate::config::Config;
use crate::conversation_rules::phrases::Step;
use crate::conversation_rules::{self, ConversationChecker};
use anyhow::{bail, Context, Result};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use crate::cli::{ColorChoice, Deny, OutputFormat};

/// `tchatlint transcript`.
#[derive(clap::Args, Debug, Clone)]
pub struct TranscriptArgs {
    /// Transcriptions : fichiers, dossiers (parcourus pour les .txt, .json,
    /// .jsonl, .ndjson et .csv) ou - pour l'entrée standard
    #[arg(value_name = "CHEMIN", default_value = "-")]
    pub paths: Vec<PathBuf>,
    /// Format des transcriptions (sinon deviné d'après le contenu)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Charte maison (TOML) fusionnée avec la charte par défaut ; sinon
    /// tchatlint.toml est cherché dans le dossier courant et ses parents
    #[arg(long, value_name = "FICHIER")]
    pub config: Option<PathBuf>,
    /// Format de sortie
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Sortie en échec (code 1) aussi pour les avertissements
    #[arg(long, value_enum, value_name = "NIVEAU")]
    pub deny: Option<Deny>,
    /// N'exécute que cette règle, de message ou de conversation (répétable)
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// N'exécute pas cette règle (répétable)
    #[arg(long = "ignore", value_name = "ID")]
    pub ignore: Vec<String>,
    /// Couleurs : auto (terminal seulement, NO_COLOR respecté), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Suit aussi les liens symboliques qui mènent hors des chemins donnés
    #[arg(long)]
    pub follow_links: bool,
}

/// `tchatlint phrases`.
#[derive(clap::Args, Debug, Clone)]
pub struct PhrasesArgs {
    /// Étape : greeting, opening, question, solution, validation, upsell,
    /// offer, closing, waiting, transfer (toutes si absente)
    #[arg(value_name = "ÉTAPE")]
    pub step: Option<String>,
    /// Charte maison (sa table [phrases] peut remplacer ou compléter la
    /// bibliothèque)
    #[arg(long, value_name = "FICHIER")]
    pub config: Option<PathBuf>,
}

fn load_config(path: Option<&Path>) -> Result<Config> {
    Ok(crate::cli::load_config(path)?)
}

const EXTENSIONS: &[&str] = &["txt", "json", "jsonl", "ndjson", "csv"];

/// Refuses binary data before parsing.
struct BinaryGuard<R> {
    inner: R,
    checked: bool,
}

impl<R: Read> Read for BinaryGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !self.checked {
            self.checked = true;
            if buf[..n].contains(&0) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "fichier binaire (octet nul), ce n'est pas une transcription",
                ));
            }
        }
        Ok(n)
    }
}

/// A transcript's bytes ready to parse, and a note when they were not
/// UTF-8.
struct TextReader {
    reader: Box<dyn Read>,
    note: Option<String>,
}

/// UTF-8 is read as it comes, a piece at a time. A transcript in UTF-16
/// (a byte-order mark, or the zero bytes of Latin text), or whose start is
/// not UTF-8 (a CSV saved by a Windows spreadsheet, in Windows-1252), is
/// read whole and decoded first, with a note.
fn text_reader(reader: Box<dyn Read>) -> std::io::Result<TextReader> {
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, reader);
    let head = reader.fill_buf()?;
    let utf16 = crate::files::may_be_utf16(head);
    let zeros = head.contains(&0);
    // An error with a length is a bad byte; without, a character cut by
    // the end of the buffer.
    let not_utf8 =
        !zeros && simdutf8::compat::from_utf8(head).is_err_and(|e| e.error_len().is_some());
    // Binary data: the guard refuses it from the first bytes.
    if !(utf16 || not_utf8) {
        return Ok(TextReader {
            reader: Box::new(reader),
            note: None,
        });
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    let d = crate::files::decode(bytes, not_utf8)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
    Ok(TextReader {
        note: d.note(),
        reader: Box::new(std::io::Cursor::new(d.text.into_bytes())),
    })
}

/// Run `tchatlint transcript`: the findings go to `out` (the binary's
/// standard output), the errors and notes about the inputs to `errors`
/// (its standard error); an input that cannot be read gives exit status 2
/// at the end. `out_is_terminal` says whether `out` is a terminal
/// (`--color auto` colours it then).
pub fn run<W: Write>(
    args: TranscriptArgs,
    out: W,
    errors: &mut dyn Write,
    out_is_terminal: bool,
) -> Result<ExitCode> {
    let mut config = load_config(args.config.as_deref())?;
    conversation_rules::select(&mut config, &args.rules, &args.ignore)?;
    let checker = ConversationChecker::new(config)?;
    let mut inputs = Vec::new();
    let mut failed = false;
    let mut walker =
        crate::files::Walker::new(&args.paths, args.follow_links).extensions(EXTENSIONS);
    for p in &args.paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            inputs.push(p.clone());
        } else {
            // What the walk could not read is reported; the rest is checked.
            let walk = walker.walk(p);
            for problem in &walk.problems {
                if problem.is_error() {
                    writeln!(errors, "erreur : {problem}")?;
                    failed = true;
                } else {
                    writeln!(errors, "remarque : {problem}")?;
                }
            }
            inputs.extend(walk.files);
        }
    }
    let mut output: Box<dyn Output> = match args.format {
        OutputFormat::Human => Box::new(HumanOutput::new(out, args.color.enabled(out_is_terminal))),
        OutputFormat::Json => Box::new(JsonOutput::new(out)),
        OutputFormat::Sarif => Box::new(SarifOutput::new(out)),
    };
    for p in &inputs {
        let name = p.display().to_string();
        let opened: std::io::Result<Box<dyn Read>> = if p.as_os_str() == "-" {
            Ok(Box::new(std::io::stdin().lock()))
        } else {
            std::fs::File::open(p).map(|f| Box::new(f) as Box<dyn Read>)
        };
        let text = match opened.and_then(text_reader) {
            Ok(t) => t,
            Err(e) => {
                writeln!(errors, "erreur : {name} : lecture impossible : {e}")?;
                failed = true;
                continue;
            }
        };
        if let Some(note) = &text.note {
            writeln!(errors, "remarque : {name} : {note}")?;
        }
        let guard = BinaryGuard {
            inner: text.reader,
            checked: false,
        };
        let result = check_reader(&checker, &name, guard, args.input_format, output.as_mut());
        if let Err(e) = result {
            if let super::TranscriptError::Io(io) = &e {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return Ok(ExitCode::SUCCESS);
                }
            }
            writeln!(errors, "erreur : {name} : {e}")?;
            failed = true;
        }
    }
    match output.finish() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.context("écriture sur la sortie standard impossible")?,
    }
    let s = output.summary();
    Ok(crate::cli::exit_code(
        s.errors, s.warnings, args.deny, failed,
    ))
}

/// The text of `tchatlint phrases [STEP]`.
pub fn phrases_text(args: &PhrasesArgs) -> Result<String> {
    let config = load_config(args.config.as_deref())?;
    let lib = crate::conversation_rules::phrases::PhraseLibrary::from_options(&config.phrases)?;
    let steps: Vec<Step> = match &args.step {
        None => Step::ALL.to_vec(),
        Some(id) => match Step::from_id(id.trim()) {
            Some(s) => vec![s],
            None => bail!(
                "étape inconnue « {id} » (étapes : {})",
                Step::ALL
                    .iter()
                    .map(|s| s.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    let mut out = String::new();
    for (i, s) in steps.iter().enumerate() {
        let st = lib.step(*s);
        if i > 0 {
            out.push('\n');
        }
        let title = if st.title.is_empty() {
            s.name_fr()
        } else {
            &st.title
        };
        out.push_str(&format!("{} ({})\n", title, s.id()));
        for p in &st.phrases {
            out.push_str(&format!("  • {p}\n"));
        }
        if st.phrases.is_empty() {
            out.push_str("  (aucune phrase)\n");
        }
    }
    Ok(out)
}
