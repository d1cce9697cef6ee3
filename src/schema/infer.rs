//! `postlint schema infer`: the JSON Schema a set of posts already
//! satisfies, for a blog to adopt schemas in one step.
//!
//! Each file's front matter is converted exactly as FM009 converts it for
//! validation (`instance.rs`), so the inferred schema holds for every file
//! it was inferred from. It records, per key: the JSON types seen (dates as
//! `format: date` / `date-time`, other date-like strings by their shape),
//! `enum` for strings with few distinct values (taxonomy terms such as
//! categories, and other strings whose values repeat), `items` for lists, nested mappings alike, and `required` for
//! the keys every file has. `additionalProperties` stays open.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value as Json, json};

/// Strings with at most this many distinct values become an `enum`: the
/// terms of a taxonomy key always, other strings when their values repeat.
pub const MAX_ENUM: usize = 20;
/// Longer strings are prose, never enumerated.
const MAX_ENUM_LEN: usize = 60;
const MAX_DEPTH: usize = 16;
const MAX_SHAPES: usize = 8;

/// Everything seen at one place of the front matter.
#[derive(Default)]
struct Shape {
    /// How many values were seen here.
    count: usize,
    nulls: usize,
    bools: usize,
    ints: usize,
    floats: usize,
    strings: Vec<String>,
    arrays: usize,
    items: Option<Box<Shape>>,
    objects: usize,
    /// Per key: the shape of its values (its `count` = objects having it).
    properties: BTreeMap<String, Shape>,
}

impl Shape {
    fn add(&mut self, value: &Json, depth: usize) {
        self.count += 1;
        match value {
            Json::Null => self.nulls += 1,
            Json::Bool(_) => self.bools += 1,
            Json::Number(n) if n.is_i64() || n.is_u64() => self.ints += 1,
            Json::Number(_) => self.floats += 1,
            Json::String(s) => self.strings.push(s.clone()),
            Json::Array(items) => {
                self.arrays += 1;
                if depth < MAX_DEPTH {
                    let shape = self.items.get_or_insert_with(Box::default);
                    for item in items {
                        shape.add(item, depth + 1);
                    }
                }
            }
            Json::Object(entries) => {
                self.objects += 1;
                if depth < MAX_DEPTH {
                    for (key, value) in entries {
                        self.properties
                            .entry(key.clone())
                            .or_default()
                            .add(value, depth + 1);
                    }
                }
            }
        }
    }

    /// The schema for what was seen; `terms` when the values are taxonomy
    /// terms (enumerated even when each is used once).
    fn emit(&self, depth: usize, terms: bool, term_keys: &[String]) -> Json {
        let mut types: Vec<&str> = Vec::new();
        let mut schema = Map::new();
        if self.nulls > 0 {
            types.push("null");
        }
        if self.bools > 0 {
            types.push("boolean");
        }
        if self.floats > 0 {
            types.push("number");
        } else if self.ints > 0 {
            types.push("integer");
        }
        let mut enumerated = None;
        if !self.strings.is_empty() {
            types.push("string");
            match strings(&self.strings, terms) {
                Strings::Plain => {}
                Strings::Enum(values) => enumerated = Some(values),
                Strings::Keywords(keywords) => schema.extend(keywords),
            }
        }
        if self.arrays > 0 {
            types.push("array");
            if let Some(items) = &self.items
                && items.count > 0
            {
                schema.insert("items".to_string(), items.emit(depth + 1, terms, term_keys));
            }
        }
        if self.objects > 0 {
            types.push("object");
            if !self.properties.is_empty() {
                schema.insert(
                    "properties".to_string(),
                    Json::Object(
                        sorted(&self.properties)
                            .map(|(key, shape)| {
                                let terms = depth == 0
                                    && term_keys.iter().any(|k| k.eq_ignore_ascii_case(key));
                                (key.clone(), shape.emit(depth + 1, terms, term_keys))
                            })
                            .collect(),
                    ),
                );
                let required: Vec<&String> = sorted(&self.properties)
                    .filter(|(_, shape)| shape.count == self.objects)
                    .map(|(key, _)| key)
                    .collect();
                if !required.is_empty() {
                    schema.insert("required".to_string(), json!(required));
                }
            }
        }
        let type_value = |types: &[&str]| match types {
            [one] => json!(one),
            many => json!(many),
        };
        match enumerated {
            // `enum` constrains every type: only strings are enumerated.
            Some(values) if types.len() > 1 => {
                let others: Vec<&str> = types.iter().copied().filter(|t| *t != "string").collect();
                let mut rest = Map::new();
                rest.insert("type".to_string(), type_value(&others));
                rest.extend(schema);
                json!({ "anyOf": [{ "type": "string", "enum": values }, Json::Object(rest)] })
            }
            Some(values) => json!({ "type": "string", "enum": values }),
            None => {
                let mut out = Map::new();
                if !types.is_empty() {
                    out.insert("type".to_string(), type_value(&types));
                }
                out.extend(schema);
                Json::Object(out)
            }
        }
    }
}

