//! A Jekyll site's `_config.yml`, read once into the typed values postlint
//! uses (keys are case-sensitive, as Jekyll reads them).

use crate::value::{Node, Value};

/// Jekyll 4.3's `exclude` defaults (`Configuration::DEFAULTS`), always
/// applied.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// What postlint reads of a Jekyll site config.
#[derive(Debug, Default)]
pub struct Config {
    /// `baseurl` ("" when unset) and `url`.
    pub baseurl: String,
    pub url: Option<String>,
    /// `timezone`.
    pub time_zone: Option<String>,
    /// `future`, `show_drafts`, `unpublished`.
    pub future: bool,
    pub show_drafts: bool,
    pub unpublished: bool,
    /// `exclude` (Jekyll's defaults first) and `include`, compiled once:
    /// every path of the site is matched against them.
    pub exclude: PathPatterns,
    pub include: PathPatterns,
    /// `collections_dir`, without surrounding `/` ("" when unset).
    pub collections_dir: String,
    /// `collections`, as declared (a mapping or a list of labels).
    pub declared_collections: Vec<DeclaredCollection>,
    /// Every collection of documents: the declared ones, `posts` and
    /// `drafts` (both written out).
    pub collections: Vec<Collection>,
    /// `permalink`: a style name or a pattern ("date" when unset).
    pub permalink: String,
    /// `markdown_ext`, split at commas.
    pub markdown_extensions: Vec<String>,
    /// `theme`: a gem, installed outside the repository.
    pub theme: Option<String>,
    /// `remote_theme` (the jekyll-remote-theme plugin): `owner/repo`,
    /// downloaded at build time.
    pub remote_theme: Option<String>,
    /// `page_excerpts`.
    pub page_excerpts: bool,
    /// `excerpt_separator`, as Jekyll reads it (see `separator`).
    pub excerpt_separator: Option<String>,
    /// `defaults`, in order.
    pub defaults: Vec<FrontMatterDefault>,
    /// `liquid.error_mode`.
    pub liquid_error_mode: LiquidErrorMode,
    /// `plugins`: the gems Jekyll requires. (Jekyll 3's `gems` is read by
    /// no one in Jekyll 4.3: `Site#setup` takes `config["plugins"]` only.)
    pub plugins: Vec<String>,
    /// `safe`: Jekyll loads no `plugins_dir` files (`PluginManager#require_plugin_files`).
    pub safe: bool,
    /// `plugins_dir`: the folders whose Ruby files Jekyll loads
    /// (`_plugins` when unset).
    pub plugins_dir: Vec<String>,
    /// `markdown:` and `kramdown:`, as far as they decide header ids.
    pub heading_ids: super::heading_ids::Options,
    /// `destination`: where Jekyll writes the site (`_site` when unset).
    pub destination: Option<String>,
}

/// What Liquid does with an expression its strict parser rejects
/// (`{{ page.title page.date }}`), as `liquid: { error_mode: … }` sets it.
/// Jekyll's `LiquidRenderer` hands the value to `Liquid::Template.error_mode`
/// as a symbol; Liquid 5.4's `ParserSwitching` fails on `:strict`, records a
/// warning (printed as "Liquid Warning") on `:warn`, and falls back to its
/// lax parser silently on anything else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LiquidErrorMode {
    /// Jekyll's default (`Configuration::DEFAULTS`).
    #[default]
    Warn,
    Strict,
    Lax,
}

impl LiquidErrorMode {
    fn parse(config: &Node) -> LiquidErrorMode {
        match config.get("liquid").map(|liquid| liquid.get("error_mode")) {
            // No `liquid` key, or no `error_mode` in it: Jekyll merges its
            // defaults into the site's config key by key.
            None | Some(None) => LiquidErrorMode::Warn,
            Some(Some(mode)) => match mode.as_str() {
                Some("strict") => LiquidErrorMode::Strict,
                Some("warn") => LiquidErrorMode::Warn,
                // `lax` and any other word: Liquid's parser switch falls
                // through to the lax parser. A value that is not a string
                // stops Jekyll itself (`to_sym`), which is not ours to judge.
                Some(_) => LiquidErrorMode::Lax,
                None => LiquidErrorMode::Warn,
            },
        }
    }
}

/// A collection as `collections` declares it.
#[derive(Debug, Clone)]
pub struct DeclaredCollection {
    pub label: String,
    pub output: bool,
    pub permalink: Option<String>,
}

/// A collection and where its documents are.
#[derive(Debug, Clone)]
pub struct Collection {
    pub label: String,
    /// The folder relative to the site root (`_docs`, `my/_docs`).
    pub dir: String,
    pub output: bool,
    pub permalink: Option<String>,
}

