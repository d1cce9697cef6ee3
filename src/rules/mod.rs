//! The rule registry: every rule's metadata and the checks that emit them.
//!
//! A rule is metadata (code, name, family, default severity, page); a check
//! is a function over one `Document` that may emit several related rules
//! (one pass over the shortcodes finds SC001, SC002 and SC003). Adding a rule
//! = its `RuleMeta` in its family file, an entry in `ALL`, its `rules/CODE.md`.

pub mod encoding;
pub mod excerpt;
pub mod frontmatter;
pub mod headings;
pub mod images;
pub mod io;
pub mod links;
pub mod liquid;
pub mod shortcodes;
pub mod site;
pub mod suppression;

use std::path::Path;

use rayon::prelude::*;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::index::{Facts, Lookups, SiteIndex, Summary};
use crate::site::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    FrontMatter,
    Excerpt,
    Images,
    Shortcodes,
    Liquid,
    Encoding,
    Headings,
    Links,
    Site,
    Io,
    /// postlint's own comments and settings.
    Meta,
}

impl Family {
    pub const ALL: [Family; 11] = [
        Family::FrontMatter,
        Family::Excerpt,
        Family::Images,
        Family::Shortcodes,
        Family::Liquid,
        Family::Encoding,
        Family::Headings,
        Family::Links,
        Family::Site,
        Family::Io,
        Family::Meta,
    ];

    /// The code prefix (`FM`), also usable in `select`/`ignore`.
    pub fn prefix(self) -> &'static str {
        match self {
            Family::FrontMatter => "FM",
            Family::Excerpt => "EX",
            Family::Images => "IMG",
            Family::Shortcodes => "SC",
            Family::Liquid => "LQ",
            Family::Encoding => "ENC",
            Family::Headings => "HD",
            Family::Links => "LNK",
            Family::Site => "SITE",
            Family::Io => "IO",
            Family::Meta => "PL",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::FrontMatter => "front-matter",
            Family::Excerpt => "excerpt",
            Family::Images => "images",
            Family::Shortcodes => "shortcodes",
            Family::Liquid => "liquid",
            Family::Encoding => "encoding",
            Family::Headings => "headings",
            Family::Links => "links",
            Family::Site => "site",
            Family::Io => "io",
            Family::Meta => "postlint",
        }
    }
}

/// What a rule is, independent of any finding.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    /// The severity its findings have unless configured otherwise (a rule
    /// may give a particular finding a lower one, and says so on its page).
    pub severity: Severity,
    /// Off-by-default rules run only when selected by code, name or config.
    pub enabled_by_default: bool,
    pub fixable: bool,
    pub summary: &'static str,
    /// The rule's page (`rules/CODE.md`), embedded.
    pub doc: &'static str,
}

impl RuleMeta {
    /// How many slots there are: 64 per family.
    pub const SLOTS: usize = Family::ALL.len() * 64;

