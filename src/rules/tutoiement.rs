use crate::settings::{ConfigError, Level, Patchable};
use crate::diagnostic::{Finding, Span};
use crate::rules::kit::{fit_suggestion, PhraseLexicon};
use crate::rules::{Rule, RuleOptions};
use crate::text::{lower, match_case, Document};
use serde::Deserialize;

/// How the house style addresses the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Address {
    /// Vouvoiement: the customer is « vous »; « tu » forms are flagged.
    Vous,
    /// Tutoiement (brands that tutoient): « vous » forms are flagged.
    Tu,
}

impl Patchable for Address {
    type Patch = Address;
    fn apply(&mut self, patch: Address) {
        *self = patch;
    }
}

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// "vous" (the customer is vouvoyé: flag tu, te, t', toi, ton, ta,
        /// tes…) or "tu" (the brand tutoie: flag vous, votre, vos).
        pub address: Address,
        /// Entries added to the list of second-person forms (`dis-moi =>
        /// dites-moi`), used when address = "vous".
        pub add: Vec<String>,
        /// Forms of that list removed.
        pub remove: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Avec `address = "vous"` (par défaut) : le client tutoyé, c'est-à-dire
    /// les pronoms et possessifs de la deuxième personne du singulier (« tu »,
    /// « te », « t' », « toi », « ton », « ta », « tes », « le tien »…), les
    /// inversions (« as-tu », « connecte-toi ») et quelques impératifs
    /// (« dis-moi », « n'hésite pas », « t'inquiète », liste
    /// `lexicon/tutoiement.txt`).
    ///
    /// Ne sont pas signalés : le « t » euphonique (« a-t-il », « va-t-on »),
    /// « T-shirt », la lettre « t », le nom « ton » (« le ton de votre
    /// message », « ton sur ton », « changer de ton »), les propos du client
    /// cités entre guillemets, les noms de produits (mot à majuscule en
    /// milieu de phrase) et les sigles en capitales. Les abréviations SMS
    /// (« tkt », « stp ») relèvent de `sms-language`.
    ///
    /// Avec `address = "tu"` (marque qui tutoie ses clients), la règle
    /// s'inverse et signale « vous », « votre », « vos », « vôtre » ; elle ne
    /// distingue pas le « vous » de politesse du « vous » pluriel.
    ///
    /// ## Pourquoi
    ///
    /// En relation client, le vouvoiement est la règle sauf choix de marque :
    /// un tutoiement non voulu paraît familier, voire irrespectueux, et un
    /// mélange des deux dans une conversation déroute le client.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Je t'envoie le lien : tu peux suivre ton colis ici.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Je vous envoie le lien : vous pouvez suivre votre colis ici.
    /// ```
    "tutoiement",
    "Tutoiement du client"
}

/// The lexicon file of this rule, embedded.
pub const LEXICON: &str = include_str!("../../lexicon/tutoiement.txt");
const LEXICON_FILE: &str = "lexicon/tutoiement.txt";

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.tutoiement;
    Ok(Box::new(Tutoiement {
        address: o.address,
        phrases: PhraseLexicon::load(LEXICON_FILE, LEXICON, &o.add, &o.remove)?,
    }))
}

struct Tutoiement {
    address: Address,
    phrases: PhraseLexicon,
}

/// The whole words of the second person this rule reads (in any case).
const TU_WORDS: &[&str] = &["tu", "te", "toi", "ta", "tes", "ton", "tien", "tienne", "tiennes"];

/// Words before « ton » that make it the noun (`le ton`, `un ton`).
const TON_NOUN_BEFORE: &[&str] = &[
    "au", "bon", "ce", "du", "le", "leur", "même", "mon", "notre", "quel", "son", "sur", "un", "votre",
];

/// Words before « tu » that make it the participle of « taire » (`il s'est
/// tu`).
const TU_PARTICIPLE_BEFORE: &[&str] = &["est", "étaient", "était", "été", "sont"];

