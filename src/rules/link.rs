use crate::settings::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::rules::{Rule, RuleOptions};
use crate::text::{Document, TokenKind};
use regex::Regex;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Domains links may point to (a domain allows its subdomains), e.g.
        /// ["exemple.fr", "laposte.fr"]. Empty: any domain.
        pub allowed_domains: Vec<String>,
        /// URL shorteners: links through them are flagged.
        pub shorteners: Vec<String>,
        /// Flag plain `http://` (and `ftp://`) links.
        pub require_https: bool,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les liens dangereux ou inutilisables :
    ///
    /// - un lien en `http://` (non chiffré) au lieu de `https://` ;
    /// - un lien raccourci (bit.ly, tinyurl.com, goo.gl, t.co, ow.ly… liste
    ///   `shorteners`) : le client ne voit pas où il mène ;
    /// - un lien vers un domaine hors de la liste `allowed_domains` de la
    ///   charte, quand elle en donne une (un domaine autorise ses
    ///   sous-domaines) ;
    /// - un lien collé à un mot ou à une ponctuation (`voir:https://…`,
    ///   `https://….Merci`, `https://…?`), que le client ne peut pas ouvrir
    ///   d'un clic ;
    /// - un lien coupé par une espace (`https://exemple. fr/aide`,
    ///   `https:// exemple.fr`).
    ///
    /// Un point ou une virgule qui suit un lien avant une espace, ou des
    /// parenthèses et guillemets autour d'un lien, sont acceptés.
    ///
    /// ## Pourquoi
    ///
    /// Un lien envoyé par un conseiller doit pouvoir être ouvert en
    /// confiance : un lien raccourci ou vers un domaine inconnu ressemble à
    /// de l'hameçonnage, et un lien en http expose ce que le client saisit.
    /// Un lien collé ou coupé ne s'ouvre pas, et le client doit le
    /// recopier.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Vous trouverez le formulaire ici:http://bit.ly/3xRetour
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Vous trouverez le formulaire de retour ici : https://www.exemple.fr/retours
    /// ```
    "link",
    "Liens dangereux ou inutilisables"
}

const TLDS: &str = r"fr|com|net|org|eu|be|ch|ca|io|info|biz|gouv\.fr|co";

/// The links' pattern: a scheme or `www.`, a bare domain with a known
/// ending, or one of the `shorteners` followed by a path.
fn link_pattern(shorteners: &[String]) -> String {
    let mut pattern = String::from(
        r#"(?i)(?:(?-u:\b)(?:https?|ftp)://|(?-u:\b)www\.)[^\s<>«»"]*|(?-u:\b)(?:[a-z0-9][a-z0-9-]*\.)+(?:"#,
    );
    pattern.push_str(TLDS);
    pattern.push_str(r#")(?-u:\b)(?:/[^\s<>«»"]*)?"#);
    if !shorteners.is_empty() {
        pattern.push_str(r"|(?-u:\b)(?:");
        let alts: Vec<String> = shorteners.iter().map(|s| regex::escape(s)).collect();
        pattern.push_str(&alts.join("|"));
        pattern.push_str(r#")/[^\s<>«»"]+"#);
    }
    pattern
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(Box::new(Link::new(config)?))
}

static GLUED_WORD: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"[.,;!?]\p{Lu}\p{Ll}+$").expect("valid glued-word regex")
});

/// What follows a link cut by a space: a domain end or a path.
static CONTINUATION: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(&format!(
        r#"^[ \x{{A0}}\x{{202F}}]+(?:\.?(?:{TLDS})(?-u:\b)(?:/[^\s<>«»"]*)?|/[^\s<>«»"]+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:/[^\s<>«»"]*)?)"#
    ))
    .expect("valid continuation regex")
});

struct Link {
    allowed: Vec<String>,
    /// Whether the links may be looked for only in the words that hold a
    /// sign of a link (see [`Link::matches`]).
    windowed: bool,
    shorteners: Vec<String>,
    require_https: bool,
    links: Regex,
    /// Compiled on first use, by the texts with a link.
    glued_word: &'static std::sync::LazyLock<Regex>,
    continuation: &'static std::sync::LazyLock<Regex>,
}

/// Characters that may stand right before a link.
fn opens(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '«' | '"' | '“' | '‘' | '\'' | '’' | '<' | '\u{A0}' | '\u{202F}'
        )
}

/// A byte that may follow the dot of a link: a letter or digit, or the
/// first byte of a character that is not ASCII (a letter such as `ſ` or
/// `K`, the Kelvin sign, matches `s` or `k` in a case-insensitive search).
fn opens_label(b: u8) -> bool {
    b.is_ascii_alphanumeric() || !b.is_ascii()
}

