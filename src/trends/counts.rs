//! How many models exceed each compute threshold, as Epoch AI counts them
//! ("over 30 models above 1e25 FLOP, from 12 developers"): per year and in
//! all up to each year, the first model to cross each threshold, and the
//! number of distinct developers; and the largest runs with their figures.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use serde::Serialize;

use super::Point;

/// The first model at or above a threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    pub threshold: f64,
    pub name: String,
    pub published: chrono::NaiveDate,
    pub compute: f64,
}

/// One year's counts, a count per threshold (in the thresholds' order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCounts {
    pub year: i32,
    /// Models published in the year at or above each threshold.
    pub new: Vec<usize>,
    /// Models published up to the year's end at or above each threshold.
    pub cumulative: Vec<usize>,
    /// Distinct developers of those models, up to the year's end.
    pub developers: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdCounts {
    pub thresholds: Vec<f64>,
    pub years: Vec<YearCounts>,
    /// Per threshold, the first model to reach it (`None`: none has).
    pub first: Vec<Option<Crossing>>,
}

/// The counts of `points` (by their training compute) at or above each of
/// `thresholds`, for every year from the first crossing of the lowest to
/// the last model's year. A model of several organizations counts once;
/// each of its organizations is a developer.
pub fn threshold_counts(points: &[Point], thresholds: &[f64]) -> ThresholdCounts {
    let mut sorted: Vec<&Point> = points.iter().filter(|p| p.compute.is_some_and(f64::is_finite)).collect();
    sorted.sort_by(|a, b| (a.published, &a.name).cmp(&(b.published, &b.name)));
    let compute = |p: &Point| p.compute.unwrap_or(0.0);
    let first: Vec<Option<Crossing>> = thresholds
        .iter()
        .map(|t| {
            sorted.iter().find(|p| compute(p) >= *t).map(|p| Crossing {
                threshold: *t,
                name: p.name.clone(),
                published: p.published,
                compute: compute(p),
            })
        })
        .collect();
    let start = first.iter().flatten().map(|c| c.published.year()).min();
    let end = sorted.last().map(|p| p.published.year());
    let mut years = Vec::new();
    if let (Some(start), Some(end)) = (start, end) {
        let mut by_year: BTreeMap<i32, Vec<&Point>> = BTreeMap::new();
        for point in &sorted {
            by_year.entry(point.published.year()).or_default().push(point);
        }
        let mut cumulative = vec![0usize; thresholds.len()];
        let mut developers: Vec<BTreeSet<String>> = vec![BTreeSet::new(); thresholds.len()];
        for year in start..=end {
            let this_year = by_year.get(&year).map(Vec::as_slice).unwrap_or_default();
            let mut new = vec![0usize; thresholds.len()];
            for (i, threshold) in thresholds.iter().enumerate() {
                for point in this_year.iter().filter(|p| compute(p) >= *threshold) {
                    if let (Some(count), Some(cum), Some(devs)) =
                        (new.get_mut(i), cumulative.get_mut(i), developers.get_mut(i))
                    {
                        *count += 1;
                        *cum += 1;
                        devs.extend(point.organizations.iter().map(|o| o.to_lowercase()));
                    }
                }
            }
            years.push(YearCounts {
                year,
                new,
                cumulative: cumulative.clone(),
                developers: developers.iter().map(BTreeSet::len).collect(),
            });
        }
    }
    ThresholdCounts { thresholds: thresholds.to_vec(), years, first }
}

/// The `n` models of largest training compute, largest first.
pub fn largest(points: &[Point], n: usize) -> Vec<&Point> {
    let mut with: Vec<&Point> = points.iter().filter(|p| p.compute.is_some_and(f64::is_finite)).collect();
    with.sort_by(|a, b| {
        b.compute.unwrap_or(0.0).total_cmp(&a.compute.unwrap_or(0.0)).then_with(|| a.name.cmp(&b.name))
    });
    with.truncate(n);
    with
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn point(name: &str, y: i32, m: u32, compute: f64, orgs: &[&str]) -> Point {
        Point {
            id: name.into(),
            name: name.into(),
            published: NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
            value: compute,
            compute: Some(compute),
            organizations: orgs.iter().map(|o| o.to_string()).collect(),
            ..Point::default()
        }
    }

    /// A small set whose counts are known by hand.
    #[test]
    fn counts_per_year_cumulative_first_and_developers() {
        let points = vec![
            point("a", 2020, 5, 3e23, &["Acme"]),
            point("b", 2021, 2, 2e24, &["Acme", "Beta"]),
            point("c", 2021, 9, 5e22, &["Gamma"]),
            point("d", 2023, 1, 1e25, &["Gamma"]),
            point("e", 2023, 6, 4e24, &["beta"]),
        ];
        let counts = threshold_counts(&points, &[1e23, 1e24, 1e25, 1e26]);
        let years: Vec<i32> = counts.years.iter().map(|y| y.year).collect();
        assert_eq!(years, vec![2020, 2021, 2022, 2023]);
        let at = |year: i32| counts.years.iter().find(|y| y.year == year).unwrap();
        assert_eq!(at(2020).new, vec![1, 0, 0, 0]);
        assert_eq!(at(2021).new, vec![1, 1, 0, 0]);
        assert_eq!(at(2022).new, vec![0, 0, 0, 0]);
        assert_eq!(at(2023).new, vec![2, 2, 1, 0]);
        assert_eq!(at(2023).cumulative, vec![4, 3, 1, 0]);
        // Acme, Beta (and beta, the same), Gamma.
        assert_eq!(at(2023).developers, vec![3, 3, 1, 0]);
        let first: Vec<Option<&str>> = counts.first.iter().map(|c| c.as_ref().map(|c| c.name.as_str())).collect();
        assert_eq!(first, vec![Some("a"), Some("b"), Some("d"), None]);
        let names: Vec<&str> = largest(&points, 2).iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["d", "e"]);
    }
}
