//! The invariants every parse and every check must keep, whatever the input.
//! Shared by the property tests (`tests/properties.rs`), the hostile-input
//! tests and the fuzz targets (`fuzz/fuzz_targets/*.rs` include this file
//! by path), so a fuzzer's crash and a failing property are the same check.
//!
//! 1. Every span the `Document` and every diagnostic hold lies inside the
//!    file, on char boundaries, with `start <= end`.
//! 2. Line and column round-trip: `offset_of(line_col(o)) == o` at every
//!    span end.
//! 3. Applying every fix yields text that parses again, with no front
//!    matter syntax error the original did not have (and the fix loop of
//!    `--fix` terminates).
//! 4. Linting is deterministic: the same input gives the same findings.

#![allow(dead_code)]

use std::path::Path;

use postlint::config::Settings;
use postlint::diagnostic::{Diagnostic, Span};
use postlint::document::Document;
use postlint::engine;
use postlint::site::Site;
use postlint::text::Source;
use postlint::value::{Node, Value};

/// Checks one span of `source`; `what` names it in the panic message.
pub fn span_ok(source: &Source, span: Span, what: &str) {
    let text = source.text();
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text of {} bytes",
        text.len()
    );
    for offset in [span.start, span.end] {
        assert!(
            text.is_char_boundary(offset),
            "{what}: offset {offset} of {span:?} is inside a character"
        );
        let at = source.line_col(offset);
        assert_eq!(
            source.offset_of(at),
            Some(offset),
            "{what}: offset {offset} -> {at:?} does not map back"
        );
    }
}

fn node_ok(source: &Source, node: &Node, depth: usize) {
    span_ok(source, node.span, "front matter value");
    // The parsers bound nesting; a tree deeper than that is a bug.
    assert!(depth <= 256, "front matter tree deeper than its limit");
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                node_ok(source, item, depth + 1);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                span_ok(source, entry.key_span, "front matter key");
                node_ok(source, &entry.value, depth + 1);
            }
        }
        _ => {}
    }
}

/// Invariants 1 and 2 over everything the parser produced.
pub fn document_ok(doc: &Document) {
    let source = &doc.source;
    let len = source.len();
    assert!(doc.body_start <= len, "body starts after the end");
    assert!(source.text().is_char_boundary(doc.body_start));
    if let Some(span) = doc.front_matter.span(len) {
        span_ok(source, span, "front matter");
    }
    if let Some(block) = doc.front_matter.block() {
        for span in [block.open, block.close, block.content] {
            span_ok(source, span, "front matter block");
        }
        match &block.data {
            Ok(node) => node_ok(source, node, 0),
            Err(err) => span_ok(source, err.span, "front matter parse error"),
        }
    }
    for sc in &doc.tags.shortcodes {
        span_ok(source, sc.span, "shortcode");
        span_ok(source, sc.name_span, "shortcode name");
        for param in &sc.params {
            span_ok(source, param.value_span, "shortcode parameter");
            if let Some(span) = param.name_span {
                span_ok(source, span, "shortcode parameter name");
            }
        }
        if let Some(err) = &sc.error {
            span_ok(source, err.span, "shortcode error");
            if let Some(span) = err.generator_at {
                span_ok(source, span, "shortcode error (generator)");
            }
        }
    }
    for tag in &doc.tags.liquid {
        span_ok(source, tag.span, "liquid tag");
        span_ok(source, tag.name_span, "liquid tag name");
        span_ok(source, tag.markup_span, "liquid markup");
        if let Some(err) = &tag.error {
            span_ok(source, err.span, "liquid error");
            if let Some(span) = err.generator_at {
                span_ok(source, span, "liquid error (generator)");
            }
        }
    }
    let md = &doc.markdown;
    for heading in &md.headings {
        span_ok(source, heading.span, "heading");
    }
    for image in &md.images {
        span_ok(source, image.span, "markdown image");
        span_ok(source, image.alt_span, "markdown image alt");
        if let Some(span) = image.dest_span {
            span_ok(source, span, "markdown image destination");
        }
    }
    for link in &md.links {
        span_ok(source, link.span, "link");
        if let Some(span) = link.dest_span {
            span_ok(source, span, "link destination");
        }
    }
    for code in &md.code {
        span_ok(source, code.span, "code");
    }
    for html in &md.html {
        span_ok(source, html.span, "html");
    }
    for span in &md.text {
        span_ok(source, *span, "text");
    }
    for def in &md.definitions {
        span_ok(source, def.span, "reference definition");
    }
    for image in &doc.images {
        span_ok(source, image.span, "image");
        for attr in [&image.src, &image.alt, &image.caption]
            .into_iter()
            .flatten()
        {
            span_ok(source, attr.span, "image attribute");
        }
        if let Some(span) = image.definition {
            span_ok(source, span, "image definition");
        }
    }
}

/// Invariants 1 and 2 over one file's findings.
pub fn diagnostics_ok(source: &Source, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let what = d.rule.code;
        span_ok(source, d.primary.span, what);
        for label in &d.secondary {
            span_ok(source, label.span, what);
        }
        if let Some(fix) = &d.fix {
            assert!(
                !source.is_lossy(),
                "{what}: a fix on text that is not UTF-8"
            );
            for edit in &fix.edits {
                span_ok(source, edit.span, what);
            }
        }
    }
}

/// What makes two runs' findings the same.
pub fn fingerprint(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {:?} {} {:?} {:?} {:?}",
                d.rule.code, d.severity, d.primary, d.message, d.secondary, d.help, d.fix
            )
        })
        .collect()
}

fn front_matter_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| matches!(d.rule.code, "FM001" | "FM002"))
        .count()
}

/// Parses and checks `bytes` as the file at `path` of `site`, and asserts
/// every invariant; returns the findings.
pub fn file_ok(site: &Site, settings: &Settings, path: &Path, bytes: &[u8]) -> Vec<Diagnostic> {
    let doc = Document::parse(Source::from_bytes(bytes.to_vec()), site.flavor);
    document_ok(&doc);
    let found = engine::check_file(site, settings, path, &doc);
    diagnostics_ok(&doc.source, &found);

    // 4. Deterministic: a second parse and check give the same findings.
    let again = Document::parse(Source::from_bytes(bytes.to_vec()), site.flavor);
    let found_again = engine::check_file(site, settings, path, &again);
    assert_eq!(
        fingerprint(&found),
        fingerprint(&found_again),
        "two runs over the same input differ"
    );

    // 3. Fixes: the `--fix` loop, with every intermediate text checked.
    if !doc.source.is_lossy() {
        let before = front_matter_errors(&found);
        let mut text = doc.text().to_string();
        let mut diagnostics = found.clone();
        for _ in 0..postlint::engine::fix::MAX_PASSES {
            let Some((fixed, _)) = postlint::engine::fix::apply(&text, &diagnostics) else {
                break;
            };
            let doc = Document::parse(Source::from_text(fixed.clone()), site.flavor);
            document_ok(&doc);
            diagnostics = engine::check_file(site, settings, path, &doc);
            diagnostics_ok(&doc.source, &diagnostics);
            assert!(
                front_matter_errors(&diagnostics) <= before,
                "fixing made the front matter unparsable:\n--- before\n{text}\n--- after\n{fixed}\n{:?}",
                fingerprint(&diagnostics)
            );
            text = fixed;
        }
    }
    found
}