/// Whether the byte at `i` is a sign that a link may hold it: a dot
/// before a letter, a digit or a non-ASCII character (`exemple.fr`,
/// `bit.ly`), the dot of `www.`, or the colon of `://`.
fn link_sign(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'.' => {
            b.get(i + 1).is_some_and(|&n| opens_label(n))
                || (i > 0 && matches!(b[i - 1], b'w' | b'W'))
        }
        b':' => b.get(i + 1) == Some(&b'/'),
        _ => false,
    }
}

/// Whether a shortener holds a sign of a link and no space, as every link
/// the other parts of the pattern find does: else the links are looked for
/// in the whole text.
fn holds_link_sign(shortener: &str) -> bool {
    let b = shortener.as_bytes();
    !shortener.contains(char::is_whitespace) && (0..b.len()).any(|i| link_sign(b, i))
}

impl Link {
    fn new(config: &RuleOptions) -> Result<Self, ConfigError> {
        let o = &config.link;
        let norm = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|d| d.trim().trim_start_matches("www.").to_lowercase())
                .filter(|d| !d.is_empty())
                .collect()
        };
        let shorteners = norm(&o.shorteners);
        let links = Regex::new(&link_pattern(&shorteners)).map_err(|e| ConfigError::Invalid {
            path: "[link]".into(),
            message: format!("shorteners : {e}"),
        })?;
        Ok(Link {
            allowed: norm(&o.allowed_domains),
            windowed: shorteners.iter().all(|s| holds_link_sign(s)),
            shorteners,
            require_https: o.require_https,
            links,
            glued_word: &GLUED_WORD,
            continuation: &CONTINUATION,
        })
    }

    /// The links' spans, as `self.links.find_iter(text)` finds them. No
    /// link holds a space, and each one holds a sign of a link (see
    /// [`link_sign`]): the search runs only on the words (runs of text
    /// between spaces) that hold one, which are few in prose, where a dot
    /// ends a sentence before a space. A word starts and ends next to a
    /// space or an end of the text, where the ASCII word boundaries of
    /// the pattern read the same in the word as in the text.
    fn matches(&self, text: &str) -> Vec<(usize, usize)> {
        if !self.windowed {
            return self.links.find_iter(text).map(|m| (m.start(), m.end())).collect();
        }
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        for i in memchr::memchr2_iter(b'.', b':', b) {
            if i < from || !link_sign(b, i) {
                continue;
            }
            let start = text[from..i]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(from, |(k, c)| from + k + c.len_utf8());
            let end = text[i..]
                .char_indices()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(text.len(), |(k, _)| i + k);
            out.extend(
                self.links
                    .find_iter(&text[start..end])
                    .map(|m| (start + m.start(), start + m.end())),
            );
            from = end;
        }
        out
    }
}

