//! The models a trend analysis reads: from the records, from flopdb's
//! `models.csv`, or from one of Epoch AI's exports as it is.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use super::Point;
use crate::dataset::cell::split_list;
use crate::diag::{Code, Diagnostic};
use crate::estimate::EstimateConfig;
use crate::estimate::{Node, dataset_compute, lineages, resolve_model};
use crate::import::{CsvRows, CsvSource, Reported};
use crate::record::{Model, RecordSet, Term, term_key};

/// Which models an analysis keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Keep models of any of these domains (ids such as `language`); empty keeps all.
    pub domains: Vec<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Keep only models with a notability criterion.
    pub notable_only: bool,
    /// Keep only models whose compute is at least this sure:
    /// `speculative`, `likely` or `confident`.
    pub min_confidence: Option<String>,
}

/// How sure a confidence term is; unknown and missing rank lowest.
fn confidence_rank(term: Option<&str>) -> u8 {
    match term {
        Some("confident") => 3,
        Some("likely") => 2,
        Some("speculative") => 1,
        _ => 0,
    }
}

impl Filter {
    pub fn keeps(&self, point: &Point) -> bool {
        let wanted: Vec<String> = self.domains.iter().map(|d| term_key(d)).collect();
        (wanted.is_empty() || point.domains.iter().any(|d| wanted.contains(&term_key(d))))
            && self.since.is_none_or(|since| point.published >= since)
            && self.until.is_none_or(|until| point.published <= until)
            && (!self.notable_only || point.notable)
            && self.min_confidence.as_deref().is_none_or(|least| {
                confidence_rank(point.confidence.as_deref()) >= confidence_rank(Some(&term_key(least)))
            })
    }
}

/// The developers' kinds, each once, sorted and joined: `academia + industry`;
/// `unknown` when none is known.
fn categorization<'a>(kinds: impl IntoIterator<Item = &'a str>) -> String {
    let kinds: BTreeSet<String> = kinds
        .into_iter()
        .map(term_key)
        .filter(|k| !k.is_empty())
        .map(|k| if k == "company" { "industry".to_string() } else { k })
        .collect();
    if kinds.is_empty() { "unknown".to_string() } else { kinds.into_iter().collect::<Vec<_>>().join(" + ") }
}

/// The kind of a model's developers (`industry`, `academia + industry`,
/// `unknown`), from its organizations' records.
pub fn developer_kind(model: &Model, set: &RecordSet) -> String {
    let kinds = model
        .organizations
        .iter()
        .filter_map(|org| set.organizations.get(org.as_str()))
        .filter_map(|org| org.record.categorization)
        .map(|c| c.id());
    categorization(kinds)
}

fn point_of(id: &str, model: &Model, set: &RecordSet, flop: f64) -> Point {
    Point {
        id: id.to_string(),
        name: model.name.clone(),
        published: model.published,
        flop,
        categorization: developer_kind(model, set),
        domains: model.domains.iter().map(|d| d.id().to_string()).collect(),
        notable: !model.notability.is_empty(),
        confidence: model.confidence.map(|c| c.id().to_string()),
    }
}

/// The models of validated records that have a training compute, the figure
/// `build` gives them in `models.csv`: stated or estimated, and for a model
/// built on others without a stated whole, its bases' compute plus its own
/// (never its own run alone beside other models' totals).
pub fn points_from_records(set: &RecordSet, config: &EstimateConfig) -> Vec<Point> {
    let resolved: Vec<(&String, &Model, crate::estimate::Resolution)> = set
        .models
        .iter()
        .map(|(id, loaded)| (id, &loaded.record, resolve_model(&loaded.record, set, config)))
        .collect();
    // Each model's node as the check makes it: its summary with its estimate.
    let nodes =
        resolved.iter().map(|(id, model, resolution)| ((*id).clone(), Node::resolved(model, resolution))).collect();
    let lineages = lineages(&nodes);
    resolved
        .iter()
        .filter_map(|(id, model, resolution)| {
            let (flop, _) = dataset_compute(resolution, !model.base_model.is_empty(), lineages.get(id.as_str()));
            flop.map(|flop| point_of(id, model, set, flop))
        })
        .collect()
}

/// The paper's 123 systems (Epoch AI's snapshot of the data of Sevilla et
/// al., 2022, CC BY 4.0), embedded: the analysis of these with
/// `Settings::paper()` is the calibration against the paper.
pub fn paper_points() -> Result<Vec<Point>, Diagnostic> {
    const SNAPSHOT: &[u8] = include_bytes!("paper/compute_trends_paper_snapshot_2022-02.csv");
    let source = CsvSource::bytes(SNAPSHOT, Path::new("compute_trends_paper_snapshot_2022-02.csv"));
    let (set, _) = crate::epoch::read_models_from(&source)?;
    Ok(points_from_records(&set, &EstimateConfig::default()))
}

