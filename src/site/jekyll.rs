//! Jekyll sites: the whole source folder is content except what Jekyll's
//! reader skips (underscore, dot and backup entries, `exclude:`), with
//! `_posts`, `_drafts` and collection folders read as documents.

use std::path::{Path, PathBuf};

use super::{ContentDir, Generator, Site, gems};
use crate::generator::jekyll::Config;
use crate::generator::{Build, Flavor};
use crate::text::paths::{slash_path, strip_path_prefix};
use crate::text::urls::url_path;
use crate::value::Node;

pub(super) fn site(root: &Path, config_files: Vec<PathBuf>, node: Node) -> Site {
    let config = Config::parse(&node);
    let mut collections = vec!["_posts".to_string(), "_drafts".to_string()];
    collections.extend(
        config
            .declared_collections
            .iter()
            .map(|declared| config.collection_dir(&declared.label)),
    );
    collections.sort();
    collections.dedup();

    let base_path = url_path(&config.baseurl);
    let base_url = config
        .url
        .as_deref()
        .map(|url| format!("{}{}", url.trim_end_matches('/'), base_path));
    let (themes, missing_themes) = gems::resolve_theme(
        root,
        config.theme.as_deref(),
        config.remote_theme.as_deref(),
        &|key| std::env::var(key).ok(),
    );
    // The site's layouts and includes win over the theme's.
    let mut layout_dirs: Vec<PathBuf> = ["_layouts", "_includes"]
        .iter()
        .map(|dir| root.join(dir))
        .filter(|dir| dir.is_dir())
        .collect();
    for folder in ["_layouts", "_includes"] {
        layout_dirs.extend(themes.iter().flat_map(|theme: &super::themes::Theme| {
            theme.component(folder).map(Path::to_path_buf)
        }));
    }
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
        themes,
        missing_themes,
        shortcode_registry: Default::default(),
        hugo_extras: Default::default(),
        plugin_tags: Default::default(),
        liquid_tags_declared: false,
        memo: Default::default(),
        languages: Vec::new(),
        base_url,
        base_path,
        build: Build {
            time_zone: config.time_zone.clone(),
            future: config.future,
            expired: true,
            drafts: config.show_drafts,
        },
        collections,
        markdown_extensions: config.markdown_extensions.clone(),
        generator: Generator::Jekyll(Box::new(config)),
        config: node,
        listings: Default::default(),
    }
}

/// Jekyll's EntryFilter, applied to each component of the path below the root.
pub(super) fn is_content(site: &Site, path: &Path) -> bool {
    (site.is_markdown(path) || is_liquid_page(path)) && is_read(site, path)
}

/// Extensions of the pages besides Markdown that sites write with front
/// matter (`404.html`, `feed.xml`, `search.json`, `robots.txt`).
const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "xml", "json", "txt"];

/// A page Jekyll renders with Liquid although it is not Markdown: one of
/// `PAGE_EXTENSIONS` that opens with front matter (`Utils.has_yaml_header?`:
/// `---` and a line break first). Without it the file is copied as it is.
fn is_liquid_page(path: &Path) -> bool {
    if page_extension(path).is_none() {
        return false;
    }
    let mut head = [0u8; 5];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    let head = &head[..read];
    head.starts_with(b"---\n") || head.starts_with(b"---\r\n") || head.starts_with(b"--- ")
}

/// Whether the file is a page or not by its text alone: one of
/// `PAGE_EXTENSIONS` other than HTML (a page either way, see
/// `Site::is_other_page`), not Markdown, that the reader looks at.
pub(super) fn page_by_its_text(site: &Site, path: &Path) -> bool {
    page_extension(path).is_some_and(|ext| !ext.starts_with("htm"))
        && !site.is_markdown(path)
        && is_read(site, path)
}

/// The file's extension when it is one of `PAGE_EXTENSIONS`.
fn page_extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    PAGE_EXTENSIONS
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(ext))
}

/// Whether Jekyll's reader looks at a file at all (any extension).
pub(super) fn is_read(site: &Site, path: &Path) -> bool {
    let Some(relative) = strip_path_prefix(path, &site.root) else {
        return false;
    };
    // Its own output, wherever `destination` puts it, whatever `include`
    // says (`Reader#retrieve_dirs` skips the folder that is `site.dest`).
    if site
        .output_dir()
        .is_some_and(|output| path.starts_with(output))
    {
        return false;
    }
    let relative = slash_path(relative);
    let config = site.jekyll();
    if config.include.matches(&relative) {
        return true;
    }
    if config.exclude.matches(&relative) {
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
