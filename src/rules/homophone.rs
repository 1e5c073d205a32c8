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
    /// Les homophones grammaticaux, des mots qui se prononcent de la même
    /// façon mais n'ont ni le même sens ni la même nature : a/à, et/est,
    /// ces/ses/c'est/s'est, ce/se, on/ont, son/sont, ou/où, peu/peut/peux,
    /// sa/ça, la/là, mes/mais, quand/quant/qu'en, et « leurs » devant un
    /// verbe. Chaque règle regarde les mots voisins qui décident : « a » est
    /// le verbe avoir quand on peut le remplacer par « avait » (« Votre
    /// demande a été prise »), « à » la préposition (« à bientôt »).
    ///
    /// La règle se tait quand le contexte ne permet pas de trancher : elle
    /// préfère manquer une faute que d'en signaler une qui n'existe pas.
    /// Les règles sont écrites dans `lexicon/grammar/homophone.txt`.
    ///
    /// ## Pourquoi
    ///
    /// Ce sont les fautes que les clients remarquent le plus, et le
    /// correcteur orthographique ne peut pas les voir.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Votre demande à été prise en compte. Merci a vous.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre demande a été prise en compte. Merci à vous.
    /// ```
    "homophone",
    "Homophones grammaticaux : a/à, et/est, ces/ses, on/ont…"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(super::grammar_common::build(config, Family::Homophone))
}
