//! The site index: every page of a site, where its file is, the path `ref`
//! and `{% link %}` look it up by, and the URL the generator gives it.
//!
//! Built once per site and shared by the site-level rules (LNK, SITE). It
//! never re-reads a file that was linted: the per-file pass leaves a
//! summary of each file (its front matter facts and the links to judge),
//! and the index takes those facts from there.
//!
//! Whole-site runs know every page from the walk and every page's facts
//! from the summaries. Runs over some files only (pre-commit) must stay
//! fast on big sites, so the index starts empty and answers lookups by
//! probing the few file names a page path or URL can come from; only when
//! that finds nothing does it list the content folders, and only when a URL
//! still matches nothing does it read the front matter of the other pages.
//! A lookup therefore costs a few `stat` calls when its target exists, and
//! the full scan only when something looks broken.

mod anchors;
mod files;
mod hugo_refs;
mod jekyll_refs;
mod linted;
mod listing;
mod pages;
mod urls;

pub use pages::{hugo_pages, jekyll_page};

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rayon::prelude::*;

use crate::document::anchors::Anchors;
use crate::generator::dates::zone;
use crate::generator::facts::Facts;
use crate::generator::page::Page;
use crate::generator::{Flavor, hugo, jekyll};
use crate::site::Site;
use crate::site::reads::Stamp;
use crate::site::walk::Listed;
use crate::text::{FastMap, Suggester};
use hugo_refs::Cascade;
use listing::Listing;
use urls::UrlMap;

/// A page found at a URL.
#[derive(Debug, Clone)]
pub struct UrlHit {
    /// Shared with the listing: a site has a hit per page and alias.
    pub page: Arc<Page>,
    /// The URL as the generator writes it.
    pub url: String,
    /// Found through one of its aliases (`aliases`, `redirect_from`).
    pub alias: bool,
    /// Why the page is left out of the build, if it is.
    pub not_built: Option<&'static str>,
}

/// Tables the index builds on first use and keeps for the lookups after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookups {
    /// Every page's URL (and aliases).
    Urls,
    /// What judging links needs besides: did-you-mean tables, taxonomy
    /// terms, file checks.
    Links,
}

/// How far a lookup may go: `Quick` probes the file names a path or URL
/// can come from; `Full` lists the site and reads every page's front
/// matter when needed. In a whole-site run both use the full index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Quick,
    Full,
}

/// What a Jekyll `{% link %}` finds.
#[derive(Debug)]
pub enum LinkTarget {
    Page(Page),
    Static,
    Missing,
}

/// How a Hugo `ref`/`relref` resolves.
#[derive(Debug)]
pub enum RefOutcome {
    Found(Page),
    NotFound,
    /// Several pages have that base name.
    Ambiguous(Vec<Page>),
}

/// What a cache remembers of a site's pages between runs: the content
/// folders' listing and each page's front matter facts.
pub trait PagesMemory: Sync {
    /// The facts of `file`: remembered when the file is the one they were
    /// read from, else read with `read` (and remembered), which gives the
    /// file's stamp too, taken from the opened file before it was read.
    fn facts(&self, file: &Path, read: &dyn Fn() -> (Facts, Option<Stamp>)) -> Arc<Facts>;

    /// The content files: remembered when nothing the listing depends on
    /// changed since it was made, else listed with `list` (and
    /// remembered when it can be vouched for).
    fn listing(&self, list: &(dyn Fn() -> Listed + Sync)) -> Vec<PathBuf>;
}

