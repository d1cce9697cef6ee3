//! LNK001: the links the generator resolves itself, and fails the build
//! on: Hugo's `ref`/`relref`, Jekyll's `post_url` and `link`.

use super::BROKEN_REF;
use crate::diagnostic::{Diagnostic, Span};
use crate::generator::dates::file_name_date;
use crate::generator::hugo::urls::parse_ref_path;
use crate::generator::page::Page;
use crate::index::{LinkTarget, RefOutcome, SiteIndex};

fn hugo_fails(shortcode: &str) -> String {
    format!(
        "Hugo fails the build on a `{shortcode}` it cannot resolve (REF_NOT_FOUND, unless `refLinksErrorLevel` is WARNING)"
    )
}

pub(super) fn check_ref(
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
            if !index.site.hugo().language_codes.contains(&lower) {
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
                        index.site.hugo().language_codes.join(", ")
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
            let (key, _) = parse_ref_path(index.site.hugo(), target);
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
    if index.site.hugo().language_codes.len() > 1 || lang != from.lang {
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

pub(super) fn check_post_url(index: &SiteIndex, span: Span, name: &str) -> Option<Diagnostic> {
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
        file_name_date(file).is_some_and(|(_, slug)| !slug.is_empty())
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

pub(super) fn check_link_tag(index: &SiteIndex, span: Span, path: &str) -> Option<Diagnostic> {
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