impl Rule for Link {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let mut skip_until = 0;
        for (m_start, m_end) in self.matches(text) {
            if m_start < skip_until {
                continue;
            }
            let before = text[..m_start].chars().next_back();
            if before == Some('@')
                || before.is_some_and(|c| c.is_alphanumeric() && !c.is_ascii())
                || doc
                    .overlapping(Span::new(m_start, m_end))
                    .any(|t| t.kind == TokenKind::Email)
            {
                continue;
            }
            let raw = &text[m_start..m_end];
            // The link proper, without trailing punctuation or a word glued
            // after a dot (`…/aide.Merci`).
            let mut link_end = m_start + raw.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '…', '\'', '’']).len();
            if let Some(g) = self.glued_word.find(&text[m_start..link_end]) {
                link_end = m_start + g.start();
            }
            let link = &text[m_start..link_end];
            let lower = link.to_ascii_lowercase();
            let scheme_len = ["https://", "http://", "ftp://", "www."]
                .iter()
                .find(|s| lower.starts_with(*s))
                .map_or(0, |s| s.len());

            // Cut by a space: `https:// exemple.fr`, `https://exemple. fr/aide`.
            let rest = &text[m_end..];
            let cut = if scheme_len > 0 && link.len() == scheme_len {
                self.continuation.find(rest)
            } else if raw.ends_with('.') && !rest.starts_with('\n') {
                self.continuation
                    .find(rest)
                    .filter(|c| c.as_str().trim_start().starts_with(|ch: char| ch.is_ascii_lowercase()))
                    .filter(|c| {
                        let w = c.as_str().trim_start();
                        let tld = w.split(['/', '.']).next().unwrap_or("");
                        TLDS.split('|').any(|t| t == tld)
                    })
            } else if !host_of(link, scheme_len).contains('.') {
                self.continuation
                    .find(rest)
                    .filter(|c| c.as_str().trim_start().starts_with('.'))
            } else if raw.ends_with('/') {
                self.continuation
                    .find(rest)
                    .filter(|c| c.as_str().trim_start().contains(['/', '.']))
            } else {
                None
            };
            if let Some(c) = cut {
                let end = m_end + c.end();
                let span = Span::new(m_start, end);
                let joined: String = span.slice(text).chars().filter(|ch| !ch.is_whitespace()).collect();
                out.push(
                    Finding::new(span, format!("lien coupé par une espace (« {} »)", span.slice(text)))
                        .help("écrivez le lien d'un seul tenant, sans espace, pour qu'il s'ouvre d'un clic")
                        .suggest(joined),
                );
                skip_until = end;
                continue;
            }
            skip_until = m_end;

            // Glued before: `voir:https://…`.
            if let Some(c) = before.filter(|&c| !opens(c)) {
                let start = m_start - c.len_utf8();
                let span = Span::new(start, link_end);
                let replacement = if matches!(c, ':' | ';' | '!' | '?') {
                    let spaced = text[..start].ends_with(|ch: char| ch.is_whitespace());
                    format!("{}{c} {link}", if spaced { "" } else { "\u{A0}" })
                } else {
                    format!("{c} {link}")
                };
                out.push(
                    Finding::new(span, format!("lien collé à « {c} » (« {} »)", span.slice(text)))
                        .help("séparez le lien du texte qui le précède par une espace")
                        .suggest(replacement)
                        .safe(),
                );
            }
            // Glued after: `https://….Merci`, `https://…?`.
            let after = &text[link_end..m_end];
            let glued_after = if after.chars().any(char::is_alphabetic) {
                Some(after)
            } else {
                let next = text[m_end..].chars().next();
                (after.contains(['?', '!', ';', ':'])
                    || (!after.is_empty() && next.is_some_and(char::is_alphanumeric)))
                .then_some(after)
            };
            if let Some(tail) = glued_after.filter(|t| !t.is_empty()) {
                let span = Span::new(link_end, m_end);
                let p: String = tail.chars().take_while(|c| !c.is_alphanumeric()).collect();
                let word = &tail[p.len()..];
                let replacement = if word.is_empty() {
                    // `…/aide?` → `…/aide ?` (no-break space, French style).
                    let at = p.find(['?', '!', ';', ':']).unwrap_or(0);
                    format!("{}\u{A0}{}", &p[..at], &p[at..])
                } else if p.contains(['?', '!', ';', ':']) {
                    format!("\u{A0}{p} {word}")
                } else {
                    format!("{p} {word}")
                };
                out.push(
                    Finding::new(
                        span,
                        if word.is_empty() {
                            format!("ponctuation collée à la fin du lien (« {tail} »)")
                        } else {
                            format!("texte collé à la fin du lien (« {tail} »)")
                        },
                    )
                        .help("séparez le lien de la ponctuation et du texte qui suivent par une espace")
                        .suggest(replacement)
                        .safe(),
                );
            }

            let host = host_of(link, scheme_len);
            let span = Span::new(m_start, link_end);
            if self.shorteners.contains(&host) {
                out.push(
                    Finding::new(span, format!("lien raccourci (« {link} ») : le client ne voit pas où il mène"))
                        .help("donnez le lien complet vers le site officiel"),
                );
            } else if !self.allowed.is_empty()
                && !self
                    .allowed
                    .iter()
                    .any(|d| host == *d || host.strip_suffix(d.as_str()).is_some_and(|p| p.ends_with('.')))
            {
                out.push(
                    Finding::new(span, format!("lien vers un domaine hors charte (« {host} »)"))
                        .help(format!(
                            "n'envoyez que des liens vers les sites autorisés : {}",
                            self.allowed.join(", ")
                        )),
                );
            } else if self.require_https && (lower.starts_with("http://") || lower.starts_with("ftp://")) {
                let secure = format!("https://{}", &link[link.find("://").map_or(0, |i| i + 3)..]);
                out.push(
                    Finding::new(span, format!("lien non sécurisé (« {link} »)"))
                        .help("envoyez le lien en https://, vérifiez qu'il s'ouvre")
                        .suggest(secure),
                );
            }
        }
    }
}

