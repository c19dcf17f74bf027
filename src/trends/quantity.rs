//! The quantities a trend is fitted to: any numeric column of `models.csv`
//! that grows with time. Each is the column's own figure for a model (the
//! test `tests/trends.rs` holds them to the built dataset), fitted on a log
//! scale as compute is.

use uom::si::{power::watt, time::hour};

use crate::estimate::{Lineage, Resolution};
use crate::record::Model;

/// A quantity of a model that a trend can be fitted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// `training_compute_flop`: everything that went into the model.
    Compute,
    /// `own_compute_flop`: the model's own training run (a fine-tune's
    /// fine-tuning, never its bases').
    OwnCompute,
    Parameters,
    ActiveParameters,
    /// `data_size`, in its unit (`data_unit`): datapoints in Epoch's data,
    /// which for language models are tokens; filter by domain for a trend
    /// of one kind of data.
    DataSize,
    /// `data_seen`, in its unit.
    DataSeen,
    /// `cost_2023_usd`.
    Cost,
    /// `training_energy_kwh`.
    Energy,
    /// `power_draw_w`.
    Power,
    /// `hardware_count`.
    Chips,
    /// `training_time_hours`.
    TrainingTime,
    /// `chip_hours`.
    ChipHours,
}

impl Quantity {
    pub const ALL: [Quantity; 12] = [
        Quantity::Compute,
        Quantity::OwnCompute,
        Quantity::Parameters,
        Quantity::ActiveParameters,
        Quantity::DataSize,
        Quantity::DataSeen,
        Quantity::Cost,
        Quantity::Energy,
        Quantity::Power,
        Quantity::Chips,
        Quantity::TrainingTime,
        Quantity::ChipHours,
    ];

    /// The name the command takes: `compute`, `parameters`, `training-time`.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Compute => "compute",
            Quantity::OwnCompute => "own-compute",
            Quantity::Parameters => "parameters",
            Quantity::ActiveParameters => "active-parameters",
            Quantity::DataSize => "data-size",
            Quantity::DataSeen => "data-seen",
            Quantity::Cost => "cost",
            Quantity::Energy => "energy",
            Quantity::Power => "power",
            Quantity::Chips => "chips",
            Quantity::TrainingTime => "training-time",
            Quantity::ChipHours => "chip-hours",
        }
    }

    /// What it is, with its unit, for titles and axes.
    pub fn label(self) -> &'static str {
        match self {
            Quantity::Compute => "training compute (FLOP)",
            Quantity::OwnCompute => "own-run training compute (FLOP)",
            Quantity::Parameters => "parameters",
            Quantity::ActiveParameters => "active parameters",
            Quantity::DataSize => "training data size (datapoints)",
            Quantity::DataSeen => "data seen in training",
            Quantity::Cost => "training cost (2023 USD)",
            Quantity::Energy => "training energy (kWh)",
            Quantity::Power => "training power draw (W)",
            Quantity::Chips => "training chips",
            Quantity::TrainingTime => "training time (hours)",
            Quantity::ChipHours => "training chip-hours",
        }
    }

    /// The `models.csv` column it is read from.
    pub fn column(self) -> &'static str {
        match self {
            Quantity::Compute => "training_compute_flop",
            Quantity::OwnCompute => "own_compute_flop",
            Quantity::Parameters => "parameters",
            Quantity::ActiveParameters => "active_parameters",
            Quantity::DataSize => "data_size",
            Quantity::DataSeen => "data_seen",
            Quantity::Cost => "cost_2023_usd",
            Quantity::Energy => "training_energy_kwh",
            Quantity::Power => "power_draw_w",
            Quantity::Chips => "hardware_count",
            Quantity::TrainingTime => "training_time_hours",
            Quantity::ChipHours => "chip_hours",
        }
    }

    pub fn from_name(name: &str) -> Option<Quantity> {
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// The model's figure: `compute` is the dataset's training compute (the
    /// lineage's total for a fine-tune without a stated whole), `lineage`
    /// its own run.
    pub fn of(
        self,
        model: &Model,
        resolution: &Resolution,
        compute: Option<f64>,
        lineage: Option<&Lineage>,
    ) -> Option<f64> {
        let hardware = model.hardware.as_ref();
        let size = |size: Option<&crate::quantity::DataSize>| size.map(|s| s.value().0);
        let value = match self {
            Quantity::Compute => compute,
            Quantity::OwnCompute => {
                lineage.and_then(|l| l.own).or(if model.base_model.is_empty() { compute } else { None })
            }
            Quantity::Parameters => model.parameters,
            Quantity::ActiveParameters => model.active_parameters,
            Quantity::DataSize => size(model.data.as_ref().and_then(|d| d.size.as_ref())),
            Quantity::DataSeen => size(model.data.as_ref().and_then(|d| d.seen.as_ref())),
            Quantity::Cost => model.compute.as_ref().and_then(|c| c.cost_2023_usd),
            Quantity::Energy => resolution.energy_kwh,
            Quantity::Power => hardware.and_then(|h| h.power_draw.as_ref()).map(|p| p.value().get::<watt>()),
            Quantity::Chips => hardware.and_then(|h| h.count).map(|c| c.0 as f64),
            Quantity::TrainingTime => hardware.and_then(|h| h.duration.as_ref()).map(|d| d.value().get::<hour>()),
            Quantity::ChipHours => hardware.and_then(|h| h.chip_time.as_ref()).map(|c| c.value().get::<hour>()),
        };
        value.filter(|v| v.is_finite() && *v > 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quantity_is_named_once() {
        for quantity in Quantity::ALL {
            assert_eq!(Quantity::from_name(quantity.name()), Some(quantity));
        }
        assert_eq!(Quantity::from_name("flops"), None);
    }
}
