//! What a page's `#fragment`s can name: its headings' ids as the generator
//! makes them (`heading_ids`), the ids and names its raw HTML writes, and
//! why some cannot be known (a shortcode or include that writes ids of its
//! own, a heading whose text a template call makes).

use std::path::{Path, PathBuf};

use super::heading_ids::{IdKind, markdown_heading_ids};
use super::{Delimiter, Document, LiquidKind, ShortcodeKind};
use crate::generator::{Flavor, Markup};
use crate::site::Site;
use crate::site::reads::{self, Stamp};
use crate::text::has_atx_heading;
use crate::text::html_ids::{AttributeId, attribute_ids};

/// The ids one page gives its elements, kept small: a whole-site run
/// holds every page's until its links are judged. Whether the page has an
/// id is answered from the ids' hashes; the ids themselves are kept only
/// where a finding will show them (`with_names`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Anchors {
    /// The hash of every id: first the page's Markdown headings' (and
    /// Hugo's definition terms'), in order, then those its raw HTML writes.
    hashes: Box<[u32]>,
    /// How many of the first ids are headings'.
    headings: u32,
    /// The ids, one per line, in the order of `hashes`, when kept.
    names: Option<Box<str>>,
    /// Why the page may have ids not listed, when it may.
    pub unknown: Option<Box<str>>,
}

impl Anchors {
    pub fn contains(&self, id: &str) -> bool {
        self.hashes.contains(&id_hash(id))
    }

    /// Where among the page's headings the one with id `id` is.
    pub fn heading_position(&self, id: &str) -> Option<usize> {
        let hash = id_hash(id);
        self.hashes[..self.heading_count()]
            .iter()
            .position(|own| *own == hash)
    }

    pub fn heading_count(&self) -> usize {
        (self.headings as usize).min(self.hashes.len())
    }

    /// Every id, headings first, when the names are kept.
    pub fn ids(&self) -> Option<impl Iterator<Item = &str>> {
        self.names.as_deref().map(|names| names.split('\n'))
    }

    /// The ids of the page's headings, in order, when the names are kept.
    pub fn headings(&self) -> Option<impl Iterator<Item = &str>> {
        let count = self.heading_count();
        self.ids().map(|ids| ids.take(count))
    }

    /// The same anchors without the ids' names (what a page's summary
    /// keeps).
    pub fn without_names(mut self) -> Anchors {
        self.names = None;
        self
    }

    pub fn has_names(&self) -> bool {
        self.names.is_some()
    }
}

/// An id's hash: one fixed hasher, so that two pages' hashes compare.
/// Half of a 64-bit hash: a page of a hundred ids takes a fragment it
/// lacks for one of its own about once in forty million checks (a missed
/// finding, never a false one), and every page's hashes are held at once.
fn id_hash(id: &str) -> u32 {
    use std::hash::BuildHasher;
    let hash = foldhash::fast::FixedState::with_seed(0x9e37_79b9_7f4a_7c15).hash_one(id);
    (hash >> 32) as u32
}

/// The anchors of `doc`, the file `path` of `site`, a page of `lang`.
pub fn page_anchors(site: &Site, path: &Path, doc: &Document, lang: Option<&str>) -> Anchors {
    let mut headings: Vec<String> = Vec::new();
    let mut elements: Vec<String> = Vec::new();
    let mut unknown: Option<String> = None;
    // Raw HTML headings' ids are among the HTML's ids below.
    for id in markdown_heading_ids(doc, site.heading_id_rules(lang)) {
        if !id.exact && unknown.is_none() {
            unknown = Some(format!(
                "the heading on line {} holds a template call, whose output postlint does not know",
                doc.source.line_col(id.span.start).line
            ));
        }
        match id.kind {
            IdKind::Heading | IdKind::Term => headings.push(id.id),
            IdKind::HtmlHeading => {}
        }
    }
    let text = doc.text();
    for chunk in doc.markdown.html_chunks() {
        for id in attribute_ids(text.get(chunk.range()).unwrap_or_default()) {
            match id {
                AttributeId::Literal(id) => elements.push(id.to_string()),
                AttributeId::Templated => {
                    unknown.get_or_insert_with(|| {
                        format!(
                            "its HTML on line {} makes an id with a template call",
                            doc.source.line_col(chunk.start).line
                        )
                    });
                }
            }
        }
    }
    if unknown.is_none() {
        unknown = match doc.flavor {
            Flavor::Hugo => shortcode_ids(site, doc),
            Flavor::Jekyll => include_ids(site, path, doc),
        };
    }
    if doc.flavor == Flavor::Jekyll && text.contains("{:toc}") {
        // kramdown's table of contents.
        elements.push("markdown-toc".to_string());
    }
    let count = u32::try_from(headings.len()).unwrap_or(u32::MAX);
    let ids: Vec<&String> = headings.iter().chain(&elements).collect();
    let mut names = String::with_capacity(ids.iter().map(|id| id.len() + 1).sum());
    for (at, id) in ids.iter().enumerate() {
        if at > 0 {
            names.push('\n');
        }
        // An id is one line: no generator makes one with a line break.
        if id.contains('\n') {
            names.push_str(&id.replace('\n', " "));
        } else {
            names.push_str(id);
        }
    }
    Anchors {
        hashes: ids.iter().map(|id| id_hash(id)).collect(),
        headings: count,
        names: Some(names.into_boxed_str()),
        unknown: unknown.map(String::into_boxed_str),
    }
}

