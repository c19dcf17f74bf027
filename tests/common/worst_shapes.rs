//! Records of the maximum size (1 MiB) in their worst shapes: the most keys,
//! the most tables, the deepest nesting, the longest string. Shared by
//! `tests/untrusted.rs` and `cargo bench --bench scale -- --worst`.

/// Each shape's name and text.
pub fn worst_shapes() -> [(&'static str, String); 4] {
    [
        (
            "many-keys",
            std::iter::once("name = \"k\"\npublished = 2020-01-01\n\n[extra]\n".to_string())
                .chain((0..85_000).map(|i| format!("k{i:x} = \"\"\n")))
                .collect(),
        ),
        (
            "many-tables",
            std::iter::once("name = \"t\"\npublished = 2020-01-01\n".to_string())
                .chain((0..110_000).map(|i| format!("[t{i:x}]\n")))
                .collect(),
        ),
        ("deep", format!("name = \"d\"\npublished = 2020-01-01\nx = {}1{}\n", "[".repeat(5_000), "]".repeat(5_000))),
        ("long", format!("name = \"l\"\npublished = 2020-01-01\nnotes = \"{}\"\n", "a ".repeat(499_000))),
    ]
}
