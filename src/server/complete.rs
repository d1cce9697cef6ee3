//! Completion, from what the text before the cursor opens: a shortcode's
//! name after `{{<` or `{{%` (the site's, its themes' and Hugo's own, the
//! removed ones marked), the closing tag of the innermost open shortcode
//! after `{{< /`, the named parameters its template reads, a page path in
//! `ref`/`relref`, a post in `post_url`, a file in `link`, an image path
//! in `![…](` or a `figure`'s `src`, a front matter key (the generator's
//! fields and the configured schemas' properties) at the start of a front
//! matter line, and a key's values (a taxonomy's terms the site uses,
//! booleans, a schema's `enum`).

use std::path::Path;
use std::sync::LazyLock;

use lsp_types as lsp;
use regex::Regex;

use super::convert::LineIndex;
use super::workspace::SiteState;
use crate::diagnostic::Span;
use crate::document::{Document, ShortcodeKind};
use crate::generator::Flavor;
use crate::generator::fields::Kind;
use crate::generator::hugo::shortcodes::template_params;
use crate::generator::page::Role;
use crate::index::SiteIndex;
use crate::site::shortcodes::{Inner, Origin};
use crate::text::FastMap;
use crate::text::paths::slash_path;

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
static IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\(([^)\s]*)$").expect("a valid pattern"));
static FIGURE_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]\s*figure\s(?:[^>%"]*|"[^"]*")*\bsrc="([^"]*)$"#)
        .expect("a valid pattern")
});
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
        } else if let Some((key, typed_at)) = value_context(&text[..line_start], before) {
            *typed_from = line_start + typed_at;
            list.items = values(state, index, path, &key, &before[typed_at..]);
        }
        return list;
    }
    if let Some(found) = IMAGE
        .captures(before)
        .or_else(|| FIGURE_SRC.captures(before))
    {
        from(&found);
        (list.items, list.is_incomplete) = images(state, path, &found[1]);
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

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// At most this many files are looked at for image paths.
const MAX_FILES_SEEN: usize = 20_000;

/// Images an image link of the page `path` can name, containing `typed`:
/// Hugo's page bundle files (relative, `cat.jpg`) and the files of the
/// static folders (from the site root, `/images/cat.jpg`); Jekyll's files
/// from the site root. Whether the list was cut short.
fn images(state: &SiteState, path: &Path, typed: &str) -> (Vec<lsp::CompletionItem>, bool) {
    let site = &state.site;
    let is_image = |file: &Path| {
        file.extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| {
                IMAGE_EXTENSIONS
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(ext))
            })
    };
    let mut found: Vec<(String, &str)> = Vec::new();
    let bundle = site.flavor == Flavor::Hugo
        && path
            .file_stem()
            .is_some_and(|stem| stem == "index" || stem == "_index");
    if bundle && let Some(dir) = path.parent() {
        for file in walk(dir, MAX_FILES_SEEN)
            .into_iter()
            .filter(|file| is_image(file))
        {
            if let Ok(inside) = file.strip_prefix(dir) {
                found.push((slash_path(inside), "in the page bundle"));
            }
        }
    }
    for dir in &site.static_dirs {
        for file in walk(dir, MAX_FILES_SEEN)
            .into_iter()
            .filter(|file| is_image(file))
        {
            if let Ok(inside) = file.strip_prefix(dir) {
                found.push((format!("/{}", slash_path(inside)), "a static file"));
            }
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    cut(found
        .into_iter()
        .filter(|(label, _)| label.contains(typed.trim_start_matches("./")))
        .map(|(label, detail)| item(label, lsp::CompletionItemKind::FILE, detail.to_string())))
}

/// The files below `dir` (`.gitignore` respected, the generators' output
/// and caches left out), at most `limit`.
fn walk(dir: &Path, limit: usize) -> Vec<std::path::PathBuf> {
    ignore::WalkBuilder::new(dir)
        .filter_entry(|entry| {
            !matches!(
                entry.file_name().to_str(),
                Some("_site" | "public" | "node_modules" | ".jekyll-cache" | "resources")
            )
        })
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
        .take(limit)
        .map(ignore::DirEntry::into_path)
        .collect()
}

/// The front matter key whose value the cursor is in, and where the
/// value's text typed so far starts in `line`: `tags: [a, b|`,
/// `tags = ["a", "b|`, or a YAML list item under `tags:`. `above` is the
/// text before the line.
fn value_context(above: &str, line: &str) -> Option<(String, usize)> {
    // After the item's dash, or the last separator of an inline value (a
    // value's own hyphens are part of it).
    let typed_at = match LIST_ITEM.find(line) {
        Some(dash) => dash.end(),
        None => line
            .rfind(['[', ',', '"', '\'', ':', '='])
            .map_or(0, |at| at + 1),
    };
    let rest = &line[typed_at..];
    let typed_at = typed_at + (rest.len() - rest.trim_start_matches([' ', '"', '\'']).len());
    if let Some(found) = INLINE_VALUE.captures(line) {
        return Some((found[1].to_string(), typed_at));
    }
    if LIST_ITEM.is_match(line) {
        // The key the list belongs to: the nearest line above that is not
        // an item of it.
        let key_line = above
            .lines()
            .rev()
            .find(|above| !LIST_ITEM.is_match(above) && !above.trim().is_empty())?;
        let found = LIST_KEY.captures(key_line)?;
        return Some((found[1].to_string(), typed_at));
    }
    None
}

static INLINE_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z_][\w-]*)\s*[:=]\s*\S?").expect("a valid pattern"));
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*-(\s|$)").expect("a valid pattern"));
static LIST_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z_][\w-]*)\s*:\s*$").expect("a valid pattern"));

