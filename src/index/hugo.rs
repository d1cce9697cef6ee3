//! Hugo: which page a content file is, the page path `ref` looks up, and the
//! URL Hugo gives it (`url` > `permalinks` > sections and slug or file name).

use std::path::Path;
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher};

use jiff::Timestamp;

use super::facts::{Facts, Render};
use super::text::{DateTime, MONTHS, WEEKDAYS, filename_date, hugo_normalize, hugo_urlize};
use super::{Page, Role};
use crate::document::Node;
use crate::rules::frontmatter::dates::zone;
use crate::site::Site;

/// The site settings that decide page paths and URLs.
#[derive(Debug)]
pub struct Config {
    pub default_lang: String,
    /// Every configured language, lowercased.
    pub languages: Vec<String>,
    pub default_in_subdir: bool,
    pub lower: bool,
    pub ugly: bool,
    /// Taxonomy list pages (`tags`, `categories`), unless disabled.
    pub taxonomies: Vec<String>,
    pub permalinks: Vec<Permalink>,
    /// `[frontmatter] date` keys, lowercased (`:filename` included).
    pub date_keys: Vec<String>,
    pub publish_keys: Vec<String>,
    pub expiry_keys: Vec<String>,
    /// Content folders mounted for several languages, with those languages.
    pub multi_lang_dirs: Vec<(std::path::PathBuf, Vec<String>)>,
    /// `disableAliases`: no redirect pages are written for aliases.
    pub disable_aliases: bool,
    /// What turns a Markdown link destination into an `href`.
    pub link_hook: LinkHook,
    /// `baseName`s of the output formats the site and its themes define
    /// (`llms` for `llms.txt`).
    pub output_base_names: Vec<String>,
    /// The `path`s of those output formats (`_print`): URLs below them are
    /// generated.
    pub output_paths: Vec<String>,
}

#[derive(Debug)]
pub struct Permalink {
    /// `page`, `section`, `term` or `taxonomy`.
    pub kind: String,
    pub glob: GlobMatcher,
    pub pattern: String,
    /// Longer section keys are more specific and are tried first.
    pub specificity: usize,
}

fn lowered(list: Vec<&str>) -> Vec<String> {
    list.into_iter().map(str::to_ascii_lowercase).collect()
}

impl Config {
    pub fn new(site: &Site) -> Config {
        let config = &site.config;
        let default_lang = config
            .get_ci("defaultContentLanguage")
            .and_then(Node::as_str)
            .unwrap_or("en")
            .to_ascii_lowercase();
        let mut languages = lowered(site.languages.iter().map(String::as_str).collect());
        if !languages.contains(&default_lang) {
            languages.push(default_lang.clone());
        }
        let flag = |key: &str| config.get_ci(key).and_then(Node::as_bool).unwrap_or(false);
        let disabled: Vec<String> = config
            .get_ci("disableKinds")
            .map(|node| lowered(node.string_list()))
            .unwrap_or_default();
        let taxonomies = if disabled.iter().any(|k| k == "taxonomy") {
            Vec::new()
        } else {
            taxonomies(site)
        };
        let keys = |name: &str, defaults: &[&str]| -> Vec<String> {
            let configured = config
                .path_ci(&["frontmatter", name])
                .map(|node| lowered(node.string_list()));
            let mut out = Vec::new();
            for key in configured.unwrap_or_else(|| vec![":default".to_string()]) {
                if key == ":default" {
                    out.extend(defaults.iter().map(|d| d.to_string()));
                } else {
                    out.push(key);
                }
            }
            out
        };
        Config {
            default_in_subdir: flag("defaultContentLanguageInSubdir"),
            lower: !flag("disablePathToLower"),
            ugly: flag("uglyURLs"),
            taxonomies,
            permalinks: permalinks(config.get_ci("permalinks")),
            date_keys: keys(
                "date",
                &[
                    "date",
                    "publishdate",
                    "pubdate",
                    "published",
                    "lastmod",
                    "modified",
                ],
            ),
            publish_keys: keys(
                "publishDate",
                &["publishdate", "pubdate", "published", "date"],
            ),
            expiry_keys: keys("expiryDate", &["expirydate", "unpublishdate"]),
            multi_lang_dirs: multi_lang_mounts(site),
            disable_aliases: flag("disableAliases"),
            link_hook: link_hook(site, &languages),
            output_base_names: output_formats(site, "baseName"),
            output_paths: output_formats(site, "path")
                .into_iter()
                .map(|path| path.trim_matches('/').to_string())
                .filter(|path| !path.is_empty())
                .collect(),
            default_lang,
            languages,
        }
    }

