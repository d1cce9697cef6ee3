//! One file through the per-file pass: read, parsed once, checked by every
//! enabled per-file check, fixed when asked (re-checked until no fix
//! applies), summarized for the site pass; its text kept only as far as a
//! report will show it.

use std::path::{Path, PathBuf};

use super::finish::apply_config;
use super::fix;
use super::plan::page_kind;
use super::suppress::Suppressions;
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::generator::Flavor;
use crate::report::{FileReport, FileText, Fixed};
use crate::rules::{self, FileContext, Sink, Summary};
use crate::site::Site;
use crate::text::paths::display_path;
use crate::text::{KeptLines, Source, kept};

/// A file after the per-file pass: its findings so far, its suppression
/// comments and (when site rules are on) its summary for the site pass.
pub struct Linted {
    pub report: FileReport,
    /// The lines the findings and suppression comments are on, when the
    /// whole text was not kept.
    pub(super) lines: KeptLines,
    pub(super) suppressions: Suppressions,
    pub(super) summary: Option<Box<Summary>>,
    /// The site pass's findings, joined to the file's own when it is
    /// finished (on every core, not on the thread running the site pass).
    pub(super) site_findings: Vec<Diagnostic>,
}

/// Reads, parses and checks one file; with `fix`, applies safe fixes and
/// checks again until none applies. Its text is kept only when it has
/// findings, suppression comments or fixes; the site pass works from the
/// summary.
pub fn lint_file(site: &Site, settings: &Settings, path: PathBuf, fix: bool) -> Linted {
    match rules::io::read(&path, settings.max_file_size) {
        Ok(bytes) => lint_bytes(site, settings, path, bytes, fix),
        Err(diagnostic) => unreadable(path, *diagnostic),
    }
}

/// A file that could not be read, with the finding that says why.
pub(super) fn unreadable(path: PathBuf, diagnostic: Diagnostic) -> Linted {
    Linted {
        report: FileReport {
            display: display_path(&path),
            diagnostics: vec![diagnostic],
            path,
            source: None,
            fixed: None,
            notes: Vec::new(),
        },
        lines: KeptLines::default(),
        suppressions: Suppressions::default(),
        summary: None,
        site_findings: Vec::new(),
    }
}

/// `lint_file` once the file is read.
pub(super) fn lint_bytes(
    site: &Site,
    settings: &Settings,
    path: PathBuf,
    bytes: Vec<u8>,
    fix: bool,
) -> Linted {
    let display = display_path(&path);
    let mut document =
        Document::parse_as(Source::from_bytes(bytes), site.flavor, site.markup(&path));
    let mut fixed = None;
    let mut refused = Vec::new();
    if fix && !document.source.is_lossy() {
        let original = document.text().to_string();
        let outcome = fix_document(site, settings, &path, document);
        document = outcome.document;
        refused = outcome.refused;
        if outcome.applied > 0 {
            fixed = Some(Box::new(Fixed {
                original,
                applied: outcome.applied,
            }));
        }
    }
    let (mut diagnostics, suppressions, summary) =
        run_file_checks(site, settings, &path, &document);
    // A refused fix is not offered again: the report says why instead.
    for diagnostic in &mut diagnostics {
        if diagnostic.fix.is_some() && refused.iter().any(|r| r.finding == identity(diagnostic)) {
            diagnostic.fix = None;
        }
    }
    let notes = refused.iter().map(Refused::note).collect();
    // Fixed text is written back and a lossy one maps offsets its own way:
    // both are kept whole. Otherwise the lines a report shows are enough,
    // and a site of many files with findings is not held in memory.
    let whole = fixed.is_some() || document.source.is_lossy();
    let mut lines = KeptLines::default();
    if !whole {
        // What a report shows of each finding: its labels' lines, one line
        // around them, and the few lines between labels it shows as one
        // snippet (labels far apart are shown apart).
        let source = &document.source;
        let last_line = source.line_count().saturating_sub(1);
        let shown = diagnostics.iter().flat_map(|d| {
            kept::shown_spans(d, source.len(), last_line, |offset| {
                source.line_index(offset)
            })
        });
        lines.keep_spans(source, shown.chain(suppressions.spans()));
    }
    Linted {
        report: FileReport {
            display,
            path,
            source: whole.then(|| Box::new(FileText::Whole(document.source))),
            diagnostics,
            fixed,
            notes,
        },
        lines,
        suppressions,
        summary: summary.map(Box::new),
        site_findings: Vec::new(),
    }
}

