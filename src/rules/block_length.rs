use crate::config::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::rules::{Config, Rule};
use crate::text::{is_ascii_whitespace_byte, is_whitespace, Document};

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Most lines a bubble may take.
        pub max_lines: usize,
        /// Characters per line of a chat bubble.
        pub line_width: usize,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Un bloc (une bulle de tchat : les lignes jusqu'à la prochaine ligne
    /// vide) qui occupe plus de `max_lines` lignes (3 par défaut) dans une
    /// bulle de `line_width` caractères de large (50). Les retours à la ligne
    /// comptent, et une ligne plus longue que la bulle compte pour autant de
    /// lignes qu'il en faut pour l'afficher, coupée entre les mots.
    ///
    /// ## Pourquoi
    ///
    /// Un pavé dans une fenêtre de tchat décourage la lecture : le client
    /// saute des informations. Deux ou trois lignes par bulle, et une bulle
    /// de plus s'il le faut.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Votre colis est parti ce matin de notre entrepôt de Lyon. Il sera livré jeudi par Colissimo. Vous recevrez un SMS la veille avec un créneau de deux heures. Vous pourrez le modifier depuis le lien du SMS.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Votre colis est parti ce matin. Il sera livré jeudi.
    ///
    /// Vous recevrez un SMS la veille avec un créneau de livraison.
    /// ```
    "block-length",
    "Bulles trop longues (3 lignes maximum)"
}

pub fn build(config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.block_length;
    Ok(Box::new(BlockLength {
        max_lines: o.max_lines.max(1),
        width: o.line_width.max(1),
    }))
}

struct BlockLength {
    max_lines: usize,
    width: usize,
}

impl BlockLength {
    /// Greedy word wrap of one explicit line: the byte offsets where each
    /// displayed line starts.
    fn wrap(&self, text: &str, span: Span, starts: &mut Vec<usize>) {
        let line = span.slice(text);
        starts.push(span.start);
        let mut col = 0;
        // The word being read: its offset in the line and its length in
        // characters.
        let mut word: Option<(usize, usize)> = None;
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of visible ASCII (most of a word) is read in one go,
            // other ASCII as a byte, other characters decoded: (is it a
            // space, its width in bytes, in characters).
            let run = bytes[i..]
                .iter()
                .take_while(|&&b| b > b' ' && b < 0x80)
                .count();
            let (space, width, chars) = match bytes[i] {
                _ if run > 0 => (false, run, run),
                b @ 0..=0x7F => (is_ascii_whitespace_byte(b), 1, 1),
                _ => line[i..]
                    .chars()
                    .next()
                    .map_or((false, 1, 1), |c| (is_whitespace(c), c.len_utf8(), 1)),
            };
            if space {
                if let Some((offset, len)) = word.take() {
                    self.place(span.start + offset, len, &mut col, starts);
                }
            } else if let Some((_, len)) = &mut word {
                *len += chars;
            } else {
                word = Some((i, chars));
            }
            i += width;
        }
        if let Some((offset, len)) = word {
            self.place(span.start + offset, len, &mut col, starts);
        }
    }

    /// Put a word of `len` characters starting at byte `start` on the
    /// current line (`col` characters used), or on a new one.
    fn place(&self, start: usize, len: usize, col: &mut usize, starts: &mut Vec<usize>) {
        if *col > 0 && *col + 1 + len > self.width {
            starts.push(start);
            *col = 0;
        }
        let mut len = len;
        // A word wider than the bubble is broken across lines.
        while len > self.width {
            len -= self.width;
            starts.push(start);
        }
        *col += usize::from(*col > 0) + len;
    }
}

impl Rule for BlockLength {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let mut starts = Vec::new();
        for block in &doc.blocks {
            starts.clear();
            for line in &doc.lines[block.lines.clone()] {
                self.wrap(doc.text, line.span, &mut starts);
            }
            let n = starts.len();
            if n <= self.max_lines {
                continue;
            }
            let overflow = Span::new(starts[self.max_lines], block.span.end);
            out.push(
                Finding::new(
                    overflow,
                    format!(
                        "bulle de {n} lignes dans une fenêtre de {} caractères (maximum {})",
                        self.width, self.max_lines
                    ),
                )
                .help("envoyez la suite dans une autre bulle (ligne vide) ou raccourcissez le message"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        let mut c = Config::default();
        c.select(&["block-length".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    #[test]
    fn explicit_lines_and_wrapping_count() {
        assert!(check("Un.\nDeux.\nTrois.").is_empty());
        assert_eq!(check("Un.\nDeux.\nTrois.\nQuatre.").len(), 1);
        let long = "mot ".repeat(40); // 160 characters: 4 lines of 50
        let d = check(long.trim());
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("4 lignes"), "{}", d[0].message);
        assert!(check("Un.\nDeux.\n\nTrois.\nQuatre.").is_empty());
    }

    #[test]
    fn ascii_spaces_are_the_spaces() {
        for b in 0u8..=0x7F {
            assert_eq!(
                crate::text::is_ascii_whitespace_byte(b),
                crate::text::is_whitespace(char::from(b)),
                "{b}"
            );
        }
        // Non-breaking spaces separate words too: four words of 26
        // letters take a line each (one word of 107 would take 3).
        let word = "x".repeat(26);
        let d = check(&[word.as_str(); 4].join("\u{A0}"));
        assert!(d.len() == 1 && d[0].message.contains("4 lignes"), "{d:?}");
    }

    /// The wrap read character by character, the plain way.
    fn wrap_by_chars(rule: &super::BlockLength, line: &str) -> Vec<usize> {
        let mut starts = vec![0];
        let mut col = 0;
        let mut word: Option<(usize, usize)> = None;
        for (i, c) in line.char_indices() {
            if crate::text::is_whitespace(c) {
                if let Some((at, len)) = word.take() {
                    rule.place(at, len, &mut col, &mut starts);
                }
            } else if let Some((_, len)) = &mut word {
                *len += 1;
            } else {
                word = Some((i, 1));
            }
        }
        if let Some((at, len)) = word {
            rule.place(at, len, &mut col, &mut starts);
        }
        starts
    }

    proptest::proptest! {
        /// Reading runs of ASCII as bytes wraps as the character by
        /// character reading does.
        #[test]
        fn wrap_reads_as_characters_do(
            line in "([a-zé'.,!?-]{1,12}|[ \\t\u{a0}\u{202f}\u{2009}\u{85}\u{7f}🙂]){0,60}",
            width in 1usize..30,
        ) {
            let rule = super::BlockLength { max_lines: 3, width };
            let mut starts = Vec::new();
            rule.wrap(&line, crate::diagnostic::Span::new(0, line.len()), &mut starts);
            proptest::prop_assert_eq!(starts, wrap_by_chars(&rule, &line));
        }
    }

    #[test]
    fn a_long_url_is_broken() {
        let url = format!("https://exemple.fr/{}", "a".repeat(200));
        assert_eq!(check(&url).len(), 1);
    }
}
