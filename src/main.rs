//! The `tchatlint` command line. The only module that prints.
#![forbid(unsafe_code)]

use anyhow::{bail, Context, Result};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// mimalloc instead of the system allocator: a check allocates many small
/// strings (messages, suggestions) on every thread, and glibc's per-thread
/// arenas spent a fifth of the run in the kernel growing and trimming them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;
use tchatlint::cli::{ColorChoice, Deny, OutputFormat as Format};
use tchatlint::config::Config;
use tchatlint::render::{stream, Summary};
use tchatlint::rules::REGISTRY;
use tchatlint::{fix, Linter, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "tchatlint",
    version,
    about = "Vérifie les réponses écrites des conseillers de tchat selon une charte rédactionnelle",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Vérifie des réponses (fichiers, dossiers de .txt, ou - pour l'entrée standard)
    Check(CheckArgs),
    /// Liste les règles, leur niveau et leur résumé
    Rules(ConfigArgs),
    /// Affiche la documentation d'une règle
    Explain {
        /// Identifiant de la règle (ex. sms-language)
        #[arg(value_name = "RÈGLE")]
        id: String,
    },
    /// Applique les corrections sûres et affiche le texte corrigé
    Fix(FixArgs),
    /// Service HTTP de vérification avant envoi, avec une console de démonstration
    Serve(tchatlint::server::ServeArgs),
    /// Vérifie des conversations exportées (texte, JSON, JSON Lines, CSV) :
    /// messages du conseiller et structure du tchat
    Transcript(tchatlint::transcript::cli::TranscriptArgs),
    /// Affiche la bibliothèque de phrases validées, par étape du tchat
    Phrases(tchatlint::transcript::cli::PhrasesArgs),
    /// Note les réponses d'un groupe de stagiaires à un exercice (sur 20)
    Grade(tchatlint::grade::cli::GradeArgs),
    /// Écrit le script de complétion des commandes pour un shell
    /// (ex. tchatlint completions bash > /etc/bash_completion.d/tchatlint)
    Completions {
        /// Shell visé
        #[arg(value_enum, value_name = "INTERPRÉTEUR")]
        shell: clap_complete::Shell,
    },
    /// Écrit la page de manuel (format roff) sur la sortie standard
    /// (ex. tchatlint man > tchatlint.1 ; man ./tchatlint.1)
    Man,
}

#[derive(Args, Debug, Clone)]
struct ConfigArgs {
    /// Charte maison (TOML) fusionnée avec la charte par défaut ; sinon
    /// tchatlint.toml est cherché dans le dossier courant et ses parents
    #[arg(long, value_name = "FICHIER")]
    config: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Fichiers, dossiers (parcourus pour les .txt) ou - pour l'entrée standard
    #[arg(value_name = "CHEMIN", default_value = "-")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Format de sortie
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Sortie en échec (code 1) aussi pour les avertissements
    #[arg(long, value_enum, value_name = "NIVEAU")]
    deny: Option<Deny>,
    /// N'exécute que cette règle (répétable)
    #[arg(long = "rule", value_name = "RÈGLE")]
    rules: Vec<String>,
    /// N'exécute pas cette règle (répétable)
    #[arg(long = "ignore", value_name = "RÈGLE")]
    ignore: Vec<String>,
    /// Couleurs : auto (terminal seulement, NO_COLOR respecté), always, never
    #[arg(long, value_enum, value_name = "QUAND", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Les fichiers sont des conversations exportées (voir `tchatlint transcript`)
    #[arg(long)]
    transcript: bool,
    /// Avec --transcript : format des conversations (sinon deviné)
    #[arg(long, value_enum, value_name = "FORMAT", requires = "transcript")]
    input_format: Option<tchatlint::transcript::Format>,
    /// Suit aussi les liens symboliques qui mènent hors des chemins donnés
    #[arg(long)]
    follow_links: bool,
}

#[derive(Args, Debug)]
struct FixArgs {
    /// Fichier à corriger, ou - pour l'entrée standard
    #[arg(value_name = "FICHIER", default_value = "-")]
    path: PathBuf,
    /// Remplace le fichier (atomiquement) au lieu d'afficher le texte corrigé
    #[arg(long)]
    write: bool,
    #[command(flatten)]
    config: ConfigArgs,
    /// N'applique que les corrections de cette règle (répétable)
    #[arg(long = "rule", value_name = "RÈGLE")]
    rules: Vec<String>,
    /// N'applique pas les corrections de cette règle (répétable)
    #[arg(long = "ignore", value_name = "RÈGLE")]
    ignore: Vec<String>,
}

fn main() -> ExitCode {
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => {
            // Help and version, on the standard output.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprint!("{}", tchatlint::cli::french_error(&e));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Check(a) => run_check(a),
        Command::Rules(a) => run_rules(a),
        Command::Explain { id } => run_explain(&id),
        Command::Fix(a) => run_fix(a),
        Command::Serve(a) => run_serve(a),
        Command::Transcript(a) => run_transcript(a),
        Command::Phrases(a) => tchatlint::transcript::cli::phrases_text(&a).and_then(|t| {
            write_stdout(&t)?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Grade(a) => run_grade(a),
        Command::Completions { shell } => run_completions(shell),
        Command::Man => run_man(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("erreur : {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A progress bar on the standard error, when it is a terminal.
struct GradeBar(std::sync::OnceLock<indicatif::ProgressBar>);

impl tchatlint::grade::cli::Progress for GradeBar {
    fn start(&self, total: usize) {
        if total < 2 || !std::io::stderr().is_terminal() {
            return;
        }
        let b = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "notation {bar:40.cyan/blue} {pos}/{len} réponses ({eta})",
        ) {
            b.set_style(style);
        }
        let _ = self.0.set(b);
    }

    fn step(&self) {
        if let Some(b) = self.0.get() {
            b.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(b) = self.0.get() {
            b.finish_and_clear();
        }
    }
}

fn run_grade(args: tchatlint::grade::cli::GradeArgs) -> Result<ExitCode> {
    let outcome = tchatlint::grade::cli::run(
        args,
        &GradeBar(std::sync::OnceLock::new()),
        std::io::stdout().is_terminal(),
    )?;
    for w in &outcome.warnings {
        eprintln!("{w}");
    }
    write_stdout(&outcome.table)?;
    for n in &outcome.notes {
        eprintln!("{n}");
    }
    Ok(outcome.code)
}

/// `tchatlint transcript` (and `check --transcript`): the findings on the
/// standard output (buffered), what could not be read on the standard
/// error.
fn run_transcript(args: tchatlint::transcript::cli::TranscriptArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let out_is_terminal = stdout.is_terminal();
    let out = std::io::BufWriter::new(stdout.lock());
    tchatlint::transcript::cli::run(args, out, &mut std::io::stderr(), out_is_terminal)
}

/// `tchatlint serve`: the log lines on the standard error (`RUST_LOG`
/// filters them, `info` by default; coloured on a terminal), the
/// start-up line (`listening on http://HOST:PORT`) on the standard output.
fn run_serve(args: tchatlint::server::ServeArgs) -> Result<ExitCode> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
    tchatlint::server::run(args, &mut std::io::stdout())
}

/// The command line, its help in French.
fn command() -> clap::Command {
    tchatlint::cli::french_help(Cli::command())
}

fn load_config(args: &ConfigArgs) -> Result<Config> {
    Ok(tchatlint::cli::load_config(args.config.as_deref())?)
}

/// One input: a name for the output and where to read it from.
#[derive(Clone)]
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Expand directories (recursively, `.txt` files, sorted, each once),
/// with what the walk could not read or did not follow.
fn collect_inputs(
    paths: &[PathBuf],
    follow_links: bool,
) -> (Vec<Input>, Vec<tchatlint::files::Problem>) {
    let mut walker = tchatlint::files::Walker::new(paths, follow_links).extensions(&["txt"]);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let walk = walker.walk(p);
            out.extend(walk.files.into_iter().map(Input::File));
            problems.extend(walk.problems);
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    (out, problems)
}

/// Read an input as text, with a French message on failure.
fn read_text(input: &Input) -> Result<String> {
    let decoded = read_decoded(input)?;
    if let Some(note) = decoded.note() {
        eprintln!("remarque : {} : {note}", input.name());
    }
    Ok(decoded.text)
}

/// Read an input as text (UTF-8, or UTF-16 with a note), its byte-order
/// mark set apart.
fn read_decoded(input: &Input) -> Result<tchatlint::files::Decoded> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("lecture de l'entrée standard impossible")?;
            buf
        }
        Input::File(p) => std::fs::read(p).map_err(|e| io_error(p, e))?,
    };
    tchatlint::files::decode(bytes, false).map_err(|e| anyhow::anyhow!("{} : {e}", input.name()))
}

/// An I/O error on `path`, said in French.
fn io_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    use std::io::ErrorKind::*;
    let why = match e.kind() {
        NotFound => "fichier introuvable".to_string(),
        PermissionDenied => "accès refusé".to_string(),
        IsADirectory => "c'est un dossier".to_string(),
        _ => format!("lecture impossible ({e})"),
    };
    anyhow::anyhow!("{} : {why}", path.display())
}

fn run_check(args: CheckArgs) -> Result<ExitCode> {
    if args.transcript {
        return run_transcript(tchatlint::transcript::cli::TranscriptArgs {
            paths: args.paths,
            input_format: args.input_format,
            config: args.config.config,
            format: args.format,
            deny: args.deny,
            rules: args.rules,
            ignore: args.ignore,
            color: args.color,
            follow_links: args.follow_links,
        });
    }
    let mut config = load_config(&args.config)?;
    config.select(&args.rules, &args.ignore)?;
    // Two things to do before checking, each a few milliseconds: list the
    // inputs and build the rules; and a third when a grammar rule is on,
    // compile the grammar rules' files. The listing and the grammar run
    // on threads of their own, when the system grants them. (What only
    // some texts need, such as the sensitive-data patterns, is compiled
    // when a text first needs it.)
    let (linter, inputs) = std::thread::scope(|s| {
        let listing = std::thread::Builder::new()
            .spawn_scoped(s, || collect_inputs(&args.paths, args.follow_links))
            .ok();
        let grammar_on = [
            config.verb_form.level,
            config.conjugation.level,
            config.homophone.level,
            config.agreement.level,
        ]
        .iter()
        .any(|l| *l != tchatlint::Level::Off);
        let _grammar = grammar_on
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(s, || {
                        tchatlint::grammar::Grammar::embedded();
                    })
                    .ok()
            })
            .flatten();
        let linter = Linter::new(config);
        // Every text needs the tokeniser's pattern.
        tchatlint::text::warm_up();
        let inputs = match listing.map(|h| h.join()) {
            Some(Ok(inputs)) => inputs,
            // Not started (or failed): list them here.
            _ => collect_inputs(&args.paths, args.follow_links),
        };
        (linter, inputs)
    });
    let linter = linter?;
    let (inputs, problems) = inputs;
    // What the walk could not read is reported; the rest is checked.
    let mut io_error = false;
    for p in &problems {
        if p.is_error() {
            eprintln!("erreur : {p}");
            io_error = true;
        } else {
            eprintln!("remarque : {p}");
        }
    }
    // Files are read and checked in parallel, on one thread per core
    // (`RAYON_NUM_THREADS` says otherwise); the thread that checked a file
    // also renders it and lets its text and findings go. Files are written
    // in the order of the inputs as soon as each is done, so the output is
    // the same on every run and the memory held does not grow with the
    // number of files. A file above `PIECE_SIZE` (and standard input) is
    // left to the writer, which reads it piece by piece, checks the pieces
    // on every core and writes each one's findings before reading on: the
    // memory held does not grow with a file's size either.
    let color = args.color.enabled(std::io::stdout().is_terminal());
    let format = args.format;
    let threads = check_threads();
    let check_one = |input: &Input| -> Result<Checked> {
        let large = match input {
            Input::Stdin => true,
            Input::File(p) => std::fs::metadata(p)
                .is_ok_and(|m| m.is_file() && m.len() > tchatlint::PIECE_SIZE as u64),
        };
        if large {
            return Ok(Checked::Large(input.clone()));
        }
        let text = read_text(input)?;
        let name = input.name();
        let diagnostics = linter.check(&text);
        let (part, done) = stream::render_part(format, color, &name, &text, &diagnostics);
        Ok(Checked::Part(name, part, done))
    };
    let mut summary = Summary::default();
    write_stdout_with(|out| {
        let mut doc = stream::DocumentStream::begin(format, out)?;
        let file_threads = if inputs.len() > 1 { threads } else { 1 };
        tchatlint::parallel::map_in_order(&inputs, file_threads, WINDOW, check_one, |done| {
            emit(done, out, &mut doc, &mut io_error, |input, doc, out| {
                check_large(&linter, input, format, color, threads, doc, out)
            })
        })?;
        summary = doc.finish(out)?;
        Ok(())
    })?;
    // The process ends here: freeing the rules' automata one by one would
    // only cost time.
    std::mem::forget(linter);
    Ok(exit_code(summary, args.deny, io_error))
}

