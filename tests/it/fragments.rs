//! LNK003: `#fragment`s against the ids the generator gives the target
//! page's headings and elements, in every link form, and quiet where the
//! ids cannot be known.

use crate::common::Scratch;

const HUGO_CONFIG: &[u8] = b"baseURL = 'https://example.org/'\n\
    [markup.goldmark.renderHooks.link]\nuseEmbedded = 'always'\n";

const HUGO_TARGET: &[u8] = b"---\ntitle: B\n---\n## Badge\n\nx\n\n## Badge\n\ny\n\n\
    ## Setup {#install}\n\n<div id=\"map\"></div> <a name=\"legacy\"></a>\n\n\
    ## Caf\xc3\xa9 & Co.\n";

fn hugo_site(linking: &str) -> Scratch {
    Scratch::new(&[
        ("hugo.toml", HUGO_CONFIG),
        ("content/posts/b.md", HUGO_TARGET),
        ("content/posts/a.md", linking.as_bytes()),
    ])
}

fn concise(site: &Scratch, files: &[&str]) -> String {
    let mut args = vec!["check", "--select", "LNK", "--format", "concise"];
    args.extend(files);
    site.run(&args).stdout
}

/// Each Hugo link form, broken and not: in-page links (Markdown and HTML),
/// absolute and relative URLs, `.md` links through the link render hook,
/// `relref` with a fragment; duplicate headings numbered as Hugo numbers
/// them (`badge-1`), an explicit `{#install}` replacing the generated id,
/// ids and names in raw HTML, and the fragments every page answers.
#[test]
fn hugo_link_forms() {
    let site = hugo_site(
        "---\ntitle: A\n---\n## Intro\n\n\
         [ok](#intro) [bad](#intro-x) <a href=\"#nope\">html</a>\n\n\
         [ok](/posts/b/#badge) [ok](/posts/b/#badge-1) [bad](/posts/b/#badges)\n\n\
         [ok](../b/#install) [bad](../b/#setup) [ok](b.md#map) [ok](b.md#legacy)\n\n\
         [ok](b.md#caf%C3%A9--co) [bad]({{< relref \"b.md#Badge\" >}}) [ok]({{< relref \"#intro\" >}})\n\n\
         [bad](b.md#nowhere)\n\n\
         [top](#top) [note](#fn:1) [line](/posts/b/#L10-L12) [empty](/posts/b/#)\n",
    );
    let whole = site.run(&["check", "--select", "LNK", "--format", "full"]);
    insta::assert_snapshot!(whole.all());
    let concise_whole = concise(&site, &[]);
    assert_eq!(
        concise_whole.lines().count(),
        6,
        "five broken fragments and one in HTML:\n{concise_whole}"
    );
    assert_eq!(
        concise(&site, &["content/posts/a.md"]),
        concise_whole,
        "a run over the one file agrees with the whole-site run"
    );
}

/// The site's heading id settings: `github-ascii` drops accents,
/// `autoHeadingID = false` gives headings no id.
#[test]
fn hugo_heading_id_settings() {
    let site = hugo_site("---\ntitle: A\n---\n[x](/posts/b/#café--co) [y](/posts/b/#cafe--co)\n");
    site.write(
        "hugo.toml",
        b"baseURL = 'https://example.org/'\n[markup.goldmark.parser]\nautoHeadingIDType = 'github-ascii'\n",
    );
    assert_eq!(
        concise(&site, &[]),
        "content/posts/a.md:4:5: LNK003 `#café--co` names no heading or element of `content/posts/b.md`\n"
    );
    site.write(
        "hugo.toml",
        b"baseURL = 'https://example.org/'\n[markup.goldmark.parser]\nautoHeadingID = false\n",
    );
    let out = site.run(&["check", "--select", "LNK003", "--format", "json"]);
    let json = out.json();
    let found = json["diagnostics"].as_array().expect("diagnostics");
    // `#install` is written, so it stays; no other heading has an id.
    assert_eq!(found.len(), 2, "{}", out.all());
    assert!(
        found[0]["help"]
            .as_str()
            .is_some_and(|help| help.contains("`#install`")),
        "{}",
        out.all()
    );
}

/// Where a page's ids cannot all be known, nothing is said: a shortcode
/// that makes an id with a template call, one that includes a Markdown
/// file, a heading render hook without `.Anchor`; and ids the layouts
/// write as text count on every page.
#[test]
fn hugo_ids_that_cannot_be_known_stay_quiet() {
    let site = hugo_site(
        "---\ntitle: A\n---\n[x](/posts/c/#anything) [y](/posts/d/#anything) [z](/posts/b/#content)\n",
    );
    site.write(
        "layouts/_shortcodes/anchor.html",
        b"<span id=\"{{ .Get 0 }}\"></span>",
    );
    site.write(
        "layouts/_shortcodes/include.html",
        b"{{ with site.GetPage (.Get 0) }}{{ .RenderShortcodes }}{{ end }}",
    );
    site.write(
        "layouts/single.html",
        b"<main id=\"content\">{{ .Content }}</main>",
    );
    site.write(
        "content/posts/c.md",
        b"---\ntitle: C\n---\n{{< anchor \"here\" >}}\n",
    );
    site.write(
        "content/posts/d.md",
        b"---\ntitle: D\n---\n{{% include \"posts/b.md\" %}}\n",
    );
    assert_eq!(concise(&site, &[]), "");
    // Without the shortcodes' templates' ids, the same links are reported.
    site.write("content/posts/c.md", b"---\ntitle: C\n---\n## Here\n");
    assert_eq!(
        concise(&site, &[]),
        "content/posts/a.md:4:5: LNK003 `#anything` names no heading or element of `content/posts/c.md`\n"
    );
    // A heading render hook that sets ids of its own: no page's ids are known.
    site.write(
        "layouts/_markup/render-heading.html",
        b"<h{{ .Level }} id=\"h-{{ .Text | anchorize }}\">{{ .Text }}</h{{ .Level }}>",
    );
    assert_eq!(concise(&site, &[]), "");
}

