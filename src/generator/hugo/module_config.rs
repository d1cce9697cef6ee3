//! The `[module]` part of a Hugo site's configuration: the folders it
//! mounts and the modules it imports (`site::hugo_modules` resolves them).

use crate::value::Node;

/// One `[[module.mounts]]` entry.
#[derive(Debug, Clone)]
pub struct Mount {
    pub source: String,
    /// Without surrounding `/`.
    pub target: String,
    /// `lang`, else the one language of `sites.matrix.languages`.
    pub lang: Option<String>,
    /// `sites.matrix.languages`, lowercased.
    pub languages: Vec<String>,
}

/// One `[[module.imports]]` entry.
#[derive(Debug, Clone, Default)]
pub struct ModuleImport {
    /// The module path (`github.com/owner/theme`), when given.
    pub path: Option<String>,
    /// `disable`: skipped (another module may still import the path).
    pub disable: bool,
    /// `ignoreConfig`: the module's own config (its mounts, its imports)
    /// is not read.
    pub ignore_config: bool,
    /// `ignoreImports`: the module's imports are not followed.
    pub ignore_imports: bool,
    /// `noMounts`: nothing of the module is mounted.
    pub no_mounts: bool,
    /// `mounts` given on the import: they replace the module's own.
    pub mounts: Option<Vec<Mount>>,
    /// `version`: a Go version query (`v1.2.0`, `>=v2.0.0`).
    pub version: Option<String>,
}

/// The `[module]` settings that decide where modules are found, with the
/// site-wide ones Hugo reads next to them.
#[derive(Debug, Clone, Default)]
pub struct ModuleSettings {
    /// `module.replacements`, as written (see `modules::replacements`).
    pub replacements: Vec<String>,
    /// `module.workspace` (`off` when unset).
    pub workspace: Option<String>,
    /// `ignoreVendorPaths`: a glob of module paths `_vendor` may not serve.
    pub ignore_vendor_paths: Option<String>,
    /// `cacheDir`.
    pub cache_dir: Option<String>,
    /// `caches.modules.dir` (`:cacheDir/modules` by default).
    pub modules_cache_dir: Option<String>,
}

/// `module.imports`: a list of tables, or one table (Hugo lifts it into a
/// list of one).
pub(super) fn imports(node: Option<&Node>) -> Vec<ModuleImport> {
    let Some(node) = node else {
        return Vec::new();
    };
    let items: Vec<&Node> = match node.as_seq() {
        Some(items) => items.iter().collect(),
        None if node.is_map() => vec![node],
        None => Vec::new(),
    };
    let flag = |item: &Node, key: &str| item.get_ci(key).and_then(Node::as_bool).unwrap_or(false);
    items
        .into_iter()
        .map(|item| ModuleImport {
            path: item
                .get_ci("path")
                .and_then(Node::as_str)
                .map(str::to_string),
            disable: flag(item, "disable"),
            ignore_config: flag(item, "ignoreConfig"),
            ignore_imports: flag(item, "ignoreImports"),
            no_mounts: flag(item, "noMounts"),
            mounts: item.get_ci("mounts").map(mounts),
            version: item
                .get_ci("version")
                .and_then(Node::as_str)
                .map(str::to_string),
        })
        .collect()
}

pub(super) fn mounts(node: &Node) -> Vec<Mount> {
    let Some(items) = node.as_seq() else {
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
            let languages = item
                .path_ci(&["sites", "matrix", "languages"])
                .map(|node| node.string_list())
                .unwrap_or_default();
            let lang = item
                .get_ci("lang")
                .and_then(Node::as_str)
                .map(str::to_string)
                .or_else(|| (languages.len() == 1).then(|| languages[0].to_string()));
            Some(Mount {
                source,
                target,
                lang,
                languages: lowered(languages),
            })
        })
        .collect()
}

/// Each string of a list, lowercased.
pub(super) fn lowered(list: Vec<&str>) -> Vec<String> {
    list.into_iter().map(str::to_ascii_lowercase).collect()
}
