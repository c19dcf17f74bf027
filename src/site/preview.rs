//! The link preview (`preview.png`, 1200 x 630 as Open Graph and Twitter
//! cards want it): every model with a training compute as a dot, log compute
//! against date, coloured by domain, on a grid of powers of ten and
//! decades. No text: text would need font files, and the card's title and
//! description say it. Deterministic: the same rows give the same bytes.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::pages::TableRow;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("drawing the preview: {0}")]
    Draw(String),
    #[error("encoding the preview: {0}")]
    Encode(#[from] png::EncodingError),
}

fn fail<E: std::fmt::Debug>(error: E) -> PreviewError {
    PreviewError::Draw(format!("{error:?}"))
}

/// The explorer's colours, so the preview looks like the chart.
const PALETTE: [RGBColor; 9] = [
    RGBColor(11, 111, 184),
    RGBColor(217, 95, 2),
    RGBColor(27, 158, 119),
    RGBColor(117, 112, 179),
    RGBColor(231, 41, 138),
    RGBColor(102, 166, 30),
    RGBColor(166, 118, 29),
    RGBColor(184, 134, 11),
    RGBColor(68, 68, 68),
];

fn year(day: NaiveDate) -> f64 {
    day.year() as f64 + day.ordinal0() as f64 / 366.0
}

/// The PNG's bytes.
pub fn preview_png(rows: &[TableRow]) -> Result<Vec<u8>, PreviewError> {
    let points: Vec<(f64, f64, &str)> = rows
        .iter()
        .filter_map(|row| {
            let compute = row.compute_value.filter(|c| c.is_finite() && *c > 0.0)?;
            let day = NaiveDate::parse_from_str(&row.published, "%Y-%m-%d").ok()?;
            Some((year(day), compute.log10(), row.domain_labels.first().map_or("", String::as_str)))
        })
        .collect();
    // The domains by how many models they hold: the largest keep the first colours.
    let mut domains: Vec<(&str, usize)> = Vec::new();
    for (_, _, domain) in &points {
        match domains.iter_mut().find(|(d, _)| d == domain) {
            Some(entry) => entry.1 += 1,
            None => domains.push((domain, 1)),
        }
    }
    domains.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let colour = |domain: &str| {
        domains
            .iter()
            .position(|(d, _)| *d == domain)
            .and_then(|i| PALETTE.get(i))
            .copied()
            .unwrap_or(RGBColor(150, 150, 150))
    };
    let (x0, x1) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    let (y0, y1) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let (x0, x1) = if x0 < x1 { ((x0 - 1.0).floor(), (x1 + 1.0).ceil()) } else { (1950.0, 2030.0) };
    let (y0, y1) = if y0 < y1 { (y0.floor(), y1.ceil()) } else { (0.0, 30.0) };

    let mut buffer = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let mut chart = ChartBuilder::on(&root).margin(36).build_cartesian_2d(x0..x1, y0..y1).map_err(fail)?;
        let grid = RGBColor(228, 231, 235).stroke_width(1);
        let decades = (x0 as i64 / 10..=x1 as i64 / 10).map(|d| (d * 10) as f64).filter(|x| *x >= x0 && *x <= x1);
        chart.draw_series(decades.map(|x| PathElement::new(vec![(x, y0), (x, y1)], grid))).map_err(fail)?;
        let powers = (y0 as i64..=y1 as i64).step_by(2).map(|y| y as f64);
        chart.draw_series(powers.map(|y| PathElement::new(vec![(x0, y), (x1, y)], grid))).map_err(fail)?;
        chart
            .draw_series(points.iter().map(|(x, y, domain)| Circle::new((*x, *y), 4, colour(domain).mix(0.7).filled())))
            .map_err(fail)?;
        let axis = RGBColor(60, 60, 60).stroke_width(2);
        chart.draw_series([PathElement::new(vec![(x0, y1), (x0, y0), (x1, y0)], axis)]).map_err(fail)?;
        root.present().map_err(fail)?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&buffer)?;
        writer.finish()?;
    }
    Ok(out)
}
