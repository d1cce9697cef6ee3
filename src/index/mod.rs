//! The site index: every page of a site, where its file is, the path `ref`
//! and `{% link %}` look it up by, and the URL the generator gives it.
//!
//! Built once per site and shared by the site-level rules (LNK, SITE). It
//! never re-reads a file that was linted: the per-file pass leaves a
//! [`Summary`] of each file (its front matter facts and the links to judge),
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

pub mod excerpt;
pub mod facts;
pub mod hugo;
pub mod jekyll;
mod linted;
pub mod suggest;
pub mod text;

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::hash::{BuildHasher, Hash};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rayon::prelude::*;

pub use excerpt::Excerpt;
pub use facts::{Facts, Render, Valued};

use crate::document::frontmatter;
use crate::rules::PageKind;
use crate::site::{Flavor, Site};
use text::url_key;

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
            Some(file) => crate::report::display_path(file),
            None => self.key.clone(),
        }
    }
}

/// What the per-file pass keeps of a linted file for the site pass.
#[derive(Debug, Default)]
pub struct Summary {
    pub kind: Option<PageKind>,
    /// The file's first line (findings about the whole page point there).
    pub first_line: crate::diagnostic::Span,
    pub facts: Arc<Facts>,
    /// The lines findings of site rules may point at.
    pub excerpt: Excerpt,
    /// Links, refs and link tags whose target the site pass checks.
    pub links: Vec<crate::rules::links::Item>,
}

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

/// One attempt of Hugo's ref lookup.
#[derive(Clone, Copy)]
struct RefStep<'s> {
    from: &'s Page,
    in_ref: &'s str,
    reference: &'s str,
    had_ext: bool,
    lang: &'s str,
    by_name: bool,
    depth: Depth,
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

/// Every page, from the content folders' listing.
#[derive(Debug, Default)]
struct Listing {
    pages: Vec<Arc<Page>>,
    /// By file.
    by_path: PageTable,
    /// By (language, page path); bundle resources are not pages.
    by_key: PageTable,
    /// By (language, base name), one page per page path.
    by_name: PageTable,
    /// What is worked out from each page (same positions) once asked, in
    /// a whole-site run: every check asks again for the same pages.
    urls: Vec<OnceLock<Option<String>>>,
    not_built: Vec<OnceLock<Option<&'static str>>>,
}

/// A listed page's hashes in the listing's tables (`PageTable::hash`).
struct ListingHashes {
    /// By file, when the page has one.
    path: Option<u64>,
    /// The other tables', for a page that is not a bundle resource.
    keyed: Option<KeyedHashes>,
}

struct KeyedHashes {
    key: u64,
    name: u64,
    name_and_key: u64,
}

impl ListingHashes {
    fn of(page: &Page) -> Self {
        let (lang, key, name) = (page.lang.as_str(), page.key.as_str(), page.name.as_str());
        ListingHashes {
            path: page
                .file
                .as_deref()
                .map(|file| PageTable::hash(file.as_os_str())),
            keyed: (page.role != Role::Resource).then(|| KeyedHashes {
                key: PageTable::hash((lang, key)),
                name: PageTable::hash((lang, name)),
                name_and_key: PageTable::hash((lang, name, key)),
            }),
        }
    }
}

/// What a language's pages are looked up by.
#[derive(Clone, Copy)]
enum By {
    Key,
    Name,
}

impl Listing {
    /// The position of `page`: a page of the listing or a copy of one.
    fn position(&self, page: &Page) -> Option<usize> {
        let file = page.file.as_deref()?;
        self.by_path
            .candidates(file.as_os_str())
            .iter()
            .copied()
            .find(|&i| *self.pages[i] == *page)
    }

    fn of_file<'l>(&'l self, file: &'l Path) -> impl Iterator<Item = &'l Arc<Page>> + 'l {
        self.by_path
            .candidates(file.as_os_str())
            .iter()
            .map(|&i| &self.pages[i])
            .filter(move |page| page.file.as_deref() == Some(file))
    }

    /// The pages of a language whose page path (`By::Key`) or base name
    /// (`By::Name`) is `value`.
    fn find<'l>(
        &'l self,
        by: By,
        lang: &'l str,
        value: &'l str,
    ) -> impl Iterator<Item = &'l Arc<Page>> + 'l {
        let (table, field): (_, fn(&Page) -> &str) = match by {
            By::Key => (&self.by_key, |page| &page.key),
            By::Name => (&self.by_name, |page| &page.name),
        };
        table
            .candidates((lang, value))
            .iter()
            .map(|&i| &self.pages[i])
            .filter(move |page| page.lang == lang && field(page) == value)
    }
}

/// The index's tables are looked up for every page, link and URL of a
/// site: hashed with foldhash (already built for `indexmap`) rather than
/// SipHash, whose resistance to chosen collisions a linter does not need.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// Positions of pages by a key made of their own fields. Only the key's
/// hash is stored, not a copy of its strings (a listing holds every page
/// of a big site); a lookup compares the candidates' fields.
#[derive(Debug, Default)]
struct PageTable {
    slots: FastMap<u64, Slot>,
}

/// The positions under one hash; nearly always one.
#[derive(Debug)]
enum Slot {
    One(usize),
    Many(Vec<usize>),
}

impl PageTable {
    fn hash(key: impl Hash) -> u64 {
        foldhash::fast::FixedState::default().hash_one(key)
    }

    /// Adds a position under its key's hash (`PageTable::hash`, worked out
    /// by the caller: a listing's keys are hashed on every core).
    fn insert_hashed(&mut self, hash: u64, position: usize) {
        match self.slots.entry(hash) {
            Entry::Vacant(vacant) => {
                vacant.insert(Slot::One(position));
            }
            Entry::Occupied(mut occupied) => {
                let slot = occupied.get_mut();
                match slot {
                    Slot::One(first) => *slot = Slot::Many(vec![*first, position]),
                    Slot::Many(positions) => positions.push(position),
                }
            }
        }
    }

    /// The positions whose key has the hash of `key`, in insertion order.
    fn candidates(&self, key: impl Hash) -> &[usize] {
        match self.slots.get(&Self::hash(key)) {
            Some(Slot::One(position)) => std::slice::from_ref(position),
            Some(Slot::Many(positions)) => positions,
            None => &[],
        }
    }
}

/// What the sections above a page cascade: `build.render` and `draft`.
type Cascade = (Option<Render>, Option<bool>);

struct UrlMap {
    by_key: FastMap<String, Vec<UrlHit>>,
}

pub struct SiteIndex<'a> {
    pub site: &'a Site,
    hugo: hugo::Config,
    jekyll: jekyll::Config,
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
    url_suggester: OnceLock<suggest::Suggester>,
    key_suggester: OnceLock<suggest::Suggester>,
    post_suggester: OnceLock<suggest::Suggester>,
    /// Read by every worker judging links, written once per path.
    exists: RwLock<FastMap<OsString, bool>>,
    /// What the sections above each folder cascade, by language and page
    /// path (`cascade_at`).
    cascades: RwLock<FastMap<String, FastMap<String, Cascade>>>,
    /// The URL path of each folder's pages' folders, by language and
    /// folder (`push_folders_url`).
    folder_urls: RwLock<FastMap<String, FastMap<String, Box<str>>>>,
    now: jiff::Timestamp,
    /// The site's time zone (Hugo `timeZone`, Jekyll `timezone`).
    tz: jiff::tz::TimeZone,
}

