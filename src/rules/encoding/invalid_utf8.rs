//! ENC001: bytes that are not UTF-8, at the first one.

use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::rules::{FileContext, Runs, Sink, declare_check};

declare_check! {
    /// The file's bytes, for the first that is not UTF-8.
    pub static CHECK = Runs::EachFile(check);

    pub static INVALID_UTF8 = "ENC001" "invalid-utf8" {
        severity: Error,
        summary: "Bytes that are not valid UTF-8",
    }
}

fn check(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
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
