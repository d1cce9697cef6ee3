//! SITE001: two pages at one URL, or an alias that is another page's URL:
//! the generator writes both to one file and one silently replaces the
//! other.

use std::borrow::Cow;

use super::{join_capped, same_page};
use crate::diagnostic::{Diagnostic, Span};
use crate::generator::Flavor;
use crate::index::{Lookups, UrlHit};
use crate::rules::{
    FileJudge, Runs, SiteCheck, SiteContext, SiteFile, SiteJudge, Summary, declare_check,
};
use crate::text::urls::url_key;

declare_check! {
    /// Each linted page's URL and aliases, against every page's.
    pub static CHECK = Runs::Site(SiteCheck {
        collect: None,
        judge: SiteJudge::EachFile(start),
        lookups: &[Lookups::Urls],
    });

    pub static DUPLICATE_URL = "SITE001" "duplicate-url" {
        severity: Error,
        summary: "Two pages with the same URL, or an alias that is another page's URL",
    }
}

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

/// Every linted file's URL (and alias) collisions, the files in parallel.
fn start<'c>(cx: &'c SiteContext<'c>) -> FileJudge<'c> {
    cx.index.prepare_urls();
    Box::new(move |file, found| duplicate_urls_of(cx, file, found))
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
        let aliases_written = !(index.flavor() == Flavor::Hugo
            && index.site.hugo().for_lang(&page.lang).disable_aliases);
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
                        // Each language of a multihost site has its own host.
                        && (!index.multihost() || hit.page.lang == page.lang)
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
