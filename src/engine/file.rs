//! One file through the per-file pass: read, parsed once, checked by every
//! enabled per-file check, fixed when asked (re-checked until no fix
//! applies), summarized for the site pass; its text kept only as far as a
//! report will show it.

use std::path::{Path, PathBuf};

use super::finish::apply_config;
use super::fix;
use super::plan::page_kind;
use super::suppress::Suppressions;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Span};
use crate::document::Document;
use crate::report::{FileReport, FileText, Fixed};
use crate::rules::{self, FileContext, Sink, Summary};
use crate::site::Site;
use crate::text::paths::display_path;
use crate::text::{KeptLines, Source};

/// A file after the per-file pass: its findings so far, its suppression
/// comments and (when site rules are on) its summary for the site pass.
pub struct Linted {
    pub report: FileReport,
    /// The lines the findings and suppression comments are on, when the
    /// whole text was not kept.
    pub(super) lines: KeptLines,
    pub(super) suppressions: Suppressions,
    pub(super) summary: Option<Box<Summary>>,
    /// The site pass's findings, joined to the file's own when it is
    /// finished (on every core, not on the thread running the site pass).
    pub(super) site_findings: Vec<Diagnostic>,
}

/// Reads, parses and checks one file; with `fix`, applies safe fixes and
/// checks again until none applies. Its text is kept only when it has
/// findings, suppression comments or fixes; the site pass works from the
/// summary.
pub fn lint_file(site: &Site, settings: &Settings, path: PathBuf, fix: bool) -> Linted {
    let display = display_path(&path);
    let bytes = match rules::io::read(&path, settings.max_file_size) {
        Ok(bytes) => bytes,
        Err(diagnostic) => {
            return Linted {
                report: FileReport {
                    display,
                    diagnostics: vec![*diagnostic],
                    path,
                    source: None,
                    fixed: None,
                },
                lines: KeptLines::default(),
                suppressions: Suppressions::default(),
                summary: None,
                site_findings: Vec::new(),
            };
        }
    };
    let mut document = Document::parse(Source::from_bytes(bytes), site.flavor);
    let mut fixed = None;
    if fix && !document.source.is_lossy() {
        let original = document.text().to_string();
        let mut applied = 0;
        for _ in 0..fix::MAX_PASSES {
            let diagnostics = check_file(site, settings, &path, &document);
            let Some((text, count)) = fix::apply(document.text(), &diagnostics) else {
                break;
            };
            applied += count;
            document = Document::parse(Source::from_text(text), site.flavor);
        }
        if applied > 0 {
            fixed = Some(Box::new(Fixed { original, applied }));
        }
    }
    let (diagnostics, suppressions, summary) = run_file_checks(site, settings, &path, &document);
    // Fixed text is written back and a lossy one maps offsets its own way:
    // both are kept whole. Otherwise the lines a report shows are enough,
    // and a site of many files with findings is not held in memory.
    let whole = fixed.is_some() || document.source.is_lossy();
    let mut lines = KeptLines::default();
    if !whole {
        // A report shows every line from a finding's first label to its
        // last one.
        let shown = diagnostics.iter().map(|d| {
            std::iter::once(&d.primary)
                .chain(&d.secondary)
                .fold(d.primary.span, |all, label| Span {
                    start: all.start.min(label.span.start),
                    end: all.end.max(label.span.end),
                })
        });
        for span in shown.chain(suppressions.spans()) {
            lines.keep_span(&document.source, span);
        }
    }
    Linted {
        report: FileReport {
            display,
            path,
            source: whole.then(|| Box::new(FileText::Whole(document.source))),
            diagnostics,
            fixed,
        },
        lines,
        suppressions,
        summary: summary.map(Box::new),
        site_findings: Vec::new(),
    }
}

/// Runs the per-file checks over a parsed document: the raw findings, the
/// file's suppression comments and its summary for the site pass.
pub(super) fn run_file_checks(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
) -> (Vec<Diagnostic>, Suppressions, Option<Summary>) {
    let relative = site.relative(path);
    let content = site.content_path(path);
    let content_path = content.as_ref().map(|(logical, _)| logical.as_str());
    let lang = content.as_ref().and_then(|(_, dir)| dir.lang.as_deref());
    let kind = page_kind(site, settings, &relative, content_path);
    let cx = FileContext {
        site,
        options: &settings.options,
        rules: &settings.rules,
        path,
        relative: &relative,
        content_path,
        lang,
        kind,
    };
    let mut sink = Sink::new(&settings.rules);
    for check in rules::file_checks(&settings.rules) {
        check(&cx, document, &mut sink);
    }
    let mut diagnostics = sink.into_diagnostics();
    // Text that is not the file's bytes (invalid UTF-8 replaced) is never
    // fixed: an edit computed on it could rewrite bytes it never saw.
    if document.source.is_lossy() {
        for diagnostic in &mut diagnostics {
            diagnostic.fix = None;
        }
    }
    let summary = rules::site_checks(&settings.rules)
        .next()
        .is_some()
        .then(|| rules::summarize(&cx, document));
    (diagnostics, Suppressions::collect(document), summary)
}

/// The per-file findings of a parsed document, the configuration applied
/// (site-level rules excepted: they need the site pass).
pub fn check_file(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
) -> Vec<Diagnostic> {
    let (diagnostics, suppressions, _) = run_file_checks(site, settings, path, document);
    apply_config(
        Some(&document.source),
        suppressions,
        settings,
        path,
        diagnostics,
    )
}
