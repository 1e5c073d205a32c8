//! Per-request choices of a check, shared by `/v1` and `/v2`: rules
//! enabled or disabled by id or by category, "only these rules", and
//! words to accept for this conversation (the customer's name…).
//!
//! The house style's linter runs as usual and its findings are filtered;
//! a request that enables a rule the house style turns off runs the
//! profile's every-rule linter instead (compiled once, on first use).

use super::error::ApiError;
use super::profiles::Profile;
use crate::diagnostic::Diagnostic;
use crate::rules::REGISTRY;
use axum::http::StatusCode;
use std::sync::Arc;

/// What one request asks beyond the house style.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Rules to run even when the house style turns them off.
    pub enabled: Vec<&'static str>,
    /// Rules not to run.
    pub disabled: Vec<&'static str>,
    /// Run only `enabled` and the rules of `enabled_categories`.
    pub enabled_only: bool,
    /// Category ids (upper case, LanguageTool style: `TYPOS`, `STYLE`…).
    pub enabled_categories: Vec<String>,
    pub disabled_categories: Vec<String>,
    /// Folded (lower-case) words; a finding whose text is made only of
    /// them is dropped (set with [`Selection::set_ignore_words`]).
    pub ignore: Vec<String>,
}

/// The id of rule `name`: its exact id, or the same in another case with
/// `_` for `-` (`SMS_LANGUAGE`, as LanguageTool clients write ids).
pub fn rule_id(name: &str) -> Option<&'static str> {
    let name = name.trim();
    REGISTRY.iter().map(|e| e.meta.id).find(|id| {
        id.len() == name.len()
            && id
                .bytes()
                .zip(name.bytes())
                .all(|(a, b)| a == b.to_ascii_lowercase() || (a == b'-' && b == b'_'))
    })
}

/// Rule ids of `names`. Unknown names are an error when `strict` (the
/// `/v1` API), skipped otherwise (LanguageTool ignores them too).
pub fn rule_ids<'a>(
    names: impl IntoIterator<Item = &'a str>,
    strict: bool,
) -> Result<Vec<&'static str>, ApiError> {
    let mut out = Vec::new();
    for n in names {
        if n.trim().is_empty() {
            continue;
        }
        match rule_id(n) {
            Some(id) if !out.contains(&id) => out.push(id),
            Some(_) => {}
            None if strict => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "unknown_rule",
                    format!("unknown rule `{n}`; see GET /v1/rules"),
                ))
            }
            None => {}
        }
    }
    Ok(out)
}

fn fold(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

impl Selection {
    /// Accept the words of `entries` (one or more words each).
    pub fn set_ignore_words<'a>(&mut self, entries: impl IntoIterator<Item = &'a str>) {
        for e in entries {
            for w in e.split_whitespace().map(fold) {
                if !w.is_empty() && !self.ignore.contains(&w) {
                    self.ignore.push(w);
                }
            }
        }
    }

    /// True when the request asks nothing beyond the house style.
    fn is_plain(&self) -> bool {
        self.enabled.is_empty()
            && self.disabled.is_empty()
            && !self.enabled_only
            && self.enabled_categories.is_empty()
            && self.disabled_categories.is_empty()
            && self.ignore.is_empty()
    }

    fn wanted(&self, id: &str, active: &[&str]) -> bool {
        let cat = category(id).id;
        let in_cats = |cats: &[String]| cats.iter().any(|c| c.eq_ignore_ascii_case(cat));
        if self.disabled.contains(&id) || in_cats(&self.disabled_categories) {
            return false;
        }
        let asked = self.enabled.contains(&id) || in_cats(&self.enabled_categories);
        if self.enabled_only {
            asked
        } else {
            asked || active.contains(&id)
        }
    }

    /// A finding made only of accepted words.
    fn ignored(&self, text: &str, d: &Diagnostic) -> bool {
        if self.ignore.is_empty() {
            return false;
        }
        let Some(found) = text.get(d.span.start..d.span.end) else {
            return false;
        };
        let mut words = found.split_whitespace().map(fold).filter(|w| !w.is_empty());
        let mut any = false;
        let all = words.all(|w| {
            any = true;
            self.ignore.contains(&w)
        });
        any && all
    }

    /// Check `text` with `profile` and this selection; `Ok(None)` when
    /// `stop` said to give up (see [`crate::Linter::check_until`]).
    pub fn check(
        &self,
        profile: &Profile,
        text: &str,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Vec<Diagnostic>>, ApiError> {
        if self.is_plain() {
            return Ok(profile.linter.check_until(text, stop));
        }
        let active: Vec<&str> = profile.linter.active_rules().collect();
        let needs_all = REGISTRY
            .iter()
            .any(|e| self.wanted(e.meta.id, &active) && !active.contains(&e.meta.id));
        let linter = if needs_all {
            profile.all_rules().map_err(|e| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    format!("could not turn the rules on: {e}"),
                )
            })?
        } else {
            Arc::clone(&profile.linter)
        };
        let Some(mut diags) = linter.check_until(text, stop) else {
            return Ok(None);
        };
        diags.retain(|d| self.wanted(d.rule, &active) && !self.ignored(text, d));
        Ok(Some(diags))
    }
}

/// A rule as LanguageTool's clients group it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCategory {
    /// LanguageTool-style category id (`TYPOS`, `STYLE`…).
    pub id: &'static str,
    /// Its name, in French.
    pub name: &'static str,
    /// LanguageTool's issue type (`misspelling`, `style`…), which clients
    /// use to pick an underline colour.
    pub issue_type: &'static str,
}

/// The category of rule `id`. Spelling is `TYPOS`, the category clients
/// turn off to disable spell checking.
pub fn category(id: &str) -> RuleCategory {
    let (id, name, issue_type) = match id {
        "spelling" => ("TYPOS", "Orthographe", "misspelling"),
        "typography" => ("TYPOGRAPHY", "Typographie", "typographical"),
        "formatting" => ("TYPOGRAPHY", "Typographie", "formatting"),
        "repeated-word" => ("REDUNDANCY", "Répétitions", "duplication"),
        "verb-form" | "conjugation" | "agreement" => ("GRAMMAR", "Grammaire", "grammar"),
        "homophone" => ("CONFUSED_WORDS", "Homophones", "grammar"),
        "sms-language" | "abbreviation" | "familiar-register" | "tutoiement" | "emoji" => {
            ("REGISTER", "Registre", "register")
        }
        "sentence-length" | "block-length" | "negative-wording" | "weak-verb" => {
            ("STYLE", "Style", "style")
        }
        "sensitive-data" => ("COMPLIANCE", "Conformité", "legal"),
        "link" => ("COMPLIANCE", "Conformité", "non-conformance"),
        _ => ("HOUSE_STYLE", "Charte", "style"),
    };
    RuleCategory {
        id,
        name,
        issue_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_accept_languagetool_spelling() {
        assert_eq!(rule_id("SMS_LANGUAGE"), Some("sms-language"));
        assert_eq!(rule_id("sms-language"), Some("sms-language"));
        assert_eq!(rule_id("sms"), None);
        assert!(rule_ids(["nope"], true).is_err());
        assert_eq!(rule_ids(["nope", "link"], false).unwrap(), vec!["link"]);
    }

    #[test]
    fn words_fold() {
        let mut s = Selection::default();
        s.set_ignore_words(["Kévin Dupont", " slt "]);
        assert_eq!(s.ignore, vec!["kévin", "dupont", "slt"]);
    }
}
