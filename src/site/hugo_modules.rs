//! Hugo's themes and modules, found as Hugo 0.168 finds them
//! (`modules/collect.go`, `modules/config.go`, `modules/client.go`): the
//! site's `module.imports`, then its `theme` entries; each resolved in
//! Hugo's order (`module.replacements`, `_vendor/`, the Go workspace and
//! `go.mod` replacements, the module cache, the themes folder) and followed
//! into its own config's imports and themes, depth first; a path imported
//! twice (ignoring case and a `/vN` suffix) counts once, the first time.
//! Nothing is downloaded and Go is never run: what is not on disk is
//! reported missing with where postlint looked.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::themes::{MissingTheme, Mounted, Theme, ThemeFix, is_empty_dir, themes_dir};
use super::{HUGO_CONFIGS, hugo::merge_config_dir, read_config};
use crate::generator::hugo::Config;
use crate::generator::hugo::config::{ModuleImport, Mount};
use crate::generator::hugo::modules::{
    GoMod, escape, is_probably_module, path_base, replacements, vendored,
};
use crate::text::paths::resolve;
use crate::value::Node;

/// The environment variables Hugo (and Go) read here, as a lookup so that
/// tests need not change the process's environment.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The folders Hugo mounts from a module that declares no mounts, when they
/// exist (`files.ComponentFolders`).
const COMPONENTS: &[&str] = &[
    "archetypes",
    "static",
    "layouts",
    "content",
    "data",
    "assets",
    "i18n",
];

/// The site's themes and modules in Hugo's lookup order, and those missing.
pub(super) fn resolve_modules(
    root: &Path,
    config: &Config,
    env: Env,
) -> (Vec<Theme>, Vec<MissingTheme>) {
    let mut resolver = Resolver::new(root, config, env);
    let mut imports: Vec<Import> = config
        .imports
        .iter()
        .map(|import| Import::of(import, false))
        .collect();
    imports.extend(site_themes(config, env).into_iter().map(Import::theme));
    resolver.collect(imports, root, None, None);
    (resolver.found, resolver.missing)
}

/// The `theme` entries: `HUGO_THEME` replaces the config's (a list when
/// written as one, `["a","b"]`).
fn site_themes(config: &Config, env: Env) -> Vec<String> {
    let Some(value) = env("HUGO_THEME").filter(|v| !v.trim().is_empty()) else {
        return config.themes.clone();
    };
    match value
        .trim()
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
    {
        Some(list) => list
            .split(',')
            .map(|item| item.trim().trim_matches(['"', '\'']).to_string())
            .filter(|item| !item.is_empty())
            .collect(),
        None => vec![value],
    }
}

/// One import to resolve: a `module.imports` entry or a `theme` entry.
#[derive(Debug, Clone)]
struct Import {
    settings: ModuleImport,
    /// The path as written (`settings.path`).
    path: String,
    /// Entries of `theme` are never replaced by `module.replacements`.
    is_theme: bool,
}

impl Import {
    fn of(import: &ModuleImport, is_theme: bool) -> Import {
        Import {
            path: import.path.clone().unwrap_or_default(),
            settings: import.clone(),
            is_theme,
        }
    }

    fn theme(name: String) -> Import {
        Import {
            settings: ModuleImport {
                path: Some(name.clone()),
                ..ModuleImport::default()
            },
            path: name,
            is_theme: true,
        }
    }
}

/// Where one import was found, or where it was looked for.
enum Located {
    Found(PathBuf),
    Missing(Vec<PathBuf>, ThemeFix),
}

struct Resolver<'a> {
    root: &'a Path,
    themes_dir: PathBuf,
    replacements: Vec<(String, String)>,
    ignore_vendor: Option<GlobMatcher>,
    /// The site's `go.mod`: without one Hugo never asks Go.
    go_mod: Option<GoMod>,
    /// The workspace's modules: (module path, folder).
    workspace: Vec<(String, PathBuf)>,
    /// Go's module cache (`…/pkg/mod`).
    mod_cache: PathBuf,
    /// `_vendor/modules.txt` entries read so far: (key, folder), the first
    /// listing winning; and the owners whose `_vendor` was read.
    vendored: Vec<(String, PathBuf)>,
    vendor_read: HashSet<PathBuf>,
    seen: HashSet<String>,
    found: Vec<Theme>,
    missing: Vec<MissingTheme>,
}

