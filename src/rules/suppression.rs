//! Rules about postlint's own suppression comments (PL).

use crate::rules::{Runs, declare_check};

declare_check! {
    /// Reported by the engine when it applies suppression comments.
    pub static CHECK = Runs::Engine;

    pub static UNUSED = "PL001" "unused-suppression" {
        severity: Info,
        summary: "A suppression comment that suppresses nothing, or names no rule",
    }
}
