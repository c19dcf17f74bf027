//! Operation counting: C = 2 x N x D x epochs x (1 + backward/forward ratio).

use super::{Estimate, EstimateMethod, show};
use crate::quantity::{DataUnit, round_computed};

/// What operation counting reads from a record (or from flags).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationInputs {
    pub parameters: Option<f64>,
    /// For a mixture of experts, the parameters active per token.
    pub active_parameters: Option<f64>,
    pub data: Option<(f64, DataUnit)>,
    /// What training went through (tokens seen), preferred to data x epochs.
    pub seen: Option<(f64, DataUnit)>,
    pub epochs: Option<f64>,
    pub forward_flop_per_example: Option<f64>,
    /// A language model: Epoch's "datapoints" are then tokens.
    pub language: bool,
    /// Backward- to forward-pass compute; `None` uses the default.
    pub backward_forward_ratio: Option<f64>,
}

/// The estimate, or `None` when the inputs are not there. Parameters count
/// against tokens (or a language model's datapoints); a forward FLOP per
/// example counts against examples of any kind.
pub fn operation_counting(inputs: &OperationInputs, default_ratio: f64) -> Option<Estimate> {
    // What training went through, when the record says it, is the data:
    // no epochs multiply it.
    let (size, unit) = inputs.seen.or(inputs.data)?;
    let seen = inputs.seen.is_some();
    let ratio = inputs.backward_forward_ratio.unwrap_or(default_ratio);
    let mut assumptions = Vec::new();
    let epochs = match inputs.epochs {
        _ if seen => 1.0,
        Some(epochs) => epochs,
        None => {
            assumptions.push("no epochs given: 1 epoch assumed".to_string());
            1.0
        }
    };
    if ratio != default_ratio {
        assumptions.push(format!("backward/forward ratio {}", show(ratio)));
    }
    let epochs_text = if seen {
        " seen".to_string()
    } else if inputs.epochs.is_some() && epochs != 1.0 {
        format!(" x {} epochs", show(epochs))
    } else {
        String::new()
    };
    let counts_tokens = unit == DataUnit::Tokens || (unit == DataUnit::Datapoints && inputs.language);
    let parameters = inputs.active_parameters.or(inputs.parameters);
    if let (Some(n), true) = (parameters, counts_tokens) {
        let multiplier = 2.0 * (1.0 + ratio);
        let flop = round_computed(multiplier * n * size * epochs);
        let what = if inputs.active_parameters.is_some() { "active parameters" } else { "parameters" };
        if unit == DataUnit::Datapoints {
            assumptions.push("datapoints of a language model counted as tokens (Epoch's definition)".to_string());
        }
        let working = format!(
            "{} x {} {what} x {} {}{epochs_text} = {} FLOP",
            show(multiplier),
            show(n),
            show(size),
            unit.plural(),
            show(flop)
        );
        return Some(Estimate { method: EstimateMethod::OperationCounting, flop, working, assumptions, run: None });
    }
    let forward = inputs.forward_flop_per_example?;
    let multiplier = 1.0 + ratio;
    let flop = round_computed(forward * multiplier * size * epochs);
    let working = format!(
        "{} FLOP/example x {} x {} {}{epochs_text} = {} FLOP",
        show(forward),
        show(multiplier),
        show(size),
        unit.plural(),
        show(flop)
    );
    Some(Estimate { method: EstimateMethod::OperationCounting, flop, working, assumptions, run: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(parameters: f64, tokens: f64) -> OperationInputs {
        OperationInputs { parameters: Some(parameters), data: Some((tokens, DataUnit::Tokens)), ..Default::default() }
    }

    /// Regression: MADLAD-400 trained on 250B tokens of a 3T-token set; with
    /// only the set's size, 6ND counted twelve times the compute.
    #[test]
    fn tokens_seen_are_preferred_to_size_times_epochs() {
        let inputs = OperationInputs {
            parameters: Some(1e10),
            data: Some((3e12, DataUnit::Tokens)),
            seen: Some((2.5e11, DataUnit::Tokens)),
            epochs: Some(2.0),
            ..Default::default()
        };
        let estimate = operation_counting(&inputs, 2.0).unwrap();
        assert_eq!(estimate.flop, 1.5e22);
        assert_eq!(estimate.working, "6 x 1e10 parameters x 2.5e11 tokens seen = 1.5e22 FLOP");
        assert!(estimate.assumptions.is_empty(), "{:?}", estimate.assumptions);
        let without = OperationInputs { seen: None, ..inputs };
        assert_eq!(operation_counting(&without, 2.0).unwrap().flop, 3.6e23);
    }

    #[test]
    fn gpt3_is_six_n_d() {
        let estimate = operation_counting(&tokens(175e9, 300e9), 2.0).unwrap();
        assert!((estimate.flop - 3.15e23).abs() / 3.15e23 < 1e-12, "{}", estimate.flop);
        assert_eq!(estimate.working, "6 x 1.75e11 parameters x 3e11 tokens = 3.15e23 FLOP");
        assert_eq!(estimate.assumptions, vec!["no epochs given: 1 epoch assumed"]);
    }

    #[test]
    fn mixture_of_experts_counts_active_parameters() {
        let inputs = OperationInputs { active_parameters: Some(13e9), epochs: Some(1.0), ..tokens(47e9, 1e12) };
        let estimate = operation_counting(&inputs, 2.0).unwrap();
        assert_eq!(estimate.flop, 6.0 * 13e9 * 1e12);
        assert!(estimate.working.contains("active parameters"));
    }

    #[test]
    fn forward_flop_per_example_for_images() {
        // ResNet-50-like: 4.1e9 forward FLOP per image, 1.28e6 images, 90 epochs.
        let inputs = OperationInputs {
            forward_flop_per_example: Some(4.1e9),
            data: Some((1.28e6, DataUnit::Images)),
            epochs: Some(90.0),
            parameters: Some(25.6e6),
            ..Default::default()
        };
        let estimate = operation_counting(&inputs, 2.0).unwrap();
        assert_eq!(estimate.flop, 4.1e9 * 3.0 * 1.28e6 * 90.0);
        assert_eq!(estimate.working, "4.1e9 FLOP/example x 3 x 1.28e6 images x 90 epochs = 1.417e18 FLOP");
    }

    #[test]
    fn parameters_do_not_count_against_images() {
        let inputs = OperationInputs { data: Some((1e6, DataUnit::Images)), ..tokens(1e8, 0.0) };
        assert_eq!(operation_counting(&inputs, 2.0), None);
    }

    proptest! {
        #[test]
        fn linear_in_each_input(n in 1e3f64..1e13, d in 1e3f64..1e14, e in 0.01f64..100.0, k in 1.0f64..1000.0) {
            let base = OperationInputs { epochs: Some(e), ..tokens(n, d) };
            let c = operation_counting(&base, 2.0).unwrap().flop;
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
            let scaled_n = operation_counting(&OperationInputs { parameters: Some(n * k), ..base.clone() }, 2.0).unwrap().flop;
            let scaled_d = operation_counting(&OperationInputs { data: Some((d * k, DataUnit::Tokens)), ..base.clone() }, 2.0).unwrap().flop;
            let scaled_e = operation_counting(&OperationInputs { epochs: Some(e * k), ..base.clone() }, 2.0).unwrap().flop;
            prop_assert!(close(scaled_n, c * k));
            prop_assert!(close(scaled_d, c * k));
            prop_assert!(close(scaled_e, c * k));
        }
    }
}