/// Runs the per-file checks over a parsed document: the raw findings, the
/// file's suppression comments and its summary for the site pass.
pub(super) fn run_file_checks(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
) -> (Vec<Diagnostic>, Suppressions, Option<Summary>) {
    let relative = site.relative(path);
    let content = site.content_path(path);
    let content_path = content.as_ref().map(|(logical, _)| logical.as_str());
    // The language of the file's page: its content folder's, its name's
    // (`post.fr.md`), else the default one (the first, for a file mounted
    // in several languages).
    let lang = match site.flavor {
        Flavor::Hugo => crate::index::hugo_pages(site, path)
            .into_iter()
            .next()
            .map(|page| page.lang),
        Flavor::Jekyll => None,
    };
    let lang = lang.as_deref();
    let kind = page_kind(site, settings, &relative, content_path);
    let cx = FileContext {
        site,
        options: &settings.options,
        rules: &settings.rules,
        path,
        relative: &relative,
        content_path,
        lang,
        kind,
    };
    let mut sink = Sink::new(&settings.rules);
    for check in rules::file_checks(&settings.rules) {
        check(&cx, document, &mut sink);
    }
    let mut diagnostics = sink.into_diagnostics();
    // Text that is not the file's bytes (invalid UTF-8 replaced) is never
    // fixed: an edit computed on it could rewrite bytes it never saw.
    if document.source.is_lossy() {
        for diagnostic in &mut diagnostics {
            diagnostic.fix = None;
        }
    }
    let summary = rules::site_checks(&settings.rules)
        .next()
        .is_some()
        .then(|| rules::summarize(&cx, document));
    (diagnostics, Suppressions::collect(document), summary)
}

/// The per-file findings of a parsed document, the configuration applied
/// (site-level rules excepted: they need the site pass).
pub fn check_file(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
) -> Vec<Diagnostic> {
    let (diagnostics, suppressions, _) = run_file_checks(site, settings, path, document);
    apply_config(
        Some(&document.source),
        suppressions,
        settings,
        path,
        diagnostics,
    )
}

/// What `--fix` made of a file.
pub struct FixOutcome {
    /// The fixed text, parsed.
    pub document: Document,
    /// How many findings the applied fixes resolved.
    pub applied: usize,
    /// The fixes not applied: each would have made the file worse.
    pub refused: Vec<Refused>,
}

/// A fix `--fix` did not apply, and why.
pub struct Refused {
    /// The finding and its fix, as `identity` writes them.
    finding: String,
    why: String,
}

impl Refused {
    /// The note a report shows for it.
    pub fn note(&self) -> String {
        format!("not fixed: {}: the fix would {}", self.finding, self.why)
    }
}

/// A finding and its fix in words: what stays the same when other fixes
/// move its span.
fn identity(d: &Diagnostic) -> String {
    let fix = d
        .fix
        .as_ref()
        .map(|f| f.message.as_str())
        .unwrap_or_default();
    format!("{} {} ({fix})", d.rule.code, d.message)
}

/// Applies the fixes the per-file checks offer, round by round (a fix can
/// make another possible), each round checked again. A round whose text is
/// worse than the text before it (`fix::worse`: a new error, or front
/// matter split or parsed differently) is taken apart: its fixes are tried
/// one at a time, and each that makes the text worse on its own is refused
/// and said why. So no fix is kept that adds an error or moves the front
/// matter, whatever the rule that offered it proved about itself.
pub fn fix_document(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: Document,
) -> FixOutcome {
    fix_rounds(document, |doc| check_file(site, settings, path, doc))
}

