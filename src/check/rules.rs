//! Rules on one record at a time: plausible ranges, dates, links, repeats.

use std::path::Path;

use chrono::{Days, NaiveDate};

use super::finding::Finding;
use crate::diag::{Code, Diagnostic};
use crate::document::Part;
use crate::quantity::plausible::{self, Plausible};
use crate::quantity::{Flop, format_number, stated_result};
use crate::record::{Hardware, Loaded, Model, Organization, Term};

const MIN_FLOP: f64 = plausible::COMPUTE_FLOP.min;
/// Less than any fine-tune or post-training takes (seconds on a laptop):
/// below it, such a figure is a value cut short. (Pre-training compute has
/// no such floor: Epoch lists models of the 1950s at a few thousand FLOP.)
const MIN_TRAINING_FLOP: f64 = 1e10;
/// More than all text ever written (about 1e15 tokens).
const MAX_DATA_SIZE: f64 = 1e15;

/// The window of plausible dates: 1940 to 90 days past `today`.
pub struct DateWindow {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl DateWindow {
    pub fn around(today: NaiveDate) -> DateWindow {
        DateWindow {
            earliest: NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or(NaiveDate::MIN),
            latest: today.checked_add_days(Days::new(90)).unwrap_or(NaiveDate::MAX),
        }
    }
}

struct Rules<'a> {
    file: &'a Path,
    out: &'a mut Vec<Finding>,
}

impl Rules<'_> {
    fn report(&mut self, pointer: &str, part: Part, diagnostic: Diagnostic) {
        self.out.push(Finding::new(self.file, pointer, part, diagnostic));
    }

    /// A name of only spaces is no name: it would match nothing and clash
    /// with the next blank one. A name and each alias hold only characters
    /// that show as what they are (`record::name_flaw`).
    fn names(&mut self, name: &str, aliases: &[String]) {
        if name.trim().is_empty() {
            self.report(
                "/name",
                Part::Value,
                Diagnostic::new(Code::MissingKey, "`name` is blank").with_help("write the name the developers use"),
            );
        }
        let pointers = std::iter::once(("/name".to_string(), name))
            .chain(aliases.iter().enumerate().map(|(i, alias)| (format!("/aliases/{i}"), alias.as_str())));
        for (pointer, text) in pointers {
            let Some(flaw) = crate::record::name_flaw(text) else { continue };
            let what = if pointer == "/name" { "the name" } else { "an alias" };
            let diagnostic = if flaw.is_error() {
                Diagnostic::new(Code::InvisibleInName, format!("{what} holds {}", flaw.describe()))
                    .with_help("type the name again: it was most likely copied from a web page with the character")
            } else {
                Diagnostic::new(Code::MixedScriptName, format!("{what} holds {}", flaw.describe()))
                    .with_help("write the word in one alphabet; if the mix is right, say why in a comment")
            };
            self.report(&pointer, Part::Value, diagnostic);
        }
    }

    fn date(&mut self, pointer: &str, date: NaiveDate, window: &DateWindow) {
        // The message names no computed date, so it reads the same every day.
        let problem = if date < window.earliest {
            format!("{date} is before {}, earlier than any ML system", window.earliest)
        } else if date > window.latest {
            format!("{date} is more than 90 days in the future")
        } else {
            return;
        };
        self.report(
            pointer,
            Part::Value,
            Diagnostic::new(Code::DateOutOfRange, problem)
                .with_help("check the year; dates run from 1940 to 90 days past today"),
        );
    }

    fn positive(&mut self, pointer: &str, value: Option<f64>, max: Option<f64>) {
        let Some(value) = value else { return };
        if value <= 0.0 {
            self.report(
                pointer,
                Part::Value,
                Diagnostic::new(
                    Code::OutOfRange,
                    format!("`{}` must be greater than 0, found {value}", dotted(pointer)),
                ),
            );
        } else if let Some(max) = max.filter(|m| value > *m) {
            self.report(
                pointer,
                Part::Value,
                Diagnostic::new(
                    Code::OutOfRange,
                    format!("`{}` is {value:e}, above the plausible maximum {max:e}", dotted(pointer)),
                )
                .with_help("check the exponent"),
            );
        }
    }

    fn flop(&mut self, pointer: &str, value: Option<&Flop>) {
        if let Some(flop) = value {
            self.within(pointer, flop.flop(), flop.text(), &plausible::COMPUTE_FLOP);
        }
    }

    /// E020 when `value` (written `text` in the record) is outside `range`.
    fn within(&mut self, pointer: &str, value: f64, text: &str, range: &Plausible) {
        if !range.holds(value) {
            self.report(
                pointer,
                Part::Value,
                Diagnostic::new(
                    Code::OutOfRange,
                    format!("`{}` is {text}, outside the plausible {} {}", dotted(pointer), range.what, range.text),
                )
                .with_help(format!("check the exponent and the unit; {}", range.why)),
            );
        }
    }

    fn links(&mut self, pointer: &str, links: &[String]) {
        for (i, link) in links.iter().enumerate() {
            if !link.starts_with("https://") || link.len() <= "https://".len() || link.contains(char::is_whitespace) {
                let help = if let Some(rest) = link.strip_prefix("http://") {
                    format!("use `https://{rest}`")
                } else {
                    "links are absolute https URLs".to_string()
                };
                self.report(
                    &format!("{pointer}/{i}"),
                    Part::Value,
                    Diagnostic::new(Code::InsecureLink, format!("`{link}` is not an https link")).with_help(help),
                );
            }
        }
    }

    fn unique<T: PartialEq + std::fmt::Debug>(&mut self, pointer: &str, items: &[T], show: impl Fn(&T) -> String) {
        for (i, item) in items.iter().enumerate() {
            if items.get(..i).is_some_and(|before| before.contains(item)) {
                self.report(
                    &format!("{pointer}/{i}"),
                    Part::Value,
                    Diagnostic::new(Code::DuplicateItem, format!("`{}` lists `{}` twice", dotted(pointer), show(item))),
                );
            }
        }
    }
}

