//! Hugo shortcodes and Liquid tags, lexed once over the raw file.
//!
//! Both generators run their template lexer over the whole file before any
//! Markdown is parsed, so tags inside code fences and code spans are real
//! tags; whether a tag sits in code is recorded later, from the Markdown pass.

use memchr::memmem;

use crate::diagnostic::Span;

#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub shortcodes: Vec<Shortcode>,
    pub liquid: Vec<LiquidTag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    Open,
    Close,
    SelfClosing,
}

/// Which delimiters a shortcode call uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `{{< … >}}`: the output is inserted as is.
    Angle,
    /// `{{% … %}}`: the output is rendered as Markdown with the page.
    Percent,
}

impl Delimiter {
    pub fn open(self) -> &'static str {
        match self {
            Delimiter::Angle => "{{<",
            Delimiter::Percent => "{{%",
        }
    }

    pub fn close(self) -> &'static str {
        match self {
            Delimiter::Angle => ">}}",
            Delimiter::Percent => "%}}",
        }
    }
}

/// A lexing problem, located at the part of the tag that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagError {
    pub message: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Shortcode {
    /// From the opening `{{` to the closing `}}` (or to where lexing stopped).
    pub span: Span,
    pub delimiter: Delimiter,
    pub kind: ShortcodeKind,
    pub name: String,
    pub name_span: Span,
    pub params: Vec<Param>,
    /// Set when Hugo's lexer would reject the tag; the other fields hold what
    /// could be read before the problem.
    pub error: Option<TagError>,
    /// Whether the tag sits inside a Markdown code block or code span (it is
    /// still executed by Hugo). Filled in by the Markdown pass.
    pub in_code: bool,
}

impl Shortcode {
    /// The opening delimiter, where diagnostics about the whole tag point.
    pub fn open_delimiter(&self) -> Span {
        Span::new(self.span.start, self.span.start + 3)
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Option<String>,
    pub name_span: Option<Span>,
    pub value: String,
    /// The value as written, quotes included.
    pub value_span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiquidKind {
    /// `{% name markup %}`
    Tag,
    /// `{{ expression }}`
    Output,
}

#[derive(Debug, Clone)]
pub struct LiquidTag {
    pub span: Span,
    pub kind: LiquidKind,
    /// The tag name (`if`, `endraw`, `highlight`); empty for output tags.
    pub name: String,
    /// What follows the name (for output tags: the whole expression), trimmed.
    pub markup: String,
    pub markup_span: Span,
    pub error: Option<TagError>,
    /// Whether the tag sits inside Markdown code (it is still executed).
    pub in_code: bool,
}

/// Lexes every Hugo shortcode in `text`, starting at `from`.
pub fn lex_shortcodes(text: &str, from: usize) -> Vec<Shortcode> {
    let bytes = text.as_bytes();
    let finder = memmem::Finder::new(b"{{");
    let mut out = Vec::new();
    let mut pos = from;
    while let Some(found) = finder.find(&bytes[pos..]) {
        let start = pos + found;
        let delimiter = match bytes.get(start + 2) {
            Some(b'<') => Delimiter::Angle,
            Some(b'%') => Delimiter::Percent,
            _ => {
                pos = start + 2;
                continue;
            }
        };
        let inner = start + 3;
        if bytes[inner..].starts_with(b"/*") {
            pos = skip_escaped(text, inner, delimiter).unwrap_or_else(|| {
                out.push(unclosed_comment(start, delimiter));
                inner
            });
            continue;
        }
        let (shortcode, next) = ShortcodeLexer::new(text, start, delimiter).lex();
        out.push(shortcode);
        pos = next;
    }
    out
}

/// `{{</* … */>}}` is text; returns the offset after it.
fn skip_escaped(text: &str, inner: usize, delimiter: Delimiter) -> Option<usize> {
    let closing = format!("*/{}", delimiter.close());
    memmem::find(&text.as_bytes()[inner..], closing.as_bytes()).map(|at| inner + at + closing.len())
}

fn unclosed_comment(start: usize, delimiter: Delimiter) -> Shortcode {
    let span = Span::new(start, start + 5);
    Shortcode {
        span,
        delimiter,
        kind: ShortcodeKind::SelfClosing,
        name: String::new(),
        name_span: Span::empty(start + 3),
        params: Vec::new(),
        error: Some(TagError {
            message: format!(
                "escaped shortcode `{}/*` is never closed with `*/{}`",
                delimiter.open(),
                delimiter.close()
            ),
            span,
        }),
        in_code: false,
    }
}

struct ShortcodeLexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    start: usize,
    pos: usize,
    delimiter: Delimiter,
    shortcode: Shortcode,
}

impl<'a> ShortcodeLexer<'a> {
    fn new(text: &'a str, start: usize, delimiter: Delimiter) -> Self {
        ShortcodeLexer {
            text,
            bytes: text.as_bytes(),
            start,
            pos: start + 3,
            delimiter,
            shortcode: Shortcode {
                span: Span::new(start, start + 3),
                delimiter,
                kind: ShortcodeKind::Open,
                name: String::new(),
                name_span: Span::empty(start + 3),
                params: Vec::new(),
                error: None,
                in_code: false,
            },
        }
    }

