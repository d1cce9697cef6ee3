//! Which generator's rules make a page's heading ids (`hugo::heading_ids`,
//! `jekyll::heading_ids`), and what both do to a heading's prose before.

use std::borrow::Cow;

use super::{hugo, jekyll};

/// The heading id rules of a site.
#[derive(Debug, Clone, Copy)]
pub enum IdRules<'s> {
    Hugo(&'s hugo::heading_ids::Options),
    Jekyll(&'s jekyll::heading_ids::Options),
}

/// Prose as Goldmark's typographer and kramdown's typographic symbols leave
/// it for an id: `---` and `--` become an em and an en dash, which no id
/// keeps, read greedily from the left (`----` is an em dash and a hyphen).
/// Goldmark: `extension/typographer.go`; kramdown:
/// `lib/kramdown/parser/kramdown/typographic_symbol.rb`.
pub fn without_typographic_dashes(prose: &str) -> Cow<'_, str> {
    if !prose.contains("--") {
        return Cow::Borrowed(prose);
    }
    let mut out = String::with_capacity(prose.len());
    let mut rest = prose;
    while let Some(at) = rest.find('-') {
        out.push_str(&rest[..at]);
        let run = rest[at..].bytes().take_while(|b| *b == b'-').count();
        // Dashes of three, then one of two, then a hyphen left over.
        if run % 3 == 1 {
            out.push('-');
        }
        rest = &rest[at + run..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_hyphens_become_dashes() {
        assert_eq!(without_typographic_dashes("a - b"), "a - b");
        assert_eq!(without_typographic_dashes("c -- d"), "c  d");
        assert_eq!(without_typographic_dashes("c---d----e-----f"), "cd-ef");
    }
}
