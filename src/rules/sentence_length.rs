use crate::settings::{ConfigError, Level};
use crate::diagnostic::{Finding, Severity};
use crate::rules::{Rule, RuleOptions};
use crate::text::{Document, TokenKind};

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Words above which a sentence is flagged.
        pub max_words: usize,
        /// Words above which the finding becomes an error.
        pub error_above: usize,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les phrases de plus de `max_words` mots (15 par défaut) ; au-delà de
    /// `error_above` mots (25), c'est une erreur.
    ///
    /// Comptage : un mot est une suite de lettres ou de chiffres ; un mot
    /// composé ou une inversion (`pensez-vous`, `a-t-il`) compte pour un ;
    /// une élision compte avec le mot qui la suit (`l'écran` = 1) ; un nombre
    /// (`1 200,50`) ou une heure (`14 h 30`) compte pour un ; les liens,
    /// adresses e-mail, émojis et signes de ponctuation ne comptent pas.
    /// Une phrase se termine par `.`, `!`, `?`, `…` ou par un retour à la
    /// ligne.
    ///
    /// ## Pourquoi
    ///
    /// Dans une bulle de tchat, le client lit vite : une idée par phrase,
    /// environ 15 mots. Une phrase longue se relit deux fois et cache
    /// l'information utile.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Je vous informe que votre commande a bien été expédiée ce matin depuis notre entrepôt et qu'elle devrait vous parvenir sous trois jours ouvrés.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre commande est partie ce matin. Vous la recevrez sous trois jours ouvrés.
    /// ```
    "sentence-length",
    "Phrases trop longues (environ 15 mots maximum)"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(Box::new(SentenceLength {
        max_words: config.sentence_length.max_words,
        error_above: config.sentence_length.error_above,
    }))
}

struct SentenceLength {
    max_words: usize,
    error_above: usize,
}

/// Number of words in `tokens`, counted as the explain text says.
pub fn count_words(doc: &Document<'_>, tokens: std::ops::Range<usize>) -> usize {
    doc.tokens[tokens]
        .iter()
        .filter(|t| match t.kind {
            TokenKind::Word => !t.elided,
            TokenKind::Number | TokenKind::Time => true,
            _ => false,
        })
        .count()
}

impl Rule for SentenceLength {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for s in &doc.sentences {
            let n = count_words(doc, s.tokens.clone());
            if n <= self.max_words {
                continue;
            }
            let mut f = Finding::new(
                s.span,
                format!("phrase de {n} mots (au-delà de {} mots)", self.max_words),
            )
            .help("coupez la phrase en deux : une idée par phrase, environ 15 mots");
            if n > self.error_above {
                f = f.severity(Severity::Error);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        let mut c = Config::default();
        c.select(&["sentence-length".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    #[test]
    fn counts_words_the_documented_way() {
        let d = crate::Document::parse("L'écran, pensez-vous, coûte 1 200,50 € à 14 h sur https://x.fr 🙂");
        let s = &d.sentences[0];
        assert_eq!(super::count_words(&d, s.tokens.clone()), 7);
    }

    #[test]
    fn long_sentences_warn_then_error() {
        let w16 = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize.";
        let d = check(w16);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::Severity::Warning);
        let w26 = format!("{} dix-sept a b c d e f g h i j.", &w16[..w16.len() - 1]);
        assert_eq!(check(&w26)[0].severity, crate::Severity::Error);
        assert!(check("Je vérifie votre commande.").is_empty());
    }
}