/// A product in the compute notes whose result is not what its numbers
/// multiply to (the value is then often copied from the wrong result).
fn note_arithmetic(r: &mut Rules, compute: &crate::record::Compute) {
    use crate::estimate::{factor_between, show};
    let Some(notes) = compute.notes.as_deref() else { return };
    let products = super::arithmetic::products(notes);
    for product in &products {
        let factor = factor_between(product.computed, product.written);
        // A duration in days or hours multiplied into a rate per second:
        // the writer converted units the product does not show.
        let unit_conversion = [24.0, 60.0, 3600.0, 86400.0].iter().any(|k| factor_between(factor, *k) <= 1.02);
        // `6ND = 10.7B * 250B = 1.6e22`: the 6 is in the label.
        let six_nd = notes.contains("ND") && [2.0, 3.0, 6.0].iter().any(|k| factor_between(factor, *k) <= 1.02);
        if factor > 1.5 && !unit_conversion && !six_nd {
            let value = compute.value.as_ref().map(|v| v.flop());
            let copied = value.is_some_and(|v| factor_between(v, product.written) <= 1.02);
            let consequence = if copied { "; compute.value is that written result" } else { "" };
            r.report(
                "/compute/notes",
                Part::Value,
                Diagnostic::new(
                    Code::NoteArithmetic,
                    format!(
                        "the notes' working `{}` multiplies to {}, not the {} it writes ({factor:.1}x apart){consequence}",
                        product.text,
                        show(product.computed),
                        show(product.written)
                    ),
                )
                .with_help("correct the working, or the number copied from it"),
            );
        }
    }
    // (Whether compute.value is one of the notes' results is not checked:
    // notes hold several estimates, sums and geometric means, and on the
    // shipped records most such warnings were false alarms.)
}

