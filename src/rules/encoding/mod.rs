//! Encoding rules (ENC): bytes the generators cannot read as UTF-8, text
//! that went through the wrong encoding (mojibake), and invisible
//! characters.

mod invisible;
pub mod mojibake;

use super::{Family, FileContext, RuleMeta, Sink};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity, Span};
use crate::document::{Document, Node, Value};
use crate::site::Flavor;
use invisible::Kind;

pub static INVALID_UTF8: RuleMeta = RuleMeta {
    code: "ENC001",
    name: "invalid-utf8",
    family: Family::Encoding,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "Bytes that are not valid UTF-8",
    doc: include_str!("../../../rules/ENC001.md"),
};

pub static MOJIBAKE: RuleMeta = RuleMeta {
    code: "ENC002",
    name: "mojibake",
    family: Family::Encoding,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: true,
    summary: "UTF-8 text that was decoded as Windows-1252 or Mac OS Roman (`Ã©`, `â€™`, `‚Äô`)",
    doc: include_str!("../../../rules/ENC002.md"),
};

pub static INVISIBLE: RuleMeta = RuleMeta {
    code: "ENC003",
    name: "invisible-characters",
    family: Family::Encoding,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: true,
    summary: "Zero-width and bidirectional control characters, stray byte order marks, odd spaces in front matter keys",
    doc: include_str!("../../../rules/ENC003.md"),
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

/// ENC002: each run of mojibake, with a fix that restores the characters.
pub fn check_mojibake(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
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

/// ENC003: invisible characters, each at the character itself.
pub fn check_invisible(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let mut keys = Vec::new();
    if let Some(data) = doc.data() {
        collect_keys(data, &mut keys);
    }
    for found in invisible::find(doc.text(), &keys) {
        let code = format!("U+{:04X}", u32::from(found.ch));
        let name = invisible::name(found.ch);
        let (message, label, help, removable) = match found.kind {
            Kind::ZeroWidth => (
                format!("invisible {name} ({code})"),
                "invisible character here",
                "delete it unless you put it there on purpose: it splits words for search and copy-paste, and can break links and Markdown syntax without showing".to_string(),
                false,
            ),
            Kind::Bidi => (
                format!("bidirectional control character {name} ({code})"),
                "reorders the text around it",
                "delete it: it makes text display in a different order than it is stored (the \"Trojan Source\" trick), so readers and reviewers see something else than the file holds".to_string(),
                false,
            ),
            Kind::StrayBom => (
                format!("byte order mark ({code}) inside the file"),
                "stray byte order mark",
                "delete it: a byte order mark belongs only at the very start of a file (usually it comes from pasting another file's content); elsewhere it is an invisible character that can break Markdown syntax".to_string(),
                true,
            ),
            Kind::InKey => {
                let key = key_around(doc, &keys, found.span);
                (
                    format!("front matter key `{}` contains an invisible {name} ({code})", visible(key)),
                    "inside the key",
                    format!(
                        "retype the key with plain characters: {} reads `{}` as a different key than the one it looks like, so the value is ignored",
                        match doc.flavor {
                            Flavor::Hugo => "Hugo",
                            Flavor::Jekyll => "Jekyll",
                        },
                        visible(key)
                    ),
                    true,
                )
            }
        };
        let mut diagnostic = Diagnostic::new(&INVISIBLE, found.span, message)
            .label(label)
            .help(help);
        let edge_of_key = found.kind != Kind::InKey || at_edge_of_key(doc, &keys, found.span);
        if removable && edge_of_key && !doc.source.is_lossy() {
            diagnostic = diagnostic.fix(Fix {
                message: format!("delete the {name}"),
                edits: vec![Edit {
                    span: found.span,
                    replacement: String::new(),
                }],
            });
        }
        sink.push(diagnostic);
    }
}

/// Text for a message: control and invisible characters written as
/// `\u{…}` escapes, so the reader sees them.
fn visible(text: &str) -> String {
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

fn collect_keys(node: &Node, keys: &mut Vec<Span>) {
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                keys.push(entry.key_span);
                collect_keys(&entry.value, keys);
            }
        }
        Value::Seq(items) => {
            for item in items {
                collect_keys(item, keys);
            }
        }
        _ => {}
    }
}

fn key_around<'a>(doc: &'a Document, keys: &[Span], at: Span) -> &'a str {
    keys.iter()
        .find(|k| k.contains(at.start))
        .and_then(|k| doc.text().get(k.range()))
        .unwrap_or_default()
}

/// Deleting a character at either end of a key leaves the key the author
/// meant; one in the middle may stand for a space, so it is left to them.
fn at_edge_of_key(doc: &Document, keys: &[Span], at: Span) -> bool {
    let Some(key) = keys.iter().find(|k| k.contains(at.start)) else {
        return false;
    };
    let text = doc.text();
    let before = text.get(key.start..at.start).unwrap_or_default();
    let after = text.get(at.end..key.end).unwrap_or_default();
    let blank = |s: &str| {
        s.chars()
            .all(|c| c.is_whitespace() || c == '"' || c == '\'' || invisible_in_key(c))
    };
    blank(before) || blank(after)
}

fn invisible_in_key(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{00AD}' | '\u{200B}'
            ..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}
