//! Which template Hugo 0.168 renders a page with, as an ordered list of
//! candidate paths inside a `layouts` folder (`tpl/tplimpl/templatestore.go`:
//! `findBestMatchWalkPath`, `templatedescriptor.go`: the weights; each order
//! below was checked against the real Hugo 0.168). Text in, paths out; the
//! site layer looks for them in the site's and its themes' layouts.
//!
//! Simplified where a page cannot tell: language- and output-format-specific
//! templates (`single.fr.html`, `single.amp.html`) are not candidates.

/// What kind of page a content file is, for the lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    /// A regular page (`posts/a.md`, `posts/a/index.md`).
    Page,
    /// A section's `_index.md`.
    Section,
    /// The home page (`_index.md` at the content root).
    Home,
}

/// The page a template is looked up for.
#[derive(Debug, Clone)]
pub struct LayoutQuery<'a> {
    /// The page's path in the content tree without extension, `/`-separated
    /// and lower-cased (`posts/sub/a`; a bundle's folder; a section's
    /// folder; "" for the home page).
    pub path: &'a str,
    pub kind: LayoutKind,
    /// Front matter `type`: replaces the path's first segment.
    pub page_type: Option<&'a str>,
    /// Front matter `layout`.
    pub layout: Option<&'a str>,
}

/// The folders Hugo walks for a page, nearest first: every prefix of its
/// lookup path, then the root (`""`). A `type` replaces the first segment
/// (a `type` with upper-case letters matches no folder).
fn lookup_dirs(query: &LayoutQuery) -> Vec<String> {
    let mut segments: Vec<String> = query
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    match query.page_type {
        Some(page_type) if page_type.chars().any(|c| c.is_ascii_uppercase()) => segments.clear(),
        Some(page_type) if !page_type.is_empty() => match segments.first_mut() {
            Some(first) => *first = page_type.to_string(),
            None => segments.push(page_type.to_string()),
        },
        _ => {}
    }
    let mut dirs: Vec<String> = (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("/"))
        .collect();
    dirs.push(String::new());
    dirs
}

/// In the root, `_default/X` and `X` are one template; `_default`'s wins.
fn in_dir(dir: &str, name: &str, out: &mut Vec<String>) {
    if dir.is_empty() {
        out.push(format!("_default/{name}"));
        out.push(name.to_string());
    } else {
        out.push(format!("{dir}/{name}"));
    }
}

/// The candidate templates for `query`, best first.
pub fn page_templates(query: &LayoutQuery) -> Vec<String> {
    let dirs = lookup_dirs(query);
    let mut out = Vec::new();
    // A `layout` names templates that beat every standard one, in any folder.
    if let Some(layout) = query.layout.filter(|l| !l.is_empty()) {
        let layout = layout.to_lowercase();
        let kind = match query.kind {
            LayoutKind::Page => "page",
            LayoutKind::Section => "section",
            LayoutKind::Home => "home",
        };
        for dir in &dirs {
            for name in [
                format!("{layout}.{kind}.html"),
                format!("{kind}.{layout}.html"),
                format!("{layout}.html"),
            ] {
                in_dir(dir, &name, &mut out);
            }
        }
    }
    let standard: &[&str] = match query.kind {
        LayoutKind::Page => &["page.html", "single.html", "all.html"],
        LayoutKind::Section => &["section.html", "list.html", "all.html"],
        LayoutKind::Home => &["home.html", "index.html", "list.html", "all.html"],
    };
    for dir in &dirs {
        for name in standard {
            in_dir(dir, name, &mut out);
        }
    }
    out
}

/// Whether a template is wrapped in a base template: its first token,
/// past comments and space, is `{{ define` (`needsBaseTemplate`).
pub fn needs_base(template: &str) -> bool {
    let mut rest = template.trim_start();
    loop {
        if let Some(after) = rest
            .strip_prefix("{{/*")
            .or_else(|| rest.strip_prefix("{{- /*"))
        {
            match after.find("*/") {
                Some(end) => {
                    let after = &after[end + 2..];
                    let close = after.find("}}").map_or(after.len(), |i| i + 2);
                    rest = after[close..].trim_start();
                }
                None => return false,
            }
            continue;
        }
        break;
    }
    let Some(action) = rest.strip_prefix("{{") else {
        return false;
    };
    action
        .trim_start_matches('-')
        .trim_start()
        .starts_with("define")
}

