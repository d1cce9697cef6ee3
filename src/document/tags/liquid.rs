//! Liquid's tokenizer (`{%.*?%}`, `{{.*?}}?`, a lone `{%` or `{{`) and its
//! tag grammar; `{% raw %}` bodies are text up to the first token Liquid's
//! raw tag accepts as `endraw`.

use memchr::memmem;

use super::{LiquidKind, LiquidTag, TagError, TagErrorKind};
use crate::diagnostic::Span;

/// Lexes every Liquid tag and output in `text`, starting at `from`, as
/// Liquid's tokenizer splits them. The inside of `{% raw %}` is text and
/// yields no tags.
pub fn lex_liquid(text: &str, from: usize) -> Vec<LiquidTag> {
    let mut out = Vec::new();
    let mut tokens = LiquidTokens { text, pos: from };
    while let Some(token) = tokens.next() {
        if let Some(cut) = swallowed_start(text, token) {
            // A tag that lost its `%}` (or `}}`): Liquid reads on to a later
            // tag's. Report it, and lex the tags it swallowed as written.
            out.push(runs_on(text, token, cut));
            tokens.pos = cut;
            continue;
        }
        let tag = liquid_tag(text, token);
        let is_raw = tag.kind == LiquidKind::Tag
            && tag.name == "raw"
            && tag
                .error
                .as_ref()
                .is_none_or(|e| e.kind == TagErrorKind::RawWithMarkup);
        out.push(tag);
        if is_raw {
            // Liquid's raw tag takes tokens until one ends in `{% endraw %}`.
            for token in tokens.by_ref() {
                if let Some(end) = raw_end(text, token) {
                    out.push(end);
                    break;
                }
            }
        }
    }
    out
}

/// Where a token swallows a later tag: a `{%` or `{{` after a line break
/// inside it.
fn swallowed_start(text: &str, token: Span) -> Option<usize> {
    if token.len() <= 4 {
        return None;
    }
    let inner = &text[token.start + 2..token.end - 1];
    let newline = inner.find('\n')?;
    let rest = &inner[newline..];
    let at = [rest.find("{%"), rest.find("{{")]
        .into_iter()
        .flatten()
        .min()?;
    Some(token.start + 2 + newline + at)
}

/// The tag or output that runs from `token.start` into the tag at `cut`.
fn runs_on(text: &str, token: Span, cut: usize) -> LiquidTag {
    let bytes = text.as_bytes();
    let end = token.start + text[token.start..cut].trim_end().len();
    let kind = if bytes[token.start + 1] == b'%' {
        LiquidKind::Tag
    } else {
        LiquidKind::Output
    };
    let mut pos = token.start + 2;
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    while pos < end && is_liquid_space(bytes[pos]) {
        pos += 1;
    }
    let name_start = pos;
    if kind == LiquidKind::Tag {
        while pos < end && (bytes[pos].is_ascii_alphanumeric() || bytes[pos] == b'_') {
            pos += 1;
        }
    }
    let name = text[name_start..pos].to_string();
    let (open, close) = match kind {
        LiquidKind::Tag => ("{%", "%}"),
        LiquidKind::Output => ("{{", "}}"),
    };
    let shown = if name.is_empty() {
        open.to_string()
    } else {
        format!("{open} {name}")
    };
    let mut tag = LiquidTag {
        span: Span::new(token.start, end.max(token.start + 2)),
        kind,
        name_span: Span::new(name_start, pos),
        name,
        markup: String::new(),
        markup_span: Span::empty(pos),
        error: Some(TagError {
            kind: TagErrorKind::RunsIntoNextTag,
            message: format!(
                "`{shown}` is never closed with `{close}`: Liquid reads on into the next tag"
            ),
            span: Span::new(token.start, token.start + 2),
            generator: format!(
                "Liquid reads everything up to the next `{close}` as this tag, so the tags in between are lost"
            ),
            generator_at: Some(Span::new(cut, cut + 2)),
        }),
        in_code: false,
    };
    set_markup(&mut tag, text, pos, end);
    tag
}

/// Liquid's tokenizer: `{%.*?%}`, `{{.*?}}?`, else a lone `{%` or `{{`.
struct LiquidTokens<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LiquidTokens<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let bytes = self.text.as_bytes();
        let finder = memmem::Finder::new(b"{");
        loop {
            let at = self.pos + finder.find(bytes.get(self.pos..)?)?;
            let end = match bytes.get(at + 1) {
                Some(b'%') => match memmem::find(&bytes[at + 2..], b"%}") {
                    Some(i) => at + 2 + i + 2,
                    None => at + 2,
                },
                Some(b'{') => match memchr::memchr(b'}', &bytes[at + 2..]) {
                    Some(i) => {
                        let first = at + 2 + i + 1;
                        if bytes.get(first) == Some(&b'}') {
                            first + 1
                        } else {
                            first
                        }
                    }
                    None => at + 2,
                },
                _ => {
                    self.pos = at + 1;
                    continue;
                }
            };
            self.pos = end;
            return Some(Span::new(at, end));
        }
    }
}

