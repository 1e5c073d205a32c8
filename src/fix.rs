//! Applying the safe suggestions: those that cannot change the meaning
//! (spacing, doubled punctuation, an SMS form with one standard spelling).

use crate::diagnostic::Diagnostic;
use crate::Linter;

/// The result of fixing a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// How many suggestions were applied.
    pub applied: usize,
}

/// Apply the safe fixes of `diagnostics` to `text` (non-overlapping, left
/// to right). Returns the new text and the count applied.
pub fn apply(text: &str, diagnostics: &[Diagnostic]) -> Fixed {
    let mut fixes: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_safe_fix()).collect();
    fixes.sort_by_key(|d| (d.span.start, d.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for d in fixes {
        if d.span.start < pos || d.span.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..d.span.start]);
        out.push_str(&d.suggestions[0]);
        pos = d.span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    Fixed { text: out, applied }
}

/// Most check-and-fix passes: each applies at least one fix, and one fix
/// can reveal another (a space before `?` once `??` is one; a space after
/// `?` once the smiley glued to it is gone). Like ruff's, the bound only
/// guards against fixes that would undo each other.
const MAX_PASSES: usize = 16;

/// Check and fix until nothing safe is left.
pub fn fix_text(linter: &Linter, text: &str) -> Fixed {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let diags = linter.check(&current);
        let fixed = apply(&current, &diags);
        if fixed.applied == 0 {
            break;
        }
        total += fixed.applied;
        current = fixed.text;
    }
    Fixed {
        text: current,
        applied: total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Severity, Span};

    fn diag(start: usize, end: usize, s: &str, safe: bool) -> Diagnostic {
        Diagnostic {
            rule: "t",
            severity: Severity::Warning,
            message: String::new(),
            help: None,
            span: Span::new(start, end),
            suggestions: vec![s.to_string()],
            applicability: if safe {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
        }
    }

    #[test]
    fn applies_only_safe_non_overlapping() {
        let t = "slt ca va??";
        let d = [
            diag(0, 3, "Bonjour", true),
            diag(4, 6, "ça", false),
            diag(9, 11, " ?", true),
            diag(10, 11, "!", true),
        ];
        let f = apply(t, &d);
        assert_eq!(f.text, "Bonjour ca va ?");
        assert_eq!(f.applied, 2);
    }

    /// Each fix here reveals the next: a no-break space before `?`, then a
    /// space after it, then the smiley that space set apart goes, then the
    /// `?.` left behind, then a space after `?` again. Four passes were not
    /// enough (found by the idempotence property test).
    #[test]
    fn fixes_that_reveal_fixes_converge() {
        let linter = Linter::new(crate::Config::default()).unwrap();
        let once = fix_text(&linter, "ç?xd.ù");
        assert!(once.applied >= 5, "{once:?}");
        let twice = fix_text(&linter, &once.text);
        assert_eq!(twice.applied, 0, "{once:?} -> {twice:?}");
    }
}
