//! MIG002: Jekyll's Liquid left in a Hugo content file. Hugo runs no
//! Liquid: `{% highlight %}`, `{% post_url %}` and `{{ site.baseurl }}`
//! are printed as text, and a link or image whose address holds one is not
//! made at all (the address has spaces). Checked with Hugo 0.168.
//!
//! Liquid is recognised by what only Liquid writes: a `{% name %}` tag of
//! Liquid's or Jekyll's, and a `{{ … }}` output that reads Jekyll's objects
//! (`site.`, `page.`, `include.`…) or pipes into a Jekyll filter. Hugo's
//! own `{{< >}}` and `{{% %}}` calls, and Go template text such as
//! `{{ .Title }}`, are not Liquid. Liquid in code (a code block or span, or
//! a `highlight` shortcode's inner text) is shown, as its author meant.

use super::LIQUID_IN_HUGO;
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::document::{Document, LiquidKind, LiquidTag, ShortcodeKind};
use crate::generator::jekyll::tags::{self as jekyll_tags, TagKind};
use crate::generator::page::Page;
use crate::index::{Depth, SiteIndex};
use crate::rules::{FileContext, Sink};

/// Jekyll's objects: an output that reads one of them (`site.baseurl`,
/// `page.title`) is Liquid. Hugo's are capitalised (`site.Title`).
const LIQUID_OBJECTS: &[&str] = &[
    "site",
    "page",
    "include",
    "layout",
    "paginator",
    "jekyll",
    "post",
    "forloop",
];

/// Jekyll's filters and the Liquid ones a post's output is likely to use.
const LIQUID_FILTERS: &[&str] = &[
    "absolute_url",
    "append",
    "array_to_sentence_string",
    "cgi_escape",
    "date_to_long_string",
    "date_to_rfc822",
    "date_to_string",
    "date_to_xmlschema",
    "escape",
    "jsonify",
    "markdownify",
    "normalize_whitespace",
    "number_of_words",
    "prepend",
    "relative_url",
    "slugify",
    "smartify",
    "strip_html",
    "truncatewords",
    "uri_escape",
    "where_exp",
    "xml_escape",
];

pub(super) fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let tags = &doc.tags.liquid_in_hugo;
    if tags.is_empty() || !sink.enabled(&LIQUID_IN_HUGO) {
        return;
    }
    let text = doc.text();
    let shown_as_code = highlight_shortcodes(doc);
    let root = base_url_is_root(cx);
    // Built on the first `post_url` or `link`: most files need none.
    let mut index: Option<SiteIndex> = None;
    // The end of a `{% highlight %}` block reported as one finding.
    let mut skip_until = 0;
    for (i, tag) in tags.iter().enumerate() {
        if tag.span.start < skip_until
            || tag.in_code
            || tag.error.is_some()
            || shown_as_code
                .iter()
                .any(|span| span.contains(tag.span.start))
            || !is_liquid(tag)
        {
            continue;
        }
        let shown = shown(text, tag);
        let diagnostic = match (tag.kind, tag.name.as_str()) {
            (LiquidKind::Tag, "highlight") => {
                let end = tags[i + 1..]
                    .iter()
                    .find(|t| t.kind == LiquidKind::Tag && t.name == "endhighlight");
                if let Some(end) = end {
                    skip_until = end.span.end;
                }
                highlight(text, tag, end)
            }
            (LiquidKind::Tag, "post_url" | "link") => {
                // The page it names is looked for among the site's others,
                // by the file names it may have (ignored by the walk or
                // not), and whether it is built (by the clock too): the
                // finding depends on more than a record can name.
                crate::site::reads::read_unknown();
                let index = index.get_or_insert_with(|| SiteIndex::new(cx.site, None));
                page_link(cx, index, text, tag)
            }
            (LiquidKind::Tag, "raw" | "endraw") => {
                leftover(tag, &shown, "printed as text").help(
                    "remove it: Hugo prints Liquid as written anyway; to show Liquid as code, put it in a code span or block",
                )
            }
            (LiquidKind::Tag, "include" | "include_relative") => {
                let name = tag.markup.split_whitespace().next().unwrap_or("x.html");
                let stem = name.rsplit('/').next().unwrap_or(name);
                let stem = stem.split('.').next().unwrap_or(stem);
                leftover(tag, &shown, "printed as text, and nothing is included").help(format!(
                    "Hugo's way is a shortcode: put the include's HTML in `layouts/_shortcodes/{stem}.html` and write `{{{{< {stem} >}}}}`"
                ))
            }
            (LiquidKind::Tag, _) => leftover(tag, &shown, "printed as text").help(
                "Hugo runs no template code in content: move the logic into a template or a shortcode (`layouts/_shortcodes/`), or write its result",
            ),
            (LiquidKind::Output, _) => output(text, tag, &shown, root),
        };
        sink.push(diagnostic);
    }
}

