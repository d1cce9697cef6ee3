//! Liquid in Jekyll content (LQ001–LQ004) through the real binary, on
//! throwaway Jekyll sites. Every error situation here was checked against
//! Jekyll 4.3, whose message the help quotes.

use crate::common;

use std::fs;

use common::Scratch;
use postlint::config::{Overrides, Settings};
use postlint::diagnostic::Diagnostic;
use postlint::document::Document;
use postlint::document::markdown::CodeKind;
use postlint::engine::{example_site, lint_text};
use postlint::generator::Flavor;
use postlint::text::Source;

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
        ("postlint.toml", b"[liquid]\ntags = [\"tabs\", \"tab\"]\n"),
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
                // A plugin's tag, declared in postlint.toml: taken as a
                // block because its end tag follows.
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

/// A post with Liquid in code, as a reader would want to see it shown.
const SAMPLES: &str = concat!(
    "Links with the base URL:\n\n",
    "```markdown\n[Link]({{site.baseurl}}/)\n```\n\n",
    "In a sentence: `{{ site.baseurl }}`, and `{% if x %}yes{% endif %}`.\n\n",
    "```liquid\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n```\n\n",
    // Not reported: a literal pair of braces, a value put into a command.
    "Braces are written `{{ \"{{\" }}`.\n\n",
    "```sh\ngem install jekyll -v {{ site.version }}\n```\n",
);

