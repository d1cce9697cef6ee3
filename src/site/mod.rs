//! Site discovery: which generator, which folders hold content, static files
//! and templates, and the settings of the site config that rules need.

pub mod files;
mod hugo;
mod jekyll;
pub mod memo;
pub mod shortcodes;

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::document::value::{Node, ParseError, parse_json, parse_toml, parse_yaml};
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    Hugo,
    Jekyll,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Hugo => "hugo",
            Flavor::Jekyll => "jekyll",
        }
    }

    pub fn parse(text: &str) -> Option<Flavor> {
        match text.to_ascii_lowercase().as_str() {
            "hugo" => Some(Flavor::Hugo),
            "jekyll" => Some(Flavor::Jekyll),
            _ => None,
        }
    }
}

/// A folder whose files are content, and where they land in the site's
/// content tree (Hugo mounts `content/en` at `content`, for example).
#[derive(Debug, Clone)]
pub struct ContentDir {
    pub path: PathBuf,
    /// The path inside the content tree the folder is mounted at ("" = root).
    pub target: String,
    pub lang: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    /// Absolute path of the folder holding the site config.
    pub root: PathBuf,
    pub flavor: Flavor,
    /// The config files read, in the order they were merged.
    pub config_files: Vec<PathBuf>,
    /// The merged site config.
    pub config: Node,
    pub content: Vec<ContentDir>,
    /// Folders whose files are served at the site root (Hugo `static/` of
    /// the site and its themes; Jekyll: the site root itself).
    pub static_dirs: Vec<PathBuf>,
    /// Hugo `assets/` folders (site, then themes).
    pub asset_dirs: Vec<PathBuf>,
    /// Template roots: the site's `layouts/` (Jekyll: `_layouts`, `_includes`) then each theme's.
    pub layout_dirs: Vec<PathBuf>,
    /// Theme roots, in lookup order.
    pub themes: Vec<PathBuf>,
    /// Themes named by the config whose folder is not in the repository.
    pub missing_themes: Vec<String>,
    pub languages: Vec<String>,
    /// The site's absolute URL, if configured (Hugo `baseURL`, Jekyll `url` + `baseurl`).
    pub base_url: Option<String>,
    /// The path prefix every URL of the site has: "/" or "/blog/".
    pub base_path: String,
    pub time_zone: Option<String>,
    pub build_future: bool,
    pub build_expired: bool,
    pub build_drafts: bool,
    /// Hugo `ignoreFiles`.
    pub ignore_files: Vec<regex::Regex>,
    /// Jekyll `exclude` (defaults included) and `include`.
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    /// Jekyll collection folders relative to the root (`_docs`, or
    /// `collections/_docs` under `collections_dir`), `_posts` and `_drafts` included.
    pub collections: Vec<String>,
    /// Markdown file extensions, without the dot.
    pub markdown_extensions: Vec<String>,
    /// Folder listings read during this run (shared by clones and threads).
    pub listings: files::Listings,
    /// Hugo's shortcode templates, read on first use (`Site::shortcodes`).
    pub shortcode_registry: std::sync::OnceLock<shortcodes::Registry>,
    /// Site-wide tables that rules compute once per run.
    pub memo: memo::Memo,
}

/// The names of site config files, in Hugo's order of preference.
const HUGO_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];
const JEKYLL_CONFIGS: &[&str] = &["_config.yml", "_config.yaml", "_config.toml"];

impl Site {
    /// Finds the site that holds `path`: the nearest ancestor (or `path`
    /// itself, for a folder) that holds a site config.
    pub fn discover(path: &Path) -> Result<Option<Site>, Error> {
        let start = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        for dir in start.ancestors() {
            if let Some(site) = Site::at(dir)? {
                return Ok(Some(site));
            }
        }
        Ok(None)
    }

    /// Reads the site at `dir`, if `dir` holds a site config.
    pub fn at(dir: &Path) -> Result<Option<Site>, Error> {
        if let Some(name) = JEKYLL_CONFIGS.iter().find(|name| dir.join(name).is_file()) {
            let file = dir.join(name);
            let config = read_config(&file)?;
            return Ok(Some(jekyll::site(dir, vec![file], config)));
        }
        let root_file = HUGO_CONFIGS
            .iter()
            .map(|name| dir.join(name))
            .find(|file| file.is_file());
        let config_dir = dir.join("config").join("_default");
        let has_config_dir = config_dir.is_dir();
        if root_file.is_none() && !has_config_dir {
            return Ok(None);
        }
        let mut files = Vec::new();
        let mut config = Node::new(
            crate::document::value::Value::Map(Vec::new()),
            crate::diagnostic::Span::default(),
        );
        if let Some(file) = root_file {
            config = read_config(&file)?;
            files.push(file);
        }
        if has_config_dir {
            hugo::merge_config_dir(&config_dir, &mut config, &mut files)?;
        }
        Ok(Some(hugo::site(dir, files, config)))
    }

