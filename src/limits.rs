//! Every limit flopdb holds untrusted input to, in one place (README,
//! "Reliability"). A pull request is hostile input: each limit bounds the
//! work or the memory one file, one value or one command can cost.

/// The largest record file read.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;
/// The largest `flopdb.toml` read.
pub const MAX_CONFIG_BYTES: u64 = 64 << 10;
/// The largest CSV imported or analysed.
pub const MAX_CSV_BYTES: u64 = 512 << 20;
/// The longest string in a record, in characters.
pub const MAX_STRING_CHARS: usize = 100_000;
/// The most items in a list of a record.
pub const MAX_ARRAY_ITEMS: usize = 10_000;
/// The deepest nesting of tables and lists in a record.
pub const MAX_DEPTH: usize = 16;
/// The longest record id, in characters.
pub const MAX_ID_LEN: usize = 100;
/// Comparisons "did you mean" may spend on dangling references, in all.
pub const SUGGESTION_BUDGET: usize = 2_000_000;
/// Diagnostics of one code an import reports one by one; the rest are counted.
pub const MAX_REPORTED_PER_CODE: usize = 200;
/// The longest diff comment, in characters: GitHub refuses comments over 65,536.
pub const MAX_DIFF_CHARS: usize = 60_000;
