//! The rules, one module per family. A check is a pass over one parsed file
//! (or, for site rules, over every file's summary) that reports one or
//! more rules; each rule is declared once, with `declare_check!`, next to
//! the check that reports it. `CHECKS` lists every check in catalogue
//! order, and the catalogue (`ALL`) is the rules of the checks, in order.
//!
//! Adding a rule to a check: declare it in the check's `declare_check!`,
//! report it from the check, write `rules/CODE.md` and a fixture. A new
//! check is one more entry in `CHECKS`.

mod declare;
pub mod encoding;
pub mod excerpt;
pub mod frontmatter;
pub mod headings;
pub mod images;
pub mod io;
pub mod links;
pub mod liquid;
pub mod migration;
mod options;
mod selection;
pub mod shortcodes;
pub mod site;
pub mod suppression;

use std::path::Path;
use std::sync::{Arc, LazyLock};

pub(crate) use declare::declare_check;

use crate::diagnostic::{Diagnostic, RuleMeta, Span};
use crate::document::Document;
use crate::document::anchors::Anchors;
use crate::generator::PageKind;
use crate::generator::facts::Facts;
use crate::index::{Lookups, SiteIndex};
use crate::site::Site;
use crate::text::KeptLines;

pub use crate::diagnostic::Family;
pub use options::{ExcerptOptions, ImageShortcode, Options};
pub use selection::{RuleSelection, resolve_selector, selector_candidates};

/// A check and the rules it reports (declared with `declare_check!`).
pub struct Check {
    pub rules: &'static [&'static RuleMeta],
    pub runs: Runs,
}

/// When and over what a check runs.
pub enum Runs {
    /// Over each parsed file.
    EachFile(fn(&FileContext, &Document, &mut Sink)),
    /// Over the site, after every file was parsed.
    Site(SiteCheck),
    /// Over how the site is set up (its config and themes), once per run
    /// of the site: findings on files that are not content, such as the
    /// config file.
    Setup(fn(&Site) -> Vec<(std::path::PathBuf, Diagnostic)>),
    /// Reported by the engine itself (a file that cannot be read, an
    /// unused suppression comment).
    Engine,
}

/// A check over the whole site: `collect` keeps what it needs of each file
/// in the file's summary (the file's text is gone by then), `judge` judges
/// the summaries against the site index.
pub struct SiteCheck {
    pub collect: Option<fn(&FileContext, &Document, &mut Summary)>,
    pub judge: SiteJudge,
    /// The index's lookup tables it uses; each is let go of after the
    /// last check that uses it.
    pub lookups: &'static [Lookups],
}

/// How a site check judges the site. The engine runs it and keeps each
/// file's findings.
pub enum SiteJudge {
    /// File by file, the files in parallel: `start` prepares what the
    /// files share (the index's tables, a cache of verdicts) and gives
    /// the judge of one file, which pushes that file's findings.
    EachFile(for<'c> fn(&'c SiteContext<'c>) -> FileJudge<'c>),
    /// The whole site at once (comparing files with each other): each
    /// finding with the position of its file in `SiteContext::files`.
    Whole(fn(&SiteContext) -> Vec<(usize, Diagnostic)>),
}

/// Judges one linted file, pushing its findings.
pub type FileJudge<'c> = Box<dyn Fn(&SiteFile, &mut Vec<Diagnostic>) + Sync + 'c>;

/// Every check, in catalogue order: the order `postlint rules` lists rules
/// in and per-file checks run in.
pub static CHECKS: &[&Check] = &[
    &frontmatter::syntax::CHECK,
    &frontmatter::duplicate_key::CHECK,
    &frontmatter::values::CHECK,
    &frontmatter::unknown_field::CHECK,
    &frontmatter::schema::CHECK,
    &frontmatter::publish::CHECK,
    &frontmatter::removed_key::CHECK,
    &excerpt::CHECK,
    &images::CHECK,
    &shortcodes::CHECK,
    &liquid::CHECK,
    &encoding::invalid_utf8::CHECK,
    &encoding::mojibake::CHECK,
    &headings::CHECK,
    &encoding::invisible::CHECK,
    &links::CHECK,
    &site::duplicate_url::CHECK,
    &site::duplicate_title::CHECK,
    &site::theme_not_found::CHECK,
    &site::unknown_plugin::CHECK,
    &site::time_zone::CHECK,
    &migration::CHECK,
    &io::CHECK,
    &suppression::CHECK,
];

/// Every rule, in catalogue order.
pub static ALL: LazyLock<Vec<&'static RuleMeta>> = LazyLock::new(|| {
    CHECKS
        .iter()
        .flat_map(|check| check.rules.iter().copied())
        .collect()
});

pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    ALL.iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

pub fn by_name(name: &str) -> Option<&'static RuleMeta> {
    let name = FORMER_NAMES
        .iter()
        .find(|(former, _)| *former == name)
        .map_or(name, |(_, current)| current);
    ALL.iter().copied().find(|rule| rule.name == name)
}

/// Names rules had before they were renamed, and their names now: a
/// configuration or a suppression comment written with the old name keeps
/// working.
const FORMER_NAMES: &[(&str, &str)] = &[
    // FM010 reports drafts and expired pages too, not only future dates.
    ("future-date", "not-published"),
];

/// A rule by code or by name.
pub fn lookup(code_or_name: &str) -> Option<&'static RuleMeta> {
    by_code(code_or_name).or_else(|| by_name(code_or_name))
}

