//! Input files, shared by every command: finding them in folders
//! ([`Walker`]) and turning their bytes into text ([`decode`]).
//!
//! The walk lists each file once, whatever the links: a folder reached a
//! second time (a link to a parent, to itself, or to a folder already
//! walked) is noted and passed over, so a loop of links ends. A link whose
//! target lies outside the paths given is not followed unless asked. A
//! `.txt` that is not a regular file (a named pipe, a socket, a device)
//! would block or make no sense: it is reported, never opened. A folder
//! that cannot be read is reported by its own name and the walk goes on.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Something the walk met that is not a file to check.
#[derive(Debug)]
pub struct Problem {
    pub path: PathBuf,
    pub kind: ProblemKind,
}

/// What was wrong with an entry.
#[derive(Debug)]
pub enum ProblemKind {
    /// A folder (or an entry) that could not be read: an error.
    Unreadable(std::io::Error),
    /// A `.txt` that is a named pipe, a socket or a device: an error.
    NotAFile,
    /// A link to a folder already walked (a loop, or the same folder
    /// twice): passed over.
    AlreadyWalked,
    /// A link whose target is outside the paths given: not followed.
    Outside,
    /// A link to nothing: passed over.
    BrokenLink,
}

impl Problem {
    /// True when the entry should have been checked and could not be
    /// (the run then exits 2); false for a note.
    pub fn is_error(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::Unreadable(_) | ProblemKind::NotAFile
        )
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ProblemKind::Unreadable(e) => write!(f, "{path} : lecture impossible ({e})"),
            ProblemKind::NotAFile => write!(
                f,
                "{path} : ce n'est pas un fichier ordinaire (tube, socket ou périphérique), non lu"
            ),
            ProblemKind::AlreadyWalked => write!(
                f,
                "{path} : lien vers un dossier déjà parcouru (boucle ou doublon), non suivi"
            ),
            ProblemKind::Outside => write!(
                f,
                "{path} : lien vers l'extérieur des chemins donnés, non suivi (--follow-links pour le suivre)"
            ),
            ProblemKind::BrokenLink => write!(f, "{path} : lien cassé, ignoré"),
        }
    }
}

/// The files found below one path, sorted, and what was met on the way.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Problem>,
}

/// Walks folders for input files. One walker serves every path of a
/// command, so that a file given twice (or reached through a link) is
/// listed once.
pub struct Walker {
    /// The folders given, resolved: links into them are followed.
    roots: Vec<PathBuf>,
    follow_links: bool,
    extensions: Option<&'static [&'static str]>,
    skip_hidden: bool,
    seen_dirs: HashSet<PathBuf>,
    seen_files: HashSet<PathBuf>,
}

impl Walker {
    /// A walker for the paths of a command line: links into the folders
    /// among `given` are followed; others only with `follow_links`.
    pub fn new(given: &[PathBuf], follow_links: bool) -> Walker {
        Walker {
            roots: given
                .iter()
                .filter(|p| p.is_dir())
                .filter_map(|p| p.canonicalize().ok())
                .collect(),
            follow_links,
            extensions: None,
            skip_hidden: false,
            seen_dirs: HashSet::new(),
            seen_files: HashSet::new(),
        }
    }

