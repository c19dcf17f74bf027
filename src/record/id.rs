//! Record ids: the file stem of a record, and how records refer to each other.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, de};

/// The JSON Schema pattern of an id; kept in step with [`is_valid_id`].
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
pub use crate::limits::MAX_ID_LEN;

/// Lowercase ASCII letters and digits in words joined by single hyphens, at
/// most 100 characters: safe as a file name on every system, and stable.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        && !is_reserved_name(id)
}

/// Names Windows reserves for devices: a record called `con.toml` could not
/// be checked out there.
pub fn is_reserved_name(id: &str) -> bool {
    matches!(id, "con" | "prn" | "aux" | "nul")
        || ((id.starts_with("com") || id.starts_with("lpt"))
            && id.len() == 4
            && id.ends_with(|c: char| c.is_ascii_digit()))
}

/// Turns a name into an id: `GPT-3 175B (davinci)` becomes `gpt-3-175b-davinci`.
pub fn slugify(name: &str) -> String {
    slug(name).unwrap_or_else(|| "unnamed".to_string())
}

/// The id a name gives, or none when the name holds no ASCII letter or
/// digit, even after folding accents (`日本語モデル`, `!!!`).
pub fn slug(name: &str) -> Option<String> {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > MAX_ID_LEN - 8 {
        slug.truncate(MAX_ID_LEN - 8);
        slug = slug.trim_end_matches('-').to_string();
    }
    if slug.is_empty() {
        return None;
    }
    if is_reserved_name(&slug) {
        slug.push_str("-1");
    }
    Some(slug)
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ß' => 's',
        other => other,
    }
}

/// A reference to another record by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    pub fn new(id: &str) -> Option<Id> {
        is_valid_id(id).then(|| Id(id.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Id::new(&text).ok_or_else(|| de::Error::custom(format!("`{text}` is not a valid id")))
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Id")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The id of another record: its file name without `.toml` (lowercase letters, digits and single hyphens).",
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": MAX_ID_LEN,
        })
    }
}

/// How names compare loosely: letters and digits, lower-cased, with the
/// marks that change what a name means kept: `+` (`Command R+` is not
/// `Command R`) and a point between digits (`1.2B` is not `12B`). `Qwen3-32B`,
/// `Qwen3 32B` and `qwen3_32b` agree.
pub fn loose_name_key(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let digit = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(char::is_ascii_digit);
    let mut key = String::with_capacity(name.len());
    for (i, c) in chars.iter().enumerate() {
        let decimal_point = *c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1));
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if *c == '+' || decimal_point {
            key.push(*c);
        }
    }
    key
}

/// A name without a trailing parenthetical (`GPT-4 (Mar 2023)` is
/// `GPT-4`), as loose names compare, and whether it had one.
fn without_parenthetical(name: &str) -> (String, bool) {
    let trimmed = name.trim();
    match (trimmed.ends_with(')'), trimmed.rfind('(')) {
        (true, Some(open)) if open > 0 => (loose_name_key(trimmed.get(..open).unwrap_or(trimmed)), true),
        _ => (loose_name_key(trimmed), false),
    }
}

/// Names of one model: the same but for punctuation, or but for a trailing
/// parenthetical on one of them (`GPT-4` and `GPT-4 (Mar 2023)`; not
/// `data2vec (vision)` and `data2vec (speech)`).
pub fn same_model_names(a: &str, b: &str) -> bool {
    let (full_a, full_b) = (loose_name_key(a), loose_name_key(b));
    if !full_a.is_empty() && full_a == full_b {
        return true;
    }
    match (without_parenthetical(a), without_parenthetical(b)) {
        ((core, true), (_, false)) => !core.is_empty() && core == full_b,
        ((_, false), (core, true)) => !core.is_empty() && core == full_a,
        _ => false,
    }
}

/// Names that may be of one model renamed: of one model, or one inside the
/// other (`GR00T N1` and `GR00T N1 2B`; at least four letters or digits).
pub fn related_names(a: &str, b: &str) -> bool {
    if same_model_names(a, b) {
        return true;
    }
    let (a, b) = (without_parenthetical(a).0, without_parenthetical(b).0);
    let (short, long) = if a.chars().count() <= b.chars().count() { (&a, &b) } else { (&b, &a) };
    short.chars().count() >= 4 && long.contains(short.as_str())
}

/// How names compare: case and spacing ignored.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_names_are_one_model_named_otherwise() {
        assert!(related_names("GPT-4", "GPT-4 (Mar 2023)"));
        assert!(related_names("GR00T N1", "GR00T N1 2B"));
        assert!(related_names("Apollo 7B", "Apollo-7B"));
        assert!(related_names("MMLSTM", "MMLSTM (PTB)"));
        assert!(!related_names("GLEE", "Boxes (pole)"));
        assert!(!related_names("RNN", "RNN+LDA"), "too short to be contained");
        assert!(!related_names("", "x"));
        assert!(same_model_names("GPT-4", "GPT-4 (Mar 2023)") && same_model_names("Apollo 7B", "Apollo-7B"));
        assert!(!same_model_names("data2vec (vision)", "data2vec (speech)"));
        assert!(!same_model_names("GPT-5", "GPT-5 mini"));
    }

    #[test]
    fn loose_names_agree_only_where_the_meaning_does() {
        assert_eq!(loose_name_key("Qwen3-32B"), loose_name_key("qwen3 32b"));
        assert_eq!(loose_name_key("Grok-3"), loose_name_key("Grok 3"));
        assert_ne!(loose_name_key("Command R+"), loose_name_key("Command R"));
        assert_ne!(loose_name_key("Odyssey 1.2B"), loose_name_key("Odyssey 12B"));
        assert_eq!(loose_name_key("v1.0-beta."), "v1.0beta");
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("gpt-3-175b-davinci"));
        for bad in ["", "GPT", "a--b", "-a", "a-", "a_b", "a.b", "../x", "con", "com1", "a/b", "é"] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
        assert!(is_valid_id("console"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("GPT-3 175B (davinci)"), "gpt-3-175b-davinci");
        assert_eq!(slugify("Université de Montréal"), "universite-de-montreal");
        assert_eq!(slugify("???"), "unnamed");
        assert_eq!(slugify("CON"), "con-1");
        assert!(is_valid_id(&slugify(&"x".repeat(500))));
    }
}
