//! The `flopdb` command: parses arguments, calls the library, renders what
//! it returns. Each command lives in `commands/<name>.rs`.

mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

// The check and the build allocate and free many small values per record
// (TOML nodes, strings); mimalloc does that much faster than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
