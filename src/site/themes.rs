//! A site's themes, found where its generator finds them: Hugo's themes and
//! modules (`hugo_modules`), a Jekyll gem theme (`gems`). What is found
//! adds its template, static and asset folders to the site's; what is not
//! found is kept with where postlint looked, so that the checks that would
//! have read it say that they could not (SITE003).

use std::fs;
use std::path::{Path, PathBuf};

use super::Site;
use crate::generator::hugo::Config;
use crate::text::paths::resolve;

/// A theme or module in use, in lookup order (an earlier one wins).
#[derive(Debug, Clone)]
pub struct Theme {
    /// As the config names it (`hugo-book`, `github.com/owner/theme`,
    /// `minima`).
    pub name: String,
    pub dir: PathBuf,
    /// What of it is mounted where: each folder with its target
    /// (`layouts`, `layouts/_shortcodes`, `static`, `_layouts`).
    pub mounts: Vec<Mounted>,
}

/// A folder of a theme mounted into the site.
#[derive(Debug, Clone)]
pub struct Mounted {
    pub dir: PathBuf,
    /// Hugo: a component folder or a folder inside one (`layouts`,
    /// `layouts/_shortcodes`); Jekyll: the theme folder's name (`_layouts`).
    pub target: String,
}

impl Theme {
    /// The folders mounted exactly at `component` (`layouts`, `static`).
    pub fn component(&self, component: &str) -> impl Iterator<Item = &Path> + '_ {
        let component = component.to_string();
        self.mounts
            .iter()
            .filter(move |mount| mount.target == component)
            .map(|mount| mount.dir.as_path())
    }
}

/// A theme or module the config names that is not where its generator
/// would take it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingTheme {
    pub name: String,
    /// The theme or module whose config names it; `None`: the site's.
    pub imported_by: Option<String>,
    /// The site's own import it is reached through (its own name when the
    /// site imports it): where a finding about it points.
    pub declared_as: String,
    /// Every place looked in, in order.
    pub looked: Vec<PathBuf>,
    pub fix: ThemeFix,
}

/// How a missing theme is brought into the repository (or onto the
/// machine), which is how its finding says to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeFix {
    /// A Hugo module: `hugo mod get` fills the module cache, `hugo mod
    /// vendor` copies it into `_vendor/`.
    HugoModule,
    /// A theme folder under `themesDir`.
    HugoThemesFolder,
    /// The folder is there but empty: a git submodule not checked out.
    Submodule(PathBuf),
    /// A Jekyll gem theme: `bundle install`.
    Gem,
    /// Jekyll's `remote_theme`, downloaded at build time.
    RemoteTheme,
    /// Found, but its own config does not parse (the error): its imports
    /// and mounts are unknown, and Hugo fails on it too.
    BrokenConfig(String),
}

/// Whether a folder holds nothing (a git submodule that was never checked
/// out is an empty folder).
pub(super) fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// The site's themes folder (`themesDir`, `themes` by default).
pub(super) fn themes_dir(root: &Path, config: &Config) -> PathBuf {
    resolve(root, config.themes_dir.as_deref().unwrap_or("themes"))
}

/// How to look for shortcode templates in a folder.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scan {
    /// A `layouts` folder: its (legacy) shortcodes folders and nested ones.
    Layouts,
    /// A folder that is itself a shortcodes folder.
    Shortcodes,
    /// A folder inside `layouts`: only nested `_shortcodes` count.
    Nested,
}

/// How a folder mounted somewhere inside `layouts/` is scanned for
/// shortcodes, by its target (`layouts/_shortcodes`, `layouts/docs`);
/// `None` for a mount at `layouts` itself or outside it.
pub(super) fn scan_of_target(target: &str) -> Option<Scan> {
    let inside = target.strip_prefix("layouts/")?;
    let last = inside.rsplit('/').next().unwrap_or_default();
    Some(if last == "_shortcodes" || inside == "shortcodes" {
        Scan::Shortcodes
    } else {
        Scan::Nested
    })
}

/// The project's `[[module.mounts]]` into a folder inside `layouts/`
/// (mounts at `layouts` itself are already among the layout folders), then
/// the themes'.
pub(super) fn layout_mounts(site: &Site) -> Vec<(PathBuf, Scan, Option<&str>)> {
    let project = site.hugo().mounts.iter().filter_map(|mount| {
        let scan = scan_of_target(&mount.target)?;
        let dir = resolve(&site.root, &mount.source);
        dir.is_dir().then_some((dir, scan, None))
    });
    let themes = site.themes.iter().flat_map(|theme| {
        theme.mounts.iter().filter_map(|mount| {
            let scan = scan_of_target(&mount.target)?;
            Some((mount.dir.clone(), scan, Some(theme.name.as_str())))
        })
    });
    project.chain(themes).collect()
}

/// The folders in the site's themes folder.
pub(super) fn theme_folders(site: &Site) -> Vec<PathBuf> {
    subfolders(&themes_dir(&site.root, site.hugo()))
}

/// The folders in `dir`, sorted (none when it cannot be read).
pub(super) fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
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