/// The models of a CSV file: flopdb's `models.csv` (told by its
/// `training_compute_flop` column), or any models export of Epoch AI's
/// (read as `import epoch` reads it). Cells that cannot be read come back as
/// warnings with their line; the model is left out.
pub fn points_from_csv(path: &Path) -> Result<(Vec<Point>, Reported), Diagnostic> {
    // Streaming, within the size limit, from a regular file.
    let source = CsvSource::file(path, path);
    let mut reported = Reported::default();
    let rows = source.rows(&mut reported)?;
    if rows.table.header.iter().any(|h| h == "training_compute_flop") {
        return flopdb_csv(rows, reported);
    }
    let (set, diagnostics) = crate::epoch::read_models(path)?;
    Ok((points_from_records(&set, &EstimateConfig::default()), diagnostics))
}

/// Undoes the CSV's formula neutralization (a leading `'`).
fn cell_text(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn flopdb_csv(mut rows: CsvRows, mut reported: Reported) -> Result<(Vec<Point>, Reported), Diagnostic> {
    let table = rows.table.clone();
    let path = table.path.as_path();
    let column = |name: &str| table.position(&[name]);
    let (Some(published), Some(flop)) = (column("published"), column("training_compute_flop")) else {
        return Err(Diagnostic::new(
            Code::ImportHeader,
            "flopdb's models.csv needs `published` and `training_compute_flop`",
        )
        .at_line(path, 1, 1));
    };
    let [id, name, domains, notability, confidence, kinds] =
        ["id", "name", "domains", "notability", "confidence", "organization_categorizations"].map(column);
    let mut points = Vec::new();
    while let Some(row) = rows.next_row(&mut reported) {
        let line = row.line;
        let get = |at: Option<usize>| at.and_then(|i| row.cells.get(i)).map(|c| cell_text(c)).unwrap_or_default();
        let flop_text = get(Some(flop));
        if flop_text.is_empty() {
            continue;
        }
        let day = NaiveDate::parse_from_str(get(Some(published)), "%Y-%m-%d");
        let value = flop_text.parse::<f64>();
        let (Ok(day), Ok(value)) = (day, value) else {
            reported.push(
                Diagnostic::new(
                    Code::ImportValue,
                    format!(
                        "cannot read the date `{}` or compute `{flop_text}`; the model is left out",
                        get(Some(published))
                    ),
                )
                .at_line(path, line, 1),
            );
            continue;
        };
        let list = |at| split_list(get(at)).into_iter().filter(|s| !s.trim().is_empty());
        points.push(Point {
            id: get(id).to_string(),
            name: get(name).to_string(),
            published: day,
            flop: value,
            categorization: categorization(list(kinds).collect::<Vec<_>>().iter().map(String::as_str)),
            domains: list(domains).collect(),
            notable: !get(notability).is_empty(),
            confidence: Some(get(confidence)).filter(|c| !c.is_empty()).map(str::to_string),
        });
    }
    Ok((points, reported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point() -> Point {
        Point {
            id: "m".into(),
            name: "M".into(),
            published: NaiveDate::from_ymd_opt(2020, 5, 1).unwrap(),
            flop: 1e20,
            categorization: "industry".into(),
            domains: vec!["image-generation".into()],
            notable: false,
            confidence: Some("likely".into()),
        }
    }

    #[test]
    fn filters_keep_what_they_say() {
        let p = point();
        assert!(Filter::default().keeps(&p));
        assert!(Filter { domains: vec!["Image generation".into()], ..Filter::default() }.keeps(&p));
        assert!(!Filter { domains: vec!["language".into()], ..Filter::default() }.keeps(&p));
        assert!(!Filter { notable_only: true, ..Filter::default() }.keeps(&p));
        assert!(Filter { since: p.published.into(), until: p.published.into(), ..Filter::default() }.keeps(&p));
        assert!(!Filter { since: NaiveDate::from_ymd_opt(2021, 1, 1), ..Filter::default() }.keeps(&p));
        assert!(Filter { min_confidence: Some("speculative".into()), ..Filter::default() }.keeps(&p));
        assert!(Filter { min_confidence: Some("Likely".into()), ..Filter::default() }.keeps(&p));
        assert!(!Filter { min_confidence: Some("confident".into()), ..Filter::default() }.keeps(&p));
    }

    #[test]
    fn categorizations_are_one_set() {
        assert_eq!(categorization(["industry", "academia", "Industry"]), "academia + industry");
        assert_eq!(categorization(["Company"]), "industry");
        assert_eq!(categorization([]), "unknown");
    }

    #[test]
    fn neutralized_cells_read_back() {
        assert_eq!(cell_text("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(cell_text("'quoted"), "'quoted");
    }
}
