//! Reading the cells of one row into typed values. A cell that does not fit
//! its field is reported (W201) with its row and column, and kept verbatim
//! in the record's `extra` table: nothing is lost, nothing is guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::columns::{Dictionary, extra_key};

use crate::diag::{Code, Diagnostic};
use crate::import::{CsvRow, CsvTable, Reported, Stats};
use crate::quantity::{parse_number, without_thousands_separators};
use crate::record::{DatePrecision, Term};

/// Reads the cells of one row by column of the dictionary `C`.
pub struct RowReader<'a, C> {
    table: &'a CsvTable,
    row: &'a CsvRow,
    slash_order: SlashOrder,
    used: Vec<bool>,
    pub extra: BTreeMap<String, String>,
    diagnostics: &'a mut Reported,
    stats: &'a mut Stats,
    dictionary: std::marker::PhantomData<C>,
}

impl<'a, C: Dictionary> RowReader<'a, C> {
    pub fn new(
        table: &'a CsvTable,
        row: &'a CsvRow,
        slash_order: SlashOrder,
        diagnostics: &'a mut Reported,
        stats: &'a mut Stats,
    ) -> Self {
        stats.rows += 1;
        RowReader {
            table,
            row,
            slash_order,
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
        self.table.position(column.spellings())
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

    /// A name cell, as the name rule allows it (`record::clean_name`): a
    /// cell with line breaks, no-break spaces or invisible characters is
    /// reported, and the record keeps the cell in `source.name`.
    pub fn name(&mut self, column: C) -> Option<String> {
        let raw = self.text(column)?;
        let name = crate::record::clean_name(&raw);
        if name != raw {
            self.note_cleaned(column, &raw);
        }
        Some(name).filter(|n| !n.is_empty())
    }

    /// A list of names (organizations), each as the name rule allows it.
    pub fn name_list(&mut self, column: C) -> Vec<String> {
        let names = self.list(column);
        let cleaned: Vec<String> = names.iter().map(|n| crate::record::clean_name(n)).collect();
        if let Some(raw) = names.iter().zip(&cleaned).find(|(raw, name)| raw != name).map(|(raw, _)| raw.clone()) {
            self.note_cleaned(column, &raw);
        }
        cleaned.into_iter().filter(|n| !n.is_empty()).collect()
    }

    fn note_cleaned(&mut self, column: C, raw: &str) {
        let shown = crate::diag::render::printable(raw, true).into_owned();
        let why = crate::record::name_flaw(raw)
            .filter(crate::record::NameFlaw::is_error)
            .map_or_else(|| "runs of spaces".to_string(), |flaw| flaw.describe());
        self.report_missing(
            column,
            &format!("the name `{shown}` holds {why}; written with single spaces and nothing invisible"),
        );
    }

    /// The trimmed text of a cell, without taking it (for cells that another
    /// reader takes and that may have to be kept verbatim later).
    pub fn peek(&self, column: C) -> Option<String> {
        let index = self.index(column)?;
        self.row.cells.get(index).map(|c| c.trim().to_string()).filter(|c| !c.is_empty())
    }

    /// The cell as the source wrote it, spaces and all, if the column is
    /// present and the cell not empty (without taking it).
    pub fn raw(&self, column: C) -> Option<&'a str> {
        let index = self.index(column)?;
        self.row.cells.get(index).map(String::as_str).filter(|c| !c.is_empty())
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
        self.set_aside(column, Code::ImportValue, why, None);
    }

    /// Refuses an implausible cell (E205): left out of its field, kept
    /// verbatim in `extra`, with `hint` (what the row's notes say) in the help.
    pub fn refuse(&mut self, column: C, why: &str, hint: Option<String>) {
        self.set_aside(column, Code::ImplausibleImport, why, hint);
    }

    fn set_aside(&mut self, column: C, code: Code, why: &str, hint: Option<String>) {
        let Some(index) = self.index(column) else { return };
        let column = self.table.header.get(index).cloned().unwrap_or_default();
        let cell = self.row.cells.get(index).cloned().unwrap_or_default();
        self.stats.values_taken = self.stats.values_taken.saturating_sub(1);
        self.stats.values_reported += 1;
        let shown: String = cell.chars().take(60).collect();
        self.diagnostics.push(
            Diagnostic::new(code, format!("row at line {}, column `{column}`: {why}: `{shown}`", self.row.line))
                .at_line(&self.table.path, self.row.line, index + 1)
                .with_help(match hint {
                    Some(hint) => format!("{hint}; the cell is kept verbatim as `extra.{}`", extra_key(&column)),
                    None => format!("kept verbatim as `extra.{}` in the record", extra_key(&column)),
                }),
        );
        self.extra.insert(extra_key(&column), cell.trim().to_string());
    }

    /// A plain number; `$` and well-placed thousands separators are dropped
    /// (two numbers run together, `103000000,103000000`, are no number).
    pub fn number(&mut self, column: C) -> Option<f64> {
        let text = self.text(column)?;
        match number_in(&text) {
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

    /// A date as Epoch writes it, with how much of it is known:
    /// `2020-05-28`, `2020-05-28T00:00:00`, `2020-05-28 16:37`, `28/05/2020`
    /// (slash dates in the table's order, `SlashOrder`), `05/2020` and
    /// `2020-05` (a month), `2020` (a year). A month or a year is its first
    /// day, with the precision saying so.
    pub fn date(&mut self, column: C) -> Option<(NaiveDate, Option<DatePrecision>)> {
        let text = self.text(column)?;
        match parse_date(&text, self.slash_order) {
            Ok(date) => Some(date),
            Err(why) => {
                self.keep(column, why);
                None
            }
        }
    }

    /// A yes-or-no cell: `True`, `Yes`, `checked` or `False`, `No`.
    pub fn flag(&mut self, column: C) -> Option<bool> {
        let text = self.text(column)?;
        match text.to_lowercase().as_str() {
            "true" | "yes" | "checked" => Some(true),
            "false" | "no" => Some(false),
            _ => {
                self.keep(column, "expected True, Yes, checked, False or No");
                None
            }
        }
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

    /// The comma-separated items of a cell (an item in quotes keeps its commas).
    pub fn list(&mut self, column: C) -> Vec<String> {
        self.text(column).map(|t| split_list(&t)).unwrap_or_default()
    }

    /// Authors: `A, B, C`, or `Last, First; Last, First` when the cell
    /// separates them with semicolons (then the commas are inside names).
    pub fn authors(&mut self, column: C) -> Vec<String> {
        let Some(text) = self.text(column) else { return Vec::new() };
        if text.contains(';') {
            text.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        } else {
            split_list(&text)
        }
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

/// The number a cell of a number column holds, as Epoch writes them
/// (`1.2e+24`, `1,024`, `$4,600,000`).
pub fn number_in(text: &str) -> Option<f64> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, '$' | ' ')).collect();
    without_thousands_separators(&cleaned).and_then(|plain| parse_number(&plain))
}

/// Splits a comma-separated cell, dropping empty items. An item that
/// starts with a double quote runs to its closing quote (`""` is a quote
/// inside it), so `"SambaNova Systems, Inc",Stanford` is two items, as RFC
/// 4180 reads a record; a quote elsewhere in an item is part of it
/// (`Linxi "Jim" Fan`).
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        item.push('"');
                    }
                    '"' => break,
                    c => item.push(c),
                }
            }
            // Anything between the closing quote and the comma stays with the item.
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
                item.push(c);
            }
            push_item(&mut items, &item);
            if chars.peek().is_none() {
                break;
            }
            continue;
        }
        let mut ended = true;
        for c in chars.by_ref() {
            if c == ',' {
                ended = false;
                break;
            }
            item.push(c);
        }
        push_item(&mut items, &item);
        if ended {
            break;
        }
    }
    items
}

