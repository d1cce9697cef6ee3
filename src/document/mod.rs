//! A content file parsed once: source text, front matter with spans, template
//! tags, and the body's Markdown structure. Rules read it; none re-parses.

pub mod anchors;
pub mod frontmatter;
pub mod heading_ids;
pub mod html_headings;
pub mod images;
pub mod markdown;
pub mod tags;

use crate::diagnostic::Span;
use crate::generator::{Flavor, Markup};
use crate::text::{FastSet, Source};
use crate::value::{Entry, Node};

pub use frontmatter::{Block, FrontMatter};
pub use heading_ids::{HeadingId, IdKind, heading_ids};
pub use html_headings::{HtmlHeading, html_headings};
pub use images::{Image, ImageKind, Target};
pub use markdown::{Heading, Markdown, PLACEHOLDER, PartKind, TextPart};
pub use tags::{
    Delimiter, LiquidKind, LiquidTag, Param, Shortcode, ShortcodeKind, StrictError, TagError,
    TagErrorKind, Tags, is_literal_output, strict_output_error,
};

#[derive(Debug, Clone)]
pub struct Document {
    pub source: Source,
    pub flavor: Flavor,
    pub markup: Markup,
    pub front_matter: FrontMatter,
    /// Where the body starts (after the closing fence and its line break).
    pub body_start: usize,
    pub tags: Tags,
    pub markdown: Markdown,
    /// Every image, once, in source order (see `images`).
    pub images: Vec<Image>,
}

impl Document {
    /// A Markdown content file.
    pub fn parse(source: Source, flavor: Flavor) -> Document {
        Document::parse_as(source, flavor, Markup::Markdown)
    }

    /// A content file whose body is `markup`: an HTML page's body is one
    /// raw HTML block (its `<img>` elements are its images), with no
    /// headings, links or code of Markdown's.
    pub fn parse_as(source: Source, flavor: Flavor, markup: Markup) -> Document {
        let text = source.text();
        let (front_matter, body_start) = frontmatter::split(text, flavor);
        let mut tags = Tags::default();
        match flavor {
            Flavor::Hugo => {
                tags.shortcodes = tags::lex_shortcodes(text, body_start);
                tags.liquid_in_hugo = tags::lex_liquid(text, body_start);
            }
            Flavor::Jekyll => tags.liquid = tags::lex_liquid(text, body_start),
        }
        let (masked, placeholders) = mask(text, &front_matter, body_start, &tags);
        let markdown = match markup {
            Markup::Markdown => Markdown::parse(&masked, &placeholders),
            Markup::Html => Markdown::raw_html(Span::new(body_start, text.len())),
        };
        for shortcode in &mut tags.shortcodes {
            shortcode.in_code = markdown.in_code(shortcode.span.start);
        }
        for tag in tags.liquid.iter_mut().chain(&mut tags.liquid_in_hugo) {
            tag.in_code = markdown.in_code(tag.span.start);
        }
        let images = images::collect(text, &masked, &placeholders, flavor, &tags, &markdown);
        Document {
            source,
            flavor,
            markup,
            front_matter,
            body_start,
            tags,
            markdown,
            images,
        }
    }

    pub fn text(&self) -> &str {
        self.source.text()
    }

    pub fn body(&self) -> &str {
        &self.source.text()[self.body_start..]
    }

    /// The parsed front matter data, when present and valid.
    pub fn data(&self) -> Option<&Node> {
        self.front_matter.data()
    }

    /// A front matter field; Hugo's keys are case-insensitive, Jekyll's not.
    pub fn field(&self, key: &str) -> Option<&Entry> {
        let data = self.data()?;
        match self.flavor {
            Flavor::Hugo => data.entry_ci(key),
            Flavor::Jekyll => data.entry(key),
        }
    }
}

/// The text the generator's Markdown renderer sees, at the same offsets:
/// front matter blanked; Hugo shortcode calls replaced by a placeholder run
/// (a `{{< >}}` call with its inner content, only the tags of a `{{% %}}`
/// call, whose inner content is Markdown); Jekyll's Liquid tags blanked and
/// outputs replaced by a placeholder run. Line breaks inside a replaced call
/// go too, as the generator's single-line placeholder does.
///
/// Returns the masked text and the sorted, merged placeholder spans.
fn mask(
    text: &str,
    front_matter: &FrontMatter,
    body_start: usize,
    tags: &Tags,
) -> (String, Vec<Span>) {
    let mut bytes = text.as_bytes().to_vec();
    // Where `bytes` differs from `text`.
    let mut edited = Vec::new();
    if let Some(span) = front_matter.span(text.len()) {
        // Up to the body, the rest of the closing fence's line included.
        let end = body_start.max(span.end);
        blank(&mut bytes, Span::new(span.start, end), b' ');
        edited.push(Span::new(span.start, end));
        // JSON front matter may end mid-line: the body's first line starts
        // right after the `}` for the generator, not indented by the blanks.
        if end > span.start && end < bytes.len() && bytes[end - 1] != b'\n' {
            bytes[end - 1] = b'\n';
        }
    }
    let mut placeholders = hugo_calls(&tags.shortcodes);
    mask_liquid(&mut bytes, &tags.liquid, &mut placeholders, &mut edited);
    let merged = merge_spans(placeholders);
    for span in &merged {
        bytes[span.range()].fill(PLACEHOLDER);
    }
    edited.extend_from_slice(&merged);
    (into_text(text, bytes, edited), merged)
}

