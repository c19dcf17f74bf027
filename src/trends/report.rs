//! `flopdb trends` output: a table for people, and CSV, JSON and Markdown.
//! Renderers return text; the binary prints it.

use crate::diag::render::{markdown_inert, printable};
use std::fmt::Write;

use serde::Serialize;

use super::{Analysis, Classified, EraTrend, Interval, Settings};

/// The output formats of `flopdb trends`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
}

pub fn render(analysis: &Analysis, settings: &Settings, format: Format) -> String {
    match format {
        Format::Table => table(analysis, settings),
        Format::Csv => csv(analysis),
        Format::Json => json(analysis, settings),
        Format::Markdown => markdown(analysis, settings),
    }
}

fn fixed(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// Growth factors span many magnitudes: plain below 10,000, else scientific.
fn factor(value: f64) -> String {
    if value.is_finite() && value < 1e4 { format!("{value:.1}x") } else { format!("{value:.1e}x") }
}

fn with_interval(value: Option<f64>, interval: Option<Interval>, decimals: usize) -> String {
    let value = value.map_or_else(|| "-".to_string(), |v| fixed(v, decimals));
    match interval {
        Some(i) => format!("{value} [{}, {}]", fixed(i.low, decimals), fixed(i.high, decimals)),
        None => value,
    }
}

/// The cells of one era's row, as people read them.
fn era_cells(era: &EraTrend) -> [String; 8] {
    let per_year = match era.growth_per_year_interval {
        Some(i) => format!("{:.1}x [{:.1}, {:.1}]", era.growth_per_year, i.low, i.high),
        None => format!("{:.1}x", era.growth_per_year),
    };
    [
        era.era.name.clone(),
        format!("{} - {}", era.first, era.last),
        era.n.to_string(),
        per_year,
        with_interval(Some(era.slope_oom_per_year), era.slope_interval_oom_per_year, 2),
        with_interval(era.doubling_months, era.doubling_interval_months, 1),
        fixed(era.r_squared, 2),
        factor(era.growth_factor),
    ]
}

/// Epoch AI's form (growth per year, 90% interval) beside the paper's
/// (orders of magnitude per year and doubling time, 95% intervals).
const HEADER: [&str; 8] =
    ["era", "period", "N", "per year [90% CI]", "OOM/year [95% CI]", "doubling, months [95% CI]", "R²", "growth"];

/// A model's name as the format shows it: inert Markdown (`detailed`), or
/// text a terminal prints as it is (no control or bidirectional character acts).
fn shown(name: &str, detailed: bool) -> String {
    if detailed { markdown_inert(name) } else { printable(name, true).into_owned() }
}

/// The models by name; with their date and Z score when `detailed`.
fn named(models: &[&Classified], detailed: bool) -> String {
    if models.is_empty() {
        return "none".to_string();
    }
    let names: Vec<String> = models
        .iter()
        .map(|m| match detailed {
            true => format!(
                "{} ({}, Z {})",
                shown(&m.point.name, true),
                m.point.published,
                m.z.map_or("-".into(), |z| fixed(z, 2))
            ),
            false => shown(&m.point.name, false),
        })
        .collect();
    format!("{} ({})", names.join(", "), models.len())
}

/// Breaks text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let length = word.chars().count();
        if line > 0 && line + 1 + length > width {
            out.push_str("\n  ");
            line = 2;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += length;
    }
    out
}

fn shares(shares: &[(String, usize)]) -> String {
    let total: usize = shares.iter().map(|s| s.1).sum();
    shares.iter().map(|(kind, n)| format!("{kind} {n}/{total}")).collect::<Vec<_>>().join(", ")
}

fn table(analysis: &Analysis, settings: &Settings) -> String {
    let rows: Vec<[String; 8]> = analysis.eras.iter().map(era_cells).collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let padded: Vec<String> = cells.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(&HEADER.map(str::to_string));
    for row in &rows {
        line(row);
    }
    let _ = write!(out, "{}", lists(analysis, settings, false));
    out
}

