//! Site rules (SITE): pages that collide with each other. Two pages at one
//! URL overwrite each other without a word from the generator; two posts
//! with one title confuse readers and feeds.
//!
//! Whole-site runs compare every page. Runs over some files only compare
//! the given files with each other and with the pages a URL can come from
//! by its file name (a few `stat` calls), never reading the whole site:
//! a collision with a page whose URL comes from its own `url`/`slug` or a
//! title shared with a file not given is found by the whole-site run.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Family, RuleMeta, SiteContext, SiteFile, SiteSink};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::index::{Facts, FastMap, Page, Role, Summary, UrlHit, text::url_key};
use crate::rules::PageKind;
use crate::site::Flavor;

pub static DUPLICATE_URL: RuleMeta = RuleMeta {
    code: "SITE001",
    name: "duplicate-url",
    family: Family::Site,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "Two pages with the same URL, or an alias that is another page's URL",
    doc: include_str!("../../rules/SITE001.md"),
};

pub static DUPLICATE_TITLE: RuleMeta = RuleMeta {
    code: "SITE002",
    name: "duplicate-title",
    family: Family::Site,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "Two posts with the same title",
    doc: include_str!("../../rules/SITE002.md"),
};

/// Where a finding about a page's URL points: its `url`, else its `slug`,
/// else the first line.
fn url_span(summary: &Summary) -> Span {
    let facts = &summary.facts;
    facts
        .url
        .as_ref()
        .or(facts.slug.as_ref())
        .map_or(Span::new(0, 0), |v| v.span)
}

fn same_page(a: &Page, b: &Page) -> bool {
    // The keys first: comparing strings is cheaper than comparing paths.
    a.key == b.key && same_file(a, b)
}

fn same_file(a: &Page, b: &Page) -> bool {
    match (a.file.as_deref(), b.file.as_deref()) {
        (Some(x), Some(y)) => crate::site::same_path(x, y),
        (x, y) => x.is_none() && y.is_none(),
    }
}

/// Every linted file's URL (and alias) collisions, the files in parallel.
pub fn duplicate_urls(cx: &SiteContext, sink: &mut SiteSink) {
    cx.index.prepare_urls();
    sink.each_file(cx.files, |file, found| duplicate_urls_of(cx, file, found));
}

fn duplicate_urls_of(cx: &SiteContext, file: &SiteFile, found: &mut Vec<Diagnostic>) {
    let index = cx.index;
    for page in index.page_of(file.path) {
        if index.not_built(&page).is_some() {
            continue;
        }
        let Some(url) = index.url(&page) else {
            continue;
        };
        let mut own: Vec<(String, bool, Span)> = vec![(url.clone(), false, url_span(file.summary))];
        // With `disableAliases`, Hugo writes no redirect pages.
        let aliases_written =
            !(index.flavor() == Flavor::Hugo && index.hugo_config().disable_aliases);
        if aliases_written {
            for (alias_url, alias) in index.alias_urls(&page, &url) {
                own.push((alias_url, true, alias.span));
            }
        }
        for (at, is_alias, span) in own {
            let hits: Cow<[UrlHit]> = if index.is_whole() {
                index.pages_at(&at)
            } else {
                Cow::Owned(index.quick_pages_at(&url_key(&at)))
            };
            let mut others: Vec<&UrlHit> = hits
                .iter()
                .filter(|hit| {
                    hit.not_built.is_none()
                        && !same_page(&hit.page, &page)
                        && (aliases_written || !hit.alias)
                })
                .collect();
            // An alias that meets only other aliases is reported once,
            // on the file that sorts first.
            others.dedup_by(|a, b| same_page(&a.page, &b.page) && a.alias == b.alias);
            if others.is_empty() {
                continue;
            }
            let shown = join_capped(
                others.len(),
                others.iter().map(|hit| {
                    if hit.alias {
                        format!("an alias of {}", hit.page.shown())
                    } else {
                        hit.page.shown()
                    }
                }),
            );
            let what = if is_alias {
                format!("alias `{at}`")
            } else {
                format!("this page's URL `{at}`")
            };
            let label = if is_alias {
                "this alias"
            } else if span.is_empty() {
                "the URL comes from the file's path"
            } else {
                "the URL comes from here"
            };
            let first_line = if span.is_empty() {
                file.summary.first_line
            } else {
                span
            };
            found.push(
                Diagnostic::new(
                    &DUPLICATE_URL,
                    first_line,
                    format!("{what} is also the URL of {shown}"),
                )
                .label(label)
                .help(duplicate_url_help(index.flavor(), is_alias)),
            );
        }
    }
}

/// A post, the linted file it is (if it was linted) and its front matter
/// facts (which have a title).
type TitledPost = (Arc<Page>, Option<usize>, Arc<Facts>);

