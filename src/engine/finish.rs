//! The tail every finding goes through, per-file and site-level alike:
//! suppression comments, per-file ignores, severity overrides, order; and
//! the text a file's report keeps.

use std::path::Path;

use super::file::Linted;
use super::site_pass::append_exactly;
use super::suppress::Suppressions;
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::report::{FileReport, FileText};
use crate::text::Source;

/// The tail every finding goes through, per-file and site-level alike:
/// suppression comments, per-file ignores, severity overrides, order.
pub(super) fn finish_file(linted: Linted, settings: &Settings) -> FileReport {
    let Linted {
        mut report,
        mut lines,
        suppressions,
        summary,
        site_findings,
    } = linted;
    let mut diagnostics = std::mem::take(&mut report.diagnostics);
    append_exactly(&mut diagnostics, site_findings);
    if diagnostics.is_empty() && suppressions.is_empty() {
        if report.fixed.is_none() {
            report.source = None;
        }
        return report;
    }
    if let Some(text) = report.source.take() {
        let diagnostics = apply_config(
            text.whole(),
            suppressions,
            settings,
            &report.path,
            diagnostics,
        );
        if !diagnostics.is_empty() || report.fixed.is_some() {
            report.source = Some(text);
        }
        report.diagnostics = diagnostics;
        return report;
    }
    // The lines per-file findings point at, and those the summary kept
    // for site-level ones, rebuilt at their offsets for the suppressions;
    // the report keeps the lines alone when they read the same.
    if let Some(summary) = summary {
        lines.merge(summary.kept);
    }
    // An unreadable file has no lines to show. Suppression comments need
    // the rebuilt text's line numbers; without them the text is built only
    // when the kept lines cannot answer for it.
    let mut rebuilt = (!lines.is_empty() && !suppressions.is_empty()).then(|| lines.to_source());
    let diagnostics = apply_config(
        rebuilt.as_ref(),
        suppressions,
        settings,
        &report.path,
        diagnostics,
    );
    report.source = if diagnostics.is_empty() || lines.is_empty() {
        None
    } else if lines.covers(&diagnostics)
        || lines.answers_like(
            rebuilt.get_or_insert_with(|| lines.to_source()),
            &diagnostics,
        )
    {
        lines.shrink_to_fit();
        Some(Box::new(FileText::Kept(lines)))
    } else {
        rebuilt.map(|rebuilt| Box::new(FileText::Whole(rebuilt)))
    };
    report.diagnostics = diagnostics;
    report
}

/// Applies suppressions, per-file ignores and severity overrides, and sorts;
/// what remains is held until the report is written, so without the room
/// a vector grows into (four findings for a file's first).
pub(super) fn apply_config(
    source: Option<&Source>,
    suppressions: Suppressions,
    settings: &Settings,
    path: &Path,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if let Some(source) = source {
        suppressions.apply(source, settings, &mut diagnostics);
    }
    let ignored = settings.ignored_for(path);
    diagnostics.retain(|d| !ignored.contains(&d.rule));
    for diagnostic in &mut diagnostics {
        if let Some(severity) = settings.rules.severity_override(diagnostic.rule) {
            diagnostic.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.primary.span.start, a.rule.code).cmp(&(b.primary.span.start, b.rule.code))
    });
    diagnostics.shrink_to_fit();
    diagnostics
}