/// A checked file: its part of the output, rendered, or left to the
/// writer ([`check_large`]).
enum Checked {
    Part(String, Vec<u8>, stream::FileDone),
    Large(Input),
}

/// Check a large input piece by piece and write its part of the output
/// as it goes. Pieces are checked `threads` at a time, then written in
/// order. An input that cannot be read, or stops being readable, is an
/// error (its part of the output is closed first).
fn check_large(
    linter: &Linter,
    input: &Input,
    format: Format,
    color: bool,
    threads: usize,
    doc: &mut stream::DocumentStream,
    out: &mut dyn Write,
) -> std::io::Result<Result<()>> {
    let name = input.name();
    // A file in plain UTF-8, and standard input unless its first bytes
    // say UTF-16, are read piece by piece; a file in another encoding is
    // decoded whole first (the decoder needs all of it), then checked and
    // written piece by piece.
    let reader: Box<dyn Read> = match input {
        Input::File(p) if plain_utf8(p) => match std::fs::File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => return Ok(Err(io_error(p, e))),
        },
        Input::Stdin => match stdin_reader() {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        },
        Input::File(p) if utf16_mark(p).is_some() => {
            let encoding = utf16_mark(p).unwrap_or(tchatlint::files::Encoding::Utf16Le);
            let mut f = match std::fs::File::open(p) {
                Ok(f) => f,
                Err(e) => return Ok(Err(io_error(p, e))),
            };
            if let Err(e) = f.read_exact(&mut [0u8; 2]) {
                return Ok(Err(io_error(p, e)));
            }
            if let Some(note) = encoding.note() {
                eprintln!("remarque : {name} : {note}");
            }
            Box::new(tchatlint::files::Utf16Reader::new(f, encoding))
        }
        _ => match read_text(input) {
            Ok(text) => Box::new(std::io::Cursor::new(text.into_bytes())),
            Err(e) => return Ok(Err(e)),
        },
    };
    let mut pieces = tchatlint::PieceReader::new(reader, tchatlint::PIECE_SIZE);
    // The first piece is read before anything is written: a binary or
    // unreadable input gets an error and no part in the output.
    let first = match pieces.next_piece() {
        Ok(p) => p,
        Err(e) => return Ok(Err(anyhow::anyhow!("{name} : {e}"))),
    };
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(doc.before_stream());
    let mut file = stream::FileStream::begin(format, color, &name, doc.results_before(), &mut buf);
    let mut batch: Vec<(usize, String)> = first.into_iter().collect();
    let mut failure = None;
    while !batch.is_empty() {
        while batch.len() < threads.max(1) {
            match pieces.next_piece() {
                Ok(Some(p)) => batch.push(p),
                Ok(None) => break,
                Err(e) => {
                    failure = Some(anyhow::anyhow!("{name} : {e}"));
                    break;
                }
            }
        }
        let found = check_pieces(linter, &batch);
        for ((base, piece), diagnostics) in batch.iter().zip(&found) {
            file.push(*base, piece, diagnostics, &mut buf);
            out.write_all(&buf)?;
            buf.clear();
        }
        batch.clear();
        if failure.is_some() {
            break;
        }
        if let Some(p) = pieces.next_piece().unwrap_or_else(|e| {
            failure = Some(anyhow::anyhow!("{name} : {e}"));
            None
        }) {
            batch.push(p);
        }
    }
    let done = file.end(&mut buf);
    out.write_all(&buf)?;
    doc.after_stream(&name, &done);
    Ok(failure.map_or(Ok(()), Err))
}

