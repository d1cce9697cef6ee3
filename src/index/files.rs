//! What the index knows of files: whether they exist (asked once per
//! path), each page's front matter facts (from its summary, or read from
//! its head), whether a page is built, and the static files, assets and
//! bundle resources links may name.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Depth, SiteIndex};
use crate::document::frontmatter;
use crate::generator::facts::Facts;
use crate::generator::hugo::names::hugo_normalize;
use crate::generator::hugo::urls::Sections;
use crate::generator::page::{Page, Role};
use crate::generator::{Flavor, hugo, jekyll};
use crate::site::files::DEFAULT_MAX_SIZE;
use crate::site::reads::Stamp;
use crate::text::paths::{resolve, slash_path};
use crate::text::urls::percent_decode;
use crate::text::{FastSet, Source};

impl<'a> SiteIndex<'a> {
    pub(super) fn is_file(&self, path: &Path) -> bool {
        // A linted file exists for the site even before it is on disk (an
        // editor's new buffer, standard input).
        if !self.is_whole()
            && self
                .linted
                .read()
                .is_ok_and(|linted| linted.contains_file(path))
        {
            return true;
        }
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
        // One page: its file is read (a memory of every page would read
        // them all to answer for one).
        let facts = Arc::new(read_facts(
            file,
            self.site.flavor,
            self.hugo.taxonomy_names(),
        ));
        if let Ok(mut known) = self.facts.write() {
            known.insert(file.as_os_str().to_owned(), facts.clone());
        }
        facts
    }