    /// The URL prefix of a language (`/de`), empty for the default one.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang.is_empty() || (lang == self.default_lang && !self.default_in_subdir) {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    fn pattern_for(&self, kind: &str, key: &str) -> Option<&str> {
        self.permalinks
            .iter()
            .filter(|p| p.kind == kind && p.glob.is_match(key))
            .max_by_key(|p| p.specificity)
            .map(|p| p.pattern.as_str())
    }
}

/// The site's taxonomies by their plural name, which is also their front
/// matter key (`tags`, `categories` unless configured).
pub fn taxonomies(site: &Site) -> Vec<String> {
    match site.config.get_ci("taxonomies") {
        Some(node) => node
            .entries()
            .iter()
            .filter_map(|entry| entry.value.as_str())
            .map(str::to_string)
            .collect(),
        None if site.flavor == crate::site::Flavor::Hugo => {
            vec!["categories".to_string(), "tags".to_string()]
        }
        None => Vec::new(),
    }
}

/// `[permalinks]` in its three spellings: `section = pattern` (pages and
/// terms), `[permalinks.KIND] section = pattern`, and the list of
/// `{target = {kind, path}, pattern}` of newer Hugo.
fn permalinks(node: Option<&Node>) -> Vec<Permalink> {
    let Some(node) = node else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut add = |kind: &str, glob: &str, pattern: &str, specificity: usize| {
        if let Ok(glob) = GlobBuilder::new(glob).literal_separator(true).build() {
            out.push(Permalink {
                kind: kind.to_string(),
                glob: glob.compile_matcher(),
                pattern: pattern.to_string(),
                specificity,
            });
        }
    };
    if let Some(items) = node.as_seq() {
        for (i, item) in items.iter().enumerate() {
            let Some(pattern) = item.get_ci("pattern").and_then(Node::as_str) else {
                continue;
            };
            let target = item.get_ci("target");
            let kind = target
                .and_then(|t| t.get_ci("kind"))
                .and_then(Node::as_str)
                .unwrap_or("page")
                .to_ascii_lowercase();
            let path = target
                .and_then(|t| t.get_ci("path"))
                .and_then(Node::as_str)
                .unwrap_or("**")
                .to_ascii_lowercase();
            // The list is ordered: the first match wins.
            add(&kind, &path, pattern, usize::MAX - i);
        }
        return out;
    }
    for entry in node.entries() {
        match entry.value.as_str() {
            Some(pattern) => {
                let glob = section_glob(&entry.key);
                add("page", &glob, pattern, entry.key.len());
                add("term", &glob, pattern, entry.key.len());
            }
            None => {
                let kind = entry.key.to_ascii_lowercase();
                for inner in entry.value.entries() {
                    if let Some(pattern) = inner.value.as_str() {
                        add(&kind, &section_glob(&inner.key), pattern, inner.key.len());
                    }
                }
            }
        }
    }
    out
}

/// Hugo's `sectionToPathGlob`.
fn section_glob(section: &str) -> String {
    let section = section.trim_matches([' ', '/']).to_ascii_lowercase();
    if section.is_empty() {
        "/*".to_string()
    } else {
        format!("/{{{section},{section}/**}}")
    }
}

/// What renders Markdown links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkHook {
    /// No render hook: the destination is written as is, and the browser
    /// resolves it against the page's URL.
    Literal,
    /// Hugo's embedded hook (on by default for multilingual sites):
    /// destinations that name a page (`GetPage`) or a resource are
    /// replaced by its URL, the others are written as is.
    Embedded,
    /// A hook of the site or a theme (or a theme that is not in the
    /// repository): it may do anything with a relative destination.
    Custom,
}

