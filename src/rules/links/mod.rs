//! Link rules (LNK): links the generator resolves (Hugo `ref`/`relref`,
//! Jekyll `post_url`/`link`) and site-local links in Markdown and HTML must
//! reach a page, a static file or an alias of the site.
//!
//! Both need the whole site, so they run in the site pass: the per-file
//! pass only collects the links (`collect`), with the lines they sit on.

mod collect;
mod fragments;
mod judge;
mod refs;

use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, Span};
use crate::index::Lookups;
use crate::rules::{FileJudge, Runs, SiteCheck, SiteContext, SiteFile, SiteJudge, declare_check};
use fragments::{LintedAnchors, check_item_fragment, link_target};
use judge::{Verdicts, check_link};
use refs::{check_link_tag, check_post_url, check_ref};

declare_check! {
    /// Every link of every linted file, against the site index.
    pub static CHECK = Runs::Site(SiteCheck {
        collect: Some(collect::collect),
        judge: SiteJudge::EachFile(start),
        lookups: &[Lookups::Urls, Lookups::Links],
    });

    pub static BROKEN_REF = "LNK001" "broken-ref" {
        severity: Error,
        summary: "A Hugo `ref`/`relref` or Jekyll `post_url`/`link` whose target does not exist (the build fails)",
    }

    pub static BROKEN_LINK = "LNK002" "broken-internal-link" {
        severity: Warning,
        summary: "A site-local link that matches no page, static file or alias",
    }

    pub static BROKEN_FRAGMENT = "LNK003" "broken-fragment" {
        severity: Warning,
        summary: "A link's `#fragment` that names no heading or element id of the page it reaches",
    }
}

/// What a collected link points at.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// Hugo `{{< ref >}}` / `{{< relref >}}`.
    Ref {
        shortcode: String,
        path: Option<String>,
        lang: Option<String>,
    },
    /// Jekyll `{% post_url NAME %}`, and the `#fragment` written right
    /// after it (`[x]({% post_url NAME %}#install)`).
    PostUrl {
        name: String,
        fragment: Option<String>,
    },
    /// Jekyll `{% link PATH %}`, and the `#fragment` after it.
    LinkTag {
        path: String,
        fragment: Option<String>,
    },
    /// A Markdown link or `<a href>` to a site-local URL or file.
    Link(String),
    /// A link to a place on its own page (`#install`), without the `#`.
    Fragment(String),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub target: Target,
    /// Where the target is written.
    pub span: Span,
}

/// The site pass: judges every collected link of every linted file, the
/// files in parallel (the index is shared and fills its caches once).
fn start<'c>(cx: &'c SiteContext<'c>) -> FileJudge<'c> {
    if cx.files.iter().any(|file| !file.summary.links.is_empty()) {
        cx.index.prepare_urls();
    }
    let verdicts = Verdicts::default();
    let fragments = cx.rules.is_enabled(&BROKEN_FRAGMENT);
    // The anchors of the linted pages, as linted (see `collect`).
    let anchors = LintedAnchors {
        by_path: cx
            .files
            .iter()
            .filter_map(|file| Some((file.path.as_os_str(), file.summary.anchors.as_deref()?)))
            .collect(),
        layout: OnceLock::new(),
    };
    Box::new(move |file, found| {
        let anchors = fragments.then_some(&anchors);
        check_links_of(cx, &verdicts, anchors, file, found);
    })
}

/// The page a Markdown link of the page `from` (the file `file`) reaches,
/// as the link check finds it: `dest` as written, when it is site-local
/// (an editor's go to definition).
pub fn linked_page(
    index: &crate::index::SiteIndex,
    from: &crate::generator::page::Page,
    file: &std::path::Path,
    written: &str,
    dest: &str,
) -> Option<std::sync::Arc<crate::generator::page::Page>> {
    let own = index
        .site
        .own_base_url(Some(from.lang.as_str()).filter(|lang| !lang.is_empty()));
    let local = collect::site_local(index.flavor(), own, written, dest)?;
    let path = local.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    link_target(index, from, file, path)
}

/// The findings on one file's links, pushed to `out`.
fn check_links_of(
    cx: &SiteContext,
    verdicts: &Verdicts,
    anchors: Option<&LintedAnchors>,
    file: &SiteFile,
    out: &mut Vec<Diagnostic>,
) {
    if file.summary.links.is_empty() {
        return;
    }
    let pages = cx.index.page_of(file.path);
    let Some(page) = pages.first() else {
        return;
    };
    let index = cx.index;
    for item in &file.summary.links {
        let diagnostic = match &item.target {
            Target::Ref {
                shortcode,
                path,
                lang,
            } => check_ref(
                index,
                page,
                item.span,
                shortcode,
                path.as_deref(),
                lang.as_deref(),
            ),
            Target::PostUrl { name, .. } => check_post_url(index, item.span, name),
            Target::LinkTag { path, .. } => check_link_tag(index, item.span, path),
            Target::Link(dest) => check_link(index, verdicts, page, file.path, item.span, dest),
            Target::Fragment(_) => None,
        };
        // A link whose target is fine: its fragment next.
        let diagnostic =
            diagnostic.or_else(|| check_item_fragment(index, anchors?, page, file.path, item));
        out.extend(diagnostic);
    }
}
