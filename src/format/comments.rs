//! Comments in a record: where a person wrote them, so that nothing that
//! replaces a record drops them unnoticed.

use super::without_schema_line;

/// What replacing `old` with `new` would lose: comments, or keys that `new`
/// does not have. `None` when nothing would be lost (or `old` is not TOML,
/// which holds nothing to keep).
pub fn would_lose(old: &str, new: &str) -> Option<String> {
    let old_document: toml_edit::DocumentMut = old.parse().ok()?;
    let new_document: toml_edit::DocumentMut = new.parse().ok()?;
    // The schema line is flopdb's own; any other comment is a person's.
    let body = without_schema_line(old);
    let has_comments = body
        .parse::<toml_edit::DocumentMut>()
        .is_ok_and(|d| d.trailing().as_str().is_some_and(|t| t.contains('#')) || has_comment(d.as_table()));
    let mut old_keys = Vec::new();
    key_paths(old_document.as_table(), "", &mut old_keys);
    let mut new_keys = Vec::new();
    key_paths(new_document.as_table(), "", &mut new_keys);
    let missing: Vec<String> = old_keys.into_iter().filter(|k| !new_keys.contains(k)).collect();
    match (has_comments, missing.is_empty()) {
        (false, true) => None,
        (true, true) => Some("comments".to_string()),
        (has_comments, false) => Some(format!(
            "{}keys the import does not have ({})",
            if has_comments { "comments and " } else { "" },
            missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn key_paths(table: &toml_edit::Table, prefix: &str, out: &mut Vec<String>) {
    for (key, item) in table.iter() {
        let path = if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
        match item.as_table() {
            Some(sub) => key_paths(sub, &path, out),
            None => out.push(path),
        }
    }
}

/// Whether a comment is written anywhere in the table: before or after a
/// key, a value, a table header, or inside a list. A `#` inside a string is
/// text, not a comment, and does not count.
fn has_comment(table: &toml_edit::Table) -> bool {
    decor_has_comment(table.decor())
        || table.iter().any(|(key, item)| {
            table.key(key).is_some_and(|k| decor_has_comment(k.leaf_decor()))
                || match item {
                    toml_edit::Item::Value(value) => value_has_comment(value),
                    toml_edit::Item::Table(sub) => has_comment(sub),
                    _ => false,
                }
        })
}

fn decor_has_comment(decor: &toml_edit::Decor) -> bool {
    [decor.prefix(), decor.suffix()].into_iter().flatten().any(|raw| raw.as_str().is_some_and(|s| s.contains('#')))
}

fn value_has_comment(value: &toml_edit::Value) -> bool {
    decor_has_comment(value.decor())
        || match value {
            toml_edit::Value::Array(array) => {
                array.trailing().as_str().is_some_and(|t| t.contains('#')) || array.iter().any(value_has_comment)
            }
            toml_edit::Value::InlineTable(inline) => inline.iter().any(|(_, v)| value_has_comment(v)),
            _ => false,
        }
}
