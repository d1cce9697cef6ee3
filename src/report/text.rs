//! The text a report reads of a file: the whole `Source` (a fixed file, a
//! file read with invalid UTF-8 replaced, standard input), or only the
//! lines its findings point at, kept as an `KeptLines` (every other file:
//! rebuilding each file's text at its offsets for the report would hold
//! the size of every file with a finding until the report is written).

use std::ops::Range;

use crate::text::KeptLines;
use crate::text::{LineCol, Source};

#[derive(Debug)]
pub enum FileText {
    Whole(Source),
    /// Checked with `KeptLines::covers` or `KeptLines::answers_like` to read as
    /// the whole text does for the file's findings.
    Kept(KeptLines),
}

impl FileText {
    /// The whole text, when it was kept (fixes need it).
    pub fn whole(&self) -> Option<&Source> {
        match self {
            FileText::Whole(source) => Some(source),
            FileText::Kept(_) => None,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            FileText::Whole(source) => source.len(),
            FileText::Kept(excerpt) => excerpt.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn line_count(&self) -> usize {
        match self {
            FileText::Whole(source) => source.line_count(),
            FileText::Kept(excerpt) => excerpt.line_count(),
        }
    }

    pub fn line_index(&self, offset: usize) -> usize {
        match self {
            FileText::Whole(source) => source.line_index(offset),
            FileText::Kept(excerpt) => excerpt.line_index(offset).unwrap_or_default(),
        }
    }

    pub fn line_range(&self, line: usize) -> Range<usize> {
        match self {
            FileText::Whole(source) => source.line_range(line),
            FileText::Kept(excerpt) => excerpt.line_range(line).unwrap_or_default(),
        }
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        match self {
            FileText::Whole(source) => source.line_col(offset),
            FileText::Kept(excerpt) => excerpt
                .line_col(offset)
                .unwrap_or(LineCol { line: 1, column: 1 }),
        }
    }

    /// The lines `first..=last` with their line breaks.
    pub fn window(&self, first: usize, last: usize) -> &str {
        match self {
            FileText::Whole(source) => &source.text()[source.lines_range(first, last)],
            FileText::Kept(excerpt) => excerpt.window(first, last).unwrap_or_default(),
        }
    }
}