impl Tutoiement {
    fn check_vous_mode(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let phrases = self.phrases.find(doc);
        for (span, entry) in &phrases {
            let found = span.slice(doc.text);
            out.push(
                Finding::new(*span, format!("tutoiement « {found} » : le client est vouvoyé"))
                    .help("vouvoyez le client")
                    .suggestions(entry.suggestions.iter().map(|s| fit_suggestion(doc, *span, s, entry))),
            );
        }
        let phrase_spans: Vec<Span> = phrases.iter().map(|(s, _)| *s).collect();
        let covered = |s: Span| {
            let k = phrase_spans.partition_point(|p| p.end <= s.start);
            phrase_spans.get(k).is_some_and(|p| p.overlaps(s)) || doc.in_quotes(s)
        };
        for (i, t) in doc.words() {
            let text = t.text(doc.text);
            // Words are short: a plain loop beats a memchr call.
            let hyphen = text.bytes().any(|b| b == b'-');
            if !text.starts_with(['t', 'T']) && !hyphen {
                continue;
            }
            // A whole word (not elided, no hyphen) is one of the pronouns
            // and possessives below, or nothing this rule reports.
            if !t.elided && !hyphen && !TU_WORDS.iter().any(|w| text.eq_ignore_ascii_case(w)) {
                continue;
            }
            if covered(t.span) || is_acronym(text) {
                continue;
            }
            if t.elided {
                if matches!(text, "t'" | "t’" | "T'" | "T’") && (text.starts_with('t') || doc.starts_sentence(i)) {
                    out.push(pronoun(t.span, text, "vous "));
                }
                continue;
            }
            if text.contains('-') {
                for (k, (span, part)) in t.parts(doc.text).enumerate() {
                    let p = lower(part);
                    let hit = match p.as_ref() {
                        "toi" => true,
                        "tu" => k > 0,
                        _ => false,
                    };
                    if hit && (k > 0 || !part.starts_with('T') || doc.starts_sentence(i)) {
                        out.push(pronoun(span, part, "vous"));
                    }
                }
                continue;
            }
            let capital = text.starts_with('T');
            if capital && !doc.starts_sentence(i) {
                continue; // a product or brand name: « la gamme Ta Maison »
            }
            let w = lower(text);
            let prev = prev_word(doc, i);
            let suggestion = match w.as_ref() {
                "tu" if !prev.as_deref().is_some_and(|p| TU_PARTICIPLE_BEFORE.contains(&p)) => "vous",
                "te" | "toi" => "vous",
                "ta" => "votre",
                "tes" => "vos",
                "ton" if !ton_is_noun(doc, i, prev.as_deref()) => "votre",
                "tien" | "tienne" if matches!(prev.as_deref(), Some("le" | "la")) => "vôtre",
                "tiennes" if prev.as_deref() == Some("les") => "vôtres",
                _ => continue,
            };
            out.push(pronoun(t.span, text, suggestion));
        }
    }

    fn check_tu_mode(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for (i, t) in doc.words() {
            let text = t.text(doc.text);
            if !text.contains(['v', 'V']) || is_acronym(text) || doc.in_quotes(t.span) {
                continue;
            }
            if lower(text).starts_with("rendez-vous") {
                continue; // the noun « un rendez-vous »
            }
            for (k, (span, part)) in t.parts(doc.text).enumerate() {
                if k == 0 && part.starts_with('V') && !doc.starts_sentence(i) {
                    continue;
                }
                let suggestions: &[&str] = match lower(part).as_ref() {
                    "vous" => &["tu", "te", "toi"],
                    "votre" => &["ton", "ta"],
                    "vos" => &["tes"],
                    "vôtre" => &["tien", "tienne"],
                    "vôtres" => &["tiens", "tiennes"],
                    _ => continue,
                };
                out.push(
                    Finding::new(span, format!("vouvoiement « {part} » : la marque tutoie ses clients"))
                        .help("tutoyez le client et accordez le verbe (« vous pouvez » → « tu peux »)")
                        .suggestions(suggestions.iter().map(|s| match_case(part, s))),
                );
            }
        }
    }
}

impl Rule for Tutoiement {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        match self.address {
            Address::Vous => self.check_vous_mode(doc, out),
            Address::Tu => self.check_tu_mode(doc, out),
        }
    }
}

fn pronoun(span: Span, found: &str, suggestion: &str) -> Finding {
    let help = if matches!(suggestion, "votre" | "vos" | "vôtre" | "vôtres") {
        "vouvoyez le client"
    } else {
        "vouvoyez le client et accordez le verbe (« tu peux » → « vous pouvez »)"
    };
    Finding::new(span, format!("tutoiement « {found} » : le client est vouvoyé"))
        .help(help)
        .suggest(match_case(found, suggestion))
}

