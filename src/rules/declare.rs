//! `declare_check!`: a check and the rules it reports, each rule declared
//! once. The declaration is the rule's code, name, default severity, whether
//! it is on by default and fixable, and its summary; its family comes from
//! the code's prefix and its page (`rules/CODE.md`) is embedded by code.
//! The check lists exactly the rules declared with it, so a rule cannot be
//! in the catalogue without a check that reports it.
//!
//! ```ignore
//! declare_check! {
//!     /// What the check looks at.
//!     pub static CHECK = Runs::EachFile(check);
//!
//!     /// Why the rule exists (shown nowhere; the page says it to users).
//!     pub static HEADING_SKIP = "HD002" "heading-skip" {
//!         severity: Warning,
//!         summary: "A heading level that jumps by more than one (`#` then `###`)",
//!     }
//! }
//! ```
//!
//! Optional, between `severity` and `summary`: `fixable: true` (the rule
//! offers a fix `--fix` may apply) and `enabled_by_default: false` (the
//! rule runs only when selected).

/// Declares a check (`Check`) and the rules it reports (`RuleMeta`s).
macro_rules! declare_check {
    (
        $(#[$check_attr:meta])*
        $check_vis:vis static $check:ident = $runs:expr;
        $(
            $(#[$attr:meta])*
            $vis:vis static $rule:ident = $code:literal $name:literal {
                severity: $severity:ident,
                $(fixable: $fixable:literal,)?
                $(enabled_by_default: $on:literal,)?
                summary: $summary:literal $(,)?
            }
        )+
    ) => {
        $(
            $(#[$attr])*
            $vis static $rule: $crate::diagnostic::RuleMeta = $crate::diagnostic::RuleMeta {
                code: $code,
                name: $name,
                family: $crate::diagnostic::Family::of_code($code),
                severity: $crate::diagnostic::Severity::$severity,
                enabled_by_default: {
                    #[allow(unused_mut, unused_assignments)]
                    let mut on = true;
                    $(on = $on;)?
                    on
                },
                fixable: {
                    #[allow(unused_mut, unused_assignments)]
                    let mut fixable = false;
                    $(fixable = $fixable;)?
                    fixable
                },
                summary: $summary,
                doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $code, ".md")),
            };
        )+

        $(#[$check_attr])*
        $check_vis static $check: $crate::rules::Check = $crate::rules::Check {
            rules: &[$(&$rule),+],
            runs: $runs,
        };
    };
}

pub(crate) use declare_check;
