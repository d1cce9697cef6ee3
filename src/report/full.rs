//! The human report: miette's graphical rendering of each finding, with the
//! source line, an underline and label at the exact span, and the help.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Style;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Report;

pub fn render(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    for file in &report.files {
        for diagnostic in &file.diagnostics {
            let shown = Shown {
                diagnostic,
                source: file.source.as_ref().map(|source| NamedText {
                    name: &file.display,
                    text: source.text(),
                }),
                path: &file.display,
            };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &shown).is_err() {
                rendered = format!("{}: {}\n", diagnostic.rule.code, diagnostic.message);
            }
            out.write_all(rendered.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Source text with a file name, borrowed (miette's `NamedSource` owns).
#[derive(Debug, Clone, Copy)]
pub struct NamedText<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        read_named_span(
            self.name,
            self.text,
            span,
            context_lines_before,
            context_lines_after,
        )
    }
}

/// `str`'s span reading, with a file name attached.
pub fn read_named_span<'a>(
    name: &str,
    text: &'a str,
    span: &SourceSpan,
    context_lines_before: usize,
    context_lines_after: usize,
) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let contents = text.read_span(span, context_lines_before, context_lines_after)?;
    Ok(Box::new(MietteSpanContents::new_named(
        name.to_string(),
        contents.data(),
        *contents.span(),
        contents.line(),
        contents.column(),
        contents.line_count(),
    )))
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedText<'a>>,
    path: &'a str,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown")
            .field("code", &self.diagnostic.rule.code)
            .finish()
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_none() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{}[{}]", rule.code, rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help.as_deref();
        let fix = self
            .diagnostic
            .fix
            .as_ref()
            .map(|fix| format!("fix available: {}", fix.message));
        match (help, fix) {
            (Some(help), Some(fix)) => Some(Box::new(format!("{help}\n{fix}"))),
            (Some(help), None) => Some(Box::new(help)),
            (None, Some(fix)) => Some(Box::new(fix)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source?;
        let clamp = |span: crate::diagnostic::Span| {
            let start = span.start.min(source.text.len());
            let end = span.end.clamp(start, source.text.len());
            SourceSpan::new(start.into(), end - start)
        };
        let primary = &self.diagnostic.primary;
        let label = (!primary.message.is_empty()).then(|| primary.message.clone());
        let first = LabeledSpan::new_primary_with_span(label, clamp(primary.span));
        let rest = self.diagnostic.secondary.iter().map(move |label| {
            LabeledSpan::new_with_span(Some(label.message.clone()), clamp(label.span))
        });
        Some(Box::new(std::iter::once(first).chain(rest)))
    }
}
