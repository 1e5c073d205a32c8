//! A trainee's answer and how it is read from disk.
//!
//! An answer is one file or one folder in the exercise folder. Everything
//! that turns a file into an [`Answer`] is in [`load_file`]: the place where
//! transcript formats (JSON, CSV, `[10:02] Conseiller : …`) plug in. A plain
//! reply is one advisor turn; a transcript keeps the customer's turns for
//! the report, and only the advisor's turns are checked and searched for
//! steps and facts.

use crate::conversation::{Conversation, Role as ConvRole, TranscriptOptions};
use crate::diagnostic::Span;
use crate::transcript;
use std::path::{Path, PathBuf};

/// Name of the exercise file looked for in the answers folder (never an
/// answer).
pub const EXERCISE_FILE: &str = "exercise.toml";

/// Who wrote a turn of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The trainee, writing as the advisor: checked and graded.
    Advisor,
    /// The customer (given by the exercise): shown, never graded.
    Customer,
    /// Anything else (bot, system events): shown, never graded.
    Other,
}

/// One turn of an answer: a span of [`Answer::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub role: Role,
    pub span: Span,
}

/// What a trainee handed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The trainee: the file or folder name.
    pub name: String,
    /// The whole text shown in the report; turns are spans of it.
    pub text: String,
    pub turns: Vec<Turn>,
    /// The files read, relative to the answer (for a folder).
    pub files: Vec<String>,
    /// What the trainer should know about how it was read (an encoding
    /// other than UTF-8, an entry of its folder passed over).
    pub notes: Vec<String>,
}

impl Answer {
    /// A plain reply: the whole text is one advisor turn.
    pub fn reply(name: impl Into<String>, text: impl Into<String>) -> Answer {
        let text = text.into();
        let name = name.into();
        Answer {
            turns: vec![Turn {
                role: Role::Advisor,
                span: Span::new(0, text.len()),
            }],
            files: vec![name.clone()],
            name,
            text,
            notes: Vec::new(),
        }
    }

    /// The turns the trainee wrote.
    pub fn advisor_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.role == Role::Advisor)
    }

    /// True when the trainee wrote nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.advisor_turns()
            .all(|t| t.span.slice(&self.text).trim().is_empty())
    }

    /// Append `other` (one more file of a folder answer) as new turns,
    /// after a blank line.
    fn append(&mut self, mut other: Answer) {
        // Trailing blank lines of a file would pile up between parts.
        let end = other.text.trim_end().len();
        other.text.truncate(end);
        for t in &mut other.turns {
            t.span = Span::new(t.span.start.min(end), t.span.end.min(end));
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let offset = self.text.len();
        self.text.push_str(&other.text);
        self.turns.extend(other.turns.into_iter().map(|t| Turn {
            role: t.role,
            span: t.span.shifted(offset),
        }));
        self.files.extend(other.files);
        self.notes.extend(other.notes);
    }
}

/// Why an answer could not be read (French, for the trainer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub String);

/// Largest answer file read (a trainee's reply is a few hundred bytes).
pub const MAX_ANSWER_BYTES: u64 = 10 << 20;

/// Read the answer at `path`: a file, or a folder whose files (sorted by
/// name, hidden ones aside) are the successive parts of one answer.
/// Transcripts are read with the default role names.
pub fn load_answer(path: &Path) -> Result<Answer, LoadError> {
    load_answer_with(path, &crate::Config::default().transcript)
}

/// [`load_answer`] with the house style's transcript options (role names).
pub fn load_answer_with(path: &Path, options: &TranscriptOptions) -> Result<Answer, LoadError> {
    load_answer_following(path, options, false)
}

/// [`load_answer_with`]; with `follow_links`, links in an answer's folder
/// that lead outside it are followed too.
pub fn load_answer_following(
    path: &Path,
    options: &TranscriptOptions,
    follow_links: bool,
) -> Result<Answer, LoadError> {
    let name = file_name(path);
    // An answer that is a link leading outside the exercise's folder, as
    // any link of a walk.
    if !follow_links && leads_outside(path) {
        return Err(LoadError(
            "lien vers l'extérieur du dossier de l'exercice, non suivi (--follow-links pour le suivre)"
                .into(),
        ));
    }
    if path.is_dir() {
        let walk = crate::files::Walker::new(&[path.to_path_buf()], follow_links)
            .skip_hidden()
            .walk(path);
        // A part that cannot be read makes the answer unreadable; what was
        // passed over (a loop of links) is a note.
        if let Some(p) = walk.problems.iter().find(|p| p.is_error()) {
            return Err(LoadError(p.to_string()));
        }
        let files = walk.files;
        if files.is_empty() {
            return Err(LoadError("dossier vide".into()));
        }
        let mut answer = Answer {
            name,
            text: String::new(),
            turns: Vec::new(),
            files: Vec::new(),
            notes: walk.problems.iter().map(ToString::to_string).collect(),
        };
        for f in files {
            let rel = f
                .strip_prefix(path)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            let mut part =
                load_file_with(&f, options).map_err(|e| LoadError(format!("{rel} : {}", e.0)))?;
            for note in &mut part.notes {
                *note = format!("{rel} : {note}");
            }
            part.files = vec![rel];
            answer.append(part);
        }
        Ok(answer)
    } else {
        load_file_with(path, options)
    }
}

