//! How the models table is laid out: flopdb's own columns
//! (`models::FlopdbLayout`) or another's (`epoch::EpochLayout`). The build
//! has one path for every layout: it asks the layout for the table, each
//! model's cells, and the cells that need the whole dataset.

use super::cell::Cell;
use super::models::ModelRow;
use super::table::Table;
use std::collections::BTreeMap;

use crate::estimate::Lineage;
use crate::record::RecordSet;

/// Fills a row's cells that need every model, given what
/// `ModelsLayout::cells` set aside for later.
pub type Complete<'a> = Box<dyn Fn(Option<&str>, &mut [Cell]) + Sync + 'a>;

pub trait ModelsLayout: Sync {
    /// The layout's name, as the Data Package records it.
    fn name(&self) -> &'static str;

    /// The models table: its fields and keys, without rows.
    fn table(&self) -> Table;

    /// One model's cells, and a value set aside until every model is read
    /// (the Epoch layout's base model, named once all names are known).
    fn cells(&self, row: &ModelRow) -> (Vec<Cell>, Option<String>);

    /// Whether the rows have flopdb's ids, which the link tables key on.
    fn has_model_ids(&self) -> bool;

    /// Whether the cells are typed as the columns declare, so the table can
    /// be written as Parquet (Epoch's layout writes Epoch's texts: a CSV
    /// drop-in, without a Parquet twin).
    fn typed(&self) -> bool {
        true
    }

    /// Whether rows run newest first (Epoch's exports) rather than oldest
    /// first (flopdb's own).
    fn newest_first(&self) -> bool {
        false
    }

    /// The completion of each row, from the records and every model's
    /// compute over its lineage (worked out by the check).
    fn complete<'a>(&'a self, set: &'a RecordSet, lineages: &'a BTreeMap<String, Lineage>) -> Complete<'a>;
}
