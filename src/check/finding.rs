//! A diagnostic placed by JSON pointer, before its span is known. Rules work
//! on typed records, which have no spans; the few files with findings are
//! parsed again to place them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, render::Sources};
use crate::document::{Part, locate, parse};

#[derive(Debug, Clone)]
pub struct Finding {
    pub file: PathBuf,
    pub pointer: String,
    pub part: Part,
    pub diagnostic: Diagnostic,
}

impl Finding {
    pub fn new(file: &std::path::Path, pointer: impl Into<String>, part: Part, diagnostic: Diagnostic) -> Finding {
        Finding { file: file.to_path_buf(), pointer: pointer.into(), part, diagnostic }
    }
}

/// Places every finding in its file, reading the files that `sources` does
/// not hold yet (and keeping them there, for rendering). Files are parsed
/// again on every core: a tree with many warnings has thousands.
pub fn resolve(findings: Vec<Finding>, root: &std::path::Path, sources: &mut Sources) -> Vec<Diagnostic> {
    let mut by_file: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for finding in findings {
        by_file.entry(finding.file.clone()).or_default().push(finding);
    }
    let by_file: Vec<(PathBuf, Vec<Finding>)> = by_file.into_iter().collect();
    let held = &*sources;
    let placed = crate::parallel::map(&by_file, |(file, findings)| {
        let read = match held.get(file) {
            Some(_) => None,
            None => crate::repo::read_record(root, file).ok(),
        };
        let source = read.as_deref().or_else(|| held.get(file));
        let document = source.and_then(|s| parse(s).ok());
        let diagnostics: Vec<Diagnostic> = findings
            .iter()
            .map(|finding| match (source, &document) {
                (Some(source), Some(document)) => {
                    let range = locate(document, &finding.pointer, finding.part).unwrap_or(0..0);
                    finding.diagnostic.clone().at(source, range)
                }
                _ => finding.diagnostic.clone().in_file(file),
            })
            .collect();
        (read, diagnostics)
    });
    let mut out = Vec::new();
    for (read, diagnostics) in placed {
        if let Some(source) = read {
            sources.insert(source);
        }
        out.extend(diagnostics);
    }
    out
}
