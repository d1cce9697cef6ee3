//! Encoding rules (ENC): bytes the generators cannot read as UTF-8
//! (`invalid_utf8`), text that went through the wrong encoding
//! (`mojibake`), and invisible characters (`invisible`).

pub mod invalid_utf8;
pub mod invisible;
pub mod mojibake;

/// Text for a message: control and invisible characters written as
/// `\u{…}` escapes, so the reader sees them.
pub(super) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden = c.is_control()
            || matches!(c, '\u{A0}' | '\u{AD}' | '\u{2007}' | '\u{202F}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
        if hidden {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}
