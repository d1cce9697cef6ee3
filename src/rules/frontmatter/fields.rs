//! What each generator knows about front matter: its predefined fields and
//! the shape each one takes, the keys that name dates, and the keys a Hugo
//! version deprecated or removed.
//!
//! Sources: hugoDocs `content-management/front-matter.md` and Hugo's
//! `pagemeta` (fields, date aliases, `[frontmatter]` config); Jekyll 4.3's
//! `document.rb`, `utils.rb` and `publisher.rb`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Arc, LazyLock, RwLock};

use regex::Regex;

use crate::config::HugoVersion;
use crate::document::{Entry, Node, Value};
use crate::index::FastMap;
use crate::site::{Flavor, Site};

/// The shape a field's value takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text; numbers and booleans are read as their text.
    Text,
    Bool,
    Int,
    Date,
    /// A list of strings; a single string is accepted too.
    List,
    /// Taxonomy terms (Hugo) or Jekyll's `categories`/`tags`: a list, or a
    /// single string.
    Terms,
    Map,
    /// `cascade`: a mapping or a list of mappings.
    MapOrMaps,
    /// `menu`/`menus`: a menu name, a list of names, or a mapping.
    Menus,
    /// `resources`: a list of mappings.
    Maps,
    /// Anything (`postlint`, handled elsewhere).
    Any,
}

impl Kind {
    /// How the expected shape is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Bool => "a boolean (`true` or `false`)",
            Kind::Int => "an integer",
            Kind::Date => "a date",
            Kind::List => "a list of strings",
            Kind::Terms => "a list of terms",
            Kind::Map => "a mapping",
            Kind::MapOrMaps => "a mapping or a list of mappings",
            Kind::Menus => "a menu name, a list of menu names or a mapping",
            Kind::Maps => "a list of mappings",
            Kind::Any => "any value",
        }
    }
}

/// A predefined field: its canonical spelling and its shape.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

/// Hugo's predefined front matter fields (hugoDocs "Front matter", Hugo
/// 0.168), date aliases included. Taxonomies come from the site config.
pub const HUGO_FIELDS: &[Field] = &[
    field("aliases", Kind::List),
    field("build", Kind::Map),
    field("cascade", Kind::MapOrMaps),
    field("date", Kind::Date),
    field("description", Kind::Text),
    field("draft", Kind::Bool),
    field("expiryDate", Kind::Date),
    field("headless", Kind::Bool),
    field("images", Kind::List),
    field("isCJKLanguage", Kind::Bool),
    field("keywords", Kind::List),
    field("lastmod", Kind::Date),
    field("layout", Kind::Text),
    field("linkTitle", Kind::Text),
    field("markup", Kind::Text),
    field("menu", Kind::Menus),
    field("menus", Kind::Menus),
    field("modified", Kind::Date),
    field("outputs", Kind::List),
    field("params", Kind::Map),
    field("postlint", Kind::Any),
    field("pubdate", Kind::Date),
    field("publishDate", Kind::Date),
    field("published", Kind::Date),
    field("resources", Kind::Maps),
    field("sitemap", Kind::Map),
    field("sites", Kind::Map),
    field("slug", Kind::Text),
    field("summary", Kind::Text),
    field("title", Kind::Text),
    field("translationKey", Kind::Text),
    field("type", Kind::Text),
    field("unpublishdate", Kind::Date),
    field("url", Kind::Text),
    field("weight", Kind::Int),
];

/// Jekyll's front matter fields (Jekyll 4.3 core: documents, posts, pages).
pub const JEKYLL_FIELDS: &[Field] = &[
    field("categories", Kind::Terms),
    field("category", Kind::Text),
    field("date", Kind::Date),
    field("excerpt", Kind::Text),
    field("excerpt_separator", Kind::Text),
    field("layout", Kind::Text),
    field("permalink", Kind::Text),
    field("postlint", Kind::Any),
    field("published", Kind::Bool),
    field("render_with_liquid", Kind::Bool),
    field("slug", Kind::Text),
    field("tag", Kind::Text),
    field("tags", Kind::Terms),
    field("title", Kind::Text),
];

