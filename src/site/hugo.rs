//! Hugo sites: config merging (`config/_default/`), content mounts,
//! per-language content folders, themes.

use std::fs;
use std::path::{Path, PathBuf};

use super::{ContentDir, Flavor, Site, read_config, resolve, url_path};
use crate::document::value::{Entry, Node, Value};
use crate::error::Error;

/// Merges `config/_default/*.{toml,yaml,yml,json}` into `config`: `hugo.*`
/// and `config.*` at the root, `params.toml` under `params`,
/// `languages.de.toml` under `languages.de`. Keys already set win.
pub(super) fn merge_config_dir(
    dir: &Path,
    config: &mut Node,
    files: &mut Vec<PathBuf>,
) -> Result<(), Error> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.is_file()
                && matches!(
                    path.extension().and_then(|ext| ext.to_str()),
                    Some("toml" | "yaml" | "yml" | "json")
                )
        })
        .collect();
    entries.sort();
    for file in entries {
        let stem = file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_string();
        let mut value = read_config(&file)?;
        if stem != "hugo" && stem != "config" {
            for key in stem.rsplit('.') {
                let span = value.span;
                value = Node::new(
                    Value::Map(vec![Entry {
                        key: key.to_string(),
                        key_span: span,
                        value,
                    }]),
                    span,
                );
            }
        }
        merge(config, value);
        files.push(file);
    }
    Ok(())
}

/// Deep-merges `from` into `into`; keys `into` already has (ignoring case) win.
fn merge(into: &mut Node, from: Node) {
    let Value::Map(from_entries) = from.value else {
        return;
    };
    let Value::Map(into_entries) = &mut into.value else {
        return;
    };
    for entry in from_entries {
        match into_entries
            .iter_mut()
            .find(|existing| existing.key.eq_ignore_ascii_case(&entry.key))
        {
            Some(existing) => merge(&mut existing.value, entry.value),
            None => into_entries.push(entry),
        }
    }
}

struct Mount {
    source: String,
    target: String,
    lang: Option<String>,
}

fn mounts(config: &Node) -> Vec<Mount> {
    let Some(items) = config.path_ci(&["module", "mounts"]).and_then(Node::as_seq) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let source = item.get_ci("source")?.as_str()?.to_string();
            let target = item
                .get_ci("target")?
                .as_str()?
                .trim_matches('/')
                .to_string();
            let lang = item
                .get_ci("lang")
                .and_then(Node::as_str)
                .map(str::to_string)
                .or_else(|| {
                    let langs = item
                        .path_ci(&["sites", "matrix", "languages"])?
                        .string_list();
                    (langs.len() == 1).then(|| langs[0].to_string())
                });
            Some(Mount {
                source,
                target,
                lang,
            })
        })
        .collect()
}

/// The mounts for one component (`content`, `static`, `assets`, `layouts`):
/// `(source, path inside the component)`.
fn component_mounts<'a>(mounts: &'a [Mount], component: &str) -> Vec<(&'a Mount, String)> {
    mounts
        .iter()
        .filter_map(|mount| {
            let rest = mount.target.strip_prefix(component)?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            Some((mount, rest.trim_start_matches('/').to_string()))
        })
        .collect()
}

fn string_setting<'a>(config: &'a Node, key: &str) -> Option<&'a str> {
    config.get_ci(key).and_then(Node::as_str)
}

fn bool_setting(config: &Node, key: &str) -> bool {
    config.get_ci(key).and_then(Node::as_bool).unwrap_or(false)
}

