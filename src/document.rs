//! A record's TOML document: converted to JSON for the schema and the typed
//! decoder, and asked where a JSON pointer lies in the text.

use std::ops::Range;

use serde_json::{Map, Value as Json};
use toml_edit::{Document, Item, Value};

use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;

pub use crate::limits::{MAX_ARRAY_ITEMS, MAX_DEPTH, MAX_STRING_CHARS};

/// Parses the text, or reports the syntax error at its position.
pub fn parse(source: &SourceFile) -> Result<Document<&str>, Diagnostic> {
    Document::parse(source.text.as_str()).map_err(|error| {
        let message = error.message().trim().to_string();
        let range = error.span().unwrap_or(0..0);
        // TOML itself refuses a date that does not exist (2025-02-30).
        let help = message.contains("date").then_some("write a date that exists, as YYYY-MM-DD: `2025-02-28`");
        Diagnostic::new(Code::TomlSyntax, format!("invalid TOML: {message}"))
            .maybe_help(help.map(str::to_string))
            .at(source, range)
    })
}

/// The document as JSON. Values that JSON cannot hold or that break a limit
/// are reported and left out, so the rest of the record is still checked.
pub fn to_json(document: &Document<&str>, source: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Json {
    let mut converter = Converter { source, diagnostics };
    converter.item(document.as_item(), 0).unwrap_or(Json::Object(Map::new()))
}

struct Converter<'a> {
    source: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Converter<'_> {
    fn report(&mut self, code: Code, message: String, span: Option<Range<usize>>, help: Option<&str>) {
        let diagnostic = Diagnostic::new(code, message).maybe_help(help.map(str::to_string));
        self.diagnostics.push(match span {
            Some(range) => diagnostic.at(self.source, range),
            None => diagnostic.in_file(&self.source.path),
        });
    }

    fn too_deep(&mut self, depth: usize, span: Option<Range<usize>>) -> bool {
        if depth > MAX_DEPTH {
            self.report(Code::LimitExceeded, format!("tables and lists nest more than {MAX_DEPTH} deep"), span, None);
        }
        depth > MAX_DEPTH
    }

    fn item(&mut self, item: &Item, depth: usize) -> Option<Json> {
        match item {
            Item::None => None,
            Item::Value(value) => self.value(value, depth),
            Item::Table(table) => {
                if self.too_deep(depth, table.span()) {
                    return None;
                }
                let mut map = Map::new();
                for (key, child) in table.iter() {
                    if let Some(json) = self.item(child, depth + 1) {
                        map.insert(key.to_string(), json);
                    }
                }
                Some(Json::Object(map))
            }
            Item::ArrayOfTables(array) => {
                if self.too_deep(depth, array.span()) || self.too_long(array.len(), array.span()) {
                    return None;
                }
                let items = array.iter().filter_map(|table| self.item(&Item::Table(table.clone()), depth + 1));
                Some(Json::Array(items.collect()))
            }
        }
    }

    fn too_long(&mut self, len: usize, span: Option<Range<usize>>) -> bool {
        if len > MAX_ARRAY_ITEMS {
            self.report(
                Code::LimitExceeded,
                format!("a list of {len} items; lists hold at most {MAX_ARRAY_ITEMS}"),
                span,
                None,
            );
        }
        len > MAX_ARRAY_ITEMS
    }

    fn value(&mut self, value: &Value, depth: usize) -> Option<Json> {
        let span = value.span();
        match value {
            Value::String(s) => {
                let text = s.value();
                let chars = text.chars().count();
                if chars > MAX_STRING_CHARS {
                    self.report(
                        Code::LimitExceeded,
                        format!("a string of {chars} characters; strings hold at most {MAX_STRING_CHARS}"),
                        span,
                        Some("quote the passage that matters and link to the rest"),
                    );
                    return None;
                }
                if let Some(c) = first_control_character(text) {
                    self.report(
                        Code::ControlCharacter,
                        format!("a string holds the control character U+{:04X}", u32::from(c)),
                        span,
                        Some("remove it; only line breaks and tabs may appear in a text"),
                    );
                }
                Some(Json::String(text.clone()))
            }
            Value::Integer(i) => Some(Json::from(*i.value())),
            Value::Float(f) => {
                let number = *f.value();
                match serde_json::Number::from_f64(number) {
                    Some(n) => Some(Json::Number(n)),
                    None => {
                        self.report(
                            Code::NotFinite,
                            format!("`{}` is not a finite number", f.display_repr()),
                            span,
                            Some("leave the key out when the value is unknown"),
                        );
                        None
                    }
                }
            }
            Value::Boolean(b) => Some(Json::Bool(*b.value())),
            Value::Datetime(d) => {
                let datetime = d.value();
                // A plain date becomes `YYYY-MM-DD`; anything with a time keeps
                // its full text, and the schema's `date` format rejects it.
                Some(Json::String(datetime.to_string()))
            }
            Value::Array(array) => {
                if self.too_deep(depth, span.clone()) || self.too_long(array.len(), span) {
                    return None;
                }
                Some(Json::Array(array.iter().filter_map(|v| self.value(v, depth + 1)).collect()))
            }
            Value::InlineTable(table) => {
                if self.too_deep(depth, span) {
                    return None;
                }
                let mut map = Map::new();
                for (key, child) in table.iter() {
                    if let Some(json) = self.value(child, depth + 1) {
                        map.insert(key.to_string(), json);
                    }
                }
                Some(Json::Object(map))
            }
        }
    }
}

