//! YAML to `Node`, built from libyaml-safer's event stream so that duplicate
//! keys stay visible and every node keeps its span.
//!
//! libyaml is what Go's YAML decoder (and so Hugo) descends from; a stricter
//! YAML 1.2 parser rejects front matter that Hugo builds, such as a flow
//! list whose closing `]` sits at column 0.

use std::cell::Cell;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use libyaml_safer::{EventData, Parser, ScalarStyle};

use super::{Entry, ErrorPoint, MAX_DEPTH, MAX_NODES, Node, ParseError, Value};
use crate::diagnostic::Span;

/// Parses the first YAML document of `text`; `base` is the byte offset of
/// `text` in the file so that every span is file-absolute. An empty document
/// is `Null`.
pub fn parse_yaml(text: &str, base: usize) -> Result<Node, ParseError> {
    // libyaml consumes a leading byte order mark without counting it.
    let (text, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, base + '\u{feff}'.len_utf8()),
        None => (text, base),
    };
    if let Some(node) = super::yaml_lines::parse(text, base) {
        return Ok(node);
    }
    libyaml(text, base)
}

/// `parse_yaml` through libyaml's event stream (`text` without its byte
/// order mark).
pub(super) fn libyaml(text: &str, base: usize) -> Result<Node, ParseError> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
    };
    // libyaml-safer panics on a block scalar (`|`, `>`) whose last line ends
    // the input without a line break, where C libyaml (and Go's port of it)
    // reads the end of input as the line's end. It reads a copy that ends
    // with one; a block scalar that reaches the added break loses the break
    // it gained, and every position stays within `text`.
    let padded;
    let input_text = if text.is_empty() || text.ends_with(['\n', '\r']) {
        text
    } else {
        padded = format!("{text}\n");
        &padded
    };
    let mut input = input_text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let offset = |index: u64| base + (index as usize).min(text.len());
    // The last quoted scalar, to blame an unclosed quote for a later error.
    let mut last_quoted: Option<Span> = None;
    let mut read_to = base;
    while let Some(event) = next_event(&mut parser).map_err(|_| ParseError {
        message: "postlint's YAML parser (libyaml-safer) fails on what follows: \
                  a bug in the parser, not necessarily in the file"
            .to_string(),
        span: Span::empty(read_to),
        points_at: ErrorPoint::Stop,
    })? {
        let mut event = event.map_err(|err| syntax_error(&err, text, base, last_quoted))?;
        if let EventData::Scalar {
            value,
            style: ScalarStyle::Literal | ScalarStyle::Folded,
            ..
        } = &mut event.data
            && event.end_mark.index as usize > text.len()
            && value.ends_with('\n')
        {
            value.pop();
        }
        let span = Span::new(offset(event.start_mark.index), offset(event.end_mark.index));
        read_to = span.end;
        last_quoted = match &event.data {
            EventData::Scalar {
                style: ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted,
                ..
            } => Some(span),
            _ => None,
        };
        if builder.event(event.data, span)? {
            break;
        }
    }
    Ok(builder
        .root
        .unwrap_or_else(|| Node::new(Value::Null, Span::new(base, base + text.len()))))
}

/// The parser's next event. libyaml-safer still panics on a few inputs
/// (its port of the tag scanner stops at a `TODO` where C libyaml reads a
/// tag before a `,` in a flow collection): such a panic is the parser
/// failing on this text, so it is caught, quietly, and becomes the text's
/// syntax error. Panics anywhere else still stop postlint loudly.
fn next_event<R: std::io::BufRead>(
    parser: &mut Parser<R>,
) -> Result<Option<libyaml_safer::Result<libyaml_safer::Event>>, ()> {
    thread_local!(static IN_PARSER: Cell<bool> = const { Cell::new(false) });
    static QUIET_IN_PARSER: Once = Once::new();
    QUIET_IN_PARSER.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_PARSER.with(Cell::get) {
                previous(info);
            }
        }));
    });
    IN_PARSER.with(|flag| flag.set(true));
    let event = panic::catch_unwind(AssertUnwindSafe(|| parser.next()));
    IN_PARSER.with(|flag| flag.set(false));
    event.map_err(|_| ())
}

