//! The ids of a page's headings exactly as its generator makes them: what
//! a link's `#fragment` can name. The rules that make an id from a text
//! are the generator's (`generator::hugo::heading_ids`,
//! `generator::jekyll::heading_ids`); this module hands them the text each
//! renderer reads, which is not the heading's displayed text:
//!
//! - Hugo (`render.TextPlain` in Hugo's
//!   `markup/goldmark/internal/render/context.go`): text, code spans and
//!   image alt text, not autolinks (Goldmark's `AutoLink` has no text
//!   child), raw HTML stripped of its tags, the typographer's dashes, and
//!   only the last line of a setext heading;
//! - kramdown with the GFM parser (kramdown-parser-gfm's `update_raw_text`):
//!   text, code spans and autolinks, not image alt text, with typographic
//!   dashes; kramdown's own parser: only text elements
//!   (`auto_id_stripping`), or the header as written.

use super::Document;
use super::html_headings::html_headings;
use super::markdown::{Heading, PartKind, TextPart};
use crate::diagnostic::Span;
use crate::generator::heading_ids::{IdRules, without_typographic_dashes};
use crate::generator::hugo::heading_ids::{self as hugo, Kind};
use crate::generator::jekyll::heading_ids::{self as jekyll, HeaderText};

/// One id a page gives an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingId {
    pub id: String,
    /// The Markdown heading, the raw HTML start tag, or the definition
    /// term.
    pub span: Span,
    pub kind: IdKind,
    /// False when the text holds a template call (a Hugo shortcode's
    /// placeholder or output, a Liquid output) postlint cannot render, or
    /// the generator's rule needs data postlint lacks: the id is the best
    /// guess, and the ids after it are numbered from it.
    pub exact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A Markdown heading (`#`, setext), generated or written `{#id}`.
    Heading,
    /// A heading in raw HTML with an `id` attribute, kept as written.
    HtmlHeading,
    /// A definition list term (Hugo's `autoDefinitionTermID`).
    Term,
}

/// Every heading id of `doc` under `rules`, in source order.
pub fn heading_ids(doc: &Document, rules: IdRules<'_>) -> Vec<HeadingId> {
    let mut ids = markdown_heading_ids(doc, rules);
    for heading in html_headings(doc.text(), &doc.markdown) {
        if let Some(id) = heading.id {
            ids.push(HeadingId {
                id,
                span: heading.span,
                kind: IdKind::HtmlHeading,
                exact: true,
            });
        }
    }
    ids.sort_by_key(|id| id.span.start);
    ids
}

/// The ids of `doc`'s Markdown headings (and Hugo's definition terms)
/// under `rules`, in source order: `heading_ids` without raw HTML.
pub fn markdown_heading_ids(doc: &Document, rules: IdRules<'_>) -> Vec<HeadingId> {
    match rules {
        IdRules::Hugo(options) => hugo_ids(doc, options),
        IdRules::Jekyll(options) => jekyll_ids(doc, options),
    }
}

fn hugo_ids(doc: &Document, options: &hugo::Options) -> Vec<HeadingId> {
    let mut nodes: Vec<(&Heading, Kind)> = doc
        .markdown
        .headings
        .iter()
        .map(|heading| (heading, Kind::Heading))
        .chain(
            doc.markdown
                .terms
                .iter()
                .map(|term| (term, Kind::DefinitionTerm)),
        )
        .collect();
    nodes.sort_by_key(|(node, _)| node.span.start);
    let mut factory = hugo::Ids::new(options);
    let mut found = Vec::new();
    for (node, kind) in nodes {
        let explicit = node.id.as_deref().filter(|_| options.attribute_title);
        let id = match explicit {
            Some(id) => {
                factory.put(id);
                Some(id.to_string())
            }
            None => factory.generate(&hugo_text(node, options), kind),
        };
        if let Some(id) = id {
            found.push(HeadingId {
                id,
                span: node.span,
                kind: match kind {
                    Kind::Heading => IdKind::Heading,
                    Kind::DefinitionTerm => IdKind::Term,
                },
                exact: !has_template(node),
            });
        }
    }
    found
}

/// The text Goldmark hands Hugo's id factory.
fn hugo_text(heading: &Heading, options: &hugo::Options) -> String {
    // A setext heading of several lines: Hugo reads the last one.
    let last_line;
    let heading = match heading
        .parts
        .iter()
        .rfind(|part| part.kind == PartKind::LineBreak)
    {
        Some(brk) => {
            last_line = tail(heading, brk.end);
            &last_line
        }
        None => heading,
    };
    let mut text = assemble(heading, |kind| match kind {
        PartKind::Autolink => Piece::Skip,
        PartKind::Code => Piece::AsIs,
        PartKind::ImageAlt | PartKind::LineBreak | PartKind::Template => {
            Piece::prose(options.typographer)
        }
    });
    // With title attributes off, `{#id}` is text like the rest.
    if let (Some(id), false) = (&heading.id, options.attribute_title) {
        text.push_str(" {#");
        text.push_str(id);
        text.push('}');
    }
    text
}

/// The heading from `from` (a byte of its text, the end of its last line
/// break) on: its last line.
fn tail(heading: &Heading, from: usize) -> Heading {
    Heading {
        level: heading.level,
        span: heading.span,
        text: heading.text.get(from..).unwrap_or_default().to_string(),
        id: heading.id.clone(),
        parts: heading
            .parts
            .iter()
            .filter(|part| part.start >= from && part.kind != PartKind::LineBreak)
            .map(|part| TextPart {
                kind: part.kind,
                start: part.start - from,
                end: part.end - from,
            })
            .collect(),
    }
}

