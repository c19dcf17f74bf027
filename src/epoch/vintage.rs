//! The vintages of Epoch AI's exports, told apart by their header.

use crate::diag::{Code, Diagnostic};

use crate::import::CsvTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vintage {
    /// "All ML Systems", the 2024-2025 layout (`Model`, `Training compute (FLOP)`).
    Models2025,
    /// "Notable ML systems" of 2022 (`System`, `Training compute (FLOPs)`, dates dd/mm/yyyy).
    Models2022,
    /// The 2022 paper's snapshot (`System`, ISO timestamps, `Highly influential citations`).
    PaperSnapshot,
    /// The ML hardware table of 2025 (`Hardware name`).
    Hardware2025,
    /// The 2022 compute calculator's hardware table (`Name of the hardware`).
    Hardware2022,
}

/// The columns that identify each layout; all must be present.
const SIGNATURES: &[(Vintage, &[&str])] = &[
    (Vintage::Models2025, &["Model", "Publication date", "Training compute (FLOP)"]),
    (
        Vintage::PaperSnapshot,
        &["System", "Publication date", "Training compute (FLOPs)", "Highly influential citations"],
    ),
    (Vintage::Models2022, &["System", "Publication date", "Training compute (FLOPs)"]),
    (Vintage::Hardware2025, &["Hardware name", "Manufacturer"]),
    (Vintage::Hardware2022, &["Name of the hardware", "Manufacturer"]),
];

impl Vintage {
    pub fn detect(table: &CsvTable) -> Result<Vintage, Diagnostic> {
        let has = |name: &str| table.header.iter().any(|h| h == name);
        SIGNATURES.iter().find(|(_, columns)| columns.iter().all(|c| has(c))).map(|(vintage, _)| *vintage).ok_or_else(
            || {
                let expected = SIGNATURES
                    .iter()
                    .map(|(vintage, columns)| format!("{vintage:?}: {}", columns.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ");
                Diagnostic::new(Code::ImportHeader, "the CSV header matches no known Epoch AI layout")
                    .at_line(&table.path, 1, 1)
                    .with_help(format!("expected these columns — {expected}"))
            },
        )
    }

    pub fn is_models(self) -> bool {
        matches!(self, Vintage::Models2025 | Vintage::Models2022 | Vintage::PaperSnapshot)
    }

    /// Whether slash dates are day first (the 2022 tables' convention). In
    /// the other layouts a slash date is ambiguous.
    pub fn day_first(self) -> bool {
        matches!(self, Vintage::Models2022 | Vintage::Hardware2022)
    }

    /// How the source is credited in each imported record.
    pub fn source_name(self) -> &'static str {
        match self {
            Vintage::Models2025 => "Epoch AI, All ML Systems (CC BY 4.0)",
            Vintage::Models2022 => "Epoch AI, Notable ML Systems 2022 (CC BY 4.0)",
            Vintage::PaperSnapshot => "Epoch AI, Compute Trends Across Three Eras of ML, 2022 (CC BY 4.0)",
            Vintage::Hardware2025 => "Epoch AI, ML Hardware (CC BY 4.0)",
            Vintage::Hardware2022 => "Epoch AI, compute calculator hardware table 2022 (CC BY 4.0)",
        }
    }
}
