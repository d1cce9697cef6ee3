//! LNK001 and LNK002 through the real binary: Hugo's `ref` lookup, the
//! URLs Hugo and Jekyll give pages, Jekyll's `post_url` and `link`, and the
//! same answers whether the whole site or one file is linted. Each Hugo and
//! Jekyll behaviour asserted here was checked against Hugo 0.168 and Jekyll
//! 4.3 builds of the same files.

use crate::common;

use common::{Scratch, run};

fn concise(site: &Scratch, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "concise", "--select", "LNK"];
    args.extend_from_slice(extra);
    site.run(&args).all()
}

#[test]
fn example_site_further_reading() {
    let out = run(&[
        "check",
        "fixtures/hugo-blog/content/posts/further-reading.md",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn example_site_links_whole_and_one_file_agree() {
    let whole = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "LNK",
        "fixtures/hugo-blog",
    ]);
    let one = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "LNK",
        "fixtures/hugo-blog/content/posts/further-reading.md",
    ]);
    assert_eq!(whole.stdout, one.stdout);
    insta::assert_snapshot!(whole.all());
}

#[test]
fn jekyll_example_site() {
    let out = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "LNK,SITE",
        "fixtures/jekyll-blog",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

const HUGO_MULTILINGUAL: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
);

/// Hugo's lookup: relative to the page, then from the content root, then a
/// unique base name (taxonomy terms included); paths compared lowercased
/// with spaces as hyphens; per language; drafts and future pages are not
/// built.
#[test]
fn hugo_ref_lookup() {
    let site = Scratch::new(&[
        HUGO_MULTILINGUAL,
        ("content/posts/bar.md", b"---\ntitle: Bar\n---\n"),
        ("content/docs/bar.md", b"---\ntitle: Docs bar\n---\n"),
        ("content/docs/sub/_index.md", b"---\ntitle: Sub\n---\n"),
        ("content/docs/sub/leafy.md", b"---\ntitle: Leafy\n---\n"),
        ("content/posts/bundle/index.md", b"---\ntitle: Bundle\n---\n"),
        ("content/posts/bundle/notes.md", b"---\ntitle: A resource of the bundle\n---\n"),
        ("content/posts/My Post.md", b"---\ntitle: Spaces\n---\n"),
        ("content/posts/only-en.md", b"---\ntitle: English only\n---\n"),
        ("content/posts/dated.de.md", b"---\ntitle: Nur deutsch\n---\n"),
        ("content/posts/drafty.md", b"---\ntitle: Draft\ndraft: true\n---\n"),
        ("content/posts/future.md", b"---\ntitle: Future\ndate: 2999-01-01\n---\n"),
        ("content/posts/sluggy.md", b"---\ntitle: Slug\nslug: other\n---\n"),
        ("content/posts/docker.md", b"---\ntitle: Docker\ntags: [docker, Front Matter]\n---\n"),
        (
            "content/posts/refs.md",
            br##"---
title: Refs
---
ok relative {{< ref "bar" >}} {{< ref "./bar" >}} {{< ref "bar.md" >}}
ok absolute {{< ref "/posts/bar" >}} {{< ref "posts/bar.md" >}} {{< ref "docs/bar" >}}
ok bundle {{< ref "bundle" >}} {{< ref "bundle/index.md" >}} {{< relref "posts/bundle#top" >}}
ok sections {{< ref "posts" >}} {{< ref "docs/sub" >}} {{< ref "/" >}} {{< ref "tags" >}}
ok by name {{< ref "leafy" >}} {{< ref "sub" >}} {{< ref "front-matter" >}} {{< ref "tags/docker" >}}
ok normalized {{< ref "my-post" >}} {{< ref "My Post" >}} {{< ref "BAR" >}}
ok anchor {{< ref "#top" >}} {{< ref path="dated" lang="de" >}}
broken {{< ref "nope" >}} {{< ref "/bar" >}} {{< ref "sub/leafy" >}} {{< ref "other" >}}
broken {{< ref "bundle/notes" >}} {{< ref "dated" >}} {{< ref path="only-en" lang="de" >}}
broken {{< ref "drafty" >}} {{< ref "future" >}} {{< ref path="only-en" lang="fr" >}} {{< ref >}}
"##,
        ),
        (
            "content/other/refs.md",
            b"---\ntitle: Other refs\n---\nambiguous {{< ref \"bar\" >}} and {{< ref \"docker\" >}}\n",
        ),
    ]);
    let whole = site.run(&["check", "--format", "concise", "--select", "LNK"]);
    insta::assert_snapshot!(whole.all());
    // A one-file run (pre-commit) finds the same, except that a name shared
    // by a page and a taxonomy term is ambiguous only to the whole-site run
    // (which terms exist needs every page's front matter).
    let one = site.run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "LNK",
        "content/posts/refs.md",
        "content/other/refs.md",
    ]);
    let expected: String = whole
        .stdout
        .lines()
        .filter(|line| !line.contains("`docker` is ambiguous"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(one.stdout, expected);
}

/// A folder that holds every page of the site (`content/posts` when
/// `content` holds nothing else a whole-site walk lints: here an image
/// and a hidden note) is linted as the whole site, which is what tells a
/// name shared by a page and a taxonomy term apart; once `content` has a
/// page of its own, the same folder is one part of the site again.
#[test]
fn a_folder_holding_every_page_is_the_whole_site() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        ("content/logo.png", b""),
        ("content/.notes.md", b"---\ntitle: Hidden\n---\n"),
        (
            "content/posts/docker.md",
            b"---\ntitle: Docker\ntags: [docker]\n---\n",
        ),
        (
            "content/posts/notes/refs.md",
            b"---\ntitle: Refs\n---\nSee {{< ref \"docker\" >}}.\n",
        ),
    ]);
    let whole = concise(&site, &[]);
    assert!(whole.contains("`docker` is ambiguous"), "{whole}");
    assert_eq!(concise(&site, &["content/posts"]), whole);
    site.write("content/about.md", b"---\ntitle: About\n---\n");
    assert!(concise(&site, &[]).contains("`docker` is ambiguous"));
    let part = concise(&site, &["content/posts"]);
    assert!(!part.contains("`docker` is ambiguous"), "{part}");
}

