//! The string functions Hugo applies to paths and slugs, reimplemented
//! from its sources (`common/paths`, `helpers/path.go`).

use crate::text::is_mark;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tests::joined;

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
}
