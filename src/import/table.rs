//! A CSV read row by row, each row with the line it starts on. A file is
//! read streaming (memory bounded by its largest row), as many passes as a
//! reader needs, each within the size limit.

use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::Reported;
use crate::diag::{Code, Diagnostic};

pub use crate::limits::MAX_CSV_BYTES;

#[derive(Debug, Clone)]
pub struct CsvRow {
    /// 1-based line in the file where the row starts.
    pub line: usize,
    pub cells: Vec<String>,
}

/// A CSV's name and header: what a row's cells are.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file as shown in diagnostics.
    pub path: PathBuf,
    pub header: Vec<String>,
    /// Columns no field reads (their cells are not of the column's type in
    /// this file): found by no name, kept verbatim.
    pub withheld: Vec<usize>,
}

impl CsvTable {
    /// Where the first of `names` is in the header, among the columns read;
    /// a column marked retired (`(DEPRECATED) Training dataset size
    /// (datapoints)`) only when no live column has the name.
    pub fn position(&self, names: &[&str]) -> Option<usize> {
        let read = |i: &usize| !self.withheld.contains(i);
        let find =
            |wanted: &dyn Fn(&str) -> bool| self.header.iter().enumerate().position(|(i, h)| wanted(h) && read(&i));
        names
            .iter()
            .find_map(|name| find(&|h| h == *name))
            .or_else(|| names.iter().find_map(|name| find(&|h| retired_name(h) == Some(*name))))
    }
}

/// The name of a column its source marks as retired, by rule rather than
/// by a list: a marker in parentheses or brackets at either end of the
/// header (`(DEPRECATED) X`, `X [retired]`, `(Legacy) X`), any case.
pub fn retired_name(header: &str) -> Option<&str> {
    const MARKERS: [&str; 6] = ["deprecated", "retired", "legacy", "obsolete", "old", "unmaintained"];
    let header = header.trim();
    let marker = |inner: &str| MARKERS.iter().any(|m| inner.trim().eq_ignore_ascii_case(m));
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(rest) = header.strip_prefix(open)
            && let Some((inner, name)) = rest.split_once(close)
            && marker(inner)
        {
            return Some(name.trim()).filter(|n| !n.is_empty());
        }
        if let Some(rest) = header.strip_suffix(close)
            && let Some((name, inner)) = rest.rsplit_once(open)
            && marker(inner)
        {
            return Some(name.trim()).filter(|n| !n.is_empty());
        }
    }
    None
}

/// Where a CSV's bytes come from: a file, opened anew (and checked anew)
/// for each pass, or bytes already in memory.
#[derive(Debug, Clone)]
pub struct CsvSource<'a> {
    bytes: Option<&'a [u8]>,
    path: PathBuf,
    shown_as: PathBuf,
}

impl<'a> CsvSource<'a> {
    pub fn file(path: &Path, shown_as: &Path) -> CsvSource<'a> {
        CsvSource { bytes: None, path: path.to_path_buf(), shown_as: shown_as.to_path_buf() }
    }

    pub fn bytes(bytes: &'a [u8], shown_as: &Path) -> CsvSource<'a> {
        CsvSource { bytes: Some(bytes), path: shown_as.to_path_buf(), shown_as: shown_as.to_path_buf() }
    }

    pub fn shown_as(&self) -> &Path {
        &self.shown_as
    }

    /// Starts a pass over the rows: reads up to the header (the first row
    /// that can be read; rows before it are reported). A UTF-16 file (a
    /// spreadsheet's "Unicode text") is one error, not one per cell; so is
    /// a file that is not a regular one or is over the limit.
    pub fn rows(&self, reported: &mut Reported) -> Result<CsvRows<'a>, Diagnostic> {
        let mut input: Box<dyn Read + 'a> = match self.bytes {
            Some(bytes) => Box::new(bytes),
            None => Box::new(crate::repo::open_input(&self.path, &self.shown_as, MAX_CSV_BYTES, "a CSV")?),
        };
        let mut head = Vec::with_capacity(512);
        (&mut input).take(512).read_to_end(&mut head).map_err(|e| self.io_error(&e))?;
        let utf16 = head.starts_with(b"\xff\xfe")
            || head.starts_with(b"\xfe\xff")
            || head.iter().filter(|b| **b == 0).count() * 4 > head.len();
        if utf16 {
            return Err(Diagnostic::new(Code::NotUtf8, "the CSV is UTF-16 (or holds NUL bytes), not UTF-8")
                .at_line(&self.shown_as, 1, 1)
                .with_help("save it as CSV UTF-8 (or convert it: `iconv -f UTF-16 -t UTF-8`)"));
        }
        let bom = usize::from(head.starts_with(b"\xef\xbb\xbf")) * 3;
        let head = head.get(bom..).unwrap_or_default().to_vec();
        let input: Box<dyn Read + 'a> = Box::new(std::io::Cursor::new(head).chain(input));
        let lines = LineTracker::new(input);
        let reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(lines);
        let table = CsvTable { path: self.shown_as.clone(), header: Vec::new(), withheld: Vec::new() };
        let mut rows = CsvRows { table, reader, record: csv::ByteRecord::new(), done: false };
        if let Some(header) = rows.next_cells(reported) {
            rows.table.header = header.cells.iter().map(|c| c.trim().to_string()).collect();
        }
        Ok(rows)
    }

    fn io_error(&self, error: &std::io::Error) -> Diagnostic {
        Diagnostic::new(Code::Io, format!("cannot read {}: {error}", self.shown_as.display())).in_file(&self.shown_as)
    }
}

