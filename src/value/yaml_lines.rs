//! The shape most front matter has, read without a YAML parser: block
//! mappings of `key: value` lines (nested by indent) whose values are
//! one-line scalars (plain, or quoted without escapes), one-line flow lists
//! of such scalars, or block lists of them. Anything else (comments,
//! anchors, tags, block scalars, escapes, tabs, CRLF, flow mappings, a value
//! running on to the next line) is turned down and read by libyaml.
//!
//! libyaml's scanner works a character at a time through a token queue and
//! was a fifth of the time it takes to parse a post. This reader gives the
//! same nodes with the same spans as `yaml::parse_yaml`'s libyaml path: a
//! test compares the two on every front matter of the real sites and on
//! thousands of mutations of them. It reads 94% of the real sites' YAML
//! front matter.

use libyaml_safer::ScalarStyle;

use super::yaml::resolve_scalar;
use super::{Entry, Node, Value};
use crate::diagnostic::Span;

/// Longer front matter goes to libyaml (whose limits then apply).
const MAX_LEN: usize = 64 * 1024;

/// Deeper mappings go to libyaml, which rejects nesting past `MAX_DEPTH`.
const MAX_NESTING: usize = 16;

/// `text` read as a mapping of simple entries, spans offset by `base`, or
/// `None` when it is not in that shape.
pub fn parse(text: &str, base: usize) -> Option<Node> {
    if text.len() > MAX_LEN || !text.chars().all(plain_char) {
        return None;
    }
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = base + offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        let body = line.trim_start_matches(' ');
        if body.is_empty() {
            continue;
        }
        if body.starts_with('#') || body.contains(" #") {
            return None;
        }
        lines.push(Line {
            at,
            indent: line.len() - body.len(),
            body,
        });
    }
    let mut reader = Reader {
        lines,
        next: 0,
        end: base + text.len(),
    };
    if reader.lines.first()?.indent != 0 {
        return None;
    }
    // Every line has an indent of at least 0: the root mapping reads them
    // all, or turns the text down.
    reader.map(0, 0)
}

/// A line with text: where it starts, its indent and the rest.
struct Line<'a> {
    at: usize,
    indent: usize,
    body: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// The first line not read yet.
    next: usize,
    /// The end of the text (file-absolute).
    end: usize,
}

impl Reader<'_> {
    /// Where the token after the lines read so far starts: a block ends
    /// there (libyaml's block end token).
    fn block_end(&self) -> usize {
        self.lines
            .get(self.next)
            .map_or(self.end, |line| line.at + line.indent)
    }

    /// The mapping whose keys start at `indent`, from the next line on,
    /// inside `depth` others.
    fn map(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth > MAX_NESTING {
            return None;
        }
        let start = self.block_end();
        let mut entries = Vec::new();
        while let Some(line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let key_at = line.at + indent;
            let body = line.body;
            let key_len = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(body.len());
            let key = &body[..key_len];
            let rest = body[key_len..].strip_prefix(':')?;
            if key.is_empty() || key.starts_with('-') || key.len() > 128 {
                return None;
            }
            let key_node = Node::new(
                resolve_scalar(key.to_string(), ScalarStyle::Plain, None),
                Span::new(key_at, key_at + key_len),
            );
            self.next += 1;
            let value_at = key_at + key_len + 1;
            let value = if rest.is_empty() {
                match self.lines.get(self.next) {
                    // A list, indented or at the key's own indent.
                    Some(next) if next.indent >= indent && list_item(next.body).is_some() => {
                        self.list(next.indent)?
                    }
                    Some(next) if next.indent > indent => self.map(next.indent, depth + 1)?,
                    _ => Node::new(Value::Null, Span::empty(value_at)),
                }
            } else {
                let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
                value_node(value, value_at + (rest.len() - value.len()))?
            };
            entries.push(Entry {
                key: key_node.scalar_text()?,
                key_span: key_node.span,
                value,
            });
        }
        Some(Node::new(
            Value::Map(entries),
            Span::new(start, self.block_end()),
        ))
    }

    /// The block list whose `- ` marks start at `indent`.
    fn list(&mut self, indent: usize) -> Option<Node> {
        let start = self.block_end();
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.next)
            && line.indent == indent
            && let Some(item) = list_item(line.body)
        {
            let item_at = line.at + indent + (line.body.len() - item.len());
            items.push(scalar(item, item_at, Context::Block)?);
            self.next += 1;
        }
        // A deeper line after the items (a continued item) is turned down
        // by the mapping the list is in.
        Some(Node::new(
            Value::Seq(items),
            Span::new(start, self.block_end()),
        ))
    }
}

/// A character libyaml reads as itself: printable, and no line break but
/// `\n` (so not `\r`, NEL or the Unicode separators) and no tab.
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The text of a block list item (`- value`).
fn list_item(body: &str) -> Option<&str> {
    let item = body.strip_prefix("- ")?;
    let item = item.trim_start_matches(' ');
    (!item.is_empty()).then_some(item)
}

