//! What the grammar rules (`verb-form`, `conjugation`, `homophone`,
//! `agreement`) share: the engine of [`crate::grammar`], run once per
//! document for all of them, each rule reporting its own family.

use crate::diagnostic::{Applicability, Finding};
use crate::grammar::{Families, Family, Grammar, GrammarFinding, SentenceCache};
use crate::rules::{Rule, RuleOptions};
use crate::settings::Level;
use crate::text::Document;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;
use thread_local::ThreadLocal;

/// The families a house style turns on, and the names it declares
/// (brands, products: proper nouns for the tagger).
#[derive(Debug)]
pub struct Shared {
    on: Families,
    proper: HashSet<String>,
    /// The sentences each thread has checked with these settings.
    sentences: ThreadLocal<RefCell<SentenceCache>>,
}

impl Shared {
    pub fn from_config(config: &RuleOptions) -> Shared {
        let mut on = Families::default();
        for (family, level) in [
            (Family::VerbForm, config.verb_form.level),
            (Family::Conjugation, config.conjugation.level),
            (Family::Homophone, config.homophone.level),
            (Family::Agreement, config.agreement.level),
        ] {
            if level != Level::Off {
                on = on.with(family);
            }
        }
        // Names the house style declares: brands, and the spelling
        // additions written with a capital (`iPhone`).
        let proper = config
            .brands
            .iter()
            .chain(
                config
                    .spelling
                    .add
                    .iter()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase)),
            )
            .flat_map(|w| w.split_whitespace())
            .map(str::to_lowercase)
            .collect();
        Shared {
            on,
            proper,
            sentences: ThreadLocal::new(),
        }
    }

    /// The findings of every family on, computed once per document.
    fn findings<'d>(&self, doc: &'d Document<'_>) -> &'d [GrammarFinding] {
        doc.grammar_findings(|| {
            let proper =
                |w: &str| !self.proper.is_empty() && self.proper.contains(&w.to_lowercase());
            let cache = self.sentences.get_or_default();
            match cache.try_borrow_mut() {
                Ok(mut cache) => {
                    Grammar::embedded().check_cached(doc, self.on, &proper, &mut cache)
                }
                // (A check inside a check on the same thread: no cache.)
                Err(_) => Grammar::embedded().check(doc, self.on, &proper),
            }
        })
    }
}

/// One grammar rule: the findings of its family.
pub struct GrammarRule {
    pub family: Family,
    pub shared: Arc<Shared>,
}

impl Rule for GrammarRule {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        // Text the advisor quotes (the customer's words) is not theirs to
        // correct: the document's quote policy, as for every rule.
        let mine = |f: &&GrammarFinding| f.family == self.family && !doc.in_quotes(f.span);
        for f in self.shared.findings(doc).iter().filter(mine) {
            out.push(Finding {
                span: f.span,
                message: f.message.clone(),
                help: None,
                suggestions: f.suggestions.clone(),
                applicability: if f.safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                severity: None,
            });
        }
    }

    fn forget(&self) {
        if let Some(cache) = self.shared.sentences.get() {
            if let Ok(mut cache) = cache.try_borrow_mut() {
                *cache = SentenceCache::default();
            }
        }
    }
}

/// Builds the rule of `family` (the three rules share one [`Shared`] per
/// configuration).
pub fn build(config: &RuleOptions, family: Family) -> Box<dyn Rule> {
    Box::new(GrammarRule {
        family,
        shared: Arc::new(Shared::from_config(config)),
    })
}

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    #[test]
    fn remembered_and_forgotten_sentences_give_the_same_findings() {
        let linter = Linter::new(Config::default()).expect("default house style");
        let text = "Bonjour, je vais vous rappelé demain.\n\nVotre demande à été prise en compte.";
        let first = linter.check(text);
        let remembered = linter.check(text);
        linter.forget();
        let forgotten = linter.check(text);
        assert!(
            first.iter().filter(|d| d.rule == "verb-form").count() == 1,
            "{first:?}"
        );
        assert_eq!(first, remembered);
        assert_eq!(first, forgotten);
    }
}