fn push_item(items: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() {
        items.push(item.to_string());
    }
}

/// How a table writes slash dates: day first (`28/05/2020`) or month first.
/// Told from the column itself: a first part over 12 means day first, a
/// second part over 12 month first; a column written all in slash dates
/// that shows neither is Epoch's day first (its 2022 tables); a slash date
/// among ISO dates that shows neither could be read two ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashOrder {
    DayFirst,
    MonthFirst,
    /// The column contradicts itself (both orders show): a slash date that
    /// reads two ways is reported.
    Unknown,
}

impl SlashOrder {
    pub fn of<S: AsRef<str>>(cells: impl Iterator<Item = S>) -> SlashOrder {
        let (mut day_first, mut month_first, mut other_forms) = (false, false, false);
        for cell in cells {
            let cell = cell.as_ref().trim();
            if cell.is_empty() {
                continue;
            }
            let day_part = cell.split(['T', ' ']).next().unwrap_or_default();
            let parts: Vec<u32> = day_part.split('/').filter_map(|p| p.parse().ok()).collect();
            match parts.as_slice() {
                [a, b, _] => {
                    day_first |= *a > 12;
                    month_first |= *b > 12;
                }
                _ => other_forms = true,
            }
        }
        match (day_first, month_first) {
            (true, false) => SlashOrder::DayFirst,
            (false, true) => SlashOrder::MonthFirst,
            (false, false) if !other_forms => SlashOrder::DayFirst,
            _ => SlashOrder::Unknown,
        }
    }
}

/// A date cell with its precision, or why it is not a date.
pub fn parse_date(text: &str, order: SlashOrder) -> Result<(NaiveDate, Option<DatePrecision>), &'static str> {
    let text = text.trim();
    let day_part = text.split(['T', ' ']).next().unwrap_or_default();
    if let Ok(date) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
        return Ok((date, None));
    }
    let numbers: Option<Vec<u32>> = day_part.split(['/', '-']).map(|p| p.parse::<u32>().ok()).collect();
    let numbers = numbers.ok_or("not a date")?;
    let first_of = |year: u32, month: u32| i32::try_from(year).ok().and_then(|y| NaiveDate::from_ymd_opt(y, month, 1));
    let date = match (numbers.as_slice(), day_part.contains('/')) {
        ([year], _) if (1000..=9999).contains(year) => first_of(*year, 1).map(|d| (d, Some(DatePrecision::Year))),
        // 2020-05 or 05/2020.
        ([year, month], false) | ([month, year], true) if (1000..=9999).contains(year) => {
            first_of(*year, *month).map(|d| (d, Some(DatePrecision::Month)))
        }
        ([a, b, year], true) => {
            let year = i32::try_from(*year).ok().ok_or("not a date")?;
            let day_first = NaiveDate::from_ymd_opt(year, *b, *a);
            let month_first = NaiveDate::from_ymd_opt(year, *a, *b);
            match (order, day_first, month_first) {
                (SlashOrder::DayFirst, Some(date), _) | (SlashOrder::MonthFirst, _, Some(date)) => Some((date, None)),
                (SlashOrder::Unknown, Some(d), Some(m)) if d != m => {
                    return Err("a date that could be read two ways (day/month or month/day)");
                }
                // One reading only (or both the same): no ambiguity.
                (SlashOrder::Unknown, Some(date), _) | (SlashOrder::Unknown, None, Some(date)) => Some((date, None)),
                _ => None,
            }
        }
        _ => None,
    };
    date.ok_or("not a date")
}
