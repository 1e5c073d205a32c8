use crate::settings::{ConfigError, Level};
use crate::diagnostic::{concat, Finding, Span};
use crate::rules::{Rule, RuleOptions};
use crate::text::{capitalize, lower, Document, Token, TokenKind};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Flag words and passages written in capitals (shouting).
        pub shouting: bool,
        /// Letters from which one word in capitals is shouting.
        pub shouting_min_letters: usize,
        /// Words in capitals that are not shouting, besides the built-in list.
        pub acronyms: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// La mise en forme que la fenêtre de tchat affiche telle quelle :
    ///
    /// - les balises HTML (`<b>`, `<br>`, `<font color="red">`,
    ///   `<span style="color:red">`) et les entités (`&nbsp;`) ;
    /// - les balises BBCode (`[b]`, `[color=red]`) ;
    /// - l'emphase Markdown (`**gras**`, `__souligné__`, `~~barré~~`) ;
    /// - les majuscules qui crient : un mot de `shouting_min_letters` lettres
    ///   ou plus (4 par défaut) tout en majuscules, ou deux mots de suite en
    ///   majuscules.
    ///
    /// Ne crient pas : les sigles et marques connus (`SNCF`, `TVA`, `IBAN`,
    /// `FNAC`… liste `lexicon/acronyms.txt`), les abréviations admises par la
    /// règle `abbreviation`, la liste `acronyms` de la charte, les mots de
    /// trois lettres ou moins isolés, les mots sans voyelle, les chiffres
    /// romains, les noms de famille après `Madame`, `M.` ou un prénom
    /// (`Jean DUPONT`), et les libellés cités (`« VALIDER »`, `bouton
    /// VALIDER`, `code BIENVENUE`).
    ///
    /// ## Pourquoi
    ///
    /// Le client lit du texte brut : les balises s'affichent en clair et
    /// brouillent le message. Les majuscules se lisent comme des cris et
    /// paraissent agressives.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Votre colis est <b>bien parti</b>. ATTENTION, NE PAS OUVRIR le carton abîmé.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre colis est bien parti. Merci de ne pas ouvrir le carton abîmé.
    /// ```
    "formatting",
    "Couleurs, balises et majuscules criées"
}

const ACRONYMS: &str = include_str!("../../lexicon/acronyms.txt");

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(a|b|big|blockquote|body|br|center|code|del|div|em|font|h[1-6]|head|hr|html|i|img|ins|label|li|mark|ol|p|pre|s|script|section|small|span|strike|strong|style|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul)(?:\s[^<>\n]*)?/?>",
    )
    .expect("valid tag regex")
});

static COLOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:background-)?colou?r\s*[:=]\s*["']?\s*(#[0-9a-f]{3,8}|[a-z]+)"#)
        .expect("valid colour regex")
});

static BBCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[/?(b|i|u|s|color|colour|size|font|url|img|quote|center|left|right|highlight)(?:=[^\]\n]*)?\]")
        .expect("valid BBCode regex")
});

static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\*\*([^\s*](?:[^*\n]*?[^\s*])?)\*\*|__([^\s_](?:[^_\n]*?[^\s_])?)__|~~([^\s~](?:[^~\n]*?[^\s~])?)~~")
        .expect("valid Markdown regex")
});

static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});")
        .expect("valid entity regex")
});

/// Named HTML entities advisors paste, and their characters.
const ENTITIES: &[(&str, &str)] = &[
    ("&agrave;", "à"),
    ("&amp;", "&"),
    ("&apos;", "'"),
    ("&ccedil;", "ç"),
    ("&eacute;", "é"),
    ("&ecirc;", "ê"),
    ("&egrave;", "è"),
    ("&euro;", "€"),
    ("&gt;", ">"),
    ("&hellip;", "…"),
    ("&laquo;", "«"),
    ("&lt;", "<"),
    ("&nbsp;", "\u{00A0}"),
    ("&quot;", "\""),
    ("&raquo;", "»"),
    ("&rsquo;", "’"),
];

/// Civilities before a surname written in capitals (`Madame MARTIN`).
const CIVILITIES: &[&str] = &[
    "docteur",
    "dr",
    "madame",
    "mademoiselle",
    "maître",
    "me",
    "messieurs",
    "mesdames",
    "m",
    "mlle",
    "mme",
    "monsieur",
    "mr",
];

