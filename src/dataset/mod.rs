//! The compiled dataset: rows built from validated records.

pub mod cell;
pub mod codebook;
pub mod datapackage;
pub mod layout;
pub mod models;
pub mod others;
pub mod parquet;
pub mod spill;
pub mod table;
