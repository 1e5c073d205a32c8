use crate::settings::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::rules::{Rule, RuleOptions};
use crate::text::{Document, TokenKind};

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Le même mot écrit deux fois de suite (« le le », « je vous vous
    /// envoie », « c'est c'est »), sans tenir compte des majuscules, y compris
    /// de part et d'autre d'un retour à la ligne, mais pas à travers une
    /// ponctuation (« non, non » est voulu) ni d'une bulle à l'autre.
    ///
    /// Restent silencieux les doublons légitimes du français :
    /// - le pronom réfléchi après un sujet : « vous vous êtes connecté »,
    ///   « nous nous en occupons », « si vous vous inscrivez » (mais « je vous
    ///   vous envoie » est signalé : après « je », « vous » est déjà
    ///   complément) ;
    /// - le causatif « faire faire » (« je vais faire faire un devis ») ;
    /// - les redoublements expressifs ou familiers, qui ne sont pas des
    ///   fautes de frappe : « très très », « trop trop », « vite vite »,
    ///   « oui oui », « non non », « ah ah », « merci merci »… (le registre
    ///   familier relève d'une autre règle) ; « si si », « bien bien »,
    ///   « bon bon », « encore encore » seulement devant une ponctuation ou en
    ///   fin de ligne (« Si si ! ») ;
    /// - les noms propres (« Bora Bora » : le second mot a une majuscule) et
    ///   les mots qui contiennent des chiffres (codes).
    ///
    /// La correction (garder un seul mot) est appliquée par `tchatlint fix`
    /// quand les deux mots sont sur la même ligne.
    ///
    /// ## Pourquoi
    ///
    /// Un mot doublé est une faute de frappe visible au premier coup d'œil :
    /// elle donne une impression de précipitation et de négligence.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Je vous vous envoie le le bon de retour.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Je vous envoie le bon de retour. Vous vous êtes bien connecté.
    /// ```
    "repeated-word",
    "Mots répétés"
}

pub fn build(_config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(Box::new(RepeatedWord))
}

struct RepeatedWord;

/// Doublings that are expressive, never a typo.
const ALWAYS_OK: &[&str] = &[
    "ah", "allez", "bla", "bravo", "bye", "chut", "coucou", "eh", "ha", "hi", "ho", "hop", "hé", "merci", "non",
    "oh", "oui", "toc", "trop", "très", "vite", "voilà",
];

/// Doublings that are expressive before punctuation (`Si si !`), a typo
/// before another word (`si si vous voulez`).
const OK_BEFORE_PUNCT: &[&str] = &["beaucoup", "bien", "bon", "doucement", "encore", "si", "vraiment"];

/// Subject pronouns: after one, « vous vous » / « nous nous » is a typo.
const SUBJECTS: &[&str] = &["elle", "elles", "il", "ils", "j'", "je", "nous", "on", "tu", "vous"];

/// A word, or an elided word with the word it is glued to (`c'est`), as a
/// range of token indices.
#[derive(Debug, Clone, Copy)]
struct Unit {
    first: usize,
    last: usize,
}

impl Unit {
    fn span(&self, doc: &Document<'_>) -> Span {
        Span::new(doc.tokens[self.first].span.start, doc.tokens[self.last].span.end)
    }
}

/// False when the words starting at bytes `a` and `b` of `text` differ on
/// their first byte, both ASCII, whatever their case (most neighbours): the
/// first test of [`same_word`], before the words are looked up.
#[inline]
fn may_be_same(text: &str, a: usize, b: usize) -> bool {
    let (x, y) = (text.as_bytes()[a], text.as_bytes()[b]);
    !(x.is_ascii() && y.is_ascii()) || x.eq_ignore_ascii_case(&y)
}

