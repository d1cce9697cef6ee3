//! The human report: miette's graphical rendering of each finding, with the
//! source line, an underline and label at the exact span, and the help.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use rayon::prelude::*;

use super::Style;
use super::{FileReport, FileText};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;
use crate::text::kept::{self, JOIN_GAP};

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
    super::write_per_file(report, out, |file, out| {
        // A file's findings are rendered on every core too: one file can
        // hold tens of thousands of them, and miette's rendering (the
        // snippets, wrapping the message and help) is most of the cost of
        // such a report.
        let rendered: Vec<String> = file
            .diagnostics
            .par_iter()
            .with_min_len(64)
            .map(|diagnostic| render_one(&handler, file, diagnostic))
            .collect();
        for finding in rendered {
            out.write_all(finding.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// One finding as miette renders it.
fn render_one(
    handler: &GraphicalReportHandler,
    file: &FileReport,
    diagnostic: &Diagnostic,
) -> String {
    let windowed = file.source.as_deref().map(|source| Windowed {
        name: &file.display,
        source,
    });
    // A snippet of a line this long would bury the report (and cost its
    // length for each finding on it): location only.
    let long_line = windowed
        .as_ref()
        .is_some_and(|w| w.longest_line(diagnostic) > MAX_SNIPPET_LINE);
    let shown = Shown {
        diagnostic,
        source: windowed.filter(|_| !long_line),
        at: long_line
            .then_some(file.source.as_deref())
            .flatten()
            .map(|source| source.line_col(diagnostic.primary.span.start)),
        path: &file.display,
    };
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, &shown).is_err() {
        rendered = format!("{}: {}\n", diagnostic.rule.code, diagnostic.message);
    }
    rendered
}

/// Lines longer than this (in bytes) are not shown under a finding.
const MAX_SNIPPET_LINE: usize = 4096;

/// A file's text read through its line index: a span's contents come from
/// the lines around it, not from a scan from the start of the file (which
/// made a report of many findings in a large file quadratic).
#[derive(Debug, Clone, Copy)]
struct Windowed<'a> {
    name: &'a str,
    source: &'a FileText,
}

impl Windowed<'_> {
    /// The lines a span's window covers (one line of context each side).
    fn lines(&self, start: usize, end: usize, before: usize, after: usize) -> (usize, usize) {
        let source = self.source;
        let first = source
            .line_index(start.min(source.len()))
            .saturating_sub(before);
        let last = source.line_index(end.max(start).min(source.len()));
        (first, (last + after).min(source.line_count() - 1))
    }

    /// The longest line a finding's snippets would show, in bytes.
    fn longest_line(&self, diagnostic: &Diagnostic) -> usize {
        let source = self.source;
        let last_line = source.line_count().saturating_sub(1);
        kept::shown_spans(diagnostic, source.len(), last_line, |offset| {
            source.line_index(offset)
        })
        .into_iter()
        .map(|span| {
            let (first, last) = self.lines(span.start, span.end, 1, 1);
            (first..=last)
                .map(|line| source.line_range(line).len())
                .max()
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
    }
}

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let source = self.source;
        let (first, last) = self.lines(
            span.offset(),
            span.offset() + span.len().saturating_sub(1),
            context_lines_before,
            context_lines_after,
        );
        let start = source.line_range(first).start;
        let window = source.window(first, last);
        let local = SourceSpan::new((span.offset().saturating_sub(start)).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let line = contents.line() + first;
        // miette writes the `path:line:col` header from the primary label
        // read without context, where its own reading counts the column in
        // bytes; every other format counts Unicode scalar values, so the
        // header takes the column from the same `line_col` they use. With
        // context the contents start at a line start: column 0.
        let column = if context_lines_before == 0 {
            source.line_col(span.offset()).column.saturating_sub(1)
        } else {
            contents.column()
        };
        // miette reads this count only to decide whether two labels'
        // snippets are shown as one: when the first one's line plus its
        // count reaches the second one's line. The lines the contents
        // cover, plus `JOIN_GAP`, join snippets at most that many lines
        // apart, as `kept::shown_spans` (what the engine keeps of a file)
        // says. A count from the start of the file, which miette's reading
        // of a whole text gives, would join a label with any label up to
        // twice as far into the file, and show every line between them.
        let line_count = (last + 1).saturating_sub(line) + JOIN_GAP;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + start).into(),
                contents.span().len(),
            ),
            line,
            column,
            line_count,
        )))
    }
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<Windowed<'a>>,
    /// Where the finding is, when its snippet is not shown.
    at: Option<crate::text::LineCol>,
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
        match (&self.source, self.at) {
            (None, Some(at)) => write!(f, "{}:{}:{}: ", self.path, at.line, at.column)?,
            (None, None) => write!(f, "{}: ", self.path)?,
            (Some(_), _) => {}
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
        let len = source.source.len();
        let clamp = move |span: crate::diagnostic::Span| {
            let start = span.start.min(len);
            let end = span.end.clamp(start, len);
            SourceSpan::new(start.into(), end - start)
        };
        let primary = &self.diagnostic.primary;
        let label = (!primary.message.is_empty()).then(|| primary.message.to_string());
        let first = LabeledSpan::new_primary_with_span(label, clamp(primary.span));
        let rest = self.diagnostic.secondary.iter().map(move |label| {
            LabeledSpan::new_with_span(Some(label.message.to_string()), clamp(label.span))
        });
        Some(Box::new(std::iter::once(first).chain(rest)))
    }
}
