//! The string functions the generators apply to paths, slugs, URLs and
//! dates, reimplemented from their sources (Hugo's `common/paths` and
//! `helpers/path.go`, Jekyll's `Utils.slugify` and `URL`).

use std::borrow::Cow;

/// Hugo's `paths.NormalizePathStringBasic`: how a content path becomes a
/// page path (`My Post.md` → `my-post.md`), used by `ref` and `GetPage`.
pub fn hugo_normalize(text: &str) -> String {
    if text.is_ascii() {
        // One copy instead of two: every page path and link goes through
        // here, and nearly all are ASCII (where `to_lowercase` is ASCII's).
        let mut out = text.to_ascii_lowercase();
        if out.contains(' ') {
            out = out.replace(' ', "-");
        }
        return out;
    }
    text.to_lowercase().replace(' ', "-")
}

/// Hugo's `paths.Sanitize`: letters, digits, marks and `./\_#+~-@` (and
/// `%XX` escapes) are kept, whitespace runs become one hyphen, everything
/// else is dropped.
pub fn hugo_sanitize(text: &str) -> String {
    let bytes = text.as_bytes();
    let allowed = |i: usize, c: char| -> bool {
        c.is_alphanumeric()
            || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || is_mark(c)
            || (c == '%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    };
    if text.char_indices().all(|(i, c)| c != ' ' && allowed(i, c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut prepend_hyphen = false;
    let mut was_hyphen = false;
    for (i, c) in text.char_indices() {
        if c != ' ' && allowed(i, c) {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    out
}

/// Combining marks (Unicode category M), approximated by the blocks that
/// hold them; enough for the accents and scripts seen in content paths.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// Hugo's `URLize` without the final escaping (URLs are compared decoded):
/// sanitized and, unless `disablePathToLower`, lowercased.
pub fn hugo_urlize(text: &str, lower: bool) -> String {
    let mut sanitized = hugo_sanitize(text);
    if lower {
        lowercase_in_place(&mut sanitized);
    }
    sanitized
}

/// `text.to_lowercase()`, in place when `text` is ASCII (then the same).
fn lowercase_in_place(text: &mut String) {
    if text.is_ascii() {
        text.make_ascii_lowercase();
    } else {
        *text = text.to_lowercase();
    }
}

/// Jekyll's `Utils.slugify` in `default` (`pretty = false`) or `pretty`
/// mode: runs of other characters become one hyphen, hyphens at the ends
/// are dropped, and the result is lowercased unless `cased`.
pub fn jekyll_slugify(text: &str, pretty: bool, cased: bool) -> String {
    let keep = |c: char| {
        c.is_alphanumeric()
            || is_mark(c)
            || (pretty
                && matches!(
                    c,
                    '.' | '_'
                        | '~'
                        | '!'
                        | '$'
                        | '&'
                        | '\''
                        | '('
                        | ')'
                        | '+'
                        | ','
                        | ';'
                        | '='
                        | '@'
                ))
    };
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if keep(c) {
            if in_run {
                out.push('-');
                in_run = false;
            }
            out.push(c);
        } else {
            in_run = true;
        }
    }
    if in_run {
        out.push('-');
    }
    let trimmed = out.strip_prefix('-').unwrap_or(&out);
    let trimmed = trimmed.strip_suffix('-').unwrap_or(trimmed);
    if cased {
        trimmed.to_string()
    } else {
        trimmed.to_lowercase()
    }
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

/// A calendar date and time, for permalink tokens (`:year`, `:day`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl DateTime {
    /// Reads the `YYYY-MM-DD` (or `YYYY-M-D`) date of a file name.
    pub fn parse_date(text: &str) -> Option<DateTime> {
        let mut parts = text.splitn(3, '-');
        let number = |part: Option<&str>, max_len: usize| -> Option<u32> {
            let part = part?;
            (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())?
        };
        let year = number(parts.next(), 4)? as i32;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(DateTime {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }

    /// A jiff civil date and time.
    pub fn from_civil(civil: jiff::civil::DateTime) -> DateTime {
        DateTime {
            year: i32::from(civil.year()),
            month: civil.month() as u32,
            day: civil.day() as u32,
            hour: civil.hour() as u32,
            minute: civil.minute() as u32,
            second: civil.second() as u32,
        }
    }

    /// 0 = Sunday.
    pub fn weekday(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) + 4).rem_euclid(7) as u32
    }

    /// 1-based day of the year.
    pub fn year_day(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) - days_from_civil(self.year, 1, 1)) as u32
            + 1
    }

    /// Hugo's zero time (`0001-01-01`), what a page without a date has.
    pub fn zero() -> DateTime {
        DateTime {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `YYYY-MM-DD-` prefix of a file name, and the rest.
pub fn filename_date(stem: &str) -> Option<(DateTime, &str)> {
    let mut dashes = stem.match_indices('-').map(|(i, _)| i);
    let third = dashes.nth(2)?;
    let date = DateTime::parse_date(&stem[..third])?;
    Some((date, &stem[third + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text made of `count` of `parts` in a row (repeats allowed).
    fn joined(parts: &[&str], count: u32) -> Vec<String> {
        (0..count).fold(vec![String::new()], |texts, _| {
            texts
                .iter()
                .flat_map(|text| parts.iter().map(move |part| format!("{text}{part}")))
                .collect()
        })
    }

    #[test]
    fn hugo_urlize_matches_hugo() {
        assert_eq!(
            hugo_urlize("Vim (text editor) Über", true),
            "vim-text-editor-über"
        );
        assert_eq!(hugo_urlize("My Slug!", true), "my-slug");
        assert_eq!(hugo_urlize("about Me", true), "about-me");
        assert_eq!(hugo_urlize("Keep-Case", false), "Keep-Case");
    }

    #[test]
    fn ascii_fast_paths_read_like_unicode_lowercasing() {
        let parts = [
            "", " ", "A", "z", "My Post", "ÉTÉ", "Über ", "İ", "ΣΑΣ", "x-Y_9", "%2F",
        ];
        for text in joined(&parts, 3) {
            assert_eq!(
                hugo_normalize(&text),
                text.to_lowercase().replace(' ', "-"),
                "{text:?}"
            );
            let mut lowered = text.clone();
            lowercase_in_place(&mut lowered);
            assert_eq!(lowered, text.to_lowercase(), "{text:?}");
            assert_eq!(
                hugo_urlize(&text, true),
                hugo_sanitize(&text).to_lowercase(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn jekyll_slugify_modes() {
        assert_eq!(jekyll_slugify("My Slug", true, true), "My-Slug");
        assert_eq!(jekyll_slugify("Hello, World!", false, false), "hello-world");
        assert_eq!(jekyll_slugify("Hello, World!", true, true), "Hello,-World!");
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

    #[test]
    fn dates() {
        let d = DateTime::parse_date("2024-03-04").unwrap();
        assert_eq!((d.year, d.month, d.day), (2024, 3, 4));
        assert_eq!(d.weekday(), 1);
        assert!(DateTime::parse_date("2024-13-01").is_none());
        assert!(DateTime::parse_date("2024-02-30").is_none());
        assert_eq!(DateTime::parse_date("2010-7-21").unwrap().month, 7);
        assert_eq!(DateTime::parse_date("2024-12-31").unwrap().year_day(), 366);
        let (date, rest) = filename_date("2024-03-05-hello-world").unwrap();
        assert_eq!((date.day, rest), (5, "hello-world"));
    }
}
