//! The grammar engine's output types: the families of faults and one
//! finding. They sit below [`crate::text`] so that a
//! [`Document`](crate::text::Document) can keep the findings its grammar
//! rules share, without the text layer importing the engine
//! ([`crate::grammar`] re-exports them).

use crate::diagnostic::Span;

/// A family of grammar faults: one rule id each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    VerbForm,
    Conjugation,
    Homophone,
    Agreement,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::VerbForm,
        Family::Conjugation,
        Family::Homophone,
        Family::Agreement,
    ];

    /// The rule id.
    pub fn id(self) -> &'static str {
        match self {
            Family::VerbForm => "verb-form",
            Family::Conjugation => "conjugation",
            Family::Homophone => "homophone",
            Family::Agreement => "agreement",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of families (the ones the house style turns on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Families(pub u8);

impl Families {
    pub const ALL: Families = Families(0b1111);

    pub fn with(self, f: Family) -> Families {
        Families(self.0 | f.bit())
    }

    pub fn contains(self, f: Family) -> bool {
        self.0 & f.bit() != 0
    }
}

/// One grammar finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarFinding {
    pub family: Family,
    /// Index of the rule in `Grammar::rules` ([`crate::grammar::Grammar`]).
    pub rule: usize,
    pub span: Span,
    pub message: String,
    pub suggestions: Vec<String>,
    /// The first suggestion may be applied without reading.
    pub safe: bool,
}
