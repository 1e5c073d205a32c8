//! Output formats: rustc-like text (annotate-snippets), JSON (stable,
//! version 1) and SARIF 2.1.0. Renderers return strings; only `main.rs`
//! prints.

pub mod document;
pub mod human;
pub mod json;
pub mod position;
pub mod sarif;
pub mod stream;

use crate::diagnostic::{Diagnostic, LineIndex, Severity};

/// Findings of one rule on one form (the same words, whatever their case)
/// shown in one text, at most; the others are counted. A reply never
/// repeats a form that often; a file of thousands of replies written in
/// SMS would otherwise give the same finding a million times.
pub const SHOWN_PER_FORM: u32 = 10;

/// The diagnostics of one checked file, with its text.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// As given on the command line (`-` for standard input).
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn new(
        path: impl Into<String>,
        text: impl Into<String>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        FileReport {
            path: path.into(),
            text: text.into(),
            diagnostics,
        }
    }

    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.text)
    }
}

/// Counts by severity over several files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary::default();
        for r in reports {
            s.add_file(&r.diagnostics);
        }
        s
    }

    /// Count one more file and its diagnostics.
    pub fn add_file(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        for d in diagnostics {
            self.count(d.severity);
        }
    }

    /// Count one more finding.
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// The counts of two sets of files together.
    pub fn merge(self, other: Summary) -> Summary {
        Summary {
            files: self.files + other.files,
            errors: self.errors + other.errors,
            warnings: self.warnings + other.warnings,
            infos: self.infos + other.infos,
        }
    }

    /// The closing line of the human output, in French.
    pub fn line_fr(&self) -> String {
        fn plural(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n > 1 { many } else { one })
        }
        if self.errors + self.warnings + self.infos == 0 {
            return format!(
                "aucun problème dans {}",
                plural(self.files, "fichier", "fichiers")
            );
        }
        format!(
            "{}, {}, {} dans {}",
            plural(self.errors, "erreur", "erreurs"),
            plural(self.warnings, "avertissement", "avertissements"),
            plural(self.infos, "info", "infos"),
            plural(self.files, "fichier", "fichiers")
        )
    }
}