/// True when the file at `path` is UTF-8 text with no byte-order mark
/// other than UTF-8's and no null byte in its first 8 KiB: what the piece
/// reader reads. Validated as it is read, in blocks (one pass, bounded
/// memory); false when it cannot be read (the decoder says why).
/// Standard input as a reader of UTF-8 text: streamed as it comes, unless
/// its first bytes look like UTF-16 (then decoded whole, with a note).
fn stdin_reader() -> Result<Box<dyn Read>> {
    let mut stdin = std::io::stdin();
    let mut probe = Vec::with_capacity(8192);
    (&mut stdin)
        .take(8192)
        .read_to_end(&mut probe)
        .context("lecture de l'entrée standard impossible")?;
    let utf16 =
        probe.contains(&0) || probe.starts_with(&[0xFF, 0xFE]) || probe.starts_with(&[0xFE, 0xFF]);
    if !utf16 {
        return Ok(Box::new(std::io::Cursor::new(probe).chain(stdin)));
    }
    stdin
        .read_to_end(&mut probe)
        .context("lecture de l'entrée standard impossible")?;
    let decoded = tchatlint::files::decode(probe, false).map_err(|e| anyhow::anyhow!("- : {e}"))?;
    if let Some(note) = decoded.note() {
        eprintln!("remarque : - : {note}");
    }
    Ok(Box::new(std::io::Cursor::new(decoded.text.into_bytes())))
}

