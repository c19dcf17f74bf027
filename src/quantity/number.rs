//! The one number syntax flopdb reads and the one canonical form it writes.

/// Parses a decimal number as curators write it: `175e9`, `3.14E+23`, `0.3`,
/// `.5`, `1_000`. Rejects `inf`, `NaN`, hex and anything with trailing text,
/// which `f64::from_str` alone would let through or misread.
pub fn parse_number(text: &str) -> Option<f64> {
    if !is_number_syntax(text) {
        return None;
    }
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `text` without its thousands separators, when it has only well-placed
/// ones: `2,100,000` is `2100000`, but `103000000,103000000` (two numbers run
/// together in a spreadsheet cell) is no number and gives `None`.
pub fn without_thousands_separators(text: &str) -> Option<String> {
    let (whole, rest) = text.split_at(text.find(['.', 'e', 'E']).unwrap_or(text.len()));
    if rest.contains(',') {
        return None;
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let digits_of = |group: &str| group.bytes().filter(u8::is_ascii_digit).count();
    let well_placed = !whole.contains(',')
        || (digits_of(first) <= 3
            && first.bytes().any(|b| b.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && digits_of(g) == 3));
    well_placed.then(|| format!("{}{rest}", whole.replace(',', "")))
}

/// Whether `text` is written as a number, whatever its size: `1e999` is
/// (and too large for a float), `1e` is not.
pub fn is_number_syntax(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_digits = count_digits(bytes.get(i..).unwrap_or_default());
    i += int_digits;
    let mut frac_digits = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(bytes.get(i..).unwrap_or_default());
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = count_digits(bytes.get(i..).unwrap_or_default());
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == bytes.len()
}

/// Digits, with single underscores between them as in TOML (`1_000`).
fn count_digits(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(b) = bytes.get(n) {
        let next_is_digit = bytes.get(n + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() || (*b == b'_' && n > 0 && next_is_digit) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// The canonical text of a number in every output: plain decimals from
/// 0.001 up to a million (`10000`, `355.2`, `0.1968`), Rust's shortest
/// round-trip scientific form outside that (`1.75e11`, `3.14e23`, `1e-4`).
/// Both are the shortest text that reads back as the same float, bit for bit.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 {
        "0".to_string()
    } else if (1e-3..1e6).contains(&magnitude) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// `value` rounded to `digits` significant digits, through decimal text so
/// the result is the float nearest the rounded decimal. Zero, infinities,
/// NaN and values that would round past the largest float stay as they are.
pub fn round_significant(value: f64, digits: usize) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return value;
    }
    let decimals = digits.saturating_sub(1);
    format!("{value:.decimals$e}").parse().ok().filter(|r: &f64| r.is_finite()).unwrap_or(value)
}

/// A computed value (an estimate, an energy) without the noise that float
/// arithmetic leaves in its last digits (`3.3000000000000007` kWh for 3.3):
/// rounded to 15 significant digits, the most that every float holds
/// exactly, so the rounding adds no noise of its own. Values read from a
/// record are never rounded.
pub fn round_computed(value: f64) -> f64 {
    round_significant(value, 15)
}

/// The value a note's arithmetic ends with: the number after its last `=`
/// (`6 x 27e9 x 67e9 = 1.0854e+22 FLOP` gives 1.0854e22), if it is one.
pub fn stated_result(text: &str) -> Option<f64> {
    let (_, after) = text.rsplit_once('=')?;
    let token: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | ','))
        .filter(|c| *c != ',')
        .collect();
    let token = token.trim_end_matches(['.', '+', '-', 'e', 'E']);
    token.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0)
}

