//! LQ005: a Liquid tag nobody defines. Liquid looks every `{% name %}` up
//! among the registered tags (case-sensitive) and fails the build on one
//! it does not find ("Liquid syntax error: Unknown tag 'inlcude'"), in code
//! blocks and spans as anywhere else; only a `{% raw %}` body (never lexed
//! into tags) and the direct body of `{% comment %}` (whose
//! `unknown_tag` ignores it) are spared. Checked against Jekyll 4.3.1 on
//! Liquid 5.4.0; what Jekyll said is in `tests/it/liquid.rs`.
//!
//! When the site loads a plugin whose tags postlint does not know (a gem
//! missing from the table, a `_plugins` file that computes its tag names),
//! an unknown name may be that plugin's: only a near miss of a known tag
//! is reported then, as a warning, and SITE004 says once why.

use std::collections::HashSet;

use super::{KnownTags, UNKNOWN_TAG, code_note, raw_hint, structural, tag_text};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, LiquidTag};
use crate::generator::jekyll::tags::{self as jekyll_tags, TagKind, is_keyword};
use crate::rules::FileContext;
use crate::text::suggest::did_you_mean;

pub(super) fn check(
    cx: &FileContext,
    doc: &Document,
    tags: &[LiquidTag],
    known: &KnownTags,
    findings: &mut Vec<Diagnostic>,
) {
    let mut candidates: Option<Vec<String>> = None;
    // Unknown tags whose end tag follows: a plugin block, reported once at
    // its opening tag and kept open so its body nests.
    let mut ends_later: HashSet<&str> = HashSet::new();
    // Every name opened in the file: an end tag of one of them is LQ001's
    // and LQ002's to judge (they take it as a plugin block's).
    let mut opened: HashSet<&str> = HashSet::new();
    for tag in tags.iter().rev().filter(|tag| structural(tag)) {
        match tag.name.strip_prefix("end") {
            Some(base) => {
                ends_later.insert(base);
            }
            None if ends_later.contains(tag.name.as_str()) => {
                opened.insert(tag.name.as_str());
            }
            None => {}
        }
    }
    let mut unknown_blocks: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = Vec::new();
    for tag in tags.iter().filter(|tag| structural(tag)) {
        let name = tag.name.as_str();
        if stack.last() == Some(&"comment") {
            // A comment's body is parsed for blocks only; other tags in it,
            // unknown ones included, are ignored.
            if name == "endcomment" {
                stack.pop();
            } else if known.is_block(name) {
                stack.push(name);
            }
            continue;
        }
        if is_keyword(name) {
            continue;
        }
        if let Some(base) = name.strip_prefix("end")
            && let Some(at) = stack.iter().rposition(|open| *open == base)
        {
            stack.truncate(at);
            continue;
        }
        match known.kind(name) {
            Some(TagKind::Block) => {
                stack.push(name);
                continue;
            }
            Some(TagKind::Plain) => {
                // Declared without saying it is a block, but its end tag
                // follows: a block, as LQ001 takes it.
                if ends_later.contains(name) && jekyll_tags::builtin(name).is_none() {
                    stack.push(name);
                }
                continue;
            }
            None => {}
        }
        if let Some(base) = name.strip_prefix("end")
            && (known.is_block(base)
                || unknown_blocks.contains(base)
                || opened.contains(base)
                // A plugin's tag may be a block the table calls plain.
                || (known.kind(base).is_some() && jekyll_tags::builtin(base).is_none()))
        {
            // A stray end tag of a block that exists: LQ002's.
            continue;
        }
        let candidates = candidates.get_or_insert_with(|| candidate_names(cx, known));
        if let Some(diagnostic) = unknown(cx, doc, tag, stack.last().copied(), candidates) {
            findings.push(diagnostic);
        }
        if !name.starts_with("end") && ends_later.contains(name) {
            unknown_blocks.insert(name);
            stack.push(name);
        }
    }
}

