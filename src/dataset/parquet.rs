//! A table as Parquet: the same columns as its CSV, typed (numbers as
//! doubles, counts as 64-bit integers, booleans, dates as dates, lists as
//! list columns of strings, `extra` as its JSON text), with the Table
//! Schema (each column's description and unit) in the file's key-value
//! metadata under `flopdb.schema`. Rows come in groups (a row group each),
//! so the models table is written as the build renders it, never held
//! whole. Deterministic: no timestamp; the writer's name and version only.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DataType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::{Type, TypePtr};

use super::cell::Cell;
use super::table::{FieldType, Table};

/// The metadata key holding the table's Table Schema (JSON).
pub const SCHEMA_KEY: &str = "flopdb.schema";

/// The days from 1970-01-01, Parquet's date.
fn epoch_days(date: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX)
}

fn column_type(name: &str, ty: FieldType, required: bool) -> Result<TypePtr, ParquetError> {
    let repetition = if required { Repetition::REQUIRED } else { Repetition::OPTIONAL };
    let primitive = |physical: Physical, logical: Option<LogicalType>| {
        Type::primitive_type_builder(name, physical).with_repetition(repetition).with_logical_type(logical).build()
    };
    let built = match ty {
        // A stamp keeps the source's text (its zone is not always given).
        FieldType::String | FieldType::Object | FieldType::DateTime => {
            primitive(Physical::BYTE_ARRAY, Some(LogicalType::String))?
        }
        FieldType::Number => primitive(Physical::DOUBLE, None)?,
        FieldType::Integer => primitive(Physical::INT64, None)?,
        FieldType::Boolean => primitive(Physical::BOOLEAN, None)?,
        FieldType::Date => primitive(Physical::INT32, Some(LogicalType::Date))?,
        // The three-level list of the Parquet spec, which every reader maps
        // to a list of strings.
        FieldType::List => {
            let element = Type::primitive_type_builder("element", Physical::BYTE_ARRAY)
                .with_repetition(Repetition::REQUIRED)
                .with_logical_type(Some(LogicalType::String))
                .build()?;
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()?;
            Type::group_type_builder(name)
                .with_repetition(repetition)
                .with_logical_type(Some(LogicalType::List))
                .with_fields(vec![Arc::new(list)])
                .build()?
        }
    };
    Ok(Arc::new(built))
}

/// A cell that is not of its column's type: the layouts declare the types
/// the cells are made with, so this is a bug, said with the column's name.
fn mismatch(table: &Table, column: usize, cell: &Cell) -> ParquetError {
    let name = table.fields.get(column).map_or("?", |f| f.name);
    ParquetError::General(format!("column `{name}` of `{}` holds {cell:?}, not its declared type", table.name))
}

/// No value for an empty cell; any other is not of the column's type.
fn empty_or<T>(cell: Cell) -> Result<Option<T>, Cell> {
    match cell {
        Cell::Empty => Ok(None),
        other => Err(other),
    }
}

/// Writes one column that is not a list: each cell's value (definition
/// level 1), or none for an empty cell (level 0); a cell `value` refuses is
/// the error `mismatch` makes of it.
fn write_values<T: DataType>(
    writer: &mut SerializedColumnWriter<'_>,
    cells: impl Iterator<Item = Cell>,
    mismatch: impl Fn(&Cell) -> ParquetError,
    value: impl Fn(Cell) -> Result<Option<T::T>, Cell>,
) -> Result<(), ParquetError> {
    let mut levels: Vec<i16> = Vec::new();
    let mut values = Vec::new();
    for cell in cells {
        match value(cell) {
            Ok(Some(v)) => {
                levels.push(1);
                values.push(v);
            }
            Ok(None) => levels.push(0),
            Err(other) => return Err(mismatch(&other)),
        }
    }
    writer.typed::<T>().write_batch(&values, Some(&levels), None)?;
    Ok(())
}