/// Hugo's date fields by the page date they set, in the default order of
/// precedence (`[frontmatter]` in the site config may change it).
pub const HUGO_PUBLISH_DATE_KEYS: &[&str] = &["publishdate", "pubdate", "published", "date"];
pub const HUGO_EXPIRY_DATE_KEYS: &[&str] = &["expirydate", "unpublishdate"];

/// A field one site knows.
#[derive(Debug, Clone)]
pub struct KnownField {
    pub name: Cow<'static, str>,
    pub kind: Kind,
}

impl From<&Field> for KnownField {
    fn from(field: &Field) -> KnownField {
        KnownField {
            name: Cow::Borrowed(field.name),
            kind: field.kind,
        }
    }
}

/// The fields of one flavor that one site knows: the predefined ones, the
/// site's taxonomies, and (Hugo) custom date keys from `[frontmatter]`.
pub struct Known {
    pub flavor: Flavor,
    pub fields: Vec<KnownField>,
    /// Lower-cased (Hugo) keys Hugo parses as dates.
    pub date_keys: Vec<String>,
    /// Hugo's publish date and expiry date keys, in order of precedence.
    pub publish_keys: Vec<String>,
    pub expiry_keys: Vec<String>,
    /// Each field's name as near misses are compared with it (Hugo:
    /// lower-cased), in the order of `fields`; computed once per site.
    pub compared_names: Vec<String>,
    /// The first field of each compared name: a key is looked up in every
    /// file.
    by_name: FastMap<String, usize>,
    /// The near miss worked out for a key (the field it most likely
    /// misspells): a site's unknown keys recur in most of its files.
    near_misses: RwLock<FastMap<String, Option<usize>>>,
}

/// At most this many keys' near misses are remembered per site.
const NEAR_MISSES_KEPT: usize = 4096;

/// Field names as they are compared: Hugo's keys ignore case.
fn compared_names(flavor: Flavor, fields: &[KnownField]) -> Vec<String> {
    fields
        .iter()
        .map(|field| match flavor {
            Flavor::Hugo => field.name.to_ascii_lowercase(),
            Flavor::Jekyll => field.name.to_string(),
        })
        .collect()
}

impl Known {
    /// The site's table, built once per run.
    pub fn for_site(site: &Site) -> Arc<Known> {
        site.memo.get_or_init(|| match site.flavor {
            Flavor::Hugo => hugo(site),
            Flavor::Jekyll => {
                let fields: Vec<KnownField> = JEKYLL_FIELDS.iter().map(KnownField::from).collect();
                Known::new(
                    Flavor::Jekyll,
                    fields,
                    vec!["date".to_string()],
                    vec!["date".to_string()],
                    Vec::new(),
                )
            }
        })
    }

    fn new(
        flavor: Flavor,
        fields: Vec<KnownField>,
        date_keys: Vec<String>,
        publish_keys: Vec<String>,
        expiry_keys: Vec<String>,
    ) -> Known {
        let compared_names = compared_names(flavor, &fields);
        let mut by_name = FastMap::default();
        for (index, name) in compared_names.iter().enumerate() {
            by_name.entry(name.clone()).or_insert(index);
        }
        Known {
            flavor,
            fields,
            date_keys,
            publish_keys,
            expiry_keys,
            compared_names,
            by_name,
            near_misses: RwLock::default(),
        }
    }

    /// The predefined field `key` names (Hugo: ignoring case).
    pub fn get(&self, key: &str) -> Option<&KnownField> {
        let index = match self.flavor {
            Flavor::Hugo if key.bytes().any(|b| b.is_ascii_uppercase()) => {
                self.by_name.get(key.to_ascii_lowercase().as_str())
            }
            _ => self.by_name.get(key),
        };
        index.map(|&index| &self.fields[index])
    }

    /// The near miss of `key` (the index of a field), worked out by
    /// `work_out` the first time a key is asked about.
    pub fn near_miss(&self, key: &str, work_out: impl FnOnce() -> Option<usize>) -> Option<usize> {
        if let Ok(known) = self.near_misses.read()
            && let Some(&near) = known.get(key)
        {
            return near;
        }
        let near = work_out();
        if let Ok(mut known) = self.near_misses.write()
            && known.len() < NEAR_MISSES_KEPT
        {
            known.insert(key.to_string(), near);
        }
        near
    }

