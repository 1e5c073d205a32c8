use crate::config::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::rules::kit::{fit_suggestion, PhraseLexicon};
use crate::rules::{Config, Rule};
use crate::text::Document;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Entries added to the lexicon (`form => suggestion`).
        pub add: Vec<String>,
        /// Lexicon forms removed.
        pub remove: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les formules hésitantes et les périphrases qui affaiblissent un
    /// engagement : « je vais essayer de », « je vais voir », « normalement »,
    /// « a priori », « en principe », « il me semble que », « je pense que »,
    /// « ça devrait », « je devrais pouvoir », « procéder au remboursement
    /// de », « effectuer une vérification », « si jamais », « je me permets
    /// de »… La liste (`lexicon/weak-verb.txt`) propose pour chacune un verbe
    /// d'action ou une formule engagée (« je vérifie », « je rembourse »,
    /// « je vous propose »).
    ///
    /// Les verbes simples (« est », « a », « fait ») ne sont jamais signalés
    /// seuls, ni « normalement » au sens de « sans anomalie » (« votre compte
    /// fonctionne normalement »), ni les propos du client cités entre
    /// guillemets.
    ///
    /// ## Pourquoi
    ///
    /// « J'essaie », « normalement » ou « je pense » font douter le client :
    /// il comprend que rien n'est sûr et relance. Une action à la première
    /// personne, au présent, avec un délai, l'engage et le rassure.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Je vais essayer de vérifier, normalement votre colis arrive jeudi.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Je vérifie : selon le suivi, votre colis arrive jeudi.
    /// ```
    "weak-verb",
    "Verbes faibles et formules hésitantes"
}

/// The lexicon file of this rule, embedded.
pub const LEXICON: &str = include_str!("../../lexicon/weak-verb.txt");
const LEXICON_FILE: &str = "lexicon/weak-verb.txt";

pub fn build(config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.weak_verb;
    Ok(Box::new(WeakVerb {
        phrases: PhraseLexicon::load(LEXICON_FILE, LEXICON, &o.add, &o.remove)?,
    }))
}

struct WeakVerb {
    phrases: PhraseLexicon,
}

impl Rule for WeakVerb {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for (span, entry) in self.phrases.find(doc) {
            let found = span.slice(doc.text);
            let help = match entry.hints.first() {
                Some(h) => format!("engagez-vous : {h}"),
                None => "soyez direct : un verbe d'action, une formule engagée".to_string(),
            };
            out.push(
                Finding::new(span, format!("formule hésitante ou verbe faible « {found} »"))
                    .help(help)
                    .suggestions(entry.suggestions.iter().map(|s| fit_suggestion(doc, span, s, entry))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kit::tests::assert_sorted_unique;
    use crate::{Config, Linter};

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        let mut c = Config::default();
        c.select(&["weak-verb".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    #[test]
    fn lexicon_is_sorted_and_duplicate_free() {
        assert_sorted_unique(LEXICON);
    }

    #[test]
    fn lexicon_has_at_least_30_patterns_each_with_a_rewording() {
        let lx = PhraseLexicon::load(LEXICON_FILE, LEXICON, &[], &[]).unwrap();
        let n = lx.reporting().count();
        assert!(n >= 30, "only {n} patterns");
        for e in lx.reporting() {
            assert!(!e.suggestions.is_empty() || !e.hints.is_empty(), "{}: no rewording", e.pattern);
            for w in ["est", "a", "fait"] {
                assert_ne!(e.pattern, w, "plain « {w} » is not weak");
            }
        }
    }

    #[test]
    fn hedges_fire() {
        for t in [
            "Je vais essayer de relancer le transporteur.",
            "Je vais tenter d'annuler la commande.",
            "Normalement, votre colis arrive demain.",
            "A priori, le remboursement est fait.",
            "En principe, c'est sous 48 h.",
            "Il me semble que la commande est partie.",
            "Je pense que c'est réglé.",
            "Je crois qu'il est en stock.",
            "Ça devrait arriver demain.",
            "Je devrais pouvoir vous répondre ce soir.",
            "Je vais voir avec le service logistique.",
            "Je vais regarder votre dossier.",
            "Je vais procéder au remboursement de votre commande.",
            "Je vais effectuer une vérification.",
            "Si jamais vous avez une question, écrivez-moi.",
            "Je me permets de vous recontacter.",
        ] {
            assert!(!check(t).is_empty(), "should fire: {t}");
        }
    }

    #[test]
    fn plain_verbs_and_manner_adverbs_stay_silent() {
        for t in [
            "Votre commande est partie, elle a été expédiée hier.",
            "C'est fait : le remboursement a été validé.",
            "Votre compte fonctionne normalement.",
            "L'application s'affiche normalement sur votre téléphone.",
            "Je vérifie votre dossier et je reviens vers vous dans 2 minutes.",
            "Je vous rembourse aujourd'hui.",
            "Le produit peut être retourné sous 30 jours.",
            "Vous avez écrit « je pense que c'est cassé » : je vérifie.",
        ] {
            assert!(check(t).is_empty(), "should stay silent: {t}\n{:?}", check(t));
        }
    }

    #[test]
    fn suggestions_are_exact_replacements() {
        let text = "Je vais essayer d'annuler.";
        let d = check(text);
        assert_eq!(d[0].span.slice(text), "Je vais essayer d'");
        assert_eq!(d[0].suggestions[0], "Je vais ");
        let text = "Nous allons procéder au remboursement de votre commande.";
        let d = check(text);
        assert_eq!(d[0].span.slice(text), "procéder au remboursement de");
        assert_eq!(d[0].suggestions[0], "rembourser");
    }
}