/// One entry of `defaults`: the pages it applies to and what it sets.
#[derive(Debug, Clone)]
pub struct FrontMatterDefault {
    /// `scope.path`, without surrounding `/` ("" = every path).
    pub path: String,
    /// `scope.type` (`posts`, `pages`, a collection label).
    pub kind: Option<String>,
    /// `values.layout`.
    pub layout: Option<String>,
    /// `values`.
    pub values: Option<Node>,
}

impl Config {
    pub fn parse(config: &Node) -> Config {
        let strings = |key: &str| -> Vec<String> {
            config
                .get(key)
                .map(|node| node.string_list().into_iter().map(str::to_string).collect())
                .unwrap_or_default()
        };
        let string = |key: &str| config.get(key).and_then(Node::as_str);
        let flag = |key: &str| config.get(key).and_then(Node::as_bool).unwrap_or(false);
        let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
        exclude.extend(strings("exclude"));
        let mut config = Config {
            baseurl: string("baseurl").unwrap_or("").to_string(),
            url: string("url").map(str::to_string),
            time_zone: string("timezone").map(str::to_string),
            future: flag("future"),
            show_drafts: flag("show_drafts"),
            unpublished: flag("unpublished"),
            exclude: PathPatterns::new(&exclude),
            include: PathPatterns::new(&strings("include")),
            collections_dir: string("collections_dir")
                .unwrap_or("")
                .trim_matches('/')
                .to_string(),
            declared_collections: collections(config.get("collections")),
            collections: Vec::new(),
            permalink: string("permalink").unwrap_or("date").to_string(),
            markdown_extensions: string("markdown_ext")
                .unwrap_or("markdown,mkdown,mkdn,mkd,md")
                .split(',')
                .map(|ext| ext.trim().to_string())
                .collect(),
            theme: string("theme").map(str::to_string),
            remote_theme: string("remote_theme").map(str::to_string),
            page_excerpts: flag("page_excerpts"),
            excerpt_separator: config.get("excerpt_separator").and_then(separator),
            defaults: defaults(config.get("defaults")),
            liquid_error_mode: LiquidErrorMode::parse(config),
            plugins: strings("plugins"),
            safe: flag("safe"),
            plugins_dir: match strings("plugins_dir") {
                dirs if dirs.is_empty() => vec!["_plugins".to_string()],
                dirs => dirs,
            },
            heading_ids: super::heading_ids::Options::parse(config),
            destination: string("destination").map(str::to_string),
        };
        config.collections = config.resolved_collections();
        config
    }

    fn resolved_collections(&self) -> Vec<Collection> {
        let mut collections: Vec<Collection> = self
            .declared_collections
            .iter()
            .map(|declared| Collection {
                label: declared.label.clone(),
                dir: self.collection_dir(&declared.label),
                output: declared.output,
                permalink: declared.permalink.clone(),
            })
            .collect();
        for label in ["posts", "drafts"] {
            match collections.iter_mut().find(|c| c.label == label) {
                Some(collection) => collection.output = true,
                None => collections.push(Collection {
                    dir: self.collection_dir(label),
                    output: true,
                    permalink: None,
                    label: label.to_string(),
                }),
            }
        }
        collections
    }

    /// A collection by its label.
    pub fn collection(&self, label: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.label == label)
    }

    /// Jekyll's `style_to_permalink` for the posts collection.
    pub fn post_template(&self) -> String {
        if let Some(permalink) = self.collection("posts").and_then(|c| c.permalink.clone()) {
            return permalink;
        }
        match self.permalink.as_str() {
            "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
            "pretty" => "/:categories/:year/:month/:day/:title/".into(),
            "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
            "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
            "none" => "/:categories/:title:output_ext".into(),
            other => other.into(),
        }
    }

    /// Jekyll's `add_permalink_suffix`.
    pub fn with_suffix(&self, template: &str) -> String {
        match self.permalink.as_str() {
            "pretty" => format!("{template}/"),
            "date" | "ordinal" | "none" | "weekdate" => format!("{template}:output_ext"),
            style if style.ends_with('/') => format!("{template}/"),
            style if style.ends_with(":output_ext") => format!("{template}:output_ext"),
            _ => template.to_string(),
        }
    }

    /// The folder of a collection relative to the site root (`_docs`, or
    /// `my/_docs` under `collections_dir: my`).
    pub fn collection_dir(&self, label: &str) -> String {
        if self.collections_dir.is_empty() {
            format!("_{label}")
        } else {
            format!("{}/_{label}", self.collections_dir)
        }
    }

    /// Whether the site declares `key` as a page field of its own (a
    /// `defaults` entry sets it).
    pub fn declares(&self, key: &str) -> bool {
        self.defaults.iter().any(|default| {
            default
                .values
                .as_ref()
                .is_some_and(|values| values.get(key).is_some())
        })
    }
}