/// Hugo 0.168: a hook in `layouts/_markup/` of the site or a theme wins;
/// else `markup.goldmark.renderHooks.link.useEmbedded` (`auto`: only for
/// multilingual sites; the older `enableDefault = true` means always).
fn link_hook(site: &Site, languages: &[String]) -> LinkHook {
    if has_custom_link_hook(site) || !site.missing_themes.is_empty() {
        return LinkHook::Custom;
    }
    let settings = site
        .config
        .path_ci(&["markup", "goldmark", "renderHooks", "link"]);
    let use_embedded = settings
        .and_then(|s| s.get_ci("useEmbedded"))
        .and_then(Node::as_str)
        .map(str::to_ascii_lowercase);
    let enable_default = settings
        .and_then(|s| s.get_ci("enableDefault"))
        .and_then(Node::as_bool);
    match (use_embedded.as_deref(), enable_default) {
        (Some("always" | "fallback"), _) | (None, Some(true)) => LinkHook::Embedded,
        (Some("never"), _) => LinkHook::Literal,
        _ if languages.len() > 1 => LinkHook::Embedded,
        _ => LinkHook::Literal,
    }
}

/// Whether the site or a theme has a link render hook
/// (`layouts/_markup/render-link.html`, or the older `_default/_markup/`).
fn has_custom_link_hook(site: &Site) -> bool {
    site.layout_dirs.iter().any(|dir| {
        ["_markup", "_default/_markup"].iter().any(|sub| {
            std::fs::read_dir(dir.join(sub)).is_ok_and(|entries| {
                entries.filter_map(Result::ok).any(|entry| {
                    entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with("render-link")
                })
            })
        })
    })
}

/// A setting (`baseName`, `path`) of every output format in the site
/// config and the themes' configs.
fn output_formats(site: &Site, key: &str) -> Vec<String> {
    let mut configs = vec![site.config.clone()];
    for theme in &site.themes {
        for name in [
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
        ] {
            let file = theme.join(name);
            if file.is_file()
                && let Ok(config) = crate::site::read_config(&file)
            {
                configs.push(config);
                break;
            }
        }
    }
    configs
        .iter()
        .filter_map(|config| config.get_ci("outputFormats"))
        .flat_map(|formats| formats.entries().to_vec())
        .filter_map(|entry| {
            entry
                .value
                .get_ci(key)
                .and_then(Node::as_str)
                .map(str::to_string)
        })
        .collect()
}

/// Content mounts that serve several languages at once
/// (`sites.matrix.languages: [en, fr]`).
fn multi_lang_mounts(site: &Site) -> Vec<(std::path::PathBuf, Vec<String>)> {
    let Some(items) = site
        .config
        .path_ci(&["module", "mounts"])
        .and_then(Node::as_seq)
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let source = item.get_ci("source")?.as_str()?;
            let target = item.get_ci("target")?.as_str()?;
            if !target.trim_matches('/').starts_with("content") {
                return None;
            }
            let langs = lowered(
                item.path_ci(&["sites", "matrix", "languages"])?
                    .string_list(),
            );
            (langs.len() > 1).then(|| (crate::site::resolve(&site.root, source), langs))
        })
        .collect()
}