/// `spans` sorted, overlapping ones merged.
pub(crate) fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|span| span.start);
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// `bytes` as text: `text` with the `edited` spans overwritten. Whole UTF-8
/// sequences are overwritten with ASCII, so only the edited spans are
/// checked (a whole file's check cost more than the parse around it); the
/// lossy path only guards that invariant.
fn into_text(text: &str, bytes: Vec<u8>, edited: Vec<Span>) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut kept_from = 0;
    for span in merge_spans(edited) {
        let (Some(kept), Ok(overwritten)) = (
            text.get(kept_from..span.start),
            std::str::from_utf8(&bytes[span.range()]),
        ) else {
            return String::from_utf8_lossy(&bytes).into_owned();
        };
        out.push_str(kept);
        out.push_str(overwritten);
        kept_from = span.end;
    }
    match text.get(kept_from..) {
        Some(rest) => out.push_str(rest),
        None => return String::from_utf8_lossy(&bytes).into_owned(),
    }
    out
}

/// Replaces a span with `fill`, keeping line breaks (so lines stay lines).
fn blank(bytes: &mut [u8], span: Span, fill: u8) {
    for byte in &mut bytes[span.range()] {
        if *byte != b'\n' && *byte != b'\r' {
            *byte = fill;
        }
    }
}

/// The spans Hugo replaces by a placeholder: a `{{< >}}` call from its
/// opener through its closer when it has one, and every other tag on its own.
///
/// Hugo lets an opener take a closer when its template evaluates `.Inner`;
/// without the templates at hand, a later closing tag of the same name
/// stands for that. A closing tag closes the innermost open shortcode,
/// whatever its name, as in Hugo.
fn hugo_calls(shortcodes: &[Shortcode]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(shortcodes.len());
    let mut closed_later = vec![false; shortcodes.len()];
    let mut closer_names: FastSet<&str> = FastSet::default();
    for (i, sc) in shortcodes.iter().enumerate().rev() {
        match sc.kind {
            ShortcodeKind::Close => {
                closer_names.insert(&sc.name);
            }
            ShortcodeKind::Open => closed_later[i] = closer_names.contains(sc.name.as_str()),
            ShortcodeKind::SelfClosing => {}
        }
    }
    let mut open: Vec<usize> = Vec::new();
    let mut seen: FastSet<&str> = FastSet::default();
    for (i, sc) in shortcodes.iter().enumerate() {
        spans.push(sc.span);
        match sc.kind {
            ShortcodeKind::Open | ShortcodeKind::SelfClosing => {
                seen.insert(&sc.name);
                if sc.kind == ShortcodeKind::Open && closed_later[i] && !sc.name.is_empty() {
                    open.push(i);
                }
            }
            // Hugo's lexer asks only that the name occurred before.
            ShortcodeKind::Close if sc.name.is_empty() || seen.contains(sc.name.as_str()) => {
                if let Some(o) = open.pop() {
                    let opener = &shortcodes[o];
                    if opener.delimiter == Delimiter::Angle {
                        spans.push(Span::new(opener.span.start, sc.span.end));
                    }
                }
            }
            ShortcodeKind::Close => {}
        }
    }
    spans
}

/// Blanks Liquid tags alone on their lines (recorded in `blanked`); the
/// others, and outputs, go to `placeholders`.
fn mask_liquid(
    bytes: &mut [u8],
    liquid: &[LiquidTag],
    placeholders: &mut Vec<Span>,
    blanked: &mut Vec<Span>,
) {
    // The next `endcomment` / `endhighlight` after each tag, found in one
    // backward pass (a search per tag is quadratic in unclosed blocks).
    let mut block_end: Vec<Option<usize>> = vec![None; liquid.len()];
    let (mut endcomment, mut endhighlight) = (None, None);
    for (i, tag) in liquid.iter().enumerate().rev() {
        match tag.name.as_str() {
            "comment" => block_end[i] = endcomment,
            "highlight" => block_end[i] = endhighlight,
            "endcomment" => endcomment = Some(i),
            "endhighlight" => endhighlight = Some(i),
            _ => {}
        }
    }
    let mut skip_until = 0;
    for (i, tag) in liquid.iter().enumerate() {
        if tag.span.start < skip_until {
            continue;
        }
        let whole_block = block_end[i].map(|end| Span::new(tag.span.start, liquid[end].span.end));
        let span = whole_block.unwrap_or(tag.span);
        if whole_block.is_some() {
            skip_until = span.end;
        }
        let renders_text =
            tag.kind == LiquidKind::Output || tag.name == "include" || tag.name == "highlight";
        if renders_text || !alone_on_its_lines(bytes, span) {
            placeholders.push(span);
        } else {
            blank(bytes, span, b' ');
            blanked.push(span);
        }
    }
}

