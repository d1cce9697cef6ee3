//! Hugo sites: config merging (`config/_default/`), content mounts,
//! per-language content folders, themes, and what the site's folders add
//! to its config (render hooks, the themes' output formats).

use std::fs;
use std::path::{Path, PathBuf};

use super::{ContentDir, Generator, Site, hugo_modules, read_config};
use crate::error::Error;
use crate::generator::hugo::LinkHook;
use crate::generator::hugo::config::{Config, Mount, output_formats};
use crate::generator::{Build, Flavor};
use crate::text::paths::{resolve, slash_path};
use crate::text::urls::url_path;
use crate::value::{Entry, Node, Value};

/// Merges a config folder (`config/_default/`, `config/production/`) over
/// `config`: `hugo.*` and `config.*` at the root, `params.toml` under
/// `params`, `languages.de.toml` under `languages.de`. As in Hugo, the
/// folder's keys win; tables merge key by key, anything else (a list
/// included) is replaced.
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

/// Deep-merges `from` over `into`: tables key by key (ignoring case),
/// anything else replaced by `from`'s value.
fn merge(into: &mut Node, from: Node) {
    let Value::Map(into_entries) = &mut into.value else {
        *into = from;
        return;
    };
    let Value::Map(from_entries) = from.value else {
        *into = from;
        return;
    };
    for entry in from_entries {
        match into_entries
            .iter_mut()
            .find(|existing| existing.key.eq_ignore_ascii_case(&entry.key))
        {
            Some(existing) if existing.value.is_map() && entry.value.is_map() => {
                merge(&mut existing.value, entry.value)
            }
            Some(existing) => existing.value = entry.value,
            None => into_entries.push(entry),
        }
    }
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

pub(super) fn site(root: &Path, config_files: Vec<PathBuf>, node: Node) -> Site {
    let config = Config::parse(&node);
    let mut content = Vec::new();
    let content_mounts = component_mounts(&config.mounts, "content");
    if content_mounts.is_empty() {
        // The site-wide contentDir serves the languages without their own.
        let every_language_has_its_own = !config.languages.is_empty()
            && config
                .languages
                .iter()
                .all(|language| language.content_dir.is_some());
        if !every_language_has_its_own {
            let dir = config.content_dir.as_deref().unwrap_or("content");
            content.push(ContentDir {
                path: resolve(root, dir),
                target: String::new(),
                lang: None,
            });
        }
        for language in &config.languages {
            if let Some(dir) = &language.content_dir {
                content.push(ContentDir {
                    path: resolve(root, dir),
                    target: String::new(),
                    lang: Some(language.code.clone()),
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

    let (themes, missing_themes) =
        hugo_modules::resolve_modules(root, &config, &|key| std::env::var(key).ok());

    let component_dirs = |component: &str, setting: &str| -> Vec<PathBuf> {
        let mounted = component_mounts(&config.mounts, component);
        let mut dirs: Vec<PathBuf> = if mounted.is_empty() {
            let configured = match setting {
                "staticDir" => &config.static_dirs,
                "assetDir" => &config.asset_dirs,
                _ => &config.layout_dirs,
            };
            let mut dirs: Vec<PathBuf> = configured
                .as_ref()
                .map(|list| list.iter().map(|d| resolve(root, d)).collect())
                .unwrap_or_else(|| vec![root.join(component)]);
            for language in &config.languages {
                if let Some(dir) = language.dir(setting) {
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
        dirs.extend(
            themes
                .iter()
                .flat_map(|theme| theme.component(component).map(Path::to_path_buf)),
        );
        dirs.retain(|dir| dir.is_dir());
        dirs
    };
    let static_dirs = component_dirs("static", "staticDir");
    let asset_dirs = component_dirs("assets", "assetDir");
    let layout_dirs = component_dirs("layouts", "layoutDir");

    let base_url = config.base_url.clone();
    let base_path = url_path(base_url.as_deref().unwrap_or("/"));
    let mut languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    if languages.is_empty() {
        languages.push(config.default_language.clone());
    }

    Site {
        root: root.to_path_buf(),
        flavor: Flavor::Hugo,
        config_files,
        build: Build {
            time_zone: config.time_zone.clone(),
            future: config.build_future,
            expired: config.build_expired,
            drafts: config.build_drafts,
        },
        base_url,
        base_path,
        content,
        static_dirs,
        asset_dirs,
        layout_dirs,
        themes,
        missing_themes,
        languages,
        collections: Vec::new(),
        markdown_extensions: ["md", "markdown", "mdown"].map(String::from).to_vec(),
        shortcode_registry: Default::default(),
        hugo_extras: Default::default(),
        plugin_tags: Default::default(),
        liquid_tags_declared: false,
        memo: Default::default(),
        generator: Generator::Hugo(Box::new(config)),
        config: node,
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
    let ignore_files = &site.hugo().ignore_files;
    if ignore_files.is_empty() {
        return true;
    }
    let full = slash_path(path);
    !ignore_files.iter().any(|re| re.is_match(&full))
}

/// What a Hugo site's folders add to its config.
#[derive(Debug)]
pub struct Extras {
    /// Content folders mounted for several languages, with those languages.
    pub multi_lang_dirs: Vec<(PathBuf, Vec<String>)>,
    /// Whether the site or a theme renders links with a template of its
    /// own (or a missing theme may).
    custom_link_hook: bool,
    /// `baseName`s of the output formats the site and its themes define
    /// (`llms` for `llms.txt`).
    pub output_base_names: Vec<String>,
    /// The `path`s of those output formats (`_print`): URLs below them are
    /// generated.
    pub output_paths: Vec<String>,
}

impl Extras {
    pub(super) fn read(site: &Site) -> Extras {
        let config = site.hugo();
        let mut formats = config.output_formats.clone();
        for theme in &site.themes {
            for name in super::HUGO_CONFIGS {
                let file = theme.dir.join(name);
                if file.is_file()
                    && let Ok(theme_config) = read_config(&file)
                {
                    formats.extend(output_formats(&theme_config));
                    break;
                }
            }
        }
        Extras {
            multi_lang_dirs: config
                .mounts
                .iter()
                .filter(|mount| mount.target.starts_with("content") && mount.languages.len() > 1)
                .map(|mount| (resolve(&site.root, &mount.source), mount.languages.clone()))
                .collect(),
            custom_link_hook: has_custom_link_hook(site) || !site.missing_themes.is_empty(),
            output_base_names: formats.iter().filter_map(|f| f.base_name.clone()).collect(),
            output_paths: formats
                .iter()
                .filter_map(|f| f.path.as_deref())
                .map(|path| path.trim_matches('/').to_string())
                .filter(|path| !path.is_empty())
                .collect(),
        }
    }
}

impl Extras {
    /// What turns a Markdown link destination on a page of `lang` into an
    /// `href`. Hugo 0.168: a hook in `layouts/_markup/` of the site or a
    /// theme wins; else the language's
    /// `markup.goldmark.renderHooks.link.useEmbedded` (`auto`: only for
    /// multilingual sites; the older `enableDefault = true` means always).
    pub fn link_hook(&self, site: &Site, lang: &str) -> LinkHook {
        if self.custom_link_hook {
            return LinkHook::Custom;
        }
        let config = site.hugo();
        let settings = &config.for_lang(lang).link_hook;
        match (settings.use_embedded.as_deref(), settings.enable_default) {
            (Some("always" | "fallback"), _) | (None, Some(true)) => LinkHook::Embedded,
            (Some("never"), _) => LinkHook::Literal,
            _ if config.language_codes.len() > 1 => LinkHook::Embedded,
            _ => LinkHook::Literal,
        }
    }
}

/// Whether the site or a theme has a link render hook
/// (`layouts/_markup/render-link.html`, or the older `_default/_markup/`).
fn has_custom_link_hook(site: &Site) -> bool {
    site.layout_dirs.iter().any(|dir| {
        ["_markup", "_default/_markup"].iter().any(|sub| {
            std::fs::read_dir(dir.join(sub)).is_ok_and(|entries| {
                entries.filter_map(Result::ok).any(|entry| {
                    entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with("render-link")
                })
            })
        })
    })
}