pub(super) fn site(root: &Path, config_files: Vec<PathBuf>, config: Node) -> Site {
    let mounts = mounts(&config);
    let languages: Vec<(String, &Node)> = config
        .get_ci("languages")
        .map(|langs| {
            langs
                .entries()
                .iter()
                .map(|entry| (entry.key.clone(), &entry.value))
                .collect()
        })
        .unwrap_or_default();

    let mut content = Vec::new();
    let content_mounts = component_mounts(&mounts, "content");
    if content_mounts.is_empty() {
        // The site-wide contentDir serves the languages without their own.
        let every_language_has_its_own = !languages.is_empty()
            && languages
                .iter()
                .all(|(_, settings)| string_setting(settings, "contentDir").is_some());
        if !every_language_has_its_own {
            let dir = string_setting(&config, "contentDir").unwrap_or("content");
            content.push(ContentDir {
                path: resolve(root, dir),
                target: String::new(),
                lang: None,
            });
        }
        for (lang, settings) in &languages {
            if let Some(dir) = string_setting(settings, "contentDir") {
                content.push(ContentDir {
                    path: resolve(root, dir),
                    target: String::new(),
                    lang: Some(lang.clone()),
                });
            }
        }
    } else {
        for (mount, target) in content_mounts {
            content.push(ContentDir {
                path: resolve(root, &mount.source),
                target,
                lang: mount.lang.clone(),
            });
        }
    }
    content.retain(|dir| dir.path.exists());

    let themes_dir = string_setting(&config, "themesDir").unwrap_or("themes");
    let mut themes = Vec::new();
    let mut missing_themes = Vec::new();
    if let Some(theme) = config.get_ci("theme") {
        for name in theme.string_list() {
            let path = resolve(&resolve(root, themes_dir), name);
            if path.is_dir() {
                themes.push(path);
            } else {
                missing_themes.push(name.to_string());
            }
        }
    }

    let component_dirs = |component: &str, setting: &str| -> Vec<PathBuf> {
        let mounted = component_mounts(&mounts, component);
        let mut dirs: Vec<PathBuf> = if mounted.is_empty() {
            let mut dirs: Vec<PathBuf> = config
                .get_ci(setting)
                .map(|node| {
                    node.string_list()
                        .into_iter()
                        .map(|d| resolve(root, d))
                        .collect()
                })
                .unwrap_or_else(|| vec![root.join(component)]);
            for (_, settings) in &languages {
                if let Some(dir) = string_setting(settings, setting) {
                    dirs.push(resolve(root, dir));
                }
            }
            dirs
        } else {
            mounted
                .iter()
                .filter(|(_, inside)| inside.is_empty())
                .map(|(mount, _)| resolve(root, &mount.source))
                .collect()
        };
        dirs.extend(themes.iter().map(|theme| theme.join(component)));
        dirs.retain(|dir| dir.is_dir());
        dirs
    };
    let static_dirs = component_dirs("static", "staticDir");
    let asset_dirs = component_dirs("assets", "assetDir");
    let layout_dirs = component_dirs("layouts", "layoutDir");

    let ignore_files = config
        .get_ci("ignoreFiles")
        .map(|node| {
            node.string_list()
                .into_iter()
                .filter_map(|pattern| regex::Regex::new(pattern).ok())
                .collect()
        })
        .unwrap_or_default();

    let base_url = string_setting(&config, "baseURL").map(str::to_string);
    let base_path = url_path(base_url.as_deref().unwrap_or("/"));
    let mut language_codes: Vec<String> = languages.iter().map(|(lang, _)| lang.clone()).collect();
    if language_codes.is_empty() {
        language_codes.push(
            string_setting(&config, "defaultContentLanguage")
                .unwrap_or("en")
                .to_string(),
        );
    }

    Site {
        root: root.to_path_buf(),
        flavor: Flavor::Hugo,
        config_files,
        time_zone: string_setting(&config, "timeZone").map(str::to_string),
        build_future: bool_setting(&config, "buildFuture"),
        build_expired: bool_setting(&config, "buildExpired"),
        build_drafts: bool_setting(&config, "buildDrafts"),
        base_url,
        base_path,
        content,
        static_dirs,
        asset_dirs,
        layout_dirs,
        themes,
        missing_themes,
        languages: language_codes,
        ignore_files,
        exclude: Vec::new(),
        include: Vec::new(),
        collections: Vec::new(),
        markdown_extensions: ["md", "markdown", "mdown"].map(String::from).to_vec(),
        shortcode_registry: Default::default(),
        memo: Default::default(),
        config,
        listings: Default::default(),
    }
}

pub(super) fn is_content(site: &Site, path: &Path) -> bool {
    if !site.is_markdown(path) || site.content_dir(path).is_none() {
        return false;
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.starts_with('#') || name.ends_with('~') {
        return false;
    }
    if site.ignore_files.is_empty() {
        return true;
    }
    let full = super::slash_path(path);
    !site.ignore_files.iter().any(|re| re.is_match(&full))
}