/// Writes a table's rows as Parquet, a row group per call of `write`.
pub struct ParquetWriter<'t, W: Write + Send> {
    table: &'t Table,
    writer: SerializedFileWriter<W>,
}

impl<'t, W: Write + Send> ParquetWriter<'t, W> {
    pub fn new(out: W, table: &'t Table) -> Result<Self, ParquetError> {
        let fields =
            table.fields.iter().map(|f| column_type(f.name, f.ty, f.required)).collect::<Result<Vec<_>, _>>()?;
        let schema = Type::group_type_builder(table.name).with_fields(fields).build()?;
        let metadata = KeyValue::new(SCHEMA_KEY.to_string(), table.schema().to_string());
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(false)
            .set_statistics_enabled(parquet::file::properties::EnabledStatistics::None)
            .set_key_value_metadata(Some(vec![metadata]))
            .build();
        let writer = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(properties))?;
        Ok(ParquetWriter { table, writer })
    }

    /// Writes `rows` (each the table's cells, in its column order) as one
    /// row group. The rows are taken: their texts move into the column
    /// buffers without a copy.
    pub fn write(&mut self, mut rows: Vec<Vec<Cell>>) -> Result<(), ParquetError> {
        if rows.is_empty() {
            return Ok(());
        }
        let count = rows.len();
        let mut group = self.writer.next_row_group()?;
        let mut column = 0;
        while let Some(mut writer) = group.next_column()? {
            let ty = self.table.fields.get(column).map(|f| f.ty).unwrap_or(FieldType::String);
            let cells = rows.iter_mut().map(|row| row.get_mut(column).map(std::mem::take).unwrap_or(Cell::Empty));
            let table = self.table;
            let mismatch = |cell: &Cell| mismatch(table, column, cell);
            match ty {
                FieldType::List => {
                    // Definition: 0 no list, 1 an empty list, 2 an item;
                    // repetition: 0 a new row, 1 the same row's list.
                    let mut levels: Vec<i16> = Vec::with_capacity(count);
                    let mut repetition = Vec::with_capacity(count);
                    let mut values = Vec::new();
                    for cell in cells {
                        match cell {
                            Cell::List(items) if !items.is_empty() => {
                                for (i, item) in items.into_iter().enumerate() {
                                    levels.push(2);
                                    repetition.push(i16::from(i > 0));
                                    values.push(ByteArray::from(item.into_bytes()));
                                }
                            }
                            Cell::Empty | Cell::List(_) => {
                                levels.push(0);
                                repetition.push(0);
                            }
                            other => return Err(mismatch(&other)),
                        }
                    }
                    writer.typed::<ByteArrayType>().write_batch(&values, Some(&levels), Some(&repetition))?;
                }
                FieldType::String | FieldType::Object | FieldType::DateTime => {
                    write_values::<ByteArrayType>(&mut writer, cells, mismatch, |cell| match cell {
                        Cell::Text(text) => Ok(Some(ByteArray::from(text.into_bytes()))),
                        object @ Cell::Object(_) => Ok(Some(ByteArray::from(object.csv_text().into_bytes()))),
                        other => empty_or(other),
                    })?
                }
                FieldType::Number => write_values::<DoubleType>(&mut writer, cells, mismatch, |cell| match cell {
                    Cell::Number(n) => Ok(Some(n)),
                    Cell::Integer(i) => Ok(Some(i as f64)),
                    other => empty_or(other),
                })?,
                FieldType::Integer => write_values::<Int64Type>(&mut writer, cells, mismatch, |cell| match cell {
                    Cell::Integer(i) => Ok(Some(i64::try_from(i).unwrap_or(i64::MAX))),
                    other => empty_or(other),
                })?,
                FieldType::Boolean => write_values::<BoolType>(&mut writer, cells, mismatch, |cell| match cell {
                    Cell::Bool(b) => Ok(Some(b)),
                    other => empty_or(other),
                })?,
                FieldType::Date => write_values::<Int32Type>(&mut writer, cells, mismatch, |cell| match cell {
                    Cell::Date(date) => Ok(Some(epoch_days(date))),
                    other => empty_or(other),
                })?,
            }
            writer.close()?;
            column += 1;
        }
        group.close()?;
        Ok(())
    }

    /// Writes the footer and hands the output back.
    pub fn finish(self) -> Result<W, ParquetError> {
        self.writer.into_inner()
    }
}

