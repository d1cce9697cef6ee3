//! Hover and go to definition: what the text under the cursor names — a
//! shortcode's template, the page a `ref`/`relref`, `post_url`, `link` or
//! site-local Markdown link reaches — and the rule pages of the findings
//! there.

use std::path::Path;

use lsp_types as lsp;

use super::convert::{self, LineIndex};
use super::workspace::SiteState;
use crate::diagnostic::{Diagnostic, Span};
use crate::document::{Document, LiquidKind, ShortcodeKind};
use crate::generator::hugo::shortcodes::template_params;
use crate::generator::page::Page;
use crate::index::{LinkTarget, RefOutcome, SiteIndex};
use crate::rules::links::linked_page;
use crate::site::shortcodes::{Entry, Inner, Origin};

/// What a name in the text refers to.
enum Named<'s> {
    /// A shortcode, called from a page of that language.
    Shortcode(&'s Entry, String),
    Page(Page),
}

/// The template of `entry` a page of `lang` renders with: the variant for
/// its language (`aside.de.html`), else the plain HTML one, else the first.
fn template_for<'e>(entry: &'e Entry, lang: &str) -> Option<&'e Path> {
    let base = entry.name.rsplit('/').next().unwrap_or(&entry.name);
    let named = |name: String| {
        entry.templates.iter().find(|template| {
            template
                .file_name()
                .is_some_and(|file| file.eq_ignore_ascii_case(name.as_str()))
        })
    };
    named(format!("{base}.{lang}.html"))
        .or_else(|| named(format!("{base}.html")))
        .or_else(|| entry.templates.first())
        .map(|template| template.as_path())
}

/// The name under `offset` in `doc` (the file `path`), and its span.
fn named_at<'s>(
    state: &'s SiteState,
    index: &SiteIndex,
    path: &Path,
    doc: &Document,
    offset: usize,
) -> Option<(Span, Named<'s>)> {
    let inside = |span: Span| span.start <= offset && offset <= span.end;
    for shortcode in &doc.tags.shortcodes {
        if shortcode.kind == ShortcodeKind::Close && !inside(shortcode.name_span) {
            continue;
        }
        if shortcode.is_ref() {
            let Some(target) = shortcode.ref_path() else {
                continue;
            };
            if !inside(shortcode.name_span) && !inside(target.value_span) {
                continue;
            }
            let from = index.page_of(path).first().map(|page| (**page).clone())?;
            let lang = shortcode
                .param_ignoring_case("lang")
                .map_or_else(|| from.lang.clone(), |lang| lang.value.to_ascii_lowercase());
            let raw = target.value.split(['#', '?']).next().unwrap_or_default();
            if raw.is_empty() {
                return Some((target.value_span, Named::Page(from)));
            }
            return match index.hugo_ref(&from, raw, &lang) {
                RefOutcome::Found(page) => Some((target.value_span, Named::Page(page))),
                _ => None,
            };
        }
        if inside(shortcode.name_span) {
            let entry = state.site.shortcodes().get(&shortcode.name)?;
            let lang = index
                .page_of(path)
                .first()
                .map(|page| page.lang.clone())
                .unwrap_or_default();
            return Some((shortcode.name_span, Named::Shortcode(entry, lang)));
        }
    }
    for tag in &doc.tags.liquid {
        if tag.kind != LiquidKind::Tag || !inside(tag.markup_span) {
            continue;
        }
        let page = match tag.name.as_str() {
            "post_url" => index.post_url(tag.markup.trim()),
            "link" => match index.link_tag(tag.markup.trim()) {
                LinkTarget::Page(page) => Some(page),
                _ => None,
            },
            _ => None,
        }?;
        return Some((tag.markup_span, Named::Page(page)));
    }
    for link in &doc.markdown.links {
        let Some(span) = link.dest_span.filter(|span| inside(*span)) else {
            continue;
        };
        let from = index.page_of(path).first().map(|page| (**page).clone())?;
        let written = doc.text().get(span.range()).unwrap_or_default();
        let page = linked_page(index, &from, path, written, &link.dest)?;
        return Some((span, Named::Page((*page).clone())));
    }
    None
}

