//! LNK003: a link's `#fragment` must name an id on the page it reaches: a
//! heading's id as the generator makes it, an id or name in the page's raw
//! HTML, or one its templates write. Where a page's ids cannot all be
//! known (a shortcode or include that writes ids, a heading a template
//! call makes, a heading render hook of the site's, a missing theme) the
//! rule says nothing about it.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::judge::url_candidates;
use super::{BROKEN_FRAGMENT, Item, Target};
use crate::diagnostic::{Diagnostic, Span};
use crate::document::anchors::Anchors;
use crate::generator::Flavor;
use crate::generator::page::{Page, Role};
use crate::index::{Depth, LinkTarget, RefOutcome, SiteIndex};
use crate::site::anchors::LayoutAnchors;
use crate::text::urls::{clean_path, percent_decode, resolve_relative};
use crate::text::{FastMap, did_you_mean};

/// What the site pass knows of anchors before it judges a fragment: the
/// linted files' (by path: its bytes, which hash in one go where a
/// `Path` hashes component by component) and the layouts'.
pub(super) struct LintedAnchors<'a> {
    pub by_path: FastMap<&'a OsStr, &'a Anchors>,
    /// Read on the first fragment judged.
    pub layout: OnceLock<Arc<LayoutAnchors>>,
}

/// The finding on the `#fragment` of a link (of the file `file`, whose
/// page is `from`) whose target the link rules found: the page it reaches
/// must have an element with that id.
pub(super) fn check_item_fragment(
    index: &SiteIndex,
    linted: &LintedAnchors,
    from: &Page,
    file: &Path,
    item: &Item,
) -> Option<Diagnostic> {
    // The fragment first: most need no target page to be settled.
    let fragment = match &item.target {
        Target::Fragment(fragment) => fragment.as_str(),
        Target::Link(dest) => dest.split_once('#')?.1,
        Target::Ref { path, .. } => path.as_deref()?.split_once('#')?.1,
        Target::PostUrl { fragment, .. } | Target::LinkTag { fragment, .. } => {
            fragment.as_deref()?
        }
    };
    let layout = linted.layout.get_or_init(|| LayoutAnchors::of(index.site));
    let fragment = decoded(fragment);
    if always_there(&fragment) || layout_has(layout, &fragment) {
        return None;
    }
    let target: Arc<Page> = match &item.target {
        Target::Fragment(_) => Arc::new(from.clone()),
        Target::Link(dest) => {
            let path = dest.split(['#', '?']).next().unwrap_or_default();
            link_target(index, from, file, path)?
        }
        Target::Ref { path, lang, .. } => {
            let path = path
                .as_deref()?
                .split(['#', '?'])
                .next()
                .unwrap_or_default();
            if path.is_empty() {
                Arc::new(from.clone())
            } else {
                let lang = lang
                    .as_deref()
                    .map_or_else(|| from.lang.clone(), str::to_ascii_lowercase);
                let RefOutcome::Found(page) = index.hugo_ref(from, path, &lang) else {
                    return None;
                };
                Arc::new(page)
            }
        }
        Target::PostUrl { name, .. } => Arc::new(index.post_url(name.trim())?),
        Target::LinkTag { path, .. } => {
            let LinkTarget::Page(page) = index.link_tag(path.trim()) else {
                return None;
            };
            Arc::new(page)
        }
    };
    check_fragment(index, linted, from, &target, &fragment, item.span)
}

