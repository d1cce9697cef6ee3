//! Every image of a document, collected once: Markdown inline and
//! reference-style images, raw HTML `<img>` (in HTML blocks, inline HTML and
//! the inner text of Hugo `{{< >}}` shortcodes), Hugo's `figure` and the
//! conventional image shortcodes, with the exact spans of their source, alt
//! text and caption. Jekyll's Liquid forms (`{{ "/x.png" | relative_url }}`,
//! `{{ site.baseurl }}/x.png`) are resolved statically where they can be.
//!
//! Images inside code blocks, code spans and escaped shortcodes are text,
//! not images.

use std::sync::LazyLock;

use html5gum::Tokenizer;
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};

use super::PLACEHOLDER;
use super::markdown::{Definition, Markdown, MdImage, RefKind};
use super::tags::{Delimiter, LiquidKind, LiquidTag, Shortcode, ShortcodeKind, Tags};
use crate::diagnostic::Span;
use crate::generator::Flavor;
use crate::text::FastMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// `![alt](src "title")`
    Markdown,
    /// `![alt][label]` and its `[label]: src` definition.
    MarkdownReference,
    /// A raw HTML `<img>` tag.
    Html,
    /// A shortcode call: Hugo's `figure` or an image shortcode.
    Shortcode,
}

/// A value and where it is written (quotes excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub value: String,
    pub span: Span,
}

/// What an image's source points at, as far as it can be known statically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The path or URL as the generator emits it (entities and Markdown
    /// escapes decoded; percent-encoding, query and fragment still there).
    Url(String),
    /// A site path built by Jekyll's `relative_url`/`absolute_url` filters or
    /// `{{ site.baseurl }}`: relative to the site root, base path excluded.
    SitePath(String),
    /// A template expression that cannot be resolved statically.
    Dynamic,
    /// No source at all (`<img>` without `src`, `![a]()`).
    Missing,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub kind: ImageKind,
    /// The whole construct: `![a](b)`, `<img …>`, `{{< figure … >}}`.
    pub span: Span,
    /// The shortcode's name, for shortcode images.
    pub shortcode: Option<String>,
    /// The source as written (for reference images: in the definition).
    pub src: Option<Attr>,
    pub target: Target,
    /// `None` when the image has no alt at all; Markdown images always have
    /// one (possibly empty).
    pub alt: Option<Attr>,
    /// A `figure`'s `caption` (or a declared shortcode's caption parameter).
    pub caption: Option<Attr>,
    /// `aria-hidden="true"` or `role="presentation"`/`"none"` on an `<img>`.
    pub decorative: bool,
    /// The `[label]: dest` definition a reference-style image uses.
    pub definition: Option<Span>,
    /// Found in the inner text of a `{{< >}}` shortcode call.
    pub in_shortcode: bool,
}

/// Which parameters of an image shortcode hold what (numbers are positions).
#[derive(Debug, Clone, Copy)]
pub struct ShortcodeSpec<'a> {
    pub src: &'a str,
    pub alt: Option<&'a str>,
    pub caption: Option<&'a str>,
}

/// Hugo's embedded `figure` shortcode.
pub const FIGURE: ShortcodeSpec<'static> = ShortcodeSpec {
    src: "src",
    alt: Some("alt"),
    caption: Some("caption"),
};

/// Shortcode names recognised as images without configuration (when called
/// with a named `src`), read like `figure`. `[images.shortcodes]` in
/// `postlint.toml` declares others, or overrides these.
pub const CONVENTIONAL_SHORTCODES: &[&str] = &["figure", "img", "image", "screenshot"];

/// Shortcodes whose inner text is code or data, or is not rendered at all.
const CODE_SHORTCODES: &[&str] = &[
    "highlight",
    "comment",
    "code",
    "code-toggle",
    "codeblock",
    "code-block",
    "mermaid",
    "katex",
    "math",
    "chart",
    "plantuml",
    "diagram",
    "latex",
    "tex",
    "asciinema",
];

/// Collects the images of a document. `masked` and `placeholders` are the
/// text the Markdown was parsed from (see `Document::parse`).
pub fn collect(
    text: &str,
    masked: &str,
    placeholders: &[Span],
    flavor: Flavor,
    tags: &Tags,
    markdown: &Markdown,
) -> Vec<Image> {
    let cx = Cx {
        text,
        placeholders,
        flavor,
        liquid: &tags.liquid,
    };
    let mut images = Vec::new();
    from_markdown(&cx, markdown, masked, false, &mut images);
    if flavor == Flavor::Hugo {
        shortcode_inner(&cx, tags, &mut images);
        for sc in &tags.shortcodes {
            let name = sc.name.to_ascii_lowercase();
            if CONVENTIONAL_SHORTCODES.contains(&name.as_str())
                && (name == "figure" || named(sc, "src").is_some())
                && let Some(image) = shortcode_image(text, sc, FIGURE)
            {
                images.push(image);
            }
        }
    }
    images.sort_by_key(|image| image.span.start);
    images
}