fn jekyll_ids(doc: &Document, options: &jekyll::Options) -> Vec<HeadingId> {
    let text = doc.text();
    let header_text = options.header_text();
    let mut factory = jekyll::Ids::new(options);
    let mut found = Vec::new();
    for heading in &doc.markdown.headings {
        let explicit = heading.id.clone().or_else(|| ial_id(text, heading.span));
        let id = match (explicit, header_text) {
            (Some(id), _) => Some(id),
            (None, Some(kind)) => factory.generate(&kramdown_text(text, heading, kind)),
            (None, None) => None,
        };
        if let Some(id) = id {
            found.push(HeadingId {
                id,
                span: heading.span,
                kind: IdKind::Heading,
                exact: options.exact() && !has_template(heading),
            });
        }
    }
    found
}

/// The text kramdown makes a header's id from.
fn kramdown_text(source: &str, heading: &Heading, kind: HeaderText) -> String {
    match kind {
        HeaderText::Gfm => assemble(heading, |part| match part {
            PartKind::ImageAlt => Piece::Skip,
            PartKind::Code => Piece::AsIs,
            PartKind::Autolink | PartKind::LineBreak | PartKind::Template => Piece::prose(true),
        }),
        HeaderText::Stripped => assemble(heading, |part| match part {
            PartKind::ImageAlt | PartKind::Code => Piece::Skip,
            PartKind::Autolink | PartKind::LineBreak | PartKind::Template => Piece::prose(true),
        }),
        HeaderText::Raw => raw_header_text(source, heading.span),
    }
}

/// How a stretch of a heading's text goes into the id's text.
#[derive(Clone, Copy)]
enum Piece {
    Skip,
    AsIs,
    /// Prose, its `--` and `---` turned into dashes (or kept).
    Prose {
        dashes: bool,
    },
}

impl Piece {
    fn prose(dashes: bool) -> Piece {
        Piece::Prose { dashes }
    }
}

/// A heading's text with each part (and the prose around them, read as
/// `Prose`) put through `piece`.
fn assemble(heading: &Heading, piece: impl Fn(PartKind) -> Piece) -> String {
    let text = heading.text.as_str();
    let prose = piece(PartKind::Template);
    let mut out = String::with_capacity(text.len());
    let mut push = |from: usize, to: usize, how: Piece| {
        let Some(stretch) = text.get(from..to) else {
            return;
        };
        match how {
            Piece::Skip => {}
            Piece::AsIs | Piece::Prose { dashes: false } => out.push_str(stretch),
            Piece::Prose { dashes: true } => out.push_str(&without_typographic_dashes(stretch)),
        }
    };
    let mut at = 0;
    for part in &heading.parts {
        if part.start < at {
            continue;
        }
        push(at, part.start, prose);
        push(part.start, part.end, piece(part.kind));
        at = part.end;
    }
    push(at, text.len(), prose);
    out
}

fn has_template(heading: &Heading) -> bool {
    heading
        .parts
        .iter()
        .any(|part| part.kind == PartKind::Template)
}

/// A header's text as written (kramdown's `raw_text` without stripping):
/// the first line of `span` without the `#` marks, a closing run of `#`
/// and a ` {#id}` (kramdown's `parse_atx_header`, `parse_header_contents`).
fn raw_header_text(source: &str, span: Span) -> String {
    let line = source
        .get(span.range())
        .and_then(|heading| heading.lines().next())
        .unwrap_or_default();
    let mut text = line.trim();
    if text.starts_with('#') {
        text = text.trim_start_matches('#').trim();
        let closed = text.trim_end_matches('#');
        if closed.len() < text.len() && !closed.ends_with('\\') {
            text = closed.trim_end();
        }
    }
    if let Some(open) = text.rfind(" {#").or_else(|| text.rfind("\t{#"))
        && text.ends_with('}')
    {
        text = text[..open].trim_end();
    }
    text.to_string()
}

/// The id of an inline attribute list on the line after a header
/// (`{: #id}`), or on the line before it, which kramdown applies to the
/// next block.
fn ial_id(source: &str, span: Span) -> Option<String> {
    let after = source.get(span.end..)?;
    let after = after.strip_prefix('\n').unwrap_or(after);
    let next = after.lines().next().unwrap_or_default();
    let before = source.get(..span.start)?.strip_suffix('\n')?;
    let previous = before.rsplit('\n').next().unwrap_or_default();
    [next, previous].into_iter().find_map(|line| {
        let inner = line.trim().strip_prefix("{:")?.strip_suffix('}')?;
        inner
            .split_whitespace()
            .find_map(|token| token.strip_prefix('#'))
            .filter(|id| !id.is_empty())
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line break part that ends the text (as a setext heading's last
    /// line can leave it) is the last line's start, not a line of its own.
    #[test]
    fn a_line_break_at_the_end_of_a_heading() {
        let heading = Heading {
            level: 2,
            span: Span::new(0, 8),
            text: "abc".to_string(),
            id: None,
            parts: vec![TextPart {
                kind: PartKind::LineBreak,
                start: 3,
                end: 3,
            }],
        };
        assert_eq!(hugo_text(&heading, &hugo::Options::default()), "");
    }
}
