//! What a run lints: each path's site (several sites in one repository
//! work), its settings, and whether the paths make the whole site or some
//! files of it; and what kind of page a file is to the rules.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::Options;
use crate::config::Settings;
use crate::error::Error;
use crate::generator::{Flavor, PageKind};
use crate::site::walk::{is_walked_file, walk, walk_builder};
use crate::site::{ContentDir, Site};
use crate::text::paths::{display_path, resolve};

/// A site and what to lint in it.
pub(super) struct SiteRun {
    pub(super) site: Site,
    pub(super) settings: Settings,
    pub(super) scope: Scope,
}

/// What a run lints of its site.
pub(super) enum Scope {
    /// Every content file (a whole-site run: every page is known).
    WholeSite,
    /// The files and folders given (a run over some files: other pages are
    /// looked up as links need them).
    Paths(Vec<PathBuf>),
}

/// Groups the paths by the site that holds them.
pub(super) fn plan(cwd: &Path, options: &Options) -> Result<Vec<SiteRun>, Error> {
    let paths: Vec<PathBuf> = if options.paths.is_empty() {
        vec![cwd.to_path_buf()]
    } else {
        options
            .paths
            .iter()
            .map(|path| resolve(cwd, &path.to_string_lossy()))
            .collect()
    };
    let mut by_root: BTreeMap<PathBuf, SiteRun> = BTreeMap::new();
    for path in paths {
        if fs::symlink_metadata(&path).is_err() {
            return Err(Error::Usage(format!(
                "{} does not exist",
                display_path(&path)
            )));
        }
        let site = match Site::discover(&path)? {
            Some(site) => site,
            None => {
                let dir = if path.is_dir() {
                    path.clone()
                } else {
                    path.parent().unwrap_or(cwd).to_path_buf()
                };
                if options.paths.is_empty() {
                    return Err(Error::Usage(format!(
                        "no Hugo or Jekyll site found in {} or its parents (looked for hugo.toml, config.toml, config/_default/, _config.yml); pass the files to lint",
                        display_path(&dir)
                    )));
                }
                Site::bare(&dir, Flavor::Hugo)
            }
        };
        let whole_site = options.paths.is_empty();
        let entry = match by_root.entry(site.root.clone()) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => {
                let settings = Settings::load(&site.root, &options.overrides)?;
                let site = apply_overrides(site, &settings);
                entry.insert(SiteRun {
                    site,
                    settings,
                    scope: Scope::Paths(Vec::new()),
                })
            }
        };
        if whole_site {
            entry.scope = Scope::WholeSite;
        } else if let Scope::Paths(targets) = &mut entry.scope {
            targets.push(path);
        }
    }
    let mut runs: Vec<SiteRun> = by_root.into_values().collect();
    for run in &mut runs {
        if let Scope::Paths(targets) = &run.scope
            && covers_all_content(&run.site, targets)
        {
            run.scope = Scope::WholeSite;
        }
    }
    Ok(runs)
}

/// Whether `targets` are folders that hold every content file of the
/// site: `postlint check site/` lints the same files as `postlint check`
/// inside it, and gets the whole-site index (every page known from the
/// walk, no file read twice) instead of per-link lookups. So does
/// `postlint check content/posts` when `content` holds nothing else a
/// whole-site walk would lint or list.
fn covers_all_content(site: &Site, targets: &[PathBuf]) -> bool {
    !targets.is_empty()
        && targets.iter().all(|target| target.is_dir())
        && site
            .content_roots()
            .iter()
            .all(|root| holds_only_targeted_pages(site, root, targets))
}

