use super::phrases::{PhraseLibrary, Step};
use super::view::{
    missing_step, ConvFinding, ConversationRule, ConversationView, RuleState, TurnRef, TurnView,
};
use crate::settings::{ConfigError, Level};
use crate::conversation::Role;
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Après avoir proposé une solution (« je vous propose », « je vous
    /// rembourse », « je vous conseille »…), le conseiller demande l'avis
    /// du client dans le même message ou un suivant : « Qu'en
    /// pensez-vous ? », « Cela vous convient-il ? », « Cette solution vous
    /// convient-elle ? ». Solutions et validations sont reconnues avec les
    /// étapes `solution` et `validation` de la bibliothèque de phrases.
    ///
    /// ## Pourquoi
    ///
    /// Sans validation, le conseiller ne sait pas si la réponse convient :
    /// le client revient plus tard, ou part insatisfait sans le dire.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : mon colis est arrivé abîmé
    /// [10:00:30] Conseiller : Bonjour, je suis Marie. Que constatez-vous exactement ?
    /// [10:01:00] Client : le carton est écrasé et le vase cassé
    /// [10:01:30] Conseiller : Je vous renvoie un vase aujourd'hui.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : mon colis est arrivé abîmé
    /// [10:00:30] Conseiller : Bonjour, je suis Marie. Que constatez-vous exactement ?
    /// [10:01:00] Client : le carton est écrasé et le vase cassé
    /// [10:01:30] Conseiller : Je vous renvoie un vase aujourd'hui. Cette solution vous convient-elle ?
    /// ```
    "validation",
    "La solution proposée est validée avec le client"
}

pub fn build(
    _o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    Ok(Box::new(Validation { lib: lib.clone() }))
}

struct Validation {
    lib: Arc<PhraseLibrary>,
}

struct State<'r> {
    rule: &'r Validation,
    solution: Option<TurnRef>,
    validated: bool,
}

impl ConversationRule for Validation {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            solution: None,
            validated: false,
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        if v.turn.role != Role::Advisor {
            return;
        }
        if self.solution.is_none() && v.steps.has(Step::Solution) {
            self.solution = Some(v.at());
        }
        if self.solution.is_some() && v.steps.has(Step::Validation) {
            self.validated = true;
        }
    }

    fn finish(self: Box<Self>, _conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        let (Some(at), false) = (&self.solution, self.validated) else {
            return;
        };
        let example = self
            .rule
            .lib
            .ready_phrases(Step::Validation)
            .next()
            .unwrap_or("Cette solution vous convient-elle ?")
            .to_string();
        let mut f = missing_step(
            at,
            "étape de validation manquante : l'avis du client sur la solution n'est pas demandé"
                .into(),
        );
        f.finding = f
            .finding
            .help(format!("demandez au client si la solution lui convient, par exemple « {example} »"));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn solution_needs_validation() {
        let c = conversation(&[("A", "", "Je vous rembourse aujourd'hui.")]);
        assert_eq!(fired("validation", &c).len(), 1);
        let c = conversation(&[
            ("A", "", "Je vous rembourse aujourd'hui."),
            ("A", "", "Cela vous convient-il ?"),
        ]);
        assert!(fired("validation", &c).is_empty());
        // No solution: nothing to validate.
        let c = conversation(&[("A", "", "Bonjour.")]);
        assert!(fired("validation", &c).is_empty());
    }
}