/// URLs by Hugo's rules: `url` (no language prefix), `[permalinks]`
/// patterns, `slug` (a section's slug is in its pages' URLs), sections,
/// the language prefix, aliases (relative ones from the page's folder),
/// with or without the `baseURL` path. (Hugo's link hook is off, so links
/// are compared with URLs only.)
#[test]
fn hugo_urls() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/blog/'\ndefaultContentLanguage = 'en'\n[markup.goldmark.renderHooks.link]\nuseEmbedded = 'never'\n[permalinks]\nposts = '/:year/:month/:slug/'\n[permalinks.section]\nnotes = '/n/:slug/'\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
        ),
        ("content/posts/a.md", b"---\ntitle: \"Vim (text editor)\"\ndate: 2024-03-05\ntags: [Anything Goes]\n---\n"),
        ("content/posts/b.md", b"---\ntitle: B\nslug: \"My Slug!\"\ndate: 2024-03-05\n---\n"),
        ("content/posts/c/index.md", b"---\ntitle: C bundle\ndate: 2023-01-02\n---\n"),
        ("content/posts/c/photo.jpg", b""),
        ("content/posts/d.de.md", b"---\ntitle: D\nurl: /custom/de-path/\n---\n"),
        ("content/about Me.md", b"---\ntitle: About\naliases: [/old-about/, rel-alias]\n---\n"),
        ("content/about.de.md", b"---\ntitle: Ueber\naliases: [/alt/]\n---\n"),
        ("content/notes/_index.md", b"---\ntitle: Notes Section\n---\n"),
        ("content/docs/_index.md", b"---\ntitle: Docs\nslug: documentation\n---\n"),
        ("content/docs/sub/y.md", b"---\ntitle: Y\n---\n"),
        ("content/docs/sub/x.md", b"---\ntitle: X\n---\n"),
        ("content/docs/_index.de.md", b"---\ntitle: Doku\nslug: dokumentation\n---\n"),
        ("content/docs/sub/z.de.md", b"---\ntitle: Z\n---\n"),
        ("static/files/slides.pdf", b""),
        (
            "content/links.md",
            br#"---
title: Links
---
[ok](/2024/03/vim-text-editor/) [ok](/2024/03/my-slug/) [ok](/2023/01/c-bundle/)
[ok](/2023/01/c-bundle/photo.jpg) [ok](/custom/de-path/) [ok](/about-me/)
[ok](/old-about/) [ok](/rel-alias/) [ok](/de/alt/) [ok](/de/about/) [ok](/n/notes-section/)
[ok](/documentation/sub/y/) [ok](/blog/documentation/sub/y/) [ok](/files/slides.pdf)
[ok](/documentation/sub/x/) [ok](/de/dokumentation/sub/z/) [broken](/de/documentation/sub/z/)
[ok](/tags/anything-goes/) [ok](/tags/) [ok](/index.xml) [ok](/posts/page/2/) [ok](/)
[broken](/posts/a/) [broken](/docs/sub/y/) [broken](/de/custom/de-path/) [broken](/alt/)
[broken](/About-Me/) [broken](/2024/03/vim-text-editr/) [broken](/files/slide.pdf)
[broken](/tags/nothing-goes/)
"#,
        ),
    ]);
    let whole = site.run(&["check", "--format", "concise", "--select", "LNK"]);
    insta::assert_snapshot!(whole.all());
    let one = site.run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "LNK",
        "content/links.md",
    ]);
    assert_eq!(one.stdout, whole.stdout);
}