/// What resolving a source needs to know about the file.
struct Cx<'a> {
    text: &'a str,
    placeholders: &'a [Span],
    flavor: Flavor,
    liquid: &'a [LiquidTag],
}

impl Cx<'_> {
    /// Whether a template call (masked in the Markdown text) overlaps `span`.
    fn templated(&self, span: Span) -> bool {
        overlaps(self.placeholders, span)
    }

    /// The source as shown to the user: the decoded value, or the template
    /// text as written when template calls were masked in it.
    fn written(&self, attr: Attr) -> Attr {
        if self.templated(attr.span) {
            Attr {
                value: self
                    .text
                    .get(attr.span.range())
                    .unwrap_or_default()
                    .to_string(),
                span: attr.span,
            }
        } else {
            attr
        }
    }

    /// The target of a source written at `span` whose decoded value is `value`.
    fn target(&self, value: &str, span: Span) -> Target {
        if !self.templated(span) {
            return if value.trim().is_empty() {
                Target::Missing
            } else if value.contains("{{") || value.contains("{%") {
                Target::Dynamic
            } else {
                Target::Url(value.trim().to_string())
            };
        }
        match self.flavor {
            Flavor::Hugo => Target::Dynamic,
            Flavor::Jekyll => resolve_liquid(self.text, span, self.liquid),
        }
    }
}

fn overlaps(sorted: &[Span], span: Span) -> bool {
    let first = sorted.partition_point(|p| p.end <= span.start);
    sorted
        .get(first)
        .is_some_and(|p| p.start < span.end.max(span.start + 1))
}

fn from_markdown(cx: &Cx, markdown: &Markdown, masked: &str, inner: bool, out: &mut Vec<Image>) {
    // Definitions by normalized label, the first of each (as CommonMark).
    let mut definitions: FastMap<String, &Definition> = FastMap::default();
    if markdown
        .images
        .iter()
        .any(|img| img.kind == RefKind::Reference)
    {
        for def in &markdown.definitions {
            definitions
                .entry(normalize_label(&def.label))
                .or_insert(def);
        }
    }
    for img in &markdown.images {
        if let Some(image) = markdown_image(cx, &definitions, img, inner) {
            out.push(image);
        }
    }
    for chunk in markdown.html_chunks() {
        if let Some(html) = masked.get(chunk.range()) {
            html_images(cx, html, chunk.start, inner, out);
        }
    }
}

fn markdown_image(
    cx: &Cx,
    definitions: &FastMap<String, &Definition>,
    img: &MdImage,
    inner: bool,
) -> Option<Image> {
    if img.kind == RefKind::Autolink {
        return None;
    }
    let alt = Some(Attr {
        value: img.alt.clone(),
        span: img.alt_span,
    });
    let (kind, src, definition) = match img.kind {
        RefKind::Reference => {
            let def = definitions.get(&normalize_label(&img.label)).copied();
            let src = def.and_then(|def| {
                definition_dest_span(cx.text, def.span).map(|span| Attr {
                    value: def.dest.clone(),
                    span,
                })
            });
            (ImageKind::MarkdownReference, src, def.map(|def| def.span))
        }
        _ => (
            ImageKind::Markdown,
            img.dest_span.map(|span| Attr {
                value: img.dest.clone(),
                span,
            }),
            None,
        ),
    };
    let target = match &src {
        Some(attr) => cx.target(&attr.value, attr.span),
        None if img.dest.trim().is_empty() => Target::Missing,
        None => Target::Url(img.dest.clone()),
    };
    let src = src.map(|attr| cx.written(attr));
    Some(Image {
        kind,
        span: img.span,
        shortcode: None,
        src,
        target,
        alt,
        caption: None,
        decorative: false,
        definition,
        in_shortcode: inner,
    })
}

fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The destination inside a `[label]: dest "title"` definition.
fn definition_dest_span(text: &str, def: Span) -> Option<Span> {
    let region = text.get(def.range())?;
    let colon = region.find("]:")? + 2;
    let bytes = region.as_bytes();
    let mut start = colon;
    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    if bytes.get(start) == Some(&b'<') {
        let end = start + 1 + region[start + 1..].find('>')?;
        return Some(Span::new(def.start + start + 1, def.start + end));
    }
    let mut end = start;
    while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
        end += 1;
    }
    Some(Span::new(def.start + start, def.start + end))
}

