//! rustc-style diagnostics: `error[E012]: ...`, `--> file:line:col`, the
//! source line with a caret under the span, and `= help:`.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Sources, printable};
use crate::diag::{Diagnostic, Severity};

/// Renders one diagnostic; `color` adds ANSI styles for a terminal.
pub fn render(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    // Nothing from a record or a file name reaches the terminal raw.
    let message = printable(&diagnostic.message, false);
    let title = level.primary_title(message.as_ref()).id(diagnostic.code.id());
    let path_text = diagnostic.file().map(|p| printable(&p.display().to_string(), true).into_owned());
    // The source lines, made printable, and the span within them (escapes are
    // longer than what they stand for: the span moves with them).
    let snippet = diagnostic.location.as_ref().and_then(|location| {
        let span = location.span.as_ref()?;
        let source = sources.get(&location.file)?;
        let lines = source.line_range(span.line, span.end_line.max(span.line));
        let raw = source.text.get(lines.clone()).unwrap_or_default();
        let start = span.start.saturating_sub(lines.start).min(raw.len());
        let end = span.end.saturating_sub(lines.start).clamp(start, raw.len());
        Some((printable(raw, false).into_owned(), printable_len(raw, start), printable_len(raw, end), span.line))
    });
    let mut group = Group::with_title(title);
    if let (Some(location), Some(path)) = (&diagnostic.location, &path_text) {
        match (&location.span, &snippet) {
            (Some(_), Some((text, start, end, line))) => {
                group = group.element(
                    Snippet::source(text.as_str())
                        .line_start(*line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(*start..*end)),
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
    let help = diagnostic.help.as_deref().map(|h| printable(h, false));
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Ascii);
    renderer.render(&[group])
}

/// The byte offset in `printable(text)` of the byte offset `at` in `text`.
fn printable_len(text: &str, at: usize) -> usize {
    text.get(..at).map_or(at, |head| printable(head, false).len())
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