/// Every tag name the file may use, for did-you-mean: the built-in tags,
/// the branches, the plugins' and the configured tags, and the end tag of
/// each block.
fn candidate_names(cx: &FileContext, known: &KnownTags) -> Vec<String> {
    let mut names: Vec<String> = jekyll_tags::BUILTIN
        .iter()
        .map(|(name, _)| name.to_string())
        .chain(["else", "elsif", "when"].map(String::from))
        .chain(cx.site.plugin_tags().tags.keys().cloned())
        .chain(cx.options.liquid_tags.iter().flatten().cloned())
        .chain(cx.options.liquid_blocks.iter().cloned())
        .collect();
    let ends: Vec<String> = names
        .iter()
        .filter(|name| known.is_block(name))
        .map(|name| format!("end{name}"))
        .collect();
    names.extend(ends);
    names.sort();
    names.dedup();
    // `#` is no name anyone misspells into.
    names.retain(|name| name != "#");
    names
}

/// The closest known name: the same name in another case first (Liquid's
/// lookup is case-sensitive), else a likely typo.
fn suggestion<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .find(|candidate| candidate.eq_ignore_ascii_case(name))
        .map(String::as_str)
        .or_else(|| did_you_mean(name, candidates.iter().map(String::as_str)))
}

fn unknown(
    cx: &FileContext,
    doc: &Document,
    tag: &LiquidTag,
    open: Option<&str>,
    candidates: &[String],
) -> Option<Diagnostic> {
    let name = tag.name.as_str();
    let suggested = suggestion(name, candidates);
    let unknown_plugins = &cx.site.plugin_tags().unknown;
    // A plugin postlint cannot read may define the name: only a near miss
    // of a known tag is likely enough a typo to report, as a warning.
    let cautious = !unknown_plugins.is_empty() && cx.options.liquid_tags.is_none();
    if cautious && suggested.is_none() {
        return None;
    }
    let jekyll = match open {
        Some(block) if name.starts_with("end") => {
            format!("'{name}' is not a valid delimiter for {block} tags. use end{block}")
        }
        _ => format!("Unknown tag '{name}'"),
    };
    // A known plugin's tag in a site that does not load the plugin.
    let plugin = jekyll_tags::PLUGINS
        .iter()
        .find(|plugin| plugin.tags.iter().any(|(tag, _)| *tag == name));
    let label = match suggested {
        Some(known) if known.eq_ignore_ascii_case(name) => {
            format!("did you mean `{known}`? Tag names are case-sensitive")
        }
        Some(known) => format!("did you mean `{known}`?"),
        None if plugin.is_some() => "a tag of a plugin the site does not load".to_string(),
        None => "no such tag".to_string(),
    };
    let declare = "if a plugin defines it, declare it under `[liquid] tags` (or `blocks`, for a tag with an end tag) in postlint.toml";
    let fix = match (plugin, suggested) {
        (Some(plugin), _) => format!(
            "`{name}` is the tag of the plugin {gem}, which the site does not load: add `{gem}` to `plugins:` in `_config.yml` (and to the Gemfile)",
            gem = plugin.gem
        ),
        (None, Some(known)) => format!("write `{known}`; {declare}"),
        (None, None) => format!(
            "fix the name, or wrap literal Liquid in `{{% raw %}}` … `{{% endraw %}}`; {declare}"
        ),
    };
    let mut diagnostic = Diagnostic::new(
        &UNKNOWN_TAG,
        tag.name_span,
        format!(
            "{} is not a tag Liquid, Jekyll or the site's plugins define{}",
            tag_text(doc, tag),
            code_note(tag)
        ),
    )
    .label(label);
    let consequence = if cautious {
        diagnostic = diagnostic.severity(Severity::Warning);
        let names: Vec<String> = unknown_plugins
            .iter()
            .take(3)
            .map(|plugin| format!("`{}`", plugin.name))
            .collect();
        format!(
            "if it is a typo, Jekyll fails the build: \"Liquid syntax error: {jekyll}\" (a warning, not an error: the site loads {}, whose tags postlint does not know; see SITE004)",
            names.join(", ")
        )
    } else {
        format!("Jekyll fails the build: \"Liquid syntax error: {jekyll}\"")
    };
    Some(diagnostic.help(format!("{fix}; {consequence}{}", raw_hint(tag))))
}
