//! Front matter rules (FM): the block must exist where a post needs one,
//! be closed and parse (this file), and mean what the generator will make
//! of it: keys (`keys.rs`: FM004, FM008, FM012), values (`values.rs`: FM005,
//! FM006, FM007) and whether and when the page is published (`publish.rs`:
//! FM010, FM011), and JSON Schemas (`schema.rs`: FM009). `fields.rs` holds each generator's field tables and
//! `dates.rs` reads dates the way each generator does.

pub mod dates;
pub mod fields;
pub mod keys;
pub mod publish;
pub mod schema;
pub mod values;

pub use schema::SCHEMA;

use super::{Family, FileContext, PageKind, RuleMeta, Sink};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Document, Format, FrontMatter, Node, Value};
use crate::site::Flavor;

pub static SYNTAX: RuleMeta = RuleMeta {
    code: "FM001",
    name: "frontmatter-syntax",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "Front matter that does not parse as YAML, TOML or JSON",
    doc: include_str!("../../../rules/FM001.md"),
};

pub static UNTERMINATED: RuleMeta = RuleMeta {
    code: "FM002",
    name: "frontmatter-unterminated",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A front matter fence that is opened but never closed",
    doc: include_str!("../../../rules/FM002.md"),
};

pub static MISSING: RuleMeta = RuleMeta {
    code: "FM003",
    name: "frontmatter-missing",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A post without front matter (a Jekyll page without it is copied raw: info)",
    doc: include_str!("../../../rules/FM003.md"),
};

pub static DUPLICATE_KEY: RuleMeta = RuleMeta {
    code: "FM004",
    name: "duplicate-key",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "The same key twice in one mapping (Hugo fails the build; other readers keep one silently)",
    doc: include_str!("../../../rules/FM004.md"),
};

pub static REQUIRED_FIELD: RuleMeta = RuleMeta {
    code: "FM005",
    name: "required-field",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A post without a required field (default: `title`), or with it empty",
    doc: include_str!("../../../rules/FM005.md"),
};

pub static FIELD_TYPE: RuleMeta = RuleMeta {
    code: "FM006",
    name: "field-type",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A predefined field whose value the generator cannot use as intended (`draft: yes`, `tags: 3`)",
    doc: include_str!("../../../rules/FM006.md"),
};

pub static INVALID_DATE: RuleMeta = RuleMeta {
    code: "FM007",
    name: "invalid-date",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A date field that is not a real date/time in a format the generator reads",
    doc: include_str!("../../../rules/FM007.md"),
};

pub static UNKNOWN_FIELD: RuleMeta = RuleMeta {
    code: "FM008",
    name: "unknown-field",
    family: Family::FrontMatter,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "A key that is a near miss of a predefined field (`catagories`, `titel`): did you mean",
    doc: include_str!("../../../rules/FM008.md"),
};

pub static NOT_PUBLISHED: RuleMeta = RuleMeta {
    code: "FM010",
    name: "future-date",
    family: Family::FrontMatter,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "A page the generator will not publish: future date, past expiry date (drafts: info)",
    doc: include_str!("../../../rules/FM010.md"),
};

pub static FILENAME_DATE: RuleMeta = RuleMeta {
    code: "FM011",
    name: "filename-date",
    family: Family::FrontMatter,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "A Jekyll post whose file name date disagrees with its `date`, or whose name Jekyll skips",
    doc: include_str!("../../../rules/FM011.md"),
};

pub static REMOVED_KEY: RuleMeta = RuleMeta {
    code: "FM012",
    name: "removed-key",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: true,
    summary: "A key the target Hugo version rejects or deprecated (`_build`: use `build`)",
    doc: include_str!("../../../rules/FM012.md"),
};

