//! Finding input files in directories (shared by the CLI commands).

use std::path::{Path, PathBuf};

/// Push every file below `dir` (recursively, in directory order) whose
/// extension is one of `extensions` (compared case-insensitively).
pub fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, extensions, out)?;
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
        {
            out.push(path);
        }
    }
    Ok(())
}
