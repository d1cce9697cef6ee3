//! Errors that stop a run (exit code 2): unusable arguments, unreadable or
//! invalid configuration. Findings in content are never errors of this kind.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::text::paths::display_path;
use crate::value::ParseError;

#[derive(Debug)]
pub enum Error {
    /// A path given on the command line does not exist, or similar misuse.
    Usage(String),
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// A configuration file that is not valid: located, with a hint.
    Config(Box<ConfigError>),
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
    pub text: String,
    pub span: Option<(usize, usize)>,
    pub label: String,
    pub help: Option<String>,
}

impl Error {
    pub fn config_syntax(path: &Path, text: &str, err: ParseError) -> Error {
        Error::Config(Box::new(ConfigError {
            path: path.to_path_buf(),
            message: format!("cannot parse {}: {}", display_path(path), err.message),
            text: text.to_string(),
            span: Some((err.span.start, err.span.len())),
            label: "here".into(),
            help: None,
        }))
    }

    pub fn config(
        path: &Path,
        text: &str,
        span: Option<crate::diagnostic::Span>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Error {
        Error::Config(Box::new(ConfigError {
            path: path.to_path_buf(),
            message: message.into(),
            text: text.to_string(),
            span: span.map(|span| (span.start, span.len())),
            label: label.into(),
            help,
        }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Io { path, source } => {
                write!(f, "cannot read {}: {source}", display_path(path))
            }
            Error::Config(config) => f.write_str(&config.message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl miette::Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let code = match self {
            Error::Usage(_) => "usage",
            Error::Io { .. } => "io",
            Error::Config(_) => "config",
        };
        Some(Box::new(code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            Error::Config(config) => config
                .help
                .as_deref()
                .map(|help| Box::new(help) as Box<dyn fmt::Display>),
            _ => None,
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self {
            Error::Config(config) if config.span.is_some() => {
                Some(config.as_ref() as &dyn miette::SourceCode)
            }
            _ => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let Error::Config(config) = self else {
            return None;
        };
        let (start, len) = config.span?;
        let label = LabeledSpan::new_with_span(
            Some(config.label.clone()),
            SourceSpan::new(start.into(), len),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

impl miette::SourceCode for ConfigError {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        read_named_span(
            &display_path(&self.path),
            &self.text,
            span,
            context_lines_before,
            context_lines_after,
        )
    }
}

/// `str`'s span reading, with a file name attached (for miette).
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
