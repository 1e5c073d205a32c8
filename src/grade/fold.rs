//! Folded words for forgiving phrase search: lower case, no accents,
//! apostrophes and hyphens as word breaks (`Qu’en pensez-vous` → `qu en
//! pensez vous`). Used by the step patterns and the facts to mention,
//! where a trainee's missing accent must not hide a step or a fact.

use crate::diagnostic::Span;

/// One folded word and its span in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// A text cut into folded words.
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    pub source: &'a str,
    pub words: Vec<Word>,
}

impl<'a> Folded<'a> {
    /// Fold `text`; spans are shifted by `offset`.
    pub fn new(text: &'a str, offset: usize) -> Self {
        let mut words = Vec::new();
        let mut cur = String::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                if cur.is_empty() {
                    start = i;
                }
                push_folded(&mut cur, c);
            } else if !cur.is_empty() {
                words.push(Word {
                    text: std::mem::take(&mut cur),
                    span: Span::new(offset + start, offset + i),
                });
            }
        }
        if !cur.is_empty() {
            words.push(Word {
                text: cur,
                span: Span::new(offset + start, offset + text.len()),
            });
        }
        Folded {
            source: text,
            words,
        }
    }

    /// The span from word `a` to word `b` (inclusive).
    pub fn span_of(&self, a: usize, b: usize) -> Span {
        Span::new(self.words[a].span.start, self.words[b].span.end)
    }
}

/// Lower case without accents: the spelling engine's folding
/// ([`crate::spell::fold_char`]), the one accent-free folding of the
/// crate.
fn push_folded(out: &mut String, c: char) {
    out.extend(crate::spell::fold_char(c).chars());
}

/// `phrase` folded the same way, words joined by one space (a trailing
/// `*` on a word is kept: it means "any word starting with this").
pub fn fold_phrase(phrase: &str) -> String {
    let mut out = String::new();
    for raw in phrase.split(|c: char| !c.is_alphanumeric() && c != '*') {
        if raw.is_empty() || raw == "*" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let (stem, star) = match raw.strip_suffix('*') {
            Some(s) => (s, true),
            None => (raw, false),
        };
        for c in stem.chars().filter(|c| *c != '*') {
            push_folded(&mut out, c);
        }
        if star {
            out.push('*');
        }
    }
    out
}

/// A folded phrase cut into words, ready to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase(Vec<String>);

impl Phrase {
    /// `phrase` folded (see [`fold_phrase`]) and cut into words.
    pub fn new(phrase: &str) -> Phrase {
        Phrase(
            fold_phrase(phrase)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == pattern,
    }
}

/// The first occurrence of `phrase` in `f`, as a span.
pub fn find_phrase(f: &Folded<'_>, phrase: &Phrase) -> Option<Span> {
    let p = &phrase.0;
    let n = p.len();
    if n == 0 || f.words.len() < n {
        return None;
    }
    (0..=f.words.len() - n).find_map(|i| {
        p.iter()
            .zip(&f.words[i..i + n])
            .all(|(p, w)| word_matches(p, &w.text))
            .then(|| f.span_of(i, i + n - 1))
    })
}

/// The first phrase of `phrases` found in `f`.
pub fn find_any(f: &Folded<'_>, phrases: &[Phrase]) -> Option<Span> {
    phrases.iter().find_map(|p| find_phrase(f, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_apostrophes() {
        let f = Folded::new("Qu’en pensez-vous ? Délai : 48 h, Œuvre", 10);
        let w: Vec<&str> = f.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            w,
            ["qu", "en", "pensez", "vous", "delai", "48", "h", "oeuvre"]
        );
        assert_eq!(f.words[0].span, Span::new(10, 12));
    }

    #[test]
    fn finds_phrases_with_prefixes() {
        let text = "Je vous rembourserai le colis. Numéro de commande : 123.";
        let f = Folded::new(text, 0);
        let s = find_phrase(&f, &Phrase::new("numéro de commande")).unwrap();
        assert_eq!(s.slice(text), "Numéro de commande");
        let s = find_phrase(&f, &Phrase::new("rembours*")).unwrap();
        assert_eq!(s.slice(text), "rembourserai");
        assert!(find_phrase(&f, &Phrase::new("commandes")).is_none());
        assert!(find_phrase(&f, &Phrase::new("")).is_none());
        assert_eq!(
            fold_phrase("  Numéro  de   Commande* "),
            "numero de commande*"
        );
    }
}