/// The byte order of a file that starts with a UTF-16 byte-order mark.
fn utf16_mark(path: &Path) -> Option<tchatlint::files::Encoding> {
    let mut mark = [0u8; 2];
    std::fs::File::open(path).ok()?.read_exact(&mut mark).ok()?;
    match mark {
        [0xFF, 0xFE] => Some(tchatlint::files::Encoding::Utf16Le),
        [0xFE, 0xFF] => Some(tchatlint::files::Encoding::Utf16Be),
        _ => None,
    }
}

fn plain_utf8(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = vec![0u8; 1 << 20];
    // Bytes of a character cut by the last read, kept at the start.
    let mut kept = 0;
    let mut first = true;
    loop {
        let n = match f.read(&mut buf[kept..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        let have = kept + n;
        if first {
            let probe = &buf[..have.min(8192)];
            if probe.contains(&0)
                || probe.starts_with(&[0xFF, 0xFE])
                || probe.starts_with(&[0xFE, 0xFF])
            {
                return false;
            }
            first = false;
        }
        match simdutf8::compat::from_utf8(&buf[..have]) {
            Ok(_) if n == 0 => return true,
            Ok(_) => kept = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..have, 0);
                kept = have - valid;
            }
            Err(_) => return false,
        }
    }
}

/// The findings of each piece, checked on a thread each (the first on
/// this one).
fn check_pieces(linter: &Linter, pieces: &[(usize, String)]) -> Vec<Vec<tchatlint::Diagnostic>> {
    let Some(((_, first), rest)) = pieces.split_first() else {
        return Vec::new();
    };
    std::thread::scope(|s| {
        let others: Vec<_> = rest
            .iter()
            .map(|(_, p)| {
                let spawned = std::thread::Builder::new().spawn_scoped(s, || linter.check(p));
                (p, spawned)
            })
            .collect();
        let mut found = vec![linter.check(first)];
        for (p, spawned) in others {
            // A thread that could not start: checked here.
            found.push(match spawned.map(|h| h.join()) {
                Ok(Ok(d)) => d,
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => linter.check(p),
            });
        }
        found
    })
}

