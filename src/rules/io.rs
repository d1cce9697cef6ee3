//! IO rules: files that could not be read at all.

use std::io;

use super::{Family, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity, Span};

pub static UNREADABLE: RuleMeta = RuleMeta {
    code: "IO001",
    name: "unreadable-file",
    family: Family::Io,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A file or folder that cannot be read; the rest is still linted",
    doc: include_str!("../../rules/IO001.md"),
};

/// The finding for a path that could not be read.
pub fn unreadable(err: &io::Error, is_dir: bool) -> Diagnostic {
    let what = if is_dir { "folder" } else { "file" };
    let reason = match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "it no longer exists".to_string(),
        _ => err.to_string(),
    };
    Diagnostic::new(
        &UNREADABLE,
        Span::empty(0),
        format!("cannot read this {what}: {reason}"),
    )
    .help(format!(
        "nothing in this {what} was linted; fix its permissions or remove it from the site"
    ))
}
