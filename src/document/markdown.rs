//! The body's Markdown structure, computed once with pulldown-cmark over the
//! body as the generator hands it to its renderer (see `mask`).

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Span;

/// The byte that stands in for a template call the generator replaces
/// before Markdown rendering (Hugo's `HAHAHUGOSHORTCODE` placeholder). It is
/// one printable ASCII byte without meaning in Markdown (control bytes are
/// not allowed in link destinations), so every offset stays the file's.
pub const PLACEHOLDER: u8 = b'$';

#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub headings: Vec<Heading>,
    /// The terms of definition lists (`Term` over `: definition`), level 0:
    /// Hugo can give them ids from the same counter as the headings.
    pub terms: Vec<Heading>,
    pub images: Vec<MdImage>,
    pub links: Vec<MdLink>,
    /// Code blocks and code spans, sorted by start.
    pub code: Vec<Code>,
    /// Raw HTML chunks (block and inline), sorted by start.
    pub html: Vec<Html>,
    /// Spans of prose text (Text events outside code), in order.
    pub text: Vec<Span>,
    /// Link reference definitions (`[label]: dest "title"`), in source order.
    pub definitions: Vec<Definition>,
}

#[derive(Debug, Clone)]
pub struct Definition {
    /// The label as written (matching is case-insensitive).
    pub label: String,
    pub dest: String,
    /// The whole `[label]: dest "title"` definition.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub span: Span,
    /// The heading's plain text (template placeholders removed).
    pub text: String,
    /// The id written after the text (`## Title {#id}`).
    pub id: Option<String>,
    /// Where `text` is something else than prose, in order: what the
    /// generators' heading ids treat differently. Empty for most headings.
    pub parts: Vec<TextPart>,
}

/// A stretch of a heading's `text` (`range` is in the text) that is not
/// prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPart {
    pub kind: PartKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A code span's content.
    Code,
    /// The text of an autolink (`<https://x>`).
    Autolink,
    /// An image's alt text.
    ImageAlt,
    /// The space that stands for a line break (a setext heading of several
    /// lines).
    LineBreak,
    /// Where a template call was cut out (empty): the generator's text
    /// there is the call's output or placeholder.
    Template,
}

/// A heading or term being read.
struct Open {
    level: u8,
    start: usize,
    text: String,
    id: Option<String>,
    parts: Vec<TextPart>,
    /// Where the text of the link or image being read starts.
    autolink_from: Option<usize>,
    alt_from: Option<usize>,
}

impl Open {
    fn new(level: u8, start: usize, id: Option<String>) -> Open {
        Open {
            level,
            start,
            text: String::new(),
            id,
            parts: Vec::new(),
            autolink_from: None,
            alt_from: None,
        }
    }

    fn push(&mut self, text: &str, kind: Option<PartKind>) {
        let start = self.text.len();
        self.text.push_str(text);
        if let Some(kind) = kind {
            self.mark(kind, start);
        }
    }

    fn mark(&mut self, kind: PartKind, start: usize) {
        self.parts.push(TextPart {
            kind,
            start,
            end: self.text.len(),
        });
    }

