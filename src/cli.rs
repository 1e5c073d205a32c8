//! What every command of the command line shares, written once: the
//! output formats, the colour choice, `--deny`, the house style's loading
//! and the exit codes. `main.rs` wires the commands; `transcript::cli` and
//! `grade::cli` use these too.

use crate::config::{Config, ConfigError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
}

/// Colours.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour the output: `auto` colours a terminal unless
    /// `NO_COLOR` is set (and not empty). `out_is_terminal` says whether
    /// the output goes to a terminal: the binary knows, the library never
    /// looks at the standard streams.
    pub fn enabled(self, out_is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => no_color_unset() && out_is_terminal,
        }
    }
}

/// `NO_COLOR` is unset or empty.
pub(crate) fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
}

/// `--deny` levels.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

/// The exit code of a run: 2 when an input could not be read, 1 when a
/// finding is an error (or a warning, with `--deny warnings`), else 0.
pub fn exit_code(errors: usize, warnings: usize, deny: Option<Deny>, io_error: bool) -> ExitCode {
    if io_error {
        ExitCode::from(2)
    } else if errors > 0 || (deny == Some(Deny::Warnings) && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The house style: the embedded defaults merged with `explicit`, or with
/// the first `tchatlint.toml` found from the current directory up.
pub fn load_config(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (config, _) = Config::discover(explicit, &cwd)?;
    Ok(config)
}

/// The command line's help in French, all of it: clap writes its own
/// headings (`Usage:`, `Options:`…), its `--help` and `--version` flags
/// and the `[default: …]` notes in English, so every command gets a French
/// help template, French help and version flags, and French notes in
/// place of clap's. `cmd` is the command as declared; subcommands are
/// translated too.
pub fn french_help(cmd: clap::Command) -> clap::Command {
    translate(cmd, true)
}

fn translate(mut cmd: clap::Command, top: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let has_positionals = cmd.get_positionals().next().is_some();
    let mut template = String::from("{before-help}{about-with-newline}\nUtilisation : {usage}\n");
    if has_subcommands {
        template.push_str("\nCommandes :\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\nArguments :\n{positionals}\n");
    }
    template.push_str("\nOptions :\n{options}{after-help}");
    if has_subcommands {
        cmd = cmd.subcommand_value_name("COMMANDE");
    }
    cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche l'aide"),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Affiche la version"),
        );
    }
    // clap's notes on arguments, in French.
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| {
            let mut notes = Vec::new();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let takes_value = a.get_action().takes_values();
            if !values.is_empty() && takes_value && !a.is_hide_possible_values_set() {
                notes.push(format!("valeurs\u{a0}: {}", values.join(", ")));
            }
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() && takes_value {
                notes.push(format!("par\u{a0}défaut\u{a0}: {}", defaults.join(", ")));
            }
            let a = match a.get_value_names().map(<[_]>::to_vec).as_deref() {
                Some([one]) => match french_value_name(one.as_str()) {
                    Some(fr) => a.value_name(fr),
                    None => a,
                },
                _ => a,
            };
            if notes.is_empty() {
                return a;
            }
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let long = a.get_long_help().map(|h| h.to_string());
            let tail = format!(" [{}]", notes.join("] ["));
            let mut a = a
                .hide_possible_values(true)
                .hide_default_value(true)
                .help(format!("{help}{tail}"));
            if let Some(long) = long {
                a = a.long_help(format!("{long}{tail}"));
            }
            a
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| translate(s, false));
    }
    cmd
}

/// French for the value names clap derives from English field names.
fn french_value_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "ID" => "RÈGLE",
        "COLOR" => "QUAND",
        "SHELL" => "INTERPRÉTEUR",
        "HOST:PORT" => "HÔTE:PORT",
        "FILE" => "FICHIER",
        "PATH" | "PATHS" => "CHEMIN",
        "DIR" => "DOSSIER",
        "LEVEL" => "NIVEAU",
        "COMMAND" => "COMMANDE",
        _ => return None,
    })
}

/// A command-line error in French: what went wrong (from clap's error
/// kind and context), the usage line, and where to find help. Help and
/// version requests are returned as clap renders them.
pub fn french_error(err: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| -> String {
        match err.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let message = match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return err.to_string(),
        ErrorKind::UnknownArgument => format!("argument inconnu « {arg} »"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "commande inconnue « {} »",
                get(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let mut m = format!("valeur « {value} » invalide pour {arg}");
            if !valid.is_empty() {
                m.push_str(&format!(" (valeurs possibles : {valid})"));
            }
            m
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire absent : {arg}"),
        ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "{arg} ne peut pas être employé avec {}",
            get(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals => format!("{arg} attend une valeur après « = »"),
        ErrorKind::ValueValidation => format!("valeur « {value} » invalide pour {arg}"),
        ErrorKind::TooManyValues => format!("trop de valeurs pour {arg} : « {value} »"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::InvalidUtf8 => "argument qui n'est pas en UTF-8".to_string(),
        _ => "arguments invalides".to_string(),
    };
    let mut out = format!("erreur : {message}\n");
    let usage = get(ContextKind::Usage);
    if let Some(rest) = usage.trim().strip_prefix("Usage:") {
        out.push_str(&format!("\nUtilisation : {}\n", rest.trim()));
    }
    out.push_str("\nPour plus d'informations : --help\n");
    out
}
