//! Completion, from what the text before the cursor opens: a shortcode's
//! name after `{{<` or `{{%` (the site's, its themes' and Hugo's own, the
//! removed ones marked), the closing tag of the innermost open shortcode
//! after `{{< /`, the named parameters its template reads, a page path in
//! `ref`/`relref`, a post in `post_url`, a file in `link`, and a front
//! matter key (the generator's fields and the configured schemas'
//! properties) at the start of a front matter line.

use std::path::Path;
use std::sync::LazyLock;

use lsp_types as lsp;
use regex::Regex;

use super::convert::LineIndex;
use super::workspace::SiteState;
use crate::diagnostic::Span;
use crate::document::{Document, ShortcodeKind};
use crate::generator::Flavor;
use crate::generator::hugo::shortcodes::template_params;
use crate::generator::page::Role;
use crate::index::SiteIndex;
use crate::site::shortcodes::{Inner, Origin};

/// At most this many pages are offered at once; the list is marked
/// incomplete and the client asks again as the author types.
const MAX_PAGES: usize = 200;

static CLOSING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{[<%]\s*/\s*([\w/.-]*)$").expect("a valid pattern"));
static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{[<%]\s*([\w/.-]*)$").expect("a valid pattern"));
static REF_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]\s*(?:ref|relref)\s+(?:path=)?"([^"]*)$"#).expect("a valid pattern")
});
static PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]\s*([\w/.-]+)\s(?:[^>%"}]*|"[^"]*")*\s(\w*)$"#).expect("a valid pattern")
});
static PARAMETER_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{[<%]\s*([\w/.-]+)\s+(\w*)$").expect("a valid pattern"));
static LIQUID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*(post_url|link)\s+(\S*)$").expect("a valid pattern"));
static KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z_][\w-]*)?$").expect("a valid pattern"));

/// The completions at `offset` of `doc`, the file `path`. Each replaces
/// what was typed of it (a path's `/` and `.` included, which a client
/// would not count as part of the word).
pub fn complete(
    state: &SiteState,
    index: &SiteIndex,
    path: &Path,
    doc: &Document,
    offset: usize,
    lines: &LineIndex,
) -> lsp::CompletionList {
    let mut typed_from = offset;
    let mut list = candidates(state, index, path, doc, offset, &mut typed_from);
    let range = lines.range(Span {
        start: typed_from,
        end: offset,
    });
    for item in &mut list.items {
        let new_text = item
            .insert_text
            .take()
            .unwrap_or_else(|| item.label.clone());
        item.text_edit = Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            range, new_text,
        )));
    }
    list
}

/// The completions at `offset`; `typed_from` is set to where the text
/// they complete starts.
fn candidates(
    state: &SiteState,
    index: &SiteIndex,
    path: &Path,
    doc: &Document,
    offset: usize,
    typed_from: &mut usize,
) -> lsp::CompletionList {
    let text = doc.text();
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let before = &text[line_start..offset];
    let mut list = lsp::CompletionList {
        is_incomplete: false,
        items: Vec::new(),
    };
    // Where the text a completion replaces starts: the last group.
    let mut from = |found: &regex::Captures| {
        if let Some(typed) = found.iter().flatten().last() {
            *typed_from = line_start + typed.start();
        }
    };
    if offset < doc.body_start {
        if let Some(found) = KEY.captures(before) {
            from(&found);
            let prefix = found.get(1).map_or("", |m| m.as_str());
            list.items = keys(state, path, prefix);
        }
        return list;
    }
    match state.site.flavor {
        Flavor::Hugo => {
            if let Some(found) = CLOSING.captures(before) {
                from(&found);
                list.items = closing(state, doc, offset, &found[1]);
            } else if let Some(found) = REF_PATH.captures(before) {
                from(&found);
                (list.items, list.is_incomplete) = ref_paths(index, path, &found[1]);
            } else if let Some(found) = NAME.captures(before) {
                from(&found);
                list.items = names(state, &found[1]);
            } else if let Some(found) = PARAMETER_FIRST
                .captures(before)
                .or_else(|| PARAMETER.captures(before))
            {
                from(&found);
                list.items = parameters(state, &found[1], &found[2]);
            }
        }
        Flavor::Jekyll => {
            if let Some(found) = LIQUID.captures(before) {
                from(&found);
                (list.items, list.is_incomplete) =
                    liquid_targets(index, path, &found[1], &found[2]);
            }
        }
    }
    list
}

fn item(label: String, kind: lsp::CompletionItemKind, detail: String) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label,
        kind: Some(kind),
        detail: Some(detail),
        ..Default::default()
    }
}

/// The shortcodes whose name starts with `prefix`.
fn names(state: &SiteState, prefix: &str) -> Vec<lsp::CompletionItem> {
    let registry = state.site.shortcodes();
    let version = state.settings.options.hugo_version;
    let mut items: Vec<lsp::CompletionItem> = registry
        .names()
        .filter(|name| name.starts_with(prefix))
        .filter_map(|name| {
            let entry = registry.get(name)?;
            let (detail, gone) = match &entry.origin {
                Origin::Site => ("the site's shortcode".to_string(), false),
                Origin::Theme(theme) => (format!("shortcode of the theme `{theme}`"), false),
                Origin::Embedded(embedded) => match embedded.removed {
                    Some(removed) if version >= removed => (
                        format!("removed in Hugo 0.{}: {}", removed.minor, embedded.instead),
                        true,
                    ),
                    _ => ("built into Hugo".to_string(), false),
                },
            };
            let mut item = item(name.to_string(), lsp::CompletionItemKind::FUNCTION, detail);
            if gone {
                item.tags = Some(vec![lsp::CompletionItemTag::DEPRECATED]);
            }
            Some(item)
        })
        .collect();
    items.sort_by(|a, b| a.label.cmp(&b.label));
    items
}