/// The HTML events of a Markdown parse, contiguous ones merged (an HTML
/// block comes line by line).
/// One `<img>` start tag as the tokenizer reports it.
#[derive(Default)]
struct ImgTag {
    start: usize,
    end: usize,
    attrs: Vec<(String, Option<Attr>, Span)>,
}

/// Tokenizes `html` (which starts at file offset `base`) and collects its
/// `<img>` tags.
fn html_images(cx: &Cx, html: &str, base: usize, inner: bool, out: &mut Vec<Image>) {
    if !html
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img"))
    {
        return;
    }
    let mut tags: Vec<ImgTag> = Vec::new();
    let mut current: Option<ImgTag> = None;
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: html5gum::Span<usize>| -> Option<()> {
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    current = name.eq_ignore_ascii_case(b"img").then(|| ImgTag {
                        start: span.start,
                        ..ImgTag::default()
                    });
                }
                CallbackEvent::AttributeName { name } => {
                    if let Some(tag) = current.as_mut() {
                        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
                        tag.attrs
                            .push((name, None, Span::new(span.start, span.end)));
                    }
                }
                CallbackEvent::AttributeValue { value } => {
                    if let Some(tag) = current.as_mut()
                        && let Some(last) = tag.attrs.last_mut()
                    {
                        last.1 = Some(Attr {
                            value: String::from_utf8_lossy(value).into_owned(),
                            span: Span::new(span.start, span.end),
                        });
                    }
                }
                CallbackEvent::CloseStartTag { .. } => {
                    if let Some(mut tag) = current.take() {
                        tag.end = span.end;
                        tags.push(tag);
                    }
                }
                CallbackEvent::EndTag { .. } => current = None,
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
    drop(tokenizer);
    for tag in tags {
        out.push(img_tag(cx, tag, base, inner));
    }
}

fn img_tag(cx: &Cx, tag: ImgTag, base: usize, inner: bool) -> Image {
    // The first of duplicated attributes wins (WHATWG).
    let attr = |name: &str| -> Option<(Option<&Attr>, Span)> {
        tag.attrs
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, value, name_span)| (value.as_ref(), *name_span))
    };
    let shift = |attr: &Attr| Attr {
        value: attr.value.clone(),
        span: attr.span.offset_by(base),
    };
    // `alt=""` has no value event: an empty value right after the name.
    let present = |name: &str| -> Option<Attr> {
        attr(name).map(|(value, name_span)| match value {
            Some(value) => shift(value),
            None => Attr {
                value: String::new(),
                span: name_span.offset_by(base),
            },
        })
    };
    let src = present("src");
    let target = match &src {
        Some(src) => cx.target(&src.value, src.span),
        None => Target::Missing,
    };
    let src = src.map(|attr| cx.written(attr));
    let value_is = |name: &str, wanted: &[&str]| {
        present(name).is_some_and(|attr| {
            wanted
                .iter()
                .any(|w| attr.value.trim().eq_ignore_ascii_case(w))
        })
    };
    let decorative =
        value_is("aria-hidden", &["true"]) || value_is("role", &["presentation", "none"]);
    Image {
        kind: ImageKind::Html,
        span: Span::new(base + tag.start, base + tag.end),
        shortcode: None,
        target,
        src,
        alt: present("alt"),
        caption: None,
        decorative,
        definition: None,
        in_shortcode: inner,
    }
}

