use super::phrases::{PhraseLibrary, Step};
use super::view::{ConvFinding, ConversationRule, ConversationView, RuleState, TurnRef, TurnView};
use crate::settings::{ConfigError, Level};
use crate::conversation::Role;
use crate::diagnostic::{Finding, Span};
use crate::lexicon::{Entry, PhraseMatcher};
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Generic openings that draw questions better sent to the FAQ.
        pub generic: Vec<String>,
        /// A chat the advisor (or a bot) opens before the customer writes
        /// is proactive, unless the export says otherwise.
        pub advisor_first_is_proactive: bool,
        /// Words of a system event that mark a proactive invitation.
        pub proactive_markers: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Un tchat proactif (l'export le dit, un événement système parle
    /// d'invitation, ou le conseiller écrit avant le client ; le message
    /// d'accueil d'un bot ne suffit pas) qui s'ouvre sur une formule
    /// générale comme « Puis-je vous aider ? », « Besoin d'aide ? » ou
    /// « Avez-vous une question ? », sans rien dire de ce que fait le
    /// visiteur. Les formules générales se règlent dans `[opening-phrase]`.
    ///
    /// ## Pourquoi
    ///
    /// Une accroche générale attire des questions de service après-vente
    /// qui trouveraient leur réponse dans la FAQ, et encombre le tchat. Une
    /// accroche liée à la page ou au panier du visiteur engage la
    /// conversation sur son projet.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Conseiller : Bonjour, je suis Marie. Puis-je vous aider ?
    /// [10:00:40] Client : oui je voudrais savoir où est mon colis
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Conseiller : Bonjour, je suis Marie. Je vois que vous comparez nos forfaits mobiles : souhaitez-vous un conseil pour choisir ?
    /// [10:00:40] Client : oui, lequel a le plus de data ?
    /// ```
    "opening-phrase",
    "Un tchat proactif s'ouvre sur une accroche liée à ce que fait le visiteur"
}

pub fn build(
    o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    let matcher = |list: &[String]| {
        PhraseMatcher::new(
            list.iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| Entry {
                    pattern: s.trim().to_string(),
                    suggestions: Vec::new(),
                    hints: Vec::new(),
                })
                .collect(),
        )
    };
    Ok(Box::new(OpeningPhrase {
        generic: matcher(&o.generic),
        markers: matcher(&o.proactive_markers),
        advisor_first: o.advisor_first_is_proactive,
        lib: lib.clone(),
    }))
}

struct OpeningPhrase {
    generic: PhraseMatcher,
    markers: PhraseMatcher,
    advisor_first: bool,
    lib: Arc<PhraseLibrary>,
}

struct State<'r> {
    rule: &'r OpeningPhrase,
    customer_spoke: bool,
    invitation: bool,
    /// The opening turn, if it used a generic phrase: the turn and the
    /// file span of the phrase.
    generic: Option<(TurnRef, Span, String)>,
    opened: bool,
    /// The chat was opened by a bot (a widget's welcome message, unless
    /// the export or an invitation event says the chat is proactive).
    bot_opened: bool,
}

impl ConversationRule for OpeningPhrase {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            customer_spoke: false,
            invitation: false,
            generic: None,
            opened: false,
            bot_opened: false,
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        match v.turn.role {
            Role::Customer => self.customer_spoke = true,
            Role::System
                if !self.customer_spoke && !self.rule.markers.find_iter(v.doc).is_empty() =>
            {
                self.invitation = true;
            }
            Role::Advisor | Role::Bot if !self.customer_spoke && !self.opened => {
                self.opened = true;
                self.bot_opened = v.turn.role == Role::Bot;
                if v.steps.has(Step::Opening) {
                    return;
                }
                if let Some(m) = self.rule.generic.find_iter(v.doc).first() {
                    self.generic = Some((
                        v.at(),
                        v.file_span(m.span),
                        m.span.slice(v.doc.text).to_string(),
                    ));
                }
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>, conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        let Some((at, span, phrase)) = self.generic else {
            return;
        };
        let proactive = match conv.meta.proactive {
            Some(p) => p,
            None => self.invitation || (self.rule.advisor_first && !self.bot_opened),
        };
        if !proactive {
            return;
        }
        let example = self
            .rule
            .lib
            .ready_phrases(Step::Opening)
            .next()
            .unwrap_or("Bonjour, je vois que vous consultez nos offres : souhaitez-vous un conseil ?")
            .to_string();
        out.push(ConvFinding {
            turn: at,
            finding: Finding::new(
                span,
                format!("tchat proactif ouvert par une accroche générale « {phrase} »"),
            )
            .help(format!(
                "liez l'accroche à ce que fait le visiteur, par exemple « {example} »"
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn only_proactive_generic_openings() {
        let c = conversation(&[
            ("A", "", "Bonjour, puis-je vous aider ?"),
            ("C", "", "oui"),
        ]);
        assert_eq!(fired("opening-phrase", &c).len(), 1);
        // The customer wrote first: a reactive chat.
        let c = conversation(&[
            ("C", "", "bonjour"),
            ("A", "", "Bonjour, puis-je vous aider ?"),
        ]);
        assert!(fired("opening-phrase", &c).is_empty());
        // A contextual opening.
        let c = conversation(&[(
            "A",
            "",
            "Bonjour, je vois que vous comparez nos forfaits : puis-je vous aider à choisir ?",
        )]);
        assert!(fired("opening-phrase", &c).is_empty());
    }

    #[test]
    fn a_bot_welcome_is_not_a_proactive_opening() {
        let c = conversation(&[
            ("B", "", "Bonjour, je suis l'assistant. Comment puis-je vous aider ?"),
            ("C", "", "un retour"),
        ]);
        assert!(fired("opening-phrase", &c).is_empty());
        let c = conversation(&[
            ("S", "", "Invitation proactive envoyée"),
            ("B", "", "Bonjour, puis-je vous aider ?"),
        ]);
        assert_eq!(fired("opening-phrase", &c).len(), 1);
    }

    #[test]
    fn export_flag_wins() {
        let mut c = conversation(&[("A", "", "Bonjour, puis-je vous aider ?")]);
        c.meta.proactive = Some(false);
        assert!(fired("opening-phrase", &c).is_empty());
    }
}
