//! The characters a name may hold: the rule for every record's `name` and
//! `aliases`, and for the names `new` is given. A name is read on screen and
//! matched by eye and by program, so two names that look alike must be
//! alike: no invisible characters (a zero-width space makes `GPT-3 175B`
//! and `GPT-3 175B\u{200B}` two models), no blank but the plain space, and
//! no word that mixes the Latin alphabet with the Cyrillic or Greek one (a
//! Cyrillic `а` in place of a Latin `a` makes a look-alike name).

use crate::source::{is_invisible, is_unprintable};

/// What is wrong with a name's characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameFlaw {
    /// A character that shows as nothing, or acts instead of showing.
    Invisible(char),
    /// A blank other than the space (no-break, em, ideographic space, tab).
    OtherBlank(char),
    /// A word with letters of two of the Latin, Greek and Cyrillic alphabets.
    MixedScript(String),
}

impl NameFlaw {
    /// Whether the flaw is an error (the name cannot be right) rather than a
    /// warning (it may be: a Greek letter in a Latin word, `αBERT`).
    pub fn is_error(&self) -> bool {
        !matches!(self, NameFlaw::MixedScript(_))
    }

    pub fn describe(&self) -> String {
        match self {
            NameFlaw::Invisible(c) => format!("the invisible character U+{:04X}", u32::from(*c)),
            NameFlaw::OtherBlank('\n' | '\r') => "a line break".to_string(),
            NameFlaw::OtherBlank(c) => format!("the blank U+{:04X}, which is not a space", u32::from(*c)),
            NameFlaw::MixedScript(word) => {
                format!("the word `{word}`, which mixes the Latin alphabet with the Greek or Cyrillic one")
            }
        }
    }
}

/// The first flaw of a name, errors first.
pub fn name_flaw(name: &str) -> Option<NameFlaw> {
    for c in name.chars() {
        if is_invisible(c) || is_unprintable(c) {
            return Some(NameFlaw::Invisible(c));
        }
        if c.is_whitespace() && c != ' ' {
            return Some(NameFlaw::OtherBlank(c));
        }
    }
    name.split(|c: char| !c.is_alphanumeric())
        .find(|word| mixes_scripts(word))
        .map(|word| NameFlaw::MixedScript(word.to_string()))
}

/// A name as the rule allows it: invisible characters dropped, every run
/// of blanks (line breaks, no-break spaces) one space, no blank at either
/// end. What an import makes of a source's cell; the cell itself is kept in
/// the record's `source.name`.
pub fn clean_name(raw: &str) -> String {
    // Blanks stay (as spaces, below); what shows as nothing goes.
    let shows = |c: &char| c.is_whitespace() || !(is_invisible(*c) || is_unprintable(*c));
    let visible: String = raw.chars().filter(shows).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Alphabet {
    Latin,
    Greek,
    Cyrillic,
}

fn alphabet(c: char) -> Option<Alphabet> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Some(Alphabet::Latin),
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Some(Alphabet::Greek),
        '\u{400}'..='\u{52f}' | '\u{1c80}'..='\u{1c8f}' | '\u{2de0}'..='\u{2dff}' | '\u{a640}'..='\u{a69f}' => {
            Some(Alphabet::Cyrillic)
        }
        _ => None,
    }
}

fn mixes_scripts(word: &str) -> bool {
    let mut seen = word.chars().filter(|c| c.is_alphabetic()).filter_map(alphabet);
    let Some(first) = seen.next() else { return false };
    seen.any(|other| other != first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (#29.6): each of these passed E029.
    #[test]
    fn invisible_characters_are_flaws() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{180E}', '\u{FFF9}', '\u{3164}',
            '\u{115F}',
        ] {
            let name = format!("GPT-3 175B{c} (davinci)");
            assert_eq!(name_flaw(&name), Some(NameFlaw::Invisible(c)), "U+{:04X}", u32::from(c));
            assert!(name_flaw(&name).unwrap().is_error());
        }
        assert_eq!(name_flaw("GPT-3\u{a0}175B"), Some(NameFlaw::OtherBlank('\u{a0}')));
        assert_eq!(name_flaw("GPT-3\t175B"), Some(NameFlaw::OtherBlank('\t')));
    }

    #[test]
    fn a_cyrillic_letter_in_a_latin_word_is_a_warning() {
        // U+0430 CYRILLIC SMALL LETTER A in place of `a`.
        let flaw = name_flaw("Llam\u{430} 3 70B").unwrap();
        assert_eq!(flaw, NameFlaw::MixedScript("Llam\u{430}".into()));
        assert!(!flaw.is_error());
        assert!(name_flaw("G\u{3a1}T-3").is_some(), "a Greek capital rho for a P");
    }

    #[test]
    fn a_cleaned_name_has_no_flaw_but_its_alphabets() {
        assert_eq!(clean_name("Cosmos-1.0-\nDiffusion-14B Video2World"), "Cosmos-1.0- Diffusion-14B Video2World");
        assert_eq!(clean_name("ALLaM\u{a0}adapted 70B"), "ALLaM adapted 70B");
        assert_eq!(clean_name(" GPT-3 175B\u{200b} (davinci)\u{feff}"), "GPT-3 175B (davinci)");
        assert_eq!(clean_name("a\u{0}b"), "ab");
    }

    #[test]
    fn real_names_of_every_script_pass() {
        for name in [
            "GPT-3 175B (davinci)",
            "ERNIE x1 (文心大模型X1)",
            "Rubik (Rubik魔方大模型)",
            "ruGPT-3.5 13B",
            "Тиньков Т-Банк",
            "Ελληνικό GPT",
            "Müller–Ødegaard Net",
            "HyperCLOVA X (하이퍼클로바X)",
            "日本語モデル",
        ] {
            assert_eq!(name_flaw(name), None, "{name}");
        }
    }
}
