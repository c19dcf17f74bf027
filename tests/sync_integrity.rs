//! A sync never loses or misplaces a record: a record made by hand is not
//! overwritten, a record renamed by hand is still its row's, two rows of one
//! name go to the record they are, `[source]` breaks no placeholder, and a
//! model the export renames stays one record (issue 26, findings 1 to 4).

mod common;

use std::path::{Path, PathBuf};

use common::{flopdb, stderr};

const HEADER: &str = "Model,Organization,Publication date,Domain,Parameters,Training compute (FLOP),Link,Confidence";

fn new_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    repo
}

fn csv(folder: &Path, name: &str, rows: &[&str]) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

fn import(repo: &Path, csv: &Path, extra: &[&str]) -> String {
    let output = flopdb().arg("--root").arg(repo).args(["import", "epoch"]).args(extra).arg(csv).output().unwrap();
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    stderr(&output)
}

fn read(repo: &Path, id: &str) -> String {
    std::fs::read_to_string(repo.join("records/models").join(format!("{id}.toml")))
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn models(repo: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo.join("records/models"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().trim_end_matches(".toml").to_string())
        .collect();
    names.sort();
    names
}

fn scaffold_zed(repo: &Path) {
    let output = flopdb()
        .arg("--root")
        .arg(repo)
        .args(["new", "--no-input", "--create-organizations", "--name", "Zed 70B", "--published", "2025-05-05"])
        .args(["--organization", "acme", "--domain", "language", "--parameters", "7e10"])
        .args(["--data-size", "2e12 tokens", "--compute", "8.4e23 FLOP", "--link", "https://example.com/zed-paper"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let path = repo.join("records/models/zed-70b.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("parameters = 7e10", "parameters = 7e10 # from the paper")).unwrap();
}

const ZED_ROW: &str = "Zed 70B,Acme,2025-05-01,Language,65000000000,3e23,https://epoch.example/zed,Speculative";

/// Finding 1: a record made by `flopdb new` took the export's date, links,
/// parameters and compute, with `0 conflicts`.
#[test]
fn a_record_made_by_hand_is_never_overwritten_by_a_row_of_its_name() {
    let repo = new_repo();
    scaffold_zed(repo.path());
    let before = read(repo.path(), "zed-70b");
    let text = import(repo.path(), &csv(repo.path(), "zed.csv", &[ZED_ROW]), &[]);
    assert!(text.contains("warning[W209]") && text.contains("zed-70b"), "{text}");
    assert!(text.contains("1 not from the source (kept)"), "{text}");
    assert_eq!(read(repo.path(), "zed-70b"), before, "the record is untouched");
    assert_eq!(models(repo.path()), ["zed-70b"], "and no second record is made");

    // Adopting takes an explicit flag; the person's comment stays.
    let text = import(repo.path(), &csv(repo.path(), "zed.csv", &[ZED_ROW]), &["--adopt"]);
    assert!(!text.contains("W209"), "{text}");
    let adopted = read(repo.path(), "zed-70b");
    assert!(adopted.contains("parameters = 6.5e10 # from the paper"), "{adopted}");
    assert!(adopted.contains("synced = "), "{adopted}");
}

/// Finding 4: `[source]` went between `[hardware]` and its commented
/// placeholders, so uncommenting them put hardware keys into `[source]`.
#[test]
fn source_goes_below_the_commented_placeholders() {
    let repo = new_repo();
    scaffold_zed(repo.path());
    import(repo.path(), &csv(repo.path(), "zed.csv", &[ZED_ROW]), &["--adopt"]);
    let text = read(repo.path(), "zed-70b");
    let hardware = text.find("[hardware]").expect("the scaffold's hardware table");
    let count = text.find("# count = 1024").expect("its placeholders");
    let source = text.find("[source]").expect("the provenance");
    assert!(hardware < count && count < source, "{text}");
    // Uncommenting the placeholders, as CONTRIBUTING says, gives a valid record.
    let path = repo.path().join("records/models/zed-70b.toml");
    std::fs::write(&path, text.replace("# accelerator = ", "accelerator = ").replace("# count = ", "count = "))
        .unwrap();
    let hardware_record = "name = \"NVIDIA A100 SXM4 80 GB\"\n";
    std::fs::create_dir_all(repo.path().join("records/hardware")).unwrap();
    std::fs::write(repo.path().join("records/hardware/nvidia-a100-sxm4-80-gb.toml"), hardware_record).unwrap();
    let output = flopdb().arg("--root").arg(repo.path()).arg("check").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Finding 2: a record renamed by hand was duplicated by the next sync and
/// reported absent.
#[test]
fn a_record_renamed_by_hand_is_still_its_rows() {
    let repo = new_repo();
    let export = csv(repo.path(), "zed.csv", &[ZED_ROW]);
    import(repo.path(), &export, &[]);
    let path = repo.path().join("records/models/zed-70b.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("name = \"Zed 70B\"", "name = \"Zed-70B Base\"", 1)).unwrap();
    let text = import(repo.path(), &export, &[]);
    assert_eq!(models(repo.path()), ["zed-70b"], "{text}");
    assert!(!text.contains("W207"), "{text}");
    assert!(text.contains("warning[W210]") && text.contains("renamed by hand"), "{text}");
    let record = read(repo.path(), "zed-70b");
    assert!(record.contains("name = \"Zed-70B Base\""), "the person's name stays: {record}");
    // And again: the record is matched by the name kept in source.name.
    let text = import(repo.path(), &export, &[]);
    assert!(text.contains("0 new, 0 updated, 0 renamed, 1 unchanged"), "{text}");
}

/// Finding 3: with two rows of one name, the first took the record even
/// when the record's digests matched the second.
#[test]
fn of_two_rows_of_one_name_the_record_takes_its_own() {
    let repo = new_repo();
    let first = csv(
        repo.path(),
        "first.csv",
        &["Yak,Yakworks,2024-01-01,Language,1000000000,1e21,https://y.example/yak,Likely"],
    );
    import(repo.path(), &first, &[]);
    // The new export puts another model first under the same name.
    let second = csv(
        repo.path(),
        "second.csv",
        &[
            "Yak,Otherco,2025-06-01,Vision,5000000,2e18,https://other.example/yak,Speculative",
            "Yak,Yakworks,2024-01-01,Language,1000000000,1e21,https://y.example/yak,Likely",
        ],
    );
    let text = import(repo.path(), &second, &[]);
    let yak = read(repo.path(), "yak");
    assert!(yak.contains("parameters = 1e9") && yak.contains("value = \"1e21 FLOP\""), "{yak}");
    assert!(yak.contains("organizations = [\"yakworks\"]"), "{yak}");
    assert_eq!(models(repo.path()), ["yak", "yak-otherco"], "{text}");

    // Two rows the record cannot tell apart are refused, both named.
    let repo = new_repo();
    import(repo.path(), &first, &[]);
    let twins = csv(
        repo.path(),
        "twins.csv",
        &[
            "Yak,Yakworks,2024-01-01,Language,2000000000,1e21,https://y.example/yak,Likely",
            "Yak,Yakworks,2024-01-01,Language,3000000000,1e21,https://y.example/yak,Likely",
        ],
    );
    let before = read(repo.path(), "yak");
    let text = import(repo.path(), &twins, &[]);
    assert!(text.contains("error[E212]") && text.contains("line 2") && text.contains("line 3"), "{text}");
    assert_eq!(read(repo.path(), "yak"), before);
    assert_eq!(models(repo.path()), ["yak"], "{text}");
}

/// Issue 26: a model the export renames (`GPT-4` to `GPT-4 (Mar 2023)`) is
/// one record, its id kept and the old name an alias; a pair that shares
/// less is reported for a person and not merged.
#[test]
fn a_model_renamed_by_the_export_stays_one_record() {
    let repo = new_repo();
    let first = csv(
        repo.path(),
        "first.csv",
        &[
            "GPT-4,OpenAI,2023-03-15,Language,,2.1e25,https://arxiv.org/abs/2303.08774,Likely",
            "Magistral Small,Mistral AI,2025-06-10,Language,24000000000,,https://mistral.ai/news/magistral,Likely",
        ],
    );
    import(repo.path(), &first, &[]);
    let second = csv(
        repo.path(),
        "second.csv",
        &[
            "GPT-4 (Mar 2023),OpenAI,2023-03-15,Language,,2.1e25,https://arxiv.org/abs/2303.08774,Likely",
            // Same organization and link, a related name, but a month later: a person decides.
            "Magistral Small 1.1,Mistral AI,2025-07-10,Language,24000000000,,https://mistral.ai/news/magistral,Likely",
        ],
    );
    let text = import(repo.path(), &second, &[]);
    assert!(text.contains("1 renamed"), "{text}");
    assert!(text.contains("warning[W210]") && text.contains("GPT-4 (Mar 2023)"), "{text}");
    let gpt4 = read(repo.path(), "gpt-4");
    assert!(gpt4.contains("name = \"GPT-4 (Mar 2023)\"") && gpt4.contains("aliases = [\"GPT-4\"]"), "{gpt4}");
    assert!(text.contains("warning[W211]") && text.contains("magistral-small"), "{text}");
    assert_eq!(models(repo.path()), ["gpt-4", "magistral-small", "magistral-small-1-1"], "{text}");
    // The next sync matches the renamed record by its new name.
    let text = import(repo.path(), &second, &[]);
    assert!(text.contains("0 new, 0 updated, 0 renamed, 2 unchanged"), "{text}");
    let output = flopdb().arg("--root").arg(repo.path()).arg("check").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Issue 26: a likely duplicate pair (W117) and an organization no model
/// names (W118) are reported in any tree, so a pull request cannot add one;
/// a pair a person has read and found distinct is left alone.
#[test]
fn check_reports_likely_duplicates_and_unreferenced_organizations() {
    let repo = new_repo();
    let export = csv(
        repo.path(),
        "pair.csv",
        &[
            "GPT-4,OpenAI,2023-03-15,Language,,2.1e25,https://arxiv.org/abs/2303.08774,Likely",
            "GPT-4 (Mar 2023),OpenAI,2023-03-15,Language,,2.1e25,https://arxiv.org/abs/2303.08774,Likely",
            "GPT-4 mini,OpenAI,2023-03-15,Language,,,https://arxiv.org/abs/2303.08774,Likely",
        ],
    );
    import(repo.path(), &export, &[]);
    std::fs::write(repo.path().join("records/organizations/zhipu-ai.toml"), "name = \"Zhipu AI\"\n").unwrap();
    let check = || {
        let output = flopdb().arg("--root").arg(repo.path()).arg("check").output().unwrap();
        stderr(&output)
    };
    let text = check();
    assert_eq!(text.matches("warning[W117]").count(), 2, "one pair, reported on both: {text}");
    assert!(text.contains("`GPT-4` and `GPT-4 (Mar 2023)`"), "{text}");
    assert!(!text.contains("GPT-4 mini` look"), "a contained name alone is not a duplicate: {text}");
    assert!(text.contains("warning[W118]") && text.contains("Zhipu AI"), "{text}");
    let path = repo.path().join("records/models/gpt-4.toml");
    let record = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        record.replacen("name = \"GPT-4\"\n", "name = \"GPT-4\"\ndistinct_from = [\"gpt-4-mar-2023\"]\n", 1),
    )
    .unwrap();
    let text = check();
    assert!(!text.contains("W117"), "{text}");
}
