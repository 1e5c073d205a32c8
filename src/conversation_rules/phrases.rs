//! The phrase library (`lexicon/phrases.toml`): approved sentences for each
//! step of a chat, and the markers that recognise a step in a turn.

use crate::diagnostic::Span;
use crate::lexicon::{Entry, PhraseMatcher};
use crate::settings::ConfigError;
use crate::text::Document;
use serde::Deserialize;

/// The embedded library.
pub const DEFAULT_PHRASES_TOML: &str = include_str!("../../lexicon/phrases.toml");

/// A step of a chat, in the order a good chat goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    Greeting,
    Opening,
    Question,
    Solution,
    Validation,
    Upsell,
    Offer,
    Closing,
    Waiting,
    Transfer,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Greeting,
        Step::Opening,
        Step::Question,
        Step::Solution,
        Step::Validation,
        Step::Upsell,
        Step::Offer,
        Step::Closing,
        Step::Waiting,
        Step::Transfer,
    ];

    /// The id used in `phrases.toml`, `tchatlint phrases STEP` and output.
    pub fn id(self) -> &'static str {
        match self {
            Step::Greeting => "greeting",
            Step::Opening => "opening",
            Step::Question => "question",
            Step::Solution => "solution",
            Step::Validation => "validation",
            Step::Upsell => "upsell",
            Step::Offer => "offer",
            Step::Closing => "closing",
            Step::Waiting => "waiting",
            Step::Transfer => "transfer",
        }
    }

    /// Short French name, for summaries.
    pub fn name_fr(self) -> &'static str {
        match self {
            Step::Greeting => "accueil",
            Step::Opening => "accroche proactive",
            Step::Question => "questions de découverte",
            Step::Solution => "solution",
            Step::Validation => "validation",
            Step::Upsell => "vente complémentaire",
            Step::Offer => "offre d'aide supplémentaire",
            Step::Closing => "prise de congé",
            Step::Waiting => "mise en attente",
            Step::Transfer => "transfert",
        }
    }

    pub fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StepSet(u16);

impl StepSet {
    pub fn insert(&mut self, s: Step) {
        self.0 |= s.bit();
    }
    pub fn contains(&self, s: Step) -> bool {
        self.0 & s.bit() != 0
    }
    pub fn union(self, o: StepSet) -> StepSet {
        StepSet(self.0 | o.0)
    }
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Step> {
        Step::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

/// One step of the library.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StepPhrases {
    #[serde(default)]
    pub title: String,
    /// Approved sentences (`{…}` are placeholders).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Formulas that recognise the step.
    #[serde(default)]
    pub markers: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LibraryFile {
    #[serde(default)]
    greeting: Option<StepPhrases>,
    #[serde(default)]
    opening: Option<StepPhrases>,
    #[serde(default)]
    question: Option<StepPhrases>,
    #[serde(default)]
    solution: Option<StepPhrases>,
    #[serde(default)]
    validation: Option<StepPhrases>,
    #[serde(default)]
    upsell: Option<StepPhrases>,
    #[serde(default)]
    offer: Option<StepPhrases>,
    #[serde(default)]
    closing: Option<StepPhrases>,
    #[serde(default)]
    waiting: Option<StepPhrases>,
    #[serde(default)]
    transfer: Option<StepPhrases>,
}

impl LibraryFile {
    fn into_steps(self) -> [Option<StepPhrases>; 10] {
        [
            self.greeting,
            self.opening,
            self.question,
            self.solution,
            self.validation,
            self.upsell,
            self.offer,
            self.closing,
            self.waiting,
            self.transfer,
        ]
    }
}

/// How a house-style library file combines with the embedded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LibraryMode {
    /// Phrases and markers of the file are added to each step.
    #[default]
    Extend,
    /// The file replaces the embedded library (absent steps are empty).
    Replace,
}

impl crate::settings::Patchable for LibraryMode {
    type Patch = LibraryMode;
    fn apply(&mut self, patch: LibraryMode) {
        *self = patch;
    }
}

crate::options! {
    /// `[phrases]`: where the phrase library comes from.
    pub struct Options / Patch {
        /// A phrase library file (the format of `lexicon/phrases.toml`);
        /// empty: the embedded library only. Relative to the current
        /// directory.
        pub file: String,
        /// `extend` or `replace`.
        pub mode: LibraryMode,
    }
}

/// The phrase library: one [`StepPhrases`] per [`Step`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseLibrary {
    steps: [StepPhrases; 10],
}

fn parse_file(origin: &str, src: &str) -> Result<LibraryFile, ConfigError> {
    toml::from_str(src).map_err(|e| ConfigError::Invalid {
        path: origin.to_string(),
        message: e.to_string().trim_end().to_string(),
    })
}

