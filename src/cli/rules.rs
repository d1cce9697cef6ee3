//! `postlint rules` and `postlint rule CODE`: the catalogue and a rule's
//! page.

use std::io::{self, Write};

use super::EXIT_CLEAN;
use super::args::{RulesArgs, RulesFormat};
use crate::error::Error;
use crate::rules;
use crate::text::did_you_mean;

pub(super) fn list_rules(args: &RulesArgs) -> Result<u8, Error> {
    let mut out = io::stdout().lock();
    let written = match args.format {
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code,
                        "name": rule.name,
                        "family": rule.family.prefix(),
                        "severity": rule.severity.as_str(),
                        "enabled_by_default": rule.enabled_by_default,
                        "fixable": rule.fixable,
                        "summary": rule.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "rules": rules }))
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out))
        }
        RulesFormat::Table => write!(out, "{}", rules::markdown_table()),
    };
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: err,
        }),
        _ => Ok(EXIT_CLEAN),
    }
}

pub(super) fn show_rule(name: &str) -> Result<u8, Error> {
    let Some(rule) = rules::lookup(name) else {
        let candidates = rules::ALL.iter().flat_map(|rule| [rule.code, rule.name]);
        let hint = did_you_mean(name, candidates)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "unknown rule `{name}`{hint}; `postlint rules` lists them"
        )));
    };
    let mut out = io::stdout().lock();
    let _ = out.write_all(rule.doc.as_bytes());
    Ok(EXIT_CLEAN)
}