/// What a link becomes depends on the link render hook (checked with Hugo
/// 0.168): without one, Hugo writes the destination as is and the browser
/// resolves it against the page's URL (a `.md` file is then a 404); Hugo's
/// embedded hook (on by default for multilingual sites) replaces page paths
/// (`GetPage`, relative to the page's folder) by the page's URL; a custom
/// hook may do anything with a relative destination.
#[test]
fn hugo_links_and_render_hooks() {
    let review = b"---\ntitle: Review\n---\n[a](0.9.0/) [b](../2023/hello/#x) [c](hello2) [d](../hello2/) [e](hello2.md) [f](../2023/hello.md)\n[g](nope/) [h](nope.md) [i](../../nope/) [j](/blog/2024/hello2/) [k](/Blog/2024/Hello2/)\n";
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        ("content/blog/2024/review.md", review),
        ("content/blog/2024/0.9.0.md", b"---\ntitle: Release\n---\n"),
        ("content/blog/2023/hello.md", b"---\ntitle: Hello\n---\n"),
        (
            "content/blog/2024/hello2.md",
            b"---\ntitle: Hello again\n---\n",
        ),
    ]);
    let literal = concise(&site, &[]);
    site.write(
        "hugo.toml",
        b"baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
    );
    let embedded = concise(&site, &[]);
    site.write(
        "layouts/_markup/render-link.html",
        b"<a href=\"{{ .Destination }}\">{{ .Text }}</a>",
    );
    let custom = concise(&site, &[]);
    insta::assert_snapshot!(format!(
        "no hook:\n{literal}\nHugo's embedded hook:\n{embedded}\na custom hook:\n{custom}"
    ));
}

