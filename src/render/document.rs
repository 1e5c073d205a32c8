//! Whole documents rendered in memory, for callers that hold every report
//! at once (tests, tools): the same output `tchatlint check` streams.

use super::human::{summary_line, HumanOptions};
use super::stream::{render_part, DocumentStream};
use super::{FileReport, Summary};
use crate::cli::OutputFormat;

/// Every report in the human format, then the summary line.
pub fn human(reports: &[FileReport], opts: HumanOptions) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&human_file(r, opts));
    }
    out.push_str(&summary_line(Summary::of(reports)));
    out
}

/// The diagnostics of one file in the human format (no summary line),
/// capped as the check command caps them ([`super::stream::Cap`]).
pub fn human_file(report: &FileReport, opts: HumanOptions) -> String {
    let (part, _) = render_part(
        OutputFormat::Human,
        opts.color,
        &report.path,
        &report.text,
        &report.diagnostics,
    );
    String::from_utf8(part).expect("the human output is UTF-8")
}

/// The SARIF log for `reports`, one run (what `tchatlint check --format
/// sarif` writes as it goes).
pub fn sarif(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    let mut doc = DocumentStream::begin(OutputFormat::Sarif, &mut out)
        .expect("writing to memory does not fail");
    for r in reports {
        let (part, done) =
            render_part(OutputFormat::Sarif, false, &r.path, &r.text, &r.diagnostics);
        out.extend_from_slice(doc.separator(&r.path, &done));
        out.extend_from_slice(&part);
    }
    doc.finish(&mut out)
        .expect("writing to memory does not fail");
    String::from_utf8(out).expect("SARIF output is UTF-8")
}
