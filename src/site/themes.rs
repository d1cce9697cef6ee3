//! Where a Hugo site's themes and modules are: `theme` names under
//! `themesDir`, `[[module.imports]]` under `themesDir` or `_vendor/`, and
//! `[[module.mounts]]` into `layouts/`.

use std::fs;
use std::path::{Path, PathBuf};

use super::Site;
use crate::generator::hugo::Config;
use crate::text::paths::{resolve, slash_path};

/// The site's themes folder (`themesDir`, `themes` by default).
fn themes_dir(root: &Path, config: &Config) -> PathBuf {
    resolve(root, config.themes_dir.as_deref().unwrap_or("themes"))
}

/// The themes `theme` names: the folders found, and the names of those
/// not in the repository.
pub(super) fn named(root: &Path, config: &Config) -> (Vec<PathBuf>, Vec<String>) {
    let base = themes_dir(root, config);
    let mut themes = Vec::new();
    let mut missing = Vec::new();
    for name in &config.themes {
        let path = resolve(&base, name);
        if path.is_dir() {
            themes.push(path);
        } else {
            missing.push(name.clone());
        }
    }
    (themes, missing)
}

/// How to look for templates in a folder.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scan {
    /// A `layouts` folder: its (legacy) shortcodes folders and nested ones.
    Layouts,
    /// A folder that is itself a shortcodes folder.
    Shortcodes,
    /// A folder inside `layouts`: only nested `_shortcodes` count.
    Nested,
}

/// `[[module.mounts]]` that mount a folder somewhere inside `layouts/`
/// (mounts at `layouts` itself are already among the layout folders).
pub(super) fn layout_mounts(site: &Site) -> Vec<(PathBuf, Scan)> {
    site.hugo()
        .mounts
        .iter()
        .filter_map(|mount| {
            let inside = mount.target.strip_prefix("layouts/")?;
            let last = inside.rsplit('/').next().unwrap_or_default();
            let scan = if last == "_shortcodes" || inside == "shortcodes" {
                Scan::Shortcodes
            } else {
                Scan::Nested
            };
            let dir = resolve(&site.root, &mount.source);
            dir.is_dir().then_some((dir, scan))
        })
        .collect()
}

pub(super) fn imported_count(site: &Site) -> usize {
    site.hugo().imports.len()
}

/// The folders in the site's themes folder.
pub(super) fn theme_folders(site: &Site) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(themes_dir(&site.root, site.hugo())) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    folders
}

pub(super) fn theme_name(site: &Site, theme: &Path) -> String {
    let base = themes_dir(&site.root, site.hugo());
    theme
        .strip_prefix(&base)
        .map(slash_path)
        .unwrap_or_else(|_| {
            theme
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// `[module] imports`: the folders found under `themesDir` or `_vendor`,
/// and a description of each one that is not in the repository.
pub(super) fn module_imports(site: &Site) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let base = themes_dir(&site.root, site.hugo());
    for import in &site.hugo().imports {
        let Some(path) = &import.path else {
            continue;
        };
        let candidates = [resolve(&base, path), site.root.join("_vendor").join(path)];
        match candidates.into_iter().find(|dir| dir.is_dir()) {
            Some(dir) => found.push(dir),
            None => missing.push(format!("Hugo module `{path}`")),
        }
    }
    (found, missing)
}
