//! The shortcodes a Hugo site knows: templates under `layouts/_shortcodes/`
//! (and legacy `layouts/shortcodes/`, and `_shortcodes` folders nested
//! under `layouts/`) of the site and of each theme, then Hugo's embedded
//! ones. Built once per site, on first use; a template is read only when a
//! check asks whether it evaluates `.Inner`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Site;
use super::themes::{Scan, ThemeFix, layout_mounts, theme_folders, themes_dir};
use crate::generator::hugo::shortcodes::{EMBEDDED, Embedded};
use crate::text::html_ids::{AttributeId, attribute_ids};
use crate::text::paths::slash_path;
use crate::text::{FastMap, has_atx_heading};

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

/// A known shortcode.
#[derive(Debug, Clone)]
pub struct Entry {
    /// As the template is named (`blocks/cover`, `siteGetPage`).
    pub name: String,
    pub origin: Origin,
    /// The template files of the winning origin (all variants).
    pub templates: Vec<PathBuf>,
    inner: OnceLock<Inner>,
    /// What the templates show of the ids a call adds (`may_add_ids`).
    ids: OnceLock<(bool, bool)>,
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

    /// Whether a call may give the page ids postlint cannot know: its
    /// template makes an id with a template call (`id="{{ … }}"`), renders
    /// content from elsewhere (a page's `.Content` or `.RenderShortcodes`,
    /// `readFile`, `.RenderString`), cannot be read, or, called with
    /// `{{% %}}` (its output is Markdown of the page), writes a Markdown
    /// heading. Hugo's own shortcodes add no id.
    pub fn may_add_ids(&self, markdown_call: bool) -> bool {
        if matches!(self.origin, Origin::Embedded(_)) {
            return false;
        }
        let (unknowable, headings) = *self.ids.get_or_init(|| {
            let mut unknowable = false;
            let mut headings = false;
            for template in &self.templates {
                let Ok(text) = fs::read_to_string(template) else {
                    unknowable = true;
                    continue;
                };
                unknowable |= attribute_ids(&text).any(|id| id == AttributeId::Templated)
                    || [".RenderShortcodes", ".Content", "readFile", "RenderString"]
                        .iter()
                        .any(|call| text.contains(call));
                headings |= has_atx_heading(&text);
            }
            (unknowable, headings)
        });
        unknowable || (markdown_call && headings)
    }

    /// The file to name in messages (site-relative when possible).
    pub fn template(&self) -> Option<&Path> {
        self.templates.first().map(PathBuf::as_path)
    }
}

/// The folders shortcode templates are read from, each with whose they
/// are and how it is scanned: the layout folders, a themes folder's themes
/// when the config names none, and the mounts into layouts.
fn template_sources(site: &Site) -> Vec<(PathBuf, Origin, Scan)> {
    let mut roots: Vec<(PathBuf, Origin)> = Vec::new();
    for dir in &site.layout_dirs {
        let origin = site
            .themes
            .iter()
            .find(|theme| theme.component("layouts").any(|mounted| mounted == dir))
            .map_or(Origin::Site, |theme| Origin::Theme(theme.name.clone()));
        roots.push((dir.clone(), origin));
    }
    if site.themes.is_empty() && site.missing_themes.is_empty() {
        // A theme given on the command line (`hugo --theme x`): whatever
        // sits in the themes folder may be used.
        let base = themes_dir(&site.root, site.hugo());
        for theme in theme_folders(site) {
            let layouts = theme.join("layouts");
            if layouts.is_dir() {
                let name = theme
                    .strip_prefix(&base)
                    .map(slash_path)
                    .unwrap_or_default();
                roots.push((layouts, Origin::Theme(name)));
            }
        }
    }
    let mut sources: Vec<(PathBuf, Origin, Scan)> = roots
        .into_iter()
        .map(|(root, origin)| (root, origin, Scan::Layouts))
        .collect();
    sources.extend(layout_mounts(site).into_iter().map(|(dir, scan, theme)| {
        let origin = theme.map_or(Origin::Site, |name| Origin::Theme(name.to_string()));
        (dir, origin, scan)
    }));
    sources
}

/// Every folder shortcode templates are read from (the cache's key holds
/// their files).
pub fn template_folders(site: &Site) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = template_sources(site)
        .into_iter()
        .map(|(root, _, _)| root)
        .collect();
    if site.themes.is_empty() && site.missing_themes.is_empty() {
        // A theme's layouts made later are read too.
        folders.extend(
            theme_folders(site)
                .into_iter()
                .map(|theme| theme.join("layouts")),
        );
    }
    folders
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
    entries: FastMap<String, Entry>,
    /// Template sources the registry cannot see (themes or modules named
    /// by the config but not in the repository), for messages.
    pub missing: Vec<String>,
}

impl Registry {
    /// Reads the site's and its themes' shortcode folders (names only).
    pub fn build(site: &Site) -> Registry {
        let mut registry = Registry {
            entries: FastMap::default(),
            missing: site
                .missing_themes
                .iter()
                .map(|missing| match missing.fix {
                    ThemeFix::HugoModule => format!("Hugo module `{}`", missing.name),
                    _ => format!("theme `{}`", missing.name),
                })
                .collect(),
        };
        for (root, origin, scan) in template_sources(site) {
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
            let mut local: FastMap<String, Entry> = FastMap::default();
            for (name, path) in found {
                local
                    .entry(name.to_lowercase())
                    .or_insert_with(|| Entry {
                        name: name.clone(),
                        origin: origin.clone(),
                        templates: Vec::new(),
                        inner: OnceLock::new(),
                        ids: OnceLock::new(),
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
                    ids: OnceLock::new(),
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
        // A link is what it points to; one to nothing still names a
        // template. A FIFO (or socket, or device) is none: reading it would
        // wait for a writer.
        let kind = match file_type.is_symlink() {
            true => fs::metadata(&path).ok().map(|meta| meta.file_type()),
            false => Some(file_type),
        };
        if kind.is_some_and(|kind| kind.is_dir()) {
            collect_templates(&path, &format!("{prefix}{file_name}/"), out);
        } else if kind.is_none_or(|kind| kind.is_file()) {
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
