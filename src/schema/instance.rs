//! The front matter as the schema sees it, and the way back from a place in
//! that JSON to the span it was written at.
//!
//! Every format becomes the same JSON: TOML date/times and YAML timestamps
//! are presented as RFC 3339 text (`2025-01-10T19:00:00+00:00`), or as a
//! plain date (`2025-01-10`) when they have no time of day, so that `format:
//! date-time` and `format: date` work whatever the post was written in. A
//! date/time without an offset gets the one the generator gives it (Hugo:
//! the site's `timeZone`; Jekyll: UTC for a YAML timestamp). A value that
//! is not a real date (`2025-02-30`) stays as written, so `format` rejects
//! it. `$schema` and `postlint` at the top are directives to tools, not
//! data, and are left out.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde_json::{Map, Value as Json};

use crate::diagnostic::Span;
use crate::generator::Flavor;
use crate::generator::dates::Written;
use crate::generator::jekyll::dates::JekyllDate;
use crate::generator::{hugo, jekyll};
use crate::value::{Entry, Format, Node, Value};

/// Top-level keys that are directives to tools, never validated.
pub const DIRECTIVES: &[&str] = &["$schema", "postlint"];

/// How dates are read: by which generator, from which format, in which zone.
#[derive(Clone)]
pub struct DateReading {
    pub flavor: Flavor,
    pub format: Format,
    pub zone: TimeZone,
}

/// The front matter tree as a JSON instance (an empty block is `{}`).
pub fn to_instance(data: &Node, reading: &DateReading) -> Json {
    match &data.value {
        Value::Null => Json::Object(Map::new()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .filter(|entry| !DIRECTIVES.contains(&entry.key.as_str()))
                .map(|entry| (entry.key.clone(), convert(&entry.value, reading)))
                .collect(),
        ),
        _ => convert(data, reading),
    }
}

fn convert(node: &Node, reading: &DateReading) -> Json {
    match &node.value {
        Value::Datetime(text) => Json::String(normalize_date(text, reading)),
        Value::Seq(items) => Json::Array(items.iter().map(|item| convert(item, reading)).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|entry| (entry.key.clone(), convert(&entry.value, reading)))
                .collect(),
        ),
        _ => node.to_json(),
    }
}

/// A TOML date/time or YAML timestamp as RFC 3339 (or a plain date), read
/// the way the generator reads it; as written when it is not a real date.
pub fn normalize_date(text: &str, reading: &DateReading) -> String {
    let written = match (reading.flavor, reading.format) {
        (Flavor::Hugo, Format::Toml) => hugo::dates::parse_toml(text).ok(),
        (Flavor::Hugo, _) => hugo::dates::parse(text).ok().flatten(),
        (Flavor::Jekyll, _) => match jekyll::dates::parse(text, true) {
            Ok(JekyllDate::Known(written)) => Some(written),
            _ => None,
        },
    };
    written
        .and_then(|written| rfc3339(&written, text, &reading.zone))
        .unwrap_or_else(|| text.to_string())
}

fn rfc3339(written: &Written, text: &str, zone: &TimeZone) -> Option<String> {
    let dt: DateTime = written.datetime;
    if !(0..=9999).contains(&dt.year()) {
        return None;
    }
    let date = format!("{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day());
    if !written.has_time {
        return Some(date);
    }
    let offset = match written.offset {
        Some(seconds) => seconds,
        None => zone.to_offset(written.instant(zone)?).seconds(),
    };
    let zone_text = if offset == 0 && text.trim_end().ends_with(['Z', 'z']) {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.unsigned_abs() / 60;
        format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    };
    let nanos = dt.subsec_nanosecond();
    let fraction = if nanos == 0 {
        String::new()
    } else {
        format!(".{nanos:09}").trim_end_matches('0').to_string()
    };
    Some(format!(
        "{date}T{:02}:{:02}:{:02}{fraction}{zone_text}",
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

/// One step of an instance path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Splits a JSON pointer (`/categories/1`) into steps.
pub fn steps(pointer: &str) -> Vec<Step> {
    pointer
        .split('/')
        .skip(1)
        .map(|raw| {
            let key = raw.replace("~1", "/").replace("~0", "~");
            match key.parse::<usize>() {
                // An index in a list; a numeric key in a mapping is looked
                // up as a key by `locate`.
                Ok(index) if !key.starts_with('+') && (key == "0" || !key.starts_with('0')) => {
                    Step::Index(index)
                }
                _ => Step::Key(key),
            }
        })
        .collect()
}

/// A path for people: `categories[1]`, `author.name`, `params["a b"]`.
pub fn display_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(key) => {
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$'));
                if !plain {
                    out.push_str(&format!("[{key:?}]"));
                } else {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            }
        }
    }
    out
}

/// Where a step of the path landed in the source.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub node: &'a Node,
    /// The entry holding the node, when it is a mapping's value.
    pub entry: Option<&'a Entry>,
}

impl Located<'_> {
    /// The span to underline for the value: the value itself when it sits
    /// on one line and is not empty, else its key.
    pub fn value_span(&self, text: &str) -> Span {
        let span = self.node.span;
        let empty = span.is_empty() || matches!(self.node.value, Value::Null);
        let multiline = text
            .get(span.range())
            .is_some_and(|written| written.trim_end().contains('\n'));
        match self.entry {
            Some(entry) if empty || multiline => entry.key_span,
            _ if multiline => first_line(text, span),
            _ => span,
        }
    }

    /// The span to underline for the place as a whole (a key, or the item).
    pub fn key_span(&self, text: &str) -> Span {
        match self.entry {
            Some(entry) => entry.key_span,
            None => first_line(text, self.node.span),
        }
    }
}