/// Whether `path` is a link whose target is outside the folder holding it.
fn leads_outside(path: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (is_link, path.canonicalize(), folder.canonicalize()) {
        (true, Ok(target), Ok(folder)) => !target.starts_with(folder),
        _ => false,
    }
}

/// Read one answer file with the default transcript options.
pub fn load_file(path: &Path) -> Result<Answer, LoadError> {
    load_file_with(path, &crate::Config::default().transcript)
}

/// Read one answer file. **The one place where input formats are chosen**:
/// `.json`, `.jsonl`, `.ndjson` and `.csv` are transcripts (any format
/// `tchatlint transcript` reads); a `.txt` is a transcript when it parses as
/// one with an advisor turn and another turn (`Conseiller : …` lines), else
/// a plain reply, like `.md` and files without extension.
pub fn load_file_with(path: &Path, options: &TranscriptOptions) -> Result<Answer, LoadError> {
    let name = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" | "md" | "" => {
            let decoded = read_decoded(path)?;
            let text = decoded.text;
            let convs = match ext.as_str() {
                "txt" | "text" => {
                    transcript::parse_str(&text, Some(transcript::Format::Text), options).ok()
                }
                _ => None,
            };
            let mut answer = match convs {
                Some(convs) if looks_like_transcript(&convs) => from_conversations(name, &convs),
                _ => Answer::reply(name, text),
            };
            answer.notes.extend(decoded.note);
            Ok(answer)
        }
        "json" | "jsonl" | "ndjson" | "csv" => {
            let decoded = read_decoded(path)?;
            let convs = transcript::parse_str(&decoded.text, None, options)
                .map_err(|e| LoadError(format!("transcription illisible : {e}")))?;
            if !convs.iter().flat_map(|c| &c.turns).any(|t| t.role == ConvRole::Advisor) {
                return Err(LoadError("transcription sans message du conseiller".into()));
            }
            let mut answer = from_conversations(name, &convs);
            answer.notes.extend(decoded.note);
            Ok(answer)
        }
        other => Err(LoadError(format!(
            "format .{other} non pris en charge : enregistrez la réponse en texte brut (.txt, UTF-8)"
        ))),
    }
}

fn looks_like_transcript(convs: &[Conversation]) -> bool {
    let turns: Vec<_> = convs.iter().flat_map(|c| &c.turns).collect();
    turns.len() >= 2 && turns.iter().any(|t| t.role == ConvRole::Advisor)
}

/// An answer made of the turns of transcripts: each turn is a paragraph
/// `Rôle : texte`; only the advisor's texts are graded.
fn from_conversations(name: String, convs: &[Conversation]) -> Answer {
    let mut text = String::new();
    let mut turns = Vec::new();
    for t in convs.iter().flat_map(|c| &c.turns) {
        let (role, label) = match t.role {
            ConvRole::Advisor => (Role::Advisor, "Conseiller"),
            ConvRole::Customer => (Role::Customer, "Client"),
            ConvRole::Bot => (Role::Other, "Bot"),
            ConvRole::System => (Role::Other, "Système"),
        };
        let body = t.text.trim();
        if body.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(label);
        text.push_str(" : ");
        let start = text.len();
        text.push_str(body);
        turns.push(Turn {
            role,
            span: Span::new(start, text.len()),
        });
    }
    Answer {
        files: vec![name.clone()],
        name,
        text,
        turns,
        notes: Vec::new(),
    }
}

/// A file's bytes as text, refusing binary data with a French reason.
/// A byte-order mark is dropped.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    read_decoded(path).map(|d| d.text)
}

/// An answer file's text and, when it was not UTF-8, a note saying how it
/// was read: UTF-16 and Windows-1252 (what Windows editors write) are
/// decoded, so that a trainee is not graded 0 for the editor's choice.
struct DecodedAnswer {
    text: String,
    note: Option<String>,
}

