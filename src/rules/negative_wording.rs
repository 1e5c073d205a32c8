use crate::config::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::lexicon::{self, Entry, LexiconError, PhraseMatcher};
use crate::rules::{Config, Rule};
use crate::text::{fit_case, Document, TokenKind};

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

// ---------------------------------------------------------------------------
// Phrase lexicons with context markers, shared with `weak-verb` and
// `tutoiement`.

/// Where a lexicon form may match (see the header of
/// `lexicon/negative-wording.txt`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Markers {
    /// `^form`: only where a clause begins.
    pub clause_start: bool,
    /// `form$`: only where a clause ends.
    pub clause_end: bool,
    /// `form *`: only before an action verb in the infinitive.
    pub action_verb: bool,
    /// `form => (correct)`: an exception that silences what it overlaps.
    pub exception: bool,
}

/// Split the markers off an entry's pattern.
pub(crate) fn strip_markers(mut e: Entry) -> (Entry, Markers) {
    let mut m = Markers::default();
    let mut p = e.pattern.trim();
    if let Some(rest) = p.strip_prefix('^') {
        m.clause_start = true;
        p = rest.trim_start();
    }
    if let Some(rest) = p.strip_suffix('*') {
        m.action_verb = true;
        p = rest.trim_end();
    }
    if let Some(rest) = p.strip_suffix('$') {
        m.clause_end = true;
        p = rest.trim_end();
    }
    m.exception = e.suggestions.is_empty() && e.hints.len() == 1 && e.hints[0] == "correct";
    e.pattern = p.to_string();
    (e, m)
}

/// A lexicon of phrases with markers, compiled once per linter.
pub(crate) struct PhraseLexicon {
    matcher: PhraseMatcher,
    markers: Vec<Markers>,
}

impl PhraseLexicon {
    /// Parse the embedded `src` (named `file` in errors), add the house
    /// style's `add` entries and drop its `remove` forms (markers ignored
    /// when comparing forms).
    pub(crate) fn load(file: &str, src: &str, add: &[String], remove: &[String]) -> Result<Self, LexiconError> {
        let mut items: Vec<(Entry, Markers)> = lexicon::parse(file, src)?.into_iter().map(strip_markers).collect();
        for (i, a) in add.iter().enumerate() {
            let e = Entry::parse(a).map_err(|message| LexiconError {
                file: "configuration".into(),
                line: i + 1,
                message: format!("entrée « {a} » de `add` : {message}"),
            })?;
            let (e, m) = strip_markers(e);
            if e.pattern.is_empty() {
                return Err(LexiconError {
                    file: "configuration".into(),
                    line: i + 1,
                    message: format!("entrée « {a} » de `add` : forme vide"),
                });
            }
            let key = lexicon::normalize(&e.pattern);
            items.retain(|(x, _)| lexicon::normalize(&x.pattern) != key);
            items.push((e, m));
        }
        let removed: Vec<String> = remove
            .iter()
            .map(|r| {
                let (e, _) = strip_markers(Entry {
                    pattern: r.clone(),
                    suggestions: Vec::new(),
                    hints: Vec::new(),
                });
                lexicon::normalize(&e.pattern)
            })
            .collect();
        items.retain(|(e, _)| !removed.contains(&lexicon::normalize(&e.pattern)));
        items.retain(|(e, _)| !e.pattern.is_empty());
        let (entries, markers): (Vec<Entry>, Vec<Markers>) = items.into_iter().unzip();
        Ok(PhraseLexicon {
            matcher: PhraseMatcher::new(entries),
            markers,
        })
    }

    /// The entries that report (exceptions left out).
    #[cfg(test)]
    pub(crate) fn reporting(&self) -> impl Iterator<Item = &Entry> {
        self.matcher
            .entries()
            .iter()
            .zip(&self.markers)
            .filter(|(_, m)| !m.exception)
            .map(|(e, _)| e)
    }

    /// The matches in `doc` that pass their markers, outside quotes.
    pub(crate) fn find<'m>(&'m self, doc: &Document<'_>) -> Vec<(Span, &'m Entry)> {
        let found = self.matcher.find_iter(doc);
        if found.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for m in found {
            let idx = m.index;
            let mk = self.markers[idx];
            if mk.exception
                || doc.in_quotes(m.span)
                || (mk.clause_start && !clause_start(doc, m.span.start))
                || (mk.clause_end && !clause_end(doc, m.span.end))
                || (mk.action_verb && !action_verb_follows(doc, m.span.end))
            {
                continue;
            }
            out.push((m.span, m.entry));
        }
        out
    }
}

/// A suggestion fitted to the text at `span` it replaces: the case its
/// place needs ([`fit_case`]), and a space after it when the form ends
/// with an elision (`d'` → `à `).
pub(crate) fn fit_suggestion(doc: &Document<'_>, span: Span, suggestion: &str, entry: &Entry) -> String {
    let at_start = doc.token_at(span.start).is_some_and(|i| doc.starts_sentence(i));
    let mut s = fit_case(span.slice(doc.text), suggestion, at_start, true);
    let elided = entry.pattern.ends_with(['\'', '’']);
    if elided && !s.ends_with(['\'', '’', ' ']) {
        s.push(' ');
    }
    s
}

