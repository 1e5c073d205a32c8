use crate::config::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::lexicon::{self, PhraseMatcher};
use crate::rules::kit::{help_text, Ctx};
use crate::rules::{Config, Rule};
use crate::text::{case_of, Case, Document, TokenKind};

/// The embedded lexicon. The `formatting` rule reads it too: every all-caps
/// form in it is an acronym, not shouting.
pub const LEXICON: &str = lexicon::ABBREVIATION;
const LEXICON_FILE: &str = lexicon::ABBREVIATION_FILE;

/// Marker of a widely understood acronym (never flagged).
pub const ACCEPTED: &str = "compris";
/// Marker of a form matched only as written.
pub const EXACT_CASE: &str = "casse exacte";

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Abbreviations the house style allows.
        pub allow: Vec<String>,
        /// Entries added to the lexicon (`form => expansion`).
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
    /// - les sigles compris de tous, marqués `(compris)` dans le lexique :
    ///   TVA, TTC, HT, PDF, SMS, SIM, USB, TV, GPS, IBAN, RIB, FAQ, Wi-Fi… ;
    ///   une charte qui veut les développer les ajoute sans la marque
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
    /// marqués `(casse exacte)` : `PR` (point relais) mais pas `pr`, forme
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

pub use crate::rules::kit::acronyms;

#[derive(Debug)]
struct Info {
    exact: bool,
    acronym: bool,
    dot_required: bool,
    hints: Vec<String>,
    safe: bool,
}

pub fn build(config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.abbreviation;
    let allowed: Vec<String> = o.allow.iter().map(|a| key(a)).collect();
    let entries: Vec<_> = lexicon::load(LEXICON_FILE, LEXICON, &o.add, &o.remove)?
        .into_iter()
        .filter(|e| !e.hints.iter().any(|h| h == ACCEPTED) && !allowed.contains(&key(&e.pattern)))
        .collect();
    let info = entries
        .iter()
        .map(|e| {
            let hints: Vec<String> = e.hints.iter().filter(|h| *h != EXACT_CASE).cloned().collect();
            Info {
                exact: e.hints.iter().any(|h| h == EXACT_CASE),
                acronym: case_of(&e.pattern) == Case::Upper,
                dot_required: e.pattern.ends_with('.'),
                safe: e.suggestions.len() == 1 && hints.is_empty(),
                hints,
            }
        })
        .collect();
    Ok(Box::new(Abbreviation {
        matcher: PhraseMatcher::new(entries),
        info,
    }))
}

/// An abbreviation as compared with the allow list: folded, no final dot.
fn key(s: &str) -> String {
    lexicon::normalize(s).trim_end_matches('.').to_string()
}

struct Abbreviation {
    matcher: PhraseMatcher,
    info: Vec<Info>,
}

impl Rule for Abbreviation {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for m in self.matcher.find_iter(doc) {
            let i = m.index;
            let (info, entry) = (&self.info[i], m.entry);
            let Some(ctx) = Ctx::new(doc, m.span) else {
                continue;
            };
            let original = ctx.text();
            let case_ok = if info.exact {
                original == entry.pattern
            } else {
                match case_of(original) {
                    Case::Lower | Case::Upper => true,
                    Case::Capitalized => ctx.at_sentence_start(),
                    Case::Mixed => false,
                }
            };
            if !case_ok || ctx.in_quotes() || explained(&ctx) {
                continue;
            }
            let line_end = doc.text[m.span.end..]
                .find('\n')
                .map_or(doc.text.len(), |n| m.span.end + n);
            let rest_of_line = doc.text[m.span.end..line_end].trim();
            let mut span = m.span;
            if info.dot_required {
                // `mon ex.` at the end of a line is a word and a full stop.
                if rest_of_line.is_empty() {
                    continue;
                }
            } else if rest_of_line.starts_with('.') && rest_of_line.len() > 1 && !rest_of_line.starts_with("..") {
                // `réf. 1234`: the abbreviation dot goes with the form.
                span = Span::new(span.start, span.end + 1);
            }
            let shown = span.slice(doc.text);
            let message = if info.acronym {
                format!("sigle « {shown} » : le client peut ne pas le comprendre")
            } else {
                format!("abréviation « {shown} » : le client peut ne pas la comprendre")
            };
            let mut f = Finding::new(span, message);
            let base = if info.acronym {
                "écrivez le sigle en toutes lettres"
            } else {
                "écrivez le mot en entier"
            };
            f = f.help(help_text(base, &entry.suggestions, &info.hints));
            // An acronym's capitals are its nature, not the writer's: `CB` →
            // `carte bancaire`.
            f = f.suggestions(entry.suggestions.iter().map(|s| ctx.fit(s, !info.acronym)));
            if info.safe {
                f = f.safe();
            }
            out.push(f);
        }
    }
}