/// Whether every file below `root` that a whole-site walk would lint or
/// list as a page is below one of `targets`: the same walk (hidden and
/// ignored entries skipped), leaving out the targets, stopped at the first
/// such file. An entry it cannot read makes the answer no, so a doubtful
/// case keeps the per-link lookups.
fn holds_only_targeted_pages(site: &Site, root: &Path, targets: &[PathBuf]) -> bool {
    if targets.iter().any(|target| root.starts_with(target)) {
        return true;
    }
    let targets = targets.to_vec();
    let mut walk = walk_builder(root);
    walk.filter_entry(move |entry| {
        !targets
            .iter()
            .any(|target| entry.path().starts_with(target))
    });
    walk.build().all(|entry| {
        entry.is_ok_and(|entry| !is_walked_file(&entry) || !site.is_walked_page(entry.path()))
    })
}

/// `[site]` settings replace what discovery found.
pub(super) fn apply_overrides(site: Site, settings: &Settings) -> Site {
    let mut site = match settings.site.flavor {
        Some(flavor) => site.with_flavor(flavor),
        None => site,
    };
    if let Some(content) = &settings.site.content {
        site.content = content
            .iter()
            .map(|dir| ContentDir {
                path: resolve(&settings.base_dir, dir),
                target: String::new(),
                lang: None,
            })
            .collect();
    }
    if let Some(dirs) = &settings.site.static_dirs {
        site.static_dirs = dirs
            .iter()
            .map(|dir| resolve(&settings.base_dir, dir))
            .collect();
    }
    site.liquid_tags_declared = settings.options.liquid_tags.is_some();
    site
}

/// A path given on the command line: a file is linted as given when it is
/// content of its site (or the site is bare); a folder is walked for content.
pub(super) fn collect_target(
    run: &SiteRun,
    target: &Path,
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<(PathBuf, io::Error, bool)>,
    notes: &mut Vec<String>,
) {
    let site = &run.site;
    if target.is_dir() {
        for root in site.content_roots() {
            if root.starts_with(target) {
                walk(site, &root, files, unreadable);
            } else if target.starts_with(&root) {
                walk(site, target, files, unreadable);
            }
        }
        return;
    }
    if site.config_files.is_empty() || site.is_content(target) {
        files.push(target.to_path_buf());
    } else {
        notes.push(format!(
            "skipped {}: not content of the {} site at {}",
            display_path(target),
            site.flavor.name(),
            display_path(&site.root)
        ));
    }
}

/// What kind of page the file at `path` is to the rules.
pub fn page_kind_of(site: &Site, settings: &Settings, path: &Path) -> PageKind {
    let relative = site.relative(path);
    let content = site.content_path(path);
    page_kind(
        site,
        settings,
        &relative,
        content.as_ref().map(|(logical, _)| logical.as_str()),
    )
}

/// Whether a file is a post: the configured `posts` globs, else Hugo's
/// `posts`/`post`/`blog` sections (list pages excluded) and Jekyll's
/// `_posts`/`_drafts`.
pub(super) fn page_kind(
    site: &Site,
    settings: &Settings,
    relative: &str,
    content_path: Option<&str>,
) -> PageKind {
    if let Some(posts) = &settings.site.posts {
        return if posts.is_match(relative) {
            PageKind::Post
        } else {
            PageKind::Page
        };
    }
    match site.flavor {
        Flavor::Hugo => {
            let Some(content_path) = content_path else {
                return PageKind::Page;
            };
            let mut parts = content_path.split('/');
            let section = parts.next().unwrap_or_default();
            let file_name = content_path.rsplit('/').next().unwrap_or_default();
            let is_list = file_name.starts_with("_index.");
            if matches!(section, "posts" | "post" | "blog")
                && !is_list
                && content_path.contains('/')
            {
                PageKind::Post
            } else {
                PageKind::Page
            }
        }
        Flavor::Jekyll => {
            let parts: Vec<&str> = relative.split('/').collect();
            let dirs = &parts[..parts.len().saturating_sub(1)];
            if dirs
                .iter()
                .any(|part| *part == "_posts" || *part == "_drafts")
            {
                PageKind::Post
            } else if site
                .collections
                .iter()
                .any(|c| relative.starts_with(&format!("{c}/")))
            {
                PageKind::Document
            } else {
                PageKind::Page
            }
        }
    }
}
