//! What the per-file pass keeps of a file's links for the site pass: refs,
//! `post_url` and `link` tags, and site-local Markdown and HTML links, each
//! with the span it is written at.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use regex::Regex;

use super::fragments::has_fragment;
use super::{BROKEN_FRAGMENT, BROKEN_LINK, BROKEN_REF, Item, Target};
use crate::diagnostic::Span;
use crate::document::anchors::{Anchors, page_anchors};
use crate::document::{Document, LiquidKind, ShortcodeKind};
use crate::generator::{Flavor, PageKind};
use crate::rules::{FileContext, Summary};
use crate::site::anchors::LayoutAnchors;
use crate::text::FastSet;

/// Liquid that Jekyll resolves to a fixed path: `{{ "/x/" | relative_url }}`
/// or `{{ site.baseurl }}/x/`.
static JEKYLL_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\{\{-?\s*(?:(['"])([^'"{}]*)['"]\s*\|\s*(?:relative_url|absolute_url)|site\.(?:baseurl|url))\s*-?\}\}([^{}]*)$"#,
    )
    .expect("a valid regex")
});

/// Collects the links of a file for the site pass.
pub(super) fn collect(cx: &FileContext, doc: &Document, summary: &mut Summary) {
    // Jekyll copies a page without front matter as is: no Liquid, no
    // Markdown, so no links to judge.
    if doc.flavor == Flavor::Jekyll
        && doc.front_matter.block().is_none()
        && cx.kind != PageKind::Post
    {
        return;
    }
    let text = doc.text();
    let mut items: Vec<Item> = Vec::new();
    let lnk003 = cx.rules.is_enabled(&BROKEN_FRAGMENT);
    let lnk001 = cx.rules.is_enabled(&BROKEN_REF) || lnk003;
    if lnk001 {
        for sc in &doc.tags.shortcodes {
            if !sc.is_ref() || sc.error.is_some() || sc.kind == ShortcodeKind::Close {
                continue;
            }
            let path = sc.ref_path();
            items.push(Item {
                target: Target::Ref {
                    shortcode: sc.name.to_ascii_lowercase(),
                    path: path.map(|p| p.value.clone()),
                    lang: sc.param_ignoring_case("lang").map(|p| p.value.clone()),
                },
                span: path.map_or(sc.name_span, |p| p.value_span),
            });
        }
        for tag in &doc.tags.liquid {
            if tag.kind != LiquidKind::Tag || tag.error.is_some() {
                continue;
            }
            let fragment = lnk003.then(|| fragment_after(text, tag.span.end)).flatten();
            let target = match tag.name.as_str() {
                "post_url" => Target::PostUrl {
                    name: tag.markup.clone(),
                    fragment,
                },
                "link" => Target::LinkTag {
                    path: tag.markup.clone(),
                    fragment,
                },
                _ => continue,
            };
            let span = if tag.markup.is_empty() {
                tag.span
            } else {
                tag.markup_span
            };
            items.push(Item { target, span });
        }
    }
    if cx.rules.is_enabled(&BROKEN_LINK) || lnk003 {
        let own = cx.site.own_base_url(cx.lang);
        // Reference links share their definition's span and are judged
        // once; a set, since a scan per link was quadratic on long pages.
        let mut seen: FastSet<Span> = FastSet::default();
        for link in &doc.markdown.links {
            if link.kind == crate::document::markdown::RefKind::Autolink {
                continue;
            }
            let Some(span) = link.dest_span else {
                continue;
            };
            if !seen.insert(span) {
                continue;
            }
            let written = text.get(span.range()).unwrap_or_default();
            if let Some(target) = link_target(doc.flavor, own, written, &link.dest, lnk003) {
                items.push(Item { target, span });
            }
        }
        // An HTML block comes line by line: contiguous events are one chunk.
        let mut chunks: Vec<Span> = Vec::new();
        for html in &doc.markdown.html {
            match chunks.last_mut() {
                Some(last) if html.span.start <= last.end => last.end = last.end.max(html.span.end),
                _ => chunks.push(html.span),
            }
        }
        for chunk in chunks {
            for (href, span) in anchors(text, chunk) {
                let written = text.get(span.range()).unwrap_or_default();
                if let Some(target) = link_target(doc.flavor, own, written, &href, lnk003) {
                    items.push(Item { target, span });
                }
            }
        }
    }
    if lnk003 {
        settle_own_fragments(cx, doc, &mut items, summary);
    }
    summary.kept.keep_spans(
        &doc.source,
        items.iter().map(|item| Span::empty(item.span.start)),
    );
    summary.links = items;
}

