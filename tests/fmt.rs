//! `flopdb fmt`: the canonical form, comments kept, `--check` exit codes,
//! and (a property) formatting never changes what a record means.

mod common;

use common::{copy_fixture, flopdb, stderr, stdout};
use flopdb::format::format_record;
use flopdb::record::RecordKind;
use proptest::prelude::*;

const MESSY: &str = "\
# GPT-3, written by hand in no particular order

parameters = 175e9   # 175 billion
'name' = 'GPT-3 175B (davinci)'
published = 2020-05-28
organizations = [ \"openai\" ,
   \"microsoft-research\" ]

[compute]
method = \"reported\"
value = \"3.14e23 FLOP\"


[data]
# tokens, as the paper counts them
size = \"300e9 tokens\"
";

fn fmt(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    flopdb().arg("--root").arg(root).arg("fmt").args(args).output().unwrap()
}

#[test]
fn fmt_rewrites_keeps_comments_and_is_idempotent() {
    let tree = copy_fixture("valid");
    let file = tree.path().join("records/models/gpt-3-175b.toml");
    std::fs::write(&file, MESSY).unwrap();

    let check = fmt(tree.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stdout(&check).contains("records/models/gpt-3-175b.toml"), "{}", stdout(&check));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MESSY, "--check changes nothing");

    let run = fmt(tree.path(), &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        formatted,
        "\
#:schema ../../schema/model.schema.json
# GPT-3, written by hand in no particular order

name = \"GPT-3 175B (davinci)\"
published = 2020-05-28
organizations = [\"openai\", \"microsoft-research\"]
parameters = 1.75e11 # 175 billion

[data]
# tokens, as the paper counts them
size = \"300e9 tokens\"

[compute]
value = \"3.14e23 FLOP\"
method = \"reported\"
"
    );
    // Idempotent, and the tree still checks clean.
    let again = fmt(tree.path(), &["--check"]);
    assert_eq!(again.status.code(), Some(0), "{}{}", stdout(&again), stderr(&again));
    assert!(stderr(&again).contains("would reformat 0 files"), "{}", stderr(&again));
    let check = flopdb().arg("--root").arg(tree.path()).arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn fmt_check_passes_on_a_formatted_tree_and_names_only_what_differs() {
    let tree = copy_fixture("valid");
    assert_eq!(fmt(tree.path(), &[]).status.code(), Some(0));
    let clean = fmt(tree.path(), &["--check"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
    // One path at a time; a folder means every record in it.
    let file = tree.path().join("records/organizations/openai.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("name = ", "name    =   ")).unwrap();
    let one = fmt(tree.path(), &["--check", file.to_str().unwrap()]);
    assert_eq!(one.status.code(), Some(1));
    // What would change, as a unified diff.
    let shown = stdout(&one);
    assert!(shown.starts_with("--- records/organizations/openai.toml\n"), "{shown}");
    assert!(shown.contains("-name    =   ") && shown.contains("+name = "), "{shown}");
    let folder = tree.path().join("records/models");
    assert_eq!(fmt(tree.path(), &["--check", folder.to_str().unwrap()]).status.code(), Some(0));
    let github = fmt(tree.path(), &["--check", "--format", "github"]);
    assert!(stdout(&github).starts_with("::error file=records/organizations/openai.toml,"), "{}", stdout(&github));
}

#[test]
fn a_file_that_is_not_toml_is_reported_and_left_alone() {
    let tree = copy_fixture("valid");
    let file = tree.path().join("records/models/resnet-50.toml");
    std::fs::write(&file, "name = \"ResNet-50\"\npublished = \n").unwrap();
    let run = fmt(tree.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    let text = stderr(&run);
    assert!(text.contains("error[E010]: invalid TOML"), "{text}");
    assert!(text.contains("records/models/resnet-50.toml:2:"), "{text}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "name = \"ResNet-50\"\npublished = \n");
}

/// A piece of a model record, written one of several ways.
fn key_value() -> impl Strategy<Value = String> {
    let name = prop_oneof![Just("name = \"A\"".to_string()), Just("'name' = 'A'".to_string())];
    let date = prop_oneof![Just("published = 2020-05-28".to_string()), Just("published=2001-01-01".to_string())];
    let float = (1u32..999, -3i32..25).prop_map(|(m, e)| format!("parameters = {m}.5e{e}"));
    let int = (0u64..10_000_000).prop_map(|n| format!("citations = {n}"));
    let underscored = Just("active_parameters = 1_000_000.0".to_string());
    let text = "[ -~]{0,20}".prop_map(|t: String| format!("notes = {:?}", t));
    let multi = Just("abstract = \"\"\"\nline one\nline \"two\"\"\"\"".to_string());
    let array = proptest::collection::vec("[a-z]{1,8}", 0..4).prop_map(|items| {
        format!("authors = [ {} ]", items.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(" ,  "))
    });
    let unknown = "[a-z]{3,6}".prop_map(|k| format!("x_{k} = true"));
    prop_oneof![name, date, float, int, underscored, text, multi, array, unknown]
}

fn document() -> impl Strategy<Value = String> {
    let line = (key_value(), prop::option::of("[ -~]{0,15}"), prop::bool::ANY).prop_map(|(kv, comment, blank)| {
        let comment = comment.map(|c| format!("  # {c}")).unwrap_or_default();
        format!("{}{kv}{comment}\n", if blank { "\n" } else { "" })
    });
    let table = (
        prop::sample::select(vec!["data", "compute", "hardware", "extra"]),
        proptest::collection::vec(
            prop_oneof![
                Just("size = \"1e9 tokens\"".to_string()),
                Just("epochs = 2.50".to_string()),
                Just("value = \"1e20 FLOP\"".to_string()),
                Just("count = 64".to_string()),
                Just("notes = 'n'".to_string()),
            ],
            0..3,
        ),
    )
        .prop_map(|(name, lines)| {
            format!("\n# about {name}\n[{name}]\n{}", lines.iter().map(|l| format!("{l}\n")).collect::<String>())
        });
    (proptest::collection::vec(line, 0..10), proptest::collection::vec(table, 0..3)).prop_map(|(lines, tables)| {
        let mut text = String::new();
        for line in lines {
            text.push_str(&line);
        }
        for table in tables {
            text.push_str(&table);
        }
        text
    })
}

proptest! {
    /// Formatting changes the text, never the meaning, and a second pass changes nothing.
    #[test]
    fn formatting_keeps_the_meaning(text in document()) {
        // Repeated keys or tables are not TOML: only valid documents count.
        let Ok(before) = text.parse::<toml::Table>() else { return Ok(()) };
        let formatted = format_record(RecordKind::Model, &text).unwrap();
        let after: toml::Table = formatted.parse().unwrap();
        prop_assert_eq!(&before, &after, "{}", formatted);
        prop_assert_eq!(format_record(RecordKind::Model, &formatted).unwrap(), formatted.clone());
        prop_assert!(formatted.starts_with("#:schema ../../schema/model.schema.json\n"));
        // Every comment written is still there.
        for comment in text.lines().filter_map(|l| l.split_once(" # ").map(|(_, c)| c.trim())) {
            prop_assert!(formatted.contains(comment), "lost `{}`:\n{}", comment, formatted);
        }
    }
}
