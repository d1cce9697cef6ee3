//! What a generator knows about front matter: its predefined fields and
//! the shape each one takes, the keys that name dates, and how it reads
//! booleans. Each generator's own table is in its module (`hugo::fields`,
//! `jekyll::fields`).
//!
//! Sources: hugoDocs `content-management/front-matter.md` and Hugo's
//! `pagemeta` (fields, date aliases, `[frontmatter]` config); Jekyll 4.3's
//! `document.rb`, `utils.rb` and `publisher.rb`.

use std::borrow::Cow;
use std::sync::RwLock;

use super::Flavor;
use crate::text::FastMap;
use crate::value::{Entry, Node, Value};

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

pub const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

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
    pub(crate) fn new(
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
