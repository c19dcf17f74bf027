//! A resolution as a person reads it: each estimate with its working and
//! assumptions, the resolved figure and its method, training energy.

use super::{Estimate, Lineage, Resolution, ResolvedMethod, show};

/// The working that adds a model's bases' compute to its own, for a model
/// with bases: `bases (gemma-2-27b) 2.106e24 FLOP + own 1.085e22 FLOP =
/// stated whole 2.117e24 FLOP`. `bases` names them as the reader knows them
/// (ids for `estimate`, names on the site).
pub fn lineage_working(bases: &[&str], lineage: &Lineage, stated: bool) -> Option<String> {
    if !lineage.includes_bases && lineage.bases.is_none() {
        return None;
    }
    let figure = |v: Option<f64>| v.map_or_else(|| "unknown".to_string(), |v| format!("{} FLOP", show(v)));
    let whole = if stated { "stated whole" } else { "total" };
    Some(format!(
        "bases ({}) {} + own {} = {whole} {}",
        bases.join(", "),
        figure(lineage.bases),
        figure(lineage.own),
        figure(lineage.total)
    ))
}

/// [`lineage_working`] as the line `flopdb estimate` prints.
pub fn lineage_text(bases: &[&str], lineage: &Lineage, stated: bool) -> Option<String> {
    lineage_working(bases, lineage, stated).map(|working| format!("  {:<20}{working}\n", "lineage:"))
}

/// The text `flopdb estimate` prints under `title`.
pub fn resolution_text(title: &str, r: &Resolution) -> String {
    let mut out = format!("{title}\n");
    let line = |label: &str, text: &str| format!("  {label:<20}{text}\n");
    if let Some(stated) = r.stated {
        out.push_str(&line("stated:", &format!("{} FLOP", show(stated))));
    }
    let estimate = |label: &str, e: &Option<Estimate>, out: &mut String| {
        if let Some(e) = e {
            out.push_str(&line(label, &e.working));
            for assumption in &e.assumptions {
                out.push_str(&line("", &format!("({assumption})")));
            }
        }
    };
    estimate("operation counting:", &r.operation_counting, &mut out);
    estimate("hardware-time:", &r.hardware, &mut out);
    if let Some(why) = &r.hardware_unavailable {
        out.push_str(&line("hardware-time:", &format!("unavailable: {why}")));
    }
    match (r.flop, r.method) {
        (Some(flop), Some(method)) => {
            out.push_str(&line("resolved:", &format!("{} FLOP ({})", show(flop), method.id())))
        }
        _ => out.push_str(&line("resolved:", "no estimate: give parameters and tokens, or hardware, chips and time")),
    }
    if let Some(working) = r.working.as_ref().filter(|_| r.method == Some(ResolvedMethod::GeometricMean)) {
        out.push_str(&line("", working));
    }
    if let Some(kwh) = r.energy_kwh {
        out.push_str(&line("training energy:", &format!("{} kWh", show(kwh))));
    }
    out
}
