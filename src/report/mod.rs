//! The report model (`model`) and the reporters: one per output format,
//! all reading the same `Report`.

mod concise;
mod full;
mod github;
mod json;
mod junit;
mod model;
mod sarif;
mod text;

use std::io::{self, Write};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::LineCol;

pub use model::{Clean, FileReport, Fixed, Listed, Report};
pub use text::FileText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich, annotated source excerpts (for people).
    Full,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// The stable JSON document described in the README.
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for test dashboards.
    Junit,
}

impl Format {
    /// Machine formats print only their document on stdout.
    pub fn is_machine(self) -> bool {
        !matches!(self, Format::Full)
    }

    /// Whether the format lists the clean files too (a JUnit test case per
    /// file), so the run must keep their names.
    pub fn lists_clean_files(self) -> bool {
        matches!(self, Format::Junit)
    }
}

/// How the human report looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

pub fn render(
    format: Format,
    report: &Report,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::render(report, style, out),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
    }
}

/// Renders each reported file on every core and hands the parts to `write`
/// in the files' order: a report of tens of thousands of findings took as
/// long to render on one thread as the whole lint. Files go a batch at a
/// time, the next batch rendered while this thread writes the last one, so
/// at most two batches' output is held.
fn in_file_order<T: Send>(
    report: &Report,
    render: impl Fn(&FileReport) -> T + Sync,
    mut write: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    const BATCH: usize = 256;
    let render_batch = |files: &[FileReport]| -> Vec<T> { files.par_iter().map(&render).collect() };
    let mut batches = report.files.chunks(BATCH);
    let mut parts = batches.next().map(render_batch).unwrap_or_default();
    loop {
        let next = batches.next();
        let mut rendered = None;
        let written = rayon::in_place_scope(|scope| {
            if let Some(files) = next {
                scope.spawn(|_| rendered = Some(render_batch(files)));
            }
            parts.drain(..).try_for_each(&mut write)
        });
        written?;
        match rendered {
            Some(more) => parts = more,
            None => return Ok(()),
        }
    }
}

/// Writes what `render` gives for each reported file, in the files' order.
fn write_per_file(
    report: &Report,
    out: &mut dyn Write,
    render: impl Fn(&FileReport, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    in_file_order(
        report,
        |file| {
            let mut part = Vec::new();
            render(file, &mut part).map(|()| part)
        },
        |part| out.write_all(&part?),
    )
}

/// Stands in a machine format's document for its array of findings.
const FINDINGS: &str = "\u{0}postlint:findings\u{0}";

/// Writes `document` as `serde_json::to_writer_pretty` does, with the
/// array of every finding (as `value` gives each) where the `FINDINGS`
/// string stands. The findings are built and serialized file by file on
/// every core (`in_file_order`): never all held as JSON values at once (a
/// value per finding is several times the finding's own size).
fn write_json_with_findings(
    document: &serde_json::Value,
    report: &Report,
    out: &mut dyn Write,
    value: impl Fn(&FileReport, &Diagnostic) -> serde_json::Value + Sync,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(document)?;
    let marker = serde_json::to_string(FINDINGS)?;
    let Some(at) = text.find(&marker) else {
        return Err(io::Error::other(
            "the document has no place for its findings",
        ));
    };
    // The array's items sit two spaces deeper than the line that holds it
    // (JSON strings hold no raw line breaks, so indenting lines is exact).
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..];
    let indent = line.len() - line.trim_start_matches(' ').len();
    let inner = format!("\n{}", " ".repeat(indent + 2));
    out.write_all(&text.as_bytes()[..at])?;
    let mut first = true;
    in_file_order(
        report,
        |file| -> serde_json::Result<Vec<String>> {
            file.diagnostics
                .iter()
                .map(|diagnostic| {
                    let item = serde_json::to_string_pretty(&value(file, diagnostic))?;
                    Ok(item.replace('\n', &inner))
                })
                .collect()
        },
        |part| {
            for item in part? {
                out.write_all(if first { b"[" } else { b"," })?;
                out.write_all(inner.as_bytes())?;
                out.write_all(item.as_bytes())?;
                first = false;
            }
            Ok(())
        },
    )?;
    if first {
        out.write_all(b"[]")?;
    } else {
        out.write_all(&inner.as_bytes()[..inner.len() - 2])?;
        out.write_all(b"]")?;
    }
    out.write_all(&text.as_bytes()[at + marker.len()..])?;
    writeln!(out)
}