/// Threads that check files: `RAYON_NUM_THREADS` when it is a positive
/// number (as for the crate's other parallel work), else one per core.
/// Read here rather than from rayon, whose pool the check does not use and
/// would start only to be asked its size.
fn check_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
}

/// Files checked ahead of the last one written, at most.
const WINDOW: usize = 512;

/// Write a run of checked files' outputs, in the order of the inputs,
/// counting findings and read errors; a large input is checked and written
/// here, piece by piece, by `large`.
fn emit(
    results: Vec<Result<Checked>>,
    out: &mut dyn Write,
    doc: &mut stream::DocumentStream,
    io_error: &mut bool,
    mut large: impl FnMut(
        &Input,
        &mut stream::DocumentStream,
        &mut dyn Write,
    ) -> std::io::Result<Result<()>>,
) -> std::io::Result<()> {
    let mut parts: Vec<(&'static [u8], Vec<u8>)> = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Checked::Part(name, part, done)) => {
                let separator = doc.separator(&name, &done);
                parts.push((separator, part));
            }
            Ok(Checked::Large(input)) => {
                // What came before it goes out first.
                write_parts(out, &mut parts)?;
                if let Err(e) = large(&input, doc, out)? {
                    eprintln!("erreur : {e:#}");
                    *io_error = true;
                }
            }
            Err(e) => {
                eprintln!("erreur : {e:#}");
                *io_error = true;
            }
        }
    }
    write_parts(out, &mut parts)
}