pub fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    match &doc.front_matter {
        FrontMatter::Absent => missing(cx, doc, sink),
        FrontMatter::Unterminated { format, open } => {
            let fence = &doc.text()[open.range()];
            let closing = if fence == "{" { "}" } else { fence };
            let consequence = match doc.flavor {
                Flavor::Hugo => "Hugo fails the build on this file",
                Flavor::Jekyll => "Jekyll treats the whole file as content",
            };
            sink.push(
                Diagnostic::new(
                    &UNTERMINATED,
                    *open,
                    format!(
                        "{} front matter opened with `{fence}` is never closed",
                        format.name()
                    ),
                )
                .label("opened here")
                .help(format!(
                    "add a line with `{closing}` after the last front matter field; {consequence}"
                )),
            );
        }
        FrontMatter::Present(block) => {
            if let Err(err) = &block.data {
                let span = widen(doc, err.span);
                sink.push(
                    Diagnostic::new(
                        &SYNTAX,
                        span,
                        format!("{} front matter does not parse: {}", block.format.name(), err.message),
                    )
                    .label("the parser stops here")
                    .secondary(block.open, "front matter starts here")
                    .help(match doc.flavor {
                        Flavor::Hugo => "Hugo fails the build on this file; quote values that contain `: `, `#` or start with a special character",
                        Flavor::Jekyll => "Jekyll drops the front matter (or fails with `strict_front_matter`); quote values that contain `: `, `#` or start with a special character",
                    }),
                );
            } else if let Ok(data) = &block.data
                && block.format == Format::Yaml
            {
                run_on_quotes(doc, data, sink);
            }
        }
    }
}

/// A quoted YAML value whose closing quote is missing runs on to the next
/// quote, swallowing the lines between — which still parses when a later
/// line holds a stray quote. Lines in a quoted value that look like keys
/// say so (a warning: the generator builds it, with a strange value).
fn run_on_quotes(doc: &Document, node: &Node, sink: &mut Sink) {
    let text = doc.text();
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                let value = &entry.value;
                let raw = text.get(value.span.range()).unwrap_or_default();
                let quoted = matches!(value.value, Value::Str { quoted: true, .. })
                    && raw.starts_with(['"', '\'']);
                let keys: Vec<&str> = if quoted {
                    raw.lines().skip(1).filter_map(key_of_line).collect()
                } else {
                    Vec::new()
                };
                if let Some(first) = keys.first() {
                    let end_line = doc.source.line_col(value.span.end).line;
                    let quote = Span::new(value.span.start, value.span.start + 1);
                    sink.push(
                        Diagnostic::new(
                            &SYNTAX,
                            quote,
                            format!(
                                "the quoted value of `{}` runs on to line {end_line}, over lines that look like keys (`{first}:`): is its closing quote missing?",
                                crate::diagnostic::visible(&entry.key)
                            ),
                        )
                        .severity(Severity::Warning)
                        .label("this quote is closed only on a later line")
                        .help(format!(
                            "close the quote on this line; the generator reads `{first}:` and the lines around it as part of the value of `{}`",
                            crate::diagnostic::visible(&entry.key)
                        )),
                    );
                }
                run_on_quotes(doc, value, sink);
            }
        }
        Value::Seq(items) => {
            for item in items {
                run_on_quotes(doc, item, sink);
            }
        }
        _ => {}
    }
}

/// The key of a line written as `key: value` (after indentation).
fn key_of_line(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let len = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let rest = &line[len..];
    (len > 0 && (rest == ":" || rest.starts_with(": "))).then(|| &line[..len])
}

fn missing(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let first_line = Span::from(doc.source.first_line());
    let (severity, message, help) = match (cx.kind, doc.flavor) {
        (PageKind::Post, Flavor::Hugo) => (
            Severity::Error,
            "post has no front matter",
            "Hugo publishes it without a title or date; start the file with a `---` block holding at least `title` and `date`",
        ),
        (PageKind::Post, Flavor::Jekyll) => (
            Severity::Error,
            "post has no front matter",
            "Jekyll takes the title from the file name and applies no layout; start the file with a `---` block holding at least `title`",
        ),
        (_, Flavor::Jekyll) => (
            Severity::Info,
            "page has no front matter, so Jekyll copies it to the site as is",
            "the Markdown is not rendered and no layout is applied; add an empty `---` block (two `---` lines) at the top to have it rendered",
        ),
        (_, Flavor::Hugo) => return,
    };
    let message = if doc.source.is_empty() {
        format!("{message} (the file is empty)")
    } else {
        message.to_string()
    };
    sink.push(
        Diagnostic::new(&MISSING, first_line, message)
            .severity(severity)
            .label("expected front matter here")
            .help(help),
    );
}

/// A parser points between characters; underline the character there.
fn widen(doc: &Document, span: Span) -> Span {
    if !span.is_empty() {
        return span;
    }
    let text = doc.text();
    let at = doc.source.floor_boundary(span.start);
    match text[at..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => Span::new(at, at + c.len_utf8()),
        _ => Span::new(at, at),
    }
}
