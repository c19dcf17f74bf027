//! The compiled dataset: rows built from validated records.

pub mod epoch;
