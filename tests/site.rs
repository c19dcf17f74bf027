//! `flopdb site`: static pages from the records, refused on errors,
//! byte-identical from the same records, with each estimate's working on
//! the model's page and nothing fetched from outside the folder.

mod common;

use std::path::Path;

use common::{copy_fixture, flopdb, stderr};

fn site(root: &Path, extra: &[&str]) -> std::process::Output {
    flopdb().arg("site").arg("--root").arg(root).arg("--out").arg(root.join("site")).args(extra).output().unwrap()
}

/// The fixture tree, with a fine-tune of GPT-3 (its own run estimated from
/// its inputs) whose link is not a web address (a pull request could bring
/// one).
fn tree() -> tempfile::TempDir {
    let tree = copy_fixture("valid");
    std::fs::write(
        tree.path().join("records/models/gpt-3-fine-tune.toml"),
        "name = \"GPT-3 fine-tune\"\npublished = 2021-01-01\norganizations = [\"openai\"]\ndomains = [\"language\"]\n\
         base_model = \"gpt-3-175b\"\nlinks = [\"javascript:alert(1)\"]\nparameters = 175e9\n\n[data]\nsize = \"1e9 tokens\"\n",
    )
    .unwrap();
    tree
}

fn files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(folder) {
        let name = entry.strip_prefix(folder).unwrap().to_string_lossy().to_string();
        out.push((name, std::fs::read(&entry).unwrap()));
    }
    out.sort();
    out
}