/// Words before a quoted label or code (`bouton VALIDER`, `code NOEL`).
const LABEL_WORDS: &[&str] = &[
    "bouton",
    "champ",
    "code",
    "coupon",
    "écrivez",
    "envoyez",
    "espace",
    "identifiant",
    "lien",
    "login",
    "mention",
    "menu",
    "mot-clé",
    "onglet",
    "option",
    "page",
    "promo",
    "réf",
    "référence",
    "rubrique",
    "saisissez",
    "section",
    "statut",
    "tapez",
];

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.formatting;
    let mut acronyms = HashSet::new();
    for e in crate::lexicon::parse("lexicon/acronyms.txt", ACRONYMS)? {
        acronyms.insert(e.pattern.to_uppercase());
    }
    // Known acronyms of the abbreviation rule are not shouting either.
    for e in crate::lexicon::parse(crate::lexicon::ABBREVIATION_FILE, crate::lexicon::ABBREVIATION)? {
        let p = e.pattern.replace('.', "");
        if p.chars().any(char::is_alphabetic)
            && p.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        {
            acronyms.insert(p);
        }
    }
    for a in config.abbreviation.allow.iter().chain(&o.acronyms) {
        acronyms.insert(a.replace('.', "").to_uppercase());
    }
    Ok(Box::new(Formatting {
        acronyms,
        shouting: o.shouting,
        min_letters: o.shouting_min_letters.max(2),
    }))
}

struct Formatting {
    acronyms: HashSet<String>,
    shouting: bool,
    min_letters: usize,
}

/// Letters of a word written in capitals (`None` when it has a lower-case
/// letter, a digit, or no letter).
fn caps_letters(word: &str) -> Option<usize> {
    // Most words open with a small ASCII letter: answered on that byte.
    if word
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return None;
    }
    let mut n = 0;
    for c in word.chars() {
        if c.is_lowercase() || c.is_ascii_digit() {
            return None;
        }
        if c.is_alphabetic() {
            n += 1;
        }
    }
    (n > 0).then_some(n)
}

fn has_vowel(word: &str) -> bool {
    word.chars().any(|c| "AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ".contains(c))
}

fn is_roman(word: &str) -> bool {
    word.chars().all(|c| "IVXLCDM".contains(c))
}

/// True when `word` looks like an opening-title-case word: `Jean`, `Madame`.
fn is_title_case(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(char::is_uppercase)
        && cs.clone().any(char::is_lowercase)
        && cs.all(|c| !c.is_uppercase())
}

impl Formatting {
    fn is_acronym(&self, word: &str) -> bool {
        let w = word.trim_end_matches(['\'', '’']);
        self.acronyms.contains(w)
            || (w.contains('-') && w.split('-').all(|p| p.is_empty() || self.is_acronym(p)))
            || !has_vowel(w)
            || is_roman(w)
    }