/// Which part of a key-value pair a diagnostic should point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Key,
    Value,
}

/// The byte range that a JSON pointer (`/hardware/count`, `/domains/1`)
/// names in the document. Where the pointer runs past what the document
/// holds, the deepest part that exists is returned, so a diagnostic always
/// lands somewhere sensible.
pub fn locate(document: &Document<&str>, pointer: &str, part: Part) -> Option<Range<usize>> {
    let mut item = document.as_item();
    let mut best: Option<Range<usize>> = None;
    let segments: Vec<String> =
        pointer.split('/').skip(1).filter(|s| !s.is_empty()).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        let want_key = part == Part::Key && i == last;
        if let Some(table) = item.as_table_like() {
            let Some((key, child)) = table.get_key_value(segment) else { break };
            let key_span = key.span();
            let value_span = child.span().or_else(|| child.as_value().and_then(Value::span));
            best = if want_key { key_span.or(value_span) } else { value_span.or(key_span) }.or(best);
            item = child;
        } else if let Some(array) = item.as_array() {
            let Some(value) = segment.parse::<usize>().ok().and_then(|i| array.get(i)) else { break };
            best = value.span().or(best);
            // Descend into inline tables inside arrays.
            match value {
                Value::InlineTable(_) | Value::Array(_) => {
                    return locate_in_value(value, &segments[i + 1..], part).or(best);
                }
                _ => break,
            }
        } else if let Some(array) = item.as_array_of_tables() {
            let Some(table) = segment.parse::<usize>().ok().and_then(|i| array.get(i)) else { break };
            best = table.span().or(best);
            return locate_in_table(table, &segments[i + 1..], part).or(best);
        } else {
            break;
        }
    }
    best
}

fn locate_in_value(value: &Value, rest: &[String], part: Part) -> Option<Range<usize>> {
    let Some((segment, tail)) = rest.split_first() else { return value.span() };
    match value {
        Value::InlineTable(table) => {
            let (key, child) = table.get_key_value(segment)?;
            if tail.is_empty() && part == Part::Key {
                return key.span();
            }
            let child = child.as_value()?;
            locate_in_value(child, tail, part).or_else(|| child.span())
        }
        Value::Array(array) => {
            let child = array.get(segment.parse::<usize>().ok()?)?;
            locate_in_value(child, tail, part).or_else(|| child.span())
        }
        _ => value.span(),
    }
}

fn locate_in_table(table: &toml_edit::Table, rest: &[String], part: Part) -> Option<Range<usize>> {
    let Some((segment, tail)) = rest.split_first() else { return table.span() };
    let (key, child) = table.get_key_value(segment)?;
    if tail.is_empty() && part == Part::Key {
        return key.span();
    }
    match child {
        Item::Value(value) => locate_in_value(value, tail, part).or_else(|| value.span()),
        Item::Table(inner) => locate_in_table(inner, tail, part),
        _ => child.span(),
    }
}

/// The first character a text may not hold: a control character other than
/// a line break or tab (C0, DEL, C1), or a bidirectional formatting
/// character, which can make a record read on screen other than it is.
pub fn first_control_character(text: &str) -> Option<char> {
    text.chars().find(|c| crate::diag::render::is_unprintable(*c) && *c != '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(text: &str, pointer: &str, part: Part) -> String {
        let source = SourceFile::new("t.toml", text.to_string());
        let doc = parse(&source).unwrap();
        let range = locate(&doc, pointer, part).unwrap();
        text[range].to_string()
    }

    #[test]
    fn locates_keys_and_values() {
        let text = "name = \"x\"\ndomains = [\"language\", \"vison\"]\n\n[hardware]\ncount = 0\n";
        assert_eq!(spot(text, "/name", Part::Value), "\"x\"");
        assert_eq!(spot(text, "/domains/1", Part::Value), "\"vison\"");
        assert_eq!(spot(text, "/hardware/count", Part::Key), "count");
        assert_eq!(spot(text, "/hardware/count", Part::Value), "0");
        // Past the end of what exists: the deepest existing part.
        assert_eq!(spot(text, "/hardware/missing", Part::Key), "[hardware]");
    }

    #[test]
    fn converts_dates_and_reports_nan() {
        let source = SourceFile::new("t.toml", "published = 2020-05-28\nx = nan\n".to_string());
        let doc = parse(&source).unwrap();
        let mut diags = Vec::new();
        let json = to_json(&doc, &source, &mut diags);
        assert_eq!(json["published"], "2020-05-28");
        assert!(json.get("x").is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::NotFinite);
        assert_eq!(diags[0].span().map(|s| (s.line, s.column)), Some((2, 5)));
    }
}
