//! Hugo's summary divider: exactly `<!--more-->`, the first one, found
//! even inside code; a front matter `excerpt_separator` is Jekyll's and
//! ignored.

use super::near_miss::{malformed, near_misses};
use super::{
    HUGO_DIVIDER, MISSING, REQUIRED, count_words, declaration_span, file_anchor, occurrences,
    placement, plain_words, show, too_long,
};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::Document;
use crate::generator::jekyll::config::separator;
use crate::generator::{Flavor, PageKind};
use crate::rules::{FileContext, Sink};
use crate::value::Entry;

pub(super) fn hugo(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let dividers = occurrences(doc, HUGO_DIVIDER);
    let near = near_misses(doc, "more", HUGO_DIVIDER, dividers.first().copied());

    if let Some(entry) = doc.field("excerpt_separator") {
        hugo_declared(doc, entry, &dividers, &near, sink);
    }
    for miss in &near {
        let later = dividers.first().copied();
        sink.push(malformed(doc, *miss, HUGO_DIVIDER, later, Flavor::Hugo));
    }
    placement(doc, &dividers, HUGO_DIVIDER, Flavor::Hugo, sink);

    if cx.kind != PageKind::Post {
        return;
    }
    let summary = doc
        .field("summary")
        .filter(|entry| entry.value.as_str().is_some_and(|s| !s.trim().is_empty()));
    if cx.options.excerpt.required && dividers.is_empty() && summary.is_none() {
        let mut diagnostic = Diagnostic::new(
            &REQUIRED,
            file_anchor(doc),
            "post has no summary divider, and the configuration requires one",
        )
        .label("put `<!--more-->` on its own line after the summary paragraphs")
        .help("without `<!--more-->` (or a front matter `summary`) Hugo cuts an automatic summary after `summaryLength` words, often mid-sentence");
        if let Some(miss) = near.first() {
            diagnostic = diagnostic.secondary(*miss, "this near miss is not recognised (EX002)");
        }
        sink.push(diagnostic);
    }
    let max = cx.options.excerpt.max_words;
    if max > 0 {
        if let Some(first) = dividers.first() {
            let words = count_words(doc, doc.body_start, first.start);
            if words > max {
                sink.push(too_long(
                    *first,
                    words,
                    max,
                    "summary",
                    "before this divider",
                ));
            }
        } else if let Some(entry) = summary {
            let words = entry.value.as_str().map_or(0, plain_words);
            if words > max {
                sink.push(too_long(
                    entry.value.span,
                    words,
                    max,
                    "front matter summary",
                    "this summary",
                ));
            }
        }
    }
}

fn hugo_declared(doc: &Document, entry: &Entry, dividers: &[Span], near: &[Span], sink: &mut Sink) {
    let Some(declared) = separator(&entry.value) else {
        return;
    };
    // `""` (Jekyll: no excerpt) asks for nothing Hugo could miss.
    if declared.is_empty() || declared == HUGO_DIVIDER && !dividers.is_empty() {
        return;
    }
    let shown = show(&declared);
    let own = if declared == HUGO_DIVIDER {
        Vec::new()
    } else {
        occurrences(doc, &declared)
    };
    let mut diagnostic = Diagnostic::new(&MISSING, declaration_span(entry), String::new())
        .severity(Severity::Warning)
        .label("Hugo ignores this Jekyll key");
    let message;
    let help;
    if let Some(first) = dividers.first() {
        message = if own.is_empty() {
            format!(
                "the declared excerpt separator {shown} never occurs in the body, which uses Hugo's `<!--more-->` instead; Hugo ignores `excerpt_separator`"
            )
        } else {
            format!(
                "Hugo ignores `excerpt_separator`: its summary ends at `<!--more-->`, not at the declared {shown}"
            )
        };
        diagnostic = diagnostic.secondary(*first, "Hugo ends the summary here");
        help = "remove the `excerpt_separator` line: it is a Jekyll setting, and Hugo already ends the summary at `<!--more-->`".to_string();
    } else if let Some(first) = own.first() {
        message = format!(
            "Hugo ignores `excerpt_separator`, so the {shown} in the body does not end the summary"
        );
        diagnostic = diagnostic.secondary(*first, "not a divider for Hugo");
        help = "replace it with `<!--more-->` on its own line and remove the `excerpt_separator` line; until then Hugo cuts an automatic summary after `summaryLength` words".to_string();
    } else {
        message = format!(
            "the declared excerpt separator {shown} never occurs in the body (and Hugo ignores `excerpt_separator`)"
        );
        if let Some(miss) = near.first() {
            diagnostic = diagnostic.secondary(*miss, "a near miss of `<!--more-->` (EX002)");
        }
        help = "remove the `excerpt_separator` line; to end the summary by hand put `<!--more-->` on its own line, otherwise Hugo cuts an automatic summary after `summaryLength` words".to_string();
    }
    diagnostic.message = message;
    sink.push(diagnostic.help(help));
}
