//! Liquid's strict parser for the expression of an output tag
//! (`{{ page.title | upcase }}`), ported from Liquid 5.4 (`lexer.rb`,
//! `parser.rb`, `Variable#strict_parse`), the version Jekyll 4.3 runs.
//!
//! Liquid reads every output with this parser first; what happens when it
//! fails is the site's `error_mode`: `strict` fails the build, `warn`
//! (Jekyll's default) logs a "Liquid Warning" and falls back to the lax
//! parser, which drops what it cannot read, and `lax` falls back silently.
//! An output that is not closed with `}}` is another matter: the tokenizer
//! rejects it under every mode (`TagErrorKind`).

use super::{LiquidKind, LiquidTag};
use crate::diagnostic::Span;

/// Where and why the strict parser rejects an output's expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictError {
    /// The token the parser stopped at (the closing `}}` when the
    /// expression ended too soon).
    pub span: Span,
    /// What is wrong, in plain words (``expected a filter name, found `|` ``).
    pub problem: String,
    /// What to say under the span (`expected a filter name here`).
    pub label: String,
    /// Liquid's own message (`Expected id but found pipe`).
    pub liquid: String,
    /// The expression as Liquid quotes it in its message (`{{ a b }}`).
    pub context: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Comparison,
    Str,
    Number,
    Id,
    DotDot,
    Pipe,
    Dot,
    Colon,
    Comma,
    OpenSquare,
    CloseSquare,
    OpenRound,
    CloseRound,
    Question,
    Dash,
    End,
}

impl Kind {
    /// The token's name as Liquid's messages spell it.
    fn liquid(self) -> &'static str {
        match self {
            Kind::Comparison => "comparison",
            Kind::Str => "string",
            Kind::Number => "number",
            Kind::Id => "id",
            Kind::DotDot => "dotdot",
            Kind::Pipe => "pipe",
            Kind::Dot => "dot",
            Kind::Colon => "colon",
            Kind::Comma => "comma",
            Kind::OpenSquare => "open_square",
            Kind::CloseSquare => "close_square",
            Kind::OpenRound => "open_round",
            Kind::CloseRound => "close_round",
            Kind::Question => "question",
            Kind::Dash => "dash",
            Kind::End => "end_of_string",
        }
    }

    /// What a token of this kind is, for a person.
    fn plain(self) -> &'static str {
        match self {
            Kind::Id => "a name",
            Kind::Str => "a string",
            Kind::Number => "a number",
            Kind::Comparison => "a comparison",
            Kind::DotDot => "`..`",
            Kind::Pipe => "`|`",
            Kind::Dot => "`.`",
            Kind::Colon => "`:`",
            Kind::Comma => "`,`",
            Kind::OpenSquare => "`[`",
            Kind::CloseSquare => "`]`",
            Kind::OpenRound => "`(`",
            Kind::CloseRound => "`)`",
            Kind::Question => "`?`",
            Kind::Dash => "`-`",
            Kind::End => "the end of the output",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    /// Offsets into the file.
    span: Span,
}

/// Nesting deeper than this (`[[[[…`) is not followed: the expression is
/// taken as readable rather than risk the stack on hostile input. Real
/// outputs nest a few levels at most.
const MAX_DEPTH: usize = 64;

/// The expression of an output tag without its delimiters, as Liquid's
/// `ContentOfVariable` cuts it: `{{`, an optional `-`, the expression, an
/// optional `-`, `}}`. `None` for a tag or an output not closed by `}}`.
fn expression(text: &str, tag: &LiquidTag) -> Option<Span> {
    if tag.kind != LiquidKind::Output || tag.error.is_some() {
        return None;
    }
    let raw = text.get(tag.span.range())?;
    let inner = raw.strip_prefix("{{")?.strip_suffix("}}")?;
    let start = tag.span.start + 2 + usize::from(inner.starts_with('-'));
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let end = tag.span.end - 2 - usize::from(inner.ends_with('-'));
    Some(Span::new(start, end.max(start)))
}

/// Whether an output is a lone string literal (`{{ "{{" }}`): the way to
/// write Liquid's delimiters as text, which prints exactly what it quotes.
pub fn is_literal_output(text: &str, tag: &LiquidTag) -> bool {
    let Some(span) = expression(text, tag) else {
        return false;
    };
    matches!(tokenize(text, span).as_deref(), Ok([only, end]) if only.kind == Kind::Str && end.kind == Kind::End)
}

