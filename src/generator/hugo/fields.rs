//! Hugo's front matter fields (hugoDocs "Front matter", Hugo 0.168): the
//! predefined ones with their shapes, and the keys a Hugo version
//! deprecated or removed.

use std::borrow::Cow;

use super::HugoVersion;
use super::config::Config;
use crate::generator::Flavor;
use crate::generator::fields::{Field, Kind, Known, KnownField, field};

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

/// Hugo's date fields by the page date they set, in the default order of
/// precedence (`[frontmatter]` in the site config may change it).
pub const HUGO_PUBLISH_DATE_KEYS: &[&str] = &["publishdate", "pubdate", "published", "date"];

pub const HUGO_EXPIRY_DATE_KEYS: &[&str] = &["expirydate", "unpublishdate"];

/// The fields a Hugo site knows: the predefined ones, its taxonomies and
/// the date keys of its `[frontmatter]` settings.
pub fn known(config: &Config) -> Known {
    let mut fields: Vec<KnownField> = HUGO_FIELDS.iter().map(KnownField::from).collect();
    for taxonomy in config.taxonomy_names() {
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
    let chain = |configured: &Option<Vec<String>>, defaults: &[&str]| -> Vec<String> {
        let configured = configured.clone();
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
    let date = chain(&config.dates.date, &["date", "publishdate", "lastmod"]);
    let lastmod = chain(&config.dates.lastmod, &["lastmod", "date", "publishdate"]);
    let publish_keys = chain(&config.dates.publish_date, &["publishdate", "date"]);
    let expiry_keys = chain(&config.dates.expiry_date, &["expirydate"]);
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