/// A shortcode call that may write ids postlint cannot know.
fn shortcode_ids(site: &Site, doc: &Document) -> Option<String> {
    let registry = site.shortcodes();
    doc.tags
        .shortcodes
        .iter()
        .filter(|call| call.kind != ShortcodeKind::Close && call.error.is_none() && !call.inline)
        .find_map(|call| {
            let markdown_call = call.delimiter == Delimiter::Percent;
            // A parameter naming a Markdown file: the call most likely
            // renders that file's content, headings and all.
            let names_markdown = call.params.iter().any(|param| {
                let value = param.value.trim().to_ascii_lowercase();
                value.ends_with(".md") || value.ends_with(".markdown")
            });
            let writes = names_markdown
                || registry
                    .get(&call.name)
                    .is_none_or(|entry| entry.may_add_ids(markdown_call));
            writes.then(|| {
                format!(
                    "it calls the shortcode `{}` (line {}), whose output may hold ids postlint does not know",
                    call.name,
                    doc.source.line_col(call.span.start).line
                )
            })
        })
}

/// A Jekyll include whose output may hold ids postlint cannot know: one
/// it cannot find, one that writes ids with Liquid, or (in a Markdown
/// page, where kramdown renders the included text) Markdown headings.
fn include_ids(site: &Site, path: &Path, doc: &Document) -> Option<String> {
    doc.tags
        .liquid
        .iter()
        .filter(|tag| tag.kind == LiquidKind::Tag && tag.error.is_none())
        .filter(|tag| {
            matches!(
                tag.name.as_str(),
                "include" | "include_relative" | "include_cached"
            )
        })
        .find_map(|tag| {
            let name = tag.markup.split_whitespace().next().unwrap_or_default();
            let found = include_file(site, path, &tag.name, name)
                .and_then(|file| std::fs::read_to_string(file).ok());
            let unknown = match found {
                None => true,
                Some(text) => {
                    attribute_ids(&text).any(|id| id == AttributeId::Templated)
                        || (doc.markup == Markup::Markdown && has_atx_heading(&text))
                }
            };
            unknown.then(|| {
                format!(
                    "it includes `{name}` (line {}), which may add ids postlint does not know",
                    doc.source.line_col(tag.span.start).line
                )
            })
        })
}

/// The file an include tag reads: `_includes/NAME` of the site or its
/// theme, or NAME next to the page for `include_relative`.
fn include_file(site: &Site, page: &Path, tag: &str, name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains("{{") {
        return None;
    }
    if tag == "include_relative" {
        // Beside the page, not among the templates the cache's key covers:
        // the page's findings depend on it, or on its absence.
        let file = page.parent()?.join(name);
        let metadata = std::fs::metadata(&file).ok();
        reads::read_file(&file, metadata.as_ref().map(Stamp::of));
        return metadata.is_some_and(|meta| meta.is_file()).then_some(file);
    }
    site.layout_dirs
        .iter()
        .filter(|dir| dir.ends_with("_includes"))
        .map(|dir| dir.join(name))
        .find(|file| file.is_file())
}