/// The base templates for a page rendered with `template` (its path in
/// the layouts folder), best first (`findBestMatchBaseof`): one specific to
/// the template's layout name, then `baseof.all.html`, then `baseof.html`
/// along the page's folders, nearest first.
pub fn base_templates(query: &LayoutQuery, template: &str) -> Vec<String> {
    let name = template.rsplit('/').next().unwrap_or(template);
    let stem = name.split('.').next().unwrap_or(name);
    let mut out = Vec::new();
    if !matches!(stem, "page" | "section" | "home" | "all") {
        out.push(format!("_default/{stem}-baseof.html"));
        in_dir("", &format!("baseof.{stem}.html"), &mut out);
    } else if stem == "page" {
        in_dir("", "baseof.page.html", &mut out);
    }
    in_dir("", "baseof.all.html", &mut out);
    for dir in lookup_dirs(query) {
        in_dir(&dir, "baseof.html", &mut out);
    }
    out
}

/// The partials a template calls (`partial "x" .`, `partialCached "x.html"
/// .`), as paths inside `layouts` in Hugo's lookup order: `_partials/` then
/// the legacy `partials/`.
pub fn partial_calls(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find("partial") {
        let after = &rest[at + "partial".len()..];
        rest = after;
        let after = after.strip_prefix("Cached").unwrap_or(after);
        if !after.starts_with([' ', '\t', '\n']) {
            continue;
        }
        let after = after.trim_start();
        let Some(quoted) = after.strip_prefix('"') else {
            continue;
        };
        let Some(end) = quoted.find('"') else {
            continue;
        };
        let mut name = quoted[..end].trim_start_matches('/').to_string();
        if name.is_empty() {
            continue;
        }
        if !name.contains('.') || !name.rsplit('/').next().is_some_and(|n| n.contains('.')) {
            name.push_str(".html");
        }
        for folder in ["_partials", "partials"] {
            let path = format!("{folder}/{name}");
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> LayoutQuery<'_> {
        LayoutQuery {
            path,
            kind: LayoutKind::Page,
            page_type: None,
            layout: None,
        }
    }

    #[test]
    fn a_page_looks_in_its_folders_nearest_first() {
        let found = page_templates(&page("s/sub/p"));
        let expected = [
            "s/sub/p/page.html",
            "s/sub/p/single.html",
            "s/sub/p/all.html",
            "s/sub/page.html",
            "s/sub/single.html",
            "s/sub/all.html",
            "s/page.html",
            "s/single.html",
            "s/all.html",
            "_default/page.html",
            "page.html",
            "_default/single.html",
            "single.html",
            "_default/all.html",
            "all.html",
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn type_replaces_the_section_and_layout_comes_first() {
        let query = LayoutQuery {
            path: "blog/a",
            kind: LayoutKind::Page,
            page_type: Some("docs"),
            layout: Some("Wide"),
        };
        let found = page_templates(&query);
        assert_eq!(found[0], "docs/a/wide.page.html");
        assert!(found.contains(&"wide.html".to_string()));
        assert!(!found.iter().any(|t| t.starts_with("blog/")));
        let wide = found.iter().position(|t| t == "wide.html").unwrap();
        let single = found.iter().position(|t| t == "docs/single.html").unwrap();
        assert!(
            wide < single,
            "a custom layout in the root beats the section's single"
        );
    }

    #[test]
    fn base_templates_and_partials() {
        assert!(needs_base("{{/* c */}}\n{{- define \"main\" }}x{{ end }}"));
        assert!(!needs_base("<!-- c -->{{ define \"main\" }}{{ end }}"));
        let bases = base_templates(&page("docs/a"), "_default/single.html");
        assert_eq!(bases[0], "_default/single-baseof.html");
        assert!(
            bases.iter().position(|b| b == "docs/baseof.html")
                < bases.iter().position(|b| b == "baseof.html")
        );
        assert_eq!(
            partial_calls("{{ partial \"title\" . }}{{ partialCached \"docs/header.html\" . }}"),
            [
                "_partials/title.html",
                "partials/title.html",
                "_partials/docs/header.html",
                "partials/docs/header.html"
            ]
        );
    }
}