impl<'a> SiteIndex<'a> {
    /// An index of `site`. `walked` is the complete list of content files
    /// when the whole site is linted, `None` when only some files are.
    pub fn new(site: &'a Site, walked: Option<Vec<PathBuf>>) -> SiteIndex<'a> {
        let read_others = walked.is_none();
        SiteIndex {
            site,
            hugo: hugo::Config::new(site),
            jekyll: jekyll::Config::new(site),
            walked: Mutex::new(walked),
            read_others,
            listing: OnceLock::new(),
            linted: RwLock::new(linted::LintedPages::default()),
            facts: RwLock::new(FastMap::default()),
            urls: OnceLock::new(),
            terms: OnceLock::new(),
            url_suggester: OnceLock::new(),
            key_suggester: OnceLock::new(),
            post_suggester: OnceLock::new(),
            exists: RwLock::new(FastMap::default()),
            cascades: RwLock::new(FastMap::default()),
            folder_urls: RwLock::new(FastMap::default()),
            now: jiff::Timestamp::now(),
            tz: crate::rules::frontmatter::dates::zone(site.time_zone.as_deref()),
        }
    }

    pub fn flavor(&self) -> Flavor {
        self.site.flavor
    }

    /// Whether every page of the site is known (a whole-site run).
    pub fn is_whole(&self) -> bool {
        !self.read_others
    }

    pub fn hugo_config(&self) -> &hugo::Config {
        &self.hugo
    }

    /// Lets go of a kind of lookup table; a later lookup builds it again.
    /// Freed on rayon's pool: a table of every page takes a while to free,
    /// and the next check need not wait for it.
    pub fn release(&mut self, lookups: Lookups) {
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

    /// The pages a file is (one per language for a multilingual mount).
    pub fn pages_for(&self, path: &Path) -> Vec<Page> {
        let mut pages = self.raw_pages_for(path);
        if self.site.flavor == Flavor::Hugo && !self.listed() {
            // A file from a later mount is shadowed by one from an earlier
            // mount at the same page path (the listing does this for all).
            pages.retain(|page| {
                page.mount == 0
                    || page.role == Role::Resource
                    || !self
                        .hugo_probe(&page.lang, &page.key)
                        .iter()
                        .any(|other| other.mount < page.mount)
            });
        }
        pages
    }

    /// `pages_for` without the mount shadowing.
    fn raw_pages_for(&self, path: &Path) -> Vec<Page> {
        let mut pages = match self.site.flavor {
            Flavor::Hugo => hugo::pages_for(self.site, &self.hugo, path),
            Flavor::Jekyll => jekyll::page_for(self.site, &self.jekyll, path)
                .into_iter()
                .collect(),
        };
        if self.site.flavor == Flavor::Hugo {
            for page in &mut pages {
                if self.in_leaf_bundle(page) {
                    page.role = Role::Resource;
                }
            }
        }
        pages
    }

    /// Every page of the site (lists the content folders once).
    pub fn pages(&self) -> &[Arc<Page>] {
        &self.listing().pages
    }

    /// The pages of a linted file (shared with the listing in a whole-site
    /// run: every check asks for every file's pages).
    pub fn page_of(&self, path: &Path) -> Vec<Arc<Page>> {
        if self.is_whole() {
            let listing = self.listing();
            return listing.of_file(path).cloned().collect();
        }
        self.linted
            .read()
            .map(|linted| linted.of_file(path).cloned().map(Arc::new).collect())
            .unwrap_or_default()
    }

    // ----- files and facts -------------------------------------------------

    fn is_file(&self, path: &Path) -> bool {
        if let Ok(cache) = self.exists.read()
            && let Some(known) = cache.get(path.as_os_str())
        {
            return *known;
        }
        let found = path.is_file();
        if let Ok(mut cache) = self.exists.write() {
            cache.insert(path.as_os_str().to_owned(), found);
        }
        found
    }

    /// The front matter facts of a page: from its summary when it was
    /// linted; otherwise (runs over some files only) read from its file.
    pub fn facts(&self, page: &Page) -> Arc<Facts> {
        let Some(file) = &page.file else {
            return Arc::default();
        };
        if let Ok(known) = self.facts.read()
            && let Some(facts) = known.get(file.as_os_str())
        {
            return facts.clone();
        }
        if !self.read_others && self.site.is_content(file) {
            // Every readable content file was linted; this one could not be
            // read. (Other pages, such as Jekyll `.html` ones, were not.)
            return Arc::default();
        }
        let facts = Arc::new(read_facts(file, self.site.flavor, &self.hugo.taxonomies));
        if let Ok(mut known) = self.facts.write() {
            known.insert(file.as_os_str().to_owned(), facts.clone());
        }
        facts
    }

    /// Reads the facts of every page not known yet, in parallel.
    fn load_all_facts<'p>(&self, pages: impl IntoIterator<Item = &'p Page>) {
        let missing: Vec<&Path> = {
            let Ok(known) = self.facts.read() else {
                return;
            };
            let mut seen = HashSet::new();
            pages
                .into_iter()
                .filter_map(|page| page.file.as_deref())
                .filter(|file| {
                    !known.contains_key(file.as_os_str())
                        && (self.read_others || !self.site.is_content(file))
                        && seen.insert(*file)
                })
                .collect()
        };
        let loaded: Vec<(PathBuf, Arc<Facts>)> = missing
            .par_iter()
            .map(|file| {
                let facts = read_facts(file, self.site.flavor, &self.hugo.taxonomies);
                (file.to_path_buf(), Arc::new(facts))
            })
            .collect();
        if let Ok(mut known) = self.facts.write() {
            for (file, facts) in loaded {
                known.entry(file.into_os_string()).or_insert(facts);
            }
        }
    }

    /// Why a page is left out of the build, if it is.
    pub fn not_built(&self, page: &Page) -> Option<&'static str> {
        self.remembered(
            page,
            |listing| &listing.not_built,
            || self.work_out_not_built(page),
        )
    }