/// A one-line value: a flow list or a scalar.
fn value_node(value: &str, at: usize) -> Option<Node> {
    let Some(inner) = value.strip_prefix('[') else {
        return scalar(value, at, Context::Block);
    };
    let inner = inner.trim_end_matches(' ').strip_suffix(']')?;
    let mut items = Vec::new();
    if !inner.trim_start_matches(' ').is_empty() {
        let mut item_at = at + 1;
        for piece in inner.split(',') {
            let item = piece.trim_start_matches(' ');
            items.push(scalar(
                item,
                item_at + (piece.len() - item.len()),
                Context::Flow,
            )?);
            item_at += piece.len() + 1;
        }
    }
    let end = at + 1 + inner.len() + 1;
    Some(Node::new(Value::Seq(items), Span::new(at, end)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    /// Inside `[...]`, where `,[]{}` end a plain scalar.
    Flow,
}

/// A scalar written on one line: quoted without escapes, or plain.
fn scalar(text: &str, at: usize, context: Context) -> Option<Node> {
    let text = text.trim_end_matches(' ');
    let value = match text.as_bytes().first()? {
        b'"' => {
            let inner = text[1..].strip_suffix('"')?;
            if inner.contains(['"', '\\']) {
                return None;
            }
            resolve_scalar(inner.to_string(), ScalarStyle::DoubleQuoted, None)
        }
        b'\'' => {
            let inner = text[1..].strip_suffix('\'')?;
            if inner.contains('\'') {
                return None;
            }
            resolve_scalar(inner.to_string(), ScalarStyle::SingleQuoted, None)
        }
        first => {
            let indicator = b"-?:,[]{}#&*!|>%@`".contains(first);
            let flow_special =
                context == Context::Flow && text.contains([':', '?', '#', '[', ']', '{', '}']);
            if indicator || flow_special || text.contains(": ") || text.ends_with(':') {
                return None;
            }
            resolve_scalar(text.to_string(), ScalarStyle::Plain, None)
        }
    };
    Some(Node::new(value, Span::new(at, at + text.len())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::yaml::libyaml;

    /// The YAML front matter of every Markdown file under `dir`.
    fn front_matters(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                front_matters(&path, out);
                continue;
            }
            let markdown = path
                .extension()
                .is_some_and(|e| e == "md" || e == "markdown");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some(rest) = text.strip_prefix("---\n").filter(|_| markdown)
                && let Some(end) = rest.find("\n---")
            {
                out.push(rest[..end + 1].to_string());
            }
        }
    }

    /// Where the reader answers, it answers as libyaml does (compared as
    /// debug text: a `.nan` is not equal to itself).
    fn agrees(text: &str) -> bool {
        match parse(text, 7) {
            Some(node) => {
                let expected = libyaml(text, 7);
                assert_eq!(
                    Ok(format!("{node:?}")),
                    expected.map(|n| format!("{n:?}")),
                    "{text:?}"
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn simple_front_matter_reads_like_libyaml() {
        for text in [
            "title: \"It's\"\ndate: 2024-01-02\ntags: [a, 'b c', \"d\"]\ndraft: false\n",
            "title: x\ntags:\n  - a\n  - 'b'\n\nweight: 3\n",
            "tags:\n- a\n- b\nempty:\nlast: [ ]\n",
            "a: 1\nb: 1.5\nc: ~\nd: null\ne: .nan\nf: https://x.org/a?b#c\ng: Hello, world [1]\n",
            "key:\nother: x\n",
            "list:\n  - a\n",
            "title: café — ünïcode\n",
            "menu:\n  main:\n    weight: 2\n    parent: x\n  side: [a]\ntitle: x\n",
            "a:\n  b:\n  - x\n  c: 1\n",
        ] {
            assert!(agrees(text), "declined {text:?}");
        }
        // `a:` nested `depth` deep, one more space each level.
        let nested = |depth: usize| -> String {
            (0..depth)
                .map(|level| format!("{}k{level}:\n", " ".repeat(level)))
                .collect::<String>()
                + &format!("{}x: 1\n", " ".repeat(depth))
        };
        assert!(agrees(&nested(MAX_NESTING)), "declined");
        assert!(libyaml(&nested(super::super::MAX_DEPTH + 1), 0).is_err());
        for declined in [
            "title: a # comment\n",
            "title: |\n  text\n",
            "title: a\n  continued\n",
            "title: \"a\\\"b\"\n",
            "a:\n    b: c\n  d: e\n",
            "tags:\n  - a\n    b\n",
            "tags:\n- a\n  b\n",
            &nested(MAX_NESTING + 2),
            "title: x\r\n",
            "\ttitle: x\n",
            "a: &x 1\nb: *x\n",
            "",
            "\n\n",
        ] {
            assert!(parse(declined, 0).is_none(), "{declined:?}");
        }
    }

    /// Every front matter of the real sites and the fixtures, and thousands
    /// of mutations of them (characters YAML gives meaning to, put
    /// anywhere): wherever the reader answers, libyaml answers the same.
    #[test]
    fn real_front_matter_and_its_mutations_read_like_libyaml() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = std::env::var_os("POSTLINT_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| repo.join("../shared/corpus"));
        let mut texts = Vec::new();
        front_matters(&corpus, &mut texts);
        front_matters(&repo.join("fixtures"), &mut texts);
        front_matters(&repo.join("tests"), &mut texts);
        assert!(texts.len() > 20, "{} front matters", texts.len());
        let accepted = texts.iter().filter(|text| agrees(text)).count();
        assert!(
            accepted * 2 > texts.len(),
            "only {accepted} of {} read without libyaml",
            texts.len()
        );
        let inserts = [
            " ", "\n", "#", " #", ":", ": ", "- ", "-", "'", "\"", "\\", "[", "]", ",", "\t", "é",
            "  ", "\r", "{", "&a ", "*a", "!", "|", ">", "?", "\n  ", "\n- ", "---",
        ];
        let mut seed = 5u32;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize % below.max(1)
        };
        let mut mutated = 0;
        for text in &texts {
            for _ in 0..12 {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut variant = text.clone();
                if next(4) == 0 {
                    let mut end = (at + 1 + next(3)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    variant.replace_range(at..end, "");
                } else {
                    variant.insert_str(at, inserts[next(inserts.len())]);
                }
                mutated += usize::from(agrees(&variant));
            }
        }
        assert!(mutated > texts.len(), "{mutated} mutations read");
    }
}
