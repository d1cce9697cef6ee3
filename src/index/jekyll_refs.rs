//! Jekyll's lookups: `{% post_url %}` (Jekyll's `PostComparer`) and
//! `{% link %}`, with did-you-mean for post names.

use super::{LinkTarget, SiteIndex, pages};
use crate::generator::dates::file_name_date;
use crate::generator::jekyll;
use crate::generator::page::Page;
use crate::text::Suggester;

impl<'a> SiteIndex<'a> {
    /// A post name close to `name` (same date or same slug), for a
    /// did-you-mean.
    pub fn suggest_post(&self, name: &str) -> Option<String> {
        // Indexed as `DATE/SLUG`, so that posts of the same day are the
        // "folder" and a re-dated post has the same "last segment".
        let as_path = |name: &str| match file_name_date(name) {
            Some((_, slug)) => format!("{}/{slug}", &name[..name.len() - slug.len() - 1]),
            None => name.to_string(),
        };
        let suggester = self
            .post_suggester
            .get_or_init(|| Suggester::new(self.jekyll_posts().iter().map(|p| as_path(&p.name))));
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
                        && let Some(page) = pages::jekyll_page(self.site, &candidate)
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
        let (date, slug) = file_name_date(file)?;
        self.load_all_facts(posts.iter().copied());
        let found = posts.into_iter().find(|page| {
            let facts = self.facts(page);
            let page_slug = facts.slug.as_ref().map_or_else(
                || file_name_date(&page.name).map_or(page.name.clone(), |(_, s)| s.to_string()),
                |s| s.text.clone(),
            );
            let page_date = jekyll::urls::date(page, &facts, &self.tz);
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
            return pages::jekyll_page(self.site, &file).map(Some).ok_or(());
        }
        if self.is_static(&file) {
            Ok(None)
        } else {
            Err(())
        }
    }
}