pub struct SiteIndex<'a> {
    pub site: &'a Site,
    hugo: &'a hugo::Config,
    jekyll: &'a jekyll::Config,
    /// The taxonomies of each language (lowercased code).
    taxonomies: Vec<(String, Vec<String>)>,
    /// The files of a whole-site run's walk (every page is known, and every
    /// page's facts come from the summaries), until the listing takes them.
    walked: Mutex<Option<Vec<PathBuf>>>,
    /// Whether facts of files that were not linted may be read from disk
    /// (never in a whole-site run, where every file was linted).
    read_others: bool,
    listing: OnceLock<Listing>,
    /// Pages of the linted files, known even when not on disk.
    linted: RwLock<linted::LintedPages>,
    /// Keyed by the path's bytes (hashing a `Path` walks its components).
    facts: RwLock<FastMap<OsString, Arc<Facts>>>,
    urls: OnceLock<UrlMap>,
    /// Hugo taxonomy term pages (`/tags/docker`) by (language, base name):
    /// they take part in `ref`'s base-name lookup.
    terms: OnceLock<HashMap<(String, String), Vec<Page>>>,
    url_suggester: OnceLock<Suggester>,
    /// URL suggestions asked before `url_suggester` was built.
    suggestions_asked: AtomicUsize,
    key_suggester: OnceLock<Suggester>,
    post_suggester: OnceLock<Suggester>,
    /// Read by every worker judging links, written once per path.
    exists: RwLock<FastMap<OsString, bool>>,
    /// What the sections above each folder cascade, by language and page
    /// path (`cascade_at`).
    cascades: RwLock<FastMap<String, FastMap<String, Cascade>>>,
    /// The URL path of each folder's pages' folders, by language and
    /// folder (`push_folders_url`).
    folder_urls: RwLock<FastMap<String, FastMap<String, Box<str>>>>,
    /// The anchors of the pages links point at (see `anchors`).
    anchors: RwLock<FastMap<anchors::AnchorKey, Option<Arc<Anchors>>>>,
    now: jiff::Timestamp,
    /// Kept for many runs (a language server's): its tables are never
    /// released.
    persistent: bool,
    /// The site's time zone (Hugo `timeZone`, Jekyll `timezone`).
    tz: jiff::tz::TimeZone,
    /// Where the facts of pages not linted come from besides their files.
    memory: Option<&'a dyn PagesMemory>,
}

impl<'a> SiteIndex<'a> {
    /// Whether each language of the (Hugo) site has its own host, so that
    /// a URL names a page of one language only.
    pub fn multihost(&self) -> bool {
        self.site.flavor == Flavor::Hugo && self.hugo.multihost()
    }

    /// An index of `site`. `walked` is the complete list of content files
    /// when the whole site is linted, `None` when only some files are.
    pub fn new(site: &'a Site, walked: Option<Vec<PathBuf>>) -> SiteIndex<'a> {
        let read_others = walked.is_none();
        SiteIndex {
            site,
            hugo: site.hugo(),
            jekyll: site.jekyll(),
            taxonomies: site
                .hugo()
                .language_codes
                .iter()
                .map(|lang| (lang.clone(), site.hugo().taxonomies_for(lang)))
                .collect(),
            walked: Mutex::new(walked),
            read_others,
            listing: OnceLock::new(),
            linted: RwLock::new(linted::LintedPages::default()),
            facts: RwLock::new(FastMap::default()),
            urls: OnceLock::new(),
            terms: OnceLock::new(),
            url_suggester: OnceLock::new(),
            suggestions_asked: AtomicUsize::new(0),
            key_suggester: OnceLock::new(),
            post_suggester: OnceLock::new(),
            exists: RwLock::new(FastMap::default()),
            cascades: RwLock::new(FastMap::default()),
            folder_urls: RwLock::new(FastMap::default()),
            anchors: RwLock::new(FastMap::default()),
            now: jiff::Timestamp::now(),
            persistent: false,
            tz: zone(site.build.time_zone.as_deref()),
            memory: None,
        }
    }

    /// The same index, taking the facts of pages it did not lint from
    /// `memory` (a cache) when their files are unchanged.
    pub fn with_memory(mut self, memory: &'a dyn PagesMemory) -> SiteIndex<'a> {
        self.memory = Some(memory);
        self
    }

    /// The taxonomies of `lang`'s pages (whether their list and term
    /// pages are built is `builds_kind`'s to say).
    pub fn taxonomies_in(&self, lang: &str) -> &[String] {
        self.taxonomies
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(lang))
            .map_or(&[], |(_, names)| names)
    }

    /// Whether Hugo builds the pages of `kind` in `lang` (`disableKinds`).
    pub fn builds_kind(&self, lang: &str, kind: &str) -> bool {
        self.site.flavor != Flavor::Hugo || self.hugo.builds_kind(lang, kind)
    }

    pub fn flavor(&self) -> Flavor {
        self.site.flavor
    }

    /// Whether every page of the site is known (a whole-site run).
    pub fn is_whole(&self) -> bool {
        !self.read_others
    }

    /// The same index kept for many runs over some files (a language
    /// server lints each buffer with it): what it learns of the site stays
    /// until the owner drops it, when a file changes on disk.
    pub fn persistent(mut self) -> SiteIndex<'a> {
        self.persistent = true;
        self
    }

