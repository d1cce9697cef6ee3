//! A Hugo site's configuration, read once from the merged config tree into
//! the typed values postlint uses (keys are case-insensitive, as Hugo reads
//! them). Folders are kept as written: `site` resolves them.

use globset::{GlobBuilder, GlobMatcher};

pub use super::module_config::{ModuleImport, ModuleSettings, Mount};
use super::module_config::{imports, lowered, mounts};
use crate::value::{Entry, Node, Value};

/// What postlint reads of a Hugo site config.
#[derive(Debug, Default)]
pub struct Config {
    /// `baseURL`.
    pub base_url: Option<String>,
    /// `timeZone`.
    pub time_zone: Option<String>,
    /// `buildDrafts`, `buildFuture`, `buildExpired`.
    pub build_drafts: bool,
    pub build_future: bool,
    pub build_expired: bool,
    /// `defaultContentLanguage` as written ("en" when unset).
    pub default_language: String,
    /// The same, lowercased: what page languages are compared with.
    pub default_lang: String,
    /// Every language code, lowercased, the default one included.
    pub language_codes: Vec<String>,
    /// `defaultContentLanguageInSubdir`.
    pub default_in_subdir: bool,
    /// `[languages]`, in the order written.
    pub languages: Vec<Language>,
    /// `contentDir`, `staticDir`, `assetDir`, `layoutDir`, `themesDir`.
    pub content_dir: Option<String>,
    pub static_dirs: Option<Vec<String>>,
    pub asset_dirs: Option<Vec<String>>,
    pub layout_dirs: Option<Vec<String>>,
    pub themes_dir: Option<String>,
    /// `publishDir`: where Hugo writes the site (`public` when unset).
    pub publish_dir: Option<String>,
    /// `theme`: one name or a list.
    pub themes: Vec<String>,
    /// `[[module.mounts]]`.
    pub mounts: Vec<Mount>,
    /// `[[module.imports]]`.
    pub imports: Vec<ModuleImport>,
    pub module_settings: ModuleSettings,
    /// `ignoreFiles`, the patterns that compile.
    pub ignore_files: Vec<regex::Regex>,
    /// Not `disablePathToLower`.
    pub lower_paths: bool,
    /// `uglyURLs`: for every section, or a table of sections.
    pub ugly_urls: UglyUrls,
    /// `disableKinds`, lowercased.
    pub disabled_kinds: Vec<String>,
    /// `[taxonomies]` values (the plural names), when configured.
    pub taxonomies: Option<Vec<String>>,
    /// `[permalinks]`.
    pub permalinks: Vec<Permalink>,
    /// `[frontmatter]`: the keys of each page date, lowercased, as
    /// configured (`:default` and `:filename` included).
    pub dates: FrontMatterDates,
    /// The keys that give a page the date its permalink shows, its publish
    /// date and its expiry date, in order, `:default` expanded.
    pub date_keys: Vec<String>,
    pub publish_keys: Vec<String>,
    pub expiry_keys: Vec<String>,
    /// `disableAliases`.
    pub disable_aliases: bool,
    /// `markup.goldmark.renderHooks.link` and `.image`.
    pub link_hook: RenderHook,
    pub image_hook: RenderHook,
    /// `markup.goldmark.duplicateResourceFiles`.
    pub duplicate_resource_files: bool,
    /// `markup.goldmark.parser` and the typographer: how headings get ids.
    pub heading_ids: super::heading_ids::Options,
    /// `[outputFormats]`.
    pub output_formats: Vec<OutputFormat>,
    /// The keys of `params`, and of `cascade` and `cascade.params`: the
    /// site's own page fields.
    pub params: Vec<String>,
    pub cascade_keys: Vec<String>,
    /// Each language's own configuration (lowercased code): the root's
    /// settings with the language's table laid over them (see
    /// `for_lang`). Empty in a language's own configuration.
    by_lang: Vec<(String, Config)>,
    /// Every language's taxonomies (see `taxonomy_names`), worked out
    /// once: each page's front matter is read with them.
    taxonomy_keys: Vec<String>,
}

/// `uglyURLs`: `true` for the whole site, or a table of top-level sections
/// (`[uglyURLs] books = true`).
#[derive(Debug, Default)]
pub struct UglyUrls {
    pub all: bool,
    /// Section names, lowercased, with their setting.
    pub sections: Vec<(String, bool)>,
}