    /// The heading, its text trimmed as before and its parts moved with it.
    fn finish(self, end: usize) -> Heading {
        let trimmed = self.text.trim();
        let lead = self.text.len() - self.text.trim_start().len();
        let len = trimmed.len();
        let parts = self
            .parts
            .iter()
            .map(|part| TextPart {
                kind: part.kind,
                start: part.start.saturating_sub(lead).min(len),
                end: part.end.saturating_sub(lead).min(len),
            })
            .collect();
        Heading {
            level: self.level,
            span: Span::new(self.start, end),
            text: trimmed.to_string(),
            id: self.id,
            parts,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Fenced,
    Indented,
    Inline,
}

#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub kind: CodeKind,
    pub span: Span,
}

impl Code {
    /// A fenced block's language: the first word of its info string
    /// (```` ```sh ````, `~~~ ruby`, ```` ```{.sh} ````), read from the
    /// fence line, where the block's span starts.
    pub fn language<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.kind != CodeKind::Fenced {
            return None;
        }
        let block = text.get(self.span.range())?;
        let line = block.lines().next()?.trim_start();
        let fence = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let info = line.trim_start_matches(fence).trim_start();
        let word = info.split_whitespace().next()?;
        let word = word.trim_start_matches('{').trim_start_matches('.');
        let word = word.split(['}', ',', '{']).next().unwrap_or_default();
        (!word.is_empty()).then_some(word)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Html {
    pub span: Span,
    /// An HTML block (true) or inline HTML inside a paragraph (false).
    pub block: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Inline,
    /// `![alt][label]`, `![alt][]` or `![alt]`: the target is a definition.
    Reference,
    Autolink,
}

#[derive(Debug, Clone)]
pub struct MdImage {
    /// The whole `![alt](dest)` construct.
    pub span: Span,
    pub alt: String,
    /// Where the alt text is (empty span right after `![` when there is none).
    pub alt_span: Span,
    pub dest: String,
    /// The destination as written, when it could be located in the source.
    pub dest_span: Option<Span>,
    pub title: String,
    pub kind: RefKind,
    /// The reference label of a reference-style image (`ref` in `![a][ref]`).
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct MdLink {
    pub span: Span,
    pub dest: String,
    /// The destination as written: for a reference-style link, the one in
    /// its definition.
    pub dest_span: Option<Span>,
    pub kind: RefKind,
    /// The reference label of a reference-style link (`ref` in `[a][ref]`).
    pub label: String,
}

impl Markdown {
    /// A body that is not Markdown (a Jekyll HTML page): one raw HTML
    /// block, nothing else.
    pub fn raw_html(body: Span) -> Markdown {
        Markdown {
            html: vec![Html {
                span: body,
                block: true,
            }],
            ..Markdown::default()
        }
    }

    /// The raw HTML as the renderer sees it: the chunks next to each
    /// other (a block and the inline HTML that continues it) joined.
    pub fn html_chunks(&self) -> Vec<Span> {
        let mut chunks: Vec<Span> = Vec::new();
        for html in &self.html {
            match chunks.last_mut() {
                Some(last) if html.span.start <= last.end => last.end = last.end.max(html.span.end),
                _ => chunks.push(html.span),
            }
        }
        chunks
    }