    /// Lets go of a kind of lookup table; a later lookup builds it again.
    /// Freed on rayon's pool: a table of every page takes a while to free,
    /// and the next check need not wait for it.
    pub fn release(&mut self, lookups: Lookups) {
        if self.persistent {
            return;
        }
        match lookups {
            Lookups::Urls => free_in_background(std::mem::take(&mut self.urls)),
            Lookups::Links => free_in_background((
                std::mem::take(&mut self.terms),
                std::mem::take(&mut self.url_suggester),
                std::mem::take(&mut self.key_suggester),
                std::mem::take(&mut self.post_suggester),
                self.exists.get_mut().map(std::mem::take).ok(),
            )),
        }
    }

    /// Drops the index, freeing its tables on rayon's pool (see `release`).
    pub fn free(mut self) {
        free_in_background((
            std::mem::take(&mut self.listing),
            std::mem::take(&mut self.urls),
            std::mem::take(&mut self.terms),
            self.facts.get_mut().map(std::mem::take).ok(),
            self.linted.get_mut().map(std::mem::take).ok(),
            self.cascades.get_mut().map(std::mem::take).ok(),
            self.folder_urls.get_mut().map(std::mem::take).ok(),
        ));
    }

    /// Records a linted file: its pages and its facts.
    pub fn add_linted(&self, path: &Path, facts: Arc<Facts>) {
        self.add_all_linted(vec![(path, facts)]);
    }

    /// Records linted files, in order. In a whole-site run (pages come from
    /// the listing) the copies of their paths are made on every core and
    /// the table is sized once: a whole site's files are added while
    /// nothing else runs.
    pub fn add_all_linted(&self, files: Vec<(&Path, Arc<Facts>)>) {
        if !self.is_whole() {
            // One at a time: a file's pages are worked out knowing the
            // pages of the files before it (mount shadowing).
            for (path, _) in &files {
                let pages = self.pages_for(path);
                if let Ok(mut linted) = self.linted.write() {
                    linted.extend(pages);
                }
            }
        }
        let owned: Vec<(OsString, Arc<Facts>)> = files
            .into_par_iter()
            .map(|(path, facts)| (path.as_os_str().to_owned(), facts))
            .collect();
        if let Ok(mut known) = self.facts.write() {
            known.reserve(owned.len());
            known.extend(owned);
        }
    }

    /// What `work` gives for `page`, worked out once per listed page in a
    /// whole-site run (where the listing holds every page and every fact
    /// is known); otherwise worked out on every call.
    fn remembered<T: Clone>(
        &self,
        page: &Page,
        slots: impl Fn(&Listing) -> &[OnceLock<T>],
        work: impl FnOnce() -> T,
    ) -> T {
        let slot = match self.listing.get() {
            Some(listing) if self.is_whole() => listing
                .position(page)
                .and_then(|position| slots(listing).get(position)),
            _ => None,
        };
        match slot {
            Some(slot) => slot.get_or_init(work).clone(),
            None => work(),
        }
    }
}

/// The folder part of a `/`-separated path ("" at the top).
pub(super) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Drops `value` on rayon's pool.
fn free_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}
