//! The pages of the files a run over some files linted, with the lookups the
//! site checks make for every link: by file, by page path and by URL, each a
//! hash probe (a scan per lookup would make a run over a big folder
//! quadratic).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
use std::sync::Arc;

use super::Page;

/// The linted pages; the URL table is built on first use and is valid only
/// while no page has been added since.
#[derive(Debug, Default)]
pub(super) struct LintedPages {
    pages: Vec<Page>,
    /// Keyed by the path's bytes (hashing a `Path` walks its components).
    by_file: HashMap<OsString, Vec<usize>>,
    /// By (language, page path).
    by_key: HashMap<(String, String), Vec<usize>>,
    by_url: Option<UrlTable>,
}

/// Which linted pages each URL key belongs to, for the first `covered` pages.
#[derive(Debug, Clone)]
pub(super) struct UrlTable {
    covered: usize,
    pages: Arc<HashMap<String, Vec<Page>>>,
}

impl LintedPages {
    /// Adds pages (of one file or several); the pages of a file known
    /// already (a buffer linted again) are kept as they were.
    pub(super) fn extend(&mut self, pages: Vec<Page>) {
        let known = |page: &Page| {
            page.file
                .as_ref()
                .is_some_and(|file| self.by_file.contains_key(file.as_os_str()))
        };
        let pages: Vec<Page> = pages.into_iter().filter(|page| !known(page)).collect();
        for page in pages {
            let at = self.pages.len();
            if let Some(file) = &page.file {
                self.by_file
                    .entry(file.as_os_str().to_owned())
                    .or_default()
                    .push(at);
            }
            self.by_key
                .entry((page.lang.clone(), page.key.clone()))
                .or_default()
                .push(at);
            self.pages.push(page);
        }
    }

    pub(super) fn all(&self) -> &[Page] {
        &self.pages
    }

    pub(super) fn of_file(&self, file: &Path) -> impl Iterator<Item = &Page> {
        self.by_file
            .get(file.as_os_str())
            .into_iter()
            .flatten()
            .map(|&at| &self.pages[at])
    }

    pub(super) fn contains_file(&self, file: &Path) -> bool {
        self.by_file.contains_key(file.as_os_str())
    }

    pub(super) fn at_key(&self, lang: &str, key: &str) -> impl Iterator<Item = &Page> {
        self.by_key
            .get(&(lang.to_string(), key.to_string()))
            .into_iter()
            .flatten()
            .map(|&at| &self.pages[at])
    }

    /// The URL table, if one was built after the last page was added.
    pub(super) fn url_table(&self) -> Option<Arc<HashMap<String, Vec<Page>>>> {
        self.by_url
            .as_ref()
            .filter(|table| table.covered == self.pages.len())
            .map(|table| Arc::clone(&table.pages))
    }

    /// Keeps a table built from the first `covered` pages, unless pages
    /// were added meanwhile.
    pub(super) fn set_url_table(&mut self, covered: usize, pages: HashMap<String, Vec<Page>>) {
        if covered == self.pages.len() {
            self.by_url = Some(UrlTable {
                covered,
                pages: Arc::new(pages),
            });
        }
    }
}
