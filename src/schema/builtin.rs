//! postlint's built-in schemas (`rules/schemas/*.json`, embedded): what
//! FM005–FM007 know about each generator's front matter, written as JSON
//! Schema so that people can read, copy and extend it. A schema extends
//! one with `{"allOf": [{"$ref": "postlint://schemas/hugo.json"}], …}`.
//!
//! `effective` adapts the flavor's schema to one site and one path, as the
//! rules apply it: the site's taxonomies and date keys, the required fields
//! of posts (FM005), and no `date` constraint on Jekyll pages (FM007 reads
//! `date` only in posts and collection documents).

use std::sync::{Arc, LazyLock};

use serde_json::{Value as Json, json};

use super::Schema;
use crate::generator::Flavor;
use crate::generator::PageKind;
use crate::generator::fields::Kind;
use crate::site::Site;

pub const HUGO_URI: &str = "postlint://schemas/hugo.json";
pub const JEKYLL_URI: &str = "postlint://schemas/jekyll.json";
pub const URIS: &[&str] = &[HUGO_URI, JEKYLL_URI];

const HUGO_TEXT: &str = include_str!("../../rules/schemas/hugo.json");
const JEKYLL_TEXT: &str = include_str!("../../rules/schemas/jekyll.json");

fn parse(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or(Json::Bool(true))
}

static HUGO_JSON: LazyLock<Json> = LazyLock::new(|| parse(HUGO_TEXT));
static JEKYLL_JSON: LazyLock<Json> = LazyLock::new(|| parse(JEKYLL_TEXT));

static HUGO: LazyLock<Option<Arc<Schema>>> = LazyLock::new(|| compile(HUGO_URI, &HUGO_JSON));
static JEKYLL: LazyLock<Option<Arc<Schema>>> = LazyLock::new(|| compile(JEKYLL_URI, &JEKYLL_JSON));

fn compile(uri: &str, json: &Json) -> Option<Arc<Schema>> {
    Schema::compile(uri.to_string(), uri.to_string(), json.clone())
        .ok()
        .map(Arc::new)
}

/// The built-in document at `uri`, if it names one.
pub fn document(uri: &str) -> Option<Json> {
    match uri.split('#').next().unwrap_or(uri) {
        HUGO_URI => Some(HUGO_JSON.clone()),
        JEKYLL_URI => Some(JEKYLL_JSON.clone()),
        _ => None,
    }
}

/// The compiled built-in schema at `uri`.
pub fn by_uri(uri: &str) -> Option<Arc<Schema>> {
    match uri.trim() {
        HUGO_URI => HUGO.clone(),
        JEKYLL_URI => JEKYLL.clone(),
        _ => None,
    }
}

pub fn uri(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Hugo => HUGO_URI,
        Flavor::Jekyll => JEKYLL_URI,
    }
}

/// The name of the `$defs` entry for a field kind.
pub fn def_name(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Text => "text",
        Kind::Bool => "boolean",
        Kind::Int => "integer",
        Kind::Date => "date",
        Kind::List => "list",
        Kind::Terms => "terms",
        Kind::Map => "mapping",
        Kind::MapOrMaps => "cascade",
        Kind::Menus => "menus",
        Kind::Maps => "resources",
        Kind::Any => return None,
    })
}

