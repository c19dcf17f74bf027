//! JSON Schema validation of records, with each error turned into a
//! diagnostic of its own code at the offending key or value.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};

use super::CheckError;
use serde_json::Value as Json;
use toml_edit::Document;

use crate::diag::{Code, Diagnostic, closest};
use crate::document::{Part, locate};
use crate::quantity::{Dimension, parse as parse_quantity};
use crate::record::{ID_PATTERN, RecordKind, slugify};
use crate::source::SourceFile;

/// Removes `pattern` wherever a flopdb quantity `format` stands beside it.
fn without_quantity_patterns(schema: &mut Json) {
    match schema {
        Json::Object(map) => {
            let quantity =
                map.get("format").and_then(Json::as_str).is_some_and(|f| Dimension::from_schema_format(f).is_some());
            if quantity {
                map.remove("pattern");
            }
            map.values_mut().for_each(without_quantity_patterns);
        }
        Json::Array(items) => items.iter_mut().for_each(without_quantity_patterns),
        _ => {}
    }
}

/// One compiled validator per record kind, with the schema it came from.
pub struct Schemas {
    kinds: Vec<(RecordKind, Json, Validator)>,
}

impl Schemas {
    /// Compiles the schemas generated from the record types. They are
    /// flopdb's own, so a failure here is a bug, reported as a string.
    pub fn new() -> Result<Schemas, CheckError> {
        let mut kinds = Vec::new();
        for kind in RecordKind::ALL {
            let schema = kind.json_schema();
            // A quantity's pattern is for validators that do not know its
            // format; the format reads it and says what to write instead.
            let mut checked = schema.clone();
            without_quantity_patterns(&mut checked);
            let mut options = jsonschema::options().should_validate_formats(true);
            for dimension in Dimension::ALL {
                options = options
                    .with_format(dimension.schema_format(), move |text: &str| parse_quantity(text, dimension).is_ok());
            }
            let validator = options.build(&checked).map_err(|e| CheckError::Schema { kind, message: e.to_string() })?;
            kinds.push((kind, schema, validator));
        }
        Ok(Schemas { kinds })
    }

    /// Whether `instance` satisfies the kind's schema.
    pub fn is_valid(&self, kind: RecordKind, instance: &Json) -> bool {
        self.kinds.iter().find(|(k, _, _)| *k == kind).is_some_and(|(_, _, validator)| validator.is_valid(instance))
    }

    /// Validates `instance`, returning a diagnostic per problem.
    pub fn validate(
        &self,
        kind: RecordKind,
        instance: &Json,
        document: &Document<&str>,
        source: &SourceFile,
    ) -> Vec<Diagnostic> {
        let Some((_, schema, validator)) = self.kinds.iter().find(|(k, _, _)| *k == kind) else { return Vec::new() };
        let mapper = Mapper { schema, document, source };
        let mut out = Vec::new();
        for error in validator.iter_errors(instance) {
            mapper.map(&error, &mut out);
        }
        out
    }
}

struct Mapper<'a> {
    schema: &'a Json,
    document: &'a Document<&'a str>,
    source: &'a SourceFile,
}

