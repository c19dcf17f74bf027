//! Reading the cells of one row into typed values. A cell that does not fit
//! its field is reported (W201) with its row and column, and kept verbatim
//! in the record's `extra` table: nothing is lost, nothing is guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::columns::{Dictionary, extra_key};
use super::vintage::Vintage;
use crate::diag::{Code, Diagnostic};
use crate::import::{CsvRow, CsvTable, Stats};
use crate::quantity::parse_number;
use crate::record::Term;

/// Reads the cells of one row by column of the dictionary `C`.
pub struct RowReader<'a, C> {
    table: &'a CsvTable,
    row: &'a CsvRow,
    vintage: Vintage,
    used: Vec<bool>,
    pub extra: BTreeMap<String, String>,
    diagnostics: &'a mut Vec<Diagnostic>,
    stats: &'a mut Stats,
    dictionary: std::marker::PhantomData<C>,
}

impl<'a, C: Dictionary> RowReader<'a, C> {
    pub fn new(
        table: &'a CsvTable,
        row: &'a CsvRow,
        vintage: Vintage,
        diagnostics: &'a mut Vec<Diagnostic>,
        stats: &'a mut Stats,
    ) -> Self {
        stats.rows += 1;
        RowReader {
            table,
            row,
            vintage,
            used: vec![false; table.header.len()],
            extra: BTreeMap::new(),
            diagnostics,
            stats,
            dictionary: std::marker::PhantomData,
        }
    }

    pub fn line(&self) -> usize {
        self.row.line
    }

    /// Where the column is in the header: its first spelling present.
    fn index(&self, column: C) -> Option<usize> {
        column.spellings().iter().find_map(|name| self.table.header.iter().position(|h| h == name))
    }

    /// The trimmed text of the column, if it is present and not empty.
    pub fn text(&mut self, column: C) -> Option<String> {
        let index = self.index(column)?;
        if let Some(used) = self.used.get_mut(index) {
            *used = true;
        }
        let cell = self.row.cells.get(index).map(|c| c.trim()).filter(|c| !c.is_empty())?;
        self.stats.values_taken += 1;
        Some(cell.to_string())
    }

    /// The trimmed text of a cell, without taking it (for cells that another
    /// reader takes and that may have to be kept verbatim later).
    pub fn peek(&self, column: C) -> Option<String> {
        let index = self.index(column)?;
        self.row.cells.get(index).map(|c| c.trim().to_string()).filter(|c| !c.is_empty())
    }

    /// Reports an empty cell that a record needs.
    pub fn report_missing(&mut self, column: C, what: &str) {
        let index = self.index(column).unwrap_or(0);
        let column = self.table.header.get(index).cloned().unwrap_or_default();
        self.stats.values_reported += 1;
        self.diagnostics.push(
            Diagnostic::new(Code::ImportValue, format!("row at line {}, column `{column}`: {what}", self.row.line))
                .at_line(&self.table.path, self.row.line, index + 1),
        );
    }

    /// Reports a cell that does not fit, keeping it verbatim in `extra`.
    pub fn keep(&mut self, column: C, why: &str) {
        let Some(index) = self.index(column) else { return };
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
            .with_help(format!("kept verbatim as `extra.{}` in the record", extra_key(&column))),
        );
        self.extra.insert(extra_key(&column), cell.trim().to_string());
    }

    /// A plain number; `$` and thousands separators are dropped.
    pub fn number(&mut self, column: C) -> Option<f64> {
        let text = self.text(column)?;
        let cleaned: String = text.chars().filter(|c| !matches!(c, '$' | ',' | ' ')).collect();
        match parse_number(&cleaned) {
            Some(value) => Some(value),
            None => {
                self.keep(column, "not a number");
                None
            }
        }
    }

    /// A positive number, for fields that cannot be zero or negative.
    pub fn positive(&mut self, column: C) -> Option<f64> {
        let value = self.number(column)?;
        if value > 0.0 {
            Some(value)
        } else {
            self.keep(column, "not greater than zero");
            None
        }
    }

    /// A date: `2020-05-28`, `2020-05-28T00:00:00`, `2020-05-28 16:37`, or
    /// `28/05/2020` where the layout writes days first. A slash date in a
    /// layout without that convention could be read two ways, and is reported.
    pub fn date(&mut self, column: C) -> Option<NaiveDate> {
        let text = self.text(column)?;
        let day_part = text.split(['T', ' ']).next().unwrap_or_default();
        if let Ok(date) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
            return Some(date);
        }
        let parts: Vec<&str> = day_part.split('/').collect();
        if let [a, b, year] = parts.as_slice() {
            let (a, b, year) = (a.parse::<u32>().ok(), b.parse::<u32>().ok(), year.parse::<i32>().ok());
            if let (Some(a), Some(b), Some(year)) = (a, b, year) {
                if self.vintage.day_first() {
                    if let Some(date) = NaiveDate::from_ymd_opt(year, b, a) {
                        return Some(date);
                    }
                } else {
                    let day_first = NaiveDate::from_ymd_opt(year, b, a);
                    let month_first = NaiveDate::from_ymd_opt(year, a, b);
                    match (day_first, month_first) {
                        (Some(d), Some(m)) if d != m => {
                            self.keep(column, "a date that could be read two ways (day/month or month/day)");
                            return None;
                        }
                        // One reading only (or both the same): no ambiguity.
                        (Some(date), _) | (None, Some(date)) => return Some(date),
                        (None, None) => {}
                    }
                }
            }
        }
        self.keep(column, "not a date");
        None
    }

    /// The URLs of a cell (Epoch puts several on lines of their own). Text
    /// that is not a URL is reported, and the cell kept verbatim.
    pub fn links(&mut self, column: C) -> Vec<String> {
        let Some(text) = self.text(column) else { return Vec::new() };
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
            self.keep(column, "text that is not a URL");
        }
        links
    }

    /// The comma-separated items of a cell.
    pub fn list(&mut self, column: C) -> Vec<String> {
        self.text(column).map(|t| split_list(&t)).unwrap_or_default()
    }

    /// Vocabulary terms from Epoch's labels. A cell with any unknown label
    /// is reported and kept whole; its known labels are still mapped.
    pub fn terms<T: Term>(&mut self, column: C, what: &str) -> Vec<T> {
        self.terms_with(column, what, T::from_epoch_label)
    }

    /// Like [`RowReader::terms`], for a vocabulary with its own lookup (tasks).
    pub fn terms_with<T: PartialEq>(&mut self, column: C, what: &str, lookup: impl Fn(&str) -> Option<T>) -> Vec<T> {
        let labels = self.list(column);
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
            self.keep(column, &format!("unknown {what} {}", unknown.join(", ")));
        }
        terms
    }

    /// Marks the derived columns as read and keeps every other column with
    /// data that no field took in `extra`.
    pub fn finish(mut self) -> BTreeMap<String, String> {
        for (index, column) in self.table.header.iter().enumerate() {
            let taken = self.used.get(index).copied().unwrap_or(true);
            let cell = self.row.cells.get(index).map(|c| c.trim()).unwrap_or_default();
            let derived = C::from_header(column).is_some_and(|c| c.holds().is_derived());
            if taken || cell.is_empty() || derived {
                continue;
            }
            self.stats.values_taken += 1;
            self.extra.insert(extra_key(column), cell.to_string());
        }
        self.extra
    }
}

/// Splits a comma-separated cell, dropping empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}
