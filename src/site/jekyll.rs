//! Jekyll sites: the whole source folder is content except what Jekyll's
//! reader skips (underscore, dot and backup entries, `exclude:`), with
//! `_posts`, `_drafts` and collection folders read as documents.

use std::path::{Path, PathBuf};

use super::{ContentDir, Flavor, Site, url_path};
use crate::document::value::Node;

/// Jekyll 4.3's `exclude` defaults (Configuration::DEFAULTS), always applied.
const DEFAULT_EXCLUDES: &[&str] = &[
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

pub(super) fn site(root: &Path, config_files: Vec<PathBuf>, config: Node) -> Site {
    let strings = |key: &str| -> Vec<String> {
        config
            .get(key)
            .map(|node| node.string_list().into_iter().map(str::to_string).collect())
            .unwrap_or_default()
    };
    let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
    exclude.extend(strings("exclude"));
    let include = strings("include");

    let collections_dir = config
        .get("collections_dir")
        .and_then(Node::as_str)
        .unwrap_or("")
        .trim_matches('/')
        .to_string();
    let mut collections = vec!["_posts".to_string(), "_drafts".to_string()];
    if let Some(node) = config.get("collections") {
        let names: Vec<String> = if node.is_map() {
            node.entries()
                .iter()
                .map(|entry| entry.key.clone())
                .collect()
        } else {
            node.string_list().into_iter().map(str::to_string).collect()
        };
        collections.extend(names.into_iter().map(|name| {
            if collections_dir.is_empty() {
                format!("_{name}")
            } else {
                format!("{collections_dir}/_{name}")
            }
        }));
    }
    collections.sort();
    collections.dedup();

    let baseurl = config.get("baseurl").and_then(Node::as_str).unwrap_or("");
    let base_path = url_path(baseurl);
    let base_url = config
        .get("url")
        .and_then(Node::as_str)
        .map(|url| format!("{}{}", url.trim_end_matches('/'), base_path));

    let markdown_extensions = config
        .get("markdown_ext")
        .and_then(Node::as_str)
        .unwrap_or("markdown,mkdown,mkdn,mkd,md")
        .split(',')
        .map(|ext| ext.trim().to_string())
        .collect();

    let missing_themes = config
        .get("theme")
        .and_then(Node::as_str)
        .map(|theme| vec![theme.to_string()])
        .unwrap_or_default();
    let layout_dirs = ["_layouts", "_includes"]
        .iter()
        .map(|dir| root.join(dir))
        .filter(|dir| dir.is_dir())
        .collect();
    Site {
        root: root.to_path_buf(),
        flavor: Flavor::Jekyll,
        config_files,
        content: vec![ContentDir {
            path: root.to_path_buf(),
            target: String::new(),
            lang: None,
        }],
        static_dirs: vec![root.to_path_buf()],
        asset_dirs: Vec::new(),
        layout_dirs,
        themes: Vec::new(),
        missing_themes,
        shortcode_registry: Default::default(),
        memo: Default::default(),
        languages: Vec::new(),
        base_url,
        base_path,
        time_zone: config
            .get("timezone")
            .and_then(Node::as_str)
            .map(str::to_string),
        build_future: config
            .get("future")
            .and_then(Node::as_bool)
            .unwrap_or(false),
        build_expired: true,
        build_drafts: config
            .get("show_drafts")
            .and_then(Node::as_bool)
            .unwrap_or(false),
        ignore_files: Vec::new(),
        exclude,
        include,
        collections,
        markdown_extensions,
        config,
        listings: Default::default(),
    }
}

/// Jekyll's EntryFilter, applied to each component of the path below the root.
pub(super) fn is_content(site: &Site, path: &Path) -> bool {
    site.is_markdown(path) && is_read(site, path)
}

/// Whether Jekyll's reader looks at a file at all (any extension).
pub(super) fn is_read(site: &Site, path: &Path) -> bool {
    let Some(relative) = super::strip_path_prefix(path, &site.root) else {
        return false;
    };
    let relative = super::slash_path(relative);
    if matches_any(&site.include, &relative) {
        return true;
    }
    if matches_any(&site.exclude, &relative) {
        return false;
    }
    let components: Vec<&str> = relative.split('/').collect();
    let mut prefix_len = 0;
    components.iter().enumerate().all(|(i, name)| {
        prefix_len += name.len() + usize::from(i > 0);
        let is_dir = i + 1 < components.len();
        if name.starts_with('.') || name.starts_with('#') || name.ends_with('~') {
            return false;
        }
        if name.starts_with('_') {
            // `_posts`/`_drafts` work at any depth; collections where declared.
            let prefix = &relative[..prefix_len];
            return is_dir
                && (*name == "_posts"
                    || *name == "_drafts"
                    || site.collections.iter().any(|c| c == prefix));
        }
        true
    })
}

/// Jekyll's `glob_include?`: a pattern matches a path equal to it, a path
/// under it (folders), or by shell glob.
fn matches_any(patterns: &[String], relative: &str) -> bool {
    patterns.iter().any(|pattern| {
        let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
        let folder = pattern.trim_end_matches('/');
        relative == folder
            || relative.starts_with(&format!("{folder}/"))
            || globset::Glob::new(pattern)
                .map(|glob| glob.compile_matcher().is_match(relative))
                .unwrap_or(false)
    })
}
