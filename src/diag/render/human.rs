//! rustc-style diagnostics: `error[E012]: ...`, `--> file:line:col`, the
//! source line with a caret under the span, and `= help:`.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Sources;
use crate::diag::{Diagnostic, Severity};

/// Renders one diagnostic; `color` adds ANSI styles for a terminal.
pub fn render(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(diagnostic.message.as_str()).id(diagnostic.code.id());
    let path_text = diagnostic.file().map(|p| p.display().to_string());
    let mut group = Group::with_title(title);
    if let (Some(location), Some(path)) = (&diagnostic.location, &path_text) {
        let source = sources.get(&location.file);
        match (&location.span, source) {
            (Some(span), Some(source)) => {
                let lines = source.line_range(span.line, span.end_line.max(span.line));
                let text = source.text.get(lines.clone()).unwrap_or_default();
                let start = span.start.saturating_sub(lines.start).min(text.len());
                let end = span.end.saturating_sub(lines.start).clamp(start, text.len());
                group = group.element(
                    Snippet::source(text)
                        .line_start(span.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                );
            }
            (Some(span), None) => {
                group = group.element(Origin::path(path.as_str()).line(span.line).char_column(span.column));
            }
            (None, _) => {
                group = group.element(Origin::path(path.as_str()));
            }
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Ascii);
    renderer.render(&[group])
}

/// Renders every diagnostic, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render(diagnostic, sources, color));
        out.push_str("\n\n");
    }
    out
}
