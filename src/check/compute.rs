//! The compute cross-checks: figures of one record that disagree.

use super::Finding;
use crate::diag::{Code, Diagnostic};
use crate::document::Part;
use crate::estimate::{EstimateConfig, Resolution, Unavailable, factor_between, show};
use crate::record::{Loaded, Model};

/// Adds a finding for each disagreement in the record's compute figures,
/// from its `resolution` (`resolve_model`).
pub fn cross_check(loaded: &Loaded<Model>, resolution: &Resolution, config: &EstimateConfig, out: &mut Vec<Finding>) {
    let limit = config.disagreement_factor;
    let mut warn =
        |pointer: &str, diagnostic: Diagnostic| out.push(Finding::new(&loaded.path, pointer, Part::Value, diagnostic));
    let estimates = [&resolution.operation_counting, &resolution.hardware];
    if let Some(stated) = resolution.stated {
        for estimate in estimates.into_iter().flatten() {
            let factor = factor_between(stated, estimate.flop);
            if factor > limit {
                warn(
                    "/compute/value",
                    Diagnostic::new(
                        Code::ComputeDisagrees,
                        format!(
                            "stated compute {} FLOP differs from the {} estimate by {:.1}x",
                            show(stated),
                            estimate.method.label(),
                            factor
                        ),
                    )
                    .with_help(format!(
                        "{}; check the inputs, or explain the difference in compute.notes",
                        estimate.working
                    )),
                );
            }
        }
    } else if let (Some(op), Some(hw)) = (&resolution.operation_counting, &resolution.hardware) {
        let factor = factor_between(op.flop, hw.flop);
        if factor > limit {
            warn(
                "/hardware",
                Diagnostic::new(
                    Code::EstimatesDisagree,
                    format!("operation counting and hardware-time estimates differ by {factor:.1}x"),
                )
                .with_help(format!("operation counting: {}; hardware-time: {}", op.working, hw.working)),
            );
        }
    }
    if let (Some(flop), Some(compute)) = (resolution.flop, &loaded.record.compute) {
        let below = compute.lower.as_ref().filter(|l| flop < l.flop());
        let above = compute.upper.as_ref().filter(|u| flop > u.flop());
        if let Some(bound) = below {
            warn(
                "/compute/lower",
                Diagnostic::new(
                    Code::OutsideBounds,
                    format!("the compute {} FLOP is below the lower bound {}", show(flop), bound.text()),
                ),
            );
        }
        if let Some(bound) = above {
            warn(
                "/compute/upper",
                Diagnostic::new(
                    Code::OutsideBounds,
                    format!("the compute {} FLOP is above the upper bound {}", show(flop), bound.text()),
                ),
            );
        }
    }
    // Several accelerators are a fact of the data, and a missing hardware
    // record is already E022: only a missing peak is worth a warning.
    if let Some(why @ Unavailable::NoPeak { .. }) = &resolution.hardware_unavailable {
        warn(
            "/hardware/accelerator",
            Diagnostic::new(Code::EstimateUnavailable, format!("hardware-time estimate unavailable: {why}"))
                .with_help("add the peak for this number format to the hardware record, or set hardware.precision"),
        );
    }
}
