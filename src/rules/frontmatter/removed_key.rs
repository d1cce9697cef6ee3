//! FM012: a key the target Hugo version rejects or deprecated (`_build`:
//! use `build`), in front matter and in `cascade`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::generator::Flavor;
use crate::generator::fields::cascade_maps;
use crate::generator::hugo::HugoVersion;
use crate::generator::hugo::fields::{RETIRED_KEYS, RetiredKey, Scope};
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::value::{Entry, Node};

declare_check! {
    /// The front matter and its `cascade` mappings, for retired keys.
    pub static CHECK = Runs::EachFile(check);

    pub static REMOVED_KEY = "FM012" "removed-key" {
        severity: Error,
        fixable: true,
        summary: "A key the target Hugo version rejects or deprecated (`_build`: use `build`)",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let Some(data) = doc.data() else {
        return;
    };
    if doc.flavor == Flavor::Hugo {
        retired(cx, doc, data, sink);
    }
}

/// FM012: retired keys at the top level and in each `cascade` mapping.
fn retired(cx: &FileContext, doc: &Document, data: &Node, sink: &mut Sink) {
    let version = cx.options.hugo_version;
    let mut places: Vec<(&Node, bool)> = vec![(data, false)];
    for entry in data.entries() {
        if entry.key.eq_ignore_ascii_case("cascade") {
            places.extend(cascade_maps(entry).into_iter().map(|m| (m, true)));
        }
    }
    for retired in RETIRED_KEYS {
        if version < retired.deprecated {
            continue;
        }
        for (map, in_cascade) in &places {
            if retired.scope == Scope::Cascade && !in_cascade {
                continue;
            }
            for entry in map.entries() {
                if entry.key.eq_ignore_ascii_case(retired.key) {
                    sink.push(retired_finding(doc, retired, entry, map, version));
                }
            }
        }
    }
}

fn retired_finding(
    doc: &Document,
    retired: &RetiredKey,
    entry: &Entry,
    map: &Node,
    version: HugoVersion,
) -> Diagnostic {
    let fails = retired.fails.is_some_and(|fails| version >= fails);
    let (severity, message, consequence) = if fails {
        (
            Severity::Error,
            format!(
                "Hugo {version} rejects the front matter key `{}`: it was deprecated in Hugo {} and removed",
                entry.key, retired.deprecated
            ),
            "Hugo fails the build on this page".to_string(),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "the front matter key `{}` is deprecated since Hugo {}",
                entry.key, retired.deprecated
            ),
            match retired.fails {
                Some(fails) => format!("Hugo {fails} and later fail the build on it"),
                None => "a later Hugo will remove it".to_string(),
            },
        )
    };
    let mut diagnostic = Diagnostic::new(&REMOVED_KEY, entry.key_span, message)
        .severity(severity)
        .label(format!("use `{}`", retired.replacement))
        .help(format!(
            "{consequence}; rename `{}` to `{}`, which takes the same options",
            entry.key, retired.replacement
        ));
    let written = &doc.text()[entry.key_span.range()];
    let replacement_taken = map
        .entries()
        .iter()
        .any(|e| e.key.eq_ignore_ascii_case(retired.replacement));
    if written == entry.key && !replacement_taken {
        diagnostic = diagnostic.fix(Fix {
            message: format!("rename `{}` to `{}`", entry.key, retired.replacement),
            edits: vec![Edit {
                span: entry.key_span,
                replacement: retired.replacement.to_string(),
            }],
        });
    }
    diagnostic
}