    /// Reads the facts of every page not known yet, in parallel.
    pub(super) fn load_all_facts<'p>(&self, pages: impl IntoIterator<Item = &'p Page>) {
        let missing: Vec<&Path> = {
            let Ok(known) = self.facts.read() else {
                return;
            };
            // By the path's bytes (hashing a `Path` walks its components).
            let mut seen: FastSet<&OsStr> = FastSet::default();
            pages
                .into_iter()
                .filter_map(|page| page.file.as_deref())
                .filter(|file| {
                    !known.contains_key(file.as_os_str())
                        && (self.read_others || !self.site.is_content(file))
                        && seen.insert(file.as_os_str())
                })
                .collect()
        };
        let loaded: Vec<(PathBuf, Arc<Facts>)> = missing
            .par_iter()
            .map(|file| (file.to_path_buf(), self.read_facts(file)))
            .collect();
        if let Ok(mut known) = self.facts.write() {
            for (file, facts) in loaded {
                known.entry(file.into_os_string()).or_insert(facts);
            }
        }
    }

    /// The facts of a file not linted, for a load of every page's: from the
    /// memory when it has them, else from the file.
    fn read_facts(&self, file: &Path) -> Arc<Facts> {
        let read = || read_stamped_facts(file, self.site.flavor, self.hugo.taxonomy_names());
        match self.memory {
            Some(memory) => memory.facts(file, &read),
            None => Arc::new(read().0),
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
                if let Some(kind) = self.disabled_kind(page) {
                    return Some(kind);
                }
                let cascaded = match facts.draft {
                    Some(_) => None,
                    None => Sections::cascaded(self, &page.lang, &page.key).1,
                };
                hugo::urls::not_built(self.hugo, &facts, &page.lang, cascaded, self.now)
            }
            Flavor::Jekyll => {
                jekyll::urls::not_built(&self.site.build, self.jekyll, page, &facts, self.now)
            }
        }
    }

    /// Why a Hugo page is not built when `disableKinds` turns off its
    /// kind in its language.
    fn disabled_kind(&self, page: &Page) -> Option<&'static str> {
        let (kind, why) = match page.role {
            Role::Regular | Role::Leaf => {
                ("page", "a page of a kind `disableKinds` turns off (`page`)")
            }
            Role::Branch if page.key == "/" => (
                "home",
                "the home page, which `disableKinds` turns off (`home`)",
            ),
            Role::Branch => {
                let first = page.key.split('/').find(|part| !part.is_empty());
                let taxonomy = first.and_then(|first| {
                    self.taxonomies_in(&page.lang)
                        .iter()
                        .find(|t| hugo_normalize(t) == first)
                });
                match taxonomy {
                    Some(_) if page.key.matches('/').count() == 1 => (
                        "taxonomy",
                        "a taxonomy list `disableKinds` turns off (`taxonomy`)",
                    ),
                    Some(_) => ("term", "a term page `disableKinds` turns off (`term`)"),
                    None => (
                        "section",
                        "a section list `disableKinds` turns off (`section`)",
                    ),
                }
            }
            Role::Taxonomy => (
                "taxonomy",
                "a taxonomy list `disableKinds` turns off (`taxonomy`)",
            ),
            Role::Resource => return None,
        };
        (!self.builds_kind(&page.lang, kind)).then_some(why)
    }

    /// Whether a file under the site root is copied to the site as is.
    pub(super) fn is_static(&self, file: &Path) -> bool {
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
                let relative = slash_path(relative);
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

    /// Whether a URL path is a file of a static folder (`/images/x.png`;
    /// a folder URL serves its `index.html`).
    pub fn static_file(&self, path: &str) -> bool {
        let relative = percent_decode(path.trim_start_matches('/'));
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
        let relative = percent_decode(path.trim_start_matches('/'));
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
        let decoded = percent_decode(path);
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
        let decoded = percent_decode(path);
        let mut candidates = Vec::new();
        if !decoded.starts_with('/')
            && let Some(dir) = from.parent()
        {
            candidates.push(resolve(dir, &decoded));
        }
        let inside = decoded.trim_start_matches('/');
        match self.site.flavor {
            Flavor::Hugo => {
                for dir in &self.site.content {
                    if dir.target.is_empty() {
                        candidates.push(resolve(&dir.path, inside));
                    } else if let Some(rest) = inside.strip_prefix(&format!("{}/", dir.target)) {
                        candidates.push(resolve(&dir.path, rest));
                    }
                }
            }
            Flavor::Jekyll => candidates.push(resolve(&self.site.root, inside)),
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

/// The facts of a file that was not linted: its front matter only.
fn read_facts(file: &Path, flavor: Flavor, taxonomies: &[String]) -> Facts {
    read_stamped_facts(file, flavor, taxonomies).0
}

/// `read_facts`, with the file's stamp taken from the opened file before it
/// was read (`None` when it could not be opened).
fn read_stamped_facts(
    file: &Path,
    flavor: Flavor,
    taxonomies: &[String],
) -> (Facts, Option<Stamp>) {
    // Front matter is at the start: a huge file costs no more than its head.
    let Ok(opened) = fs::File::open(file) else {
        return (Facts::default(), None);
    };
    let metadata = opened.metadata().ok();
    let stamp = metadata.as_ref().map(Stamp::of);
    // Sized up front: one read call, not a dozen growing the buffer.
    let size = metadata.map_or(0, |meta| meta.len().min(DEFAULT_MAX_SIZE));
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    if std::io::Read::read_to_end(
        &mut std::io::Read::take(opened, DEFAULT_MAX_SIZE),
        &mut bytes,
    )
    .is_err()
    {
        // Not remembered: an error now need not be one next run.
        return (Facts::default(), None);
    }
    // Decoded as a linted file is (a byte that is not UTF-8 is `?`): the
    // page has one URL whether it is linted or only looked up.
    (
        facts_of_text(Source::from_bytes(bytes).text(), flavor, taxonomies),
        stamp,
    )
}

/// The facts of a file's text (its front matter).
fn facts_of_text(text: &str, flavor: Flavor, taxonomies: &[String]) -> Facts {
    let (front_matter, _) = frontmatter::split(text, flavor);
    let mut facts = Facts::read(front_matter.parsed(), flavor, taxonomies);
    // As `rules::summarize`: front matter that does not parse still makes
    // the file a page.
    facts.has_front_matter |= front_matter.block().is_some();
    facts
}

impl SiteIndex<'_> {
    /// Records the unsaved text of a file (an editor's other open buffer)
    /// as what the site has at `path`, without linting it.
    pub fn learn_text(&self, path: &Path, text: &str) {
        let facts = facts_of_text(text, self.site.flavor, self.hugo.taxonomy_names());
        self.add_linted(path, Arc::new(facts));
    }
}