    /// Keep only files with one of these extensions (compared without
    /// regard to case). Without it, every file is kept.
    pub fn extensions(mut self, extensions: &'static [&'static str]) -> Walker {
        self.extensions = Some(extensions);
        self
    }

    /// Pass over entries whose name starts with `.` or `_` or ends with `~`.
    pub fn skip_hidden(mut self) -> Walker {
        self.skip_hidden = true;
        self
    }

    /// Whether an entry named `name` is left out altogether.
    fn skipped(&self, name: &OsStr) -> bool {
        self.skip_hidden && is_hidden(&name.to_string_lossy())
    }

    /// Whether the file at `path` is an input (by its extension).
    fn wanted(&self, path: &Path) -> bool {
        match self.extensions {
            None => true,
            Some(exts) => path
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x))),
        }
    }

    /// Whether a link's resolved target may be followed.
    fn may_follow(&self, target: &Path) -> bool {
        self.follow_links || self.roots.iter().any(|r| target.starts_with(r))
    }

    /// Every input file below `dir`, sorted. A folder already walked by
    /// this walker gives nothing.
    pub fn walk(&mut self, dir: &Path) -> Walk {
        let mut walk = Walk::default();
        let real = match dir.canonicalize() {
            Ok(r) => r,
            Err(e) => {
                walk.problems.push(Problem {
                    path: dir.to_path_buf(),
                    kind: ProblemKind::Unreadable(e),
                });
                return walk;
            }
        };
        if !self.seen_dirs.insert(real.clone()) {
            return walk;
        }
        // Depth first with a stack of its own: a very deep tree cannot
        // overflow the thread's stack (its paths get too long to open
        // first, and that folder is reported).
        let mut stack = vec![(dir.to_path_buf(), real)];
        while let Some((path, real)) = stack.pop() {
            let mut entries = match read_entries(&path) {
                Ok(e) => e,
                Err(e) => {
                    walk.problems.push(Problem {
                        path,
                        kind: ProblemKind::Unreadable(e),
                    });
                    continue;
                }
            };
            // Sorted, so that which of two paths to one file is kept does
            // not depend on the file system's order.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut subdirs = Vec::new();
            for (name, kind) in entries {
                if self.skipped(&name) {
                    continue;
                }
                let child = path.join(&name);
                let kind = match kind {
                    Ok(k) => k,
                    Err(e) => {
                        walk.problems.push(Problem {
                            path: child,
                            kind: ProblemKind::Unreadable(e),
                        });
                        continue;
                    }
                };
                if kind.is_dir() {
                    let child_real = real.join(&name);
                    if self.seen_dirs.insert(child_real.clone()) {
                        subdirs.push((child, child_real));
                    }
                } else if kind.is_file() {
                    if self.wanted(&child) && self.seen_files.insert(real.join(&name)) {
                        walk.files.push(child);
                    }
                } else if kind.is_symlink() {
                    self.link(child, &mut walk, &mut subdirs);
                } else if self.wanted(&child) {
                    walk.problems.push(Problem {
                        path: child,
                        kind: ProblemKind::NotAFile,
                    });
                }
            }
            stack.extend(subdirs.into_iter().rev());
        }
        walk.files.sort();
        walk
    }

    /// A link met in a folder: a folder to walk, a file to keep, or a note.
    fn link(&mut self, path: PathBuf, walk: &mut Walk, subdirs: &mut Vec<(PathBuf, PathBuf)>) {
        let note =
            |walk: &mut Walk, path: PathBuf, kind| walk.problems.push(Problem { path, kind });
        // (A link that loops on itself fails here too.)
        let (target, meta) = match path
            .canonicalize()
            .and_then(|t| std::fs::metadata(&t).map(|m| (t, m)))
        {
            Ok(t) => t,
            Err(_) => {
                if self.wanted(&path) {
                    note(walk, path, ProblemKind::BrokenLink);
                }
                return;
            }
        };
        if meta.is_dir() {
            if !self.may_follow(&target) {
                note(walk, path, ProblemKind::Outside);
            } else if self.seen_dirs.insert(target.clone()) {
                subdirs.push((path, target));
            } else {
                note(walk, path, ProblemKind::AlreadyWalked);
            }
        } else if self.wanted(&path) {
            if !meta.is_file() {
                note(walk, path, ProblemKind::NotAFile);
            } else if !self.may_follow(&target) {
                note(walk, path, ProblemKind::Outside);
            } else if self.seen_files.insert(target) {
                walk.files.push(path);
            }
        }
    }
}

type Entry = (std::ffi::OsString, std::io::Result<std::fs::FileType>);

/// A folder's entries with their types (which come with the listing on
/// most file systems: no `stat` per file).
fn read_entries(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        out.push((entry.file_name(), entry.file_type()));
    }
    Ok(out)
}

/// A name the grading leaves out: `.x`, `_x`, `x~`.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_') || name.ends_with('~')
}

/// Whether `path` is a regular file (or a link to one). Opening anything
/// else (a named pipe) could block: callers refuse it first.
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1252, a superset of Latin-1 (ISO-8859-1) for text: what
    /// Windows editors write when told "ANSI".
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 (petit-boutiste)",
            Encoding::Utf16Be => "UTF-16 (gros-boutiste)",
            Encoding::Windows1252 => "Windows-1252 (Latin-1)",
        }
    }
}

