//! The models a trend analysis reads: from the records, from flopdb's
//! `models.csv`, or from one of Epoch AI's exports as it is.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use super::{Point, Quantity};
use crate::dataset::cell::split_list;
use crate::diag::{Code, Diagnostic};
use crate::estimate::EstimateConfig;
use crate::estimate::{Node, lineages, resolve_model};
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
    /// Keep only models of at least this training compute (FLOP): Epoch's
    /// large-scale models are those of at least 1e23.
    pub min_compute: Option<f64>,
    /// Keep only models among the N most compute-intensive at their release
    /// (`top_n_at_release`), Epoch's frontier rule with N = 10.
    pub top_n: Option<usize>,
    /// Keep only models Epoch flags as frontier models.
    pub epoch_frontier: bool,
    /// Keep only models with open weights.
    pub open_weights: bool,
    /// Leave out models built on others (fine-tunes and continued training).
    pub no_finetunes: bool,
    /// Keep models of any of these organizations (a part of the name, any case).
    pub organizations: Vec<String>,
    /// Keep models of any of these countries (any case).
    pub countries: Vec<String>,
    /// Keep models whose developers are of any of these kinds (`industry`, `academia`).
    pub kinds: Vec<String>,
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
            && self.min_compute.is_none_or(|least| point.compute.is_some_and(|c| c >= least))
            && (!self.epoch_frontier || point.epoch_frontier)
            && (!self.open_weights || point.open_weights == Some(true))
            && (!self.no_finetunes || !point.finetune)
            && any_of(&self.organizations, &point.organizations, |wanted, org| org.contains(wanted))
            && any_of(&self.countries, &point.countries, |wanted, country| country == wanted)
            && (self.kinds.is_empty()
                || self.kinds.iter().any(|k| point.categorization.split(" + ").any(|c| c == term_key(k))))
    }

    /// The points the filter keeps, and of those, with `top_n`, the ones
    /// among the N most compute-intensive at their release.
    pub fn apply(&self, points: Vec<Point>) -> Vec<Point> {
        match self.top_n {
            // Ranked over the whole history (a model of 2018 is ranked
            // against those of 2017 too), then cut to the dates.
            Some(n) => top_n_at_release(points.into_iter().filter(|p| self.undated().keeps(p)).collect(), n)
                .into_iter()
                .filter(|p| self.keeps(p))
                .collect(),
            None => points.into_iter().filter(|p| self.keeps(p)).collect(),
        }
    }

    /// The filter without its dates.
    fn undated(&self) -> Filter {
        Filter { since: None, until: None, ..self.clone() }
    }

    /// `apply`, with the top N at release ranked over `ranked` (every model
    /// with a compute) rather than over `points`: a quantity that few models
    /// give (chips, power) is fitted on the frontier models that give it,
    /// not on a frontier of the models that give it.
    pub fn apply_ranked(&self, points: Vec<Point>, ranked: Vec<Point>) -> Vec<Point> {
        let Some(n) = self.top_n else { return self.apply(points) };
        let undated = self.undated();
        let frontier: BTreeSet<(String, String)> =
            top_n_at_release(ranked.into_iter().filter(|p| undated.keeps(p)).collect(), n)
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
        points.into_iter().filter(|p| self.keeps(p) && frontier.contains(&(p.id.clone(), p.name.clone()))).collect()
    }
}

/// Whether `wanted` is empty or one of its items matches one of `held`
/// (both lowercased).
fn any_of(wanted: &[String], held: &[String], matches: impl Fn(&str, &str) -> bool) -> bool {
    wanted.is_empty() || wanted.iter().any(|w| held.iter().any(|h| matches(&w.to_lowercase(), &h.to_lowercase())))
}