impl Mapper<'_> {
    fn at(&self, diagnostic: Diagnostic, pointer: &str, part: Part) -> Diagnostic {
        match locate(self.document, pointer, part) {
            Some(range) => diagnostic.at(self.source, range),
            None => diagnostic.at(self.source, 0..0),
        }
    }

    fn map(&self, error: &ValidationError<'_>, out: &mut Vec<Diagnostic>) {
        let pointer = error.instance_path().as_str().to_string();
        let instance = error.instance();
        let key = key_name(&pointer);
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = self.property_names(error.schema_path().as_str());
                for name in unexpected {
                    let place = if pointer.is_empty() {
                        "the record".to_string()
                    } else {
                        format!("`{}`", pointer.trim_start_matches('/').replace('/', "."))
                    };
                    let help = closest(name, known.iter().map(String::as_str))
                        .or_else(|| synonym(name).filter(|s| known.iter().any(|k| k == s)))
                        .map(|k| format!("did you mean `{k}`?"))
                        .unwrap_or_else(|| format!("known keys here: {}", known.join(", ")));
                    let d =
                        Diagnostic::new(Code::UnknownKey, format!("unknown key `{name}` in {place}")).with_help(help);
                    out.push(self.at(d, &format!("{pointer}/{}", escape_pointer(name)), Part::Key));
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let where_ = if pointer.is_empty() {
                    String::new()
                } else {
                    format!(" in [{}]", pointer.trim_start_matches('/'))
                };
                let d = Diagnostic::new(Code::MissingKey, format!("missing required key `{name}`{where_}"))
                    .with_help(required_help(name));
                out.push(self.at(d, &pointer, Part::Key));
            }
            ValidationErrorKind::Type { kind } => {
                // A date is a string with a format to the schema, and a date to a person.
                let format = self
                    .parent_node(error.schema_path().as_str())
                    .and_then(|node| node.get("format").and_then(Json::as_str).map(str::to_string));
                let expected = match format.as_deref() {
                    Some("date") => "a date such as 2020-05-28".to_string(),
                    _ => describe_type_kind(kind),
                };
                let help = match (format.as_deref(), instance.as_ref()) {
                    (Some("date"), _) => Some("write a TOML date with no quotes: `published = 2020-05-28`".to_string()),
                    // A number where a quantity goes: it needs its unit.
                    // The number as the person wrote it (`15.5e12`, not `15500000000000.0`),
                    // with the unit of the field's dimension.
                    (Some(f), Json::Number(n)) if f.starts_with("flopdb-") => {
                        let written = locate(self.document, &pointer, Part::Value)
                            .and_then(|range| self.source.text.get(range))
                            .map_or_else(|| n.to_string(), str::to_string);
                        let unit = Dimension::ALL
                            .iter()
                            .find(|d| d.schema_format() == f)
                            .and_then(|d| d.examples().first().and_then(|e| e.split_once(' ')).map(|(_, unit)| unit));
                        Some(match unit {
                            Some(unit) => format!("write it as a string with its unit: `\"{written} {unit}\"`"),
                            None => format!("write it as a string with its unit: `\"{written} ...\"`"),
                        })
                    }
                    (_, Json::Number(_)) => None,
                    _ => type_help(kind, instance),
                };
                let d = Diagnostic::new(
                    Code::WrongType,
                    format!("`{key}` must be {expected}, found {}", describe_value(instance)),
                )
                .maybe_help(help);
                out.push(self.at(d, &pointer, Part::Value));
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. }
                if self.vocabulary(error.schema_path().as_str()).is_some() =>
            {
                let terms = self.vocabulary(error.schema_path().as_str()).unwrap_or_default();
                let found = instance.as_str().map_or_else(|| describe_value(instance), |s| format!("`{s}`"));
                let help = match instance.as_str().and_then(|s| closest(s, terms.iter().map(String::as_str))) {
                    Some(term) => format!("did you mean `{term}`?"),
                    None if terms.len() <= 12 => format!("expected one of: {}", terms.join(", ")),
                    None => format!("see the {} terms in the schema; a new term is added by pull request", terms.len()),
                };
                let d = Diagnostic::new(Code::UnknownTerm, format!("{found} is not a known value for `{key}`"))
                    .with_help(help);
                out.push(self.at(d, &pointer, Part::Value));
            }
            ValidationErrorKind::AnyOf { context } => {
                // An optional field is `anyOf [its type, null]`: report its
                // type's errors, never "must be null". The one-or-many fields:
                // the errors of the branch whose shape (single value or list)
                // the instance has.
                let is_null_branch = |errors: &Vec<ValidationError>| {
                    errors.len() == 1
                        && errors.iter().all(|e| {
                            matches!(e.kind(), ValidationErrorKind::Type { kind: TypeKind::Single(t) } if t.to_string() == "null")
                        })
                };
                let typed: Vec<usize> =
                    (0..context.len()).filter(|&i| !context.get(i).is_some_and(is_null_branch)).collect();
                let branch = match typed.as_slice() {
                    [only] => *only,
                    _ => usize::from(instance.is_array()),
                };
                match context.get(branch) {
                    Some(errors) if !errors.is_empty() => errors.iter().for_each(|e| self.map(e, out)),
                    _ => out.push(self.at(
                        Diagnostic::new(Code::SchemaViolation, error.to_string()),
                        &pointer,
                        Part::Value,
                    )),
                }
            }
            ValidationErrorKind::Format { format } => {
                let text = instance.as_str().unwrap_or_default();
                let d = match Dimension::from_schema_format(format) {
                    Some(dimension) => match parse_quantity(text, dimension) {
                        Err(e) => Diagnostic::new(Code::BadQuantity, format!("`{key}`: {e}")).with_help(e.help()),
                        Ok(_) => Diagnostic::new(Code::BadQuantity, format!("`{key}`: `{text}` is not {dimension}")),
                    },
                    None if format == "date" => {
                        Diagnostic::new(Code::BadDate, format!("`{key}`: `{text}` is not a calendar date"))
                            .with_help("write a TOML date with no time: `2020-05-28`")
                    }
                    None => {
                        Diagnostic::new(Code::SchemaViolation, format!("`{key}`: `{text}` is not a valid {format}"))
                    }
                };
                out.push(self.at(d, &pointer, Part::Value));
            }
            ValidationErrorKind::Pattern { pattern } if pattern == ID_PATTERN => {
                let text = instance.as_str().unwrap_or_default();
                let d = Diagnostic::new(Code::BadId, format!("`{text}` is not a valid id in `{key}`")).with_help(
                    format!("ids are lowercase letters, digits and single hyphens, such as `{}`", slugify(text)),
                );
                out.push(self.at(d, &pointer, Part::Value));
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit }
            | ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                let relation = match error.kind() {
                    ValidationErrorKind::Minimum { .. } => "at least",
                    ValidationErrorKind::ExclusiveMinimum { .. } => "greater than",
                    ValidationErrorKind::Maximum { .. } => "at most",
                    _ => "less than",
                };
                let d =
                    Diagnostic::new(Code::OutOfRange, format!("`{key}` must be {relation} {limit}, found {instance}"));
                out.push(self.at(d, &pointer, Part::Value));
            }
            ValidationErrorKind::MaxLength { limit } | ValidationErrorKind::MaxItems { limit } => {
                let d = Diagnostic::new(Code::LimitExceeded, format!("`{key}` is longer than {limit}"));
                out.push(self.at(d, &pointer, Part::Value));
            }
            ValidationErrorKind::UniqueItems => {
                let d = Diagnostic::new(Code::DuplicateItem, format!("`{key}` lists an item twice"));
                out.push(self.at(d, &pointer, Part::Value));
            }
            _ => {
                let d = Diagnostic::new(Code::SchemaViolation, format!("`{key}`: {error}"));
                out.push(self.at(d, &pointer, Part::Value));
            }
        }
    }

    /// The schema node that holds the failing keyword.
    fn parent_node(&self, schema_path: &str) -> Option<&Json> {
        let parent = schema_path.rsplit_once('/').map_or("", |(head, _)| head);
        self.schema.pointer(parent)
    }

    fn property_names(&self, schema_path: &str) -> Vec<String> {
        self.parent_node(schema_path)
            .and_then(|node| node.get("properties"))
            .and_then(Json::as_object)
            .map(|props| props.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The terms of a vocabulary: an `enum`, or a `oneOf` of `const`s (what
    /// schemars makes of an enum with documented variants).
    fn vocabulary(&self, schema_path: &str) -> Option<Vec<String>> {
        let node = self.parent_node(schema_path)?;
        if let Some(values) = node.get("enum").and_then(Json::as_array) {
            return Some(values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect());
        }
        let branches = node.get("oneOf")?.as_array()?;
        let mut terms = Vec::new();
        for branch in branches {
            if let Some(term) = branch.get("const").and_then(Json::as_str) {
                terms.push(term.to_string());
            } else {
                let values = branch.get("enum")?.as_array()?;
                terms.extend(values.iter().filter_map(|v| v.as_str().map(str::to_string)));
            }
        }
        Some(terms)
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The last key of a pointer, as a person reads it: `hardware.count`, `domains[1]`.
fn key_name(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment.replace("~1", "/").replace("~0", "~"));
        }
    }
    if out.is_empty() { "record".to_string() } else { out }
}

fn describe_type_kind(kind: &TypeKind) -> String {
    let name = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "array" => "a list".to_string(),
        "object" => "a table".to_string(),
        "integer" => "a whole number".to_string(),
        "number" => "a number".to_string(),
        "string" => "a string".to_string(),
        "boolean" => "true or false".to_string(),
        other => other.to_string(),
    };
    match kind {
        TypeKind::Single(t) => name(t),
        // `null` is how schemars spells an optional key; TOML has no null.
        TypeKind::Multiple(set) => {
            set.iter().filter(|t| t.to_string() != "null").map(|t| name(&t)).collect::<Vec<_>>().join(" or ")
        }
    }
}

