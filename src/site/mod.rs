//! Site discovery: where a site's config is, which generator builds it,
//! which folders hold its content, static files, templates, themes and
//! modules. Built on the generator's typed config (`generator`); the
//! folders are read here, lazily and once per run.

pub mod anchors;
pub mod files;
mod gems;
mod hugo;
pub mod hugo_modules;
mod jekyll;
pub mod layouts;
pub mod memo;
pub mod plugins;
pub mod reads;
pub mod shortcodes;
pub mod templates;
pub mod themes;
pub mod walk;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::error::Error;
use crate::generator::fields::Known;
use crate::generator::heading_ids::IdRules;
use crate::generator::{Build, Flavor, Markup, hugo as hugo_config, jekyll as jekyll_config};
use crate::text::paths::{slash_path, strip_path_prefix};
use crate::value::{Node, ParseError, parse_json, parse_toml, parse_yaml};

pub use hugo::Extras as HugoExtras;

/// A folder whose files are content, and where they land in the site's
/// content tree (Hugo mounts `content/en` at `content`, for example).
#[derive(Debug, Clone)]
pub struct ContentDir {
    pub path: PathBuf,
    /// The path inside the content tree the folder is mounted at ("" = root).
    pub target: String,
    pub lang: Option<String>,
}

/// The site config as its generator reads it.
#[derive(Debug)]
pub enum Generator {
    Hugo(Box<hugo_config::Config>),
    Jekyll(Box<jekyll_config::Config>),
}

#[derive(Debug)]
pub struct Site {
    /// Absolute path of the folder holding the site config.
    pub root: PathBuf,
    pub flavor: Flavor,
    /// The config files read, in the order they were merged.
    pub config_files: Vec<PathBuf>,
    /// The merged config tree, kept to be read as another generator's
    /// config when `[site] flavor` says so.
    config: Node,
    /// The config, read as `flavor`'s.
    pub generator: Generator,
    pub content: Vec<ContentDir>,
    /// Folders whose files are served at the site root (Hugo `static/` of
    /// the site and its themes; Jekyll: the site root itself).
    pub static_dirs: Vec<PathBuf>,
    /// Hugo `assets/` folders (site, then themes).
    pub asset_dirs: Vec<PathBuf>,
    /// Template roots: the site's `layouts/` (Jekyll: `_layouts`, `_includes`) then each theme's.
    pub layout_dirs: Vec<PathBuf>,
    /// The themes and modules in use (Hugo) or the gem theme (Jekyll), in
    /// lookup order.
    pub themes: Vec<themes::Theme>,
    /// Themes and modules the config names that are nowhere to be found:
    /// the checks that need their templates are weakened, and SITE003 says so.
    pub missing_themes: Vec<themes::MissingTheme>,
    /// The language codes as written (Hugo), or none (Jekyll).
    pub languages: Vec<String>,
    /// The site's absolute URL, if configured (Hugo `baseURL`, Jekyll `url` + `baseurl`).
    pub base_url: Option<String>,
    /// The path prefix every URL of the site has: "/" or "/blog/".
    pub base_path: String,
    pub build: Build,
    /// Jekyll collection folders relative to the root (`_docs`, or
    /// `collections/_docs` under `collections_dir`), `_posts` and `_drafts` included.
    pub collections: Vec<String>,
    /// Markdown file extensions, without the dot.
    pub markdown_extensions: Vec<String>,
    /// Folder listings read during this run (shared by clones and threads).
    pub listings: files::Listings,
    /// Hugo's shortcode templates, read on first use (`Site::shortcodes`).
    shortcode_registry: OnceLock<shortcodes::Registry>,
    /// What a Hugo site's folders add to its config, read on first use.
    hugo_extras: OnceLock<hugo::Extras>,
    /// The Liquid tags a Jekyll site's plugins add, read on first use.
    plugin_tags: OnceLock<plugins::PluginTags>,
    /// Whether `postlint.toml` declares the plugins' tags (`[liquid]
    /// tags`): then no plugin leaves LQ005 guessing, and SITE004 is quiet.
    pub liquid_tags_declared: bool,
    /// Site-wide tables that rules compute once per run.
    pub memo: memo::Memo,
}