impl PhraseLibrary {
    /// The embedded library.
    pub fn embedded() -> PhraseLibrary {
        Self::parse("lexicon/phrases.toml", DEFAULT_PHRASES_TOML)
            .expect("the embedded phrase library is valid")
    }

    /// A library from TOML text (`origin` names it in errors).
    pub fn parse(origin: &str, src: &str) -> Result<PhraseLibrary, ConfigError> {
        let file = parse_file(origin, src)?;
        Ok(PhraseLibrary {
            steps: file.into_steps().map(Option::unwrap_or_default),
        })
    }

    /// The library the house style asks for.
    pub fn from_options(o: &Options) -> Result<PhraseLibrary, ConfigError> {
        let mut lib = Self::embedded();
        if o.file.trim().is_empty() {
            return Ok(lib);
        }
        let path = std::path::Path::new(&o.file);
        let src = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file = parse_file(&o.file, &src)?;
        for (slot, new) in lib.steps.iter_mut().zip(file.into_steps()) {
            match (o.mode, new) {
                (LibraryMode::Replace, new) => *slot = new.unwrap_or_default(),
                (LibraryMode::Extend, Some(new)) => {
                    if !new.title.is_empty() {
                        slot.title = new.title;
                    }
                    slot.phrases.extend(new.phrases);
                    slot.markers.extend(new.markers);
                }
                (LibraryMode::Extend, None) => {}
            }
        }
        Ok(lib)
    }

    pub fn step(&self, s: Step) -> &StepPhrases {
        &self.steps[s as usize]
    }

    /// The approved phrases of a step with no placeholder left, for
    /// suggestions.
    pub fn ready_phrases(&self, s: Step) -> impl Iterator<Item = &str> {
        self.step(s)
            .phrases
            .iter()
            .map(String::as_str)
            .filter(|p| !p.contains('{'))
    }

    /// The first phrases of a step, for a help line.
    pub fn examples(&self, s: Step, n: usize) -> Vec<String> {
        self.step(s).phrases.iter().take(n).cloned().collect()
    }
}

/// Recognises the steps of the library in a turn.
#[derive(Debug)]
pub struct StepRecognizer {
    matcher: PhraseMatcher,
    /// Generic openers that are not questions about the need
    /// (`comment puis-je vous aider`).
    not_questions: PhraseMatcher,
}

impl StepRecognizer {
    pub fn new(lib: &PhraseLibrary, not_questions: &[String]) -> StepRecognizer {
        let mut entries = Vec::new();
        for s in Step::ALL {
            let st = lib.step(s);
            let phrases =
                st.phrases.iter().filter(|p| !p.contains('{')).map(|p| {
                    p.trim_end_matches(|c: char| c.is_whitespace() || ".?!:;…".contains(c))
                });
            for m in st.markers.iter().map(String::as_str).chain(phrases) {
                if m.trim().is_empty() {
                    continue;
                }
                entries.push(Entry {
                    pattern: m.trim().to_string(),
                    suggestions: Vec::new(),
                    hints: vec![s.id().to_string()],
                });
            }
        }
        let not_questions = not_questions
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| Entry {
                pattern: p.trim().to_string(),
                suggestions: Vec::new(),
                hints: Vec::new(),
            })
            .collect();
        StepRecognizer {
            matcher: PhraseMatcher::new(entries),
            not_questions: PhraseMatcher::new(not_questions),
        }
    }

    /// The steps found in `doc`, with the first span of each. A question
    /// marker counts only in a sentence with a question mark (or an
    /// imperative `-moi` form) that is not a generic opener.
    pub fn recognize(&self, doc: &Document<'_>) -> Recognized {
        let mut r = Recognized::default();
        let mut generic: Vec<Span> = Vec::new();
        if !self.not_questions.is_empty() {
            generic = self
                .not_questions
                .find_iter(doc)
                .into_iter()
                .map(|m| m.span)
                .collect();
        }
        // « Que vous indique le suivi ? », « Qu'avez-vous constaté ? »: a
        // question that starts with que / qu' is open (not « Qu'en
        // pensez-vous », a validation marker found by the matcher).
        for s in &doc.sentences {
            let text = s.span.slice(doc.text);
            let lower = crate::lexicon::normalize(text);
            let opens = lower.starts_with("que ") || lower.starts_with("qu'");
            if opens
                && text.contains('?')
                && !lower.starts_with("qu'en ")
                && !r.steps.contains(Step::Question)
            {
                let generic_here = generic.iter().any(|g| g.overlaps(s.span));
                if !generic_here {
                    r.steps.insert(Step::Question);
                    r.spans[Step::Question as usize] = Some(s.span);
                }
            }
        }
        for m in self.matcher.find_iter(doc) {
            let Some(step) = m.entry.hints.first().and_then(|h| Step::from_id(h)) else {
                continue;
            };
            if step == Step::Question {
                let sentence = doc
                    .sentence_of(m.span.start)
                    .map(|s| s.span)
                    .unwrap_or(m.span);
                let asks =
                    sentence.slice(doc.text).contains('?') || m.entry.pattern.ends_with("-moi");
                let in_generic = generic.iter().any(|g| g.overlaps(m.span));
                if !asks || in_generic {
                    continue;
                }
            }
            if !r.steps.contains(step) {
                r.steps.insert(step);
                r.spans[step as usize] = Some(m.span);
            }
        }
        r
    }
}