/// The inner text of top-level `{{< >}}` calls, which Hugo hands to the
/// shortcode as is: parsed on its own for Markdown images and `<img>` tags
/// (templates pass it through `safeHTML` or `markdownify`).
fn shortcode_inner(cx: &Cx, tags: &Tags, out: &mut Vec<Image>) {
    let regions = inner_regions(&tags.shortcodes);
    if regions.is_empty() {
        return;
    }
    // Past the line that ends the last region the text is blank lines
    // only: they are left out (a block they would end holds no image, and
    // the parse cost as much as the whole file's).
    let text = cx.text.as_bytes();
    let last_end = regions.last().map_or(0, |(region, _)| region.end);
    let end = memchr::memchr(b'\n', &text[last_end..]).map_or(text.len(), |nl| last_end + nl + 1);
    let mut bytes: Vec<u8> = text[..end]
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    let mut nested: Vec<Span> = Vec::new();
    for (region, _) in &regions {
        bytes[region.range()].copy_from_slice(&text[region.range()]);
    }
    // The regions are sorted and disjoint.
    let owner = |span: Span| {
        let after = regions.partition_point(|(r, _)| r.start <= span.start);
        regions[..after].last().filter(|(r, _)| span.end <= r.end)
    };
    for (sc, pair) in paired(&tags.shortcodes) {
        let Some((_, text)) = owner(sc.span) else {
            continue;
        };
        let span = match pair {
            Some((whole, _)) if !*text && is_code_call(sc) => whole,
            _ => sc.span,
        };
        nested.push(span);
    }
    for sc in &tags.shortcodes {
        if sc.kind == ShortcodeKind::Close && owner(sc.span).is_some() {
            nested.push(sc.span);
        }
    }
    let merged = super::merge_spans(nested);
    for span in &merged {
        bytes[span.range()].fill(PLACEHOLDER);
    }
    // Whole UTF-8 sequences were copied or replaced by ASCII.
    let Ok(masked) = String::from_utf8(bytes) else {
        return;
    };
    let markdown = Markdown::parse(&masked, &merged);
    let inner_cx = Cx {
        text: cx.text,
        placeholders: &merged,
        flavor: cx.flavor,
        liquid: cx.liquid,
    };
    from_markdown(&inner_cx, &markdown, &masked, true, out);
}

/// Whether a call's inner text is code: a code shortcode by name, or a call
/// told the language of its inner text (docsy's `tab lang="toml"`) unless
/// it says the inner text is text (docsy's `text=true`, where `lang` is a
/// natural language).
fn is_code_call(sc: &Shortcode) -> bool {
    let name = sc.name.to_ascii_lowercase();
    CODE_SHORTCODES.contains(&name.as_str())
        || ((named(sc, "lang").is_some() || named(sc, "language").is_some()) && !says_text(sc))
}

/// docsy's `text=true`: the inner text of this call (and of the calls in
/// it) is Markdown, not code.
fn says_text(sc: &Shortcode) -> bool {
    named(sc, "text").is_some_and(|p| p.value.eq_ignore_ascii_case("true"))
}

/// Every opening tag with, when it is closed, the span of the whole call
/// and of its closing tag.
fn paired(shortcodes: &[Shortcode]) -> Vec<(&Shortcode, Option<(Span, Span)>)> {
    let mut out: Vec<(&Shortcode, Option<(Span, Span)>)> = Vec::new();
    // The open calls (indices into `out`), and by name the depths in
    // `open` where that name is open, so that a closer finds its opener
    // without scanning the stack (a file of unclosed calls stays linear).
    let mut open: Vec<usize> = Vec::new();
    let mut by_name: FastMap<&str, Vec<usize>> = FastMap::default();
    for sc in shortcodes {
        if sc.error.is_some() {
            continue;
        }
        match sc.kind {
            ShortcodeKind::Open => {
                by_name.entry(&sc.name).or_default().push(open.len());
                open.push(out.len());
                out.push((sc, None));
            }
            ShortcodeKind::SelfClosing => out.push((sc, None)),
            ShortcodeKind::Close => {
                let Some(&depth) = by_name.get(sc.name.as_str()).and_then(|d| d.last()) else {
                    continue;
                };
                let index = open[depth];
                out[index].1 = Some((Span::new(out[index].0.span.start, sc.span.end), sc.span));
                for &closed in open[depth..].iter().rev() {
                    if let Some(depths) = by_name.get_mut(out[closed].0.name.as_str()) {
                        depths.pop();
                    }
                }
                open.truncate(depth);
            }
        }
    }
    out
}

/// The inner text of every closed `{{< >}}` call that no other such call
/// contains, skipping calls in code and calls whose inner text is code.
fn inner_regions(shortcodes: &[Shortcode]) -> Vec<(Span, bool)> {
    let mut regions: Vec<(Span, bool)> = Vec::new();
    let mut covered_until = 0;
    for (sc, pair) in paired(shortcodes) {
        let Some((whole, closer)) = pair else {
            continue;
        };
        if sc.delimiter != Delimiter::Angle || sc.in_code || whole.start < covered_until {
            continue;
        }
        covered_until = whole.end;
        if is_code_call(sc) {
            continue;
        }
        let closer_start = closer.start;
        if sc.span.end < closer_start {
            regions.push((Span::new(sc.span.end, closer_start), says_text(sc)));
        }
    }
    regions
}

