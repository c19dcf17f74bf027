//! Record field types for quantities: they keep the text the curator wrote
//! (so formatting and re-export never change a unit) beside the uom value.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use uom::si::f64::{Frequency, Information, Power as PowerValue, Ratio, Time};

use super::dimension::{DataUnit, Dimension};
use super::number::format_number;
use super::parse::{Quantity, QuantityError, parse};

/// A dimension of quantity that a record field holds.
pub trait Kind {
    const DIMENSION: Dimension;
    /// The definition's name in the JSON Schema.
    const SCHEMA_NAME: &'static str;
    type Value: Copy + fmt::Debug + PartialEq;
    fn extract(quantity: Quantity) -> Option<Self::Value>;
}

macro_rules! kind {
    ($marker:ident, $dimension:ident, $schema:literal, $value:ty, $pattern:pat => $out:expr) => {
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $marker;
        impl Kind for $marker {
            const DIMENSION: Dimension = Dimension::$dimension;
            const SCHEMA_NAME: &'static str = $schema;
            type Value = $value;
            fn extract(quantity: Quantity) -> Option<$value> {
                match quantity {
                    $pattern => Some($out),
                    _ => None,
                }
            }
        }
    };
}

kind!(FlopKind, Flop, "FlopQuantity", Ratio, Quantity::Flop(v) => v);
kind!(FlopRateKind, FlopRate, "FlopRateQuantity", Frequency, Quantity::FlopRate(v) => v);
kind!(DurationKind, Duration, "DurationQuantity", Time, Quantity::Duration(v) => v);
kind!(PowerKind, Power, "PowerQuantity", PowerValue, Quantity::Power(v) => v);
kind!(MemoryKind, Bytes, "MemoryQuantity", Information, Quantity::Bytes(v) => v);
kind!(DataSizeKind, DataSize, "DataSizeQuantity", (f64, DataUnit), Quantity::DataSize(v, u) => (v, u));
kind!(ChipTimeKind, ChipTime, "ChipTimeQuantity", Time, Quantity::ChipTime(v) => v);

/// A quantity written as text with its unit, such as `"14.8 days"`.
#[derive(Clone, PartialEq)]
pub struct Measured<K: Kind> {
    text: String,
    value: K::Value,
    kind: PhantomData<K>,
}

pub type Flop = Measured<FlopKind>;
pub type FlopRate = Measured<FlopRateKind>;
pub type Duration = Measured<DurationKind>;
pub type Power = Measured<PowerKind>;
pub type Memory = Measured<MemoryKind>;
pub type DataSize = Measured<DataSizeKind>;
pub type ChipTime = Measured<ChipTimeKind>;

impl<K: Kind> Measured<K> {
    pub fn parse(text: &str) -> Result<Self, QuantityError> {
        let quantity = parse(text, K::DIMENSION)?;
        // `parse` checked the dimension, so `extract` cannot miss; the error
        // path only keeps this total.
        let value = K::extract(quantity).ok_or_else(|| QuantityError {
            text: text.to_string(),
            expected: K::DIMENSION,
            reason: super::parse::Reason::WrongDimension { found: quantity.dimension() },
        })?;
        Ok(Measured { text: text.trim().to_string(), value, kind: PhantomData })
    }

    pub fn value(&self) -> K::Value {
        self.value
    }

    /// The text as written in the record.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl Flop {
    /// A FLOP count in its canonical text, `3.14e23 FLOP`.
    pub fn from_flop(flop: f64) -> Result<Self, QuantityError> {
        Self::parse(&format!("{} FLOP", format_number(flop)))
    }

    pub fn flop(&self) -> f64 {
        self.value.get::<uom::si::ratio::ratio>()
    }
}

impl<K: Kind> fmt::Debug for Measured<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text)
    }
}

impl<K: Kind> fmt::Display for Measured<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<K: Kind> Serialize for Measured<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, K: Kind> Deserialize<'de> for Measured<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Measured::parse(&text).map_err(de::Error::custom)
    }
}

fn quantity_schema(dimension: Dimension) -> Schema {
    let examples = dimension.examples();
    let example_list = examples.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
    json_schema!({
        "type": "string",
        "format": dimension.schema_format(),
        "pattern": super::quantity_pattern(dimension),
        "description": format!("{} with its unit, for example {example_list}.", capitalize(dimension.describe())),
        "examples": examples,
    })
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl<K: Kind> JsonSchema for Measured<K> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(K::SCHEMA_NAME)
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        quantity_schema(K::DIMENSION)
    }
}

/// A fraction from 0 (exclusive) to 1: `0.3`, `"0.3"` or `"30%"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fraction {
    value: f64,
    written: Written,
}

#[derive(Debug, Clone, PartialEq)]
enum Written {
    Number,
    Text(String),
}

impl Fraction {
    pub fn new(value: f64) -> Result<Self, QuantityError> {
        Self::parse(&format_number(value)).map(|f| Fraction { written: Written::Number, ..f })
    }

    pub fn parse(text: &str) -> Result<Self, QuantityError> {
        match parse(text, Dimension::Fraction)? {
            Quantity::Fraction(value) => Ok(Fraction { value, written: Written::Text(text.trim().to_string()) }),
            other => Err(QuantityError {
                text: text.to_string(),
                expected: Dimension::Fraction,
                reason: super::parse::Reason::WrongDimension { found: other.dimension() },
            }),
        }
    }

    pub fn value(&self) -> f64 {
        self.value
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Written::Number => f.write_str(&format_number(self.value)),
            Written::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for Fraction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.written {
            Written::Number => serializer.serialize_f64(self.value),
            Written::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Fraction;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a fraction such as 0.3 or \"30%\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Fraction, E> {
                Fraction::parse(text).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Fraction, E> {
                Fraction::new(value).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Fraction, E> {
                self.visit_f64(value as f64)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Fraction, E> {
                self.visit_f64(value as f64)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for Fraction {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Fraction")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "format": Dimension::Fraction.schema_format(),
            "pattern": super::quantity_pattern(Dimension::Fraction),
            "exclusiveMinimum": 0,
            "maximum": 1,
            "description": "A fraction greater than 0 and at most 1: `0.3` or `\"30%\"`.",
            "examples": [0.3, "30%"],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uom::si::time::{day, hour};

    #[test]
    fn keeps_the_text_and_the_value() {
        let d = Duration::parse(" 14.8 days ").unwrap();
        assert_eq!(d.text(), "14.8 days");
        assert!((d.value().get::<hour>() - 355.2).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn flop_text_round_trips(flop in 1e-3f64..1e30) {
            let q = Flop::from_flop(flop).unwrap();
            prop_assert_eq!(q.flop(), flop);
            let again = Flop::parse(q.text()).unwrap();
            prop_assert_eq!(again.flop(), flop);
        }

        #[test]
        fn unit_conversions_round_trip(days in 1e-6f64..1e6) {
            let d = Duration::parse(&format!("{} days", format_number(days))).unwrap();
            let hours = d.value().get::<hour>();
            let back = Duration::parse(&format!("{} h", format_number(hours))).unwrap();
            let relative = (back.value().get::<day>() - days).abs() / days;
            prop_assert!(relative < 1e-12, "{days} days -> {hours} h -> {}", back.value().get::<day>());
        }

        #[test]
        fn parsing_never_panics(text in ".{0,40}") {
            for dimension in Dimension::ALL {
                let _ = parse(&text, dimension);
            }
        }
    }
}
