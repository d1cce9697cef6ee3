//! FM004: the same key twice in one mapping, at any depth (Hugo fails the
//! build on YAML; other readers keep one value silently).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::text::FastMap;
use crate::value::{Entry, Format, Node, Value};

declare_check! {
    /// Every mapping of the front matter, for keys written twice.
    pub static CHECK = Runs::EachFile(check);

    pub static DUPLICATE_KEY = "FM004" "duplicate-key" {
        severity: Error,
        summary: "The same key twice in one mapping (Hugo fails the build; other readers keep one silently)",
    }
}

fn check(_cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let (Some(block), Some(data)) = (doc.front_matter.block(), doc.data()) else {
        return;
    };
    duplicates(doc, block.format, data, sink);
}

/// FM004, in every mapping at every depth.
fn duplicates(doc: &Document, format: Format, node: &Node, sink: &mut Sink) {
    match &node.value {
        Value::Map(entries) => {
            // The first entry of each key, exactly and ignoring case.
            let mut exact: FastMap<&str, &Entry> =
                FastMap::with_capacity_and_hasher(entries.len(), Default::default());
            let mut folded: FastMap<AsciiFolded, &Entry> =
                FastMap::with_capacity_and_hasher(entries.len(), Default::default());
            for entry in entries {
                if entry.key == "<<" {
                    continue;
                }
                let first_exact = *exact.entry(&entry.key).or_insert(entry);
                let first_folded = *folded.entry(AsciiFolded(&entry.key)).or_insert(entry);
                let first_exact = (!std::ptr::eq(first_exact, entry)).then_some(first_exact);
                let first_folded = (!std::ptr::eq(first_folded, entry)).then_some(first_folded);
                if let Some(first) = first_exact {
                    sink.push(exact_duplicate(doc, format, first, entry));
                } else if doc.flavor == Flavor::Hugo
                    && let Some(first) = first_folded
                {
                    sink.push(
                        Diagnostic::new(
                            &DUPLICATE_KEY,
                            entry.key_span,
                            format!(
                                "`{}` and `{}` are the same key to Hugo, which ignores case in front matter keys",
                                first.key, entry.key
                            ),
                        )
                        .severity(Severity::Warning)
                        .label("same key, other case")
                        .secondary(first.key_span, "first written here")
                        .help("Hugo keeps only one of the two values, and which one is not defined by their order; remove one"),
                    );
                }
                duplicates(doc, format, &entry.value, sink);
            }
        }
        Value::Seq(items) => {
            for item in items {
                duplicates(doc, format, item, sink);
            }
        }
        _ => {}
    }
}

/// A key compared and hashed ignoring ASCII case, without lowering a copy.
#[derive(Clone, Copy)]
struct AsciiFolded<'a>(&'a str);

impl PartialEq for AsciiFolded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for AsciiFolded<'_> {}

impl std::hash::Hash for AsciiFolded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut lowered = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(lowered.len()) {
            for (to, from) in lowered.iter_mut().zip(chunk) {
                *to = from.to_ascii_lowercase();
            }
            state.write(&lowered[..chunk.len()]);
        }
        state.write_u8(0xff);
    }
}

fn exact_duplicate(doc: &Document, format: Format, first: &Entry, second: &Entry) -> Diagnostic {
    let help = match (doc.flavor, format) {
        (Flavor::Hugo, Format::Yaml) => format!(
            "Hugo fails the build (\"mapping key {:?} already defined\"); keep one of the two",
            second.key
        ),
        (Flavor::Hugo, _) => {
            "Hugo silently keeps the last value and drops the first; keep one of the two".to_string()
        }
        (Flavor::Jekyll, _) => {
            "Jekyll's YAML reader silently keeps the last value and drops the first; keep one of the two".to_string()
        }
    };
    Diagnostic::new(
        &DUPLICATE_KEY,
        second.key_span,
        format!("key `{}` is defined twice in the same mapping", second.key),
    )
    .label("defined again here")
    .secondary(first.key_span, "first defined here")
    .help(help)
}