/// The names of site config files, in Hugo's order of preference.
pub const HUGO_CONFIGS: &[&str] = &[
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

/// Hugo's config read from an empty tree: what a Jekyll site answers when
/// asked for Hugo's settings.
static NO_HUGO: std::sync::LazyLock<hugo_config::Config> =
    std::sync::LazyLock::new(|| hugo_config::Config::parse(&Node::default()));
static NO_JEKYLL: std::sync::LazyLock<jekyll_config::Config> =
    std::sync::LazyLock::new(|| jekyll_config::Config::parse(&Node::default()));

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
        let mut config = Node::default();
        if let Some(file) = root_file {
            config = read_config(&file)?;
            files.push(file);
        }
        if has_config_dir {
            hugo::merge_config_dir(&config_dir, &mut config, &mut files)?;
        }
        // `hugo` builds for the `production` environment unless told
        // otherwise; its folder overrides the defaults.
        let environment = std::env::var("HUGO_ENVIRONMENT")
            .ok()
            .filter(|env| !env.is_empty() && !env.contains(['/', '\\']))
            .unwrap_or_else(|| "production".to_string());
        let environment_dir = dir.join("config").join(environment);
        if environment_dir.is_dir() {
            hugo::merge_config_dir(&environment_dir, &mut config, &mut files)?;
        }
        Ok(Some(hugo::site(dir, files, config)))
    }

    /// A site for files that belong to no site config: the folder itself,
    /// with defaults (Hugo unless told otherwise).
    pub fn bare(dir: &Path, flavor: Flavor) -> Site {
        match flavor {
            Flavor::Hugo => hugo::site(dir, Vec::new(), Node::default()),
            Flavor::Jekyll => jekyll::site(dir, Vec::new(), Node::default()),
        }
    }

    /// The site as `flavor` builds it (`[site] flavor`): its folders are
    /// that generator's defaults, its config read as that generator's.
    pub fn with_flavor(self, flavor: Flavor) -> Site {
        if flavor == self.flavor {
            return self;
        }
        let mut rebuilt = Site::bare(&self.root, flavor);
        rebuilt.generator = match flavor {
            Flavor::Hugo => Generator::Hugo(Box::new(hugo_config::Config::parse(&self.config))),
            Flavor::Jekyll => {
                Generator::Jekyll(Box::new(jekyll_config::Config::parse(&self.config)))
            }
        };
        rebuilt.config_files = self.config_files;
        rebuilt.config = self.config;
        rebuilt
    }

    /// The Hugo config (Hugo's defaults for a Jekyll site).
    pub fn hugo(&self) -> &hugo_config::Config {
        match &self.generator {
            Generator::Hugo(config) => config,
            Generator::Jekyll(_) => &NO_HUGO,
        }
    }

    /// The folder the generator writes the site into: Hugo's `publishDir`
    /// (`public`), Jekyll's `destination` (`_site`); `None` when it would
    /// hold what the site is made of (the site's folder, a content, static,
    /// asset or layout folder): then nothing there is output alone.
    pub fn output_dir(&self) -> Option<PathBuf> {
        let configured = match self.flavor {
            Flavor::Hugo => self.hugo().publish_dir.as_deref().unwrap_or("public"),
            Flavor::Jekyll => self.jekyll().destination.as_deref().unwrap_or("_site"),
        };
        let dir = crate::text::paths::resolve(&self.root, configured);
        let holds_sources = std::iter::once(&self.root)
            .chain(self.content.iter().map(|content| &content.path))
            .chain(&self.static_dirs)
            .chain(&self.asset_dirs)
            .chain(&self.layout_dirs)
            .any(|source| source.starts_with(&dir));
        (!holds_sources).then_some(dir)
    }

    /// The Jekyll config (Jekyll's defaults for a Hugo site).
    pub fn jekyll(&self) -> &jekyll_config::Config {
        match &self.generator {
            Generator::Jekyll(config) => config,
            Generator::Hugo(_) => &NO_JEKYLL,
        }
    }

    /// The rules that give the headings of a page of `lang` their ids
    /// (a Hugo language's table may set its own `markup`).
    pub fn heading_id_rules(&self, lang: Option<&str>) -> IdRules<'_> {
        match &self.generator {
            Generator::Hugo(config) => IdRules::Hugo(
                &config
                    .for_lang(lang.unwrap_or(&config.default_lang))
                    .heading_ids,
            ),
            Generator::Jekyll(config) => IdRules::Jekyll(&config.heading_ids),
        }
    }

    /// The site's own address as the pages of `lang` are published at it:
    /// on a multihost Hugo site, the language's `baseURL`.
    pub fn own_base_url(&self, lang: Option<&str>) -> Option<&str> {
        match self.flavor {
            Flavor::Hugo => {
                let hugo = self.hugo();
                hugo.for_lang(lang.unwrap_or(&hugo.default_lang))
                    .base_url
                    .as_deref()
            }
            Flavor::Jekyll => self.base_url.as_deref(),
        }
    }

    /// What a Hugo site's folders add to its config, read on first use.
    pub fn hugo_extras(&self) -> &hugo::Extras {
        self.hugo_extras.get_or_init(|| hugo::Extras::read(self))
    }

    /// The front matter fields the site knows, built once per run.
    pub fn known_fields(&self) -> Arc<Known> {
        self.memo.get_or_init(|| match self.flavor {
            Flavor::Hugo => crate::generator::hugo::fields::known(self.hugo()),
            Flavor::Jekyll => crate::generator::jekyll::fields::known(),
        })
    }

    /// Whether the site declares `key` as a page field of its own: Hugo's
    /// site `params` (themes read many page params with a site-wide
    /// fallback) and `cascade`; Jekyll's `defaults` values. Such a key is
    /// the site's own field, never a typo.
    pub fn declares(&self, key: &str) -> bool {
        match self.flavor {
            Flavor::Hugo => self.hugo().declares(key),
            Flavor::Jekyll => self.jekyll().declares(key),
        }
    }

    /// The Liquid tags the site's plugins add (Jekyll), read on first use.
    pub fn plugin_tags(&self) -> &plugins::PluginTags {
        self.plugin_tags
            .get_or_init(|| plugins::PluginTags::read(self))
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

    /// How the generator reads the body of the content file at `path`.
    pub fn markup(&self, path: &Path) -> Markup {
        if self.is_markdown(path) {
            Markup::Markdown
        } else {
            Markup::Html
        }
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

    /// Whether `is_walked_page` reads the file's text to decide (a Jekyll
    /// `.xml`, `.json` or `.txt` file is a page only with front matter).
    pub fn page_by_its_text(&self, path: &Path) -> bool {
        self.flavor == Flavor::Jekyll && jekyll::page_by_its_text(self, path)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_output_folder_is_never_the_sites_own() {
        let root = PathBuf::from("/site");
        let hugo = |publish_dir: Option<&str>| {
            let mut site = Site::bare(&root, Flavor::Hugo);
            site.static_dirs = vec![root.join("static")];
            let mut config = hugo_config::Config::parse(&Node::default());
            config.publish_dir = publish_dir.map(str::to_string);
            site.generator = Generator::Hugo(config.into());
            site.output_dir()
        };
        assert_eq!(hugo(None), Some(root.join("public")));
        assert_eq!(hugo(Some("docs")), Some(root.join("docs")));
        assert_eq!(hugo(Some(".")), None);
        assert_eq!(hugo(Some("/")), None);
        assert_eq!(hugo(Some("static/")), None);
        let jekyll = |destination: Option<&str>| {
            let mut site = Site::bare(&root, Flavor::Jekyll);
            let mut config = jekyll_config::Config::parse(&Node::default());
            config.destination = destination.map(str::to_string);
            site.generator = Generator::Jekyll(config.into());
            site.output_dir()
        };
        assert_eq!(jekyll(None), Some(root.join("_site")));
        assert_eq!(jekyll(Some("out")), Some(root.join("out")));
        assert_eq!(jekyll(Some("..")), None);
    }
}