impl UglyUrls {
    fn read(node: Option<&Node>) -> UglyUrls {
        let Some(node) = node else {
            return UglyUrls::default();
        };
        UglyUrls {
            all: node.as_bool().unwrap_or(false),
            sections: node
                .entries()
                .iter()
                .filter_map(|entry| Some((entry.key.to_lowercase(), entry.value.as_bool()?)))
                .collect(),
        }
    }

    /// Whether the pages of the top-level section `section` get `.html`
    /// URLs.
    pub fn in_section(&self, section: &str) -> bool {
        self.all
            || self
                .sections
                .iter()
                .any(|(name, ugly)| *ugly && name.eq_ignore_ascii_case(section))
    }
}

/// One entry of `[languages]`.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code as written (`en`, `pt-br`).
    pub code: String,
    pub content_dir: Option<String>,
    pub static_dir: Option<String>,
    pub asset_dir: Option<String>,
    pub layout_dir: Option<String>,
    /// `languages.<code>.timeZone`, as written (SITE005 checks it).
    pub time_zone: Option<String>,
    /// `languages.<code>.baseURL`: the language's own host (multihost).
    pub base_url: Option<String>,
}

impl Language {
    /// The language's own folder for a component setting (`contentDir`…).
    pub fn dir(&self, setting: &str) -> Option<&str> {
        match setting {
            "contentDir" => self.content_dir.as_deref(),
            "staticDir" => self.static_dir.as_deref(),
            "assetDir" => self.asset_dir.as_deref(),
            "layoutDir" => self.layout_dir.as_deref(),
            _ => None,
        }
    }
}

/// A permalink pattern and the pages it applies to.
#[derive(Debug, Clone)]
pub struct Permalink {
    /// `page`, `section`, `term` or `taxonomy`.
    pub kind: String,
    pub glob: GlobMatcher,
    pub pattern: String,
    /// Longer section keys are more specific and are tried first.
    pub specificity: usize,
}

/// `[frontmatter]`: which keys set each page date.
#[derive(Debug, Default)]
pub struct FrontMatterDates {
    pub date: Option<Vec<String>>,
    pub lastmod: Option<Vec<String>>,
    pub publish_date: Option<Vec<String>>,
    pub expiry_date: Option<Vec<String>>,
}

/// A render hook's settings (`useEmbedded`, the older `enableDefault`).
#[derive(Debug, Default)]
pub struct RenderHook {
    /// Lowercased.
    pub use_embedded: Option<String>,
    pub enable_default: Option<bool>,
}

/// One output format's settings that decide URLs.
#[derive(Debug, Clone)]
pub struct OutputFormat {
    pub base_name: Option<String>,
    pub path: Option<String>,
}

/// How deep below a top-level key the settings postlint reads lie
/// (`markup.goldmark.renderHooks.link.useEmbedded`, with room to spare).
const READ_DEPTH: usize = 8;

impl Config {
    /// The site's configuration, and each language's: Hugo 0.168 lets a
    /// language's table set any root setting, and a setting it gives
    /// replaces the root's whole (its `markup` table replaces the root's
    /// `markup`, its `permalinks` the root's `permalinks`; checked with
    /// Hugo 0.168).
    pub fn parse(config: &Node) -> Config {
        let mut root = Config::parse_one(config);
        let languages = config.get_ci("languages").map_or(&[][..], Node::entries);
        root.by_lang = languages
            .iter()
            .filter(|language| language.value.is_map())
            .map(|language| {
                let own = language.value.entries();
                let copy = |entry: &Entry| Entry {
                    key: entry.key.clone(),
                    key_span: entry.key_span,
                    value: entry.value.clone_to_depth(READ_DEPTH),
                };
                let mut entries: Vec<Entry> = config
                    .entries()
                    .iter()
                    .filter(|entry| !own.iter().any(|o| o.key.eq_ignore_ascii_case(&entry.key)))
                    .map(copy)
                    .collect();
                entries.extend(own.iter().map(copy));
                let merged = Node::new(Value::Map(entries), config.span);
                (language.key.to_lowercase(), Config::parse_one(&merged))
            })
            .collect();
        root.taxonomy_keys = root.every_taxonomy();
        root
    }

