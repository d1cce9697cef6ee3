//! ENC002: UTF-8 text that was decoded as Windows-1252 or Mac OS Roman and
//! saved again (`Ã©` for `é`), with a fix that restores it
//! (`text::mojibake` finds it).

use super::visible;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::Document;
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::text::mojibake;

declare_check! {
    /// The whole text, for runs of mojibake outside code.
    pub static CHECK = Runs::EachFile(check);

    pub static MOJIBAKE = "ENC002" "mojibake" {
        severity: Warning,
        fixable: true,
        summary: "UTF-8 text that was decoded as Windows-1252 or Mac OS Roman (`Ã©`, `â€™`, `‚Äô`)",
    }
}

/// ENC002: each run of mojibake, with a fix that restores the characters.
fn check(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let text = doc.text();
    let generator = match doc.flavor {
        Flavor::Hugo => "Hugo",
        Flavor::Jekyll => "Jekyll",
    };
    for found in mojibake::find(text, |at| doc.markdown.in_code(at)) {
        let shown = visible(&text[found.span.range()]);
        let page = found.code_page.name();
        let original = visible(&found.original);
        let mut diagnostic = Diagnostic::new(
            &MOJIBAKE,
            found.span,
            format!("`{shown}` is mojibake for `{original}`: UTF-8 text that was read as {page}"),
        )
        .label(format!("reads as `{original}`"));
        let lost = if found.lost_lead {
            " (the Apple logo that stood for the emoji's first byte was lost too)"
        } else {
            ""
        };
        diagnostic = diagnostic.help(format!(
            "replace it with `{original}`{lost}: the text was opened as {page} and saved again as UTF-8, and {generator} publishes these characters as they are"
        ));
        if !doc.source.is_lossy() {
            diagnostic = diagnostic.fix(Fix {
                message: format!("replace `{shown}` with `{original}`"),
                edits: vec![Edit {
                    span: found.span,
                    replacement: found.original.clone(),
                }],
            });
        }
        sink.push(diagnostic);
    }
}
