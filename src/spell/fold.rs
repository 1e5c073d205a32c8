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
#[inline]
pub fn fold_char(c: char) -> Folded {
    if c.is_ascii() {
        return Folded::one(c.to_ascii_lowercase());
    }
    match LATIN1.get(c as usize - 0x80) {
        Some(&f) => f,
        None => fold_other(c),
    }
}

/// [`fold_char`] of U+0080 to U+00FF (accented letters of French text go
/// through this table), computed at compile time.
const LATIN1: [Folded; 128] = {
    let mut t = [Folded::one('\0'); 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match char::from_u32(0x80 + i as u32) {
            Some(c) => fold_lower(latin1_lower(c)),
            None => Folded::one('\0'),
        };
        i += 1;
    }
    t
};

/// The small letter of a Latin-1 capital (they sit 32 below, but `×`),
/// other Latin-1 characters as they are.
const fn latin1_lower(c: char) -> char {
    match c {
        '\u{C0}'..='\u{DE}' if c != '×' => match char::from_u32(c as u32 + 32) {
            Some(l) => l,
            None => c,
        },
        _ => c,
    }
}

/// [`fold_char`] beyond Latin-1.
fn fold_other(c: char) -> Folded {
    match c {
        // The one letter of French beyond Latin-1, without the table.
        'œ' | 'Œ' => Folded::two('o', 'e'),
        _ => fold_lower(c.to_lowercase().next().unwrap_or(c)),
    }
}

/// The base of a lower-case letter `l`.
const fn fold_lower(l: char) -> Folded {
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

    /// The Latin-1 table gives what the rules give character by
    /// character (Unicode lower case, then the base letter).
    #[test]
    fn latin1_table_is_the_rules() {
        for c in '\u{80}'..='\u{FF}' {
            let l = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(fold_char(c), fold_lower(l), "{c}");
        }
    }

    #[test]
    fn latin1_shortcut_agrees_with_unicode_lower_case() {
        for c in '\u{80}'..='\u{24F}' {
            let l = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(fold_char(c), fold_char(l), "{c}");
        }
    }
}
