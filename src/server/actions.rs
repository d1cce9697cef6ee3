//! Code actions: each finding's fix as a quick fix, offered only when it
//! leaves the text no worse on its own (`engine::fix_is_safe`, the check
//! `--fix` makes), and every safe fix at once (`source.fixAll.postlint`,
//! what `--fix` writes).

use std::collections::HashMap;

use lsp_types as lsp;

use super::convert::{self, Encoding, LineIndex};
use super::workspace::{Document, Linted};
use crate::diagnostic::Diagnostic;
use crate::document::Document as Parsed;
use crate::document::markdown::CodeKind;
use crate::engine;

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

/// The actions for `params.range` of `document`, linted as `linted`.
pub fn code_actions(
    linted: Linted,
    document: &Document,
    params: &lsp::CodeActionParams,
    encoding: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let Linted {
        state,
        parsed,
        findings,
        ..
    } = linted;
    let (site, settings) = (&state.site, &state.settings);
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
    if wanted(only, &lsp::CodeActionKind::QUICKFIX) {
        let asked = lines.span(params.range);
        let mut offered: Vec<&str> = Vec::new();
        for finding in &findings {
            let at = finding.primary.span;
            let overlaps = at.start <= asked.end && asked.start <= at.end;
            if overlaps && !offered.contains(&finding.rule.code) {
                offered.push(finding.rule.code);
                actions.push(lsp::CodeActionOrCommand::CodeAction(disable(
                    document, &parsed, finding, &lines,
                )));
            }
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

/// "Disable CODE for this line": a `postlint-disable-next-line` comment on
/// its own line above the finding's line, where an HTML comment starts a
/// block of its own and changes nothing around it (the line above is
/// blank, or the body starts there); elsewhere — in front matter, in a
/// code block, inside a paragraph, which the comment would split — "for
/// this file": a `postlint-disable-file` comment where the body starts.
fn disable(
    document: &Document,
    parsed: &Parsed,
    finding: &Diagnostic,
    lines: &LineIndex,
) -> lsp::CodeAction {
    let text = parsed.text();
    let offset = finding.primary.span.start.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let above_blank = text[..line_start.saturating_sub(1)]
        .rsplit('\n')
        .next()
        .is_some_and(|above| above.trim().is_empty());
    let in_code = parsed.markdown.code.iter().any(|code| {
        code.kind != CodeKind::Inline && code.span.start <= offset && offset < code.span.end
    });
    let starts_block =
        line_start >= parsed.body_start && (line_start == parsed.body_start || above_blank);
    let code = finding.rule.code;
    let (title, at, comment) = if starts_block && !in_code {
        let indent: String = text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        (
            format!("Disable {code} for this line"),
            line_start,
            format!("{indent}<!-- postlint-disable-next-line {code} -->\n"),
        )
    } else {
        let at = parsed.body_start.min(text.len());
        // Front matter that closes at the end of the file, without a line
        // break: the comment goes on a line of its own after it.
        let newline = if text[..at].ends_with('\n') || at == 0 {
            ""
        } else {
            "\n"
        };
        (
            format!("Disable {code} for this file"),
            at,
            format!("{newline}<!-- postlint-disable-file {code} -->\n"),
        )
    };
    let position = lines.position(at);
    let edit = lsp::TextEdit::new(lsp::Range::new(position, position), comment);
    lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(finding, &document.uri, lines)]),
        edit: Some(edit_of(document, vec![edit])),
        ..Default::default()
    }
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
