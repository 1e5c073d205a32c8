use super::view::{ConvFinding, ConversationRule, ConversationView, RuleState, TurnRef, TurnView};
use crate::settings::{ConfigError, Level};
use crate::conversation::Role;
use crate::diagnostic::Finding;
use crate::lexicon::normalize;
use regex::Regex;
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Names that are not names (default labels of anonymous visitors).
        pub not_names: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Quand le nom du client apparaît dans la conversation (donné par
    /// l'export, par l'étiquette de ses messages, ou par le client :
    /// « je m'appelle Julie Martin », « je suis Mme Martin »), le conseiller
    /// le reprend au moins une fois (prénom ou nom). C'est une information,
    /// pas une faute. Les étiquettes de visiteurs anonymes (« Visiteur
    /// 1234 », « Guest ») ne sont pas des noms : `not_names` dans
    /// `[personalization]`.
    ///
    /// ## Pourquoi
    ///
    /// Appeler le client par son nom personnalise l'échange et montre
    /// qu'une personne, pas un script, lui répond.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : bonjour, je suis Mme Martin, ma commande n'est pas arrivée
    /// [10:00:20] Conseiller : Bonjour, je regarde votre commande.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : bonjour, je suis Mme Martin, ma commande n'est pas arrivée
    /// [10:00:20] Conseiller : Bonjour Madame Martin, je regarde votre commande.
    /// ```
    "personalization",
    "Le nom du client est repris par le conseiller"
}

static INTRO: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(
        r"(?i:je m['’]appelle|mon nom est|je suis (?:m\.|mme|mlle|madame|monsieur|mademoiselle)|c['’]est (?:m\.|mme|madame|monsieur))\s+(\p{Lu}[\p{L}'’-]+(?:[ \u{a0}]\p{Lu}[\p{L}'’-]+)?)",
    )
    .expect("valid regex")
});

pub fn build(
    o: &Options,
    _lib: &Arc<super::phrases::PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    LazyLock::force(&INTRO);
    Ok(Box::new(Personalization {
        not_names: o.not_names.iter().map(|n| normalize(n)).collect(),
    }))
}

use std::sync::LazyLock;

struct Personalization {
    not_names: Vec<String>,
}

const MAX_NAMES: usize = 8;
const CIVILITIES: &[&str] = &["m.", "m", "mme", "mlle", "madame", "monsieur", "mademoiselle", "mr", "mrs"];

impl Personalization {
    /// The parts of a name worth looking for (`Julie Martin` → julie, martin).
    fn parts(&self, name: &str) -> Vec<String> {
        let n = normalize(name);
        if n.is_empty()
            || n.len() > 60
            || n.contains('@')
            || n.chars().any(|c| c.is_ascii_digit())
            || self.not_names.iter().any(|x| *x == n || n.starts_with(&format!("{x} ")))
        {
            return Vec::new();
        }
        n.split(|c: char| c.is_whitespace())
            .filter(|w| w.chars().count() >= 2 && !CIVILITIES.contains(w))
            .map(str::to_string)
            .collect()
    }
}

struct State<'r> {
    rule: &'r Personalization,
    names: Vec<String>,
    shown: Option<String>,
    expected: Option<TurnRef>,
    used: bool,
    /// Words written after a civility by the advisor before the name was
    /// known (`Madame Martin` from the customer file).
    said: Vec<String>,
}

impl ConversationRule for Personalization {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            names: Vec::new(),
            shown: None,
            expected: None,
            used: false,
            said: Vec::new(),
        })
    }
}

impl State<'_> {
    fn learn(&mut self, name: &str) {
        let parts = self.rule.parts(name);
        if parts.is_empty() {
            return;
        }
        if self.shown.is_none() {
            self.shown = Some(name.trim().to_string());
        }
        for p in parts {
            if self.names.len() < MAX_NAMES && !self.names.contains(&p) {
                if self.said.contains(&p) {
                    self.used = true;
                }
                self.names.push(p);
            }
        }
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        if let Some(n) = &v.meta.customer_name {
            if self.shown.is_none() {
                self.learn(n);
            }
        }
        match v.turn.role {
            Role::Customer => {
                if let Some(n) = &v.turn.name {
                    self.learn(n);
                }
                if let Some(c) = INTRO.captures(&v.turn.text) {
                    if let Some(m) = c.get(1) {
                        self.learn(m.as_str());
                    }
                }
            }
            Role::Advisor => {
                let text = &v.doc.normalized().text;
                let words: Vec<&str> = text
                    .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
                    .filter(|w| !w.is_empty())
                    .collect();
                if self.names.iter().any(|n| words.iter().any(|w| w.trim_end_matches('.') == n)) {
                    self.used = true;
                }
                for pair in words.windows(2) {
                    if CIVILITIES.contains(&pair[0]) && self.said.len() < 16 {
                        self.said.push(pair[1].trim_end_matches('.').to_string());
                    }
                }
                if !self.names.is_empty() && self.expected.is_none() {
                    self.expected = Some(v.at());
                }
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>, _conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        if self.used {
            return;
        }
        let (Some(at), Some(name)) = (self.expected, self.shown) else {
            return;
        };
        out.push(ConvFinding {
            finding: Finding::new(
                at.head,
                "personnalisation absente : le nom du client n'est jamais repris par le conseiller",
            )
            .help(format!("appelez le client par son nom au moins une fois (« {name} »), à l'accueil ou en prenant congé")),
            turn: at,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn customer_name_reused() {
        let c = conversation(&[
            ("C", "", "Bonjour, je m'appelle Julie Martin"),
            ("A", "", "Bonjour, je regarde."),
        ]);
        assert_eq!(fired("personalization", &c).len(), 1);
        let c = conversation(&[
            ("C", "", "Bonjour, je m'appelle Julie Martin"),
            ("A", "", "Bonjour Julie, je regarde."),
        ]);
        assert!(fired("personalization", &c).is_empty());
        // No name, no remark.
        let c = conversation(&[("C", "", "bonjour"), ("A", "", "Bonjour.")]);
        assert!(fired("personalization", &c).is_empty());
    }

    #[test]
    fn labels_and_metadata() {
        let mut c = conversation(&[("C", "", "bonjour"), ("A", "", "Bonjour.")]);
        c.turns[0].name = Some("Visiteur 48213".into());
        assert!(fired("personalization", &c).is_empty());
        c.turns[0].name = Some("Thomas Anderson".into());
        assert_eq!(fired("personalization", &c).len(), 1);
        c.turns[0].name = None;
        c.meta.customer_name = Some("Thomas Anderson".into());
        assert_eq!(fired("personalization", &c).len(), 1);
        c.turns[1].text = "Bonjour Monsieur Anderson.".into();
        assert!(fired("personalization", &c).is_empty());
    }
}