/// Liquid's strict parser on an output tag: `None` when it reads it (or
/// when `tag` is not a closed output).
pub fn strict_output_error(text: &str, tag: &LiquidTag) -> Option<StrictError> {
    let span = expression(text, tag)?;
    let markup = text.get(span.range())?;
    let context = format!("{{{{{markup}}}}}");
    let tokens = match tokenize(text, span) {
        Ok(tokens) => tokens,
        Err((at, c)) => {
            return Some(StrictError {
                span: Span::new(at, at + c.len_utf8()),
                problem: format!("`{c}` is not part of Liquid's expressions"),
                label: "Liquid has no use for this character".to_string(),
                liquid: format!("Unexpected character {c}"),
                context,
            });
        }
    };
    let mut parser = Parser {
        text,
        tokens: &tokens,
        at: 0,
        depth: 0,
    };
    match parser.output() {
        Ok(()) | Err(Failure::TooDeep) => None,
        Err(Failure::Syntax {
            at,
            expected,
            liquid,
        }) => {
            let token = tokens.get(at).or(tokens.last())?;
            let span = if token.kind == Kind::End {
                // The expression ended too soon: point at the `}}`.
                Span::new(tag.span.end - 2, tag.span.end)
            } else {
                token.span
            };
            let found = match token.kind {
                Kind::Id | Kind::Str | Kind::Number | Kind::Comparison => {
                    format!("`{}`", text.get(token.span.range()).unwrap_or_default())
                }
                kind => kind.plain().to_string(),
            };
            Some(StrictError {
                span,
                problem: format!("expected {expected}, found {found}"),
                label: format!("expected {expected} here"),
                liquid,
                context,
            })
        }
    }
}

/// Ruby's `\s`: ASCII white space only.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Liquid's `Lexer#tokenize` over `span` of `text`: the tokens, ending
/// with `End`, or the offset and character it cannot read.
fn tokenize(text: &str, span: Span) -> Result<Vec<Token>, (usize, char)> {
    let bytes = text.as_bytes();
    let end = span.end.min(bytes.len());
    let mut out = Vec::new();
    let mut pos = span.start;
    loop {
        while pos < end && is_space(bytes[pos]) {
            pos += 1;
        }
        if pos >= end {
            break;
        }
        let rest = &bytes[pos..end];
        let (kind, len) = if let Some(len) = comparison(rest) {
            (Kind::Comparison, len)
        } else if let Some(len) = quoted(rest) {
            (Kind::Str, len)
        } else if let Some(len) = number(rest) {
            (Kind::Number, len)
        } else if let Some(len) = identifier(rest) {
            (Kind::Id, len)
        } else if rest.starts_with(b"..") {
            (Kind::DotDot, 2)
        } else {
            let kind = match rest[0] {
                b'|' => Kind::Pipe,
                b'.' => Kind::Dot,
                b':' => Kind::Colon,
                b',' => Kind::Comma,
                b'[' => Kind::OpenSquare,
                b']' => Kind::CloseSquare,
                b'(' => Kind::OpenRound,
                b')' => Kind::CloseRound,
                b'?' => Kind::Question,
                b'-' => Kind::Dash,
                _ => {
                    let c = text
                        .get(pos..)
                        .and_then(|s| s.chars().next())
                        .unwrap_or('\u{FFFD}');
                    return Err((pos, c));
                }
            };
            (kind, 1)
        };
        out.push(Token {
            kind,
            span: Span::new(pos, pos + len),
        });
        pos += len;
    }
    out.push(Token {
        kind: Kind::End,
        span: Span::empty(end),
    });
    Ok(out)
}

/// `==|!=|<>|<=?|>=?|contains(?=\s)`
fn comparison(rest: &[u8]) -> Option<usize> {
    match rest {
        [b'=', b'=', ..]
        | [b'!', b'=', ..]
        | [b'<', b'>', ..]
        | [b'<', b'=', ..]
        | [b'>', b'=', ..] => Some(2),
        [b'<' | b'>', ..] => Some(1),
        _ if rest.starts_with(b"contains") && rest.get(8).is_some_and(|&b| is_space(b)) => Some(8),
        _ => None,
    }
}

