//! Between postlint's terms (byte offsets in a text, paths, findings) and
//! the protocol's (lines and characters in the negotiated encoding, URIs,
//! LSP diagnostics).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::json;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::text::paths::resolve;

/// How a position's `character` counts: UTF-16 code units (the protocol's
/// default) or bytes (when the client offers `utf-8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }
}

/// Where each line of a text starts, as the protocol counts lines: `\n`,
/// `\r\n` and a lone `\r` each end one.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> LineIndex<'t> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut at = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
            let end = at + found;
            at = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            starts.push(at);
        }
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The end of line `line`'s text (before its line break).
    fn line_end(&self, line: usize) -> usize {
        let start = self.starts[line];
        memchr::memchr2(b'\n', b'\r', &self.text.as_bytes()[start..])
            .map_or(self.text.len(), |found| start + found)
    }

    /// The byte offset of `position`. A character past a line's end is the
    /// line's end and a line past the text's end is the text's end, as the
    /// protocol asks of servers.
    pub fn offset(&self, position: lsp::Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let start = self.starts[line];
        let end = self.line_end(line);
        let mut units = 0;
        for (at, c) in self.text[start..end].char_indices() {
            if units >= position.character {
                return start + at;
            }
            units += self.encoding.width(c);
        }
        end
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|start| *start <= offset) - 1;
        let start = self.starts[line];
        let character = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        lsp::Position::new(line as u32, character)
    }

    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }

    pub fn span(&self, range: lsp::Range) -> Span {
        let start = self.offset(range.start);
        Span {
            start,
            end: self.offset(range.end).max(start),
        }
    }
}

/// What a path keeps unescaped in a `file:` URI: RFC 3986's unreserved
/// characters and the separators.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<lsp::Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        // A Windows drive path, `C:/x`: `file:///C:/x`.
        format!("/{text}")
    };
    let encoded = utf8_percent_encode(&text, PATH).to_string();
    // A drive's colon stays as written (`/C:/`).
    let encoded = match encoded.get(1..).and_then(|rest| rest.split_once("%3A")) {
        Some((drive, rest)) if drive.len() == 1 => format!("/{drive}:{rest}"),
        _ => encoded,
    };
    lsp::Uri::from_str(&format!("file://{encoded}")).ok()
}

/// The path a `file:` URI names, with `.` and `..` resolved (as `check`
/// resolves the paths it is given: pages are compared by path); `None`
/// for any other scheme.
pub fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // An authority (`file://localhost/x`) before the path.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode_str(path).decode_utf8().ok()?.into_owned();
    let windows_drive = decoded.len() > 2
        && decoded.as_bytes()[2] == b':'
        && decoded.as_bytes()[1].is_ascii_alphabetic();
    let path = if windows_drive && cfg!(windows) {
        &decoded[1..]
    } else {
        decoded.as_str()
    };
    Some(resolve(Path::new("/"), path))
}

/// The page of a rule, for `codeDescription`.
pub fn rule_url(code: &str) -> Option<lsp::Uri> {
    lsp::Uri::from_str(&format!(
        "https://github.com/postlint/postlint/blob/main/rules/{code}.md"
    ))
    .ok()
}

/// A finding as the protocol shows it: its rule as `code` (with its page),
/// the help after the message, secondary labels as related information,
/// and, when the rule offers a fix, `data.fix` naming it.
pub fn diagnostic(finding: &Diagnostic, uri: &lsp::Uri, lines: &LineIndex) -> lsp::Diagnostic {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = finding
        .secondary
        .iter()
        .map(|label| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), lines.range(label.span)),
            message: label.message.to_string(),
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(finding.primary.span),
        severity: Some(match finding.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(finding.rule.code.to_string())),
        code_description: rule_url(finding.rule.code).map(|href| lsp::CodeDescription { href }),
        source: Some("postlint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: finding
            .fix
            .as_ref()
            .map(|fix| json!({ "fix": fix.message })),
    }
}

/// Every finding of a text as the protocol shows it (`diagnostic`).
pub fn diagnostics(
    findings: &[Diagnostic],
    uri: &lsp::Uri,
    lines: &LineIndex,
) -> Vec<lsp::Diagnostic> {
    findings
        .iter()
        .map(|finding| diagnostic(finding, uri, lines))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a\r\nÄ😀b\rc\n";
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        let b = text.find('b').unwrap();
        assert_eq!(utf16.position(b), lsp::Position::new(1, 3));
        assert_eq!(utf16.offset(lsp::Position::new(1, 3)), b);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(b), lsp::Position::new(1, 6));
        assert_eq!(utf8.offset(lsp::Position::new(1, 6)), b);
        // A lone `\r` ends a line; past the end of a line, its end.
        assert_eq!(
            utf16.position(text.find('c').unwrap()),
            lsp::Position::new(2, 0)
        );
        assert_eq!(utf16.offset(lsp::Position::new(0, 99)), 1);
        assert_eq!(utf16.offset(lsp::Position::new(99, 0)), text.len());
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my blog/content/posts/café #1.md");
        let uri = uri_of(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/my%20blog/content/posts/caf%C3%A9%20%231.md"
        );
        assert_eq!(path_of(&uri).unwrap(), path);
        let dotted = lsp::Uri::from_str("file:///tmp/blog/../site/./x.md").unwrap();
        assert_eq!(path_of(&dotted).unwrap(), Path::new("/tmp/site/x.md"));
        let localhost = lsp::Uri::from_str("file://localhost/tmp/x.md").unwrap();
        assert_eq!(path_of(&localhost).unwrap(), Path::new("/tmp/x.md"));
        let other = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path_of(&other), None);
    }
}
