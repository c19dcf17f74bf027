//! The findings as a CSV report for a dataset's curators: one row per
//! diagnostic, with the record it is on and the suggested correction, so
//! that findings can be sent upstream (Epoch AI's curators) as a table.

use crate::diag::Diagnostic;

pub const HEADER: [&str; 9] = ["kind", "record", "file", "line", "code", "name", "severity", "message", "suggestion"];

/// The report: a header and a row per diagnostic, in the order given.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(HEADER);
    for diagnostic in diagnostics {
        let file = diagnostic.file();
        let record = file.and_then(|f| f.file_stem()).map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        // records/<kind>/<id>.toml: the kind is the folder, singular.
        let kind = file
            .and_then(|f| f.parent())
            .and_then(|p| p.file_name())
            .map(|k| match k.to_string_lossy().as_ref() {
                "models" => "model".to_string(),
                "organizations" => "organization".to_string(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        let line = diagnostic.span().map(|s| s.line.to_string()).unwrap_or_default();
        let severity = if diagnostic.is_error() { "error" } else { "warning" };
        let _ = writer.write_record([
            kind.as_str(),
            record.as_str(),
            &file.map(|f| f.display().to_string().replace('\\', "/")).unwrap_or_default(),
            &line,
            diagnostic.code.id(),
            diagnostic.code.name(),
            severity,
            // A cell that starts with `=` or `+` is a formula to a spreadsheet.
            &neutralized(&diagnostic.message),
            &neutralized(diagnostic.help.as_deref().unwrap_or_default()),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn neutralized(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn one_row_per_finding_with_its_record() {
        let diagnostics = vec![
            Diagnostic::new(Code::ChipTimeMismatch, "chip_time is 504 chip-hours, but ...")
                .in_file(std::path::Path::new("records/models/gencast.toml"))
                .with_help("check the three"),
            Diagnostic::new(Code::NoSource, "=HYPERLINK(\"x\")")
                .in_file(std::path::Path::new("records/hardware/h1.toml")),
        ];
        let text = render_all(&diagnostics);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.first(), Some(&"kind,record,file,line,code,name,severity,message,suggestion"));
        assert_eq!(
            lines.get(1),
            Some(
                &"model,gencast,records/models/gencast.toml,,W111,chip-time-mismatch,warning,\"chip_time is 504 chip-hours, but ...\",check the three"
            )
        );
        assert!(lines.get(2).is_some_and(|l| l.starts_with("hardware,h1,") && l.contains("'=HYPERLINK")), "{text}");
    }
}
