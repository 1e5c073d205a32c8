use super::phrases::{PhraseLibrary, Step};
use super::view::{format_seconds, ConvFinding, ConversationRule, ConversationView, RuleState, TurnView};
use crate::settings::{ConfigError, Level};
use crate::diagnostic::Finding;
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Longest delay, in seconds, between a customer message and the
        /// advisor's reply.
        pub max_seconds: u64,
        /// Longest delay, in seconds, before the advisor's first reply.
        pub first_reply_seconds: u64,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Avec des horodatages : une réponse du conseiller qui arrive plus de
    /// `max_seconds` secondes (60) après le message du client qu'elle
    /// attend, ou une première réponse après plus de `first_reply_seconds`
    /// secondes (30). Le délai court depuis le premier message du client
    /// resté sans réponse. Un message d'attente (« Je vérifie, je reviens
    /// vers vous dans 2 minutes. ») est une réponse. Avec des heures à la
    /// minute près (`10:02`), le délai retenu est le plus court possible
    /// (10:02 → 10:04 : au moins 61 s), pour ne jamais accuser à tort. Le
    /// résumé de la conversation donne le délai médian et le pire.
    ///
    /// ## Pourquoi
    ///
    /// Sur un tchat, le client attend une réponse immédiate : au-delà d'une
    /// minute sans nouvelle, il croit la conversation abandonnée et ouvre
    /// un autre canal.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : bonjour, où en est ma commande ?
    /// [10:00:20] Conseiller : Bonjour, je suis Marie. Quel est votre numéro de commande ?
    /// [10:00:40] Client : 45872
    /// [10:03:10] Conseiller : Votre colis part aujourd'hui.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : bonjour, où en est ma commande ?
    /// [10:00:20] Conseiller : Bonjour, je suis Marie. Quel est votre numéro de commande ?
    /// [10:00:40] Client : 45872
    /// [10:00:55] Conseiller : Merci, je consulte votre commande : je reviens vers vous dans 2 minutes.
    /// [10:02:30] Conseiller : Votre colis part aujourd'hui.
    /// ```
    "response-delay",
    "Délais de réponse du conseiller (horodatages)"
}

pub fn build(
    o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    let example = lib
        .ready_phrases(Step::Waiting)
        .next()
        .unwrap_or("Je consulte votre dossier, je reviens vers vous dans 2 minutes.")
        .to_string();
    Ok(Box::new(ResponseDelay {
        max: o.max_seconds as i64,
        first: o.first_reply_seconds as i64,
        example,
    }))
}

struct ResponseDelay {
    max: i64,
    first: i64,
    example: String,
}

struct State<'r> {
    rule: &'r ResponseDelay,
    found: Vec<ConvFinding>,
}

impl ConversationRule for ResponseDelay {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            found: Vec::new(),
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        let Some(d) = v.delay else {
            return;
        };
        let limit = if d.first { self.rule.first } else { self.rule.max };
        if d.min_seconds <= limit {
            return;
        }
        let at = v.at();
        let what = if d.first { "première réponse" } else { "réponse" };
        let message = format!(
            "{what} du conseiller {} après le message du client (tour {}) : plus de {}",
            format_seconds(d.seconds),
            d.since_turn + 1,
            format_seconds(limit)
        );
        self.found.push(ConvFinding {
            finding: Finding::new(at.head, message).help(format!(
                "répondez plus vite, ou annoncez l'attente : « {} »",
                self.rule.example
            )),
            turn: at,
        });
    }

    fn finish(self: Box<Self>, _conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        out.extend(self.found);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn slow_replies() {
        let c = conversation(&[
            ("C", "10:00:00", "bonjour"),
            ("A", "10:00:45", "Bonjour."),
            ("C", "10:01:00", "alors ?"),
            ("A", "10:02:30", "Voilà."),
            ("C", "10:03:00", "merci"),
            ("A", "10:03:50", "Bonne journée."),
        ]);
        let got = fired("response-delay", &c);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("première réponse du conseiller 45 s"), "{got:?}");
        assert!(got[1].contains("1 min 30 s"), "{got:?}");
    }

    #[test]
    fn minute_precision_is_not_held_against_the_advisor() {
        let c = conversation(&[("C", "10:00", "bonjour"), ("A", "10:01", "Bonjour.")]);
        assert!(fired("response-delay", &c).is_empty());
        let c = conversation(&[("C", "10:00", "bonjour"), ("A", "10:02", "Bonjour.")]);
        assert_eq!(fired("response-delay", &c).len(), 1);
    }

    #[test]
    fn no_time_stamps_no_finding() {
        let c = conversation(&[("C", "", "bonjour"), ("A", "", "Bonjour.")]);
        assert!(fired("response-delay", &c).is_empty());
    }
}
