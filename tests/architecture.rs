//! The module map in ARCHITECTURE.md is the code's: every library module is
//! in its table with a layer, and no module uses one of its own layer or
//! above (so there is no cycle either). Test modules may use anything, and
//! so may the binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `| `module` | layer | job |` rows of ARCHITECTURE.md's module table.
fn documented_layers() -> BTreeMap<String, usize> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut layers = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, module, layer, ..] = cells.as_slice() else { continue };
        let (Some(module), Ok(layer)) =
            (module.strip_prefix('`').and_then(|m| m.strip_suffix('`')), layer.parse::<usize>())
        else {
            continue;
        };
        assert!(layers.insert(module.to_string(), layer).is_none(), "`{module}` is listed twice");
    }
    layers
}

/// The modules `src/lib.rs` declares.
fn library_modules() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("src/lib.rs")).expect("src/lib.rs");
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod ").and_then(|rest| rest.strip_suffix(';')))
        .map(str::to_string)
        .collect()
}

fn files_of(module: &str) -> Vec<PathBuf> {
    let single = root().join("src").join(format!("{module}.rs"));
    if single.exists() {
        return vec![single];
    }
    let mut files = Vec::new();
    let mut folders = vec![root().join("src").join(module)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("module folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The code without comment lines and `#[cfg(test)] mod ... { ... }` blocks.
fn code_outside_tests(text: &str) -> String {
    let mut code = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let (before, after) = rest.split_at(at);
        code.push_str(before);
        let after_attribute = after.trim_start_matches("#[cfg(test)]").trim_start();
        if !after_attribute.starts_with("mod ") {
            // A test-only item other than a module: keep reading after the attribute.
            rest = after_attribute;
            continue;
        }
        let Some(open) = after_attribute.find('{') else { break };
        let mut depth = 0usize;
        let mut end = after_attribute.len();
        for (i, c) in after_attribute.char_indices().skip(open) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after_attribute[end..];
    }
    code.push_str(rest);
    code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a text names through `crate::`, including
/// `use crate::{a::x, b}` groups.
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let identifier = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    for (at, _) in code.match_indices("crate::") {
        let after = &code[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1usize;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (c == ',' && depth == 1) {
                    found.insert(identifier(item.trim_start()));
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else {
                    item.push(c);
                }
            }
        } else {
            found.insert(identifier(after));
        }
    }
    found.remove("");
    found
}

#[test]
fn every_module_is_on_the_map_and_uses_only_lower_layers() {
    let layers = documented_layers();
    let modules = library_modules();
    let listed: BTreeSet<String> = layers.keys().cloned().collect();
    assert_eq!(listed, modules, "ARCHITECTURE.md's module table and src/lib.rs list different modules");
    let mut upward = Vec::new();
    for module in &modules {
        let mut used = BTreeSet::new();
        for file in files_of(module) {
            let text = std::fs::read_to_string(&file).expect("source file");
            used.extend(crate_references(&code_outside_tests(&text)));
        }
        for other in used.iter().filter(|m| *m != module && modules.contains(*m)) {
            if layers[other] >= layers[module] {
                upward.push(format!("{module} (layer {}) uses {other} (layer {})", layers[module], layers[other]));
            }
        }
    }
    assert!(upward.is_empty(), "modules that use their own layer or one above:\n{}", upward.join("\n"));
}

#[test]
fn the_reference_reader_sees_groups_and_skips_tests_and_comments() {
    let code = "use crate::{check::x, diag::{A, B}};\n// crate::plot in a comment\nfn f() { crate::repo::y(); }\n#[cfg(test)]\nmod tests {\n    use crate::build;\n}\n";
    let found = crate_references(&code_outside_tests(code));
    let expected: BTreeSet<String> = ["check", "diag", "repo"].into_iter().map(String::from).collect();
    assert_eq!(found, expected);
}
