//! A validator's error, in plain words, on the exact span it concerns.
//!
//! The instance path of an error (`/categories/1`) leads back through the
//! spanned front matter tree to the key or value it names. The message says
//! what is wrong with the value as written (`categories[1]: "Leadrship" is
//! not one of "Leadership", "Engineering", "Notes" — did you mean
//! "Leadership"?`); a missing required key is placed on the parent mapping's
//! key, or on the front matter's opening fence at the top.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value as Json;

use super::Schema;
use super::instance::{Located, Step, display_path, entry_named, first_line, locate, steps};
use crate::diagnostic::Span;
use crate::text::did_you_mean;
use crate::value::{Node, Value};

/// One violation, placed and explained. The help says how to fix it; the
/// caller adds which schema asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: String,
}

/// The document a violation is placed in.
pub struct Target<'a> {
    pub root: &'a Node,
    pub text: &'a str,
    /// Where an error about the whole document goes (the opening fence).
    pub fallback: Span,
}

impl Target<'_> {
    fn find(&self, steps: &[Step]) -> Option<Located<'_>> {
        locate(self.root, steps)
    }
}

/// Every violation one error stands for (an `additionalProperties` error
/// names several keys; an `anyOf` may be explained by its one branch).
pub fn violations(schema: &Schema, error: &ValidationError, target: &Target) -> Vec<Violation> {
    let steps = steps(error.instance_path().as_str());
    let path = display_path(&steps);
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    };
    let here = target.find(&steps);
    let value_span = here.map_or(target.fallback, |h| h.value_span(target.text));
    let key_span = |h: Option<Located>| match h {
        Some(h) if !steps.is_empty() => h.key_span(target.text),
        _ => target.fallback,
    };
    let instance = error.instance();
    let value = here.map_or_else(|| json_text(instance), |h| written(h.node));
    let found = here.map_or_else(|| json_shape(instance), |h| shape(h.node));
    let one = |span: Span, message: String, label: &str, help: String| {
        vec![Violation {
            span,
            message,
            label: label.to_string(),
            help,
        }]
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let present: Vec<&str> = here
                .map(|h| h.node.entries().iter().map(|e| e.key.as_str()).collect())
                .unwrap_or_default();
            let help = match did_you_mean(name, present.iter().copied()) {
                Some(close) => format!("`{close}` is written here: rename it to `{name}`"),
                None => format!("add `{name}` with a value the schema allows"),
            };
            let label = if steps.is_empty() {
                format!("no `{name}` in this front matter")
            } else {
                format!("no `{name}` in `{path}`")
            };
            one(
                key_span(here),
                format!("{prefix}missing required key `{name}`"),
                &label,
                help,
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = known_properties(schema, error);
            unexpected
                .iter()
                .map(|key| {
                    let span = here
                        .and_then(|h| entry_named(h.node, key))
                        .map_or(key_span(here), |entry| entry.key_span);
                    let close = did_you_mean(key, known.iter().map(String::as_str));
                    let message = match close {
                        Some(close) => format!(
                            "{prefix}key `{key}` is not allowed by the schema — did you mean `{close}`?"
                        ),
                        None => format!("{prefix}key `{key}` is not allowed by the schema"),
                    };
                    let help = match close {
                        Some(close) => format!("rename it to `{close}`"),
                        None if known.is_empty() => {
                            "remove it, or allow it in the schema's `properties`".to_string()
                        }
                        None => format!(
                            "remove it, or allow it in the schema's `properties`; the keys allowed here are {}",
                            list(known.iter().map(|k| format!("`{k}`")), 12)
                        ),
                    };
                    Violation {
                        span,
                        message,
                        label: "not in the schema".to_string(),
                        help,
                    }
                })
                .collect()
        }
        ValidationErrorKind::Enum { options } => {
            let options: &[Json] = options.as_array().map_or(&[], Vec::as_slice);
            let shown = list(options.iter().map(|o| o.to_string()), 12);
            let suggestion = instance.as_str().and_then(|text| {
                let strings = options.iter().filter_map(Json::as_str);
                strings
                    .clone()
                    .find(|o| o.eq_ignore_ascii_case(text))
                    .or_else(|| did_you_mean(text, strings))
            });
            let message = match suggestion {
                Some(s) => format!("{prefix}{value} is not one of {shown} — did you mean {s:?}?"),
                None => format!("{prefix}{value} is not one of {shown}"),
            };
            let help = match suggestion {
                Some(s) => format!("write {s:?}, or add {value} to the schema's `enum`"),
                None => "use one of the values the schema lists, or add this one to its `enum`"
                    .to_string(),
            };
            one(value_span, message, "not an allowed value", help)
        }
        ValidationErrorKind::Constant { expected_value } => one(
            value_span,
            format!("{prefix}{value} must be {expected_value}"),
            "not the required value",
            format!("write {expected_value}"),
        ),
        ValidationErrorKind::Type { kind } => {
            let expected = expected_types(kind);
            one(
                value_span,
                format!("{prefix}expected {expected}, found {found}"),
                &found,
                format!("write {expected} here"),
            )
        }
        ValidationErrorKind::Format { format } => {
            let (noun, example) = format_noun(format);
            let help = match example {
                Some(example) => format!("write {}, such as {example}", article(&noun)),
                None => format!("write a valid {noun}"),
            };
            one(
                value_span,
                format!("{prefix}{value} is not a valid {noun}"),
                &format!("not {}", article(format)),
                help,
            )
        }
        ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MaxLength { limit } => {
            let count = instance.as_str().map_or(0, |s| s.chars().count());
            let (bound, help) = match error.kind() {
                ValidationErrorKind::MinLength { .. } => (
                    format!("at least {limit}"),
                    format!("write at least {limit} characters"),
                ),
                _ => (
                    format!("at most {limit}"),
                    format!("shorten it to {limit} characters or fewer"),
                ),
            };
            one(
                value_span,
                format!("{prefix}the text is {count} characters long; the schema allows {bound}"),
                &format!("{count} characters"),
                help,
            )
        }
        ValidationErrorKind::Pattern { pattern } => one(
            value_span,
            format!("{prefix}{value} does not match the pattern `{pattern}`"),
            "does not match",
            "write a value the pattern accepts".to_string(),
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let bound = match error.kind() {
                ValidationErrorKind::Minimum { .. } => format!("at least {limit}"),
                ValidationErrorKind::Maximum { .. } => format!("at most {limit}"),
                ValidationErrorKind::ExclusiveMinimum { .. } => format!("more than {limit}"),
                _ => format!("less than {limit}"),
            };
            one(
                value_span,
                format!("{prefix}{value} is out of range: the schema wants {bound}"),
                "out of range",
                format!("write a number of {bound}"),
            )
        }
        ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MaxItems { limit } => {
            let count = instance.as_array().map_or(0, Vec::len);
            let bound = match error.kind() {
                ValidationErrorKind::MinItems { .. } => format!("at least {limit}"),
                _ => format!("at most {limit}"),
            };
            one(
                value_span,
                format!(
                    "{prefix}the list has {count} item{}; the schema wants {bound}",
                    if count == 1 { "" } else { "s" }
                ),
                &format!("{count} item{}", if count == 1 { "" } else { "s" }),
                format!("give it {bound} items"),
            )
        }
        ValidationErrorKind::MinProperties { limit }
        | ValidationErrorKind::MaxProperties { limit } => {
            let count = instance.as_object().map_or(0, serde_json::Map::len);
            let bound = match error.kind() {
                ValidationErrorKind::MinProperties { .. } => format!("at least {limit}"),
                _ => format!("at most {limit}"),
            };
            one(
                key_span(here),
                format!(
                    "{prefix}the mapping has {count} key{}; the schema wants {bound}",
                    if count == 1 { "" } else { "s" }
                ),
                &format!("{count} key{}", if count == 1 { "" } else { "s" }),
                format!("give it {bound} keys"),
            )
        }
        ValidationErrorKind::UniqueItems => {
            // Point at the first item that repeats an earlier one.
            let items: &[Json] = instance.as_array().map_or(&[], Vec::as_slice);
            let repeat = (1..items.len()).find(|&j| items[..j].contains(&items[j]));
            let (span, shown) = match repeat {
                Some(j) => {
                    let mut item_steps = steps.clone();
                    item_steps.push(Step::Index(j));
                    match target.find(&item_steps) {
                        Some(item) => (item.value_span(target.text), written(item.node)),
                        None => (value_span, json_text(&items[j])),
                    }
                }
                None => (value_span, "an item".to_string()),
            };
            one(
                span,
                format!("{prefix}{shown} is listed more than once"),
                "listed before",
                "remove the repeated item; the schema asks for unique items".to_string(),
            )
        }
        ValidationErrorKind::MultipleOf { multiple_of } => one(
            value_span,
            format!("{prefix}{value} is not a multiple of {multiple_of}"),
            "not a multiple",
            format!("write a multiple of {multiple_of}"),
        ),
        ValidationErrorKind::FalseSchema => one(
            key_span(here),
            format!("{prefix}not allowed by the schema"),
            "not allowed",
            "remove it".to_string(),
        ),
        ValidationErrorKind::PropertyNames { error: inner } => {
            let key = inner.instance().as_str().unwrap_or_default().to_string();
            let span = here
                .and_then(|h| entry_named(h.node, &key))
                .map_or(key_span(here), |entry| entry.key_span);
            one(
                span,
                format!("{prefix}key `{key}` is not allowed: {inner}"),
                "key not allowed",
                "rename the key as the schema's `propertyNames` asks".to_string(),
            )
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            alternatives(schema, error, context, target, &prefix, &value, value_span)
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => one(
            value_span,
            format!("{prefix}{value} matches more than one alternative of the schema's `oneOf`"),
            "ambiguous",
            "change it so that exactly one alternative matches".to_string(),
        ),
        ValidationErrorKind::Not { schema: excluded } => one(
            value_span,
            format!("{prefix}{value} is excluded by the schema (`not`: {excluded})"),
            "excluded",
            "change it to a value the schema does not exclude".to_string(),
        ),
        ValidationErrorKind::Contains => one(
            value_span,
            format!("{prefix}no item is what the schema's `contains` asks for"),
            "no matching item",
            "add an item the schema asks for".to_string(),
        ),
        _ => one(
            value_span,
            format!("{prefix}{error}"),
            "here",
            "change the value as the schema asks".to_string(),
        ),
    }
}

