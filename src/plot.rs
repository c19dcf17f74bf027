//! `flopdb plot`: the paper's Figure 1 in spirit. Training compute (log
//! scale) against publication date, points coloured by era, large-scale
//! models marked, each era's fitted line with its doubling time in the
//! legend, and the record-setters labelled where there is room.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::trends::{Analysis, EraScale, Scale, record_setters};

#[derive(Debug, thiserror::Error)]
#[error("drawing the figure: {0}")]
pub struct PlotError(String);

fn fail<E: std::fmt::Debug>(error: E) -> PlotError {
    PlotError(format!("{error:?}"))
}

/// A date as a fractional year, the x axis.
fn year(day: NaiveDate) -> f64 {
    let days_in_year = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() { 366.0 } else { 365.0 };
    day.year() as f64 + day.ordinal0() as f64 / days_in_year
}

/// Colour of an era's points and line, by the era's place.
const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
];
const GREY: RGBColor = RGBColor(150, 150, 150);

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 760;

/// The figure as SVG text.
pub fn svg(analysis: &Analysis, title: &str) -> Result<String, PlotError> {
    svg_of(analysis, title, "Training compute (FLOP)")
}

/// The figure of a trend of any quantity, its y axis named `y_label`
/// (`trends::Quantity::label`).
pub fn svg_of(analysis: &Analysis, title: &str, y_label: &str) -> Result<String, PlotError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, analysis, title, y_label)?;
        root.present().map_err(fail)?;
    }
    Ok(text)
}

fn era_colour(index: usize) -> RGBColor {
    PALETTE.get(index % PALETTE.len()).copied().unwrap_or(GREY)
}

/// The era whose colour a model takes: the first era that fits it.
fn era_of(analysis: &Analysis, day: NaiveDate, scale: Scale) -> Option<usize> {
    analysis.eras.iter().position(|e| e.era.fits(day, scale))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    analysis: &Analysis,
    title: &str,
    y_label: &str,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(fail)?;
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
    for model in &analysis.models {
        let (x, y) = (year(model.point.published), model.point.value.log10());
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if !(x0.is_finite() && y0.is_finite()) {
        return Err(PlotError("no models to plot".to_string()));
    }
    let x_range = (x0 - 2.0).floor()..(x1 + 2.0).ceil();
    let y_range = (y0 - 1.0).floor()..(y1 + 2.0).ceil();

    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 26))
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(x_range.clone(), y_range.clone())
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("Publication date")
        .y_desc(y_label)
        .x_labels(12)
        .y_labels(((y_range.end - y_range.start) / 2.0).ceil() as usize + 1)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("1e{y:.0}"))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .draw()
        .map_err(fail)?;

    // Points: outliers grey crosses, large-scale models triangles, the rest circles.
    for model in &analysis.models {
        let at = (year(model.point.published), model.point.value.log10());
        let colour = era_of(analysis, model.point.published, model.scale).map_or(GREY, era_colour);
        match model.scale {
            Scale::Outlier => {
                chart.draw_series(std::iter::once(Cross::new(at, 4, GREY.stroke_width(1)))).map_err(fail)?;
            }
            Scale::Large => {
                chart
                    .draw_series(std::iter::once(TriangleMarker::new(at, 6, colour.mix(0.85).filled())))
                    .map_err(fail)?;
            }
            Scale::Regular => {
                chart.draw_series(std::iter::once(Circle::new(at, 3, colour.mix(0.55).filled()))).map_err(fail)?;
            }
        }
    }

    // Each era's fitted line over the models it fits, in the legend with its doubling time.
    for (index, era) in analysis.eras.iter().enumerate() {
        let colour = era_colour(index);
        let line = [era.first, era.last].map(|day| (year(day), era.line_at(day)));
        let doubling = era.doubling_months.map_or("no growth".to_string(), |m| format!("{m:.1}-month doubling"));
        let marker = match era.era.scale {
            EraScale::Large => "large-scale models",
            EraScale::Regular => "regular-scale models",
            EraScale::All => "all models",
        };
        let label = format!("{}: {doubling}, R² {:.2}, N = {} ({marker})", era.era.name, era.r_squared, era.n);
        chart
            .draw_series(LineSeries::new(line, colour.stroke_width(3)))
            .map_err(fail)?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(3)));
    }
    if analysis.outliers().next().is_some() {
        chart
            .draw_series(std::iter::empty::<Cross<(f64, f64), i32>>())
            .map_err(fail)?
            .label("low-compute outliers (left out of the fits)")
            .legend(|(x, y)| Cross::new((x + 12, y), 4, GREY.stroke_width(1)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 15))
        .draw()
        .map_err(fail)?;

    // Labels: record-setters, spaced so that none overlaps the one before,
    // and none under the legend (upper left).
    let setters = record_setters(&analysis.models);
    let span = x_range.end - x_range.start;
    let legend_until = x_range.start + span * 0.45;
    let legend_below = y_range.end - (y_range.end - y_range.start) * 0.22;
    let mut last_label = f64::INFINITY;
    for model in setters.iter().rev() {
        let (x, y) = (year(model.point.published), model.point.value.log10());
        if last_label - x < span / 9.0 || (x < legend_until && y > legend_below) {
            continue;
        }
        last_label = x;
        let name: String = model.point.name.chars().take(22).collect();
        let style = ("sans-serif", 13).into_font().color(&BLACK.mix(0.8));
        chart
            .draw_series(std::iter::once(Text::new(
                name,
                (x, y + 0.35),
                style.pos(Pos::new(HPos::Center, VPos::Bottom)),
            )))
            .map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trends::{Point, Settings, analyze};

    #[test]
    fn the_figure_has_a_line_per_era_and_a_point_per_model() {
        let points: Vec<Point> = (0..60)
            .map(|i| {
                let day = NaiveDate::from_ymd_opt(1990 + i / 2, 1 + (i % 12) as u32, 1).unwrap();
                Point {
                    id: format!("m{i}"),
                    name: format!("Model {i}"),
                    published: day,
                    value: 10f64.powf(10.0 + i as f64 * 0.25 + (i % 3) as f64 * 0.1),
                    categorization: "industry".into(),
                    notable: true,
                    ..Point::default()
                }
            })
            .collect();
        let mut settings = Settings::paper();
        settings.bootstrap.resamples = 10;
        settings.eras.truncate(2);
        let analysis = analyze(points, &settings).unwrap();
        let svg = svg(&analysis, "Training compute").unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("Training compute (FLOP)"));
        assert!(svg.contains("pre-deep-learning: "), "the legend names each era");
        assert!(svg.contains("deep-learning: "));
        // One mark per model: circles for regular ones, triangles for large-scale ones.
        let large = analysis.large_scale().count();
        assert_eq!(svg.matches("<circle").count(), 60 - large);
        assert_eq!(svg.matches("<polygon").count(), large);
        assert_eq!(svg, super::svg(&analysis, "Training compute").unwrap(), "deterministic");
    }

    #[test]
    fn years_are_fractional() {
        assert_eq!(year(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()), 2020.0);
        assert!((year(NaiveDate::from_ymd_opt(2021, 7, 2).unwrap()) - 2021.5).abs() < 0.01);
    }
}
