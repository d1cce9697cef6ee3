//! Jekyll's excerpt separator: the front matter's `excerpt_separator`, else
//! the site config's, else a blank line; cut at its first raw occurrence,
//! which must not fall inside an open Liquid block.

use std::sync::LazyLock;

use memchr::memmem;

use super::near_miss::{comment_word, malformed, near_misses};
use super::{
    Divider, HUGO_DIVIDER, JEKYLL_DEFAULT, MISSING, Origin, REPEATED, REQUIRED, count_words,
    declaration_span, file_anchor, occurrences, placement, plain_words, show, too_long,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::generator::jekyll::config::separator;
use crate::generator::jekyll::tags::{self as jekyll_tags, TagKind};
use crate::generator::{Flavor, PageKind};
use crate::rules::{FileContext, Sink};

pub(super) fn jekyll(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    if cx.kind == PageKind::Page && !cx.site.jekyll().page_excerpts {
        return;
    }
    let divider = jekyll_divider(cx, doc);
    if divider.text.is_empty() {
        return;
    }
    let found = occurrences(doc, &divider.text);
    let custom = divider.text != JEKYLL_DEFAULT;
    let word = if custom {
        comment_word(&divider.text)
    } else {
        None
    };
    let near = match word {
        Some(word) => near_misses(doc, &word, &divider.text, found.first().copied()),
        None => Vec::new(),
    };
    let excerpt_field = doc.field("excerpt").is_some();

    if custom && found.is_empty() && !excerpt_field {
        sink.push(jekyll_missing(cx, doc, &divider, &near));
    }
    for miss in &near {
        let later = found.first().copied();
        sink.push(malformed(doc, *miss, &divider.text, later, Flavor::Jekyll));
    }
    if custom {
        placement(doc, &found, &divider.text, Flavor::Jekyll, sink);
    }
    if let Some(first) = found.first() {
        open_liquid_block(cx, doc, *first, &divider.text, sink);
    }

    if cx.kind != PageKind::Post {
        return;
    }
    if cx.options.excerpt.required && found.is_empty() && !excerpt_field {
        let mut diagnostic = Diagnostic::new(
            &REQUIRED,
            file_anchor(doc),
            format!(
                "post has no excerpt separator ({}), and the configuration requires one",
                show(&divider.text)
            ),
        )
        .label("expected the separator after the excerpt")
        .help("without its separator Jekyll's excerpt is the whole post; add the separator after the excerpt, or an `excerpt` in front matter");
        if let Some(miss) = near.first() {
            diagnostic = diagnostic.secondary(*miss, "this near miss is not recognised (EX002)");
        }
        sink.push(diagnostic);
    }
    let max = cx.options.excerpt.max_words;
    if max > 0 {
        if let Some(entry) = doc.field("excerpt") {
            let words = entry.value.as_str().map_or(0, plain_words);
            if words > max {
                sink.push(too_long(
                    entry.value.span,
                    words,
                    max,
                    "front matter excerpt",
                    "this excerpt",
                ));
            }
        } else {
            let (end, anchor, place) = match found.first() {
                Some(first) if custom => (first.start, *first, "before this separator"),
                Some(first) => (
                    first.start,
                    Span::from(doc.source.line_range(doc.source.line_index(first.start))),
                    "up to the first blank line",
                ),
                None => (doc.text().len(), file_anchor(doc), "(the whole post)"),
            };
            let words = count_words(doc, doc.body_start, end);
            if words > max {
                sink.push(too_long(anchor, words, max, "excerpt", place));
            }
        }
    }
}

fn jekyll_divider<'a>(cx: &FileContext, doc: &'a Document) -> Divider<'a> {
    if let Some(entry) = doc.field("excerpt_separator")
        && let Some(text) = separator(&entry.value)
    {
        return Divider {
            text,
            origin: Origin::FrontMatter(entry),
        };
    }
    match cx.site.jekyll().excerpt_separator.clone() {
        Some(text) => Divider {
            text,
            origin: Origin::Config,
        },
        None => Divider {
            text: JEKYLL_DEFAULT.to_string(),
            origin: Origin::Default,
        },
    }
}

