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
    /// Les formulations négatives, culpabilisantes ou injonctives adressées
    /// au client : « pas de souci », « malheureusement », « je ne sais pas »,
    /// « vous devez renvoyer… », « il faut que vous… », « vous n'avez pas
    /// compris », « c'est impossible », « calmez-vous », « ce n'est pas de
    /// notre faute », « vous auriez dû », « bon courage »… La liste
    /// (`lexicon/negative-wording.txt`) donne pour chacune une reformulation
    /// positive. Les variantes de tchat sont comprises (« je peux pas »,
    /// « désolée », apostrophe droite ou courbe).
    ///
    /// Restent silencieux : les formules de politesse (« n'hésitez pas à
    /// revenir vers moi », « je vous prie de nous excuser pour ce
    /// désagrément », « merci de votre patience », « je ne manquerai pas
    /// de… »), les faits (« il n'y a pas de frais de livraison », « aucun
    /// problème technique n'a été détecté »), les conditions (« si vous
    /// n'avez pas reçu… »), « vous devez » informatif (« vous devez recevoir
    /// un e-mail ») et les propos du client cités entre guillemets. « Ne
    /// quittez pas » est signalé : c'est une formule de téléphone qui ne dit
    /// pas combien de temps attendre.
    ///
    /// ## Pourquoi
    ///
    /// À l'écrit, le client retient les mots négatifs (« problème »,
    /// « impossible », « faute ») et entend un reproche dans « vous devez »
    /// ou « vous n'avez pas ». Dire ce qui est possible et ce que vous
    /// faites rassure et évite l'escalade.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Pas de souci ! Malheureusement, vous devez renvoyer le formulaire.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Avec plaisir ! Je vous invite à renvoyer le formulaire, et je m'occupe du reste.
    /// ```
    "negative-wording",
    "Formulations négatives ou culpabilisantes"
}

/// The lexicon file of this rule, embedded.
pub const LEXICON: &str = include_str!("../../lexicon/negative-wording.txt");
const LEXICON_FILE: &str = "lexicon/negative-wording.txt";

pub fn build(config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.negative_wording;
    Ok(Box::new(NegativeWording {
        phrases: PhraseLexicon::load(LEXICON_FILE, LEXICON, &o.add, &o.remove)?,
    }))
}

struct NegativeWording {
    phrases: PhraseLexicon,
}

