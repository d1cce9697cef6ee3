//! Hugo's shortcode lexer, ported from `parser/pageparser/pagelexer_shortcode.go`
//! (checked against Hugo 0.168): names, `.inline` names, named and
//! positional parameters, `"quoted"` values with `\"` escapes, backtick raw
//! strings, unquoted named values that run to the next space, and the
//! escaped `{{</* … */>}}` form. Hugo stops at the first problem; this lexer
//! records it on the tag and carries on after the tag, so every problem in a
//! file is found in one run.

use memchr::memmem;

use super::{
    Delimiter, Param, Shortcode, ShortcodeKind, TagError, TagErrorKind, is_alphanumeric,
    is_alphanumeric_or_hyphen, is_tag_space,
};
use crate::diagnostic::Span;

mod errors;

/// Lexes every Hugo shortcode in `text`, starting at `from`.
pub fn lex_shortcodes(text: &str, from: usize) -> Vec<Shortcode> {
    let bytes = text.as_bytes();
    let finder = memmem::Finder::new(b"{{");
    let mut out = Vec::new();
    let mut pos = from;
    while pos < bytes.len() {
        let Some(found) = finder.find(&bytes[pos..]) else {
            break;
        };
        let start = pos + found;
        let delimiter = match bytes.get(start + 2) {
            Some(b'<') => Delimiter::Angle,
            Some(b'%') => Delimiter::Percent,
            _ => {
                // `{{{<` holds a shortcode one byte further on.
                pos = start + 1;
                continue;
            }
        };
        let inner = start + 3;
        if bytes[inner..].starts_with(b"/*") {
            match escaped_end(text, inner, delimiter) {
                Some(end) => pos = end,
                None => {
                    out.push(unclosed_comment(text, start, delimiter));
                    pos = inner;
                }
            }
            continue;
        }
        let (shortcode, next) = ShortcodeLexer::new(text, start, delimiter).lex();
        out.push(shortcode);
        pos = next;
    }
    out
}

/// `{{</* … */>}}` is text; returns the offset after it. Hugo looks for
/// `*/>}}` from the `/*` on and rejects a match that overlaps it.
fn escaped_end(text: &str, inner: usize, delimiter: Delimiter) -> Option<usize> {
    let closing = format!("*/{}", delimiter.close());
    let at = memmem::find(&text.as_bytes()[inner..], closing.as_bytes())?;
    (at > 1).then_some(inner + at + closing.len())
}

fn unclosed_comment(text: &str, start: usize, delimiter: Delimiter) -> Shortcode {
    let span = Span::new(start, start + 5);
    let rest = &text[start + 5..];
    let line_end = rest.find('\n').map_or(text.len(), |i| start + 5 + i);
    let hint = match rest[..line_end - start - 5].find(delimiter.close()) {
        Some(_) => format!(
            "; the tag ends with `{}` instead of `*/{}`",
            delimiter.close(),
            delimiter.close()
        ),
        None => String::new(),
    };
    Shortcode {
        span,
        delimiter,
        kind: ShortcodeKind::SelfClosing,
        name: String::new(),
        name_span: Span::empty(start + 5),
        inline: false,
        params: Vec::new(),
        error: Some(TagError {
            kind: TagErrorKind::UnclosedComment,
            message: format!(
                "escaped shortcode `{}/*` is never closed with `*/{}`{hint}",
                delimiter.open(),
                delimiter.close()
            ),
            span,
            generator: "comment must be closed".into(),
            generator_at: None,
        }),
        in_code: false,
    }
}

type LexResult<T> = Result<T, TagError>;

