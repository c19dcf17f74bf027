//! `flopdb site`: the dataset as static HTML pages that work opened from
//! disk: a table of every model on the home page, and a page per model with
//! every field, each estimate's working, which figure was chosen and why,
//! the check's findings on the record, its base models and fine-tunes, and
//! links to edit it and read its history. Plain HTML and one stylesheet,
//! all inside the output folder: no script, no request outside it.
//! Deterministic and atomic as `build` (`fsio::OutputSet`).
//!
//! Not yet here (issue #19): the chart, the organization, accelerator and
//! trends pages, and the browser tests.

mod pages;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::check::{CheckOptions, CheckReport, check};
use crate::estimate::resolve_model;
use crate::fsio::OutputSet;
use crate::git::provenance;

pub use pages::{readable_count, readable_flop};

const BASE: &str = include_str!("templates/base.html");
const INDEX: &str = include_str!("templates/index.html");
const MODEL: &str = include_str!("templates/model.html");
const RECORD: &str = include_str!("templates/record.html");
const TRENDS: &str = include_str!("templates/trends.html");
const FIELDS: &str = include_str!("templates/fields.html");
const STYLE: &str = include_str!("templates/style.css");

/// Pages rendered between two writes (bounds the pages held in memory).
const ROUND: usize = 1024;

/// Every name the site writes at the top of its folder.
const OUTPUT_NAMES: [&str; 7] =
    ["index.html", "style.css", "models", "organizations", "hardware", "trends.html", "trends.svg"];

#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Bounds publication dates in the check (today, in production).
    pub today: NaiveDate,
    /// The repository's web address (`https://github.com/owner/repo`), for
    /// the "edit" and "history" links; none without one.
    pub repository: Option<String>,
    /// The branch those links point at.
    pub branch: String,
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
    Ok(env)
}

/// The web address of a git remote, from its URL (`git@github.com:o/r.git`
/// or `https://github.com/o/r.git`).
pub fn web_address(remote: &str) -> Option<String> {
    let remote = remote.trim().trim_end_matches(".git");
    if let Some(rest) = remote.strip_prefix("git@") {
        let (host, path) = rest.split_once(':')?;
        return Some(format!("https://{host}/{path}"));
    }
    (remote.starts_with("https://") || remote.starts_with("http://")).then(|| remote.to_string())
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
    let check_options = CheckOptions { today: options.today, ..CheckOptions::everything() };
    let report = check(root, &check_options)?;
    if report.tally().errors > 0 {
        return Err(SiteError::Invalid(Box::new(report)));
    }
    let provenance = provenance(root)?;
    let env = environment()?;
    let set = &report.records;
    let mut findings: BTreeMap<&Path, Vec<&crate::diag::Diagnostic>> = BTreeMap::new();
    for diagnostic in &report.diagnostics {
        if let Some(location) = &diagnostic.location {
            findings.entry(location.file.as_path()).or_default().push(diagnostic);
        }
    }
    let fine_tunes = pages::fine_tunes(set);
    let mut staging = OutputSet::begin(out, &OUTPUT_NAMES)?;
    staging.create_folder("models")?;
    // A page one folder down, about one record.
    let render_record = |template: &str, page: Value| {
        env.get_template(template)?.render(context! {
            page,
            root => Value::from_safe_string("../".into()),
            repository => options.repository.as_deref(),
            branch => options.branch.as_str(),
            commit => provenance.commit(),
        })
    };
    let models: Vec<(&String, &crate::record::Loaded<crate::record::Model>)> = set.models.iter().collect();
    let mut rows = Vec::with_capacity(models.len());
    // Rendered on every core a round at a time, written in order.
    for round in models.chunks(ROUND) {
        let rendered = crate::parallel::map(round, |(id, loaded)| -> Result<_, minijinja::Error> {
            let resolution = resolve_model(&loaded.record, set, &report.config.estimate);
            let row = pages::table_row(id, &loaded.record, set, &resolution);
            let relative = loaded.path.strip_prefix(root).unwrap_or(&loaded.path);
            let page = pages::model_page(pages::PageInputs {
                id,
                model: &loaded.record,
                path: shown_path(relative),
                set,
                resolution: &resolution,
                findings: findings.get(relative).map(Vec::as_slice).unwrap_or_default(),
                dates: provenance.dates(relative),
                fine_tunes: fine_tunes.get(id.as_str()).cloned().unwrap_or_default(),
            });
            Ok((row, render_record("model.html", Value::from(Serde(&page)))?))
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
        let html = render_record("record.html", Value::from(Serde(page)))?;
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
            let mut file = staging.file("trends.svg")?;
            file.write_all(svg.as_bytes())?;
            staging.close(file)?;
            (Some(table), true, None)
        }
        Err(why) => (None, false, Some(why.to_string())),
    };
    let html = env.get_template("trends.html")?.render(context! {
        table,
        figure,
        unavailable,
        root => "",
        commit => provenance.commit(),
    })?;
    let mut file = staging.file("trends.html")?;
    file.write_all(html.as_bytes())?;
    staging.close(file)?;
    // Newest first, as a reader looks for recent models.
    rows.sort_by(|a, b| (&b.published, &a.id).cmp(&(&a.published, &b.id)));
    let html = env.get_template("index.html")?.render(context! {
        rows => Value::from(Serde(&rows)),
        root => "",
        commit => provenance.commit(),
        repository => options.repository.as_deref(),
    })?;
    let mut file = staging.file("index.html")?;
    file.write_all(html.as_bytes())?;
    staging.close(file)?;
    let mut file = staging.file("style.css")?;
    file.write_all(STYLE.as_bytes())?;
    staging.close(file)?;
    staging.finish()?;
    Ok(SiteOutput { pages: set.models.len() + record_pages.len() + 2, report })
}

#[cfg(test)]
mod tests {
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