/// A disagreement between `chip_time` and `count` x `duration`.
struct Slip {
    message: String,
    help: String,
}

/// Chip-hours that are not count x duration (more than 1.5x apart), with
/// the slip they fit when they fit one: the wall-clock hours written as
/// chip-hours (the count not multiplied in), chip-days written as hours
/// (24x too few), or the count multiplied in twice.
fn chip_time_slip(hw: &crate::record::TrainingHardware) -> Option<Slip> {
    use uom::si::time::hour;
    let count = hw.count.as_ref()?.0 as f64;
    let wall = hw.duration.as_ref()?.value().get::<hour>();
    let stated = hw.chip_time.as_ref()?.value().get::<hour>();
    let expected = count * wall;
    if !(expected > 0.0 && stated > 0.0) || crate::estimate::factor_between(stated, expected) <= 1.5 {
        return None;
    }
    let near = |a: f64, b: f64| crate::estimate::factor_between(a, b) <= 1.1;
    let fits = if count > 1.0 && near(stated, wall) {
        " It equals the wall-clock hours: the chip count was not multiplied in."
    } else if near(stated * 24.0, expected) {
        " It is 24x too few: chip-days written as chip-hours?"
    } else if near(stated, expected * 24.0) {
        " It is 24x too many: a duration in days read as hours?"
    } else if count > 1.0 && near(stated, expected * count) {
        " It is count x too many: the count multiplied in twice, or a count of nodes, not chips."
    } else {
        ""
    };
    let show = crate::estimate::show;
    Some(Slip {
        message: format!(
            "chip_time is {} chip-hours, but count x duration is {} x {} h = {} chip-hours ({:.1}x apart).{fits}",
            show(stated),
            show(count),
            show(wall),
            show(expected),
            crate::estimate::factor_between(stated, expected)
        ),
        help: "check the three against the source and correct the one that is wrong; if the run was not all chips for the whole time, say so in hardware.duration_notes".to_string(),
    })
}

