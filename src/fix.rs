//! Applying the safe suggestions: those that cannot change the meaning
//! (spacing, doubled punctuation, an SMS form with one standard spelling).

use crate::diagnostic::Diagnostic;
use crate::Linter;
use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// The result of fixing a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// How many suggestions were applied.
    pub applied: usize,
}

/// Apply the safe fixes of `diagnostics` to `text` (non-overlapping, left
/// to right). Returns the new text and the count applied.
pub fn apply(text: &str, diagnostics: &[Diagnostic]) -> Fixed {
    let mut fixes: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_safe_fix()).collect();
    fixes.sort_by_key(|d| (d.span.start, d.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for d in fixes {
        if d.span.start < pos || d.span.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..d.span.start]);
        out.push_str(&d.suggestions[0]);
        pos = d.span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    Fixed { text: out, applied }
}

/// Most check-and-fix passes: each applies at least one fix, and one fix
/// can reveal another (a space before `?` once `??` is one; a space after
/// `?` once the smiley glued to it is gone). Like ruff's, the bound only
/// guards against fixes that would undo each other.
const MAX_PASSES: usize = 16;

/// Check and fix until nothing safe is left.
pub fn fix_text(linter: &Linter, text: &str) -> Fixed {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let diags = linter.check(&current);
        let fixed = apply(&current, &diags);
        if fixed.applied == 0 {
            break;
        }
        total += fixed.applied;
        current = fixed.text;
    }
    Fixed {
        text: current,
        applied: total,
    }
}

/// Replace the file at `path` by `data`, atomically: a temporary file in
/// the same folder, written and synced, then renamed over the file, and
/// the folder synced so that the rename survives a crash. A link is
/// followed: its target is replaced and the link stays. The file keeps
/// its permissions and, on Unix, its owner and group (when they cannot be
/// kept, the file is left as it was).
pub fn write_file(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let target = path
        .canonicalize()
        .with_context(|| format!("{} : fichier introuvable", path.display()))?;
    let meta = std::fs::metadata(&target)
        .with_context(|| format!("{} : lecture impossible", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!(
            "{} : ce n'est pas un fichier ordinaire, --write ne le remplace pas",
            path.display()
        );
    }
    let dir = target.parent().unwrap_or_else(|| Path::new("/"));
    let mut tmp = tempfile::Builder::new()
        .prefix(".tchatlint-")
        .tempfile_in(dir)
        .with_context(|| format!("{} : fichier temporaire impossible", dir.display()))?;
    let failed = |what: &str| format!("{} : {what}, fichier laissé intact", path.display());
    tmp.write_all(data)
        .with_context(|| failed("écriture impossible"))?;
    keep_owner(tmp.as_file(), &meta)
        .with_context(|| failed("impossible de garder son propriétaire et son groupe"))?;
    // After the owner: changing the owner clears the set-id bits.
    tmp.as_file()
        .set_permissions(meta.permissions())
        .with_context(|| failed("impossible de garder ses permissions"))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| failed("écriture impossible"))?;
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| failed("remplacement impossible"))?;
    sync_dir(dir).with_context(|| {
        format!(
            "{} : remplacé, mais le dossier n'a pu être synchronisé",
            path.display()
        )
    })
}

#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = file.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// (A folder cannot be opened as a file elsewhere; the rename is what
/// the system offers.)
#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Severity, Span};

    fn diag(start: usize, end: usize, s: &str, safe: bool) -> Diagnostic {
        Diagnostic {
            rule: "t",
            severity: Severity::Warning,
            message: String::new(),
            help: None,
            span: Span::new(start, end),
            suggestions: vec![s.to_string()],
            applicability: if safe {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
        }
    }

    /// `--write` through a link replaces the target and keeps the link;
    /// the mode is kept; no temporary file is left behind.
    #[cfg(unix)]
    #[test]
    fn writing_follows_links_and_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, "avant").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_file(&link, b"apres").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "apres");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn applies_only_safe_non_overlapping() {
        let t = "slt ca va??";
        let d = [
            diag(0, 3, "Bonjour", true),
            diag(4, 6, "ça", false),
            diag(9, 11, " ?", true),
            diag(10, 11, "!", true),
        ];
        let f = apply(t, &d);
        assert_eq!(f.text, "Bonjour ca va ?");
        assert_eq!(f.applied, 2);
    }

    /// Each fix here reveals the next: a no-break space before `?`, then a
    /// space after it, then the smiley that space set apart goes, then the
    /// `?.` left behind, then a space after `?` again. Four passes were not
    /// enough (found by the idempotence property test).
    #[test]
    fn fixes_that_reveal_fixes_converge() {
        let linter = Linter::new(crate::Config::default()).unwrap();
        let once = fix_text(&linter, "ç?xd.ù");
        assert!(once.applied >= 5, "{once:?}");
        let twice = fix_text(&linter, &once.text);
        assert_eq!(twice.applied, 0, "{once:?} -> {twice:?}");
    }
}