/// The parser's complaint, placed where the author has to look. A quote
/// that is never closed swallows the rest of the front matter, and the
/// parser notices only at its end (or at the next quote, which then closes
/// it): point at the quote instead.
fn syntax_error(
    err: &libyaml_safer::Error,
    text: &str,
    base: usize,
    last_quoted: Option<Span>,
) -> ParseError {
    let index = |mark: libyaml_safer::Mark| (mark.index as usize).min(text.len());
    let at = err.problem_mark().map_or(0, index);
    let message = match err.context() {
        Some(context) => format!("{} {context}", err.problem()),
        None => err.problem().to_string(),
    };
    let in_quoted = err.context().is_some_and(|c| c.ends_with("quoted scalar"));
    if in_quoted && let Some(start) = err.context_mark().map(index) {
        if err.problem() == "found unexpected end of stream" {
            return ParseError {
                message: format!("{message}: the quote opened here is never closed"),
                span: Span::empty(base + start),
                points_at: ErrorPoint::Opener,
            };
        }
        // A problem inside a quoted value that has swallowed lines written
        // as keys: the quote before them was never closed.
        let swallowed = text[start..at.max(start)]
            .lines()
            .skip(1)
            .any(looks_like_a_key);
        if swallowed {
            return ParseError {
                message: format!(
                    "{message}; the quoted value that starts here runs on over the lines after it: is its closing quote missing?"
                ),
                span: Span::empty(base + start),
                points_at: ErrorPoint::Opener,
            };
        }
    }
    // A flow list or map (`[a, b`) left open: the parser notices on a
    // later line, at the next key; the bracket is what needs closing.
    let in_flow = err
        .context()
        .is_some_and(|c| c.ends_with("flow sequence") || c.ends_with("flow mapping"));
    if in_flow
        && let Some(start) = err.context_mark().map(index)
        && text[start..at.max(start)].contains('\n')
    {
        let bracket = text[start..].chars().next().unwrap_or('[');
        let closer = if bracket == '{' { '}' } else { ']' };
        return ParseError {
            message: format!(
                "{message}: the `{bracket}` opened here is never closed with `{closer}`"
            ),
            span: Span::empty(base + start),
            points_at: ErrorPoint::Opener,
        };
    }
    let line_end = |offset: usize| text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if let Some(quoted) = last_quoted {
        let (start, end) = (quoted.start - base, quoted.end - base);
        let runs_on = text[start..end].contains('\n');
        if runs_on && at >= end && at <= line_end(end) {
            return ParseError {
                message: format!(
                    "{message}; the quoted value that starts here runs on to a later line: is its closing quote missing?"
                ),
                span: Span::empty(quoted.start),
                points_at: ErrorPoint::Opener,
            };
        }
    }
    ParseError {
        message,
        span: Span::empty(base + at),
        points_at: ErrorPoint::Stop,
    }
}

