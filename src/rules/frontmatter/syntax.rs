//! Front matter that exists where a post needs it (FM003), is closed
//! (FM002) and parses (FM001), by each generator's own rules.

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Document, FrontMatter};
use crate::generator::{Flavor, PageKind};
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::value::{ErrorPoint, Format, Node, Value};

declare_check! {
    /// The front matter block: present, closed, parsed.
    pub static CHECK = Runs::EachFile(check);

    pub static SYNTAX = "FM001" "frontmatter-syntax" {
        severity: Error,
        summary: "Front matter that does not parse as YAML, TOML or JSON",
    }

    pub static UNTERMINATED = "FM002" "frontmatter-unterminated" {
        severity: Error,
        summary: "A front matter fence that is opened but never closed",
    }

    pub static MISSING = "FM003" "frontmatter-missing" {
        severity: Error,
        summary: "A post without front matter (a Jekyll page without it is copied raw: info)",
    }
}

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
                    .label(match err.points_at {
                        ErrorPoint::Stop => "the parser stops here",
                        ErrorPoint::Opener => "opened here",
                    })
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
