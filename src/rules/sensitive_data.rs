use crate::config::{ConfigError, Level};
use crate::diagnostic::Finding;
use crate::rules::{Config, Rule};
use crate::text::Document;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// (en cours d'écriture)
    "sensitive-data",
    "Données bancaires ou secrètes demandées ou écrites"
}

pub fn build(_config: &Config) -> Result<Box<dyn Rule>, ConfigError> {
    Ok(Box::new(Unimplemented))
}

struct Unimplemented;

impl Rule for Unimplemented {
    fn check(&self, _doc: &Document<'_>, _out: &mut Vec<Finding>) {}
}
