//! Hugo shortcodes and Liquid tags, lexed once over the raw file.
//!
//! Both generators run their template lexer over the whole file before any
//! Markdown is parsed, so tags inside code fences and code spans are real
//! tags; whether a tag sits in code is recorded later, from the Markdown pass.
//!
//! The shortcode lexer is a port of Hugo's
//! (`parser/pageparser/pagelexer_shortcode.go`, checked against Hugo 0.168):
//! names, `.inline` names, named and positional parameters, `"quoted"`
//! values with `\"` escapes, backtick raw strings, unquoted named values
//! that run to the next space, and the escaped `{{</* … */>}}` form. Hugo
//! stops at the first problem; this lexer records it on the tag and carries
//! on after the tag, so every problem in a file is found in one run.
//!
//! The Liquid lexer follows Liquid's tokenizer (`{%.*?%}`, `{{.*?}}?`, a
//! lone `{%` or `{{`) and its tag grammar; `{% raw %}` bodies are text up to
//! the first token Liquid's raw tag accepts as `endraw`.

use memchr::memmem;

use crate::diagnostic::Span;

#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub shortcodes: Vec<Shortcode>,
    pub liquid: Vec<LiquidTag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    /// `{{< name >}}`
    Open,
    /// `{{< /name >}}`
    Close,
    /// `{{< name />}}`
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

    fn other(self) -> Delimiter {
        match self {
            Delimiter::Angle => Delimiter::Percent,
            Delimiter::Percent => Delimiter::Angle,
        }
    }
}

/// What is wrong with a tag the generator's lexer rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagErrorKind {
    /// The opening delimiter is never followed by its closing one (or the
    /// text after it is read as parameters until something breaks).
    Unterminated,
    /// `{{< x %}}`
    DelimiterMismatch,
    /// `{{< >}}`, `{% %}`
    NoName,
    /// `{{< x.y >}}`
    PeriodInName,
    /// `{{< x/>}}`: the slash is read as part of the name.
    SlashInName,
    /// An unquoted positional argument with a character Hugo rejects.
    BadCharacter,
    /// A `/` among the parameters that does not self-close the tag.
    SlashInParams,
    UnterminatedString,
    UnterminatedRawString,
    /// An unquoted named value that runs into the closing delimiter.
    ValueRunsIntoDelimiter,
    MixedParameters,
    /// `\` before a backtick.
    BadEscape,
    /// `{{< /x y >}}`
    ClosingWithParameters,
    /// `{{</* x >}}` with no `*/>}}`.
    UnclosedComment,
    /// Liquid `{{ x }`: one closing brace.
    SingleBrace,
    /// A Liquid tag that runs on to a later tag's `%}`.
    RunsIntoNextTag,
    /// `{% raw x %}`
    RawWithMarkup,
}

