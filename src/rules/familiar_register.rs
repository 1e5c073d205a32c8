use crate::config::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::lexicon::{self, PhraseMatcher};
use crate::rules::kit::{context, eq_fold, help_text, Ctx};
use std::sync::LazyLock;
use crate::rules::{Config, Rule};
use crate::text::{case_of, Case, Document, TokenKind};

/// The embedded lexicon.
pub const LEXICON: &str = lexicon::FAMILIAR_REGISTER;
const LEXICON_FILE: &str = lexicon::FAMILIAR_REGISTER_FILE;

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

/// Words before `top`/`nickel`/`cool` that make them a judgement.
static PREDICATE_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "predicate-prev"));
/// Words before `ok` that make it a user-interface label.
static LABEL_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "label-prev"));
/// Articles and possessives that make `salut` a noun.
static DETERMINERS: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "determiners"));
/// Words before `info`/`perso` in product labels (`espace perso`).
static SECTION_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "section-prev"));
/// Words after `info` in set labels (`infos trafic`, `infos pratiques`).
static SECTION_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "section-next"));
/// Words after `on` that make it the subject of a verb in the first person
/// of the plural (`on vous rappelle`, `on s'en occupe`, `on a reçu`).
static ON_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "on-next"));
/// Words before `file` that make it the verb « filer » (`je vous file`).
static FILE_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "file-prev"));
/// Words before `en charge de` that make it correct (`prise en charge`).
static TAKE_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "take-prev"));
/// Question words that end a question in spoken style (`vous voulez
/// quoi ?`), and the words before them that make the question written
/// French (`depuis quand ?`, `pour quoi faire ?`).
static SPOKEN_QUESTION_WORDS: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "spoken-question-words"));
static QUESTION_WORD_PREV: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "question-word-prev"));

