//! The compute cross-checks: figures of one record that disagree.

use super::Finding;
use crate::diag::{Code, Diagnostic};
use crate::document::Part;
use std::collections::BTreeMap;

use crate::estimate::{EstimateConfig, Lineage, Resolution, Unavailable, factor_between, show};
use crate::record::{Loaded, Model, RecordSet};

/// Adds a finding for each disagreement in the record's compute figures,
/// from its `resolution` (`resolve_model`).
pub fn cross_check(loaded: &Loaded<Model>, resolution: &Resolution, config: &EstimateConfig, out: &mut Vec<Finding>) {
    estimates_in_range(loaded, resolution, out);
    let limit = config.disagreement_factor;
    let mut warn =
        |pointer: &str, diagnostic: Diagnostic| out.push(Finding::new(&loaded.path, pointer, Part::Value, diagnostic));
    let estimates = [&resolution.operation_counting, &resolution.hardware];
    if let Some(stated) = resolution.stated {
        // A fine-tune's stated compute includes its bases' and its inputs
        // describe its own run: `lineage_checks` compares the two.
        let own_run = loaded.record.base_model.is_empty();
        for estimate in estimates.into_iter().flatten().filter(|_| own_run) {
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
    finetune_check(loaded, &estimates, &mut warn);
    if let (Some(hw), true) = (&resolution.hardware, loaded.record.base_model.is_empty()) {
        run_checks(loaded, resolution.stated, hw, &mut warn);
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

/// E030 for an estimate outside the plausible compute (or not a number at
/// all): its inputs are each within range, but their product is not a run
/// (1e15 parameters, 1e15 tokens and 1e7 epochs), or an input is itself out
/// of range (E020 says which). The outputs never hold such a figure: a
/// record with an error is not built.
fn estimates_in_range(loaded: &Loaded<Model>, resolution: &Resolution, out: &mut Vec<Finding>) {
    let range = &crate::quantity::plausible::COMPUTE_FLOP;
    for estimate in [&resolution.operation_counting, &resolution.hardware].into_iter().flatten() {
        if range.holds(estimate.flop) {
            continue;
        }
        let pointer = match estimate.method {
            crate::estimate::EstimateMethod::OperationCounting => "/parameters",
            crate::estimate::EstimateMethod::Hardware => "/hardware",
        };
        out.push(Finding::new(
            &loaded.path,
            pointer,
            Part::Key,
            Diagnostic::new(
                Code::ImplausibleCompute,
                format!(
                    "the {} estimate is {} FLOP, outside the plausible compute {}",
                    estimate.method.label(),
                    show(estimate.flop),
                    range.text
                ),
            )
            .with_help(format!("{}: one of these inputs has a wrong exponent or unit", estimate.working)),
        ));
    }
}

/// How far a fine-tune's stated compute may be from its own run's estimate
/// before W116: past what the data's conventions give (inputs of the base
/// beside a fine-tune's own compute, examples counted for tokens: up to
/// ~30x on the shipped records), where unit slips (1000x and more) begin.
const FINETUNE_DISAGREEMENT_FACTOR: f64 = 100.0;

/// A fine-tune's inputs describe its own run, so they estimate what its
/// `finetune.value` states; W116 when they are orders of magnitude apart.
fn finetune_check(
    loaded: &Loaded<Model>,
    estimates: &[&Option<crate::estimate::Estimate>],
    warn: &mut impl FnMut(&str, Diagnostic),
) {
    if loaded.record.base_model.is_empty() {
        return;
    }
    let Some(own) = loaded.record.finetune.as_ref().and_then(|f| f.value.as_ref()).map(|v| v.flop()) else {
        return;
    };
    for estimate in estimates.iter().copied().flatten() {
        let factor = factor_between(own, estimate.flop);
        if factor > FINETUNE_DISAGREEMENT_FACTOR {
            warn(
                "/finetune/value",
                Diagnostic::new(
                    Code::FinetuneDisagrees,
                    format!(
                        "stated fine-tune compute {} FLOP differs from the {} estimate of its own run by {}x",
                        show(own),
                        estimate.method.label(),
                        show(factor)
                    ),
                )
                .with_help(format!("{}; correct the field that is wrong from the source", estimate.working)),
            );
        }
    }
}

/// The checks over a lineage, once every model is read: a fine-tune whose
/// stated compute (the whole, by convention) is less than its bases', and
/// one whose stated compute is not its bases' plus its own estimate.
pub fn lineage_checks(
    set: &RecordSet,
    lineages: &BTreeMap<String, Lineage>,
    config: &EstimateConfig,
    out: &mut Vec<Finding>,
) {
    for (id, summary) in &set.model_index {
        let model = &summary.record;
        if model.base_model.is_empty() {
            continue;
        }
        let (Some(stated), Some(lineage)) = (model.stated_flop, lineages.get(id)) else { continue };
        let Some(bases) = lineage.bases else { continue };
        let names = model.base_model.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(" + ");
        if stated < bases * 0.999 {
            out.push(Finding::new(
                &summary.path,
                "/compute/value",
                Part::Value,
                Diagnostic::new(
                    Code::BelowBase,
                    format!(
                        "the stated compute {} FLOP is less than its base's {} FLOP ({names}): it looks like the fine-tune alone",
                        show(stated),
                        show(bases)
                    ),
                )
                .with_help(format!(
                    "compute.value is the whole, base included: {} + the fine-tune's own; give the fine-tune's own compute in finetune.value",
                    show(bases)
                )),
            ));
            continue;
        }
        if let Some(own) = model.estimated_flop {
            let expected = bases + own;
            let factor = factor_between(stated, expected);
            if factor > config.disagreement_factor {
                out.push(Finding::new(
                    &summary.path,
                    "/compute/value",
                    Part::Value,
                    Diagnostic::new(
                        Code::ComputeDisagrees,
                        format!(
                            "stated compute {} FLOP differs from its base's {} + its own estimate {} = {} FLOP by {factor:.1}x",
                            show(stated),
                            show(bases),
                            show(own),
                            show(expected)
                        ),
                    )
                    .with_help(format!(
                        "the base is {names}; check the fine-tune's inputs, or explain the difference in compute.notes"
                    )),
                ));
            }
        }
    }
}

/// What the stated compute says of the hardware run: a utilization above
/// 100% (more than the chips can do), or one far from the record's own
/// MFU; and a peak in the notes that is twice the chip's dense one (a peak
/// with sparsity taken for dense).
fn run_checks(
    loaded: &Loaded<Model>,
    stated: Option<f64>,
    hw: &crate::estimate::Estimate,
    warn: &mut impl FnMut(&str, Diagnostic),
) {
    let Some(run) = &hw.run else { return };
    if let Some(stated) = stated
        && run.utilization > 0.0
    {
        let at_full = hw.flop / run.utilization;
        let implied = stated / at_full;
        let percent = |u: f64| format!("{}%", show(u * 100.0));
        if implied > 1.02 {
            warn(
                "/compute/value",
                Diagnostic::new(
                    Code::UtilizationContradicts,
                    format!(
                        "the stated compute {} FLOP is more than the hardware can do: at 100% utilization it gives {} FLOP (the stated compute implies {})",
                        show(stated),
                        show(at_full),
                        percent(implied)
                    ),
                )
                .with_help(format!(
                    "{}; check the chip count, the time, and the chip and number format (a peak with sparsity?)",
                    hw.working
                )),
            );
        } else if run.utilization_stated && factor_between(implied, run.utilization) > 1.5 {
            warn(
                "/hardware/utilization",
                Diagnostic::new(
                    Code::UtilizationContradicts,
                    format!(
                        "the utilization {} and the stated compute {} FLOP disagree: with this hardware and time the compute implies {}",
                        percent(run.utilization),
                        show(stated),
                        percent(implied)
                    ),
                )
                .with_help("one of them is wrong: check the MFU against the source, and the compute's working"),
            );
        }
    }
    let notes = loaded.record.compute.as_ref().and_then(|c| c.notes.as_deref()).unwrap_or_default();
    let numbers = super::arithmetic::numbers(notes);
    let near = |wanted: f64| numbers.iter().any(|n| factor_between(*n, wanted) <= 1.01);
    // The chip's own figure with sparsity where its record gives one (the
    // datasheet's, not always twice the dense one), else twice the dense.
    let sparse = run.sparse_peak.unwrap_or(2.0 * run.peak);
    if near(sparse) && !near(run.peak) {
        let message = match run.sparse_peak {
            Some(_) => format!(
                "the notes use {} FLOP/s, the chip's {} with sparsity (its record's sparse_peak): the hardware estimate uses the dense one, {} FLOP/s",
                show(sparse),
                run.peak_label,
                show(run.peak)
            ),
            None => format!(
                "the notes use {} FLOP/s, twice the {} ({} FLOP/s) the hardware estimate uses: a peak with sparsity, or another number format's?",
                show(sparse),
                run.peak_label,
                show(run.peak)
            ),
        };
        warn(
            "/compute/notes",
            Diagnostic::new(Code::SparsityPeak, message)
            .with_help("datasheets print peaks with sparsity at twice the dense one, and training runs dense: use the dense peak; if the notes' number format is the run's, set hardware.precision to it"),
        );
    }
}
