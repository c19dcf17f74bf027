//! `flopdb site`: the dataset as a static site that works opened from disk.
//! The home page holds an interactive chart of training compute over time
//! (Apache ECharts, shipped inside the site with its licence) and a table of
//! every model that the chart's filters narrow; a page per model shows every
//! field, each estimate's working, which figure was chosen and why, the
//! check's findings, its base models and fine-tunes, and links to edit it
//! and read its history; pages per organization and accelerator, a trends
//! page, and the build's own outputs under `data/` for download.
//!
//! Every page but the home page is plain HTML; the home page's table is
//! plain HTML too, which the script only filters and sorts. Everything is
//! inside the output folder: no request leaves it. Deterministic and atomic
//! as `build` (`fsio::OutputSet`); the build's outputs are made by `build`
//! itself, into the site's staging folder, while the pages are rendered.

mod explorer;
mod meta;
mod model_view;
mod pages;
mod preview;
mod readable;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::build::{BuildOptions, Layout, Quiet, build};
use crate::check::{CheckOptions, CheckReport, check};
use crate::estimate::resolve_model;
use crate::fsio::OutputSet;
use crate::git::provenance;

pub use readable::{readable_count, readable_dollars, readable_flop};

const BASE: &str = include_str!("templates/base.html");
const INDEX: &str = include_str!("templates/index.html");
const MODEL: &str = include_str!("templates/model.html");
const RECORD: &str = include_str!("templates/record.html");
const EMBED: &str = include_str!("templates/embed.html");
const TRENDS: &str = include_str!("templates/trends.html");
const FIELDS: &str = include_str!("templates/fields.html");
const HEAD: &str = include_str!("templates/head.html");
const STYLE: &str = include_str!("templates/style.css");
const EXPLORER: &str = include_str!("assets/explorer.js");
/// The pages' icon (a browser asks a web server for one otherwise).
const FAVICON: &str = include_str!("assets/favicon.svg");

/// The charting library and its notices, written under `assets/echarts/`.
const ECHARTS: [(&str, &str); 4] = [
    ("echarts.common.min.js", include_str!("assets/echarts/echarts.common.min.js")),
    ("LICENSE", include_str!("assets/echarts/LICENSE")),
    ("NOTICE", include_str!("assets/echarts/NOTICE")),
    ("LICENSE-d3", include_str!("assets/echarts/LICENSE-d3")),
];

/// Pages rendered between two writes (bounds the pages held in memory).
const ROUND: usize = 1024;

/// Every name the site writes at the top of its folder.
const OUTPUT_NAMES: [&str; 12] = [
    "index.html",
    "embed.html",
    "preview.png",
    "style.css",
    "models",
    "organizations",
    "hardware",
    "trends.html",
    "trends.svg",
    "data.js",
    "assets",
    "data",
];

/// The folder of the build's outputs inside the site.
const DATA_FOLDER: &str = "data";

