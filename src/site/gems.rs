//! A Jekyll site's gem theme (`theme: minima`), found where RubyGems and
//! Bundler install gems: the project's `vendor/bundle` (`bundle config
//! set path vendor/bundle`), `GEM_HOME` and `GEM_PATH`, the user's gem
//! folders, the system's (Debian's `rubygems-integration` included), and
//! rbenv's rubies. The version is the one
//! `Gemfile.lock` pins, else the highest installed. `remote_theme` (the
//! jekyll-remote-theme plugin) is downloaded at build time: never here.

use std::fs;
use std::path::{Path, PathBuf};

use super::hugo_modules::Env;
use super::themes::{MissingTheme, Mounted, Theme, ThemeFix, subfolders};

/// The folders of a gem theme Jekyll reads (`Jekyll::Theme`).
const THEME_FOLDERS: &[&str] = &["_layouts", "_includes", "_sass", "assets"];

/// The site's gem theme and remote theme: found, or missing with where
/// postlint looked.
pub(super) fn resolve_theme(
    root: &Path,
    theme: Option<&str>,
    remote_theme: Option<&str>,
    env: Env,
) -> (Vec<Theme>, Vec<MissingTheme>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    if let Some(name) = remote_theme.filter(|name| !name.trim().is_empty()) {
        missing.push(MissingTheme {
            name: name.to_string(),
            imported_by: None,
            declared_as: name.to_string(),
            looked: Vec::new(),
            fix: ThemeFix::RemoteTheme,
        });
    }
    let Some(name) = theme.filter(|name| !name.trim().is_empty()) else {
        return (found, missing);
    };
    let roots = gem_roots(root, env);
    let pinned = locked_version(root, name);
    match find_gem(&roots, name, pinned.as_deref()) {
        Some(dir) => found.push(Theme {
            name: name.to_string(),
            mounts: THEME_FOLDERS
                .iter()
                .map(|folder| Mounted {
                    dir: dir.join(folder),
                    target: folder.to_string(),
                })
                .filter(|mounted| mounted.dir.is_dir())
                .collect(),
            dir,
        }),
        None => missing.push(MissingTheme {
            name: name.to_string(),
            imported_by: None,
            declared_as: name.to_string(),
            looked: roots,
            fix: ThemeFix::Gem,
        }),
    }
    (found, missing)
}

/// The `gems` folders gems are installed in, most specific first.
fn gem_roots(root: &Path, env: Env) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    let home = env("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from);
    // `<prefix>/ruby/<version>/gems` under Bundler's path and the user's
    // folders; `<dir>/gems` under a GEM_HOME or GEM_PATH entry.
    let mut versioned: Vec<PathBuf> =
        vec![root.join("vendor/bundle/ruby"), root.join(".bundle/ruby")];
    if let Some(home) = &home {
        versioned.push(home.join(".gem/ruby"));
        versioned.push(home.join(".local/share/gem/ruby"));
    }
    versioned.extend(
        [
            "/var/lib/gems",
            "/usr/lib/ruby/gems",
            "/usr/local/lib/ruby/gems",
        ]
        .map(PathBuf::from),
    );
    let mut direct: Vec<PathBuf> = Vec::new();
    for key in ["GEM_HOME", "GEM_PATH"] {
        if let Some(value) = env(key) {
            direct.extend(
                std::env::split_paths(&value)
                    .filter(|dir| !dir.as_os_str().is_empty())
                    .map(|dir| dir.join("gems")),
            );
        }
    }
    roots.extend(direct);
    for prefix in versioned {
        roots.extend(subfolders(&prefix).into_iter().map(|dir| dir.join("gems")));
    }
    if let Some(home) = &home {
        for ruby in subfolders(&home.join(".rbenv/versions")) {
            for version in subfolders(&ruby.join("lib/ruby/gems")) {
                roots.push(version.join("gems"));
            }
        }
    }
    // Debian's and Fedora's packaged gems.
    for prefix in [
        "/usr/share/rubygems-integration",
        "/usr/lib/x86_64-linux-gnu/rubygems-integration",
    ] {
        roots.extend(
            subfolders(Path::new(prefix))
                .into_iter()
                .map(|dir| dir.join("gems")),
        );
    }
    roots.push(PathBuf::from("/usr/share/gems/gems"));
    roots.dedup();
    roots
}

/// The version of `name` that `Gemfile.lock` pins (`    minima (2.5.1)`).
fn locked_version(root: &Path, name: &str) -> Option<String> {
    let text = fs::read_to_string(root.join("Gemfile.lock")).ok()?;
    text.lines().find_map(|line| {
        let rest = line.strip_prefix("    ")?.strip_prefix(name)?;
        let version = rest.strip_prefix(" (")?.strip_suffix(')')?;
        Some(version.to_string())
    })
}

/// `<root>/<name>-<version>`: the pinned version, else the highest.
fn find_gem(roots: &[PathBuf], name: &str, pinned: Option<&str>) -> Option<PathBuf> {
    for root in roots {
        if let Some(version) = pinned {
            let dir = root.join(format!("{name}-{version}"));
            if dir.is_dir() {
                return Some(dir);
            }
            continue;
        }
        let prefix = format!("{name}-");
        let mut candidates: Vec<(Vec<u64>, PathBuf)> = subfolders(root)
            .into_iter()
            .filter_map(|dir| {
                let file = dir.file_name()?.to_str()?;
                let version = file.strip_prefix(&prefix)?;
                // `minima-2.5.1`, not `minima-theme-1.0`.
                let numbers: Option<Vec<u64>> =
                    version.split('.').map(|part| part.parse().ok()).collect();
                Some((numbers?, dir))
            })
            .collect();
        candidates.sort();
        if let Some((_, dir)) = candidates.pop() {
            return Some(dir);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gem_theme_in_vendor_bundle_at_the_locked_version() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let gems = root.join("vendor/bundle/ruby/3.1.0/gems");
        fs::create_dir_all(gems.join("minima-2.5.1/_layouts")).unwrap();
        fs::create_dir_all(gems.join("minima-2.5.2/_layouts")).unwrap();
        fs::create_dir_all(gems.join("minima-theme-9/_layouts")).unwrap();
        let env = |_: &str| None;
        let (found, missing) = resolve_theme(root, Some("minima"), None, &env);
        assert!(missing.is_empty());
        assert_eq!(found[0].dir, gems.join("minima-2.5.2"));
        fs::write(
            root.join("Gemfile.lock"),
            "GEM\n  specs:\n    minima (2.5.1)\n      jekyll (>= 3.5)\n",
        )
        .unwrap();
        let (found, _) = resolve_theme(root, Some("minima"), None, &env);
        assert_eq!(found[0].dir, gems.join("minima-2.5.1"));
        assert_eq!(found[0].mounts.len(), 1);
    }

    #[test]
    fn a_theme_not_installed_and_a_remote_theme_are_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        let env = move |key: &str| (key == "HOME").then(|| home.to_string_lossy().into_owned());
        let (found, missing) = resolve_theme(
            tmp.path(),
            Some("no-such-theme-xyz"),
            Some("owner/theme"),
            &env,
        );
        assert!(found.is_empty());
        assert_eq!(missing.len(), 2);
        assert_eq!(missing[0].fix, ThemeFix::RemoteTheme);
        assert_eq!(missing[1].fix, ThemeFix::Gem);
    }
}
