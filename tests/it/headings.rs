//! HD001 (title-as-h1) and HD002 (heading-skip): the real binary on the
//! example site (titles in YAML, TOML and JSON), and on throwaway sites
//! whose templates render the title at another level, or not at all.

use crate::common;

use common::{Scratch, run};

const SEED: &str = "fixtures/hugo-blog/content/posts/architects-and-tech-leads.md";
const OUTLINE: &str = "fixtures/hugo-blog/content/posts/outline-from-title.md";
const JSON_TITLE: &str = "fixtures/hugo-blog/content/posts/json-title-repeated.md";
const LANGUAGES: &str = "fixtures/hugo-blog/content/posts/notes-in-many-languages.md";

#[test]
fn headings_in_the_example_site() {
    let out = run(&[
        "check", "--select", "HD", SEED, OUTLINE, JSON_TITLE, LANGUAGES,
    ]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn headings_in_the_example_site_concise() {
    let out = run(&[
        "check",
        "--select",
        "HD",
        "--format",
        "concise",
        "fixtures/hugo-blog",
    ]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn a_heading_right_after_a_shortcode_block_is_a_heading() {
    let site = Scratch::new(&[
        ("hugo.toml", b"title = 'x'\n"),
        ("layouts/_shortcodes/unsafe.html", b"{{ .Inner | safeHTML }}\n"),
        (
            "content/posts/a.md",
            b"---\ntitle: Same Title\n---\n{{< unsafe >}}\n<p>\n<img src=\"/a.jpeg\" alt=\"a\"/>\n</p>\n{{< /unsafe >}}\n# Same title\nText.\n#### Deep\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "HD"]);
    insta::assert_snapshot!(out.all());
}

/// Hugo: a theme whose templates render the title as `<h1>`, and one whose
/// article is only `.Content` (the body's `# Title` is then the page's only
/// title).
#[test]
fn hugo_templates_decide_where_the_title_is() {
    let post = b"+++\ntitle = 'Styles'\n+++\n# Styles\n\nText.\n\n### Details\n" as &[u8];
    let with_h1 = Scratch::new(&[
        ("hugo.toml", b"theme = 'plain'\n"),
        (
            "themes/plain/layouts/_default/single.html",
            b"{{ define \"main\" }}<article><h1 class=\"title\">{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n",
        ),
        ("content/posts/styles.md", post),
    ]);
    let out = with_h1.run(&["check", "--format", "concise", "--select", "HD"]);
    insta::assert_snapshot!("hugo_theme_with_h1_title", out.all());

    let content_only = Scratch::new(&[
        ("hugo.toml", b"theme = 'book'\n"),
        (
            "themes/book/layouts/baseof.html",
            b"<header class=\"hidden\"><h3>{{ partial \"docs/title\" . }}</h3></header>\n<article>{{ .Content }}</article>\n",
        ),
        ("content/posts/styles.md", post),
        (
            "content/posts/no-h1.md",
            b"+++\ntitle = 'No H1'\n+++\n## Section\n\n##### Deep\n",
        ),
    ]);
    let out = content_only.run(&["check", "--format", "concise", "--select", "HD"]);
    insta::assert_snapshot!("hugo_theme_title_in_h3_only", out.all());
}

/// Jekyll: the layout (from front matter or `defaults:`) decides, following
/// the layout chain.
#[test]
fn jekyll_layouts_decide_where_the_title_is() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: Blog\ndefaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      layout: post\n",
        ),
        (
            "_layouts/post.html",
            b"---\nlayout: default\n---\n<article><h2 class=\"post-title\">{{ page.title | escape }}</h2>{{ content }}</article>\n",
        ),
        ("_layouts/default.html", b"<html><body><h1>{{ site.title }}</h1>{{ content }}</body></html>\n"),
        ("_layouts/page.html", b"---\nlayout: default\n---\n<h1>{{ page.title }}</h1>\n{{ content }}\n"),
        ("_layouts/bare.html", b"---\nlayout: default\n---\n{{ content }}\n"),
        (
            "_posts/2024-01-02-hello.md",
            b"---\ntitle: Hello\n---\n### Fine after the h2 title\n\n##### Skips\n",
        ),
        (
            "about.md",
            b"---\ntitle: About\nlayout: page\n---\n# About\n\n### Skips from h1\n",
        ),
        (
            "bare.md",
            b"---\ntitle: Bare\nlayout: bare\n---\n### No title heading above\n",
        ),
        (
            "_posts/2024-01-03-untitled.md",
            b"---\nlayout: page\n---\n### The file name gives the title\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "HD"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn pages_without_a_title_start_anywhere() {
    let site = Scratch::new(&[
        ("hugo.toml", b"title = 'x'\n"),
        (
            "content/_common/snippet.md",
            b"---\n_comment: included into other pages\n---\n### Homebrew\n\nText.\n",
        ),
        ("content/notes.md", b"### A page with no front matter\n"),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "HD"]);
    assert_eq!(out.stdout, "", "{}", out.all());
}

#[test]
fn headings_in_the_jekyll_example_site() {
    let out = run(&["check", "--select", "HD", "fixtures/jekyll-blog"]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// Hugo's template lookup decides, page by page: the section's own
/// template (no title heading) beats the root one (an `<h1>` through the
/// base template's partial), `type` picks another section's templates, and
/// `layout` a named one. The finding names the template and line.
#[test]
fn hugo_the_page_layout_not_any_layout() {
    let post = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\n{extra}---\n# {title}\n\nText.\n").into_bytes()
    };
    let site = Scratch::new(&[
        ("hugo.toml", b"theme = 'docs-theme'\n"),
        (
            "themes/docs-theme/layouts/baseof.html",
            b"<body>\n{{ partial \"page-header.html\" . }}\n{{ block \"main\" . }}{{ end }}\n</body>\n",
        ),
        (
            "themes/docs-theme/layouts/_partials/page-header.html",
            b"<header>\n  <h1 class=\"title\">{{ .Title }}</h1>\n</header>\n",
        ),
        (
            "themes/docs-theme/layouts/single.html",
            b"{{ define \"main\" }}{{ .Content }}{{ end }}\n",
        ),
        (
            "themes/docs-theme/layouts/docs/single.html",
            b"<nav>{{ .Title }}</nav>\n<article>{{ .Content }}</article>\n",
        ),
        (
            "layouts/wide.html",
            b"<main><h2>{{ .Title }}</h2>{{ .Content }}</main>\n",
        ),
        ("content/blog/repeats.md", &post("Repeats", "")),
        ("content/docs/own-title.md", &post("Own title", "")),
        ("content/blog/typed.md", &post("Typed", "type: docs\n")),
        ("content/docs/wide.md", &post("Wide", "layout: wide\n")),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "HD001"]);
    insta::assert_snapshot!(out.all());
    assert!(
        site.run(&["check", "--format", "json", "--select", "HD001"])
            .stdout
            .contains("themes/docs-theme/layouts/_partials/page-header.html:2"),
    );
}

/// Jekyll: the title heading may come from an include of the layout, or
/// of the layout it is wrapped in.
#[test]
fn jekyll_title_through_an_include() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: Docs\n"),
        (
            "_layouts/default.html",
            b"<body>{% include page-title.html %}{{ content }}</body>\n",
        ),
        (
            "_layouts/doc.html",
            b"---\nlayout: default\n---\n<article>{{ content }}</article>\n",
        ),
        (
            "_layouts/plain.html",
            b"<body><nav>{{ page.title }}</nav>{{ content }}</body>\n",
        ),
        (
            "_includes/page-title.html",
            b"{% if page.title %}\n<h1>{{ page.title }}</h1>\n{% endif %}\n",
        ),
        (
            "guide.md",
            b"---\ntitle: Guide\nlayout: doc\n---\n# Guide\n\nText.\n",
        ),
        (
            "plain.md",
            b"---\ntitle: Plain\nlayout: plain\n---\n# Plain\n\nText.\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "HD001"]);
    insta::assert_snapshot!(out.all());
}

/// No layout can be read (the theme is missing): the site's own pages
/// decide. Where most pages open with their title as an H1, that is the
/// site's way and HD001 is quiet; where most do not, the page that does is
/// reported, and the message says why.
#[test]
fn without_a_layout_the_site_convention_decides() {
    let page = |title: &str, repeats: bool| {
        let body = if repeats {
            format!("# {title}\n\nText.\n")
        } else {
            "Text.\n".to_string()
        };
        format!("---\ntitle: {title}\n---\n{body}").into_bytes()
    };
    let convention = Scratch::new(&[
        ("hugo.toml", b"theme = 'gone'\n"),
        ("content/docs/a.md", &page("Alpha", true)),
        ("content/docs/b.md", &page("Beta", true)),
        ("content/docs/c.md", &page("Gamma", false)),
    ]);
    let out = convention.run(&["check", "--format", "concise", "--select", "HD001"]);
    assert_eq!(out.stdout, "", "{}", out.all());

    let odd_one_out = Scratch::new(&[
        ("hugo.toml", b"theme = 'gone'\n"),
        ("content/docs/a.md", &page("Alpha", true)),
        ("content/docs/b.md", &page("Beta", false)),
        ("content/docs/c.md", &page("Gamma", false)),
    ]);
    let out = odd_one_out.run(&["check", "--select", "HD001", "content/docs/a.md"]);
    insta::assert_snapshot!(out.all());
}

/// Headings written in raw HTML are part of the outline HD002 checks: an
/// `<h4>` after `## A` skips a level (reported at its start tag), and a
/// `####` after the `<h4>` does not; a heading in an HTML comment or a code
/// block is none.
#[test]
fn raw_html_headings_are_part_of_the_outline() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        (
            "content/posts/p.md",
            b"---\ntitle: P\n---\n## A\n\n<h4 class=\"x\">Deep</h4>\n\n#### Also deep\n\n<!-- <h6>no</h6> -->\n\n```html\n<h6>code</h6>\n```\n\nText with <H6>inline</H6> HTML.\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "HD002", "--format", "concise"]);
    assert_eq!(
        out.stdout,
        "content/posts/p.md:6:1: HD002 heading level jumps from h2 to h4\n\
         content/posts/p.md:16:11: HD002 heading level jumps from h4 to h6\n",
        "{}",
        out.all()
    );
}