/// The models among the `n` most compute-intensive at their release, by
/// this rule: a model is kept when fewer than `n` models published on or
/// before its day (itself aside) have more training compute than it.
/// Models without a compute are never kept. Epoch AI's frontier models are
/// this set with `n` = 10 over all its models; here it is taken over the
/// models the other filters keep (`--domain language --top-n 10`: the
/// language frontier), over their whole history whatever the dates asked.
pub fn top_n_at_release(mut points: Vec<Point>, n: usize) -> Vec<Point> {
    points.retain(|p| p.compute.is_some_and(|c| c.is_finite()));
    points.sort_by(|a, b| (a.published, &a.id, &a.name).cmp(&(b.published, &b.id, &b.name)));
    // The n largest computes published so far, largest first.
    let mut largest: Vec<f64> = Vec::with_capacity(n + 1);
    let mut kept = Vec::new();
    let mut day_start = 0;
    while day_start < points.len() {
        let day = points.get(day_start).map(|p| p.published);
        let day_end = points
            .iter()
            .skip(day_start)
            .position(|p| Some(p.published) != day)
            .map_or(points.len(), |i| day_start + i);
        let today = points.get(day_start..day_end).unwrap_or_default();
        // The day's models count each other: add them all, then rank each.
        for point in today {
            let compute = point.compute.unwrap_or(0.0);
            let at = largest.partition_point(|c| *c >= compute);
            largest.insert(at, compute);
            largest.truncate(n);
        }
        for point in today {
            let compute = point.compute.unwrap_or(0.0);
            if largest.iter().filter(|c| **c > compute).count() < n {
                kept.push(point.clone());
            }
        }
        day_start = day_end;
    }
    kept
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

fn point_of(id: &str, model: &Model, set: &RecordSet, value: f64, compute: (Option<f64>, Option<&str>)) -> Point {
    let (compute, compute_method) = compute;
    let organizations: Vec<&crate::record::Organization> =
        model.organizations.iter().filter_map(|org| set.organizations.get(org.as_str())).map(|o| &o.record).collect();
    Point {
        id: id.to_string(),
        name: model.name.clone(),
        published: model.published,
        value,
        compute,
        categorization: developer_kind(model, set),
        domains: model.domains.iter().map(|d| d.id().to_string()).collect(),
        notable: !model.notability.is_empty(),
        confidence: model.confidence.map(|c| c.id().to_string()),
        organizations: organizations.iter().map(|o| o.name.clone()).collect(),
        countries: organizations.iter().filter_map(|o| o.country.clone()).collect(),
        open_weights: model.open_weights,
        finetune: !model.base_model.is_empty(),
        epoch_frontier: model.frontier_model == Some(true),
        compute_method: compute_method.map(str::to_string),
        benchmark_estimate: model.compute.as_ref().and_then(|c| c.benchmark_estimate.as_ref()).map(|f| f.flop()),
    }
}

/// The models of validated records that have a training compute, the figure
/// `build` gives them in `models.csv`: stated or estimated, and for a model
/// built on others without a stated whole, its bases' compute plus its own
/// (never its own run alone beside other models' totals).
pub fn points_from_records(set: &RecordSet, config: &EstimateConfig) -> Vec<Point> {
    points_of_quantity(set, config, Quantity::Compute)
}

/// The models of validated records that have `quantity`, each with its
/// value and its training compute as `models.csv` gives them.
pub fn points_of_quantity(set: &RecordSet, config: &EstimateConfig, quantity: Quantity) -> Vec<Point> {
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
            let lineage = lineages.get(id.as_str());
            // The figure and its method as `models.csv` gives them: the
            // record's own methods for a figure it states (never "stated").
            let provenance = crate::estimate::compute_provenance(model, resolution, lineage);
            let compute = provenance.as_ref().map(|p| p.flop);
            let value = quantity.of(model, resolution, compute, lineage)?;
            let method = provenance.map(|p| p.method_text()).filter(|m| !m.is_empty());
            Some(point_of(id, model, set, value, (compute, method.as_deref())))
        })
        .collect()
}

/// The points of `quantity` from validated records, as `filter` selects
/// them: its top N ranked over every model with a compute (whatever the
/// quantity), and with `benchmark_estimates`, Epoch's estimates from
/// benchmark scores counted as compute where a model has no other.
pub fn select(
    set: &RecordSet,
    config: &EstimateConfig,
    quantity: Quantity,
    filter: &Filter,
    benchmark_estimates: bool,
) -> Vec<Point> {
    let extra = if benchmark_estimates { benchmark_points(set) } else { Vec::new() };
    // A benchmark estimate stands for a compute only when asked (a model
    // with parameters and such an estimate passed --min-compute without).
    let counted = |point: Point| if benchmark_estimates { point.with_benchmark_estimate() } else { point };
    let mut points: Vec<Point> = points_of_quantity(set, config, quantity).into_iter().map(counted).collect();
    if quantity == Quantity::Compute {
        points.extend(extra.iter().cloned());
    }
    if filter.top_n.is_none() || quantity == Quantity::Compute {
        return filter.apply(points);
    }
    let ranked: Vec<Point> =
        points_of_quantity(set, config, Quantity::Compute).into_iter().map(counted).chain(extra).collect();
    filter.apply_ranked(points, ranked)
}