    /// A site for files that belong to no site config: the folder itself,
    /// with defaults (Hugo unless told otherwise).
    pub fn bare(dir: &Path, flavor: Flavor) -> Site {
        let empty = Node::new(
            crate::document::value::Value::Map(Vec::new()),
            crate::diagnostic::Span::default(),
        );
        match flavor {
            Flavor::Hugo => hugo::site(dir, Vec::new(), empty),
            Flavor::Jekyll => jekyll::site(dir, Vec::new(), empty),
        }
    }

    /// The shortcodes the site knows (Hugo), built on first use.
    pub fn shortcodes(&self) -> &shortcodes::Registry {
        self.shortcode_registry
            .get_or_init(|| shortcodes::Registry::build(self))
    }

    /// The path of `path` relative to the site root, with `/` separators.
    pub fn relative(&self, path: &Path) -> String {
        slash_path(strip_path_prefix(path, &self.root).unwrap_or(path))
    }

    /// Where `path` sits in the content tree: its content folder's mount
    /// target joined with its path inside that folder. `None` when the file
    /// is not under any content folder.
    /// The most specific content folder wins when folders nest.
    pub fn content_path(&self, path: &Path) -> Option<(String, &ContentDir)> {
        let dir = self.content_dir(path)?;
        std::iter::once(dir).find_map(|dir| {
            let inside = slash_path(strip_path_prefix(path, &dir.path)?);
            let logical = match (dir.target.as_str(), inside.as_str()) {
                ("", inside) => inside.to_string(),
                (target, "") => target.to_string(),
                (target, inside) => format!("{target}/{inside}"),
            };
            Some((logical, dir))
        })
    }

    /// The content folder `path` is in (the most specific one), without
    /// working out its path in the content tree.
    pub fn content_dir(&self, path: &Path) -> Option<&ContentDir> {
        let mut holding = self
            .content
            .iter()
            .filter(|dir| strip_path_prefix(path, &dir.path).is_some());
        let first = holding.next()?;
        // Folders nest rarely: their depths are counted only when they do
        // (the last of the deepest wins, as with `max_by_key`).
        let depth = |dir: &ContentDir| dir.path.components().count();
        Some(holding.fold(
            first,
            |best, dir| {
                if depth(dir) >= depth(best) { dir } else { best }
            },
        ))
    }

    pub fn is_markdown(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| {
                self.markdown_extensions
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(ext))
            })
    }

    /// Whether the generator treats `path` (a Markdown file under the site
    /// root) as content to render.
    pub fn is_content(&self, path: &Path) -> bool {
        match self.flavor {
            Flavor::Hugo => hugo::is_content(self, path),
            Flavor::Jekyll => jekyll::is_content(self, path),
        }
    }

    /// Whether a file that is not linted may still be a page with its own
    /// URL (a Jekyll `.html` page with front matter and a `permalink`).
    pub fn is_other_page(&self, path: &Path) -> bool {
        self.flavor == Flavor::Jekyll
            && path
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| {
                    ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm")
                })
            && jekyll::is_read(self, path)
    }

    /// Whether a whole-site run takes the file in: linted as content, or
    /// listed as a page of its own.
    pub fn is_walked_page(&self, path: &Path) -> bool {
        self.is_content(path) || self.is_other_page(path)
    }

    /// The folders a whole-site run walks.
    pub fn content_roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self.content.iter().map(|dir| dir.path.clone()).collect();
        roots.sort();
        roots.dedup();
        // A folder inside another content folder is walked with it.
        let all = roots.clone();
        roots.retain(|root| {
            !all.iter()
                .any(|other| other != root && root.starts_with(other))
        });
        roots
    }
}

