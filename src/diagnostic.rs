//! The diagnostic model every rule produces and every reporter consumes.
//!
//! Reporters never see miette types: the human report converts to miette at the
//! edge, so the JSON and SARIF contracts stay independent of its rendering.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::rules::RuleMeta;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A fix a rule can prove safe: applying its edits cannot change what the
/// author meant, only make the generator see it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