/// The outliers, large-scale models and record-setters, as paragraphs:
/// wrapped names for a terminal, names with dates and Z for Markdown.
fn lists(analysis: &Analysis, settings: &Settings, detailed: bool) -> String {
    let gap = "\n";
    let fit = |text: String| if detailed { text } else { wrap(&text, 100) };
    let t = &settings.thresholds;
    let outliers: Vec<&Classified> = analysis.outliers().collect();
    let large: Vec<&Classified> = analysis.large_scale().collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{gap}{}",
        fit(format!(
            "Low-compute outliers (Z < {}, left out of every fit): {}",
            t.outlier_z,
            named(&outliers, detailed)
        ))
    );
    let _ = writeln!(
        out,
        "{gap}{}",
        fit(format!(
            "Large-scale models (Z > {} and published after {}): {}",
            t.large_z,
            t.large_since,
            named(&large, detailed)
        ))
    );
    // The largest, with its figure and how sure it is (the record-setters
    // below are named only).
    if let Some(top) = analysis.models.iter().max_by(|a, b| a.point.value.total_cmp(&b.point.value)) {
        let how = [top.point.compute_method.as_deref(), top.point.confidence.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let how = if how.is_empty() { String::new() } else { format!(" ({how})") };
        let _ = writeln!(
            out,
            "{gap}Largest: {} ({}), {}{how}",
            shown(&top.point.name, detailed),
            top.point.published,
            crate::quantity::format_number(crate::quantity::round_significant(top.point.value, 3))
        );
    }
    let _ = writeln!(out, "{gap}Record-setters (more than any model before them):");
    for era in &analysis.record_setters {
        let line = format!(
            "- {}: {} ({}): {}",
            era.era,
            era.models.len(),
            shares(&era.by_categorization),
            if era.models.is_empty() {
                "none".to_string()
            } else {
                era.models.iter().map(|name| shown(name, detailed)).collect::<Vec<_>>().join(", ")
            }
        );
        let _ = writeln!(out, "{}", fit(line));
    }
    out
}