/// The page's anchors, kept for the site pass (other pages' links reach
/// them; the page's text as linted may be newer than its file). Links to
/// places on the page itself are settled here: those whose fragment the
/// page has are dropped (the site pass words the finding on the others,
/// with the page's translations at hand).
fn settle_own_fragments(
    cx: &FileContext,
    doc: &Document,
    items: &mut Vec<Item>,
    summary: &mut Summary,
) {
    let anchors = page_anchors(cx.site, cx.path, doc, cx.lang);
    if items.iter().any(|item| own_fragment(item).is_some()) {
        let layout = LayoutAnchors::of(cx.site);
        items.retain(|item| {
            own_fragment(item).is_none_or(|fragment| !has_fragment(&layout, &anchors, fragment))
        });
    }
    // The ids' names only where a finding on this page will show them.
    let own_finding = items.iter().any(|item| own_fragment(item).is_some());
    let anchors = if own_finding {
        anchors
    } else {
        anchors.without_names()
    };
    // A page without ids is the most common page: one copy serves all.
    static NONE: LazyLock<Arc<Anchors>> = LazyLock::new(Arc::default);
    summary.anchors = Some(if anchors == Anchors::default() {
        Arc::clone(&NONE)
    } else {
        Arc::new(anchors)
    });
}

/// The fragment of a link to a place on its own page.
fn own_fragment(item: &Item) -> Option<&str> {
    match &item.target {
        Target::Fragment(fragment) => Some(fragment),
        Target::Ref { path, .. } => path.as_deref().and_then(|p| p.strip_prefix('#')),
        _ => None,
    }
}

