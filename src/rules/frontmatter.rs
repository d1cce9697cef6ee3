//! Front matter rules (FM): the block must exist where a post needs one,
//! be closed, and parse.

use super::{Family, FileContext, PageKind, RuleMeta, Sink};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Document, FrontMatter};
use crate::site::Flavor;

pub static SYNTAX: RuleMeta = RuleMeta {
    code: "FM001",
    name: "frontmatter-syntax",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "Front matter that does not parse as YAML, TOML or JSON",
    doc: include_str!("../../rules/FM001.md"),
};

pub static UNTERMINATED: RuleMeta = RuleMeta {
    code: "FM002",
    name: "frontmatter-unterminated",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A front matter fence that is opened but never closed",
    doc: include_str!("../../rules/FM002.md"),
};

pub static MISSING: RuleMeta = RuleMeta {
    code: "FM003",
    name: "frontmatter-missing",
    family: Family::FrontMatter,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A post without front matter (a Jekyll page without it is copied raw: info)",
    doc: include_str!("../../rules/FM003.md"),
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
            }
        }
    }
}

fn missing(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let first_line = Span::from(doc.source.line_range(0));
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
