//! URLs: each page's (worked out once per page in a whole-site run), the
//! table of every URL and alias, and the pages at a URL — in a run over
//! some files only, found from the file names a URL can come from before
//! the whole site is read.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::{Depth, SiteIndex, UrlHit, pages};
use crate::generator::facts::Valued;
use crate::generator::page::Page;
use crate::generator::{Flavor, hugo, jekyll};
use crate::text::urls::{clean_path, resolve_relative, url_key};
use crate::text::{FastMap, Suggester, suggest_once};

/// How many URL suggestions are worked out by a pass over every URL before
/// the tables are built (`suggest_url`).
const SUGGESTIONS_IN_ONE_PASS: usize = 4;

pub(super) struct UrlMap {
    by_key: FastMap<String, Vec<UrlHit>>,
}

impl<'a> SiteIndex<'a> {
    /// The URL path the generator gives a page (without the base path), or
    /// `None` when it has none.
    pub fn url(&self, page: &Page) -> Option<String> {
        self.remembered(page, |listing| &listing.urls, || self.work_out_url(page))
    }

    fn work_out_url(&self, page: &Page) -> Option<String> {
        let facts = self.facts(page);
        match self.site.flavor {
            Flavor::Hugo => hugo::urls::url(self.hugo, page, &facts, self),
            Flavor::Jekyll => jekyll::urls::url(self.jekyll, page, &facts, &self.tz),
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
                    Flavor::Hugo => resolve_relative(url.trim_end_matches('/'), text),
                    Flavor::Jekyll => clean_path(&format!("/{text}")),
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
            Flavor::Hugo if self.hugo.multihost() => {
                // Any language's page may be at an unprefixed URL; the
                // link check keeps the linking page's language's.
                let page_key = format!("/{}", segments.join("/"));
                for lang in &self.hugo.language_codes {
                    candidates.extend(self.hugo_probe(lang, &page_key));
                }
            }
            Flavor::Hugo => {
                let (lang, rest) = match segments.first() {
                    Some(first)
                        if self.hugo.language_codes.iter().any(|l| l == first)
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
                        && let Some(page) = pages::jekyll_page(self.site, &file)
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

    /// A URL of the site close to `key` (for a did-you-mean): one that
    /// differs only in case, else the nearest by edit distance.
    pub fn suggest_url(&self, key: &str) -> Option<String> {
        let built = |hit: &&UrlHit| hit.not_built.is_none();
        // A run over a few files asks a question or two: a pass over the
        // URLs answers each, where the tables would cost many passes. Past
        // a few questions (a whole site's run asks thousands) they pay.
        if self.url_suggester.get().is_none()
            && self.suggestions_asked.fetch_add(1, Ordering::Relaxed) < SUGGESTIONS_IN_ONE_PASS
        {
            let urls = self.all_urls();
            return suggest_once(
                urls.into_iter().filter(built).map(|hit| hit.url.as_str()),
                key,
            );
        }
        let suggester = self.url_suggester.get_or_init(|| {
            Suggester::new(
                self.all_urls()
                    .into_iter()
                    .filter(built)
                    .map(|hit| hit.url.clone()),
            )
        });
        suggester.suggest(key)
    }
}
