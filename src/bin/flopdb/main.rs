//! The `flopdb` command: parses arguments, calls the library, renders what
//! it returns. Each command lives in `commands/<name>.rs`.

mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// `flopdb check | head -1`: when the reader goes away, end quietly with the
/// conventional status (killed by SIGPIPE, 141 in a shell), as other command
/// line tools do, instead of failing on the next write. Rust ignores SIGPIPE
/// by default; this restores the default action.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any
    // thread is started, has no memory effects.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

// The check and the build allocate and free many small values per record
// (TOML nodes, strings); mimalloc does that much faster than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
