//! Excerpt and summary separator rules (EX): the divider a post uses must be
//! the one its generator looks for, exactly, once, where it can cut.
//!
//! Hugo ends a manual summary at the first `<!--more-->` of the body (exact
//! bytes, found even inside code) and ignores a front matter
//! `excerpt_separator`. Jekyll cuts a document's excerpt at the first raw
//! occurrence of its separator: the front matter's `excerpt_separator`, else
//! `_config.yml`'s, else `"\n\n"`; `""` turns excerpts off.

use memchr::memmem;

mod hugo;
mod jekyll;
mod near_miss;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::value::Entry;

/// Hugo's summary divider.
pub const HUGO_DIVIDER: &str = "<!--more-->";
/// Jekyll's default excerpt separator.
pub const JEKYLL_DEFAULT: &str = "\n\n";

/// Where a Jekyll separator was set.
enum Origin<'a> {
    /// The post's front matter (the `excerpt_separator` entry).
    FrontMatter(&'a Entry),
    /// The site config (`_config.yml`).
    Config,
    /// Neither: Jekyll's default.
    Default,
}

/// The divider in effect for one file.
struct Divider<'a> {
    text: String,
    origin: Origin<'a>,
}

declare_check! {
    /// The summary dividers of a post, as its generator finds them.
    pub static CHECK = Runs::EachFile(check);

    pub static MISSING = "EX001" "separator-missing" {
        severity: Error,
        summary: "A declared excerpt separator never occurs in the body (Hugo ignores the key: warning)",
    }

    pub static MALFORMED = "EX002" "separator-malformed" {
        severity: Error,
        fixable: true,
        summary: "A near-miss divider the generator does not recognise (`<!-- more -->`, `<!--More-->`)",
    }

    pub static REPEATED = "EX003" "separator-repeated" {
        severity: Warning,
        summary: "A divider after the first, or a first one inside code, inline, or inside an open Liquid block",
    }

    pub static REQUIRED = "EX004" "separator-required" {
        severity: Error,
        enabled_by_default: false,
        summary: "A post without a divider when `[excerpt] required = true`",
    }

    pub static LENGTH = "EX005" "excerpt-length" {
        severity: Warning,
        enabled_by_default: false,
        summary: "An excerpt longer than `[excerpt] max_words` words",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    match doc.flavor {
        Flavor::Hugo => hugo::hugo(cx, doc, sink),
        Flavor::Jekyll => jekyll::jekyll(cx, doc, sink),
    }
}

fn occurrences(doc: &Document, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    memmem::find_iter(doc.body().as_bytes(), needle.as_bytes())
        .map(|at| Span::new(doc.body_start + at, doc.body_start + at + needle.len()))
        .collect()
}

fn declaration_span(entry: &Entry) -> Span {
    Span::new(
        entry.key_span.start,
        entry.value.span.end.max(entry.key_span.end),
    )
}

/// Where findings about a whole file point: the front matter's closing
/// fence (where a divider would follow), else the first line.
fn file_anchor(doc: &Document) -> Span {
    match doc.front_matter.block() {
        Some(block) => block.close,
        None => Span::from(doc.source.first_line()),
    }
}

fn line_of(doc: &Document, span: Span) -> usize {
    doc.source.line_col(span.start).line
}

// ---------------------------------------------------------------- Hugo

// -------------------------------------------------------------- Jekyll

// ------------------------------------------------------------- shared

/// Human form of a separator for messages.
fn show(separator: &str) -> String {
    if separator.contains('\n') || separator.trim().is_empty() {
        format!("{separator:?}")
    } else {
        format!("`{separator}`")
    }
}

/// EX003 for the dividers that are found: the first inside code or inline
/// in a paragraph, and every later one outside code.
fn placement(doc: &Document, found: &[Span], divider: &str, flavor: Flavor, sink: &mut Sink) {
    let Some(first) = found.first() else {
        return;
    };
    let (who, thing) = match flavor {
        Flavor::Hugo => ("Hugo", "summary"),
        Flavor::Jekyll => ("Jekyll", "excerpt"),
    };
    if let Some(code) = doc.markdown.code_at(first.start) {
        let place = match code.kind {
            crate::document::markdown::CodeKind::Inline => "code span",
            _ => "code block",
        };
        sink.push(
            Diagnostic::new(
                &REPEATED,
                *first,
                format!("the first `{divider}` sits inside a {place}, and {who} still ends the {thing} there"),
            )
            .label(format!("{who} cuts the {thing} inside this {place}"))
            .help(format!(
                "put a real `{divider}` on its own line before this {place}, so the {thing} ends where you mean it to"
            )),
        );
    } else if is_inline(doc, *first) {
        sink.push(
            Diagnostic::new(
                &REPEATED,
                *first,
                format!("`{divider}` is used inline, so {who} splits the paragraph around it"),
            )
            .label("inside a paragraph")
            .help(format!(
                "put `{divider}` on its own line between paragraphs; inline, the {thing} ends mid-paragraph and leaves the rest of it unbalanced"
            )),
        );
    }
    let first_line = line_of(doc, *first);
    for extra in &found[1..] {
        if doc.markdown.in_code(extra.start) {
            continue;
        }
        sink.push(
            Diagnostic::new(
                &REPEATED,
                *extra,
                format!("another `{divider}`: {who} ends the {thing} at the first one (line {first_line}) only"),
            )
            .label("this one is only an HTML comment")
            .secondary(*first, format!("the {thing} ends here"))
            .help("keep one divider where the summary should end and delete the others"),
        );
    }
}

/// Whether a divider shares its line with other text (not an HTML block of
/// its own).
fn is_inline(doc: &Document, span: Span) -> bool {
    if let Some(html) = doc
        .markdown
        .html
        .iter()
        .find(|html| html.span.start <= span.start && span.end <= html.span.end)
    {
        return !html.block;
    }
    let line = doc.source.line_text_at(span.start);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let line_start = doc
        .source
        .line_range(doc.source.line_index(span.start))
        .start;
    !(indent <= 3 && line_start + indent == span.start)
}

fn too_long(span: Span, words: usize, max: usize, what: &str, place: &str) -> Diagnostic {
    Diagnostic::new(
        &LENGTH,
        span,
        format!("the {what} has {words} words, more than the configured maximum of {max}"),
    )
    .label(format!("{words} words {place}"))
    .help("shorten it, or move the divider up: list pages and feeds show the whole excerpt")
}

/// Words of plain text (front matter summaries).
fn plain_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Rendered words between two offsets: prose text and code spans, without
/// markup and without template tags.
fn count_words(doc: &Document, start: usize, end: usize) -> usize {
    let mut tags: Vec<Span> = doc
        .tags
        .shortcodes
        .iter()
        .map(|sc| sc.span)
        .chain(doc.tags.liquid.iter().map(|tag| tag.span))
        .collect();
    tags.sort_by_key(|span| span.start);
    let inline_code = doc
        .markdown
        .code
        .iter()
        .filter(|code| code.kind == crate::document::markdown::CodeKind::Inline)
        .map(|code| code.span);
    let mut spans: Vec<Span> = doc
        .markdown
        .text
        .iter()
        .copied()
        .chain(inline_code)
        .collect();
    spans.sort_by_key(|span| span.start);
    let text = doc.text();
    let mut words = 0;
    for span in spans {
        let (from, to) = (span.start.max(start), span.end.min(end));
        if from >= to {
            continue;
        }
        let Some(chunk) = text.get(from..to) else {
            continue;
        };
        let mut offset = from;
        for piece in chunk.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end();
            let here = offset;
            offset += piece.len();
            if !word.chars().any(char::is_alphanumeric) {
                continue;
            }
            let first = tags.partition_point(|tag| tag.end <= here);
            if tags.get(first).is_some_and(|tag| tag.start <= here) {
                continue;
            }
            words += 1;
        }
    }
    words
}
