//! The shortcodes a Hugo site knows: templates under `layouts/_shortcodes/`
//! (and legacy `layouts/shortcodes/`, and `_shortcodes` folders nested
//! under `layouts/`) of the site and of each theme, then Hugo's embedded
//! ones. Built once per site, on first use; a template is read only when a
//! check asks whether it evaluates `.Inner`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Site;
use crate::config::HugoVersion;

/// Whether a shortcode's template evaluates `.Inner` or `.InnerDeindent`,
/// which decides whether a call must be closed (Hugo: "must be closed or
/// self-closed") or must not be ("does not evaluate .Inner or
/// .InnerDeindent, yet a closing tag was provided").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inner {
    Yes,
    No,
    /// The template could not be read, or its variants disagree (Hugo then
    /// goes by whichever it lists first): no check relies on it.
    Unknown,
}

/// Where a shortcode's template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Site,
    /// A theme (or theme component), by its folder name.
    Theme(String),
    /// Built into Hugo.
    Embedded(&'static Embedded),
}

/// A shortcode built into Hugo, with the versions that changed it.
#[derive(Debug, PartialEq, Eq)]
pub struct Embedded {
    pub name: &'static str,
    pub inner: bool,
    /// The Hugo version that deprecated it (it still works, with a warning).
    pub deprecated: Option<HugoVersion>,
    /// The Hugo version that removed it (calling it fails the build).
    pub removed: Option<HugoVersion>,
    /// What to use instead.
    pub instead: &'static str,
    /// What Hugo says when it is called (removed: an error; deprecated: a warning).
    pub message: &'static str,
}

const fn v(minor: u32) -> Option<HugoVersion> {
    Some(HugoVersion { minor, patch: 0 })
}

/// Hugo's embedded shortcodes (`tpl/tplimpl/embedded/templates/_shortcodes`),
/// checked against Hugo 0.168: each name resolves, and a closing tag is
/// accepted exactly for those marked `inner`.
pub static EMBEDDED: &[Embedded] = &[
    Embedded {
        name: "comment",
        inner: true,
        deprecated: v(143),
        removed: None,
        message: "The \"comment\" shortcode was deprecated in v0.143.0 and will be removed in a future release. Please use HTML comments instead.",
        instead: "use an HTML comment (`<!-- … -->`) instead",
    },
    Embedded {
        name: "details",
        inner: true,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "figure",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "gist",
        inner: false,
        deprecated: v(143),
        removed: v(156),
        message: "The \"gist\" shortcode was deprecated in v0.143.0 and removed in v0.156.0.",
        instead: "embed the gist's `<script src=\"https://gist.github.com/USER/ID.js\"></script>` in a shortcode of your own (`layouts/_shortcodes/gist.html`)",
    },
    Embedded {
        name: "highlight",
        inner: true,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "instagram",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "instagram_simple",
        inner: false,
        deprecated: None,
        removed: v(123),
        message: "The \"instagram_simple\" shortcode was removed in v0.123.0. Use the \"instagram\" shortcode instead.",
        instead: "use the `instagram` shortcode instead",
    },
    Embedded {
        name: "param",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "qr",
        inner: true,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "ref",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "relref",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "tweet",
        inner: false,
        deprecated: v(142),
        removed: v(156),
        message: "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead.",
        instead: "use the `x` shortcode instead (same `user` and `id` parameters)",
    },
    Embedded {
        name: "twitter",
        inner: false,
        deprecated: v(142),
        removed: v(156),
        message: "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead.",
        instead: "use the `x` shortcode instead (same `user` and `id` parameters)",
    },
    Embedded {
        name: "twitter_simple",
        inner: false,
        deprecated: v(142),
        removed: v(156),
        message: "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead.",
        instead: "use the `x_simple` shortcode instead (same `user` and `id` parameters)",
    },
    Embedded {
        name: "vimeo",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "vimeo_simple",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "x",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "x_simple",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "youtube",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
];

/// A known shortcode.
#[derive(Debug, Clone)]
pub struct Entry {
    /// As the template is named (`blocks/cover`, `siteGetPage`).
    pub name: String,
    pub origin: Origin,
    /// The template files of the winning origin (all variants).
    pub templates: Vec<PathBuf>,
    inner: OnceLock<Inner>,
}

impl Entry {
    /// Whether the template evaluates `.Inner` (read on first use).
    pub fn inner(&self) -> Inner {
        *self.inner.get_or_init(|| match &self.origin {
            Origin::Embedded(embedded) => {
                if embedded.inner {
                    Inner::Yes
                } else {
                    Inner::No
                }
            }
            _ => templates_inner(&self.templates),
        })
    }

    /// The file to name in messages (site-relative when possible).
    pub fn template(&self) -> Option<&Path> {
        self.templates.first().map(PathBuf::as_path)
    }
}

fn templates_inner(templates: &[PathBuf]) -> Inner {
    let mut seen: Option<bool> = None;
    for template in templates {
        let Ok(text) = fs::read_to_string(template) else {
            return Inner::Unknown;
        };
        let uses = template_uses_inner(&text);
        match seen {
            Some(previous) if previous != uses => return Inner::Unknown,
            _ => seen = Some(uses),
        }
    }
    match seen {
        Some(true) => Inner::Yes,
        Some(false) => Inner::No,
        None => Inner::Unknown,
    }
}

/// The shortcode templates of one site.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// By lower-cased name: Hugo finds templates regardless of case.
    entries: HashMap<String, Entry>,
    /// Template sources the registry cannot see (themes or modules named
    /// by the config but not in the repository), for messages.
    pub missing: Vec<String>,
}

