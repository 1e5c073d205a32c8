use super::phrases::{PhraseLibrary, Step};
use super::view::{
    missing_step, ConvFinding, ConversationRule, ConversationView, RuleState, TurnRef, TurnView,
};
use crate::settings::{ConfigError, Level};
use crate::conversation::Role;
use crate::lexicon::{Entry, PhraseMatcher};
use std::sync::Arc;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Formulas (customer's or advisor's) that show a sale is being made.
        pub sale_markers: Vec<String>,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Quand une vente se conclut (« je le prends », « je vais commander »,
    /// « je l'ajoute à votre panier »… : `sale_markers` dans `[upsell]`),
    /// le conseiller propose une vente complémentaire ou un rebond :
    /// accessoire, garantie, « en complément », « je vous propose
    /// également »… (étape `upsell` de la bibliothèque de phrases). C'est
    /// une information : une occasion manquée, pas une faute.
    ///
    /// ## Pourquoi
    ///
    /// Une offre complémentaire pertinente rend service au client (la coque
    /// qui protège le téléphone qu'il vient de choisir) et fait partie des
    /// objectifs commerciaux du tchat de vente.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// [10:00:00] Client : je prends le Zoé S3
    /// [10:00:20] Conseiller : Parfait, je l'ajoute à votre panier.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// [10:00:00] Client : je prends le Zoé S3
    /// [10:00:20] Conseiller : Parfait, je l'ajoute à votre panier. Je vous propose également une coque renforcée : elle protège l'écran des chutes.
    /// ```
    "upsell",
    "Une vente complémentaire est proposée quand une vente se conclut"
}

pub fn build(
    o: &Options,
    lib: &Arc<PhraseLibrary>,
) -> Result<Box<dyn ConversationRule>, ConfigError> {
    let entries = o
        .sale_markers
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Entry {
            pattern: s.trim().to_string(),
            suggestions: Vec::new(),
            hints: Vec::new(),
        })
        .collect();
    Ok(Box::new(Upsell {
        sale: PhraseMatcher::new(entries),
        lib: lib.clone(),
    }))
}

struct Upsell {
    sale: PhraseMatcher,
    lib: Arc<PhraseLibrary>,
}

struct State<'r> {
    rule: &'r Upsell,
    sale: bool,
    /// The first advisor turn at or after the sale: where the offer fits.
    expected: Option<TurnRef>,
    offered: bool,
}

impl ConversationRule for Upsell {
    fn start(&self) -> Box<dyn RuleState + '_> {
        Box::new(State {
            rule: self,
            sale: false,
            expected: None,
            offered: false,
        })
    }
}

impl RuleState for State<'_> {
    fn turn(&mut self, v: &TurnView<'_>) {
        if !matches!(v.turn.role, Role::Advisor | Role::Customer) {
            return;
        }
        if !self.sale && !self.rule.sale.find_iter(v.doc).is_empty() {
            self.sale = true;
        }
        if v.turn.role == Role::Advisor {
            if v.steps.has(Step::Upsell) {
                self.offered = true;
            }
            if self.sale && self.expected.is_none() {
                self.expected = Some(v.at());
            }
        }
    }

    fn finish(self: Box<Self>, conv: &ConversationView<'_>, out: &mut Vec<ConvFinding>) {
        if !self.sale || self.offered {
            return;
        }
        let Some(at) = self.expected.as_ref().or(conv.last_advisor) else {
            return;
        };
        let example = self
            .rule
            .lib
            .ready_phrases(Step::Upsell)
            .next()
            .unwrap_or("Je vous propose également un accessoire adapté.")
            .to_string();
        let mut f = missing_step(
            at,
            "étape de vente complémentaire absente : une vente se conclut sans offre complémentaire"
                .into(),
        );
        f.finding = f
            .finding
            .help(format!("proposez un produit ou un service lié à l'achat, par exemple « {example} »"));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn sale_without_offer() {
        let c = conversation(&[
            ("C", "", "ok je le prends"),
            ("A", "", "Parfait, je valide la commande."),
        ]);
        assert_eq!(fired("upsell", &c).len(), 1);
        let c = conversation(&[
            ("C", "", "ok je le prends"),
            ("A", "", "Parfait. En complément, une coque ?"),
        ]);
        assert!(fired("upsell", &c).is_empty());
        // After-sales: no sale, no remark.
        let c = conversation(&[
            ("C", "", "ma commande n'est pas arrivée"),
            ("A", "", "Je vérifie."),
        ]);
        assert!(fired("upsell", &c).is_empty());
    }
}
