use super::phrases::{PhraseLibrary, Step};
use super::view::{
    missing_step, ConvFinding, ConversationRule, ConversationView, RuleState, TurnRef, TurnView,
};
use crate::settings::{ConfigError, Level};
use crate::lexicon::{Entry, PhraseMatcher};
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// The advisor must also introduce themselves or the brand.
        pub require_introduction: bool,
        /// Formulas that count as an introduction.
        pub introductions: Vec<String>,
        /// Brand names: naming the brand is an introduction.
        pub brands: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Le premier message du conseiller salue le client (« Bonjour »,
    /// « Bonsoir », « Bienvenue ») et présente le conseiller ou la marque
    /// (« je suis Marie », « conseillère Zoé Mobile », « bienvenue chez… »,
    /// ou le prénom du conseiller tel que l'export le donne). Les formules
    /// de présentation et les marques se règlent dans `[greeting]`.
    ///
    /// ## Pourquoi
    ///
    /// L'accueil donne le ton du tchat : un client salué par une personne
    /// identifiée sait à qui il parle et se confie plus facilement. C'est le
    /// premier critère des grilles qualité (« Accueil »).
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : bonjour, ma commande n'est pas arrivée
    /// [10:00:20] Conseiller : Quel est votre numéro de commande ?
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : bonjour, ma commande n'est pas arrivée
    /// [10:00:20] Conseiller : Bonjour, je suis Marie, conseillère Zoé Mobile. Quel est votre numéro de commande ?
    /// ```
    "greeting",
    "Le premier message du conseiller salue le client et se présente"
}

pub fn build(
    o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    let entries = o
        .introductions
        .iter()
        .chain(&o.brands)
        .filter(|s| !s.trim().is_empty())
        .map(|s| Entry {
            pattern: s.trim().to_string(),
            suggestions: Vec::new(),
            hints: Vec::new(),
        })
        .collect();
    Ok(Box::new(Greeting {
        require_introduction: o.require_introduction,
        intro: PhraseMatcher::new(entries),
        lib: lib.clone(),
    }))
}

struct Greeting {
    require_introduction: bool,
    intro: PhraseMatcher,
    lib: Arc<PhraseLibrary>,
}

struct State<'r> {
    rule: &'r Greeting,
    first: Option<(TurnRef, bool, bool)>,
}

impl ConversationRule for Greeting {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            first: None,
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        if v.advisor_ordinal != Some(0) {
            return;
        }
        let greets = v.steps.has(Step::Greeting);
        let own_name = v.turn.name.as_deref().is_some_and(|n| {
            let n = crate::lexicon::normalize(n);
            n.len() >= 2
                && v
                    .doc
                    .normalized()
                    .text
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|w| w == n)
        });
        let introduces = own_name || !self.rule.intro.find_iter(v.doc).is_empty();
        self.first = Some((v.at(), greets, introduces));
    }

    fn finish(self: Box<Self>, _conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        let Some((at, greets, introduces)) = self.first else {
            return;
        };
        let example = self
            .rule
            .lib
            .examples(Step::Greeting, 1)
            .pop()
            .unwrap_or_else(|| "Bonjour, je suis …".into());
        let message = match (greets, introduces || !self.rule.require_introduction) {
            (true, true) => return,
            (false, true) => "étape d'accueil manquante : le premier message du conseiller ne salue pas le client",
            (true, false) => "étape d'accueil incomplète : le conseiller ne se présente pas (ni prénom ni marque)",
            (false, false) => "étape d'accueil manquante : le premier message du conseiller ne salue pas le client et ne le présente pas",
        };
        let mut f = missing_step(&at, message.to_string());
        f.finding = f
            .finding
            .help(format!("saluez le client et présentez-vous, par exemple « {example} »"));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn greeting_and_introduction() {
        let c = conversation(&[("C", "", "bonjour"), ("A", "", "Je regarde votre commande.")]);
        assert_eq!(fired("greeting", &c).len(), 1);
        let c = conversation(&[("C", "", "bonjour"), ("A", "", "Bonjour, je regarde.")]);
        assert!(fired("greeting", &c)[0].contains("incomplète"));
        let c = conversation(&[
            ("C", "", "bonjour"),
            ("A", "", "Bonsoir, Julien à votre écoute. Que se passe-t-il ?"),
        ]);
        assert!(fired("greeting", &c).is_empty());
        // Only the first advisor turn counts.
        let c = conversation(&[
            ("A", "", "Je regarde."),
            ("A", "", "Bonjour, je suis Marie."),
        ]);
        assert_eq!(fired("greeting", &c).len(), 1);
        // No advisor turn: nothing to judge.
        assert!(fired("greeting", &conversation(&[("C", "", "allo ?")])).is_empty());
    }
}
