//! An organization record: `records/organizations/<id>.toml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::vocab::Categorization;

/// An organization that develops ML models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "flopdb organization record")]
pub struct Organization {
    /// The organization's name, such as "Google DeepMind".
    pub name: String,
    /// Other names, used to match imports and suggest ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Industry, academia, government or research collective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categorization: Option<Categorization>,
    /// Country, as Epoch names it: "United States of America", "Multinational".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Web links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Organization {
    /// Its name, then its aliases: what a person may call it.
    pub fn names(&self) -> Vec<&str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).collect()
    }
}