/// Jekyll: `post_url` (the post's file name, with a folder or by the
/// deprecated date-and-slug match), `link` (pages, documents of collections
/// that are written, static files; a leading `/` only for static files),
/// links with `relative_url`, `.html` pages with a `permalink`.
#[test]
fn jekyll_tags_and_links() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: j\ncollections:\n  docs:\n    output: true\n  hidden:\n    output: false\n",
        ),
        ("_posts/2024-03-05-Hello-World.md", b"---\ntitle: Hi\n---\n"),
        ("_posts/sub/2024-03-06-in-sub.md", b"---\ntitle: Sub\ncategories: [Tech]\n---\n"),
        ("cat/_posts/2024-03-07-catpost.md", b"---\ntitle: Cat\n---\n"),
        ("_posts/2999-01-01-future.md", b"---\ntitle: Future\n---\n"),
        ("_posts/2024-03-09-unpublished.md", b"---\ntitle: U\npublished: false\n---\n"),
        ("_docs/plug/Conv.md", b"---\ntitle: Conv\n---\n"),
        ("_hidden/h.md", b"---\ntitle: Hidden\n---\n"),
        ("about.md", b"---\ntitle: About\n---\n"),
        ("team.html", b"---\ntitle: Team\npermalink: /team/\n---\n<p>Team</p>\n"),
        ("assets/doc.pdf", b""),
        ("README.md", b"No front matter: copied as is, {% link nowhere.md %} is text.\n"),
        (
            "_posts/2024-04-01-links.md",
            br#"---
title: Links
---
ok {% post_url 2024-03-05-Hello-World %} {% post_url sub/2024-03-06-in-sub %} {% post_url 2024-03-06-in-sub %}
ok {% post_url cat/2024-03-07-catpost %} {% post_url {{ page.x }} %}
ok {% link _docs/plug/Conv.md %} {% link assets/doc.pdf %} {% link /assets/doc.pdf %} {% link about.md %}
ok [a](/about.html) [a](/about) [t](/team/) [d](/docs/plug/Conv.html) [p](/tech/2024/03/06/in-sub.html)
ok [r]({{ "/about.html" | relative_url }}) [r]({{ 'team/' | relative_url }}) [r]({{ site.baseurl }}/assets/doc.pdf)
broken {% post_url 2024-03-05-hello-world %} {% post_url 2999-01-01-future %} {% post_url nodate %}
broken {% post_url 2024-03-09-unpublished %} {% link _hidden/h.md %} {% link /about.md %} {% link missing.md %}
broken [x](/2024/03/05/hello-world.html) [x]({{ "/nope/" | relative_url }}) [x](/_hidden/h.html)
"#,
        ),
    ]);
    let whole = site.run(&["check", "--format", "concise", "--select", "LNK"]);
    insta::assert_snapshot!(whole.all());
    let one = site.run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "LNK",
        "_posts/2024-04-01-links.md",
    ]);
    assert_eq!(one.stdout, whole.stdout);
}

/// Site-level findings go through the same suppressions, per-file ignores
/// and severity settings as the others, and a suppression they use is not
/// reported as unused.
#[test]
fn site_findings_are_configurable() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        (
            "postlint.toml",
            b"[rules.severity]\nLNK002 = \"error\"\n[rules.per-file-ignores]\n\"content/legacy/**\" = [\"LNK\"]\n",
        ),
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n<!-- postlint-disable-next-line LNK002 -->\n[x](/gone/)\n[y](/gone-too/)\n",
        ),
        ("content/legacy/b.md", b"---\ntitle: B\n---\n[x](/gone/) {{< ref \"gone\" >}}\n"),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    insta::assert_snapshot!(out.all());
}

/// An absolute link's verdict is remembered per language in a whole-site
/// run: the same path from an English and a French page can differ, since
/// Hugo's embedded link hook resolves it with `GetPage` in the linking
/// page's language (here the page exists in English only, and its `url`
/// moves it away from the path).
#[test]
fn absolute_links_are_judged_per_language() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
        ),
        (
            "content/docs/moved.md",
            b"---\ntitle: Moved\nurl: /elsewhere/\n---\nText.\n",
        ),
        (
            "content/a.md",
            b"---\ntitle: A\n---\nSee [x](/docs/moved) and [y](/docs/moved).\n",
        ),
        ("content/b.md", b"---\ntitle: B\n---\n[z](/docs/moved)\n"),
        (
            "content/a.fr.md",
            b"---\ntitle: A fr\n---\nVoir [x](/docs/moved).\n",
        ),
        ("content/b.fr.md", b"---\ntitle: B fr\n---\n[z](/docs/moved)\n"),
    ]);
    for _ in 0..3 {
        let out = concise(&site, &[]);
        assert!(out.contains("content/a.fr.md:4:10: LNK002"), "{out}");
        assert!(out.contains("content/b.fr.md:4:5: LNK002"), "{out}");
        assert!(!out.contains("content/a.md:"), "{out}");
        assert!(!out.contains("content/b.md:"), "{out}");
    }
}

