//! Record-setters: the models that, when published, had used more training
//! compute than any model before them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Classified, Era};

/// An era's record-setters and who made them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordSetters {
    pub era: String,
    /// The names of the record-setters published in the era's period, in date order.
    pub models: Vec<String>,
    /// How many of them came from each kind of developer, most first.
    pub by_categorization: Vec<(String, usize)>,
}

/// The record-setters of each era's period (whatever their scale). A model
/// sets a record when its compute exceeds every model published on an
/// earlier day; `models` are in date order.
pub fn per_era(models: &[Classified], eras: &[Era]) -> Vec<RecordSetters> {
    let setters = setters(models);
    eras.iter()
        .map(|era| {
            let in_era: Vec<&&Classified> = setters.iter().filter(|m| era.contains(m.point.published)).collect();
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for model in &in_era {
                *counts.entry(model.point.categorization.as_str()).or_default() += 1;
            }
            let mut by_categorization: Vec<(String, usize)> =
                counts.into_iter().map(|(kind, n)| (kind.to_string(), n)).collect();
            by_categorization.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            RecordSetters {
                era: era.name.clone(),
                models: in_era.iter().map(|m| m.point.name.clone()).collect(),
                by_categorization,
            }
        })
        .collect()
}

/// Every record-setter, in date order.
pub fn setters(models: &[Classified]) -> Vec<&Classified> {
    let mut setters: Vec<&Classified> = Vec::new();
    let mut best_before_today = f64::NEG_INFINITY;
    let mut best_today = f64::NEG_INFINITY;
    let mut today = None;
    for model in models {
        if today != Some(model.point.published) {
            today = Some(model.point.published);
            best_before_today = best_before_today.max(best_today);
        }
        if model.point.value > best_before_today {
            setters.push(model);
        }
        best_today = best_today.max(model.point.value);
    }
    setters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trends::{EraScale, Point, Scale};
    use chrono::NaiveDate;

    fn model(name: &str, day: u32, flop: f64, kind: &str) -> Classified {
        Classified {
            point: Point {
                id: name.to_string(),
                name: name.to_string(),
                published: NaiveDate::from_ymd_opt(2020, 1, day).unwrap(),
                value: flop,
                categorization: kind.to_string(),
                ..Point::default()
            },
            z: None,
            scale: Scale::Regular,
        }
    }

    #[test]
    fn only_new_records_count_and_ties_on_one_day_both_set_it() {
        let models = [
            model("a", 1, 10.0, "academia"),
            model("b", 2, 5.0, "industry"),
            model("c", 3, 20.0, "industry"),
            model("d", 3, 15.0, "academia"),
            model("e", 4, 20.0, "industry"),
            model("f", 5, 30.0, "industry"),
        ];
        let eras = [
            Era::new("all", None, None, EraScale::All),
            Era::new("late", NaiveDate::from_ymd_opt(2020, 1, 3), None, EraScale::Large),
        ];
        let found = per_era(&models, &eras);
        // d beat everything before its day (10), though c beat it that day.
        assert_eq!(found[0].models, ["a", "c", "d", "f"]);
        assert_eq!(found[0].by_categorization, [("academia".to_string(), 2), ("industry".to_string(), 2)]);
        assert_eq!(found[1].models, ["c", "d", "f"]);
        assert_eq!(found[1].by_categorization, [("industry".to_string(), 2), ("academia".to_string(), 1)]);
    }
}
