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
    /// L'accord en genre et en nombre :
    ///
    /// - dans le groupe nominal, le déterminant, l'adjectif et le nom
    ///   (« nos offres », « une livraison gratuite », « Quelle taille »,
    ///   « Tous les articles », « Quelle est votre adresse ? ») ;
    /// - le verbe avec son sujet quand c'est un groupe nominal (« Nos
    ///   équipes vous rappellent », « Le montant des frais dépend… ») ;
    /// - le participe passé avec être, l'adjectif attribut, et le participe
    ///   avec avoir quand le complément direct est placé avant (« la
    ///   facture que je vous ai envoyée », « je vous les ai envoyés »).
    ///
    /// La règle se tait quand la morphologie laisse un doute : mots
    ///   invariables ou épicènes, noms dont le pluriel est le singulier
    ///   (prix, colis), marques, sujets collectifs (« la plupart des
    ///   clients »). Elle ne devine jamais le genre du client : « vous êtes
    ///   satisfait », « satisfaite » et « satisfaits » sont tous justes.
    /// Les règles sont écrites dans `lexicon/grammar/agreement.txt`.
    ///
    /// ## Pourquoi
    ///
    /// Chaque mot est dans le dictionnaire : seul l'accord trahit la faute,
    /// et le client la voit.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Toutes nos offre sont valables et vos commandes ont été livré.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Toutes nos offres sont valables et vos commandes ont été livrées.
    /// ```
    "agreement",
    "Accords en genre et en nombre : groupe nominal, sujet et verbe, participes"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(super::grammar_common::build(config, Family::Agreement))
}
