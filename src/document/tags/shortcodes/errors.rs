//! The errors the shortcode lexer reports, in the author's terms, with
//! what Hugo says.

use super::ShortcodeLexer;
use crate::diagnostic::Span;
use crate::document::tags::{ShortcodeKind, TagError, TagErrorKind};

impl ShortcodeLexer<'_> {
    /// The error for a tag whose closing delimiter never comes.
    pub(super) fn never_closed(
        &self,
        next_open: Option<usize>,
        cause: Option<&TagError>,
    ) -> TagError {
        let what = if self.shortcode.name.is_empty() {
            "shortcode tag".to_string()
        } else {
            format!("shortcode `{}`", self.shortcode.name)
        };
        let before = match next_open {
            Some(_) => "before the next shortcode",
            None => "before the end of the file",
        };
        let message = self.unended_closer(before).unwrap_or_else(|| {
            format!(
                "{what} opened with `{}` is never closed with `{}` {before}",
                self.delimiter.open(),
                self.delimiter.close()
            )
        });
        TagError {
            kind: TagErrorKind::Unterminated,
            message,
            span: Span::new(self.start, self.start + 3),
            generator: cause.map_or_else(
                || "unclosed shortcode action".to_string(),
                |cause| cause.generator.clone(),
            ),
            generator_at: cause.map(|cause| cause.span),
        }
    }

    /// What a closing tag whose closing delimiter never comes is missing,
    /// said of the closing tag as its author sees it (`closing tag
    /// `{{< /x >}` is missing its second `}``), from the delimiter
    /// characters after its name; `None` for any other tag.
    pub(super) fn unended_closer(&self, before: &str) -> Option<String> {
        let sc = &self.shortcode;
        if sc.kind != ShortcodeKind::Close || sc.name.is_empty() {
            return None;
        }
        let close = self.delimiter.close();
        let after_name = &self.text[sc.name_span.end..];
        let after = after_name.trim_start_matches([' ', '\t']);
        // A few bytes say which delimiter was meant; reading on would
        // read the rest of a long line again for each cut tag on it.
        let ending_len = after
            .bytes()
            .take(close.len() + 2)
            .take_while(|b| matches!(b, b'<' | b'>' | b'%' | b'}'))
            .count();
        let ending = &after[..ending_len];
        let end = sc.name_span.end + (after_name.len() - after.len()) + ending_len;
        let written = self.as_written(end);
        let message = if ending.is_empty() && after.starts_with(|c: char| !c.is_whitespace()) {
            // Words after the name (`{{< /x y`): no delimiter was meant.
            format!("closing tag `{written}` is never closed with `{close}` {before}")
        } else if let Some(missing) = close.strip_prefix(ending) {
            match missing {
                "}" => format!("closing tag `{written}` is missing its second `}}`"),
                missing => format!("closing tag `{written}` is missing its `{missing}`"),
            }
        } else {
            format!("closing tag `{written}` ends with `{ending}` instead of `{close}`")
        };
        Some(message)
    }

    /// The tag's text up to `end`, as a message quotes it: as written when
    /// it is one short line, else its delimiter and name alone.
    pub(super) fn as_written(&self, end: usize) -> String {
        let text = self
            .text
            .get(self.start..end)
            .unwrap_or_default()
            .trim_end();
        if text.len() <= 80 && !text.contains('\n') {
            return text.to_string();
        }
        let slash = if self.shortcode.kind == ShortcodeKind::Close {
            "/"
        } else {
            ""
        };
        format!("{} {slash}{} …", self.delimiter.open(), self.shortcode.name)
    }

    /// A character Hugo does not accept where it stands.
    pub(super) fn unexpected(&self, at: usize, c: char) -> TagError {
        let other = self.delimiter.other();
        if self.bytes[at..].starts_with(other.close().as_bytes()) {
            let message = if self.shortcode.kind == ShortcodeKind::Close {
                format!(
                    "closing tag `{}` starts with `{}` but ends with `{}`",
                    self.as_written(at + 3),
                    self.delimiter.open(),
                    other.close()
                )
            } else {
                format!(
                    "shortcode opened with `{}` is closed with `{}`",
                    self.delimiter.open(),
                    other.close()
                )
            };
            return self.error(
                TagErrorKind::DelimiterMismatch,
                Span::new(at, at + 3),
                message,
                hugo_unrecognized(c),
            );
        }
        if self.step == 0 {
            let message = if c == '-' || c == '/' {
                format!("shortcode name cannot start with `{c}`")
            } else {
                format!("unexpected {c:?} where the shortcode's name should be")
            };
            return self.error(
                TagErrorKind::BadCharacter,
                Span::new(at, at + c.len_utf8()),
                message,
                hugo_unrecognized(c),
            );
        }
        self.error(
            TagErrorKind::BadCharacter,
            Span::new(at, at + c.len_utf8()),
            format!("unquoted {c:?} in a shortcode parameter"),
            hugo_unrecognized(c),
        )
    }

    pub(super) fn mixed(&self, start: usize, word: Option<(&str, bool)>) -> TagError {
        let end = match word {
            Some((word, _)) => start + word.len(),
            None => start + 1,
        };
        let (ours, generator) = match word {
            Some((word, true)) => (
                format!("named parameter `{word}` after positional ones"),
                format!("got named parameter '{word}'. Cannot mix named and positional parameters"),
            ),
            Some((word, false)) => (
                format!("positional parameter `{word}` after named ones"),
                format!(
                    "got positional parameter '{word}'. Cannot mix named and positional parameters"
                ),
            ),
            None => (
                "quoted positional parameter after named ones".to_string(),
                "got quoted positional parameter. Cannot mix named and positional parameters"
                    .to_string(),
            ),
        };
        self.error(
            TagErrorKind::MixedParameters,
            Span::new(start, end),
            format!("shortcode mixes named and positional parameters: {ours}"),
            generator,
        )
    }

    pub(super) fn unterminated_string(&self, quote_at: usize, value_start: usize) -> TagError {
        let line_end = self.text[value_start..]
            .find('\n')
            .map_or(self.bytes.len(), |i| value_start + i);
        self.error(
            TagErrorKind::UnterminatedString,
            Span::new(quote_at, quote_at + 1),
            "quoted shortcode parameter is not closed on its line (a `\"…\"` value cannot span lines; use backticks for that)".into(),
            format!(
                "unterminated quoted string in shortcode parameter-argument: '{}'",
                &self.text[value_start..line_end]
            ),
        )
    }
}

fn hugo_unrecognized(c: char) -> String {
    format!(
        "unrecognized character in shortcode action: U+{:04X} '{c}'. Note: Parameters with non-alphanumeric args must be quoted",
        c as u32
    )
}
