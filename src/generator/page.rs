//! A page as the generator sees it: its file (if any), its language, its
//! place in the content tree and the page path it is looked up by.

use std::path::Path;
use std::sync::Arc;

use crate::text::paths::display_path;

/// What kind of node of the content tree a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A regular page: Hugo `posts/x.md`; every Jekyll page and document.
    Regular,
    /// A Hugo leaf bundle (`posts/x/index.md`).
    Leaf,
    /// A Hugo section or the home page (`_index.md`, or a top-level folder
    /// without one).
    Branch,
    /// Hugo Markdown inside a leaf bundle: a resource, not a page.
    Resource,
    /// A Hugo taxonomy list page (`/tags/`).
    Taxonomy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The file; `None` for pages the generator makes without one. Shared
    /// by the pages of one file (one per language).
    pub file: Option<Arc<Path>>,
    /// Hugo: the path in the content tree (below the mount target);
    /// Jekyll: the site-relative path.
    pub logical: String,
    /// Hugo: the page's language, lowercased; Jekyll: empty.
    pub lang: String,
    pub role: Role,
    /// Hugo: the page path `ref` and `GetPage` look up (`/posts/x`,
    /// lowercased); Jekyll: the document path `{% link %}` and `post_url`
    /// match (relative to `collections_dir` for documents).
    pub key: String,
    /// Hugo: the base name `ref` falls back to (`x`); Jekyll: the file stem.
    pub name: String,
    /// Jekyll: the collection (`posts`, `drafts`, `docs`); `None` for pages.
    pub collection: Option<String>,
    pub is_post: bool,
    /// Hugo: the position of the content folder (mount) it comes from; an
    /// earlier mount shadows a later one.
    pub mount: usize,
}

impl Page {
    /// How the page is named in messages: its file as the report shows
    /// paths (relative to the current folder), or its page path.
    pub fn shown(&self) -> String {
        match &self.file {
            Some(file) => display_path(file),
            None => self.key.clone(),
        }
    }
}

/// A page Hugo makes without a file: a top-level section, the home page, a
/// taxonomy list.
pub fn virtual_page(key: &str, lang: &str, role: Role) -> Page {
    let logical = key.trim_start_matches('/').to_string();
    Page {
        file: None,
        name: logical.rsplit('/').next().unwrap_or_default().to_string(),
        logical,
        lang: lang.to_string(),
        role,
        key: key.to_string(),
        collection: None,
        is_post: false,
        mount: usize::MAX,
    }
}