pub fn duplicate_titles(cx: &SiteContext, sink: &mut SiteSink) {
    let index = cx.index;
    // The posts to compare: every post of the site in a whole-site run,
    // the given ones otherwise. `Some(i)` = the linted file `i`.
    let posts: Vec<(Arc<Page>, Option<usize>)> = if index.is_whole() {
        // By the paths' bytes: hashing a `Path` walks its components, and
        // the pages' files are the walked paths themselves.
        let linted: FastMap<&OsStr, usize> = cx
            .files
            .iter()
            .enumerate()
            .map(|(i, file)| (file.path.as_os_str(), i))
            .collect();
        index
            .pages()
            .par_iter()
            .filter_map(|page| {
                let file = page.file.as_deref()?;
                let position = linted.get(file.as_os_str()).copied();
                let is_post = match position {
                    Some(i) => cx.files[i].summary.kind == Some(PageKind::Post),
                    None => page.is_post,
                };
                (is_post && page.role != Role::Resource).then(|| (page.clone(), position))
            })
            .collect()
    } else {
        let mut posts = Vec::new();
        for (i, file) in cx.files.iter().enumerate() {
            if file.summary.kind == Some(PageKind::Post) {
                posts.extend(
                    index
                        .page_of(file.path)
                        .into_iter()
                        .map(|page| (page, Some(i))),
                );
            }
        }
        posts
    };
    // Each post's title and whether it is built, in parallel (a linted
    // file's facts are its summary's, others' and cascades are lookups);
    // grouped by language and title (a stable sort: a group's posts stay
    // in the posts' order).
    let mut titled: Vec<(String, TitledPost)> = posts
        .into_par_iter()
        .filter_map(|(page, position)| {
            let facts = match position {
                Some(i) => Arc::clone(&cx.files[i].summary.facts),
                None => index.facts(&page),
            };
            let normalized = facts
                .title
                .as_ref()?
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if normalized.is_empty() || index.not_built(&page).is_some() {
                return None;
            }
            Some((normalized, (page, position, facts)))
        })
        .collect();
    titled.par_sort_by(|a, b| group_of(a).cmp(&group_of(b)));
    let shared: Vec<&[(String, TitledPost)]> = titled
        .chunk_by(|a, b| group_of(a) == group_of(b))
        .filter(|members| members.len() > 1)
        .collect();
    let found: Vec<(usize, Diagnostic)> = shared
        .into_par_iter()
        .flat_map_iter(same_title_findings)
        .collect();
    // Every post's title and page, let go of on every core.
    titled.into_par_iter().for_each(drop);
    sink.push_all(found);
}

/// A post's group: its language and normalized title.
fn group_of((normalized, (page, _, _)): &(String, TitledPost)) -> (&str, &str) {
    (&page.lang, normalized)
}

/// The findings of one group of posts sharing a title, on each linted one.
fn same_title_findings(members: &[(String, TitledPost)]) -> Vec<(usize, Diagnostic)> {
    let members = || members.iter().map(|(_, post)| post);
    // How many members each file is, counted once: comparing every member
    // with every other grows with the square of a group (a title copied
    // into hundreds of posts).
    let mut per_file: FastMap<Option<&Path>, usize> = FastMap::default();
    for (page, _, _) in members() {
        *per_file.entry(page.file.as_deref()).or_default() += 1;
    }
    let mut found = Vec::new();
    for (page, position, facts) in members() {
        let (Some(position), Some(title)) = (position, &facts.title) else {
            continue;
        };
        let own = per_file.get(&page.file.as_deref()).copied().unwrap_or(1);
        let count = members().len() - own;
        let others = members().filter(|(other, _, _)| !same_file(other, page));
        if count == 0 {
            continue;
        }
        let others = join_capped(count, others.map(|(other, _, _)| other.shown()));
        found.push((
            *position,
            Diagnostic::new(
                &DUPLICATE_TITLE,
                title.span,
                format!(
                    "the title `{}` is also the title of {}",
                    title.text.trim(),
                    others
                ),
            )
            .label("same title")
            .help("readers, feeds and search results cannot tell the posts apart; give each post its own title"),
        ));
    }
    found
}

/// What to do about a URL two pages share: fixed text (a site of copies
/// holds thousands of these findings until the report is written).
fn duplicate_url_help(flavor: Flavor, is_alias: bool) -> &'static str {
    macro_rules! help {
        ($generator:literal, $field:literal) => {
            concat!(
                $generator,
                " writes both to the same file and one silently replaces the other; give one of them another `",
                $field,
                "`"
            )
        };
    }
    match (flavor, is_alias) {
        (Flavor::Hugo, true) => help!("Hugo", "alias"),
        (Flavor::Hugo, false) => help!("Hugo", "slug` or `url"),
        (Flavor::Jekyll, true) => help!("Jekyll", "alias"),
        (Flavor::Jekyll, false) => help!("Jekyll", "permalink"),
    }
}

/// At most this many other pages are named in one finding: a URL or a
/// title shared by hundreds of pages would otherwise name every one of them
/// in every one of their findings (output growing with the square).
const NAMED: usize = 3;

/// `a`, `a and b`, `a, b and c`; past `NAMED + 1` items, the first `NAMED`
/// and how many more (`a, b, c and 12 others`).
fn join_capped(total: usize, items: impl Iterator<Item = String>) -> String {
    let take = if total > NAMED + 1 { NAMED } else { total };
    let named: Vec<String> = items.take(take).collect();
    let more = total.saturating_sub(named.len());
    match (named.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        ([rest @ .., last], 0) => format!("{} and {last}", rest.join(", ")),
        (all, more) => format!("{} and {more} others", all.join(", ")),
    }
}