/// The page a content file is, from its path alone. `None` when the file is
/// not under a content folder. A file in several languages (a multilingual
/// mount) gives one page per language.
pub fn pages_for(site: &Site, config: &Config, path: &Path) -> Vec<Page> {
    let Some((logical, dir)) = site.content_path(path) else {
        return Vec::new();
    };
    let mount = site
        .content
        .iter()
        .position(|d| std::ptr::eq(d, dir))
        .unwrap_or(0);
    let (dir_path, file) = match logical.rsplit_once('/') {
        Some((dir, file)) => (dir.to_string(), file),
        None => (String::new(), logical.as_str()),
    };
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let (stem, suffix_lang) = match stem.rsplit_once('.') {
        Some((base, lang))
            if config
                .languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(lang)) =>
        {
            (base, Some(lang.to_ascii_lowercase()))
        }
        _ => (stem, None),
    };
    let langs: Vec<String> = match (&dir.lang, suffix_lang) {
        (Some(lang), _) => vec![lang.to_ascii_lowercase()],
        (None, Some(lang)) => vec![lang],
        (None, None) => config
            .multi_lang_dirs
            .iter()
            .find(|(source, _)| path.starts_with(source))
            .map(|(_, langs)| langs.clone())
            .unwrap_or_else(|| vec![config.default_lang.clone()]),
    };
    let role = match stem {
        "index" => Role::Leaf,
        "_index" => Role::Branch,
        _ => Role::Regular,
    };
    let (key, name) = match role {
        Role::Regular if dir_path.is_empty() => (format!("/{stem}"), stem.to_string()),
        Role::Regular => (format!("/{dir_path}/{stem}"), stem.to_string()),
        _ => (
            format!("/{dir_path}"),
            dir_path.rsplit('/').next().unwrap_or_default().to_string(),
        ),
    };
    let key = hugo_normalize(&key);
    let name = hugo_normalize(&name);
    let is_post = role != Role::Branch && {
        let section = logical.split('/').next().unwrap_or_default();
        matches!(section, "posts" | "post" | "blog") && logical.contains('/')
    };
    let file: Arc<Path> = Arc::from(path);
    langs
        .into_iter()
        .map(|lang| Page {
            file: Some(Arc::clone(&file)),
            logical: logical.clone(),
            lang,
            role,
            key: key.clone(),
            name: name.clone(),
            collection: None,
            is_post,
            mount,
        })
        .collect()
}

/// A page Hugo makes without a file: a top-level section, the home page, a
/// taxonomy list.
pub fn virtual_page(key: &str, lang: &str, role: Role) -> Page {
    let logical = key.trim_start_matches('/').to_string();
    Page {
        file: None,
        name: logical.rsplit('/').next().unwrap_or_default().to_string(),
        logical,
        lang: lang.to_string(),
        role,
        key: key.to_string(),
        collection: None,
        is_post: false,
        mount: usize::MAX,
    }
}

/// The file extensions of Hugo's content formats.
pub const CONTENT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "mkd", "mkdn", "html", "htm", "xhtml", "ad", "adoc", "asciidoc",
    "pandoc", "pdc", "rst", "org",
];

/// Splits a `ref` argument the way Hugo's path parser does: the page path
/// (`/posts/x`, normalized) and the base name without identifiers (`x`).
pub fn parse_ref_path(config: &Config, path: &str) -> (String, String) {
    let mut path = path.trim_end_matches('/').to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
    // Hugo's path parser strips a content format extension and a language
    // identifier; other dots are part of the name (`0.9.0`).
    let is_lang = |id: &str| config.languages.iter().any(|l| l.eq_ignore_ascii_case(id));
    let mut stem = file;
    if let Some((base, ext)) = stem.rsplit_once('.')
        && !base.is_empty()
    {
        if is_lang(ext) {
            stem = base;
        } else if CONTENT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
            stem = base;
            if let Some((base, lang)) = stem.rsplit_once('.')
                && is_lang(lang)
            {
                stem = base;
            }
        }
    }
    let key = match stem {
        "index" | "_index" => {
            if dir.is_empty() {
                "/".to_string()
            } else {
                dir.to_string()
            }
        }
        _ => format!("{dir}/{stem}"),
    };
    let name = key.rsplit('/').next().unwrap_or_default().to_string();
    (hugo_normalize(&key), hugo_normalize(&name))
}

/// Whether a page is left out of the build, and why. `cascaded_draft` is
/// what a section above sets with `cascade`; dates without an offset are
/// read in the site's time zone.
pub fn not_built(
    site: &Site,
    config: &Config,
    facts: &Facts,
    cascaded_draft: Option<bool>,
    now: Timestamp,
) -> Option<&'static str> {
    if facts.draft.or(cascaded_draft).unwrap_or(false) && !site.build_drafts {
        return Some("a draft");
    }
    let tz = zone(site.time_zone.as_deref());
    let first = |keys: &[String]| {
        keys.iter()
            .find_map(|key| facts.date(key))
            .and_then(|written| written.instant(&tz))
    };
    if !site.build_future
        && let Some(at) = first(&config.publish_keys)
        && at > now
    {
        return Some("dated in the future");
    }
    if !site.build_expired
        && let Some(at) = first(&config.expiry_keys)
        && at <= now
    {
        return Some("expired");
    }
    None
}

