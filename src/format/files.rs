//! `fmt` over files: which would change, and writing them (atomically).

use std::path::{Path, PathBuf};

use super::format_record;
use crate::diag::render::Sources;
use crate::diag::{Code, Diagnostic};
use crate::document;
use crate::repo::{self, RecordPath};

/// What `fmt` found.
#[derive(Debug, Default)]
pub struct FormatOutcome {
    /// Files not in canonical form (rewritten, unless only checking), relative to the root.
    pub changed: Vec<PathBuf>,
    /// For each changed file, where it first differs from its canonical form (E031).
    pub unformatted: Vec<Diagnostic>,
    /// For each changed file, what `fmt` would change, as a unified diff.
    pub diffs: Vec<String>,
    /// Files already canonical.
    pub unchanged: usize,
    /// Files that could not be read or parsed, and are left alone.
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Formats `paths` (relative to the root; every record file when `None`),
/// writing the changed ones unless `check_only`. A file that does not parse
/// is reported and left as it is.
pub fn format_files(root: &Path, paths: Option<&[RecordPath]>, check_only: bool) -> FormatOutcome {
    let mut outcome = FormatOutcome::default();
    let discovered;
    let paths = match paths {
        Some(paths) => paths,
        None => {
            let (found, diagnostics) = repo::discover(root);
            outcome.diagnostics.extend(diagnostics);
            discovered = found;
            &discovered
        }
    };
    for record in paths {
        let source = match repo::read_record(root, &record.path) {
            Ok(source) => source,
            Err(diagnostic) => {
                outcome.diagnostics.push(diagnostic);
                continue;
            }
        };
        // The check's parser, for its located syntax errors.
        if let Err(diagnostic) = document::parse(&source) {
            outcome.diagnostics.push(diagnostic);
            outcome.sources.insert(source);
            continue;
        }
        let Ok(formatted) = format_record(record.kind, &source.text) else { continue };
        if formatted == source.text {
            outcome.unchanged += 1;
            continue;
        }
        let line = first_difference(&source.text, &formatted);
        let range = source.line_range(line, line);
        outcome.unformatted.push(
            Diagnostic::new(Code::NotFormatted, "not in canonical form from this line on")
                .at(&source, range)
                .with_help(format!("run `flopdb fmt {}`", record.path.display())),
        );
        if check_only {
            let path = record.path.display().to_string();
            // A deadline keeps the diff bounded on a record that changes on
            // every line (past it, the diff is coarser, never wrong), and the
            // shown lines are capped.
            let diff = similar::TextDiff::configure()
                .timeout(std::time::Duration::from_millis(200))
                .diff_lines(source.text.as_str(), formatted.as_str());
            let unified =
                diff.unified_diff().context_radius(2).header(&path, &format!("{path} (formatted)")).to_string();
            outcome.diffs.push(cap_lines(&unified, MAX_DIFF_LINES));
        }
        outcome.sources.insert(source.clone());
        if !check_only && let Err(error) = crate::fsio::write_atomic(&root.join(&record.path), formatted.as_bytes()) {
            outcome.diagnostics.push(
                Diagnostic::new(crate::diag::Code::Io, format!("cannot write {}: {error}", record.path.display()))
                    .in_file(&record.path),
            );
            continue;
        }
        outcome.changed.push(record.path.clone());
    }
    crate::diag::sort(&mut outcome.diagnostics);
    outcome
}

/// Lines of a unified diff shown per file.
const MAX_DIFF_LINES: usize = 200;

/// The first `max` lines of a text, and a line that says how many follow.
fn cap_lines(text: &str, max: usize) -> String {
    let total = text.lines().count();
    if total <= max {
        return text.to_string();
    }
    let mut out: String = text.lines().take(max).map(|l| format!("{l}\n")).collect();
    out.push_str(&format!("... {} more lines of differences (`flopdb fmt` rewrites them all)\n", total - max));
    out
}

/// The first line (1-based) where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    let mut lines = a.lines().zip(b.lines());
    let same = lines.by_ref().take_while(|(x, y)| x == y).count();
    same + 1
}
