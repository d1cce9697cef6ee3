//! Which page a content file is, from its path alone: Hugo's page path and
//! language(s), Jekyll's document and collection.

use std::path::Path;
use std::sync::Arc;

use crate::generator::hugo::names::hugo_normalize;
use crate::generator::page::{Page, Role};
use crate::site::Site;

/// The page a content file is, from its path alone. `None` when the file is
/// not under a content folder. A file in several languages (a multilingual
/// mount) gives one page per language.
pub fn hugo_pages(site: &Site, path: &Path) -> Vec<Page> {
    let config = site.hugo();
    let Some((logical, dir)) = site.content_path(path) else {
        return Vec::new();
    };
    let mount = site
        .content
        .iter()
        .position(|d| std::ptr::eq(d, dir))
        .unwrap_or(0);
    let (dir_path, file) = match logical.rsplit_once('/') {
        Some((dir, file)) => (dir.to_string(), file),
        None => (String::new(), logical.as_str()),
    };
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let (stem, suffix_lang) = match stem.rsplit_once('.') {
        Some((base, lang))
            if config
                .language_codes
                .iter()
                .any(|l| l.eq_ignore_ascii_case(lang)) =>
        {
            (base, Some(lang.to_ascii_lowercase()))
        }
        _ => (stem, None),
    };
    let langs: Vec<String> = match (&dir.lang, suffix_lang) {
        (Some(lang), _) => vec![lang.to_ascii_lowercase()],
        (None, Some(lang)) => vec![lang],
        (None, None) => site
            .hugo_extras()
            .multi_lang_dirs
            .iter()
            .find(|(source, _)| path.starts_with(source))
            .map(|(_, langs)| langs.clone())
            .unwrap_or_else(|| vec![config.default_lang.clone()]),
    };
    let role = match stem {
        "index" => Role::Leaf,
        "_index" => Role::Branch,
        _ => Role::Regular,
    };
    let (key, name) = match role {
        Role::Regular if dir_path.is_empty() => (format!("/{stem}"), stem.to_string()),
        Role::Regular => (format!("/{dir_path}/{stem}"), stem.to_string()),
        _ => (
            format!("/{dir_path}"),
            dir_path.rsplit('/').next().unwrap_or_default().to_string(),
        ),
    };
    let key = hugo_normalize(&key);
    let name = hugo_normalize(&name);
    let is_post = role != Role::Branch && {
        let section = logical.split('/').next().unwrap_or_default();
        matches!(section, "posts" | "post" | "blog") && logical.contains('/')
    };
    let file: Arc<Path> = Arc::from(path);
    langs
        .into_iter()
        .map(|lang| Page {
            file: Some(Arc::clone(&file)),
            logical: logical.clone(),
            lang,
            role,
            key: key.clone(),
            name: name.clone(),
            collection: None,
            is_post,
            mount,
        })
        .collect()
}

/// The document a file is, from its path alone.
pub fn jekyll_page(site: &Site, path: &Path) -> Option<Page> {
    let config = site.jekyll();
    let relative = site.relative(path);
    let parts: Vec<&str> = relative.split('/').collect();
    let file = parts.last().copied().unwrap_or_default();
    let stem = file
        .rsplit_once('.')
        .map_or(file, |(stem, _)| stem)
        .to_string();
    // `_posts` and `_drafts` work at any depth; the folders above them are
    // the post's categories.
    let collection = if let Some(at) = parts[..parts.len().saturating_sub(1)]
        .iter()
        .position(|p| *p == "_posts" || *p == "_drafts")
    {
        Some(parts[at].trim_start_matches('_').to_string())
    } else {
        config
            .collections
            .iter()
            .find(|c| relative.starts_with(&format!("{}/", c.dir)))
            .map(|c| c.label.clone())
    };
    // Document paths (`post_url`, `link`) are relative to `collections_dir`.
    let key = match &collection {
        Some(_) if !config.collections_dir.is_empty() => relative
            .strip_prefix(&format!("{}/", config.collections_dir))
            .unwrap_or(&relative)
            .to_string(),
        _ => relative.clone(),
    };
    let is_post = matches!(collection.as_deref(), Some("posts" | "drafts"));
    Some(Page {
        file: Some(Arc::from(path)),
        logical: relative,
        lang: String::new(),
        role: Role::Regular,
        key,
        name: stem,
        collection,
        is_post,
        mount: 0,
    })
}