/// One pass over a CSV's rows, after its header.
pub struct CsvRows<'a> {
    pub table: CsvTable,
    reader: csv::Reader<LineTracker<Box<dyn Read + 'a>>>,
    record: csv::ByteRecord,
    done: bool,
}

impl CsvRows<'_> {
    /// The next row that can be lined up with the header. A row that
    /// cannot be read, or holds what a record could not, is reported (E203)
    /// and skipped; control characters are removed, and said so (W201).
    pub fn next_row(&mut self, reported: &mut Reported) -> Option<CsvRow> {
        loop {
            let CsvRow { line, mut cells } = self.next_cells(reported)?;
            let shown_as = &self.table.path;
            // A row of another width cannot be lined up with the header
            // without guessing (an unclosed quote swallows the rest of the
            // file into one cell).
            if cells.len() != self.table.header.len() {
                reported.push(
                    Diagnostic::new(
                        Code::ImportRow,
                        format!(
                            "the row at line {line} has {} cells and the header {}; the row is skipped",
                            cells.len(),
                            self.table.header.len()
                        ),
                    )
                    .at_line(shown_as, line, 1)
                    .with_help("look for a quote that is not closed, or a stray comma"),
                );
                continue;
            }
            // A cell a record could not hold (check would refuse it) stops the row here.
            if let Some((column, problem)) = too_long(&cells) {
                reported.push(
                    Diagnostic::new(
                        Code::ImportRow,
                        format!("row at line {line}: column {} {problem}; the row is skipped", column + 1),
                    )
                    .at_line(shown_as, line, column + 1),
                );
                continue;
            }
            // Control characters (pasted from PDFs) are removed, and said so.
            for (column, cell) in cells.iter_mut().enumerate() {
                if let Some(c) = crate::document::first_control_character(cell) {
                    cell.retain(|c| crate::document::first_control_character(&c.to_string()).is_none());
                    reported.push(
                        Diagnostic::new(
                            Code::ImportValue,
                            format!(
                                "row at line {line}, column {}: removed the control character U+{:04X} (and any others)",
                                column + 1,
                                u32::from(c)
                            ),
                        )
                        .at_line(shown_as, line, column + 1),
                    );
                }
            }
            return Some(CsvRow { line, cells });
        }
    }

    /// The next row read as UTF-8 cells, whatever its width.
    fn next_cells(&mut self, reported: &mut Reported) -> Option<CsvRow> {
        while !self.done {
            let before = self.reader.position().byte();
            let shown_as = &self.table.path;
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    let start = self.record.position().map_or(before, csv::Position::byte);
                    let line = self.reader.get_mut().line_at(start);
                    let cells: Result<Vec<String>, usize> = self
                        .record
                        .iter()
                        .enumerate()
                        .map(|(i, cell)| String::from_utf8(cell.to_vec()).map_err(|_| i))
                        .collect();
                    match cells {
                        Ok(cells) => return Some(CsvRow { line, cells }),
                        Err(column) => reported.push(
                            Diagnostic::new(
                                Code::ImportRow,
                                format!(
                                    "row at line {line}: column {} is not valid UTF-8; the row is skipped",
                                    column + 1
                                ),
                            )
                            .at_line(shown_as, line, column + 1),
                        ),
                    }
                }
                Err(error) => {
                    let at = error.position().map_or(before, csv::Position::byte);
                    let line = self.reader.get_mut().line_at(at);
                    reported.push(
                        Diagnostic::new(
                            Code::ImportRow,
                            format!("cannot read the row at line {line}: {error}; the row is skipped"),
                        )
                        .at_line(shown_as, line, 1),
                    );
                    // The reader cannot go on after a failed read.
                    if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                        self.done = true;
                    }
                }
            }
        }
        None
    }
}

