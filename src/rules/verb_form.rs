use crate::settings::{ConfigError, Level};
use crate::grammar::Family;
use crate::rules::{Rule, RuleOptions};

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// La forme d'un verbe que le mot précédent impose. L'infinitif
    /// (« -er »), le participe passé (« -é ») et la deuxième personne du
    /// pluriel (« -ez ») des verbes du premier groupe se prononcent de la même
    /// façon : c'est la faute la plus fréquente à l'écrit.
    ///
    /// - Après un verbe comme aller, pouvoir, devoir, vouloir, savoir,
    ///   falloir, faire, laisser, et après une préposition (pour, sans, de,
    ///   à, merci de, afin de, avant de, n'hésitez pas à), le verbe est à
    ///   l'infinitif, même avec des pronoms entre les deux : « je vais vous
    ///   rappeler ».
    /// - Après avoir et être, il est au participe passé : « j'ai envoyé »,
    ///   « a été validé », « avons bien reçu ».
    /// - Devant un pronom joint par un trait d'union, c'est l'impératif :
    ///   « Envoyez-nous ».
    /// - « a été », pas « a était ».
    ///
    /// Les règles sont écrites dans `lexicon/grammar/verb-form.txt`, chacune
    /// avec ses phrases fautives et correctes, que les tests vérifient.
    ///
    /// ## Pourquoi
    ///
    /// Un client lit « je vais vous rappelé » comme une faute d'orthographe :
    /// le correcteur orthographique ne la voit pas, car chaque mot existe.
    /// Le « rédactionnel sans faute » est la première exigence du tchat.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Je vais vous rappelé demain. Le remboursement a été valider hier.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Je vais vous rappeler demain. Le remboursement a été validé hier.
    /// ```
    "verb-form",
    "Forme du verbe : infinitif, participe passé, -er/-é/-ez"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(super::grammar_common::build(config, Family::VerbForm))
}
