//! The `id` and `name` attributes HTML text writes (what a link's
//! `#fragment` can name), read without a full HTML parser: templates and
//! raw HTML in Markdown are text with template calls in it, which no HTML
//! parser reads as their authors mean.

use std::sync::LazyLock;

use regex::Regex;

/// One `id="…"` or `name="…"` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeId<'t> {
    /// Written as text.
    Literal(&'t str),
    /// Made by a template call (`id="{{ .Anchor }}"`, `id="{% x %}"`):
    /// any id.
    Templated,
}

/// The `id` and `name` attribute values of `html`, in order. An attribute
/// counts after whitespace only (`data-id` is not an id).
pub fn attribute_ids(html: &str) -> impl Iterator<Item = AttributeId<'_>> {
    static ID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    ID.captures_iter(html).filter_map(|caps| {
        let value = caps
            .get(1)
            .or_else(|| caps.get(2))
            .or_else(|| caps.get(3))?;
        let value = value.as_str().trim();
        if value.contains("{{") || value.contains("{%") {
            Some(AttributeId::Templated)
        } else if value.is_empty() {
            None
        } else {
            Some(AttributeId::Literal(value))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_templated_ids() {
        let found: Vec<_> = attribute_ids(
            r#"<div id="content" data-id="no"><a NAME='top'></a><h2 id="{{ .Anchor }}"><p id=bare>"#,
        )
        .collect();
        assert_eq!(
            found,
            [
                AttributeId::Literal("content"),
                AttributeId::Literal("top"),
                AttributeId::Templated,
                AttributeId::Literal("bare"),
            ]
        );
        assert_eq!(attribute_ids("<p>no ids</p>").count(), 0);
    }
}