    /// The configuration the pages of `lang` are built with: the
    /// language's own when it has a table, else the site's.
    pub fn for_lang(&self, lang: &str) -> &Config {
        self.by_lang
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(lang))
            .map_or(self, |(_, config)| config)
    }

    /// The site's configuration and every language's.
    fn every_language(&self) -> impl Iterator<Item = &Config> {
        std::iter::once(self).chain(self.by_lang.iter().map(|(_, config)| config))
    }

    fn parse_one(config: &Node) -> Config {
        let string = |key: &str| {
            config
                .get_ci(key)
                .and_then(Node::as_str)
                .map(str::to_string)
        };
        let flag = |key: &str| config.get_ci(key).and_then(Node::as_bool).unwrap_or(false);
        let list = |key: &str| {
            config
                .get_ci(key)
                .map(|node| node.string_list().into_iter().map(str::to_string).collect())
        };
        let keys = |node: Option<&Node>| -> Vec<String> {
            node.map(|node| node.entries().iter().map(|e| e.key.clone()).collect())
                .unwrap_or_default()
        };
        let dates = |name: &str| {
            config
                .path_ci(&["frontmatter", name])
                .map(|node| lowered(node.string_list()))
        };
        let mut cascade_keys = keys(config.get_ci("cascade"));
        cascade_keys.extend(keys(config.path_ci(&["cascade", "params"])));
        // A language's own `params` and `cascade` add to the site's; one
        // list for every page, as for taxonomies.
        let mut params = keys(config.get_ci("params"));
        if let Some(languages) = config.get_ci("languages") {
            for language in languages.entries() {
                params.extend(keys(language.value.get_ci("params")));
                cascade_keys.extend(keys(language.value.get_ci("cascade")));
                cascade_keys.extend(keys(language.value.path_ci(&["cascade", "params"])));
            }
        }
        let default_language = string("defaultContentLanguage").unwrap_or_else(|| "en".into());
        let default_lang = default_language.to_ascii_lowercase();
        let languages = languages(config);
        let mut language_codes = lowered(languages.iter().map(|l| l.code.as_str()).collect());
        if !language_codes.contains(&default_lang) {
            language_codes.push(default_lang.clone());
        }
        let dates = FrontMatterDates {
            date: dates("date"),
            lastmod: dates("lastmod"),
            publish_date: dates("publishDate"),
            expiry_date: dates("expiryDate"),
        };
        Config {
            base_url: string("baseURL"),
            time_zone: string("timeZone"),
            build_drafts: flag("buildDrafts"),
            build_future: flag("buildFuture"),
            build_expired: flag("buildExpired"),
            default_language,
            default_lang,
            language_codes,
            default_in_subdir: flag("defaultContentLanguageInSubdir"),
            languages,
            content_dir: string("contentDir"),
            publish_dir: string("publishDir"),
            static_dirs: list("staticDir"),
            asset_dirs: list("assetDir"),
            layout_dirs: list("layoutDir"),
            themes_dir: string("themesDir"),
            themes: list("theme").unwrap_or_default(),
            mounts: config
                .path_ci(&["module", "mounts"])
                .map(mounts)
                .unwrap_or_default(),
            imports: imports(config.path_ci(&["module", "imports"])),
            module_settings: ModuleSettings {
                replacements: config
                    .path_ci(&["module", "replacements"])
                    .map(|node| node.string_list().into_iter().map(str::to_string).collect())
                    .unwrap_or_default(),
                workspace: config
                    .path_ci(&["module", "workspace"])
                    .and_then(Node::as_str)
                    .map(str::to_string),
                ignore_vendor_paths: string("ignoreVendorPaths"),
                cache_dir: string("cacheDir"),
                modules_cache_dir: config
                    .path_ci(&["caches", "modules", "dir"])
                    .and_then(Node::as_str)
                    .map(str::to_string),
            },
            ignore_files: config
                .get_ci("ignoreFiles")
                .map(|node| {
                    node.string_list()
                        .into_iter()
                        .filter_map(|pattern| regex::Regex::new(pattern).ok())
                        .collect()
                })
                .unwrap_or_default(),
            lower_paths: !flag("disablePathToLower"),
            ugly_urls: UglyUrls::read(config.get_ci("uglyURLs")),
            disabled_kinds: config
                .get_ci("disableKinds")
                .map(|node| lowered(node.string_list()))
                .unwrap_or_default(),
            taxonomies: config.get_ci("taxonomies").map(taxonomy_plurals),
            permalinks: permalinks(config.get_ci("permalinks")),
            date_keys: with_defaults(
                &dates.date,
                &[
                    "date",
                    "publishdate",
                    "pubdate",
                    "published",
                    "lastmod",
                    "modified",
                ],
            ),
            publish_keys: with_defaults(
                &dates.publish_date,
                &["publishdate", "pubdate", "published", "date"],
            ),
            expiry_keys: with_defaults(&dates.expiry_date, &["expirydate", "unpublishdate"]),
            dates,
            disable_aliases: flag("disableAliases"),
            link_hook: render_hook(config, "link"),
            image_hook: render_hook(config, "image"),
            duplicate_resource_files: config
                .path_ci(&["markup", "goldmark", "duplicateResourceFiles"])
                .and_then(Node::as_bool)
                .unwrap_or(false),
            heading_ids: super::heading_ids::Options::parse(config),
            output_formats: output_formats(config),
            params,
            cascade_keys,
            by_lang: Vec::new(),
            taxonomy_keys: Vec::new(),
        }
    }

    /// Whether languages have hosts of their own (a `baseURL` per
    /// language): each language is then a site of its own at its host's
    /// root, and a site-absolute link means a page of the linking page's
    /// language.
    pub fn multihost(&self) -> bool {
        self.languages
            .iter()
            .any(|language| language.base_url.is_some())
    }

    /// The URL prefix of a language (`/de`), empty for the default one and
    /// for every language of a multihost site.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang.is_empty()
            || (lang == self.default_lang && !self.default_in_subdir)
            || self.multihost()
        {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// The time zone dates without an offset are read in on the pages of
    /// `lang`: the language's own `timeZone`, else the site's.
    pub fn time_zone_for(&self, lang: &str) -> Option<&str> {
        self.for_lang(lang).time_zone.as_deref()
    }

    /// The permalink pattern of the most specific entry for a page of
    /// `kind` at the page path `key` in language `lang`: the language's
    /// own `permalinks` when it has them, else the site's (Hugo 0.168 does
    /// not merge them: a section the language's table leaves out gets the
    /// default URL).
    pub fn pattern_for(&self, kind: &str, key: &str, lang: &str) -> Option<&str> {
        self.for_lang(lang)
            .permalinks
            .iter()
            .filter(|p| p.kind == kind && p.glob.is_match(key))
            .max_by_key(|p| p.specificity)
            .map(|p| p.pattern.as_str())
    }

    /// The taxonomies' plural names (their front matter keys): the
    /// configured ones, else Hugo's default `categories` and `tags`, and
    /// each language's own (`languages.fr.taxonomies`), which its pages
    /// use instead. One list for every page: a language's taxonomy is
    /// accepted on the others' pages too, never reported as a misspelling.
    pub fn taxonomy_names(&self) -> &[String] {
        &self.taxonomy_keys
    }

    /// Works out `taxonomy_names`.
    fn every_taxonomy(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for config in self.every_language() {
            for name in config.own_taxonomies() {
                if !names.iter().any(|known| known.eq_ignore_ascii_case(name)) {
                    names.push(name.to_string());
                }
            }
        }
        names
    }

    /// The taxonomies of the pages of `lang`: the language's (else the
    /// site's, else `categories` and `tags`).
    pub fn taxonomies_for(&self, lang: &str) -> Vec<String> {
        self.for_lang(lang)
            .own_taxonomies()
            .map(str::to_string)
            .collect()
    }

    /// Whether the pages of `lang` of a kind (`page`, `section`,
    /// `taxonomy`, `term`, `home`) are built: not when the language's
    /// `disableKinds` names it. Hugo 0.168 turns each off alone:
    /// `taxonomy` drops `/tags/` but keeps `/tags/x/`.
    pub fn builds_kind(&self, lang: &str, kind: &str) -> bool {
        !self
            .for_lang(lang)
            .disabled_kinds
            .iter()
            .any(|disabled| disabled == kind)
    }

    /// This configuration's taxonomies, else Hugo's defaults.
    fn own_taxonomies(&self) -> impl Iterator<Item = &str> {
        let defaults: &[&str] = match self.taxonomies {
            Some(_) => &[],
            None => &["categories", "tags"],
        };
        self.taxonomies
            .iter()
            .flatten()
            .map(String::as_str)
            .chain(defaults.iter().copied())
    }

    /// Whether the site declares `key` as a page field of its own
    /// (`params`, `cascade`, `cascade.params`).
    pub fn declares(&self, key: &str) -> bool {
        self.params
            .iter()
            .chain(&self.cascade_keys)
            .any(|declared| declared.eq_ignore_ascii_case(key))
    }
}