/// Keys in a stable, readable order (ignoring case).
fn sorted(properties: &BTreeMap<String, Shape>) -> impl Iterator<Item = (&String, &Shape)> {
    let mut entries: Vec<(&String, &Shape)> = properties.iter().collect();
    entries.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then_with(|| a.0.cmp(b.0))
    });
    entries.into_iter()
}

enum Strings {
    Plain,
    Enum(Vec<String>),
    Keywords(Map<String, Json>),
}

/// Dates (by the validator's own format checks), date-like text by its
/// shape, few repeated values as an enum, or any string.
fn strings(values: &[String], terms: bool) -> Strings {
    let (mut dates, mut datetimes, mut others) = (0, 0, Vec::new());
    for value in values {
        if is_format(value, "date") {
            dates += 1;
        } else if is_format(value, "date-time") {
            datetimes += 1;
        } else {
            others.push(value.as_str());
        }
    }
    let mut branches: Vec<Json> = Vec::new();
    if dates > 0 {
        branches.push(json!({ "format": "date" }));
    }
    if datetimes > 0 {
        branches.push(json!({ "format": "date-time" }));
    }
    let date_like = |value: &str| DATE_LIKE.is_match(value);
    if !branches.is_empty() && others.iter().all(|value| date_like(value)) {
        let mut shapes: Vec<String> = others.iter().map(|value| shape_of(value)).collect();
        shapes.sort();
        shapes.dedup();
        if shapes.len() <= MAX_SHAPES {
            if !shapes.is_empty() {
                branches.push(json!({ "pattern": format!("^(?:{})$", shapes.join("|")) }));
            }
            let mut keywords = Map::new();
            match branches.len() {
                1 => {
                    if let Json::Object(only) = branches.remove(0) {
                        keywords.extend(only);
                    }
                }
                _ => {
                    keywords.insert("anyOf".to_string(), Json::Array(branches));
                }
            }
            return Strings::Keywords(keywords);
        }
    }
    let mut distinct: Vec<&String> = values.iter().collect();
    distinct.sort();
    distinct.dedup();
    let enumerable = distinct.len() <= MAX_ENUM
        && (terms || values.len() >= 2 * distinct.len())
        && distinct
            .iter()
            .all(|value| value.chars().count() <= MAX_ENUM_LEN && !value.contains('\n'));
    if enumerable {
        return Strings::Enum(distinct.into_iter().cloned().collect());
    }
    Strings::Plain
}

static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{1,2}-\d{1,2}").unwrap_or_else(|err| panic!("built-in pattern: {err}"))
});

/// A pattern for text of the same shape: digit runs generalized, the rest
/// kept literally (`2016-01-01 12:00:00 +0100` → `\d{4}-\d{2}-…`).
fn shape_of(value: &str) -> String {
    let mut out = String::from("");
    let mut digits = 0;
    let flush = |out: &mut String, digits: &mut usize| {
        if *digits > 0 {
            out.push_str(&format!("\\d{{{digits}}}"));
            *digits = 0;
        }
    };
    for c in value.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        flush(&mut out, &mut digits);
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    flush(&mut out, &mut digits);
    out
}

