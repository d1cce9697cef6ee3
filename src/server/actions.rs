//! Code actions: each finding's fix as a quick fix, offered only when it
//! leaves the text no worse on its own (`engine::fix_is_safe`, the check
//! `--fix` makes), and every safe fix at once (`source.fixAll.postlint`,
//! what `--fix` writes).

use std::collections::HashMap;

use lsp_types as lsp;

use super::convert::{self, Encoding, LineIndex};
use super::workspace::{Document, SiteState};
use crate::engine;
use crate::text::Source;

pub fn fix_all_kind() -> lsp::CodeActionKind {
    lsp::CodeActionKind::new("source.fixAll.postlint")
}

/// Whether the client asked for actions of `kind` (`only` names kinds or
/// their parents: `source` asks for `source.fixAll.postlint`).
fn wanted(only: Option<&Vec<lsp::CodeActionKind>>, kind: &lsp::CodeActionKind) -> bool {
    let kind = kind.as_str();
    only.is_none_or(|only| {
        only.iter().any(|asked| {
            let asked = asked.as_str();
            kind == asked
                || kind
                    .strip_prefix(asked)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

pub fn code_actions(
    state: &SiteState,
    document: &Document,
    params: &lsp::CodeActionParams,
    encoding: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let (site, settings) = (&state.site, &state.settings);
    let (parsed, findings) = engine::lint_buffer_in(
        site,
        settings,
        &document.path,
        Source::from_text(document.text.clone()),
    );
    let lines = LineIndex::new(parsed.text(), encoding);
    let only = params.context.only.as_ref();
    let mut actions = Vec::new();
    if wanted(only, &lsp::CodeActionKind::QUICKFIX) {
        let asked = lines.span(params.range);
        for finding in &findings {
            let Some(fix) = &finding.fix else {
                continue;
            };
            let at = finding.primary.span;
            let overlaps = at.start <= asked.end && asked.start <= at.end;
            if !overlaps || !engine::fix_is_safe(site, settings, &document.path, &parsed, finding) {
                continue;
            }
            let edits = fix
                .edits
                .iter()
                .map(|edit| lsp::TextEdit::new(lines.range(edit.span), edit.replacement.clone()))
                .collect();
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("{} ({})", fix.message, finding.rule.code),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(finding, &document.uri, &lines)]),
                edit: Some(edit_of(document, edits)),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
    }
    let fixable = findings.iter().any(|finding| finding.fix.is_some());
    if fixable && wanted(only, &fix_all_kind()) {
        let whole = lsp::Range::new(
            lsp::Position::new(0, 0),
            lines.position(document.text.len()),
        );
        let outcome = engine::fix_document(site, settings, &document.path, parsed);
        if outcome.applied > 0 {
            let edit = lsp::TextEdit::new(whole, outcome.document.text().to_string());
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: "Apply every safe postlint fix".to_string(),
                kind: Some(fix_all_kind()),
                edit: Some(edit_of(document, vec![edit])),
                ..Default::default()
            }));
        }
    }
    actions
}

/// Edits to the document as it is now (its version, when the client
/// checks it).
fn edit_of(document: &Document, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(document.uri.clone(), edits)])),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_asked_for_by_themselves_or_their_parents() {
        let asked = |kinds: &[&str]| {
            kinds
                .iter()
                .map(|kind| lsp::CodeActionKind::from(kind.to_string()))
                .collect::<Vec<_>>()
        };
        let fix_all = fix_all_kind();
        assert!(wanted(None, &fix_all));
        assert!(wanted(Some(&asked(&["source"])), &fix_all));
        assert!(wanted(Some(&asked(&["source.fixAll"])), &fix_all));
        assert!(!wanted(Some(&asked(&["source.fix"])), &fix_all));
        assert!(!wanted(Some(&asked(&["quickfix"])), &fix_all));
        assert!(wanted(
            Some(&asked(&["quickfix"])),
            &lsp::CodeActionKind::QUICKFIX
        ));
    }
}