/// `key:` at the start of a line (after indentation).
fn looks_like_a_key(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches("- ");
    let key_len = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    key_len > 0 && line[key_len..].starts_with(':')
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: Option<String>,
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, Span)>,
        start: usize,
        anchor: Option<String>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<String, Node>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder {
    /// Handles one event; returns true once the first document is complete.
    fn event(&mut self, event: EventData, span: Span) -> Result<bool, ParseError> {
        match event {
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let value = resolve_scalar(value, style, tag.as_deref());
                self.count(1, span)?;
                let node = Node::new(value, span);
                self.remember(anchor, &node);
                self.push(node, span)
            }
            EventData::SequenceStart { anchor, .. } => {
                self.open(span)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span.start,
                    anchor,
                });
                Ok(false)
            }
            EventData::MappingStart { anchor, .. } => {
                self.open(span)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    pending_key: None,
                    start: span.start,
                    anchor,
                });
                Ok(false)
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(false);
                };
                let (value, start, anchor) = match frame {
                    Frame::Seq {
                        items,
                        start,
                        anchor,
                    } => (Value::Seq(items), start, anchor),
                    Frame::Map {
                        entries,
                        start,
                        anchor,
                        ..
                    } => (Value::Map(entries), start, anchor),
                };
                let node = Node::new(value, Span::new(start, span.end.max(start)));
                self.remember(anchor, &node);
                self.push(node, span)
            }
            EventData::Alias { anchor } => {
                let Some(target) = self.anchors.get(&anchor).cloned() else {
                    return Err(self.error(
                        &format!("alias `*{anchor}` refers to an unknown anchor"),
                        span,
                    ));
                };
                self.count(count_nodes(&target), span)?;
                self.push(Node::new(target.value, span), span)
            }
            EventData::DocumentEnd { .. } => Ok(self.root.is_some()),
            EventData::StreamEnd => Ok(true),
            EventData::StreamStart { .. } | EventData::DocumentStart { .. } => Ok(false),
        }
    }

    fn open(&mut self, span: Span) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(&format!("nesting deeper than {MAX_DEPTH} levels"), span));
        }
        self.count(1, span)
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<(), ParseError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(self.error(
                &format!("the document expands to more than {MAX_NODES} values (an alias bomb?)"),
                span,
            ));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: Option<String>, node: &Node) {
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn error(&self, message: &str, span: Span) -> ParseError {
        ParseError {
            message: message.to_string(),
            span,
            points_at: ErrorPoint::Stop,
        }
    }

    /// Places a finished node into its parent, or makes it the root.
    fn push(&mut self, node: Node, span: Span) -> Result<bool, ParseError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(false)
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(false)
            }
            Some(Frame::Map {
                entries,
                pending_key,
                ..
            }) => {
                match pending_key.take() {
                    Some((key, key_span)) => entries.push(Entry {
                        key,
                        key_span,
                        value: node,
                    }),
                    None => {
                        let key = node.scalar_text().unwrap_or_else(|| "<complex key>".into());
                        *pending_key = Some((key, span));
                    }
                }
                Ok(false)
            }
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|entry| 1 + count_nodes(&entry.value))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a scalar, plus timestamps (Go's YAML
/// decoder resolves them, and Hugo reads dates from them).
pub(super) fn resolve_scalar(text: String, style: ScalarStyle, tag: Option<&str>) -> Value {
    let explicit_string = tag.is_some_and(|tag| tag == "tag:yaml.org,2002:str" || tag == "!!str");
    if explicit_string || style != ScalarStyle::Plain {
        return Value::Str { text, quoted: true };
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = parse_int(&text) {
        return Value::Int(int);
    }
    if looks_numeric(&text)
        && let Ok(float) = text.parse::<f64>()
    {
        return Value::Float(float);
    }
    if looks_like_timestamp(&text) {
        return Value::Datetime(text);
    }
    Value::Str {
        text,
        quoted: false,
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        (8, oct)
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i64::from_str_radix(digits, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

fn looks_numeric(text: &str) -> bool {
    let body = text.trim_start_matches(['-', '+']);
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
}

/// `YYYY-M-D` optionally followed by a time: the YAML 1.1 timestamp shape.
pub(crate) fn looks_like_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 8 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return false;
    }
    let rest = &text[5..];
    let mut parts = rest.splitn(3, '-');
    let month = parts.next().unwrap_or("");
    let day_and_time = parts.next().unwrap_or("");
    let day: String = day_and_time
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let tail = &day_and_time[day.len()..];
    (1..=2).contains(&month.len())
        && month.chars().all(|c| c.is_ascii_digit())
        && (1..=2).contains(&day.len())
        && (tail.is_empty() || tail.starts_with(['T', 't', ' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_file_absolute_bytes() {
        let text = "title: \"Café\"\ntags: [a, b]\n";
        let node = parse_yaml(text, 4).unwrap();
        let title = node.entry("title").unwrap();
        assert_eq!(title.key_span, Span::new(4, 9));
        assert_eq!(
            &text[title.value.span.start - 4..title.value.span.end - 4],
            "\"Café\""
        );
        let tags = node.get("tags").unwrap().as_seq().unwrap();
        assert_eq!(&text[tags[1].span.start - 4..tags[1].span.end - 4], "b");
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_spans() {
        let text = "\u{feff}title: x\n";
        let node = parse_yaml(text, 4).unwrap();
        let title = node.entry("title").unwrap();
        assert_eq!(
            &text[title.key_span.start - 4..title.key_span.end - 4],
            "title"
        );
    }

    #[test]
    fn a_block_scalar_that_ends_the_input_without_a_line_break_reads_like_libyaml() {
        // What C libyaml and Go's yaml give: the last line has no break to keep.
        for (text, expected) in [
            ("a: |\n  x", "x"),
            ("a: >\n  x\n  y", "x y"),
            ("a: |+\n  x", "x"),
            ("a: >-\n  x", "x"),
            ("a: |\n  x\n", "x\n"),
            ("a: |+\n  x\n\n", "x\n\n"),
            ("a: |\n  x\nb: 1", "x\n"),
        ] {
            let node = parse_yaml(text, 0).unwrap();
            let a = node.get("a").unwrap();
            assert_eq!(a.as_str(), Some(expected), "{text:?}");
            assert!(a.span.end <= text.len(), "{text:?}");
        }
    }

    #[test]
    fn a_panic_inside_the_parser_is_a_syntax_error() {
        let text = "title: x\ntags: {a: [!, b]}\n";
        let err = parse_yaml(text, 3).unwrap_err();
        assert!(err.message.contains("libyaml-safer"), "{}", err.message);
        assert!((3..=3 + text.len()).contains(&err.span.start));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let node = parse_yaml("a: 1\na: 2\n", 0).unwrap();
        assert_eq!(node.entries().len(), 2);
    }

    #[test]
    fn scalars_resolve_like_yaml_1_2_with_timestamps() {
        let node = parse_yaml(
            "a: yes\nb: true\nc: 12\nd: 1.5\ne: 2024-05-02\nf: \"true\"\ng: 2025-01-10 19:00:00 +0000\n",
            0,
        )
        .unwrap();
        assert!(matches!(node.get("a").unwrap().value, Value::Str { .. }));
        assert_eq!(node.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(node.get("c").unwrap().value, Value::Int(12));
        assert_eq!(node.get("d").unwrap().value, Value::Float(1.5));
        assert!(matches!(node.get("e").unwrap().value, Value::Datetime(_)));
        assert!(matches!(
            node.get("f").unwrap().value,
            Value::Str { quoted: true, .. }
        ));
        assert!(matches!(node.get("g").unwrap().value, Value::Datetime(_)));
    }

    #[test]
    fn errors_point_into_the_file() {
        let err = parse_yaml("title: [unclosed\n", 10).unwrap_err();
        assert!(err.span.start >= 10);
    }

    #[test]
    fn an_unclosed_quote_is_blamed_where_it_opens() {
        // Never closed: the parser reaches the end of the front matter.
        let err = parse_yaml("title: \"Hello\ndate: 2024-01-02\ntags: [a]\n", 10).unwrap_err();
        assert_eq!(err.span.start, 10 + 7, "{err:?}");
        assert!(err.message.contains("never closed"), "{err:?}");
        // Closed by the next value's opening quote, which breaks that line.
        let text = "title: \"Hello\ndate: \"2024-01-02\"\ndraft: false\n";
        let err = parse_yaml(text, 0).unwrap_err();
        assert_eq!(err.span.start, 7, "{err:?}");
        // Run on into a line whose escape is invalid in double quotes.
        let text = "title: \"Hello\nfrom: '^(\\w+)'\n";
        let err = parse_yaml(text, 0).unwrap_err();
        assert_eq!(err.span.start, 7, "{err:?}");
        // A quoted value that legitimately spans lines is not blamed.
        let text = "title: \"Hello\n  world\"\ndate: [\n";
        let err = parse_yaml(text, 0).unwrap_err();
        assert!(err.span.start > 20, "{err:?}");
    }

    #[test]
    fn alias_bombs_are_rejected() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            text.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = parse_yaml(&text, 0).unwrap_err();
        assert!(err.message.contains("alias"));
    }

    #[test]
    fn flow_lists_may_close_at_column_zero_as_in_go_yaml() {
        let node = parse_yaml("aliases: [\n  '/a/',\n]\nx: 1\n", 0).unwrap();
        assert_eq!(node.get("aliases").unwrap().as_seq().unwrap().len(), 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_yaml(&text, 0).is_err());
    }
}