fn csv(analysis: &Analysis) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "era",
        "era_start",
        "era_end",
        "first",
        "last",
        "n",
        "slope_oom_per_year",
        "slope_low",
        "slope_median",
        "slope_high",
        "doubling_months",
        "doubling_low",
        "doubling_median",
        "doubling_high",
        "r_squared",
        "growth_factor",
        "growth_per_year",
        "growth_per_year_low_90",
        "growth_per_year_high_90",
    ];
    let _ = writer.write_record(header);
    let number = |v: Option<f64>| v.map(crate::quantity::format_number).unwrap_or_default();
    for era in &analysis.eras {
        let slope = era.slope_interval_oom_per_year;
        let doubling = era.doubling_interval_months;
        let _ = writer.write_record([
            era.era.name.clone(),
            era.era.start.map(|d| d.to_string()).unwrap_or_default(),
            era.era.end.map(|d| d.to_string()).unwrap_or_default(),
            era.first.to_string(),
            era.last.to_string(),
            era.n.to_string(),
            number(Some(era.slope_oom_per_year)),
            number(slope.map(|i| i.low)),
            number(slope.map(|i| i.median)),
            number(slope.map(|i| i.high)),
            number(era.doubling_months),
            number(doubling.map(|i| i.low)),
            number(doubling.map(|i| i.median)),
            number(doubling.map(|i| i.high)),
            number(Some(era.r_squared)),
            number(Some(era.growth_factor)),
            number(Some(era.growth_per_year)),
            number(era.growth_per_year_interval.map(|i| i.low)),
            number(era.growth_per_year_interval.map(|i| i.high)),
        ]);
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonSettings {
    window_days: i64,
    outlier_z: f64,
    large_z: f64,
    large_since: chrono::NaiveDate,
    resamples: usize,
    noise: f64,
    seed: u64,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    settings: JsonSettings,
    eras: &'a [EraTrend],
    outliers: Vec<&'a Classified>,
    large_scale: Vec<&'a Classified>,
    record_setters: &'a [super::RecordSetters],
}

fn json(analysis: &Analysis, settings: &Settings) -> String {
    let t = &settings.thresholds;
    let b = &settings.bootstrap;
    let report = JsonReport {
        settings: JsonSettings {
            window_days: t.window_days,
            outlier_z: t.outlier_z,
            large_z: t.large_z,
            large_since: t.large_since,
            resamples: b.resamples,
            noise: b.noise,
            seed: b.seed,
        },
        eras: &analysis.eras,
        outliers: analysis.outliers().collect(),
        large_scale: analysis.large_scale().collect(),
        record_setters: &analysis.record_setters,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn markdown(analysis: &Analysis, settings: &Settings) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", HEADER.join(" | "));
    // Text columns left, numbers right: one per header.
    let align: Vec<&str> = HEADER.iter().enumerate().map(|(i, _)| if i < 2 { "---|" } else { "---:|" }).collect();
    let _ = writeln!(out, "|{}", align.concat());
    for era in &analysis.eras {
        let _ = writeln!(out, "| {} |", era_cells(era).join(" | "));
    }
    let _ = write!(out, "{}", lists(analysis, settings, true));
    out
}

/// The threshold counts and the largest runs, in `format`.
pub fn render_counts(counts: &super::ThresholdCounts, largest: &[&super::Point], format: Format) -> String {
    let exponent = |t: f64| format!(">=1e{}", t.log10().round() as i64);
    let heads: Vec<String> = counts.thresholds.iter().map(|t| exponent(*t)).collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                counts: &'a super::ThresholdCounts,
                largest: &'a [&'a super::Point],
            }
            serde_json::to_string_pretty(&Out { counts, largest }).unwrap_or_default() + "\n"
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let _ = writer.write_record(["year", "threshold_flop", "new", "cumulative", "developers"]);
            for year in &counts.years {
                for (i, threshold) in counts.thresholds.iter().enumerate() {
                    let get = |v: &Vec<usize>| v.get(i).copied().unwrap_or(0).to_string();
                    let _ = writer.write_record([
                        year.year.to_string(),
                        crate::quantity::format_number(*threshold),
                        get(&year.new),
                        get(&year.cumulative),
                        get(&year.developers),
                    ]);
                }
            }
            String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        Format::Table | Format::Markdown => {
            let detailed = format == Format::Markdown;
            let mut out = String::new();
            let width = 8 + heads.iter().map(|h| h.len()).max().unwrap_or(0) + "(new, total, devs)".len() - 8;
            let row = |out: &mut String, cells: Vec<String>| {
                let _ = if detailed {
                    writeln!(out, "| {} |", cells.join(" | "))
                } else {
                    let (year, rest) = cells.split_first().map_or(("", &[][..]), |(y, r)| (y.as_str(), r));
                    let rest: String = rest.iter().map(|c| format!("  {c:<width$}")).collect();
                    writeln!(out, "{year:<4}{}", rest.trim_end())
                };
            };
            let mut header = vec!["year".to_string()];
            header.extend(heads.iter().map(|h| format!("{h} (new, total, devs)")));
            row(&mut out, header.clone());
            if detailed {
                row(&mut out, header.iter().map(|_| "---".to_string()).collect());
            }
            for year in &counts.years {
                let mut cells = vec![year.year.to_string()];
                for i in 0..counts.thresholds.len() {
                    let get = |v: &Vec<usize>| v.get(i).copied().unwrap_or(0);
                    cells.push(format!("{}, {}, {}", get(&year.new), get(&year.cumulative), get(&year.developers)));
                }
                row(&mut out, cells);
            }
            let _ = writeln!(out, "\nFirst to reach each threshold:");
            for (head, first) in heads.iter().zip(&counts.first) {
                let _ = match first {
                    Some(c) => writeln!(
                        out,
                        "  {head}: {} ({}, {:.2e} FLOP)",
                        shown(&c.name, detailed),
                        c.published,
                        c.compute
                    ),
                    None => writeln!(out, "  {head}: none yet"),
                };
            }
            if !largest.is_empty() {
                let _ = writeln!(out, "\nLargest runs (compute, how it was found, confidence):");
                for point in largest {
                    let _ = writeln!(
                        out,
                        "  {} ({}): {:.2e} FLOP, {}, {}{}",
                        shown(&point.name, detailed),
                        point.published,
                        point.compute.unwrap_or(0.0),
                        point.compute_method.as_deref().unwrap_or("-"),
                        point.confidence.as_deref().unwrap_or("confidence not given"),
                        if point.finetune { " (a fine-tune: its bases' compute included)" } else { "" }
                    );
                }
            }
            out
        }
    }
}
