//! A new hardware record: an accelerator with its peaks per number format,
//! each a rate with its unit, and the datasheet it comes from.

use chrono::NaiveDate;

use super::{InvalidAnswer, NewError, canonical, free_id, line, list, quoted};
use crate::quantity::FlopRate;
use crate::record::{HardwareKind, RecordKind, RecordSet, Term};

/// The answers for a new hardware record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewHardware {
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: Option<HardwareKind>,
    pub released: Option<NaiveDate>,
    /// Peak rates by the `[peak]` key they fill, as written: (`tensor_16bit`, `989 TFLOP/s`).
    pub peaks: Vec<(String, String)>,
    /// As written: `80 GB`.
    pub memory: Option<String>,
    /// As written: `700 W`.
    pub tdp: Option<String>,
    pub links: Vec<String>,
}

/// The `[peak]` keys, in the order records write them.
pub const PEAK_KEYS: [&str; 8] = ["fp64", "fp32", "tf32", "fp16", "tensor_16bit", "fp8", "int8", "fp4"];

/// A peak as `FORMAT=RATE`: `bf16=989 TFLOP/s`. The format is a `[peak]`
/// key, or `bf16` (which fills `tensor_16bit`, the 16-bit tensor peak).
pub fn parse_peak(text: &str) -> Result<(String, String), InvalidAnswer> {
    let Some((format, rate)) = text.split_once('=') else {
        return Err(InvalidAnswer(format!("`{}` is not FORMAT=RATE, such as `bf16=989 TFLOP/s`", text.trim())));
    };
    let format = format.trim().to_lowercase();
    let key = match format.as_str() {
        known if PEAK_KEYS.contains(&known) => known.to_string(),
        // BF16 runs on the 16-bit tensor cores; NVFP4 on the FP4 ones.
        "bf16" | "tensor-16bit" => "tensor_16bit".to_string(),
        "nvfp4" => "fp4".to_string(),
        other => {
            return Err(InvalidAnswer(format!(
                "`{other}` is not a number format of `[peak]`; one of: {}, bf16",
                PEAK_KEYS.join(", ")
            )));
        }
    };
    let rate = rate.trim();
    let range = &crate::quantity::plausible::PEAK_FLOP_PER_SECOND;
    match FlopRate::parse(rate) {
        Ok(parsed) if parsed.value().value > 0.0 && !range.holds(parsed.value().value) => {
            Err(super::answers::outside(rate, range))
        }
        Ok(parsed) if parsed.value().value > 0.0 => Ok((key, rate.to_string())),
        Ok(_) => Err(InvalidAnswer(format!("`{rate}` is not a positive rate"))),
        Err(error) => Err(InvalidAnswer(format!("{error}; {}", error.help()))),
    }
}

/// A hardware kind by id or label: `gpu`, `TPU`.
pub fn parse_hardware_kind(text: &str) -> Result<HardwareKind, InvalidAnswer> {
    HardwareKind::from_id(&text.trim().to_lowercase()).ok_or_else(|| {
        let known: Vec<&str> = HardwareKind::ALL.iter().map(|k| k.id()).collect();
        InvalidAnswer(format!("`{}` is not a hardware kind; one of: {}", text.trim(), known.join(", ")))
    })
}

/// The id a new accelerator's name gives, refusing a name, alias or id already taken.
pub fn hardware_id(name: &str, wanted: Option<&str>, set: &RecordSet) -> Result<String, NewError> {
    let names = set.hardware.values().map(|h| (std::iter::once(&h.record.name).chain(&h.record.aliases), &h.path));
    free_id(RecordKind::Hardware, name, wanted, names, |id| set.hardware.contains_key(id))
}

/// The text of a new hardware record, with placeholders for what is unknown.
pub fn hardware_text(hardware: &NewHardware) -> String {
    let mut out = String::new();
    line(&mut out, "name", Some(quoted(&hardware.name)), "");
    line(&mut out, "manufacturer", hardware.manufacturer.as_deref().map(quoted), "\"NVIDIA\"");
    line(&mut out, "kind", hardware.kind.map(|k| quoted(k.id())), "\"gpu\" # gpu, tpu, cpu, asic, fpga or other");
    line(&mut out, "released", hardware.released.map(|d| d.to_string()), "2024-03-18");
    line(&mut out, "tdp", hardware.tdp.as_deref().map(quoted), "\"700 W\"");
    line(&mut out, "memory", hardware.memory.as_deref().map(quoted), "\"80 GB\"");
    line(
        &mut out,
        "links",
        (!hardware.links.is_empty()).then(|| list(&hardware.links)),
        "[\"https://... the datasheet\"]",
    );
    out.push_str("\n[peak]\n");
    for key in PEAK_KEYS {
        let given = hardware.peaks.iter().find(|(k, _)| k == key).map(|(_, rate)| quoted(rate));
        let example = match key {
            "fp64" => "\"67 TFLOP/s\"",
            "fp32" => "\"67 TFLOP/s\" # without tensor cores",
            "tf32" => "\"495 TFLOP/s\" # dense, not with sparsity",
            "tensor_16bit" => "\"989 TFLOP/s\" # fp16/bf16 on tensor cores, dense",
            "fp8" => "\"1979 TFLOP/s\" # dense, not with sparsity",
            _ => "\"0 TFLOP/s\"",
        };
        if given.is_some() || !example.starts_with("\"0") {
            line(&mut out, key, given, example);
        }
    }
    canonical(RecordKind::Hardware, &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peak_is_format_then_rate() {
        assert_eq!(parse_peak("bf16=989 TFLOP/s"), Ok(("tensor_16bit".into(), "989 TFLOP/s".into())));
        assert_eq!(parse_peak("FP8 = 1979 TFLOP/s"), Ok(("fp8".into(), "1979 TFLOP/s".into())));
        assert!(parse_peak("bf16 989 TFLOP/s").is_err());
        assert!(parse_peak("fp7=1 TFLOP/s").is_err());
        assert!(parse_peak("fp8=1979 TB").is_err());
        assert!(parse_peak("fp8=0 TFLOP/s").is_err());
    }

    #[test]
    fn a_new_hardware_record_is_formatted_and_every_placeholder_uncomments_cleanly() {
        let hardware = NewHardware {
            name: "NVIDIA H100 SXM5 80GB".into(),
            kind: Some(HardwareKind::Gpu),
            peaks: vec![("fp8".into(), "1979 TFLOP/s".into())],
            ..NewHardware::default()
        };
        let text = hardware_text(&hardware);
        assert_eq!(crate::format::format_record(RecordKind::Hardware, &text).unwrap(), text, "already formatted");
        assert!(text.contains("fp8 = \"1979 TFLOP/s\"\n"), "{text}");
        let variants = crate::scaffold::each_placeholder_uncommented(&text);
        for (line, edited) in &variants {
            assert_eq!(&crate::format::format_record(RecordKind::Hardware, edited).unwrap(), edited, "{line:?}");
            let source = crate::source::SourceFile::new(std::path::Path::new("h.toml"), edited.clone());
            let document = crate::document::parse(&source).unwrap();
            let mut problems = Vec::new();
            let json = crate::document::to_json(&document, &source, &mut problems);
            let decoded = crate::record::Record::decode(RecordKind::Hardware, &json);
            assert!(problems.is_empty() && decoded.is_ok(), "uncommenting {line:?}: {problems:?} {decoded:?}");
        }
        assert!(variants.len() >= 6, "{text}");
    }
}