impl Registry {
    /// Reads the site's and its themes' shortcode folders (names only).
    pub fn build(site: &Site) -> Registry {
        let mut registry = Registry {
            entries: HashMap::new(),
            missing: site
                .missing_themes
                .iter()
                .map(|theme| format!("theme `{theme}`"))
                .collect(),
        };
        let mut roots: Vec<(PathBuf, Origin)> = Vec::new();
        for dir in &site.layout_dirs {
            let origin = site
                .themes
                .iter()
                .find(|theme| dir.starts_with(theme))
                .map_or(Origin::Site, |theme| Origin::Theme(theme_name(site, theme)));
            roots.push((dir.clone(), origin));
        }
        let (imported, missing_modules) = module_imports(site);
        for dir in imported {
            let layouts = dir.join("layouts");
            if layouts.is_dir() && !roots.iter().any(|(root, _)| *root == layouts) {
                let name = theme_name(site, &dir);
                roots.push((layouts, Origin::Theme(name)));
            }
        }
        let no_theme_named =
            site.themes.is_empty() && site.missing_themes.is_empty() && imported_count(site) == 0;
        registry.missing.extend(missing_modules);
        if no_theme_named {
            // A theme given on the command line (`hugo --theme x`) or in
            // `HUGO_THEME`: whatever sits in the themes folder may be used.
            for theme in theme_folders(site) {
                let layouts = theme.join("layouts");
                if layouts.is_dir() {
                    let name = theme_name(site, &theme);
                    roots.push((layouts, Origin::Theme(name)));
                }
            }
        }
        let mut sources: Vec<(PathBuf, Origin, Scan)> = roots
            .into_iter()
            .map(|(root, origin)| (root, origin, Scan::Layouts))
            .collect();
        sources.extend(
            layout_mounts(site)
                .into_iter()
                .map(|(dir, scan)| (dir, Origin::Site, scan)),
        );
        for (root, origin, scan) in sources {
            let mut found: Vec<(String, PathBuf)> = Vec::new();
            match scan {
                Scan::Layouts => {
                    for name in ["_shortcodes", "shortcodes"] {
                        collect_templates(&root.join(name), "", &mut found);
                    }
                    find_nested(&root, 0, &mut found);
                }
                Scan::Shortcodes => collect_templates(&root, "", &mut found),
                Scan::Nested => find_nested(&root, 1, &mut found),
            }
            // Within one origin every variant counts; an earlier origin wins.
            let mut local: HashMap<String, Entry> = HashMap::new();
            for (name, path) in found {
                local
                    .entry(name.to_lowercase())
                    .or_insert_with(|| Entry {
                        name: name.clone(),
                        origin: origin.clone(),
                        templates: Vec::new(),
                        inner: OnceLock::new(),
                    })
                    .templates
                    .push(path);
            }
            for (key, mut entry) in local {
                entry.templates.sort();
                entry.templates.dedup();
                registry.entries.entry(key).or_insert(entry);
            }
        }
        for embedded in EMBEDDED {
            registry
                .entries
                .entry(embedded.name.to_string())
                .or_insert_with(|| Entry {
                    name: embedded.name.to_string(),
                    origin: Origin::Embedded(embedded),
                    templates: Vec::new(),
                    inner: OnceLock::new(),
                });
        }
        registry
    }