/// The finding every kind of leftover starts from.
fn leftover(tag: &LiquidTag, shown: &str, what_hugo_does: &str) -> Diagnostic {
    let what = match tag.kind {
        LiquidKind::Tag => "tag",
        LiquidKind::Output => "output",
    };
    Diagnostic::new(
        &LIQUID_IN_HUGO,
        tag.span,
        format!("Jekyll's Liquid {what} {shown} in a Hugo page: Hugo runs no Liquid, so it is {what_hugo_does}"),
    )
    .label("Liquid, which Hugo does not run")
}

/// `{% highlight lang %}` … `{% endhighlight %}`: a fenced code block.
fn highlight(text: &str, open: &LiquidTag, end: Option<&LiquidTag>) -> Diagnostic {
    let shown = shown(text, open);
    let language = open.markup.split_whitespace().next().unwrap_or_default();
    // Jekyll's `linenos` is Hugo's `linenos` option of the code block.
    let options = if open
        .markup
        .split_whitespace()
        .skip(1)
        .any(|o| o.starts_with("linenos"))
    {
        " {linenos=true}"
    } else {
        ""
    };
    let mut diagnostic = leftover(
        open,
        &shown,
        "printed as text in a paragraph, and the code is not highlighted",
    );
    let Some(end) = end else {
        return diagnostic.help(format!(
            "write a fenced code block (```` ```{language}{options} ````) or Hugo's `{{{{< highlight {language} >}}}}` … `{{{{< /highlight >}}}}`"
        ));
    };
    diagnostic = diagnostic
        .secondary(end.span, "and its end tag")
        .help(format!(
            "write a fenced code block (```` ```{language}{options} ```` … ```` ``` ````) or Hugo's `{{{{< highlight {language} >}}}}` … `{{{{< /highlight >}}}}`"
        ));
    // Certain only for a lone language (no `linenos` or other options) and
    // tags alone on their lines at the margin, where a fence is a fence.
    let plain_language = !language.is_empty()
        && options.is_empty()
        && open.markup == language
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '#'));
    let fence_fits = plain_language
        && own_line_at_margin(text, open.span)
        && own_line_at_margin(text, end.span)
        && open.span.end < end.span.start;
    if !fence_fits {
        return diagnostic;
    }
    // A fence longer than any run of backticks inside the code.
    let inner = text.get(open.span.end..end.span.start).unwrap_or_default();
    let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    diagnostic.fix(Fix {
        message: format!("turn the highlight block into a fenced `{language}` code block"),
        edits: vec![
            Edit {
                span: open.span,
                replacement: format!("{fence}{language}"),
            },
            Edit {
                span: end.span,
                replacement: fence,
            },
        ],
    })
}

/// Whether `span` starts its line and nothing but spaces follows it.
fn own_line_at_margin(text: &str, span: Span) -> bool {
    let starts = span.start == 0 || text.as_bytes().get(span.start - 1) == Some(&b'\n');
    let rest = text.get(span.end..).unwrap_or_default();
    let rest = rest.split('\n').next().unwrap_or_default();
    starts && rest.trim().is_empty()
}