impl<'a> Resolver<'a> {
    fn new(root: &'a Path, config: &Config, env: Env) -> Resolver<'a> {
        let settings = &config.module_settings;
        let replacement_items: Vec<String> = match env("HUGO_MODULE_REPLACEMENTS") {
            Some(value) if !value.trim().is_empty() => vec![value],
            _ => settings.replacements.clone(),
        };
        let items: Vec<&str> = replacement_items.iter().map(String::as_str).collect();
        let ignore_vendor = env("HUGO_IGNOREVENDORPATHS")
            .or_else(|| settings.ignore_vendor_paths.clone())
            .and_then(|pattern| vendor_glob(&pattern));
        let go_mod = fs::read_to_string(root.join("go.mod"))
            .ok()
            .map(|text| GoMod::parse(&text));
        let workspace_file = env("HUGO_MODULE_WORKSPACE")
            .or_else(|| settings.workspace.clone())
            .filter(|file| !file.is_empty() && file != "off");
        let workspace = match (&go_mod, workspace_file) {
            (Some(_), Some(file)) => workspace_modules(&resolve(root, &file)),
            _ => Vec::new(),
        };
        let themes_dir = env("HUGO_THEMESDIR")
            .map(|dir| resolve(root, &dir))
            .unwrap_or_else(|| themes_dir(root, config));
        Resolver {
            root,
            themes_dir,
            replacements: replacements(&items),
            ignore_vendor,
            go_mod,
            workspace,
            mod_cache: module_cache(root, config, env),
            vendored: Vec::new(),
            vendor_read: HashSet::new(),
            seen: HashSet::new(),
            found: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Resolves `imports` of the module at `owner_dir` (named `owner`;
    /// `None`: the site), each followed by its own imports (depth first).
    fn collect(
        &mut self,
        imports: Vec<Import>,
        owner_dir: &Path,
        owner: Option<&str>,
        declared_as: Option<&str>,
    ) {
        let owner_go_mod = match owner {
            None => None,
            Some(_) => fs::read_to_string(owner_dir.join("go.mod"))
                .ok()
                .map(|text| GoMod::parse(&text)),
        };
        for mut import in imports {
            if import.settings.disable || import.path.trim().is_empty() {
                continue;
            }
            let mut replaced = false;
            if !import.is_theme
                && let Some((_, new)) = self
                    .replacements
                    .iter()
                    .find(|(old, _)| *old == import.path)
            {
                import.path = new.clone();
                replaced = true;
            }
            if !self.seen.insert(path_base(&import.path)) {
                continue;
            }
            let declared = declared_as.unwrap_or(&import.path).to_string();
            match self.locate(&import, replaced, owner_dir, owner_go_mod.as_ref()) {
                Located::Found(dir) => {
                    let config = if import.settings.ignore_config {
                        None
                    } else {
                        module_config(&dir).unwrap_or_else(|error| {
                            // Found, but its imports and mounts are unknown.
                            self.missing.push(MissingTheme {
                                name: import.path.clone(),
                                imported_by: owner.map(str::to_string),
                                declared_as: declared.clone(),
                                looked: Vec::new(),
                                fix: ThemeFix::BrokenConfig(error),
                            });
                            None
                        })
                    };
                    let mounts = mounts(&import.settings, config.as_ref(), &dir);
                    self.found.push(Theme {
                        name: import.path.clone(),
                        dir: dir.clone(),
                        mounts,
                    });
                    if let Some(config) = config
                        && !import.settings.ignore_imports
                    {
                        let mut children: Vec<Import> = config
                            .imports
                            .iter()
                            .map(|child| Import::of(child, false))
                            .collect();
                        children.extend(config.themes.iter().cloned().map(Import::theme));
                        self.collect(children, &dir, Some(&import.path), Some(&declared));
                    }
                }
                Located::Missing(looked, fix) => self.missing.push(MissingTheme {
                    name: import.path.clone(),
                    imported_by: owner.map(str::to_string),
                    declared_as: declared,
                    looked,
                    fix,
                }),
            }
        }
    }

    /// Where Hugo takes one import from (`collector.getAndCreateModule`).
    fn locate(
        &mut self,
        import: &Import,
        replaced: bool,
        owner_dir: &Path,
        owner_go_mod: Option<&GoMod>,
    ) -> Located {
        let path = import.path.as_str();
        let query = import.settings.version.as_deref().filter(|q| !q.is_empty());
        let mut looked = Vec::new();
        let module_like = is_probably_module(path);
        // A replacement by a folder goes straight to the themes folder.
        if !replaced || module_like {
            let key = match query {
                Some(query) => format!("{path}@{}", query_escape(query)),
                None => path.to_string(),
            };
            let ignored = self
                .ignore_vendor
                .as_ref()
                .is_some_and(|glob| glob.is_match(key.to_lowercase()));
            if !ignored {
                self.read_vendor(owner_dir);
                self.read_vendor(self.root);
                if let Some((_, dir)) = self.vendored.iter().find(|(listed, _)| *listed == key) {
                    if is_module_dir(dir) {
                        return Located::Found(dir.clone());
                    }
                    looked.push(dir.clone());
                }
            }
            let exact_version = query.filter(|q| is_exact_version(q));
            if module_like && (self.go_mod.is_some() || exact_version.is_some()) {
                if query.is_none()
                    && let Some(go_mod) = &self.go_mod
                {
                    if let Some((_, dir)) = self
                        .workspace
                        .iter()
                        .find(|(module, _)| module.eq_ignore_ascii_case(path))
                    {
                        if is_module_dir(dir) {
                            return Located::Found(dir.clone());
                        }
                        looked.push(dir.clone());
                    }
                    if let Some(replace) = go_mod
                        .replaces
                        .iter()
                        .find(|r| r.path.eq_ignore_ascii_case(path))
                    {
                        let dir = resolve(self.root, &replace.dir);
                        if is_module_dir(&dir) {
                            return Located::Found(dir);
                        }
                        looked.push(dir);
                    }
                }
                let version = exact_version.or_else(|| {
                    self.go_mod
                        .as_ref()
                        .and_then(|go_mod| go_mod.required(path))
                        .or_else(|| owner_go_mod.and_then(|go_mod| go_mod.required(path)))
                });
                match version {
                    Some(version) => {
                        let dir =
                            self.mod_cache
                                .join(format!("{}@{}", escape(path), escape(version)));
                        if is_module_dir(&dir) {
                            return Located::Found(dir);
                        }
                        looked.push(dir);
                    }
                    None => looked.push(self.mod_cache.join(format!("{}@…", escape(path)))),
                }
                // With a go.mod, Hugo asks Go for a module path and never
                // falls back to the themes folder.
                return Located::Missing(looked, ThemeFix::HugoModule);
            }
        }
        let dir = if Path::new(path).is_absolute() {
            PathBuf::from(path)
        } else {
            resolve(&self.themes_dir, path)
        };
        if is_module_dir(&dir) {
            return Located::Found(dir);
        }
        let fix = if dir.is_dir() {
            ThemeFix::Submodule(dir.clone())
        } else if module_like {
            ThemeFix::HugoModule
        } else {
            ThemeFix::HugoThemesFolder
        };
        looked.push(dir);
        Located::Missing(looked, fix)
    }

    /// Reads `<owner>/_vendor/modules.txt` once.
    fn read_vendor(&mut self, owner: &Path) {
        if !self.vendor_read.insert(owner.to_path_buf()) {
            return;
        }
        let vendor = owner.join("_vendor");
        let Ok(text) = fs::read_to_string(vendor.join("modules.txt")) else {
            return;
        };
        for (key, _version) in vendored(&text) {
            if !self.vendored.iter().any(|(listed, _)| *listed == key) {
                let dir = vendor.join(&key);
                self.vendored.push((key, dir));
            }
        }
    }
}

/// A folder that holds a module: it exists and is not empty.
fn is_module_dir(dir: &Path) -> bool {
    dir.is_dir() && !is_empty_dir(dir)
}

/// A version query that names one version (`v1.2.3`), which is then the
/// folder's version in the module cache; a range (`>=v1.0.0`) needs Go.
fn is_exact_version(query: &str) -> bool {
    query.starts_with('v')
        && query[1..].starts_with(|c: char| c.is_ascii_digit())
        && !query.contains(['<', '>', '=', ' ', '*'])
}

/// Go's `url.QueryEscape`, which Hugo uses for a version query in
/// `_vendor/` keys: `>=v2.0.0` becomes `%3E%3Dv2.0.0`.
fn query_escape(query: &str) -> String {
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b' ');
    utf8_percent_encode(query, QUERY)
        .to_string()
        .replace(' ', "+")
}

/// `ignoreVendorPaths` as Hugo compiles it (`hglob.GetGlob`): lower case,
/// `/`-separated, `*` within one path element, `**` across them.
fn vendor_glob(pattern: &str) -> Option<GlobMatcher> {
    let normalized = pattern
        .to_lowercase()
        .replace('\\', "/")
        .trim_matches(['/', '.'])
        .to_string();
    if normalized.is_empty() {
        return None;
    }
    GlobBuilder::new(&normalized)
        .literal_separator(true)
        .build()
        .ok()
        .map(|glob| glob.compile_matcher())
}

/// A `go.work`-style workspace file's modules: each `use` folder (relative
/// to the file) with the module path its `go.mod` declares.
fn workspace_modules(file: &Path) -> Vec<(String, PathBuf)> {
    let Ok(text) = fs::read_to_string(file) else {
        return Vec::new();
    };
    let base = file.parent().unwrap_or(Path::new("/"));
    GoMod::parse(&text)
        .uses
        .iter()
        .filter_map(|dir| {
            let dir = resolve(base, dir);
            let module = GoMod::parse(&fs::read_to_string(dir.join("go.mod")).ok()?).module?;
            Some((module, dir))
        })
        .collect()
}

/// Go's module cache as Hugo sets it up: `GOMODCACHE` when set, else
/// `<modules cache>/filecache/modules/pkg/mod`, the modules cache being
/// `caches.modules.dir` (`:cacheDir/modules` by default).
fn module_cache(root: &Path, config: &Config, env: Env) -> PathBuf {
    if let Some(dir) = env("GOMODCACHE").filter(|dir| Path::new(dir).is_absolute()) {
        return PathBuf::from(dir);
    }
    let cache_dir = cache_dir(config, env);
    let modules = match config.module_settings.modules_cache_dir.as_deref() {
        Some(dir) => match dir.strip_prefix(":cacheDir") {
            Some(rest) => resolve(&cache_dir, rest.trim_start_matches(['/', '\\'])),
            None => resolve(root, dir),
        },
        None => cache_dir.join("modules"),
    };
    modules.join("filecache/modules/pkg/mod")
}

/// Hugo's `cacheDir` (`helpers.GetCacheDir`): `HUGO_CACHEDIR`, else the
/// config's `cacheDir`, else `hugo_cache` in the user's cache folder when
/// that folder exists, else in the temporary folder.
fn cache_dir(config: &Config, env: Env) -> PathBuf {
    if let Some(dir) = env("HUGO_CACHEDIR")
        .or_else(|| config.module_settings.cache_dir.clone())
        .filter(|dir| !dir.is_empty())
    {
        return PathBuf::from(dir);
    }
    if let Some(user) = user_cache_dir(env).filter(|dir| dir.is_dir()) {
        return user.join("hugo_cache");
    }
    let temp = env(if cfg!(windows) { "TEMP" } else { "TMPDIR" })
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    match env("USER").filter(|user| !user.is_empty()) {
        Some(user) => temp.join(format!("hugo_cache_{user}")),
        None => temp.join("hugo_cache"),
    }
}

/// Go's `os.UserCacheDir`.
fn user_cache_dir(env: Env) -> Option<PathBuf> {
    if cfg!(windows) {
        return env("LocalAppData").map(PathBuf::from);
    }
    let home = env("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from);
    if cfg!(target_os = "macos") {
        return home.map(|home| home.join("Library/Caches"));
    }
    env("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| home.map(|home| home.join(".cache")))
}

/// A module's own config (`collect.go: applyThemeConfig`): the first of
/// Hugo's config file names, with `config/_default/` over it; `None` when
/// it has none. A config that does not parse is the error's message (Hugo
/// fails on it): its imports and mounts are then unknown.
fn module_config(dir: &Path) -> Result<Option<Config>, String> {
    let mut node = match HUGO_CONFIGS
        .iter()
        .map(|name| dir.join(name))
        .find(|file| file.is_file())
    {
        Some(file) => Some(read_config(&file).map_err(|err| err.to_string())?),
        None => None,
    };
    let config_dir = dir.join("config").join("_default");
    if config_dir.is_dir() {
        let mut merged = node.take().unwrap_or_default();
        let mut files = Vec::new();
        merge_config_dir(&config_dir, &mut merged, &mut files).map_err(|err| err.to_string())?;
        node = Some(merged);
    }
    Ok(node.map(|node: Node| Config::parse(&node)))
}

/// What Hugo mounts of a module (`collect.go: applyMounts`): the import's
/// `mounts`, else the module's own `module.mounts`, else each component
/// folder it has; none under `noMounts`. Mounts whose folder does not
/// exist are dropped, as Hugo drops them.
fn mounts(import: &ModuleImport, config: Option<&Config>, dir: &Path) -> Vec<Mounted> {
    if import.no_mounts {
        return Vec::new();
    }
    let declared: Option<&Vec<Mount>> = import.mounts.as_ref().or_else(|| {
        config
            .map(|config| &config.mounts)
            .filter(|m| !m.is_empty())
    });
    match declared {
        Some(mounts) => mounts
            .iter()
            .filter(|mount| !mount.source.is_empty() && !mount.target.is_empty())
            .map(|mount| Mounted {
                dir: resolve(dir, &mount.source),
                target: mount.target.trim_matches('/').to_string(),
            })
            .filter(|mounted| mounted.dir.exists())
            .collect(),
        None => COMPONENTS
            .iter()
            .map(|component| Mounted {
                dir: dir.join(component),
                target: component.to_string(),
            })
            .filter(|mounted| mounted.dir.is_dir())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }

    fn resolve_in(
        root: &Path,
        config: &str,
        env: &[(&str, &str)],
    ) -> (Vec<Theme>, Vec<MissingTheme>) {
        let node = crate::value::parse_toml(config, 0).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = move |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        resolve_modules(root, &Config::parse(&node), &lookup)
    }

    fn names(themes: &[Theme]) -> Vec<&str> {
        themes.iter().map(|theme| theme.name.as_str()).collect()
    }

    #[test]
    fn themes_and_imports_depth_first_in_hugo_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "themes/a/layouts/a.html", "");
        write(
            root,
            "themes/b/hugo.toml",
            "theme = \"c\"\n[[module.imports]]\npath = \"d\"\n",
        );
        write(root, "themes/b/layouts/b.html", "");
        write(root, "themes/c/layouts/c.html", "");
        write(
            root,
            "themes/d/config.toml",
            "[[module.mounts]]\nsource = \"mylayouts\"\ntarget = \"layouts\"\n",
        );
        write(root, "themes/d/mylayouts/single.html", "");
        write(root, "themes/d/layouts/ignored.html", "");
        let (found, missing) =
            resolve_in(root, "theme = [\"a\", \"b\"]", &[("HOME", "/nonexistent")]);
        assert_eq!(names(&found), ["a", "b", "d", "c"]);
        assert!(missing.is_empty());
        let d = &found[2];
        assert_eq!(d.mounts.len(), 1, "declared mounts replace the defaults");
        assert!(d.mounts[0].dir.ends_with("themes/d/mylayouts"));
    }

    #[test]
    fn theme_repository_layout_go_mod_replace_and_workspace() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path();
        write(repo, "go.mod", "module github.com/owner/theme\n\ngo 1.21\n");
        write(repo, "layouts/_shortcodes/callout.html", "{{ .Inner }}");
        let site = repo.join("docs");
        write(
            &site,
            "go.mod",
            "module github.com/owner/theme/docs\n\nrequire github.com/owner/theme v0.0.0\n\nreplace github.com/owner/theme => ../\n",
        );
        write(&site, "hugo.work", "go 1.21\n\nuse .\nuse ../\n");
        let config = "[module]\nworkspace = \"hugo.work\"\n[[module.imports]]\npath = \"github.com/owner/theme\"\n";
        let (found, missing) = resolve_in(&site, config, &[]);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(found[0].dir, resolve(&site, ".."));
        // Without the workspace, the go.mod replace finds it too.
        fs::remove_file(site.join("hugo.work")).unwrap();
        let (found, _) = resolve_in(
            &site,
            "[[module.imports]]\npath = \"github.com/owner/theme\"\n",
            &[],
        );
        assert_eq!(found[0].dir, resolve(&site, ".."));
    }

    #[test]
    fn module_cache_with_escaped_path_and_version() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write(
            &root,
            "go.mod",
            "module example.com/site\n\nrequire github.com/HugoBlox/Theme v1.2.0-RC1\n",
        );
        let cache = tmp.path().join("cache");
        let module = cache
            .join("modules/filecache/modules/pkg/mod/github.com/!hugo!blox/!theme@v1.2.0-!r!c1");
        write(&module, "layouts/_shortcodes/x.html", "");
        write(&module, "go.mod", "module github.com/HugoBlox/Theme\n");
        let config = "[[module.imports]]\npath = \"github.com/HugoBlox/Theme\"\n";
        let (found, missing) =
            resolve_in(&root, config, &[("HUGO_CACHEDIR", cache.to_str().unwrap())]);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(found[0].dir, module);
        assert_eq!(found[0].component("layouts").count(), 1);
        // Elsewhere, nothing: the module is missing, with where it was looked for.
        let other = tmp.path().join("empty-cache");
        let (found, missing) =
            resolve_in(&root, config, &[("HUGO_CACHEDIR", other.to_str().unwrap())]);
        assert!(found.is_empty());
        assert_eq!(missing[0].fix, ThemeFix::HugoModule);
        assert!(
            missing[0].looked[0].starts_with(&other),
            "{:?}",
            missing[0].looked
        );
    }

    #[test]
    fn vendor_first_unless_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "go.mod", "module example.com/site\n");
        write(
            root,
            "_vendor/modules.txt",
            "# github.com/Owner/Theme v1.0.0\n",
        );
        write(root, "_vendor/github.com/Owner/Theme/layouts/x.html", "");
        let config = "[[module.imports]]\npath = \"github.com/Owner/Theme\"\n";
        let (found, _) = resolve_in(root, config, &[]);
        assert_eq!(found[0].dir, root.join("_vendor/github.com/Owner/Theme"));
        let ignored = format!("ignoreVendorPaths = \"GITHUB.COM/owner/**\"\n{config}");
        let (found, missing) = resolve_in(root, &ignored, &[("HUGO_CACHEDIR", "/nonexistent")]);
        assert!(found.is_empty());
        assert_eq!(missing.len(), 1);
        // `*` stays within one path element.
        let narrow = format!("ignoreVendorPaths = \"github.com/*\"\n{config}");
        assert_eq!(resolve_in(root, &narrow, &[]).0.len(), 1);
    }

    #[test]
    fn replacements_apply_to_imports_not_to_themes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write(tmp.path(), "local/mod1/layouts/x.html", "");
        let config = "[module]\nreplacements = \"github.com/o/mod1 -> ../../local/mod1\"\n[[module.imports]]\npath = \"github.com/o/mod1\"\n";
        let (found, missing) = resolve_in(&root, config, &[]);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(found[0].dir, tmp.path().join("local/mod1"));
        let theme = "theme = \"github.com/o/mod1\"\n[module]\nreplacements = \"github.com/o/mod1 -> ../../local/mod1\"\n";
        let (found, missing) = resolve_in(&root, theme, &[]);
        assert!(found.is_empty());
        assert_eq!(missing[0].looked, [root.join("themes/github.com/o/mod1")]);
    }

    #[test]
    fn an_empty_theme_folder_is_a_submodule_not_checked_out() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("themes/ananke")).unwrap();
        let (found, missing) = resolve_in(root, "theme = \"ananke\"", &[]);
        assert!(found.is_empty());
        assert_eq!(
            missing[0].fix,
            ThemeFix::Submodule(root.join("themes/ananke"))
        );
        let (_, missing) = resolve_in(root, "theme = \"other\"", &[]);
        assert_eq!(missing[0].fix, ThemeFix::HugoThemesFolder);
    }

    #[test]
    fn a_path_imported_twice_counts_once_and_disabled_imports_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(
            root,
            "themes/a/hugo.toml",
            "[[module.imports]]\npath = \"B\"\n",
        );
        write(root, "themes/a/layouts/a.html", "");
        write(root, "themes/b/layouts/b.html", "");
        let config = "[[module.imports]]\npath = \"b\"\ndisable = true\n[[module.imports]]\npath = \"a\"\n[[module.imports]]\npath = \"b\"\n";
        let (found, missing) = resolve_in(root, config, &[]);
        assert_eq!(names(&found), ["a"], "{missing:?}");
        // `B` (imported by a) and `b` are one module: the site's import is skipped.
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].name, "B");
        assert_eq!(missing[0].imported_by.as_deref(), Some("a"));
        assert_eq!(missing[0].declared_as, "a");
    }

    #[test]
    fn query_escape_matches_go() {
        assert_eq!(query_escape(">=v2.0.0"), "%3E%3Dv2.0.0");
        assert_eq!(query_escape("v1.1.0"), "v1.1.0");
    }
}