fn alone_on_its_lines(bytes: &[u8], span: Span) -> bool {
    let before = bytes[..span.start]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .all(|b| b.is_ascii_whitespace());
    let after = bytes[span.end..]
        .iter()
        .take_while(|&&b| b != b'\n')
        .all(|b| b.is_ascii_whitespace());
    before && after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_text_is_the_overwritten_bytes() {
        // Edits over non-ASCII text, kept stretches with it, and edits
        // next to and inside each other.
        let text = "héllo wörld, ünïcode ok";
        let mut bytes = text.as_bytes().to_vec();
        let edited = vec![
            Span::new(0, 6),
            Span::new(14, 18),
            Span::new(15, 17),
            Span::new(6, 7),
        ];
        for span in &edited {
            bytes[span.range()].fill(b'$');
        }
        let expected = String::from_utf8(bytes.clone()).expect("whole characters overwritten");
        assert_eq!(into_text(text, bytes, edited), expected);
        // An edit that cuts a character takes the lossy path, as before.
        let mut bytes = text.as_bytes().to_vec();
        bytes[1] = b'$';
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        assert_eq!(into_text(text, bytes, vec![Span::new(1, 2)]), lossy);
    }

    #[test]
    fn shortcode_blocks_do_not_swallow_the_headings_after_them() {
        let text = "---\ntitle: x\n---\n{{< unsafe >}}\n<p>\n<img src=\"/a.jpeg\"/>\n</p>\n{{< /unsafe >}}\n# Heading\ntext\n### Deeper\n";
        let doc = Document::parse(Source::from_text(text.into()), Flavor::Hugo);
        let levels: Vec<u8> = doc.markdown.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, [1, 3]);
        assert_eq!(doc.markdown.headings[0].text, "Heading");
        assert!(doc.markdown.html.is_empty());
    }

    #[test]
    fn the_body_after_json_front_matter_starts_its_line() {
        // Hugo's body starts right after the `}`: `# Title` is a heading,
        // not an indented code block behind the blanked front matter.
        let text = "{\"title\": \"日本語のタイトル\"}  # Title\ntext\n";
        let doc = Document::parse(Source::from_text(text.into()), Flavor::Hugo);
        assert_eq!(doc.markdown.headings.len(), 1, "{:?}", doc.markdown);
        assert!(doc.markdown.code.is_empty());
    }

    #[test]
    fn percent_shortcode_inner_is_markdown() {
        let text = "{{% note %}}\n## Inside\n{{% /note %}}\n";
        let doc = Document::parse(Source::from_text(text.into()), Flavor::Hugo);
        assert_eq!(doc.markdown.headings.len(), 1);
    }

    #[test]
    fn shortcodes_in_code_are_marked() {
        let text = "```\n{{< x >}}\n```\n\n`{{< y >}}` {{< z >}}\n";
        let doc = Document::parse(Source::from_text(text.into()), Flavor::Hugo);
        let in_code: Vec<bool> = doc.tags.shortcodes.iter().map(|s| s.in_code).collect();
        assert_eq!(in_code, [true, true, false]);
    }

    #[test]
    fn crossed_closers_pair_as_in_hugo() {
        // Hugo: `/a` closes `b` (the innermost), `/b` closes `a`; so `a`
        // holds everything up to `/b`.
        let text = "---\ntitle: x\n---\n{{< a >}}\n{{< b >}}\n# One\n{{< /a >}}\n# Two\n{{< /b >}}\n# After\n";
        let doc = Document::parse(Source::from_text(text.into()), Flavor::Hugo);
        let headings: Vec<&str> = doc
            .markdown
            .headings
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(headings, ["After"]);
    }

    #[test]
    fn liquid_output_in_an_image_keeps_it_an_image() {
        let text = "---\ntitle: x\n---\n![A]({{ \"/img/x.png\" | relative_url }})\n";
        let doc = Document::parse(Source::from_text(text.into()), Flavor::Jekyll);
        assert_eq!(doc.markdown.images.len(), 1);
        let dest = doc.markdown.images[0].dest_span.unwrap();
        assert_eq!(&text[dest.range()], "{{ \"/img/x.png\" | relative_url }}");
    }
}
