//! Rows set aside on disk until they can be written in order.
//!
//! The build makes each model's row as the model is read (in file order)
//! and must write them in date order. Holding every row would cost as much
//! memory as the records themselves; instead each row goes, in a compact
//! binary form, to an unnamed temporary file, and is read back by its slot
//! when its turn comes.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;

use super::cell::Cell;

/// Where a row lies in the spill file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    offset: u64,
    len: usize,
}

/// The spill file being written, from any number of threads.
pub struct Spill {
    writer: Mutex<(BufWriter<File>, u64)>,
}

impl Spill {
    /// An unnamed temporary file in `folder`: it takes no name there, and
    /// goes when the build ends, however it ends.
    pub fn new_in(folder: &Path) -> io::Result<Spill> {
        let file = tempfile::tempfile_in(folder)?;
        Ok(Spill { writer: Mutex::new((BufWriter::with_capacity(1 << 20, file), 0)) })
    }

    /// Sets a row aside.
    pub fn put(&self, row: &[Cell]) -> io::Result<Slot> {
        let mut bytes = Vec::new();
        encode_row(row, &mut bytes);
        // A thread that panicked while writing is a bug, and the build stops
        // with it; the file is only ever appended to.
        let mut guard = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (writer, end) = &mut *guard;
        writer.write_all(&bytes)?;
        let slot = Slot { offset: *end, len: bytes.len() };
        *end += bytes.len() as u64;
        Ok(slot)
    }

    /// Done writing: the rows, to read back.
    pub fn finish(self) -> io::Result<Rows> {
        let (writer, _) = self.writer.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let file = writer.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(Rows { file })
    }
}

/// The rows set aside, read back one slot at a time.
pub struct Rows {
    file: File,
}

impl Rows {
    /// A row's bytes (`decode_row` makes them cells again, on any thread).
    pub fn read(&mut self, slot: Slot) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; slot.len];
        self.file.seek(SeekFrom::Start(slot.offset))?;
        self.file.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}

const EMPTY: u8 = 0;
const TEXT: u8 = 1;
const NUMBER: u8 = 2;
const INTEGER: u8 = 3;
const BOOL: u8 = 4;
const DATE: u8 = 5;
const LIST: u8 = 6;
const OBJECT: u8 = 7;

/// A row as bytes: the cell count, then each cell's tag and value (texts
/// with their length); numbers as their bits, so they come back exactly.
pub fn encode_row(row: &[Cell], out: &mut Vec<u8>) {
    push_len(out, row.len());
    for cell in row {
        match cell {
            Cell::Empty => out.push(EMPTY),
            Cell::Text(text) => {
                out.push(TEXT);
                push_text(out, text);
            }
            Cell::Number(n) => {
                out.push(NUMBER);
                out.extend_from_slice(&n.to_bits().to_le_bytes());
            }
            Cell::Integer(i) => {
                out.push(INTEGER);
                out.extend_from_slice(&i.to_le_bytes());
            }
            Cell::Bool(b) => out.extend_from_slice(&[BOOL, u8::from(*b)]),
            Cell::Date(d) => {
                out.push(DATE);
                out.extend_from_slice(&chrono::Datelike::num_days_from_ce(d).to_le_bytes());
            }
            Cell::List(items) => {
                out.push(LIST);
                push_len(out, items.len());
                for item in items {
                    push_text(out, item);
                }
            }
            Cell::Object(map) => {
                out.push(OBJECT);
                push_len(out, map.len());
                for (key, value) in map {
                    push_text(out, key);
                    push_text(out, value);
                }
            }
        }
    }
}

/// The row of bytes from [`Rows::read`].
pub fn decode(bytes: &[u8]) -> io::Result<Vec<Cell>> {
    decode_row(bytes).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a set-aside row is damaged"))
}

/// The row `encode_row` wrote, or `None` if the bytes are not one.
pub fn decode_row(bytes: &[u8]) -> Option<Vec<Cell>> {
    let mut input = Input(bytes);
    let count = input.len()?;
    let mut row = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let cell = match input.byte()? {
            EMPTY => Cell::Empty,
            TEXT => Cell::Text(input.text()?),
            NUMBER => Cell::Number(f64::from_bits(u64::from_le_bytes(input.array()?))),
            INTEGER => Cell::Integer(u64::from_le_bytes(input.array()?)),
            BOOL => Cell::Bool(input.byte()? != 0),
            DATE => Cell::Date(NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(input.array()?))?),
            LIST => {
                let n = input.len()?;
                let mut items = Vec::with_capacity(n.min(bytes.len()));
                for _ in 0..n {
                    items.push(input.text()?);
                }
                Cell::List(items)
            }
            OBJECT => {
                let n = input.len()?;
                let mut map = std::collections::BTreeMap::new();
                for _ in 0..n.min(bytes.len()) {
                    map.insert(input.text()?, input.text()?);
                }
                Cell::Object(map)
            }
            _ => return None,
        };
        row.push(cell);
    }
    input.0.is_empty().then_some(row)
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u64).to_le_bytes());
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    push_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.array()?)).ok()
    }

    fn text(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Empty),
            ".*".prop_map(Cell::Text),
            any::<f64>().prop_map(Cell::Number),
            any::<u64>().prop_map(Cell::Integer),
            any::<bool>().prop_map(Cell::Bool),
            (-300_000i32..3_000_000)
                .prop_filter_map("a date", |d| NaiveDate::from_num_days_from_ce_opt(d).map(Cell::Date)),
            prop::collection::vec(".*", 0..4).prop_map(Cell::List),
            prop::collection::btree_map(".*", ".*", 0..4).prop_map(Cell::Object),
        ]
    }

    /// Cells compared by their bits, so NaN and -0.0 count.
    fn same(a: &[Cell], b: &[Cell]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|pair| match pair {
                (Cell::Number(x), Cell::Number(y)) => x.to_bits() == y.to_bits(),
                (x, y) => x == y,
            })
    }

    proptest! {
        #[test]
        fn rows_come_back_exactly(row in prop::collection::vec(cell(), 0..20)) {
            let mut bytes = Vec::new();
            encode_row(&row, &mut bytes);
            let back = decode_row(&bytes);
            prop_assert!(back.as_deref().is_some_and(|back| same(back, &row)), "{row:?} -> {back:?}");
        }

        #[test]
        fn damaged_rows_are_refused_not_panicked_on(row in prop::collection::vec(cell(), 1..8), cut in any::<prop::sample::Index>()) {
            let mut bytes = Vec::new();
            encode_row(&row, &mut bytes);
            let cut = cut.index(bytes.len());
            prop_assert!(decode_row(&bytes[..cut]).is_none());
        }
    }

    #[test]
    fn rows_are_read_back_by_slot_in_any_order() {
        let folder = tempfile::tempdir().unwrap();
        let spill = Spill::new_in(folder.path()).unwrap();
        let first = vec![Cell::Text("GPT-3".into()), Cell::Number(3.14e23)];
        let second = vec![Cell::List(vec!["openai".into(), "microsoft".into()]), Cell::Empty];
        let slots = [spill.put(&first).unwrap(), spill.put(&second).unwrap()];
        let mut rows = spill.finish().unwrap();
        assert_eq!(decode(&rows.read(slots[1]).unwrap()).unwrap(), second);
        assert_eq!(decode(&rows.read(slots[0]).unwrap()).unwrap(), first);
        // Nothing named is left in the folder.
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }
}
