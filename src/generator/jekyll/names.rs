//! Jekyll's `Utils.slugify`, reimplemented from its source.

use crate::text::is_mark;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_slugify_modes() {
        assert_eq!(jekyll_slugify("My Slug", true, true), "My-Slug");
        assert_eq!(jekyll_slugify("Hello, World!", false, false), "hello-world");
        assert_eq!(jekyll_slugify("Hello, World!", true, true), "Hello,-World!");
    }
}
