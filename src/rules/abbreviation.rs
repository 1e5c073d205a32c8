//! `abbreviation`: a lexicon rule, all in `lexicon/abbreviation.txt`
//! (see [`crate::rules::lexicon_rule`]), with the house style's `allow`
//! list.

use crate::settings::{ConfigError, Level};
use crate::rules::lexicon_rule::{Edits, LexiconRule};
use crate::rules::{Rule, RuleOptions};

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Abbreviations the house style allows.
        pub allow: Vec<String>,
        /// Entries added to the lexicon (`form => expansion [tags]`).
        pub add: Vec<String>,
        /// Lexicon forms removed.
        pub remove: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les abréviations et sigles que le client risque de ne pas comprendre,
    /// hors de la liste `allow` de la maison (par défaut RDV, SAV, SVP) :
    /// - les sigles du métier : `CB`, `AR`, `LRAR`, `BL`, `NPAI`, `PJ`,
    ///   `CGV`, `DLC`, `MDP`… ;
    /// - les abréviations à point : `cf.`, `ex.`, `env.`, `réf.`, `tél.`,
    ///   `p. ex.`, `c.-à-d.`… ;
    /// - les mots tronqués du métier : `cde`, `cmd`, `rbt`, `rembt`,
    ///   `livr.`, `fact.`, `doss.`, `qté`…
    ///
    /// Chacune avec son développement comme suggestion (liste :
    /// `lexicon/abbreviation.txt`).
    ///
    /// Ne sont pas signalés :
    /// - les sigles compris de tous, marqués `accepted` dans le lexique :
    ///   TVA, TTC, HT, PDF, SMS, SIM, USB, TV, GPS, IBAN, RIB, FAQ, Wi-Fi… ;
    ///   une charte qui veut les développer les ajoute sans l'étiquette
    ///   (`add = ["TVA => taxe sur la valeur ajoutée"]`) ;
    /// - les unités et symboles (`cm`, `kg`, `Go`, `Mo`, `h`, `min`, `km`,
    ///   `L`, `€`, `%`), les civilités `M.`, `Mme`, `Mlle`, et `n°` ;
    /// - un sigle suivi ou précédé de son développement entre parenthèses
    ///   (`LRAR (lettre recommandée avec accusé de réception)`) ;
    /// - les mots inconnus en majuscules (SNCF, EDF, FNAC…) : seuls les
    ///   sigles du lexique sont signalés, les majuscules criées relèvent de
    ///   la règle `formatting` ;
    /// - un mot écrit avec une capitale au milieu d'une phrase (un nom :
    ///   `Rio`), une forme dans un lien ou entre guillemets.
    ///
    /// Un sigle est reconnu quelle que soit sa casse (`CB`, `cb`), sauf ceux
    /// marqués `exact` : `PR` (point relais) mais pas `pr`, forme
    /// SMS de « pour » ; `RDV`, `SAV` et `SVP` en majuscules relèvent de
    /// cette règle, en minuscules de `sms-language`.
    ///
    /// ## Pourquoi
    ///
    /// Le client ne connaît pas le jargon de l'entreprise : une abréviation
    /// l'oblige à deviner, ou à redemander. En toutes lettres, le message
    /// se comprend du premier coup.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Votre cde a été remboursée sur votre CB, cf. la PJ.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre commande a été remboursée sur votre carte bancaire : voir la pièce jointe. Montant TTC : 49 €.
    /// ```
    "abbreviation",
    "Abréviations et sigles hors liste autorisée"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.abbreviation;
    let edits = Edits {
        add: &o.add,
        remove: &o.remove,
        allow: &o.allow,
        ..Edits::default()
    };
    Ok(Box::new(LexiconRule::new(
        META.id,
        crate::lexicon::ABBREVIATION_FILE,
        crate::lexicon::ABBREVIATION,
        edits,
    )?))
}