fn describe_value(value: &Json) -> String {
    match value {
        Json::Null => "nothing".to_string(),
        Json::Bool(b) => format!("`{b}`"),
        Json::Number(n) => format!("the number `{n}`"),
        Json::String(s) => format!("the string `\"{}\"`", truncate(s, 40)),
        Json::Array(_) => "a list".to_string(),
        Json::Object(_) => "a table".to_string(),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_string() } else { text.chars().take(max).collect::<String>() + "..." }
}

fn type_help(kind: &TypeKind, instance: &Json) -> Option<String> {
    let wants = |name: &str| match kind {
        TypeKind::Single(t) => t.to_string() == name,
        TypeKind::Multiple(set) => set.iter().any(|t| t.to_string() == name),
    };
    match instance {
        Json::String(s) if wants("array") => Some(format!("write a list: [\"{s}\"]")),
        Json::String(s) if wants("number") || wants("integer") => Some(format!("write the number without quotes: {s}")),
        _ => None,
    }
}

fn required_help(name: &str) -> String {
    match name {
        "published" => "add the date of first publication: `published = 2020-05-28`".to_string(),
        "name" => "add the record's name: `name = \"...\"`".to_string(),
        other => format!("add `{other} = ...`"),
    }
}

/// Keys people write for a field flopdb names otherwise (`chips` for
/// `hardware.count`), which no edit distance finds.
fn synonym(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_lowercase().replace('-', "_").as_str() {
        "chips" | "gpus" | "tpus" | "accelerators" | "num_chips" | "chip_count" | "quantity" => "count",
        "chip_hours" | "gpu_hours" | "accelerator_hours" => "chip_time",
        "time" | "training_time" | "wall_clock" | "hours" | "days" => "duration",
        "tokens" | "dataset_size" | "data_size" => "size",
        "flop" | "flops" | "training_compute" | "compute" => "value",
        "mfu" => "utilization",
        "number_format" | "dtype" | "format" => "precision",
        "chip" | "gpu" | "tpu" | "hardware" => "accelerator",
        "date" | "release_date" | "publication_date" => "published",
        "params" | "parameter_count" => "parameters",
        "active_params" => "active_parameters",
        "org" | "orgs" | "organization" | "developer" | "developers" => "organizations",
        _ => return None,
    })
}
