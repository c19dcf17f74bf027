//! Renderers: each turns the same diagnostics into one output format.

pub mod csv;
pub mod github;
pub mod human;
pub mod json;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::SourceFile;

pub use crate::source::{is_invisible, is_unprintable};

/// Text as it may reach a terminal: every unprintable or invisible
/// character (and, where `one_line`, a line break) shown as its escape,
/// `\u{1b}`, so a message says which character it is about.
pub fn printable(text: &str, one_line: bool) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| is_unprintable(c) || is_invisible(c) || (one_line && matches!(c, '\n' | '\r'));
    if !text.chars().any(escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if escape(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

/// Text that Markdown (GitHub's, with its HTML) shows as it is: HTML
/// (`<img onerror>`), mentions (`@everyone`), images and links, emphasis,
/// headings, code spans and table cells escaped, and unprintable characters
/// shown as escapes.
pub fn markdown_inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // An entity, not a character: GitHub makes no mention of it.
            '@' => out.push_str("&#64;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if is_unprintable(c) || c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// The output formats of every command that reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
    /// A CSV report, a row per finding with its record and suggestion.
    Csv,
}

/// The texts of the files diagnostics point into, for the human renderer's
/// source lines.
#[derive(Debug, Clone, Default)]
pub struct Sources(BTreeMap<PathBuf, Arc<SourceFile>>);

impl Sources {
    pub fn insert(&mut self, source: Arc<SourceFile>) {
        self.0.insert(source.path.clone(), source);
    }

    pub fn get(&self, path: &Path) -> Option<&SourceFile> {
        self.0.get(path).map(Arc::as_ref)
    }
}