/// "Found 3 errors and 1 warning in 2 of 12 files."
pub fn summary(report: &Report) -> String {
    let files = report.file_count();
    let noun = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
    ] {
        let n = report.count(severity);
        if n > 0 {
            parts.push(noun(n, one, many));
        }
    }
    if parts.is_empty() {
        return format!("No problems found in {}.", noun(files, "file", "files"));
    }
    let with_findings = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .count();
    let listed = match parts.len() {
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts.join(", "))
        }
    };
    let fixable = report
        .diagnostics()
        .filter(|(_, d)| d.fix.is_some())
        .count();
    let fix_note = if fixable > 0 {
        format!(
            " {} fixable with `--fix`.",
            noun(fixable, "finding is", "findings are")
        )
    } else {
        String::new()
    };
    format!(
        "Found {listed} in {with_findings} of {}.{fix_note}",
        noun(files, "file", "files")
    )
}

/// Findings per rule, most frequent first (`--statistics`).
pub fn statistics(report: &Report) -> String {
    let mut counts: Vec<(&'static str, &'static str, usize, bool)> = Vec::new();
    for (_, d) in report.diagnostics() {
        match counts.iter_mut().find(|(code, ..)| *code == d.rule.code) {
            Some(entry) => {
                entry.2 += 1;
                entry.3 |= d.fix.is_some();
            }
            None => counts.push((d.rule.code, d.rule.name, 1, d.fix.is_some())),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let width = counts
        .iter()
        .map(|(_, _, n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    counts
        .iter()
        .map(|(code, name, n, fixable)| {
            let fix = if *fixable { " [*]" } else { "" };
            format!("{n:>width$}\t{code:<7}\t{name}{fix}\n")
        })
        .collect()
}

/// The start and end (exclusive) line/column of a finding.
pub fn location(source: Option<&FileText>, diagnostic: &Diagnostic) -> (LineCol, LineCol) {
    match source {
        Some(source) => (
            source.line_col(diagnostic.primary.span.start),
            source.line_col(diagnostic.primary.span.end),
        ),
        None => {
            let start = LineCol { line: 1, column: 1 };
            (start, start)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    /// The findings written in place of the marker read exactly as the
    /// document holding them would, at any depth, with none, one file or
    /// many (more than a batch).
    #[test]
    fn findings_are_written_as_serde_would_write_them() {
        let file = |n: usize, findings: usize| FileReport {
            path: PathBuf::from(format!("f{n}.md")),
            display: format!("f{n}.md"),
            source: None,
            diagnostics: (0..findings)
                .map(|i| {
                    Diagnostic::new(
                        &crate::rules::site::duplicate_url::DUPLICATE_URL,
                        crate::diagnostic::Span::new(i, i + 1),
                        format!("finding {i} of \"f{n}\"\nsecond line"),
                    )
                })
                .collect(),
            fixed: None,
            notes: Vec::new(),
        };
        let value = |file: &FileReport, d: &Diagnostic| json!({ "path": file.display, "message": d.message, "at": [d.primary.span.start, {}] });
        for files in [
            vec![],
            vec![file(0, 0)],
            vec![file(1, 3)],
            (0..600).map(|n| file(n, n % 3)).collect(),
        ] {
            let report = Report {
                files,
                ..Report::default()
            };
            let items: Vec<serde_json::Value> = report
                .diagnostics()
                .map(|(file, d)| value(file, d))
                .collect();
            for (with_marker, expected) in [
                (
                    json!({ "a": 1, "list": FINDINGS, "z": { "b": [] } }),
                    json!({ "a": 1, "list": items, "z": { "b": [] } }),
                ),
                (
                    json!({ "runs": [{ "tool": "x", "results": FINDINGS }] }),
                    json!({ "runs": [{ "tool": "x", "results": items }] }),
                ),
            ] {
                let mut written = Vec::new();
                write_json_with_findings(&with_marker, &report, &mut written, value).unwrap();
                let expected = serde_json::to_string_pretty(&expected).unwrap() + "\n";
                assert_eq!(String::from_utf8(written).unwrap(), expected);
            }
        }
    }
}
