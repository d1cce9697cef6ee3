//! The invariants every parse and every check must keep, whatever the input.
//! Shared by the property tests (`tests/it/properties.rs`), the hostile-input
//! tests and the fuzz targets (`fuzz/fuzz_targets/*.rs` include this file
//! by path), so a fuzzer's crash and a failing property are the same check.
//!
//! 1. Every span the `Document` and every diagnostic hold lies inside the
//!    file, on char boundaries, with `start <= end`.
//! 2. Line and column round-trip: `offset_of(line_col(o)) == o` at every
//!    span end.
//! 3. `--fix` (the engine's loop, `engine::fix_document`) yields text that
//!    parses again, with no error-level finding (by rule and line) that the
//!    original did not have, and front matter that starts, is written and
//!    parses as before; the loop terminates.
//! 4. Linting is deterministic: the same input gives the same findings.

#![allow(dead_code)]

use std::path::Path;

use postlint::config::{Overrides, Settings};
use postlint::diagnostic::{Diagnostic, Severity, Span};
use postlint::document::{Document, FrontMatter};
use postlint::engine;
use postlint::generator::{hugo, jekyll};
use postlint::site::Site;
use postlint::text::Source;
use postlint::value::{Node, Value, parse_json, parse_toml, parse_yaml};

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

    // 3. Fixes: the `--fix` loop as the engine runs it. Every error-level
    // finding after it was there before (by rule and line), and the front
    // matter starts where it did, in the same format, closed and parsing if
    // it was.
    if !doc.source.is_lossy() {
        let outcome = engine::fix_document(site, settings, path, doc.clone());
        let fixed = &outcome.document;
        document_ok(fixed);
        let after = engine::check_file(site, settings, path, fixed);
        diagnostics_ok(&fixed.source, &after);
        let errors = |doc: &Document, found: &[Diagnostic]| -> Vec<(&'static str, usize)> {
            let mut errors: Vec<(&'static str, usize)> = found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| (d.rule.code, doc.source.line_index(d.primary.span.start)))
                .collect();
            errors.sort_unstable();
            errors
        };
        let (was, is) = (errors(&doc, &found), errors(fixed, &after));
        let mut remaining = was.clone();
        for error in &is {
            let Some(at) = remaining.iter().position(|e| e == error) else {
                panic!(
                    "fixing added an error {error:?}:\n--- before\n{}\n--- after\n{}\n{:?}",
                    doc.text(),
                    fixed.text(),
                    fingerprint(&after)
                );
            };
            remaining.remove(at);
        }
        // A fix may close front matter or make it parse (deleting a stray
        // mark inside it can), never the reverse, and never move it.
        let (before, after) = (front_matter_shape(&doc), front_matter_shape(fixed));
        let kept = match (before, after) {
            (Some((start, format, closed, parses)), Some((start2, format2, closed2, parses2))) => {
                start == start2 && format == format2 && closed <= closed2 && parses <= parses2
            }
            (before, after) => before == after,
        };
        assert!(
            kept,
            "fixing moved the front matter ({before:?} -> {after:?}):\n--- before\n{}\n--- after\n{}",
            doc.text(),
            fixed.text()
        );
    }
    found
}

/// Where the front matter opens, in which format, whether it is closed and
/// parses (`None`: no front matter).
fn front_matter_shape(doc: &Document) -> Option<(usize, &'static str, bool, bool)> {
    match &doc.front_matter {
        FrontMatter::Absent => None,
        FrontMatter::Unterminated { format, open } => {
            Some((open.start, format.name(), false, false))
        }
        FrontMatter::Present(block) => Some((
            block.open.start,
            block.format.name(),
            true,
            block.data.is_ok(),
        )),
    }
}

/// The configuration readers over `bytes` as a config file's text:
/// `postlint.toml` (settings, rule selectors, globs, schema entries) and a
/// site config in each format read as Hugo's and as Jekyll's, with the
/// values derived from it. A bad config is an error, never a panic.
pub fn config_ok(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = Path::new("/postlint-fuzz/postlint.toml");
    if let Ok(settings) = Settings::from_text(file, text, &Overrides::default()) {
        let _ = settings.ignored_for(Path::new("/postlint-fuzz/content/posts/a.md"));
    }
    // What Hugo's module resolution reads besides the config: a `go.mod`
    // or `go.work`, `_vendor/modules.txt`, `module.replacements`, paths.
    let go_mod = hugo::modules::GoMod::parse(text);
    let _ = go_mod.required(text);
    let _ = hugo::modules::vendored(text);
    let _ = hugo::modules::replacements(&[text]);
    let _ = (
        hugo::modules::is_probably_module(text),
        hugo::modules::escape(text),
        hugo::modules::path_base(text),
    );
    for parse in [parse_toml, parse_yaml, parse_json] {
        let Ok(node) = parse(text, 0) else {
            continue;
        };
        let config = hugo::Config::parse(&node);
        for lang in &config.language_codes {
            let _ = (
                config.lang_prefix(lang),
                config.taxonomies_for(lang),
                config.builds_kind(lang, "term"),
            );
        }
        let _ = config.pattern_for("page", "/posts/a", "en");
        let _ = config.taxonomy_names();
        let _ = hugo::fields::known(&config);
        let jekyll = jekyll::Config::parse(&node);
        let _ = (jekyll.post_template(), jekyll.with_suffix("/:path"));
        let _ = jekyll.declares("title");
    }
}