/// Write rendered parts (each after its separator) and let them go.
fn write_parts(
    out: &mut dyn Write,
    parts: &mut Vec<(&'static [u8], Vec<u8>)>,
) -> std::io::Result<()> {
    // Handed to the system in one gathered write (or a few), not copied
    // into the buffer first: a run's output runs to hundreds of kilobytes.
    let mut bufs: Vec<&[u8]> = parts
        .iter()
        .flat_map(|(separator, part)| [*separator, part.as_slice()])
        .filter(|b| !b.is_empty())
        .collect();
    write_all_vectored(out, &mut bufs)?;
    parts.clear();
    Ok(())
}

/// `write_all` for gathered slices (the standard one is not stable yet):
/// what a write leaves out is written again.
fn write_all_vectored(out: &mut dyn Write, bufs: &mut [&[u8]]) -> std::io::Result<()> {
    let mut first = 0;
    loop {
        // (Empty slices are passed over: a write of nothing but them
        // writes nothing.)
        while bufs.get(first).is_some_and(|b| b.is_empty()) {
            first += 1;
        }
        if first == bufs.len() {
            return Ok(());
        }
        let slices: Vec<std::io::IoSlice<'_>> = bufs[first..]
            .iter()
            .take(1024)
            .map(|b| std::io::IoSlice::new(b))
            .collect();
        let mut n = match out.write_vectored(&slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        while n > 0 {
            let len = bufs[first].len();
            if n >= len {
                n -= len;
                first += 1;
            } else {
                bufs[first] = &bufs[first][n..];
                n = 0;
            }
        }
    }
}

fn exit_code(summary: Summary, deny: Option<Deny>, io_error: bool) -> ExitCode {
    tchatlint::cli::exit_code(summary.errors, summary.warnings, deny, io_error)
}

fn write_stdout(s: &str) -> Result<()> {
    write_stdout_with(|out| out.write_all(s.as_bytes()))
}

/// Write the output through `write` (buffered), flushed at the end.
fn write_stdout_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).context("écriture sur la sortie standard impossible"),
    }
}

/// The completion script of `shell`, generated from the command line's
/// definition (so it always knows every command and option).
fn run_completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "tchatlint", &mut script);
    write_stdout_with(|out| out.write_all(&script))?;
    Ok(ExitCode::SUCCESS)
}

