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
        /// Generic openers that are not questions about the need.
        pub ignore: Vec<String>,
        /// With no solution recognised, the rule needs this many advisor
        /// turns before it judges the conversation.
        pub min_advisor_turns: usize,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Avant de proposer une solution, le conseiller pose au moins une
    /// question ouverte pour comprendre le besoin : une question (avec
    /// « ? ») qui contient quel, quelle, comment, pourquoi, combien, où,
    /// quand, « pour quel usage », « depuis quand »… ou une demande comme
    /// « décrivez-moi ». Les formules d'ouverture comme « Comment puis-je
    /// vous aider ? » ne comptent pas. Sans solution reconnue, la règle
    /// demande une question ouverte dans une conversation d'au moins
    /// `min_advisor_turns` messages du conseiller (3). Les repères viennent
    /// de l'étape `question` de la bibliothèque de phrases.
    ///
    /// ## Pourquoi
    ///
    /// Une solution proposée sans découverte du besoin tombe souvent à
    /// côté : le client doit se répéter, la conversation s'allonge, la vente
    /// est moins juste.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : bonjour je cherche un téléphone
    /// [10:00:20] Conseiller : Bonjour, je suis Marie. Je vous propose le Zoé S3 à 199 €.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : bonjour je cherche un téléphone
    /// [10:00:20] Conseiller : Bonjour, je suis Marie. Pour quel usage souhaitez-vous ce téléphone ?
    /// [10:00:50] Client : surtout les photos
    /// [10:01:10] Conseiller : Je vous propose le Zoé S3 : son appareil photo est le meilleur de la gamme.
    /// ```
    "open-question",
    "Une question ouverte identifie le besoin avant la solution"
}

pub fn build(
    o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    Ok(Box::new(OpenQuestion {
        min_turns: o.min_advisor_turns.max(1),
        lib: lib.clone(),
    }))
}

struct OpenQuestion {
    min_turns: usize,
    lib: Arc<PhraseLibrary>,
}

struct State<'r> {
    rule: &'r OpenQuestion,
    asked: bool,
    solution: Option<TurnRef>,
    asked_before_solution: bool,
    /// The advisor's first reply to the customer: where a question is
    /// expected when there is no solution.
    first_reply: Option<TurnRef>,
}

impl ConversationRule for OpenQuestion {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            asked: false,
            solution: None,
            asked_before_solution: false,
            first_reply: None,
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        if v.turn.role != Role::Advisor {
            return;
        }
        if self.first_reply.is_none() && v.customer_turns_before > 0 {
            self.first_reply = Some(v.at());
        }
        let question = v.steps.span(Step::Question);
        let solution = v.steps.span(Step::Solution);
        if let Some(q) = question {
            self.asked = true;
            if self.solution.is_none() && solution.map_or(true, |s| q.start < s.start) {
                self.asked_before_solution = true;
            }
        }
        if solution.is_some() && self.solution.is_none() {
            self.solution = Some(v.at());
        }
    }

    fn finish(self: Box<Self>, conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        let example = self
            .rule
            .lib
            .ready_phrases(Step::Question)
            .next()
            .unwrap_or("Pour quel usage souhaitez-vous ce produit ?")
            .to_string();
        let help = format!(
            "posez une question ouverte sur le besoin avant de proposer, par exemple « {example} »"
        );
        let finding = match (&self.solution, self.asked_before_solution, self.asked) {
            (Some(at), false, _) => missing_step(
                at,
                "étape de découverte manquante : solution proposée sans question ouverte sur le besoin"
                    .into(),
            ),
            (None, _, false) if conv.advisor_turns >= self.rule.min_turns => {
                let Some(at) = self.first_reply.as_ref().or(conv.first_advisor) else {
                    return;
                };
                missing_step(
                    at,
                    "étape de découverte manquante : aucune question ouverte pour comprendre le besoin"
                        .into(),
                )
            }
            _ => return,
        };
        let mut f = finding;
        f.finding = f.finding.help(help);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn question_before_solution() {
        let c = conversation(&[
            ("C", "", "je cherche un forfait"),
            ("A", "", "Bonjour, je vous propose le forfait 100 Go."),
        ]);
        assert_eq!(fired("open-question", &c).len(), 1);
        let c = conversation(&[
            ("C", "", "je cherche un forfait"),
            ("A", "", "Bonjour, quel usage faites-vous de votre mobile ?"),
            ("C", "", "beaucoup de vidéos"),
            ("A", "", "Je vous propose le forfait 100 Go."),
        ]);
        assert!(fired("open-question", &c).is_empty());
        // A generic opener is not a discovery question.
        let c = conversation(&[
            ("C", "", "je cherche un forfait"),
            ("A", "", "Bonjour, comment puis-je vous aider ?"),
            ("A", "", "Je vous propose le forfait 100 Go."),
        ]);
        assert_eq!(fired("open-question", &c).len(), 1);
    }

    #[test]
    fn without_solution_needs_enough_turns() {
        let c = conversation(&[("C", "", "allo"), ("A", "", "Bonjour.")]);
        assert!(fired("open-question", &c).is_empty());
        let c = conversation(&[
            ("C", "", "allo"),
            ("A", "", "Bonjour."),
            ("A", "", "Je regarde."),
            ("A", "", "C'est noté."),
        ]);
        assert_eq!(fired("open-question", &c).len(), 1);
    }
}
