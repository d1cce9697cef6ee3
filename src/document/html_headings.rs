//! Headings written in raw HTML (`<h2>` … `<h6>` in an HTML block, inline
//! HTML or a Jekyll HTML page): part of the page's outline as much as
//! Markdown's `##`.

use html5gum::Tokenizer;
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};

use super::markdown::Markdown;
use crate::diagnostic::Span;

/// A raw HTML heading's start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlHeading {
    pub level: u8,
    /// The start tag, `<h3 id="x">`.
    pub span: Span,
    /// Its `id` attribute, entities decoded: the generators keep it as
    /// written, and a link's `#fragment` can name it.
    pub id: Option<String>,
}

/// The raw HTML headings of a document whose text is `text`, in order.
pub fn html_headings(text: &str, markdown: &Markdown) -> Vec<HtmlHeading> {
    let mut found = Vec::new();
    for chunk in markdown.html_chunks() {
        let Some(html) = text.get(chunk.range()) else {
            continue;
        };
        if has_heading_tag(html.as_bytes()) {
            tokenize(html, chunk.start, &mut found);
        }
    }
    found
}

/// Whether `<h1`…`<h6` occurs at all: most HTML holds no heading, and the
/// tokenizer is not needed to say so.
fn has_heading_tag(html: &[u8]) -> bool {
    html.windows(3)
        .any(|w| w[0] == b'<' && w[1].eq_ignore_ascii_case(&b'h') && (b'1'..=b'6').contains(&w[2]))
}

fn tokenize(html: &str, base: usize, found: &mut Vec<HtmlHeading>) {
    let mut open: Option<(u8, usize)> = None;
    let mut id: Option<String> = None;
    let mut attribute_is_id = false;
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: html5gum::Span<usize>| -> Option<()> {
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    open = heading_level(name).map(|level| (level, span.start));
                    id = None;
                }
                // The first `id` wins, as in an HTML parser.
                CallbackEvent::AttributeName { name } => {
                    attribute_is_id =
                        open.is_some() && id.is_none() && name.eq_ignore_ascii_case(b"id");
                }
                CallbackEvent::AttributeValue { value } if attribute_is_id => {
                    id = Some(String::from_utf8_lossy(value).into_owned());
                    attribute_is_id = false;
                }
                CallbackEvent::CloseStartTag { .. } => {
                    if let Some((level, start)) = open.take() {
                        found.push(HtmlHeading {
                            level,
                            span: Span::new(base + start, base + span.end),
                            id: id.take(),
                        });
                    }
                }
                CallbackEvent::EndTag { .. } => open = None,
                _ => {}
            }
            None
        },
    );
    // `<script>`, `<style>`, `<textarea>`… hold text, not tags.
    emitter.naively_switch_states(true);
    let mut tokenizer = Tokenizer::new_with_emitter(html, emitter);
    // The callback yields no tokens; iterating only drives the tokenizer,
    // and reading from a `&str` cannot fail.
    for _ in tokenizer.by_ref() {}
}

/// `h1` … `h6`, in any case.
fn heading_level(name: &[u8]) -> Option<u8> {
    match name {
        [h, digit @ b'1'..=b'6'] if h.eq_ignore_ascii_case(&b'h') => Some(digit - b'0'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> Vec<(u8, &str)> {
        let source = crate::text::Source::from_text(text.to_string());
        let doc = crate::document::Document::parse(source, crate::generator::Flavor::Hugo);
        html_headings(text, &doc.markdown)
            .into_iter()
            .map(|h| (h.level, &text[h.span.range()]))
            .collect()
    }

    #[test]
    fn start_tags_of_headings_in_raw_html_only() {
        let text = "# Title\n\n<h2 id=\"a\">A</h2>\n\nText <H3>inline</H3>.\n\n<!-- <h4>no</h4> -->\n\n```\n<h5>code</h5>\n```\n\n<header><hr><h7>x</h7></header>\n";
        assert_eq!(levels(text), [(2, "<h2 id=\"a\">"), (3, "<H3>")]);
    }
}
