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
    /// Un verbe conjugué prend la personne de son pronom sujet : « je »
    /// veut la première personne du singulier, « nous » la première du
    /// pluriel, « vous » la deuxième du pluriel… Les pronoms compléments
    /// placés entre les deux ne changent rien (« Nous leur avons écrit »,
    /// « Je vous envoie »). La règle distingue le sujet du complément par sa
    /// place : dans « Vous nous avez écrit », « vous » est le sujet.
    ///
    /// Elle vérifie aussi le sujet inversé (« Pouvez-vous »), « j'ai » écrit
    /// « j'est » ou « je lui est dit », et un nom écrit à la place du verbe
    /// qui lui ressemble (« je vous envoi » pour « je vous envoie »).
    ///
    /// Les règles sont écrites dans `lexicon/grammar/conjugation.txt`.
    ///
    /// ## Pourquoi
    ///
    /// Ces fautes d'accord se voient immédiatement et passent toutes le
    /// correcteur orthographique : chaque mot existe.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Nous leur avez écrit hier. Je lui est dit de vous rappeler.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Nous leur avons écrit hier. Je lui ai dit de vous rappeler.
    /// ```
    "conjugation",
    "Conjugaison : le verbe et son sujet"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(super::grammar_common::build(config, Family::Conjugation))
}
