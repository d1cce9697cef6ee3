//! Splitting front matter from the body, by each generator's own rules.
//!
//! Hugo (pagelexer_intro.go): a BOM and leading whitespace may precede the
//! front matter; `---` opens YAML, `+++` TOML, `{` JSON; the section ends at
//! the first line that starts with the same delimiter. Jekyll
//! (document.rb): only YAML, `---` on the very first line, closed by a line
//! that is `---` or `...`.

use crate::diagnostic::Span;
use crate::generator::Flavor;
use crate::value::{Format, Node, ParseError, find_json_end, parse_json, parse_toml, parse_yaml};

#[derive(Debug, Clone)]
pub enum FrontMatter {
    /// The file does not start with a front matter delimiter.
    Absent,
    /// An opening fence that is never closed; the whole file is the block.
    Unterminated {
        format: Format,
        open: Span,
    },
    Present(Block),
}

#[derive(Debug, Clone)]
pub struct Block {
    pub format: Format,
    /// The opening delimiter (`---`, `+++`, or the `{` of JSON).
    pub open: Span,
    /// The closing delimiter (`---`, `...`, `+++`, or the `}` of JSON).
    pub close: Span,
    /// The text between the delimiters (for JSON: the whole object).
    pub content: Span,
    pub data: Result<Node, ParseError>,
}

impl FrontMatter {
    pub fn block(&self) -> Option<&Block> {
        match self {
            FrontMatter::Present(block) => Some(block),
            _ => None,
        }
    }

    /// The parsed data, when the front matter exists and parses.
    pub fn data(&self) -> Option<&Node> {
        self.block().and_then(|block| block.data.as_ref().ok())
    }

    /// The parsed data and the language it was written in.
    pub fn parsed(&self) -> Option<(&Node, Format)> {
        let block = self.block()?;
        block.data.as_ref().ok().map(|data| (data, block.format))
    }

    /// The bytes the front matter occupies, delimiters included.
    pub fn span(&self, text_len: usize) -> Option<Span> {
        match self {
            FrontMatter::Absent => None,
            FrontMatter::Unterminated { open, .. } => Some(Span::new(open.start, text_len)),
            FrontMatter::Present(block) => Some(Span::new(block.open.start, block.close.end)),
        }
    }
}

/// Splits `text` into front matter and the offset where the body starts.
pub fn split(text: &str, flavor: Flavor) -> (FrontMatter, usize) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let start = match flavor {
        Flavor::Hugo => {
            bom + text[bom..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(text.len() - bom)
        }
        Flavor::Jekyll => bom,
    };
    let rest = &text[start..];
    if rest.starts_with("---") && (flavor == Flavor::Hugo || opens_jekyll(rest)) {
        fenced(text, start, Format::Yaml, b"---", flavor)
    } else if flavor == Flavor::Hugo && rest.starts_with("+++") {
        fenced(text, start, Format::Toml, b"+++", flavor)
    } else if flavor == Flavor::Hugo && rest.starts_with('{') {
        json(text, start)
    } else {
        (FrontMatter::Absent, 0)
    }
}

/// Jekyll's opening fence: `---`, optional whitespace, end of line.
fn opens_jekyll(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or(rest);
    line[3..].trim().is_empty() && rest.len() > line.len()
}

fn fenced(
    text: &str,
    start: usize,
    format: Format,
    delim: &[u8],
    flavor: Flavor,
) -> (FrontMatter, usize) {
    let open = Span::new(start, start + 3);
    let bytes = text.as_bytes();
    let content_start = match bytes.get(open.end..) {
        Some([b'\r', b'\n', ..]) => open.end + 2,
        Some([b'\n', ..]) => open.end + 1,
        _ => text[open.end..]
            .find('\n')
            .map_or(text.len(), |i| open.end + i + 1),
    };
    let mut line_start = content_start;
    while line_start < text.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        if closes(line, delim, flavor) {
            let close = Span::new(line_start, line_start + 3);
            let body_start = if line_end < text.len() {
                line_end + 1
            } else {
                line_end
            };
            let content = Span::new(content_start, line_start);
            let raw = &text[content.range()];
            let data = match format {
                Format::Yaml => parse_yaml(raw, content.start),
                _ => parse_toml(raw, content.start),
            };
            let block = Block {
                format,
                open,
                close,
                content,
                data,
            };
            return (FrontMatter::Present(block), body_start);
        }
        line_start = line_end + 1;
    }
    (FrontMatter::Unterminated { format, open }, text.len())
}

fn closes(line: &str, delim: &[u8], flavor: Flavor) -> bool {
    match flavor {
        Flavor::Hugo => line.as_bytes().starts_with(delim),
        Flavor::Jekyll => {
            let line = line.trim_end();
            line == "---" || line == "..."
        }
    }
}

fn json(text: &str, start: usize) -> (FrontMatter, usize) {
    let open = Span::new(start, start + 1);
    let Some(len) = find_json_end(&text[start..]) else {
        return (
            FrontMatter::Unterminated {
                format: Format::Json,
                open,
            },
            text.len(),
        );
    };
    let end = start + len;
    let content = Span::new(start, end);
    let data = parse_json(&text[content.range()], start);
    let body_start = match text.as_bytes().get(end..) {
        Some([b'\r', b'\n', ..]) => end + 2,
        Some([b'\n', ..]) => end + 1,
        _ => end,
    };
    let block = Block {
        format: Format::Json,
        open,
        close: Span::new(end - 1, end),
        content,
        data,
    };
    (FrontMatter::Present(block), body_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn present(text: &str, flavor: Flavor) -> (Block, usize) {
        match split(text, flavor) {
            (FrontMatter::Present(block), body) => (block, body),
            other => panic!("expected front matter, got {other:?}"),
        }
    }

    #[test]
    fn yaml_toml_and_json_in_hugo() {
        let (block, body) = present("---\ntitle: x\n---\nbody", Flavor::Hugo);
        assert_eq!(block.format, Format::Yaml);
        assert_eq!(body, 17);
        let (block, _) = present("+++\ntitle = 'x'\n+++\n", Flavor::Hugo);
        assert_eq!(block.format, Format::Toml);
        assert!(block.data.is_ok());
        let (block, body) = present("{\"title\": \"x\"}\nbody", Flavor::Hugo);
        assert_eq!(block.format, Format::Json);
        assert_eq!(body, 15);
    }

    #[test]
    fn bom_crlf_and_leading_whitespace() {
        let (block, body) = present("\u{feff}\r\n---\r\ntitle: x\r\n---\r\nbody", Flavor::Hugo);
        assert_eq!(block.open.start, 5);
        assert_eq!(
            block.data.unwrap().get("title").unwrap().as_str(),
            Some("x")
        );
        assert_eq!(body, 25);
        assert!(matches!(
            split("\n---\ntitle: x\n---\n", Flavor::Jekyll).0,
            FrontMatter::Absent
        ));
    }

    #[test]
    fn unterminated_and_absent() {
        assert!(matches!(
            split("---", Flavor::Hugo).0,
            FrontMatter::Unterminated { .. }
        ));
        assert!(matches!(
            split("---\ntitle: x\n", Flavor::Jekyll).0,
            FrontMatter::Unterminated { .. }
        ));
        assert!(matches!(split("# Hi", Flavor::Hugo).0, FrontMatter::Absent));
        assert!(matches!(split("", Flavor::Hugo).0, FrontMatter::Absent));
    }

    #[test]
    fn jekyll_closes_with_dots() {
        let (_, body) = present("---\ntitle: x\n...\nbody", Flavor::Jekyll);
        assert_eq!(body, 17);
    }
}
