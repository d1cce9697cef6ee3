//! Hugo shortcodes and Liquid tags, lexed once over the raw file.
//!
//! Both generators run their template lexer over the whole file before any
//! Markdown is parsed, so tags inside code fences and code spans are real
//! tags; whether a tag sits in code is recorded later, from the Markdown pass.
//!
//! The shortcode lexer (`shortcodes`) is a port of Hugo's
//! (`parser/pageparser/pagelexer_shortcode.go`, checked against Hugo 0.168).
//! The Liquid lexer (`liquid`) follows Liquid's tokenizer and tag grammar.

mod liquid;
mod liquid_strict;
mod shortcodes;

use crate::diagnostic::Span;

pub use liquid::lex_liquid;
pub use liquid_strict::{StrictError, is_literal_output, strict_output_error};
pub use shortcodes::lex_shortcodes;

#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub shortcodes: Vec<Shortcode>,
    pub liquid: Vec<LiquidTag>,
    /// In a Hugo file, the Liquid a migration from Jekyll left behind, as
    /// Liquid's tokenizer would split it. Hugo runs no Liquid (these are
    /// text to it, and never masked), so only the migration rule reads them.
    pub liquid_in_hugo: Vec<LiquidTag>,
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

    /// A named parameter, its name compared ignoring case (as Hugo's
    /// `ref` and `relref` read theirs).
    pub fn param_ignoring_case(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|param| {
            param
                .name
                .as_deref()
                .is_some_and(|own| own.eq_ignore_ascii_case(name))
        })
    }

    /// Whether it is Hugo's `ref` or `relref`.
    pub fn is_ref(&self) -> bool {
        self.name.eq_ignore_ascii_case("ref") || self.name.eq_ignore_ascii_case("relref")
    }

    /// The page path a `ref`/`relref` names: `path=`, or its first
    /// positional parameter.
    pub fn ref_path(&self) -> Option<&Param> {
        self.param_ignoring_case("path")
            .or_else(|| self.params.iter().find(|param| param.name.is_none()))
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

#[cfg(test)]
mod tests;