/// Reads and parses a config file by its extension.
pub fn read_config(file: &Path) -> Result<Node, Error> {
    let text = fs::read_to_string(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let parsed = match file.extension().and_then(|ext| ext.to_str()) {
        Some("toml") => parse_toml(&text, 0),
        Some("json") => parse_json(&text, 0),
        _ => parse_yaml(&text, 0),
    };
    parsed.map_err(|err: ParseError| Error::config_syntax(file, &text, err))
}

/// A path with `/` separators, `.` components dropped.
pub fn slash_path(path: &Path) -> String {
    // Walked and joined paths are nearly always written this way already.
    if let Some(text) = path.to_str()
        && is_slash_path(text)
    {
        return text.to_string();
    }
    slash_path_by_components(path)
}

fn slash_path_by_components(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            _ => {}
        }
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&component.as_os_str().to_string_lossy());
    }
    out
}

/// Whether `slash_path` would give `text` back unchanged: no `.` part to
/// drop, no doubled or trailing separator, no backslash (a separator on
/// Windows).
pub(crate) fn is_slash_path(text: &str) -> bool {
    // One pass over the bytes without a branch per byte (measured on the
    // bench site's paths: half the time of a loop that returns at the
    // first oddity, and of `memchr` on strings this short); three
    // `contains` calls would each set up a substring search.
    let bytes = text.as_bytes();
    if bytes.is_empty()
        || text == "."
        || text.starts_with("./")
        || text.ends_with("/.")
        || text.ends_with('/')
    {
        return false;
    }
    // The two bytes before the current one (none yet: zero).
    let (mut before, mut last) = (0u8, 0u8);
    let mut odd = false;
    for &byte in bytes {
        odd |=
            byte == b'\\' || (byte == b'/' && (last == b'/' || (last == b'.' && before == b'/')));
        (before, last) = (last, byte);
    }
    !odd
}

/// `a == b` as `Path` says, answered from the bytes when both are spelled
/// plainly (`is_slash_path`: then equal paths have equal bytes); walking
/// components is what made comparing thousands of pages slow.
pub(crate) fn same_path(a: &Path, b: &Path) -> bool {
    if a.as_os_str() == b.as_os_str() {
        return true;
    }
    match (a.to_str(), b.to_str()) {
        (Some(x), Some(y)) if is_slash_path(x) && is_slash_path(y) => false,
        _ => a == b,
    }
}

/// `path.strip_prefix(prefix)`, answered from the bytes when both are
/// spelled plainly (`is_slash_path`: then their components are their
/// `/`-separated parts); `Path` walks the components of both, on every file.
pub(crate) fn strip_path_prefix<'p>(path: &'p Path, prefix: &Path) -> Option<&'p Path> {
    let (Some(text), Some(start)) = (path.to_str(), prefix.to_str()) else {
        return path.strip_prefix(prefix).ok();
    };
    if !is_slash_path(start) {
        return path.strip_prefix(prefix).ok();
    }
    // `text` is plain when `start` is and what follows it is too, so the
    // part `start` covers is not read again.
    let plain = match text.strip_prefix(start) {
        Some("") => return Some(Path::new("")),
        Some(rest) => match rest.strip_prefix('/') {
            Some(inside) if !inside.starts_with('/') && is_slash_path(inside) => {
                return Some(Path::new(inside));
            }
            Some(_) => false,
            None => is_slash_path(text),
        },
        None => is_slash_path(text),
    };
    if plain {
        None
    } else {
        path.strip_prefix(prefix).ok()
    }
}

/// Joins a config-relative path onto the site root, lexically resolving `..`.
pub fn resolve(root: &Path, relative: &str) -> PathBuf {
    let mut out = root.to_path_buf();
    for component in Path::new(relative).components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => out = PathBuf::from(component.as_os_str()),
            Component::Normal(part) => out.push(part),
        }
    }
    out
}

