//! `flopdb.toml` at the repository root: the estimation defaults a
//! repository may change. Every key is optional.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Code, Diagnostic};
use crate::document::{Part, locate, parse, to_json};
use crate::estimate::EstimateConfig;
use crate::limits::MAX_CONFIG_BYTES;
use crate::repo::{CONFIG_FILE, read_inside};
use crate::source::SourceFile;

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub estimate: EstimateConfig,
}

impl Config {
    /// Reads `flopdb.toml` under `root`; a missing file gives the defaults,
    /// a bad one the defaults and its diagnostics.
    pub fn load(root: &Path) -> (Config, Vec<Diagnostic>) {
        let rel = Path::new(CONFIG_FILE);
        // A link that leads nowhere is a file that is not there either.
        if root.join(rel).symlink_metadata().is_err() {
            return (Config::default(), Vec::new());
        }
        let text = read_inside(root, rel, MAX_CONFIG_BYTES, "flopdb.toml")
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| Diagnostic::new(Code::NotUtf8, "not UTF-8")));
        match text {
            Ok(text) => Config::parse(&SourceFile::new(CONFIG_FILE, text)),
            Err(d) => (
                Config::default(),
                vec![Diagnostic { code: Code::BadConfig, severity: Code::BadConfig.severity(), ..d }.in_file(rel)],
            ),
        }
    }

    pub fn parse(source: &SourceFile) -> (Config, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let document = match parse(source) {
            Ok(document) => document,
            Err(d) => return (Config::default(), vec![Diagnostic { code: Code::BadConfig, ..d }]),
        };
        let json = to_json(&document, source, &mut diagnostics);
        let config = match serde_path_to_error::deserialize::<_, Config>(json) {
            Ok(config) => config,
            Err(e) => {
                let pointer = crate::record::path_to_pointer(e.path());
                let range = locate(&document, &pointer, Part::Key).unwrap_or(0..0);
                diagnostics
                    .push(Diagnostic::new(Code::BadConfig, format!("{CONFIG_FILE}: {}", e.inner())).at(source, range));
                return (Config::default(), diagnostics);
            }
        };
        let e = &config.estimate;
        let checks = [
            ("utilization_language", e.utilization_language > 0.0 && e.utilization_language <= 1.0),
            ("utilization_other", e.utilization_other > 0.0 && e.utilization_other <= 1.0),
            ("disagreement_factor", e.disagreement_factor >= 1.0 && e.disagreement_factor.is_finite()),
            ("pue", e.pue >= 1.0 && e.pue.is_finite()),
            ("backward_forward_ratio", e.backward_forward_ratio > 0.0 && e.backward_forward_ratio.is_finite()),
        ];
        for (key, ok) in checks {
            if !ok {
                let range = locate(&document, &format!("/estimate/{key}"), Part::Value).unwrap_or(0..0);
                diagnostics.push(
                    Diagnostic::new(Code::BadConfig, format!("estimate.{key} is out of range"))
                        .with_help(
                            "utilizations are in (0, 1]; the factor and the PUE are at least 1; the ratio is positive",
                        )
                        .at(source, range),
                );
            }
        }
        if diagnostics.is_empty() { (config, diagnostics) } else { (Config::default(), diagnostics) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_overrides_and_rejects_unknown_keys() {
        let (config, diags) = Config::parse(&SourceFile::new("flopdb.toml", "[estimate]\npue = 1.2\n".to_string()));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.estimate.pue, 1.2);
        assert_eq!(config.estimate.disagreement_factor, 3.0);
        let (_, diags) = Config::parse(&SourceFile::new("flopdb.toml", "[estimate]\npeu = 1.2\n".to_string()));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].span().map(|s| s.line), Some(2));
    }
}