/// The rule table, as printed by `postlint rules` and kept in the README.
pub fn markdown_table() -> String {
    let mut table =
        String::from("| code | name | default | fix | summary |\n|---|---|---|---|---|\n");
    for rule in ALL.iter() {
        let default = if rule.enabled_by_default {
            rule.severity.as_str()
        } else {
            "off"
        };
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            rule.code,
            rule.name,
            default,
            if rule.fixable { "yes" } else { "" },
            rule.summary
        ));
    }
    table
}

/// The per-file checks with a rule `selection` enables.
pub fn file_checks(
    selection: &RuleSelection,
) -> impl Iterator<Item = fn(&FileContext, &Document, &mut Sink)> + '_ {
    CHECKS.iter().filter_map(|check| match check.runs {
        Runs::EachFile(run) if check.enables_any(selection) => Some(run),
        _ => None,
    })
}

/// The setup checks `selection` enables.
pub fn setup_checks(
    selection: &RuleSelection,
) -> impl Iterator<Item = fn(&Site) -> Vec<(std::path::PathBuf, Diagnostic)>> + '_ {
    CHECKS.iter().filter_map(|check| match check.runs {
        Runs::Setup(run) if check.enables_any(selection) => Some(run),
        _ => None,
    })
}

/// The site checks `selection` enables.
pub fn site_checks(selection: &RuleSelection) -> impl Iterator<Item = &'static SiteCheck> + '_ {
    CHECKS.iter().filter_map(|check| match &check.runs {
        Runs::Site(site) if check.enables_any(selection) => Some(site),
        _ => None,
    })
}

impl Check {
    /// Whether `selection` enables one of the check's rules.
    pub fn enables_any(&self, selection: &RuleSelection) -> bool {
        self.rules.iter().any(|rule| selection.is_enabled(rule))
    }
}

/// Everything a check knows about the file besides its content.
pub struct FileContext<'a> {
    pub site: &'a Site,
    pub options: &'a Options,
    pub rules: &'a RuleSelection,
    /// The absolute path.
    pub path: &'a Path,
    /// The path relative to the site root, `/`-separated.
    pub relative: &'a str,
    /// Where the file sits in the content tree (Hugo: below the content
    /// folder's mount target; Jekyll: the site-relative path).
    pub content_path: Option<&'a str>,
    /// The language of the file's page (Hugo; the first, for a file
    /// mounted in several languages).
    pub lang: Option<&'a str>,
    pub kind: PageKind,
}

/// Collects one file's findings, dropping those of disabled rules.
pub struct Sink<'a> {
    rules: &'a RuleSelection,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(rules: &'a RuleSelection) -> Sink<'a> {
        Sink {
            rules,
            diagnostics: Vec::new(),
        }
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.rules.is_enabled(rule)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.enabled(diagnostic.rule) {
            self.diagnostics.push(diagnostic);
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// What the per-file pass keeps of a linted file for the site pass.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub kind: PageKind,
    /// The file's first line (findings about the whole page point there).
    pub first_line: Span,
    /// Not in a summary's encoding: the cache keeps a file's facts beside
    /// its record, once (its pages file takes them alone).
    #[serde(skip)]
    pub facts: Arc<Facts>,
    /// The lines findings of site rules may point at.
    pub kept: KeptLines,
    /// Links, refs and link tags whose target the link check judges.
    pub links: Vec<links::Item>,
    /// The page's own anchors, when a link of its own names one.
    pub anchors: Option<Arc<Anchors>>,
}

/// What the site pass keeps of one parsed file: the front matter facts the
/// index needs, the lines findings may point at, and what each enabled
/// site check collected.
pub fn summarize(cx: &FileContext, doc: &Document) -> Summary {
    let taxonomies = cx.site.hugo().taxonomy_names();
    let mut facts = Facts::read(doc.front_matter.parsed(), doc.flavor, taxonomies);
    // Front matter that does not parse is still front matter: Jekyll
    // renders the page with no data (and says why in its log), so links
    // to it resolve; the file's own FM001 reports the error.
    facts.has_front_matter |= doc.front_matter.block().is_some();
    let mut summary = Summary {
        kind: cx.kind,
        first_line: Span::from(doc.source.first_line()),
        facts: Arc::default(),
        kept: KeptLines::default(),
        links: Vec::new(),
        anchors: None,
    };
    let valued = [&facts.title, &facts.url, &facts.slug]
        .into_iter()
        .flatten()
        .chain(&facts.aliases);
    summary.kept.keep_spans(
        &doc.source,
        std::iter::once(Span::empty(0)).chain(valued.map(|v| Span::empty(v.span.start))),
    );
    summary.facts = Arc::new(facts);
    for check in site_checks(cx.rules) {
        if let Some(collect) = check.collect {
            collect(cx, doc, &mut summary);
        }
    }
    // Held for every file until the site pass: no spare room.
    summary.kept.shrink_to_fit();
    summary.links.shrink_to_fit();
    summary
}

/// A linted file as the site pass sees it.
pub struct SiteFile<'a> {
    pub path: &'a Path,
    pub summary: &'a Summary,
}

/// Everything a site check knows: the index, the linted files and the
/// rules selected (a check that reports several rules skips the work of
/// those that are off).
pub struct SiteContext<'a> {
    pub index: &'a SiteIndex<'a>,
    pub files: &'a [SiteFile<'a>],
    pub rules: &'a RuleSelection,
}