/// The finding on `fragment` (without its `#`, percent-decoded, and no fragment every page
/// has) of a link from `from` to `target`.
fn check_fragment(
    index: &SiteIndex,
    linted: &LintedAnchors,
    from: &Page,
    target: &Page,
    fragment: &str,
    span: Span,
) -> Option<Diagnostic> {
    let itself = target.file == from.file && target.lang == from.lang;
    let anchors = anchors_of(index, linted, target)?;
    let anchors = &*anchors;
    if anchors.unknown.is_some() || anchors.contains(fragment) {
        return None;
    }
    let on = if itself {
        "this page".to_string()
    } else {
        format!("`{}`", target.shown())
    };
    // A finding: the ids' names, for the help (a summary keeps hashes).
    let read;
    let anchors = if anchors.has_names() {
        anchors
    } else {
        read = index.anchors(target);
        read.as_deref()
            .filter(|read| read.has_names())
            .unwrap_or(anchors)
    };
    let heading_ids: Vec<&str> = anchors
        .headings()
        .map(Iterator::collect)
        .unwrap_or_default();
    let hint = translated(index, linted, target, &heading_ids, fragment)
        .map(|(id, lang)| {
            format!(
                "`#{fragment}` is the id of a heading of the `{lang}` version of the page; the heading at the same place here is `#{id}`"
            )
        })
        .or_else(|| closest(anchors, fragment).map(|id| format!("did you mean `#{id}`?")));
    let browsers = "browsers open the top of the page instead";
    let help = match hint {
        Some(hint) => format!("{hint} ({browsers})"),
        None if anchors.heading_count() == 0 => format!(
            "the page has no heading with an id; {browsers}; link to the page without the fragment"
        ),
        None if heading_ids.is_empty() => browsers.to_string(),
        None => format!(
            "{browsers}; the page's heading ids are {}",
            listed(&heading_ids)
        ),
    };
    Some(
        Diagnostic::new(
            &BROKEN_FRAGMENT,
            span,
            format!("`#{fragment}` names no heading or element of {on}"),
        )
        .label("no element has this id")
        .help(help),
    )
}

/// A page's anchors: a linted page's as linted, another's read from its
/// file. (A file mounted in several languages is linted once, in its
/// first language: its ids are that language's.)
fn anchors_of<'a>(index: &SiteIndex, linted: &LintedAnchors<'a>, page: &Page) -> Option<Held<'a>> {
    match page
        .file
        .as_deref()
        .and_then(|file| linted.by_path.get(file.as_os_str()))
    {
        Some(anchors) => Some(Held::Linted(anchors)),
        None => index.anchors(page).map(Held::Read),
    }
}

/// Anchors borrowed from a summary or shared from the index.
enum Held<'a> {
    Linted(&'a Anchors),
    Read(Arc<Anchors>),
}

impl std::ops::Deref for Held<'_> {
    type Target = Anchors;

    fn deref(&self) -> &Anchors {
        match self {
            Held::Linted(anchors) => anchors,
            Held::Read(anchors) => anchors,
        }
    }
}

/// Whether a page with `anchors` answers `fragment` (as written, without
/// its `#`), or cannot be said not to.
pub(super) fn has_fragment(layout: &LayoutAnchors, anchors: &Anchors, fragment: &str) -> bool {
    let fragment = decoded(fragment);
    anchors.unknown.is_some()
        || anchors.contains(&fragment)
        || always_there(&fragment)
        || layout_has(layout, &fragment)
}

/// A fragment as a browser matches it: percent escapes decoded.
fn decoded(fragment: &str) -> Cow<'_, str> {
    if fragment.contains('%') {
        Cow::Owned(percent_decode(fragment))
    } else {
        Cow::Borrowed(fragment)
    }
}

/// Whether the site's templates give every page `fragment`, or may.
fn layout_has(layout: &LayoutAnchors, fragment: &str) -> bool {
    layout.unknown.is_some() || layout.contains(fragment)
}

/// Fragments every page has, or that a script rather than an element
/// answers: `#top` (browsers scroll to the top without an element named
/// so), footnotes (`#fn:1`, `#fnref:1`, numbered by the renderer), line
/// anchors (`#L10`, `#L10-L12`) and text fragments (`#:~:text=`).
fn always_there(fragment: &str) -> bool {
    let line_anchor = |text: &str| {
        text.strip_prefix('L')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    fragment.is_empty()
        || fragment.eq_ignore_ascii_case("top")
        || fragment.starts_with("fn:")
        || fragment.starts_with("fnref:")
        || fragment.starts_with("fn-")
        || fragment.starts_with("fnref-")
        || fragment.starts_with(":~:")
        || fragment
            .split_once('-')
            .map_or(line_anchor(fragment), |(a, b)| {
                line_anchor(a) && line_anchor(b)
            })
}

/// The page's id closest to `fragment`: the same id in another case
/// (fragments are matched exactly), else a near miss.
fn closest<'a>(anchors: &'a Anchors, fragment: &str) -> Option<&'a str> {
    let ids: Vec<&str> = anchors.ids()?.collect();
    ids.iter()
        .find(|id| id.eq_ignore_ascii_case(fragment))
        .copied()
        .or_else(|| did_you_mean(fragment, ids.iter().copied()))
}

