//! The diagnostics of an import, capped per code as they come: an export
//! full of one mistake (millions of cells) gives a readable report in
//! bounded memory, not a list as long as the file.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic};
use crate::limits::MAX_REPORTED_PER_CODE;

/// Keeps the first [`MAX_REPORTED_PER_CODE`] diagnostics of each code, in
/// the order they are reported, and counts the rest.
#[derive(Debug, Default)]
pub struct Reported {
    kept: Vec<Diagnostic>,
    counts: BTreeMap<Code, usize>,
}

impl Reported {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let count = self.counts.entry(diagnostic.code).or_default();
        *count += 1;
        if *count <= MAX_REPORTED_PER_CODE {
            self.kept.push(diagnostic);
        }
    }

    /// Whether anything was reported.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// How many were reported, kept or not.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// The first reported.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.kept.first()
    }

    /// The diagnostics kept, then one note per code that had more, with the count.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let Reported { mut kept, counts } = self;
        for (code, count) in counts.into_iter().filter(|(_, n)| *n > MAX_REPORTED_PER_CODE) {
            kept.push(Diagnostic::new(
                code,
                format!("and {} more {code} not listed ({count} in all)", count - MAX_REPORTED_PER_CODE),
            ));
        }
        kept
    }
}

impl Extend<Diagnostic> for Reported {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, diagnostics: I) {
        for diagnostic in diagnostics {
            self.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_of_each_code_and_counts_the_rest() {
        let mut reported = Reported::default();
        for i in 0..MAX_REPORTED_PER_CODE + 5 {
            reported.push(Diagnostic::new(Code::ImportValue, format!("value {i}")));
        }
        reported.push(Diagnostic::new(Code::ImportRow, "one row"));
        let all = reported.into_vec();
        assert_eq!(all.len(), MAX_REPORTED_PER_CODE + 2);
        assert_eq!(all.first().map(|d| d.message.as_str()), Some("value 0"));
        assert_eq!(all.get(MAX_REPORTED_PER_CODE).map(|d| d.code), Some(Code::ImportRow));
        let note = all.last().map(|d| d.message.clone()).unwrap_or_default();
        assert!(note.starts_with("and 5 more"), "{note}");
        assert!(note.contains(&format!("({} in all)", MAX_REPORTED_PER_CODE + 5)), "{note}");
    }
}
