//! Heading rules (HD): the page outline as readers and screen readers get
//! it, with the title the theme renders as its first level.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::markdown::Heading;
use crate::document::{Document, HtmlHeading, html_headings};
use crate::generator::Flavor;
use crate::generator::PageKind;
use crate::generator::hugo::layouts::{LayoutKind, LayoutQuery};
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::site::Site;
use crate::site::layouts::{PageLayout, TitleHeading, hugo_page_layout, jekyll_page_layout};
use crate::site::walk::walk_where;
use crate::text::Source;
use crate::value::Value;

/// The front matter title: its text and where its value is written.
struct Title {
    text: String,
    span: Span,
}

fn title(doc: &Document) -> Option<Title> {
    let entry = doc.field("title")?;
    let text = match &entry.value.value {
        Value::Str { .. } | Value::Int(_) | Value::Float(_) | Value::Datetime(_) => {
            entry.value.scalar_text()?
        }
        _ => return None,
    };
    (!text.trim().is_empty()).then_some(Title {
        text,
        span: entry.value.span,
    })
}

declare_check! {
    /// The body's headings, against the title and against each other.
    pub static CHECK = Runs::EachFile(check);

    pub static TITLE_AS_H1 = "HD001" "title-as-h1" {
        severity: Warning,
        summary: "The body's first H1 repeats the front matter title, which the theme already shows",
    }

    pub static HEADING_SKIP = "HD002" "heading-skip" {
        severity: Warning,
        summary: "A heading level that jumps by more than one (`#` then `###`)",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let headings = &doc.markdown.headings;
    let html = if sink.enabled(&HEADING_SKIP) {
        html_headings(doc.text(), &doc.markdown)
    } else {
        Vec::new()
    };
    if headings.is_empty() && html.is_empty() {
        return;
    }
    let title = title(doc);
    let first_h1 = headings.iter().find(|h| h.level == 1);
    // The level the theme renders the title at; none when the page has no
    // title (Jekyll names posts after their file) or the theme shows it in
    // no heading.
    let has_title = title.is_some() || (doc.flavor == Flavor::Jekyll && cx.kind == PageKind::Post);
    let shown = if has_title {
        title_shown(cx, doc)
    } else {
        Shown::Nowhere
    };
    let title_level = shown.level();

    if let (Some(h1), Some(title)) = (first_h1, &title)
        && same_title(&h1.text, &title.text)
        && let Some((secondary, help)) = shown.repeat_explained(cx)
    {
        sink.push(
            Diagnostic::new(
                &TITLE_AS_H1,
                heading_text(doc, h1),
                format!("the first H1 repeats the title `{}`", one_line(&title.text)),
            )
            .label("repeats the title")
            .secondary(title.span, secondary)
            .help(help),
        );
    }

    if sink.enabled(&HEADING_SKIP) {
        let title_span = title.as_ref().map(|t| t.span);
        skips(doc, html, first_h1.is_some(), title_span, title_level, sink);
    }
}

/// One heading of the page's outline: Markdown's or raw HTML's.
#[derive(Clone, Copy)]
struct Level {
    level: u8,
    /// The `##` marks, or the HTML start tag.
    marks: Span,
    html: bool,
}

/// HD002: each heading at most one level below the one before it, the
/// theme's title (at `title_level`) first when the body has no H1.
fn skips(
    doc: &Document,
    html: Vec<HtmlHeading>,
    markdown_h1: bool,
    title_span: Option<Span>,
    title_level: Option<u8>,
    sink: &mut Sink,
) {
    let mut outline: Vec<Level> = doc
        .markdown
        .headings
        .iter()
        .map(|heading| Level {
            level: heading.level,
            marks: heading_marks(doc, heading),
            html: false,
        })
        .chain(html.into_iter().map(|heading| Level {
            level: heading.level,
            marks: heading.span,
            html: true,
        }))
        .collect();
    outline.sort_by_key(|heading| heading.marks.start);
    let has_h1 = markdown_h1 || outline.iter().any(|heading| heading.level == 1);
    // The theme's title starts the outline when the body has no H1.
    let mut previous: Option<(u8, Option<Span>, bool)> = match (has_h1, title_level) {
        (false, Some(level)) => Some((level, title_span, true)),
        _ => None,
    };
    for heading in outline {
        if let Some((level, span, is_title)) = previous
            && heading.level > level + 1
        {
            let wanted = if heading.html {
                format!("<h{}>", level + 1)
            } else {
                "#".repeat(usize::from(level) + 1)
            };
            let from = if is_title {
                format!("the page title (h{level})")
            } else {
                format!("h{level}")
            };
            let mut diagnostic = Diagnostic::new(
                &HEADING_SKIP,
                heading.marks,
                format!("heading level jumps from {from} to h{}", heading.level),
            )
            .label(format!("h{} after h{level}", heading.level))
            .help(format!(
                "make it `{wanted}` (h{}), or add the missing level above it: screen readers and tables of contents navigate by the outline, and a skipped level reads as a missing section",
                level + 1
            ));
            if let Some(span) = span {
                let text = if is_title {
                    format!("the theme renders the title as h{level}")
                } else {
                    format!("previous heading (h{level})")
                };
                diagnostic = diagnostic.secondary(span, text);
            }
            sink.push(diagnostic);
        }
        previous = Some((heading.level, Some(heading.marks), false));
    }
}

/// Where the page's layout shows its title.
enum Shown {
    /// In a heading of the layout (or its base template, partials or
    /// includes), at this template and line.
    Heading(TitleHeading),
    /// In no heading: the layout was read, or the page has none.
    Nowhere,
    /// The layout cannot be read (its theme is missing): the site's own
    /// convention decides. `convention`: most of the site's pages open
    /// their body with an H1 that repeats their title.
    Unknown { convention: bool },
}

impl Shown {
    /// The heading level the title starts the outline at.
    fn level(&self) -> Option<u8> {
        match self {
            Shown::Heading(heading) => Some(heading.level),
            Shown::Nowhere => None,
            // Most themes show the title as the page's h1; a site whose
            // pages open with their title as an H1 shows it there.
            Shown::Unknown { convention: false } => Some(1),
            Shown::Unknown { convention: true } => None,
        }
    }

    /// Why an H1 that repeats the title is a finding, when it is one: the
    /// label on the title and the help.
    fn repeat_explained(&self, cx: &FileContext) -> Option<(String, String)> {
        match self {
            Shown::Heading(heading) if heading.level == 1 => {
                let at = format!("{}:{}", cx.site.relative(&heading.template), heading.line);
                Some((
                    format!("`{at}` renders this title as the page's H1"),
                    format!("delete this heading: the layout (`{at}`) already shows the title as the page's H1, so readers see it twice and the page has two H1s"),
                ))
            }
            Shown::Unknown { convention: false } => Some((
                "the theme most likely renders this title as the page's H1".to_string(),
                "delete this heading if the theme shows the title: postlint cannot read the theme's layouts (see SITE003), and most pages of this site do not repeat their title as an H1".to_string(),
            )),
            _ => None,
        }
    }
}

/// Where the layout the generator renders this page with shows the title.
fn title_shown(cx: &FileContext, doc: &Document) -> Shown {
    let string_field = |key: &str| {
        doc.field(key)
            .and_then(|entry| entry.value.as_str().map(str::to_string))
    };
    let layout = match doc.flavor {
        Flavor::Jekyll => {
            let name = string_field("layout").or_else(|| default_layout(cx));
            jekyll_page_layout(
                cx.site,
                name.as_deref().filter(|n| *n != "none" && *n != "null"),
            )
        }
        Flavor::Hugo => {
            let Some(content_path) = cx.content_path else {
                return Shown::Nowhere;
            };
            let (path, kind) = hugo_lookup_path(content_path);
            let page_type = string_field("type");
            let layout = string_field("layout");
            hugo_page_layout(
                cx.site,
                &LayoutQuery {
                    path: &path,
                    kind,
                    page_type: page_type.as_deref(),
                    layout: layout.as_deref(),
                },
            )
        }
    };
    match layout {
        PageLayout::Read {
            title: Some(heading),
            ..
        } => Shown::Heading(heading),
        PageLayout::Read { title: None, .. } | PageLayout::Bare => Shown::Nowhere,
        PageLayout::Unknown => Shown::Unknown {
            convention: convention(cx.site).opens_with_title,
        },
    }
}

/// A content file's lookup path for Hugo's template lookup (lower case,
/// no extension or language, a bundle's folder) and its kind.
fn hugo_lookup_path(content_path: &str) -> (String, LayoutKind) {
    let lower = content_path.to_lowercase();
    let (dir, file) = lower.rsplit_once('/').unwrap_or(("", &lower));
    let stem = file.split('.').next().unwrap_or(file);
    match stem {
        "_index" if dir.is_empty() => (String::new(), LayoutKind::Home),
        "_index" => (dir.to_string(), LayoutKind::Section),
        "index" => (dir.to_string(), LayoutKind::Page),
        _ if dir.is_empty() => (stem.to_string(), LayoutKind::Page),
        _ => (format!("{dir}/{stem}"), LayoutKind::Page),
    }
}

/// How the site's pages open, read once per run and only when a layout
/// cannot be read.
#[derive(Debug, Default)]
struct Convention {
    /// More than half of the pages with a title open their body with an
    /// H1 that repeats it.
    opens_with_title: bool,
}

fn convention(site: &Site) -> Arc<Convention> {
    crate::site::reads::read_all_content();
    site.memo.get_or_init(|| {
        // The run's own walk: the files a run lints are those counted (a
        // folder it cannot read counts no page, and the run reports it).
        let mut files = Vec::new();
        let keep = |path: &Path| site.is_markdown(path) && site.is_content(path);
        for root in site.content_roots() {
            walk_where(&root, &keep, &mut files, &mut Vec::new());
        }
        let counted: Vec<bool> = files
            .par_iter()
            .filter_map(|path| {
                let bytes = std::fs::read(path).ok()?;
                let doc = Document::parse(Source::from_bytes(bytes), site.flavor);
                let title = title(&doc)?;
                let first = doc.markdown.headings.first();
                Some(first.is_some_and(|h| h.level == 1 && same_title(&h.text, &title.text)))
            })
            .collect();
        let repeating = counted.iter().filter(|&&opens| opens).count();
        Convention {
            opens_with_title: repeating * 2 > counted.len(),
        }
    })
}

/// Jekyll's `defaults:` layout for a file: the matching scope with the
/// longest path wins, a later one on a tie.
fn default_layout(cx: &FileContext) -> Option<String> {
    let defaults = &cx.site.jekyll().defaults;
    let kind = match cx.kind {
        PageKind::Post => "posts".to_string(),
        PageKind::Document => cx
            .relative
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_start_matches('_')
            .to_string(),
        PageKind::Page => "pages".to_string(),
    };
    let mut best: Option<(usize, String)> = None;
    for default in defaults {
        let path = default.path.as_str();
        let type_ok = default.kind.as_deref().is_none_or(|t| t == kind);
        let path_ok =
            path.is_empty() || cx.relative == path || cx.relative.starts_with(&format!("{path}/"));
        if let (true, true, Some(layout)) = (type_ok, path_ok, &default.layout)
            && best.as_ref().is_none_or(|(len, _)| path.len() >= *len)
        {
            best = Some((path.len(), layout.clone()));
        }
    }
    best.map(|(_, layout)| layout)
}

/// Titles compare by their words: case, punctuation, quotes and Markdown
/// or HTML markup do not count.
fn same_title(heading: &str, title: &str) -> bool {
    let (h, t) = (words(heading), words(title));
    if h.is_empty() || t.is_empty() {
        return heading.trim() == title.trim() && !title.trim().is_empty();
    }
    h == t
}

fn words(text: &str) -> Vec<String> {
    let text = text
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ");
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `#` marks of an ATX heading; for a setext heading, its text line.
fn heading_marks(doc: &Document, heading: &Heading) -> Span {
    let text = doc.text();
    let start = heading.span.start.min(text.len());
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hashes = line[indent..].len() - line[indent..].trim_start_matches('#').len();
    if hashes > 0 {
        Span::new(start + indent, start + indent + hashes)
    } else {
        trimmed_line(text, start, line_end)
    }
}

/// The text of a heading, without its marks.
fn heading_text(doc: &Document, heading: &Heading) -> Span {
    let text = doc.text();
    let marks = heading_marks(doc, heading);
    if !text[marks.range()].starts_with('#') {
        return marks;
    }
    let line_end = text[marks.end..]
        .find('\n')
        .map_or(text.len(), |i| marks.end + i);
    let mut content = text[marks.end..line_end].trim_end_matches(['\r', ' ', '\t']);
    // A closing sequence of `#`s (`## Title ##`).
    let without_closing = content.trim_end_matches('#');
    if without_closing.len() < content.len()
        && (without_closing.is_empty() || without_closing.ends_with([' ', '\t']))
    {
        content = without_closing.trim_end_matches([' ', '\t']);
    }
    let leading = content.len() - content.trim_start_matches([' ', '\t']).len();
    let start = marks.end + leading;
    let end = marks.end + content.len();
    if start >= end {
        marks
    } else {
        Span::new(start, end)
    }
}

fn trimmed_line(text: &str, start: usize, end: usize) -> Span {
    let line = &text[start..end];
    let lead = line.len() - line.trim_start().len();
    let trail = line.len() - line.trim_end().len();
    Span::new(start + lead, end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_lookup_paths() {
        assert_eq!(
            hugo_lookup_path("posts/Sub/a.fr.md"),
            ("posts/sub/a".to_string(), LayoutKind::Page)
        );
        assert_eq!(
            hugo_lookup_path("posts/b/index.md"),
            ("posts/b".to_string(), LayoutKind::Page)
        );
        assert_eq!(
            hugo_lookup_path("posts/_index.md"),
            ("posts".to_string(), LayoutKind::Section)
        );
        assert_eq!(
            hugo_lookup_path("_index.md"),
            (String::new(), LayoutKind::Home)
        );
        assert_eq!(
            hugo_lookup_path("about.md"),
            ("about".to_string(), LayoutKind::Page)
        );
    }

    #[test]
    fn titles_compare_by_words() {
        assert!(same_title(
            "Architects & Tech Leads",
            "architects &amp; tech leads"
        ));
        assert!(same_title("Don’t Panic!", "Don't panic"));
        assert!(!same_title("Don’t Panic", "Do Panic"));
        assert!(same_title("🚀", "🚀"));
    }
}
