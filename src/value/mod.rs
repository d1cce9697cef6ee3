//! A data tree (front matter, site config) in which every key and value keeps
//! its source span, whatever the format it was written in.
//!
//! Mappings are kept as ordered lists of entries, not hash maps, so a key
//! written twice is still visible (FM004) and every key has its own span.

mod json;
mod toml;
mod yaml;
mod yaml_lines;

use crate::diagnostic::Span;

pub use json::{find_json_end, parse_json};
pub use toml::parse_toml;
pub use yaml::parse_yaml;

/// A value with the span it was written at (file-absolute bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; `quoted` is false for YAML plain scalars and true for every
    /// quoted or block scalar (and for TOML and JSON strings).
    Str {
        text: String,
        quoted: bool,
    },
    /// A TOML date/time, or a YAML plain scalar that has a timestamp's shape
    /// (the way Go's YAML decoder gives Hugo a `time.Time`). Kept as written.
    Datetime(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// A parser's complaint, located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub points_at: ErrorPoint,
}

/// What a syntax error's span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPoint {
    /// Where the parser stopped.
    Stop,
    /// The quote or bracket, opened earlier, whose end never came.
    Opener,
}

/// Limits that keep hostile documents (alias bombs, deep nesting) bounded.
pub const MAX_DEPTH: usize = 128;
pub const MAX_NODES: usize = 200_000;

impl Default for Node {
    /// An empty mapping (what a site without a config file has).
    fn default() -> Node {
        Node::new(Value::Map(Vec::new()), Span::default())
    }
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }

    /// A copy down to `depth` levels of nesting, what lies deeper `Null`:
    /// a reader of a few known keys needs no more, and a copy of any
    /// depth of a hostile file would recurse as deep.
    pub fn clone_to_depth(&self, depth: usize) -> Node {
        let value = match &self.value {
            Value::Seq(_) | Value::Map(_) if depth == 0 => Value::Null,
            Value::Seq(items) => Value::Seq(
                items
                    .iter()
                    .map(|item| item.clone_to_depth(depth - 1))
                    .collect(),
            ),
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|entry| Entry {
                        key: entry.key.clone(),
                        key_span: entry.key_span,
                        value: entry.value.clone_to_depth(depth - 1),
                    })
                    .collect(),
            ),
            scalar => scalar.clone(),
        };
        Node::new(value, self.span)
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The first entry whose key equals `key` exactly.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|entry| entry.key == key)
    }

    /// The first entry whose key equals `key` ignoring ASCII case (Hugo's keys).
    pub fn entry_ci(&self, key: &str) -> Option<&Entry> {
        self.entries()
            .iter()
            .find(|entry| entry.key.eq_ignore_ascii_case(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    pub fn get_ci(&self, key: &str) -> Option<&Node> {
        self.entry_ci(key).map(|entry| &entry.value)
    }

    /// Follows a path of keys, ignoring ASCII case.
    pub fn path_ci(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get_ci(key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str { text, .. } | Value::Datetime(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// A string, or every string of a list of strings (`theme = "x"` and
    /// `theme = ["x", "y"]` both occur).
    pub fn string_list(&self) -> Vec<&str> {
        match &self.value {
            Value::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
            _ => self.as_str().into_iter().collect(),
        }
    }

    /// The value as scalar text, for messages and comparisons.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Null => Some(String::new()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Str { text, .. } | Value::Datetime(text) => Some(text.clone()),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// A short name of the value's type for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str { .. } => "string",
            Value::Datetime(_) => "date",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }

    /// Converts to JSON (dates become their RFC 3339-like text), keeping the
    /// last of duplicated keys as YAML and JSON decoders do.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str { text, .. } | Value::Datetime(text) => J::String(text.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The language a data tree was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// A value's shape, for messages: "the string \"yes\"", "a list".
pub fn shape(node: &Node) -> String {
    match &node.value {
        Value::Null => "empty".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Int(i) => format!("the number {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Str { text, .. } => {
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            format!("the string {shown:?}")
        }
        Value::Datetime(text) => format!("the date {text}"),
        Value::Seq(_) => "a list".to_string(),
        Value::Map(_) => "a mapping".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_only_when_asked() {
        let node = parse_yaml("Title: x\npublishDate: 2024-01-02\n", 0).unwrap();
        assert!(node.get("title").is_none());
        assert_eq!(node.get_ci("title").and_then(Node::as_str), Some("x"));
        assert!(matches!(
            node.get_ci("publishdate").map(|n| &n.value),
            Some(Value::Datetime(_))
        ));
    }
}