/// An `anyOf`/`oneOf` none of whose alternatives holds. When the value has
/// the shape of exactly one alternative, what is wrong with it there is the
/// better explanation; otherwise, name the alternatives.
fn alternatives(
    schema: &Schema,
    error: &ValidationError,
    context: &[Vec<ValidationError<'static>>],
    target: &Target,
    prefix: &str,
    value: &str,
    span: Span,
) -> Vec<Violation> {
    let here = error.instance_path().as_str();
    let shaped: Vec<&Vec<ValidationError>> = context
        .iter()
        .filter(|branch| {
            !branch.iter().all(|e| {
                e.instance_path().as_str() == here
                    && matches!(e.kind(), ValidationErrorKind::Type { .. })
            })
        })
        .collect();
    let detailed = |branch: &Vec<ValidationError>| -> Vec<Violation> {
        branch
            .iter()
            .flat_map(|e| violations(schema, e, target))
            .collect()
    };
    // The value has the shape of one alternative, and what is wrong is
    // inside it: say what, where.
    if let [branch] = shaped.as_slice()
        && !branch.is_empty()
        && branch.iter().all(|e| e.instance_path().as_str() != here)
    {
        let found = detailed(branch);
        if !found.is_empty() {
            return found;
        }
    }
    let keyword = error
        .absolute_keyword_location()
        .map(|uri| uri.as_str().to_string());
    // A schema that titles its alternatives says best what it wants.
    let parent = keyword
        .as_deref()
        .and_then(|uri| uri.rsplit_once('/'))
        .filter(|(parent, _)| !parent.ends_with('#'))
        .and_then(|(parent, _)| schema.lookup(parent));
    if let Some(title) = parent
        .as_ref()
        .and_then(|p| p.get("title"))
        .and_then(Json::as_str)
    {
        let help = parent
            .as_ref()
            .and_then(|p| p.get("description"))
            .and_then(Json::as_str)
            .map_or_else(|| format!("write {title}"), str::to_string);
        return vec![Violation {
            span,
            message: format!("{prefix}{value} is not {title}"),
            label: format!("not {title}"),
            help,
        }];
    }
    if let [branch] = shaped.as_slice()
        && !branch.is_empty()
    {
        let found = detailed(branch);
        if !found.is_empty() {
            return found;
        }
    }
    let subschemas = keyword
        .as_deref()
        .and_then(|uri| schema.lookup(uri))
        .and_then(|json| json.as_array().cloned())
        .unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for (i, branch) in context.iter().enumerate() {
        let name = subschemas
            .get(i)
            .and_then(|sub| describe_schema(schema, sub))
            .or_else(|| branch.first().map(|e| describe_error(e)))
            .unwrap_or_else(|| format!("alternative {}", i + 1));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let expected = or_list(&names);
    vec![Violation {
        span,
        message: format!("{prefix}{value} is not {expected}"),
        label: "matches no alternative".to_string(),
        help: format!("write {expected}"),
    }]
}

/// A short noun phrase for what a schema accepts, from its own words when
/// it has a title, else from its keywords.
fn describe_schema(schema: &Schema, sub: &Json) -> Option<String> {
    let object = sub.as_object()?;
    if let Some(title) = object.get("title").and_then(Json::as_str) {
        return Some(title.to_string());
    }
    if let Some(reference) = object.get("$ref").and_then(Json::as_str)
        && object.len() == 1
    {
        let target = if reference.starts_with('#') {
            schema.lookup(&format!("{}{}", schema.uri, reference))
        } else {
            None
        };
        return target
            .and_then(|t| describe_schema(schema, &t))
            .or_else(|| Some(format!("what `{reference}` describes")));
    }
    if let Some(constant) = object.get("const") {
        return Some(constant.to_string());
    }
    if let Some(options) = object.get("enum").and_then(Json::as_array) {
        return Some(format!(
            "one of {}",
            list(options.iter().map(|o| o.to_string()), 8)
        ));
    }
    if let Some(format) = object.get("format").and_then(Json::as_str) {
        return Some(article(&format_noun(format).0));
    }
    if let Some(pattern) = object.get("pattern").and_then(Json::as_str) {
        return Some(format!("text matching `{pattern}`"));
    }
    match object.get("type") {
        Some(Json::String(t)) => Some(type_noun(t).to_string()),
        Some(Json::Array(types)) => Some(or_list(
            &types
                .iter()
                .filter_map(Json::as_str)
                .map(|t| type_noun(t).to_string())
                .collect::<Vec<_>>(),
        )),
        _ => None,
    }
}

fn describe_error(error: &ValidationError) -> String {
    match error.kind() {
        ValidationErrorKind::Type { kind } => expected_types(kind),
        ValidationErrorKind::Format { format } => article(&format_noun(format).0),
        ValidationErrorKind::Enum { options } => format!(
            "one of {}",
            list(
                options
                    .as_array()
                    .map(|o| o.iter().map(Json::to_string).collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter(),
                8
            )
        ),
        ValidationErrorKind::Constant { expected_value } => expected_value.to_string(),
        ValidationErrorKind::Pattern { pattern } => format!("text matching `{pattern}`"),
        _ => format!("what the schema's `{}` asks for", error.kind().keyword()),
    }
}

/// The keys a schema's `properties` names next to the failing keyword.
fn known_properties(schema: &Schema, error: &ValidationError) -> Vec<String> {
    let Some(uri) = error.absolute_keyword_location() else {
        return Vec::new();
    };
    let uri = uri.as_str();
    let Some((parent, _keyword)) = uri.rsplit_once('/') else {
        return Vec::new();
    };
    schema
        .lookup(&format!("{parent}/properties"))
        .and_then(|json| json.as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default()
}

fn type_noun(name: &str) -> &'static str {
    match name {
        "null" => "empty (null)",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "a string",
        "array" => "a list",
        "object" => "a mapping",
        _ => "a value",
    }
}

fn json_type_noun(ty: JsonType) -> &'static str {
    type_noun(ty.as_str())
}

fn expected_types(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(ty) => json_type_noun(*ty).to_string(),
        TypeKind::Multiple(set) => or_list(
            &set.iter()
                .map(|ty| json_type_noun(ty).to_string())
                .collect::<Vec<_>>(),
        ),
    }
}

/// A format's name for people, and an example when it helps.
fn format_noun(format: &str) -> (String, Option<&'static str>) {
    match format {
        "date-time" => (
            "date-time (RFC 3339)".to_string(),
            Some("2025-01-10T19:00:00Z"),
        ),
        "date" => ("date (YYYY-MM-DD)".to_string(), Some("2025-01-10")),
        "time" => ("time (RFC 3339)".to_string(), Some("19:00:00Z")),
        "email" => ("email address".to_string(), Some("ana@example.org")),
        "uri" => ("absolute URI".to_string(), Some("https://example.org/page")),
        "uri-reference" => ("URI reference".to_string(), Some("/posts/hello/")),
        other => (format!("`{other}`"), None),
    }
}

/// `a date`, `an email address`.
fn article(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// A value as written in the source, for messages.
fn written(node: &Node) -> String {
    match &node.value {
        Value::Null => "an empty value".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str { text, .. } => quote(text),
        Value::Datetime(text) => text.clone(),
        Value::Seq(_) => "the list".to_string(),
        Value::Map(_) => "the mapping".to_string(),
    }
}

/// A value's shape, for "found …".
fn shape(node: &Node) -> String {
    match &node.value {
        Value::Null => "an empty value".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Int(i) => format!("the number {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Str { text, .. } => format!("the string {}", quote(text)),
        Value::Datetime(text) => format!("the date {text}"),
        Value::Seq(_) => "a list".to_string(),
        Value::Map(_) => "a mapping".to_string(),
    }
}

fn json_text(value: &Json) -> String {
    match value {
        Json::String(text) => quote(text),
        Json::Array(_) => "the list".to_string(),
        Json::Object(_) => "the mapping".to_string(),
        Json::Null => "an empty value".to_string(),
        other => other.to_string(),
    }
}

fn json_shape(value: &Json) -> String {
    match value {
        Json::String(text) => format!("the string {}", quote(text)),
        Json::Array(_) => "a list".to_string(),
        Json::Object(_) => "a mapping".to_string(),
        Json::Null => "an empty value".to_string(),
        Json::Bool(b) => format!("the boolean {b}"),
        Json::Number(n) => format!("the number {n}"),
    }
}

/// A string in double quotes, cut at 60 characters.
fn quote(text: &str) -> String {
    let mut shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    serde_json::to_string(&shown).unwrap_or(shown)
}

/// `a, b, c` (at most `max`, then "and N more").
fn list(items: impl Iterator<Item = String>, max: usize) -> String {
    let items: Vec<String> = items.collect();
    if items.len() > max {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    } else {
        items.join(", ")
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => "what the schema asks for".to_string(),
        [one] => one.clone(),
        [head @ .., last] => format!("{} or {last}", head.join(", ")),
    }
}

/// A schema the validator rejects: its message, a plainer detail when
/// there is one, and where in the schema's text it is.
pub fn schema_error(
    error: &ValidationError,
    tree: &Node,
    text: &str,
) -> (String, Option<String>, Option<Span>) {
    let message = error.to_string();
    if let ValidationErrorKind::Referencing(_) = error.kind() {
        // Point at the `$ref` naming what could not be resolved, and say
        // why in the retriever's words (which name the file as the user
        // does, not as an absolute URI).
        let reference = find_ref(tree, &message);
        let reason = message
            .split_once("retrieving it failed: ")
            .map_or(message.as_str(), |(_, reason)| reason);
        let message = match reference.and_then(Node::as_str) {
            Some(target) => format!("`$ref` {target:?} does not resolve: {reason}"),
            None => message.clone(),
        };
        return (message, None, reference.map(|node| node.span));
    }
    let path = steps(error.instance_path().as_str());
    let located = locate(tree, &path);
    let span = located.map(|h| h.value_span(text));
    // The meta-schema's own words are often an `anyOf` over type names;
    // name what it wanted.
    let detail = match error.kind() {
        ValidationErrorKind::AnyOf { context } => {
            context.iter().flatten().find_map(|e| match e.kind() {
                ValidationErrorKind::Enum { options } => {
                    let options: Vec<&str> = options
                        .as_array()
                        .map(|o| o.iter().filter_map(Json::as_str).collect())
                        .unwrap_or_default();
                    let close = e
                        .instance()
                        .as_str()
                        .and_then(|text| did_you_mean(text, options.iter().copied()));
                    Some(match close {
                        Some(close) => format!(
                            "expected one of {} — did you mean {close:?}?",
                            options.join(", ")
                        ),
                        None => format!("expected one of {}", options.join(", ")),
                    })
                }
                _ => None,
            })
        }
        _ => None,
    };
    let span = span.map(|s| if s.is_empty() { first_line(text, s) } else { s });
    (message, detail, span)
}

/// The first `$ref` whose target the message names.
fn find_ref<'a>(node: &'a Node, message: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|entry| {
            if entry.key == "$ref"
                && let Some(target) = entry.value.as_str()
            {
                let base = target.split('#').next().unwrap_or(target);
                if !base.is_empty() && message.contains(base) {
                    return Some(&entry.value);
                }
            }
            find_ref(&entry.value, message)
        }),
        Value::Seq(items) => items.iter().find_map(|item| find_ref(item, message)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
