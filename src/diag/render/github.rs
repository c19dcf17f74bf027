//! GitHub Actions workflow commands, so that problems show on the pull
//! request's lines: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`.

use crate::diag::{Diagnostic, Severity};

pub fn render(diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if let Some(file) = diagnostic.file() {
        properties.push(format!("file={}", escape_property(&file.display().to_string().replace('\\', "/"))));
    }
    if let Some(span) = diagnostic.span() {
        properties.push(format!("line={}", span.line));
        properties.push(format!("col={}", span.column));
        properties.push(format!("endLine={}", span.end_line));
        properties.push(format!("endColumn={}", span.end_column));
    }
    let title = format!("{} {}", diagnostic.code.id(), diagnostic.code.name());
    properties.push(format!("title={}", escape_property(&title)));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{command} {}::{}", properties.join(","), escape_data(&message))
}

pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| render(d) + "\n").collect()
}

/// The escaping GitHub's toolkit applies to a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Property values also escape the separators `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn escapes_newlines_and_separators() {
        let d = Diagnostic::new(Code::UnknownKey, "a\nb: 100%").in_file(std::path::Path::new("records/a,b.toml"));
        assert_eq!(render(&d), "::error file=records/a%2Cb.toml,title=E012 unknown-key::a%0Ab: 100%25");
    }
}