/// The first cell longer than a record's strings may be, and its length.
fn too_long(cells: &[String]) -> Option<(usize, String)> {
    cells.iter().enumerate().find_map(|(i, cell)| {
        let chars = cell.chars().count();
        (chars > crate::document::MAX_STRING_CHARS).then(|| {
            (
                i,
                format!(
                    "holds {chars} characters; a record's texts hold at most {}",
                    crate::document::MAX_STRING_CHARS
                ),
            )
        })
    })
}

/// A reader that notes where the line breaks it passes on are, so that a
/// byte offset the CSV reader gives can be turned into a line. Lines are
/// counted from offsets because the CSV reader's own count is one too low
/// in files with CRLF line ends (Epoch's, and flopdb's own). Breaks behind
/// the offsets asked for are forgotten: what is held is what the CSV
/// reader has read ahead, bounded by its buffer and the longest row.
struct LineTracker<R> {
    inner: R,
    /// Offset of the next byte read.
    offset: u64,
    /// Line breaks read but not yet counted: (offset, is LF).
    breaks: VecDeque<(u64, bool)>,
    newlines: usize,
}

impl<R> LineTracker<R> {
    fn new(inner: R) -> Self {
        LineTracker { inner, offset: 0, breaks: VecDeque::new(), newlines: 0 }
    }

    /// The 1-based line of a byte offset; offsets come in increasing order.
    fn line_at(&mut self, offset: u64) -> usize {
        let mut offset = offset;
        while let Some(&(at, lf)) = self.breaks.front() {
            // With CRLF ends the CSV reader places a record at the line
            // break before it: the record starts after the break.
            if at <= offset {
                if at == offset {
                    offset += 1;
                }
                self.newlines += usize::from(lf);
                self.breaks.pop_front();
            } else {
                break;
            }
        }
        self.newlines + 1
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        for (i, byte) in buf.get(..read).unwrap_or_default().iter().enumerate() {
            if matches!(byte, b'\r' | b'\n') {
                self.breaks.push_back((self.offset + i as u64, *byte == b'\n'));
            }
        }
        self.offset += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_retired_column_is_told_by_its_marker() {
        assert_eq!(
            retired_name("(DEPRECATED) Training dataset size (datapoints)"),
            Some("Training dataset size (datapoints)")
        );
        assert_eq!(retired_name("Batch size [retired]"), Some("Batch size"));
        assert_eq!(retired_name("(Legacy) Epochs"), Some("Epochs"));
        assert_eq!(retired_name("Training dataset size (datapoints)"), None);
        assert_eq!(retired_name("Country (of organization)"), None);
        assert_eq!(retired_name("(DEPRECATED)"), None);
        let table = CsvTable {
            path: "x.csv".into(),
            header: vec!["(DEPRECATED) Epochs".into(), "Model".into(), "Epochs".into()],
            withheld: Vec::new(),
        };
        assert_eq!(table.position(&["Epochs"]), Some(2), "the live column first");
        let retired_only = CsvTable {
            path: "x.csv".into(),
            header: vec!["Model".into(), "(DEPRECATED) Epochs".into()],
            withheld: vec![],
        };
        assert_eq!(retired_only.position(&["Epochs"]), Some(1));
    }

    use super::*;

    fn lines_of(text: &str) -> (Vec<usize>, Vec<Diagnostic>) {
        let mut reported = Reported::default();
        let source = CsvSource::bytes(text.as_bytes(), Path::new("t.csv"));
        let mut lines = Vec::new();
        if let Ok(mut rows) = source.rows(&mut reported) {
            while let Some(row) = rows.next_row(&mut reported) {
                lines.push(row.line);
            }
        }
        (lines, reported.into_vec())
    }

    #[test]
    fn rows_are_at_their_line_with_lf_crlf_and_quoted_breaks() {
        assert_eq!(lines_of("a,b\n1,2\n3,4\n").0, [2, 3]);
        assert_eq!(lines_of("a,b\r\n1,2\r\n3,4\r\n").0, [2, 3]);
        assert_eq!(lines_of("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n").0, [2, 4]);
        assert_eq!(lines_of("\u{feff}a,b\n\n1,2\n").0, [3]);
    }

    #[test]
    fn a_wide_row_is_reported_at_its_line_and_skipped() {
        let (lines, diagnostics) = lines_of("a,b\r\n1,2,3\r\n4,5\r\n");
        assert_eq!(lines, [3]);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics.iter().all(|d| d.message.contains("line 2")), "{diagnostics:?}");
    }

    #[test]
    fn utf16_is_one_error() {
        let bytes = b"\xff\xfea\x00,\x00b\x00";
        let mut reported = Reported::default();
        let error = CsvSource::bytes(bytes, Path::new("t.csv")).rows(&mut reported).err();
        assert!(error.is_some_and(|e| e.message.contains("UTF-16")));
        assert!(reported.is_empty());
    }
}