/// All capitals, two letters or more: an acronym (`TA`, `TES`), not a
/// pronoun.
fn is_acronym(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let first_two = (letters.next(), letters.next());
    matches!(first_two, (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase())
        && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

/// The word right before token `i` (lower case), if the token before is a
/// word.
fn prev_word<'a>(doc: &Document<'a>, i: usize) -> Option<std::borrow::Cow<'a, str>> {
    let p = doc.tokens.get(i.checked_sub(1)?)?;
    p.is_word().then(|| lower(p.span.slice(doc.text)))
}

/// « le ton », « un ton », « ton sur ton », « changer de ton. » are the noun.
fn ton_is_noun(doc: &Document<'_>, i: usize, prev: Option<&str>) -> bool {
    if prev.is_some_and(|p| TON_NOUN_BEFORE.contains(&p)) {
        return true;
    }
    match doc.tokens.get(i + 1) {
        None => true,
        Some(n) if !n.is_word() => true,
        Some(n) => {
            let next = lower(n.text(doc.text));
            next == "sur"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kit::tests::assert_sorted_unique;
    use crate::{Config, Linter};

    fn linter(extra: &str) -> Linter {
        let mut c = Config::default();
        c.select(&["tutoiement".into()], &[]).unwrap();
        c.merge_str("t.toml", extra).unwrap();
        Linter::new(c).unwrap()
    }

    fn flagged(text: &str) -> Vec<String> {
        linter("").check(text).iter().map(|d| d.span.slice(text).to_string()).collect()
    }

    #[test]
    fn lexicon_is_sorted_and_duplicate_free() {
        assert_sorted_unique(LEXICON);
    }

    #[test]
    fn pronouns_and_possessives_fire() {
        assert_eq!(
            flagged("Je t'envoie le lien : tu peux suivre ton colis, ta commande et tes achats."),
            ["t'", "tu", "ton", "ta", "tes"]
        );
        assert_eq!(flagged("Merci à toi ! As-tu reçu le mail ? Connecte-toi."), ["Merci à toi", "tu", "toi"]);
        assert_eq!(flagged("Tu peux me dire ?"), ["Tu"]);
        assert_eq!(flagged("T’as reçu le colis ?"), ["T’as"]);
        assert_eq!(flagged("Dis-moi si ça te convient."), ["Dis-moi", "te"]);
        assert_eq!(flagged("Le mien est arrivé, et le tien ?"), ["tien"]);
    }

    #[test]
    fn homographs_stay_silent() {
        for t in [
            "A-t-il bien reçu le colis ? Va-t-on le relancer ?",
            "Le T-shirt est en stock.",
            "Le ton de votre message est tout à fait correct.",
            "Un pull ton sur ton.",
            "Nous avons changé de ton.",
            "Écrivez la lettre t en minuscule.",
            "Vous avez écrit « tu peux me rembourser ? », je m'en occupe.",
            "La gamme Ta Maison est en promotion.",
            "Le dossier TES est complet.",
            "Il s'est tu.",
            "Je tiens à vous remercier.",
            "Vous vous êtes bien connecté.",
        ] {
            assert!(flagged(t).is_empty(), "should stay silent: {t}: {:?}", flagged(t));
        }
    }

    #[test]
    fn suggestions_keep_case_and_elision() {
        let l = linter("");
        let d = l.check("T'inquiète, je t'envoie tes codes.");
        let s: Vec<_> = d.iter().map(|d| d.suggestions[0].as_str()).collect();
        assert_eq!(s, ["Rassurez-vous", "vous ", "vos"]);
    }

    #[test]
    fn tu_mode_flags_vous() {
        let l = linter("[tutoiement]\naddress = \"tu\"\n");
        assert!(l.check("Ton rendez-vous est confirmé.").is_empty());
        let text = "Pouvez-vous me donner votre numéro ? Tu peux aussi m'écrire.";
        let d = l.check(text);
        let spans: Vec<_> = d.iter().map(|d| d.span.slice(text)).collect();
        assert_eq!(spans, ["vous", "votre"]);
        assert_eq!(d[1].suggestions, ["ton", "ta"]);
    }

    #[test]
    fn bad_address_is_a_config_error() {
        let mut c = Config::default();
        let err = c.merge_str("m.toml", "[tutoiement]\naddress = \"il\"\n").unwrap_err().to_string();
        assert!(err.contains("m.toml") && err.contains("line 2"), "{err}");
    }
}
