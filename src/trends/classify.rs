//! The paper's Z-score classification: low-compute outliers and large-scale
//! models, each judged against the models published around it.

use chrono::NaiveDate;

/// What the classification made of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// Z below the outlier threshold: left out of every fit.
    Outlier,
    /// Z above the large-scale threshold, published after the large-scale start.
    Large,
    Regular,
}

/// The thresholds of the classification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Half-width of the window in days: models within this many days either side count.
    pub window_days: i64,
    /// Z below this: a low-compute outlier.
    pub outlier_z: f64,
    /// Z above this (and published after `large_since`): a large-scale model.
    pub large_z: f64,
    pub large_since: NaiveDate,
}

/// Each point's Z score: (its log10 FLOP - mean) / population standard
/// deviation over the points within `window_days` of it (itself included).
/// `None` where the window's values are all equal. `points` are (day, log10
/// FLOP) sorted by day.
pub fn z_scores(points: &[(i64, f64)], window_days: i64) -> Vec<Option<f64>> {
    let n = points.len();
    if n == 0 {
        return Vec::new();
    }
    // Sums of values shifted by their mean, so the variance is not the small
    // difference of two large numbers.
    let shift = points.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let mut sum = vec![0.0; n + 1];
    let mut squares = vec![0.0; n + 1];
    for (i, &(_, y)) in points.iter().enumerate() {
        let y = y - shift;
        sum[i + 1] = sum[i] + y;
        squares[i + 1] = squares[i] + y * y;
    }
    let (mut start, mut end) = (0usize, 0usize);
    points
        .iter()
        .map(|&(day, y)| {
            while points.get(start).is_some_and(|p| p.0 < day - window_days) {
                start += 1;
            }
            while points.get(end).is_some_and(|p| p.0 <= day + window_days) {
                end += 1;
            }
            let count = (end - start) as f64;
            let mean = (sum[end] - sum[start]) / count;
            let variance = ((squares[end] - squares[start]) / count - mean * mean).max(0.0);
            let deviation = variance.sqrt();
            // A spread this small is rounding, not data.
            (deviation > 1e-9).then(|| (y - shift - mean) / deviation)
        })
        .collect()
}

/// The scale of a model from its Z score and date.
pub fn classify(z: Option<f64>, published: NaiveDate, thresholds: &Thresholds) -> Scale {
    match z {
        Some(z) if z < thresholds.outlier_z => Scale::Outlier,
        Some(z) if z > thresholds.large_z && published > thresholds.large_since => Scale::Large,
        _ => Scale::Regular,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn thresholds() -> Thresholds {
        Thresholds { window_days: 364, outlier_z: -2.0, large_z: 0.76, large_since: day("2015-09-01") }
    }

    /// Z by the definition, one window at a time.
    fn direct(points: &[(i64, f64)], window: i64) -> Vec<Option<f64>> {
        points
            .iter()
            .map(|&(d, y)| {
                let near: Vec<f64> = points.iter().filter(|p| (p.0 - d).abs() <= window).map(|p| p.1).collect();
                let mean = near.iter().sum::<f64>() / near.len() as f64;
                let sd = (near.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / near.len() as f64).sqrt();
                (sd > 1e-9).then(|| (y - mean) / sd)
            })
            .collect()
    }

    #[test]
    fn windows_match_the_definition() {
        let points: Vec<(i64, f64)> =
            (0..200).map(|i| (i * 37 % 3000, 10.0 + ((i * 7919) % 97) as f64 / 10.0)).collect();
        let mut points = points;
        points.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let fast = z_scores(&points, 364);
        let slow = direct(&points, 364);
        for (a, b) in fast.iter().zip(&slow) {
            match (a, b) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
                (a, b) => assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn a_hand_made_set_is_classified() {
        // Ten models in one year: eight at 1e20, one far below, one far above.
        let start = day("2018-01-01");
        let mut points: Vec<(i64, f64)> = (0..8).map(|i| (i * 30, 20.0)).collect();
        points.push((250, 14.0)); // the low outlier
        points.push((300, 24.0)); // the large-scale model
        let z = z_scores(&points, 364);
        // mean 19.8, population sd sqrt((8*0.04 + 33.64 + 17.64)/10) = sqrt(5.16)
        let sd = 5.16f64.sqrt();
        assert!((z[8].unwrap() - (14.0 - 19.8) / sd).abs() < 1e-9);
        assert!((z[9].unwrap() - (24.0 - 19.8) / sd).abs() < 1e-9);
        let scale = |i: usize| classify(z[i], start + chrono::Duration::days(points[i].0), &thresholds());
        assert_eq!(scale(8), Scale::Outlier, "z = {:?}", z[8]);
        assert_eq!(scale(9), Scale::Large, "z = {:?}", z[9]);
        assert_eq!(scale(0), Scale::Regular);
        // The same large model before the large-scale era is regular.
        assert_eq!(classify(z[9], day("2014-01-01"), &thresholds()), Scale::Regular);
    }

    #[test]
    fn a_lone_model_or_equal_values_have_no_z() {
        assert_eq!(z_scores(&[(0, 5.0)], 364), vec![None]);
        assert_eq!(z_scores(&[(0, 5.0), (10, 5.0)], 364), vec![None, None]);
        assert_eq!(classify(None, day("2020-01-01"), &thresholds()), Scale::Regular);
        // Far apart, each window holds one model.
        assert_eq!(z_scores(&[(0, 5.0), (1000, 9.0)], 364), vec![None, None]);
    }
}
