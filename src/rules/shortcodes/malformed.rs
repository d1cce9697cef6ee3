//! SC005: the tags Hugo's lexer rejects.

use super::{MALFORMED, Pass};
use crate::diagnostic::Diagnostic;
use crate::document::{ShortcodeKind, TagErrorKind};

impl<'a> Pass<'a> {
    /// SC005: what Hugo's lexer rejects.
    pub(super) fn malformed(&mut self) {
        for sc in self.tags {
            let Some(error) = &sc.error else { continue };
            let (label, fix) = match error.kind {
                TagErrorKind::Unterminated if sc.kind == ShortcodeKind::Close => (
                    format!("closing tag never ends with `{}`", sc.delimiter.close()),
                    format!(
                        "end the tag with `{}` (Hugo reads on into the text and fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::Unterminated => (
                    format!("opened here, never closed with `{}`", sc.delimiter.close()),
                    format!(
                        "end the tag with `{}` (Hugo reads on into the text and fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::DelimiterMismatch => (
                    format!("expected `{}`", sc.delimiter.close()),
                    format!(
                        "close the tag with `{}` to match its `{}` (Hugo fails",
                        sc.delimiter.close(),
                        sc.delimiter.open()
                    ),
                ),
                TagErrorKind::NoName => (
                    "no shortcode name".to_string(),
                    "name the shortcode, or escape the tag as `{{</* */>}}` if it is meant as text (Hugo fails".to_string(),
                ),
                TagErrorKind::PeriodInName => (
                    "period in the name".to_string(),
                    "rename the template without the period; only inline shortcodes (`name.inline`, followed by a space) may have one (Hugo fails".to_string(),
                ),
                TagErrorKind::SlashInName => (
                    "read as part of the name".to_string(),
                    format!(
                        "put a space before the slash: `{} {} /{}` (Hugo fails",
                        sc.delimiter.open(),
                        sc.name,
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::BadCharacter | TagErrorKind::SlashInParams => (
                    "Hugo rejects this character here".to_string(),
                    "quote the parameter: `\"…\"` (Hugo fails".to_string(),
                ),
                TagErrorKind::UnterminatedString => (
                    "this quote is not closed on its line".to_string(),
                    "close the quote on the same line, or use a backtick raw string for a value that spans lines (Hugo fails".to_string(),
                ),
                TagErrorKind::UnterminatedRawString => (
                    "this backtick is never closed".to_string(),
                    "close the raw string with a backtick (Hugo fails".to_string(),
                ),
                TagErrorKind::ValueRunsIntoDelimiter => (
                    "the value swallows the closing delimiter".to_string(),
                    format!(
                        "put a space before `{}` or quote the value (Hugo fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::MixedParameters => (
                    "parameters must be all named or all positional".to_string(),
                    "use only `name=value` parameters or only positional ones in one call (Hugo fails".to_string(),
                ),
                TagErrorKind::BadEscape => (
                    "unrecognized escape".to_string(),
                    "drop the backslash; a raw string cannot be escaped (Hugo fails".to_string(),
                ),
                TagErrorKind::ClosingWithParameters => (
                    "a closing tag ends after its name".to_string(),
                    format!(
                        "remove the parameters from the closing tag, or end it with `{}` right after the name (Hugo fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::UnclosedComment => (
                    "escaped tag opened here".to_string(),
                    format!(
                        "end the escaped tag with `*/{}` (Hugo fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::SingleBrace
                | TagErrorKind::RunsIntoNextTag
                | TagErrorKind::RawWithMarkup => continue,
            };
            let mut diagnostic = Diagnostic::new(
                &MALFORMED,
                error.span,
                format!("{}{}", error.message, self.code_note(sc)),
            )
            .label(label)
            .help(format!(
                "{fix} with: {}){}",
                error.generator,
                self.escape_hint(sc)
            ));
            if error.span.start != sc.span.start {
                let what = if sc.kind == ShortcodeKind::Close {
                    "in this closing tag"
                } else {
                    "in this shortcode"
                };
                diagnostic = diagnostic.secondary(sc.open_delimiter(), what);
            }
            if let Some(at) = error.generator_at {
                diagnostic =
                    diagnostic.secondary(at, "Hugo reads this as part of the tag and fails here");
            }
            self.findings.push(diagnostic);
        }
    }
}
