//! Reading the cells of one row into typed values. A cell that does not fit
//! its field is reported (W201) with its row and column, and kept verbatim
//! in the record's `extra` table: nothing is lost, nothing is guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::layout::Layout;
use super::table::{Row, Table};
use crate::diag::{Code, Diagnostic};
use crate::quantity::parse_number;
use crate::record::Term;

/// Columns derived from others, which records do not store.
const DERIVED: &[&str] = &[
    "Organization categorization (from Organization)",
    "Compute rank when published",
    "Training compute times parameters",
    "Training compute per parameter (FLOPs)",
];

/// What an import took and what it reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub rows: usize,
    pub values_taken: usize,
    pub values_reported: usize,
}

pub struct RowReader<'a> {
    table: &'a Table,
    row: &'a Row,
    layout: Layout,
    used: Vec<bool>,
    pub extra: BTreeMap<String, String>,
    diagnostics: &'a mut Vec<Diagnostic>,
    stats: &'a mut Stats,
}

/// The key of a column in `extra`: `Training cost (2020 USD)` is `training_cost_2020_usd`.
pub fn column_key(column: &str) -> String {
    crate::record::slugify(column).replace('-', "_")
}

impl<'a> RowReader<'a> {
    pub fn new(
        table: &'a Table,
        row: &'a Row,
        layout: Layout,
        diagnostics: &'a mut Vec<Diagnostic>,
        stats: &'a mut Stats,
    ) -> Self {
        stats.rows += 1;
        RowReader {
            table,
            row,
            layout,
            used: vec![false; table.header.len()],
            extra: BTreeMap::new(),
            diagnostics,
            stats,
        }
    }

    pub fn line(&self) -> usize {
        self.row.line
    }

