//! JUnit XML for test dashboards: one test case per file, one failure per
//! finding.

use std::io::{self, Write};

use super::location;
use crate::report::{Listed, Report};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.diagnostics().count();
    let files = report.file_count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="postlint" tests="{files}" failures="{findings}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="postlint" tests="{files}" failures="{findings}" errors="0" skipped="0">"#
    )?;
    for listed in report.listed() {
        let name = escape(listed.display());
        let file = match listed {
            Listed::Reported(file) if !file.diagnostics.is_empty() => file,
            _ => {
                writeln!(
                    out,
                    r#"    <testcase name="{name}" classname="postlint" file="{name}"/>"#
                )?;
                continue;
            }
        };
        writeln!(
            out,
            r#"    <testcase name="{name}" classname="postlint" file="{name}">"#
        )?;
        for d in &file.diagnostics {
            let (start, _) = location(file.source.as_deref(), d);
            let mut body = format!(
                "{}:{}:{}: {} [{}] {}",
                file.display, start.line, start.column, d.rule.code, d.severity, d.message
            );
            if let Some(help) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            writeln!(
                out,
                r#"      <failure type="{}" message="{}: {}">{}</failure>"#,
                escape(d.severity.as_str()),
                escape(d.rule.code),
                escape(&d.message),
                escape(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escapes text for XML 1.0 content and attributes, dropping the characters
/// XML cannot hold at all (NUL and most other control characters).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a<b & \"c\"\0"), "a&lt;b &amp; &quot;c&quot;");
    }
}
