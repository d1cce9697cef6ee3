//! The few lines of a file that a site-level finding may point at, kept
//! after the file's text is dropped.
//!
//! Files are parsed in parallel and their text is dropped unless a per-file
//! rule found something, so memory stays bounded on big sites. A site rule
//! decides only after every file was parsed; for the lines it might point
//! at (a front matter key, a link) the summary keeps those lines, and a
//! finding is rendered from a `Source` rebuilt with every kept line at its
//! original offset and line number (the rest blank; the lines shown as
//! context are kept too). Nothing is read twice.

use crate::diagnostic::Span;
use crate::document::Source;

#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    /// `(line index, offset of the line start, the line with its line break)`,
    /// sorted by line, one entry per line.
    lines: Vec<(usize, usize, Box<str>)>,
}

impl Excerpt {
    /// Keeps the line holding `offset`, and the lines around it that a
    /// report shows as context.
    pub fn keep(&mut self, source: &Source, offset: usize) {
        self.keep_span(
            source,
            Span {
                start: offset,
                end: offset,
            },
        );
    }

    /// Keeps every line `span` touches, and the lines around them that a
    /// report shows as context.
    pub fn keep_span(&mut self, source: &Source, span: Span) {
        if source.is_empty() {
            return;
        }
        let first = source.line_index(span.start.min(source.len()));
        let end = span.end.saturating_sub(1).max(span.start);
        let last_of_span = source.line_index(end.min(source.len()));
        let last = source.line_count() - 1;
        for index in first.saturating_sub(1)..=(last_of_span + 1).min(last) {
            self.keep_line(source, index);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds the lines `other` kept (both from the same file).
    pub fn merge(&mut self, other: Excerpt) {
        if self.lines.is_empty() {
            self.lines = other.lines;
            return;
        }
        for entry in other.lines {
            if let Err(at) = self.lines.binary_search_by_key(&entry.0, |(l, _, _)| *l) {
                self.lines.insert(at, entry);
            }
        }
    }

    fn keep_line(&mut self, source: &Source, line: usize) {
        if let Err(at) = self.lines.binary_search_by_key(&line, |(l, _, _)| *l) {
            let start = source.line_range(line).start;
            let end = if line + 1 < source.line_count() {
                source.line_range(line + 1).start
            } else {
                source.len()
            };
            self.lines
                .insert(at, (line, start, source.text()[start..end].into()));
        }
    }

    /// A text with every kept line at its place: same offsets and line
    /// numbers as the file, blank elsewhere.
    pub fn to_source(&self) -> Source {
        let mut text = String::new();
        let mut line = 0usize;
        for (index, start, content) in &self.lines {
            let gap_bytes = start.saturating_sub(text.len());
            let gap_lines = index.saturating_sub(line);
            let spaces = gap_bytes.saturating_sub(gap_lines);
            text.extend(std::iter::repeat_n(' ', spaces));
            text.extend(std::iter::repeat_n('\n', gap_lines.min(gap_bytes)));
            text.push_str(content);
            line = index + usize::from(content.ends_with('\n'));
        }
        Source::from_text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_lines_keep_their_offsets_and_numbers() {
        let original =
            Source::from_text("---\ntitle: é x\n---\n\nsome [link](/x/) here\nlast\n".into());
        let mut excerpt = Excerpt::default();
        let title = original.text().find("é x").unwrap();
        let link = original.text().find("/x/").unwrap();
        excerpt.keep(&original, link);
        excerpt.keep(&original, title);
        excerpt.keep(&original, title + 1);
        let rebuilt = excerpt.to_source();
        for offset in [title, link] {
            assert_eq!(rebuilt.line_col(offset), original.line_col(offset));
            assert_eq!(rebuilt.line_text_at(offset), original.line_text_at(offset));
        }
    }

    #[test]
    fn a_span_keeps_all_its_lines_and_merged_excerpts_keep_both() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let original = Source::from_text(text.into());
        let at = |s: &str| original.text().find(s).unwrap();
        let mut span = Excerpt::default();
        span.keep_span(
            &original,
            Span {
                start: at("c"),
                end: at("e") + 1,
            },
        );
        let mut other = Excerpt::default();
        other.keep(&original, at("h"));
        span.merge(other);
        let rebuilt = span.to_source();
        for line in ["b", "c", "d", "e", "f", "g", "h"] {
            assert_eq!(rebuilt.line_text_at(at(line)), line, "line {line}");
        }
        assert!(rebuilt.line_text_at(at("a")).trim().is_empty());
        for offset in [at("b"), at("f"), at("h")] {
            assert_eq!(rebuilt.line_col(offset), original.line_col(offset));
            assert_eq!(rebuilt.line_text_at(offset), original.line_text_at(offset));
        }
    }
}