/// A file's text, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without its byte-order mark: offsets, lines and columns
    /// count from the first character after it.
    pub text: String,
    /// The file started with a byte-order mark.
    pub bom: bool,
    pub encoding: Encoding,
}

impl Decoded {
    /// A note for the user when the file was not plain UTF-8.
    pub fn note(&self) -> Option<String> {
        self.encoding.note()
    }
}

impl Encoding {
    /// A note for the user when text in this encoding was read.
    pub fn note(self) -> Option<String> {
        (self != Encoding::Utf8).then(|| {
            format!(
                "lu comme du texte {} et non UTF-8 : enregistrez-le en UTF-8",
                self.name()
            )
        })
    }
}

/// UTF-16 text handed on as UTF-8 as it is read, so that a large UTF-16
/// file is checked piece by piece like any other (the decoder of
/// [`decode`] needs the whole file). `inner` starts after the byte-order
/// mark; a second mark, as some tools write, is dropped like [`decode`]
/// drops it. A lone surrogate or an odd last byte is an error.
pub struct Utf16Reader<R> {
    inner: R,
    unit: fn([u8; 2]) -> u16,
    /// UTF-8 decoded and not yet handed on, from `given`.
    out: Vec<u8>,
    given: usize,
    /// A byte of a unit cut by the last read.
    odd: Option<u8>,
    /// A high surrogate waiting for its pair.
    high: Option<u16>,
    /// Some character was decoded (a mark after that is text).
    started: bool,
    eof: bool,
}

impl<R: std::io::Read> Utf16Reader<R> {
    /// `encoding` is [`Encoding::Utf16Le`] or [`Encoding::Utf16Be`].
    pub fn new(inner: R, encoding: Encoding) -> Self {
        Utf16Reader {
            inner,
            unit: if encoding == Encoding::Utf16Be {
                u16::from_be_bytes
            } else {
                u16::from_le_bytes
            },
            out: Vec::new(),
            given: 0,
            odd: None,
            high: None,
            started: false,
            eof: false,
        }
    }

    /// Decodes the next bytes of `inner` into `out`.
    fn fill(&mut self) -> std::io::Result<()> {
        let invalid =
            || std::io::Error::new(std::io::ErrorKind::InvalidData, DecodeError::InvalidUtf16);
        let mut buf = vec![0u8; 64 * 1024];
        let n = loop {
            match self.inner.read(&mut buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.out.clear();
        self.given = 0;
        if n == 0 {
            self.eof = true;
            return match (self.odd, self.high) {
                (None, None) => Ok(()),
                _ => Err(invalid()),
            };
        }
        let mut bytes = &buf[..n];
        let mut units: Vec<u16> = self.high.take().into_iter().collect();
        if let Some(b) = self.odd.take() {
            units.push((self.unit)([b, bytes[0]]));
            bytes = &bytes[1..];
        }
        let mut pairs = bytes.chunks_exact(2);
        units.extend(pairs.by_ref().map(|c| (self.unit)([c[0], c[1]])));
        self.odd = pairs.remainder().first().copied();
        if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            self.high = units.pop();
        }
        for c in char::decode_utf16(units) {
            let c = c.map_err(|_| invalid())?;
            if !std::mem::replace(&mut self.started, true) && c == '\u{FEFF}' {
                continue;
            }
            self.out
                .extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes());
        }
        Ok(())
    }
}

impl<R: std::io::Read> std::io::Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.given == self.out.len() && !self.eof {
            self.fill()?;
        }
        let n = (self.out.len() - self.given).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("fichier binaire (octet nul), ce n'est pas un texte")]
    Binary,
    #[error("le texte n'est pas en UTF-8 (octet invalide à la position {offset}, ligne {line}) : enregistrez-le en UTF-8")]
    InvalidUtf8 { offset: usize, line: usize },
    #[error("le texte UTF-16 est tronqué ou invalide : enregistrez-le en UTF-8")]
    InvalidUtf16,
}

/// How much of the start is looked at to tell text from binary data.
const PROBE: usize = 8192;