    pub fn same_key(&self, a: &str, b: &str) -> bool {
        match self.flavor {
            Flavor::Hugo => a.eq_ignore_ascii_case(b),
            Flavor::Jekyll => a == b,
        }
    }

    pub fn is_date_key(&self, key: &str) -> bool {
        self.date_keys.iter().any(|k| self.same_key(k, key))
    }
}

fn hugo(site: &Site) -> Known {
    let mut fields: Vec<KnownField> = HUGO_FIELDS.iter().map(KnownField::from).collect();
    for taxonomy in hugo_taxonomies(&site.config) {
        match fields
            .iter_mut()
            .find(|f| f.name.eq_ignore_ascii_case(taxonomy))
        {
            // `keywords` may be a taxonomy too; it stays a list either way.
            Some(existing) if existing.kind == Kind::List => existing.kind = Kind::Terms,
            Some(_) => {}
            None => fields.push(KnownField {
                name: Cow::Owned(taxonomy.to_string()),
                kind: Kind::Terms,
            }),
        }
    }
    let config = site.config.get_ci("frontmatter");
    let chain = |name: &str, defaults: &[&str]| -> Vec<String> {
        let configured = config.and_then(|c| c.get_ci(name)).map(|n| {
            n.string_list()
                .into_iter()
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        });
        let mut keys = Vec::new();
        for key in configured.unwrap_or_else(|| vec![":default".to_string()]) {
            if key == ":default" {
                keys.extend(defaults.iter().map(|k| k.to_string()));
            } else if !key.starts_with(':') {
                keys.push(key);
            }
        }
        // Hugo adds each field's aliases after it.
        let mut expanded = Vec::new();
        for key in keys {
            let aliases: &[&str] = match key.as_str() {
                "lastmod" => &["modified"],
                "publishdate" => &["pubdate", "published"],
                "expirydate" => &["unpublishdate"],
                _ => &[],
            };
            for k in std::iter::once(key.as_str()).chain(aliases.iter().copied()) {
                if !expanded.iter().any(|e: &String| e == k) {
                    expanded.push(k.to_string());
                }
            }
        }
        expanded
    };
    let date = chain("date", &["date", "publishdate", "lastmod"]);
    let lastmod = chain("lastmod", &["lastmod", "date", "publishdate"]);
    let publish_keys = chain("publishDate", &["publishdate", "date"]);
    let expiry_keys = chain("expiryDate", &["expirydate"]);
    let mut date_keys: Vec<String> = Vec::new();
    for key in date
        .iter()
        .chain(&lastmod)
        .chain(&publish_keys)
        .chain(&expiry_keys)
    {
        if !date_keys.contains(key) {
            date_keys.push(key.clone());
        }
        if fields.iter().all(|f| !f.name.eq_ignore_ascii_case(key)) {
            fields.push(KnownField {
                name: Cow::Owned(key.clone()),
                kind: Kind::Date,
            });
        }
    }
    Known::new(Flavor::Hugo, fields, date_keys, publish_keys, expiry_keys)
}

/// The plural names of the site's taxonomies: `[taxonomies]` values, or
/// Hugo's default `tags` and `categories` when the config has none.
pub fn hugo_taxonomies(config: &Node) -> Vec<&str> {
    match config.get_ci("taxonomies") {
        Some(node) => node
            .entries()
            .iter()
            .filter_map(|entry| entry.value.as_str())
            .collect(),
        None => vec!["tags", "categories"],
    }
}

/// Keys the site itself declares for pages: Hugo's site `params` (themes
/// read many page params with a site-wide fallback) and `cascade`; Jekyll's
/// `defaults` values. Such a key is the site's own field, never a typo.
pub fn site_declared(site: &Site, key: &str) -> bool {
    let config = &site.config;
    match site.flavor {
        Flavor::Hugo => {
            let in_map = |node: Option<&Node>| node.is_some_and(|n| n.get_ci(key).is_some());
            in_map(config.get_ci("params"))
                || in_map(config.path_ci(&["cascade", "params"]))
                || in_map(config.get_ci("cascade"))
        }
        Flavor::Jekyll => config
            .get("defaults")
            .and_then(Node::as_seq)
            .is_some_and(|scopes| {
                scopes
                    .iter()
                    .any(|scope| scope.get("values").is_some_and(|v| v.get(key).is_some()))
            }),
    }
}