/// `{% post_url NAME %}` and `{% link PATH %}`: Hugo's `relref` to the
/// page the migration made of that post, when the site has exactly one.
fn page_link(cx: &FileContext, index: &SiteIndex, text: &str, tag: &LiquidTag) -> Diagnostic {
    let shown = shown(text, tag);
    let diagnostic = leftover(tag, &shown, "printed as text and the link goes nowhere");
    let target = tag.markup.trim();
    // The post's (or file's) name: Hugo's `ref` finds a page by it, as
    // Jekyll's tag found the post by its file name.
    let name = target.rsplit('/').next().unwrap_or(target);
    let name = match tag.name.as_str() {
        "link" => name.rsplit_once('.').map_or(name, |(stem, _)| stem),
        _ => name,
    };
    let generic = "link with Hugo's `{{< relref \"/section/page.md\" >}}` (the page's path in the content folder) or a plain link to its address";
    if name.is_empty() || target.contains(['{', '}', '"', '\'']) {
        return diagnostic.help(generic);
    }
    let Some((page, path)) = find_page(cx, index, name) else {
        return diagnostic.help(format!(
            "{generic}; no built page named `{name}` is in this page's section or at the content root"
        ));
    };
    let replacement = format!("{{{{< relref \"{path}\" >}}}}");
    diagnostic
        .help(format!(
            "link with Hugo's `{replacement}`: the page {} is the one named `{name}`",
            page.shown()
        ))
        .fix(Fix {
            message: format!("replace it with `{replacement}`"),
            edits: vec![Edit {
                span: tag.span,
                replacement,
            }],
        })
}

/// The built page named `name` in this page's section or at the content
/// root, as Hugo's `relref` finds it from this file, and the path from
/// the content root that finds that page and no other. Only the file
/// names the page can have are probed: a site-wide search by base name
/// (what `relref "name"` falls back to) reads every page's front matter,
/// too much for a per-file check, and a page elsewhere gets no fix.
fn find_page(cx: &FileContext, index: &SiteIndex, name: &str) -> Option<(Page, String)> {
    let from = index.pages_for(cx.path).into_iter().next()?;
    let find = |path: &str| index.hugo_get_page(&from, path, &from.lang, Depth::Quick);
    let page = find(name)?;
    if page.file.is_none() || index.not_built(&page).is_some() {
        return None;
    }
    [format!("/{}", page.logical), page.key.clone()]
        .into_iter()
        .find(|path| find(path).is_some_and(|found| found.file == page.file))
        .map(|path| (page, path))
}

/// A Liquid output: `{{ site.baseurl }}`, `{{ "/x" | relative_url }}`,
/// `{{ page.title }}`.
fn output(text: &str, tag: &LiquidTag, shown: &str, root: bool) -> Diagnostic {
    let expression = tag.markup.as_str();
    let diagnostic = leftover(
        tag,
        shown,
        "printed as written, and a link or image whose address holds it is not made at all",
    );
    if expression == "site.baseurl" {
        let after = text.get(tag.span.end..).unwrap_or_default();
        let diagnostic = diagnostic.help(
            "remove it: Hugo serves `/images/x.jpg` from `static/images/x.jpg`, and a site path needs no prefix when `baseURL` has no path",
        );
        // Certain before a site path, or before a page link the fix makes
        // a `relref` (which carries the base path itself).
        let prefixes_a_path = after.starts_with('/')
            || ["post_url", "link"].iter().any(|name| {
                after
                    .strip_prefix("{%")
                    .map(|rest| rest.trim_start_matches('-').trim_start())
                    .is_some_and(|rest| rest.starts_with(name))
            });
        if root && prefixes_a_path {
            return diagnostic.fix(Fix {
                message: "remove `{{ site.baseurl }}`".to_string(),
                edits: vec![Edit {
                    span: tag.span,
                    replacement: String::new(),
                }],
            });
        }
        return diagnostic;
    }
    if let Some(path) = relative_url_literal(expression) {
        let diagnostic = diagnostic.help(format!(
            "write the path itself, `{path}`: Hugo serves it from `static/` as it is written"
        ));
        if root {
            return diagnostic.fix(Fix {
                message: format!("replace it with `{path}`"),
                edits: vec![Edit {
                    span: tag.span,
                    replacement: path,
                }],
            });
        }
        return diagnostic;
    }
    diagnostic.help(
        "write the value itself, or print it with a shortcode (`{{< param name >}}` prints a page or site parameter)",
    )
}