/// A date key list as configured, `:default` replaced by `defaults`.
fn with_defaults(configured: &Option<Vec<String>>, defaults: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for key in configured
        .clone()
        .unwrap_or_else(|| vec![":default".to_string()])
    {
        if key == ":default" {
            out.extend(defaults.iter().map(|d| d.to_string()));
        } else {
            out.push(key);
        }
    }
    out
}

/// A `taxonomies` table's plural names (its values).
fn taxonomy_plurals(node: &Node) -> Vec<String> {
    node.entries()
        .iter()
        .filter_map(|entry| entry.value.as_str())
        .map(str::to_string)
        .collect()
}

fn languages(config: &Node) -> Vec<Language> {
    let Some(languages) = config.get_ci("languages") else {
        return Vec::new();
    };
    languages
        .entries()
        .iter()
        .map(|entry| {
            let dir = |key: &str| {
                entry
                    .value
                    .get_ci(key)
                    .and_then(Node::as_str)
                    .map(str::to_string)
            };
            Language {
                code: entry.key.clone(),
                content_dir: dir("contentDir"),
                static_dir: dir("staticDir"),
                asset_dir: dir("assetDir"),
                layout_dir: dir("layoutDir"),
                time_zone: dir("timeZone"),
                base_url: dir("baseURL"),
            }
        })
        .collect()
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

fn render_hook(config: &Node, kind: &str) -> RenderHook {
    let settings = config.path_ci(&["markup", "goldmark", "renderHooks", kind]);
    RenderHook {
        use_embedded: settings
            .and_then(|s| s.get_ci("useEmbedded"))
            .and_then(Node::as_str)
            .map(str::to_ascii_lowercase),
        enable_default: settings
            .and_then(|s| s.get_ci("enableDefault"))
            .and_then(Node::as_bool),
    }
}

/// `[outputFormats]`: each format's `baseName` and `path`.
pub fn output_formats(config: &Node) -> Vec<OutputFormat> {
    let Some(formats) = config.get_ci("outputFormats") else {
        return Vec::new();
    };
    formats
        .entries()
        .iter()
        .map(|entry| {
            let setting = |key: &str| {
                entry
                    .value
                    .get_ci(key)
                    .and_then(Node::as_str)
                    .map(str::to_string)
            };
            OutputFormat {
                base_name: setting("baseName"),
                path: setting("path"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_toml;

    fn config(toml: &str) -> Config {
        Config::parse(&parse_toml(toml, 0).expect("valid TOML"))
    }

    #[test]
    fn a_language_table_replaces_the_root_settings_it_names() {
        let config = config(
            "buildDrafts = false\nuglyURLs = true\n\
             [markup.goldmark.renderHooks.link]\nuseEmbedded = 'always'\n\
             [languages.en]\nweight = 1\n\
             [languages.fr]\nweight = 2\nbuildDrafts = true\n\
             [languages.fr.markup.goldmark.parser]\nautoHeadingIDType = 'github-ascii'\n",
        );
        assert!(!config.build_drafts && config.for_lang("fr").build_drafts);
        assert!(!config.for_lang("en").build_drafts);
        // The language's `markup` replaces the root's whole.
        assert_eq!(
            config.for_lang("en").link_hook.use_embedded.as_deref(),
            Some("always")
        );
        assert_eq!(config.for_lang("fr").link_hook.use_embedded, None);
        assert!(config.for_lang("FR").ugly_urls.all);
        assert_eq!(config.for_lang("de").build_drafts, config.build_drafts);
    }

    #[test]
    fn ugly_urls_are_set_for_the_site_or_per_section() {
        let by_section = config("[uglyURLs]\nnotes = true\nposts = false\n");
        assert!(by_section.ugly_urls.in_section("notes"));
        assert!(by_section.ugly_urls.in_section("Notes"));
        assert!(!by_section.ugly_urls.in_section("posts"));
        assert!(!by_section.ugly_urls.in_section(""));
        let all = config("uglyURLs = true\n");
        assert!(all.ugly_urls.in_section("posts") && all.ugly_urls.in_section(""));
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
}