/// Page params the site's templates read: Hugo `.Params.x`, `.Param "x"`,
/// `index .Params "x"` (lower-cased, as Hugo stores them); Jekyll `page.x`.
/// A key a template reads is the site's own field, never a typo. Read once
/// per site, and only when a near miss needs it.
pub fn template_params(site: &Site) -> Arc<TemplateParams> {
    site.memo
        .get_or_init(|| TemplateParams(read_template_params(site)))
}

/// The page params a site's templates read (see `template_params`).
#[derive(Debug, Default)]
pub struct TemplateParams(HashSet<String>);

impl TemplateParams {
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

fn read_template_params(site: &Site) -> HashSet<String> {
    static HUGO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\.Params\.([A-Za-z0-9_]+)|\.Param\s+"([^"]+)"|index\s+\.Params\s+"([^"]+)""#)
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    static JEKYLL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bpage\.([A-Za-z0-9_]+)")
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    let pattern = match site.flavor {
        Flavor::Hugo => &*HUGO,
        Flavor::Jekyll => &*JEKYLL,
    };
    let mut params = HashSet::new();
    for dir in &site.layout_dirs {
        for entry in ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .follow_links(false)
            .build()
            .flatten()
        {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for caps in pattern.captures_iter(&text) {
                if let Some(m) = caps.iter().skip(1).flatten().next() {
                    params.insert(match site.flavor {
                        Flavor::Hugo => m.as_str().to_ascii_lowercase(),
                        Flavor::Jekyll => m.as_str().to_string(),
                    });
                }
            }
        }
    }
    params
}

/// Where a deprecated key may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A page's front matter, and each `cascade` mapping (whose keys are
    /// front matter for the descendants).
    FrontMatter,
    /// Only inside a `cascade` mapping.
    Cascade,
}

/// A front matter key Hugo deprecated in favour of another.
#[derive(Debug, Clone, Copy)]
pub struct RetiredKey {
    pub key: &'static str,
    pub scope: Scope,
    pub replacement: &'static str,
    pub deprecated: HugoVersion,
    /// The first version that fails the build on it (`None`: only warns so far).
    pub fails: Option<HugoVersion>,
}

const fn v(minor: u32) -> HugoVersion {
    HugoVersion { minor, patch: 0 }
}

/// Keys Hugo retired, one line each. `_build`: aliased by `build` in 0.123,
/// deprecated in 0.145, an error since Hugo's usual twelve minor versions
/// later (0.168 says "deprecated in Hugo 0.145.0 and subsequently removed").
/// `cascade._target`: deprecated in 0.156 for `target`; 0.168 still warns.
pub const RETIRED_KEYS: &[RetiredKey] = &[
    RetiredKey {
        key: "_build",
        scope: Scope::FrontMatter,
        replacement: "build",
        deprecated: v(145),
        fails: Some(v(157)),
    },
    RetiredKey {
        key: "_target",
        scope: Scope::Cascade,
        replacement: "target",
        deprecated: v(156),
        fails: None,
    },
];

/// Whether Hugo's `cast.ToBool` reads this text (`strconv.ParseBool`).
pub fn go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// A YAML 1.1 boolean, as Jekyll's YAML reader (Psych) resolves plain scalars.
pub fn yaml11_bool(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Str {
            text,
            quoted: false,
        } => match text.to_ascii_lowercase().as_str() {
            "yes" | "on" => Some(true),
            "no" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The entries of every mapping `cascade` holds (a mapping, or a list of them).
pub fn cascade_maps(cascade: &Entry) -> Vec<&Node> {
    match &cascade.value.value {
        Value::Map(_) => vec![&cascade.value],
        Value::Seq(items) => items.iter().filter(|n| n.is_map()).collect(),
        _ => Vec::new(),
    }
}