    /// The shortcode a call names, looked up as Hugo does (ignoring case).
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(&name.to_lowercase())
    }

    /// Every known name, for did-you-mean.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.values().map(|entry| entry.name.as_str())
    }
}

/// How to look for templates in a folder.
#[derive(Debug, Clone, Copy)]
enum Scan {
    /// A `layouts` folder: its (legacy) shortcodes folders and nested ones.
    Layouts,
    /// A folder that is itself a shortcodes folder.
    Shortcodes,
    /// A folder inside `layouts`: only nested `_shortcodes` count.
    Nested,
}

/// `[[module.mounts]]` that mount a folder somewhere inside `layouts/`
/// (mounts at `layouts` itself are already among the layout folders).
fn layout_mounts(site: &Site) -> Vec<(PathBuf, Scan)> {
    let Some(mounts) = site
        .config
        .path_ci(&["module", "mounts"])
        .and_then(|node| node.as_seq())
    else {
        return Vec::new();
    };
    mounts
        .iter()
        .filter_map(|mount| {
            let source = mount.get_ci("source")?.as_str()?;
            let target = mount.get_ci("target")?.as_str()?.trim_matches('/');
            let inside = target.strip_prefix("layouts/")?;
            let last = inside.rsplit('/').next().unwrap_or_default();
            let scan = if last == "_shortcodes" || inside == "shortcodes" {
                Scan::Shortcodes
            } else {
                Scan::Nested
            };
            let dir = super::resolve(&site.root, source);
            dir.is_dir().then_some((dir, scan))
        })
        .collect()
}

fn imported_count(site: &Site) -> usize {
    site.config
        .path_ci(&["module", "imports"])
        .and_then(|node| node.as_seq())
        .map_or(0, |imports| imports.len())
}

