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

use super::{LineCol, Source};
use crate::diagnostic::{Diagnostic, Span};

/// Runs longer than this are shown from a rebuilt `Source` instead.
const MAX_KEPT_RUN: usize = 64 * 1024;

/// Runs of at least this many line breaks index their line starts.
const LONG_RUN: usize = 32;

/// How many lines may lie between two labels' snippets for the human
/// report to show them as one snippet, those lines included (`report::full`
/// tells miette so). Labels a few lines apart read best together; labels
/// far apart (a heading and the one it skips a level after, pages up) are
/// shown as two snippets, never with every line between them.
pub const JOIN_GAP: usize = 4;

/// The spans whose lines, with a line of context around each, the human
/// report shows of a finding: each label's, and where it joins labels'
/// snippets (in order of their start, each within `JOIN_GAP` lines of the
/// snippet before), the span from the first of them to the last. `line_of`
/// gives the 0-based line of an offset up to `len`, the text's length.
pub fn shown_spans(
    diagnostic: &Diagnostic,
    len: usize,
    last_line: usize,
    line_of: impl Fn(usize) -> usize,
) -> Vec<Span> {
    let mut labels: Vec<Span> = std::iter::once(&diagnostic.primary)
        .chain(&diagnostic.secondary)
        .map(|label| {
            let start = label.span.start.min(len);
            Span::new(start, label.span.end.clamp(start, len))
        })
        .collect();
    let mut shown = labels.clone();
    if labels.len() < 2 {
        return shown;
    }
    labels.sort_unstable_by_key(|span| span.start);
    // The snippet being joined: its span, its last line, how many labels.
    let mut joined: Option<(Span, usize, usize)> = None;
    let mut finish = |joined: Option<(Span, usize, usize)>| {
        if let Some((span, _, count)) = joined
            && count > 1
        {
            shown.push(span);
        }
    };
    for span in labels {
        let first = line_of(span.start).saturating_sub(1);
        let last = (line_of(span.end.saturating_sub(1).max(span.start)) + 1).min(last_line);
        match &mut joined {
            Some((group, group_last, count)) if first <= *group_last + 1 + JOIN_GAP => {
                group.end = group.end.max(span.end);
                *group_last = (*group_last).max(last);
                *count += 1;
            }
            _ => finish(joined.replace((span, last, 1))),
        }
    }
    finish(joined);
    shown
}

/// The maximal runs of lines that the ranges `first..=last` cover, in
/// order; lines next to each other are one run. Many ranges in a file of
/// few lines (a finding on every line) are counted off line by line rather
/// than sorted.
fn runs(wanted: Vec<(usize, usize)>, line_count: usize) -> Vec<(usize, usize)> {
    if wanted.len() >= 64 && wanted.len() * 16 >= line_count {
        runs_by_count(&wanted, line_count)
    } else {
        runs_by_sort(wanted)
    }
}

fn runs_by_sort(mut wanted: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    // By first line only: the joining keeps the furthest last line.
    wanted.sort_unstable_by_key(|&(first, _)| first);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (first, last) in wanted {
        match runs.last_mut() {
            Some(run) if first <= run.1 + 1 => run.1 = run.1.max(last),
            _ => runs.push((first, last)),
        }
    }
    runs
}

