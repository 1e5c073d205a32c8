//! Finding input files in directories (shared by the CLI commands).

use std::path::{Path, PathBuf};

/// Push every file below `dir` (recursively, in directory order) whose
/// extension is one of `extensions` (compared case-insensitively).
pub fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // The entry's type comes with the listing on most file systems:
        // no `stat` per file. A link is followed to see what it points to.
        let kind = entry.file_type()?;
        let is_dir = kind.is_dir() || (kind.is_symlink() && path.is_dir());
        if is_dir {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Nested folders and a link to a folder are walked; other extensions
    /// are left out; the extension's case does not matter.
    #[test]
    fn walks_folders_and_links_to_folders() {
        let root = std::env::temp_dir().join(format!("tchatlint-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let sub = root.join("a").join("b");
        let other = root.join("other");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(root.join("one.txt"), "x").unwrap();
        std::fs::write(sub.join("two.TXT"), "x").unwrap();
        std::fs::write(sub.join("skip.csv"), "x").unwrap();
        std::fs::write(other.join("three.txt"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&other, root.join("a").join("link")).unwrap();
        let mut found = Vec::new();
        walk(&root.join("a"), &["txt"], &mut found).unwrap();
        walk(&sub, &["csv"], &mut found).unwrap();
        let mut names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        names.sort();
        let mut want = vec!["a/b/skip.csv", "a/b/two.TXT"];
        #[cfg(unix)]
        want.push("a/link/three.txt");
        want.sort();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(names, want);
    }
}
