//! Inline suppressions: HTML comments in the body and the `postlint` front
//! matter key. A suppression that suppresses nothing is itself reported
//! (PL001, like ruff's unused-noqa), so stale ones do not pile up.
//!
//! ```markdown
//! <!-- postlint-disable-next-line IMG001 -->
//! <!-- postlint-disable IMG001 IMG004 --> … <!-- postlint-enable IMG001 IMG004 -->
//! <!-- postlint-disable-file -->
//! <!-- markdownlint-disable MD045 -->   (honoured for IMG001)
//! ```
//! and in front matter: `postlint: {ignore: [IMG004]}`.

use std::collections::HashMap;

use memchr::memmem;

use crate::config::Settings;
use crate::diagnostic::RuleMeta;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::Document;
use crate::rules;
use crate::rules::suppression::UNUSED;
use crate::text::Source;

/// Which rules a directive names; `All` when it names none.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "CodesByName", into = "CodesByName")]
enum Codes {
    All,
    Some(Vec<(&'static RuleMeta, Span)>),
}

/// `Codes` with each rule by its code, as the cache keeps it; a code that
/// names no rule of this build makes the entry unusable.
#[derive(serde::Serialize, serde::Deserialize)]
enum CodesByName {
    All,
    Some(Vec<(String, Span)>),
}

impl From<Codes> for CodesByName {
    fn from(codes: Codes) -> Self {
        match codes {
            Codes::All => CodesByName::All,
            Codes::Some(rules) => CodesByName::Some(
                rules
                    .into_iter()
                    .map(|(rule, span)| (rule.code.to_string(), span))
                    .collect(),
            ),
        }
    }
}

impl TryFrom<CodesByName> for Codes {
    type Error = String;

    fn try_from(codes: CodesByName) -> Result<Self, String> {
        match codes {
            CodesByName::All => Ok(Codes::All),
            CodesByName::Some(rules) => rules
                .into_iter()
                .map(|(code, span)| {
                    rules::by_code(&code)
                        .map(|rule| (rule, span))
                        .ok_or_else(|| format!("no rule {code}"))
                })
                .collect::<Result<_, _>>()
                .map(Codes::Some),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Scope {
    /// From the directive's line to the matching enable (or the end).
    Range {
        start_line: usize,
    },
    NextLine {
        line: usize,
    },
    File,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Directive {
    span: Span,
    scope: Scope,
    codes: Codes,
    /// Where the range ends (exclusive line), for `Scope::Range`.
    end_line: usize,
    /// markdownlint's comments are also for markdownlint: never reported as unused.
    foreign: bool,
    /// How many findings each listed rule (or the directive as a whole) suppressed.
    used: Vec<usize>,
}

impl Directive {
    /// The 0-based lines it covers, `[from, to)`.
    fn lines(&self) -> (usize, usize) {
        match self.scope {
            Scope::File => (0, usize::MAX),
            Scope::NextLine { line } => (line, line.saturating_add(1)),
            Scope::Range { start_line } => (start_line, self.end_line.max(start_line)),
        }
    }
}

/// Line intervals sorted and merged where they overlap or touch.
fn merged(mut intervals: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    intervals.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(intervals.len());
    for (from, to) in intervals {
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

/// Whether merged `intervals` hold `line`.
fn covers(intervals: &[(usize, usize)], line: usize) -> bool {
    let after = intervals.partition_point(|&(from, _)| from <= line);
    after > 0 && line < intervals[after - 1].1
}

/// A code written in a directive that names no rule.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Unknown {
    text: String,
    span: Span,
}

/// A file's suppression comments, collected once from its `Document` and
/// applied after every finding of the file is known (per-file and
/// site-level ones alike).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Suppressions {
    directives: Vec<Directive>,
    unknown: Vec<Unknown>,
}

impl Suppressions {
    pub fn collect(doc: &Document) -> Suppressions {
        let (directives, unknown) = collect(doc);
        Suppressions {
            directives,
            unknown,
        }
    }

    /// Whether the file has no suppression comment at all.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.unknown.is_empty()
    }

    /// Where the comments are (an unused one is reported there).
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.directives
            .iter()
            .map(|d| d.span)
            .chain(self.unknown.iter().map(|u| u.span))
    }

    /// Drops suppressed findings and reports suppressions that suppressed
    /// nothing. `source` maps offsets to lines.
    pub fn apply(self, source: &Source, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
        let Suppressions {
            mut directives,
            unknown,
        } = self;
        if directives.is_empty() && unknown.is_empty() {
            return;
        }
        apply_directives(source, settings, &mut directives, unknown, diagnostics);
    }
}

/// Drops suppressed findings and reports suppressions that suppressed nothing.
pub fn apply(doc: &Document, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    Suppressions::collect(doc).apply(&doc.source, settings, diagnostics);
}

fn apply_directives(
    source: &Source,
    settings: &Settings,
    directives: &mut [Directive],
    unknown: Vec<Unknown>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Findings and directives meet through sorted lines and merged line
    // intervals, so that thousands of each never cost their product.
    let suppressible = |d: &Diagnostic| d.rule.code != rules::io::UNREADABLE.code;
    let mut lines_of_rule: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut all_lines: Vec<usize> = Vec::new();
    for diagnostic in diagnostics.iter().filter(|d| suppressible(d)) {
        let line = source.line_index(diagnostic.primary.span.start);
        lines_of_rule
            .entry(diagnostic.rule.code)
            .or_default()
            .push(line);
        all_lines.push(line);
    }
    all_lines.sort_unstable();
    for lines in lines_of_rule.values_mut() {
        lines.sort_unstable();
    }
    let in_lines = |lines: &[usize], (from, to): (usize, usize)| {
        lines.partition_point(|&l| l < to) - lines.partition_point(|&l| l < from)
    };
    let mut covered_for_rule: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut covered_for_all: Vec<(usize, usize)> = Vec::new();
    for directive in directives.iter_mut() {
        let lines = directive.lines();
        match &directive.codes {
            Codes::All => {
                directive.used[0] = in_lines(&all_lines, lines);
                covered_for_all.push(lines);
            }
            Codes::Some(codes) => {
                for (used, (rule, _)) in directive.used.iter_mut().zip(codes) {
                    let found = lines_of_rule.get(rule.code).map_or(&[][..], Vec::as_slice);
                    *used = in_lines(found, lines);
                    covered_for_rule.entry(rule.code).or_default().push(lines);
                }
            }
        }
    }
    let covered_for_all = merged(covered_for_all);
    let covered_for_rule: HashMap<&str, Vec<(usize, usize)>> = covered_for_rule
        .into_iter()
        .map(|(code, lines)| (code, merged(lines)))
        .collect();
    diagnostics.retain(|diagnostic| {
        if !suppressible(diagnostic) {
            return true;
        }
        let line = source.line_index(diagnostic.primary.span.start);
        let for_rule = covered_for_rule
            .get(diagnostic.rule.code)
            .map_or(&[][..], Vec::as_slice);
        !(covers(&covered_for_all, line) || covers(for_rule, line))
    });
    if !settings.rules.is_enabled(&UNUSED) {
        return;
    }
    for directive in directives.iter().filter(|d| !d.foreign) {
        match &directive.codes {
            Codes::All if directive.used[0] == 0 => diagnostics.push(
                Diagnostic::new(
                    &UNUSED,
                    directive.span,
                    "this suppression suppresses nothing",
                )
                .label("nothing to suppress here")
                .help("remove the comment, or name the rule it is meant for"),
            ),
            Codes::All => {}
            Codes::Some(codes) => {
                for ((rule, span), used) in codes.iter().zip(&directive.used) {
                    if *used == 0 && settings.rules.is_enabled(rule) {
                        diagnostics.push(
                            Diagnostic::new(
                                &UNUSED,
                                *span,
                                format!(
                                    "the suppression of {} ({}) suppresses nothing",
                                    rule.code, rule.name
                                ),
                            )
                            .label("unused")
                            .help(format!("remove `{}` from the comment", rule.code)),
                        );
                    }
                }
            }
        }
    }
    for code in unknown {
        let hint = crate::text::did_you_mean(
            &code.text,
            rules::ALL.iter().flat_map(|rule| [rule.code, rule.name]),
        )
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
        diagnostics.push(
            Diagnostic::new(
                &UNUSED,
                code.span,
                format!("unknown rule `{}` in a suppression", code.text),
            )
            .severity(Severity::Warning)
            .label("no such rule")
            .help(format!(
                "{hint}`postlint rules` lists every rule code and name"
            )),
        );
    }
}

fn collect(doc: &Document) -> (Vec<Directive>, Vec<Unknown>) {
    let mut directives = Vec::new();
    let mut unknown = Vec::new();
    front_matter_ignores(doc, &mut directives, &mut unknown);
    let text = doc.text();
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut pos = doc.body_start;
    while let Some(found) = memmem::find(&bytes[pos..], b"<!--") {
        let start = pos + found;
        let Some(len) = memmem::find(&bytes[start + 4..], b"-->") else {
            break;
        };
        let end = start + 4 + len + 3;
        pos = end;
        if doc.markdown.in_code(start) {
            continue;
        }
        let inner_start = start + 4;
        let inner = &text[inner_start..end - 3];
        let trimmed = inner.trim_start();
        let offset = inner_start + (inner.len() - trimmed.len());
        let Some((keyword, rest)) = split_keyword(trimmed) else {
            continue;
        };
        let rest_offset = offset + keyword.len();
        let (foreign, kind) = match keyword {
            "postlint-disable-next-line" => (false, Kind::NextLine),
            "postlint-disable" => (false, Kind::Disable),
            "postlint-enable" => (false, Kind::Enable),
            "postlint-disable-file" => (false, Kind::File),
            "markdownlint-disable-next-line" => (true, Kind::NextLine),
            "markdownlint-disable" => (true, Kind::Disable),
            "markdownlint-enable" => (true, Kind::Enable),
            "markdownlint-disable-file" => (true, Kind::File),
            _ => continue,
        };
        let codes = if foreign {
            match markdownlint_codes(rest) {
                Some(codes) => codes,
                None => continue,
            }
        } else {
            postlint_codes(rest, rest_offset, &mut unknown)
        };
        let span = Span::new(start, end);
        let line = doc.source.line_index(start);
        let end_line = doc.source.line_index(end.saturating_sub(1));
        match kind {
            Kind::Enable => {
                close_ranges(&mut directives, &mut open, &codes, foreign, line);
                continue;
            }
            Kind::Disable => open.push(directives.len()),
            Kind::NextLine | Kind::File => {}
        }
        let scope = match kind {
            Kind::NextLine => Scope::NextLine { line: end_line + 1 },
            Kind::File => Scope::File,
            _ => Scope::Range { start_line: line },
        };
        let used = match &codes {
            Codes::All => vec![0],
            Codes::Some(list) => vec![0; list.len()],
        };
        directives.push(Directive {
            span,
            scope,
            codes,
            end_line: usize::MAX,
            foreign,
            used,
        });
    }
    (directives, unknown)
}

enum Kind {
    NextLine,
    Disable,
    Enable,
    File,
}

fn split_keyword(text: &str) -> Option<(&str, &str)> {
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let keyword = &text[..end];
    (keyword.starts_with("postlint-") || keyword.starts_with("markdownlint-"))
        .then(|| (keyword, &text[end..]))
}

/// Codes or names separated by spaces or commas; none = all rules.
fn postlint_codes(rest: &str, offset: usize, unknown: &mut Vec<Unknown>) -> Codes {
    let mut codes = Vec::new();
    let mut any = false;
    for (start, word) in words(rest) {
        any = true;
        let span = Span::new(offset + start, offset + start + word.len());
        match rules::lookup(word) {
            Some(rule) => codes.push((rule, span)),
            None => unknown.push(Unknown {
                text: word.to_string(),
                span,
            }),
        }
    }
    if any { Codes::Some(codes) } else { Codes::All }
}

/// markdownlint's comments concern us only for MD045 (images need
/// alternate text), which is IMG001: `None` when the comment names other
/// rules only. Without codes it disables every markdownlint rule, MD045 too.
fn markdownlint_codes(rest: &str) -> Option<Codes> {
    let img001 = rules::by_code("IMG001")?;
    let mut listed = words(rest).map(|(_, word)| word).peekable();
    let concerns_alt_text = listed.peek().is_none()
        || listed.any(|word| {
            word.eq_ignore_ascii_case("MD045") || word.eq_ignore_ascii_case("no-alt-text")
        });
    concerns_alt_text.then(|| Codes::Some(vec![(img001, Span::default())]))
}

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .scan(0usize, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
}

/// An enable closes the open ranges it names (all of them when it names none).
fn close_ranges(
    directives: &mut [Directive],
    open: &mut Vec<usize>,
    codes: &Codes,
    foreign: bool,
    line: usize,
) {
    open.retain(|&index| {
        let directive = &mut directives[index];
        if directive.foreign != foreign {
            return true;
        }
        let closes = match (codes, &directive.codes) {
            (Codes::All, _) => true,
            (Codes::Some(enabled), Codes::Some(disabled)) => disabled
                .iter()
                .all(|(rule, _)| enabled.iter().any(|(r, _)| r.code == rule.code)),
            (Codes::Some(_), Codes::All) => false,
        };
        if closes {
            directive.end_line = line;
        }
        !closes
    });
}

/// `postlint: {ignore: [CODE, …]}` in front matter suppresses for the whole file.
fn front_matter_ignores(
    doc: &Document,
    directives: &mut Vec<Directive>,
    unknown: &mut Vec<Unknown>,
) {
    let Some(entry) = doc.field("postlint") else {
        return;
    };
    let Some(ignore) = entry.value.get_ci("ignore") else {
        return;
    };
    let items: Vec<(String, Span)> = match ignore.as_seq() {
        Some(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(|s| (s.to_string(), item.span)))
            .collect(),
        None => ignore
            .as_str()
            .map(|s| vec![(s.to_string(), ignore.span)])
            .unwrap_or_default(),
    };
    let mut codes = Vec::new();
    for (text, span) in items {
        match rules::lookup(&text) {
            Some(rule) => codes.push((rule, span)),
            None => unknown.push(Unknown { text, span }),
        }
    }
    if codes.is_empty() {
        return;
    }
    let used = vec![0; codes.len()];
    directives.push(Directive {
        span: entry.key_span,
        scope: Scope::File,
        codes: Codes::Some(codes),
        end_line: usize::MAX,
        foreign: false,
        used,
    });
}