    /// Parses `masked` (the whole file, front matter and template calls
    /// blanked; `placeholders` are the sorted spans replaced by
    /// `PLACEHOLDER`); every span is a file offset.
    pub fn parse(masked: &str, placeholders: &[Span]) -> Markdown {
        let mut md = Markdown {
            // Room for about one text event a line (75 for a 2.4 KB
            // post): grown a slot at a time it was most of this function's
            // reallocations. Held only while the file is linted.
            text: Vec::with_capacity(masked.len() / 32),
            ..Markdown::default()
        };
        let mut heading: Option<Open> = None;
        let mut in_term = false;
        let mut image: Option<(MdImage, usize)> = None;
        let mut in_code_block = false;
        let mut parser = Parser::new_ext(masked, options()).into_offset_iter();
        for (label, def) in parser.reference_definitions().iter() {
            md.definitions.push(Definition {
                label: label.to_string(),
                dest: def.dest.to_string(),
                span: Span::from(def.span.clone()),
            });
        }
        md.definitions.sort_by_key(|def| def.span.start);
        for (event, range) in parser.by_ref() {
            let span = Span::from(range);
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some(Open::new(
                        level as u8,
                        span.start,
                        id.map(|id| id.into_string()),
                    ));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(open) = heading.take() {
                        md.headings.push(open.finish(span.end));
                    }
                }
                Event::Start(Tag::DefinitionListTitle) if heading.is_none() => {
                    in_term = true;
                    heading = Some(Open::new(0, span.start, None));
                }
                Event::End(TagEnd::DefinitionListTitle) if in_term => {
                    in_term = false;
                    if let Some(open) = heading.take() {
                        md.terms.push(open.finish(span.end));
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code_block = true;
                    let kind = match kind {
                        CodeBlockKind::Fenced(_) => CodeKind::Fenced,
                        CodeBlockKind::Indented => CodeKind::Indented,
                    };
                    md.code.push(Code { kind, span });
                }
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Code(text) => {
                    md.code.push(Code {
                        kind: CodeKind::Inline,
                        span,
                    });
                    if heading.is_some() || image.is_some() {
                        push_text(
                            &mut heading,
                            &mut image,
                            without_placeholders(&text, span, masked, placeholders),
                            Some(PartKind::Code),
                        );
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let image_start = span.start;
                    if let Some(open) = heading.as_mut() {
                        open.alt_from = Some(open.text.len());
                    }
                    let alt_start = (span.start + 2).min(span.end);
                    image = Some((
                        MdImage {
                            span,
                            alt: String::new(),
                            alt_span: Span::empty(alt_start),
                            dest: dest_url.into_string(),
                            dest_span: None,
                            title: title.into_string(),
                            kind: ref_kind(link_type),
                            label: id.into_string(),
                        },
                        image_start,
                    ));
                }
                Event::End(TagEnd::Image) => {
                    if let Some(open) = heading.as_mut()
                        && let Some(from) = open.alt_from.take()
                    {
                        open.mark(PartKind::ImageAlt, from);
                    }
                    if let Some((mut img, _)) = image.take() {
                        if img.kind == RefKind::Inline {
                            img.dest_span = inline_dest_span(masked, img.span, img.alt_span);
                        }
                        md.images.push(img);
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    let kind = ref_kind(link_type);
                    if let (Some(open), RefKind::Autolink) = (heading.as_mut(), kind) {
                        open.autolink_from = Some(open.text.len());
                    }
                    md.links.push(MdLink {
                        span,
                        dest: dest_url.into_string(),
                        dest_span: None,
                        kind,
                        label: id.into_string(),
                    });
                }
                Event::Text(text) => {
                    if let Some((img, _)) = image.as_mut() {
                        if img.alt.is_empty() && img.alt_span.is_empty() {
                            img.alt_span = span;
                        } else {
                            img.alt_span.end = span.end;
                        }
                    }
                    // Only headings and alt texts keep their text.
                    if heading.is_some() || image.is_some() {
                        push_text(
                            &mut heading,
                            &mut image,
                            without_placeholders(&text, span, masked, placeholders),
                            None,
                        );
                    }
                    if !in_code_block {
                        md.text.push(span);
                    }
                }
                Event::Html(_) => md.html.push(Html { span, block: true }),
                Event::InlineHtml(_) => md.html.push(Html { span, block: false }),
                Event::End(TagEnd::Link) => {
                    if let Some(open) = heading.as_mut()
                        && let Some(from) = open.autolink_from.take()
                    {
                        open.mark(PartKind::Autolink, from);
                    }
                }
                Event::SoftBreak | Event::HardBreak => push_text(
                    &mut heading,
                    &mut image,
                    Cow::Borrowed(" "),
                    Some(PartKind::LineBreak),
                ),
                _ => {}
            }
        }
        let definitions = parser.reference_definitions();
        for link in &mut md.links {
            match link.kind {
                RefKind::Inline => {
                    link.dest_span =
                        inline_dest_span(masked, link.span, Span::empty(link.span.start));
                }
                RefKind::Reference => {
                    link.dest_span = definitions
                        .get(&link.label)
                        .and_then(|def| definition_dest_span(masked, Span::from(def.span.clone())));
                }
                RefKind::Autolink => {}
            }
        }
        md.code.sort_by_key(|code| code.span.start);
        md
    }

    /// Whether `offset` lies inside a code block or code span.
    pub fn in_code(&self, offset: usize) -> bool {
        self.code_at(offset).is_some()
    }

    pub fn code_at(&self, offset: usize) -> Option<&Code> {
        let after = self.code.partition_point(|code| code.span.start <= offset);
        self.code[..after]
            .iter()
            .rev()
            .take(4)
            .find(|code| code.span.contains(offset))
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

fn ref_kind(link_type: LinkType) -> RefKind {
    match link_type {
        LinkType::Inline => RefKind::Inline,
        LinkType::Autolink | LinkType::Email => RefKind::Autolink,
        _ => RefKind::Reference,
    }
}

fn push_text(
    heading: &mut Option<Open>,
    image: &mut Option<(MdImage, usize)>,
    text: Cow<'_, str>,
    kind: Option<PartKind>,
) {
    if let Some(open) = heading.as_mut() {
        open.push(&text, kind);
        // An owned text is one a template call was cut out of.
        if let Cow::Owned(_) = &text {
            let at = open.text.len();
            open.parts.push(TextPart {
                kind: PartKind::Template,
                start: at,
                end: at,
            });
        }
    }
    if let Some((img, _)) = image.as_mut() {
        img.alt.push_str(&text);
    }
}

/// An event's text, minus what stands for a replaced template call
/// (borrowed when no placeholder overlaps it, the usual case).
fn without_placeholders<'t>(
    text: &'t str,
    span: Span,
    masked: &str,
    placeholders: &[Span],
) -> Cow<'t, str> {
    let first = placeholders.partition_point(|p| p.end <= span.start);
    let overlapping = placeholders[first..]
        .iter()
        .take_while(|p| p.start < span.end);
    let mut cut = overlapping.peekable();
    if cut.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut at = span.start;
    for placeholder in cut {
        if placeholder.start > at {
            out.push_str(masked.get(at..placeholder.start).unwrap_or_default());
        }
        at = at.max(placeholder.end);
    }
    if at < span.end {
        out.push_str(masked.get(at..span.end).unwrap_or_default());
    }
    Cow::Owned(out)
}

/// Locates the destination of an inline `[…](dest "title")` in the source:
/// the text after the `](` that follows `after`, up to whitespace or the
/// closing parenthesis (angle brackets excluded).
fn inline_dest_span(text: &str, construct: Span, after: Span) -> Option<Span> {
    let region = text.get(after.end..construct.end)?;
    let open = region.find("](")? + after.end + 2;
    let bytes = text.as_bytes();
    let mut start = open;
    while start < construct.end && matches!(bytes[start], b' ' | b'\t' | b'\n' | b'\r') {
        start += 1;
    }
    if bytes.get(start) == Some(&b'<') {
        let end = start + 1 + text[start + 1..construct.end].find('>')?;
        return Some(Span::new(start + 1, end));
    }
    let mut depth = 0usize;
    let mut end = start;
    while end < construct.end {
        match bytes[end] {
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b' ' | b'\t' | b'\n' | b'\r' => break,
            b'\\' => end += 1,
            _ => {}
        }
        end += 1;
    }
    Some(Span::new(start, end.min(construct.end)))
}

/// The destination inside a reference definition `[label]: dest "title"`.
fn definition_dest_span(text: &str, def: Span) -> Option<Span> {
    let region = text.get(def.range())?;
    let colon = region.find("]:")? + 2;
    let after = &region[colon..];
    let skipped = after.len() - after.trim_start().len();
    let start = def.start + colon + skipped;
    let rest = text.get(start..def.end)?;
    if let Some(inner) = rest.strip_prefix('<') {
        let end = inner.find('>')?;
        return Some(Span::new(start + 1, start + 1 + end));
    }
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(Span::new(start, start + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_structure_with_offsets() {
        let text = "# Title\n\nSee ![a cat](/img/cat.png \"t\") and `code`.\n\n```\n![no](x.png)\n```\n<img src=\"y.png\">\n";
        let md = Markdown::parse(text, &[]);
        assert_eq!(md.headings[0].text, "Title");
        assert_eq!(md.images.len(), 1);
        let img = &md.images[0];
        assert_eq!(img.alt, "a cat");
        assert_eq!(&text[img.alt_span.range()], "a cat");
        assert_eq!(&text[img.dest_span.unwrap().range()], "/img/cat.png");
        assert_eq!(md.code.len(), 2);
        assert!(md.in_code(text.find("![no]").unwrap()));
        assert!(!md.in_code(text.find("See").unwrap()));
        assert_eq!(md.html.len(), 1);
    }

    #[test]
    fn reference_links_point_at_their_definition() {
        let text = "See [the docs][d] and [more][].\n\n[d]: /docs/x/ \"T\"\n[more]:  <a b/>\n";
        let md = Markdown::parse(text, &[]);
        assert_eq!(&text[md.links[0].dest_span.unwrap().range()], "/docs/x/");
        assert_eq!(&text[md.links[1].dest_span.unwrap().range()], "a b/");
    }

    #[test]
    fn a_fenced_blocks_language_is_the_first_word_of_its_info_string() {
        let text = "```sh\na\n```\n\n~~~ Ruby linenos\nb\n~~~\n\n```{.console}\nc\n```\n\n```\nd\n```\n\n    e\n\n`f`\n";
        let md = Markdown::parse(text, &[]);
        let languages: Vec<_> = md.code.iter().map(|code| code.language(text)).collect();
        assert_eq!(
            languages,
            [Some("sh"), Some("Ruby"), Some("console"), None, None, None]
        );
    }

    #[test]
    fn empty_alt_has_an_empty_span_after_the_bang_bracket() {
        let md = Markdown::parse("![](a.png)\n", &[]);
        assert_eq!(md.images[0].alt, "");
        assert_eq!(md.images[0].alt_span, Span::empty(2));
    }
}
