//! The diff as Markdown, fit for a pull-request comment.

use std::fmt::Write;

use super::{ChangedRow, DatasetDiff, RowText, TableDiff};
use crate::estimate::show;

/// Long texts (abstracts, notes) are cut to this many characters.
const MAX_CELL: usize = 120;

fn cell(text: &str) -> String {
    if text.is_empty() {
        return "-".to_string();
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|");
    if flat.chars().count() > MAX_CELL {
        format!("{}…", flat.chars().take(MAX_CELL).collect::<String>())
    } else {
        flat
    }
}

/// A ratio to four significant figures, so that a change of a few tenths of
/// a percent still shows: `x2`, `x0.5`, `x1.003`, `x1.20e4`.
fn ratio(factor: f64) -> String {
    if (0.01..1000.0).contains(&factor) {
        let digits = (3 - factor.log10().floor() as i32).max(0) as usize;
        let text = format!("{factor:.digits$}");
        let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
        format!("x{text}")
    } else {
        format!("x{factor:.2e}")
    }
}

/// `old | new`, with the factor between them for compute columns. Computed
/// numbers (`1.9200000000599998e21`) are shown to four significant figures
/// unless that would hide the change.
fn change(column: &str, old: &str, new: &str) -> String {
    match (old.parse::<f64>(), new.parse::<f64>()) {
        (Ok(a), Ok(b)) => {
            let (short_a, short_b) = (show(a), show(b));
            let (a_text, b_text) =
                if short_a == short_b { (old.to_string(), new.to_string()) } else { (short_a, short_b) };
            let factor = if column.ends_with("_flop") && a > 0.0 && b > 0.0 {
                format!(" ({})", ratio(b / a))
            } else {
                String::new()
            };
            format!("{a_text} | {b_text}{factor}")
        }
        _ => format!("{} | {}", cell(old), cell(new)),
    }
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

fn counts(out: &mut String, label: &str, table: &TableDiff) {
    let _ = writeln!(
        out,
        "| {label} | {} | {} | {} | {} | {} |",
        table.before,
        table.after,
        table.added.len(),
        table.removed.len(),
        table.changed.len()
    );
}

fn model_list(out: &mut String, title: &str, rows: &[RowText]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})\n", rows.len());
    let _ = writeln!(out, "| id | name | published | training compute (FLOP) | method |");
    let _ = writeln!(out, "|---|---|---|---:|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            row.id,
            cell(&row.name),
            cell(row.get("published")),
            cell(row.get("training_compute_flop")),
            cell(row.get("training_compute_method"))
        );
    }
}

fn name_list(out: &mut String, title: &str, rows: &[RowText]) {
    if rows.is_empty() {
        return;
    }
    let names: Vec<String> = rows.iter().map(|r| format!("`{}` ({})", r.id, cell(&r.name))).collect();
    let _ = writeln!(out, "\n### {title} ({})\n\n{}", rows.len(), names.join(", "));
}

fn changed_list(out: &mut String, title: &str, rows: &[ChangedRow]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})", rows.len());
    for row in rows {
        let _ = writeln!(out, "\n`{}`: {}\n", row.id, cell(&row.name));
        let _ = writeln!(out, "| field | old | new |");
        let _ = writeln!(out, "|---|---|---|");
        for field in &row.fields {
            let _ = writeln!(out, "| `{}` | {} |", field.column, change(field.column, &field.old, &field.new));
        }
    }
}

/// The summary: counts per table, then the models added, removed and
/// changed (each changed field as old -> new, compute also as a factor),
/// then the organizations and accelerators.
pub fn markdown(diff: &DatasetDiff) -> String {
    let mut out = String::from("## flopdb: dataset changes\n\n");
    let _ =
        writeln!(out, "`{}` ({}) -> `{}` ({})\n", diff.base.0, short(&diff.base.1), diff.head.0, short(&diff.head.1));
    if diff.models.is_empty() && diff.organizations.is_empty() && diff.hardware.is_empty() {
        out.push_str("No change to the dataset.\n");
    } else {
        let _ = writeln!(out, "| table | before | after | added | removed | changed |");
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        counts(&mut out, "models", &diff.models);
        counts(&mut out, "organizations", &diff.organizations);
        counts(&mut out, "hardware", &diff.hardware);
        model_list(&mut out, "Models added", &diff.models.added);
        model_list(&mut out, "Models removed", &diff.models.removed);
        changed_list(&mut out, "Models changed", &diff.models.changed);
        name_list(&mut out, "Organizations added", &diff.organizations.added);
        name_list(&mut out, "Organizations removed", &diff.organizations.removed);
        changed_list(&mut out, "Organizations changed", &diff.organizations.changed);
        name_list(&mut out, "Hardware added", &diff.hardware.added);
        name_list(&mut out, "Hardware removed", &diff.hardware.removed);
        changed_list(&mut out, "Hardware changed", &diff.hardware.changed);
    }
    if !diff.unreadable.is_empty() {
        let files: Vec<String> = diff.unreadable.iter().map(|p| format!("`{}`", p.display())).collect();
        let _ = writeln!(
            out,
            "\nNot in `{}`'s dataset, because they do not load (`flopdb check` says why): {}.",
            diff.head.0,
            files.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_have_four_significant_figures() {
        assert_eq!(ratio(2.0), "x2");
        assert_eq!(ratio(0.5), "x0.5");
        assert_eq!(ratio(1.00333), "x1.003");
        assert_eq!(ratio(123.456), "x123.5");
        assert_eq!(ratio(12000.0), "x1.20e4");
    }

    #[test]
    fn cells_are_one_line_and_escaped() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(cell(""), "-");
        assert_eq!(cell(&"x".repeat(200)).chars().count(), MAX_CELL + 1);
        assert_eq!(change("training_compute_flop", "1e23", "3e23"), "1e23 | 3e23 (x3)");
        assert_eq!(change("name", "a", "b"), "a | b");
        assert_eq!(
            change("compute_operation_counting_flop", "1.9200000000599998e21", "8.576000000268e21"),
            "1.92e21 | 8.576e21 (x4.467)"
        );
        assert_eq!(
            change("parameters", "1.23456e9", "1.23457e9"),
            "1.23456e9 | 1.23457e9",
            "a small change still shows"
        );
    }
}