fn jekyll_missing(
    cx: &FileContext,
    doc: &Document,
    divider: &Divider,
    near: &[Span],
) -> Diagnostic {
    let shown = show(&divider.text);
    let (span, message, label) = match divider.origin {
        Origin::FrontMatter(entry) => (
            declaration_span(entry),
            format!("the excerpt separator {shown} declared here never occurs in the body"),
            "declared here",
        ),
        _ => {
            let config = cx
                .site
                .config_files
                .first()
                .and_then(|file| file.file_name())
                .map_or("_config.yml".to_string(), |name| {
                    name.to_string_lossy().into_owned()
                });
            (
                file_anchor(doc),
                format!(
                    "the excerpt separator {shown} set in `{config}` never occurs in this document"
                ),
                "no separator after this",
            )
        }
    };
    let mut diagnostic = Diagnostic::new(&MISSING, span, message)
        .label(label)
        .help("Jekyll's excerpt is then the whole document; put the separator after the excerpt, or set `excerpt_separator` to what the body uses");
    if let Some(miss) = near.first() {
        diagnostic = diagnostic.secondary(*miss, format!("a near miss of {shown} (EX002)"));
    } else if divider.text != HUGO_DIVIDER
        && let Some(more) = occurrences(doc, HUGO_DIVIDER).first()
    {
        diagnostic = diagnostic.secondary(*more, "the body uses `<!--more-->` instead");
    }
    diagnostic
}

static LIQUID_TAG: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?s)\{%-?\s*(\w+)\s*.*?-?%\}").expect("a valid pattern"));

/// Jekyll's `sanctify_liquid_tags`: when the text before the separator
/// opens a block tag and holds no end tag of that name, Jekyll appends one to
/// the excerpt and warns.
fn open_liquid_block(
    cx: &FileContext,
    doc: &Document,
    first: Span,
    separator: &str,
    sink: &mut Sink,
) {
    // `partition` with nothing after the separator returns the head as is.
    if first.end >= doc.text().len() {
        return;
    }
    let Some(head) = doc.text().get(doc.body_start..first.start) else {
        return;
    };
    if !head.contains("{%") {
        return;
    }
    let names: Vec<&str> = LIQUID_TAG
        .captures_iter(head)
        .filter_map(|caps| caps.get(1).map(|m| m.as_str()))
        .collect();
    let is_block = |name: &str| {
        // Jekyll's `liquid_block?`: a registered tag whose class is a block.
        jekyll_tags::builtin(name) == Some(TagKind::Block)
            || cx.site.plugin_tags().get(name) == Some(TagKind::Block)
            || cx.options.liquid_blocks.iter().any(|b| b == name)
    };
    let Some(open) = names
        .iter()
        .rev()
        .find(|name| is_block(name) && !has_end_tag(head, name))
    else {
        return;
    };
    let open_tag = doc
        .tags
        .liquid
        .iter()
        .rev()
        .find(|tag| tag.name == *open && tag.span.end <= first.start);
    let shown = show(separator);
    let message = format!(
        "the excerpt separator {shown} falls inside an open `{{% {open} %}}` block: Jekyll closes the block in the excerpt and warns \"Excerpt modified\""
    );
    let help = format!(
        "move the separator after `{{% end{open} %}}`, or give the post an `excerpt` in front matter"
    );
    let diagnostic = match (separator == JEKYLL_DEFAULT, open_tag) {
        (true, Some(tag)) => Diagnostic::new(&REPEATED, tag.span, message)
            .label("this block is still open at the first blank line, where the excerpt ends"),
        (false, Some(tag)) => Diagnostic::new(&REPEATED, first, message)
            .label("the excerpt ends here")
            .secondary(tag.span, "inside this block"),
        (_, None) => Diagnostic::new(&REPEATED, first, message).label("the excerpt ends here"),
    };
    sink.push(diagnostic.help(help));
}

/// Jekyll's end tag test: `{%-?\s*endNAME.*?\s*-?%}` anywhere in the head.
fn has_end_tag(head: &str, name: &str) -> bool {
    let end = format!("end{name}");
    let bytes = head.as_bytes();
    memmem::find_iter(bytes, b"{%").any(|at| {
        let mut rest = &head[at + 2..];
        rest = rest.strip_prefix('-').unwrap_or(rest);
        rest.trim_start().starts_with(&end) && rest.contains("%}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_end_tags() {
        assert!(has_end_tag("{% if a %}x{%- endif -%}", "if"));
        assert!(!has_end_tag("{% if a %}x", "if"));
        assert!(!has_end_tag("{% for a %}{% endif %}", "for"));
    }
}
