//! A file's text and the index that turns byte offsets into lines and columns.

/// The text of one file, byte-for-byte where it was valid UTF-8.
///
/// Invalid UTF-8 is never a panic: each byte of an invalid sequence is replaced
/// by one `?` so that every byte offset still points at the same place in the
/// file; such a source is `lossy` and never receives fixes.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    /// Where each line starts, built on first use: most files of a site
    /// are clean, and no offset of theirs is ever turned into a line.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    invalid_utf8_at: Option<usize>,
    /// Characters before each `CHAR_BLOCK`-byte block, built on first use
    /// by a column far into a long line (a 10 MB line with many findings
    /// would otherwise cost a count from the line start for each).
    char_index: std::sync::OnceLock<Vec<usize>>,
}

/// Columns further than this from their line start use `char_index`.
const CHAR_BLOCK: usize = 1024;

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl Source {
    pub fn from_bytes(bytes: Vec<u8>) -> Source {
        match String::from_utf8(bytes) {
            Ok(text) => Source::new_checked(text, None),
            Err(err) => {
                let first_bad = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                Source::new_checked(replace_invalid_bytes(&bytes), Some(first_bad))
            }
        }
    }

    pub fn from_text(text: String) -> Source {
        Source::new_checked(text, None)
    }

    fn new_checked(text: String, invalid_utf8_at: Option<usize>) -> Source {
        Source {
            text,
            line_starts: std::sync::OnceLock::new(),
            invalid_utf8_at,
            char_index: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let text = self.text.as_bytes();
            let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
            line_starts.push(0);
            line_starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
            line_starts
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The offset of the first byte that is not valid UTF-8, if any.
    pub fn invalid_utf8_at(&self) -> Option<usize> {
        self.invalid_utf8_at
    }

    /// Whether the text differs from the bytes on disk.
    pub fn is_lossy(&self) -> bool {
        self.invalid_utf8_at.is_some()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// The 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let line_starts = self.line_starts();
        let start = line_starts[line];
        let end = line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.without_cr(start..end)
    }

    /// `line_range(0)`, without building the line index (every file's
    /// context has its first line).
    pub fn first_line(&self) -> std::ops::Range<usize> {
        let end = memchr::memchr(b'\n', self.text.as_bytes()).unwrap_or(self.text.len());
        self.without_cr(0..end)
    }

    fn without_cr(&self, line: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let std::ops::Range { start, mut end } = line;
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The byte range of the lines `first..=last`, line breaks included.
    pub fn lines_range(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let line_starts = self.line_starts();
        let start = line_starts[first];
        let end = line_starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }

    /// The text of the line holding `offset`, without its line ending.
    pub fn line_text_at(&self, offset: usize) -> &str {
        &self.text[self.line_range(self.line_index(offset))]
    }

    /// Clamps `offset` into the text and back onto a char boundary.
    pub fn floor_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        let start = self.line_starts()[line];
        let column = if offset - start > CHAR_BLOCK {
            self.chars_before(offset) - self.chars_before(start) + 1
        } else {
            self.text[start..offset].chars().count() + 1
        };
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// How many characters start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let starts = |bytes: &[u8]| bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        let bytes = self.text.as_bytes();
        let index = self.char_index.get_or_init(|| {
            let mut total = 0;
            let mut index = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
            for block in bytes.chunks(CHAR_BLOCK) {
                index.push(total);
                total += starts(block);
            }
            index
        });
        let block = offset / CHAR_BLOCK;
        let before = index.get(block).copied().unwrap_or(0);
        before + starts(&bytes[block * CHAR_BLOCK..offset])
    }

    /// The byte offset of a 1-based line and column (the inverse of `line_col`).
    pub fn offset_of(&self, at: LineCol) -> Option<usize> {
        let line_starts = self.line_starts();
        let start = *line_starts.get(at.line.checked_sub(1)?)?;
        let line_end = line_starts
            .get(at.line)
            .map_or(self.text.len(), |next| *next);
        let line = &self.text[start..line_end];
        let skip = at.column.checked_sub(1)?;
        match line.char_indices().nth(skip) {
            Some((i, _)) => Some(start + i),
            None if line.chars().count() == skip => Some(line_end),
            None => None,
        }
    }
}

fn replace_invalid_bytes(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_line_zero() {
        for text in [
            "",
            "\n",
            "\r\n",
            "a",
            "a\r",
            "ab\r\ncd",
            "---\ntitle: x\n",
            "\r",
            "é\nx",
        ] {
            let source = Source::from_text(text.to_string());
            let first = source.first_line();
            assert_eq!(first, source.line_range(0), "{text:?}");
        }
    }

    #[test]
    fn columns_count_chars_and_crlf_is_one_line_break() {
        let source = Source::from_text("a\r\nÄé x\r\n".to_string());
        assert_eq!(source.line_col(3), LineCol { line: 2, column: 1 });
        let x = source.text().find('x').unwrap();
        assert_eq!(source.line_col(x), LineCol { line: 2, column: 4 });
        assert_eq!(source.line_range(1), 3..9);
        assert_eq!(source.offset_of(LineCol { line: 2, column: 4 }), Some(x));
    }

    #[test]
    fn columns_far_into_a_long_line_count_chars() {
        let line = "é".repeat(5000) + "x" + &"ab".repeat(3000);
        let source = Source::from_text(format!("first\n{line}\nlast"));
        let x = source.text().find('x').unwrap();
        assert_eq!(
            source.line_col(x),
            LineCol {
                line: 2,
                column: 5001
            }
        );
        let end = source.text().rfind('\n').unwrap();
        assert_eq!(
            source.line_col(end),
            LineCol {
                line: 2,
                column: 11002
            }
        );
        for offset in [x, x + 1, end, end + 1] {
            assert_eq!(source.offset_of(source.line_col(offset)), Some(offset));
        }
    }

    #[test]
    fn invalid_bytes_keep_offsets() {
        let source = Source::from_bytes(b"ab\xff\xfecd".to_vec());
        assert_eq!(source.invalid_utf8_at(), Some(2));
        assert_eq!(source.text(), "ab??cd");
        assert!(source.is_lossy());
    }
}
