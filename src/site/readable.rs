//! Numbers and text as a reader wants them: `$388M`, `5e26 FLOP`, `3 T
//! parameters`, and the https addresses inside notes as links.

use serde::Serialize;

use crate::estimate::show;

/// A count as people read it: `175 B`, `1.4 T`, `340 M`.
pub fn readable_count(value: f64) -> String {
    let (scaled, suffix) = match value.abs() {
        v if v >= 1e12 => (value / 1e12, " T"),
        v if v >= 1e9 => (value / 1e9, " B"),
        v if v >= 1e6 => (value / 1e6, " M"),
        v if v >= 1e3 => (value / 1e3, " K"),
        _ => (value, ""),
    };
    format!("{}{suffix}", three_figures(scaled))
}

/// A compute as people read it: `3.14e23 FLOP`.
pub fn readable_flop(value: f64) -> String {
    format!("{} FLOP", show(value))
}

/// Dollars as the press writes them: `$388M`, `$10.7B`, `$52K`, `$940`.
pub fn readable_dollars(value: f64) -> String {
    let (scaled, suffix) = match value.abs() {
        v if v >= 1e12 => (value / 1e12, "T"),
        v if v >= 1e9 => (value / 1e9, "B"),
        v if v >= 1e6 => (value / 1e6, "M"),
        v if v >= 1e3 => (value / 1e3, "K"),
        _ => (value, ""),
    };
    format!("${}{suffix}", three_figures(scaled))
}

/// A number with three significant figures at most, without trailing zeros
/// (`388`, `10.7`, `1.4`).
fn three_figures(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let decimals = match value.abs() {
        v if v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        _ => 2,
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

/// An integer with thousands separated: `200,000`.
pub fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A piece of text, linked where it is an https address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub text: String,
    /// Set only for an `https://` address of a host: a record from a pull
    /// request could hold `javascript:` or `http://`, which stay text.
    pub href: Option<String>,
}

/// `text` cut into plain pieces and https links.
pub fn linked_text(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("https://") {
        let (before, from) = rest.split_at(start);
        let end = from.find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '`')).unwrap_or(from.len());
        let (candidate, after) = from.split_at(end);
        // Punctuation that ends a sentence is not part of the address; a
        // closing parenthesis only when the address opened none.
        let mut address = candidate.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        while address.ends_with(')') && address.matches('(').count() < address.matches(')').count() {
            address = address.strip_suffix(')').unwrap_or_default();
        }
        let trailing = candidate.get(address.len()..).unwrap_or_default();
        if !before.is_empty() {
            out.push(Segment { text: before.to_string(), href: None });
        }
        let href = super::is_web_address(address).then(|| address.to_string());
        out.push(Segment { text: address.to_string(), href });
        rest = after;
        if !trailing.is_empty() {
            out.push(Segment { text: trailing.to_string(), href: None });
        }
    }
    if !rest.is_empty() {
        out.push(Segment { text: rest.to_string(), href: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(readable_count(1.75e11), "175 B");
        assert_eq!(readable_count(1.4e12), "1.4 T");
        assert_eq!(readable_count(3e12), "3 T");
        assert_eq!(readable_count(3.4e8), "340 M");
        assert_eq!(readable_count(512.0), "512");
        assert_eq!(readable_flop(3.14e23), "3.14e23 FLOP");
        assert_eq!(readable_flop(5.0000000000001e26), "5e26 FLOP");
    }

    #[test]
    fn dollars_read_as_the_press_writes_them() {
        assert_eq!(readable_dollars(3.8784267808636147e8), "$388M");
        assert_eq!(readable_dollars(1.0717356897243427e10), "$10.7B");
        assert_eq!(readable_dollars(52_000.0), "$52K");
        assert_eq!(readable_dollars(940.0), "$940");
        assert_eq!(grouped(200_000), "200,000");
        assert_eq!(grouped(12), "12");
    }

    #[test]
    fn only_https_addresses_become_links() {
        let segments = linked_text("See https://example.com/a_(b). And http://x.org or javascript:alert(1).");
        let links: Vec<&str> = segments.iter().filter_map(|s| s.href.as_deref()).collect();
        assert_eq!(links, ["https://example.com/a_(b)"]);
        let whole: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(whole, "See https://example.com/a_(b). And http://x.org or javascript:alert(1).");
        let quoted = linked_text("(https://archive.is/f0vJU)");
        assert_eq!(quoted.iter().filter_map(|s| s.href.as_deref()).collect::<Vec<_>>(), ["https://archive.is/f0vJU"]);
        assert!(linked_text("https://\"onmouseover=x").iter().all(|s| s.href.is_none()));
    }
}
