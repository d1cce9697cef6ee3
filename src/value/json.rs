//! JSON front matter: delimited the way Hugo's lexer does it, validated by
//! serde_json (for JSON's own error messages), and turned into a spanned tree
//! by the YAML loader (JSON is a subset of YAML 1.2).

use super::{ErrorPoint, Node, ParseError, parse_yaml};
use crate::diagnostic::Span;

/// The end (exclusive) of a JSON object starting at `text[0] == '{'`,
/// counting braces outside strings as Hugo's page lexer does; `None` when
/// the object is never closed.
pub fn find_json_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut level = 0usize;
    let mut in_quote = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if !in_quote => level += 1,
            b'}' if !in_quote => level = level.saturating_sub(1),
            b'"' => in_quote = !in_quote,
            b'\\' => i += 1,
            _ => {}
        }
        i += 1;
        if level == 0 {
            return Some(i.min(bytes.len()));
        }
    }
    None
}

/// Parses a JSON object; `base` is the byte offset of `text` in the file.
pub fn parse_json(text: &str, base: usize) -> Result<Node, ParseError> {
    if let Err(err) = serde_json::from_str::<serde_json::Value>(text) {
        let offset = offset_of(text, err.line(), err.column());
        let message = err.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head)
            .to_string();
        return Err(ParseError {
            message,
            span: Span::empty(base + offset),
            points_at: ErrorPoint::Stop,
        });
    }
    parse_yaml(text, base)
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closing_brace_outside_strings() {
        let text = "{\"a\": \"}\\\"\", \"b\": {}}\nbody {";
        let end = find_json_end(text).unwrap();
        assert_eq!(&text[end..], "\nbody {");
        assert_eq!(find_json_end("{\"a\": 1"), None);
    }

    #[test]
    fn parses_with_spans_and_reports_errors_in_place() {
        let node = parse_json("{\"title\": \"x\"}", 7).unwrap();
        assert_eq!(node.entry("title").unwrap().key_span.start, 8);
        let err = parse_json("{\"title\": }", 7).unwrap_err();
        assert_eq!(err.span.start, 7 + 10);
    }
}
