use super::phrases::{PhraseLibrary, Step, StepSet};
use super::view::{
    missing_step, ConvFinding, ConversationRule, ConversationView, RuleState, TurnView,
};
use crate::settings::{ConfigError, Level};
use crate::conversation::Role;
use std::collections::VecDeque;
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// How many of the advisor's last messages are searched.
        pub window: usize,
        /// Also ask for an offer of further help or a satisfaction check.
        pub require_offer: bool,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Dans ses derniers messages (`window`, 3 par défaut), le conseiller
    /// prend congé poliment (« bonne journée », « au revoir », « merci de
    /// votre confiance »…, étape `closing` de la bibliothèque de phrases)
    /// et vérifie la satisfaction ou propose son aide (« Puis-je vous aider
    /// pour autre chose ? », « je reste à votre disposition »…, étape
    /// `offer`). Une conversation qui se termine par un transfert à un
    /// collègue n'est pas concernée.
    ///
    /// ## Pourquoi
    ///
    /// La fin du tchat est ce dont le client se souvient : une prise de
    /// congé chaleureuse et une dernière offre d'aide évitent qu'il reparte
    /// avec une question en suspens.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : merci pour le numéro de suivi
    /// [10:00:20] Conseiller : Avec plaisir.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : merci pour le numéro de suivi
    /// [10:00:20] Conseiller : Avec plaisir. Puis-je vous aider pour autre chose ?
    /// [10:00:40] Client : non merci
    /// [10:00:50] Conseiller : Merci de votre confiance, je vous souhaite une bonne journée.
    /// ```
    "closing",
    "Le conseiller prend congé et vérifie la satisfaction"
}

pub fn build(
    o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    Ok(Box::new(Closing {
        window: o.window.max(1),
        require_offer: o.require_offer,
        lib: lib.clone(),
    }))
}

struct Closing {
    window: usize,
    require_offer: bool,
    lib: Arc<PhraseLibrary>,
}

struct State<'r> {
    rule: &'r Closing,
    last: VecDeque<StepSet>,
}

impl ConversationRule for Closing {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            last: VecDeque::new(),
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        if v.turn.role != Role::Advisor {
            return;
        }
        if self.last.len() == self.rule.window {
            self.last.pop_front();
        }
        self.last.push_back(v.steps.steps);
    }

    fn finish(self: Box<Self>, conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        let Some(at) = conv.last_advisor else {
            return;
        };
        let steps = self.last.iter().fold(StepSet::default(), |a, s| a.union(*s));
        if steps.contains(Step::Transfer) {
            return;
        }
        let leave = steps.contains(Step::Closing);
        let offer = steps.contains(Step::Offer) || !self.rule.require_offer;
        let lib = &self.rule.lib;
        let closing = lib.ready_phrases(Step::Closing).next().unwrap_or("Je vous souhaite une bonne journée.");
        let offer_ex = lib.ready_phrases(Step::Offer).next().unwrap_or("Puis-je vous aider pour autre chose ?");
        let (message, help) = match (leave, offer) {
            (true, true) => return,
            (false, true) => (
                "étape de prise de congé manquante : la conversation se termine sans formule de congé",
                format!("terminez par une prise de congé, par exemple « {closing} »"),
            ),
            (true, false) => (
                "étape de conclusion incomplète : ni vérification de la satisfaction ni offre d'aide supplémentaire",
                format!("avant de prendre congé, demandez par exemple « {offer_ex} »"),
            ),
            (false, false) => (
                "étape de conclusion manquante : ni offre d'aide supplémentaire ni prise de congé",
                format!("demandez « {offer_ex} » puis prenez congé : « {closing} »"),
            ),
        };
        let mut f = missing_step(at, message.into());
        f.finding = f.finding.help(help);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn closing_needs_leave_and_offer() {
        let c = conversation(&[("A", "", "Voilà.")]);
        assert!(fired("closing", &c)[0].contains("ni offre"));
        let c = conversation(&[("A", "", "Bonne journée !")]);
        assert!(fired("closing", &c)[0].contains("incomplète"));
        let c = conversation(&[("A", "", "Autre chose pour vous ?"), ("C", "", "non"), ("A", "", "Bonne journée !")]);
        assert!(fired("closing", &c).is_empty());
        // Only the last messages count.
        let c = conversation(&[
            ("A", "", "Autre chose ? Bonne journée !"),
            ("A", "", "a"),
            ("A", "", "b"),
            ("A", "", "c"),
        ]);
        assert_eq!(fired("closing", &c).len(), 1);
        // A transfer ends the advisor's part.
        let c = conversation(&[("A", "", "Je vous transfère à ma collègue du service facturation.")]);
        assert!(fired("closing", &c).is_empty());
    }
}