/// Values for the front matter key `key` starting with `typed`: the terms
/// the site's pages already use for a taxonomy (`tags`, `categories`),
/// `true`/`false` for a boolean field, and the `enum` of the configured
/// schemas' property.
fn values(
    state: &SiteState,
    index: &SiteIndex,
    path: &Path,
    key: &str,
    typed: &str,
) -> Vec<lsp::CompletionItem> {
    let mut items: Vec<lsp::CompletionItem> = Vec::new();
    let mut push = |value: String, detail: String| {
        if value.starts_with(typed) && !items.iter().any(|item| item.label == value) {
            items.push(item(value, lsp::CompletionItemKind::ENUM_MEMBER, detail));
        }
    };
    let known = state.site.known_fields();
    let field = known.get(key);
    if field.is_some_and(|field| field.kind == Kind::Bool) {
        push("true".to_string(), String::new());
        push("false".to_string(), String::new());
    }
    if field.is_some_and(|field| field.kind == Kind::Terms) {
        let lower = key.to_ascii_lowercase();
        let mut used: FastMap<String, usize> = FastMap::default();
        // The other pages': the buffer's own are being typed.
        for page in index
            .pages()
            .iter()
            .filter(|page| page.file.as_deref() != Some(path))
        {
            let facts = index.facts(page);
            let terms: &[String] = match state.site.flavor {
                Flavor::Hugo => facts
                    .terms
                    .iter()
                    .find(|(taxonomy, _)| *taxonomy == lower)
                    .map_or(&[], |(_, terms)| terms),
                Flavor::Jekyll if lower.starts_with("categor") => &facts.categories,
                Flavor::Jekyll => &[],
            };
            for term in terms {
                *used.entry(term.clone()).or_default() += 1;
            }
        }
        let mut used: Vec<(String, usize)> = used.into_iter().collect();
        used.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (term, count) in used {
            let pages = if count == 1 { "page" } else { "pages" };
            push(term, format!("on {count} {pages}"));
        }
    }
    for entry in state.settings.options.schemas.for_path(path) {
        let property = &entry.compiled.json["properties"][key];
        let listed = property["enum"]
            .as_array()
            .or_else(|| property["items"]["enum"].as_array());
        for value in listed.into_iter().flatten() {
            if let Some(value) = value.as_str() {
                push(
                    value.to_string(),
                    format!("from the schema `{}`", entry.compiled.name),
                );
            }
        }
    }
    items
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