/// A lexing problem, located at the part of the tag that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagError {
    pub kind: TagErrorKind,
    /// What is wrong, in our words.
    pub message: String,
    pub span: Span,
    /// The generator's own error message for it.
    pub generator: String,
    /// Where the generator trips over it, when that is elsewhere (the text
    /// after a tag whose closing delimiter is missing).
    pub generator_at: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct Shortcode {
    /// From the opening `{{` to the closing `}}` (or to where the tag's
    /// problem lies, when it has one).
    pub span: Span,
    pub delimiter: Delimiter,
    pub kind: ShortcodeKind,
    /// As written; empty when the tag has none.
    pub name: String,
    pub name_span: Span,
    /// `name.inline`: the inner content is the template.
    pub inline: bool,
    pub params: Vec<Param>,
    /// Set when Hugo rejects the tag; the other fields hold what could be
    /// read (kind and name are what the author evidently meant).
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

    /// A named parameter.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|param| param.name.as_deref() == Some(name))
    }

    /// A positional parameter.
    pub fn positional(&self, index: usize) -> Option<&Param> {
        self.params
            .iter()
            .filter(|param| param.name.is_none())
            .nth(index)
    }

    /// How the tag is written without its parameters: `{{< /tabs >}}`.
    pub fn display(&self) -> String {
        let slash = if self.kind == ShortcodeKind::Close {
            "/"
        } else {
            ""
        };
        let end = if self.kind == ShortcodeKind::SelfClosing {
            " /"
        } else {
            ""
        };
        format!(
            "{} {slash}{}{end} {}",
            self.delimiter.open(),
            self.name,
            self.delimiter.close()
        )
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// The value with quotes removed (and, as Hugo does, backslashes when
    /// the value has escaped quotes).
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
    pub name_span: Span,
    /// What follows the name (for output tags: the whole expression), trimmed.
    pub markup: String,
    pub markup_span: Span,
    pub error: Option<TagError>,
    /// Whether the tag sits inside Markdown code (it is still executed).
    pub in_code: bool,
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn is_alphanumeric_or_hyphen(c: char) -> bool {
    is_alphanumeric(c) || c == '-'
}

/// Hugo's `isSpace || isEndOfLine`: what separates parts of a tag.
fn is_tag_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

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

    /// The error for a tag whose closing delimiter never comes.
    fn never_closed(&self, next_open: Option<usize>, cause: Option<&TagError>) -> TagError {
        let what = if self.shortcode.name.is_empty() {
            "shortcode tag".to_string()
        } else {
            format!("shortcode `{}`", self.shortcode.name)
        };
        let before = match next_open {
            Some(_) => "before the next shortcode",
            None => "before the end of the file",
        };
        TagError {
            kind: TagErrorKind::Unterminated,
            message: format!(
                "{what} opened with `{}` is never closed with `{}` {before}",
                self.delimiter.open(),
                self.delimiter.close()
            ),
            span: Span::new(self.start, self.start + 3),
            generator: cause.map_or_else(
                || "unclosed shortcode action".to_string(),
                |cause| cause.generator.clone(),
            ),
            generator_at: cause.map(|cause| cause.span),
        }
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

    /// A character Hugo does not accept where it stands.
    fn unexpected(&self, at: usize, c: char) -> TagError {
        let other = self.delimiter.other();
        if self.bytes[at..].starts_with(other.close().as_bytes()) {
            return self.error(
                TagErrorKind::DelimiterMismatch,
                Span::new(at, at + 3),
                format!(
                    "shortcode opened with `{}` is closed with `{}`",
                    self.delimiter.open(),
                    other.close()
                ),
                hugo_unrecognized(c),
            );
        }
        if self.step == 0 {
            let message = if c == '-' || c == '/' {
                format!("shortcode name cannot start with `{c}`")
            } else {
                format!("unexpected {c:?} where the shortcode's name should be")
            };
            return self.error(
                TagErrorKind::BadCharacter,
                Span::new(at, at + c.len_utf8()),
                message,
                hugo_unrecognized(c),
            );
        }
        self.error(
            TagErrorKind::BadCharacter,
            Span::new(at, at + c.len_utf8()),
            format!("unquoted {c:?} in a shortcode parameter"),
            hugo_unrecognized(c),
        )
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

    fn mixed(&self, start: usize, word: Option<(&str, bool)>) -> TagError {
        let end = match word {
            Some((word, _)) => start + word.len(),
            None => start + 1,
        };
        let (ours, generator) = match word {
            Some((word, true)) => (
                format!("named parameter `{word}` after positional ones"),
                format!("got named parameter '{word}'. Cannot mix named and positional parameters"),
            ),
            Some((word, false)) => (
                format!("positional parameter `{word}` after named ones"),
                format!(
                    "got positional parameter '{word}'. Cannot mix named and positional parameters"
                ),
            ),
            None => (
                "quoted positional parameter after named ones".to_string(),
                "got quoted positional parameter. Cannot mix named and positional parameters"
                    .to_string(),
            ),
        };
        self.error(
            TagErrorKind::MixedParameters,
            Span::new(start, end),
            format!("shortcode mixes named and positional parameters: {ours}"),
            generator,
        )
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

    fn unterminated_string(&self, quote_at: usize, value_start: usize) -> TagError {
        let line_end = self.text[value_start..]
            .find('\n')
            .map_or(self.bytes.len(), |i| value_start + i);
        self.error(
            TagErrorKind::UnterminatedString,
            Span::new(quote_at, quote_at + 1),
            "quoted shortcode parameter is not closed on its line (a `\"…\"` value cannot span lines; use backticks for that)".into(),
            format!(
                "unterminated quoted string in shortcode parameter-argument: '{}'",
                &self.text[value_start..line_end]
            ),
        )
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

fn hugo_unrecognized(c: char) -> String {
    format!(
        "unrecognized character in shortcode action: U+{:04X} '{c}'. Note: Parameters with non-alphanumeric args must be quoted",
        c as u32
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Shortcode {
        let mut all = lex_shortcodes(text, 0);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    fn error(text: &str) -> TagError {
        one(text)
            .error
            .unwrap_or_else(|| panic!("no error for {text}"))
    }

    #[test]
    fn open_close_self_closing_and_params() {
        let sc = one(r#"{{< figure src="/a.png" alt="An \"x\"" >}}"#);
        assert_eq!(sc.kind, ShortcodeKind::Open);
        assert_eq!(sc.name, "figure");
        assert_eq!(sc.params[1].name.as_deref(), Some("alt"));
        assert_eq!(sc.params[1].value, "An \"x\"");
        assert_eq!(sc.param("src").unwrap().value, "/a.png");
        assert!(sc.error.is_none());
        assert_eq!(one("{{% /tabs %}}").kind, ShortcodeKind::Close);
        let sc = one("{{< blocks/cover title=x />}}");
        assert_eq!(sc.kind, ShortcodeKind::SelfClosing);
        assert_eq!(sc.name, "blocks/cover");
        assert_eq!(sc.params[0].value, "x");
        let sc = one("{{< x `raw\nstring` 12 >}}");
        assert_eq!(sc.params.len(), 2);
        assert_eq!(sc.params[0].value, "raw\nstring");
        assert_eq!(one("{{< x a / >}}").kind, ShortcodeKind::SelfClosing);
        assert_eq!(one("{{<\nx\n  a=\"b\"\n  c=`d`\n>}}").params.len(), 2);
        assert_eq!(one("{{< /x\n>}}").kind, ShortcodeKind::Close);
        assert_eq!(one("{{< x 1.5 -a >}}").params[1].value, "-a");
        assert_eq!(one("{{< x a=&b:c >}}").params[0].value, "&b:c");
        assert_eq!(one(r#"{{< x \"a\" >}}"#).params[0].value, "a");
        assert_eq!(
            one(r#"{{< x a = "b" >}}"#).params[0].name.as_deref(),
            Some("a")
        );
        let inline = one("{{< time.inline >}}");
        assert!(inline.inline && inline.error.is_none());
        assert_eq!(inline.name, "time.inline");
    }

    #[test]
    fn escaped_shortcodes_are_text() {
        assert!(lex_shortcodes("{{</* x */>}} and {{%/* y */%}} {{</**/>}}", 0).is_empty());
        assert_eq!(
            error("{{</* x >}}").kind,
            TagErrorKind::UnclosedComment,
            "Hugo: comment must be closed"
        );
        assert_eq!(error("{{%/* x */>}}").kind, TagErrorKind::UnclosedComment);
        assert_eq!(error("{{</*/>}}").kind, TagErrorKind::UnclosedComment);
    }

    #[test]
    fn a_brace_before_the_delimiter_does_not_hide_it() {
        assert_eq!(one("{{{< x a >}}}").name, "x");
    }

    #[test]
    fn problems_point_at_the_tag() {
        let e = error("text {{< x a=\"b\" ");
        assert_eq!(
            (e.kind, e.span),
            (TagErrorKind::Unterminated, Span::new(5, 8))
        );
        let e = error("{{< x %}}");
        assert_eq!(
            (e.kind, e.span),
            (TagErrorKind::DelimiterMismatch, Span::new(6, 9))
        );
        assert_eq!(error("{{< x a=1 2 >}}").kind, TagErrorKind::MixedParameters);
        assert_eq!(error("{{< x a 2=1 >}}").kind, TagErrorKind::MixedParameters);
        assert_eq!(
            error("{{< x a=1 \"2\" >}}").kind,
            TagErrorKind::MixedParameters
        );
        assert_eq!(error("{{<  >}}").kind, TagErrorKind::NoName);
        assert_eq!(error("{{< x.y >}}").kind, TagErrorKind::PeriodInName);
        assert_eq!(error("{{< x.inline>}}").kind, TagErrorKind::PeriodInName);
        assert_eq!(error("{{< x a:b >}}").kind, TagErrorKind::BadCharacter);
        assert_eq!(error("{{< x 'a' >}}").kind, TagErrorKind::BadCharacter);
        assert_eq!(error("{{< -x >}}").kind, TagErrorKind::BadCharacter);
        assert_eq!(
            error("{{< x \"a >}}").kind,
            TagErrorKind::UnterminatedString
        );
        assert_eq!(
            error("{{< x \"a\nb\" >}}").kind,
            TagErrorKind::UnterminatedString
        );
        assert_eq!(
            error("{{< x a=\"b\\\" >}}").kind,
            TagErrorKind::UnterminatedString
        );
        assert_eq!(
            error("{{< x `a >}}").kind,
            TagErrorKind::UnterminatedRawString
        );
        assert_eq!(error("{{< x \\`a` >}}").kind, TagErrorKind::BadEscape);
        assert_eq!(
            error("{{< /x y >}}").kind,
            TagErrorKind::ClosingWithParameters
        );
        assert_eq!(
            error("{{< x a=b>}}").kind,
            TagErrorKind::ValueRunsIntoDelimiter
        );
        assert_eq!(error("{{< x a/b >}}").kind, TagErrorKind::SlashInParams);
        let e = one("{{< x/>}}");
        assert_eq!(e.kind, ShortcodeKind::SelfClosing);
        assert_eq!(e.name, "x");
        assert_eq!(e.error.unwrap().kind, TagErrorKind::SlashInName);
    }

    #[test]
    fn a_cut_closing_delimiter_is_reported_at_the_opening_one() {
        let text = "{{< figure src=\"a.png\" alt=\"b\"\n\nNext paragraph.\n\n{{< notice >}}x{{< /notice >}}\n";
        let all = lex_shortcodes(text, 0);
        assert_eq!(all.len(), 3);
        let e = all[0].error.as_ref().unwrap();
        assert_eq!(
            (e.kind, e.span),
            (TagErrorKind::Unterminated, Span::new(0, 3))
        );
        assert!(e.generator.contains("got positional parameter 'Next'"));
        assert_eq!(all[0].name, "figure");
        assert!(all[1].error.is_none() && all[2].error.is_none());
    }

    #[test]
    fn a_bad_parameter_does_not_hide_later_tags() {
        let all = lex_shortcodes("{{< x a:b >}} {{< y >}}", 0);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].span, Span::new(0, 13));
        assert!(all[1].error.is_none());
    }

    fn names(text: &str) -> Vec<String> {
        lex_liquid(text, 0)
            .iter()
            .map(|t| match (&t.error, t.kind) {
                (Some(e), _) => format!("!{:?}", e.kind),
                (None, LiquidKind::Output) => format!("={}", t.markup),
                (None, LiquidKind::Tag) => t.name.clone(),
            })
            .collect()
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

    #[test]
    fn liquid_tokenizer_edge_cases() {
        assert_eq!(names("{{ x }"), ["!SingleBrace"]);
        assert_eq!(names("{{ x"), ["!Unterminated"]);
        assert_eq!(names("{% %} {% \"x\" %}"), ["!NoName", "!NoName"]);
        assert_eq!(names("{{}} {{ x }}}"), ["=", "=x"]);
        assert_eq!(names("a {{ x | f: \"}\" }} b"), ["!SingleBrace"]);
        assert_eq!(names("{%\nif x\n%}{%\nendif\n%}"), ["if", "endif"]);
        assert_eq!(names("{% # note %}"), ["#"]);
        // Raw ends at the first token whose last `{%` names endraw.
        assert_eq!(names("{% raw %}{{ a {% endraw %}"), ["raw", "endraw"]);
        assert_eq!(
            names("{% raw %}{% raw %}{% endraw %}{% endraw %}"),
            ["raw", "endraw", "endraw"]
        );
        assert_eq!(names("{% raw %}x{%- endraw %}"), ["raw"]);
        assert_eq!(names("{% raw %}x{% endraw -%}"), ["raw", "endraw"]);
        assert_eq!(names("{% raw %}x{%endraw%}"), ["raw", "endraw"]);
        assert_eq!(names("{% raw x %}"), ["!RawWithMarkup"]);
        assert_eq!(
            names("{% if x\ntext {% endif %}"),
            ["!RunsIntoNextTag", "endif"]
        );
        assert_eq!(names("{{ x\ntext {% if a %}"), ["!RunsIntoNextTag", "if"]);
    }
}