struct ShortcodeLexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    start: usize,
    pos: usize,
    delimiter: Delimiter,
    /// Hugo's `elementStepNum`: 0 before the name.
    step: usize,
    /// Hugo's `paramElements`: 1 = positional, 2 = named.
    param_elements: u8,
    /// The last parameter, while a `=value` may still attach to it.
    open_param: Option<usize>,
    /// A problem Hugo reports later (at template lookup), so lexing goes on.
    deferred: Option<TagError>,
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
            step: 0,
            param_elements: 0,
            open_param: None,
            deferred: None,
            shortcode: Shortcode {
                span: Span::new(start, start + 3),
                delimiter,
                kind: ShortcodeKind::Open,
                name: String::new(),
                name_span: Span::empty(start + 3),
                inline: false,
                params: Vec::new(),
                error: None,
                in_code: false,
            },
        }
    }

    /// Lexes the tag; returns it and the offset where scanning resumes.
    fn lex(mut self) -> (Shortcode, usize) {
        match self.lex_tag() {
            Ok(()) => {
                self.shortcode.span.end = self.pos;
                self.shortcode.error = self.deferred.take();
                let next = self.pos;
                (self.shortcode, next)
            }
            Err(error) => self.recover(error),
        }
    }

    /// Hugo stops at the first problem. To go on, decide how far the tag
    /// reaches: to its closing delimiter when that comes before any other
    /// shortcode; otherwise the tag was never closed (a cut `>}}`), which is
    /// what the author needs to hear, whatever Hugo then trips over.
    fn recover(mut self, mut error: TagError) -> (Shortcode, usize) {
        let close = self.delimiter.close().as_bytes();
        let after_open = self.start + 3;
        let next_open = next_shortcode_open(self.bytes, after_open);
        let resume_at;
        match error.kind {
            TagErrorKind::Unterminated => {
                resume_at = after_open;
            }
            TagErrorKind::DelimiterMismatch => {
                resume_at = error.span.end;
                self.shortcode.span.end = error.span.end;
            }
            _ => {
                let from = error.span.start.max(after_open);
                let close_at = memmem::find(&self.bytes[from..], close).map(|i| from + i);
                match close_at {
                    Some(at) if next_open.is_none_or(|open| at < open) => {
                        resume_at = at + 3;
                        self.shortcode.span.end = at + 3;
                    }
                    _ => {
                        error = self.never_closed(next_open, Some(&error));
                        resume_at = after_open;
                    }
                }
            }
        }
        if error.kind == TagErrorKind::Unterminated {
            self.shortcode.span.end = after_open;
        }
        self.shortcode.error = Some(error);
        (self.shortcode, resume_at)
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at(&self, delimiter: Delimiter) -> bool {
        self.bytes[self.pos..].starts_with(delimiter.close().as_bytes())
    }

    fn error(
        &self,
        kind: TagErrorKind,
        span: Span,
        message: String,
        generator: String,
    ) -> TagError {
        TagError {
            kind,
            message,
            span,
            generator,
            generator_at: None,
        }
    }

    fn lex_tag(&mut self) -> LexResult<()> {
        loop {
            if self.at(self.delimiter) {
                return self.finish();
            }
            let at = self.pos;
            let Some(c) = self.next() else {
                return Err(self.never_closed(None, None));
            };
            match c {
                c if is_tag_space(c) => {}
                '=' => self.lex_value_after_equals(at)?,
                '/' => {
                    if self.step == 0 {
                        self.shortcode.kind = ShortcodeKind::Close;
                        continue;
                    }
                    let mut after = self.pos;
                    while let Some(c) = self.text[after..].chars().next() {
                        if !is_tag_space(c) {
                            break;
                        }
                        after += c.len_utf8();
                    }
                    if self.bytes[after..].starts_with(self.delimiter.close().as_bytes()) {
                        self.shortcode.kind = ShortcodeKind::SelfClosing;
                        self.pos = after;
                    } else {
                        // `/` ending its line: a self-closing tag whose
                        // `>}}` is missing, as the author evidently meant.
                        let rest = &self.text[self.pos..];
                        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                        if line.trim().is_empty() {
                            self.shortcode.kind = ShortcodeKind::SelfClosing;
                        }
                        return Err(self.error(
                            TagErrorKind::SlashInParams,
                            Span::new(at, at + 1),
                            "unquoted `/` among the shortcode's parameters".into(),
                            "closing tag for shortcode does not match start tag".into(),
                        ));
                    }
                }
                '\\' => {
                    if matches!(self.peek(), Some('"' | '`')) {
                        self.lex_param(true)?;
                    }
                }
                c if self.step > 0 && (is_alphanumeric_or_hyphen(c) || c == '"' || c == '`') => {
                    self.pos = at;
                    self.lex_param(false)?;
                }
                c if is_alphanumeric(c) && self.step == 0 => {
                    self.pos = at;
                    self.lex_name()?;
                    if self.shortcode.kind == ShortcodeKind::Close {
                        return self.lex_end_of_closer();
                    }
                }
                c => return Err(self.unexpected(at, c)),
            }
        }
    }

    fn finish(&mut self) -> LexResult<()> {
        let close_at = self.pos;
        self.pos += 3;
        if self.step == 0 && self.shortcode.kind != ShortcodeKind::Close {
            return Err(self.error(
                TagErrorKind::NoName,
                Span::new(self.start, self.pos),
                "shortcode tag has no name".into(),
                "shortcode has no name".into(),
            ));
        }
        let _ = close_at;
        Ok(())
    }

    fn lex_name(&mut self) -> LexResult<()> {
        let name_start = self.pos;
        while let Some(c) = self.peek() {
            if is_alphanumeric_or_hyphen(c) || c == '/' {
                self.pos += c.len_utf8();
            } else if c == '.' {
                if self.bytes[self.pos + 1..].starts_with(b"inline ") {
                    self.shortcode.inline = true;
                    self.pos += 1;
                } else {
                    let mut end = self.pos + 1;
                    while let Some(c) = self.text[end..].chars().next() {
                        if !(is_alphanumeric_or_hyphen(c) || c == '.' || c == '/') {
                            break;
                        }
                        end += c.len_utf8();
                    }
                    let name = &self.text[name_start..end];
                    self.shortcode.name = name.to_string();
                    self.shortcode.name_span = Span::new(name_start, end);
                    let message = if name.ends_with(".inline") {
                        format!(
                            "inline shortcode name `{name}` must be followed by a space (`{} {name} {}`)",
                            self.delimiter.open(),
                            self.delimiter.close()
                        )
                    } else {
                        format!(
                            "period in shortcode name `{name}` (only inline shortcodes, `name.inline`, may have one)"
                        )
                    };
                    return Err(self.error(
                        TagErrorKind::PeriodInName,
                        Span::new(name_start, end),
                        message,
                        "period in shortcode name only allowed for inline identifiers".into(),
                    ));
                }
            } else {
                break;
            }
        }
        let mut name = &self.text[name_start..self.pos];
        self.step += 1;
        if name.len() > 1 && name.ends_with('/') {
            // Hugo keeps the slash in the name and then finds no template.
            let full = name.to_string();
            name = &name[..name.len() - 1];
            let self_closing = self.at(self.delimiter);
            if self_closing && self.shortcode.kind == ShortcodeKind::Open {
                self.shortcode.kind = ShortcodeKind::SelfClosing;
            }
            self.deferred = Some(self.error(
                TagErrorKind::SlashInName,
                Span::new(self.pos - 1, self.pos),
                format!(
                    "`{full}{}`: without a space before it, the `/` belongs to the name",
                    if self_closing {
                        self.delimiter.close()
                    } else {
                        ""
                    }
                ),
                format!("template for shortcode \"{full}\" not found"),
            ));
        }
        self.shortcode.name = name.to_string();
        self.shortcode.name_span = Span::new(name_start, name_start + name.len());
        Ok(())
    }

    /// After a closing tag's name only space may come before `>}}`.
    fn lex_end_of_closer(&mut self) -> LexResult<()> {
        loop {
            if self.at(self.delimiter) {
                return self.finish();
            }
            let at = self.pos;
            match self.next() {
                Some(c) if is_tag_space(c) => {}
                Some(c) => {
                    if self.bytes[at..].starts_with(self.delimiter.other().close().as_bytes()) {
                        return Err(self.unexpected(at, c));
                    }
                    let end = self.text[at..]
                        .find(|c: char| c.is_whitespace())
                        .map_or(self.bytes.len(), |i| at + i);
                    let close_at =
                        memmem::find(&self.bytes[at..], self.delimiter.close().as_bytes())
                            .map(|i| at + i);
                    let end = close_at.map_or(end, |close| end.min(close));
                    return Err(self.error(
                        TagErrorKind::ClosingWithParameters,
                        Span::new(at, end.max(at + c.len_utf8())),
                        format!(
                            "closing tag `{} /{} {}` takes no parameters",
                            self.delimiter.open(),
                            self.shortcode.name,
                            self.delimiter.close()
                        ),
                        "unclosed shortcode".into(),
                    ));
                }
                None => return Err(self.never_closed(None, None)),
            }
        }
    }

    /// Hugo's `lexShortcodeParam`.
    fn lex_param(&mut self, escaped_quote_start: bool) -> LexResult<()> {
        let start = self.pos;
        let first = self.peek();
        if first == Some('"') || (first == Some('`') && !escaped_quote_start) {
            if self.param_elements == 2 {
                return Err(self.mixed(start, None));
            }
            self.param_elements = 1;
            let (value, span) = if first == Some('"') {
                self.lex_quoted(!escaped_quote_start)?
            } else {
                self.lex_raw()?
            };
            self.push_param(value, Span::new(start.min(span.start), span.end));
            return Ok(());
        }
        if first == Some('`') {
            return Err(self.error(
                TagErrorKind::BadEscape,
                Span::new(start - 1, start + 1),
                "a backslash cannot escape a backtick in a shortcode parameter".into(),
                "unrecognized escape character".into(),
            ));
        }
        while let Some(c) = self.peek() {
            if is_alphanumeric_or_hyphen(c) || c == '.' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        let word = self.text[start..self.pos].to_string();
        let next_eq = self.peek() == Some('=');
        if self.param_elements == 0 {
            self.param_elements = if next_eq { 2 } else { 1 };
        } else if next_eq && self.param_elements == 1 {
            return Err(self.mixed(start, Some((&word, true))));
        } else if !next_eq && self.param_elements == 2 {
            return Err(self.mixed(start, Some((&word, false))));
        }
        self.push_param(word, Span::new(start, self.pos));
        Ok(())
    }

    fn push_param(&mut self, value: String, span: Span) {
        self.shortcode.params.push(Param {
            name: None,
            name_span: None,
            value,
            value_span: span,
        });
        self.open_param = Some(self.shortcode.params.len() - 1);
    }

    /// `=` and the value after it (Hugo: `lexInsideShortcode`'s `=` case).
    fn lex_value_after_equals(&mut self, equals: usize) -> LexResult<()> {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
        let start = self.pos;
        let (value, span) = match self.peek() {
            Some(c @ ('"' | '\\')) => self.lex_quoted(c != '\\')?,
            Some('`') => self.lex_raw()?,
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
                let value = &self.text[start..self.pos];
                for delimiter in [self.delimiter, self.delimiter.other()] {
                    if let Some(i) = value.find(delimiter.close()) {
                        let at = start + i;
                        return Err(self.error(
                            TagErrorKind::ValueRunsIntoDelimiter,
                            Span::new(start, at + 3),
                            format!(
                                "unquoted value `{value}` runs into `{}`: an unquoted value ends only at a space",
                                delimiter.close()
                            ),
                            "unclosed shortcode action".into(),
                        ));
                    }
                }
                if value.is_empty() && self.pos >= self.bytes.len() {
                    return Err(self.never_closed(None, None));
                }
                (value.to_string(), Span::new(start, self.pos))
            }
        };
        match self.open_param.take() {
            Some(index) => {
                let param = &mut self.shortcode.params[index];
                param.name = Some(std::mem::take(&mut param.value));
                param.name_span = Some(param.value_span);
                param.value = value;
                param.value_span = span;
            }
            None => {
                // Hugo ignores a value with no parameter name before it.
                let _ = equals;
            }
        }
        Ok(())
    }

    /// Hugo's `lexShortcodeQuotedParamVal`; `pos` is at the opening quote
    /// (or at the backslash of `\"`).
    fn lex_quoted(&mut self, escaped_quotes_allowed: bool) -> LexResult<(String, Span)> {
        let begin = self.pos;
        let mut open = false;
        let mut escaped_inner = false;
        let mut escape_state = false;
        let mut value_start = begin;
        let mut quote_at = begin;
        loop {
            let at = self.pos;
            let Some(c) = self.next() else {
                return Err(self.unterminated_string(quote_at, value_start));
            };
            match c {
                '\\' => match self.peek() {
                    Some('"') => {
                        if open && !escaped_quotes_allowed {
                            self.pos = at;
                            break;
                        } else if open {
                            escaped_inner = true;
                            escape_state = true;
                        }
                    }
                    Some('`') => {
                        return Err(self.error(
                            TagErrorKind::BadEscape,
                            Span::new(at, at + 2),
                            "a backslash cannot escape a backtick in a shortcode parameter".into(),
                            "unrecognized escape character".into(),
                        ));
                    }
                    _ => {}
                },
                '\n' => return Err(self.unterminated_string(quote_at, value_start)),
                '"' => {
                    if escape_state {
                        escape_state = false;
                    } else if open {
                        self.pos = at;
                        break;
                    } else {
                        open = true;
                        quote_at = at;
                        value_start = self.pos;
                    }
                }
                _ => {}
            }
        }
        let raw = &self.text[value_start..self.pos];
        let value = if escaped_inner {
            raw.replace('\\', "")
        } else {
            raw.to_string()
        };
        // The closing quote (`\"` when the value opened with one).
        if self.bytes[self.pos..].starts_with(b"\\\"") {
            self.pos += 2;
        } else if self.bytes.get(self.pos) == Some(&b'"') {
            self.pos += 1;
        }
        Ok((value, Span::new(begin, self.pos)))
    }

    /// A backtick raw string; `pos` is at the opening backtick.
    fn lex_raw(&mut self) -> LexResult<(String, Span)> {
        let begin = self.pos;
        match self.text[begin + 1..].find('`') {
            Some(i) => {
                let end = begin + 1 + i;
                self.pos = end + 1;
                Ok((
                    self.text[begin + 1..end].to_string(),
                    Span::new(begin, end + 1),
                ))
            }
            None => Err(self.error(
                TagErrorKind::UnterminatedRawString,
                Span::new(begin, begin + 1),
                "backtick raw string in a shortcode parameter is never closed".into(),
                format!(
                    "unterminated raw string in shortcode parameter-argument: '{}'",
                    first_line(&self.text[begin + 1..])
                ),
            )),
        }
    }
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or_default()
}

/// The next `{{<` or `{{%` at or after `from`.
fn next_shortcode_open(bytes: &[u8], from: usize) -> Option<usize> {
    let finder = memmem::Finder::new(b"{{");
    let mut pos = from;
    while pos < bytes.len() {
        let at = pos + finder.find(&bytes[pos..])?;
        if matches!(bytes.get(at + 2), Some(b'<' | b'%')) {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}
