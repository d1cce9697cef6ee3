//! EX002: a divider the generator will not recognise because it is almost
//! right (`<!-- more -->`, `<!--More-->`), with a fix to the exact one.

use memchr::memmem;

use super::MALFORMED;
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::document::Document;
use crate::generator::Flavor;

pub(super) fn malformed(
    doc: &Document,
    miss: Span,
    exact: &str,
    later: Option<Span>,
    flavor: Flavor,
) -> Diagnostic {
    let written = doc.text().get(miss.range()).unwrap_or_default();
    let (message, help) = match flavor {
        Flavor::Hugo => (
            format!(
                "`{written}` is not Hugo's summary divider: Hugo recognises only `{exact}`, exactly"
            ),
            if later.is_some() {
                "write it without spaces, in lower case; as written Hugo keeps it as an HTML comment and ends the summary at the later divider"
            } else {
                "write it without spaces, in lower case; as written Hugo keeps it as an HTML comment and cuts an automatic summary after `summaryLength` words"
            },
        ),
        Flavor::Jekyll => (
            format!(
                "`{written}` is not the excerpt separator: Jekyll cuts only at `{exact}`, exactly"
            ),
            if later.is_some() {
                "write it exactly as the separator is declared; as written Jekyll's excerpt runs on to the later separator"
            } else {
                "write it exactly as the separator is declared; as written Jekyll's excerpt is the whole document"
            },
        ),
    };
    let mut diagnostic = Diagnostic::new(&MALFORMED, miss, message)
        .label(format!("not `{exact}`"))
        .help(help)
        .fix(Fix {
            message: format!("replace with `{exact}`"),
            edits: vec![Edit {
                span: miss,
                replacement: exact.to_string(),
            }],
        });
    if let Some(later) = later {
        diagnostic =
            diagnostic.secondary(later, "the exact divider, where the cut happens instead");
    }
    diagnostic
}

/// The word of a comment-shaped separator (`more` in `<!-- more -->`).
pub(super) fn comment_word(separator: &str) -> Option<String> {
    let parsed = parse_comment(separator)?;
    (parsed.0 == separator.len()).then_some(parsed.1)
}

/// Comment-shaped dividers with the same word (case-insensitive) that are
/// not exactly `exact`, outside code, before the first exact divider.
pub(super) fn near_misses(
    doc: &Document,
    word: &str,
    exact: &str,
    first_exact: Option<Span>,
) -> Vec<Span> {
    let body = doc.body();
    let limit = first_exact.map_or(doc.text().len(), |span| span.start);
    let mut out = Vec::new();
    for at in memmem::find_iter(body.as_bytes(), b"<!") {
        let start = doc.body_start + at;
        if start >= limit {
            break;
        }
        let Some((len, found)) = body.get(at..).and_then(parse_comment) else {
            continue;
        };
        let span = Span::new(start, start + len);
        if !found.eq_ignore_ascii_case(word)
            || doc.text().get(span.range()) == Some(exact)
            || span.end > limit && first_exact.is_some()
            || doc.markdown.in_code(start)
        {
            continue;
        }
        out.push(span);
    }
    out
}

/// Parses `<! -- word -- >` at the start of `text`: spaces anywhere, one
/// or more dashes (or typographic dashes) on each side. Returns the length
/// and the word.
fn parse_comment(text: &str) -> Option<(usize, String)> {
    let mut chars = text.char_indices().peekable();
    let mut expect = |c: char| chars.next_if(|(_, x)| *x == c).is_some();
    if !(expect('<') && expect('!')) {
        return None;
    }
    let skip_spaces = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
    };
    let dashes = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
        let mut n = 0;
        while chars
            .next_if(|(_, c)| matches!(c, '-' | '\u{2013}' | '\u{2014}'))
            .is_some()
        {
            n += 1;
        }
        n
    };
    skip_spaces(&mut chars);
    if dashes(&mut chars) == 0 {
        return None;
    }
    skip_spaces(&mut chars);
    let mut word = String::new();
    while let Some(&(_, c)) = chars.peek() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            chars.next();
        } else if c == '-' && !word.is_empty() {
            // A dash inside the word (`excerpt-end`), not the closing dashes.
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
                word.push(c);
                chars.next();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if word.is_empty() {
        return None;
    }
    skip_spaces(&mut chars);
    if dashes(&mut chars) == 0 {
        return None;
    }
    skip_spaces(&mut chars);
    let (end, c) = chars.next()?;
    (c == '>').then_some((end + 1, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_miss_shapes() {
        let parse = parse_comment;
        for miss in [
            "<!-- more -->",
            "<!--More-->",
            "<!--more -->",
            "<!-- more-->",
            "<! --more-->",
            "<!---more--->",
            "<!—more—>",
        ] {
            let (len, word) = parse(miss).unwrap_or_else(|| panic!("{miss}"));
            assert_eq!(
                (len, word.to_lowercase().as_str()),
                (miss.len(), "more"),
                "{miss}"
            );
        }
        assert_eq!(parse("<!--excerpt-end-->").unwrap().1, "excerpt-end");
        assert!(parse("<!-- more than a comment -->").is_none());
        assert!(parse("<!DOCTYPE html>").is_none());
    }
}
