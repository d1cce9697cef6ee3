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
    /// Runs of kept lines, sorted; two runs never touch (a line kept next
    /// to a run joins it), so a file's excerpt is a few allocations.
    blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
struct Block {
    /// The index of the first line.
    first: usize,
    /// How many lines.
    lines: usize,
    /// The offset of the first line's start in the file.
    start: usize,
    /// The lines, each with its line break.
    text: Box<str>,
}

impl Block {
    fn last(&self) -> usize {
        self.first + self.lines - 1
    }

    /// The block's lines with their indexes and offsets in the file.
    fn split(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        let mut offset = self.start;
        self.text
            .split_inclusive('\n')
            .enumerate()
            .map(move |(i, line)| {
                let at = offset;
                offset += line.len();
                (self.first + i, at, line)
            })
    }
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
        self.keep_lines(
            source,
            first.saturating_sub(1),
            (last_of_span + 1).min(last),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Gives back the room kept for more blocks: an excerpt is built a
    /// span at a time, then kept until the site pass is done.
    pub fn shrink_to_fit(&mut self) {
        self.blocks.shrink_to_fit();
    }

    /// Adds the lines `other` kept (both from the same file).
    pub fn merge(&mut self, other: Excerpt) {
        if self.blocks.is_empty() {
            self.blocks = other.blocks;
            return;
        }
        let mut lines: Vec<(usize, usize, &str)> = Vec::new();
        for block in self.blocks.iter().chain(&other.blocks) {
            lines.extend(block.split());
        }
        lines.sort_by_key(|&(index, _, _)| index);
        lines.dedup_by_key(|&mut (index, _, _)| index);
        let blocks = lines
            .chunk_by(|a, b| b.0 == a.0 + 1)
            .map(|run| Block {
                first: run[0].0,
                lines: run.len(),
                start: run[0].1,
                text: run
                    .iter()
                    .map(|&(_, _, line)| line)
                    .collect::<String>()
                    .into(),
            })
            .collect();
        self.blocks = blocks;
    }

    /// Keeps the lines `first..=last`, joining the runs they touch.
    fn keep_lines(&mut self, source: &Source, first: usize, last: usize) {
        // The runs that overlap or touch the new lines are contiguous.
        let from = self.blocks.partition_point(|b| b.last() + 1 < first);
        let to = self.blocks.partition_point(|b| b.first <= last + 1);
        let touched = &self.blocks[from..to];
        if let [only] = touched
            && only.first <= first
            && only.last() >= last
        {
            return;
        }
        let first = touched.first().map_or(first, |b| b.first.min(first));
        let last = touched.last().map_or(last, |b| b.last().max(last));
        let start = source.line_range(first).start;
        let end = if last + 1 < source.line_count() {
            source.line_range(last + 1).start
        } else {
            source.len()
        };
        let block = Block {
            first,
            lines: last - first + 1,
            start,
            text: source.text()[start..end].into(),
        };
        self.blocks.splice(from..to, [block]);
    }

    /// A text with every kept line at its place: same offsets and line
    /// numbers as the file, blank elsewhere.
    pub fn to_source(&self) -> Source {
        let mut text = String::new();
        let mut line = 0usize;
        for block in &self.blocks {
            let gap_bytes = block.start.saturating_sub(text.len());
            let gap_lines = block.first.saturating_sub(line);
            let spaces = gap_bytes.saturating_sub(gap_lines);
            text.extend(std::iter::repeat_n(' ', spaces));
            text.extend(std::iter::repeat_n('\n', gap_lines.min(gap_bytes)));
            text.push_str(&block.text);
            line = block.last() + usize::from(block.text.ends_with('\n'));
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

    /// Any order of kept lines, kept at once or merged from two excerpts,
    /// rebuilds the same text: each kept line (and its neighbours) in
    /// place, every other line blank.
    #[test]
    fn runs_of_lines_join_in_any_order() {
        let text = "l0\nline 1\n\nl3 é\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11";
        let original = Source::from_text(text.into());
        let line_count = original.line_count();
        let mut seed = 7u32;
        for _ in 0..300 {
            let mut all = Excerpt::default();
            let mut left = Excerpt::default();
            let mut right = Excerpt::default();
            let mut expected = vec![false; line_count];
            for n in 0..(seed % 5 + 1) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let line = (seed >> 8) as usize % line_count;
                let offset = original.line_range(line).start;
                all.keep(&original, offset);
                if n % 2 == 0 {
                    left.keep(&original, offset);
                } else {
                    right.keep(&original, offset);
                }
                let window = line.saturating_sub(1)..=(line + 1).min(line_count - 1);
                expected[window].fill(true);
            }
            left.merge(right);
            for excerpt in [&all, &left] {
                let rebuilt = excerpt.to_source();
                for (line, kept) in expected.iter().enumerate() {
                    let at = original.line_range(line).start;
                    let want = if *kept { original.line_text_at(at) } else { "" };
                    assert_eq!(rebuilt.line_text_at(at).trim_end(), want.trim_end());
                    if *kept {
                        assert_eq!(rebuilt.line_col(at), original.line_col(at));
                    }
                }
            }
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
