//! Rules about postlint's own suppression comments (PL).

use super::{Family, RuleMeta};
use crate::diagnostic::Severity;

pub static UNUSED: RuleMeta = RuleMeta {
    code: "PL001",
    name: "unused-suppression",
    family: Family::Meta,
    severity: Severity::Info,
    enabled_by_default: true,
    fixable: false,
    summary: "A suppression comment that suppresses nothing, or names no rule",
    doc: include_str!("../../rules/PL001.md"),
};
