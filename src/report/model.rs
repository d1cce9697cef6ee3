//! The report a run produces: every file looked at, the findings of each,
//! the text a report shows of it, what `--fix` changed, and notes for the
//! terminal. The engine builds it; every output format reads it.

use std::path::PathBuf;

use super::FileText;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::io::UNREADABLE;

/// One linted (or unreadable) file and its findings.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The path as shown to the user: relative to the current folder.
    pub display: String,
    /// The text, kept for files with findings or fixes (reporters show it):
    /// the lines a report shows, or after fixing, the whole fixed text.
    /// Boxed, as are the fixes: most files have neither, and a site's
    /// reports are all held until they are written.
    pub source: Option<Box<FileText>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when fixes changed the text (only with `Options::fix`).
    pub fixed: Option<Box<Fixed>>,
    /// What the user should know about the file besides its findings: the
    /// fixes `--fix` refused, and why.
    pub notes: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    /// The files with findings or fixes (and, for standard input, the one
    /// file), sorted by display path.
    pub files: Vec<FileReport>,
    /// The other files looked at: a big site is mostly clean files.
    pub clean: Clean,
    /// Notes for the user's terminal (stderr), such as skipped paths.
    pub notes: Vec<String>,
}

/// The files a run found clean: by display path, sorted, when the run
/// was asked for them (`Options::name_clean`), else only how many.
#[derive(Debug)]
pub enum Clean {
    Named(Vec<Box<str>>),
    Counted(usize),
}

impl Default for Clean {
    fn default() -> Self {
        Clean::Counted(0)
    }
}

impl Clean {
    pub fn len(&self) -> usize {
        match self {
            Clean::Named(names) => names.len(),
            Clean::Counted(count) => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn names(&self) -> &[Box<str>] {
        match self {
            Clean::Named(names) => names,
            Clean::Counted(_) => &[],
        }
    }

    /// Adds a run's clean files: named runs give names, counted ones counts.
    pub fn add(&mut self, other: Clean) {
        match (self, other) {
            (Clean::Named(names), Clean::Named(more)) => names.extend(more),
            (this, other) => *this = Clean::Counted(this.len() + other.len()),
        }
    }
}

/// A file as the report lists it.
pub enum Listed<'a> {
    Reported(&'a FileReport),
    Clean(&'a str),
}

impl Listed<'_> {
    pub fn display(&self) -> &str {
        match self {
            Listed::Reported(file) => &file.display,
            Listed::Clean(display) => display,
        }
    }
}

impl Report {
    /// How many files were looked at.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.clean.len()
    }

    /// Every file looked at, in display order; the clean ones only when
    /// the run named them (`Options::name_clean`).
    pub fn listed(&self) -> impl Iterator<Item = Listed<'_>> {
        let mut files = self.files.iter().peekable();
        let mut clean = self.clean.names().iter().peekable();
        std::iter::from_fn(move || match (files.peek(), clean.peek()) {
            (Some(file), Some(name)) if file.display.as_str() > &name[..] => {
                clean.next().map(|name| Listed::Clean(name))
            }
            (Some(_), _) => files.next().map(Listed::Reported),
            (None, _) => clean.next().map(|name| Listed::Clean(name)),
        })
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics().map(|(_, d)| d.severity).max()
    }

    /// Whether no file at all could be read (exit code 2).
    pub fn nothing_readable(&self) -> bool {
        !self.files.is_empty()
            && self.clean.is_empty()
            && self
                .files
                .iter()
                .all(|file| file.source.is_none() && is_unreadable(file))
    }
}

fn is_unreadable(file: &FileReport) -> bool {
    file.diagnostics
        .iter()
        .any(|d| d.rule.code == UNREADABLE.code)
}

/// What `--fix` did to one file's text.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text as read from disk.
    pub original: String,
    /// How many findings the fixes resolved.
    pub applied: usize,
}
