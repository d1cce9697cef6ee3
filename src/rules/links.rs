//! Link rules (LNK): links the generator resolves (Hugo `ref`/`relref`,
//! Jekyll `post_url`/`link`) and site-local links in Markdown and HTML must
//! reach a page, a static file or an alias of the site.
//!
//! Both need the whole site, so they run in the site pass: the per-file
//! pass only collects the links (`collect`), with the lines they sit on.

use std::borrow::Cow;
use std::sync::{LazyLock, RwLock};

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use regex::Regex;

use super::{Family, FileContext, RuleMeta, SiteContext, SiteFile, SiteSink};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Document, LiquidKind, ShortcodeKind};
use crate::index::hugo::LinkHook;
use crate::index::{
    Depth, FastMap, FastSet, LinkTarget, Page, RefOutcome, SiteIndex, Summary, text,
};
use crate::site::Flavor;

pub static BROKEN_REF: RuleMeta = RuleMeta {
    code: "LNK001",
    name: "broken-ref",
    family: Family::Links,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A Hugo `ref`/`relref` or Jekyll `post_url`/`link` whose target does not exist (the build fails)",
    doc: include_str!("../../rules/LNK001.md"),
};

pub static BROKEN_LINK: RuleMeta = RuleMeta {
    code: "LNK002",
    name: "broken-internal-link",
    family: Family::Links,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "A site-local link that matches no page, static file or alias",
    doc: include_str!("../../rules/LNK002.md"),
};

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

/// Liquid that Jekyll resolves to a fixed path: `{{ "/x/" | relative_url }}`
/// or `{{ site.baseurl }}/x/`.
static JEKYLL_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\{\{-?\s*(?:(['"])([^'"{}]*)['"]\s*\|\s*(?:relative_url|absolute_url)|site\.(?:baseurl|url))\s*-?\}\}([^{}]*)$"#,
    )
    .expect("a valid regex")
});