/// Words after a capitalised `Ben`/`Bah` that make it an interjection.
static INTERJECTION_NEXT: LazyLock<&'static [String]> =
    LazyLock::new(|| context("familiar-register", "interjection-next"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    None,
    /// `top`, `nickel`: only as a judgement.
    Predicate,
    Super,
    Ok,
    Salut,
    Section,
    Interjection,
    DuCoup,
    EnFait,
    APlus,
    PleinDe,
    /// `on` for `nous`: before a verb or an object pronoun.
    On,
    /// `y a` for `il y a`: not inside `il y a`, `n'y a`.
    YA,
    /// `file` for `donne`: after an object pronoun (`je vous file`).
    File,
    /// `définitivement` for `certainement`: not beside a participle or an
    /// infinitive (`supprimé définitivement`, `fermer définitivement`).
    Definitely,
    /// `en charge de`: not in `prise en charge`, `prend en charge`.
    InCharge,
}

impl Guard {
    fn of(form: &str) -> Guard {
        match form {
            "top" | "nickel" | "niquel" => Guard::Predicate,
            "super" | "hyper" => Guard::Super,
            "ok" | "okay" | "oké" | "okey" | "yes" => Guard::Ok,
            "salut" => Guard::Salut,
            "info" | "infos" | "perso" => Guard::Section,
            "ben" | "bah" => Guard::Interjection,
            "du coup" => Guard::DuCoup,
            "en fait" => Guard::EnFait,
            "à plus" => Guard::APlus,
            "plein de" => Guard::PleinDe,
            "on" => Guard::On,
            "y a" => Guard::YA,
            "file" => Guard::File,
            "définitivement" => Guard::Definitely,
            "en charge de" | "en charge du" | "en charge des" => Guard::InCharge,
            "challenger" => Guard::Salut,
            _ => Guard::None,
        }
    }
}

#[derive(Debug)]
struct Info {
    guard: Guard,
    caps_ok: bool,
    safe: bool,
}

pub fn build(config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.familiar_register;
    let entries = lexicon::load(LEXICON_FILE, LEXICON, &o.add, &o.remove)?;
    let info = entries
        .iter()
        .map(|e| {
            let form = lexicon::normalize(&e.pattern);
            let letters = form.chars().filter(|c| c.is_alphabetic()).count();
            Info {
                guard: Guard::of(&form),
                caps_ok: letters >= 5 || matches!(form.as_str(), "ok" | "okay"),
                safe: e.suggestions.len() == 1 && e.hints.is_empty(),
            }
        })
        .collect();
    Ok(Box::new(FamiliarRegister {
        matcher: PhraseMatcher::new(entries),
        info,
    }))
}

struct FamiliarRegister {
    matcher: PhraseMatcher,
    info: Vec<Info>,
}

impl Rule for FamiliarRegister {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for m in self.matcher.find_iter(doc) {
            let i = m.index;
            let (info, entry) = (&self.info[i], m.entry);
            let Some(ctx) = Ctx::new(doc, m.span) else {
                continue;
            };
            let original = ctx.text();
            let case = case_of(original);
            let case_ok = match case {
                Case::Lower => true,
                Case::Capitalized => ctx.at_sentence_start(),
                Case::Upper => info.caps_ok,
                Case::Mixed => false,
            };
            if !case_ok || ctx.in_quotes() || !accepts(info.guard, &ctx, case) {
                continue;
            }
            let anglicism = entry.hints.iter().any(|h| h.starts_with("anglicisme"));
            let mut f = if anglicism {
                Finding::new(m.span, format!("« {original} » est un anglicisme ou un calque"))
            } else {
                Finding::new(m.span, format!("« {original} » relève du registre familier"))
            };
            f = f.help(help_text(
                "préférez un mot du registre courant",
                &entry.suggestions,
                &entry.hints,
            ));
            f = f.suggestions(entry.suggestions.iter().map(|s| ctx.fit(s, true)));
            if info.safe {
                f = f.safe();
            }
            out.push(f);
        }
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

fn accepts(guard: Guard, ctx: &Ctx<'_, '_>, case: Case) -> bool {
    let next_word = ctx.next().filter(|t| t.is_word());
    let next_capitalised = next_word
        .is_some_and(|t| t.text(ctx.doc.text).chars().next().is_some_and(char::is_uppercase));
    match guard {
        Guard::None => true,
        Guard::Predicate => {
            !ctx.next_is_number()
                && (ctx.prev_is(*PREDICATE_PREV) || ctx.stands_alone() || ctx.next_is(&["!"]))
        }
        Guard::Super => {
            !next_capitalised && !ctx.next_is_number() && !ctx.prev_is(&["au", "du", "le", "sans"])
        }
        Guard::Ok => {
            !ctx.prev_is(*LABEL_PREV)
                && !ctx.next_is(&["google"])
                && !ctx
                    .prev()
                    .is_some_and(|t| matches!(t.text(ctx.doc.text), "'" | "‘" | "’"))
        }
        Guard::Salut => !ctx.prev_is(*DETERMINERS),
        Guard::Section => {
            !ctx.prev_is(*SECTION_PREV) && !ctx.next_is(*SECTION_NEXT) && !next_capitalised
        }
        Guard::Interjection => {
            case == Case::Lower
                || ctx.next().map_or(true, |t| t.kind == TokenKind::Punct)
                || ctx.next_is(*INTERJECTION_NEXT)
        }
        Guard::DuCoup => !ctx.next_is(&["de", "d'"]),
        Guard::EnFait => {
            (ctx.at_sentence_start() || ctx.prev().is_some_and(|t| t.text(ctx.doc.text) == ","))
                && !ctx.next_is(&["partie"])
        }
        Guard::APlus => next_word.is_none() && !ctx.next_is_number(),
        Guard::PleinDe => !ctx.prev_is(&["au", "en", "faire", "le", "un", "à"]),
        Guard::On => ctx.next_is(*ON_NEXT),
        Guard::YA => !ctx.prev_is(&["il", "n'", "y"]) && ctx.at_sentence_start(),
        Guard::File => ctx.prev_is(*FILE_PREV),
        Guard::Definitely => {
            let participle = |t: &crate::text::Token| {
                let w = t.text(ctx.doc.text).to_lowercase();
                t.is_word()
                    && ["é", "ée", "és", "ées", "is", "ie", "ies", "er", "ir", "re", "u", "ue", "us"]
                        .iter()
                        .any(|e| w.ends_with(e))
                    && w.chars().count() > 3
            };
            !ctx.prev().is_some_and(participle) && !ctx.next().is_some_and(participle)
        }
        Guard::InCharge => !ctx.prev_is(*TAKE_PREV),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kit::tests::{assert_sorted, flagged, linter};

    fn fam(text: &str) -> Vec<String> {
        flagged(&linter("familiar-register"), text)
    }

    #[test]
    fn lexicon_is_sorted_and_big_enough() {
        let entries = assert_sorted(LEXICON_FILE, LEXICON);
        assert!(entries.len() >= 40, "only {} entries", entries.len());
    }

    #[test]
    fn a_form_belongs_to_one_rule() {
        use crate::rules::abbreviation;
        let keys = |file: &str, src: &str| -> Vec<(String, bool)> {
            lexicon::parse(file, src)
                .unwrap()
                .into_iter()
                .map(|e| {
                    let exact = e.hints.iter().any(|h| h == abbreviation::EXACT_CASE);
                    (lexicon::normalize(&e.pattern).trim_end_matches('.').to_string(), exact)
                })
                .collect()
        };
        let fam = keys("familiar", LEXICON);
        let sms = keys("sms", lexicon::SMS_LANGUAGE);
        let abbr = keys("abbreviation", lexicon::ABBREVIATION);
        for (f, _) in &fam {
            assert!(!sms.iter().any(|(s, _)| s == f), "« {f} » is in familiar and sms");
            assert!(!abbr.iter().any(|(a, _)| a == f), "« {f} » is in familiar and abbreviation");
        }
        // An SMS form may only share its letters with an acronym matched in
        // its exact (upper) case: `rdv` (SMS) and `RDV` (acronym).
        for (s, _) in &sms {
            assert!(
                abbr.iter().all(|(a, exact)| a != s || *exact),
                "« {s} » is in sms and abbreviation"
            );
        }
    }

    #[test]
    fn familiar_words_fire() {
        let l = linter("familiar-register");
        let text = "Ouais, du coup je vous renvoie le truc, c'est nickel !";
        assert_eq!(flagged(&l, text), ["Ouais", "du coup", "truc", "nickel"]);
        let d = l.check(text);
        assert_eq!(d[0].suggestions, ["Oui"]);
        assert!(d[0].is_safe_fix());
        assert!(!d[2].is_safe_fix());
        assert_eq!(fam("OK, c'est top. Super, merci ! En fait, il est dispo."), ["OK", "top", "Super", "En fait", "dispo"]);
        assert_eq!(fam("Coucou ! Salut Julie, à plus !"), ["Coucou", "Salut", "à plus"]);
        assert_eq!(fam("Ben oui, euh, hein ?"), ["Ben", "euh", "hein"]);
        assert_eq!(fam("Ouais nickel !"), ["Ouais", "nickel"]);
    }

    #[test]
    fn homographs_stay_silent() {
        for text in [
            "Top départ des soldes ce matin !",
            "Ce top en coton existe en taille M, il est dans notre top 10.",
            "Ce bijou en nickel peut provoquer une allergie.",
            "Votre compte Nickel est ouvert.",
            "Rendez-vous au Super U le plus proche, le super 98 est en promotion.",
            "Cliquez sur le bouton « OK » puis appuyez sur OK.",
            "Ben vous rappellera demain.",
            "Je vous remercie du coup de fil.",
            "Cet accessoire en fait partie.",
            "Je vous rappelle à plus tard, pour un montant à plus de 50 €.",
            "Pensez à faire le plein de carburant.",
            "Votre espace perso et la rubrique infos sont à jour.",
            "Je vous envoie les informations sur votre compte pro.",
            "Le salut de l'équipe.",
            "Les infos trafic et les infos pratiques sont en ligne.",
            "Le superviseur, l'hypermarché et le super-héros.",
            "Vous avez écrit « c'est nul, ouais », je comprends.",
            "INFO : nos boutiques ferment à 19 h.",
            "https://exemple.fr/super/top",
        ] {
            assert!(fam(text).is_empty(), "{text}: {:?}", fam(text));
        }
    }
}
