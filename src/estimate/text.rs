//! A resolution as a person reads it: each estimate with its working and
//! assumptions, the resolved figure and its method, training energy.

use super::{Estimate, Resolution, ResolvedMethod, show};

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