/// The `#fragment` written right after a tag (`{% link x.md %}#install`),
/// without its `#`.
fn fragment_after(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?.strip_prefix('#')?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>' | '<'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// What a link's destination gives the link check: a site-local link, or
/// (for LNK003) a place on the page itself.
fn link_target(
    flavor: Flavor,
    own: Option<&str>,
    written: &str,
    dest: &str,
    fragments: bool,
) -> Option<Target> {
    if let Some(fragment) = dest.trim().strip_prefix('#') {
        return fragments.then(|| Target::Fragment(fragment.to_string()));
    }
    site_local(flavor, own, written, dest).map(Target::Link)
}

/// The destination to check, when a link is site-local: not external
/// (a link written with the site's own address, `own`, is local), not an
/// anchor on the same page, not built by a template at render time (except
/// Jekyll's fixed `relative_url` paths).
pub(super) fn site_local(
    flavor: Flavor,
    own: Option<&str>,
    written: &str,
    dest: &str,
) -> Option<String> {
    // Every link of every page comes through here: the common case (no
    // template, an external or a plain destination) is settled without a
    // regex or a copy.
    let bytes = written.as_bytes();
    let dest: Cow<str> = if memchr::memchr_iter(b'{', bytes)
        .any(|at| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
    {
        if flavor != Flavor::Jekyll {
            return None;
        }
        let caps = JEKYLL_URL.captures(written.trim())?;
        let rest = caps.get(3).map_or("", |m| m.as_str());
        Cow::Owned(match caps.get(2) {
            // `relative_url` and `absolute_url` add the leading slash.
            Some(path) if !path.as_str().starts_with('/') => format!("/{}{rest}", path.as_str()),
            Some(path) => format!("{}{rest}", path.as_str()),
            None => rest.to_string(),
        })
    } else {
        Cow::Borrowed(dest.trim())
    };
    if let Some(path) = own.and_then(|own| own_site_path(own, &dest)) {
        return Some(path);
    }
    if dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || dest.starts_with('?')
        || has_scheme(&dest)
        || dest.contains(crate::document::PLACEHOLDER as char) && !written.contains(&*dest)
    {
        return None;
    }
    Some(dest.into_owned())
}

/// The site path of a link written with the site's own address: `http`
/// or `https` (or scheme-relative) to the site's host, under its base path
/// (`https://owner.github.io/theme` owns `http://owner.github.io/theme/x/`,
/// not `https://owner.github.io/other/`, another site on the same host).
fn own_site_path(own: &str, dest: &str) -> Option<String> {
    let strip = |url: &str| -> Option<String> {
        let lower = url.to_ascii_lowercase();
        let rest = ["https://", "http://", "//"]
            .iter()
            .find_map(|scheme| lower.strip_prefix(scheme).map(|_| &url[scheme.len()..]))?;
        Some(rest.to_string())
    };
    let own = strip(own)?;
    let dest = strip(dest)?;
    let own = own.trim_end_matches('/');
    let host_end = own.find('/').unwrap_or(own.len());
    let (host, base) = own.split_at(host_end);
    let dest_host_end = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    let (dest_host, path) = dest.split_at(dest_host_end);
    if !dest_host.eq_ignore_ascii_case(host) {
        return None;
    }
    let under_base = base.is_empty()
        || path == base
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with(['/', '?', '#']));
    if !under_base {
        return None;
    }
    Some(if path.is_empty() || path.starts_with(['?', '#']) {
        format!("/{path}")
    } else {
        path.to_string()
    })
}

/// Whether a destination starts with a URL scheme (`https:`, `mailto:`):
/// a letter, then letters, digits, `+`, `.` or `-`, then a colon.
fn has_scheme(dest: &str) -> bool {
    let bytes = dest.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes[1..]
            .iter()
            .find(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
            == Some(&b':')
}

/// `href` values of `<a>` start tags in a raw HTML chunk, with their spans.
fn anchors(text: &str, chunk: Span) -> Vec<(String, Span)> {
    let Some(html) = text.get(chunk.range()) else {
        return Vec::new();
    };
    if !html.contains("href") {
        return Vec::new();
    }
    let mut out: Vec<(String, Span)> = Vec::new();
    let mut tag = Vec::new();
    let mut attribute = Vec::new();
    let mut current: Option<(Vec<u8>, html5gum::Span<usize>)> = None;
    let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: html5gum::Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                tag.clear();
                tag.extend_from_slice(name);
                current = None;
            }
            CallbackEvent::AttributeName { name } => {
                attribute.clear();
                attribute.extend_from_slice(name);
            }
            CallbackEvent::AttributeValue { value }
                if tag.eq_ignore_ascii_case(b"a") && attribute.eq_ignore_ascii_case(b"href") =>
            {
                match &mut current {
                    Some((collected, at)) => {
                        collected.extend_from_slice(value);
                        at.end = span.end;
                    }
                    None => current = Some((value.to_vec(), span)),
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                if let Some((value, at)) = current.take() {
                    out.push((
                        String::from_utf8_lossy(&value).into_owned(),
                        Span::new(chunk.start + at.start, chunk.start + at.end),
                    ));
                }
            }
            _ => {}
        }
        None::<std::convert::Infallible>
    });
    let _ = html5gum::Tokenizer::new_with_emitter(html, emitter).finish();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_scheme_answers_like_the_scheme_pattern() {
        let pattern = Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").expect("a valid regex");
        let parts = [
            "", "h", "T", "9", "+", ".", "-", ":", "/", "é", "ttps", "//x", " ",
        ];
        let mut schemes = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let dest = format!("{a}{b}{c}{d}");
                        assert_eq!(has_scheme(&dest), pattern.is_match(&dest), "{dest:?}");
                        schemes += usize::from(has_scheme(&dest));
                    }
                }
            }
        }
        assert!(schemes > 500, "{schemes}");
    }

    #[test]
    fn links_with_the_sites_own_address_are_local() {
        let own = Some("https://owner.github.io/theme");
        for (dest, local) in [
            (
                "http://owner.github.io/theme/setup/#images",
                Some("/theme/setup/#images"),
            ),
            ("https://Owner.GitHub.io/theme", Some("/theme")),
            ("//owner.github.io/theme/", Some("/theme/")),
            ("https://owner.github.io/other/", None),
            ("https://owner.github.io/themes/", None),
            ("https://example.org/theme/x/", None),
        ] {
            assert_eq!(
                site_local(Flavor::Jekyll, own, dest, dest).as_deref(),
                local,
                "{dest}"
            );
        }
        assert_eq!(
            site_local(
                Flavor::Hugo,
                Some("https://example.org/"),
                "https://example.org",
                "https://example.org"
            )
            .as_deref(),
            Some("/")
        );
    }

    #[test]
    fn templated_destinations_are_told_by_their_braces() {
        for written in ["{{ x }}", "a{%b", "/x/{{", "{%"] {
            assert_eq!(
                site_local(Flavor::Hugo, None, written, "/x/"),
                None,
                "{written:?}"
            );
        }
        for written in ["/x/", "{x}", "{ {", "%{", "x{"] {
            assert_eq!(
                site_local(Flavor::Hugo, None, written, "/x/").as_deref(),
                Some("/x/"),
                "{written:?}"
            );
        }
    }
}
