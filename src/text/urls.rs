//! URL paths as the generators compare them: percent-decoding, `.` and
//! `..` resolved, the key two URLs share when they serve the same page.

use std::borrow::Cow;

/// The path component of a URL: `https://x.org/blog/` → `/blog/`.
pub fn url_path(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = match without_scheme.find('/') {
        Some(i) if url.contains("://") => &without_scheme[i..],
        None if url.contains("://") => "/",
        _ => without_scheme,
    };
    let mut path = path.to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16)),
                bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Resolves `.` and `..` segments and collapses repeated slashes of an
/// absolute path; a trailing slash is kept.
pub fn clean_path(path: &str) -> String {
    if is_clean_path(path) {
        return path.to_string();
    }
    clean_path_by_segments(path)
}

fn clean_path_by_segments(path: &str) -> String {
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let mut out = String::with_capacity(path.len() + 2);
    for part in &parts {
        out.push('/');
        out.push_str(part);
    }
    if out.is_empty() || trailing {
        out.push('/');
    }
    out
}

/// Whether `clean_path` gives `path` back unchanged: absolute, with no
/// empty, `.` or `..` segment but for a trailing slash. Most URL paths are
/// written so, and the check allocates nothing.
fn is_clean_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') {
        return false;
    }
    // One pass without a branch per byte: at each `/` (and at the end),
    // whether the segment before it is empty, `.` or `..`. The three
    // bytes before the current one (none yet: zero).
    let odd_end = |b3: u8, b2: u8, b1: u8| b1 == b'.' && (b2 == b'/' || (b2 == b'.' && b3 == b'/'));
    let (mut b3, mut b2, mut b1) = (0u8, 0u8, 0u8);
    let mut odd = false;
    for &byte in bytes {
        odd |= byte == b'/' && (b1 == b'/' || odd_end(b3, b2, b1));
        (b3, b2, b1) = (b2, b1, byte);
    }
    !(odd || odd_end(b3, b2, b1))
}

/// Resolves a relative reference against a base URL path (RFC 3986: the
/// base's last segment is replaced).
pub fn resolve_relative(base: &str, reference: &str) -> String {
    if reference.starts_with('/') {
        return clean_path(reference);
    }
    let dir = match base.rfind('/') {
        Some(i) => &base[..=i],
        None => "/",
    };
    clean_path(&format!("{dir}{reference}"))
}

/// The form URLs are compared in: decoded, no trailing `index.html`, no
/// `.html` extension, no trailing slash (`/a/b/`, `/a/b`, `/a/b.html` and
/// `/a/b/index.html` are one page to a web server that serves the site).
///
/// Borrowed from `path` when that is already clean and decoded (most
/// lookups): the key is then a prefix of it.
pub fn url_key(path: &str) -> Cow<'_, str> {
    let cleaned = if path.contains('%') {
        clean_path(&percent_decode(path))
    } else if is_clean_path(path) {
        return Cow::Borrowed(key_prefix(path));
    } else {
        clean_path_by_segments(path)
    };
    Cow::Owned(key_prefix(&cleaned).to_string())
}

/// The part of a clean, decoded URL path that is its key (`url_key`).
fn key_prefix(path: &str) -> &str {
    let mut key = path;
    for suffix in ["/index.html", "/index.htm", ".html"] {
        if let Some(rest) = key.strip_suffix(suffix) {
            key = rest;
        }
    }
    while key.len() > 1
        && let Some(rest) = key.strip_suffix('/')
    {
        key = rest;
    }
    if key.is_empty() { "/" } else { key }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tests::joined;

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("https://example.org/"), "/");
        assert_eq!(url_path("http://0.0.0.0:1313/hugo-book/"), "/hugo-book/");
        assert_eq!(url_path("/blog"), "/blog/");
        assert_eq!(url_path(""), "/");
    }

    #[test]
    fn urls_resolve_and_compare() {
        assert_eq!(resolve_relative("/posts/x/", "../y/"), "/posts/y/");
        assert_eq!(resolve_relative("/posts/x.html", "y.html"), "/posts/y.html");
        assert_eq!(url_key("/a/b/index.html"), "/a/b");
        assert_eq!(url_key("/a/b/"), url_key("/a/b.html"));
        assert_eq!(url_key("/"), "/");
        assert_eq!(url_key("/caf%C3%A9/"), "/café");
        assert!(matches!(url_key("/a/b/"), Cow::Borrowed("/a/b")));
    }

    /// `url_key` as it was written before it borrowed: every step on an
    /// owned copy of the cleaned path.
    fn url_key_by_copying(path: &str) -> String {
        let mut key = if path.contains('%') {
            clean_path(&percent_decode(path))
        } else {
            clean_path(path)
        };
        for suffix in ["/index.html", "/index.htm", ".html"] {
            if key.ends_with(suffix) {
                key.truncate(key.len() - suffix.len());
            }
        }
        while key.len() > 1 && key.ends_with('/') {
            key.pop();
        }
        if key.is_empty() {
            key.push('/');
        }
        key
    }

    #[test]
    fn borrowed_url_keys_read_like_copied_ones() {
        let parts = [
            "",
            "/",
            "//",
            ".",
            "..",
            "a",
            "index.html",
            "index.htm",
            ".html",
            "%41",
            "b/",
        ];
        let mut borrowed = 0;
        for path in joined(&parts, 4) {
            let key = url_key(&path);
            assert_eq!(key, url_key_by_copying(&path), "{path:?}");
            borrowed += usize::from(matches!(key, Cow::Borrowed(_)));
        }
        assert!(borrowed > 500, "{borrowed}");
    }

    #[test]
    fn clean_paths_are_told_like_their_segments_tell_them() {
        let by_segments = |path: &str| {
            let Some(rest) = path.strip_prefix('/') else {
                return false;
            };
            let mut segments = rest.split('/').peekable();
            while let Some(segment) = segments.next() {
                let last = segments.peek().is_none();
                if segment == "." || segment == ".." || (segment.is_empty() && !last) {
                    return false;
                }
            }
            true
        };
        let parts = [
            "", "/", "//", ".", "..", "...", "a", ".a", "a.", "/.", "/..",
        ];
        let mut clean = 0;
        for path in joined(&parts, 4) {
            assert_eq!(is_clean_path(&path), by_segments(&path), "{path:?}");
            clean += usize::from(by_segments(&path));
        }
        assert!(clean > 500, "{clean}");
    }

    #[test]
    fn clean_paths_taken_as_written_read_like_their_segments() {
        let parts = ["", "/", "//", ".", "..", "/.", "/..", "a", "b.c", "%20"];
        let mut unchanged = 0;
        for path in joined(&parts, 4) {
            let by_segments = clean_path_by_segments(&path);
            assert_eq!(clean_path(&path), by_segments, "{path:?}");
            unchanged += usize::from(is_clean_path(&path));
        }
        assert!(unchanged > 100, "{unchanged}");
    }
}