/// The closing tag of the innermost shortcode open at `offset`.
fn closing(
    state: &SiteState,
    doc: &Document,
    offset: usize,
    prefix: &str,
) -> Vec<lsp::CompletionItem> {
    let registry = state.site.shortcodes();
    let mut open: Vec<&str> = Vec::new();
    for shortcode in doc
        .tags
        .shortcodes
        .iter()
        .take_while(|s| s.span.end <= offset)
    {
        match shortcode.kind {
            ShortcodeKind::Open => {
                let takes_inner = registry
                    .get(&shortcode.name)
                    .is_none_or(|entry| entry.inner() != Inner::No);
                if takes_inner {
                    open.push(&shortcode.name);
                }
            }
            ShortcodeKind::Close => {
                if let Some(at) = open
                    .iter()
                    .rposition(|name| name.eq_ignore_ascii_case(&shortcode.name))
                {
                    open.truncate(at);
                }
            }
            ShortcodeKind::SelfClosing => {}
        }
    }
    open.last()
        .filter(|name| name.starts_with(prefix))
        .map(|name| {
            vec![item(
                name.to_string(),
                lsp::CompletionItemKind::FUNCTION,
                format!("closes `{name}`"),
            )]
        })
        .unwrap_or_default()
}

/// The named parameters the template of `name` reads.
fn parameters(state: &SiteState, name: &str, prefix: &str) -> Vec<lsp::CompletionItem> {
    let Some(entry) = state.site.shortcodes().get(name) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for template in &entry.templates {
        if let Ok(source) = std::fs::read_to_string(template) {
            for param in template_params(&source).named {
                if !names.contains(&param) {
                    names.push(param);
                }
            }
        }
    }
    names
        .into_iter()
        .filter(|param| param.starts_with(prefix))
        .map(|param| lsp::CompletionItem {
            insert_text: Some(format!("{param}=\"$1\"")),
            insert_text_format: Some(lsp::InsertTextFormat::SNIPPET),
            ..item(
                param,
                lsp::CompletionItemKind::PROPERTY,
                format!("read by `{}`'s template", entry.name),
            )
        })
        .collect()
}

/// Content paths a `ref` reaches, from the content root (`/posts/x.md`),
/// pages of the document's language; whether the list was cut short.
fn ref_paths(index: &SiteIndex, path: &Path, typed: &str) -> (Vec<lsp::CompletionItem>, bool) {
    let lang = index
        .page_of(path)
        .first()
        .map(|page| page.lang.clone())
        .unwrap_or_default();
    let typed = typed.trim_start_matches('/');
    let candidates = index.pages().iter().filter(|page| {
        page.lang == lang
            && page.role != Role::Resource
            && page.logical.contains(typed)
            && page.file.as_deref() != Some(path)
    });
    cut(candidates.map(|page| {
        let facts = index.facts(page);
        let title = facts.title.as_ref().map_or("", |title| title.text.as_str());
        item(
            format!("/{}", page.logical),
            lsp::CompletionItemKind::FILE,
            title.to_string(),
        )
    }))
}

/// Jekyll: posts by name for `post_url`, files for `link`.
fn liquid_targets(
    index: &SiteIndex,
    path: &Path,
    tag: &str,
    typed: &str,
) -> (Vec<lsp::CompletionItem>, bool) {
    let posts = tag == "post_url";
    let candidates = index
        .pages()
        .iter()
        .filter(|page| (page.is_post || !posts) && page.file.as_deref() != Some(path))
        .map(|page| {
            if posts {
                page.name.as_str()
            } else {
                page.logical.as_str()
            }
        })
        .filter(|label| label.contains(typed));
    cut(candidates.map(|label| {
        item(
            label.to_string(),
            lsp::CompletionItemKind::FILE,
            String::new(),
        )
    }))
}

fn cut(items: impl Iterator<Item = lsp::CompletionItem>) -> (Vec<lsp::CompletionItem>, bool) {
    let mut items: Vec<lsp::CompletionItem> = items.take(MAX_PAGES + 1).collect();
    let incomplete = items.len() > MAX_PAGES;
    items.truncate(MAX_PAGES);
    (items, incomplete)
}

/// Front matter keys starting with `prefix`: the generator's fields, then
/// the properties of the schemas configured for the file.
fn keys(state: &SiteState, path: &Path, prefix: &str) -> Vec<lsp::CompletionItem> {
    let known = state.site.known_fields();
    let mut items: Vec<lsp::CompletionItem> = known
        .fields
        .iter()
        .filter(|field| field.name.starts_with(prefix))
        .map(|field| {
            item(
                field.name.to_string(),
                lsp::CompletionItemKind::FIELD,
                field.kind.describe().to_string(),
            )
        })
        .collect();
    for entry in state.settings.options.schemas.for_path(path) {
        let Some(properties) = entry.compiled.json["properties"].as_object() else {
            continue;
        };
        for (name, property) in properties {
            if !name.starts_with(prefix) || items.iter().any(|item| item.label == *name) {
                continue;
            }
            let mut item = item(
                name.clone(),
                lsp::CompletionItemKind::FIELD,
                format!("from the schema `{}`", entry.compiled.name),
            );
            item.documentation = property["description"]
                .as_str()
                .map(|text| lsp::Documentation::String(text.to_string()));
            items.push(item);
        }
    }
    items
}
