//! The anchors (`#fragment` targets) of the pages links point at: read
//! from the page's file on first use, once per file and language, so a
//! run over some files parses only the pages its links name.

use std::ffi::OsString;
use std::fs;
use std::sync::Arc;

use super::SiteIndex;
use crate::document::Document;
use crate::document::anchors::{Anchors, page_anchors};
use crate::generator::page::Page;
use crate::site::files::DEFAULT_MAX_SIZE;
use crate::text::Source;

impl SiteIndex<'_> {
    /// The anchors of `page`, `None` when it has no file postlint can read
    /// (a generated list page, a file too big or unreadable).
    pub fn anchors(&self, page: &Page) -> Option<Arc<Anchors>> {
        let file = page.file.as_deref()?;
        let key = (file.as_os_str().to_owned(), page.lang.clone());
        if let Some(found) = self.anchors.read().ok()?.get(&key) {
            return found.clone();
        }
        let read = read_anchors(self, file, page).map(Arc::new);
        if let Ok(mut known) = self.anchors.write() {
            known.insert(key, read.clone());
        }
        read
    }
}

/// The key of a page's anchors: its file and language.
pub(super) type AnchorKey = (OsString, String);

fn read_anchors(index: &SiteIndex, file: &std::path::Path, page: &Page) -> Option<Anchors> {
    let meta = fs::metadata(file).ok()?;
    if meta.len() > DEFAULT_MAX_SIZE {
        return None;
    }
    // Decoded as a linted file is: its ids are the same either way.
    let source = Source::from_bytes(fs::read(file).ok()?);
    let site = index.site;
    let doc = Document::parse_as(source, site.flavor, site.markup(file));
    let lang = (!page.lang.is_empty()).then_some(page.lang.as_str());
    Some(page_anchors(site, file, &doc, lang))
}
