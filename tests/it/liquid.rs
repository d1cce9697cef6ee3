//! Liquid in Jekyll content (LQ001–LQ004) through the real binary, on
//! throwaway Jekyll sites. Every error situation here was checked against
//! Jekyll 4.3, whose message the help quotes.

use crate::common;

use common::Scratch;

const CONFIG: &[u8] = b"title: Blog\n";

fn post(body: &str) -> Vec<u8> {
    format!("---\ntitle: A post\n---\n{body}").into_bytes()
}

#[test]
fn every_liquid_error_situation() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        (
            "_posts/2024-05-01-unclosed.md",
            &post("{% if page.draft %}\nDraft.\n\n{% capture x %}y\n"),
        ),
        (
            "_posts/2024-05-02-raw.md",
            &post("Templates use:\n\n{% raw %}\n{{ page.title }} and {% if %}\n{%- endraw %}\n"),
        ),
        (
            "_posts/2024-05-03-inner.md",
            &post(
                "{% for post in site.posts %}\n  {% if post.featured %}\n  {{ post.title }}\n{% endfor %}\n",
            ),
        ),
        (
            "_posts/2024-05-04-stray.md",
            &post(
                "{% endif %}\n\n{% for t in page.tags %}{{ t }}{% endif %}\n\n{% raw %}a{% endraw %} b {% endraw %}\n",
            ),
        ),
        (
            "_posts/2024-05-05-branches.md",
            &post(
                "{% else %}\n{% capture c %}{% else %}{% endcapture %}\n{% if a %}{% when b %}{% endif %}\n{% for x in y %}{% elsif z %}{% endfor %}\n",
            ),
        ),
        (
            "_posts/2024-05-06-malformed.md",
            &post(
                "Called {{ page.title }.\n\n{% %}\n\n{{ page.title | append: \"}\" }}\n\n{% raw x %}{% endraw %}\n\n{% if a\nText {% endif %}\n\nAnd at the end {% if\n",
            ),
        ),
        (
            "_posts/2024-05-07-code.md",
            &post(
                "```liquid\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n```\n\nInline: `{% if x %}` and `{{ site.version }}`.\n\n```sh\nruby-install ruby {{ site.data.ruby.version }}\n{% include install.sh %}\n```\n\n{% raw %}\n```liquid\n{% if shown %}{% endif %}\n```\n{% endraw %}\n",
            ),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn valid_liquid_is_not_reported() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        (
            "_posts/2024-05-01-ok.md",
            &post(concat!(
                "{% if a %}A{% elsif b %}B{% else %}C{% endif %}\n",
                "{% unless a %}x{% else %}y{% endunless %}\n",
                "{% case a %}{% when 1 %}one{% else %}other{% endcase %}\n",
                "{% for x in y %}{{ x }}{% else %}none{% endfor %}\n",
                "{%- capture c -%}{{ page.title | upcase }}{%- endcapture -%}\n",
                "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n",
                "{% comment %}{% endif %} is ignored here{% endcomment %}\n",
                "{% raw %}{% if %}{{ x {% endraw %} and {% raw %}{% raw %}{% endraw %}\n",
                // A plugin's block tag: taken as a block because its end tag follows.
                "{% tabs %}{% tab a %}x{% endtab %}{% endtabs %}\n",
                "{% # an inline comment %}\n",
                "{{ \"{{\" }} and {{}}\n",
                "{%\nif multi\n%}{%\nendif\n%}\n",
            )),
        ),
    ]);
    let out = site.run(&["check", "--select", "ALL", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(out.stdout, "");
}

#[test]
fn files_jekyll_does_not_render_with_liquid_are_skipped() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        (
            "_posts/2024-05-01-off.md",
            b"---\ntitle: Off\nrender_with_liquid: false\n---\n{% if x %}\n",
        ),
        // No front matter: a page Jekyll copies as is.
        ("notes.md", b"{% if x %} {{ y }\n"),
    ]);
    let out = site.run(&["check", "--select", "LQ", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(out.stdout, "");
}

#[test]
fn posts_without_front_matter_are_still_rendered() {
    // Jekyll renders a post without front matter, Liquid included.
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        ("_posts/2024-05-01-bare.md", b"Hello {% if x %}\n"),
    ]);
    let out = site.run(&["check", "--select", "LQ", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn plugin_blocks_from_config() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        ("postlint.toml", b"[liquid]\nblocks = [\"details\"]\n"),
        (
            "_posts/2024-05-01-plugin.md",
            &post("{% details Summary %}\nHidden.\n\n{% details More %}x{% enddetails %}\n"),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ", "--format", "concise"]);
    insta::assert_snapshot!(out.all());
}

/// Jekyll renders every page with front matter through Liquid, HTML and
/// XML pages too (checked with Jekyll 4.3.1: the unclosed `if` in
/// `404.html` and the `post_url` to no post fail the build; `static.html`,
/// without front matter, is copied as it is). They get the front matter,
/// Liquid, link-tag and `<img>` checks; the Markdown-only rules stay on
/// Markdown.
#[test]
fn html_and_xml_pages_with_front_matter_are_linted() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        ("_posts/2024-01-01-hello.md", b"---\ntitle: Hello\n---\nHi.\n"),
        ("assets/a.png", b""),
        (
            "404.html",
            b"---\npermalink: /404.html\n---\n<h1>Not found</h1>\n{% if page.url %}\n<p>{{ page.url }}</p>\n",
        ),
        (
            "feed.xml",
            b"---\n---\n<?xml version=\"1.0\"?>\n<feed>\n    {% for post in site.posts %}<entry>{{ post.title | xml_escape }}</entry>{% endfor %}\n</feed>\n",
        ),
        ("static.html", b"<p>{% if x %} copied as it is</p>\n"),
        (
            "index.html",
            b"---\ntitle: Home\n---\n<h1>Home</h1>\n<img src=\"/assets/a.png\">\n<a href=\"{% post_url 2024-01-01-nope %}\">x</a>\n<a href=\"{% post_url 2024-01-01-hello %}\">hello</a>\n",
        ),
        ("bad-front-matter.html", b"---\ntitle: [unclosed\n---\n<p>x</p>\n"),
    ]);
    let out = site.run(&["check", "--select", "ALL", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}