#[test]
fn outputs_in_code_are_reported() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        ("_posts/2024-05-01-samples.md", &post(SAMPLES)),
        (
            // The code already holds a raw block: the advice changes.
            "_posts/2024-05-02-part-raw.md",
            &post("```liquid\n{% raw %}{{ shown }}{% endraw %} and {{ page.title }}\n```\n"),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

/// Wraps the code each LQ004 finding is in with `{% raw %}` … `{% endraw %}`,
/// as its help says: a fenced block from its fence line to its end, a code
/// span around its backticks.
fn wrap_in_raw(text: &str, findings: &[Diagnostic]) -> String {
    let doc = Document::parse(Source::from_text(text.to_string()), Flavor::Jekyll);
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    for finding in findings.iter().filter(|d| d.rule.code == "LQ004") {
        let code = doc
            .markdown
            .code_at(finding.primary.span.start)
            .expect("LQ004 points into code");
        match code.kind {
            CodeKind::Fenced => {
                let line_start = text[..code.span.start].rfind('\n').map_or(0, |i| i + 1);
                let end = if text[..code.span.end].ends_with('\n') {
                    code.span.end
                } else {
                    text[code.span.end..]
                        .find('\n')
                        .map_or(text.len(), |i| code.span.end + i + 1)
                };
                inserts.push((line_start, "{% raw %}\n"));
                inserts.push((end, "{% endraw %}\n"));
            }
            _ => {
                inserts.push((code.span.start, "{% raw %}"));
                inserts.push((code.span.end, "{% endraw %}"));
            }
        }
    }
    inserts.sort_by_key(|&(at, _)| std::cmp::Reverse(at));
    let mut out = text.to_string();
    for (at, with) in inserts {
        out.insert_str(at, with);
    }
    out
}

fn lint(text: &str) -> Vec<Diagnostic> {
    let site = example_site(Flavor::Jekyll);
    let overrides = Overrides {
        select: Some(vec!["ALL".to_string()]),
        ..Overrides::default()
    };
    let settings = Settings::defaults(&site.root, &overrides).expect("default settings");
    lint_text(&site, &settings, "_posts/2024-05-01-samples.md", text)
}

#[test]
fn the_raw_advice_shows_the_code_and_adds_no_finding() {
    let fixture = fs::read_to_string(
        common::repo_root().join("fixtures/jekyll-blog/_posts/2024-12-21-links-in-samples.md"),
    )
    .expect("the fixture");
    for text in [String::from_utf8(post(SAMPLES)).expect("UTF-8"), fixture] {
        let before = lint(&text);
        assert!(before.iter().any(|d| d.rule.code == "LQ004"), "{text}");
        let wrapped = wrap_in_raw(&text, &before);
        let after = lint(&wrapped);
        // The findings left are those that were there before, LQ004 aside.
        let codes = |found: &[Diagnostic]| -> Vec<&str> {
            found
                .iter()
                .map(|d| d.rule.code)
                .filter(|code| *code != "LQ004")
                .collect()
        };
        assert_eq!(codes(&after), codes(&before), "{wrapped}");
        assert!(after.iter().all(|d| d.rule.code != "LQ004"), "{wrapped}");
    }
    // Where the code holds a raw block already, wrapping all of it would
    // end at the inner `{% endraw %}` and leave the outer one stray: the
    // help says to wrap the Liquid outside it instead.
    let text = String::from_utf8(post(
        "```liquid\n{% raw %}{{ shown }}{% endraw %} and {{ page.title }}\n```\n",
    ))
    .expect("UTF-8");
    let before = lint(&text);
    let help = before[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("do not nest"), "{help}");
    let whole = wrap_in_raw(&text, &before);
    assert!(lint(&whole).iter().any(|d| d.rule.code == "LQ002"));
    let outside = text.replace(
        " and {{ page.title }}",
        " and {% raw %}{{ page.title }}{% endraw %}",
    );
    assert_eq!(
        lint(&outside)
            .iter()
            .map(|d| d.rule.code)
            .collect::<Vec<_>>(),
        Vec::<&str>::new()
    );
}

/// The severity of each finding of a run with the JSON format.
fn severities(run: &common::Run) -> Vec<(String, String)> {
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    report["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                format!("{}:{}", d["code"].as_str().unwrap_or(""), d["line"]),
                d["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_output_liquid_cannot_parse_follows_the_sites_error_mode() {
    // Line 6 of the file: Liquid's strict parser rejects it, its lax one
    // reads it; line 8: no `}}`, which fails every build whatever the mode.
    let body = "Intro.\n\nThis is {{ page.title page.date }}.\n\nAnd {{ page.title }.\n";
    let judged = |config: &str, toml: Option<&str>| {
        let mut files: Vec<(&str, &[u8])> = vec![("_config.yml", config.as_bytes())];
        let text = post(body);
        files.push(("_posts/2024-05-01-modes.md", &text));
        if let Some(toml) = toml {
            files.push(("postlint.toml", toml.as_bytes()));
        }
        let site = Scratch::new(&files);
        severities(&site.run(&["check", "--select", "LQ003", "--format", "json"]))
    };
    let pair = |first: &str| {
        vec![
            ("LQ003:6".to_string(), first.to_string()),
            ("LQ003:8".to_string(), "error".to_string()),
        ]
    };
    // Jekyll's default is `warn`: the build logs a warning.
    assert_eq!(judged("title: Blog\n", None), pair("warning"));
    assert_eq!(
        judged("liquid:\n  error_mode: warn\n", None),
        pair("warning")
    );
    assert_eq!(
        judged("liquid:\n  error_mode: lax\n", None),
        pair("warning")
    );
    // `strict` fails the build.
    assert_eq!(
        judged("liquid:\n  error_mode: strict\n", None),
        pair("error")
    );
    // postlint.toml has the last word, over every finding of the rule.
    let as_warning = "[rules.severity]\nLQ003 = \"warning\"\n";
    assert_eq!(
        judged("liquid:\n  error_mode: strict\n", Some(as_warning)),
        vec![
            ("LQ003:6".to_string(), "warning".to_string()),
            ("LQ003:8".to_string(), "warning".to_string()),
        ]
    );
    let as_error = "[rules.severity]\nLQ003 = \"error\"\n";
    assert_eq!(judged("title: Blog\n", Some(as_error)), pair("error"));
}

#[test]
fn strict_error_mode_fails_the_build() {
    let site = Scratch::new(&[
        ("_config.yml", b"liquid:\n  error_mode: strict\n"),
        (
            "_posts/2024-05-01-strict.md",
            &post("{{ page.title | | upcase }}\n\n```liquid\n{{ a = b }}\n```\n"),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

/// A code span that is one output and nothing else shows the value in code
/// type, as Jekyll's documentation shows its version
/// (`` For example `{{ site.version }}` ``): meant to run, not reported. A
/// code span with more around the output is a sample, and is.
#[test]
fn a_code_span_that_is_one_output_is_meant_to_run() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        (
            "_posts/2024-05-01-version.md",
            &post("Use version `{{ site.version }}`.\n\nWrite `[x]({{ site.baseurl }}/)`.\n"),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ004", "--format", "concise"]);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.all());
    assert!(out.stdout.contains(":6:12: LQ004"), "{}", out.all());
}

// LQ005 and SITE004. What Jekyll 4.3.1 (Liquid 5.4.0) says was checked
// with `jekyll build` on a site of each case:
// - `{% inlcude gallery.html %}`, also in a code fence and a code span:
//   "Liquid syntax error (line 3): Unknown tag 'inlcude'"; `{% Include %}`:
//   "Unknown tag 'Include'" (names are case-sensitive);
// - inside `{% raw %}` or directly inside `{% comment %}`: builds; inside
//   an `{% if %}` inside a comment: "Unknown tag 'inlcude'";
// - `{% endfoo %}` alone: "Unknown tag 'endfoo'"; inside `{% if %}`:
//   "'endfoo' is not a valid delimiter for if tags. use endif";
//   `{% foo %}x{% endfoo %}`: "Unknown tag 'foo'" (at the opening tag);
// - `{% render %}`, `{% echo %}`, `{% # %}`, `{% liquid %}`: parsed;
// - `{% seo %}`, `{% avatar %}`, `{% feed_meta %}` with jekyll-seo-tag,
//   jekyll-avatar and jekyll-feed under `plugins:`: builds; without
//   jekyll-feed: "Unknown tag 'feed_meta'";
// - a tag registered in `_plugins/sub/tags.rb`: builds; `{% Youtube %}`
//   next to a registered `youtube`: "Unknown tag 'Youtube'".
// The `:jekyll_plugins` group of a Gemfile is read as Jekyll 4.3.1's
// `PluginManager#require_from_bundler` does (`Bundler.require(:jekyll_plugins)`);
// that needs Bundler with the gems installed, so it is not built here.

#[test]
fn a_misspelt_tag_is_an_unknown_tag() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        (
            "_posts/2024-05-01-gallery.md",
            &post(
                "Photos from the trip.\n\n{% inlcude gallery.html %}\n\nMore {% Include x.html %}.\n",
            ),
        ),
    ]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn unknown_tags_in_code_raw_comments_and_end_tags() {
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        (
            "_posts/2024-05-01-places.md",
            &post(concat!(
                "```\n{% inlcude fence.html %}\n```\n\n",
                "Inline `{% inlcude span.html %}`.\n\n",
                "{% raw %}{% inlcude shown.html %}{% endraw %}\n\n",
                "{% comment %}{% inlcude ignored.html %}{% endcomment %}\n\n",
                "{% comment %}{% if a %}{% inlcude nested.html %}{% endif %}{% endcomment %}\n\n",
                "{% endfoo %}\n\n",
                "{% if a %}{% endfoo %}{% endif %}\n\n",
                "{% render \"x\" %} {% echo 1 %} {% # note %} {% liquid\necho 1 %}\n",
            )),
        ),
        (
            "_posts/2024-05-02-block.md",
            &post("{% foo %}x{% endfoo %}\n"),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ", "--format", "concise"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn plugin_tags_are_known_when_the_plugin_is_loaded() {
    let body = post("{% seo %} {% avatar hubot %} {% feed_meta %} {% gist 123 %}\n");
    let loaded = Scratch::new(&[
        (
            "_config.yml",
            b"title: Blog\nplugins:\n  - jekyll-seo-tag\n  - jekyll-avatar\n",
        ),
        (
            "Gemfile",
            b"source \"https://rubygems.org\"\ngem \"jekyll\"\ngroup :jekyll_plugins do\n  gem \"jekyll-feed\"\nend\ngem \"jekyll-gist\", group: :jekyll_plugins\n",
        ),
        ("_posts/2024-05-01-a.md", &body),
    ]);
    let out = loaded.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());

    let not_loaded = Scratch::new(&[
        // Jekyll 4.3 reads `plugins:` only: `gems:` loads nothing.
        ("_config.yml", b"title: Blog\ngems:\n  - jekyll-seo-tag\n"),
        ("_posts/2024-05-01-a.md", &body),
    ]);
    let out = not_loaded.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn tags_of_the_sites_own_plugins_and_of_the_config_are_known() {
    let ruby = b"module Site\n  class Tabs < Liquid::Block\n  end\n  class Youtube < Liquid::Tag\n    def render(context) = \"yt\"\n  end\nend\nLiquid::Template.register_tag(\"youtube\", Site::Youtube)\nLiquid::Template.register_tag('tabs', Site::Tabs)\n";
    let site = Scratch::new(&[
        ("_config.yml", CONFIG),
        ("_plugins/sub/tags.rb", ruby),
        ("postlint.toml", b"[liquid]\ntags = [\"vimeo\"]\n"),
        (
            "_posts/2024-05-01-a.md",
            &post(
                "{% youtube abc %} {% vimeo 1 %} {% tabs %}x{% endtabs %}\n\n{% tabs %}never closed\n\n{% Youtube abc %}\n",
            ),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1);
    // `tabs` is a block (its class is a `Liquid::Block`): LQ001 for the
    // second one; `Youtube` is not `youtube`.
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn a_plugin_postlint_does_not_know_is_said_once_and_no_tag_is_an_error() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: Blog\nplugins:\n  - jekyll-seo-tag\n  - jekyll-youtube\n",
        ),
        (
            "_plugins/generated.rb",
            b"%w(alpha beta).each do |name|\n  Liquid::Template.register_tag(name, Site::Generic)\nend\n",
        ),
        (
            "_posts/2024-05-01-a.md",
            &post("{% youtube abc %} {% alpha %}\n\n{% inlcude x.html %}\n"),
        ),
        (
            "_posts/2024-05-02-b.md",
            &post("{% youtube def %}\n"),
        ),
    ]);
    let out = site.run(&["check", "--select", "LQ,SITE004", "--format", "concise"]);
    // Warnings only: the notices and the near miss.
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.stdout);

    // With the plugins' tags declared, the site is judged in full.
    fs::write(
        site.path().join("postlint.toml"),
        "[liquid]\ntags = [\"youtube\", \"alpha\", \"beta\"]\n",
    )
    .unwrap();
    let out = site.run(&["check", "--select", "LQ,SITE004", "--format", "concise"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout.trim(),
        "_posts/2024-05-01-a.md:6:4: LQ005 `{% inlcude x.html %}` is not a tag Liquid, Jekyll or the site's plugins define"
    );
}