/// A translation that kept the other language's fragment: the help names
/// the heading at the same place in this language's version.
#[test]
fn translated_pages_offer_the_heading_at_the_same_place() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
        ),
        ("content/posts/b.md", b"---\ntitle: B\n---\n## Install\n\nx\n\n## Usage\n\ny\n"),
        ("content/posts/b.fr.md", b"---\ntitle: B\n---\n## Installation\n\nx\n\n## Utilisation\n\ny\n"),
        ("content/posts/a.fr.md", b"---\ntitle: A\n---\nVoir [l'usage](/fr/posts/b/#usage).\n"),
    ]);
    let out = site.run(&["check", "--select", "LNK003", "--format", "json"]);
    let json = out.json();
    assert_eq!(
        json["diagnostics"][0]["help"],
        "`#usage` is the id of a heading of the `en` version of the page; the heading at the same place here is `#utilisation` (browsers open the top of the page instead)",
        "{}",
        out.all()
    );
}

/// Jekyll: kramdown's ids (GFM input), IAL ids, `{% link %}#x` and
/// `{% post_url %}#x`, and an include with Markdown headings keeping quiet.
#[test]
fn jekyll_link_forms() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\n"),
        (
            "about.md",
            b"---\ntitle: About\npermalink: /about/\n---\n## The Team\n\nx\n\n## Office\n{: #where}\n",
        ),
        ("_posts/2024-01-01-hello.md", b"---\ntitle: Hello\n---\n## Hi there\n\nx\n"),
        ("_includes/more.md", b"## More\n"),
        ("notes.md", b"---\ntitle: Notes\n---\n{% include more.md %}\n"),
        (
            "index.md",
            b"---\ntitle: Home\n---\n[ok](/about/#the-team) [bad](/about/#teams) [ok](/about/#where)\n\n\
              [bad]({% link about.md %}#office) [ok]({% link about.md %}#the-team)\n\n\
              [bad]({% post_url 2024-01-01-hello %}#hi-ther) [ok](/notes/#anything)\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "LNK", "--format", "concise"]);
    insta::assert_snapshot!(out.stdout);
}

/// LNK003 on the corpora finds exactly the findings judged by hand
/// (`tests/data/lnk003-corpus.txt`, with the reason of the one false
/// finding): translations that kept the other language's fragments, a
/// `ref` to a section instead of the page with the heading, a `##`
/// written twice.
#[test]
fn corpus_findings_are_the_judged_ones() {
    let Some(root) = crate::common::corpus_root() else {
        return;
    };
    let judged =
        std::fs::read_to_string(crate::common::repo_root().join("tests/data/lnk003-corpus.txt"))
            .expect("the judged list reads");
    let expected: Vec<&str> = judged
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| line.split("  #").next().unwrap_or(line).trim())
        .collect();
    let mut found = Vec::new();
    for site in crate::common::corpus_sites(&root) {
        let name = site
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a name")
            .to_string();
        let out = crate::common::run_in(
            &site,
            &["check", "--select", "LNK003", "--format", "concise"],
        );
        for line in out.stdout.lines() {
            let place: Vec<&str> = line.splitn(4, ':').take(3).collect();
            found.push(format!("{name}/{}", place.join(":")));
        }
    }
    found.sort();
    let mut expected: Vec<String> = expected.into_iter().map(str::to_string).collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// Jekyll's `kramdown:` settings make the ids (checked with Jekyll 4.3.1:
/// `auto_id_prefix: "id-"` gives `id-the-team` and `id-the-team-1`), for
/// in-page links and `.md` links alike.
#[test]
fn jekyll_kramdown_settings_and_in_page_links() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: x\nkramdown:\n  auto_id_prefix: \"id-\"\n",
        ),
        (
            "about.md",
            b"---\ntitle: About\npermalink: /about/\n---\n## The Team\n\nx\n\n## The Team\n\n\
              [in](#id-the-team) [bad](#the-team) [dup](#id-the-team-1)\n",
        ),
        (
            "index.md",
            b"---\ntitle: Home\n---\n[ok](about.md#id-the-team) [bad](about.md#team)\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "LNK", "--format", "concise"]);
    assert_eq!(
        out.stdout,
        "about.md:11:26: LNK003 `#the-team` names no heading or element of this page\n\
         index.md:4:34: LNK003 `#team` names no heading or element of `about.md`\n",
        "{}",
        out.all()
    );
}
