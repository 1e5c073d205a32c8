use crate::settings::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::rules::{Rule, RuleOptions};
use crate::text::{is_space, Document, TokenKind};
use std::collections::HashSet;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Allow every emoji.
        pub allow: bool,
        /// Emoji and emoticons allowed even when `allow` is false.
        pub allowed: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les émojis Unicode (😊, 👍🏽, 👩‍💻, 🇫🇷, ❤️…) et les émoticônes en texte
    /// (`:)`, `;-)`, `:D`, `xD`, `<3`, `^^`…), sauf si la charte les
    /// autorise : `allow = true` les admet tous, `allowed = ["🙂"]` en admet
    /// quelques-uns (un émoji admis l'est aussi avec une autre couleur de peau
    /// ou sans sélecteur de variante). `<3` suivi d'un mot ou d'un nombre
    /// (`<3 jours`) se lit « moins de trois » : il n'est pas signalé.
    ///
    /// La suggestion est de supprimer l'émoji avec une espace voisine ; la
    /// suppression est sûre (`tchatlint fix`) quand l'émoji est décoratif :
    /// en fin de phrase, de ligne ou devant une ponctuation. Au milieu d'une
    /// phrase, relisez : l'émoji remplace peut-être un mot.
    ///
    /// ## Pourquoi
    ///
    /// Un émoji n'a pas le même sens pour tous les clients et s'affiche mal
    /// sur certains écrans ; dans un échange professionnel, il peut paraître
    /// familier, voire moqueur face à un client mécontent. Les mots disent la
    /// même chose sans ambiguïté.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Votre remboursement est validé 👍 Bonne journée :)
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre remboursement est validé. Je vous souhaite une bonne journée !
    /// ```
    "emoji",
    "Émojis et émoticônes"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.emoji;
    let allowed = o
        .allowed
        .iter()
        .flat_map(|a| [a.trim().to_string(), bare(a.trim())])
        .collect();
    Ok(Box::new(Emoji {
        allow: o.allow,
        allowed,
    }))
}

struct Emoji {
    allow: bool,
    /// Allowed forms, as written and without modifiers.
    allowed: HashSet<String>,
}

/// An emoji without skin-tone modifiers and variation selectors.
fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'))
        .collect()
}

impl Emoji {
    fn is_allowed(&self, s: &str) -> bool {
        !self.allowed.is_empty() && (self.allowed.contains(s) || self.allowed.contains(&bare(s)))
    }
}

impl Rule for Emoji {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        if self.allow {
            return;
        }
        let text = doc.text;
        let toks = &doc.tokens;
        for (i, t) in toks.iter().enumerate() {
            let kind = match t.kind {
                TokenKind::Emoji => "émoji",
                TokenKind::Emoticon => "émoticône",
                _ => continue,
            };
            let s = t.text(text);
            if self.is_allowed(s) {
                continue;
            }
            let prev = i
                .checked_sub(1)
                .map(|p| &toks[p])
                .filter(|p| !has_newline(text, p.span.end, t.span.start));
            let next = toks
                .get(i + 1)
                .filter(|n| !has_newline(text, t.span.end, n.span.start));
            // `délai <3 jours`: "less than three", not a heart.
            if s == "<3"
                && next.is_some_and(|n| {
                    n.kind == TokenKind::Number
                        || n.is_word() && n.text(text).starts_with(char::is_lowercase)
                })
            {
                continue;
            }
            // Remove one neighbouring space with it, the one before first.
            let before = text[..t.span.start].chars().next_back();
            let after = text[t.span.end..].chars().next();
            let span = match (before, after) {
                (Some(c), _) if is_space(c) && prev.is_some() => {
                    Span::new(t.span.start - c.len_utf8(), t.span.end)
                }
                (_, Some(c)) if is_space(c) => Span::new(t.span.start, t.span.end + c.len_utf8()),
                _ => t.span,
            };
            // Decorative (safe to drop) unless it sits inside a sentence,
            // between a word and a lower-case word (`Votre 📦 arrive`).
            let wordish = |k: TokenKind| {
                !matches!(k, TokenKind::Punct | TokenKind::Emoji | TokenKind::Emoticon)
            };
            let inside = prev.is_some_and(|p| wordish(p.kind))
                && next.is_some_and(|n| {
                    wordish(n.kind) && !n.text(text).starts_with(|c: char| c.is_uppercase())
                });
            let decorative = !inside;
            let mut f = Finding::new(span, format!("{kind} « {s} »"))
                .help(format!("supprimez « {s} » ou dites-le avec des mots"))
                .suggest("");
            if decorative {
                f = f.safe();
            }
            out.push(f);
        }
    }
}

fn has_newline(text: &str, a: usize, b: usize) -> bool {
    a < b && text[a..b].contains('\n')
}

#[cfg(test)]
mod tests {
    use crate::{Config, Diagnostic, Linter};

    fn check_with(extra: &str, text: &str) -> Vec<Diagnostic> {
        let mut c = Config::default();
        c.merge_str("t.toml", extra).unwrap();
        c.select(&["emoji".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    fn fix(text: &str) -> String {
        let mut c = Config::default();
        c.select(&["emoji".into()], &[]).unwrap();
        crate::fix::fix_text(&Linter::new(c).unwrap(), text).text
    }

    #[test]
    fn emoji_and_emoticons_fire() {
        let t = "Merci 👍🏽 👩‍💻 🇫🇷 ❤️ :) ;-) :D xD <3 ^^ Merci:)";
        let d = check_with("", t);
        assert_eq!(d.len(), 11, "{d:#?}");
        assert_eq!(d[0].message, "émoji « 👍🏽 »");
        assert_eq!(d[4].message, "émoticône « :) »");
        assert!(d.iter().all(|d| d.suggestions == [""]));
    }

    #[test]
    fn allowed_and_allow() {
        assert!(check_with("[emoji]\nallow = true\n", "Merci 🙂 :)").is_empty());
        let only = "[emoji]\nallowed = [\"👍\", \":)\"]\n";
        assert!(check_with(only, "Merci 👍 👍🏽 👍\u{FE0F} :)").is_empty());
        assert_eq!(check_with(only, "Merci 🙂 ;)").len(), 2);
    }

    #[test]
    fn lookalikes_are_not_emoji() {
        for t in [
            "Délai <3 jours, article 8) ou 16:9 à 14:30.",
            "Voici :Deux étapes (voir ci-dessous).",
            "© Fnac™ ★ → ok",
            "https://exemple.fr/:)",
        ] {
            let d = check_with("", t);
            assert!(d.is_empty(), "{t}: {d:#?}");
        }
    }

    #[test]
    fn removal_takes_one_space() {
        assert_eq!(fix("Merci 🙂"), "Merci");
        assert_eq!(fix("Merci 🙂 !"), "Merci !");
        assert_eq!(fix("🙂 Bonjour."), "Bonjour.");
        assert_eq!(fix("Merci :) À bientôt."), "Merci À bientôt.");
        // Between two words the emoji may stand for a word: not applied.
        assert_eq!(fix("Votre 📦 arrive."), "Votre 📦 arrive.");
    }
}
