//! What a value measures, and how each dimension is named to a person.

use std::fmt;

/// The dimension a record field expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// A count of floating-point operations.
    Flop,
    /// Floating-point operations per second.
    FlopRate,
    /// A span of time.
    Duration,
    Power,
    Energy,
    /// Memory, in bytes.
    Bytes,
    /// A number of training datapoints with what they are (tokens, images...).
    DataSize,
    /// Accelerator time: chips times a duration.
    ChipTime,
    /// A share of a whole, from 0 to 1 (or a percentage).
    Fraction,
}

impl Dimension {
    /// The name of the dimension in an error message: "expected a duration".
    pub fn describe(self) -> &'static str {
        match self {
            Dimension::Flop => "a FLOP count",
            Dimension::FlopRate => "a FLOP/s rate",
            Dimension::Duration => "a duration",
            Dimension::Power => "a power",
            Dimension::Energy => "an energy",
            Dimension::Bytes => "an amount of memory",
            Dimension::DataSize => "a dataset size",
            Dimension::ChipTime => "accelerator time",
            Dimension::Fraction => "a fraction",
        }
    }

    /// Examples of well-formed values, shown in help text and the schema.
    pub fn examples(self) -> &'static [&'static str] {
        match self {
            Dimension::Flop => &["3.14e23 FLOP", "1.2 ZFLOP", "3640 petaflop/s-days"],
            Dimension::FlopRate => &["312 TFLOP/s", "1.979 PFLOP/s"],
            Dimension::Duration => &["14.8 days", "355 h", "90 min"],
            Dimension::Power => &["400 W", "5.1 MW"],
            Dimension::Energy => &["1287 MWh", "3500 kWh"],
            Dimension::Bytes => &["80 GB", "32 GiB"],
            Dimension::DataSize => &["300e9 tokens", "1.28e6 images", "2e9 datapoints"],
            Dimension::ChipTime => &["3.55e6 chip-hours", "1.5e5 chip-days"],
            Dimension::Fraction => &["30%", "0.3"],
        }
    }

    /// The name of the JSON Schema `format` that validates this dimension.
    pub fn schema_format(self) -> &'static str {
        match self {
            Dimension::Flop => "flopdb-flop",
            Dimension::FlopRate => "flopdb-flop-rate",
            Dimension::Duration => "flopdb-duration",
            Dimension::Power => "flopdb-power",
            Dimension::Energy => "flopdb-energy",
            Dimension::Bytes => "flopdb-bytes",
            Dimension::DataSize => "flopdb-data-size",
            Dimension::ChipTime => "flopdb-chip-time",
            Dimension::Fraction => "flopdb-fraction",
        }
    }

    pub const ALL: [Dimension; 9] = [
        Dimension::Flop,
        Dimension::FlopRate,
        Dimension::Duration,
        Dimension::Power,
        Dimension::Energy,
        Dimension::Bytes,
        Dimension::DataSize,
        Dimension::ChipTime,
        Dimension::Fraction,
    ];

    pub fn from_schema_format(format: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.schema_format() == format)
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// What the datapoints of a training set are. Epoch's exports count
/// "datapoints", which are tokens for language models and images, examples,
/// games ... elsewhere; a record says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataUnit {
    Tokens,
    Words,
    Images,
    Videos,
    Examples,
    Datapoints,
    Games,
    Episodes,
    Timesteps,
    Frames,
    Sequences,
    Documents,
    Hours,
}

impl DataUnit {
    pub const ALL: [DataUnit; 13] = [
        DataUnit::Tokens,
        DataUnit::Words,
        DataUnit::Images,
        DataUnit::Videos,
        DataUnit::Examples,
        DataUnit::Datapoints,
        DataUnit::Games,
        DataUnit::Episodes,
        DataUnit::Timesteps,
        DataUnit::Frames,
        DataUnit::Sequences,
        DataUnit::Documents,
        DataUnit::Hours,
    ];

    /// The plural form, which is the canonical spelling in records.
    pub fn plural(self) -> &'static str {
        match self {
            DataUnit::Tokens => "tokens",
            DataUnit::Words => "words",
            DataUnit::Images => "images",
            DataUnit::Videos => "videos",
            DataUnit::Examples => "examples",
            DataUnit::Datapoints => "datapoints",
            DataUnit::Games => "games",
            DataUnit::Episodes => "episodes",
            DataUnit::Timesteps => "timesteps",
            DataUnit::Frames => "frames",
            DataUnit::Sequences => "sequences",
            DataUnit::Documents => "documents",
            DataUnit::Hours => "hours-of-audio",
        }
    }

    /// Accepts the plural and the singular, in any case.
    pub fn from_word(word: &str) -> Option<DataUnit> {
        let lower = word.to_ascii_lowercase();
        DataUnit::ALL.into_iter().find(|u| {
            let plural = u.plural();
            lower == plural
                || (plural.ends_with('s') && lower == plural[..plural.len() - 1])
                || (*u == DataUnit::Hours && lower == "hour-of-audio")
        })
    }
}