    /// HTML tags, colours, entities, BBCode and Markdown emphasis. Returns
    /// the spans found, so that shouting skips them.
    fn check_markup(&self, doc: &Document<'_>, out: &mut Vec<Finding>) -> Vec<Span> {
        let text = doc.text;
        let mut spans = Vec::new();
        // Each pattern is compiled on first use and searched only in texts
        // holding a character every one of its matches holds: most replies
        // have no `<`, `&`, `[`, `*`, `_` or `~`, and need none of them.
        let holds = |c: u8| memchr::memchr(c, text.as_bytes()).is_some();
        let markdown = holds(b'*') || holds(b'_') || holds(b'~');
        for m in holds(b'<').then(|| HTML_TAG.find_iter(text)).into_iter().flatten() {
            let span = Span::new(m.start(), m.end());
            if doc.in_link(span) {
                continue;
            }
            spans.push(span);
            let tag = m.as_str();
            let name = HTML_TAG
                .captures(tag)
                .and_then(|c| c.get(1))
                .map_or(String::new(), |n| n.as_str().to_lowercase());
            let f = if let Some(c) = COLOUR.captures(tag).and_then(|c| c.get(1)) {
                Finding::new(
                    span,
                    format!("couleur « {} » dans une balise HTML", c.as_str()),
                )
                .help(
                    "supprimez la balise : la fenêtre de tchat affiche le texte brut, sans couleur",
                )
                .suggest("")
                .safe()
            } else if matches!(name.as_str(), "br" | "p" | "div" | "hr" | "li") {
                Finding::new(span, format!("balise HTML « {tag} »"))
                    .help("remplacez la balise par un retour à la ligne (ou une ligne vide pour une nouvelle bulle)")
            } else if name == "a" {
                Finding::new(span, format!("balise HTML « {tag} »"))
                    .help("supprimez la balise et écrivez le lien en entier")
                    .suggest("")
            } else {
                Finding::new(span, format!("balise HTML « {tag} »"))
                    .help("supprimez la balise : la fenêtre de tchat affiche le texte brut")
                    .suggest("")
                    .safe()
            };
            out.push(f);
        }
        for m in holds(b'&').then(|| ENTITY.find_iter(text)).into_iter().flatten() {
            let span = Span::new(m.start(), m.end());
            if doc.in_link(span) {
                continue;
            }
            let e = m.as_str();
            let decoded = ENTITIES
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(e))
                .map(|(_, v)| (*v).to_string())
                .or_else(|| {
                    let num = e
                        .trim_start_matches('&')
                        .trim_end_matches(';')
                        .strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(n)
                        .filter(|c| !c.is_control())
                        .map(String::from)
                });
            // `&copy;`-like names we do not know may be words (`&co;`).
            let Some(decoded) = decoded else {
                continue;
            };
            spans.push(span);
            out.push(
                Finding::new(span, format!("entité HTML « {e} »"))
                    .help(if decoded == "\u{00A0}" {
                        "écrivez une espace insécable".to_string()
                    } else {
                        format!("écrivez « {decoded} »")
                    })
                    .suggest(decoded)
                    .safe(),
            );
        }
        for m in holds(b'[').then(|| BBCODE.find_iter(text)).into_iter().flatten() {
            let span = Span::new(m.start(), m.end());
            if doc.in_link(span) {
                continue;
            }
            spans.push(span);
            let tag = m.as_str();
            let name = BBCODE
                .captures(tag)
                .and_then(|c| c.get(1))
                .map_or(String::new(), |n| n.as_str().to_lowercase());
            let value = tag.split_once('=').map(|(_, v)| v.trim_end_matches(']'));
            let f = match (name.as_str(), value) {
                ("color" | "colour", Some(v)) => Finding::new(
                    span,
                    format!("couleur « {v} » en BBCode"),
                )
                .help(
                    "supprimez la balise : la fenêtre de tchat affiche le texte brut, sans couleur",
                )
                .suggest("")
                .safe(),
                ("url" | "img", _) => Finding::new(span, format!("balise BBCode « {tag} »"))
                    .help("supprimez la balise et écrivez le lien en entier")
                    .suggest(""),
                _ => Finding::new(span, format!("balise BBCode « {tag} »"))
                    .help("supprimez la balise : la fenêtre de tchat affiche le texte brut")
                    .suggest("")
                    .safe(),
            };
            out.push(f);
        }
        for c in markdown.then(|| MARKDOWN.captures_iter(text)).into_iter().flatten() {
            let (Some(all), Some(inner)) =
                (c.get(0), c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
            else {
                continue;
            };
            let span = Span::new(all.start(), all.end());
            if doc.in_link(span) {
                continue;
            }
            spans.push(span);
            out.push(
                Finding::new(span, format!("mise en forme Markdown « {} »", all.as_str()))
                    .help("supprimez les symboles : la fenêtre de tchat les affiche tels quels")
                    .suggest(inner.as_str())
                    .safe(),
            );
        }
        spans
    }

    /// Words or passages in capitals.
    fn check_shouting(&self, doc: &Document<'_>, skip: &[Span], out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        let mut i = 0;
        while i < toks.len() {
            if !self.in_caps_run(&toks[i], text, skip) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < toks.len()
                && self.in_caps_run(&toks[j], text, skip)
                && text[toks[j - 1].span.end..toks[j].span.start]
                    .chars()
                    .all(crate::text::is_space)
            {
                j += 1;
            }
            self.check_run(doc, i, j, out);
            i = j;
        }
    }

    fn in_caps_run(&self, t: &Token, text: &str, skip: &[Span]) -> bool {
        t.is_word()
            && caps_letters(t.text(text)).is_some()
            && !skip.iter().any(|s| s.overlaps(t.span))
    }