/// The lower-cased host of a link, without `www.`.
fn host_of(link: &str, scheme_len: usize) -> String {
    let rest = &link[scheme_len.min(link.len())..];
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    let host = host.to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_string).unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    fn rule(extra: &str) -> super::Link {
        let mut c = Config::default();
        c.merge_str("t.toml", extra).unwrap();
        super::Link::new(&c).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        // The search in the words holding a sign of a link finds what the
        // search in the whole text finds: texts of link pieces, letters,
        // spaces of every kind and punctuation.
        #[test]
        fn windowed_search_finds_what_the_whole_search_finds(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "https://", "http://", "ftp://", "www.", "WWW.", "exemple", ".fr", ".com", ".gouv.fr",
                "/aide", "?q=1", "bit.ly/", "shorte", ".ſt/", "t.co/", "BIT.LY/", "a", "é", "ſ", "\u{212A}", "-", ".", ". ",
                ":", "://", "/", " ", "\u{A0}", "\u{202F}", "\n", "@", "«", "»", "\"", ",", "3", "w",
            ]), 0..24),
        ) {
            let text: String = pieces.concat();
            let r = rule("");
            proptest::prop_assert!(r.windowed);
            let whole: Vec<(usize, usize)> = r.links.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(r.matches(&text), whole, "{:?}", text);
        }
    }

    #[test]
    fn a_shortener_without_a_dot_searches_the_whole_text() {
        let r = rule("[link]\nshorteners = [\"monlien\"]");
        assert!(!r.windowed);
        assert_eq!(r.matches("voir monlien/abc ici"), vec![(5, 16)]);
        let r = rule("");
        assert!(r.windowed);
        assert_eq!(r.matches("Voir exemple.fr. Merci."), vec![(5, 15)]);
    }

    fn linter(extra: &str) -> Linter {
        let mut c = Config::default();
        c.merge_str("t.toml", extra).unwrap();
        c.select(&["link".into()], &[]).unwrap();
        Linter::new(c).unwrap()
    }

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        linter("").check(text)
    }

    #[test]
    fn unsafe_links_fire() {
        let d = check("Le suivi est sur http://www.exemple.fr/suivi.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].suggestions, ["https://www.exemple.fr/suivi"]);
        for t in [
            "Voici le lien : https://bit.ly/3xAbc",
            "Voici le lien : bit.ly/3xAbc",
            "Voici le lien : https://tinyurl.com/y6abcd",
            "Voir https://t.co/AbC123 pour le détail.",
            "Lien : https://goo.gl/maps/abc et https://ow.ly/xyz",
        ] {
            assert!(!check(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn glued_and_broken_links_fire() {
        let t = "Voir:https://www.exemple.fr/aide";
        let d = check(t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].span.slice(t), ":https://www.exemple.fr/aide");
        assert_eq!(d[0].suggestions, ["\u{A0}: https://www.exemple.fr/aide"]);
        let t = "Le lien est https://www.exemple.fr/aide.Merci de votre patience.";
        let d = check(t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].span.slice(t), ".Merci");
        assert_eq!(d[0].suggestions, [". Merci"]);
        let t = "Rendez-vous sur https://exemple. fr/aide pour la suite.";
        let d = check(t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].suggestions, ["https://exemple.fr/aide"]);
        let t = "Rendez-vous sur https:// www.exemple.fr/aide pour la suite.";
        let d = check(t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].suggestions, ["https://www.exemple.fr/aide"]);
        assert!(!check("Avez-vous vu https://www.exemple.fr/aide?").is_empty());
    }

    #[test]
    fn clean_links_stay_silent() {
        for t in [
            "Vous trouverez l'aide sur https://www.exemple.fr/aide.",
            "Vous trouverez l'aide sur https://www.exemple.fr/aide. Merci de votre patience.",
            "Le formulaire (https://www.exemple.fr/retours) est en ligne.",
            "Écrivez-nous à service.client@exemple.fr, nous répondons sous 24 h.",
            "Consultez « https://www.exemple.fr/faq », rubrique livraison.",
            "Suivez votre colis sur laposte.fr, rubrique suivi.",
            "Bonjour Mme Martin, merci pour votre message.",
            "Le lien https://www.exemple.fr/aide?ref=tchat&id=42 vous y mène.",
        ] {
            assert!(check(t).is_empty(), "{t}: {:?}", check(t));
        }
    }

    #[test]
    fn safe_fixes_converge() {
        let l = linter("");
        for t in [
            "Voir:https://www.exemple.fr/aide",
            "Voir :https://www.exemple.fr/aide",
            "Lien https://www.exemple.fr/aide.Merci de votre patience.",
            "https://exemple.fr/a?b=cM.?",
            "https://exemple.fr/a!Merci",
            "voir;https://exemple.fr/a?",
            "Vu ?https://exemple.fr/a;",
        ] {
            let once = crate::fix::fix_text(&l, t);
            assert!(once.applied > 0, "{t}");
            let twice = crate::fix::fix_text(&l, &once.text);
            assert_eq!(twice.applied, 0, "{t:?} -> {:?}", once.text);
            assert!(l.check(&once.text).iter().all(|d| !d.is_safe_fix()), "{:?}", once.text);
        }
    }

    #[test]
    fn allowed_domains() {
        let l = linter("[link]\nallowed_domains = [\"exemple.fr\"]\n");
        assert!(l.check("Voir https://aide.exemple.fr/retours").is_empty());
        assert!(l.check("Voir https://www.exemple.fr/retours").is_empty());
        let d = l.check("Voir https://www.exemple-promo.com/retours");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("exemple-promo.com"));
        assert_eq!(l.check("Voir https://fauxexemple.fr/").len(), 1);
    }
}