/// For a page of several languages: the id of the heading at the place
/// where another language's version has a heading with id `fragment`, when
/// the two versions have as many headings.
fn translated(
    index: &SiteIndex,
    linted: &LintedAnchors,
    page: &Page,
    headings: &[&str],
    fragment: &str,
) -> Option<(String, String)> {
    if index.flavor() != Flavor::Hugo || page.file.is_none() {
        return None;
    }
    let hugo = index.site.hugo();
    hugo.language_codes
        .iter()
        .filter(|lang| **lang != page.lang)
        .find_map(|lang| {
            let other = index.hugo_get_page(page, &page.key, lang, Depth::Full)?;
            let theirs = anchors_of(index, linted, &other)?;
            let at = theirs.heading_position(fragment)?;
            if theirs.heading_count() != headings.len() {
                return None;
            }
            Some((headings.get(at)?.to_string(), lang.clone()))
        })
}

/// `#a`, `#b`, `#c` and N more.
fn listed(ids: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut out: Vec<String> = ids
        .iter()
        .take(SHOWN)
        .map(|id| format!("`#{id}`"))
        .collect();
    if ids.len() > SHOWN {
        out.push(format!("{} more", ids.len() - SHOWN));
    }
    out.join(", ")
}

/// The page a site-local link (its path part, `path`) reaches, as the
/// link check found it: a content file named by a `.md` link, else the
/// page at the URL.
pub(super) fn link_target(
    index: &SiteIndex,
    from: &Page,
    file: &Path,
    path: &str,
) -> Option<Arc<Page>> {
    let site = index.site;
    let decoded = percent_decode(path);
    if site.is_markdown(Path::new(&decoded)) {
        if let Some(target) = index.content_file(file, &decoded) {
            // A file the run did not lint (a run over some files): its
            // pages worked out from its path.
            let mut pages = index.page_of(&target);
            if pages.is_empty() {
                pages = index.pages_for(&target).into_iter().map(Arc::new).collect();
            }
            let page = pages
                .iter()
                .find(|page| page.lang == from.lang)
                .or_else(|| pages.first())?;
            return Some(Arc::clone(page));
        }
        return match site.flavor {
            Flavor::Hugo => index
                .hugo_get_page(from, &decoded, &from.lang, Depth::Full)
                .map(Arc::new),
            Flavor::Jekyll => None,
        };
    }
    let absolute = if decoded.starts_with('/') {
        clean_path(&decoded)
    } else {
        resolve_relative(&index.url(from)?, &decoded)
    };
    let candidates = url_candidates(site, absolute);
    for depth in [Depth::Quick, Depth::Full] {
        for candidate in &candidates {
            let hits = index.pages_at_depth(candidate, depth);
            let hit = hits.iter().find(|hit| {
                hit.not_built.is_none()
                    && !hit.alias
                    && hit.page.role != Role::Resource
                    && (!index.multihost() || hit.page.lang == from.lang)
            });
            if let Some(hit) = hit {
                return Some(Arc::clone(&hit.page));
            }
        }
        if index.is_whole() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_every_page_answers() {
        for fragment in [
            "",
            "top",
            "TOP",
            "fn:1",
            "fnref:note",
            "L10",
            "L10-L12",
            ":~:text=x",
        ] {
            assert!(always_there(fragment), "{fragment}");
        }
        for fragment in ["topics", "L", "Lx", "L10-x", "install"] {
            assert!(!always_there(fragment), "{fragment}");
        }
    }
}