/// Collects the links of a file for the site pass.
pub fn collect(cx: &FileContext, doc: &Document, summary: &mut Summary) {
    // Jekyll copies a page without front matter as is: no Liquid, no
    // Markdown, so no links to judge.
    if doc.flavor == Flavor::Jekyll
        && doc.front_matter.block().is_none()
        && cx.kind != super::PageKind::Post
    {
        return;
    }
    let text = doc.text();
    let mut items: Vec<Item> = Vec::new();
    let lnk001 = cx.settings.rules.is_enabled(&BROKEN_REF);
    if lnk001 {
        for sc in &doc.tags.shortcodes {
            let is_ref =
                sc.name.eq_ignore_ascii_case("ref") || sc.name.eq_ignore_ascii_case("relref");
            if !is_ref || sc.error.is_some() || sc.kind == ShortcodeKind::Close {
                continue;
            }
            let named = |key: &str| {
                sc.params.iter().find(|p| {
                    p.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(key))
                })
            };
            let path = named("path").or_else(|| sc.params.iter().find(|p| p.name.is_none()));
            items.push(Item {
                target: Target::Ref {
                    shortcode: sc.name.to_ascii_lowercase(),
                    path: path.map(|p| p.value.clone()),
                    lang: named("lang").map(|p| p.value.clone()),
                },
                span: path.map_or(sc.name_span, |p| p.value_span),
            });
        }
        for tag in &doc.tags.liquid {
            if tag.kind != LiquidKind::Tag || tag.error.is_some() {
                continue;
            }
            let target = match tag.name.as_str() {
                "post_url" => Target::PostUrl(tag.markup.clone()),
                "link" => Target::LinkTag(tag.markup.clone()),
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
    if cx.settings.rules.is_enabled(&BROKEN_LINK) {
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
            if let Some(dest) = site_local(doc.flavor, written, &link.dest) {
                items.push(Item {
                    target: Target::Link(dest),
                    span,
                });
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
                if let Some(dest) = site_local(doc.flavor, written, &href) {
                    items.push(Item {
                        target: Target::Link(dest),
                        span,
                    });
                }
            }
        }
    }
    for item in &items {
        summary.excerpt.keep(&doc.source, item.span.start);
    }
    summary.links = items;
}

/// The destination to check, when a link is site-local: not external, not
/// an anchor on the same page, not built by a template at render time
/// (except Jekyll's fixed `relative_url` paths).
fn site_local(flavor: Flavor, written: &str, dest: &str) -> Option<String> {
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

/// The site pass: judges every collected link of every linted file, the
/// files in parallel (the index is shared and fills its caches once).
pub fn check_site(cx: &SiteContext, sink: &mut SiteSink) {
    if cx.files.iter().any(|file| !file.summary.links.is_empty()) {
        cx.index.prepare_urls();
    }
    let verdicts = Verdicts::default();
    sink.each_file(cx.files, |file, found| {
        check_links_of(cx, &verdicts, file, found);
    });
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

fn hugo_fails(shortcode: &str) -> String {
    format!(
        "Hugo fails the build on a `{shortcode}` it cannot resolve (REF_NOT_FOUND, unless `refLinksErrorLevel` is WARNING)"
    )
}

fn check_ref(
    index: &SiteIndex,
    from: &Page,
    span: Span,
    shortcode: &str,
    path: Option<&str>,
    lang: Option<&str>,
) -> Option<Diagnostic> {
    let Some(raw) = path else {
        return Some(
            Diagnostic::new(
                &BROKEN_REF,
                span,
                format!("`{shortcode}` without a page path"),
            )
            .label("no path given")
            .help(format!(
                "{}; give the page's path, such as `{{{{< {shortcode} \"posts/my-post\" >}}}}`",
                hugo_fails(shortcode)
            )),
        );
    };
    let target = raw.split(['#', '?']).next().unwrap_or_default();
    if target.is_empty() {
        // `#anchor` (or nothing): the current page.
        return None;
    }
    let lang = match lang {
        Some(lang) => {
            let lower = lang.to_ascii_lowercase();
            if !index.hugo_config().languages.contains(&lower) {
                return Some(
                    Diagnostic::new(
                        &BROKEN_REF,
                        span,
                        format!(
                            "`{shortcode}` asks for language `{lang}`, which the site does not have"
                        ),
                    )
                    .label("in this language")
                    .help(format!(
                        "{}; the site's languages are {}",
                        hugo_fails(shortcode),
                        index.hugo_config().languages.join(", ")
                    )),
                );
            }
            lower
        }
        None => from.lang.clone(),
    };
    match index.hugo_ref(from, target, &lang) {
        RefOutcome::Found(page) => {
            let why = index.not_built(&page)?;
            Some(
                Diagnostic::new(
                    &BROKEN_REF,
                    span,
                    format!(
                        "`{shortcode}` to `{target}` points at {}, which is {why}",
                        page.shown()
                    ),
                )
                .label("this page is not built")
                .help(
                    "Hugo leaves that page out of the build, so the ref fails the build (REF_NOT_FOUND); publish the page or link to another one",
                ),
            )
        }
        RefOutcome::Ambiguous(pages) => {
            let shown: Vec<String> = pages.iter().map(Page::shown).collect();
            let example = pages.first().map_or_else(String::new, |p| p.key.clone());
            Some(
                Diagnostic::new(
                    &BROKEN_REF,
                    span,
                    format!(
                        "`{shortcode}` to `{target}` is ambiguous: {} {} have that name",
                        join_and(&shown),
                        if shown.len() == 2 { "both" } else { "all" }
                    ),
                )
                .label("several pages match")
                .help(format!(
                    "Hugo fails the build (page reference \"{target}\" is ambiguous); write the path from the content root, such as `{example}`"
                )),
            )
        }
        RefOutcome::NotFound => {
            let (key, _) = crate::index::hugo::parse_ref_path(index.hugo_config(), target);
            let hint = index
                .hugo_suggest(&lang, &key)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            Some(
                Diagnostic::new(
                    &BROKEN_REF,
                    span,
                    format!("`{shortcode}` to `{target}` finds no page{}", in_lang(index, &lang, from)),
                )
                .label("no page at this path")
                .help(format!(
                    "{}; Hugo looks the path up relative to this page, then from the content folder, then (for a name without `/`) by file name{hint}",
                    hugo_fails(shortcode)
                )),
            )
        }
    }
}

fn in_lang(index: &SiteIndex, lang: &str, from: &Page) -> String {
    if index.hugo_config().languages.len() > 1 || lang != from.lang {
        format!(" in language `{lang}`")
    } else {
        String::new()
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn dynamic(markup: &str) -> bool {
    markup.contains("{{") || markup.contains("{%")
}

fn check_post_url(index: &SiteIndex, span: Span, name: &str) -> Option<Diagnostic> {
    let name = name.trim();
    if dynamic(name) {
        return None;
    }
    let valid = {
        let file = name
            .trim_start_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        text::filename_date(file).is_some_and(|(_, slug)| !slug.is_empty())
    };
    if !valid {
        return Some(
            Diagnostic::new(
                &BROKEN_REF,
                span,
                if name.is_empty() {
                    "`post_url` without a post name".to_string()
                } else {
                    format!("`post_url` needs a post name such as `2024-01-31-my-post`, not `{name}`")
                },
            )
            .label("not a post name")
            .help("Jekyll fails the build (Could not parse name of post); name the post by its file name without the extension"),
        );
    }
    match index.post_url(name) {
        Some(page) => {
            let why = index.not_built(&page)?;
            Some(
                Diagnostic::new(
                    &BROKEN_REF,
                    span,
                    format!("`post_url` to `{name}` points at {}, which is {why}", page.shown()),
                )
                .label("this post is not built")
                .help("Jekyll does not read that post, so the tag fails the build (Could not find post); publish it or link to another one"),
            )
        }
        None => {
            let file = name.rsplit('/').next().unwrap_or(name);
            let hint = index
                .suggest_post(file)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            Some(
                Diagnostic::new(&BROKEN_REF, span, format!("`post_url` to `{name}` finds no post"))
                    .label("no post with this name")
                    .help(format!(
                        "Jekyll fails the build (Could not find post \"{name}\"); the name is the file name in `_posts` without its extension{hint}"
                    )),
            )
        }
    }
}

fn check_link_tag(index: &SiteIndex, span: Span, path: &str) -> Option<Diagnostic> {
    let path = path.trim();
    if dynamic(path) {
        return None;
    }
    let broken = |message: String, label: &str| {
        Some(
            Diagnostic::new(&BROKEN_REF, span, message)
                .label(label.to_string())
                .help(format!(
                    "Jekyll fails the build (Could not find document '{path}' in tag 'link'); give the file's path from the site root, such as `_posts/2024-01-31-my-post.md` or `about.md`"
                )),
        )
    };
    if path.is_empty() {
        return broken("`link` without a path".to_string(), "no path given");
    }
    match index.link_tag(path) {
        LinkTarget::Static => None,
        LinkTarget::Page(page) => {
            let why = index.not_built(&page)?;
            Some(
                Diagnostic::new(
                    &BROKEN_REF,
                    span,
                    format!("`link` to `{path}` points at a document that is {why}"),
                )
                .label("this document is not written")
                .help(format!(
                    "Jekyll does not write it, so the tag fails the build (Could not find document '{path}'); publish it or link to another one"
                )),
            )
        }
        LinkTarget::Missing => broken(
            format!("`link` to `{path}` finds no page, document or file"),
            "no file at this path",
        ),
    }
}

/// Where a link goes, as far as postlint can tell.
#[derive(Clone)]
enum Verdict {
    Fine,
    /// A `.md` link Hugo writes as is (no link render hook).
    NotRewritten,
    NotBuilt(String, &'static str),
    NoFile,
    NoTarget(Option<String>),
}

fn check_link(
    index: &SiteIndex,
    verdicts: &Verdicts,
    from: &Page,
    file: &std::path::Path,
    span: Span,
    dest: &str,
) -> Option<Diagnostic> {
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    let verdict = judge(index, verdicts, from, file, path);
    let generator = match index.flavor() {
        Flavor::Hugo => "Hugo",
        Flavor::Jekyll => "Jekyll",
    };
    match verdict {
        Verdict::Fine => None,
        Verdict::NotBuilt(shown, why) => Some(
            Diagnostic::new(
                &BROKEN_LINK,
                span,
                format!("link to `{dest}` points at {shown}, which is {why}"),
            )
            .label("this page is not published")
            .help(format!(
                "{generator} does not publish that page, so the link leads to a 404; publish it or link elsewhere"
            )),
        ),
        Verdict::NotRewritten => Some(
            Diagnostic::new(
                &BROKEN_LINK,
                span,
                format!("link to the file `{dest}` is written to the page as is"),
            )
            .label("not rewritten to a URL")
            .help("without a link render hook Hugo leaves a `.md` destination unchanged, and the browser asks for that file next to the page's URL (a 404); link to the page's URL, use `{{< relref \"…\" >}}`, or add a render hook (`markup.goldmark.renderHooks.link.useEmbedded = \"always\"` uses Hugo's own)"),
        ),
        Verdict::NoFile => Some(
            Diagnostic::new(
                &BROKEN_LINK,
                span,
                format!("link to `{dest}` names no content file of the site"),
            )
            .label("no such file")
            .help("a link to a `.md` file works only when that file exists (it is rewritten to the page's URL); fix the path, relative to this file or to the content folder"),
        ),
        Verdict::NoTarget(suggestion) => Some(
            Diagnostic::new(
                &BROKEN_LINK,
                span,
                format!("link to `{dest}` matches no page, static file or alias of the site"),
            )
            .label("nothing is published here")
            .help(match suggestion {
                Some(url) => Cow::Owned(format!("the link leads to a 404; did you mean `{url}`?")),
                // Fixed text, not a copy per finding: a site can hold
                // thousands of these until the report is written.
                None => Cow::Borrowed("the link leads to a 404; link to a page's URL or to a file in a static folder"),
            }),
        ),
    }
}

/// Verdicts on links in a whole-site run (the index is complete), where
/// they depend on nothing but the key: an absolute link's by the linking
/// page's language and the path, a relative one's (without a render hook)
/// by the URL it resolves to. A site links to the same pages from many
/// posts.
#[derive(Default)]
struct Verdicts(RwLock<FastMap<String, Verdict>>);

impl Verdicts {
    /// The verdict remembered under `key`, or `judge`'s, then remembered.
    fn judged(&self, key: String, judge: impl FnOnce() -> Verdict) -> Verdict {
        if let Some(known) = self
            .0
            .read()
            .ok()
            .and_then(|known| known.get(&key).cloned())
        {
            return known;
        }
        let verdict = judge();
        if let Ok(mut known) = self.0.write() {
            known.insert(key, verdict.clone());
        }
        verdict
    }
}

/// Whether a link render hook resolves destinations from the linking page
/// (Hugo's `GetPage` and `resources.Get`): only then does a relative
/// link's verdict depend on more than the URL it resolves to.
fn hook_resolves(index: &SiteIndex, hook: LinkHook) -> bool {
    index.site.flavor == Flavor::Hugo && hook != LinkHook::Literal
}

fn link_hook(index: &SiteIndex) -> LinkHook {
    match index.site.flavor {
        Flavor::Hugo => index.hugo_config().link_hook,
        // jekyll-relative-links (on GitHub Pages) rewrites `.md` links.
        Flavor::Jekyll => LinkHook::Embedded,
    }
}

fn judge(
    index: &SiteIndex,
    verdicts: &Verdicts,
    from: &Page,
    file: &std::path::Path,
    path: &str,
) -> Verdict {
    let site = index.site;
    let decoded = text::percent_decode(path);
    let hook = link_hook(index);
    if site.is_markdown(std::path::Path::new(&decoded)) {
        let exists = index.content_file(file, &decoded).is_some()
            || (site.flavor == Flavor::Hugo
                && matches!(
                    index.hugo_ref(from, &decoded, &from.lang),
                    RefOutcome::Found(_)
                ));
        return match (exists, hook) {
            (true, LinkHook::Literal) if !index.static_file(&decoded) => Verdict::NotRewritten,
            (true, _) => Verdict::Fine,
            (false, _) => Verdict::NoFile,
        };
    }
    if !decoded.starts_with('/') {
        // A page without a URL: relative links cannot be judged.
        let Some(base) = index.url(from) else {
            return Verdict::Fine;
        };
        let absolute = text::resolve_relative(&base, &decoded);
        // Without a render hook to resolve it from the linking page, a
        // relative link's verdict is its URL's: the links of a page and
        // of its neighbours to one place are judged once.
        if !index.is_whole() || hook_resolves(index, hook) {
            return judge_url(index, from, &decoded, absolute);
        }
        let key = ["\u{1}", &absolute].concat();
        return verdicts.judged(key, || judge_url(index, from, &decoded, absolute));
    }
    if !index.is_whole() {
        return judge_url(index, from, &decoded, text::clean_path(&decoded));
    }
    let key = [from.lang.as_str(), "\u{0}", &decoded].concat();
    verdicts.judged(key, || {
        judge_url(index, from, &decoded, text::clean_path(&decoded))
    })
}

/// The verdict on a link to a URL path (`absolute`, resolved from the link
/// `decoded`). For an absolute link it depends on `from`'s language alone
/// (`GetPage` reads an absolute path from the site's root).
fn judge_url(index: &SiteIndex, from: &Page, decoded: &str, absolute: String) -> Verdict {
    let site = index.site;
    let hook = link_hook(index);
    let mut candidates = vec![absolute.clone()];
    if site.base_path != "/"
        && let Some(rest) = absolute.strip_prefix(site.base_path.trim_end_matches('/'))
        && (rest.is_empty() || rest.starts_with('/'))
    {
        candidates.insert(
            0,
            if rest.is_empty() {
                "/".to_string()
            } else {
                rest.to_string()
            },
        );
    }
    // The quick checks (a few `stat`s) first; the full ones (in runs over
    // some files only: listing the site, reading every front matter) only
    // when those do not settle it.
    let mut not_built = None;
    for depth in [Depth::Quick, Depth::Full] {
        if depth == Depth::Full && index.is_whole() {
            break;
        }
        for candidate in &candidates {
            if index.static_file(candidate) || generated(index, candidate, depth) {
                return Verdict::Fine;
            }
            let hits = index.pages_at_depth(candidate, depth);
            if hits.iter().any(|hit| hit.not_built.is_none()) {
                return Verdict::Fine;
            }
            if let Some(hit) = hits.first() {
                not_built = not_built.or(Some((
                    hit.page.shown(),
                    hit.not_built.unwrap_or("not built"),
                )));
            }
            if index.bundle_resource(candidate, depth) || index.generated_section(candidate) {
                return Verdict::Fine;
            }
        }
        // A link render hook resolves page paths with `GetPage` and files
        // with `resources.Get`; a custom one may do anything with a
        // relative destination.
        if hook_resolves(index, hook) {
            let trimmed = decoded.trim_end_matches('/');
            if !trimmed.is_empty()
                && let Some(page) =
                    index.hugo_get_page(from, trimmed.trim_start_matches("./"), &from.lang, depth)
                && index.not_built(&page).is_none()
            {
                return Verdict::Fine;
            }
            if index.asset_file(decoded) {
                return Verdict::Fine;
            }
            if hook == LinkHook::Custom && !decoded.starts_with('/') {
                return Verdict::Fine;
            }
        }
    }
    if let Some((shown, why)) = not_built {
        return Verdict::NotBuilt(shown, why);
    }
    let key = text::url_key(candidates.first().map_or("/", String::as_str));
    Verdict::NoTarget(index.suggest_url(&key))
}

/// URLs the generator writes that are no content page: feeds, sitemaps,
/// taxonomy lists and the terms some built page carries, pagination.
/// Whether a term exists needs every page's front matter: in the quick
/// pass of a run over some files a term URL is left unsettled.
fn generated(index: &SiteIndex, path: &str, depth: Depth) -> bool {
    let key = text::url_key(path);
    let segments: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
    let Some(last) = segments.last() else {
        // The home page.
        return true;
    };
    if matches!(
        *last,
        "index.xml"
            | "feed.xml"
            | "atom.xml"
            | "rss.xml"
            | "sitemap.xml"
            | "robots.txt"
            | "404"
            | "index.json"
    ) {
        return true;
    }
    match index.flavor() {
        Flavor::Hugo => {
            let config = index.hugo_config();
            // A multilingual site redirects `/en/` to the home page.
            if segments.len() == 1 && config.languages.len() > 1 && *last == config.default_lang {
                return true;
            }
            if config.output_base_names.iter().any(|base| {
                last.strip_prefix(base.as_str())
                    .is_some_and(|r| r.starts_with('.'))
            }) {
                return true;
            }
            let (lang, rest) = match segments.first() {
                Some(first) if config.languages.iter().any(|l| l == first) => {
                    (*first, &segments[1..])
                }
                _ => (config.default_lang.as_str(), &segments[..]),
            };
            // Output formats with their own folder (`path = "_print"`).
            if rest
                .first()
                .is_some_and(|first| config.output_paths.iter().any(|p| p == first))
            {
                return true;
            }
            let is_page_n = rest
                .windows(2)
                .any(|w| w[0] == "page" && w[1].bytes().all(|b| b.is_ascii_digit()));
            let in_taxonomy = rest.first().is_some_and(|first| {
                config
                    .taxonomies
                    .iter()
                    .any(|t| text::hugo_normalize(t) == *first)
            });
            if is_page_n || (in_taxonomy && rest.len() != 2) {
                return true;
            }
            in_taxonomy
                && (depth == Depth::Full || index.is_whole())
                && index.hugo_term_exists(lang, &format!("/{}", rest.join("/")))
        }
        Flavor::Jekyll => segments.iter().any(|s| {
            s.strip_prefix("page")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }),
    }
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
    fn templated_destinations_are_told_by_their_braces() {
        for written in ["{{ x }}", "a{%b", "/x/{{", "{%"] {
            assert_eq!(
                site_local(Flavor::Hugo, written, "/x/"),
                None,
                "{written:?}"
            );
        }
        for written in ["/x/", "{x}", "{ {", "%{", "x{"] {
            assert_eq!(
                site_local(Flavor::Hugo, written, "/x/").as_deref(),
                Some("/x/"),
                "{written:?}"
            );
        }
    }
}