/// Case- and apostrophe-insensitive equality, without allocating.
fn same_word(a: &str, b: &str) -> bool {
    fn fold(c: char) -> char {
        if matches!(c, '’' | '\u{02BC}') {
            '\''
        } else {
            c
        }
    }
    // Most neighbours differ from their first letter on.
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    if a.is_ascii() && b.is_ascii() {
        // Most pairs: no apostrophe to fold, no Unicode case table.
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .eq(b.chars().flat_map(char::to_lowercase).map(fold))
}

fn is_one_of(s: &str, list: &[&str]) -> bool {
    list.iter().any(|w| same_word(s, w))
}

impl RepeatedWord {
    /// Is the pair `a`, `b` (adjacent units) a legitimate doubling?
    fn legitimate(&self, doc: &Document<'_>, a: Unit, b: Unit) -> bool {
        let text = doc.text;
        let word = doc.tokens[a.first].text(text);
        let second = doc.tokens[b.first].text(text);
        if a.first == a.last {
            if word.chars().any(|c| c.is_ascii_digit()) || second.starts_with(char::is_uppercase) {
                return true;
            }
            if is_one_of(word, ALWAYS_OK) || same_word(word, "faire") {
                return true;
            }
            if is_one_of(word, OK_BEFORE_PUNCT) {
                let next = doc.tokens.get(b.last + 1);
                let line_end = match next {
                    None => true,
                    Some(n) => text
                        .get(doc.tokens[b.last].span.end..n.span.start)
                        .is_some_and(|s| s.contains('\n')),
                };
                if line_end || next.is_some_and(|n| !n.is_word()) {
                    return true;
                }
            }
            if is_one_of(word, &["vous", "nous"]) {
                // Reflexive after a subject: legitimate unless a subject
                // pronoun precedes the first one (`je vous vous`).
                let subject_before = a.first > 0
                    && doc.tokens[a.first - 1].is_word()
                    && is_one_of(doc.tokens[a.first - 1].text(text), SUBJECTS)
                    && !text
                        .get(doc.tokens[a.first - 1].span.end..doc.tokens[a.first].span.start)
                        .is_some_and(|s| s.contains('\n'));
                return !subject_before;
            }
            false
        } else {
            // `c'est c'est`: the second elided form capitalised is a name.
            second.starts_with(char::is_uppercase)
        }
    }
}

impl Rule for RepeatedWord {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        for block in &doc.blocks {
            let mut prev: Option<Unit> = None;
            let mut i = block.tokens.start;
            while i < block.tokens.end {
                let t = &doc.tokens[i];
                if t.kind != TokenKind::Word {
                    prev = None;
                    i += 1;
                    continue;
                }
                let glued = t.elided
                    && i + 1 < block.tokens.end
                    && doc.tokens[i + 1].is_word()
                    && doc.tokens[i + 1].span.start == t.span.end;
                let unit = Unit {
                    first: i,
                    last: if glued { i + 1 } else { i },
                };
                if let Some(p) = prev.filter(|p| may_be_same(text, doc.tokens[p.first].span.start, t.span.start)) {
                    let (ps, us) = (p.span(doc), unit.span(doc));
                    let same = (p.last - p.first) == (unit.last - unit.first) && same_word(ps.slice(text), us.slice(text));
                    if same && !self.legitimate(doc, p, unit) {
                        let first = ps.slice(text);
                        let second = us.slice(text);
                        let gap = &text[ps.end..us.start];
                        let mut f = Finding::new(
                            Span::new(ps.start, us.end),
                            format!("mot répété « {first} {second} »"),
                        )
                        .help("supprimez le mot en double")
                        .suggest(first);
                        if !gap.contains('\n') {
                            f = f.safe();
                        }
                        out.push(f);
                        // `le le le`: compare the next word with this one,
                        // but report each doubling once.
                        prev = None;
                        i = unit.last + 1;
                        continue;
                    }
                }
                prev = Some(unit);
                i = unit.last + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    #[test]
    fn same_word_ignores_case_and_apostrophes_only() {
        use super::same_word;
        for (a, b) in [("le", "LE"), ("Vous", "vous"), ("l’", "l'"), ("été", "ÉTÉ"), ("\u{212A}o", "ko")] {
            assert!(same_word(a, b), "{a} {b}");
        }
        for (a, b) in [("le", "la"), ("le", "de"), ("é", "e"), ("", "a"), ("ko", "\u{212A}a")] {
            assert!(!same_word(a, b), "{a} {b}");
        }
    }

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        let mut c = Config::default();
        c.select(&["repeated-word".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    fn flagged(text: &str) -> Vec<String> {
        check(text).iter().map(|d| d.span.slice(text).to_string()).collect()
    }

    #[test]
    fn typos_fire() {
        assert_eq!(flagged("Je vous envoie le le bon."), ["le le"]);
        assert_eq!(flagged("Je vous vous envoie le bon."), ["vous vous"]);
        assert_eq!(flagged("Il reste de de la place."), ["de de"]);
        assert_eq!(flagged("Le le colis est parti."), ["Le le"]);
        assert_eq!(flagged("C'est c'est noté."), ["C'est c'est"]);
        assert_eq!(flagged("C’est c'est noté."), ["C’est c'est"]);
        assert_eq!(flagged("Je vérifie votre\nvotre dossier."), ["votre\nvotre"]);
        assert_eq!(flagged("Si si vous voulez, je le fais."), ["Si si"]);
        assert_eq!(flagged("Nous nous nous en occupons."), ["nous nous"]);
    }

    #[test]
    fn legitimate_doubles_stay_silent() {
        for t in [
            "Vous vous êtes bien connecté.",
            "Nous nous sommes trompés, nous nous en occupons.",
            "Si vous vous inscrivez avant lundi, c'est gratuit.",
            "Pouvez-vous vous reconnecter ?",
            "Ils se parlent l'un l'autre.",
            "C'est très très rapide.",
            "Si si !",
            "Non non, c'est bien ça.",
            "Non, non.",
            "Je vais faire faire un devis.",
            "Vous partez à Bora Bora ?",
            "Le code A12 A12 est valable.",
            "Merci.\n\nMerci encore.",
            "le. Le colis",
            "Au revoir.\nAu revoir !",
        ] {
            assert!(check(t).is_empty(), "should stay silent: {t}: {:?}", flagged(t));
        }
    }

    #[test]
    fn fix_keeps_one_word_and_is_safe_on_one_line() {
        let d = check("Je vous envoie le le bon.");
        assert_eq!(d[0].suggestions, ["le"]);
        assert!(d[0].is_safe_fix());
        let d = check("Je vérifie votre\nvotre dossier.");
        assert!(!d[0].is_safe_fix());
        let l = {
            let mut c = Config::default();
            c.select(&["repeated-word".into()], &[]).unwrap();
            Linter::new(c).unwrap()
        };
        assert_eq!(crate::fix::fix_text(&l, "Le le colis de de Paul.").text, "Le colis de Paul.");
    }
}
