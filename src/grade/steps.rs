//! Chat steps (greeting, open question, validation, complementary sale,
//! closing): which ones an answer contains.
//!
//! Grading only needs the [`StepDetector`] trait. [`PatternSteps`] is a
//! small default for plain replies, built on fixed patterns (below); a
//! detector built on the conversation rules and their phrase library can
//! replace it with [`Grader::with_steps`](super::Grader::with_steps).

use super::answer::Answer;
use super::fold::{find_any, Folded, Phrase};
use crate::conversation_rules::phrases::{PhraseLibrary, Step, StepRecognizer};
use crate::diagnostic::Span;
use crate::text::Document;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A step of the chat that an exercise can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepInfo {
    /// Id used in `exercise.toml` and `[grade] steps`, and by the phrase
    /// library of the conversation rules.
    pub id: &'static str,
    /// Rule id of the finding when the step is missing (the conversation
    /// rule of the same step); the rubric maps it to a criterion.
    pub rule: &'static str,
    /// French name.
    pub label: &'static str,
    /// What the step looks like, for the finding's help (French).
    pub hint: &'static str,
    /// Other names accepted in `exercise.toml`.
    pub aliases: &'static [&'static str],
}

/// The steps an exercise may require.
pub const STEPS: &[StepInfo] = &[
    StepInfo {
        id: "greeting",
        rule: "greeting",
        label: "accueil",
        hint: "Commencez par saluer le client : « Bonjour Madame Martin, je suis Léa, conseillère… »",
        aliases: &["accueil", "salutation"],
    },
    StepInfo {
        id: "question",
        rule: "open-question",
        label: "question ouverte",
        hint: "Posez une question ouverte pour cerner le besoin : « Quel usage faites-vous de votre téléphone ? »",
        aliases: &["open-question", "question-ouverte", "decouverte", "découverte"],
    },
    StepInfo {
        id: "validation",
        rule: "validation",
        label: "validation de la solution",
        hint: "Vérifiez que la solution convient : « Cette solution vous convient-elle ? »",
        aliases: &["valider"],
    },
    StepInfo {
        id: "upsell",
        rule: "upsell",
        label: "vente complémentaire",
        hint: "Proposez un produit ou un service complémentaire : « Je vous propose également… »",
        aliases: &[
            "vente-complementaire",
            "vente-complémentaire",
            "vente-additionnelle",
            "rebond",
        ],
    },
    StepInfo {
        id: "closing",
        rule: "closing",
        label: "prise de congé",
        hint: "Terminez en proposant votre aide et en saluant : « Je reste à votre disposition. Belle journée ! »",
        aliases: &["prise-de-conge", "prise-de-congé", "conclusion", "cloture", "clôture"],
    },
];

/// The step named `name` (id or alias, case-insensitive).
pub fn step(name: &str) -> Option<&'static StepInfo> {
    let n = name.trim().to_lowercase().replace([' ', '_'], "-");
    STEPS
        .iter()
        .find(|s| s.id == n || s.aliases.iter().any(|a| *a == n))
}

/// Finds the chat steps present in an answer.
pub trait StepDetector: Send + Sync {
    /// Each step found in `answer`, by [`StepInfo::id`], with the span (in
    /// [`Answer::text`]) of the words that show it. Steps absent from the
    /// map are missing. Only the advisor's turns count.
    fn detect(&self, answer: &Answer) -> BTreeMap<&'static str, Span>;
}

/// The default detector for plain replies: fixed phrases searched in the
/// advisor's text, case-, accent- and apostrophe-insensitive, whole words.
///
/// - greeting: in the first sentence of the answer, a greeting the
///   conversation rules recognise (the `greeting` step of the embedded
///   phrase library: `bonjour`, `bonsoir`, `bienvenue`, with the same
///   recogniser as the `greeting` rule; « salut », « coucou » or « hello »
///   are not a greeting in the house style);
/// - question: a sentence that ends with `?` and opens with an
///   interrogative word (`quel`, `quelle(s)`, `comment`, `pourquoi`,
///   `que`/`qu'`, `quand`, `où`, `combien`, `lequel`…, possibly after
///   `pour`, `à`, `de`, `dans`, `depuis`, `et`, `mais`), or that asks
///   `pouvez-vous me dire/préciser/décrire…`; generic offers of help
///   (`comment puis-je vous aider ?`) and validation questions do not count;
/// - validation: `cela vous convient`, `qu'en pensez-vous`, `vous
///   convient-il/elle`, `cela vous va`, `êtes-vous d'accord`, `cela
///   répond-il à votre…`;
/// - upsell: `je vous propose aussi/également`, `je peux aussi/également
///   vous proposer`, `en complément`, `saviez-vous que`, `pourrait vous
///   intéresser`…;
/// - closing, in the last three sentences: `bonne journée/soirée`,
///   `excellente/belle journée`, `je reste à votre disposition`, `au
///   revoir`, `à bientôt`, `autre chose pour vous`…
#[derive(Debug, Clone, Default)]
pub struct PatternSteps;

