//! A CSV file as rows of text cells, each with the line it starts on.

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};

pub use crate::limits::MAX_CSV_BYTES;

#[derive(Debug, Clone)]
pub struct CsvRow {
    /// 1-based line in the file where the row starts.
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file as shown in diagnostics.
    pub path: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<CsvRow>,
}

impl CsvTable {
    /// Reads a CSV file: RFC 4180 quoting, a UTF-8 byte-order mark allowed.
    /// A row that cannot be read is reported (E203) and left out; the rest
    /// are read.
    pub fn read(path: &Path, shown_as: &Path) -> Result<(CsvTable, Vec<Diagnostic>), Diagnostic> {
        let bytes = crate::repo::read_input(path, shown_as, MAX_CSV_BYTES, "a CSV")?;
        Ok(CsvTable::parse(&bytes, shown_as))
    }

    pub fn parse(bytes: &[u8], shown_as: &Path) -> (CsvTable, Vec<Diagnostic>) {
        // UTF-16 (a spreadsheet's "Unicode text"): one error, not one per cell.
        let head = bytes.get(..bytes.len().min(512)).unwrap_or_default();
        let utf16 = bytes.starts_with(b"\xff\xfe")
            || bytes.starts_with(b"\xfe\xff")
            || head.iter().filter(|b| **b == 0).count() * 4 > head.len();
        if utf16 {
            let empty = CsvTable { path: shown_as.to_path_buf(), header: Vec::new(), rows: Vec::new() };
            let diagnostic = Diagnostic::new(Code::NotUtf8, "the CSV is UTF-16 (or holds NUL bytes), not UTF-8")
                .at_line(shown_as, 1, 1)
                .with_help("save it as CSV UTF-8 (or convert it: `iconv -f UTF-16 -t UTF-8`)");
            return (empty, vec![diagnostic]);
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
        let mut diagnostics = Vec::new();
        let mut header = None;
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        // Lines counted from byte offsets: the reader's own count is one too
        // low in files with CRLF line ends (Epoch's, and flopdb's own).
        let mut lines = LineCounter::default();
        loop {
            let line = lines.line_at(bytes, reader.position().byte());
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(line, |p| lines.line_at(bytes, p.byte()));
                    let cells: Result<Vec<String>, usize> = record
                        .iter()
                        .enumerate()
                        .map(|(i, cell)| String::from_utf8(cell.to_vec()).map_err(|_| i))
                        .collect();
                    match cells {
                        Ok(cells) if header.is_none() => {
                            header = Some(cells.iter().map(|c| c.trim().to_string()).collect())
                        }
                        // A row of another width cannot be lined up with the
                        // header without guessing (an unclosed quote swallows
                        // the rest of the file into one cell).
                        Ok(cells) if header.as_ref().is_some_and(|h: &Vec<String>| h.len() != cells.len()) => {
                            let expected = header.as_ref().map_or(0, Vec::len);
                            diagnostics.push(
                                Diagnostic::new(
                                    Code::ImportRow,
                                    format!("the row at line {line} has {} cells and the header {expected}; the row is skipped", cells.len()),
                                )
                                .at_line(shown_as, line, 1)
                                .with_help("look for a quote that is not closed, or a stray comma"),
                            );
                        }
                        // A cell a record could not hold (check would refuse it) stops the row here.
                        Ok(cells) if let Some((column, problem)) = too_long(&cells) => diagnostics.push(
                            Diagnostic::new(
                                Code::ImportRow,
                                format!("row at line {line}: column {} {problem}; the row is skipped", column + 1),
                            )
                            .at_line(shown_as, line, column + 1),
                        ),
                        Ok(mut cells) => {
                            // Control characters (pasted from PDFs) are removed, and said so.
                            for (column, cell) in cells.iter_mut().enumerate() {
                                if let Some(c) = crate::document::first_control_character(cell) {
                                    cell.retain(|c| crate::document::first_control_character(&c.to_string()).is_none());
                                    diagnostics.push(
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
                            rows.push(CsvRow { line, cells })
                        }
                        Err(column) => diagnostics.push(
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
                    let line = error.position().map_or(line, |p| p.line() as usize);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ImportRow,
                            format!("cannot read the row at line {line}: {error}; the row is skipped"),
                        )
                        .at_line(shown_as, line, 1),
                    );
                    // The reader cannot resynchronise inside a broken quote.
                    if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                }
            }
        }
        let table = CsvTable { path: shown_as.to_path_buf(), header: header.unwrap_or_default(), rows };
        (table, diagnostics)
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
/// The 1-based line of a byte offset, counted forward from the last offset
/// asked for (offsets come in increasing order): linear over the file.
#[derive(Debug, Default)]
struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], offset: u64) -> usize {
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
        // With CRLF ends the reader places a record at the LF that ends the
        // line before it: the record starts after the line break.
        while bytes.get(offset).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            offset += 1;
        }
        if offset < self.offset {
            *self = LineCounter::default();
        }
        let ahead = bytes.get(self.offset..offset).unwrap_or_default();
        self.newlines += ahead.iter().filter(|b| **b == b'\n').count();
        self.offset = offset;
        self.newlines + 1
    }
}