/// A span cut at the end of its first line.
pub fn first_line(text: &str, span: Span) -> Span {
    let written = text.get(span.range()).unwrap_or_default();
    let trimmed = written.trim_end();
    let end = trimmed.find('\n').unwrap_or(trimmed.len());
    Span::new(
        span.start,
        span.start + end.max(usize::from(!written.is_empty())),
    )
}

/// Follows `steps` through the tree; `None` past a step that is not there.
/// A key written twice resolves to its last occurrence, the one the
/// instance holds.
pub fn locate<'a>(root: &'a Node, steps: &[Step]) -> Option<Located<'a>> {
    let mut here = Located {
        node: root,
        entry: None,
    };
    for step in steps {
        here = match (&here.node.value, step) {
            (Value::Map(entries), step) => {
                let key = match step {
                    Step::Key(key) => key.clone(),
                    Step::Index(i) => i.to_string(),
                };
                let entry = entries.iter().rev().find(|entry| entry.key == key)?;
                Located {
                    node: &entry.value,
                    entry: Some(entry),
                }
            }
            (Value::Seq(items), Step::Index(i)) => Located {
                node: items.get(*i)?,
                entry: None,
            },
            _ => return None,
        };
    }
    Some(here)
}

/// The entry of a mapping whose key is `key` (its last occurrence).
pub fn entry_named<'a>(node: &'a Node, key: &str) -> Option<&'a Entry> {
    node.entries().iter().rev().find(|entry| entry.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{parse_toml, parse_yaml};

    fn hugo(format: Format) -> DateReading {
        DateReading {
            flavor: Flavor::Hugo,
            format,
            zone: TimeZone::UTC,
        }
    }

    #[test]
    fn dates_become_rfc_3339() {
        let yaml = parse_yaml(
            "a: 2025-01-10\nb: 2025-01-10 19:00:00 +0000\nc: 2025-01-10T19:00:00Z\nd: 2025-02-30\ne: 2025-01-10T19:00:00.50+01:00\nf: 2025-01-10 19:00:00\n",
            0,
        )
        .unwrap();
        let json = to_instance(&yaml, &hugo(Format::Yaml));
        assert_eq!(json["a"], "2025-01-10");
        assert_eq!(json["b"], "2025-01-10T19:00:00+00:00");
        assert_eq!(json["c"], "2025-01-10T19:00:00Z");
        assert_eq!(json["d"], "2025-02-30");
        assert_eq!(json["e"], "2025-01-10T19:00:00.5+01:00");
        assert_eq!(json["f"], "2025-01-10T19:00:00+00:00");
        let oslo = DateReading {
            zone: crate::generator::dates::zone(Some("Europe/Oslo")),
            ..hugo(Format::Toml)
        };
        let toml = parse_toml("a = 2025-01-10\nb = 2025-07-10T19:00:00\n", 0).unwrap();
        let json = to_instance(&toml, &oslo);
        assert_eq!(json["a"], "2025-01-10");
        assert_eq!(json["b"], "2025-07-10T19:00:00+02:00");
        let jekyll = DateReading {
            flavor: Flavor::Jekyll,
            ..oslo
        };
        let yaml = parse_yaml("a: 2025-01-10 19:00:00\nb: 2025-1-5\n", 0).unwrap();
        let json = to_instance(&yaml, &jekyll);
        assert_eq!(json["a"], "2025-01-10T19:00:00+00:00");
        assert_eq!(json["b"], "2025-01-05");
    }

    #[test]
    fn directives_are_left_out_and_empty_is_an_object() {
        let yaml = parse_yaml(
            "$schema: x.json\npostlint: {ignore: [FM009]}\ntitle: t\n",
            0,
        )
        .unwrap();
        let json = to_instance(&yaml, &hugo(Format::Yaml));
        assert_eq!(json, serde_json::json!({"title": "t"}));
        let empty = parse_yaml("", 0).unwrap();
        assert_eq!(
            to_instance(&empty, &hugo(Format::Yaml)),
            serde_json::json!({})
        );
    }

    #[test]
    fn paths_lead_back_to_spans() {
        let text =
            "title: x\ncategories: [a, Leadrship]\nauthor:\n  name: A\n  \"1\": one\ntitle: y\n";
        let root = parse_yaml(text, 0).unwrap();
        let at = |pointer: &str| {
            let found = locate(&root, &steps(pointer)).unwrap();
            &text[found.value_span(text).range()]
        };
        assert_eq!(at("/categories/1"), "Leadrship");
        assert_eq!(at("/author/name"), "A");
        assert_eq!(at("/author/1"), "one");
        assert_eq!(at("/title"), "y");
        assert_eq!(at("/author"), "author");
        assert!(locate(&root, &steps("/categories/5")).is_none());
        assert_eq!(display_path(&steps("/categories/1")), "categories[1]");
        assert_eq!(display_path(&steps("/a~1b/c d")), "[\"a/b\"][\"c d\"]");
        assert_eq!(display_path(&steps("/author/name")), "author.name");
    }
}