/// The one figure a note states as an estimate from benchmarks: `...
/// estimated to be 3.8e25 FLOP from benchmark scores`, `imputed to be
/// 1.58e25 FLOP`. `None` when the note states no such figure, or more than
/// one (an upper bound, a range: never guessed).
pub fn benchmark_estimate_in(notes: &str) -> Option<f64> {
    let lower = notes.to_lowercase();
    let mut found = ["estimated to be ", "imputed to be "]
        .iter()
        .flat_map(|phrase| lower.match_indices(phrase).map(move |(at, _)| at + phrase.len()))
        .filter_map(|at| {
            let token: String = lower
                .get(at..)?
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
                .collect();
            token.trim_end_matches(['.', '+', '-', 'e']).parse::<f64>().ok()
        })
        .filter(|v| v.is_finite() && *v > 1.0);
    let first = found.next()?;
    found.all(|other| other == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_benchmark_estimate_is_the_one_figure_a_note_states() {
        let note =
            "Training compute estimated to be 3.8e25 FLOP from benchmark scores. https://colab.research.google.com/x";
        assert_eq!(benchmark_estimate_in(note), Some(3.8e25));
        assert_eq!(
            benchmark_estimate_in("Training compute imputed to be 1.58e25 FLOP from benchmark scores."),
            Some(1.58e25)
        );
        assert_eq!(benchmark_estimate_in("Estimated to be 3.6e+25 FLOP using benchmark imputation."), Some(3.6e25));
        assert_eq!(benchmark_estimate_in("estimated to be 7.36001e+24 from benchmark scores"), Some(7.36001e24));
        assert_eq!(
            benchmark_estimate_in("[Editor's note: previously ~1e25 FLOP, better described as an upper bound]"),
            None
        );
        assert_eq!(benchmark_estimate_in("estimated to be 1e24 here, and estimated to be 3e24 there"), None);
    }

    #[test]
    fn only_well_placed_thousands_separators_are_dropped() {
        assert_eq!(without_thousands_separators("2,100,000").as_deref(), Some("2100000"));
        assert_eq!(without_thousands_separators("-1,234.5").as_deref(), Some("-1234.5"));
        assert_eq!(without_thousands_separators("3.5e9").as_deref(), Some("3.5e9"));
        // A regression: Epoch's 2026-03-30 export holds `103000000,103000000`
        // for DEQ-TrellisNet's dataset size, once read as 1.03e17 datapoints.
        assert_eq!(without_thousands_separators("103000000,103000000"), None);
        assert_eq!(without_thousands_separators("1,00"), None);
        assert_eq!(without_thousands_separators(",100"), None);
        assert_eq!(without_thousands_separators("1.5,000"), None);
    }

    #[test]
    fn reads_the_result_a_note_states() {
        let note = "6 FLOP / parameter / token * 27 *10^9 parameters * 67*10^9 tokens = 1.0854e+22 FLOP";
        assert_eq!(stated_result(note), Some(1.0854e22));
        assert_eq!(stated_result("Total: 9.15e23 FLOP + 1.99e23 FLOP = 1.114817e+24 FLOP "), Some(1.114817e24));
        assert_eq!(stated_result("about 2,100,000 = 2,100,000."), Some(2.1e6));
        assert_eq!(stated_result("no arithmetic here"), None);
        assert_eq!(stated_result("x = unknown"), None);
    }
    use proptest::prelude::*;

    #[test]
    fn computed_values_lose_their_noise() {
        assert_eq!(round_computed(3.3000000000000007), 3.3);
        assert_eq!(round_computed(1.0800000000000002e22), 1.08e22);
        assert_eq!(round_computed(554.4000000000001), 554.4);
        assert_eq!(round_computed(0.1 + 0.2), 0.3);
        assert_eq!(round_computed(-0.0).to_bits(), (-0.0f64).to_bits());
        assert!(round_computed(f64::NAN).is_nan());
        assert_eq!(round_computed(f64::MAX), f64::MAX);
    }

    proptest! {
        #[test]
        fn rounding_is_close_idempotent_and_short(x in any::<f64>().prop_filter("finite", |x| x.abs() < 1e308)) {
            let rounded = round_computed(x);
            prop_assert!(rounded.is_finite());
            prop_assert!((rounded - x).abs() <= 1e-14 * x.abs(), "{x} -> {rounded}");
            prop_assert_eq!(round_computed(rounded).to_bits(), rounded.to_bits());
            let digits = format!("{:e}", rounded.abs()).split('e').next().unwrap_or_default().replace('.', "");
            prop_assert!(digits.len() <= 15, "{x} -> {rounded}");
        }
    }

    #[test]
    fn reads_what_curators_type() {
        assert_eq!(parse_number("175e9"), Some(175e9));
        assert_eq!(parse_number("3.14E+23"), Some(3.14e23));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("1_000"), Some(1000.0));
        assert_eq!(parse_number("-2"), Some(-2.0));
    }

    #[test]
    fn rejects_what_is_not_a_plain_number() {
        for bad in ["", "inf", "NaN", "0x10", "1e", "e5", "1.2.3", "1__0", "_1", "1e400", "12 ", "."] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(format_number(10000.0), "10000");
        assert_eq!(format_number(355.2), "355.2");
        assert_eq!(format_number(3.14e23), "3.14e23");
        assert_eq!(format_number(175e9), "1.75e11");
        assert_eq!(format_number(0.1968), "0.1968");
        assert_eq!(format_number(1e-4), "1e-4");
        // Deliberately: a dataset shows no "-0" (equal as floats; the sign of
        // zero is the one bit the canonical text drops; the fuzz target found it).
        assert_eq!(format_number(-0.0), "0");
    }

    proptest! {
        #[test]
        fn format_round_trips_exactly(value in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            let text = format_number(value);
            let back: f64 = text.parse().unwrap();
            prop_assert_eq!(back, value);
            prop_assert_eq!(parse_number(&text), Some(value));
        }
    }
}