/// `'[^']*'` or `"[^"]*"`
fn quoted(rest: &[u8]) -> Option<usize> {
    let quote = *rest.first().filter(|&&b| b == b'\'' || b == b'"')?;
    let close = rest[1..].iter().position(|&b| b == quote)?;
    Some(close + 2)
}

/// `-?\d+(\.\d+)?`
fn number(rest: &[u8]) -> Option<usize> {
    let sign = usize::from(rest.first() == Some(&b'-'));
    let digits = |from: usize| {
        rest.get(from..)
            .map_or(0, |s| s.iter().take_while(|b| b.is_ascii_digit()).count())
    };
    let whole = digits(sign);
    if whole == 0 {
        return None;
    }
    let mut len = sign + whole;
    if rest.get(len) == Some(&b'.') {
        let fraction = digits(len + 1);
        if fraction > 0 {
            len += 1 + fraction;
        }
    }
    Some(len)
}

/// `[a-zA-Z_][\w-]*\??`
fn identifier(rest: &[u8]) -> Option<usize> {
    let first = *rest.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let mut len = 1 + rest[1..]
        .iter()
        .take_while(|&&b| is_word(b) || b == b'-')
        .count();
    if rest.get(len) == Some(&b'?') {
        len += 1;
    }
    Some(len)
}

enum Failure {
    Syntax {
        /// The index of the token the parser stopped at.
        at: usize,
        expected: &'static str,
        liquid: String,
    },
    TooDeep,
}

