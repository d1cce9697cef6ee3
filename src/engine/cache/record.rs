//! What the cache keeps of one linted file, and the way back to a `Linted`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::super::file::Linted;
use super::super::suppress::Suppressions;
use crate::diagnostic::{Diagnostic, Fix, Label, Severity};
use crate::report::FileReport;
use crate::rules::{self, Summary};
use crate::site::reads::{Reads, Stamp};
use crate::text::KeptLines;
use crate::text::paths::display_path;

/// How the cache recognises the file and knows what its findings depend
/// on; read for every file before its record is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Head {
    /// The file's stamp, taken before it was read.
    pub(super) stamp: Stamp,
    /// xxh3-128 of the bytes linted.
    pub(super) hash: u128,
    /// When the stamp was taken (nanoseconds since the epoch): a stamp
    /// whose times are not clearly before it may hide a later change of
    /// the same size within the file system's clock tick (see
    /// `Cache::trusted`).
    pub(super) taken: i128,
    pub(super) reads: Reads,
    /// Whether a finding offers a fix (`--fix` lints such a file again).
    pub(super) fixable: bool,
}

/// A linted file's per-file findings (before suppressions and the
/// configuration: those are applied with the site pass's findings), its
/// suppression comments, the lines a report shows and its summary.
#[derive(Serialize, Deserialize)]
pub(super) struct Record {
    diagnostics: Vec<StoredDiagnostic>,
    lines: KeptLines,
    suppressions: Suppressions,
    summary: Option<Summary>,
}

/// A finding with its rule by code.
#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    code: String,
    severity: Severity,
    message: String,
    primary: Label,
    secondary: Vec<Label>,
    help: Option<String>,
    fix: Option<Box<Fix>>,
}

/// `Record` as written from a `Linted` without copying it (the same
/// encoding, field for field).
#[derive(Serialize)]
struct RecordRef<'a> {
    diagnostics: Vec<StoredDiagnosticRef<'a>>,
    lines: &'a KeptLines,
    suppressions: &'a Suppressions,
    summary: Option<&'a Summary>,
}

#[derive(Serialize)]
struct StoredDiagnosticRef<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    primary: &'a Label,
    secondary: &'a [Label],
    help: Option<&'a str>,
    fix: Option<&'a Fix>,
}

impl Record {
    /// The encoded record of `linted`, when it can be kept: not when the
    /// run changed or kept its text (fixes, text that is not UTF-8) or said
    /// something about it besides findings.
    pub(super) fn encode(linted: &Linted) -> Option<Vec<u8>> {
        let report = &linted.report;
        if report.source.is_some() || report.fixed.is_some() || !report.notes.is_empty() {
            return None;
        }
        let record = RecordRef {
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| StoredDiagnosticRef {
                    code: d.rule.code,
                    severity: d.severity,
                    message: &d.message,
                    primary: &d.primary,
                    secondary: &d.secondary,
                    help: d.help.as_deref(),
                    fix: d.fix.as_deref(),
                })
                .collect(),
            lines: &linted.lines,
            suppressions: &linted.suppressions,
            summary: linted.summary.as_deref(),
        };
        postcard::to_allocvec(&record).ok()
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Record> {
        postcard::from_bytes(bytes).ok()
    }

    /// The file as linted, or `None` when a finding's rule is not one of
    /// this build's.
    pub(super) fn into_linted(self, path: PathBuf) -> Option<Linted> {
        let diagnostics = self
            .diagnostics
            .into_iter()
            .map(|d| {
                Some(Diagnostic {
                    rule: rules::by_code(&d.code)?,
                    severity: d.severity,
                    message: d.message,
                    primary: d.primary,
                    secondary: d.secondary,
                    help: d.help.map(Into::into),
                    fix: d.fix,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Linted {
            report: FileReport {
                display: display_path(&path),
                path,
                source: None,
                diagnostics,
                fixed: None,
                notes: Vec::new(),
            },
            lines: self.lines,
            suppressions: self.suppressions,
            summary: self.summary.map(Box::new),
            site_findings: Vec::new(),
        })
    }
}
