//! Heading rules (HD): the page outline as readers and screen readers get
//! it, with the title the theme renders as its first level.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::document::markdown::Heading;
use crate::generator::Flavor;
use crate::generator::PageKind;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::site::Site;
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
    if headings.is_empty() {
        return;
    }
    let title = title(doc);
    let first_h1 = headings.iter().find(|h| h.level == 1);
    // The level the theme renders the title at; none when the page has no
    // title (Jekyll names posts after their file) or the theme shows it in
    // no heading.
    let has_title = title.is_some() || (doc.flavor == Flavor::Jekyll && cx.kind == PageKind::Post);
    let title_level = if has_title {
        title_heading(cx, doc)
    } else {
        None
    };

    if let (Some(h1), Some(title), Some(1)) = (first_h1, &title, title_level)
        && same_title(&h1.text, &title.text)
    {
        sink.push(
            Diagnostic::new(
                &TITLE_AS_H1,
                heading_text(doc, h1),
                format!("the first H1 repeats the title `{}`", one_line(&title.text)),
            )
            .label("repeats the title")
            .secondary(title.span, "the theme renders this title as the page's H1")
            .help("delete this heading: the theme already shows the title as the page's H1, so readers see it twice and the page has two H1s"),
        );
    }

    // The theme's title starts the outline when the body has no H1.
    let mut previous: Option<(u8, Option<Span>, bool)> = match (first_h1, title_level) {
        (None, Some(level)) => Some((level, title.as_ref().map(|t| t.span), true)),
        _ => None,
    };
    for heading in headings {
        if let Some((level, span, is_title)) = previous
            && heading.level > level + 1
        {
            let marks = heading_marks(doc, heading);
            let wanted = "#".repeat(usize::from(level) + 1);
            let from = if is_title {
                format!("the page title (h{level})")
            } else {
                format!("h{level}")
            };
            let mut diagnostic = Diagnostic::new(
                &HEADING_SKIP,
                marks,
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
        previous = Some((heading.level, Some(heading_marks(doc, heading)), false));
    }
}

/// The heading level the site's templates render a page's title at:
/// `Some(1)` when they cannot be read (a theme from a module or a gem), as
/// most themes do; `None` when the templates show the title in no heading.
fn title_heading(cx: &FileContext, doc: &Document) -> Option<u8> {
    let templates = templates(cx.site);
    if doc.flavor == Flavor::Jekyll {
        let layout = doc
            .field("layout")
            .and_then(|e| e.value.as_str().map(str::to_string))
            .or_else(|| default_layout(cx));
        if let Some(layout) = layout {
            let mut name = layout;
            for _ in 0..8 {
                match templates.layouts.get(&name) {
                    Some((Some(level), _)) => return Some(*level),
                    Some((None, Some(parent))) => name = parent.clone(),
                    Some((None, None)) => return None,
                    None => return Some(1),
                }
            }
            return Some(1);
        }
    }
    if !templates.has_page_templates || !cx.site.missing_themes.is_empty() {
        return Some(1);
    }
    if templates.levels.contains(&1) {
        Some(1)
    } else {
        templates.levels.iter().next().copied()
    }
}

/// What the templates of a site say about titles.
#[derive(Debug, Default)]
struct Templates {
    /// Levels of the headings that render a page title, in any template.
    levels: std::collections::BTreeSet<u8>,
    /// Whether a page template (`single`, `baseof`, `list`, a Jekyll
    /// layout…) exists at all.
    has_page_templates: bool,
    /// Jekyll layouts: name → (title heading level, parent layout).
    layouts: HashMap<String, (Option<u8>, Option<String>)>,
}

/// The site's templates, read once per run.
fn templates(site: &Site) -> Arc<Templates> {
    site.memo.get_or_init(|| read_templates(site))
}

fn read_templates(site: &Site) -> Templates {
    let mut templates = Templates::default();
    for dir in &site.layout_dirs {
        let is_jekyll_layouts =
            site.flavor == Flavor::Jekyll && dir.file_name().is_some_and(|n| n == "_layouts");
        let mut files = Vec::new();
        collect_templates(dir, 0, &mut files);
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let levels = title_heading_levels(&text);
            let stem = file
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.split('.').next())
                .unwrap_or_default()
                .to_string();
            if is_jekyll_layouts
                || matches!(
                    stem.as_str(),
                    "single" | "baseof" | "list" | "page" | "section" | "home" | "index"
                )
            {
                templates.has_page_templates = true;
            }
            if is_jekyll_layouts {
                let parent = layout_parent(&text);
                templates
                    .layouts
                    .insert(stem, (levels.iter().min().copied(), parent));
            }
            templates.levels.extend(levels);
        }
    }
    templates
}

/// Template files under a layouts folder; shortcodes and render hooks do
/// not render page titles.
fn collect_templates(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            if depth < 6 && !matches!(name.as_ref(), "_shortcodes" | "shortcodes" | "_markup") {
                collect_templates(&path, depth + 1, out);
            }
        } else if kind.is_file() && name.ends_with(".html") {
            out.push(path);
        }
    }
}

/// The levels of the `<h1>`…`<h6>` elements whose content renders a page
/// title (`{{ .Title }}`, `{{ page.title }}`, a title partial), not the
/// site's.
fn title_heading_levels(text: &str) -> Vec<u8> {
    let mut levels = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<h") {
        let start = at + i;
        at = start + 2;
        let Some(&digit) = lower.as_bytes().get(start + 2) else {
            break;
        };
        if !(b'1'..=b'6').contains(&digit)
            || !lower
                .as_bytes()
                .get(start + 3)
                .is_some_and(|b| matches!(b, b'>' | b' ' | b'\t' | b'\n' | b'\r'))
        {
            continue;
        }
        let close = format!("</h{}", char::from(digit));
        let Some(end) = lower[start..].find(&close) else {
            continue;
        };
        let inner = &lower[start..start + end];
        let renders_title = inner
            .split("{{")
            .skip(1)
            .filter_map(|action| action.split("}}").next())
            .any(|action| {
                action.contains("title")
                    && !action.contains("site.title")
                    && !action.contains("site.params.title")
            });
        if renders_title {
            levels.push(digit - b'0');
        }
    }
    levels
}

/// A Jekyll layout's own `layout:` (the layout it is wrapped in).
fn layout_parent(text: &str) -> Option<String> {
    let rest = text.strip_prefix("---")?;
    let end = rest.find("\n---")?;
    rest[..end].lines().find_map(|line| {
        let value = line
            .strip_prefix("layout:")?
            .trim()
            .trim_matches(['"', '\'']);
        (!value.is_empty() && value != "null" && value != "none").then(|| value.to_string())
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
    fn title_headings_are_found_in_templates() {
        assert_eq!(
            title_heading_levels("<h1 class=\"t\">{{ .Title | emojify }}</h1>"),
            [1]
        );
        assert_eq!(
            title_heading_levels("<H2 itemprop=x>\n  {{ page.title }}\n</h2>"),
            [2]
        );
        assert_eq!(
            title_heading_levels("<h3>{{ partial \"docs/title\" . }}</h3>"),
            [3]
        );
        assert_eq!(
            title_heading_levels("<h1>{{ .Site.Title }}</h1><hr>"),
            Vec::<u8>::new()
        );
        assert_eq!(
            layout_parent("---\nlayout: news\n---\n<h2>"),
            Some("news".to_string())
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
