//! The diagnostic model every rule produces and every reporter consumes:
//! what a rule is (`RuleMeta`, `Family`), how serious a finding is, where
//! it points (`Span`, `Label`), and the fix a rule can prove safe.
//!
//! Reporters never see miette types: the human report converts to miette at the
//! edge, so the JSON and SARIF contracts stay independent of its rendering.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    FrontMatter,
    Excerpt,
    Images,
    Shortcodes,
    Liquid,
    Encoding,
    Headings,
    Links,
    Site,
    /// Leftovers of the other generator (a site moved between them).
    Migration,
    Io,
    /// postlint's own comments and settings.
    Meta,
}

impl Family {
    pub const ALL: [Family; 12] = [
        Family::FrontMatter,
        Family::Excerpt,
        Family::Images,
        Family::Shortcodes,
        Family::Liquid,
        Family::Encoding,
        Family::Headings,
        Family::Links,
        Family::Site,
        Family::Migration,
        Family::Io,
        Family::Meta,
    ];

    /// The family a rule code belongs to, by its prefix (`FM001` is front
    /// matter). Declarations are evaluated at compile time, so an unknown
    /// prefix fails the build.
    pub const fn of_code(code: &str) -> Family {
        match code.as_bytes() {
            [b'F', b'M', ..] => Family::FrontMatter,
            [b'E', b'X', ..] => Family::Excerpt,
            [b'I', b'M', b'G', ..] => Family::Images,
            [b'S', b'C', ..] => Family::Shortcodes,
            [b'L', b'Q', ..] => Family::Liquid,
            [b'E', b'N', b'C', ..] => Family::Encoding,
            [b'H', b'D', ..] => Family::Headings,
            [b'L', b'N', b'K', ..] => Family::Links,
            [b'S', b'I', b'T', b'E', ..] => Family::Site,
            [b'M', b'I', b'G', ..] => Family::Migration,
            [b'I', b'O', ..] => Family::Io,
            [b'P', b'L', ..] => Family::Meta,
            _ => panic!("a rule code starts with its family's prefix"),
        }
    }

    /// The code prefix (`FM`), also usable in `select`/`ignore`.
    pub fn prefix(self) -> &'static str {
        match self {
            Family::FrontMatter => "FM",
            Family::Excerpt => "EX",
            Family::Images => "IMG",
            Family::Shortcodes => "SC",
            Family::Liquid => "LQ",
            Family::Encoding => "ENC",
            Family::Headings => "HD",
            Family::Links => "LNK",
            Family::Site => "SITE",
            Family::Migration => "MIG",
            Family::Io => "IO",
            Family::Meta => "PL",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::FrontMatter => "front-matter",
            Family::Excerpt => "excerpt",
            Family::Images => "images",
            Family::Shortcodes => "shortcodes",
            Family::Liquid => "liquid",
            Family::Encoding => "encoding",
            Family::Headings => "headings",
            Family::Links => "links",
            Family::Site => "site",
            Family::Migration => "migration",
            Family::Io => "io",
            Family::Meta => "postlint",
        }
    }
}

/// What a rule is, independent of any finding. Every rule is declared
/// once, with `rules::declare_check!`, next to the check that reports it.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    /// The severity its findings have unless configured otherwise (a rule
    /// may give a particular finding a lower one, and says so on its page).
    pub severity: Severity,
    /// Off-by-default rules run only when selected by code, name or config.
    pub enabled_by_default: bool,
    pub fixable: bool,
    pub summary: &'static str,
    /// The rule's page (`rules/CODE.md`), embedded.
    pub doc: &'static str,
}

impl RuleMeta {
    /// How many slots there are: 64 per family.
    pub const SLOTS: usize = Family::ALL.len() * 64;

    /// A number below `SLOTS` no other rule has: the family's place and the
    /// code's number (below 64 in every family, which a test checks).
    pub fn slot(&self) -> usize {
        // Read from the end: asked for every finding and rule check.
        let (mut number, mut scale) = (0, 1);
        for &byte in self.code.as_bytes().iter().rev() {
            if !byte.is_ascii_digit() {
                break;
            }
            number += usize::from(byte - b'0') * scale;
            scale *= 10;
        }
        self.family as usize * 64 + number
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for RuleMeta {}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range in a file. Offsets are absolute in the file's bytes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Span {
        Span { start: at, end: at }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Shifts a span that is relative to a sub-slice starting at `base`.
    pub fn offset_by(self, base: usize) -> Span {
        Span::new(self.start + base, self.end + base)
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

/// A span with the text shown under it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Label {
    pub span: Span,
    /// Most labels are fixed text: no copy per finding.
    pub message: Cow<'static, str>,
}

impl Label {
    pub fn new(span: Span, message: impl Into<Cow<'static, str>>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A fix a rule can prove safe: applying its edits cannot change what the
/// author meant, only make the generator see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// One finding in one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub help: Option<Cow<'static, str>>,
    /// Boxed: few findings have one, and a site can have many findings.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding at `span` with the rule's default severity.
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Diagnostic {
        let message = message.into();
        Diagnostic {
            rule,
            severity: rule.severity,
            primary: Label::new(span, ""),
            message,
            secondary: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn label(mut self, text: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.primary.message = text.into();
        self
    }

    pub fn secondary(mut self, span: Span, text: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.secondary.push(Label::new(span, text));
        self
    }

    pub fn help(mut self, text: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.help = Some(text.into());
        self
    }

    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(Box::new(fix));
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// Text for a message, with characters a reader cannot see (no-break and
/// other unusual spaces, zero-width and control characters) written as
/// `\u{…}` escapes, so `tags\u{a0}` does not read as `tags `.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_whitespace() && c != ' ')
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_become_escapes() {
        assert_eq!(visible("tags\u{a0}"), "tags\\u{a0}");
        assert_eq!(visible("title"), "title");
    }
}
