//! `familiar-register`: a lexicon rule (`lexicon/familiar-register.txt`,
//! see [`crate::rules::lexicon_rule`]), plus questions in spoken style.

use crate::settings::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::rules::kit::{context, eq_fold};
use crate::rules::lexicon_rule::{Edits, LexiconRule};
use crate::rules::{Rule, RuleOptions};
use crate::text::{Document, TokenKind};
use std::sync::LazyLock;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Entries added to the lexicon (`form => suggestion [tags]`).
        pub add: Vec<String>,
        /// Lexicon forms removed.
        pub remove: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les mots familiers, les mots tronqués de l'oral et les tics de
    /// langage : `ouais`, `nan`, `ok`, `truc`, `super`, `génial`, `top`,
    /// `nickel`, `cool`, `sympa`, `boulot`, `bosser`, `fric`, `du coup`,
    /// `en fait`, `bah`, `ben`, `euh`, `hein`, `coucou`, `salut`, `ciao`,
    /// `bisous`, `dispo`, `info`, `perso`, `appart`, `ordi`, `résa`…
    /// (liste : `lexicon/familiar-register.txt`), chacun avec un mot neutre
    /// comme suggestion.
    ///
    /// Pour éviter les fausses alertes :
    /// - un mot écrit avec une capitale au milieu d'une phrase est un nom ou
    ///   un produit (la banque Nickel, Super U, Info Trafic) ; en majuscules,
    ///   seuls `OK` et les mots de cinq lettres ou plus sont signalés ;
    /// - `top` et `nickel` ne sont signalés qu'en appréciation (`c'est top`,
    ///   `Nickel !`), pas dans `top départ`, `un top en coton`, `le top 10`
    ///   ni `bijou en nickel` ; `super` pas devant un nom propre ou un nombre
    ///   (`Super U`, `super 98`) ;
    /// - `ok` entre guillemets ou après `bouton`, `touche`, `sur` (le bouton
    ///   « OK », `appuyez sur OK`) est un libellé ;
    /// - `salut` après un article (`le salut`), `du coup` devant `de`
    ///   (`du coup de fil`), `en fait` ailleurs qu'en début de phrase ou
    ///   devant `partie`, `à plus` devant un mot (`à plus tard`, `à plus de
    ///   50 €`), `plein de` après `le` (`faire le plein de`), `perso` et
    ///   `info` après `espace`, `rubrique`, `flash`… ne sont pas signalés ;
    /// - `ben` et `bah` avec une capitale ne sont signalés que devant une
    ///   ponctuation ou `oui`, `non`, `alors`… (Ben est aussi un prénom) ;
    /// - rien n'est signalé dans un lien ou entre guillemets.
    ///
    /// Les formes SMS (`slt`, `pb`, `mdr`) relèvent de `sms-language`, les
    /// abréviations écrites (`cde`, `rbt`) de `abbreviation` : une forme
    /// n'appartient qu'à une règle.
    ///
    /// ## Pourquoi
    ///
    /// Le tchat est écrit : ce qui passe à l'oral paraît désinvolte une fois
    /// écrit. Un registre courant, neutre et poli, rassure le client sur le
    /// sérieux de la réponse.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Ouais, du coup je vous renvoie le truc, c'est nickel !
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Oui, je vous renvoie donc le bon de retour. Tout est en ordre !
    /// ```
    "familiar-register",
    "Registre familier"
}

/// Question words that end a question in spoken style (`vous voulez
/// quoi ?`), and the words before them that make the question written
/// French (`depuis quand ?`, `pour quoi faire ?`).
static SPOKEN_QUESTION_WORDS: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "spoken-question-words"));
static QUESTION_WORD_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "question-word-prev"));

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.familiar_register;
    let edits = Edits {
        add: &o.add,
        remove: &o.remove,
        ..Edits::default()
    };
    Ok(Box::new(FamiliarRegister(LexiconRule::new(
        META.id,
        crate::lexicon::FAMILIAR_REGISTER_FILE,
        crate::lexicon::FAMILIAR_REGISTER,
        edits,
    )?)))
}

struct FamiliarRegister(LexiconRule);

impl Rule for FamiliarRegister {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        self.0.check(doc, out);
        spoken_questions(doc, out);
    }
}

/// Questions in spoken style: the question word last, after the verb
/// (`Vous voulez quoi ?`, `Vous l'avez reçu quand ?`), in a sentence
/// addressed to the customer (`vous` before it).
fn spoken_questions(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for s in &doc.sentences {
        let toks = &doc.tokens[s.tokens.clone()];
        let Some(q) = toks.iter().rposition(|t| t.kind == TokenKind::Punct && t.text(doc.text) == "?")
        else {
            continue;
        };
        // The question word, right before `?` or before `exactement ?`.
        let mut k = q;
        while k > 0 && toks[k - 1].is_word() && eq_fold(toks[k - 1].text(doc.text), "exactement") {
            k -= 1;
        }
        let Some(w) = k.checked_sub(1).map(|w| &toks[w]) else {
            continue;
        };
        let wt = w.text(doc.text);
        if !w.is_word() || !SPOKEN_QUESTION_WORDS.iter().any(|x| eq_fold(wt, x.as_str())) || k < 2 {
            continue;
        }
        let prev = &toks[k - 2];
        if !prev.is_word() || QUESTION_WORD_PREV.iter().any(|x| eq_fold(prev.text(doc.text), x.as_str())) {
            continue;
        }
        if !toks[..k - 1].iter().any(|t| t.is_word() && eq_fold(t.text(doc.text), "vous")) {
            continue;
        }
        if doc.in_quotes(w.span) {
            continue;
        }
        out.push(
            Finding::new(w.span, format!("question de style oral : « {wt} » en fin de phrase"))
                .help("posez la question en français écrit : « Quel créneau souhaitez-vous ? »"),
        );
    }
}
