//! Paths as postlint compares and shows them: `/`-separated, answered from
//! the bytes when a path is spelled plainly (walking a `Path`'s components
//! on every file of a big site was slow), and shown relative to the current
//! folder.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// A path with `/` separators, `.` components dropped.
pub fn slash_path(path: &Path) -> String {
    // Walked and joined paths are nearly always written this way already.
    if let Some(text) = path.to_str()
        && is_slash_path(text)
    {
        return text.to_string();
    }
    slash_path_by_components(path)
}

fn slash_path_by_components(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            _ => {}
        }
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&component.as_os_str().to_string_lossy());
    }
    out
}

/// Whether `slash_path` would give `text` back unchanged: no `.` part to
/// drop, no doubled or trailing separator, no backslash (a separator on
/// Windows).
pub(crate) fn is_slash_path(text: &str) -> bool {
    // One pass over the bytes without a branch per byte: on paths this
    // short it beats a loop that returns at the first oddity and `memchr`;
    // three `contains` calls would each set up a substring search.
    let bytes = text.as_bytes();
    if bytes.is_empty()
        || text == "."
        || text.starts_with("./")
        || text.ends_with("/.")
        || text.ends_with('/')
    {
        return false;
    }
    // The two bytes before the current one (none yet: zero).
    let (mut before, mut last) = (0u8, 0u8);
    let mut odd = false;
    for &byte in bytes {
        odd |=
            byte == b'\\' || (byte == b'/' && (last == b'/' || (last == b'.' && before == b'/')));
        (before, last) = (last, byte);
    }
    !odd
}

/// `a == b` as `Path` says, answered from the bytes when both are spelled
/// plainly (`is_slash_path`: then equal paths have equal bytes); walking
/// components is what made comparing thousands of pages slow.
pub(crate) fn same_path(a: &Path, b: &Path) -> bool {
    if a.as_os_str() == b.as_os_str() {
        return true;
    }
    match (a.to_str(), b.to_str()) {
        (Some(x), Some(y)) if is_slash_path(x) && is_slash_path(y) => false,
        _ => a == b,
    }
}

/// `path.strip_prefix(prefix)`, answered from the bytes when both are
/// spelled plainly (`is_slash_path`: then their components are their
/// `/`-separated parts); `Path` walks the components of both, on every file.
pub(crate) fn strip_path_prefix<'p>(path: &'p Path, prefix: &Path) -> Option<&'p Path> {
    let (Some(text), Some(start)) = (path.to_str(), prefix.to_str()) else {
        return path.strip_prefix(prefix).ok();
    };
    if !is_slash_path(start) {
        return path.strip_prefix(prefix).ok();
    }
    // `text` is plain when `start` is and what follows it is too, so the
    // part `start` covers is not read again.
    let plain = match text.strip_prefix(start) {
        Some("") => return Some(Path::new("")),
        Some(rest) => match rest.strip_prefix('/') {
            Some(inside) if !inside.starts_with('/') && is_slash_path(inside) => {
                return Some(Path::new(inside));
            }
            Some(_) => false,
            None => is_slash_path(text),
        },
        None => is_slash_path(text),
    };
    if plain {
        None
    } else {
        path.strip_prefix(prefix).ok()
    }
}

/// Joins a config-relative path onto the site root, lexically resolving `..`.
pub fn resolve(root: &Path, relative: &str) -> PathBuf {
    let mut out = root.to_path_buf();
    for component in Path::new(relative).components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => out = PathBuf::from(component.as_os_str()),
            Component::Normal(part) => out.push(part),
        }
    }
    out
}

fn cwd() -> &'static Option<PathBuf> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok())
}

/// The common case of `display_path` without walking components (a walk
/// hands out paths below the current folder, already `/`-separated and
/// free of `.` and doubled separators): `path` minus `cwd/` when that is
/// exactly what the component-wise route would print.
#[cfg(unix)]
fn plain_relative<'a>(path: &'a Path, cwd: &Path) -> Option<&'a str> {
    let rest = path
        .to_str()?
        .strip_prefix(cwd.to_str()?)?
        .strip_prefix('/')?;
    let plain = !rest.is_empty()
        && !rest.starts_with("./")
        && !rest.ends_with('/')
        && !rest.ends_with("/.")
        && rest != "."
        && !rest.contains("//")
        && !rest.contains("/./");
    plain.then_some(rest)
}

#[cfg(not(unix))]
fn plain_relative<'a>(_path: &'a Path, _cwd: &Path) -> Option<&'a str> {
    None
}

