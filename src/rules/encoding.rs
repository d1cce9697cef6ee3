//! Encoding rules (ENC): bytes the generators cannot read as UTF-8.

use super::{Family, FileContext, RuleMeta, Sink};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::Document;

pub static INVALID_UTF8: RuleMeta = RuleMeta {
    code: "ENC001",
    name: "invalid-utf8",
    family: Family::Encoding,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "Bytes that are not valid UTF-8",
    doc: include_str!("../../rules/ENC001.md"),
};

pub fn check(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let Some(offset) = doc.source.invalid_utf8_at() else {
        return;
    };
    sink.push(
        Diagnostic::new(
            &INVALID_UTF8,
            Span::new(offset, offset + 1),
            format!("file is not valid UTF-8: the first invalid byte is at offset {offset}"),
        )
        .label("not UTF-8")
        .help("re-save the file as UTF-8; Hugo and Jekyll read content as UTF-8 and show these bytes as `\u{FFFD}` or fail"),
    );
}