/// `"/x" | relative_url` (or with single quotes): the path Jekyll makes.
fn relative_url_literal(expression: &str) -> Option<String> {
    let (literal, filter) = expression.split_once('|')?;
    if filter.trim() != "relative_url" {
        return None;
    }
    let literal = literal.trim();
    let quote = literal.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let path = literal.strip_prefix(quote)?.strip_suffix(quote)?;
    if path.is_empty() || path.contains(['"', '\'', '{', '}', ' ']) || path.contains("://") {
        return None;
    }
    Some(if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    })
}

/// Whether the tag is Liquid, not text that happens to look like it.
fn is_liquid(tag: &LiquidTag) -> bool {
    match tag.kind {
        // Liquid's tags, Jekyll's and those of the plugins postlint knows:
        // a `{% name %}` with another name is not taken for Liquid (Django
        // and Jinja share the syntax, and a post about them may quote it).
        LiquidKind::Tag => {
            let name = tag.name.as_str();
            jekyll_tags::known(name).is_some()
                || jekyll_tags::is_keyword(name)
                || name
                    .strip_prefix("end")
                    .is_some_and(|base| jekyll_tags::known(base) == Some(TagKind::Block))
        }
        LiquidKind::Output => is_liquid_expression(&tag.markup),
    }
}

/// An expression that reads Jekyll's objects or pipes into its filters.
/// Hugo's shortcode calls (`< x >`, `% x %`) and Go template text
/// (`.Title`, `$x`, `site.Title`) are not.
fn is_liquid_expression(expression: &str) -> bool {
    if expression.starts_with(['<', '%', '.', '$', '/']) {
        return false;
    }
    let reads_object = LIQUID_OBJECTS.iter().any(|object| {
        expression
            .strip_prefix(object)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase() || c == '_'))
    });
    let filtered = expression.split('|').skip(1).any(|filter| {
        let name = filter.trim().split([':', ' ']).next().unwrap_or_default();
        LIQUID_FILTERS.contains(&name)
    });
    reads_object || filtered
}

/// The inner text of Hugo `highlight` shortcode calls: code, shown.
fn highlight_shortcodes(doc: &Document) -> Vec<Span> {
    let shortcodes = &doc.tags.shortcodes;
    let mut spans = Vec::new();
    for (i, open) in shortcodes.iter().enumerate() {
        if open.kind != ShortcodeKind::Open || !open.name.eq_ignore_ascii_case("highlight") {
            continue;
        }
        if let Some(close) = shortcodes[i + 1..]
            .iter()
            .find(|sc| sc.kind == ShortcodeKind::Close && sc.name.eq_ignore_ascii_case("highlight"))
        {
            spans.push(Span::new(open.span.end, close.span.start));
        }
    }
    spans
}

/// Whether the site's `baseURL` has no path: a site path then needs no
/// prefix, as `{{ site.baseurl }}` was in Jekyll.
fn base_url_is_root(cx: &FileContext) -> bool {
    let Some(base) = cx.site.hugo().base_url.as_deref() else {
        return true;
    };
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
    path.trim_matches('/').is_empty()
}

/// The tag as written, when short and on one line; else its name.
fn shown(text: &str, tag: &LiquidTag) -> String {
    let written = text.get(tag.span.range()).unwrap_or_default();
    if !written.contains('\n') && written.chars().count() <= 60 {
        format!("`{written}`")
    } else if tag.kind == LiquidKind::Tag {
        format!("`{{% {} %}}`", tag.name)
    } else {
        "`{{ … }}`".to_string()
    }
}