/// A section's `cascade` reaches every page below it, through sections
/// without one, and the nearest section that sets a value wins: links to
/// pages a cascade leaves unbuilt are findings, the others are not. The
/// whole-site run (which remembers each folder's cascade) and a one-file
/// run (which works it out per page) agree.
#[test]
fn hugo_section_cascades_reach_every_page_below() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        (
            "content/docs/_index.md",
            b"---\ntitle: Docs\ncascade:\n  draft: true\n---\n",
        ),
        (
            "content/docs/open/_index.md",
            b"---\ntitle: Open\ncascade:\n  draft: false\n---\n",
        ),
        (
            "content/docs/open/deep/deeper/page.md",
            b"---\ntitle: Open page\n---\n",
        ),
        (
            "content/docs/open/deep/other.md",
            b"---\ntitle: Open other\n---\n",
        ),
        (
            "content/docs/closed/deep/page.md",
            b"---\ntitle: Closed page\n---\n",
        ),
        (
            "content/docs/closed/deep/other.md",
            b"---\ntitle: Closed other\n---\n",
        ),
        ("content/docs/top.md", b"---\ntitle: Top\n---\n"),
        (
            "content/docs/own.md",
            b"---\ntitle: Own\ndraft: false\n---\n",
        ),
        (
            "content/hidden/_index.md",
            b"---\ntitle: Hidden\ncascade:\n  build:\n    render: never\n---\n",
        ),
        (
            "content/hidden/a/page.md",
            b"---\ntitle: Hidden page\n---\n",
        ),
        (
            "content/posts/links.md",
            br#"---
title: Links
---
[open](/docs/open/deep/deeper/page/) [open other](/docs/open/deep/other/)
[closed](/docs/closed/deep/page/) [closed other](/docs/closed/deep/other/)
[top](/docs/top/) [own](/docs/own/) [hidden](/hidden/a/page/)
"#,
        ),
    ]);
    let findings = |out: String| -> Vec<String> {
        out.lines()
            .filter(|line| line.contains(": LNK"))
            .map(String::from)
            .collect()
    };
    let whole = findings(concise(&site, &[]));
    for unbuilt in [
        "/docs/closed/deep/page/",
        "/docs/closed/deep/other/",
        "/docs/top/",
        "/hidden/a/page/",
    ] {
        assert!(
            whole.iter().any(|line| line.contains(unbuilt)),
            "no finding for {unbuilt}: {whole:#?}"
        );
    }
    for built in [
        "/docs/open/deep/deeper/page/",
        "/docs/open/deep/other/",
        "/docs/own/",
    ] {
        assert!(
            !whole.iter().any(|line| line.contains(built)),
            "a finding for {built}: {whole:#?}"
        );
    }
    assert_eq!(whole.len(), 4, "{whole:#?}");
    assert_eq!(findings(concise(&site, &["content/posts/links.md"])), whole);
}

/// A page whose front matter does not parse is still a page: Jekyll 4.3.1
/// logs the YAML error, renders it with no data, and a `{% link %}` to it
/// resolves (the build passes). Only the page's own FM001 is reported.
#[test]
fn jekyll_link_to_a_page_with_broken_front_matter() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\n"),
        ("about.md", b"---\ntitle: [broken\n---\nAbout.\n"),
        (
            "_posts/2024-01-01-p.md",
            b"---\ntitle: P\n---\nSee [about]({% link about.md %}).\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert!(out.stdout.contains("about.md:2:8: FM001"), "{}", out.all());
    assert!(!out.stdout.contains("LNK001"), "{}", out.all());
    // The same with the post alone: the page is read from disk.
    let one = site.run(&["check", "--format", "concise", "_posts/2024-01-01-p.md"]);
    assert!(!one.stdout.contains("LNK001"), "{}", one.all());
}