#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Bounds publication dates in the check (today, in production).
    pub today: NaiveDate,
    /// The repository's web address (`https://github.com/owner/repo`), for
    /// the "edit" and "history" links; none without one.
    pub repository: Option<String>,
    /// The branch those links point at.
    pub branch: String,
    /// Where the site is published (`https://owner.github.io/flopdb/`): the
    /// link previews' addresses are absolute with it, as crawlers want.
    pub url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("the records have errors; fix them before making the site")]
    Invalid(Box<CheckReport>),
    #[error(transparent)]
    Check(#[from] crate::check::CheckError),
    #[error("reading git history")]
    Git(#[from] git2::Error),
    #[error("rendering a page: {0}")]
    Template(#[from] minijinja::Error),
    #[error("writing the site")]
    Io(#[from] std::io::Error),
    #[error("writing the dataset for download")]
    Build(#[from] crate::build::BuildError),
    #[error(
        "--repository `{0}` is not a web address: the pages link to it, so it must be an http(s) address of a host, such as https://github.com/owner/flopdb"
    )]
    BadRepository(String),
    #[error("--branch `{0}` is not a branch name git allows")]
    BadBranch(String),
    #[error(
        "--url `{0}` is not a web address: the link previews point at it, so it must be an http(s) address of a host"
    )]
    BadUrl(String),
    #[error(transparent)]
    Preview(#[from] preview::PreviewError),
}

/// Whether `address` is one the pages may link to: `https://` or `http://`,
/// a host, and no character that would end or change an attribute.
pub fn is_web_address(address: &str) -> bool {
    let rest = address.strip_prefix("https://").or_else(|| address.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && host.chars().any(|c| c.is_ascii_alphanumeric());
    host_ok
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

/// Whether `branch` is a name `git check-ref-format --branch` accepts (the
/// rules that matter in a link: no blank, no `..`, no control character).
pub fn is_branch_name(branch: &str) -> bool {
    !branch.is_empty()
        && !branch.starts_with(['-', '/', '.'])
        && !branch.ends_with(['/', '.'])
        && !branch.ends_with(".lock")
        && !branch.contains("..")
        && !branch.contains("//")
        && !branch.contains("@{")
        && !branch.chars().any(|c| c.is_whitespace() || c.is_control() || "~^:?*[\\\"'<>`".contains(c))
}

/// What `site` wrote.
#[derive(Debug)]
pub struct SiteOutput {
    pub pages: usize,
    pub report: CheckReport,
}

fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("base.html", BASE)?;
    env.add_template("index.html", INDEX)?;
    env.add_template("model.html", MODEL)?;
    env.add_template("record.html", RECORD)?;
    env.add_template("trends.html", TRENDS)?;
    env.add_template("fields.html", FIELDS)?;
    env.add_template("embed.html", EMBED)?;
    env.add_template("head.html", HEAD)?;
    Ok(env)
}

/// The web address of a git remote, from its URL (`git@github.com:o/r.git`
/// or `https://github.com/o/r.git`).
pub fn web_address(remote: &str) -> Option<String> {
    let remote = remote.trim().trim_end_matches(".git");
    if let Some(rest) = remote.strip_prefix("git@") {
        let (host, path) = rest.split_once(':')?;
        return Some(format!("https://{host}/{path}")).filter(|a| is_web_address(a));
    }
    is_web_address(remote).then(|| remote.to_string())
}

/// The `origin` remote's web address, if the repository has one.
pub fn origin_address(root: &Path) -> Option<String> {
    let repository = git2::Repository::discover(root).ok()?;
    let remote = repository.find_remote("origin").ok()?;
    web_address(remote.url().ok()?)
}

/// A record's path as the pages show it and link to it: `/`-separated.
fn shown_path(relative: &Path) -> String {
    relative.to_string_lossy().replace('\\', "/")
}

/// Writes the site for the records under `root` into `out`.
pub fn site(root: &Path, out: &Path, options: &SiteOptions) -> Result<SiteOutput, SiteError> {
    if let Some(address) = options.repository.as_deref().filter(|a| !is_web_address(a)) {
        return Err(SiteError::BadRepository(address.to_string()));
    }
    if let Some(address) = options.url.as_deref().filter(|a| !is_web_address(a)) {
        return Err(SiteError::BadUrl(address.to_string()));
    }
    if !is_branch_name(&options.branch) {
        return Err(SiteError::BadBranch(options.branch.clone()));
    }
    let check_options = CheckOptions { today: options.today, ..CheckOptions::everything() };
    let report = check(root, &check_options)?;
    if report.tally().errors > 0 {
        return Err(SiteError::Invalid(Box::new(report)));
    }
    let provenance = provenance(root, options.today)?;
    let mut staging = OutputSet::begin(out, &OUTPUT_NAMES, &root.join(crate::repo::RECORDS_DIR))?;
    let data_folder = staging.folder().join(DATA_FOLDER);
    let build_options = BuildOptions { layout: Layout::Flopdb, today: options.today };
    // The dataset for download is `build`'s own output, made on its own
    // thread while the pages are rendered.
    let pages = std::thread::scope(|scope| {
        let dataset = scope.spawn(|| build(root, &data_folder, &build_options, &Quiet));
        let pages = write_pages(root, &report, &provenance, options, &mut staging);
        let built = dataset.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let pages = pages?;
        built?;
        Ok::<usize, SiteError>(pages)
    })?;
    // The build's lock beside its folder is not part of the site.
    std::fs::remove_file(staging.folder().join(format!(".{DATA_FOLDER}.lock")))?;
    staging.finish()?;
    Ok(SiteOutput { pages, report })
}

/// Writes every page of the site into `staging`; returns how many.
fn write_pages(
    root: &Path,
    report: &CheckReport,
    provenance: &crate::git::Provenance,
    options: &SiteOptions,
    staging: &mut OutputSet,
) -> Result<usize, SiteError> {
    let env = environment()?;
    let set = &report.records;
    let mut findings: BTreeMap<&Path, Vec<&crate::diag::Diagnostic>> = BTreeMap::new();
    for diagnostic in &report.diagnostics {
        if let Some(location) = &diagnostic.location {
            findings.entry(location.file.as_path()).or_default().push(diagnostic);
        }
    }
    let fine_tunes = pages::fine_tunes(set);
    staging.create_folder("models")?;
    let commit = provenance.commit();
    let cite = meta::citation(options.today, commit, options.url.as_deref(), options.repository.as_deref());
    // What every page is rendered with.
    let shared = context! {
        cite => Value::from(Serde(&cite)),
        repository => options.repository.as_deref(),
        branch => options.branch.as_str(),
        commit => commit,
    };
    let preview_of = |title: &str, description: &str, path: &str, root: &str| {
        Value::from(Serde(meta::preview(title, description, path, options.url.as_deref(), root)))
    };
    // A page one folder down, about one record.
    let render_record = |template: &str, page: Value, meta: Value| {
        env.get_template(template)?.render(context! {
            page,
            meta,
            root => Value::from_safe_string("../".into()),
            ..shared.clone()
        })
    };
    let models: Vec<(&String, &crate::record::Loaded<crate::record::Model>)> = set.models.iter().collect();
    let mut rows = Vec::with_capacity(models.len());
    // Rendered on every core a round at a time, written in order.
    for round in models.chunks(ROUND) {
        let rendered = crate::parallel::map(round, |(id, loaded)| -> Result<_, minijinja::Error> {
            let resolution = resolve_model(&loaded.record, set, &report.config.estimate);
            let lineage = report.lineages.get(id.as_str());
            let row = pages::table_row(id, &loaded.record, set, &resolution, lineage);
            let relative = loaded.path.strip_prefix(root).unwrap_or(&loaded.path);
            let page = pages::model_page(pages::PageInputs {
                id,
                model: &loaded.record,
                lineage,
                path: shown_path(relative),
                set,
                resolution: &resolution,
                findings: findings.get(relative).map(Vec::as_slice).unwrap_or_default(),
                dates: provenance.dates(relative),
                fine_tunes: fine_tunes.get(id.as_str()).cloned().unwrap_or_default(),
            });
            let description = match (&page.compute, &page.provenance) {
                (Some(compute), Some(provenance)) => format!("{}: trained with {compute}. {provenance}", page.name),
                _ => format!("{}: its record in flopdb, a dataset of machine-learning training compute.", page.name),
            };
            let meta = preview_of(&format!("{}: flopdb", page.name), &description, &format!("models/{id}.html"), "../");
            Ok((row, render_record("model.html", Value::from(Serde(&page)), meta)?))
        });
        for ((id, _), page) in round.iter().zip(rendered) {
            let (row, html) = page?;
            rows.push(row);
            let mut file = staging.file(&format!("models/{id}.html"))?;
            file.write_all(html.as_bytes())?;
            staging.close_many(file)?;
        }
    }
    // A page per organization and per accelerator, with its models.
    let item = |row: &pages::TableRow| pages::ModelItem {
        id: row.id.clone(),
        name: row.name.clone(),
        published: row.published.clone(),
        compute: row.compute.clone(),
    };
    let by_id: BTreeMap<&str, &pages::TableRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut of_organization: BTreeMap<String, Vec<pages::ModelItem>> = BTreeMap::new();
    let mut of_hardware: BTreeMap<String, Vec<pages::ModelItem>> = BTreeMap::new();
    for (id, loaded) in &set.models {
        let Some(row) = by_id.get(id.as_str()) else { continue };
        for organization in &loaded.record.organizations {
            of_organization.entry(organization.to_string()).or_default().push(item(row));
        }
        for accelerator in loaded.record.hardware.iter().flat_map(|h| h.accelerator.iter()) {
            of_hardware.entry(accelerator.to_string()).or_default().push(item(row));
        }
    }
    let relative = |path: &Path| shown_path(path.strip_prefix(root).unwrap_or(path));
    let mut record_pages = Vec::new();
    for (id, loaded) in &set.organizations {
        let models = of_organization.remove(id).unwrap_or_default();
        let path = relative(&loaded.path);
        let page = pages::record_page("organization", id, &loaded.record.name, &loaded.record, path, models);
        record_pages.push(("organizations", page));
    }
    for (id, loaded) in &set.hardware {
        let models = of_hardware.remove(id).unwrap_or_default();
        let path = relative(&loaded.path);
        let page = pages::record_page("accelerator", id, &loaded.record.name, &loaded.record, path, models);
        record_pages.push(("hardware", page));
    }
    staging.create_folder("organizations")?;
    staging.create_folder("hardware")?;
    for (folder, page) in &record_pages {
        let description = format!(
            "{}: {} model{} in flopdb, with their training compute.",
            page.name,
            page.models.len(),
            if page.models.len() == 1 { "" } else { "s" }
        );
        let path = format!("{folder}/{}.html", page.id);
        let meta = preview_of(&format!("{}: flopdb", page.name), &description, &path, "../");
        let html = render_record("record.html", Value::from(Serde(page)), meta)?;
        let mut file = staging.file(&format!("{folder}/{}.html", page.id))?;
        file.write_all(html.as_bytes())?;
        staging.close_many(file)?;
    }
    // The trends page: the analysis of `flopdb trends` with the paper's
    // settings, its table as text and the figure as an image (an SVG in an
    // <img> runs nothing, whatever a model's name holds).
    let points = crate::trends::points_from_records(set, &report.config.estimate);
    let settings = crate::trends::Settings::paper();
    let (table, figure, unavailable) = match crate::trends::analyze(points, &settings) {
        Ok(analysis) => {
            let table = crate::trends::report::render(&analysis, &settings, crate::trends::report::Format::Table);
            let svg = crate::plot::svg(&analysis, "Training compute of notable ML models")
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            write_file(staging, "trends.svg", svg.as_bytes())?;
            (Some(table), true, None)
        }
        Err(why) => (None, false, Some(why.to_string())),
    };
    // The calibration: the same method on the paper's own 123 systems.
    let calibration = crate::trends::paper_points()
        .ok()
        .and_then(|points| crate::trends::analyze(points, &settings).ok())
        .map(|analysis| pages::era_rows(&analysis));
    // Epoch AI's published figures beside the records' (`trends --calibration`).
    let figures =
        crate::trends::calibration::calibrate(&crate::trends::calibration::FIGURES, set, &report.config.estimate);
    let epoch_figures = crate::trends::calibration::shown(&figures);
    let html = env.get_template("trends.html")?.render(context! {
        table,
        figure,
        unavailable,
        calibration => calibration.map(|rows| Value::from(Serde(rows))),
        epoch_figures => Value::from(Serde(epoch_figures)),
        root => "",
        meta => preview_of(
            "Trends in training compute: flopdb",
            "The growth of training compute per era, as Sevilla et al. (2022) fit it, on flopdb's records, calibrated against Epoch AI's published figures.",
            "trends.html",
            "",
        ),
        ..shared.clone()
    })?;
    write_file(staging, "trends.html", html.as_bytes())?;
    // Newest first, as a reader looks for recent models.
    rows.sort_by(|a, b| (&b.published, &a.id).cmp(&(&a.published, &b.id)));
    let with_compute = rows.iter().filter(|row| row.compute_value.is_some()).count();
    let home_description = format!(
        "{} machine-learning models and their training compute ({} with a figure), each figure's provenance and working: chart any quantity, filter, download, cite and embed.",
        rows.len(),
        with_compute
    );
    let html = env.get_template("index.html")?.render(context! {
        rows => Value::from(Serde(&rows)),
        with_compute,
        root => "",
        meta => preview_of("flopdb: machine-learning models and their training compute", &home_description, "", ""),
        ..shared.clone()
    })?;
    write_file(staging, "index.html", html.as_bytes())?;
    let html = env.get_template("embed.html")?.render(context! {
        root => "",
        meta => preview_of("A chart of machine-learning models: flopdb", &home_description, "embed.html", ""),
        ..shared.clone()
    })?;
    write_file(staging, "embed.html", html.as_bytes())?;
    write_file(staging, meta::PREVIEW_IMAGE, &preview::preview_png(&rows)?)?;
    write_file(staging, "data.js", explorer::data_script(&rows, commit).as_bytes())?;
    write_file(staging, "style.css", STYLE.as_bytes())?;
    staging.create_folder("assets")?;
    write_file(staging, "assets/explorer.js", EXPLORER.as_bytes())?;
    write_file(staging, "assets/favicon.svg", FAVICON.as_bytes())?;
    staging.create_folder("assets/echarts")?;
    for (name, text) in ECHARTS {
        write_file(staging, &format!("assets/echarts/{name}"), text.as_bytes())?;
    }
    Ok(set.models.len() + record_pages.len() + 3)
}

fn write_file(staging: &mut OutputSet, name: &str, contents: &[u8]) -> std::io::Result<()> {
    let mut file = staging.file(name)?;
    file.write_all(contents)?;
    staging.close(file)
}

#[cfg(test)]
mod tests {

    /// Regression (#29.8): `--repository 'javascript:alert(document.domain)//'`
    /// went into every page's links.
    #[test]
    fn only_web_addresses_are_linked() {
        for good in ["https://github.com/flopdb/flopdb", "http://localhost:8080/x", "https://[::1]/r"] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(document.domain)//",
            "data:text/html,<script>",
            "https://",
            "https://exa mple.com",
            "https://example.com/\"onmouseover=\"x",
            "https:///path",
            "//example.com",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        assert_eq!(web_address("git@github.com:o/r.git").as_deref(), Some("https://github.com/o/r"));
        assert_eq!(web_address("git@evil\"host:o/r"), None);
        assert!(is_branch_name("main") && is_branch_name("release/2026-12"));
        for bad in ["", "a b", "../x", "-x", "a..b", "x\"y", "a~1"] {
            assert!(!is_branch_name(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn remotes_give_web_addresses() {
        assert_eq!(web_address("git@github.com:epoch/flopdb.git").as_deref(), Some("https://github.com/epoch/flopdb"));
        assert_eq!(
            web_address("https://github.com/epoch/flopdb.git").as_deref(),
            Some("https://github.com/epoch/flopdb")
        );
        assert_eq!(web_address("/srv/git/flopdb"), None);
    }

    #[test]
    fn the_templates_parse() {
        assert!(environment().is_ok());
    }
}
