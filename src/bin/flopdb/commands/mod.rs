//! The commands, one file each; `run` dispatches.

mod build;
mod check;
mod diff;
mod estimate;
mod explain;
mod fmt;
mod import;
mod new;
mod plot;
mod schema;
mod site;
mod sync;
mod trends;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::GlobalArgs;

/// `0.1.0 (commit 0123abcd4567)`: the version and the commit it was built from.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("FLOPDB_COMMIT"), ")");

/// Curate, validate and compile datasets of machine-learning training compute.
#[derive(Debug, Parser)]
#[command(name = "flopdb", version = VERSION, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Build(build::BuildArgs),
    Check(check::CheckArgs),
    Diff(diff::DiffArgs),
    Estimate(estimate::EstimateArgs),
    Explain(explain::ExplainArgs),
    Fmt(fmt::FmtArgs),
    Import(import::ImportArgs),
    New(Box<new::NewArgs>),
    Plot(plot::PlotArgs),
    Schema(schema::SchemaArgs),
    Site(site::SiteArgs),
    Sync(sync::SyncArgs),
    Trends(trends::TrendsArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::exec(&cli.global, args),
        Command::Check(args) => check::exec(&cli.global, args),
        Command::Diff(args) => diff::exec(&cli.global, args),
        Command::Estimate(args) => estimate::exec(&cli.global, args),
        Command::Explain(args) => explain::exec(args),
        Command::Fmt(args) => fmt::exec(&cli.global, args),
        Command::Import(args) => import::exec(&cli.global, args),
        Command::Sync(args) => sync::exec(&cli.global, args),
        Command::New(args) => new::exec(&cli.global, *args),
        Command::Plot(args) => plot::exec(&cli.global, args),
        Command::Schema(args) => schema::exec(&cli.global, args),
        Command::Site(args) => site::exec(&cli.global, args),
        Command::Trends(args) => trends::exec(&cli.global, args),
    }
}
