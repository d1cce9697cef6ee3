//! What a site's templates add to the `#fragment`s a page can be linked
//! at: the ids its layouts, partials and includes write as text (`<div
//! id="content">`), Hugo's `TableOfContents`, and what makes a page's
//! heading ids unknowable (a heading render hook that sets an id of its
//! own, a theme that is not in the repository). Read once per run.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Site;
use crate::generator::Flavor;
use crate::text::FastSet;
use crate::text::html_ids::{AttributeId, attribute_ids};

/// The ids the site's templates write on every page they render, as far
/// as a template's text shows them.
#[derive(Debug, Default)]
pub struct LayoutAnchors {
    /// Literal `id`s (and `<a name>`s) of every template.
    ids: FastSet<String>,
    /// Why no page's ids can be known, when that is so (a theme is
    /// missing, a heading render hook makes its own ids).
    pub unknown: Option<String>,
}

impl LayoutAnchors {
    /// The site's, read on first use.
    pub fn of(site: &Site) -> Arc<LayoutAnchors> {
        site.memo.get_or_init(|| read(site))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

fn read(site: &Site) -> LayoutAnchors {
    let mut anchors = LayoutAnchors::default();
    if let Some(missing) = site.missing_themes.first() {
        anchors.unknown = Some(format!(
            "the theme `{}` is not in the repository, and its templates may write any id",
            missing.name
        ));
    }
    let mut templates = Vec::new();
    for dir in &site.layout_dirs {
        templates_under(dir, &mut templates);
    }
    for template in &templates {
        let Ok(text) = fs::read_to_string(template) else {
            continue;
        };
        literal_ids(&text, &mut anchors.ids);
        if site.flavor == Flavor::Hugo {
            if text.contains(".TableOfContents") {
                anchors.ids.insert("TableOfContents".to_string());
            }
            if anchors.unknown.is_none() && is_heading_hook(template) && !text.contains(".Anchor") {
                anchors.unknown = Some(format!(
                    "its heading render hook `{}` does not give headings Hugo's ids (`.Anchor`)",
                    site.relative(template)
                ));
            }
        }
    }
    anchors
}

/// Every template file below `dir` (HTML, XML and the like; not images).
fn templates_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            templates_under(&path, out);
        } else if path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| matches!(ext, "html" | "htm" | "xml" | "liquid" | "md"))
        {
            out.push(path);
        }
    }
}

/// A Hugo heading render hook: `_markup/render-heading*.html`.
fn is_heading_hook(template: &Path) -> bool {
    let in_markup = template
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|dir| dir == "_markup");
    in_markup
        && template
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("render-heading"))
}

/// The `id="…"` and `name="…"` values a template writes as text (a value
/// made by a template call is not an id postlint can know).
fn literal_ids(text: &str, out: &mut FastSet<String>) {
    for id in attribute_ids(text) {
        if let AttributeId::Literal(id) = id {
            out.insert(id.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_ids_are_read_and_template_made_ones_are_not() {
        let mut ids = FastSet::default();
        literal_ids(
            r#"<div id="content"><a name='top'></a><h2 id="{{ .Anchor }}"><section id="{% x %}">"#,
            &mut ids,
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["content", "top"]);
    }
}
