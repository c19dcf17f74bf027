//! Ordinary least squares of log10 FLOP on the date, as the paper fits.

/// A fitted line `y = intercept + slope * x`, with x in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// log10 FLOP per day.
    pub slope: f64,
    pub intercept: f64,
    pub r_squared: f64,
    pub n: usize,
}

/// The least-squares line through `points` (x, y); `None` when it is not
/// determined: fewer than two points, or all on one day.
pub fn fit(points: &[(f64, f64)]) -> Option<Fit> {
    let n = points.len();
    if n < 2 {
        return None;
    }
    let count = n as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / count;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in points {
        let (dx, dy) = (x - mean_x, y - mean_y);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if sxx <= 0.0 || !sxx.is_finite() {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let residual: f64 = points.iter().map(|&(x, y)| (y - intercept - slope * x).powi(2)).sum();
    // All points on one horizontal line: the fit explains everything there is.
    let r_squared = if syy > 0.0 { 1.0 - residual / syy } else { 1.0 };
    Some(Fit { slope, intercept, r_squared, n })
}

/// Orders of magnitude per year for a slope in log10 per day.
pub fn oom_per_year(slope_per_day: f64) -> f64 {
    slope_per_day * 365.0
}

/// Doubling time in months (of 30 days) for a slope in log10 per day, as the
/// paper's code computes it; `None` for a flat or falling trend.
pub fn doubling_months(slope_per_day: f64) -> Option<f64> {
    (slope_per_day > 0.0).then(|| std::f64::consts::LOG10_2 / slope_per_day / 30.0)
}

/// The `q`-th percentile (0..=100) of sorted values, interpolating linearly
/// between neighbours (numpy's default).
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = (q / 100.0).clamp(0.0, 1.0) * last as f64;
    let below = rank.floor() as usize;
    let above = rank.ceil() as usize;
    let low = *sorted.get(below)?;
    let high = *sorted.get(above)?;
    Some(low + (high - low) * (rank - below as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_line_is_found_exactly() {
        let points: Vec<(f64, f64)> = (0..10).map(|i| (i as f64 * 100.0, 3.0 + 0.002 * i as f64 * 100.0)).collect();
        let fit = fit(&points).unwrap();
        assert!((fit.slope - 0.002).abs() < 1e-12);
        assert!((fit.intercept - 3.0).abs() < 1e-9);
        assert!((fit.r_squared - 1.0).abs() < 1e-12);
        assert_eq!(fit.n, 10);
    }

    #[test]
    fn a_known_noisy_fit() {
        // Worked by hand: the line y = 1 + 2x with residuals +1, -1, -1, +1.
        let points = [(0.0, 2.0), (1.0, 2.0), (2.0, 4.0), (3.0, 8.0)];
        let fit = fit(&points).unwrap();
        // mean x 1.5, mean y 4; sxx 5, sxy = (-1.5)(-2)+(-0.5)(-2)+(0.5)(0)+(1.5)(4) = 10; slope 2.
        assert!((fit.slope - 2.0).abs() < 1e-12);
        assert!((fit.intercept - 1.0).abs() < 1e-12);
        // syy = 4+4+0+16 = 24; residuals 1,-1,-1,1 → 4; R² = 1 - 4/24.
        assert!((fit.r_squared - (1.0 - 4.0 / 24.0)).abs() < 1e-12);
    }

    proptest::proptest! {
        /// Any exact line through distinct days is found, whatever its slope and offset.
        #[test]
        fn exact_lines_are_recovered(slope in -1.0f64..1.0, intercept in -30.0f64..30.0, days in proptest::collection::btree_set(0i32..40_000, 2..60)) {
            let points: Vec<(f64, f64)> = days.iter().map(|&d| (d as f64, intercept + slope * d as f64)).collect();
            let fit = fit(&points).unwrap();
            proptest::prop_assert!((fit.slope - slope).abs() < 1e-9);
            proptest::prop_assert!((fit.intercept - intercept).abs() < 1e-5);
        }
    }

    #[test]
    fn undetermined_fits_are_none() {
        assert_eq!(fit(&[]), None);
        assert_eq!(fit(&[(1.0, 1.0)]), None);
        assert_eq!(fit(&[(5.0, 1.0), (5.0, 9.0)]), None);
    }

    #[test]
    fn doubling_time_follows_the_papers_formula() {
        // One doubling (log10 2) every 180 days is six months.
        let slope = std::f64::consts::LOG10_2 / 180.0;
        assert!((doubling_months(slope).unwrap() - 6.0).abs() < 1e-12);
        assert!((oom_per_year(slope) - 365.0 * slope).abs() < 1e-15);
        assert_eq!(doubling_months(0.0), None);
        assert_eq!(doubling_months(-1.0), None);
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&sorted, 0.0), Some(1.0));
        assert_eq!(percentile(&sorted, 100.0), Some(4.0));
        assert_eq!(percentile(&sorted, 50.0), Some(2.5));
        assert!((percentile(&sorted, 2.5).unwrap() - 1.075).abs() < 1e-12);
        assert_eq!(percentile(&[], 50.0), None);
    }
}