fn read_decoded(path: &Path) -> Result<DecodedAnswer, LoadError> {
    use std::io::ErrorKind::*;
    let io = |e: std::io::Error| {
        LoadError(match e.kind() {
            NotFound => "fichier introuvable".into(),
            PermissionDenied => "accès refusé".into(),
            _ => format!("lecture impossible ({e})"),
        })
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    // A named pipe would block the whole group.
    if !meta.is_file() {
        return Err(LoadError(
            "ce n'est pas un fichier ordinaire (tube, socket ou périphérique)".into(),
        ));
    }
    if meta.len() > MAX_ANSWER_BYTES {
        return Err(LoadError(format!(
            "fichier trop volumineux ({} octets) pour une réponse",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let decoded = crate::files::decode(bytes, true).map_err(|e| LoadError(e.to_string()))?;
    Ok(DecodedAnswer {
        note: decoded.note(),
        text: decoded.text,
    })
}

/// The entries of an exercise folder that are answers: every file and
/// folder except hidden ones (`.x`, `_x`, `x~`), `exercise.toml`, the
/// files in `skip` (the statement, the output folder).
pub fn discover(dir: &Path, skip: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = file_name(&path);
        if is_hidden(&name) || name == EXERCISE_FILE {
            continue;
        }
        if let Ok(c) = path.canonicalize() {
            if skip.contains(&c) {
                continue;
            }
        }
        // An earlier report folder (`--out` inside the exercise folder).
        if path.is_dir() && path.join("grades.json").is_file() && path.join("report.html").is_file()
        {
            continue;
        }
        out.push(path);
    }
    out.sort();
    Ok(out)
}

fn is_hidden(name: &str) -> bool {
    crate::files::is_hidden(name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_are_answers_with_roles() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts");
        for f in [
            "sav-good-colis-retard.txt",
            "sav-good-colis-retard.crisp.json",
            "sav-good-colis-retard.csv",
        ] {
            let a = load_answer(&fixtures.join(f)).unwrap();
            assert!(a.turns.iter().any(|t| t.role == Role::Customer), "{f}");
            let advisor: Vec<&str> = a.advisor_turns().map(|t| t.span.slice(&a.text)).collect();
            assert!(advisor.len() >= 2, "{f}");
            assert!(
                advisor.iter().all(|t| !t.starts_with("Conseiller :")),
                "{f}"
            );
        }
        // A plain reply stays one advisor turn.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        std::fs::write(&p, "Bonjour Madame.\n\nJe vérifie votre commande.\n").unwrap();
        let a = load_answer(&p).unwrap();
        assert_eq!(a.turns.len(), 1);
    }

    #[test]
    fn folders_are_read_in_order_as_one_answer() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("alice");
        std::fs::create_dir(&t).unwrap();
        std::fs::write(t.join("2.txt"), "Belle journée !\n\n").unwrap();
        std::fs::write(t.join("1.txt"), "\u{FEFF}Bonjour Madame.").unwrap();
        std::fs::write(t.join(".DS_Store"), [0u8, 1, 2]).unwrap();
        let a = load_answer(&t).unwrap();
        assert_eq!(a.name, "alice");
        assert_eq!(a.text, "Bonjour Madame.\n\nBelle journée !");
        assert_eq!(a.files, ["1.txt", "2.txt"]);
        assert_eq!(a.turns[1].span.slice(&a.text), "Belle journée !");
    }

    #[test]
    fn unreadable_files_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(p.join("bin.txt"), [b'a', 0, b'b']).unwrap();
        std::fs::write(p.join("copie.docx"), "x").unwrap();
        std::fs::create_dir(p.join("vide")).unwrap();
        for (f, why) in [
            ("bin.txt", "binaire"),
            ("copie.docx", ".docx"),
            ("absent.txt", "introuvable"),
            ("vide", "vide"),
        ] {
            let e = load_answer(&p.join(f)).unwrap_err();
            assert!(e.0.contains(why), "{f}: {e}");
        }
    }

    /// Windows editors save in Windows-1252 (« ANSI ») or UTF-16
    /// (« Unicode »): the answer is read, with a note for the trainer.
    #[test]
    fn answers_in_windows_encodings_are_read_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(p.join("latin1.txt"), b"Bonjour, je v\xE9rifie \x96 merci.").unwrap();
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Bonjour, je vérifie."
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        std::fs::write(p.join("utf16.txt"), utf16).unwrap();
        let a = load_answer(&p.join("latin1.txt")).unwrap();
        assert_eq!(a.text, "Bonjour, je vérifie – merci.");
        assert!(a.notes[0].contains("Windows-1252"), "{:?}", a.notes);
        let a = load_answer(&p.join("utf16.txt")).unwrap();
        assert_eq!(a.text, "Bonjour, je vérifie.");
        assert!(a.notes[0].contains("UTF-16"), "{:?}", a.notes);
    }

    /// A named pipe among the answers is refused without being opened.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_not_an_answer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("tube.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let e = load_answer(&fifo).unwrap_err();
        assert!(e.0.contains("fichier ordinaire"), "{e}");
    }

    #[test]
    fn discovery_skips_hidden_and_exercise_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for f in [
            "b.txt",
            "a.txt",
            ".x",
            "_notes.txt",
            "exercise.toml",
            "enonce.md",
        ] {
            std::fs::write(p.join(f), "x").unwrap();
        }
        let found = discover(p, &[p.join("enonce.md")]).unwrap();
        let names: Vec<String> = found.iter().map(|p| file_name(p)).collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
    }
}