/// `fix_document`'s loop, with `check` giving a text's findings.
fn fix_rounds(mut document: Document, check: impl Fn(&Document) -> Vec<Diagnostic>) -> FixOutcome {
    let (flavor, markup) = (document.flavor, document.markup);
    let mut findings = check(&document);
    let mut applied = 0;
    let mut refused: Vec<Refused> = Vec::new();
    let parse = |text: String| Document::parse_as(Source::from_text(text), flavor, markup);
    for _ in 0..fix::MAX_PASSES {
        let usable: Vec<&Diagnostic> = findings
            .iter()
            .filter(|d| d.fix.is_some() && !refused.iter().any(|r| r.finding == identity(d)))
            .collect();
        let Some((text, count)) = fix::apply(document.text(), usable.iter().copied()) else {
            break;
        };
        let candidate = parse(text);
        let candidate_findings = check(&candidate);
        if fix::worse(&document, &findings, &candidate, &candidate_findings).is_none() {
            (document, findings) = (candidate, candidate_findings);
            applied += count;
            continue;
        }
        // One fix at a time, in the file's order: the first that is no
        // worse alone is kept; the next round tries the rest again.
        let mut kept = None;
        for diagnostic in usable {
            let Some((text, _)) = fix::apply(document.text(), [diagnostic]) else {
                continue;
            };
            let alone = parse(text);
            let alone_findings = check(&alone);
            match fix::worse(&document, &findings, &alone, &alone_findings) {
                Some(why) => refused.push(Refused {
                    finding: identity(diagnostic),
                    why,
                }),
                None => {
                    kept = Some((alone, alone_findings));
                    break;
                }
            }
        }
        let Some((alone, alone_findings)) = kept else {
            break;
        };
        (document, findings) = (alone, alone_findings);
        applied += 1;
    }
    FixOutcome {
        document,
        applied,
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};
    use crate::generator::Flavor;
    use crate::rules::encoding::invisible::INVISIBLE;
    use crate::rules::frontmatter::syntax::UNTERMINATED;

    /// A finding at `span` whose fix replaces it with `replacement`.
    fn fixing(at: usize, end: usize, replacement: &str) -> Diagnostic {
        Diagnostic::new(&INVISIBLE, crate::diagnostic::Span::new(at, end), "x").fix(Fix {
            message: format!("write {replacement:?}"),
            edits: vec![Edit {
                span: crate::diagnostic::Span::new(at, end),
                replacement: replacement.to_string(),
            }],
        })
    }

    /// A checker that offers two fixes while the text has both targets:
    /// one that turns `aa` into `a`, and one that deletes the closing
    /// fence; an unclosed fence is an error.
    fn check(doc: &Document) -> Vec<Diagnostic> {
        let text = doc.text();
        let mut found = Vec::new();
        if let Some(at) = text.find("aa") {
            found.push(fixing(at, at + 2, "a"));
        }
        if let Some(at) = text.rfind("\n---\n") {
            found.push(fixing(at + 1, at + 4, ""));
        }
        if matches!(
            doc.front_matter,
            crate::document::FrontMatter::Unterminated { .. }
        ) {
            found.push(Diagnostic::new(
                &UNTERMINATED,
                crate::diagnostic::Span::new(0, 3),
                "unclosed",
            ));
        }
        found
    }

    #[test]
    fn a_fix_that_makes_the_file_worse_is_refused_and_the_others_applied() {
        let doc = Document::parse(
            Source::from_text("---\ntitle: x\n---\naa\n".into()),
            Flavor::Hugo,
        );
        let outcome = fix_rounds(doc, check);
        assert_eq!(outcome.document.text(), "---\ntitle: x\n---\na\n");
        assert_eq!(outcome.applied, 1);
        let notes: Vec<String> = outcome.refused.iter().map(Refused::note).collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].ends_with("the fix would leave the front matter unclosed (FM002 unclosed)"),
            "{notes:?}"
        );
    }
}
