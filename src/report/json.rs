//! The JSON contract (version 1): see the README's "JSON output" section.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::location;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::{FileReport, Report};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let finding = |file: &FileReport, d: &Diagnostic| {
        let (start, end) = location(file.source.as_deref(), d);
        let fix = d.fix.as_ref().map_or(Value::Null, |fix| {
            json!({
                "message": fix.message,
                "edits": fix.edits.iter().map(|edit| json!({
                    "start": edit.span.start,
                    "end": edit.span.end,
                    "replacement": edit.replacement,
                })).collect::<Vec<_>>(),
            })
        });
        json!({
            "path": file.display,
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "code": d.rule.code,
            "rule": d.rule.name,
            "severity": d.severity.as_str(),
            "message": d.message,
            "help": d.help,
            "fix": fix,
        })
    };
    let document = json!({
        "version": 1,
        "diagnostics": super::FINDINGS,
        "summary": {
            "files": report.file_count(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "fixable": report.diagnostics().filter(|(_, d)| d.fix.is_some()).count(),
        },
    });
    super::write_json_with_findings(&document, report, out, finding)
}