    /// Lexes the tag; returns it and the offset where scanning resumes.
    fn lex(mut self) -> (Shortcode, usize) {
        match self.lex_inner() {
            Ok(()) => {
                self.shortcode.span.end = self.pos;
                let next = self.pos;
                (self.shortcode, next)
            }
            Err((message, span)) => {
                self.shortcode.span.end = span.end.max(self.start + 3);
                self.shortcode.error = Some(TagError { message, span });
                // Resume right after the problem so later tags are still seen.
                let next = span.end.max(self.start + 3);
                (self.shortcode, next)
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_close(&self) -> bool {
        self.bytes[self.pos..].starts_with(self.delimiter.close().as_bytes())
    }

    fn at_other_close(&self) -> bool {
        let other = match self.delimiter {
            Delimiter::Angle => "%}}",
            Delimiter::Percent => ">}}",
        };
        self.bytes[self.pos..].starts_with(other.as_bytes())
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn unclosed(&self) -> (String, Span) {
        (
            format!(
                "unclosed shortcode action: `{}` is never closed with `{}`",
                self.delimiter.open(),
                self.delimiter.close()
            ),
            Span::new(self.start, self.start + 3),
        )
    }

    fn lex_inner(&mut self) -> Result<(), (String, Span)> {
        self.skip_space();
        if self.peek() == Some(b'/') {
            self.shortcode.kind = ShortcodeKind::Close;
            self.pos += 1;
            self.skip_space();
        }
        self.lex_name()?;
        loop {
            self.skip_space();
            if self.pos >= self.bytes.len() {
                return Err(self.unclosed());
            }
            if self.at_close() {
                self.pos += 3;
                return Ok(());
            }
            if self.at_other_close() {
                let span = Span::new(self.pos, self.pos + 3);
                return Err((
                    format!(
                        "shortcode opened with `{}` but closed with `{}`",
                        self.delimiter.open(),
                        &self.text[span.range()]
                    ),
                    Span::new(self.start, span.end),
                ));
            }
            if self.peek() == Some(b'/')
                && self.bytes[self.pos + 1..].starts_with(self.delimiter.close().as_bytes())
            {
                if self.shortcode.kind == ShortcodeKind::Close {
                    return Err((
                        "a closing shortcode cannot also be self-closing".into(),
                        Span::new(self.pos, self.pos + 1),
                    ));
                }
                self.shortcode.kind = ShortcodeKind::SelfClosing;
                self.pos += 4;
                return Ok(());
            }
            if self.shortcode.kind == ShortcodeKind::Close {
                let end = self.text[self.pos..]
                    .find(char::is_whitespace)
                    .map_or(self.bytes.len(), |i| self.pos + i);
                return Err((
                    "a closing shortcode takes no parameters".into(),
                    Span::new(self.pos, end),
                ));
            }
            self.lex_param()?;
        }
    }

    fn lex_name(&mut self) -> Result<(), (String, Span)> {
        let name_start = self.pos;
        while let Some(c) = self.text[self.pos..].chars().next() {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.') {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        // A trailing `/` belongs to a self-closing `/>}}`, not to the name.
        if self.pos > name_start
            && self.bytes[self.pos - 1] == b'/'
            && self.bytes[self.pos..].starts_with(self.delimiter.close().as_bytes())
        {
            self.pos -= 1;
        }
        let name = &self.text[name_start..self.pos];
        self.shortcode.name = name.to_string();
        self.shortcode.name_span = Span::new(name_start, self.pos);
        if name.is_empty() {
            if self.pos >= self.bytes.len() {
                return Err(self.unclosed());
            }
            return Err((
                "shortcode has no name".into(),
                Span::new(self.start, (self.pos + 1).min(self.bytes.len())),
            ));
        }
        if name.contains('.') && !name.ends_with(".inline") {
            return Err((
                format!(
                    "period in shortcode name `{name}` (only inline shortcodes, `name.inline`, may have one)"
                ),
                self.shortcode.name_span,
            ));
        }
        Ok(())
    }

    fn lex_param(&mut self) -> Result<(), (String, Span)> {
        let start = self.pos;
        let (first, first_span, quoted) = self.lex_value()?;
        let mut param = Param {
            name: None,
            name_span: None,
            value: first,
            value_span: first_span,
        };
        let after = self.pos;
        self.skip_space();
        if !quoted && self.peek() == Some(b'=') {
            self.pos += 1;
            self.skip_space();
            if self.pos >= self.bytes.len() {
                return Err(self.unclosed());
            }
            let (value, value_span, _) = self.lex_value()?;
            param = Param {
                name: Some(param.value),
                name_span: Some(first_span),
                value,
                value_span,
            };
        } else {
            self.pos = after;
        }
        let named = param.name.is_some();
        if let Some(previous) = self.shortcode.params.first()
            && previous.name.is_some() != named
        {
            return Err((
                "shortcode mixes named and positional parameters".into(),
                Span::new(start, self.pos),
            ));
        }
        self.shortcode.params.push(param);
        Ok(())
    }

    /// A quoted string, a backtick raw string, or a bare word.
    fn lex_value(&mut self) -> Result<(String, Span, bool), (String, Span)> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {
                let mut value = String::new();
                let mut chars = self.text[start + 1..].char_indices();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                value.push(escaped);
                            }
                        }
                        '"' => {
                            self.pos = start + 1 + i + 1;
                            return Ok((value, Span::new(start, self.pos), true));
                        }
                        _ => value.push(c),
                    }
                }
                Err((
                    "unterminated quoted string in shortcode parameter".into(),
                    Span::new(start, start + 1),
                ))
            }
            Some(b'`') => match self.text[start + 1..].find('`') {
                Some(i) => {
                    self.pos = start + 1 + i + 1;
                    let value = self.text[start + 1..start + 1 + i].to_string();
                    Ok((value, Span::new(start, self.pos), true))
                }
                None => Err((
                    "unterminated raw string in shortcode parameter".into(),
                    Span::new(start, start + 1),
                )),
            },
            _ => {
                while let Some(c) = self.text[self.pos..].chars().next() {
                    if c.is_alphanumeric()
                        || matches!(
                            c,
                            '_' | '-'
                                | '.'
                                | '/'
                                | ':'
                                | '+'
                                | '#'
                                | '@'
                                | ','
                                | '!'
                                | '?'
                                | '&'
                                | ';'
                                | '%'
                                | '\''
                                | '('
                                | ')'
                                | '~'
                                | '*'
                                | '$'
                                | '^'
                        )
                    {
                        if (c == '/' || c == '%')
                            && (self.at_close()
                                || self.bytes[self.pos + 1..]
                                    .starts_with(self.delimiter.close().as_bytes()))
                        {
                            break;
                        }
                        self.pos += c.len_utf8();
                    } else {
                        break;
                    }
                }
                if self.pos == start {
                    if self.pos >= self.bytes.len() {
                        return Err(self.unclosed());
                    }
                    let c = self.text[start..].chars().next().unwrap_or(' ');
                    return Err((
                        format!(
                            "unrecognized character {c:?} in shortcode action (parameters with such characters must be quoted)"
                        ),
                        Span::new(start, start + c.len_utf8()),
                    ));
                }
                let value = self.text[start..self.pos].to_string();
                Ok((value, Span::new(start, self.pos), false))
            }
        }
    }
}