/// Bytes to text. UTF-8 (its byte-order mark dropped), UTF-16 with a
/// byte-order mark or recognised by its zero bytes, and, when
/// `windows_1252` is set, any bytes that are not UTF-8 read as
/// Windows-1252. Refuses binary data (a zero byte near the start).
pub fn decode(bytes: Vec<u8>, windows_1252: bool) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes, Encoding::Utf16Le, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes, Encoding::Utf16Be, true);
    }
    let probe = &bytes[..bytes.len().min(PROBE)];
    if probe.contains(&0) {
        let decoded = match utf16_without_bom(probe) {
            Some(Encoding::Utf16Le) => utf16(&bytes, u16::from_le_bytes, Encoding::Utf16Le, false),
            Some(_) => utf16(&bytes, u16::from_be_bytes, Encoding::Utf16Be, false),
            None => return Err(DecodeError::Binary),
        };
        // Without a mark, only text that reads as text is taken for UTF-16.
        return match decoded {
            Ok(d)
                if !d
                    .text
                    .chars()
                    .any(|c| c.is_control() && !c.is_ascii_whitespace()) =>
            {
                Ok(d)
            }
            _ => Err(DecodeError::Binary),
        };
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let mut text = match utf8_text(bytes) {
        Ok(t) => t,
        Err(e) if windows_1252 => {
            return Ok(Decoded {
                text: windows_1252_text(e.as_bytes()),
                bom: false,
                encoding: Encoding::Windows1252,
            })
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = memchr::memchr_iter(b'\n', &e.as_bytes()[..offset]).count() + 1;
            return Err(DecodeError::InvalidUtf8 { offset, line });
        }
    };
    if bom {
        text.drain(..3);
    }
    Ok(Decoded {
        text,
        bom,
        encoding: Encoding::Utf8,
    })
}

/// Bytes as UTF-8. Up to the size checked in one piece (1 MiB), they are
/// validated with SIMD and copied, which costs less than the standard
/// library's check on accented text; a larger file is validated in place,
/// so that it is never held twice.
fn utf8_text(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if bytes.len() <= crate::CHUNK_SIZE {
        if let Ok(s) = simdutf8::basic::from_utf8(&bytes) {
            return Ok(s.to_owned());
        }
    }
    String::from_utf8(bytes)
}

fn utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    encoding: Encoding,
    bom: bool,
) -> Result<Decoded, DecodeError> {
    if bytes.len() % 2 != 0 {
        return Err(DecodeError::InvalidUtf16);
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let text = char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| DecodeError::InvalidUtf16)?;
    // (A mark written again after the first, as some tools do.)
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(t) => t.to_string(),
        None => text,
    };
    Ok(Decoded {
        text,
        bom,
        encoding,
    })
}

/// Whether the first bytes of a file may be text in UTF-16 (with or
/// without a byte-order mark), which [`decode`] reads; other bytes with a
/// zero among them are binary data.
pub fn may_be_utf16(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || utf16_without_bom(&head[..head.len().min(PROBE)]).is_some()
}