/// What a URL computation needs to know about the page's ancestors.
pub trait Sections {
    /// The `slug` of the section page at `key` in `lang`, if it has one.
    fn section_slug(&self, lang: &str, key: &str) -> Option<String>;
    /// Whether `key` is a section (a top-level folder or one with `_index`).
    fn is_section(&self, lang: &str, key: &str) -> bool;
    /// The title of the section page at `key`.
    fn section_title(&self, lang: &str, key: &str) -> Option<String>;
    /// What the nearest sections above `key` set with `cascade`:
    /// `build.render` and `draft`.
    fn cascaded(&self, lang: &str, key: &str) -> (Option<Render>, Option<bool>);
    /// Appends `folders_url` of `folders` to `out` (the pages of a folder
    /// share it, so an index may remember it).
    fn push_folders_url(&self, lang: &str, folders: &str, out: &mut String);
}

/// The URL path Hugo gives a page (without the `baseURL` path), or `None`
/// when the page is not rendered.
pub fn url(config: &Config, page: &Page, facts: &Facts, sections: &dyn Sections) -> Option<String> {
    if page.role == Role::Resource || facts.headless {
        return None;
    }
    let render = match facts.render {
        Some(render) => render,
        None => sections
            .cascaded(&page.lang, &page.key)
            .0
            .unwrap_or_default(),
    };
    if render == Render::Never {
        return None;
    }
    let prefix = config.lang_prefix(&page.lang);
    if let Some(url) = &facts.url {
        let url = url.text.trim();
        let path = if url.starts_with('/') {
            url.to_string()
        } else {
            format!("{prefix}/{url}")
        };
        return Some(with_trailing_slash(&path));
    }
    if page.role == Role::Taxonomy {
        return Some(format!("{prefix}{}/", page.key));
    }
    if page.key == "/" {
        return Some(format!("{prefix}/"));
    }
    let kind = match page.role {
        Role::Branch => "section",
        _ => "page",
    };
    if let Some(pattern) = config.pattern_for(kind, &page.key) {
        let expanded = expand(config, pattern, page, facts, sections);
        return Some(with_trailing_slash(&super::text::clean_path(&format!(
            "{prefix}/{expanded}"
        ))));
    }
    // Default: the sections' slugs or folder names, then the page's slug or
    // file name.
    let (folders, own_name) = node_path(config, page);
    let mut out = prefix;
    sections.push_folders_url(&page.lang, folders, &mut out);
    out.push('/');
    match &facts.slug {
        Some(slug) => out.push_str(&hugo_urlize(&slug.text, config.lower)),
        None => out.push_str(&path_part(config, own_name)),
    }
    if config.ugly && page.role != Role::Branch {
        out.push_str(".html");
    } else {
        out.push('/');
    }
    Some(out)
}

/// The URL path of `folders` (a `/`-separated path in the content tree):
/// each folder's section `slug`, else its name, as a URL part.
pub fn folders_url(config: &Config, lang: &str, folders: &str, sections: &dyn Sections) -> String {
    let mut out = String::new();
    let mut key = String::new();
    for folder in folders.split('/').filter(|p| !p.is_empty()) {
        key.push('/');
        key.push_str(&hugo_normalize(folder));
        out.push('/');
        match sections.section_slug(lang, &key) {
            Some(slug) => out.push_str(&hugo_urlize(&slug, config.lower)),
            None => out.push_str(&path_part(config, folder)),
        }
    }
    out
}