    fn index(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| self.table.header.iter().position(|h| h == name))
    }

    /// The trimmed text of the first column present of `names`, if not empty.
    pub fn text(&mut self, names: &[&str]) -> Option<String> {
        let index = self.index(names)?;
        if let Some(used) = self.used.get_mut(index) {
            *used = true;
        }
        let cell = self.row.cells.get(index).map(|c| c.trim()).filter(|c| !c.is_empty())?;
        self.stats.values_taken += 1;
        Some(cell.to_string())
    }

    /// The trimmed text of a cell, without taking it (for cells that another
    /// reader takes and that may have to be kept verbatim later).
    pub fn peek(&self, names: &[&str]) -> Option<String> {
        let index = self.index(names)?;
        self.row.cells.get(index).map(|c| c.trim().to_string()).filter(|c| !c.is_empty())
    }

    /// Reports an empty cell that a record needs.
    pub fn report_missing(&mut self, names: &[&str], what: &str) {
        let index = self.index(names).unwrap_or(0);
        let column = self.table.header.get(index).cloned().unwrap_or_default();
        self.stats.values_reported += 1;
        self.diagnostics.push(
            Diagnostic::new(Code::ImportValue, format!("row at line {}, column `{column}`: {what}", self.row.line))
                .at_line(&self.table.path, self.row.line, index + 1),
        );
    }

    /// Reports a cell that does not fit, keeping it verbatim in `extra`.
    pub fn keep(&mut self, names: &[&str], why: &str) {
        let Some(index) = self.index(names) else { return };
        let column = self.table.header.get(index).cloned().unwrap_or_default();
        let cell = self.row.cells.get(index).cloned().unwrap_or_default();
        self.stats.values_taken = self.stats.values_taken.saturating_sub(1);
        self.stats.values_reported += 1;
        let shown: String = cell.chars().take(60).collect();
        self.diagnostics.push(
            Diagnostic::new(
                Code::ImportValue,
                format!("row at line {}, column `{column}`: {why}: `{shown}`", self.row.line),
            )
            .at_line(&self.table.path, self.row.line, index + 1)
            .with_help(format!("kept verbatim as `extra.{}` in the record", column_key(&column))),
        );
        self.extra.insert(column_key(&column), cell.trim().to_string());
    }

    /// A plain number; `$` and thousands separators are dropped.
    pub fn number(&mut self, names: &[&str]) -> Option<f64> {
        let text = self.text(names)?;
        let cleaned: String = text.chars().filter(|c| !matches!(c, '$' | ',' | ' ')).collect();
        match parse_number(&cleaned) {
            Some(value) => Some(value),
            None => {
                self.keep(names, "not a number");
                None
            }
        }
    }

    /// A positive number, for fields that cannot be zero or negative.
    pub fn positive(&mut self, names: &[&str]) -> Option<f64> {
        let value = self.number(names)?;
        if value > 0.0 {
            Some(value)
        } else {
            self.keep(names, "not greater than zero");
            None
        }
    }

    /// A date: `2020-05-28`, `2020-05-28T00:00:00`, `2020-05-28 16:37`, or
    /// `28/05/2020` where the layout writes days first. A slash date in a
    /// layout without that convention could be read two ways, and is reported.
    pub fn date(&mut self, names: &[&str]) -> Option<NaiveDate> {
        let text = self.text(names)?;
        let day_part = text.split(['T', ' ']).next().unwrap_or_default();
        if let Ok(date) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
            return Some(date);
        }
        let parts: Vec<&str> = day_part.split('/').collect();
        if let [a, b, year] = parts.as_slice() {
            let (a, b, year) = (a.parse::<u32>().ok(), b.parse::<u32>().ok(), year.parse::<i32>().ok());
            if let (Some(a), Some(b), Some(year)) = (a, b, year) {
                if self.layout.day_first() {
                    if let Some(date) = NaiveDate::from_ymd_opt(year, b, a) {
                        return Some(date);
                    }
                } else {
                    let day_first = NaiveDate::from_ymd_opt(year, b, a);
                    let month_first = NaiveDate::from_ymd_opt(year, a, b);
                    match (day_first, month_first) {
                        (Some(d), Some(m)) if d != m => {
                            self.keep(names, "a date that could be read two ways (day/month or month/day)");
                            return None;
                        }
                        // One reading only (or both the same): no ambiguity.
                        (Some(date), _) | (None, Some(date)) => return Some(date),
                        (None, None) => {}
                    }
                }
            }
        }
        self.keep(names, "not a date");
        None
    }

    /// The URLs of a cell (Epoch puts several on lines of their own). Text
    /// that is not a URL is reported, and the cell kept verbatim.
    pub fn links(&mut self, names: &[&str]) -> Vec<String> {
        let Some(text) = self.text(names) else { return Vec::new() };
        let mut links: Vec<String> = Vec::new();
        let mut other = false;
        for token in text.split_whitespace().map(|t| t.trim_end_matches([',', ';'])) {
            if token.starts_with("https://") || token.starts_with("http://") {
                if !links.iter().any(|l| l == token) {
                    links.push(token.to_string());
                }
            } else if !token.is_empty() {
                other = true;
            }
        }
        if other {
            self.keep(names, "text that is not a URL");
        }
        links
    }

    /// The comma-separated items of a cell.
    pub fn list(&mut self, names: &[&str]) -> Vec<String> {
        self.text(names).map(|t| split_list(&t)).unwrap_or_default()
    }

    /// Vocabulary terms from Epoch's labels. A cell with any unknown label
    /// is reported and kept whole; its known labels are still mapped.
    pub fn terms<T: Term>(&mut self, names: &[&str], what: &str) -> Vec<T> {
        self.terms_with(names, what, T::from_epoch_label)
    }

    /// Like [`RowReader::terms`], for a vocabulary with its own lookup (tasks).
    pub fn terms_with<T: PartialEq>(
        &mut self,
        names: &[&str],
        what: &str,
        lookup: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let labels = self.list(names);
        let mut terms = Vec::new();
        let mut unknown = Vec::new();
        for label in &labels {
            match lookup(label) {
                Some(term) if !terms.contains(&term) => terms.push(term),
                Some(_) => {}
                None => unknown.push(label.clone()),
            }
        }
        if !unknown.is_empty() {
            self.keep(names, &format!("unknown {what} {}", unknown.join(", ")));
        }
        terms
    }

    /// Marks the derived columns as read and keeps every other column with
    /// data that no field took in `extra`.
    pub fn finish(mut self) -> BTreeMap<String, String> {
        for (index, column) in self.table.header.iter().enumerate() {
            let taken = self.used.get(index).copied().unwrap_or(true);
            let cell = self.row.cells.get(index).map(|c| c.trim()).unwrap_or_default();
            if taken || cell.is_empty() || DERIVED.contains(&column.as_str()) {
                continue;
            }
            self.stats.values_taken += 1;
            self.extra.insert(column_key(column), cell.to_string());
        }
        self.extra
    }
}

/// Splits a comma-separated cell, dropping empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}
