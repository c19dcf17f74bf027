//! The diff as Markdown, fit for a pull-request comment.

use std::fmt::Write;

use super::{ChangedRow, DatasetDiff, Review, RowText, TableDiff};
use crate::diag::render::{is_unprintable, markdown_inert};
use crate::estimate::show;

/// Long texts (abstracts, notes) are cut to this many characters.
const MAX_CELL: usize = 120;

/// A text of the records as Markdown shows it: on one line, cut to
/// [`MAX_CELL`] characters, and inert. Whatever a pull request puts in a
/// name or a file name stays text: HTML (`<img onerror>`), mentions
/// (`@everyone`), images and links, emphasis, headings, code spans and table
/// cells are escaped, and characters that are not printable are shown as
/// escapes.
fn cell(text: &str) -> String {
    if text.is_empty() {
        return "-".to_string();
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = flat.chars().take(MAX_CELL).collect();
    let ellipsis = if flat.chars().count() > MAX_CELL { "…" } else { "" };
    format!("{}{ellipsis}", markdown_inert(&cut))
}

/// A record id or file name in a code span, when it cannot close the span
/// (a backtick) or break the line; else as inert text.
fn code(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c != '`' && !c.is_control() && !is_unprintable(c)) {
        format!("`{text}`")
    } else {
        cell(text)
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
    // Whole numbers (citations, counts) exactly: 32643 is not 32640.
    if let (Ok(_), Ok(_)) = (old.parse::<i64>(), new.parse::<i64>()) {
        return format!("{old} | {new}");
    }
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

/// A number of the dataset to four significant figures (`3.032e24`); a
/// text as it is.
fn figure(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(value) if text.parse::<i64>().is_err() => show(value),
        _ => cell(text),
    }
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
            "| {} | {} | {} | {} | {} |",
            code(&row.id),
            cell(&row.name),
            cell(row.get("published")),
            figure(row.get("training_compute_flop")),
            cell(row.get("training_compute_method"))
        );
    }
}

/// The inputs a reviewer checks against the source, with their columns.
const INPUTS: [(&str, &str); 12] = [
    ("parameters", "parameters"),
    ("active parameters", "active_parameters"),
    ("data", "data_size"),
    ("epochs", "epochs"),
    ("stated compute (FLOP)", "training_compute_stated_flop"),
    ("hardware", "hardware"),
    ("chips", "hardware_count"),
    ("training time (h)", "training_time_hours"),
    ("chip-hours", "chip_hours"),
    ("utilization", "utilization"),
    ("precision", "precision"),
    ("links", "links"),
];

/// Per model added or changed: its inputs as the dataset has them, how its
/// compute was reached (each assumption said), and the check's findings.
fn reviews(out: &mut String, rows: &[&RowText], reviews: &std::collections::BTreeMap<String, Review>) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### To check against the sources\n");
    for row in rows {
        let _ = writeln!(out, "<details><summary>{} {}</summary>\n", code(&row.id), cell(&row.name));
        let inputs: Vec<(&str, String)> = INPUTS
            .iter()
            .filter(|(_, column)| !row.get(column).is_empty())
            .map(|(label, column)| {
                let value = match *column {
                    "data_size" => format!("{} {}", figure(row.get(column)), cell(row.get("data_unit"))),
                    "links" => row
                        .get(column)
                        .split(crate::dataset::cell::LIST_SEPARATOR.trim())
                        .map(|link| code(link.trim()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    "utilization" => format!("{} (stated)", figure(row.get(column))),
                    _ => figure(row.get(column)),
                };
                (*label, value)
            })
            .collect();
        if inputs.is_empty() {
            let _ = writeln!(out, "No inputs given.\n");
        } else {
            let _ = writeln!(out, "| input | value |\n|---|---|");
            for (label, value) in inputs {
                let _ = writeln!(out, "| {label} | {value} |");
            }
            out.push('\n');
        }
        if let Some(review) = reviews.get(&row.id) {
            for working in &review.workings {
                let _ = writeln!(out, "- {}", cell(working));
            }
            if review.findings.is_empty() {
                let _ = writeln!(out, "- check: no finding");
            }
            for finding in &review.findings {
                let _ = writeln!(out, "- check: {}", cell(finding));
            }
        }
        let _ = writeln!(out, "\n</details>\n");
    }
}

fn name_list(out: &mut String, title: &str, rows: &[RowText]) {
    if rows.is_empty() {
        return;
    }
    let names: Vec<String> = rows.iter().map(|r| format!("{} ({})", code(&r.id), cell(&r.name))).collect();
    let _ = writeln!(out, "\n### {title} ({})\n\n{}", rows.len(), names.join(", "));
}

fn changed_list(out: &mut String, title: &str, rows: &[ChangedRow]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})", rows.len());
    for row in rows {
        let _ = writeln!(out, "\n{}: {}\n", code(&row.id), cell(&row.name));
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
    let _ = writeln!(
        out,
        "{} ({}) -> {} ({})\n",
        code(&diff.base.0),
        short(&diff.base.1),
        code(&diff.head.0),
        short(&diff.head.1)
    );
    // Notes about what the summary leaves out come first: a summary cut to
    // a comment's size keeps its beginning.
    notes(&mut out, diff);
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
        let reviewed: Vec<&RowText> =
            diff.models.added.iter().chain(diff.models.changed.iter().map(|c| &c.row)).collect();
        reviews(&mut out, &reviewed, &diff.reviews);
        name_list(&mut out, "Organizations added", &diff.organizations.added);
        name_list(&mut out, "Organizations removed", &diff.organizations.removed);
        changed_list(&mut out, "Organizations changed", &diff.organizations.changed);
        name_list(&mut out, "Hardware added", &diff.hardware.added);
        name_list(&mut out, "Hardware removed", &diff.hardware.removed);
        changed_list(&mut out, "Hardware changed", &diff.hardware.changed);
    }
    out
}

