//! Folding letters to their lower-case base: `É` → `e`, `ç` → `c`,
//! `œ` → `oe`, `’` → `'`.

/// A folded character: one or two base characters (`œ` gives two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    pub first: char,
    pub second: Option<char>,
}

impl Folded {
    const fn one(c: char) -> Self {
        Folded {
            first: c,
            second: None,
        }
    }

    const fn two(a: char, b: char) -> Self {
        Folded {
            first: a,
            second: Some(b),
        }
    }

    /// Iterate over the one or two base characters.
    pub fn chars(self) -> impl Iterator<Item = char> {
        std::iter::once(self.first).chain(self.second)
    }
}

/// The lower-case, accent-free form of `c`.
pub fn fold_char(c: char) -> Folded {
    if c.is_ascii() {
        return Folded::one(c.to_ascii_lowercase());
    }
    let l = match c {
        // Latin-1 capitals sit 32 below their small letters (but `×`).
        '\u{C0}'..='\u{DE}' if c != '×' => char::from_u32(u32::from(c) + 32).unwrap_or(c),
        '\u{80}'..='\u{FF}' => c,
        // The one letter of French beyond Latin-1, without the table.
        'œ' | 'Œ' => return Folded::two('o', 'e'),
        _ => c.to_lowercase().next().unwrap_or(c),
    };
    match l {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => Folded::one('a'),
        'é' | 'è' | 'ê' | 'ë' => Folded::one('e'),
        'î' | 'ï' | 'í' | 'ì' => Folded::one('i'),
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => Folded::one('o'),
        'ù' | 'û' | 'ü' | 'ú' => Folded::one('u'),
        'ç' => Folded::one('c'),
        'ÿ' => Folded::one('y'),
        'ñ' => Folded::one('n'),
        'œ' => Folded::two('o', 'e'),
        'æ' => Folded::two('a', 'e'),
        '\u{2019}' | '\u{02BC}' => Folded::one('\''),
        '\u{2011}' | '\u{2010}' => Folded::one('-'),
        other => Folded::one(other),
    }
}

/// Fold a whole word into `out` (cleared first).
pub fn fold_into(word: &str, out: &mut Vec<char>) {
    out.clear();
    for c in word.chars() {
        out.extend(fold_char(c).chars());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_ligatures() {
        let mut v = Vec::new();
        fold_into("ÉtÊ Cœur’ç Œuf", &mut v);
        assert_eq!(v.iter().collect::<String>(), "ete coeur'c oeuf");
    }

    #[test]
    fn latin1_shortcut_agrees_with_unicode_lower_case() {
        for c in '\u{80}'..='\u{24F}' {
            let l = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(fold_char(c), fold_char(l), "{c}");
        }
    }
}
