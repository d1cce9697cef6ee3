//! LNK002: a site-local link must reach a page, a static file, an asset
//! or an alias, resolved as the generator (and its link render hook)
//! resolves it. Verdicts are remembered per URL for the whole run.

use std::borrow::Cow;
use std::sync::RwLock;

use super::BROKEN_LINK;
use crate::diagnostic::{Diagnostic, Span};
use crate::generator::Flavor;
use crate::generator::hugo::LinkHook;
use crate::generator::hugo::names::hugo_normalize;
use crate::generator::page::Page;
use crate::index::{Depth, RefOutcome, SiteIndex};
use crate::site::Site;
use crate::text::FastMap;
use crate::text::urls::{clean_path, percent_decode, resolve_relative, url_key};

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

pub(super) fn check_link(
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
pub(super) struct Verdicts(RwLock<FastMap<String, Verdict>>);

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

/// What renders the links of `from`'s page.
fn link_hook(index: &SiteIndex, from: &Page) -> LinkHook {
    match index.site.flavor {
        Flavor::Hugo => index.site.hugo_extras().link_hook(index.site, &from.lang),
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
    let decoded = percent_decode(path);
    let hook = link_hook(index, from);
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
        let absolute = resolve_relative(&base, &decoded);
        // Without a render hook to resolve it from the linking page, a
        // relative link's verdict is its URL's: the links of a page and
        // of its neighbours to one place are judged once.
        if !index.is_whole() || hook_resolves(index, hook) {
            return judge_url(index, from, &decoded, absolute);
        }
        let key = ["\u{1}", from.lang.as_str(), "\u{0}", &absolute].concat();
        return verdicts.judged(key, || judge_url(index, from, &decoded, absolute));
    }
    if !index.is_whole() {
        return judge_url(index, from, &decoded, clean_path(&decoded));
    }
    let key = [from.lang.as_str(), "\u{0}", &decoded].concat();
    verdicts.judged(key, || {
        judge_url(index, from, &decoded, clean_path(&decoded))
    })
}

/// The URL paths a link to `absolute` may mean: without the site's base
/// path first (a link written with it), then as written.
pub(super) fn url_candidates(site: &Site, absolute: String) -> Vec<String> {
    let mut candidates = Vec::with_capacity(2);
    if site.base_path != "/"
        && let Some(rest) = absolute.strip_prefix(site.base_path.trim_end_matches('/'))
        && (rest.is_empty() || rest.starts_with('/'))
    {
        candidates.push(if rest.is_empty() {
            "/".to_string()
        } else {
            rest.to_string()
        });
    }
    candidates.push(absolute);
    candidates
}

/// The verdict on a link to a URL path (`absolute`, resolved from the link
/// `decoded`). For an absolute link it depends on `from`'s language alone
/// (`GetPage` reads an absolute path from the site's root).
fn judge_url(index: &SiteIndex, from: &Page, decoded: &str, absolute: String) -> Verdict {
    let site = index.site;
    let hook = link_hook(index, from);
    let candidates = url_candidates(site, absolute);
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
            let mut hits = index.pages_at_depth(candidate, depth);
            if index.multihost() {
                // Another language's page at this URL is on another host.
                hits.to_mut().retain(|hit| hit.page.lang == from.lang);
            }
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
    let key = url_key(candidates.first().map_or("/", String::as_str));
    Verdict::NoTarget(index.suggest_url(&key))
}

/// URLs the generator writes that are no content page: feeds, sitemaps,
/// taxonomy lists and the terms some built page carries, pagination.
/// Whether a term exists needs every page's front matter: in the quick
/// pass of a run over some files a term URL is left unsettled.
fn generated(index: &SiteIndex, path: &str, depth: Depth) -> bool {
    let key = url_key(path);
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
            let config = index.site.hugo();
            let extras = index.site.hugo_extras();
            // A multilingual site redirects `/en/` to the home page.
            if segments.len() == 1
                && config.language_codes.len() > 1
                && *last == config.default_lang
            {
                return true;
            }
            if extras.output_base_names.iter().any(|base| {
                last.strip_prefix(base.as_str())
                    .is_some_and(|r| r.starts_with('.'))
            }) {
                return true;
            }
            let (lang, rest) = match segments.first() {
                Some(first) if config.language_codes.iter().any(|l| l == first) => {
                    (*first, &segments[1..])
                }
                _ => (config.default_lang.as_str(), &segments[..]),
            };
            // Output formats with their own folder (`path = "_print"`).
            if rest
                .first()
                .is_some_and(|first| extras.output_paths.iter().any(|p| p == first))
            {
                return true;
            }
            let is_page_n = rest
                .windows(2)
                .any(|w| w[0] == "page" && w[1].bytes().all(|b| b.is_ascii_digit()));
            let in_taxonomy = rest.first().is_some_and(|first| {
                index
                    .taxonomies_in(lang)
                    .iter()
                    .any(|t| hugo_normalize(t) == *first)
            });
            if is_page_n {
                return true;
            }
            match rest.len() {
                _ if !in_taxonomy => false,
                // The taxonomy's list page.
                1 => index.builds_kind(lang, "taxonomy"),
                2 => {
                    index.builds_kind(lang, "term")
                        && (depth == Depth::Full || index.is_whole())
                        && index.hugo_term_exists(lang, &format!("/{}", rest.join("/")))
                }
                // A term's feed or a page of its list.
                _ => true,
            }
        }
        Flavor::Jekyll => segments.iter().any(|s| {
            s.strip_prefix("page")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }),
    }
}