/// Files that do not load, and uncommitted changes: what the tables below
/// do not show. The list of files is cut to its first few.
fn notes(out: &mut String, diff: &DatasetDiff) {
    const SHOWN_FILES: usize = 20;
    if !diff.unreadable.is_empty() {
        let mut files: Vec<String> =
            diff.unreadable.iter().take(SHOWN_FILES).map(|p| code(&p.display().to_string())).collect();
        if diff.unreadable.len() > SHOWN_FILES {
            files.push(format!("and {} more", diff.unreadable.len() - SHOWN_FILES));
        }
        let _ = writeln!(
            out,
            "**{} record file(s) do not load** and are not in {}'s dataset (`flopdb check` says why): {}.\n",
            diff.unreadable.len(),
            code(&diff.head.0),
            files.join(", ")
        );
    }
    if !diff.uncommitted.is_empty() {
        let _ = writeln!(
            out,
            "_The working tree has uncommitted changes to {} record file(s), not in this summary: `flopdb diff` {} `--worktree` includes them._\n",
            diff.uncommitted.len(),
            code(&diff.base.0)
        );
    }
}

/// The Markdown cut to at most `limit` characters at a line's end, with a
/// closing note that says so and where the whole is: a pull-request comment
/// has a size limit, and a change to every record exceeds it.
pub fn capped(markdown: &str, limit: usize, whole_at: &str) -> String {
    if markdown.chars().count() <= limit {
        return markdown.to_string();
    }
    let note = format!(
        "\n_The summary is cut here: {} characters in all, more than a comment holds. The whole of it: {whole_at}._\n",
        markdown.chars().count()
    );
    let budget = limit.saturating_sub(note.chars().count());
    let mut out = String::new();
    let mut used = 0;
    for line in markdown.split_inclusive('\n') {
        let length = line.chars().count();
        if used + length > budget {
            break;
        }
        out.push_str(line);
        used += length;
    }
    out.push_str(&note);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_summary_is_cut_at_a_line_with_a_note() {
        let long: String = (0..10_000).map(|i| format!("| row {i} |\n")).collect();
        let cut = capped(&long, 60_000, "the artifact");
        assert!(cut.chars().count() <= 60_000);
        assert!(cut.ends_with("The whole of it: the artifact._\n"), "{}", &cut[cut.len() - 200..]);
        assert_eq!(capped("short\n", 60_000, "x"), "short\n");
    }

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
        assert_eq!(
            cell("<img src=x onerror=alert(1)> @everyone ![x](https://e.vil/p.png)"),
            "&lt;img src=x onerror=alert\\(1\\)&gt; &#64;everyone \\!\\[x\\]\\(https://e.vil/p.png\\)"
        );
        assert_eq!(code("a`b\n# heading"), "a\\`b \\# heading");
        assert_eq!(code("gpt-3"), "`gpt-3`");
        assert_eq!(change("citations", "32643", "2"), "32643 | 2");
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