/// The man page (roff), generated from the command line's definition,
/// with French section headings (clap_mangen writes English ones).
fn run_man() -> Result<ExitCode> {
    let man = clap_mangen::Man::new(command());
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    let roff = french_man(&String::from_utf8_lossy(&roff));
    write_stdout_with(|out| out.write_all(roff.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

/// clap_mangen's section headings and notes, in French.
fn french_man(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        let line = match line {
            ".SH NAME" => ".SH NOM",
            ".SH SUBCOMMANDS" => ".SH COMMANDES",
            ".SH EXTRA" => ".SH COMPLÉMENTS",
            ".SH AUTHORS" => ".SH AUTEURS",
            ".SH EXIT STATUS" => ".SH CODE DE RETOUR",
            ".SH ENVIRONMENT" => ".SH ENVIRONNEMENT",
            l => l,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn run_rules(args: ConfigArgs) -> Result<ExitCode> {
    let config = load_config(&args)?;
    let width = REGISTRY.iter().map(|e| e.meta.id.len()).max().unwrap_or(10);
    let mut out = format!("{:width$}  {:8}  résumé\n", "règle", "niveau");
    for e in REGISTRY {
        out.push_str(&format!(
            "{:width$}  {:8}  {}\n",
            e.meta.id,
            (e.level)(&config).as_str(),
            e.meta.summary
        ));
    }
    out.push_str("\nrègles de conversation (tchatlint transcript)\n");
    for e in tchatlint::conversation_rules::REGISTRY {
        out.push_str(&format!(
            "{:width$}  {:8}  {}\n",
            e.meta.id,
            (e.level)(&config).as_str(),
            e.meta.summary
        ));
    }
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn run_explain(id: &str) -> Result<ExitCode> {
    let meta = tchatlint::rules::find(id)
        .map(|e| e.meta)
        .or_else(|| tchatlint::conversation_rules::find(id).map(|e| e.meta));
    match meta {
        Some(meta) => {
            write_stdout(&format!(
                "# {} — {}\n\n{}",
                meta.id,
                meta.summary,
                meta.explain()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            // The first three characters (not bytes: an id may be accented).
            let prefix: String = id.chars().take(3).collect();
            let close: Vec<&str> = REGISTRY
                .iter()
                .map(|e| e.meta.id)
                .filter(|r| r.contains(id) || id.contains(r) || r.starts_with(&prefix))
                .collect();
            let hint = if close.is_empty() {
                "voir `tchatlint rules`".to_string()
            } else {
                format!("vouliez-vous dire : {} ?", close.join(", "))
            };
            bail!("règle inconnue « {id} » ({hint})")
        }
    }
}

fn run_fix(args: FixArgs) -> Result<ExitCode> {
    let mut config = load_config(&args.config)?;
    config.select(&args.rules, &args.ignore)?;
    let linter = Linter::new(config)?;
    let input = if args.path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(args.path.clone())
    };
    if args.write && matches!(input, Input::Stdin) {
        bail!("--write demande un fichier, pas l'entrée standard");
    }
    let decoded = read_decoded(&input)?;
    if args.write && decoded.encoding != tchatlint::files::Encoding::Utf8 {
        bail!(
            "{} : fichier en {}, --write ne le réécrit pas (il deviendrait UTF-8) : enregistrez-le en UTF-8",
            args.path.display(),
            decoded.encoding.name()
        );
    }
    if let Some(note) = decoded.note() {
        eprintln!("remarque : {} : {note}", input.name());
    }
    let fixed = fix::fix_text(&linter, &decoded.text);
    // The byte-order mark is given back as it came.
    let bom = if decoded.bom { "\u{FEFF}" } else { "" };
    if args.write {
        if fixed.applied > 0 {
            fix::write_file(&args.path, format!("{bom}{}", fixed.text).as_bytes())?;
        }
        eprintln!(
            "{} : {} correction(s) appliquée(s)",
            args.path.display(),
            fixed.applied
        );
    } else {
        write_stdout(&format!("{bom}{}", fixed.text))?;
    }
    let remaining = linter.check(&fixed.text);
    Ok(if remaining.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    /// A writer that takes a few bytes at a time, and is interrupted now
    /// and then, as a pipe may be.
    struct Trickle {
        got: Vec<u8>,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls % 3 == 0 {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(1 + self.calls % 7);
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            // Up to two slices, the second in part.
            let Some(first) = bufs.iter().find(|b| !b.is_empty()) else {
                return Ok(0);
            };
            let n = self.write(first)?;
            if n < first.len() {
                return Ok(n);
            }
            let rest = bufs
                .iter()
                .skip_while(|b| b.as_ptr() != first.as_ptr())
                .nth(1);
            Ok(n + rest.map_or(0, |b| {
                let m = b.len() / 2;
                self.got.extend_from_slice(&b[..m]);
                m
            }))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn gathered_writes_go_out_whole_and_in_order() {
        let parts: Vec<Vec<u8>> = (0..=2006u32)
            .map(|i| match i % 17 {
                // Empty parts too, at the end as well.
                0 => Vec::new(),
                _ => format!("{i:>width$}", width = (i % 13) as usize).into_bytes(),
            })
            .collect();
        let mut bufs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let mut out = Trickle {
            got: Vec::new(),
            calls: 0,
        };
        super::write_all_vectored(&mut out, &mut bufs).unwrap();
        assert_eq!(out.got, parts.concat());
    }
}
