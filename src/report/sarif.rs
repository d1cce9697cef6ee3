//! SARIF 2.1.0 for code scanning: every rule in `tool.driver.rules` with its
//! descriptions and its page as Markdown help; results with regions.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::FileText;
use super::location;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::report::{FileReport, Report};
use crate::rules;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first paragraph of a rule page's "What it checks" section.
fn full_description(doc: &str) -> String {
    doc.split("## What it checks")
        .nth(1)
        .and_then(|rest| rest.trim_start().split("\n\n").next())
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn region(source: Option<&FileText>, label: &Label) -> Value {
    let (start, end) = match source {
        Some(source) => (
            source.line_col(label.span.start),
            source.line_col(label.span.end),
        ),
        None => return json!({ "startLine": 1, "startColumn": 1 }),
    };
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let driver_rules: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": full_description(rule.doc) },
                "help": { "text": rule.summary, "markdown": rule.doc },
                "defaultConfiguration": {
                    "level": level(rule.severity),
                    "enabled": rule.enabled_by_default,
                },
                "properties": { "tags": [rule.family.name()] },
            })
        })
        .collect();
    let result = |file: &FileReport, d: &Diagnostic| {
        let source = file.source.as_deref();
        let rule_index = rules::ALL.iter().position(|rule| rule.code == d.rule.code);
        let (start, _) = location(source, d);
        let artifact = json!({ "uri": file.display, "uriBaseId": "%SRCROOT%" });
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let mut result = json!({
            "ruleId": d.rule.code,
            "level": level(d.severity),
            "message": { "text": message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": region(source, &d.primary),
                }
            }],
            "partialFingerprints": {
                "postlint/v1": format!("{}:{}:{}", d.rule.code, file.display, start.line),
            },
        });
        if let Some(index) = rule_index {
            result["ruleIndex"] = json!(index);
        }
        if !d.secondary.is_empty() {
            result["relatedLocations"] = d
                .secondary
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    json!({
                        "id": id,
                        "message": { "text": label.message },
                        "physicalLocation": {
                            "artifactLocation": artifact,
                            "region": region(source, label),
                        },
                    })
                })
                .collect();
        }
        if let (Some(fix), Some(source)) = (&d.fix, source) {
            result["fixes"] = json!([{
                "description": { "text": fix.message },
                "artifactChanges": [{
                    "artifactLocation": artifact,
                    "replacements": fix.edits.iter().map(|edit| json!({
                        "deletedRegion": region(Some(source), &Label::new(edit.span, "")),
                        "insertedContent": { "text": edit.replacement },
                    })).collect::<Vec<_>>(),
                }],
            }]);
        }
        result
    };
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "postlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/postlint/postlint",
                    "rules": driver_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "uri": "./" } },
            "results": super::FINDINGS,
        }],
    });
    super::write_json_with_findings(&document, report, out, result)
}
