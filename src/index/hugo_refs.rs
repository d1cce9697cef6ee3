//! Hugo's page lookups: `ref`/`relref` and `GetPage` (relative to the
//! page, from the content root, by a unique base name), taxonomy terms,
//! and what the sections above a page cascade. In a run over some files
//! only, the file names a page path can come from are probed first; the
//! site is listed only when that finds nothing.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::listing::By;
use super::{Depth, RefOutcome, SiteIndex, parent};
use crate::generator::facts::Render;
use crate::generator::hugo::names::{hugo_normalize, hugo_urlize};
use crate::generator::hugo::urls::{Sections, folders_url, parse_ref_path};
use crate::generator::page::{Page, Role, virtual_page};
use crate::site::ContentDir;
use crate::text::Suggester;
use crate::text::urls::clean_path;

/// What the sections above a page cascade: `build.render` and `draft`.
pub(super) type Cascade = (Option<Render>, Option<bool>);

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

impl<'a> SiteIndex<'a> {
    /// Whether the listing (and the URL map) can be used without listing
    /// the site now: always in a whole-site run.
    pub(super) fn listed(&self) -> bool {
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
            if scanned.is_empty()
                && self.is_term_path(lang, key)
                && self.hugo_term_exists(lang, key)
            {
                return vec![virtual_page(key, lang, Role::Taxonomy)];
            }
            return scanned;
        }
        let listing = self.listing();
        let found: Vec<Page> = listing
            .find(By::Key, lang, key)
            .map(|page| Page::clone(page))
            .collect();
        if found.is_empty() && self.is_term_path(lang, key) && self.hugo_term_exists(lang, key) {
            return vec![virtual_page(key, lang, Role::Taxonomy)];
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

    /// `/tags/x`: the path of a taxonomy term of `lang`, when term pages
    /// are built.
    fn is_term_path(&self, lang: &str, key: &str) -> bool {
        if !self.builds_kind(lang, "term") {
            return false;
        }
        let mut parts = key.split('/').filter(|s| !s.is_empty());
        match (parts.next(), parts.next(), parts.next()) {
            (Some(taxonomy), Some(_), None) => self
                .taxonomies_in(lang)
                .iter()
                .any(|t| hugo_normalize(t) == taxonomy),
            _ => false,
        }
    }

    /// The pages a page path can come from, found by trying the file names
    /// it can be written as.
    pub(super) fn hugo_probe(&self, lang: &str, key: &str) -> Vec<Page> {
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
                found.push(virtual_page("/", lang, Role::Branch));
            } else if segments == 1
                && self.builds_kind(lang, "taxonomy")
                && self
                    .taxonomies_in(lang)
                    .iter()
                    .any(|t| hugo_normalize(t) == logical)
            {
                found.push(virtual_page(key, lang, Role::Taxonomy));
            } else if segments == 1
                && self
                    .site
                    .content
                    .iter()
                    .any(|dir| dir.target.is_empty() && dir.path.join(logical).is_dir())
            {
                found.push(virtual_page(key, lang, Role::Branch));
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
            let joined = clean_path(&format!("{base}/{reference}"));
            let (key, _) = parse_ref_path(self.hugo, &joined);
            if let Some(page) = first(&key) {
                return RefOutcome::Found(page);
            }
        }
        if reference.starts_with('.') {
            return RefOutcome::NotFound;
        }
        let (key, name) = parse_ref_path(self.hugo, reference);
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
    pub(super) fn terms(&self) -> &HashMap<(String, String), Vec<Page>> {
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
                    let plural = hugo_normalize(taxonomy);
                    for value in values {
                        let name = hugo_urlize(value, true);
                        let key = format!("/{plural}/{name}");
                        let entry = terms.entry((page.lang.clone(), name.clone())).or_default();
                        if !entry.iter().any(|p| p.key == key) {
                            entry.push(virtual_page(&key, &page.lang, Role::Taxonomy));
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
            found.push(virtual_page(key, lang, Role::Branch));
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
                    .language_codes
                    .iter()
                    .any(|l| l.eq_ignore_ascii_case(lang)) =>
            {
                base
            }
            _ => stem,
        };
        hugo_normalize(stem)
    }

    /// Page paths of a language close to `key`, for a did-you-mean.
    pub fn hugo_suggest(&self, lang: &str, key: &str) -> Option<String> {
        let suggester = self.key_suggester.get_or_init(|| {
            let listing = self.listing();
            Suggester::new(
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

impl Sections for SiteIndex<'_> {
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
        let url = folders_url(self.hugo, lang, folders, self);
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
    hugo_normalize(
        &path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    )
}

/// Where the logical path `logical` (without a leading `/`) of a page in
/// `lang` lies inside the content folder `dir`, if it can: `None` when the
/// folder holds another language or is mounted elsewhere.
fn inside_content_dir(dir: &ContentDir, lang: &str, logical: &str) -> Option<String> {
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