    /// A number below `SLOTS` no other rule has: the family's place and the
    /// code's number (below 64 in every family, which a test checks).
    pub fn slot(&self) -> usize {
        // Read from the end: asked for every finding and rule check.
        let (mut number, mut scale) = (0, 1);
        for &byte in self.code.as_bytes().iter().rev() {
            if !byte.is_ascii_digit() {
                break;
            }
            number += usize::from(byte - b'0') * scale;
            scale *= 10;
        }
        self.family as usize * 64 + number
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for RuleMeta {}

/// Every rule, in catalogue order.
pub static ALL: &[&RuleMeta] = &[
    &frontmatter::SYNTAX,
    &frontmatter::UNTERMINATED,
    &frontmatter::MISSING,
    &frontmatter::DUPLICATE_KEY,
    &frontmatter::REQUIRED_FIELD,
    &frontmatter::FIELD_TYPE,
    &frontmatter::INVALID_DATE,
    &frontmatter::UNKNOWN_FIELD,
    &frontmatter::SCHEMA,
    &frontmatter::NOT_PUBLISHED,
    &frontmatter::FILENAME_DATE,
    &frontmatter::REMOVED_KEY,
    &excerpt::MISSING,
    &excerpt::MALFORMED,
    &excerpt::REPEATED,
    &excerpt::REQUIRED,
    &excerpt::LENGTH,
    &images::MISSING_ALT,
    &images::NOT_FOUND,
    &images::CASE_MISMATCH,
    &images::PLACEHOLDER_ALT,
    &shortcodes::UNCLOSED,
    &shortcodes::STRAY_CLOSE,
    &shortcodes::MISNESTED,
    &shortcodes::UNKNOWN,
    &shortcodes::MALFORMED,
    &shortcodes::REMOVED,
    &shortcodes::IN_CODE,
    &liquid::UNCLOSED_BLOCK,
    &liquid::STRAY_END,
    &liquid::MALFORMED_TAG,
    &liquid::IN_CODE,
    &encoding::INVALID_UTF8,
    &encoding::MOJIBAKE,
    &headings::TITLE_AS_H1,
    &headings::HEADING_SKIP,
    &encoding::INVISIBLE,
    &links::BROKEN_REF,
    &links::BROKEN_LINK,
    &site::DUPLICATE_URL,
    &site::DUPLICATE_TITLE,
    &io::UNREADABLE,
    &io::TOO_LARGE,
    &suppression::UNUSED,
];

/// A pass over one document that emits findings of the listed rules.
pub struct Check {
    pub rules: &'static [&'static RuleMeta],
    pub run: fn(&FileContext, &Document, &mut Sink),
}

/// Every per-file check. Checks whose rules are all disabled are skipped.
pub static CHECKS: &[Check] = &[
    Check {
        rules: &[&encoding::INVALID_UTF8],
        run: encoding::check,
    },
    Check {
        rules: &[
            &frontmatter::SYNTAX,
            &frontmatter::UNTERMINATED,
            &frontmatter::MISSING,
        ],
        run: frontmatter::check,
    },
    Check {
        rules: &[
            &frontmatter::DUPLICATE_KEY,
            &frontmatter::UNKNOWN_FIELD,
            &frontmatter::REMOVED_KEY,
        ],
        run: frontmatter::keys::check,
    },
    Check {
        rules: &[
            &frontmatter::REQUIRED_FIELD,
            &frontmatter::FIELD_TYPE,
            &frontmatter::INVALID_DATE,
        ],
        run: frontmatter::values::check,
    },
    Check {
        rules: &[&frontmatter::SCHEMA],
        run: frontmatter::schema::check,
    },
    Check {
        rules: &[&frontmatter::NOT_PUBLISHED, &frontmatter::FILENAME_DATE],
        run: frontmatter::publish::check,
    },
    Check {
        rules: &[
            &excerpt::MISSING,
            &excerpt::MALFORMED,
            &excerpt::REPEATED,
            &excerpt::REQUIRED,
            &excerpt::LENGTH,
        ],
        run: excerpt::check,
    },
    Check {
        rules: &[
            &images::MISSING_ALT,
            &images::NOT_FOUND,
            &images::CASE_MISMATCH,
            &images::PLACEHOLDER_ALT,
        ],
        run: images::check,
    },
    Check {
        rules: &[
            &shortcodes::UNCLOSED,
            &shortcodes::STRAY_CLOSE,
            &shortcodes::MISNESTED,
            &shortcodes::UNKNOWN,
            &shortcodes::MALFORMED,
            &shortcodes::REMOVED,
            &shortcodes::IN_CODE,
        ],
        run: shortcodes::check,
    },
    Check {
        rules: &[
            &liquid::UNCLOSED_BLOCK,
            &liquid::STRAY_END,
            &liquid::MALFORMED_TAG,
            &liquid::IN_CODE,
        ],
        run: liquid::check,
    },
    Check {
        rules: &[&encoding::MOJIBAKE],
        run: encoding::check_mojibake,
    },
    Check {
        rules: &[&encoding::INVISIBLE],
        run: encoding::check_invisible,
    },
    Check {
        rules: &[&headings::TITLE_AS_H1, &headings::HEADING_SKIP],
        run: headings::check,
    },
];

/// A check over the whole site, run after every file was parsed: `collect`
/// keeps what it needs of each file in the file's summary (the file's text
/// is gone by then), `run` judges the summaries against the site index.
pub struct SiteCheck {
    pub rules: &'static [&'static RuleMeta],
    pub collect: Option<fn(&FileContext, &Document, &mut Summary)>,
    pub run: fn(&SiteContext, &mut SiteSink),
    /// The index's lookup tables it uses; each is let go of after the
    /// last check that uses it.
    pub lookups: &'static [Lookups],
}

