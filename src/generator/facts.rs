//! What the front matter says about where and whether a page is published:
//! the fields the index needs, read from an already-parsed front matter.

use super::Flavor;
use super::dates::Written;
use super::jekyll::dates::JekyllDate;
use super::{hugo, jekyll};
use crate::diagnostic::Span;
use crate::value::{Format, Node, Value};

/// A front matter string and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Valued {
    pub text: String,
    pub span: Span,
}

/// Hugo's `build.render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Render {
    #[default]
    Always,
    /// Not rendered, but has a permalink (`link`).
    Link,
    Never,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    pub has_front_matter: bool,
    pub title: Option<Valued>,
    pub slug: Option<Valued>,
    /// Hugo `url`, Jekyll `permalink`.
    pub url: Option<Valued>,
    /// Hugo `aliases`, Jekyll `redirect_from` (jekyll-redirect-from).
    pub aliases: Vec<Valued>,
    /// The date fields, read as the generator reads them, by lowercased
    /// key (Hugo: every field its `[frontmatter]` config may use; Jekyll:
    /// `date`). Dates the generator cannot read are left out.
    pub dates: Vec<(String, Written)>,
    /// `draft`, when the page sets it.
    pub draft: Option<bool>,
    /// Jekyll `published` (false keeps the page out of the site).
    pub published: Option<bool>,
    /// Hugo `headless` (a leaf bundle that is never rendered).
    pub headless: bool,
    /// `build.render`, when the page sets it.
    pub render: Option<Render>,
    /// What a section's `cascade` sets for the pages below it: `build.render`
    /// and `draft`.
    pub cascade_render: Option<Render>,
    pub cascade_draft: Option<bool>,
    /// Jekyll `categories` and `category`, as written.
    pub categories: Vec<String>,
    pub translation_key: Option<String>,
    /// Hugo: the terms of each taxonomy (`tags: [a, b]`), by the
    /// taxonomy's front matter key (lowercased).
    pub terms: Vec<(String, Vec<String>)>,
}

const DATE_KEYS: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
    "expirydate",
    "unpublishdate",
];

impl Facts {
    /// Reads the fields from a file's parsed front matter (none, or front
    /// matter that does not parse, gives the defaults).
    pub fn read(
        front_matter: Option<(&Node, Format)>,
        flavor: Flavor,
        taxonomies: &[String],
    ) -> Facts {
        match front_matter {
            Some((data, format)) => Facts::from_data(data, format, flavor, taxonomies),
            None => Facts::default(),
        }
    }

    fn from_data(data: &Node, format: Format, flavor: Flavor, taxonomies: &[String]) -> Facts {
        let get = |key: &str| match flavor {
            Flavor::Hugo => data.get_ci(key),
            Flavor::Jekyll => data.get(key),
        };
        let valued = |node: &Node| {
            node.scalar_text()
                .filter(|text| !text.trim().is_empty())
                .map(|text| Valued {
                    text,
                    span: node.span,
                })
        };
        let strings = |node: &Node| -> Vec<Valued> {
            match &node.value {
                Value::Seq(items) => items.iter().filter_map(valued).collect(),
                _ => valued(node).into_iter().collect(),
            }
        };
        let mut facts = Facts {
            has_front_matter: true,
            title: get("title").and_then(valued),
            slug: get("slug").and_then(valued),
            ..Facts::default()
        };
        for entry in data.entries() {
            let key = entry.key.to_ascii_lowercase();
            let date_key = match flavor {
                Flavor::Hugo => DATE_KEYS.contains(&key.as_str()),
                Flavor::Jekyll => entry.key == "date",
            };
            if !date_key {
                continue;
            }
            let written = match flavor {
                Flavor::Hugo => hugo::dates::read(&entry.value, format).ok().flatten(),
                Flavor::Jekyll => match jekyll::dates::read(&entry.value) {
                    Ok(JekyllDate::Known(w) | JekyllDate::RolledOver { written: w, .. }) => Some(w),
                    _ => None,
                },
            };
            if let Some(written) = written {
                facts.dates.push((key, written));
            }
        }
        match flavor {
            Flavor::Hugo => {
                facts.url = get("url").and_then(valued);
                facts.aliases = get("aliases").map(strings).unwrap_or_default();
                facts.draft = get("draft").map(truthy);
                facts.headless = get("headless").is_some_and(truthy);
                facts.render = build_render(get("build").or_else(|| get("_build")));
                if let Some(cascade) = get("cascade") {
                    // A mapping, or a list of mappings (those with a
                    // `target` apply to some pages only: not followed).
                    let blocks: Vec<&Node> = match cascade.as_seq() {
                        Some(items) => items
                            .iter()
                            .filter(|item| {
                                item.get_ci("target").is_none() && item.get_ci("_target").is_none()
                            })
                            .collect(),
                        None => vec![cascade],
                    };
                    for block in blocks {
                        if let Some(render) =
                            build_render(block.get_ci("build").or_else(|| block.get_ci("_build")))
                        {
                            facts.cascade_render = Some(render);
                        }
                        if block.get_ci("headless").is_some_and(truthy) {
                            facts.cascade_render = Some(Render::Never);
                        }
                        if let Some(draft) = block.get_ci("draft") {
                            facts.cascade_draft = Some(truthy(draft));
                        }
                    }
                }
                facts.translation_key = get("translationKey").and_then(Node::scalar_text);
                for taxonomy in taxonomies {
                    if let Some(node) = get(taxonomy) {
                        let terms: Vec<String> = match &node.value {
                            Value::Seq(items) => {
                                items.iter().filter_map(Node::scalar_text).collect()
                            }
                            _ => node.scalar_text().into_iter().collect(),
                        };
                        if !terms.is_empty() {
                            facts.terms.push((taxonomy.to_ascii_lowercase(), terms));
                        }
                    }
                }
            }
            Flavor::Jekyll => {
                facts.url = get("permalink").and_then(valued);
                facts.aliases = get("redirect_from").map(strings).unwrap_or_default();
                facts.published = get("published").and_then(|node| match &node.value {
                    Value::Bool(b) => Some(*b),
                    _ => None,
                });
                for key in ["categories", "category"] {
                    if let Some(node) = get(key) {
                        match &node.value {
                            Value::Seq(items) => facts
                                .categories
                                .extend(items.iter().filter_map(Node::scalar_text)),
                            _ => {
                                if let Some(text) = node.scalar_text() {
                                    facts
                                        .categories
                                        .extend(text.split_whitespace().map(str::to_string));
                                }
                            }
                        }
                    }
                }
            }
        }
        facts
    }

    pub fn date(&self, key: &str) -> Option<&Written> {
        self.dates.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn title_text(&self) -> Option<&str> {
        self.title.as_ref().map(|t| t.text.as_str())
    }
}

/// `build.render`: `always`, `link`, `never` (or a boolean).
fn build_render(build: Option<&Node>) -> Option<Render> {
    let node = build?.get_ci("render")?;
    Some(match &node.value {
        Value::Bool(false) => Render::Never,
        Value::Bool(true) => Render::Always,
        _ => match node.scalar_text()?.to_ascii_lowercase().as_str() {
            "never" | "false" => Render::Never,
            "link" => Render::Link,
            _ => Render::Always,
        },
    })
}

/// Hugo reads booleans leniently (`draft: "true"` is true).
fn truthy(node: &Node) -> bool {
    match &node.value {
        Value::Bool(b) => *b,
        Value::Str { text, .. } => text.trim().eq_ignore_ascii_case("true"),
        Value::Int(i) => *i != 0,
        _ => false,
    }
}
