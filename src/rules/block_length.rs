use crate::settings::{ConfigError, Level};
use crate::diagnostic::{concat, Finding, Span};
use crate::rules::{Rule, RuleOptions};
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

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.block_length;
    let (max_lines, width) = (o.max_lines.max(1), o.line_width.max(1));
    Ok(Box::new(BlockLength {
        max_lines,
        width,
        window: format!(" lignes dans une fenêtre de {width} caractères (maximum {max_lines})"),
    }))
}

struct BlockLength {
    max_lines: usize,
    width: usize,
    /// The end of the message, the same for every finding.
    window: String,
}

impl BlockLength {
    /// Greedy word wrap of one explicit line: the byte offsets where each
    /// displayed line starts.
    fn wrap(&self, text: &str, span: Span, starts: &mut Vec<usize>) {
        let line = span.slice(text);
        starts.push(span.start);
        // A line of at most `width` bytes has at most `width` characters:
        // it fits (most lines of a chat).
        if line.len() <= self.width {
            return;
        }
        let mut col = 0;
        let bytes = line.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            if let Some(w) = space_at(line, i) {
                i += w;
                continue;
            }
            // A word: its characters up to the next space, counted on
            // their first bytes (ASCII or a UTF-8 leading byte). Measured:
            // a plain `char_indices` loop costs 2 % more instructions on
            // the whole check benchmark (the tests compare both).
            let start = i;
            let mut len = 0;
            while i < n {
                let b = bytes[i];
                if b < 0x80 {
                    if is_ascii_whitespace_byte(b) {
                        break;
                    }
                    len += 1;
                } else if b >= 0xC0 {
                    if may_lead_space(b) && space_at(line, i).is_some() {
                        break;
                    }
                    len += 1;
                }
                i += 1;
            }
            self.place(span.start + start, len, &mut col, starts);
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

/// The width in bytes of the space at byte `i` of `line` (a character
/// boundary), if there is one.
#[inline]
fn space_at(line: &str, i: usize) -> Option<usize> {
    let b = line.as_bytes()[i];
    if b < 0x80 {
        return is_ascii_whitespace_byte(b).then_some(1);
    }
    if !may_lead_space(b) {
        return None;
    }
    line[i..]
        .chars()
        .next()
        .filter(|&c| is_whitespace(c))
        .map(char::len_utf8)
}

/// Whether a character whose UTF-8 form starts with byte `b` (not ASCII)
/// may be a space: the Unicode spaces are U+0085, U+00A0, U+1680,
/// U+2000–U+205F and U+3000 (`space_leading_bytes` checks them all).
#[inline]
fn may_lead_space(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
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
                Finding::new(overflow, concat(&["bulle de ", &n.to_string(), &self.window]))
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

    /// Every space that is not ASCII starts with a byte that
    /// `may_lead_space` lets through.
    #[test]
    fn space_leading_bytes() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if crate::text::is_whitespace(c) {
                let mut buf = [0u8; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(super::may_lead_space(lead), "{c:?}");
            }
        }
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
            line in "([a-zé'.,!?«…€ḃ-]{1,12}|[ \\t\u{a0}\u{202f}\u{2009}\u{85}\u{3000}\u{1680}\u{7f}🙂]){0,60}",
            width in 1usize..30,
        ) {
            let rule = super::BlockLength { max_lines: 3, width, window: String::new() };
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