/// Lexes every Liquid tag and output in `text`, starting at `from`. The
/// insides of `{% raw %}` and `{% comment %}` are text.
pub fn lex_liquid(text: &str, from: usize) -> Vec<LiquidTag> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = from;
    let finder = memmem::Finder::new(b"{");
    while let Some(found) = finder.find(&bytes[pos..]) {
        let start = pos + found;
        let kind = match bytes.get(start + 1) {
            Some(b'%') => LiquidKind::Tag,
            Some(b'{') => LiquidKind::Output,
            _ => {
                pos = start + 1;
                continue;
            }
        };
        let tag = lex_liquid_tag(text, start, kind);
        pos = tag.span.end.max(start + 2);
        let opens_text_block =
            tag.error.is_none() && matches!(tag.name.as_str(), "raw" | "comment");
        let name = tag.name.clone();
        out.push(tag);
        if opens_text_block {
            pos = skip_text_block(text, pos, &name, &mut out);
        }
    }
    out
}

fn lex_liquid_tag(text: &str, start: usize, kind: LiquidKind) -> LiquidTag {
    let closing: &[u8] = match kind {
        LiquidKind::Tag => b"%}",
        LiquidKind::Output => b"}}",
    };
    let bytes = text.as_bytes();
    let inner_start = start + 2;
    let Some(at) = memmem::find(&bytes[inner_start..], closing) else {
        let (open, close) = match kind {
            LiquidKind::Tag => ("{%", "%}"),
            LiquidKind::Output => ("{{", "}}"),
        };
        let span = Span::new(start, start + 2);
        return LiquidTag {
            span,
            kind,
            name: String::new(),
            markup: String::new(),
            markup_span: Span::empty(inner_start),
            error: Some(TagError {
                message: format!("`{open}` is never closed with `{close}`"),
                span,
            }),
            in_code: false,
        };
    };
    let end = inner_start + at + 2;
    let inner = &text[inner_start..inner_start + at];
    let trimmed_start = inner.len() - inner.trim_start_matches(['-', ' ', '\t', '\r', '\n']).len();
    let body = inner
        .trim_start_matches(['-', ' ', '\t', '\r', '\n'])
        .trim_end_matches(['-', ' ', '\t', '\r', '\n']);
    let body_start = inner_start + trimmed_start;
    let (name, markup, markup_start) = match kind {
        LiquidKind::Output => (String::new(), body.to_string(), body_start),
        LiquidKind::Tag => {
            let name_len = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
            let rest = &body[name_len..];
            let markup = rest.trim_start();
            (
                body[..name_len].to_string(),
                markup.to_string(),
                body_start + name_len + (rest.len() - markup.len()),
            )
        }
    };
    LiquidTag {
        span: Span::new(start, end),
        kind,
        name,
        markup_span: Span::new(markup_start, markup_start + markup.len()),
        markup,
        error: None,
        in_code: false,
    }
}