fn is_liquid_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// A token as Liquid's block parser reads it.
fn liquid_tag(text: &str, token: Span) -> LiquidTag {
    let bytes = text.as_bytes();
    let raw = &text[token.range()];
    let kind = if raw.starts_with("{%") {
        LiquidKind::Tag
    } else {
        LiquidKind::Output
    };
    let mut tag = LiquidTag {
        span: token,
        kind,
        name: String::new(),
        name_span: Span::empty(token.start + 2),
        markup: String::new(),
        markup_span: Span::empty(token.start + 2),
        error: None,
        in_code: false,
    };
    let open_span = Span::new(token.start, token.start + 2);
    match kind {
        LiquidKind::Output => {
            if token.len() == 2 {
                tag.error = Some(TagError {
                    kind: TagErrorKind::Unterminated,
                    message: "`{{` is never closed with `}}`".into(),
                    span: open_span,
                    generator: "Variable '{{' was not properly terminated with regexp: /\\}\\}/"
                        .into(),
                    generator_at: None,
                });
                return tag;
            }
            if !raw.ends_with("}}") || token.len() < 4 {
                tag.error = Some(TagError {
                    kind: TagErrorKind::SingleBrace,
                    message: "output tag ends with a single `}`: it needs `}}`".into(),
                    span: Span::new(token.end - 1, token.end),
                    generator: format!(
                        "Variable '{raw}' was not properly terminated with regexp: /\\}}\\}}/"
                    ),
                    generator_at: None,
                });
                return tag;
            }
            let mut start = token.start + 2;
            let mut end = token.end - 2;
            if bytes.get(start) == Some(&b'-') {
                start += 1;
            }
            if end > start && bytes[end - 1] == b'-' {
                end -= 1;
            }
            set_markup(&mut tag, text, start, end);
        }
        LiquidKind::Tag => {
            if token.len() == 2 {
                tag.error = Some(TagError {
                    kind: TagErrorKind::Unterminated,
                    message: "`{%` is never closed with `%}`".into(),
                    span: open_span,
                    generator: "Tag '{%' was not properly terminated with regexp: /\\%\\}/".into(),
                    generator_at: None,
                });
                return tag;
            }
            let mut pos = token.start + 2;
            let end_inner = token.end - 2;
            if bytes.get(pos) == Some(&b'-') {
                pos += 1;
            }
            while pos < end_inner && is_liquid_space(bytes[pos]) {
                pos += 1;
            }
            let name_start = pos;
            while pos < end_inner && (bytes[pos].is_ascii_alphanumeric() || bytes[pos] == b'_') {
                pos += 1;
            }
            // Liquid 5 also takes `{% # comment %}`.
            if pos == name_start && bytes.get(pos) == Some(&b'#') {
                pos += 1;
            }
            if pos == name_start {
                tag.error = Some(TagError {
                    kind: TagErrorKind::NoName,
                    message: "Liquid tag has no name".into(),
                    span: token,
                    generator: format!(
                        "Tag '{raw}' was not properly terminated with regexp: /\\%\\}}/"
                    ),
                    generator_at: None,
                });
                return tag;
            }
            tag.name = text[name_start..pos].to_string();
            tag.name_span = Span::new(name_start, pos);
            let mut markup_end = end_inner;
            if markup_end > pos && bytes[markup_end - 1] == b'-' {
                markup_end -= 1;
            }
            set_markup(&mut tag, text, pos, markup_end);
            if tag.name == "raw" && !tag.markup.is_empty() {
                tag.error = Some(TagError {
                    kind: TagErrorKind::RawWithMarkup,
                    message: format!(
                        "`{{% raw %}}` takes nothing after `raw` (found `{}`)",
                        tag.markup
                    ),
                    span: tag.markup_span,
                    generator: "Syntax Error in 'raw' - Valid syntax: raw".into(),
                    generator_at: None,
                });
            }
        }
    }
    tag
}

fn set_markup(tag: &mut LiquidTag, text: &str, start: usize, end: usize) {
    let inner = &text[start..end.max(start)];
    let trimmed_start = inner.len() - inner.trim_start().len();
    let markup = inner.trim();
    tag.markup = markup.to_string();
    tag.markup_span = Span::new(start + trimmed_start, start + trimmed_start + markup.len());
}

/// Liquid's raw tag ends at a token matching `\A(.*){%\s*(\w+)\s*(.*)?%}\z`
/// (greedy, so the last `{%` in it) with `endraw` as the word.
fn raw_end(text: &str, token: Span) -> Option<LiquidTag> {
    let raw = &text[token.range()];
    if !raw.ends_with("%}") || raw.len() < 4 {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut search_end = raw.len() - 2;
    while let Some(open) = memmem::rfind(&bytes[..search_end], b"{%") {
        let mut pos = open + 2;
        while pos < bytes.len() && is_liquid_space(bytes[pos]) {
            pos += 1;
        }
        let name_start = pos;
        while pos < bytes.len() && (bytes[pos].is_ascii_alphanumeric() || bytes[pos] == b'_') {
            pos += 1;
        }
        if pos > name_start && pos <= raw.len() - 2 {
            let word = &raw[name_start..pos];
            if word == "endraw" {
                let span = Span::new(token.start + open, token.end);
                let mut end = liquid_tag(text, span);
                end.error = None;
                return Some(end);
            }
            // A later `{%` with a word would have matched first; this one
            // names something else, so the token is text.
            return None;
        }
        if open == 0 {
            break;
        }
        search_end = open + 1;
    }
    None
}