    fn check_run(&self, doc: &Document<'_>, a: usize, b: usize, out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        let run = &toks[a..b];
        let mut loud = 0;
        let mut long = false;
        for t in run {
            let w = t.text(text);
            let n = caps_letters(w).unwrap_or(0);
            if n >= 2 && !self.is_acronym(w) {
                loud += 1;
                long |= n >= self.min_letters;
            }
        }
        if loud < 2 && !long {
            return;
        }
        // `SAMSUNG GALAXY S24`: a product name before its model code.
        let model = toks.get(b).is_some_and(|n| {
            n.is_word()
                && text[run[b - a - 1].span.end..n.span.start]
                    .chars()
                    .all(crate::text::is_space)
                && n.text(text).chars().any(|c| c.is_ascii_digit())
                && n.text(text).chars().any(char::is_alphabetic)
        });
        if model || self.excused(doc, a) {
            return;
        }
        let span = Span::new(run[0].span.start, run[b - a - 1].span.end);
        let mut fixed = String::with_capacity(span.len());
        let mut pos = span.start;
        for t in run {
            fixed.push_str(&text[pos..t.span.start]);
            let w = t.text(text);
            if self.is_acronym(w) && caps_letters(w).unwrap_or(0) >= 2 {
                fixed.push_str(w);
            } else {
                fixed.push_str(&w.to_lowercase());
            }
            pos = t.span.end;
        }
        if doc.starts_sentence(a) {
            fixed = capitalize(&fixed);
        }
        let faulty = span.slice(text);
        let message = if b - a == 1 {
            concat(&["mot écrit en majuscules : « ", faulty, " »"])
        } else {
            concat(&["passage écrit en majuscules : « ", faulty, " »"])
        };
        out.push(
            Finding::new(span, message)
                .help("écrivez en minuscules : les majuscules donnent l'impression de crier")
                .suggest(fixed),
        );
    }

    /// A surname after a civility or a first name, a quoted label, a code.
    fn excused(&self, doc: &Document<'_>, a: usize) -> bool {
        let text = doc.text;
        let toks = &doc.tokens;
        // The line of token `a` (binary search: lines are in order).
        let k = doc.lines.partition_point(|l| l.tokens.end <= a);
        let line_start = doc
            .lines
            .get(k)
            .filter(|l| l.tokens.contains(&a))
            .map_or(0, |l| l.span.start);
        let before = &text[line_start..toks[a].span.start];
        // Inside « » or " " opened earlier on the line.
        let opened = before.matches('«').count() > before.matches('»').count()
            || before.matches('"').count() % 2 == 1
            || before.matches('“').count() > before.matches('”').count();
        if opened {
            return true;
        }
        let mut k = a;
        while k > 0 {
            k -= 1;
            let t = &toks[k];
            if t.span.end <= line_start {
                return false;
            }
            match t.kind {
                TokenKind::Punct if t.text(text) == "." => continue,
                TokenKind::Word => {
                    let w = t.text(text);
                    let l = lower(w);
                    return CIVILITIES.contains(&l.as_ref())
                        || LABEL_WORDS.contains(&l.as_ref())
                        || is_title_case(w)
                        || (w.chars().any(char::is_uppercase)
                            && w.chars().any(char::is_lowercase)
                            && !is_title_case(w));
                }
                _ => return false,
            }
        }
        false
    }
}

