//! Seeded bootstrap intervals for an era's slope, with the paper's noise:
//! each resampled compute value is scaled by a factor drawn log-uniformly
//! from [1/noise, noise].

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::regression::{fit, percentile};

/// The low, median and high percentiles of a quantity (2.5, 50 and 97.5
/// for a 95% interval; 5, 50 and 95 for a 90% one).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    pub low: f64,
    pub median: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapSettings {
    pub resamples: usize,
    /// The largest factor by which a compute value may be off (2 in the paper).
    pub noise: f64,
    pub seed: u64,
}

/// The slope interval (log10 per day) of `points` (day, log10 FLOP).
/// `stream` separates the random sequences of different eras, so that one
/// era's interval does not depend on which other eras were fitted. `None`
/// when no resample could be fitted.
#[cfg(test)]
fn slope_interval(points: &[(f64, f64)], settings: &BootstrapSettings, stream: u64) -> Option<Interval> {
    slope_intervals(points, settings, stream).map(|i| i.ci95)
}

/// The slope's 95% interval (the paper's) and 90% interval (Epoch AI's
/// published figures), from one set of resamples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeIntervals {
    pub ci95: Interval,
    pub ci90: Interval,
}

pub fn slope_intervals(points: &[(f64, f64)], settings: &BootstrapSettings, stream: u64) -> Option<SlopeIntervals> {
    if points.len() < 2 || settings.resamples == 0 {
        return None;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    rng.set_stream(stream);
    let spread = settings.noise.abs().max(1.0).log10();
    let mut slopes = Vec::with_capacity(settings.resamples);
    let mut sample = Vec::with_capacity(points.len());
    for _ in 0..settings.resamples {
        sample.clear();
        for _ in 0..points.len() {
            let Some(&(x, y)) = points.get(rng.random_range(0..points.len())) else { continue };
            let noise = if spread > 0.0 { rng.random_range(-spread..=spread) } else { 0.0 };
            sample.push((x, y + noise));
        }
        if let Some(line) = fit(&sample) {
            slopes.push(line.slope);
        }
    }
    slopes.sort_by(f64::total_cmp);
    let median = percentile(&slopes, 50.0)?;
    Some(SlopeIntervals {
        ci95: Interval { low: percentile(&slopes, 2.5)?, median, high: percentile(&slopes, 97.5)? },
        ci90: Interval { low: percentile(&slopes, 5.0)?, median, high: percentile(&slopes, 95.0)? },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> Vec<(f64, f64)> {
        (0..40).map(|i| (i as f64 * 50.0, 10.0 + 0.001 * i as f64 * 50.0 + ((i * 13) % 7) as f64 * 0.1)).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_interval() {
        let settings = BootstrapSettings { resamples: 300, noise: 2.0, seed: 7 };
        let a = slope_interval(&line(), &settings, 1).unwrap();
        let b = slope_interval(&line(), &settings, 1).unwrap();
        assert_eq!(a, b);
        let other = slope_interval(&line(), &BootstrapSettings { seed: 8, ..settings }, 1).unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn the_interval_holds_the_slope() {
        let settings = BootstrapSettings { resamples: 500, noise: 2.0, seed: 1 };
        let interval = slope_interval(&line(), &settings, 0).unwrap();
        assert!(interval.low < 0.001 && 0.001 < interval.high, "{interval:?}");
        assert!(interval.low <= interval.median && interval.median <= interval.high);
    }

    #[test]
    fn without_noise_an_exact_line_has_a_point_interval() {
        let exact: Vec<(f64, f64)> = (0..10).map(|i| (i as f64, 2.0 * i as f64)).collect();
        let settings = BootstrapSettings { resamples: 100, noise: 1.0, seed: 3 };
        let interval = slope_interval(&exact, &settings, 0).unwrap();
        assert!((interval.low - 2.0).abs() < 1e-9 && (interval.high - 2.0).abs() < 1e-9);
    }
}
