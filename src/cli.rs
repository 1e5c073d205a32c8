//! What every command of the command line shares, written once: the
//! output formats, the colour choice, `--deny`, the house style's loading
//! and the exit codes. `main.rs` wires the commands; `transcript::cli` and
//! `grade::cli` use these too.

use crate::config::{Config, ConfigError};
use std::io::IsTerminal;
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
    /// `NO_COLOR` is set (and not empty).
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
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