    fn work_out_not_built(&self, page: &Page) -> Option<&'static str> {
        let facts = self.facts(page);
        match self.site.flavor {
            Flavor::Hugo => {
                let cascaded = match facts.draft {
                    Some(_) => None,
                    None => hugo::Sections::cascaded(self, &page.lang, &page.key).1,
                };
                hugo::not_built(self.site, &self.hugo, &facts, cascaded, self.now)
            }
            Flavor::Jekyll => jekyll::not_built(self.site, &self.jekyll, page, &facts, self.now),
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

    // ----- the listing -----------------------------------------------------

    /// Every page of the site, listed once (whole-site runs: from the walk).
    fn listing(&self) -> &Listing {
        self.listing.get_or_init(|| {
            let walked = self.walked.lock().ok().and_then(|mut walked| walked.take());
            let files = match walked {
                Some(files) => files,
                None => {
                    let mut files = Vec::new();
                    let mut unreadable = Vec::new();
                    let site = self.site;
                    let keep = |path: &Path| site.is_walked_page(path);
                    for root in site.content_roots() {
                        crate::lint::walk_where(&root, &keep, &mut files, &mut unreadable);
                    }
                    files
                }
            };
            self.build_listing(files)
        })
    }

    fn build_listing(&self, mut files: Vec<PathBuf>) -> Listing {
        if let Ok(linted) = self.linted.read() {
            files.extend(
                linted
                    .all()
                    .iter()
                    .filter_map(|p| p.file.as_deref().map(Path::to_path_buf)),
            );
        }
        files.par_sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        files.dedup();
        let mut pages: Vec<Page> = files
            .par_iter()
            .flat_map_iter(|file| match self.site.flavor {
                Flavor::Hugo => hugo::pages_for(self.site, &self.hugo, file),
                Flavor::Jekyll => jekyll::page_for(self.site, &self.jekyll, file)
                    .into_iter()
                    .collect(),
            })
            .collect();
        if self.site.flavor == Flavor::Hugo {
            self.finish_hugo_listing(&mut pages);
        }
        let mut listing = Listing {
            urls: std::iter::repeat_with(OnceLock::new)
                .take(pages.len())
                .collect(),
            not_built: std::iter::repeat_with(OnceLock::new)
                .take(pages.len())
                .collect(),
            pages: pages.into_par_iter().map(Arc::new).collect(),
            ..Listing::default()
        };
        // The tables are filled in order on one thread; the keys are hashed
        // on every core first (the listing is built while nothing else runs).
        let hashes: Vec<ListingHashes> = listing
            .pages
            .par_iter()
            .map(|page| ListingHashes::of(page))
            .collect();
        // The (language, name, page path)s met so far, by hash: a name's
        // earlier pages are compared only when the hash was met before.
        let mut names_met: FastSet<u64> = FastSet::default();
        for (i, (page, hashes)) in listing.pages.iter().zip(hashes).enumerate() {
            if let Some(path) = hashes.path {
                listing.by_path.insert_hashed(path, i);
            }
            let Some(keyed) = hashes.keyed else {
                continue;
            };
            listing.by_key.insert_hashed(keyed.key, i);
            if page.key != "/"
                && (names_met.insert(keyed.name_and_key)
                    || !listing
                        .find(By::Name, &page.lang, &page.name)
                        .any(|named| named.key == page.key))
            {
                listing.by_name.insert_hashed(keyed.name, i);
            }
        }
        listing
    }

    /// Marks bundle resources, drops files shadowed by an earlier mount, and
    /// adds the pages Hugo makes without a file.
    fn finish_hugo_listing(&self, pages: &mut Vec<Page>) {
        // Keys borrow from the pages: worked out first, applied after.
        let leaf_dirs: FastSet<&str> = pages
            .iter()
            .filter(|p| p.role == Role::Leaf)
            .map(|p| parent(&p.logical))
            .collect();
        // The lookups on every core: the listing is built while nothing
        // else runs.
        let resources: Vec<bool> = pages
            .par_iter()
            .map(|page| {
                let mut dir = parent(&page.logical);
                if page.role == Role::Leaf {
                    dir = parent(dir);
                }
                while !dir.is_empty() {
                    if leaf_dirs.contains(dir) {
                        return true;
                    }
                    dir = parent(dir);
                }
                false
            })
            .collect();
        drop(leaf_dirs);
        for (page, resource) in pages.iter_mut().zip(resources) {
            if resource {
                page.role = Role::Resource;
            }
        }
        // Mounts: the first one that provides a page path wins (pages of
        // the first mount alone are never shadowed).
        if pages.par_iter().any(|page| page.mount != 0) {
            let mut first: FastMap<(&str, &str), usize> = FastMap::default();
            for page in pages.iter() {
                let entry = first.entry((&page.lang, &page.key)).or_insert(page.mount);
                *entry = (*entry).min(page.mount);
            }
            let shadowed: Vec<bool> = pages
                .par_iter()
                .map(|page| first.get(&(&page.lang[..], &page.key[..])) != Some(&page.mount))
                .collect();
            drop(first);
            let mut shadowed = shadowed.into_iter();
            pages.retain(|_| !shadowed.next().unwrap_or(false));
        }
        // Top-level sections without `_index`, the home page, taxonomies.
        let taxonomies: Vec<String> = self
            .hugo
            .taxonomies
            .iter()
            .map(|taxonomy| format!("/{}", text::hugo_normalize(taxonomy)))
            .collect();
        let mut known: FastSet<(&str, Cow<str>)> = pages
            .iter()
            .filter(|p| p.role != Role::Resource)
            .map(|p| (&p.lang[..], Cow::Borrowed(&p.key[..])))
            .collect();
        // The top-level sections the pages are in that have no page yet,
        // looked up on every core, then added once each in the pages' order.
        let missing: Vec<(&str, Cow<str>)> = pages
            .par_iter()
            .filter(|p| p.role != Role::Resource)
            .filter_map(|page| {
                let first = page.key.split('/').find(|p| !p.is_empty())?;
                if !(page.key.matches('/').count() > 1
                    || page.role == Role::Regular
                    || page.role == Role::Leaf)
                {
                    return None;
                }
                // `/first`, most often the start of the key itself.
                let key = match page.key.get(..first.len() + 1) {
                    Some(start) if start.strip_prefix('/') == Some(first) => Cow::Borrowed(start),
                    _ => Cow::Owned(format!("/{first}")),
                };
                (key != page.key && !known.contains(&(&page.lang[..], Cow::Borrowed(&key[..]))))
                    .then_some((&page.lang[..], key))
            })
            .collect();
        let mut extra = Vec::new();
        for (lang, key) in missing {
            if !known.contains(&(lang, Cow::Borrowed(&key[..]))) {
                extra.push(hugo::virtual_page(&key, lang, Role::Branch));
                known.insert((lang, key));
            }
        }
        for lang in &self.hugo.languages {
            if known.insert((lang, Cow::Borrowed("/"))) {
                extra.push(hugo::virtual_page("/", lang, Role::Branch));
            }
            for key in &taxonomies {
                if known.insert((lang, Cow::Borrowed(key))) {
                    extra.push(hugo::virtual_page(key, lang, Role::Taxonomy));
                }
            }
        }
        drop(known);
        pages.extend(extra);
    }

    /// Whether a Hugo page sits inside a leaf bundle (and is a resource),
    /// by probing the folders above it for an `index` file.
    fn in_leaf_bundle(&self, page: &Page) -> bool {
        let Some(file) = &page.file else {
            return false;
        };
        let Some((_, dir)) = self.site.content_path(file) else {
            return false;
        };
        let mut folder = file.parent();
        if page.role == Role::Leaf {
            folder = folder.and_then(Path::parent);
        }
        while let Some(current) = folder {
            if !current.starts_with(&dir.path) || current == dir.path {
                break;
            }
            if self.has_index_file(current, "index") {
                return true;
            }
            folder = current.parent();
        }
        false
    }

    /// Whether `folder` holds `STEM.EXT` or `STEM.LANG.EXT`.
    fn has_index_file(&self, folder: &Path, stem: &str) -> bool {
        for ext in &self.site.markdown_extensions {
            if self.is_file(&folder.join(format!("{stem}.{ext}"))) {
                return true;
            }
            for lang in &self.hugo.languages {
                if self.is_file(&folder.join(format!("{stem}.{lang}.{ext}"))) {
                    return true;
                }
            }
        }
        false
    }

    // ----- Hugo lookups ----------------------------------------------------

    /// Whether the listing (and the URL map) can be used without listing
    /// the site now: always in a whole-site run.
    fn listed(&self) -> bool {
        self.is_whole() || self.listing.get().is_some()
    }

    /// The pages with a page path in a language.
    pub fn hugo_find(&self, lang: &str, key: &str) -> Vec<Page> {
        self.hugo_find_at(lang, key, Depth::Full)
    }

    /// Like `hugo_find`, but never lists the site: a miss may be a page
    /// whose file name differs in case (what section lookups can afford).
    pub fn hugo_find_quick(&self, lang: &str, key: &str) -> Vec<Page> {
        self.hugo_find_at(lang, key, Depth::Quick)
    }

    fn hugo_find_at(&self, lang: &str, key: &str, depth: Depth) -> Vec<Page> {
        if !self.listed() {
            let probed = self.hugo_probe(lang, key);
            if !probed.is_empty() || depth == Depth::Quick {
                return probed;
            }
            // File names that differ in case or spacing: read the folders
            // on the way, not the whole site.
            let scanned = self.hugo_scan(lang, key);
            if scanned.is_empty() && self.is_term_path(key) && self.hugo_term_exists(lang, key) {
                return vec![hugo::virtual_page(key, lang, Role::Taxonomy)];
            }
            return scanned;
        }
        let listing = self.listing();
        let found: Vec<Page> = listing
            .find(By::Key, lang, key)
            .map(|page| Page::clone(page))
            .collect();
        if found.is_empty() && self.is_term_path(key) && self.hugo_term_exists(lang, key) {
            return vec![hugo::virtual_page(key, lang, Role::Taxonomy)];
        }
        found
    }

    /// The section page (an `_index` file) at a page path, found the way
    /// `hugo_find_quick` finds it. Cascades and slugs ask for it once per
    /// section above every page: when the site is listed, the listing's
    /// page is shared, not copied.
    fn section_page(&self, lang: &str, key: &str) -> Option<Arc<Page>> {
        let is_section = |page: &Page| page.role == Role::Branch && page.file.is_some();
        if self.listed() {
            return self
                .listing()
                .find(By::Key, lang, key)
                .find(|page| is_section(page))
                .cloned();
        }
        self.hugo_find_quick(lang, key)
            .into_iter()
            .find(is_section)
            .map(Arc::new)
    }

    /// Whether the term page `/tags/x` exists: some built page of the
    /// language carries the term (reads every page's front matter once).
    pub fn hugo_term_exists(&self, lang: &str, key: &str) -> bool {
        let key = key.trim_end_matches('/').to_lowercase();
        let name = key.rsplit('/').next().unwrap_or_default();
        self.terms()
            .get(&(lang.to_string(), name.to_string()))
            .is_some_and(|pages| pages.iter().any(|page| page.key == key))
    }

    /// `/tags/x`: the path of a taxonomy term.
    fn is_term_path(&self, key: &str) -> bool {
        let mut parts = key.split('/').filter(|s| !s.is_empty());
        match (parts.next(), parts.next(), parts.next()) {
            (Some(taxonomy), Some(_), None) => self
                .hugo
                .taxonomies
                .iter()
                .any(|t| text::hugo_normalize(t) == taxonomy),
            _ => false,
        }
    }

    /// The pages a page path can come from, found by trying the file names
    /// it can be written as.
    fn hugo_probe(&self, lang: &str, key: &str) -> Vec<Page> {
        let logical = key.trim_start_matches('/');
        let mut found: Vec<Page> = Vec::new();
        if let Ok(linted) = self.linted.read() {
            found.extend(
                linted
                    .at_key(lang, key)
                    .filter(|p| p.role != Role::Resource)
                    .cloned(),
            );
        }
        let default = lang == self.hugo.default_lang;
        for dir in &self.site.content {
            let Some(inside) = inside_content_dir(dir, lang, logical) else {
                continue;
            };
            let base = dir.path.join(&inside);
            let mut suffixes = Vec::new();
            if dir.lang.is_some() || default {
                suffixes.push(String::new());
            }
            suffixes.push(format!(".{lang}"));
            for ext in &self.site.markdown_extensions {
                for suffix in &suffixes {
                    let mut candidates = vec![
                        base.join(format!("index{suffix}.{ext}")),
                        base.join(format!("_index{suffix}.{ext}")),
                    ];
                    if !inside.is_empty()
                        && let Some(name) = base.file_name()
                    {
                        let file = format!("{}{suffix}.{ext}", name.to_string_lossy());
                        candidates.push(base.with_file_name(file));
                    }
                    for candidate in candidates {
                        if self.is_file(&candidate) && self.site.is_content(&candidate) {
                            for page in self.raw_pages_for(&candidate) {
                                if page.lang == lang
                                    && page.key == key
                                    && page.role != Role::Resource
                                    && !found.iter().any(|p| p.file == page.file)
                                {
                                    found.push(page);
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(first) = found.iter().map(|p| p.mount).min() {
            found.retain(|p| p.mount == first);
        }
        if found.is_empty() {
            let segments = logical.split('/').filter(|s| !s.is_empty()).count();
            if key == "/" {
                found.push(hugo::virtual_page("/", lang, Role::Branch));
            } else if segments == 1
                && self
                    .hugo
                    .taxonomies
                    .iter()
                    .any(|t| text::hugo_normalize(t) == logical)
            {
                found.push(hugo::virtual_page(key, lang, Role::Taxonomy));
            } else if segments == 1
                && self
                    .site
                    .content
                    .iter()
                    .any(|dir| dir.target.is_empty() && dir.path.join(logical).is_dir())
            {
                found.push(hugo::virtual_page(key, lang, Role::Branch));
            }
        }
        found
    }

    /// Hugo's lookup for `ref`/`relref` (`pageFinder.getContentNode`): the
    /// path relative to the current page, then from the content root, then
    /// (for a path without a slash) a unique base name.
    pub fn hugo_ref(&self, from: &Page, raw: &str, lang: &str) -> RefOutcome {
        self.hugo_lookup(from, raw, lang, true)
    }

    /// Hugo's `.GetPage` from a page (what link render hooks use): like
    /// `ref`, without the base-name fallback.
    pub fn hugo_get_page(&self, from: &Page, raw: &str, lang: &str, depth: Depth) -> Option<Page> {
        let outcome = match depth {
            Depth::Quick => self.hugo_lookup_at(from, raw, lang, false, Depth::Quick),
            Depth::Full => self.hugo_lookup(from, raw, lang, false),
        };
        match outcome {
            RefOutcome::Found(page) => Some(page),
            _ => None,
        }
    }

    /// Tries the quick way (probing file names) first; lists the site only
    /// when that finds nothing.
    fn hugo_lookup(&self, from: &Page, raw: &str, lang: &str, by_name: bool) -> RefOutcome {
        match self.hugo_lookup_at(from, raw, lang, by_name, Depth::Quick) {
            RefOutcome::NotFound if !self.listed() => {
                self.hugo_lookup_at(from, raw, lang, by_name, Depth::Full)
            }
            outcome => outcome,
        }
    }

    fn hugo_lookup_at(
        &self,
        from: &Page,
        raw: &str,
        lang: &str,
        by_name: bool,
        depth: Depth,
    ) -> RefOutcome {
        let reference = raw.replace('\\', "/");
        let reference = reference.trim_end_matches('/');
        let in_ref = reference;
        let reference = if reference.is_empty() { "/" } else { reference };
        // Hugo's `paths.HasExt`: a dot in the last segment.
        let has_ext = reference
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .contains('.');
        let attempts: Vec<(String, bool)> = if has_ext {
            vec![(reference.to_string(), true)]
        } else if reference == "/" {
            vec![("/_index.md".to_string(), false)]
        } else if reference.ends_with("/index") {
            vec![
                (format!("{reference}/index.md"), false),
                (format!("{reference}.md"), false),
            ]
        } else {
            vec![(format!("{reference}.md"), false)]
        };
        for (attempt, had_ext) in attempts {
            let step = RefStep {
                from,
                in_ref,
                reference: &attempt,
                had_ext,
                lang,
                by_name,
                depth,
            };
            match self.hugo_ref_attempt(&step) {
                RefOutcome::NotFound => {}
                outcome => return outcome,
            }
        }
        RefOutcome::NotFound
    }

    fn hugo_ref_attempt(&self, step: &RefStep) -> RefOutcome {
        let RefStep {
            from,
            in_ref,
            reference,
            had_ext,
            lang,
            by_name,
            depth,
        } = *step;
        let first = |key: &str| self.hugo_find_at(lang, key, depth).into_iter().next();
        if !reference.starts_with('/') {
            // Relative to the page (`PathInfo.Dir` for a section, or for a
            // `../` path with an extension; else `ContainerDir`, the folder
            // that holds the page or its bundle).
            let base = if from.role == Role::Branch || (had_ext && reference.starts_with("../")) {
                match from.role {
                    Role::Regular | Role::Resource => parent(&from.key).to_string(),
                    _ => from.key.clone(),
                }
            } else {
                parent(&from.key).to_string()
            };
            let joined = text::clean_path(&format!("{base}/{reference}"));
            let (key, _) = hugo::parse_ref_path(&self.hugo, &joined);
            if let Some(page) = first(&key) {
                return RefOutcome::Found(page);
            }
        }
        if reference.starts_with('.') {
            return RefOutcome::NotFound;
        }
        let (key, name) = hugo::parse_ref_path(&self.hugo, reference);
        if let Some(page) = first(&key) {
            return RefOutcome::Found(page);
        }
        if !by_name || in_ref.contains('/') || (depth == Depth::Quick && !self.listed()) {
            return RefOutcome::NotFound;
        }
        let mut named: Vec<Page> = if self.listed() {
            let listing = self.listing();
            listing
                .find(By::Name, lang, &name)
                .map(|page| Page::clone(page))
                .collect()
        } else {
            self.hugo_scan_names(lang, &name)
        };
        // Taxonomy terms are pages too (`/tags/docker` is named `docker`).
        // In a run over some files only, reading every front matter for
        // them is worth it only when no content page has the name.
        if self.is_whole() || named.is_empty() {
            for term in self
                .terms()
                .get(&(lang.to_string(), name))
                .into_iter()
                .flatten()
            {
                if !named.iter().any(|p| p.key == term.key) {
                    named.push(term.clone());
                }
            }
        }
        match named.len() {
            0 => RefOutcome::NotFound,
            1 => RefOutcome::Found(named.remove(0)),
            _ => RefOutcome::Ambiguous(named),
        }
    }

    /// Every taxonomy term page of the site, from the pages' front matter.
    fn terms(&self) -> &HashMap<(String, String), Vec<Page>> {
        self.terms.get_or_init(|| {
            let listing = self.listing();
            self.load_all_facts(listing.pages.iter().map(|page| &**page));
            let mut terms: HashMap<(String, String), Vec<Page>> = HashMap::new();
            for page in &listing.pages {
                if page.role == Role::Resource || page.file.is_none() {
                    continue;
                }
                let facts = self.facts(page);
                if facts.terms.is_empty() || self.not_built(page).is_some() {
                    continue;
                }
                for (taxonomy, values) in &facts.terms {
                    let plural = text::hugo_normalize(taxonomy);
                    for value in values {
                        let name = text::hugo_urlize(value, true);
                        let key = format!("/{plural}/{name}");
                        let entry = terms.entry((page.lang.clone(), name.clone())).or_default();
                        if !entry.iter().any(|p| p.key == key) {
                            entry.push(hugo::virtual_page(&key, &page.lang, Role::Taxonomy));
                        }
                    }
                }
            }
            terms
        })
    }

    /// The pages at a page path, by reading the folders on its way and
    /// comparing names the way Hugo normalizes them (`My Post.md` is
    /// `my-post`).
    fn hugo_scan(&self, lang: &str, key: &str) -> Vec<Page> {
        let logical = key.trim_start_matches('/');
        let (folders, name) = match logical.rsplit_once('/') {
            Some((folders, name)) => (folders, name),
            None => ("", logical),
        };
        let mut found = Vec::new();
        for dir in &self.site.content {
            let Some(inside) = inside_content_dir(dir, lang, folders) else {
                continue;
            };
            let mut current = vec![dir.path.clone()];
            for segment in inside.split('/').filter(|s| !s.is_empty()) {
                current = current
                    .iter()
                    .flat_map(|folder| read_folder(folder))
                    .filter(|(path, is_dir)| *is_dir && normalized_name(path) == segment)
                    .map(|(path, _)| path)
                    .collect();
            }
            for folder in current {
                for (path, is_dir) in read_folder(&folder) {
                    let files = if is_dir && normalized_name(&path) == name {
                        read_folder(&path)
                            .into_iter()
                            .filter(|(file, is_dir)| {
                                !is_dir && {
                                    let stem = self.stem_without_lang(file);
                                    stem == "index" || stem == "_index"
                                }
                            })
                            .map(|(file, _)| file)
                            .collect()
                    } else if !is_dir && self.stem_without_lang(&path) == name {
                        vec![path]
                    } else {
                        Vec::new()
                    };
                    for file in files {
                        if self.site.is_content(&file) {
                            found.extend(self.pages_for(&file).into_iter().filter(|page| {
                                page.lang == lang && page.key == key && page.role != Role::Resource
                            }));
                        }
                    }
                }
            }
        }
        // A top-level folder is a section even without `_index`.
        if found.is_empty()
            && folders.is_empty()
            && self.site.content.iter().any(|dir| {
                dir.target.is_empty()
                    && read_folder(&dir.path)
                        .iter()
                        .any(|(path, is_dir)| *is_dir && normalized_name(path) == name)
            })
        {
            found.push(hugo::virtual_page(key, lang, Role::Branch));
        }
        found
    }

    /// Every page whose base name is `name`, by walking the content folders
    /// (names only: no page is built for the other files).
    fn hugo_scan_names(&self, lang: &str, name: &str) -> Vec<Page> {
        let mut found: Vec<Page> = Vec::new();
        let mut folders: Vec<PathBuf> = self.site.content_roots();
        while let Some(folder) = folders.pop() {
            for (path, is_dir) in read_folder(&folder) {
                let hidden = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if hidden {
                    continue;
                }
                if is_dir {
                    if normalized_name(&path) == name {
                        for (file, is_dir) in read_folder(&path) {
                            let stem = self.stem_without_lang(&file);
                            if !is_dir && (stem == "index" || stem == "_index") {
                                self.add_named(&file, lang, name, &mut found);
                            }
                        }
                    }
                    folders.push(path);
                } else if self.stem_without_lang(&path) == name {
                    self.add_named(&path, lang, name, &mut found);
                }
            }
        }
        found.sort_by(|a, b| a.key.cmp(&b.key));
        found.dedup_by(|a, b| a.key == b.key);
        found
    }

    fn add_named(&self, file: &Path, lang: &str, name: &str, found: &mut Vec<Page>) {
        if !self.site.is_content(file) {
            return;
        }
        found.extend(self.pages_for(file).into_iter().filter(|page| {
            page.lang == lang && page.name == name && page.role != Role::Resource && page.key != "/"
        }));
    }

    /// A file's name without extension and language, normalized.
    fn stem_without_lang(&self, path: &Path) -> String {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let stem = file.rsplit_once('.').map_or(&*file, |(stem, _)| stem);
        let stem = match stem.rsplit_once('.') {
            Some((base, lang))
                if self
                    .hugo
                    .languages
                    .iter()
                    .any(|l| l.eq_ignore_ascii_case(lang)) =>
            {
                base
            }
            _ => stem,
        };
        text::hugo_normalize(stem)
    }

    /// Page paths of a language close to `key`, for a did-you-mean.
    pub fn hugo_suggest(&self, lang: &str, key: &str) -> Option<String> {
        let suggester = self.key_suggester.get_or_init(|| {
            let listing = self.listing();
            suggest::Suggester::new(
                listing
                    .pages
                    .iter()
                    .filter(|page| page.role != Role::Resource)
                    .map(|page| format!("{}\u{0}{}", page.lang, page.key)),
            )
        });
        suggester
            .suggest(&format!("{lang}\u{0}{key}"))
            .and_then(|found| found.split_once('\u{0}').map(|(_, key)| key.to_string()))
    }

    // ----- Jekyll lookups --------------------------------------------------

    /// A post name close to `name` (same date or same slug), for a
    /// did-you-mean.
    pub fn suggest_post(&self, name: &str) -> Option<String> {
        // Indexed as `DATE/SLUG`, so that posts of the same day are the
        // "folder" and a re-dated post has the same "last segment".
        let as_path = |name: &str| match text::filename_date(name) {
            Some((_, slug)) => format!("{}/{slug}", &name[..name.len() - slug.len() - 1]),
            None => name.to_string(),
        };
        let suggester = self.post_suggester.get_or_init(|| {
            suggest::Suggester::new(self.jekyll_posts().iter().map(|p| as_path(&p.name)))
        });
        suggester
            .suggest(&as_path(name))
            .map(|s| s.replacen('/', "-", 1))
    }

    /// The documents below `_posts` folders.
    fn jekyll_posts(&self) -> Vec<&Page> {
        self.listing()
            .pages
            .iter()
            .map(|p| &**p)
            .filter(|p| p.collection.as_deref() == Some("posts"))
            .collect()
    }

    /// `{% post_url NAME %}` (Jekyll's `PostComparer`): the post whose path
    /// is `_posts/[PATH/]DATE-SLUG.EXT` or `PATH/_posts/DATE-SLUG.EXT`, else
    /// (deprecated, still accepted) the post with that date and slug.
    pub fn post_url(&self, name: &str) -> Option<Page> {
        let name = name.trim_start_matches('/');
        let (path, file) = match name.rsplit_once('/') {
            Some((path, file)) => (format!("{path}/"), file),
            None => (String::new(), name),
        };
        let matches = |page: &Page| {
            let key = page.key.as_str();
            let rest = key
                .strip_prefix(&format!("_posts/{path}"))
                .or_else(|| key.strip_prefix(&format!("{path}_posts/")));
            rest.is_some_and(|rest| {
                rest.rsplit_once('.').is_some_and(|(stem, ext)| {
                    stem == file && !ext.contains('.') && !ext.is_empty()
                })
            })
        };
        // Fast path: the file names it can have.
        if !self.is_whole() && self.listing.get().is_none() {
            let base = if self.jekyll.collections_dir.is_empty() {
                self.site.root.clone()
            } else {
                self.site.root.join(&self.jekyll.collections_dir)
            };
            for dir in [
                base.join("_posts").join(&path),
                base.join(&path).join("_posts"),
            ] {
                for ext in &self.site.markdown_extensions {
                    let candidate = dir.join(format!("{file}.{ext}"));
                    if self.is_file(&candidate)
                        && let Some(page) = jekyll::page_for(self.site, &self.jekyll, &candidate)
                        && matches(&page)
                    {
                        return Some(page);
                    }
                }
            }
        }
        let posts = self.jekyll_posts();
        if let Some(&page) = posts.iter().find(|p| matches(p)) {
            return Some(page.clone());
        }
        // Deprecated matching: same date and slug, anywhere.
        let (date, slug) = text::filename_date(file)?;
        self.load_all_facts(posts.iter().copied());
        let found = posts.into_iter().find(|page| {
            let facts = self.facts(page);
            let page_slug = facts.slug.as_ref().map_or_else(
                || {
                    text::filename_date(&page.name)
                        .map_or(page.name.clone(), |(_, s)| s.to_string())
                },
                |s| s.text.clone(),
            );
            let page_date = jekyll::date(page, &facts, &self.tz);
            page_slug == slug
                && page_date
                    .is_some_and(|d| (d.year, d.month, d.day) == (date.year, date.month, date.day))
        });
        found.cloned()
    }

    /// `{% link PATH %}`: a page, document or static file by its path from
    /// the site root.
    pub fn link_tag(&self, path: &str) -> LinkTarget {
        match self.link_tag_inner(path) {
            Ok(Some(page)) => LinkTarget::Page(page),
            Ok(None) => LinkTarget::Static,
            Err(()) => LinkTarget::Missing,
        }
    }

    fn link_tag_inner(&self, path: &str) -> Result<Option<Page>, ()> {
        let relative = path.trim();
        if relative.starts_with('/') {
            // Only static files are matched with a leading slash.
            let file = self.site.root.join(relative.trim_start_matches('/'));
            return if self.is_file(&file) && !self.site.is_content(&file) && self.is_static(&file) {
                Ok(None)
            } else {
                Err(())
            };
        }
        let base = if relative.starts_with('_') && !self.jekyll.collections_dir.is_empty() {
            self.site.root.join(&self.jekyll.collections_dir)
        } else {
            self.site.root.clone()
        };
        let file = base.join(relative);
        if !self.is_file(&file) {
            return Err(());
        }
        if self.site.is_content(&file) {
            return jekyll::page_for(self.site, &self.jekyll, &file)
                .map(Some)
                .ok_or(());
        }
        if self.is_static(&file) {
            Ok(None)
        } else {
            Err(())
        }
    }

    /// Whether a file under the site root is copied to the site as is.
    fn is_static(&self, file: &Path) -> bool {
        match self.site.flavor {
            Flavor::Hugo => self
                .site
                .static_dirs
                .iter()
                .any(|dir| file.starts_with(dir)),
            Flavor::Jekyll => {
                let Ok(relative) = file.strip_prefix(&self.site.root) else {
                    return false;
                };
                let relative = crate::site::slash_path(relative);
                let in_output_collection = self
                    .jekyll
                    .collections
                    .iter()
                    .any(|c| c.output && relative.starts_with(&format!("{}/", c.dir)));
                in_output_collection
                    || !relative.split('/').any(|part| {
                        part.starts_with('_') || part.starts_with('.') || part.starts_with('#')
                    })
            }
        }
    }

    // ----- URLs ------------------------------------------------------------

    /// The URL path the generator gives a page (without the base path), or
    /// `None` when it has none.
    pub fn url(&self, page: &Page) -> Option<String> {
        self.remembered(page, |listing| &listing.urls, || self.work_out_url(page))
    }

    fn work_out_url(&self, page: &Page) -> Option<String> {
        let facts = self.facts(page);
        match self.site.flavor {
            Flavor::Hugo => hugo::url(&self.hugo, page, &facts, self),
            Flavor::Jekyll => jekyll::url(&self.jekyll, page, &facts, &self.tz),
        }
    }

    /// The URLs of a page's aliases.
    pub fn alias_urls(&self, page: &Page, url: &str) -> Vec<(String, Valued)> {
        let facts = self.facts(page);
        facts
            .aliases
            .iter()
            .map(|alias| {
                let text = alias.text.trim();
                let path = match self.site.flavor {
                    Flavor::Hugo if text.starts_with('/') => {
                        format!("{}{text}", self.hugo.lang_prefix(&page.lang))
                    }
                    Flavor::Hugo => text::resolve_relative(url.trim_end_matches('/'), text),
                    Flavor::Jekyll => text::clean_path(&format!("/{text}")),
                };
                (path, alias.clone())
            })
            .collect()
    }

    /// Builds the listing and the URL table now, in a whole-site run.
    /// Checks that judge files in parallel call it first: a table they
    /// met unbuilt would be built by the first worker that needs it, on
    /// one core, while the others wait for it.
    pub fn prepare_urls(&self) {
        if self.is_whole() {
            self.url_map();
        }
    }

    fn url_map(&self) -> &UrlMap {
        self.urls.get_or_init(|| {
            let listing = self.listing();
            self.load_all_facts(listing.pages.iter().map(|page| &**page));
            let hits: Vec<Vec<(String, UrlHit)>> = listing
                .pages
                .par_iter()
                .map(|page| {
                    let Some(url) = self.url(page) else {
                        return Vec::new();
                    };
                    let not_built = self.not_built(page);
                    let mut out = Vec::new();
                    for (alias_url, _) in self.alias_urls(page, &url) {
                        out.push((
                            url_key(&alias_url).into_owned(),
                            UrlHit {
                                page: Arc::clone(page),
                                url: alias_url,
                                alias: true,
                                not_built,
                            },
                        ));
                    }
                    out.push((
                        url_key(&url).into_owned(),
                        UrlHit {
                            page: Arc::clone(page),
                            url,
                            alias: false,
                            not_built,
                        },
                    ));
                    out
                })
                .collect();
            let mut by_key: FastMap<String, Vec<UrlHit>> = FastMap::with_capacity_and_hasher(
                hits.iter().map(Vec::len).sum(),
                Default::default(),
            );
            for (key, hit) in hits.into_iter().flatten() {
                // Nearly every URL has one page: no room for more up front.
                by_key
                    .entry(key)
                    .or_insert_with(|| Vec::with_capacity(1))
                    .push(hit);
            }
            UrlMap { by_key }
        })
    }

    /// Every page (and alias) at a URL path. In runs over some files only,
    /// the pages the URL can come from are tried first; the whole site is
    /// read only when none of them has that URL.
    pub fn pages_at(&self, url: &str) -> Cow<'_, [UrlHit]> {
        match self.pages_at_depth(url, Depth::Quick) {
            hits if hits.is_empty() => self.pages_at_depth(url, Depth::Full),
            hits => hits,
        }
    }

    /// `pages_at`, the quick way only or the full way. Borrowed from the
    /// table of every URL once there is one.
    pub fn pages_at_depth(&self, url: &str, depth: Depth) -> Cow<'_, [UrlHit]> {
        let key = url_key(url);
        match depth {
            Depth::Quick if self.urls.get().is_none() && !self.is_whole() => {
                Cow::Owned(self.quick_pages_at(&key))
            }
            _ => Cow::Borrowed(
                self.url_map()
                    .by_key
                    .get(key.as_ref())
                    .map_or(&[], Vec::as_slice),
            ),
        }
    }

    /// The linted pages at a URL key. Their URLs are worked out on the
    /// first lookup after the last file was added, and the table is kept
    /// for the lookups that follow (lookups racing it may each build one).
    fn linted_at_url(&self, key: &str) -> Vec<Page> {
        let (covered, pages) = match self.linted.read() {
            Ok(linted) => {
                if let Some(table) = linted.url_table() {
                    return table.get(key).cloned().unwrap_or_default();
                }
                (linted.all().len(), linted.all().to_vec())
            }
            Err(_) => return Vec::new(),
        };
        // No lock is held here: a URL may depend on other pages' facts.
        let mut table: HashMap<String, Vec<Page>> = HashMap::new();
        for page in pages {
            if let Some(url) = self.url(&page) {
                table
                    .entry(url_key(&url).into_owned())
                    .or_default()
                    .push(page);
            }
        }
        let found = table.get(key).cloned().unwrap_or_default();
        if let Ok(mut linted) = self.linted.write() {
            linted.set_url_table(covered, table);
        }
        found
    }

    /// The pages found at a URL without reading the whole site: the files a
    /// default URL can come from, checked against their real URL.
    pub fn quick_pages_at(&self, key: &str) -> Vec<UrlHit> {
        if let Some(map) = self.urls.get() {
            return map.by_key.get(key).cloned().unwrap_or_default();
        }
        let mut candidates: Vec<Page> = self.linted_at_url(key);
        let segments: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
        match self.site.flavor {
            Flavor::Hugo => {
                let (lang, rest) = match segments.first() {
                    Some(first)
                        if self.hugo.languages.iter().any(|l| l == first)
                            && !self.hugo.lang_prefix(first).is_empty() =>
                    {
                        (first.to_string(), &segments[1..])
                    }
                    _ => (self.hugo.default_lang.clone(), &segments[..]),
                };
                let page_key = format!("/{}", rest.join("/"));
                candidates.extend(self.hugo_probe(&lang, &page_key));
            }
            Flavor::Jekyll => {
                let path = segments.join("/");
                let mut files = Vec::new();
                for ext in &self.site.markdown_extensions {
                    files.push(self.site.root.join(format!("{path}.{ext}")));
                    files.push(self.site.root.join(&path).join(format!("index.{ext}")));
                    if let Some((first, rest)) = path.split_once('/') {
                        let dir = if self.jekyll.collections_dir.is_empty() {
                            format!("_{first}")
                        } else {
                            format!("{}/_{first}", self.jekyll.collections_dir)
                        };
                        files.push(self.site.root.join(dir).join(format!("{rest}.{ext}")));
                    }
                }
                for file in files {
                    if self.is_file(&file)
                        && self.site.is_content(&file)
                        && let Some(page) = jekyll::page_for(self.site, &self.jekyll, &file)
                    {
                        candidates.push(page);
                    }
                }
            }
        }
        let mut hits = Vec::new();
        let mut seen: HashSet<(Option<Arc<Path>>, String)> = HashSet::new();
        for page in candidates {
            if !seen.insert((page.file.clone(), page.lang.clone())) {
                continue;
            }
            if let Some(url) = self.url(&page)
                && url_key(&url) == key
            {
                let not_built = self.not_built(&page);
                hits.push(UrlHit {
                    page: Arc::new(page),
                    url,
                    alias: false,
                    not_built,
                });
            }
        }
        hits
    }

    /// Every URL of the site (pages and aliases), for suggestions and
    /// duplicate detection.
    pub fn all_urls(&self) -> Vec<&UrlHit> {
        self.url_map().by_key.values().flatten().collect()
    }

    /// Whether a URL path is a file of a static folder (`/images/x.png`;
    /// a folder URL serves its `index.html`).
    pub fn static_file(&self, path: &str) -> bool {
        let relative = text::percent_decode(path.trim_start_matches('/'));
        if relative.split('/').any(|part| part == "..") {
            return false;
        }
        for dir in &self.site.static_dirs {
            let file = dir.join(&relative);
            let mut candidates = vec![file.clone()];
            if relative.is_empty()
                || relative.ends_with('/')
                || Path::new(&relative).extension().is_none()
            {
                candidates.push(file.join("index.html"));
            }
            if self.site.flavor == Flavor::Jekyll
                && let Some(stem) = relative.strip_suffix(".css")
            {
                // Sass compiled to CSS.
                candidates.push(dir.join(format!("{stem}.scss")));
                candidates.push(dir.join(format!("{stem}.sass")));
            }
            for candidate in candidates {
                if self.is_file(&candidate)
                    && (self.site.flavor == Flavor::Hugo
                        || self.is_static(&candidate)
                        || candidate
                            .extension()
                            .is_some_and(|e| e == "scss" || e == "sass"))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Whether a path names a file of an `assets` folder (what
    /// `resources.Get` finds, as link render hooks do).
    pub fn asset_file(&self, path: &str) -> bool {
        let relative = text::percent_decode(path.trim_start_matches('/'));
        !relative.is_empty()
            && !relative.split('/').any(|part| part == "..")
            && self
                .site
                .asset_dirs
                .iter()
                .any(|dir| self.is_file(&dir.join(&relative)))
    }

    /// Whether a URL path is a file of a page bundle (`/posts/x/photo.jpg`
    /// for `content/posts/x/photo.jpg`).
    pub fn bundle_resource(&self, path: &str, depth: Depth) -> bool {
        let decoded = text::percent_decode(path);
        let mut split = decoded.len();
        while let Some(slash) = decoded[..split].rfind('/') {
            let (page_url, rest) = decoded.split_at(slash + 1);
            if rest.is_empty() {
                split = slash;
                continue;
            }
            for hit in self.pages_at_depth(page_url, depth).iter() {
                if hit.alias || !matches!(hit.page.role, Role::Leaf | Role::Branch) {
                    continue;
                }
                if let Some(folder) = hit.page.file.as_ref().and_then(|f| f.parent())
                    && self.is_file(&folder.join(rest))
                {
                    return true;
                }
            }
            split = slash;
        }
        false
    }

    /// A content file a link names by its path (`../other.md`,
    /// `/posts/x.md`), relative to the linking file, then to the content
    /// folders (Jekyll: the site root).
    pub fn content_file(&self, from: &Path, path: &str) -> Option<PathBuf> {
        let decoded = text::percent_decode(path);
        let mut candidates = Vec::new();
        if !decoded.starts_with('/')
            && let Some(dir) = from.parent()
        {
            candidates.push(crate::site::resolve(dir, &decoded));
        }
        let inside = decoded.trim_start_matches('/');
        match self.site.flavor {
            Flavor::Hugo => {
                for dir in &self.site.content {
                    if dir.target.is_empty() {
                        candidates.push(crate::site::resolve(&dir.path, inside));
                    } else if let Some(rest) = inside.strip_prefix(&format!("{}/", dir.target)) {
                        candidates.push(crate::site::resolve(&dir.path, rest));
                    }
                }
            }
            Flavor::Jekyll => candidates.push(crate::site::resolve(&self.site.root, inside)),
        }
        if let Ok(linted) = self.linted.read() {
            for candidate in &candidates {
                if linted.contains_file(candidate) {
                    return Some(candidate.clone());
                }
            }
        }
        candidates.into_iter().find(|c| self.is_file(c))
    }

    /// A URL of the site close to `key` (for a did-you-mean): one that
    /// differs only in case, else the nearest by edit distance.
    pub fn suggest_url(&self, key: &str) -> Option<String> {
        let suggester = self.url_suggester.get_or_init(|| {
            suggest::Suggester::new(
                self.all_urls()
                    .into_iter()
                    .filter(|hit| hit.not_built.is_none())
                    .map(|hit| hit.url.clone()),
            )
        });
        suggester.suggest(key)
    }

    /// Hugo sections fed by a content adapter (`_content.gotmpl`): their
    /// pages are generated, so any URL below them may exist.
    pub fn generated_section(&self, key: &str) -> bool {
        if self.site.flavor != Flavor::Hugo {
            return false;
        }
        let segments: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
        if segments.is_empty() {
            return false;
        }
        // Folder by folder from the top, one path per content folder.
        let mut paths: Vec<PathBuf> = self
            .site
            .content
            .iter()
            .filter(|dir| dir.target.is_empty())
            .map(|dir| dir.path.clone())
            .collect();
        segments.iter().any(|segment| {
            paths.iter_mut().any(|path| {
                path.push(segment);
                path.push("_content.gotmpl");
                let found = self.is_file(path);
                path.pop();
                found
            })
        })
    }
}

/// The page path a page path's folder has: `/a/b` → `/a`, `/a` → `/`.
fn parent_key(key: &str) -> &str {
    match key.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &key[..i],
    }
}

impl SiteIndex<'_> {
    /// What the sections at the page path `dir` and above cascade (the
    /// nearest one first). Remembered per folder once the site is listed:
    /// every page of a folder asks, and each ask walked up to the top.
    fn cascade_at(&self, lang: &str, dir: &str) -> Cascade {
        let listed = self.listed();
        if listed
            && let Ok(known) = self.cascades.read()
            && let Some(found) = known.get(lang).and_then(|dirs| dirs.get(dir))
        {
            return *found;
        }
        let (mut render, mut draft) = (None, None);
        if let Some(section) = self.section_page(lang, dir) {
            let facts = self.facts(&section);
            (render, draft) = (facts.cascade_render, facts.cascade_draft);
        }
        if (render.is_none() || draft.is_none()) && dir != "/" && !dir.is_empty() {
            let (above_render, above_draft) = self.cascade_at(lang, parent_key(dir));
            (render, draft) = (render.or(above_render), draft.or(above_draft));
        }
        if listed && let Ok(mut known) = self.cascades.write() {
            known
                .entry(lang.to_string())
                .or_default()
                .insert(dir.to_string(), (render, draft));
        }
        (render, draft)
    }
}

impl hugo::Sections for SiteIndex<'_> {
    fn cascaded(&self, lang: &str, key: &str) -> Cascade {
        if key == "/" || key.is_empty() {
            return (None, None);
        }
        self.cascade_at(lang, parent_key(key))
    }

    /// Remembered once the site is listed (section slugs are known then),
    /// like `cascade_at`.
    fn push_folders_url(&self, lang: &str, folders: &str, out: &mut String) {
        let listed = self.listed();
        if listed
            && let Ok(known) = self.folder_urls.read()
            && let Some(found) = known.get(lang).and_then(|urls| urls.get(folders))
        {
            out.push_str(found);
            return;
        }
        let url = hugo::folders_url(&self.hugo, lang, folders, self);
        out.push_str(&url);
        if listed && let Ok(mut known) = self.folder_urls.write() {
            known
                .entry(lang.to_string())
                .or_default()
                .insert(folders.to_string(), url.into_boxed_str());
        }
    }

    fn section_slug(&self, lang: &str, key: &str) -> Option<String> {
        let page = self.section_page(lang, key)?;
        self.facts(&page).slug.as_ref().map(|s| s.text.clone())
    }

    fn is_section(&self, lang: &str, key: &str) -> bool {
        key.matches('/').count() == 1
            || self
                .hugo_find_quick(lang, key)
                .iter()
                .any(|p| p.role == Role::Branch)
    }

    fn section_title(&self, lang: &str, key: &str) -> Option<String> {
        let page = self.section_page(lang, key)?;
        self.facts(&page).title.as_ref().map(|s| s.text.clone())
    }
}

/// The entries of a folder: `(path, is a folder)`; nothing when it cannot
/// be read. Symbolic links to folders are not followed.
fn read_folder(folder: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            (entry.path(), is_dir)
        })
        .collect()
}

/// A folder's name as Hugo compares it.
fn normalized_name(path: &Path) -> String {
    text::hugo_normalize(
        &path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    )
}

/// The folder part of a `/`-separated path ("" at the top).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Drops `value` on rayon's pool.
fn free_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// The facts of a file that was not linted: its front matter only.
fn read_facts(file: &Path, flavor: Flavor, taxonomies: &[String]) -> Facts {
    // Front matter is at the start: a huge file costs no more than its head.
    let mut bytes = Vec::new();
    let head = fs::File::open(file).and_then(|f| {
        std::io::Read::read_to_end(
            &mut std::io::Read::take(f, crate::rules::io::DEFAULT_MAX_SIZE),
            &mut bytes,
        )
    });
    if head.is_err() {
        return Facts::default();
    }
    let text = String::from_utf8_lossy(&bytes);
    let (front_matter, _) = frontmatter::split(&text, flavor);
    Facts::from_front_matter(&front_matter, flavor, taxonomies)
}

/// Where the logical path `logical` (without a leading `/`) of a page in
/// `lang` lies inside the content folder `dir`, if it can: `None` when the
/// folder holds another language or is mounted elsewhere.
fn inside_content_dir(dir: &crate::site::ContentDir, lang: &str, logical: &str) -> Option<String> {
    if dir
        .lang
        .as_deref()
        .is_some_and(|l| !l.eq_ignore_ascii_case(lang))
    {
        return None;
    }
    if dir.target.is_empty() {
        Some(logical.to_string())
    } else if logical == dir.target {
        Some(String::new())
    } else {
        logical
            .strip_prefix(&format!("{}/", dir.target))
            .map(str::to_string)
    }
}