/// The models with no training compute but Epoch's estimate from benchmark
/// scores, each with that estimate as its value and compute: what
/// `--benchmark-estimates` adds to an analysis of compute.
pub fn benchmark_points(set: &RecordSet) -> Vec<Point> {
    set.models
        .iter()
        .filter(|(_, loaded)| loaded.record.compute.as_ref().is_none_or(|c| c.value.is_none()))
        .filter_map(|(id, loaded)| {
            let estimate = loaded.record.compute.as_ref()?.benchmark_estimate.as_ref()?.flop();
            Some(point_of(id, &loaded.record, set, estimate, (None, None)).with_benchmark_estimate())
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
    points_of_quantity_from_csv(path, Quantity::Compute)
}

/// `points_from_csv` for any quantity: flopdb's column of it, or an Epoch
/// export's records' figure.
pub fn points_of_quantity_from_csv(path: &Path, quantity: Quantity) -> Result<(Vec<Point>, Reported), Diagnostic> {
    // Streaming, within the size limit, from a regular file.
    let source = CsvSource::file(path, path);
    let mut reported = Reported::default();
    let rows = source.rows(&mut reported)?;
    if rows.table.header.iter().any(|h| h == "training_compute_flop") {
        return flopdb_csv(rows, reported, quantity);
    }
    let (set, diagnostics) = crate::epoch::read_models(path)?;
    Ok((points_of_quantity(&set, &EstimateConfig::default(), quantity), diagnostics))
}

/// Undoes the CSV's formula neutralization (a leading `'`).
fn cell_text(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn flopdb_csv(
    mut rows: CsvRows,
    mut reported: Reported,
    quantity: Quantity,
) -> Result<(Vec<Point>, Reported), Diagnostic> {
    let table = rows.table.clone();
    let path = table.path.as_path();
    let column = |name: &str| table.position(&[name]);
    let (Some(published), Some(flop), Some(quantity_at)) =
        (column("published"), column("training_compute_flop"), column(quantity.column()))
    else {
        return Err(Diagnostic::new(
            Code::ImportHeader,
            format!("flopdb's models.csv needs `published`, `training_compute_flop` and `{}`", quantity.column()),
        )
        .at_line(path, 1, 1));
    };

    let [id, name, domains, notability, confidence, kinds] =
        ["id", "name", "domains", "notability", "confidence", "organization_categorizations"].map(column);
    let [organizations, countries, open_weights, base_model, frontier, method, benchmark] = [
        "organizations",
        "countries",
        "open_weights",
        "base_model",
        "frontier_model",
        "training_compute_method",
        "training_compute_benchmark_estimate_flop",
    ]
    .map(column);
    let mut points = Vec::new();
    while let Some(row) = rows.next_row(&mut reported) {
        let line = row.line;
        let get = |at: Option<usize>| at.and_then(|i| row.cells.get(i)).map(|c| cell_text(c)).unwrap_or_default();
        let value_text = get(Some(quantity_at));
        if value_text.is_empty() {
            continue;
        }
        let compute = get(Some(flop)).parse::<f64>().ok();
        let day = NaiveDate::parse_from_str(get(Some(published)), "%Y-%m-%d");
        let value = value_text.parse::<f64>();
        let (Ok(day), Ok(value)) = (day, value) else {
            reported.push(
                Diagnostic::new(
                    Code::ImportValue,
                    format!(
                        "cannot read the date `{}` or {} `{value_text}`; the model is left out",
                        get(Some(published)),
                        quantity.column()
                    ),
                )
                .at_line(path, line, 1),
            );
            continue;
        };
        let list = |at| split_list(get(at)).into_iter().filter(|s| !s.trim().is_empty());
        let flag = |at| match get(at) {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        };
        points.push(Point {
            id: get(id).to_string(),
            name: get(name).to_string(),
            published: day,
            value,
            compute,
            categorization: categorization(list(kinds).collect::<Vec<_>>().iter().map(String::as_str)),
            domains: list(domains).collect(),
            notable: !get(notability).is_empty(),
            confidence: Some(get(confidence)).filter(|c| !c.is_empty()).map(str::to_string),
            organizations: list(organizations).collect(),
            countries: list(countries).collect(),
            open_weights: flag(open_weights),
            finetune: !get(base_model).is_empty(),
            epoch_frontier: flag(frontier) == Some(true),
            compute_method: Some(get(method)).filter(|m| !m.is_empty()).map(str::to_string),
            benchmark_estimate: get(benchmark).parse::<f64>().ok(),
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
            value: 1e20,
            compute: Some(1e20),
            categorization: "industry".into(),
            domains: vec!["image-generation".into()],
            confidence: Some("likely".into()),
            ..Point::default()
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