impl Rule for Formatting {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let markup = self.check_markup(doc, out);
        if self.shouting {
            self.check_shouting(doc, &markup, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    fn found_with(extra: &str, text: &str) -> Vec<(String, String)> {
        let mut c = Config::default();
        c.merge_str("t.toml", extra).unwrap();
        c.select(&["formatting".into()], &[]).unwrap();
        Linter::new(c)
            .unwrap()
            .check(text)
            .iter()
            .map(|d| {
                (
                    d.span.slice(text).to_string(),
                    d.suggestions.first().cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn found(text: &str) -> Vec<(String, String)> {
        found_with("", text)
    }

    fn silent(text: &str) {
        let f = found(text);
        assert!(f.is_empty(), "{text:?} should be clean: {f:?}");
    }

    #[test]
    fn acronym_list_is_sorted_and_unique() {
        let entries: Vec<String> = crate::lexicon::parse("acronyms", super::ACRONYMS)
            .unwrap()
            .into_iter()
            .map(|e| e.pattern)
            .collect();
        assert!(entries.len() >= 80, "{}", entries.len());
        for w in entries.windows(2) {
            assert!(
                w[0] < w[1],
                "not sorted or duplicated: {} then {}",
                w[0],
                w[1]
            );
        }
        for e in &entries {
            assert_eq!(
                e,
                &e.to_uppercase(),
                "acronyms are written in capitals: {e}"
            );
        }
    }

    #[test]
    fn html_tags_and_colours() {
        assert_eq!(
            found("Votre colis est <b>parti</b>."),
            [
                ("<b>".into(), String::new()),
                ("</b>".into(), String::new())
            ]
        );
        let t = "Le <span style=\"color:red\">retard</span> est réglé.";
        let d = found(t);
        assert_eq!(d.len(), 2);
        let mut c = Config::default();
        c.select(&["formatting".into()], &[]).unwrap();
        let diags = Linter::new(c).unwrap().check(t);
        assert!(diags[0].message.contains("« red »"), "{}", diags[0].message);
        assert_eq!(found("Bonjour<br/>Merci.")[0].0, "<br/>");
        assert_eq!(found("Voici <FONT COLOR=RED>ceci</FONT>.").len(), 2);
        assert_eq!(
            found("Prix&nbsp;: 12&euro;."),
            [
                ("&nbsp;".into(), "\u{00A0}".into()),
                ("&euro;".into(), "€".into())
            ]
        );
        silent("Bonjour <prénom>, délai <3 jours, a < b > c, Dupont & Fils.");
        silent("Voir https://exemple.fr/a?x=1&amp;y=2.");
    }

    #[test]
    fn bbcode_and_markdown() {
        assert_eq!(
            found("C'est [b]urgent[/b]."),
            [
                ("[b]".into(), String::new()),
                ("[/b]".into(), String::new())
            ]
        );
        assert_eq!(found("C'est [color=red]urgent[/color].").len(), 2);
        assert_eq!(
            found("C'est **important** et __noté__."),
            [
                ("**important**".into(), "important".into()),
                ("__noté__".into(), "noté".into())
            ]
        );
        silent("Le prix* est de 3 * 4 € [1], voir [prénom] et 2 ** 3.");
        silent("Lien : https://exemple.fr/__init__/page.");
    }

    #[test]
    fn shouting() {
        assert_eq!(
            found("Votre colis est URGENT."),
            [("URGENT".into(), "urgent".into())]
        );
        assert_eq!(
            found("MERCI de patienter."),
            [("MERCI".into(), "Merci".into())]
        );
        assert_eq!(
            found("Merci de NE PAS ouvrir le carton."),
            [("NE PAS".into(), "ne pas".into())]
        );
        assert_eq!(
            found("J'AI BIEN REÇU VOTRE RIB."),
            [(
                "J'AI BIEN REÇU VOTRE RIB".into(),
                "J'ai bien reçu votre RIB".into()
            )]
        );
        assert_eq!(
            found_with("[formatting]\nshouting_min_letters = 6\n", "Colis URGENT."),
            []
        );
    }

    #[test]
    fn acronyms_names_and_labels_are_not_shouting() {
        silent("Votre RIB, votre IBAN et le PDF de la facture TTC.");
        silent("Un SMS de la SNCF, un RDV au SAV de la FNAC, le code PIN de la carte SIM.");
        silent("Bonjour Madame MARTIN, M. DUPONT et Jean LE GALL.");
        silent("Cliquez sur « VALIDER » ou sur le bouton ANNULER avec le code BIENVENUE.");
        silent("Le tome XVIII, la taille XXL, un CB ou un OK.");
        silent("Votre iPhone PRO est réparé.");
        silent("Le modèle SAMSUNG GALAXY S24 est en stock, payable par MASTERCARD.");
        silent("Rendez-vous dans l'espace MON COMPTE et tapez STOP au 36111.");
        silent("Le colis est là. Ok.");
        let extra = "[formatting]\nacronyms = [\"LAPOSTE\"]\n";
        assert!(found_with(extra, "Par LAPOSTE.").is_empty());
        let off = "[formatting]\nshouting = false\n";
        assert!(found_with(off, "URGENT.").is_empty());
    }
}