/// UTF-16 without a byte-order mark: text in Latin script has a zero
/// byte in every other place (the high byte of each unit), and none in
/// the other places.
fn utf16_without_bom(probe: &[u8]) -> Option<Encoding> {
    let pairs = probe.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        probe
            .iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 2 >= pairs && even == 0 {
        Some(Encoding::Utf16Le)
    } else if even * 2 >= pairs && odd == 0 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Windows-1252: Latin-1 with printable characters in 0x80–0x9F. The
/// five codes it leaves undefined are read as the Latin-1 control they
/// would be (as browsers do).
fn windows_1252_text(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf16_reader_matches_the_whole_file_decoder() {
        use std::io::Read;
        /// Hands on one byte per read: every unit and pair is cut.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match (self.0.split_first(), buf.first_mut()) {
                    (Some((&b, rest)), Some(slot)) => {
                        *slot = b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let text = "\u{FEFF}Bonjour 👋, votre colis n°42 arrive. Ça part aujourd'hui !";
        for (enc, bytes) in [
            (
                Encoding::Utf16Le,
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            ),
            (
                Encoding::Utf16Be,
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            ),
        ] {
            let mut out = String::new();
            Utf16Reader::new(Trickle(&bytes), enc)
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text.trim_start_matches('\u{FEFF}'));
        }
        let lone: Vec<u8> = [0x0041u16, 0xD83D, 0x0042]
            .iter()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut out = String::new();
        assert!(Utf16Reader::new(&lone[..], Encoding::Utf16Le)
            .read_to_string(&mut out)
            .is_err());
        let odd = [0x41u8, 0x00, 0x42];
        assert!(Utf16Reader::new(&odd[..], Encoding::Utf16Le)
            .read_to_string(&mut out)
            .is_err());
    }

    use super::*;

    fn names(walk: &Walk, root: &Path) -> Vec<String> {
        walk.files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    /// Nested folders and a link to a folder are walked; other extensions
    /// are left out; the extension's case does not matter.
    #[test]
    fn walks_folders_and_links_to_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
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
        // Links into the paths given are followed.
        let mut walker = Walker::new(&[root.to_path_buf()], false).extensions(&["txt"]);
        let found = walker.walk(&root.join("a"));
        let mut want = vec!["a/b/two.TXT"];
        #[cfg(unix)]
        want.push("a/link/three.txt");
        assert_eq!(names(&found, root), want);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        let csv = Walker::new(&[], false).extensions(&["csv"]).walk(&sub);
        assert_eq!(names(&csv, root), ["a/b/skip.csv"]);
    }

    /// The loop of the report: a link to the parent and one to the folder
    /// itself. Each file once, both links noted.
    #[cfg(unix)]
    #[test]
    fn loops_of_links_end_with_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let l = dir.path().join("L");
        std::fs::create_dir_all(l.join("a")).unwrap();
        std::fs::write(l.join("a/x.txt"), "slt").unwrap();
        std::os::unix::fs::symlink("..", l.join("a/up")).unwrap();
        std::os::unix::fs::symlink("../a", l.join("a/self")).unwrap();
        std::os::unix::fs::symlink("loop.txt", l.join("loop.txt")).unwrap();
        let found = Walker::new(std::slice::from_ref(&l), false)
            .extensions(&["txt"])
            .walk(&l);
        assert_eq!(names(&found, &l), ["a/x.txt"]);
        let notes: Vec<String> = found.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(found.problems.iter().all(|p| !p.is_error()), "{notes:?}");
    }

    /// Links outside the paths given are followed only when asked.
    #[cfg(unix)]
    #[test]
    fn links_outside_are_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let (inside, outside) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("o.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, inside.join("d")).unwrap();
        std::os::unix::fs::symlink(outside.join("o.txt"), inside.join("f.txt")).unwrap();
        let given = [inside.clone()];
        let no = Walker::new(&given, false)
            .extensions(&["txt"])
            .walk(&inside);
        assert!(no.files.is_empty());
        assert!(matches!(no.problems[0].kind, ProblemKind::Outside));
        let yes = Walker::new(&given, true).extensions(&["txt"]).walk(&inside);
        // The same file twice (through the file link, then the folder):
        // once, by the first path met (a folder's files before its folders).
        assert_eq!(names(&yes, &inside), ["f.txt"]);
    }

    #[test]
    fn byte_order_marks_and_encodings() {
        let d = decode(b"\xEF\xBB\xBFBonjour".to_vec(), false).unwrap();
        assert_eq!((d.text.as_str(), d.bom, d.note()), ("Bonjour", true, None));
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Ça va ?".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(utf16le.clone(), false).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Ça va ?", Encoding::Utf16Le)
        );
        assert!(d.note().unwrap().contains("UTF-16"));
        let be: Vec<u8> = "Ça va ?"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(be, false).unwrap().text, "Ça va ?");
        assert_eq!(
            decode(utf16le[..5].to_vec(), false),
            Err(DecodeError::InvalidUtf16)
        );
        // « déjà – 5 € » in Windows-1252.
        let cp1252 = b"d\xE9j\xE0 \x96 5 \x80".to_vec();
        assert!(matches!(
            decode(cp1252.clone(), false),
            Err(DecodeError::InvalidUtf8 { offset: 1, line: 1 })
        ));
        let d = decode(cp1252, true).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("déjà – 5 €", Encoding::Windows1252)
        );
        assert_eq!(
            decode(vec![1, 0, 0, 7, 0xFF, 0], true),
            Err(DecodeError::Binary)
        );
    }
}
