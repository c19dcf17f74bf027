//! flopdb: curate, validate and compile datasets of machine-learning
//! training compute. See ARCHITECTURE.md for how the modules fit together.
//!
//! The library never prints and never exits: every stage returns its value
//! and the diagnostics it found.

#[macro_use]
extern crate uom;

pub mod build;
pub mod check;
pub mod config;
pub mod dataset;
pub mod diag;
pub mod diff;
pub mod document;
pub mod epoch;
pub mod estimate;
pub mod fetch;
pub mod format;
pub mod fsio;
pub mod git;
pub mod import;
pub mod limits;
pub mod parallel;
pub mod plot;
pub mod quantity;
pub mod record;
pub mod repo;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod source;
pub mod suggest;
pub mod trends;
pub mod upstream;