/// Liquid's `Parser`, as `Variable#strict_parse` drives it.
struct Parser<'t> {
    text: &'t str,
    tokens: &'t [Token],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn look(&self, kind: Kind, ahead: usize) -> bool {
        self.tokens
            .get(self.at + ahead)
            .is_some_and(|t| t.kind == kind)
    }

    fn current(&self) -> Kind {
        self.tokens.get(self.at).map_or(Kind::End, |t| t.kind)
    }

    fn accept(&mut self, kind: Kind) -> bool {
        let found = self.look(kind, 0);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, kind: Kind, expected: &'static str) -> Result<(), Failure> {
        if self.accept(kind) {
            return Ok(());
        }
        Err(Failure::Syntax {
            at: self.at,
            expected,
            liquid: format!(
                "Expected {} but found {}",
                kind.liquid(),
                self.current().liquid()
            ),
        })
    }

    /// `Variable#strict_parse`: an expression, then filters
    /// (`| name` or `| name: argument, key: argument`), then the end.
    fn output(&mut self) -> Result<(), Failure> {
        if self.look(Kind::End, 0) {
            return Ok(());
        }
        self.expression()?;
        while self.accept(Kind::Pipe) {
            self.expect(Kind::Id, "a filter name")?;
            if self.accept(Kind::Colon) {
                self.argument()?;
                while self.accept(Kind::Comma) {
                    self.argument()?;
                }
            }
        }
        self.expect(Kind::End, "`|` and a filter, or the end of the output")
    }

    fn argument(&mut self) -> Result<(), Failure> {
        if self.look(Kind::Id, 0) && self.look(Kind::Colon, 1) {
            self.at += 2;
        }
        self.expression()
    }

    fn expression(&mut self) -> Result<(), Failure> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Failure::TooDeep);
        }
        match self.current() {
            Kind::Id => {
                self.at += 1;
                self.lookups()?;
            }
            Kind::OpenSquare => {
                self.at += 1;
                self.expression()?;
                self.expect(Kind::CloseSquare, "`]`")?;
                self.lookups()?;
            }
            Kind::Str | Kind::Number => self.at += 1,
            Kind::OpenRound => {
                self.at += 1;
                self.expression()?;
                self.expect(Kind::DotDot, "`..` in a range")?;
                self.expression()?;
                self.expect(Kind::CloseRound, "`)`")?;
            }
            kind => {
                // Ruby prints the token array: `[:pipe, "|"]`.
                let liquid = match self.tokens.get(self.at) {
                    Some(token) if kind != Kind::End => format!(
                        "[:{}, {:?}] is not a valid expression",
                        kind.liquid(),
                        self.text.get(token.span.range()).unwrap_or_default()
                    ),
                    _ => "[:end_of_string] is not a valid expression".to_string(),
                };
                return Err(Failure::Syntax {
                    at: self.at,
                    expected: "a value (a variable, a string or a number)",
                    liquid,
                });
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// `.name` and `[expression]` after a variable.
    fn lookups(&mut self) -> Result<(), Failure> {
        loop {
            if self.accept(Kind::OpenSquare) {
                self.expression()?;
                self.expect(Kind::CloseSquare, "`]`")?;
            } else if self.accept(Kind::Dot) {
                self.expect(Kind::Id, "a name after `.`")?;
            } else {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tags::lex_liquid;

    /// Liquid's message for the first output of `text`, or `None` when its
    /// strict parser reads it.
    fn strict(text: &str) -> Option<String> {
        let tags = lex_liquid(text, 0);
        let tag = tags.first().expect("one tag");
        strict_output_error(text, tag).map(|e| e.liquid)
    }

    #[test]
    fn what_the_strict_parser_reads() {
        // Each checked against Liquid 5.4 with `error_mode: :strict`.
        for ok in [
            "{{ page.title }}",
            "{{page.title|upcase}}",
            "{{- page.title -}}",
            "{{ }}",
            "{{ x | where: \"a\", b: 1 }}",
            "{{ site.data[\"a b\"].c[0] }}",
            "{{ (1..x) | join }}",
            "{{ 'now' | date: '%Y' }}",
            "{{ a.size? }}",
            "{{page.contains}}",
        ] {
            assert_eq!(strict(ok), None, "{ok}");
        }
    }

    #[test]
    fn what_the_strict_parser_rejects_with_liquids_message() {
        // Each message is Liquid 5.4's, from `Liquid::Template.parse`.
        for (text, message) in [
            (
                "{{ page.title page.date }}",
                "Expected end_of_string but found id",
            ),
            ("{{ page.title | | upcase }}", "Expected id but found pipe"),
            ("{{ x | f: }}", "[:end_of_string] is not a valid expression"),
            ("{{ | x }}", "[:pipe, \"|\"] is not a valid expression"),
            ("{{ a = b }}", "Unexpected character ="),
            ("{{ page.títle }}", "Unexpected character í"),
            ("{{ a\u{a0}b }}", "Unexpected character \u{a0}"),
            ("{{ a. }}", "Expected id but found end_of_string"),
            ("{{ a[1 }}", "Expected close_square but found end_of_string"),
            ("{{ (1 2) }}", "Expected dotdot but found number"),
            (
                "{{ a == b }}",
                "Expected end_of_string but found comparison",
            ),
            ("{{ a.contains }}", "Expected id but found comparison"),
            ("{{ 1.2.3 }}", "Expected end_of_string but found dot"),
            ("{{ 'open }}", "Unexpected character '"),
        ] {
            assert_eq!(strict(text).as_deref(), Some(message), "{text}");
        }
    }

    #[test]
    fn the_error_points_at_the_token_or_at_the_closing_braces() {
        let text = "{{ page.title page.date }}";
        let tags = lex_liquid(text, 0);
        let error = strict_output_error(text, &tags[0]).expect("an error");
        assert_eq!(&text[error.span.range()], "page");
        assert_eq!(error.context, "{{ page.title page.date }}");
        let text = "{{ x | f: }}";
        let tags = lex_liquid(text, 0);
        let error = strict_output_error(text, &tags[0]).expect("an error");
        assert_eq!(&text[error.span.range()], "}}");
    }

    #[test]
    fn tags_unclosed_outputs_and_deep_nesting_are_not_judged() {
        assert_eq!(strict("{% if a b %}"), None);
        assert_eq!(strict("{{ a b }"), None);
        let deep = format!("{{{{ {}a{} }}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(strict(&deep), None);
    }

    #[test]
    fn a_lone_string_is_a_literal_output() {
        let literal = |text: &str| is_literal_output(text, &lex_liquid(text, 0)[0]);
        assert!(literal("{{ \"{{\" }}"));
        assert!(literal("{{- '{%' -}}"));
        assert!(!literal("{{ \"{{\" | append: x }}"));
        assert!(!literal("{{ site.baseurl }}"));
    }
}
