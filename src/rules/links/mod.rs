//! Link rules (LNK): links the generator resolves (Hugo `ref`/`relref`,
//! Jekyll `post_url`/`link`) and site-local links in Markdown and HTML must
//! reach a page, a static file or an alias of the site.
//!
//! Both need the whole site, so they run in the site pass: the per-file
//! pass only collects the links (`collect`), with the lines they sit on.

mod collect;
mod judge;
mod refs;

use crate::diagnostic::{Diagnostic, Span};
use crate::index::Lookups;
use crate::rules::{FileJudge, Runs, SiteCheck, SiteContext, SiteFile, SiteJudge, declare_check};
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
}

/// What a collected link points at.
#[derive(Debug, Clone)]
pub enum Target {
    /// Hugo `{{< ref >}}` / `{{< relref >}}`.
    Ref {
        shortcode: String,
        path: Option<String>,
        lang: Option<String>,
    },
    /// Jekyll `{% post_url NAME %}`.
    PostUrl(String),
    /// Jekyll `{% link PATH %}`.
    LinkTag(String),
    /// A Markdown link or `<a href>` to a site-local URL or file.
    Link(String),
}

#[derive(Debug, Clone)]
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
    Box::new(move |file, found| check_links_of(cx, &verdicts, file, found))
}

/// The findings on one file's links, pushed to `out`.
fn check_links_of(
    cx: &SiteContext,
    verdicts: &Verdicts,
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
    for item in &file.summary.links {
        let diagnostic = match &item.target {
            Target::Ref {
                shortcode,
                path,
                lang,
            } => check_ref(
                cx.index,
                page,
                item.span,
                shortcode,
                path.as_deref(),
                lang.as_deref(),
            ),
            Target::PostUrl(name) => check_post_url(cx.index, item.span, name),
            Target::LinkTag(path) => check_link_tag(cx.index, item.span, path),
            Target::Link(dest) => check_link(cx.index, verdicts, page, file.path, item.span, dest),
        };
        out.extend(diagnostic);
    }
}