/// An `excerpt_separator` value as Jekyll reads it (`(value ||
/// fallback).to_s`): `null`, `false` and collections fall through to the
/// next source; anything else is its text.
pub fn separator(node: &Node) -> Option<String> {
    match &node.value {
        Value::Null | Value::Bool(false) | Value::Seq(_) | Value::Map(_) => None,
        _ => node.scalar_text(),
    }
}

fn collections(node: Option<&Node>) -> Vec<DeclaredCollection> {
    let Some(node) = node else {
        return Vec::new();
    };
    if node.is_map() {
        node.entries()
            .iter()
            .map(|entry| DeclaredCollection {
                label: entry.key.clone(),
                output: entry
                    .value
                    .get("output")
                    .and_then(Node::as_bool)
                    .unwrap_or(false),
                permalink: entry
                    .value
                    .get("permalink")
                    .and_then(Node::as_str)
                    .map(str::to_string),
            })
            .collect()
    } else {
        node.string_list()
            .into_iter()
            .map(|label| DeclaredCollection {
                label: label.to_string(),
                output: false,
                permalink: None,
            })
            .collect()
    }
}

fn defaults(node: Option<&Node>) -> Vec<FrontMatterDefault> {
    let Some(entries) = node.and_then(Node::as_seq) else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|entry| {
            let scope = entry.get("scope");
            FrontMatterDefault {
                path: scope
                    .and_then(|s| s.get("path"))
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .trim_matches('/')
                    .to_string(),
                kind: scope
                    .and_then(|s| s.get("type"))
                    .and_then(Node::as_str)
                    .map(str::to_string),
                layout: entry
                    .path_ci(&["values", "layout"])
                    .and_then(Node::as_str)
                    .map(str::to_string),
                values: entry.get("values").cloned(),
            }
        })
        .collect()
}

/// Jekyll's `glob_include?` patterns (`exclude`, `include`): a path matches
/// a pattern equal to it, a folder pattern it is under, or a shell glob.
/// Compiled once, so that matching a path costs the same with 2 patterns
/// or 30.
#[derive(Debug, Clone, Default)]
pub struct PathPatterns {
    /// Each pattern without `./`, a leading or a trailing `/`.
    plain: Vec<String>,
    globs: globset::GlobSet,
}

impl PathPatterns {
    pub fn new(patterns: &[String]) -> PathPatterns {
        let mut plain = Vec::new();
        let mut globs = globset::GlobSetBuilder::new();
        for pattern in patterns {
            let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
            plain.push(pattern.trim_end_matches('/').to_string());
            if let Ok(glob) = globset::Glob::new(pattern) {
                globs.add(glob);
            }
        }
        PathPatterns {
            plain,
            globs: globs.build().unwrap_or_default(),
        }
    }

    /// Whether `relative` (site-relative, `/`-separated) matches.
    pub fn matches(&self, relative: &str) -> bool {
        self.plain.iter().any(|folder| {
            relative == folder
                || relative
                    .strip_prefix(folder.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        }) || self.globs.is_match(relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_yaml;

    fn mode(yaml: &str) -> LiquidErrorMode {
        let node = parse_yaml(yaml, 0).expect("test YAML parses");
        Config::parse(&node).liquid_error_mode
    }

    #[test]
    fn liquid_error_mode_as_jekyll_reads_it() {
        assert_eq!(mode("title: x\n"), LiquidErrorMode::Warn);
        assert_eq!(
            mode("liquid:\n  strict_filters: true\n"),
            LiquidErrorMode::Warn
        );
        assert_eq!(mode("liquid:\n  error_mode: null\n"), LiquidErrorMode::Warn);
        assert_eq!(
            mode("liquid: { error_mode: warn }\n"),
            LiquidErrorMode::Warn
        );
        assert_eq!(
            mode("liquid: { error_mode: strict }\n"),
            LiquidErrorMode::Strict
        );
        assert_eq!(mode("liquid: { error_mode: lax }\n"), LiquidErrorMode::Lax);
        // Liquid's parser switch knows `strict` and `warn`; anything else
        // falls through to the lax parser.
        assert_eq!(
            mode("liquid: { error_mode: Strict }\n"),
            LiquidErrorMode::Lax
        );
    }
}