/// The path component of a URL: `https://x.org/blog/` → `/blog/`.
pub fn url_path(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = match without_scheme.find('/') {
        Some(i) if url.contains("://") => &without_scheme[i..],
        None if url.contains("://") => "/",
        _ => without_scheme,
    };
    let mut path = path.to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("https://example.org/"), "/");
        assert_eq!(url_path("http://0.0.0.0:1313/hugo-book/"), "/hugo-book/");
        assert_eq!(url_path("/blog"), "/blog/");
        assert_eq!(url_path(""), "/");
    }

    #[test]
    fn slash_paths_taken_as_written_read_like_their_components() {
        let parts = ["", ".", "..", "a", "b.md", "/", "./", "//", "/.", "\\", "é"];
        let mut checked = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    let text = format!("{a}{b}{c}");
                    let by_components = slash_path_by_components(Path::new(&text));
                    assert_eq!(slash_path(Path::new(&text)), by_components, "{text:?}");
                    checked += usize::from(is_slash_path(&text));
                }
            }
        }
        // The shortcut was taken (and checked) for a good share of them.
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn the_deepest_content_folder_holding_a_file_wins() {
        let root = PathBuf::from("/site");
        let mut site = Site::bare(&root, Flavor::Hugo);
        let dir = |path: &str, target: &str| ContentDir {
            path: root.join(path),
            target: target.to_string(),
            lang: None,
        };
        site.content = vec![
            dir("content/blog", "blog"),
            dir("content", ""),
            dir("content/blog/", "posts"),
            dir("contents", "other"),
        ];
        let target_of = |site: &Site, file: &str| {
            site.content_dir(&root.join(file))
                .map(|dir| dir.target.clone())
        };
        // Equally deep folders: the last one listed, as `max_by_key` picks.
        assert_eq!(
            target_of(&site, "content/blog/a.md").as_deref(),
            Some("posts")
        );
        assert_eq!(target_of(&site, "content/a.md").as_deref(), Some(""));
        assert_eq!(target_of(&site, "contents/a.md").as_deref(), Some("other"));
        assert_eq!(target_of(&site, "elsewhere/a.md"), None);
        site.content.swap(0, 2);
        assert_eq!(
            target_of(&site, "content/blog/a.md").as_deref(),
            Some("blog")
        );
    }

    #[test]
    fn is_slash_path_answers_like_its_definition() {
        let definition = |text: &str| {
            !text.is_empty()
                && text != "."
                && !text.starts_with("./")
                && !text.ends_with('/')
                && !text.ends_with("/.")
                && !text.contains("//")
                && !text.contains("/./")
                && !text.contains('\\')
        };
        let (two, three) = spellings();
        let mut plain = 0;
        for text in two.iter().chain(&three) {
            assert_eq!(is_slash_path(text), definition(text), "{text:?}");
            plain += usize::from(definition(text));
        }
        assert!(plain > 100, "{plain}");
    }

    /// Spellings of paths in two and in three parts: plain ones, and ones
    /// with every oddity a `Path` reads past (`.`, `..`, doubled and
    /// trailing separators, backslashes, non-ASCII).
    fn spellings() -> (Vec<String>, Vec<String>) {
        let parts = [
            "", ".", "..", "a", "ab", "b.md", "/", "./", "//", "/.", "\\", "é",
        ];
        let two: Vec<String> = parts
            .iter()
            .flat_map(|a| parts.iter().map(move |b| format!("{a}{b}")))
            .collect();
        let three: Vec<String> = two
            .iter()
            .flat_map(|ab| parts.iter().map(move |c| format!("{ab}{c}")))
            .collect();
        (two, three)
    }

    #[test]
    fn same_path_answers_like_path_equality() {
        let (two, three) = spellings();
        let mut equal = 0;
        for a in &two {
            for b in &three {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(same_path(a, b), a == b, "{a:?} {b:?}");
                equal += usize::from(a == b);
            }
        }
        assert!(equal > 100, "{equal}");
    }

    #[test]
    fn strip_path_prefix_answers_like_path() {
        let (two, three) = spellings();
        let mut stripped = 0;
        for short in &two {
            for long in &three {
                for (path, prefix) in [(long, short), (short, long)] {
                    let (path, prefix) = (Path::new(path), Path::new(prefix));
                    let expected = path.strip_prefix(prefix).ok();
                    // The same bytes, not only an equal `Path`.
                    assert_eq!(
                        strip_path_prefix(path, prefix).map(Path::as_os_str),
                        expected.map(Path::as_os_str),
                        "{path:?} {prefix:?}"
                    );
                    stripped += usize::from(expected.is_some());
                }
            }
        }
        assert!(stripped > 1000, "{stripped}");
    }

    #[test]
    fn resolve_handles_parents() {
        assert_eq!(resolve(Path::new("/a/b"), "../c"), PathBuf::from("/a/c"));
        assert_eq!(
            resolve(Path::new("/a/b"), "./content/en"),
            PathBuf::from("/a/b/content/en")
        );
    }
}