fn walk(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        if entry.path().is_dir() {
            out.extend(walk(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

#[test]
fn a_model_page_shows_every_estimate_with_its_working() {
    let tree = tree();
    let output = site(tree.path(), &["--repository", "https://github.com/example/records"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(tree.path().join("site/models/gpt-3-175b.html")).unwrap();
    insta::assert_snapshot!("gpt_3_page", page);
    assert!(page.contains("6 x 1.75e11 parameters x 3e11 tokens"), "{page}");
    assert!(page.contains("10000 chips x"), "{page}");
    assert!(page.contains("gpt-3-fine-tune.html"), "the fine-tune is linked: {page}");
    // A fine-tune: its own run's working, and its total over the lineage,
    // the figure the dataset gives it.
    let fine_tune = std::fs::read_to_string(tree.path().join("site/models/gpt-3-fine-tune.html")).unwrap();
    insta::assert_snapshot!("fine_tune_page", fine_tune);
    assert!(fine_tune.contains("6 x 1.75e11 parameters x 1e9 tokens = 1.05e21 FLOP"), "{fine_tune}");
    assert!(
        fine_tune.contains("bases (GPT-3 175B (davinci)) 3.14e23 FLOP + own 1.05e21 FLOP = total 3.15e23 FLOP"),
        "{fine_tune}"
    );
    let csv = std::fs::read_to_string(tree.path().join("site/data/models.csv")).unwrap();
    assert!(csv.contains(",3.1505e23,lineage,"), "the same figure as the dataset: {csv}");
    let index = std::fs::read_to_string(tree.path().join("site/index.html")).unwrap();
    assert!(index.contains("models/gpt-3-175b.html") && index.contains("3.14e23 FLOP"), "{index}");
    assert!(index.contains("175 B"), "readable parameters: {index}");
    let chip = std::fs::read_to_string(tree.path().join("site/hardware/nvidia-v100-sxm2.html")).unwrap();
    assert!(chip.contains("../models/gpt-3-175b.html") && chip.contains("peak.tensor_16bit"), "{chip}");
    assert!(
        page.contains("../hardware/nvidia-v100-sxm2.html") && page.contains("../organizations/openai.html"),
        "{page}"
    );
}

/// Only the home page has scripts, each a file of the site; every
/// stylesheet, script and page link stays inside the folder.
#[test]
fn pages_need_nothing_outside_their_folder() {
    let tree = tree();
    assert!(site(tree.path(), &[]).status.success());
    let folder = tree.path().join("site");
    for (name, bytes) in files(&folder) {
        if !name.ends_with(".html") {
            continue;
        }
        // minijinja writes `/` in attributes as `&#x2f;`: read it back.
        let text = String::from_utf8(bytes).unwrap().replace("&#x2f;", "/");
        for attribute in ["src=\"http", "href=\"//", "src=\"//", "@import", "<script>"] {
            assert!(!text.contains(attribute), "{name}: {attribute}");
        }
        assert!(!text.contains("href=\"javascript"), "{name}: a record's link is not a web address");
        let scripts: Vec<&str> = text.split("<script src=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        // The explorer and its embed view run the chart's script; nothing else does.
        if name == "index.html" || name == "embed.html" {
            assert_eq!(scripts, ["assets/echarts/echarts.common.min.js", "data.js", "assets/explorer.js"]);
            assert!(scripts.iter().all(|s| folder.join(s).is_file()), "{scripts:?}");
        } else {
            assert!(!text.contains("<script"), "{name} reads without a script");
        }
        // Every local link names a file of the site.
        for link in text.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
            if link.starts_with("https://") || link.starts_with("http://") {
                continue;
            }
            let page = folder.join(&name);
            let target = page.parent().unwrap().join(link.split('#').next().unwrap_or_default());
            assert!(target.exists(), "{name} links to {link}, which the site lacks");
        }
    }
    // The charting library's licence and notice ship beside it.
    for notice in ["LICENSE", "NOTICE", "LICENSE-d3"] {
        assert!(folder.join("assets/echarts").join(notice).is_file(), "{notice}");
    }
    let fine_tune = std::fs::read_to_string(tree.path().join("site/models/gpt-3-fine-tune.html")).unwrap();
    assert!(fine_tune.contains("javascript:alert(1)"), "shown as text: {fine_tune}");
}

#[test]
fn the_same_records_give_a_byte_identical_site() {
    let tree = tree();
    assert!(site(tree.path(), &[]).status.success());
    let first = files(&tree.path().join("site"));
    let names: Vec<&str> = first.iter().map(|f| f.0.as_str()).collect();
    // Four models are too few for the trends' fits: the page says so, without a figure.
    for name in
        ["index.html", "style.css", "trends.html", "data.js", "assets/explorer.js", "models/gpt-3-fine-tune.html"]
    {
        assert!(names.contains(&name), "{name}: {names:?}");
    }
    assert!(!names.contains(&"trends.svg"), "{names:?}");
    // The build's outputs for download, each of them.
    assert_eq!(
        names.iter().filter(|n| n.starts_with("data/") && !n.ends_with(flopdb::fsio::OUTPUT_MARKER)).count(),
        12,
        "{names:?}"
    );
    assert!(names.contains(&flopdb::fsio::OUTPUT_MARKER), "the site is marked as flopdb's to replace");
    assert!(site(tree.path(), &[]).status.success());
    assert_eq!(files(&tree.path().join("site")), first);
}

#[test]
fn a_site_is_refused_while_the_records_have_errors() {
    let tree = copy_fixture("mistakes");
    let output = site(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("site refused"), "{}", stderr(&output));
    assert!(!tree.path().join("site").exists());
}

/// The shipped records: the trends page has the paper's analysis and its
/// figure, and the home page lists every model.
#[test]
fn the_shipped_records_give_the_trends_page_and_its_figure() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output =
        flopdb().arg("site").arg("--root").arg(root).arg("--out").arg(out.path().join("site")).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let trends = std::fs::read_to_string(out.path().join("site/trends.html")).unwrap();
    assert!(trends.contains("<img src=\"trends.svg\"") && trends.contains("doubling, months"), "{trends}");
    assert!(trends.contains("Record-setters"), "{trends}");
    // The calibration: the paper's 123 systems, pre-deep-learning as the paper reports it.
    assert!(
        trends.contains(
            "<th scope=\"row\">pre-deep-learning</th><td>1952-01-01 to 2009-06-15</td><td class=\"n\">19</td>"
        ),
        "{trends}"
    );
    assert!(trends.contains("21.3 [16.2, 30.7]</td><td class=\"n\">0.77</td>"), "{trends}");
    let svg = std::fs::read_to_string(out.path().join("site/trends.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("large-scale"), "{}", &svg[..200.min(svg.len())]);
    let index = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    let models = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("records/models")).unwrap().count();
    assert_eq!(index.matches("<tr><th scope=\"row\">").count(), models);
}