/// A path as shown to the user: relative to the current folder when that is
/// shorter, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let Some(cwd) = cwd() else {
        return slash_path(path);
    };
    if let Some(shown) = plain_relative(path, cwd) {
        return shown.to_string();
    }
    if let Ok(inside) = path.strip_prefix(cwd) {
        let shown = slash_path(inside);
        return if shown.is_empty() { ".".into() } else { shown };
    }
    // Walk up from the current folder to the common ancestor.
    let mut ups = 0;
    for ancestor in cwd.ancestors().skip(1) {
        ups += 1;
        if let Ok(rest) = path.strip_prefix(ancestor) {
            if ups > 3 {
                break;
            }
            let mut shown = "../".repeat(ups);
            shown.push_str(&slash_path(rest));
            return shown.trim_end_matches('/').to_string();
        }
    }
    slash_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_paths_taken_as_written_read_like_their_components() {
        let parts = ["", ".", "..", "a", "b.md", "/", "./", "//", "/.", "\\", "é"];
        let mut checked = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    let text = format!("{a}{b}{c}");
                    let by_components = slash_path_by_components(Path::new(&text));
                    assert_eq!(slash_path(Path::new(&text)), by_components, "{text:?}");
                    checked += usize::from(is_slash_path(&text));
                }
            }
        }
        // The shortcut was taken (and checked) for a good share of them.
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn is_slash_path_answers_like_its_definition() {
        let definition = |text: &str| {
            !text.is_empty()
                && text != "."
                && !text.starts_with("./")
                && !text.ends_with('/')
                && !text.ends_with("/.")
                && !text.contains("//")
                && !text.contains("/./")
                && !text.contains('\\')
        };
        let (two, three) = spellings();
        let mut plain = 0;
        for text in two.iter().chain(&three) {
            assert_eq!(is_slash_path(text), definition(text), "{text:?}");
            plain += usize::from(definition(text));
        }
        assert!(plain > 100, "{plain}");
    }

    /// Spellings of paths in two and in three parts: plain ones, and ones
    /// with every oddity a `Path` reads past (`.`, `..`, doubled and
    /// trailing separators, backslashes, non-ASCII).
    fn spellings() -> (Vec<String>, Vec<String>) {
        let parts = [
            "", ".", "..", "a", "ab", "b.md", "/", "./", "//", "/.", "\\", "é",
        ];
        let two: Vec<String> = parts
            .iter()
            .flat_map(|a| parts.iter().map(move |b| format!("{a}{b}")))
            .collect();
        let three: Vec<String> = two
            .iter()
            .flat_map(|ab| parts.iter().map(move |c| format!("{ab}{c}")))
            .collect();
        (two, three)
    }

    #[test]
    fn same_path_answers_like_path_equality() {
        let (two, three) = spellings();
        let mut equal = 0;
        for a in &two {
            for b in &three {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(same_path(a, b), a == b, "{a:?} {b:?}");
                equal += usize::from(a == b);
            }
        }
        assert!(equal > 100, "{equal}");
    }

    #[test]
    fn strip_path_prefix_answers_like_path() {
        let (two, three) = spellings();
        let mut stripped = 0;
        for short in &two {
            for long in &three {
                for (path, prefix) in [(long, short), (short, long)] {
                    let (path, prefix) = (Path::new(path), Path::new(prefix));
                    let expected = path.strip_prefix(prefix).ok();
                    // The same bytes, not only an equal `Path`.
                    assert_eq!(
                        strip_path_prefix(path, prefix).map(Path::as_os_str),
                        expected.map(Path::as_os_str),
                        "{path:?} {prefix:?}"
                    );
                    stripped += usize::from(expected.is_some());
                }
            }
        }
        assert!(stripped > 1000, "{stripped}");
    }

    #[test]
    fn resolve_handles_parents() {
        assert_eq!(resolve(Path::new("/a/b"), "../c"), PathBuf::from("/a/c"));
        assert_eq!(
            resolve(Path::new("/a/b"), "./content/en"),
            PathBuf::from("/a/b/content/en")
        );
    }

    #[test]
    fn plain_relative_agrees_with_the_component_route() {
        let cwd = Path::new("/site");
        for path in [
            "/site/content/a.md",
            "/site/content//a.md",
            "/site/./content/a.md",
            "/site/content/./a.md",
            "/site/content/",
            "/site/content/.",
            "/sites/a.md",
            "/site",
            "/site/",
            "/other/a.md",
        ] {
            let path = Path::new(path);
            if let Some(fast) = plain_relative(path, cwd) {
                let slow = slash_path(path.strip_prefix(cwd).unwrap());
                assert_eq!(fast, slow, "{}", path.display());
            }
        }
        assert_eq!(
            plain_relative(Path::new("/site/content/a.md"), cwd),
            Some("content/a.md")
        );
        assert_eq!(plain_relative(Path::new("/sites/a.md"), cwd), None);
    }
}