/// A link written with the site's own address (either scheme, with or
/// without the base path's slash) is a link into the site, judged like
/// `/theme/setup/`; another site on the same host is not.
#[test]
fn links_with_the_sites_own_address_are_judged() {
    let site = Scratch::new(&[
        ("_config.yml", b"url: https://owner.github.io\nbaseurl: /theme\n"),
        ("setup.md", b"---\ntitle: Setup\n---\n## Images\n"),
        (
            "_posts/2024-01-01-p.md",
            b"---\ntitle: P\n---\n[ok](http://owner.github.io/theme/setup/#images)\n[ok](https://owner.github.io/theme)\n[gone](http://owner.github.io/theme/missing/)\n[other site](https://owner.github.io/other/)\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "LNK"]);
    assert_eq!(
        out.stdout.lines().filter(|l| l.contains("LNK002")).count(),
        1,
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("_posts/2024-01-01-p.md:6:8: LNK002"),
        "{}",
        out.all()
    );
}

/// LNK002's "did you mean" offers a page only when it is a plausible
/// target: `/posts/` on a site whose only page named `posts` is
/// `/docs/posts/` is another page (offered before), while a post slug that
/// moved folders is the same page.
#[test]
fn did_you_mean_offers_only_plausible_pages() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\n"),
        (
            "docs/posts.md",
            b"---\ntitle: Writing posts\npermalink: /docs/posts/\n---\nx\n",
        ),
        (
            "notes/lisbon-trip.md",
            b"---\ntitle: Lisbon\npermalink: /notes/lisbon-trip/\n---\nx\n",
        ),
        (
            "index.md",
            b"---\ntitle: Home\n---\nThe [blog](/posts/) and [the trip](/blog/lisbon-trip/).\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "LNK002", "--format", "json"]);
    let json = out.json();
    let helps: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["message"].as_str().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(helps.len(), 2, "{}", out.all());
    assert!(helps[0].0.contains("`/posts/`"), "{helps:?}");
    assert!(!helps[0].1.contains("did you mean"), "{helps:?}");
    assert!(helps[1].0.contains("`/blog/lisbon-trip/`"), "{helps:?}");
    assert!(
        helps[1].1.contains("did you mean `/notes/lisbon-trip/`?"),
        "{helps:?}"
    );
}

/// A language's own `permalinks` replace the site's for its pages (checked
/// with Hugo 0.168: the French post goes to `/fr/articles/a-fr/`, and a
/// French page of a section the language's table leaves out gets the
/// default URL, not the site's pattern).
#[test]
fn a_languages_own_permalinks_give_its_pages_urls() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\n\
              [permalinks.page]\nposts = '/p/:slug/'\ntutorials = '/t/:slug/'\n\
              [languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n\
              [languages.fr.permalinks.page]\nposts = '/articles/:slug/'\n",
        ),
        ("content/posts/a.md", b"---\ntitle: A\n---\nx\n"),
        ("content/tutorials/t.fr.md", b"---\ntitle: T\n---\nx\n"),
        (
            "content/posts/a.fr.md",
            b"---\ntitle: A fr\n---\n[en](/p/a/) [fr](/fr/articles/a-fr/) [tut](/fr/tutorials/t/)\n\n[site pattern](/fr/p/a-fr/) [site pattern](/fr/t/t/)\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "LNK002", "--format", "concise"]);
    assert_eq!(
        out.stdout,
        "content/posts/a.fr.md:6:16: LNK002 link to `/fr/p/a-fr/` matches no page, static file or alias of the site\n\
         content/posts/a.fr.md:6:44: LNK002 link to `/fr/t/t/` matches no page, static file or alias of the site\n",
        "{}",
        out.all()
    );
}

/// A multihost site (English at example.org, French at example.fr) with
/// `posts/b` in English only and `posts/c` in French only; `posts/a` in
/// both, linking as given.
fn multihost_site(english_links: &str, french_links: &str) -> Scratch {
    let page = |links: &str| format!("---\ntitle: A\n---\n{links}\n");
    Scratch::new(&[
        (
            "hugo.toml",
            b"[languages.en]\nbaseURL = 'https://example.org/'\nweight = 1\n\
              [languages.fr]\nbaseURL = 'https://example.fr/'\nweight = 2\n",
        ),
        ("content/posts/a.md", page(english_links).as_bytes()),
        ("content/posts/a.fr.md", page(french_links).as_bytes()),
        ("content/posts/b.md", b"---\ntitle: B\n---\nx\n"),
        ("content/posts/c.fr.md", b"---\ntitle: C\n---\nx\n"),
    ])
}

/// A multihost site (a `baseURL` per language) is one site per language,
/// each at its host's root (Hugo 0.168 builds `public/en/posts/b/` and
/// `public/fr/posts/c/`, no `/fr` prefix): a site-absolute link reaches a
/// page of the linking page's language only, and the two languages' copies
/// of a page share their URL without colliding. Whole-site and one-file
/// runs agree.
#[test]
fn each_language_of_a_multihost_site_is_its_own_site() {
    let site = multihost_site(
        "[b](/posts/b/) [only in French](/posts/c/)",
        "[only in English](/posts/b/) [c](/posts/c/) [prefixed](/fr/posts/c/)",
    );
    let whole = site.run(&["check", "--format", "concise"]);
    assert_eq!(
        whole.stdout,
        "content/posts/a.fr.md:4:19: LNK002 link to `/posts/b/` matches no page, static file or alias of the site\n\
         content/posts/a.fr.md:4:56: LNK002 link to `/fr/posts/c/` matches no page, static file or alias of the site\n\
         content/posts/a.md:4:33: LNK002 link to `/posts/c/` matches no page, static file or alias of the site\n",
        "{}",
        whole.all()
    );
    let one = site.run(&["check", "--format", "concise", "content/posts/a.fr.md"]);
    let expected: String = whole
        .stdout
        .lines()
        .filter(|line| line.starts_with("content/posts/a.fr.md"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(one.stdout, expected, "{}", one.all());
}

/// A language's table may set any root setting, and Hugo 0.168 builds its
/// pages with it: here French builds drafts, has no taxonomy pages and
/// leaves `.md` links as written (checked with Hugo 0.168: it writes
/// `public/fr/posts/d/` but not `public/posts/d/`, no `public/fr/tags/`,
/// and `href="b.md"` on the French page only). `uglyURLs` is the
/// exception, read from the root only; its table form makes the pages of
/// the sections it names `.html` files (`public/notes/n.html`).
#[test]
fn a_languages_own_settings_build_its_pages() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\n[uglyURLs]\nnotes = true\n\
              [languages.en]\nweight = 1\n\
              [languages.fr]\nweight = 2\nbuildDrafts = true\nuglyURLs = true\n\
              disableKinds = ['taxonomy', 'term']\n\
              [languages.fr.markup.goldmark.renderHooks.link]\nuseEmbedded = 'never'\n",
        ),
        ("content/posts/d.md", b"---\ntitle: D\ndraft: true\ntags: [x]\n---\nx\n"),
        ("content/posts/d.fr.md", b"---\ntitle: D\ndraft: true\ntags: [x]\n---\nx\n"),
        ("content/notes/n.md", b"---\ntitle: N\n---\nx\n"),
        ("content/notes/n.fr.md", b"---\ntitle: N\n---\nx\n"),
        ("content/posts/b.md", b"---\ntitle: B\n---\nx\n"),
        ("content/posts/b.fr.md", b"---\ntitle: B\n---\nx\n"),
        (
            "content/posts/a.md",
            b"---\ntitle: A\ntags: [x]\n---\n[b](b.md) [tags](/tags/x/) [n](/notes/n.html) [fr n](/fr/notes/n.html) [pretty](/notes/n/)\n",
        ),
        (
            "content/posts/a.fr.md",
            b"---\ntitle: A\ntags: [x]\n---\n[b](b.md) [tags](/fr/tags/x/) [d](/fr/posts/d/) [b](/fr/posts/b/)\n",
        ),
    ]);
    let expected = "content/posts/a.fr.md:5:5: LNK002 link to the file `b.md` is written to the page as is\n\
         content/posts/a.fr.md:5:18: LNK002 link to `/fr/tags/x/` matches no page, static file or alias of the site\n\
";
    let whole = site.run(&["check", "--select", "LNK002,FM010", "--format", "concise"]);
    assert_eq!(
        whole.stdout,
        format!("{expected}content/posts/d.md:3:8: FM010 this page is a draft\n"),
        "{}",
        whole.all()
    );
    let some = site.run(&[
        "check",
        "--select",
        "LNK002",
        "--format",
        "concise",
        "content/posts/a.md",
        "content/posts/a.fr.md",
    ]);
    assert_eq!(some.stdout, expected, "{}", some.all());
}

/// On a multihost site a link written with a language's own address
/// (either scheme) is a link into that language's site, not an external
/// one.
#[test]
fn links_written_with_a_languages_own_host_are_checked() {
    let site = multihost_site(
        "[b](https://example.org/posts/b/) [c](http://example.org/posts/c/)",
        "[c](https://example.fr/posts/c/) [b](https://example.fr/posts/b/)",
    );
    let out = site.run(&["check", "--select", "LNK002", "--format", "concise"]);
    assert_eq!(
        out.stdout,
        "content/posts/a.fr.md:4:38: LNK002 link to `/posts/b/` matches no page, static file or alias of the site\n\
         content/posts/a.md:4:39: LNK002 link to `/posts/c/` matches no page, static file or alias of the site\n",
        "{}",
        out.all()
    );
}

/// `disableKinds` turns each kind off alone, here in one language's table
/// (checked with Hugo 0.168: `taxonomy` drops `/fr/tags/` and keeps
/// `/fr/tags/x/`, `term` the reverse, `section` drops `/fr/posts/` and
/// `/fr/notes/` and keeps their pages).
#[test]
fn disabled_kinds_are_not_built_each_alone() {
    let config = |kind: &str| {
        format!(
            "baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n\
             [languages.fr]\nweight = 2\ndisableKinds = ['{kind}']\n"
        )
    };
    let site = Scratch::new(&[
        ("hugo.toml", config("taxonomy").as_bytes()),
        ("content/notes/n.fr.md", b"---\ntitle: N\n---\nx\n"),
        (
            "content/posts/a.fr.md",
            b"---\ntitle: A\ntags: [x]\n---\n[tag](/fr/tags/x/) [tags](/fr/tags/) [posts](/fr/posts/) [notes](/fr/notes/) [n](/fr/notes/n/)\n",
        ),
        (
            "content/posts/a.md",
            b"---\ntitle: A\ntags: [x]\n---\n[tag](/tags/x/) [tags](/tags/) [posts](/posts/)\n",
        ),
    ]);
    let check = || site.run(&["check", "--select", "LNK002", "--format", "concise"]);
    let out = check();
    assert_eq!(
        out.stdout,
        "content/posts/a.fr.md:5:27: LNK002 link to `/fr/tags/` matches no page, static file or alias of the site\n",
        "{}",
        out.all()
    );
    site.write("hugo.toml", config("term").as_bytes());
    let out = check();
    assert_eq!(
        out.stdout,
        "content/posts/a.fr.md:5:7: LNK002 link to `/fr/tags/x/` matches no page, static file or alias of the site\n",
        "{}",
        out.all()
    );
    site.write("hugo.toml", config("section").as_bytes());
    let out = check();
    assert_eq!(
        out.stdout,
        "content/posts/a.fr.md:5:46: LNK002 link to `/fr/posts/` points at /posts, which is a section list `disableKinds` turns off (`section`)\n\
         content/posts/a.fr.md:5:66: LNK002 link to `/fr/notes/` points at /notes, which is a section list `disableKinds` turns off (`section`)\n",
        "{}",
        out.all()
    );
}

/// A page whose front matter holds a byte that is not UTF-8 has one URL
/// whether it is linted too or only looked up.
#[test]
fn a_url_with_a_byte_that_is_not_utf8_is_one_url() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = \"https://example.org/\"\ntitle = \"T\"\n"),
        (
            "content/posts/b.md",
            b"---\ntitle: \"B\"\ndate: 2024-01-01\nurl: /caf\xe9/\n---\n# B\n",
        ),
        (
            "content/posts/a.md",
            b"---\ntitle: \"A\"\ndate: 2024-01-01\n---\n# A\n\nSee [b](/caf%3F/) and [c](/caf%EF%BF%BD/).\n",
        ),
    ]);
    let whole = concise(&site, &["--no-cache"]);
    let alone = concise(&site, &["--no-cache", "content/posts/a.md"]);
    let a = |out: &str| {
        out.lines()
            .filter(|line| line.starts_with("content/posts/a.md"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(a(&whole), a(&alone), "{whole}\n{alone}");
    assert_eq!(a(&whole).len(), 1, "{whole}");
}