/// The folders above a page's node, as the start of its logical path, and
/// the node's own name: `posts/sub/x.md` → (`posts/sub`, `x`);
/// `posts/b/index.md` → (`posts`, `b`); a section `docs/_index.md` (or the
/// folder `docs` of a section without one) → (``, `docs`).
fn node_path<'p>(config: &Config, page: &'p Page) -> (&'p str, &'p str) {
    let logical = page.logical.as_str();
    // Each non-empty part with where it starts.
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for part in logical.split('/') {
        if !part.is_empty() {
            parts.push((at, part));
        }
        at += part.len() + 1;
    }
    let folder_parts: &[(usize, &str)] = if page.file.is_some() {
        &parts[..parts.len().saturating_sub(1)]
    } else {
        &parts
    };
    let up_to = |folders: &[(usize, &str)]| {
        folders
            .last()
            .map_or("", |&(start, part)| &logical[..start + part.len()])
    };
    match page.role {
        Role::Regular | Role::Resource => {
            let file = parts.last().map_or("", |&(_, part)| part);
            (up_to(folder_parts), base_name(config, file))
        }
        _ => match folder_parts.split_last() {
            Some((&(_, own), above)) => (up_to(above), own),
            None => ("", ""),
        },
    }
}

/// A folder or file name as a URL part (what `hugo_urlize` makes of it).
fn path_part(config: &Config, part: &str) -> String {
    hugo_urlize(part, config.lower)
}

/// A file name without extension and language identifier.
fn base_name<'a>(config: &Config, file: &'a str) -> &'a str {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    match stem.rsplit_once('.') {
        Some((base, lang))
            if config
                .languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(lang)) =>
        {
            base
        }
        _ => stem,
    }
}

