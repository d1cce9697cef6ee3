//! GitHub Actions workflow commands: each finding becomes an annotation.
//! Syntax: `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message`
//! with `%`, CR and LF escaped in the message, and `,` and `:` too in values.

use std::io::{self, Write};

use super::location;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::{FileReport, Report};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_per_file(report, out, |file, out| {
        for diagnostic in &file.diagnostics {
            annotate(file, diagnostic, out)?;
        }
        Ok(())
    })
}

fn annotate(file: &FileReport, diagnostic: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
    let (start, end) = location(file.source.as_deref(), diagnostic);
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(
        out,
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&file.display),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&format!(
            "{} {}",
            diagnostic.rule.code, diagnostic.rule.name
        )),
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_workflow_command_syntax() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