/// The conversation rules' step recogniser over the embedded phrase
/// library: grading finds the greeting as the `greeting` rule does.
static RECOGNIZER: LazyLock<StepRecognizer> =
    LazyLock::new(|| StepRecognizer::new(&PhraseLibrary::embedded(), &[]));

const INTERROGATIVES: &[&str] = &[
    "quel",
    "quelle",
    "quels",
    "quelles",
    "comment",
    "pourquoi",
    "que",
    "qu",
    "quoi",
    "quand",
    "ou",
    "combien",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
];

/// Words that may precede the interrogative (`pour quel usage`, `depuis
/// quand`, `et comment`).
const LEADS: &[&str] = &[
    "pour", "a", "au", "de", "du", "dans", "depuis", "et", "mais", "alors", "sur", "avec", "par",
    "en",
];

/// Questions that ask for a description: open in effect.
const OPEN_ASKS: &[&str] = &[
    "pouvez vous me dire",
    "pouvez vous me preciser",
    "pouvez vous me decrire",
    "pouvez vous m expliquer",
    "pourriez vous me dire",
    "pourriez vous me preciser",
    "pourriez vous me decrire",
    "pourriez vous m expliquer",
    "dites moi",
];

/// Offers of help that do not identify a need.
const GENERIC_OFFERS: &[&str] = &[
    "comment puis je vous aider",
    "que puis je faire pour vous",
    "comment puis je vous etre utile",
    "en quoi puis je vous aider",
    "que puis je pour vous",
];

const VALIDATION: &[&str] = &[
    "vous convient",
    "vous conviendrait",
    "vous conviennent",
    "qu en pensez vous",
    "qu en dites vous",
    "cela vous va",
    "ca vous va",
    "vous va t il",
    "vous va t elle",
    "etes vous d accord",
    "repond il a votre",
    "repond elle a votre",
    "repond t il a votre",
    "vous semble t il",
    "vous semble t elle",
    "vous semble convenir",
    "ai je bien repondu",
    "cela vous aide t il",
];

const UPSELL: &[&str] = &[
    "je vous propose aussi",
    "je vous propose egalement",
    "je vous propose en plus",
    "je peux aussi vous proposer",
    "je peux egalement vous proposer",
    "puis je vous proposer",
    "je vous recommande aussi",
    "je vous recommande egalement",
    "je vous conseille aussi",
    "je vous conseille egalement",
    "je me permets de vous proposer",
    "en complement",
    "pour completer",
    "saviez vous que",
    "avez vous pense a",
    "pourrait vous interesser",
    "pourraient vous interesser",
    "pourrait aussi vous interesser",
    "pourrait egalement vous interesser",
];

const CLOSING: &[&str] = &[
    "bonne journee",
    "bonne soiree",
    "bonne fin de journee",
    "bonne fin de semaine",
    "bon week end",
    "bon apres midi",
    "excellente journee",
    "excellente soiree",
    "belle journee",
    "belle soiree",
    "je reste a votre disposition",
    "je reste a votre ecoute",
    "je reste disponible",
    "nous restons a votre disposition",
    "restant a votre disposition",
    "au revoir",
    "a bientot",
    "autre chose pour vous",
    "vous aider pour autre chose",
    "d autres questions",
];

/// The phrase lists, cut into words once.
struct Compiled {
    open_asks: Vec<Phrase>,
    generic_offers: Vec<Phrase>,
    validation: Vec<Phrase>,
    upsell: Vec<Phrase>,
    closing: Vec<Phrase>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let c = |l: &[&str]| l.iter().map(|p| Phrase::new(p)).collect();
    Compiled {
        open_asks: c(OPEN_ASKS),
        generic_offers: c(GENERIC_OFFERS),
        validation: c(VALIDATION),
        upsell: c(UPSELL),
        closing: c(CLOSING),
    }
});