/// Every site-level check.
pub static SITE_CHECKS: &[SiteCheck] = &[
    SiteCheck {
        rules: &[&links::BROKEN_REF, &links::BROKEN_LINK],
        collect: Some(links::collect),
        run: links::check_site,
        lookups: &[Lookups::Urls, Lookups::Links],
    },
    SiteCheck {
        rules: &[&site::DUPLICATE_URL],
        collect: None,
        run: site::duplicate_urls,
        lookups: &[Lookups::Urls],
    },
    SiteCheck {
        rules: &[&site::DUPLICATE_TITLE],
        collect: None,
        run: site::duplicate_titles,
        lookups: &[],
    },
];

/// Whether any site-level rule is enabled (then files are summarized).
pub fn site_checks_enabled(settings: &Settings) -> bool {
    SITE_CHECKS.iter().any(|check| {
        check
            .rules
            .iter()
            .any(|rule| settings.rules.is_enabled(rule))
    })
}

/// What the site pass keeps of one parsed file: the front matter facts the
/// index needs, the lines findings may point at, and what each enabled
/// site check collected.
pub fn summarize(cx: &FileContext, doc: &Document) -> Summary {
    let taxonomies = crate::index::hugo::taxonomies(cx.site);
    let facts = Facts::from_front_matter(&doc.front_matter, doc.flavor, &taxonomies);
    let mut summary = Summary {
        kind: Some(cx.kind),
        first_line: crate::diagnostic::Span::from(doc.source.first_line()),
        ..Summary::default()
    };
    summary.excerpt.keep(&doc.source, 0);
    for valued in [&facts.title, &facts.url, &facts.slug]
        .into_iter()
        .flatten()
        .chain(&facts.aliases)
    {
        summary.excerpt.keep(&doc.source, valued.span.start);
    }
    summary.facts = std::sync::Arc::new(facts);
    for check in SITE_CHECKS {
        if let Some(collect) = check.collect
            && check
                .rules
                .iter()
                .any(|rule| cx.settings.rules.is_enabled(rule))
        {
            collect(cx, doc, &mut summary);
        }
    }
    // Held for every file until the site pass: no spare room.
    summary.excerpt.shrink_to_fit();
    summary.links.shrink_to_fit();
    summary
}

/// A linted file as the site pass sees it.
pub struct SiteFile<'a> {
    pub path: &'a Path,
    pub summary: &'a Summary,
}

/// Everything a site check knows: the index and the linted files.
pub struct SiteContext<'a> {
    pub settings: &'a Settings,
    pub index: &'a SiteIndex<'a>,
    pub files: &'a [SiteFile<'a>],
}

/// Collects site-level findings, each for one of the linted files.
pub struct SiteSink<'a> {
    settings: &'a Settings,
    /// One list per linted file, grown one slot at a time at first: most
    /// files get no site finding or one, and a big site has many files.
    findings: Vec<Vec<Diagnostic>>,
}