/// Skips the text inside `{% raw %}` / `{% comment %}` up to its end tag,
/// which is pushed; returns the offset after it (or the end of the text).
fn skip_text_block(text: &str, from: usize, name: &str, out: &mut Vec<LiquidTag>) -> usize {
    let end_name = format!("end{name}");
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut pos = from;
    let finder = memmem::Finder::new(b"{%");
    while let Some(found) = finder.find(&bytes[pos..]) {
        let start = pos + found;
        let tag = lex_liquid_tag(text, start, LiquidKind::Tag);
        if tag.error.is_some() {
            pos = start + 2;
            continue;
        }
        pos = tag.span.end;
        // Comments nest (a comment is a block in Liquid); raw does not.
        if name == "comment" && tag.name == "comment" {
            depth += 1;
        } else if tag.name == end_name {
            depth -= 1;
            if depth == 0 {
                out.push(tag);
                return pos;
            }
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Shortcode {
        let mut all = lex_shortcodes(text, 0);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    #[test]
    fn open_close_self_closing_and_params() {
        let sc = one(r#"{{< figure src="/a.png" alt="An \"x\"" >}}"#);
        assert_eq!(sc.kind, ShortcodeKind::Open);
        assert_eq!(sc.name, "figure");
        assert_eq!(sc.params[1].name.as_deref(), Some("alt"));
        assert_eq!(sc.params[1].value, "An \"x\"");
        assert!(sc.error.is_none());
        assert_eq!(one("{{% /tabs %}}").kind, ShortcodeKind::Close);
        let sc = one("{{< blocks/cover title=x />}}");
        assert_eq!(sc.kind, ShortcodeKind::SelfClosing);
        assert_eq!(sc.name, "blocks/cover");
        let sc = one("{{< x `raw\nstring` 12 >}}");
        assert_eq!(sc.params.len(), 2);
        assert_eq!(sc.params[0].value, "raw\nstring");
    }

    #[test]
    fn escaped_shortcodes_are_text() {
        assert!(lex_shortcodes("{{</* x */>}} and {{%/* y */%}}", 0).is_empty());
    }

    #[test]
    fn problems_point_at_the_tag() {
        let sc = one("text {{< x a=\"b\" ");
        assert_eq!(sc.error.unwrap().span, Span::new(5, 8));
        let sc = one("{{< x %}}");
        assert!(sc.error.unwrap().message.contains("closed with"));
        let sc = one("{{< x a=1 2 >}}");
        assert!(sc.error.unwrap().message.contains("mixes"));
        assert!(one("{{<  >}}").error.is_some());
        assert!(one("{{< x.y >}}").error.is_some());
        assert!(one("{{< x.inline >}}").error.is_none());
    }

    #[test]
    fn liquid_tags_outputs_and_raw() {
        let tags = lex_liquid(
            "{% if a %}{{ page.title }}{%- endif -%}{% raw %}{% if %}{{ x }}{% endraw %}",
            0,
        );
        let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["if", "", "endif", "raw", "endraw"]);
        assert_eq!(tags[1].markup, "page.title");
        assert_eq!(tags[0].markup, "a");
        let broken = lex_liquid("text {% if x", 0);
        assert_eq!(broken[0].error.as_ref().unwrap().span, Span::new(5, 7));
    }
}
