//! `path:line:col: CODE message`, one line per finding.

use std::io::{self, Write};

use super::location;
use crate::report::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_per_file(report, out, |file, out| {
        for diagnostic in &file.diagnostics {
            let (start, _) = location(file.source.as_deref(), diagnostic);
            writeln!(
                out,
                "{}:{}:{}: {} {}",
                file.display, start.line, start.column, diagnostic.rule.code, diagnostic.message
            )?;
        }
        Ok(())
    })
}
