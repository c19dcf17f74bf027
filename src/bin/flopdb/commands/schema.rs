//! `flopdb schema`: regenerate schema/*.schema.json from the record types,
//! and docs/dataset.md (the codebook) from the column declarations.

use std::process::ExitCode;

use clap::Args;

use crate::output::GlobalArgs;

/// Write schema/model.schema.json, organization.schema.json and
/// hardware.schema.json from the record types, and docs/dataset.md (the
/// dataset's codebook) from the column declarations
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Change nothing; exit 1 if a schema file is out of date
    #[arg(long)]
    pub check: bool,
}

pub fn exec(global: &GlobalArgs, args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    if args.check {
        let stale = flopdb::schema::stale(&root);
        for path in &stale {
            eprintln!("{} is out of date; run `flopdb schema`", path.display());
        }
        return Ok(if stale.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    for path in flopdb::schema::write_all(&root)? {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
