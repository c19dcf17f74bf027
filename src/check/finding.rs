//! A diagnostic placed by JSON pointer, before its span is known. Rules work
//! on typed records, which have no spans; the few files with findings are
//! parsed again to place them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::document::{Part, locate, parse};
use crate::diag::{Diagnostic, render::Sources};

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
/// not hold yet (and keeping them there, for rendering).
pub fn resolve(findings: Vec<Finding>, root: &std::path::Path, sources: &mut Sources) -> Vec<Diagnostic> {
    let mut by_file: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for finding in findings {
        by_file.entry(finding.file.clone()).or_default().push(finding);
    }
    let mut out = Vec::new();
    for (file, findings) in by_file {
        if sources.get(&file).is_none()
            && let Ok(source) = crate::repo::read_record(root, &file)
        {
            sources.insert(source);
        }
        let source = sources.get(&file);
        let document = source.and_then(|s| parse(s).ok());
        for finding in findings {
            let placed = match (source, &document) {
                (Some(source), Some(document)) => {
                    let range = locate(document, &finding.pointer, finding.part).unwrap_or(0..0);
                    finding.diagnostic.at(source, range)
                }
                _ => finding.diagnostic.in_file(&file),
            };
            out.push(placed);
        }
    }
    out
}