/// Words after which a clause still counts as beginning (`Oui pas de
/// souci`, `et vous devez…`).
const CLAUSE_LEADS: &[&str] = &[
    "ah", "alors", "bien", "bon", "bref", "car", "cependant", "d'accord", "donc", "enfin", "ensuite",
    "entendu", "et", "maintenant", "mais", "ok", "okay", "oui", "parfait", "puis", "sinon", "super", "toutefois",
    "voilà",
];

/// Words that open a new clause right after a phrase (`Il n'y a pas de
/// souci je m'en occupe`).
const CLAUSE_OPENERS: &[&str] = &[
    "alors", "c'", "ça", "cela", "donc", "et", "j'", "je", "mais", "merci", "nous", "on",
];

/// The index of the token that starts at or after byte `offset`.
fn token_from(doc: &Document<'_>, offset: usize) -> usize {
    doc.tokens.partition_point(|t| t.span.start < offset)
}

/// True when a line break lies between bytes `a` and `b`.
fn line_break_between(doc: &Document<'_>, a: usize, b: usize) -> bool {
    doc.text.get(a..b).is_some_and(|s| s.contains('\n'))
}

fn is_boundary_punct(doc: &Document<'_>, i: usize) -> bool {
    let t = &doc.tokens[i];
    match t.kind {
        TokenKind::Punct => !matches!(t.text(doc.text), "'" | "’"),
        TokenKind::Emoji | TokenKind::Emoticon => true,
        _ => false,
    }
}

/// True when the phrase starting at byte `start` opens a clause.
pub(crate) fn clause_start(doc: &Document<'_>, start: usize) -> bool {
    let i = token_from(doc, start);
    if i == 0 {
        return true;
    }
    let prev = &doc.tokens[i - 1];
    if line_break_between(doc, prev.span.end, start) || is_boundary_punct(doc, i - 1) {
        return true;
    }
    prev.is_word() && CLAUSE_LEADS.contains(&lexicon::normalize(prev.text(doc.text)).as_str())
}

/// True when the phrase ending at byte `end` closes a clause.
pub(crate) fn clause_end(doc: &Document<'_>, end: usize) -> bool {
    let i = token_from(doc, end);
    let Some(next) = doc.tokens.get(i) else {
        return true;
    };
    if line_break_between(doc, end, next.span.start) || is_boundary_punct(doc, i) {
        return true;
    }
    next.is_word() && CLAUSE_OPENERS.contains(&lexicon::normalize(next.text(doc.text)).as_str())
}

/// Pronouns and adverbs skipped between « vous devez » and its verb.
const BEFORE_VERB: &[&str] = &[
    "absolument", "alors", "aussi", "bien", "d'abord", "donc", "également", "en", "ensuite", "impérativement",
    "juste", "l'", "la", "le", "les", "leur", "lui", "m'", "maintenant", "me", "nous", "obligatoirement",
    "seulement", "simplement", "vous", "y",
];

/// Verbs and adverbs that make « vous devez » a statement, not an order
/// (`vous devez recevoir un e-mail`, `vous devez sûrement…`).
const INFORMATIONAL: &[&str] = &[
    "actuellement", "apercevoir", "avoir", "bientôt", "certainement", "constater", "déjà", "disposer", "encore",
    "logiquement", "normalement", "peut-être", "posséder", "probablement", "recevoir", "surement", "sûrement",
    "trouver", "voir", "être",
];

/// True when an action verb in the infinitive follows byte `end`.
pub(crate) fn action_verb_follows(doc: &Document<'_>, end: usize) -> bool {
    let mut i = token_from(doc, end);
    for _ in 0..5 {
        let Some(t) = doc.tokens.get(i) else {
            return false;
        };
        if !t.is_word() {
            return false;
        }
        let w = lexicon::normalize(t.text(doc.text));
        if INFORMATIONAL.contains(&w.as_str()) {
            return false;
        }
        if BEFORE_VERB.contains(&w.as_str()) {
            i += 1;
            continue;
        }
        return w.chars().count() > 3 && (w.ends_with("er") || w.ends_with("ir") || w.ends_with("re"));
    }
    false
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
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

    /// The forms of a lexicon file, markers stripped and normalized, are in
    /// strictly increasing order.
    pub(crate) fn assert_sorted_unique(src: &str) {
        let keys: Vec<String> = lexicon::parse("t", src)
            .unwrap()
            .into_iter()
            .map(|e| lexicon::normalize(&strip_markers(e).0.pattern))
            .collect();
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "not sorted or duplicated: « {} » then « {} »", w[0], w[1]);
        }
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