impl StepDetector for PatternSteps {
    fn detect(&self, answer: &Answer) -> BTreeMap<&'static str, Span> {
        let mut found = BTreeMap::new();
        // Sentences of every advisor turn, in order, as folded words.
        let mut sentences: Vec<Folded> = Vec::new();
        for turn in answer.advisor_turns() {
            let text = turn.span.slice(&answer.text);
            let doc = Document::parse(text);
            for s in &doc.sentences {
                let f = Folded::new(s.span.slice(text), turn.span.start + s.span.start);
                if !f.words.is_empty() {
                    sentences.push(f);
                }
            }
        }
        let c = &*COMPILED;
        if let Some(first) = sentences.first() {
            let offset = first.words.first().map_or(0, |w| w.span.start)
                - first
                    .source
                    .find(|c: char| c.is_alphanumeric())
                    .unwrap_or(0);
            let doc = Document::parse(first.source);
            if let Some(span) = RECOGNIZER.recognize(&doc).span(Step::Greeting) {
                found.insert("greeting", span.shifted(offset));
            }
        }
        for s in &sentences {
            let validation = find_any(s, &c.validation);
            if let Some(span) = validation {
                found.entry("validation").or_insert(span);
            } else if let Some(span) = open_question(s) {
                found.entry("question").or_insert(span);
            }
            if let Some(span) = find_any(s, &c.upsell) {
                found.entry("upsell").or_insert(span);
            }
        }
        let tail = sentences.len().saturating_sub(3);
        for s in &sentences[tail..] {
            if let Some(span) = find_any(s, &c.closing) {
                found.entry("closing").or_insert(span);
                break;
            }
        }
        found
    }
}

/// The span of an open question, if `s` is one.
fn open_question(s: &Folded) -> Option<Span> {
    if !s.source.trim_end().ends_with('?') {
        return None;
    }
    let c = &*COMPILED;
    if find_any(s, &c.generic_offers).is_some() {
        return None;
    }
    if let Some(span) = find_any(s, &c.open_asks) {
        return Some(span);
    }
    let lead = s
        .words
        .iter()
        .take(3)
        .take_while(|w| LEADS.contains(&w.text.as_str()))
        .count();
    let w = s.words.get(lead)?;
    INTERROGATIVES
        .contains(&w.text.as_str())
        .then(|| s.span_of(0, s.words.len() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(text: &str) -> Vec<&'static str> {
        PatternSteps
            .detect(&Answer::reply("t", text))
            .into_keys()
            .collect()
    }

    #[test]
    fn finds_every_step_of_a_good_reply() {
        let text = "Bonjour Madame Martin, je suis Léa.\n\nQuel usage faites-vous de votre téléphone ? \
                    Je vous propose le modèle A. Cela vous convient-il ? Je vous propose également une coque.\n\n\
                    Je reste à votre disposition. Belle journée !";
        assert_eq!(
            steps(text),
            ["closing", "greeting", "question", "upsell", "validation"]
        );
    }

    #[test]
    fn greets_as_the_conversation_rules_do() {
        for text in [
            "Salut, je regarde.",
            "Coucou Julie !",
            "Hello, je suis Léa.",
        ] {
            assert!(!steps(text).contains(&"greeting"), "{text}");
        }
        let answer = Answer::reply("t", "  Bonsoir Madame, je suis Léa.");
        let span = PatternSteps.detect(&answer)["greeting"];
        assert_eq!(span.slice(&answer.text), "Bonsoir");
    }

    #[test]
    fn misses_what_is_not_there() {
        assert!(steps("ok je regarde ça").is_empty());
        // A greeting late in the reply is not an opening greeting.
        assert!(!steps("Votre colis arrive. Bonjour chez vous.").contains(&"greeting"));
        // A closing formula at the start is not a closing.
        let s = steps(
            "Bonne journée ? Votre colis part demain. Il arrive jeudi. Le livreur appelle. Voilà.",
        );
        assert!(!s.contains(&"closing"), "{s:?}");
    }

    #[test]
    fn open_questions_are_told_from_closed_and_generic_ones() {
        assert!(steps("Pour quel usage ?").contains(&"question"));
        assert!(steps("Depuis quand le problème dure-t-il ?").contains(&"question"));
        assert!(steps("Qu’est-ce qui vous gêne ?").contains(&"question"));
        assert!(steps("Pouvez-vous me préciser le modèle ?").contains(&"question"));
        assert!(!steps("Avez-vous reçu le mail ?").contains(&"question"));
        assert!(!steps("Comment puis-je vous aider ?").contains(&"question"));
        // "Qu'en pensez-vous ?" is a validation, not a discovery question.
        let s = steps("Qu'en pensez-vous ?");
        assert_eq!(s, ["validation"]);
        // A statement that starts with "que" is no question.
        assert!(!steps("Quel plaisir de vous aider.").contains(&"question"));
    }

    #[test]
    fn step_names_and_aliases() {
        assert_eq!(step("accueil").map(|s| s.id), Some("greeting"));
        assert_eq!(step("Open-Question").map(|s| s.id), Some("question"));
        assert_eq!(step("vente complémentaire").map(|s| s.id), Some("upsell"));
        assert!(step("dance").is_none());
    }
}
