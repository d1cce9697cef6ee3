//! What the server keeps in memory: the open documents (their unsaved
//! text) and each site they belong to, discovered and configured once as
//! `check` does, and dropped when its configuration, templates or schemas
//! change.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types as lsp;

use crate::config::{Overrides, Settings};
use crate::engine;
use crate::error::Error;
use crate::site::Site;
use crate::text::FastMap;

use super::convert::{Encoding, LineIndex};

/// One open document.
pub struct Document {
    pub uri: lsp::Uri,
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

impl Document {
    /// Applies a `didChange`'s edits in order: a change without a range
    /// replaces the whole text.
    pub fn apply(&mut self, changes: Vec<lsp::TextDocumentContentChangeEvent>, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let span = LineIndex::new(&self.text, encoding).span(range);
                    self.text.replace_range(span.range(), &change.text);
                }
            }
        }
    }
}

/// A site as the server holds it: found and configured once.
pub struct SiteState {
    pub site: Site,
    pub settings: Settings,
}

/// The sites the open documents belong to, by root, and which root each
/// folder's files belong to.
#[derive(Default)]
pub struct Sites {
    by_root: FastMap<PathBuf, Arc<SiteState>>,
    root_of_dir: FastMap<PathBuf, PathBuf>,
}

impl Sites {
    /// The site around `path` (a document's file, which need not exist),
    /// discovered the first time a file of its folder asks.
    pub fn for_path(&mut self, path: &Path) -> Result<Arc<SiteState>, Error> {
        let dir = path.parent().unwrap_or(path).to_path_buf();
        if let Some(state) = self
            .root_of_dir
            .get(&dir)
            .and_then(|root| self.by_root.get(root))
        {
            return Ok(Arc::clone(state));
        }
        let (site, settings) = engine::site_for(path, &Overrides::default())?;
        let root = site.root.clone();
        let state = Arc::clone(
            self.by_root
                .entry(root.clone())
                .or_insert_with(|| Arc::new(SiteState { site, settings })),
        );
        self.root_of_dir.insert(dir, root);
        Ok(state)
    }

    /// A file changed on disk: when it is not a content file of the site
    /// it is in (a config, `postlint.toml`, a template, a schema, a theme's
    /// file), the site is read again on its next use. Returns the roots of
    /// the sites dropped.
    pub fn file_changed(&mut self, path: &Path) -> Vec<PathBuf> {
        let stale: Vec<PathBuf> = self
            .by_root
            .iter()
            .filter(|(root, state)| path.starts_with(root) && !is_content(&state.site, path))
            .map(|(root, _)| root.clone())
            .collect();
        for root in &stale {
            self.by_root.remove(root);
            self.root_of_dir.retain(|_, of| of != root);
        }
        // A new config may make a folder part of a site it was not in.
        if is_config_name(path) {
            self.root_of_dir.clear();
        }
        stale
    }

    /// The root of the site `path` belongs to, if the server has read it.
    pub fn root_of(&self, path: &Path) -> Option<&Path> {
        let dir = path.parent()?;
        self.root_of_dir.get(dir).map(PathBuf::as_path)
    }
}

/// Whether `path` is a page of `site` (under a content folder, a file
/// `check` would lint) rather than something every page depends on.
fn is_content(site: &Site, path: &Path) -> bool {
    site.content_dir(path).is_some() && site.is_content(path) && !is_config_name(path)
}

/// A name a site's configuration is read from (a Jekyll site's content
/// folder is its root, beside `_config.yml`).
fn is_config_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    matches!(
        stem,
        "hugo" | "config" | "_config" | "postlint" | ".postlint"
    )
}