impl<'a> SiteSink<'a> {
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.settings.rules.is_enabled(rule)
    }

    /// The findings of every file at once (the `i`-th list for the file at
    /// `i`), added on every core: each file's list is grown to its exact
    /// size, a reallocation per file that one thread would do for all.
    fn extend_all(&mut self, found: Vec<Vec<Diagnostic>>) {
        let rules = &self.settings.rules;
        self.findings
            .par_iter_mut()
            .zip(found)
            .for_each(|(list, mut diagnostics)| {
                diagnostics.retain(|diagnostic| rules.is_enabled(diagnostic.rule));
                append_exactly(list, diagnostics);
            });
    }

    /// Findings for some of the files, each with its file's position, in
    /// the order each file is to get them. Gathered into one list per file
    /// on every core: one thread would make every file's list.
    pub fn push_all(&mut self, found: Vec<(usize, Diagnostic)>) {
        // Taken out of their slots run by run below.
        let mut found: Vec<(usize, Option<Diagnostic>)> = found
            .into_par_iter()
            .map(|(file, diagnostic)| (file, Some(diagnostic)))
            .collect();
        // Stable: a file's findings stay in their order.
        found.par_sort_by_key(|(file, _)| *file);
        // Each run's list at its exact size: a list collected from a
        // filter starts at four slots, and a site with thousands of
        // one-finding files held them all at once here (the run's peak).
        let runs: Vec<(usize, Vec<Diagnostic>)> = found
            .par_chunk_by_mut(|a, b| a.0 == b.0)
            .filter_map(|run| {
                let file = run.first()?.0;
                let mut list = Vec::with_capacity(run.len());
                list.extend(run.iter_mut().filter_map(|(_, d)| d.take()));
                Some((file, list))
            })
            .collect();
        drop(found);
        let mut per_file: Vec<Vec<Diagnostic>> = std::iter::repeat_with(Vec::new)
            .take(self.findings.len())
            .collect();
        for (file, list) in runs {
            if let Some(slot) = per_file.get_mut(file) {
                *slot = list;
            }
        }
        self.extend_all(per_file);
    }

    /// Runs `check` over every linted file, the files in parallel, and adds
    /// what it pushes to each file's list.
    pub fn each_file(
        &mut self,
        files: &[SiteFile],
        check: impl Fn(&SiteFile, &mut Vec<Diagnostic>) + Send + Sync,
    ) {
        // Each worker pushes into one list it keeps, and every file's list
        // is a copy at its exact size: every file's list is held at once
        // here, at the run's peak memory, and a list grown a slot at a time
        // then shrunk was two or three reallocations per file.
        let found: Vec<Vec<Diagnostic>> = files
            .par_iter()
            .map_init(Vec::new, |scratch, file| {
                check(file, scratch);
                let mut list = Vec::with_capacity(scratch.len());
                list.append(scratch);
                list
            })
            .collect();
        self.extend_all(found);
    }
}

/// Adds `more` to `list` without spare room: moved in whole when `list` is
/// empty (a site's findings are held until the report is written).
pub fn append_exactly(list: &mut Vec<Diagnostic>, mut more: Vec<Diagnostic>) {
    if list.is_empty() {
        more.shrink_to_fit();
        *list = more;
    } else {
        list.reserve_exact(more.len());
        list.extend(more);
    }
}

/// Runs every enabled site check; the findings of `files[i]` are the
/// `i`-th list. After the last check that uses one of the index's lookup
/// tables, the index lets go of it: the findings grow with each check,
/// and the checks after it need the room.
pub fn check_site(
    settings: &Settings,
    index: &mut SiteIndex,
    files: &[SiteFile],
) -> Vec<Vec<Diagnostic>> {
    let mut sink = SiteSink {
        settings,
        findings: std::iter::repeat_with(Vec::new).take(files.len()).collect(),
    };
    let enabled: Vec<&SiteCheck> = SITE_CHECKS
        .iter()
        .filter(|check| check.rules.iter().any(|rule| sink.enabled(rule)))
        .collect();
    for (at, check) in enabled.iter().enumerate() {
        let cx = SiteContext {
            settings,
            index,
            files,
        };
        (check.run)(&cx, &mut sink);
        for lookups in check.lookups {
            if !enabled[at + 1..]
                .iter()
                .any(|later| later.lookups.contains(lookups))
            {
                index.release(*lookups);
            }
        }
    }
    sink.findings
}

pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    ALL.iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

pub fn by_name(name: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|rule| rule.name == name)
}

/// A rule by code or by name.
pub fn lookup(code_or_name: &str) -> Option<&'static RuleMeta> {
    by_code(code_or_name).or_else(|| by_name(code_or_name))
}

/// The rule table, as printed by `postlint rules` and kept in the README.
pub fn markdown_table() -> String {
    let mut table =
        String::from("| code | name | default | fix | summary |\n|---|---|---|---|---|\n");
    for rule in ALL {
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

/// What kind of page a file is, which decides rules such as FM003.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A blog post: Hugo `posts/`, `post/`, `blog/` sections (or the
    /// configured `posts` globs), Jekyll `_posts/` and `_drafts/`.
    Post,
    /// A Jekyll collection document other than a post (`_docs/x.md`).
    Document,
    /// Any other page.
    Page,
}

/// Everything a check knows about the file besides its content.
pub struct FileContext<'a> {
    pub site: &'a Site,
    pub settings: &'a Settings,
    /// The absolute path.
    pub path: &'a Path,
    /// The path relative to the site root, `/`-separated.
    pub relative: &'a str,
    /// Where the file sits in the content tree (Hugo: below the content
    /// folder's mount target; Jekyll: the site-relative path).
    pub content_path: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub kind: PageKind,
}

/// Collects one file's findings, dropping those of disabled rules.
pub struct Sink<'a> {
    settings: &'a Settings,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(settings: &'a Settings) -> Sink<'a> {
        Sink {
            settings,
            diagnostics: Vec::new(),
        }
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.settings.rules.is_enabled(rule)
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

/// Runs every enabled check over one document.
pub fn check_document(cx: &FileContext, doc: &Document, settings: &Settings) -> Vec<Diagnostic> {
    let mut sink = Sink::new(settings);
    for check in CHECKS {
        if check.rules.iter().any(|rule| sink.enabled(rule)) {
            (check.run)(cx, doc, &mut sink);
        }
    }
    let mut diagnostics = sink.into_diagnostics();
    // Text that is not the file's bytes (invalid UTF-8 replaced) is never
    // fixed: an edit computed on it could rewrite bytes it never saw.
    if doc.source.is_lossy() {
        for diagnostic in &mut diagnostics {
            diagnostic.fix = None;
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use crate::diagnostic::Span;

    #[test]
    fn push_all_gives_each_file_its_findings_in_order() {
        let settings = Settings::defaults(Path::new("."), &Overrides::default())
            .expect("the default settings");
        let files = 50;
        let mut sink = SiteSink {
            settings: &settings,
            findings: std::iter::repeat_with(Vec::new).take(files).collect(),
        };
        // Files in a scattered order, each file's findings numbered in the
        // order they come (enough of them for the work to be split).
        let found: Vec<(usize, Diagnostic)> = (0..2_000)
            .map(|n| {
                let file = (n * 7) % files;
                (
                    file,
                    Diagnostic::new(&site::DUPLICATE_TITLE, Span::new(n, n), n.to_string()),
                )
            })
            .collect();
        let mut expected: Vec<Vec<String>> = vec![Vec::new(); files];
        for (file, diagnostic) in &found {
            expected[*file].push(diagnostic.message.clone());
        }
        sink.push_all(found);
        let got: Vec<Vec<String>> = sink
            .findings
            .iter()
            .map(|list| list.iter().map(|d| d.message.clone()).collect())
            .collect();
        assert_eq!(got, expected);
    }
}