/// A named parameter of a shortcode call.
fn named<'a>(sc: &'a Shortcode, name: &str) -> Option<&'a super::tags::Param> {
    sc.params.iter().find(|p| p.name.as_deref() == Some(name))
}

/// The parameter `key` names: a name, or a position when it is a number.
fn param<'a>(sc: &'a Shortcode, key: &str) -> Option<&'a super::tags::Param> {
    match key.parse::<usize>() {
        Ok(index) => sc.params.get(index).filter(|p| p.name.is_none()),
        Err(_) => named(sc, key),
    }
}

/// An image read from a shortcode call by `spec`; `None` for closing tags,
/// calls Hugo's lexer rejects, calls in code, and calls without the source
/// parameter (other than `figure`, whose missing `src` is still an image).
pub fn shortcode_image(text: &str, sc: &Shortcode, spec: ShortcodeSpec) -> Option<Image> {
    if sc.kind == ShortcodeKind::Close || sc.error.is_some() || sc.in_code {
        return None;
    }
    let value = |key: Option<&str>| -> Option<Attr> {
        let p = param(sc, key?)?;
        Some(Attr {
            value: p.value.clone(),
            span: unquoted(text, p.value_span),
        })
    };
    let src = value(Some(spec.src));
    let target = match &src {
        Some(attr) if attr.value.trim().is_empty() => Target::Missing,
        Some(attr) if attr.value.contains("{{") => Target::Dynamic,
        Some(attr) => Target::Url(attr.value.trim().to_string()),
        None => Target::Missing,
    };
    Some(Image {
        kind: ImageKind::Shortcode,
        span: sc.span,
        shortcode: Some(sc.name.clone()),
        src,
        target,
        alt: value(spec.alt),
        caption: value(spec.caption),
        decorative: false,
        definition: None,
        in_shortcode: false,
    })
}

fn unquoted(text: &str, span: Span) -> Span {
    let written = text.get(span.range()).unwrap_or_default();
    let quoted = written.len() >= 2
        && ((written.starts_with('"') && written.ends_with('"'))
            || (written.starts_with('`') && written.ends_with('`')));
    if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// Jekyll renders Liquid before Markdown: a source made of literal text and
/// output tags that only name the site's URL or base path, or pass a string
/// literal through `relative_url`/`absolute_url`, is a site path.
fn resolve_liquid(text: &str, span: Span, liquid: &[LiquidTag]) -> Target {
    let first = liquid.partition_point(|tag| tag.span.end <= span.start);
    let mut value = String::new();
    let mut site_path = false;
    let mut at = span.start;
    for tag in &liquid[first..] {
        if tag.span.start >= span.end {
            break;
        }
        if tag.span.start < span.start || tag.span.end > span.end || tag.error.is_some() {
            return Target::Dynamic;
        }
        value.push_str(text.get(at..tag.span.start).unwrap_or_default());
        at = tag.span.end;
        if tag.kind != LiquidKind::Output {
            return Target::Dynamic;
        }
        match output_value(&tag.markup) {
            Some((text, in_site)) => {
                value.push_str(&text);
                site_path |= in_site;
            }
            None => return Target::Dynamic,
        }
    }
    value.push_str(text.get(at..span.end).unwrap_or_default());
    if value.contains("{{") || value.contains("{%") {
        return Target::Dynamic;
    }
    if site_path {
        let path = value.trim();
        Target::SitePath(format!("/{}", path.trim_start_matches('/')))
    } else if value.trim().is_empty() {
        Target::Missing
    } else {
        Target::Url(value.trim().to_string())
    }
}

static STRING_LITERAL: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"^(?:"([^"]*)"|'([^']*)')$"#).expect("a valid pattern"));

/// What an output tag renders to, if static: the text, and whether it puts
/// the text below the site's base path.
fn output_value(markup: &str) -> Option<(String, bool)> {
    let mut parts = markup.split('|').map(str::trim);
    let expression = parts.next()?;
    let filters: Vec<&str> = parts.collect();
    match expression {
        "site.baseurl" | "site.url" if filters.is_empty() => Some((String::new(), true)),
        _ => {
            let caps = STRING_LITERAL.captures(expression)?;
            let literal = caps.get(1).or_else(|| caps.get(2))?.as_str().to_string();
            let mut in_site = false;
            for filter in filters {
                let compact: String = filter.split_whitespace().collect();
                match compact.as_str() {
                    "relative_url" | "absolute_url" => in_site = true,
                    "prepend:site.baseurl" => in_site = true,
                    _ => return None,
                }
            }
            Some((literal, in_site))
        }
    }
}

#[cfg(test)]
mod tests;
