//! JSON Lines: one object per diagnostic, documented in docs/diagnostics-json.md.
//! Keys are stable; new keys may be added, none removed or renamed.

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};

#[derive(Serialize)]
struct Line<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

pub fn render(diagnostic: &Diagnostic) -> String {
    let span = diagnostic.span();
    let line = Line {
        code: diagnostic.code.id(),
        name: diagnostic.code.name(),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        file: diagnostic.file().map(|p| p.display().to_string().replace('\\', "/")),
        line: span.map(|s| s.line),
        column: span.map(|s| s.column),
        end_line: span.map(|s| s.end_line),
        end_column: span.map(|s| s.end_column),
    };
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| render(d) + "\n").collect()
}