/// `LRAR (lettre recommandée…)` or `carte bancaire (CB)`: the acronym comes
/// with its expansion.
fn explained(ctx: &Ctx<'_, '_>) -> bool {
    let open = |t: &crate::text::Token| t.kind == TokenKind::Punct && t.text(ctx.doc.text) == "(";
    let close = |t: &crate::text::Token| t.kind == TokenKind::Punct && t.text(ctx.doc.text) == ")";
    ctx.next().is_some_and(open) || (ctx.prev().is_some_and(open) && ctx.next().is_some_and(close))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kit::tests::{assert_sorted, flagged, linter};
    use crate::Linter;

    fn abbr(text: &str) -> Vec<String> {
        flagged(&linter("abbreviation"), text)
    }

    #[test]
    fn lexicon_is_sorted_and_well_formed() {
        let entries = assert_sorted(LEXICON_FILE, LEXICON);
        for e in &entries {
            let accepted = e.hints.iter().any(|h| h == ACCEPTED);
            assert!(accepted || !e.suggestions.is_empty(), "{}: no expansion", e.pattern);
        }
        for unit in ["cm", "kg", "go", "mo", "h", "min", "km", "l", "mm", "m", "mme", "mlle", "n°", "etc"] {
            assert!(
                entries.iter().all(|e| key(&e.pattern) != unit),
                "{unit} is not an abbreviation"
            );
        }
        let a = acronyms();
        assert!(a.contains("CB") && a.contains("TVA") && a.contains("RDV"));
    }

    #[test]
    fn trade_abbreviations_fire() {
        let l = linter("abbreviation");
        let text = "Votre cde est partie, le BL et l'AR sont en PJ, cf. votre réf. 1234.";
        assert_eq!(flagged(&l, text), ["cde", "BL", "AR", "PJ", "cf.", "réf."]);
        let d = l.check(text);
        assert_eq!(d[0].suggestions, ["commande"]);
        assert!(d[0].is_safe_fix());
        assert_eq!(d[5].suggestions, ["référence"]);
        assert_eq!(abbr("Payez par cb ou par CB."), ["cb", "CB"]);
        assert_eq!(abbr("Cde reçue, rbt en cours, qté : 2."), ["Cde", "rbt", "qté"]);
        assert_eq!(abbr("Retrait au PR de votre quartier."), ["PR"]);
        assert_eq!(abbr("Mr Dupont a appelé."), ["Mr"]);
    }

    #[test]
    fn units_civilities_brands_and_known_acronyms_stay_silent() {
        for text in [
            "Le colis fait 40 cm et 3 kg, 2 Go de données, livré sous 48 h, en 10 min, à 5 km. Prix 10 € soit 20 %.",
            "Madame, Mme Durand, Mlle Petit et M. Martin, commande n° 1234.",
            "Vos billets SNCF, votre contrat EDF, votre carte FNAC.",
            "Prix TTC, HT et TVA comprise, en PDF par SMS, carte SIM, câble USB, GPS, IBAN et RIB.",
            "Votre RDV au SAV est confirmé, merci de patienter SVP.",
            "La LRAR (lettre recommandée avec accusé de réception) est partie.",
            "Par carte bancaire (CB) ou virement.",
            "Mon ex.",
            "Je pars à Rio demain.",
            "Le bouton « Valider ma cde » en bas de page.",
            "Voir https://exemple.fr/cde/rbt",
        ] {
            assert!(abbr(text).is_empty(), "{text}: {:?}", abbr(text));
        }
    }

    #[test]
    fn allow_list_and_lexicon_edits() {
        let mut c = Config::default();
        c.select(&["abbreviation".into()], &[]).unwrap();
        c.abbreviation.allow = vec!["CB".into(), "cf.".into()];
        c.abbreviation.add = vec!["TVA => taxe sur la valeur ajoutée".into()];
        c.abbreviation.remove = vec!["BL".into()];
        let l = Linter::new(c).unwrap();
        assert_eq!(flagged(&l, "CB, cf. le BL, la TVA et le RDV."), ["TVA", "RDV"]);
    }
}