/// The hover at `offset`: the rule page of each finding there, and what
/// the name there refers to.
pub fn hover(
    state: &SiteState,
    index: &SiteIndex,
    path: &Path,
    doc: &Document,
    findings: &[Diagnostic],
    offset: usize,
    lines: &LineIndex,
) -> Option<lsp::Hover> {
    let mut sections: Vec<String> = Vec::new();
    let mut range = None;
    if let Some((span, named)) = named_at(state, index, path, doc, offset) {
        range = Some(lines.range(span));
        sections.push(match named {
            Named::Shortcode(entry, lang) => describe_shortcode(state, entry, &lang),
            Named::Page(page) => describe_page(state, index, &page),
        });
    }
    let mut shown: Vec<&str> = Vec::new();
    for finding in findings {
        let span = finding.primary.span;
        if span.start <= offset && offset <= span.end && !shown.contains(&finding.rule.code) {
            shown.push(finding.rule.code);
            range.get_or_insert_with(|| lines.range(span));
            sections.push(finding.rule.doc.trim().to_string());
        }
    }
    (!sections.is_empty()).then(|| lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// Where the name at `offset` is defined: a shortcode's template, the
/// file of the page a reference reaches.
pub fn definition(
    state: &SiteState,
    index: &SiteIndex,
    path: &Path,
    doc: &Document,
    offset: usize,
) -> Option<lsp::Location> {
    let file = match named_at(state, index, path, doc, offset)?.1 {
        Named::Shortcode(entry, lang) => template_for(entry, &lang)?.to_path_buf(),
        Named::Page(page) => page.file?.to_path_buf(),
    };
    let start = lsp::Position::new(0, 0);
    Some(lsp::Location::new(
        convert::uri_of(&file)?,
        lsp::Range::new(start, start),
    ))
}

fn shown_path(state: &SiteState, path: &Path) -> String {
    path.strip_prefix(&state.site.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn describe_shortcode(state: &SiteState, entry: &Entry, lang: &str) -> String {
    let mut text = format!("**`{}`** shortcode", entry.name);
    let template = template_for(entry, lang);
    match (&entry.origin, template) {
        (Origin::Embedded(embedded), _) => {
            text.push_str(", built into Hugo");
            if let Some(removed) = embedded.removed {
                text.push_str(&format!(
                    " (removed in Hugo 0.{}: {})",
                    removed.minor, embedded.instead
                ));
            } else if let Some(deprecated) = embedded.deprecated {
                text.push_str(&format!(
                    " (deprecated since Hugo 0.{}: {})",
                    deprecated.minor, embedded.instead
                ));
            }
        }
        (Origin::Site, Some(template)) => {
            text.push_str(&format!("\n\nTemplate: `{}`", shown_path(state, template)));
        }
        (Origin::Theme(theme), Some(template)) => text.push_str(&format!(
            "\n\nTemplate: `{}` (theme `{theme}`)",
            shown_path(state, template)
        )),
        (_, None) => {}
    }
    if let Some(template) = template
        && let Ok(source) = std::fs::read_to_string(template)
    {
        let params = template_params(&source);
        let mut read: Vec<String> = params
            .named
            .iter()
            .map(|name| format!("`{name}`"))
            .collect();
        read.extend(params.positional.iter().map(|at| format!("position {at}")));
        text.push_str(&format!(
            "\n\nParameters: {}",
            if read.is_empty() {
                "none read with `.Get`".to_string()
            } else {
                read.join(", ")
            }
        ));
    }
    match entry.inner() {
        Inner::Yes => text.push_str(&format!(
            "\n\nTakes inner content: close it (`{{{{< /{} >}}}}`) or self-close it.",
            entry.name
        )),
        Inner::No => text.push_str("\n\nTakes no inner content."),
        Inner::Unknown => {}
    }
    text
}

fn describe_page(state: &SiteState, index: &SiteIndex, page: &Page) -> String {
    let facts = index.facts(page);
    let title = facts
        .title
        .as_ref()
        .map_or("(no title)", |title| title.text.as_str());
    let mut text = format!("**{title}**");
    if let Some(url) = index.url(page) {
        text.push_str(&format!("\n\nURL: `{url}`"));
    }
    if let Some(file) = &page.file {
        text.push_str(&format!("\n\nFile: `{}`", shown_path(state, file)));
    }
    text
}