impl Rule for NegativeWording {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for (span, entry) in self.phrases.find(doc) {
            let found = span.slice(doc.text);
            let help = match entry.hints.first() {
                Some(h) => format!("formulez positivement : {h}"),
                None => "préférez une formulation positive".to_string(),
            };
            out.push(
                Finding::new(span, format!("formulation négative « {found} »"))
                    .help(help)
                    .suggestions(entry.suggestions.iter().map(|s| fit_suggestion(doc, span, s, entry))),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lexicon::Entry;
    use crate::rules::kit::strip_markers;
    use crate::rules::kit::tests::assert_sorted_unique;
    use crate::{Config, Linter};

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        let mut c = Config::default();
        c.select(&["negative-wording".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    fn flagged(text: &str) -> Vec<String> {
        check(text).iter().map(|d| d.span.slice(text).to_string()).collect()
    }

    fn lexicon() -> PhraseLexicon {
        PhraseLexicon::load(LEXICON_FILE, LEXICON, &[], &[]).unwrap()
    }

    #[test]
    fn lexicon_is_sorted_and_duplicate_free() {
        assert_sorted_unique(LEXICON);
    }

    #[test]
    fn lexicon_has_at_least_50_patterns_each_with_a_rewording() {
        let lx = lexicon();
        let n = lx.reporting().count();
        assert!(n >= 50, "only {n} patterns");
        for e in lx.reporting() {
            assert!(!e.suggestions.is_empty() || !e.hints.is_empty(), "{}: no rewording", e.pattern);
        }
    }

    #[test]
    fn classic_negative_phrases_fire() {
        for t in [
            "Pas de problème, je regarde.",
            "Oui pas de souci je m'en occupe",
            "Malheureusement, le produit est épuisé.",
            "Je ne sais pas quand il arrivera.",
            "Je sais pas.",
            "Vous devez remplir le formulaire.",
            "Vous devez nous renvoyer le colis.",
            "Il faut que vous nous envoyiez la facture.",
            "Vous n'avez pas compris ma question.",
            "C’est impossible.",
            "Calmez-vous, s'il vous plaît.",
            "Ce n'est pas de notre faute.",
            "Vous auriez dû nous prévenir.",
            "Vous avez oublié de joindre la facture.",
            "Bon courage !",
            "Je peux pas modifier la commande.",
            "Désolée mais ce n'est pas possible.",
            "Ne quittez pas.",
            "Il n'y a pas de souci !",
            "N’oubliez pas d’imprimer l’étiquette.",
        ] {
            assert!(!check(t).is_empty(), "should fire: {t}");
        }
    }

    #[test]
    fn courtesy_formulas_and_facts_stay_silent() {
        for t in [
            "N'hésitez pas à revenir vers moi.",
            "Je vous prie de nous excuser pour ce désagrément.",
            "Merci de votre patience.",
            "Je ne manquerai pas de vous tenir informé.",
            "Il n'y a pas de frais de livraison.",
            "Pas de frais de livraison pour cette commande.",
            "Vous devez recevoir un e-mail de confirmation.",
            "Vous devez normalement avoir reçu un SMS.",
            "Vous devez l'avoir reçu ce matin.",
            "Si vous devez annuler, prévenez-nous.",
            "Les documents que vous devez fournir sont listés ici.",
            "Cela ne pose pas de problème.",
            "Il n'y a pas de problème avec votre carte.",
            "Aucun problème technique n'a été détecté.",
            "Si vous n'avez pas reçu le colis, je lance une enquête.",
            "Si vous avez oublié votre mot de passe, cliquez sur le lien.",
            "Vous avez écrit « c'est impossible de vous joindre », je comprends.",
            "C'est comme ça que vous pourrez suivre le colis.",
            "Vous vous êtes bien connecté.",
            "Si ce n'est pas clair, je reformule volontiers.",
            "Si nous ne pouvons pas livrer samedi, je vous préviens.",
            "Il n'y aura pas de souci pour la livraison.",
            "Aucun souci n'est signalé sur votre commande.",
        ] {
            assert!(check(t).is_empty(), "should stay silent: {t}\n{:?}", check(t));
        }
    }

    #[test]
    fn suggestions_keep_case_and_elision_spacing() {
        let d = check("Vous devez remplir le formulaire.");
        assert_eq!(d[0].span.slice("Vous devez remplir le formulaire."), "Vous devez");
        assert_eq!(d[0].suggestions[0], "Je vous invite à");
        let text = "N'oubliez pas d'envoyer la photo.";
        let d = check(text);
        assert_eq!(d[0].span.slice(text), "N'oubliez pas d'");
        assert_eq!(d[0].suggestions[0], "Pensez à ");
        assert_eq!(flagged("Pas de souci\u{202F}!"), ["Pas de souci"]);
    }

    #[test]
    fn house_style_can_add_and_remove() {
        let mut c = Config::default();
        c.select(&["negative-wording".into()], &[]).unwrap();
        c.merge_str(
            "m.toml",
            "[negative-wording]\nadd = [\"^c'est la vie => (soyez concret)\"]\nremove = [\"bon courage\"]\n",
        )
        .unwrap();
        let l = Linter::new(c).unwrap();
        assert!(l.check("Bon courage !").is_empty());
        assert_eq!(l.check("C'est la vie.").len(), 1);
        assert!(l.check("Vous dites que c'est la vie.").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", "^", "$", "*", "pas", "Vous devez", "vous devez\n", "« pas de souci", "\"", "pas de souci »"] {
            let _ = check(t);
        }
        assert_eq!(flagged("« Pas de souci"), ["Pas de souci"]);
    }

    #[test]
    fn markers_are_parsed() {
        let (e, m) = strip_markers(Entry::parse("^vous devez * => x").unwrap());
        assert_eq!(e.pattern, "vous devez");
        assert!(m.clause_start && m.action_verb && !m.clause_end && !m.exception);
        let (e, m) = strip_markers(Entry::parse("il n'y a pas de souci$ => x").unwrap());
        assert_eq!(e.pattern, "il n'y a pas de souci");
        assert!(m.clause_end);
        assert!(strip_markers(Entry::parse("pas de frais => (correct)").unwrap()).1.exception);
    }
}