/// Whether the validator's `format` check accepts `value`.
fn is_format(value: &str, format: &str) -> bool {
    static DATE: LazyLock<Option<jsonschema::Validator>> = LazyLock::new(|| checker("date"));
    static DATE_TIME: LazyLock<Option<jsonschema::Validator>> =
        LazyLock::new(|| checker("date-time"));
    let validator = match format {
        "date" => &*DATE,
        _ => &*DATE_TIME,
    };
    validator
        .as_ref()
        .is_some_and(|v| v.is_valid(&Json::String(value.to_string())))
}

fn checker(format: &str) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&json!({ "type": "string", "format": format }))
        .ok()
}

/// The schema every one of `instances` satisfies. `title` and
/// `description` say what it was inferred from; `term_keys` are the
/// top-level keys that hold taxonomy terms.
pub fn infer(instances: &[Json], term_keys: &[String], title: &str, description: &str) -> Json {
    let mut root = Shape::default();
    for instance in instances {
        root.add(instance, 0);
    }
    let mut schema = Map::new();
    schema.insert(
        "$schema".to_string(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("title".to_string(), json!(title));
    schema.insert("description".to_string(), json!(description));
    if let Json::Object(body) = root.emit(0, false, term_keys) {
        schema.extend(body);
    }
    schema.insert("additionalProperties".to_string(), json!(true));
    Json::Object(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(schema: &Json, instance: &Json) -> bool {
        jsonschema::options()
            .should_validate_formats(true)
            .build(schema)
            .unwrap()
            .is_valid(instance)
    }

    #[test]
    fn types_dates_enums_and_required() {
        let posts = [
            json!({"title": "A", "date": "2025-01-10", "categories": ["Notes", "Leadership"], "draft": false}),
            json!({"title": "B", "date": "2025-01-11T10:00:00+01:00", "categories": ["Notes"], "weight": 2}),
            json!({"title": "C", "date": "2025-01-12", "categories": ["Leadership", "Notes"], "weight": 1.5}),
        ];
        let schema = infer(&posts, &[], "t", "d");
        for post in &posts {
            assert!(valid(&schema, post), "{schema:#}");
        }
        assert_eq!(schema["required"], json!(["categories", "date", "title"]));
        assert_eq!(
            schema["properties"]["categories"]["items"]["enum"],
            json!(["Leadership", "Notes"])
        );
        assert_eq!(schema["properties"]["title"], json!({"type": "string"}));
        assert_eq!(schema["properties"]["weight"]["type"], "number");
        assert_eq!(schema["additionalProperties"], true);
        let misspelled = json!({"title": "D", "date": "2025-01-12", "categories": ["Leadrship"]});
        assert!(!valid(&schema, &misspelled));
        let listed = json!({"title": "D", "date": ["2025-01-12"], "categories": []});
        assert!(!valid(&schema, &listed));
    }

    #[test]
    fn date_like_text_keeps_its_shape() {
        let posts = [
            json!({"date": "2016-01-01T12:00:00+01:00"}),
            json!({"date": "2016-01-01 12:00:00 +0100"}),
            json!({"date": null}),
        ];
        let schema = infer(&posts, &[], "t", "d");
        for post in &posts {
            assert!(valid(&schema, post), "{schema:#}");
        }
        assert!(!valid(&schema, &json!({"date": "soon"})));
        assert!(!valid(
            &schema,
            &json!({"date": "2016-13-01T12:00:00+01:00"})
        ));
    }

    #[test]
    fn enums_beside_other_types() {
        let posts = [
            json!({"layout": "post"}),
            json!({"layout": "post"}),
            json!({"layout": null}),
        ];
        let schema = infer(&posts, &[], "t", "d");
        for post in &posts {
            assert!(valid(&schema, post), "{schema:#}");
        }
        assert!(!valid(&schema, &json!({"layout": "psot"})));
    }

    #[test]
    fn terms_are_enumerated_even_when_used_once() {
        let posts = [
            json!({"title": "a", "categories": "misc"}),
            json!({"title": "b", "categories": "junk"}),
        ];
        let terms = ["categories".to_string()];
        let schema = infer(&posts, &terms, "t", "d");
        assert_eq!(
            schema["properties"]["categories"]["enum"],
            json!(["junk", "misc"])
        );
        assert_eq!(schema["properties"]["title"], json!({"type": "string"}));
        let plain = infer(&posts, &[], "t", "d");
        assert_eq!(plain["properties"]["categories"], json!({"type": "string"}));
    }
}
