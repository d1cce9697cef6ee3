//! Front matter values: required fields present (FM005), predefined fields
//! of a shape the generator can use (FM006), dates it can read (FM007).

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Block, Document};
use crate::generator::fields::{Kind, go_bool, yaml11_bool};
use crate::generator::jekyll::dates::JekyllDate;
use crate::generator::{Flavor, PageKind, hugo, jekyll};
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::value::{Entry, Format, Node, Value, shape};

declare_check! {
    /// The front matter values: required fields, the shapes of predefined
    /// fields, dates.
    pub static CHECK = Runs::EachFile(check);

    pub static REQUIRED_FIELD = "FM005" "required-field" {
        severity: Error,
        summary: "A post without a required field (default: `title`), or with it empty",
    }

    pub static FIELD_TYPE = "FM006" "field-type" {
        severity: Error,
        summary: "A predefined field whose value the generator cannot use as intended (`draft: yes`, `tags: 3`)",
    }

    pub static INVALID_DATE = "FM007" "invalid-date" {
        severity: Error,
        summary: "A date field that is not a real date/time in a format the generator reads",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let (Some(block), Some(data)) = (doc.front_matter.block(), doc.data()) else {
        return;
    };
    if cx.kind == PageKind::Post && sink.enabled(&REQUIRED_FIELD) {
        required(cx, doc, block, data, sink);
    }
    let known = cx.site.known_fields();
    for entry in data.entries() {
        let Some(field) = known.get(&entry.key) else {
            continue;
        };
        if field.kind == Kind::Date || known.is_date_key(&entry.key) {
            date(cx, doc, block.format, entry, sink);
        } else if sink.enabled(&FIELD_TYPE) {
            let problem = match doc.flavor {
                Flavor::Hugo => hugo_type(field.kind, &entry.value, block.format),
                Flavor::Jekyll => jekyll_type(field.kind, &entry.value),
            };
            if let Some((severity, problem)) = problem {
                sink.push(
                    Diagnostic::new(
                        &FIELD_TYPE,
                        value_span(entry),
                        format!(
                            "`{}` should be {}, not {}",
                            entry.key,
                            field.kind.describe(),
                            shape(&entry.value)
                        ),
                    )
                    .severity(severity)
                    .label(shape(&entry.value))
                    .help(problem),
                );
            }
        }
    }
}

/// The span to underline for an entry's value (its key when the value is
/// empty, as in `title:`).
fn value_span(entry: &Entry) -> Span {
    if entry.value.span.is_empty() || matches!(entry.value.value, Value::Null) {
        entry.key_span
    } else {
        entry.value.span
    }
}

/// FM005 for posts: each required field present and not empty.
fn required(cx: &FileContext, doc: &Document, block: &Block, data: &Node, sink: &mut Sink) {
    // Jekyll titles a post from its file name when `title` is absent (an
    // empty `title: ""` stays empty): by default, required only in Hugo.
    let (names, configured): (Vec<&str>, bool) = match &cx.options.required_fields {
        Some(names) => (names.iter().map(String::as_str).collect(), true),
        None => (vec!["title"], false),
    };
    for name in names {
        let entry = match doc.flavor {
            Flavor::Hugo => data.entry_ci(name),
            Flavor::Jekyll => data.entry(name),
        };
        let consequence = |absent: bool| match (doc.flavor, name, absent) {
            (Flavor::Hugo, "title", _) => {
                "Hugo lists the post with an empty title in menus, lists and feeds"
            }
            (Flavor::Jekyll, "title", false) => {
                "Jekyll keeps an empty title; it makes one up from the file name only when `title` is absent or null"
            }
            _ => "the site's configuration requires it (`[frontmatter] required`)",
        };
        match entry {
            None if doc.flavor == Flavor::Jekyll && name == "title" && !configured => {}
            Some(entry)
                if doc.flavor == Flavor::Jekyll
                    && name == "title"
                    && !configured
                    && matches!(entry.value.value, Value::Null) => {}
            None => sink.push(
                Diagnostic::new(
                    &REQUIRED_FIELD,
                    block.open,
                    format!("post has no `{name}` in its front matter"),
                )
                .label(format!("no `{name}` in this block"))
                .help(format!("{}; add `{name}: …`", consequence(true))),
            ),
            Some(entry) if is_empty(&entry.value) => sink.push(
                Diagnostic::new(
                    &REQUIRED_FIELD,
                    value_span(entry),
                    format!("`{}` is empty", entry.key),
                )
                .label("empty")
                .help(format!(
                    "{}; give `{}` a value",
                    consequence(false),
                    entry.key
                )),
            ),
            Some(_) => {}
        }
    }
}

fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str { text, .. } => text.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

type Finding = Option<(Severity, String)>;

fn error(text: impl Into<String>) -> Finding {
    Some((Severity::Error, text.into()))
}

/// FM006 for Hugo: what Hugo 0.168 does with each shape (checked on a
/// scratch site: `params: 3` and `cascade: 3` fail the build, `draft: yes`
/// is silently not a draft, `weight: "x"` is silently 0).
fn hugo_type(kind: Kind, node: &Node, format: Format) -> Finding {
    let value = &node.value;
    if matches!(value, Value::Null) {
        return None;
    }
    let nested = |items: &[Node]| {
        items
            .iter()
            .any(|item| matches!(item.value, Value::Seq(_) | Value::Map(_)))
    };
    match (kind, value) {
        (Kind::Text, Value::Seq(_) | Value::Map(_)) => {
            error("Hugo cannot read a list or a mapping as text and uses an empty value")
        }
        (Kind::Bool, Value::Str { text, .. }) if go_bool(text).is_none() => {
            let yaml11 = format == Format::Yaml
                && matches!(
                    text.to_ascii_lowercase().as_str(),
                    "yes" | "no" | "on" | "off" | "y" | "n"
                );
            error(format!(
                "Hugo reads only true/false (or \"true\"/\"false\", 1/0) as a boolean and treats {text:?} as false{}; write `true` or `false`",
                if yaml11 {
                    " (`yes`/`no` are booleans in YAML 1.1 only; Hugo reads YAML 1.2)"
                } else {
                    ""
                }
            ))
        }
        (Kind::Bool, Value::Seq(_) | Value::Map(_) | Value::Datetime(_)) => {
            error("Hugo treats it as false; write `true` or `false`")
        }
        (Kind::Int, Value::Float(f)) if f.fract() != 0.0 => error(format!(
            "Hugo drops the fraction and uses {}; write a whole number",
            f.trunc()
        )),
        (Kind::Int, Value::Str { text, .. }) if text.trim().parse::<i64>().is_err() => {
            error("Hugo cannot read it as a number and uses 0; write a whole number")
        }
        (Kind::Int, Value::Bool(_) | Value::Seq(_) | Value::Map(_) | Value::Datetime(_)) => {
            error("Hugo cannot read it as a number; write a whole number")
        }
        (Kind::List | Kind::Terms, Value::Map(_)) => error("Hugo expects a list; write `[a, b]`"),
        (Kind::List | Kind::Terms, Value::Seq(items)) if nested(items) => {
            error("a list of lists or mappings is not a list of strings; write `[a, b]`")
        }
        (Kind::Terms, Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Datetime(_)) => {
            error("Hugo assigns no term from it; write a list of strings, such as `[\"2024\"]`")
        }
        (Kind::Terms, Value::Str { text, .. }) if text.contains(',') => Some((
            Severity::Warning,
            format!(
                "Hugo makes the single term {text:?} from this string; write a list to assign several terms: `[{}]`",
                text.split(',')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        (Kind::Map, v) if !matches!(v, Value::Map(_)) => error(
            "Hugo fails the build (\"must be a map\") or ignores it; write a mapping of options",
        ),
        (Kind::MapOrMaps, Value::Seq(items)) if items.iter().any(|i| !i.is_map()) => {
            error("every item of the list must be a mapping; Hugo fails the build")
        }
        (Kind::MapOrMaps, v) if !matches!(v, Value::Map(_) | Value::Seq(_)) => {
            error("Hugo fails the build; write a mapping of front matter for the descendants")
        }
        (Kind::Menus, Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Datetime(_)) => {
            error("Hugo adds the page to no menu; write a menu name, such as `main`")
        }
        (Kind::Maps, v) if !matches!(v, Value::Seq(_)) => {
            error("Hugo ignores it; write a list of mappings with `src` and `title`")
        }
        (Kind::Maps, Value::Seq(items)) if items.iter().any(|i| !i.is_map()) => {
            error("every item must be a mapping with `src`; Hugo ignores the others")
        }
        (Kind::Date, Value::Int(seconds)) if format != Format::Json => {
            let when = jiff::Timestamp::from_second(*seconds)
                .map(|t| t.to_string())
                .unwrap_or_else(|_| "an invalid time".to_string());
            Some((
                Severity::Warning,
                format!(
                    "Hugo reads the number {seconds} as seconds since 1970-01-01, that is {when}; write a date such as `2025-05-01`"
                ),
            ))
        }
        _ => None,
    }
}

/// FM006 for Jekyll (Jekyll 4.3: `published` is checked for truthiness,
/// `render_with_liquid` for exactly `false`, `categories`/`tags` must be a
/// string or a list).
fn jekyll_type(kind: Kind, node: &Node) -> Finding {
    let value = &node.value;
    match (kind, value) {
        (_, Value::Null) => None,
        (Kind::Text, Value::Seq(_) | Value::Map(_)) => {
            error("Jekyll cannot use a list or a mapping here; write a string")
        }
        (Kind::Bool, _) if yaml11_bool(node).is_some() => None,
        (Kind::Bool, Value::Str { text, .. }) => error(format!(
            "to Jekyll the string {text:?} is not a boolean and counts as true; write `true` or `false` without quotes"
        )),
        (Kind::Bool, _) => error(
            "to Jekyll anything but `false` and an empty value counts as true; write `true` or `false`",
        ),
        (Kind::Terms, Value::Str { .. }) => None,
        (Kind::Terms, Value::Seq(items))
            if items
                .iter()
                .any(|item| matches!(item.value, Value::Seq(_) | Value::Map(_))) =>
        {
            error("write a list of strings, such as `[jekyll, release]`")
        }
        (Kind::Terms, Value::Seq(_)) => None,
        (Kind::Terms, _) => error(
            "Jekyll ignores anything but a string (split at spaces) or a list; write `[a, b]`",
        ),
        _ => None,
    }
}

/// FM007 (and FM006 for numbers Hugo reads as Unix time).
fn date(cx: &FileContext, doc: &Document, format: Format, entry: &Entry, sink: &mut Sink) {
    if doc.flavor == Flavor::Hugo {
        if let Some((severity, help)) = hugo_type(Kind::Date, &entry.value, format)
            && sink.enabled(&FIELD_TYPE)
        {
            sink.push(
                Diagnostic::new(
                    &FIELD_TYPE,
                    value_span(entry),
                    format!("`{}` is a number, not a date", entry.key),
                )
                .severity(severity)
                .label(shape(&entry.value))
                .help(help),
            );
        }
    } else if !matches!(cx.kind, PageKind::Post | PageKind::Document) {
        // Jekyll reads `date` only for posts and collection documents.
        return;
    }
    if !sink.enabled(&INVALID_DATE) {
        return;
    }
    let (severity, reason) = match doc.flavor {
        Flavor::Hugo => match hugo::dates::read(&entry.value, format) {
            Ok(_) => return,
            Err(problem) => (Severity::Error, problem.describe()),
        },
        Flavor::Jekyll => match jekyll::dates::read(&entry.value) {
            Ok(JekyllDate::RolledOver {
                written,
                as_written,
            }) => (
                Severity::Warning,
                format!(
                    "{as_written} does not exist; Jekyll rolls it over to {}",
                    written.datetime.date()
                ),
            ),
            Ok(_) => return,
            Err(problem) => (Severity::Error, problem.describe()),
        },
    };
    let help = match (doc.flavor, severity) {
        (Flavor::Hugo, _) => format!(
            "Hugo fails the build (\"the \"{}\" front matter field is not a parsable date\"); write a date such as `2025-05-01` or `2025-05-01T09:30:00+02:00`",
            entry.key.to_ascii_lowercase()
        ),
        (Flavor::Jekyll, Severity::Error) => "Jekyll fails the build (\"does not have a valid date in the YAML front matter\"); write a date such as `2025-05-01` or `2025-05-01 09:30:00 +0200`".to_string(),
        (Flavor::Jekyll, _) => "the post gets that later date in its URL and in the post order; fix the date".to_string(),
    };
    sink.push(
        Diagnostic::new(
            &INVALID_DATE,
            value_span(entry),
            format!("`{}` is not a valid date: {reason}", entry.key),
        )
        .severity(severity)
        .label(shape(&entry.value))
        .help(help),
    );
}