fn runs_by_count(wanted: &[(usize, usize)], line_count: usize) -> Vec<(usize, usize)> {
    // At each line, how many ranges start there less how many ended just
    // before: summed, how many ranges cover the line.
    let mut change = vec![0i64; line_count + 1];
    for &(first, last) in wanted {
        if let Some(at) = change.get_mut(first) {
            *at += 1;
        }
        if let Some(after) = change.get_mut(last + 1) {
            *after -= 1;
        }
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut covering = 0;
    for (line, change) in change.into_iter().enumerate().take(line_count) {
        covering += change;
        if covering > 0 {
            match runs.last_mut() {
                Some(run) if run.1 + 1 == line => run.1 = line,
                _ => runs.push((line, line)),
            }
        }
    }
    runs
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct KeptLines {
    /// Runs of kept lines, sorted; two runs never touch (a line kept next
    /// to a run joins it), so a file's kept lines are a few allocations.
    blocks: Vec<Block>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Block {
    /// The index of the first line.
    first: usize,
    /// How many lines (the empty line after a file's last line break
    /// counts, though it has no text).
    lines: usize,
    /// How many line breaks the text holds (counted once: lookups ask for
    /// every finding).
    breaks: usize,
    /// In a long run, where each line after the first starts in `text`
    /// (one per line break), so that a lookup is a binary search and not a
    /// count over thousands of lines. Short runs, nearly all of them, count:
    /// a site's kept lines are held until the report is written.
    line_starts: Option<Box<[u32]>>,
    /// The offset of the first line's start in the file.
    start: usize,
    /// The lines, each with its line break.
    text: Box<str>,
}

impl Block {
    fn last(&self) -> usize {
        self.first + self.lines - 1
    }

    /// How many lines of the run start at or before `local` (an offset in
    /// `text`) after its first one: the line holding `local`, counted from
    /// the run's first line.
    fn lines_before(&self, local: usize) -> usize {
        match &self.line_starts {
            Some(starts) => starts.partition_point(|&start| start as usize <= local),
            None => memchr::memchr_iter(b'\n', &self.text.as_bytes()[..local]).count(),
        }
    }

    /// Where the `n`-th line after the run's first one starts in `text`.
    fn nth_line_start(&self, n: usize) -> Option<usize> {
        match &self.line_starts {
            Some(starts) => starts.get(n).map(|&start| start as usize),
            None => memchr::memchr_iter(b'\n', self.text.as_bytes())
                .nth(n)
                .map(|nl| nl + 1),
        }
    }

    fn new(first: usize, lines: usize, start: usize, text: Box<str>) -> Block {
        let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        Block {
            first,
            lines,
            start,
            breaks,
            line_starts: (breaks >= LONG_RUN)
                .then(|| {
                    memchr::memchr_iter(b'\n', text.as_bytes())
                        .map(|nl| u32::try_from(nl + 1).ok())
                        .collect::<Option<Box<[u32]>>>()
                })
                .flatten(),
            text,
        }
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

impl KeptLines {
    /// Keeps the line holding `offset`, and the lines around it that a
    /// report shows as context.
    pub fn keep(&mut self, source: &Source, offset: usize) {
        self.keep_span(source, Span::empty(offset));
    }

    /// Keeps every line `span` touches, and the lines around them that a
    /// report shows as context.
    pub fn keep_span(&mut self, source: &Source, span: Span) {
        self.keep_spans(source, [span]);
    }

    /// Keeps every line the spans touch, and the lines around them that a
    /// report shows as context (`source` is the text the lines already
    /// kept came from). The lines, kept ones included, are joined into
    /// runs before any text is copied, and each run is copied once: adding
    /// lines to a run one at a time would copy the whole run again each
    /// time, and findings on thousands of consecutive lines would cost the
    /// square of their number.
    pub fn keep_spans(&mut self, source: &Source, spans: impl IntoIterator<Item = Span>) {
        if source.is_empty() {
            return;
        }
        let len = source.len();
        let last_line = source.line_count() - 1;
        let kept = std::mem::take(&mut self.blocks);
        let mut wanted: Vec<(usize, usize)> = kept.iter().map(|b| (b.first, b.last())).collect();
        let already = wanted.len();
        wanted.extend(spans.into_iter().map(|span| {
            let first = source.line_index(span.start.min(len));
            let end = span.end.saturating_sub(1).max(span.start);
            let last = source.line_index(end.min(len));
            (first.saturating_sub(1), (last + 1).min(last_line))
        }));
        if wanted.len() == already {
            self.blocks = kept;
            return;
        }
        self.blocks = runs(wanted, last_line + 1)
            .into_iter()
            .map(|(first, last)| {
                let range = source.lines_range(first, last);
                Block::new(
                    first,
                    last - first + 1,
                    range.start,
                    source.text()[range].into(),
                )
            })
            .collect();
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Gives back the room kept for more blocks: kept lines are built a
    /// span at a time, then kept until the site pass is done.
    pub fn shrink_to_fit(&mut self) {
        self.blocks.shrink_to_fit();
    }

    /// Adds the lines `other` kept (both from the same file).
    pub fn merge(&mut self, other: KeptLines) {
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
            .map(|run| {
                Block::new(
                    run[0].0,
                    run.len(),
                    run[0].1,
                    run.iter()
                        .map(|&(_, _, line)| line)
                        .collect::<String>()
                        .into(),
                )
            })
            .collect();
        self.blocks = blocks;
    }

    // ----- reading the kept lines as the file would give them -----------

    /// The length of the text up to the end of the last kept line.
    pub fn len(&self) -> usize {
        self.blocks.last().map_or(0, |b| b.start + b.text.len())
    }

    /// The number of lines up to the last kept one (as `Source` counts).
    pub fn line_count(&self) -> usize {
        self.blocks.last().map_or(1, |b| b.first + b.breaks + 1)
    }

    /// The run holding `offset` (its end included).
    fn block_at(&self, offset: usize) -> Option<&Block> {
        let at = self
            .blocks
            .partition_point(|b| b.start + b.text.len() < offset);
        self.blocks.get(at).filter(|b| b.start <= offset)
    }

    /// The run holding a line, and where the line starts in the run's text.
    /// The line after a run's final line break belongs to it only at the
    /// end of the text (the empty last line of a file).
    fn line_start(&self, line: usize) -> Option<(&Block, usize)> {
        let at = self.blocks.partition_point(|b| b.first + b.breaks < line);
        let block = self.blocks.get(at).filter(|b| b.first <= line)?;
        let start = match line - block.first {
            0 => 0,
            n => block.nth_line_start(n - 1)?,
        };
        let is_last = at + 1 == self.blocks.len();
        (start < block.text.len() || is_last).then_some((block, start))
    }

    /// The 0-based line holding `offset`, if it is in a kept line.
    pub fn line_index(&self, offset: usize) -> Option<usize> {
        let block = self.block_at(offset)?;
        Some(block.first + block.lines_before(offset - block.start))
    }

    /// The byte range of a kept line, without its line ending.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let (block, start) = self.line_start(line)?;
        let bytes = block.text.as_bytes();
        let mut end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |nl| start + nl);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some(block.start + start..block.start + end)
    }

    /// The kept lines `first..=last` with their line breaks, when one run
    /// holds them all.
    pub fn window(&self, first: usize, last: usize) -> Option<&str> {
        let (block, start) = self.line_start(first)?;
        let (other, last_start) = self.line_start(last)?;
        if !std::ptr::eq(block, other) {
            return None;
        }
        let end = memchr::memchr(b'\n', &block.text.as_bytes()[last_start..])
            .map_or(block.text.len(), |nl| last_start + nl + 1);
        block.text.get(start..end)
    }

    /// The 1-based line and column of `offset`, if it is in a kept line.
    pub fn line_col(&self, offset: usize) -> Option<LineCol> {
        let block = self.block_at(offset)?;
        let mut local = offset - block.start;
        while !block.text.is_char_boundary(local) {
            local -= 1;
        }
        let lines = block.lines_before(local);
        let line_start = match lines.checked_sub(1) {
            Some(n) => block.nth_line_start(n)?,
            None => 0,
        };
        Some(LineCol {
            line: block.first + lines + 1,
            column: block.text[line_start..local].chars().count() + 1,
        })
    }

    /// Whether these kept lines answer every question a report asks about
    /// `diagnostics` exactly as `whole` (the kept text at its place)
    /// does: then a report can be given the kept lines instead. Runs longer
    /// than `MAX_KEPT_RUN` are never read this way (columns far into a long
    /// line are counted through `Source`'s index).
    pub fn answers_like(&self, whole: &Source, diagnostics: &[Diagnostic]) -> bool {
        if self.len() != whole.len()
            || self.line_count() != whole.line_count()
            || self.blocks.iter().any(|b| b.text.len() > MAX_KEPT_RUN)
        {
            return false;
        }
        let same_at = |offset: usize| {
            let offset = offset.min(whole.len());
            self.line_index(offset) == Some(whole.line_index(offset))
                && self.line_col(offset) == Some(whole.line_col(offset))
        };
        let last_line = whole.line_count() - 1;
        let same_window = |span: Span| {
            let first = whole
                .line_index(span.start.min(whole.len()))
                .saturating_sub(1);
            let last = (whole.line_index(span.end.max(span.start).min(whole.len())) + 1)
                .min(whole.line_count() - 1);
            (first..=last).all(|line| self.line_range(line) == Some(whole.line_range(line)))
                && self.window(first, last) == whole.text().get(whole.lines_range(first, last))
        };
        diagnostics
            .iter()
            .flat_map(|d| shown_spans(d, whole.len(), last_line, |offset| whole.line_index(offset)))
            .all(|span| same_at(span.start) && same_at(span.end) && same_window(span))
    }

    /// Whether every line a report shows for `diagnostics` is kept, each
    /// span's lines and their neighbours in one run: then the kept lines
    /// answer like their rebuilt text (`answers_like`) without that text
    /// being built. A cheaper, sufficient test: a test checks that it never
    /// says yes where `answers_like` says no.
    pub fn covers(&self, diagnostics: &[Diagnostic]) -> bool {
        if self.blocks.iter().any(|b| b.text.len() > MAX_KEPT_RUN) {
            return false;
        }
        let len = self.len();
        let last_line = self.line_count() - 1;
        let kept = |span: Span| {
            let (Some(first), Some(last)) = (
                self.line_index(span.start.min(len)),
                self.line_index(span.end.max(span.start).min(len)),
            ) else {
                return false;
            };
            let first = first.saturating_sub(1);
            let last = (last + 1).min(last_line);
            // One run holding the first and the last line holds those
            // between (runs are whole lines, in order). The end was looked
            // up above unless the span is backwards.
            (span.end >= span.start || self.line_index(span.end.min(len)).is_some())
                && self.window(first, last).is_some()
        };
        diagnostics.iter().all(|diagnostic| {
            let labels = std::iter::once(&diagnostic.primary).chain(&diagnostic.secondary);
            // Every label's lines first: the snippets are then found from
            // kept lines alone.
            labels.map(|label| label.span).all(kept)
                && shown_spans(diagnostic, len, last_line, |offset| {
                    self.line_index(offset).unwrap_or_default()
                })
                .into_iter()
                .all(kept)
        })
    }

    /// A text with every kept line at its place: same offsets and line
    /// numbers as the file, blank elsewhere.
    pub fn to_source(&self) -> Source {
        let mut text = String::with_capacity(self.len());
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
        let mut lines = KeptLines::default();
        let title = original.text().find("é x").unwrap();
        let link = original.text().find("/x/").unwrap();
        lines.keep(&original, link);
        lines.keep(&original, title);
        lines.keep(&original, title + 1);
        let rebuilt = lines.to_source();
        for offset in [title, link] {
            assert_eq!(rebuilt.line_col(offset), original.line_col(offset));
            assert_eq!(rebuilt.line_text_at(offset), original.line_text_at(offset));
        }
    }

    /// Any order of kept lines, kept at once or merged from two kept line sets,
    /// rebuilds the same text: each kept line (and its neighbours) in
    /// place, every other line blank.
    #[test]
    fn runs_of_lines_join_in_any_order() {
        let text = "l0\nline 1\n\nl3 é\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11";
        let original = Source::from_text(text.into());
        let line_count = original.line_count();
        let mut seed = 7u32;
        for _ in 0..300 {
            let mut all = KeptLines::default();
            let mut left = KeptLines::default();
            let mut right = KeptLines::default();
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
            for lines in [&all, &left] {
                let rebuilt = lines.to_source();
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

    /// Read through its runs, an lines gives every kept offset the line,
    /// column and line text the rebuilt text gives it.
    #[test]
    fn kept_lines_read_like_the_rebuilt_text() {
        let text = "---\r\ntitle: é x\r\n---\n\nsome [link](/x/) ä\nmiddle\n\nfar\nlast\n";
        let original = Source::from_text(text.into());
        let at = |s: &str| original.text().find(s).unwrap();
        let mut lines = KeptLines::default();
        lines.keep(&original, at("é x"));
        lines.keep(&original, at("last"));
        let rebuilt = lines.to_source();
        assert_eq!(lines.len(), rebuilt.len());
        assert_eq!(lines.line_count(), rebuilt.line_count());
        let kept = |offset: usize| lines.line_index(offset).is_some();
        for offset in (0..=rebuilt.len()).filter(|&o| kept(o)) {
            assert_eq!(lines.line_index(offset), Some(rebuilt.line_index(offset)));
            assert_eq!(lines.line_col(offset), Some(rebuilt.line_col(offset)));
        }
        for line in [0, 1, 2, 7, 8, 9] {
            assert_eq!(
                lines.line_range(line),
                Some(rebuilt.line_range(line)),
                "{line}"
            );
        }
        assert_eq!(lines.line_range(5), None);
        let start = rebuilt.line_range(0).start;
        let end = rebuilt.line_range(3).start;
        assert_eq!(lines.window(0, 2), rebuilt.text().get(start..end));
        assert_eq!(lines.window(2, 8), None, "a window across a gap");
        assert!(!kept(at("middle")));
        let finding = |offset: usize| {
            Diagnostic::new(
                &crate::rules::site::duplicate_url::DUPLICATE_URL,
                Span::empty(offset),
                "x",
            )
        };
        assert!(lines.answers_like(&rebuilt, &[finding(at("é x"))]));
        assert!(!lines.answers_like(&rebuilt, &[finding(at("middle"))]));
    }

    /// Long runs index their line starts; short ones count: both read the
    /// kept lines as the rebuilt text does, at every offset and line.
    #[test]
    fn long_and_short_runs_read_like_the_rebuilt_text() {
        let text: String = (0..300)
            .map(|i| format!("{}line {i} ü\n", " ".repeat(i % 5)))
            .collect();
        let original = Source::from_text(text);
        let mut lines = KeptLines::default();
        let line_start = |line: usize| original.line_range(line).start;
        // Lines 9..=90 (one long run), 199..=201 (a short one) and the last.
        lines.keep_span(&original, Span::new(line_start(10), line_start(90)));
        lines.keep(&original, line_start(200));
        lines.keep(&original, original.len());
        let lengths: Vec<usize> = lines.blocks.iter().map(|b| b.lines).collect();
        assert_eq!(lengths, [82, 3, 2]);
        assert!(lines.blocks[0].line_starts.is_some());
        assert!(lines.blocks[1].line_starts.is_none());
        let rebuilt = lines.to_source();
        assert_eq!(lines.line_count(), rebuilt.line_count());
        let mut read = 0;
        for offset in 0..=rebuilt.len() {
            if let Some(line) = lines.line_index(offset) {
                assert_eq!(line, rebuilt.line_index(offset), "{offset}");
                assert_eq!(lines.line_col(offset), Some(rebuilt.line_col(offset)));
                read += 1;
            }
        }
        assert!(read > 1000, "{read}");
        for (first, last) in [(9, 90), (199, 201)] {
            for line in first..=last {
                assert_eq!(lines.line_range(line), Some(rebuilt.line_range(line)));
                let from = line.saturating_sub(2).max(first);
                let (start, end) = (rebuilt.line_range(from).start, rebuilt.line_range(line).end);
                assert_eq!(
                    lines.window(from, line),
                    rebuilt.text().get(start..end + 1),
                    "{line}"
                );
            }
        }
        assert_eq!(lines.line_range(150), None);
    }

    /// On random texts, kept lines and findings, `covers` never says yes
    /// where `answers_like` says no (and says yes for most findings on kept
    /// lines, or it would save nothing).
    #[test]
    fn covering_kept_lines_answer_like_their_rebuilt_text() {
        let pieces = ["a", "bé", "", "  x", "long line here", "ü\r", "---", "\t"];
        let mut seed = 11u32;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize % below
        };
        let (mut covered, mut answered) = (0, 0);
        for _ in 0..3000 {
            let lines = next(12) + 1;
            let mut text: String = (0..lines)
                .map(|_| format!("{}\n", pieces[next(pieces.len())]))
                .collect();
            if next(2) == 0 {
                text.pop();
            }
            let original = Source::from_text(text);
            let len = original.len();
            let mut lines = KeptLines::default();
            for _ in 0..next(4) {
                let start = next(len + 1);
                lines.keep_span(&original, Span::new(start, start + next(6)));
            }
            if lines.is_empty() {
                continue;
            }
            let rebuilt = lines.to_source();
            let at = |next: &mut dyn FnMut(usize) -> usize| {
                let start = next(len + 2);
                Span::new(start, start + next(8))
            };
            let mut diagnostic = Diagnostic::new(
                &crate::rules::site::duplicate_url::DUPLICATE_URL,
                at(&mut next),
                "x",
            );
            if next(3) == 0 {
                diagnostic = diagnostic.secondary(at(&mut next), "y");
            }
            let diagnostics = [diagnostic];
            let answers = lines.answers_like(&rebuilt, &diagnostics);
            if lines.covers(&diagnostics) {
                assert!(answers, "{:?} {:?}", original.text(), diagnostics[0]);
                covered += 1;
            }
            answered += usize::from(answers);
        }
        assert!(answered > 300, "{answered}");
        assert!(covered * 10 >= answered * 9, "{covered} of {answered}");
    }

    /// A finding's labels a few lines apart are one snippet, lines between
    /// included; labels far apart are two, and nothing between is kept.
    #[test]
    fn snippets_join_labels_a_few_lines_apart_only() {
        let text: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let source = Source::from_text(text);
        let at = |line: usize| source.line_range(line).start;
        let finding = |primary: usize, other: usize| {
            Diagnostic::new(
                &crate::rules::site::duplicate_url::DUPLICATE_URL,
                Span::new(at(primary), at(primary) + 4),
                "x",
            )
            .secondary(Span::new(at(other), at(other) + 4), "y")
        };
        let last_line = source.line_count() - 1;
        let shown = |d: &Diagnostic| {
            shown_spans(d, source.len(), last_line, |offset| {
                source.line_index(offset)
            })
        };
        // Snippets 10..=12 and 16..=18: three lines between, one snippet.
        let near = finding(17, 11);
        assert_eq!(shown(&near).last(), Some(&Span::new(at(11), at(17) + 4)));
        // 10..=12 and 30..=32: two snippets.
        let far = finding(31, 11);
        assert_eq!(shown(&far).len(), 2);
        let mut lines = KeptLines::default();
        lines.keep_spans(&source, shown(&near).into_iter().chain(shown(&far)));
        let kept: Vec<(usize, usize)> = lines.blocks.iter().map(|b| (b.first, b.last())).collect();
        assert_eq!(kept, [(10, 18), (30, 32)]);
        assert!(lines.covers(&[near, far]));
    }

    /// Counted off line by line or sorted, the same ranges make the same
    /// runs.
    #[test]
    fn runs_by_count_and_by_sort_agree() {
        let mut seed = 5u32;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize % below
        };
        for _ in 0..2000 {
            let line_count = next(40) + 1;
            let wanted: Vec<(usize, usize)> = (0..next(12))
                .map(|_| {
                    let first = next(line_count);
                    (first, (first + next(4)).min(line_count - 1))
                })
                .collect();
            assert_eq!(
                runs_by_count(&wanted, line_count),
                runs_by_sort(wanted.clone()),
                "{wanted:?}"
            );
        }
    }

    #[test]
    fn a_span_keeps_all_its_lines_and_merged_sets_keep_both() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let original = Source::from_text(text.into());
        let at = |s: &str| original.text().find(s).unwrap();
        let mut span = KeptLines::default();
        span.keep_span(
            &original,
            Span {
                start: at("c"),
                end: at("e") + 1,
            },
        );
        let mut other = KeptLines::default();
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