/// Why a model looks like a mixture of experts, if it does: its name
/// (`MoE`, `Mixtral`, `8x7B`, Qwen's `-A22B` for 22B active), or its
/// parameter notes (`mixture of experts`, `MoE`, `sparsely gated`). Notes
/// that call the model dense say it is not.
fn mixture_of_experts_sign(m: &Model) -> Option<&'static str> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '.'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let active_suffix = |w: &str| {
        w.strip_prefix('a').and_then(|rest| rest.strip_suffix('b')).is_some_and(|n| {
            !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit() || c == '.')
                && n.starts_with(|c: char| c.is_ascii_digit())
        })
    };
    let experts_by_size = |w: &str| {
        w.split_once('x').is_some_and(|(count, size)| {
            !count.is_empty()
                && count.chars().all(|c| c.is_ascii_digit())
                && size
                    .strip_suffix('b')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
    };
    let name = words(&m.name);
    // `-A22B` follows the total (`235B-A22B`): never the first word.
    let suffixed = name.iter().skip(1).any(|w| active_suffix(w));
    if suffixed || name.iter().any(|w| w == "moe" || w.starts_with("mixtral") || experts_by_size(w)) {
        return Some("its name");
    }
    let notes = m.parameters_notes.as_deref().unwrap_or_default().to_lowercase();
    let note_words = words(&notes);
    if note_words.iter().any(|w| w == "dense") {
        return None;
    }
    let said = ["mixture of experts", "mixture-of-experts", "mixture-of-expert", "sparsely-gated", "sparsely gated"];
    if said.iter().any(|s| notes.contains(s)) || note_words.iter().any(|w| w == "moe") {
        return Some("its parameters_notes");
    }
    None
}

/// `/hardware/count` as `hardware.count`.
pub fn dotted(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

pub fn model(loaded: &Loaded<Model>, window: &DateWindow, out: &mut Vec<Finding>) {
    let m = &loaded.record;
    let mut r = Rules { file: &loaded.path, out };
    r.names(&m.name, &m.aliases);
    r.date("/published", m.published, window);
    for (pointer, value) in [("/parameters", m.parameters), ("/active_parameters", m.active_parameters)] {
        if let Some(value) = value {
            r.within(pointer, value, &format_number(value), &plausible::PARAMETERS);
        }
    }
    if let (Some(active), Some(total)) = (m.active_parameters, m.parameters)
        && active > total
    {
        r.report(
            "/active_parameters",
            Part::Value,
            Diagnostic::new(
                Code::OutOfRange,
                format!("active parameters ({active:e}) exceed the parameters ({total:e})"),
            ),
        );
    }
    if m.active_parameters.is_none()
        && let Some(why) = mixture_of_experts_sign(m)
    {
        r.report(
            if m.parameters.is_some() { "/parameters" } else { "/name" },
            Part::Key,
            Diagnostic::new(
                Code::NoActiveParameters,
                format!("`{}` looks like a mixture of experts ({why}) but gives no `active_parameters`", m.name),
            )
            .with_help(
                "operation counting uses the active parameters of a mixture of experts: add `active_parameters` from the paper or model card (and say where in `parameters_notes`); if the model is dense, say so in `parameters_notes`",
            ),
        );
    }
    r.links("/links", &m.links);
    r.links("/archived_links", &m.archived_links);
    if m.links.is_empty() {
        r.report(
            "/name",
            Part::Key,
            Diagnostic::new(Code::NoSource, format!("`{}` gives no link to a source", m.name)).with_help(
                "add the paper, model card or announcement: `links = [\"https://...\"]`; a reviewer checks every figure against it",
            ),
        );
    }
    r.unique("/organizations", &m.organizations, |i| i.to_string());
    r.unique("/domains", &m.domains, |d| format!("{d:?}"));
    r.unique("/tasks", &m.tasks, |t| t.id().to_string());
    r.unique("/notability", &m.notability, |n| format!("{n:?}"));
    r.unique("/links", &m.links, Clone::clone);
    if m.base_model.iter().any(|b| b.as_str() == loaded.id) {
        r.report(
            "/base_model",
            Part::Value,
            Diagnostic::new(Code::DanglingReference, "a model cannot be its own base model"),
        );
    }
    if let Some(compute) = &m.compute {
        note_arithmetic(&mut r, compute);
    }
    if let Some(slip) = m.hardware.as_ref().and_then(chip_time_slip) {
        r.report(
            "/hardware/chip_time",
            Part::Value,
            Diagnostic::new(Code::ChipTimeMismatch, slip.message).with_help(slip.help),
        );
    }
    if let Some(data) = &m.data {
        data_rules(&mut r, data);
    }
    if let Some(compute) = &m.compute {
        compute_rules(&mut r, compute);
    }
    if let Some(hardware) = &m.hardware {
        training_hardware(&mut r, hardware);
    }
    extra_compute_rules(&mut r, m);
}

/// A training set's size and passes, each plausible.
fn data_rules(r: &mut Rules, data: &crate::record::TrainingData) {
    if let Some(size) = data.size.as_ref().filter(|s| s.value().0 > MAX_DATA_SIZE) {
        r.report(
            "/data/size",
            Part::Value,
            Diagnostic::new(
                Code::ImplausibleDataSize,
                format!("a training set of {} is more than any that exists", size.text()),
            )
            .with_help(format!(
                "more than {} {} is more than all text ever written: check for a slip such as two numbers run together",
                format_number(MAX_DATA_SIZE),
                size.value().1.plural()
            )),
        );
    }
    if let Some(epochs) = data.epochs {
        r.within("/data/epochs", epochs, &format_number(epochs), &plausible::EPOCHS);
    }
    r.positive("/data/batch_size", data.batch_size, None);
}

/// The compute figures: each within range, bounds in order, no method twice.
fn compute_rules(r: &mut Rules, compute: &crate::record::Compute) {
    r.flop("/compute/value", compute.value.as_ref());
    r.flop("/compute/lower", compute.lower.as_ref());
    r.flop("/compute/upper", compute.upper.as_ref());
    r.flop("/compute/benchmark_estimate", compute.benchmark_estimate.as_ref());
    r.flop("/compute/forward_flop_per_example", compute.forward_flop_per_example.as_ref());
    r.positive("/compute/backward_forward_ratio", compute.backward_forward_ratio, Some(100.0));
    r.unique("/compute/method", &compute.method.0, |m| m.id().to_string());
    if let Some(cost) = compute.cost_2023_usd.filter(|c| *c < 0.0) {
        r.report(
            "/compute/cost_2023_usd",
            Part::Value,
            Diagnostic::new(Code::OutOfRange, format!("a cost cannot be negative, found {cost}")),
        );
    }
    if let (Some(lower), Some(upper)) = (&compute.lower, &compute.upper)
        && lower.flop() > upper.flop()
    {
        r.report(
            "/compute/lower",
            Part::Value,
            Diagnostic::new(
                Code::InvertedBounds,
                format!("the lower bound {} is above the upper bound {}", lower.text(), upper.text()),
            ),
        );
    }
}

/// Fine-tune and post-training compute: within range, and not cut short.
fn extra_compute_rules(r: &mut Rules, m: &Model) {
    for (pointer, extra) in [("/finetune/value", &m.finetune), ("/post_training/value", &m.post_training)] {
        let value = extra.as_ref().and_then(|e| e.value.as_ref());
        r.flop(pointer, value);
        if let Some(flop) = value.map(Flop::flop).filter(|f| (MIN_FLOP..MIN_TRAINING_FLOP).contains(f)) {
            let notes = extra.as_ref().and_then(|e| e.notes.as_deref());
            let help = match notes.and_then(stated_result) {
                Some(stated) => format!(
                    "the notes state {} FLOP: a value cut short by the export? Check it against the source and write it",
                    format_number(stated)
                ),
                None => {
                    "check the value against its source: a truncated export writes only the first digit".to_string()
                }
            };
            r.report(
                pointer,
                Part::Value,
                Diagnostic::new(
                    Code::ImplausibleCompute,
                    format!(
                        "`{}` is {} FLOP, less than any training run takes (at least {})",
                        dotted(pointer),
                        format_number(flop),
                        format_number(MIN_TRAINING_FLOP)
                    ),
                )
                .with_help(help),
            );
        }
    }
}

/// A model's training run: each figure within its plausible range.
fn training_hardware(r: &mut Rules, hardware: &crate::record::TrainingHardware) {
    use uom::si::{power::watt, time::hour};
    if let Some(count) = hardware.count {
        r.within("/hardware/count", count.0 as f64, &count.0.to_string(), &plausible::CHIPS);
    }
    if let Some(duration) = &hardware.duration {
        r.within("/hardware/duration", duration.value().get::<hour>(), duration.text(), &plausible::DURATION_HOURS);
    }
    if let Some(chip_time) = &hardware.chip_time {
        r.within("/hardware/chip_time", chip_time.value().get::<hour>(), chip_time.text(), &plausible::CHIP_HOURS);
    }
    if let Some(power) = &hardware.power_draw {
        r.within("/hardware/power_draw", power.value().get::<watt>(), power.text(), &plausible::CLUSTER_POWER_WATTS);
    }
    r.unique("/hardware/accelerator", &hardware.accelerator.0, |i| i.to_string());
    r.unique("/hardware/precision", &hardware.precision.0, |p| p.id().to_string());
}

/// A chip's peaks, dense and sparse, each within the plausible range.
fn peaks(r: &mut Rules, h: &Hardware) {
    use crate::quantity::units::flop_rate::flop_per_second;
    let sparse = h.sparse_peak.as_ref().map(crate::record::SparsePeak::as_peak);
    for (table, peak) in [("/peak", h.peak.as_ref()), ("/sparse_peak", sparse.as_ref())] {
        for (key, rate) in peak.map(|p| p.entries()).into_iter().flatten() {
            if let Some(rate) = rate {
                let value = rate.value().get::<flop_per_second>();
                r.within(&format!("{table}/{key}"), value, rate.text(), &plausible::PEAK_FLOP_PER_SECOND);
            }
        }
    }
}

pub fn organization(loaded: &Loaded<Organization>, out: &mut Vec<Finding>) {
    let mut r = Rules { file: &loaded.path, out };
    r.names(&loaded.record.name, &loaded.record.aliases);
    r.links("/links", &loaded.record.links);
}

pub fn hardware(loaded: &Loaded<Hardware>, window: &DateWindow, out: &mut Vec<Finding>) {
    let h = &loaded.record;
    let mut r = Rules { file: &loaded.path, out };
    r.names(&h.name, &h.aliases);
    peaks(&mut r, h);
    if let Some(released) = h.released {
        r.date("/released", released, window);
    }
    r.links("/links", &h.links);
    if let Some(price) = h.price_usd.filter(|p| *p < 0.0) {
        r.report(
            "/price_usd",
            Part::Value,
            Diagnostic::new(Code::OutOfRange, format!("a price cannot be negative, found {price}")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(name: &str, notes: Option<&str>) -> Model {
        let mut model: Model =
            serde_json::from_value(serde_json::json!({ "name": name, "published": "2024-01-01" })).unwrap();
        model.parameters_notes = notes.map(str::to_string);
        model
    }

    fn hardware(count: u64, duration: &str, chip_time: &str) -> crate::record::TrainingHardware {
        serde_json::from_value(serde_json::json!({ "count": count, "duration": duration, "chip_time": chip_time }))
            .unwrap()
    }

    /// Each slip of Epoch's tables, named; agreeing figures are quiet.
    #[test]
    fn chip_hours_that_are_not_count_times_duration_are_named() {
        let said =
            |count, duration, chip_time| chip_time_slip(&hardware(count, duration, chip_time)).map(|s| s.message);
        // 32 chips for three weeks: 504 h is the wall clock, not chip-hours.
        assert!(said(32, "504 h", "504 chip-hours").unwrap().contains("the chip count was not multiplied in"));
        assert!(said(32, "21 days", "672 chip-hours").unwrap().contains("24x too few"));
        assert!(said(8, "67 h", "4288 chip-hours").unwrap().contains("count x too many"));
        assert!(said(8, "24 h", "4608 chip-hours").unwrap().contains("24x too many"));
        let plain = said(128, "1344 h", "95000 chip-hours").unwrap();
        assert!(plain.contains("128 x 1344 h = 172000 chip-hours (1.8x apart).") && !plain.contains(" It "), "{plain}");
        assert_eq!(said(64, "48 h", "3072 chip-hours"), None);
        assert_eq!(said(1000, "30 days", "7e5 chip-hours"), None, "within 1.5x: not all chips all the time");
    }

    #[test]
    fn a_mixture_of_experts_is_told_by_its_name_or_notes() {
        for name in ["Qwen3-235B-A22B", "Mixtral 8x7B", "ST-MoE", "XVERSE-MoE-A4.2B", "WizardLM-2 8x22B"] {
            assert_eq!(mixture_of_experts_sign(&model(name, None)), Some("its name"), "{name}");
        }
        let notes = "a 1T sparse mixture-of-experts model";
        assert_eq!(mixture_of_experts_sign(&model("Step-2", Some(notes))), Some("its parameters_notes"));
        for (name, notes) in [
            ("GPT-3 175B", None),
            ("Llama 3 8B", Some("8B dense parameters")),
            ("CPM-2", Some("a dense model; its MoE version is another record")),
            ("Amoeba-Net", None),
            ("A3B-Solver", None),
            ("Model 2x", None),
        ] {
            assert_eq!(mixture_of_experts_sign(&model(name, notes)), None, "{name}");
        }
    }
}