/// The built-in schema for `site`'s flavor as the front matter rules apply
/// it to a page of `kind`: self-contained, ready to save and extend.
/// `required_fields` is `[frontmatter] required` (`None`: the default).
pub fn effective(site: &Site, required_fields: Option<&[String]>, kind: PageKind) -> Json {
    let mut schema = match site.flavor {
        Flavor::Hugo => HUGO_JSON.clone(),
        Flavor::Jekyll => JEKYLL_JSON.clone(),
    };
    let Some(object) = schema.as_object_mut() else {
        return schema;
    };
    // A copy is the user's own schema, not the built-in.
    object.shift_remove("$id");
    let known = site.known_fields();
    if let Some(Json::Object(properties)) = object.get_mut("properties") {
        // The site's own taxonomies and date keys.
        for field in &known.fields {
            let present = properties.keys().any(|k| known.same_key(k, &field.name));
            if !present && let Some(def) = def_name(field.kind) {
                properties.insert(
                    field.name.to_string(),
                    json!({ "$ref": format!("#/$defs/{def}") }),
                );
            }
        }
        // Hugo's default taxonomies, unless the site replaced them.
        if site.flavor == Flavor::Hugo {
            let taxonomies = site.hugo().taxonomy_names();
            for default in ["tags", "categories"] {
                if !taxonomies.iter().any(|t| t.eq_ignore_ascii_case(default)) {
                    properties.shift_remove(default);
                }
            }
        }
        if site.flavor == Flavor::Jekyll && !matches!(kind, PageKind::Post | PageKind::Document) {
            properties.shift_remove("date");
        }
        // FM005: the required fields of posts, present and not empty.
        let required: Vec<String> = match required_fields {
            _ if kind != PageKind::Post => Vec::new(),
            Some(configured) => configured.to_vec(),
            None if site.flavor == Flavor::Jekyll => Vec::new(),
            None => vec!["title".to_string()],
        };
        for name in &required {
            let rule = json!({ "$ref": "#/$defs/notEmpty" });
            match properties.get_mut(name) {
                Some(existing) => *existing = json!({ "allOf": [existing.take(), rule] }),
                None => {
                    properties.insert(name.clone(), rule);
                }
            }
        }
        if !required.is_empty() {
            object.insert("required".to_string(), json!(required));
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use crate::generator::hugo::fields::HUGO_FIELDS;
    use crate::generator::jekyll::fields::JEKYLL_FIELDS;

    #[test]
    fn the_built_in_schemas_compile() {
        assert!(by_uri(HUGO_URI).is_some());
        assert!(by_uri(JEKYLL_URI).is_some());
    }

    /// The schemas say what `fields.rs` says, field by field.
    #[test]
    fn every_predefined_field_has_its_kind() {
        for (json, fields) in [(&*HUGO_JSON, HUGO_FIELDS), (&*JEKYLL_JSON, JEKYLL_FIELDS)] {
            let properties = json["properties"].as_object().unwrap();
            for field in fields {
                let property = &properties[field.name];
                match def_name(field.kind) {
                    Some(def) => {
                        assert_eq!(property["$ref"], format!("#/$defs/{def}"), "{}", field.name)
                    }
                    None => assert!(property.get("$ref").is_none()),
                }
            }
            for taxonomy in ["tags", "categories"] {
                assert_eq!(properties[taxonomy]["$ref"], "#/$defs/terms");
            }
        }
    }
    fn accepts(schema: &Schema, date: &str) -> bool {
        schema.validator().is_valid(&json!({ "date": date }))
    }

    /// The `date` of the built-in schema accepts what FM007 accepts, as a
    /// quoted string (the cases of `dates.rs`, checked against Hugo 0.168).
    #[test]
    fn hugo_dates_as_hugo_reads_them() {
        let hugo = by_uri(HUGO_URI).unwrap();
        for text in crate::generator::hugo::dates::HUGO_ACCEPTS {
            assert!(crate::generator::hugo::dates::parse(text).is_ok(), "{text}");
            assert!(accepts(&hugo, text), "{text} should pass");
        }
        let impossible = [
            "2025-13-45",
            "2025-02-30",
            "2023-02-29",
            "2025-01-10T25:00:00Z",
        ];
        for text in crate::generator::hugo::dates::HUGO_REJECTS
            .iter()
            .chain(&impossible)
        {
            assert!(
                crate::generator::hugo::dates::parse(text).is_err(),
                "{text}"
            );
            assert!(!accepts(&hugo, text), "{text} should fail");
        }
        assert!(hugo.validator().is_valid(&json!({ "date": 1736535600 })));
        assert!(
            !hugo
                .validator()
                .is_valid(&json!({ "date": ["2025-01-10"] }))
        );
        assert!(!hugo.validator().is_valid(&json!({ "date": true })));
    }

    #[test]
    fn jekyll_dates_as_ruby_reads_them() {
        let jekyll = by_uri(JEKYLL_URI).unwrap();
        for text in [
            "2025-01-10 19:00:00 +0000",
            "2025-01-10T19:00:00+00:00",
            "2025-01-10",
            "2025/01/10",
            "2025.1.5 3:04",
            "2025-01-10 19:00:00 -0700 MST",
            "Oct 15, 2023",
            "June 2024",
            "Monday 10:00",
        ] {
            assert!(
                crate::generator::jekyll::dates::parse(text, false).is_ok(),
                "{text}"
            );
            assert!(accepts(&jekyll, text), "{text} should pass");
        }
        for text in [
            "2025-13-45",
            "2025-02-30",
            "2025-01-32",
            "yesterday",
            "next tuesday",
            "2024",
            "",
        ] {
            assert!(
                !matches!(
                    crate::generator::jekyll::dates::parse(text, false),
                    Ok(crate::generator::jekyll::dates::JekyllDate::Known(_))
                        | Ok(crate::generator::jekyll::dates::JekyllDate::Opaque)
                ),
                "{text}"
            );
            assert!(!accepts(&jekyll, text), "{text} should fail");
        }
        assert!(!jekyll.validator().is_valid(&json!({ "date": null })));
        assert!(!jekyll.validator().is_valid(&json!({ "date": 2025 })));
    }

    #[test]
    fn effective_schema_adds_what_the_site_and_path_need() {
        let site = Site::bare(Path::new("/postlint-example-site"), Flavor::Hugo);
        let post = effective(&site, None, PageKind::Post);
        assert_eq!(post["required"], json!(["title"]));
        assert!(post.get("$id").is_none());
        let page = effective(&site, None, PageKind::Page);
        assert!(page.get("required").is_none());
        let schema = Schema::compile("p".into(), "file:///p.json".into(), post).unwrap();
        assert!(!schema.validator().is_valid(&json!({ "title": " " })));
        assert!(schema.validator().is_valid(&json!({ "title": "x" })));
        let jekyll = Site::bare(Path::new("/postlint-example-site"), Flavor::Jekyll);
        let page = effective(&jekyll, None, PageKind::Page);
        assert!(page["properties"].get("date").is_none());
        assert!(
            effective(&jekyll, None, PageKind::Post)
                .get("required")
                .is_none()
        );
    }
}