/// `/x` → `/x/`; a last segment with an extension is left alone.
fn with_trailing_slash(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// The page's date for `:year` and friends, by `[frontmatter] date`.
fn page_date(config: &Config, page: &Page, facts: &Facts) -> DateTime {
    for key in &config.date_keys {
        if key == ":filename" {
            let file = page.logical.rsplit('/').next().unwrap_or_default();
            if let Some((date, _)) = filename_date(base_name(config, file)) {
                return date;
            }
        } else if let Some(written) = facts.date(key) {
            // Hugo keeps the date's own offset: the day is the one written.
            return DateTime::from_civil(written.datetime);
        }
    }
    DateTime::zero()
}

/// Expands a permalink pattern (Hugo's `PermalinkExpander`).
fn expand(
    config: &Config,
    pattern: &str,
    page: &Page,
    facts: &Facts,
    sections: &dyn Sections,
) -> String {
    let (_, content_base) = node_path(config, page);
    let filename = match page.role {
        Role::Branch => String::new(),
        _ => hugo_urlize(content_base, config.lower),
    };
    let slug = facts
        .slug
        .as_ref()
        .map(|s| hugo_urlize(&s.text, config.lower));
    let title = hugo_urlize(facts.title_text().unwrap_or_default(), config.lower);
    // The current section: the nearest ancestor folder that is a section.
    let key_parts: Vec<&str> = page.key.split('/').filter(|p| !p.is_empty()).collect();
    let own = match page.role {
        Role::Branch => key_parts.len(),
        _ => key_parts.len().saturating_sub(1),
    };
    let mut section_keys: Vec<String> = Vec::new();
    let mut key = String::new();
    for part in &key_parts[..own] {
        key.push('/');
        key.push_str(part);
        if sections.is_section(&page.lang, &key) {
            section_keys.push(key.clone());
        }
    }
    let sections_path: Vec<String> = section_keys
        .last()
        .map(|k| {
            k.split('/')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let section_slug = |k: &str| {
        sections
            .section_slug(&page.lang, k)
            .or_else(|| sections.section_title(&page.lang, k))
            .map(|s| hugo_urlize(&s, config.lower))
            .unwrap_or_default()
    };
    let date = page_date(config, page, facts);
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(colon) = rest.find(':') {
        out.push_str(&rest[..colon]);
        let after = &rest[colon + 1..];
        let word_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let word = &after[..word_len];
        let mut consumed = word_len;
        let slice = if after[word_len..].starts_with('[') {
            after[word_len..].find(']').map(|end| {
                consumed = word_len + end + 1;
                &after[word_len..word_len + end + 1]
            })
        } else {
            None
        };
        let value = match word {
            "year" => date.year.to_string(),
            "month" => format!("{:02}", date.month),
            "monthname" => MONTHS[(date.month as usize).saturating_sub(1) % 12].to_string(),
            "day" => format!("{:02}", date.day),
            "weekday" => date.weekday().to_string(),
            "weekdayname" => WEEKDAYS[date.weekday() as usize % 7].to_string(),
            "yearday" => date.year_day().to_string(),
            "section" => key_parts.first().copied().unwrap_or_default().to_string(),
            "sectionslug" => section_keys
                .first()
                .map(|k| section_slug(k))
                .unwrap_or_default(),
            "sections" => slice_parts(&sections_path, slice).join("/"),
            "sectionslugs" => {
                let slugs: Vec<String> = section_keys.iter().map(|k| section_slug(k)).collect();
                slice_parts(&slugs, slice).join("/")
            }
            "title" => title.clone(),
            "slug" => slug.clone().unwrap_or_else(|| title.clone()),
            "slugorfilename" => slug.clone().unwrap_or_else(|| filename.clone()),
            "filename" => filename.clone(),
            "contentbasename" => hugo_urlize(content_base, config.lower),
            "slugorcontentbasename" => slug
                .clone()
                .unwrap_or_else(|| hugo_urlize(content_base, config.lower)),
            _ => {
                // Not a token: keep the text as written.
                out.push(':');
                rest = after;
                continue;
            }
        };
        out.push_str(&value);
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

/// `[1:]`, `[last]`, `[0]`, `[:2]` slices of `:sections`.
fn slice_parts(parts: &[String], slice: Option<&str>) -> Vec<String> {
    let Some(spec) = slice else {
        return parts.to_vec();
    };
    let inner = spec.trim_start_matches('[').trim_end_matches(']').trim();
    let index = |text: &str, low: bool| -> Option<usize> {
        match text.trim() {
            "" => Some(if low { 0 } else { parts.len() }),
            "last" => parts.len().checked_sub(1),
            n => n.parse::<usize>().ok().map(|n| n.min(parts.len())),
        }
    };
    match inner.split_once(':') {
        Some((low, high)) => match (index(low, true), index(high, false)) {
            (Some(low), Some(high)) if low <= high => parts[low..high].to_vec(),
            _ => Vec::new(),
        },
        None => index(inner, true)
            .and_then(|i| parts.get(i))
            .map(|p| vec![p.clone()])
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_paths_are_parsed_like_hugo() {
        let site = Site::bare(Path::new("/s"), crate::site::Flavor::Hugo);
        let mut config = Config::new(&site);
        config.languages.push("de".into());
        assert_eq!(
            parse_ref_path(&config, "posts/My Post.md"),
            ("/posts/my-post".into(), "my-post".into())
        );
        assert_eq!(
            parse_ref_path(&config, "/posts/b/index.md"),
            ("/posts/b".into(), "b".into())
        );
        assert_eq!(
            parse_ref_path(&config, "only-en.de"),
            ("/only-en".into(), "only-en".into())
        );
        assert_eq!(
            parse_ref_path(&config, "x.de.md"),
            ("/x".into(), "x".into())
        );
        assert_eq!(
            parse_ref_path(&config, "/_index.md"),
            ("/".into(), "".into())
        );
    }

    #[test]
    fn section_globs() {
        let glob = |s: &str| {
            GlobBuilder::new(&section_glob(s))
                .literal_separator(true)
                .build()
                .unwrap()
                .compile_matcher()
        };
        assert!(glob("posts").is_match("/posts/x"));
        assert!(glob("posts").is_match("/posts/a/b"));
        assert!(!glob("posts").is_match("/postsx/a"));
        assert!(glob("/").is_match("/about"));
        assert!(!glob("/").is_match("/a/b"));
    }

    #[test]
    fn slices() {
        let parts: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(slice_parts(&parts, Some("[1:]")), ["b", "c"]);
        assert_eq!(slice_parts(&parts, Some("[last]")), ["c"]);
        assert_eq!(slice_parts(&parts, Some("[:2]")), ["a", "b"]);
    }
}