/// What [`StepRecognizer::recognize`] found in one turn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recognized {
    pub steps: StepSet,
    /// First span (in the turn's text) of each step found.
    pub spans: [Option<Span>; 10],
}

impl Recognized {
    pub fn has(&self, s: Step) -> bool {
        self.steps.contains(s)
    }
    pub fn span(&self, s: Step) -> Option<Span> {
        self.spans[s as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        crate::lexicon::normalize(s)
            .chars()
            .map(|c| match c {
                'à' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' => 'i',
                'ô' | 'ö' => 'o',
                'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                c => c,
            })
            .collect()
    }

    #[test]
    fn embedded_library_is_complete_sorted_and_duplicate_free() {
        let lib = PhraseLibrary::embedded();
        let mut seen = std::collections::HashSet::new();
        for s in Step::ALL {
            let st = lib.step(s);
            assert!(!st.title.is_empty(), "{}: no title", s.id());
            assert!(st.phrases.len() >= 2, "{}: too few phrases", s.id());
            assert!(!st.markers.is_empty(), "{}: no markers", s.id());
            let keys: Vec<String> = st.markers.iter().map(|m| fold(m)).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "{}: markers not sorted", s.id());
            for m in &st.markers {
                assert!(
                    seen.insert(crate::lexicon::normalize(m)),
                    "marker « {m} » appears twice"
                );
            }
        }
    }

    #[test]
    fn a_house_library_extends_or_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("maison.toml");
        std::fs::write(&file, "[validation]\nphrases = [\"Ça vous irait ?\"]\n").unwrap();
        let mut o = Options {
            file: file.display().to_string(),
            mode: LibraryMode::Extend,
        };
        let lib = PhraseLibrary::from_options(&o).unwrap();
        assert!(lib.step(Step::Validation).phrases.len() > 1);
        assert!(lib
            .step(Step::Validation)
            .phrases
            .contains(&"Ça vous irait ?".to_string()));
        o.mode = LibraryMode::Replace;
        let lib = PhraseLibrary::from_options(&o).unwrap();
        assert_eq!(lib.step(Step::Validation).phrases, ["Ça vous irait ?"]);
        assert!(lib.step(Step::Greeting).phrases.is_empty());
        std::fs::write(&file, "[validaton]\n").unwrap();
        let err = PhraseLibrary::from_options(&o).unwrap_err().to_string();
        assert!(err.contains("validaton"), "{err}");
    }

    #[test]
    fn recognises_steps() {
        let lib = PhraseLibrary::embedded();
        let r = StepRecognizer::new(&lib, &["comment puis-je vous aider".into()]);
        let doc = Document::parse("Bonjour, je suis Marie. Comment puis-je vous aider ?");
        let got = r.recognize(&doc);
        assert!(got.has(Step::Greeting));
        assert!(!got.has(Step::Question));
        let doc = Document::parse("Pour quel usage souhaitez-vous ce téléphone ?");
        assert!(r.recognize(&doc).has(Step::Question));
        let doc = Document::parse("Que vous indique le suivi du colis ?");
        assert!(r.recognize(&doc).has(Step::Question));
        let doc = Document::parse("Qu'en pensez-vous ?");
        assert!(!r.recognize(&doc).has(Step::Question));
        let doc = Document::parse("Je vous rappelle quand le colis arrive.");
        assert!(!r.recognize(&doc).has(Step::Question));
        let doc = Document::parse("Je vous propose le forfait 100 Go. Qu’en pensez-vous ?");
        let got = r.recognize(&doc);
        assert!(got.has(Step::Solution) && got.has(Step::Validation));
        let doc = Document::parse("Puis-je vous aider pour autre chose ? Bonne journée !");
        let got = r.recognize(&doc);
        assert!(got.has(Step::Offer) && got.has(Step::Closing));
    }
}
