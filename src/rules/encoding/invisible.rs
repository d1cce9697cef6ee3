//! ENC003: zero-width and bidirectional control characters, stray byte
//! order marks, invisible characters in front matter keys
//! (`text::invisible` finds them).

use super::visible;
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::document::Document;
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};

use crate::text::invisible::{self, Kind};
use crate::value::{Node, Value};

declare_check! {
    /// The whole text, for characters a reader cannot see.
    pub static CHECK = Runs::EachFile(check);

    pub static INVISIBLE = "ENC003" "invisible-characters" {
        severity: Warning,
        fixable: true,
        summary: "Zero-width and bidirectional control characters, stray byte order marks, odd spaces in front matter keys",
    }
}

/// ENC003: invisible characters, each at the character itself.
fn check(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
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
        if removable
            && edge_of_key
            && !in_leading_blank(doc.text(), found.span.start)
            && !doc.source.is_lossy()
        {
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

/// Whether everything before `at` is a byte order mark and white space.
/// A character there decides where, and whether, the front matter starts
/// (Hugo skips a leading mark and blanks before it, Jekyll a leading mark):
/// deleting it could turn the text after it into front matter, so it is
/// left to the author.
fn in_leading_blank(text: &str, at: usize) -> bool {
    text.get(..at).is_some_and(|before| {
        before
            .trim_start_matches('\u{feff}')
            .chars()
            .all(char::is_whitespace)
    })
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