/// A `ParquetWriter` on its own thread: the build hands it each round of
/// rows and goes on rendering the next, so encoding and compressing the
/// Parquet file adds little to the build's time.
pub struct BackgroundWriter<W> {
    rows: Option<std::sync::mpsc::SyncSender<Vec<Vec<Cell>>>>,
    thread: Option<std::thread::JoinHandle<Result<W, ParquetError>>>,
}

impl<W: Write + Send + 'static> BackgroundWriter<W> {
    pub fn new(out: W, table: Table) -> Self {
        // Handed over, not queued: one round is written while the next is
        // rendered, and no more rows are held.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Vec<Cell>>>(0);
        let thread = std::thread::spawn(move || {
            let mut writer = ParquetWriter::new(out, &table)?;
            for rows in receiver {
                writer.write(rows)?;
            }
            writer.finish()
        });
        BackgroundWriter { rows: Some(sender), thread: Some(thread) }
    }

    /// Queues a row group. A writer that stopped says why here or at `finish`.
    pub fn write(&mut self, rows: Vec<Vec<Cell>>) -> Result<(), ParquetError> {
        let sent = self.rows.as_ref().is_some_and(|sender| sender.send(rows).is_ok());
        if sent { Ok(()) } else { self.join().map(|_| ()) }
    }

    /// Waits for every row group and the footer; hands the output back.
    pub fn finish(mut self) -> Result<W, ParquetError> {
        self.join()
    }

    fn join(&mut self) -> Result<W, ParquetError> {
        self.rows = None;
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(ParquetError::General("the Parquet writer's thread panicked".into())),
            None => Err(ParquetError::General("the Parquet writer has stopped".into())),
        }
    }
}

/// A whole table (the small ones) as Parquet bytes.
pub fn to_parquet(table: &Table) -> Result<Vec<u8>, ParquetError> {
    let mut writer = ParquetWriter::new(Vec::new(), table)?;
    writer.write(table.rows.clone())?;
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::table::Field;

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        let field = |name, ty| Field { name, ty, unit: None, description: "".into(), required: false };
        let mut table = Table::build::<()>("t", "a test table", &[], &[]);
        table.fields = vec![
            field("name", FieldType::String),
            field("flop", FieldType::Number),
            field("count", FieldType::Integer),
            field("open", FieldType::Boolean),
            field("day", FieldType::Date),
            field("tags", FieldType::List),
        ];
        table.rows = rows;
        table
    }

    #[test]
    fn writes_every_type_and_the_same_bytes_twice() {
        let day = chrono::NaiveDate::from_ymd_opt(2020, 5, 28).unwrap();
        let rows = vec![
            vec![
                Cell::Text("GPT-3".into()),
                Cell::Number(3.14e23),
                Cell::Integer(10_000),
                Cell::Bool(true),
                Cell::Date(day),
                Cell::List(vec!["a".into(), "b; c".into()]),
            ],
            vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
        ];
        let first = to_parquet(&table(rows.clone())).unwrap();
        assert_eq!(&first[..4], b"PAR1");
        assert_eq!(first, to_parquet(&table(rows)).unwrap());
    }

    #[test]
    fn a_cell_of_another_type_is_an_error_not_a_panic() {
        let rows = vec![vec![Cell::Number(1.0), Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]];
        let error = to_parquet(&table(rows)).unwrap_err().to_string();
        assert!(error.contains("column `name`"), "{error}");
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(epoch_days(chrono::NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        assert_eq!(epoch_days(chrono::NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()), -1);
    }
}