/// The folders in the site's themes folder.
fn theme_folders(site: &Site) -> Vec<PathBuf> {
    let themes_dir = site
        .config
        .get_ci("themesDir")
        .and_then(|node| node.as_str())
        .unwrap_or("themes");
    let Ok(entries) = fs::read_dir(super::resolve(&site.root, themes_dir)) else {
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

fn theme_name(site: &Site, theme: &Path) -> String {
    let themes_dir = site
        .config
        .get_ci("themesDir")
        .and_then(|node| node.as_str())
        .unwrap_or("themes");
    let base = super::resolve(&site.root, themes_dir);
    theme
        .strip_prefix(&base)
        .map(super::slash_path)
        .unwrap_or_else(|_| {
            theme
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// `[module] imports`: the folders found under `themesDir` or `_vendor`,
/// and a description of each one that is not in the repository.
fn module_imports(site: &Site) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let Some(imports) = site
        .config
        .path_ci(&["module", "imports"])
        .and_then(|node| node.as_seq())
    else {
        return (found, missing);
    };
    let themes_dir = site
        .config
        .get_ci("themesDir")
        .and_then(|node| node.as_str())
        .unwrap_or("themes");
    for import in imports {
        let Some(path) = import.get_ci("path").and_then(|node| node.as_str()) else {
            continue;
        };
        let candidates = [
            super::resolve(&super::resolve(&site.root, themes_dir), path),
            site.root.join("_vendor").join(path),
        ];
        match candidates.into_iter().find(|dir| dir.is_dir()) {
            Some(dir) => found.push(dir),
            None => missing.push(format!("Hugo module `{path}`")),
        }
    }
    (found, missing)
}

/// Collects the templates under a shortcodes folder: `blocks/cover.html`
/// names `blocks/cover`; `x.en.html`, `x.html.html`, `x.rss.xml` and
/// `x.md` all name `x`.
fn collect_templates(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && path.is_dir());
        if is_dir {
            collect_templates(&path, &format!("{prefix}{file_name}/"), out);
        } else {
            let stem = file_name.split('.').next().unwrap_or_default();
            if !stem.is_empty() {
                out.push((format!("{prefix}{stem}"), path));
            }
        }
    }
}

/// `_shortcodes` folders below the top level of `layouts/` (Hugo ≥ 0.146
/// scopes them to a section; they are counted as known everywhere).
fn find_nested(dir: &Path, depth: usize, out: &mut Vec<(String, PathBuf)>) {
    if depth > 6 {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || (depth == 0 && (name == "_shortcodes" || name == "shortcodes"))
        {
            continue;
        }
        let path = entry.path();
        if name == "_shortcodes" {
            collect_templates(&path, "", out);
        } else {
            find_nested(&path, depth + 1, out);
        }
    }
}

/// Whether a Go template evaluates `.Inner` or `.InnerDeindent`, the way
/// Hugo decides it (`tpl/tplimpl`: a field or variable node in an action
/// whose identifiers include `Inner` or `InnerDeindent`). Comments and
/// string literals do not count.
pub fn template_uses_inner(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(found) = memchr::memmem::find(&bytes[pos..], b"{{") {
        let mut p = pos + found + 2;
        if bytes.get(p) == Some(&b'-') && bytes.get(p + 1).is_some_and(u8::is_ascii_whitespace) {
            p += 1;
        }
        while bytes.get(p).is_some_and(u8::is_ascii_whitespace) {
            p += 1;
        }
        if bytes[p.min(bytes.len())..].starts_with(b"/*") {
            let Some(end) = memchr::memmem::find(&bytes[p + 2..], b"*/") else {
                return false;
            };
            pos = p + 2 + end + 2;
            continue;
        }
        // Scan the action up to `}}`, skipping string and char literals.
        let mut q = p;
        loop {
            let Some(&b) = bytes.get(q) else {
                return false;
            };
            match b {
                b'}' if bytes.get(q + 1) == Some(&b'}') => {
                    q += 2;
                    break;
                }
                b'"' | b'\'' => {
                    q += 1;
                    while let Some(&c) = bytes.get(q) {
                        if c == b'\\' {
                            q += 2;
                            continue;
                        }
                        q += 1;
                        if c == b || c == b'\n' {
                            break;
                        }
                    }
                }
                b'`' => {
                    q += 1 + memchr::memchr(b'`', &bytes[(q + 1).min(bytes.len())..])
                        .map_or(bytes.len(), |i| i + 1);
                }
                b'.' => {
                    let rest = &bytes[q + 1..];
                    let word_len = rest
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count();
                    let word = &rest[..word_len];
                    let chained = q > 0 && bytes[q - 1] == b')';
                    if !chained && (word == b"Inner" || word == b"InnerDeindent") {
                        return true;
                    }
                    q += 1 + word_len;
                }
                _ => q += 1,
            }
        }
        pos = q.min(bytes.len());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_is_found_in_actions_only() {
        assert!(template_uses_inner("<div>{{ .Inner }}</div>"));
        assert!(template_uses_inner("{{- .InnerDeindent | markdownify -}}"));
        assert!(template_uses_inner("{{ with $.Inner }}{{ . }}{{ end }}"));
        assert!(template_uses_inner(
            "{{ $x := .Get 0 }}{{ partial \"p\" (dict \"i\" .Inner) }}"
        ));
        assert!(!template_uses_inner(
            "{{/* .Inner would go here */}}{{ .Get 0 }}"
        ));
        assert!(!template_uses_inner("{{- /* .Inner */ -}}{{ .Get \"a\" }}"));
        assert!(!template_uses_inner(
            "{{ print \".Inner\" }} .Inner in text"
        ));
        assert!(!template_uses_inner("{{ .Inners }}{{ .Page.Title }}"));
        assert!(!template_uses_inner("{{ (.Get 0).Inner }}"));
        assert!(!template_uses_inner("{{ .Get 0 }} {{"));
    }
}
