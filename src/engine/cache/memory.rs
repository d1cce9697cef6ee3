//! Every page's facts from a site's cache for an index that does not come
//! with a `Cache`: a language server's, kept for many lints, and that of a
//! run over a few files, which opens the cache only if it needs them.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};

use super::pages::PageFacts;
use super::{cache_dir, key, store, unused_notice};
use crate::config::Settings;
use crate::generator::facts::Facts;
use crate::index::PagesMemory;
use crate::site::Site;
use crate::site::reads::Stamp;
use crate::site::walk::Listed;

/// Every page's front matter facts from a site's cache, for an index that
/// outlives a run (a language server's): the pages file is read once, and
/// what the index read anew is written back by `save`.
pub struct SiteMemory {
    pages: PageFacts,
    /// The cache folder it reads and writes.
    dir: PathBuf,
}

impl SiteMemory {
    /// The memory of `site`'s cache, `None` when the cache is off or the
    /// site has none, or why it cannot be used (a folder that cannot be
    /// written).
    /// `dir` is the folder an editor's settings name, over the others.
    pub fn open(
        site: &Site,
        settings: &Settings,
        dir: Option<&Path>,
    ) -> Result<Option<SiteMemory>, String> {
        let dir = match (dir, cache_dir(site, settings)) {
            (_, None) => return Ok(None),
            (Some(given), Some(_)) => given.to_path_buf(),
            (None, Some(dir)) => dir,
        };
        store::prepare(&dir)?;
        let key = key::key(site, settings);
        Ok(Some(SiteMemory {
            pages: PageFacts::new(&dir, key),
            dir,
        }))
    }

    /// The cache folder it reads and writes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the facts read anew since the pages file was read.
    pub fn save(&self) -> Result<(), String> {
        self.pages.save()
    }
}

impl PagesMemory for SiteMemory {
    fn facts(&self, file: &Path, read: &dyn Fn() -> (Facts, Option<Stamp>)) -> Arc<Facts> {
        self.pages.facts(file, read)
    }

    fn listing(&self, list: &(dyn Fn() -> Listed + Sync)) -> Vec<PathBuf> {
        self.pages.listing(list)
    }
}

/// The cache of a run over a few files: each of them is linted (pre-commit
/// hands over the files that changed, and a record would save little), and
/// the cache is opened only if the site index needs every page's facts
/// (to prove a link broken); then it is read once and written back.
pub(in crate::engine) struct LazyMemory<'a> {
    site: &'a Site,
    settings: &'a Settings,
    memory: OnceLock<Option<SiteMemory>>,
    notice: Mutex<Option<String>>,
}

impl<'a> LazyMemory<'a> {
    pub(in crate::engine) fn new(site: &'a Site, settings: &'a Settings) -> LazyMemory<'a> {
        LazyMemory {
            site,
            settings,
            memory: OnceLock::new(),
            notice: Mutex::new(None),
        }
    }

    /// The site's memory, opened on first use.
    fn memory(&self) -> Option<&SiteMemory> {
        self.memory
            .get_or_init(|| {
                SiteMemory::open(self.site, self.settings, None).unwrap_or_else(|why| {
                    if let Ok(mut notice) = self.notice.lock() {
                        *notice = Some(unused_notice(&why));
                    }
                    None
                })
            })
            .as_ref()
    }

    /// Writes what was read anew; says once why the cache was not used or
    /// not saved.
    pub(in crate::engine) fn finish(self, notes: &mut Vec<String>) {
        if let Some(Some(memory)) = self.memory.get() {
            if let Err(why) = memory.save() {
                notes.push(format!("the cache was not saved: {why}"));
            }
            if std::env::var_os("POSTLINT_CACHE_REPORT").is_some() {
                eprintln!(
                    "cache: pages: {} from the cache, {} read; listing {}",
                    memory.pages.remembered.load(Ordering::Relaxed),
                    memory.pages.read.load(Ordering::Relaxed),
                    if memory.pages.listing.remembered.load(Ordering::Relaxed) {
                        "from the cache"
                    } else {
                        "made"
                    }
                );
            }
        }
        if let Ok(Some(notice)) = self.notice.into_inner() {
            notes.push(notice);
        }
    }
}

impl PagesMemory for LazyMemory<'_> {
    fn facts(&self, file: &Path, read: &dyn Fn() -> (Facts, Option<Stamp>)) -> Arc<Facts> {
        match self.memory() {
            Some(memory) => memory.facts(file, read),
            None => Arc::new(read().0),
        }
    }

    fn listing(&self, list: &(dyn Fn() -> Listed + Sync)) -> Vec<PathBuf> {
        match self.memory() {
            Some(memory) => memory.listing(list),
            None => list().files,
        }
    }
}
