//! Every page of the site, listed once, and the tables pages are looked
//! up by (file, page path, base name): built from a whole-site run's walk,
//! or by listing the content folders when a lookup needs every page.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::{SiteIndex, pages, parent};
use crate::generator::Flavor;
use crate::generator::hugo::names::hugo_normalize;
use crate::generator::page::{Page, Role, virtual_page};
use crate::site::walk::{ListingRule, list_where};
use crate::text::{FastMap, FastSet};

/// Every page, from the content folders' listing.
#[derive(Debug, Default)]
pub(super) struct Listing {
    pub(super) pages: Vec<Arc<Page>>,
    /// By file.
    by_path: PageTable,
    /// By (language, page path); bundle resources are not pages.
    by_key: PageTable,
    /// By (language, base name), one page per page path.
    by_name: PageTable,
    /// What is worked out from each page (same positions) once asked, in
    /// a whole-site run: every check asks again for the same pages.
    pub(super) urls: Vec<OnceLock<Option<String>>>,
    pub(super) not_built: Vec<OnceLock<Option<&'static str>>>,
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
pub(super) enum By {
    Key,
    Name,
}

impl Listing {
    /// The position of `page`: a page of the listing or a copy of one.
    pub(super) fn position(&self, page: &Page) -> Option<usize> {
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
    pub(super) fn find<'l>(
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

impl<'a> SiteIndex<'a> {
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
    pub(super) fn raw_pages_for(&self, path: &Path) -> Vec<Page> {
        let mut pages = match self.site.flavor {
            Flavor::Hugo => pages::hugo_pages(self.site, path),
            Flavor::Jekyll => pages::jekyll_page(self.site, path).into_iter().collect(),
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

    /// Every page of the site, listed once (whole-site runs: from the walk).
    pub(super) fn listing(&self) -> &Listing {
        self.listing.get_or_init(|| {
            let walked = self.walked.lock().ok().and_then(|mut walked| walked.take());
            let files = match walked {
                Some(files) => files,
                None => {
                    let site = self.site;
                    let rule = ListingRule {
                        keep: &|path: &Path| site.is_walked_page(path),
                        reads_text: &|path: &Path| site.page_by_its_text(path),
                    };
                    match self.memory {
                        Some(memory) => {
                            memory.listing(&|| list_where(&site.content_roots(), &rule, true))
                        }
                        None => list_where(&site.content_roots(), &rule, false).files,
                    }
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
                Flavor::Hugo => pages::hugo_pages(self.site, file),
                Flavor::Jekyll => pages::jekyll_page(self.site, file).into_iter().collect(),
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
                extra.push(virtual_page(&key, lang, Role::Branch));
                known.insert((lang, key));
            }
        }
        for lang in &self.hugo.language_codes {
            if known.insert((lang, Cow::Borrowed("/"))) {
                extra.push(virtual_page("/", lang, Role::Branch));
            }
            if !self.builds_kind(lang, "taxonomy") {
                continue;
            }
            for taxonomy in self.taxonomies_in(lang) {
                let key = format!("/{}", hugo_normalize(taxonomy));
                if !known.contains(&(lang, Cow::Borrowed(&key[..]))) {
                    extra.push(virtual_page(&key, lang, Role::Taxonomy));
                    known.insert((lang, Cow::Owned(key)));
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
            for lang in &self.hugo.language_codes {
                if self.is_file(&folder.join(format!("{stem}.{lang}.{ext}"))) {
                    return true;
                }
            }
        }
        false
    }
}
