//! One type for every problem flopdb reports, and one renderer per output
//! format (`render::{human, json, github}`).

mod codes;
pub mod render;

pub use codes::Code;

use std::path::{Path, PathBuf};

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Where a problem is: a file, and within it a byte range with its 1-based
/// line and column (columns count characters) at both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub span: Option<Span>,
}

/// A problem: severity, code, message, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Boxed: most diagnostics travel in `Result`s, which stay small.
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity, not yet placed.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: code.severity(), code, message: message.into(), location: None, help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// Places the diagnostic in a file, with no position.
    pub fn in_file(mut self, file: &Path) -> Diagnostic {
        self.location = Some(Box::new(Location { file: file.to_path_buf(), span: None }));
        self
    }

    /// Places the diagnostic at a byte range of a source file.
    pub fn at(mut self, source: &SourceFile, range: std::ops::Range<usize>) -> Diagnostic {
        self.location = Some(Box::new(Location { file: source.path.clone(), span: Some(source.span(range)) }));
        self
    }

    /// Places the diagnostic at a line and column of a file that is not
    /// parsed as TOML (a CSV row, say).
    pub fn at_line(mut self, file: &Path, line: usize, column: usize) -> Diagnostic {
        let span = Span { start: 0, end: 0, line, column, end_line: line, end_column: column };
        self.location = Some(Box::new(Location { file: file.to_path_buf(), span: Some(span) }));
        self
    }

    pub fn file(&self) -> Option<&Path> {
        self.location.as_ref().map(|l| l.file.as_path())
    }

    pub fn span(&self) -> Option<&Span> {
        self.location.as_ref().and_then(|l| l.span.as_ref())
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One line for an error that ends a command (`[E030] message (at
/// records/x.toml:3:5); help: ...`): the code and the place kept to the edge.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)?;
        match (self.file(), self.span()) {
            (Some(file), Some(span)) => write!(f, " (at {}:{}:{})", file.display(), span.line, span.column)?,
            (Some(file), None) => write!(f, " (in {})", file.display())?,
            _ => {}
        }
        match &self.help {
            Some(help) => write!(f, "; help: {help}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Sorts diagnostics by file, position and code, so that every run reports
/// in the same order whatever order the work was done in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (d.file().map(Path::to_path_buf), d.span().map(|s| (s.line, s.column, s.start)), d.code, d.message.clone())
        };
        key(a).cmp(&key(b))
    });
}

/// Counts of errors and warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Tally { errors, warnings: diagnostics.len() - errors }
    }
}

pub use crate::suggest::numbers_agree;

/// "Did you mean": the closest candidate within a small edit distance,
/// with the same numbers (`numbers_agree`).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let wanted_chars = wanted.chars().count();
    let allowed = |c: &str| (c.chars().count().max(wanted_chars) / 3).max(1);
    candidates
        .into_iter()
        // The distance is at least the difference in length: skip, unmeasured,
        // the candidates that cannot be close.
        .filter(|c| c.chars().count().abs_diff(wanted_chars) <= allowed(c))
        .filter(|c| numbers_agree(wanted, c))
        .map(|c| (strsim::damerau_levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= allowed(c))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("paramters", ["parameters", "published"]), Some("parameters"));
        assert_eq!(closest("langauge", ["language", "vision"]), Some("language"));
        assert_eq!(closest("zzz", ["parameters"]), None);
    }

    /// Regression: `nvidia-h100-sxm5` suggested the H800, a chip three
    /// times slower, which a contributor who accepts it gets silently.
    #[test]
    fn a_different_model_number_is_never_suggested() {
        let chips = ["nvidia-h800-sxm5", "nvidia-a100", "nvidia-h100-sxm5-80gb"];
        assert_eq!(closest("nvidia-h100-sxm5", chips), Some("nvidia-h100-sxm5-80gb"));
        assert_eq!(closest("nvidia-h100", ["nvidia-a100", "nvidia-h800"]), Some("nvidia-a100"));
        assert_eq!(closest("nvidia-h100-sxm", ["nvidia-h800-sxm5"]), None);
        assert!(numbers_agree("gpt4", "gpt-4") && !numbers_agree("llama-3-70b", "llama-3-7b"));
    }
}
