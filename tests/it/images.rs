//! Images (IMG001–IMG004) through the real binary: alt text, and sources
//! resolved the way Hugo and Jekyll resolve them.

use crate::common;

use common::{Scratch, run};

#[test]
fn example_site_images() {
    let out = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "IMG",
        "fixtures/hugo-blog",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// The seed-like post: `<img>` without alt inside `{{< unsafe >}}` blocks,
/// whose site-absolute sources resolve under `static/`.
#[test]
fn img_tags_inside_unsafe_shortcodes() {
    let out = run(&[
        "check",
        "--select",
        "IMG",
        "fixtures/hugo-blog/content/posts/architects-and-tech-leads.md",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn sources_resolved_against_bundle_static_and_assets_in_full() {
    let out = run(&[
        "check",
        "--select",
        "IMG",
        "fixtures/hugo-blog/content/posts/photo-walk/index.md",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

const EMPTY: &[u8] = b"";

#[test]
fn hugo_render_hook_base_path_and_declared_shortcodes() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/docs/'\ntitle = 'Scratch'\ntheme = 'plain'\n",
        ),
        (
            "postlint.toml",
            b"[images.shortcodes]\nshot = { src = \"path\", alt = \"text\" }\npicture = { src = \"0\", alt = \"1\" }\n",
        ),
        ("static/img/logo.png", EMPTY),
        ("themes/plain/static/img/theme-logo.png", EMPTY),
        ("assets/img/chart.png", EMPTY),
        ("content/posts/bundle/index.md", b"---\ntitle: Bundle\n---\n![Logo with the base path](/docs/img/logo.png)\n\n![Logo from the theme](/img/theme-logo.png)\n\n![The site's own URL](https://example.org/docs/img/logo.png)\n\n![An asset, without a render hook](/img/chart.png)\n\n{{< figure src=\"img/chart.png\" alt=\"An asset through figure\" >}}\n\n{{< shot path=\"/img/logo.png\" >}}\n\n{{< shot path=\"/img/missing.png\" text=\"A missing screenshot\" >}}\n\n{{< picture \"/img/logo.png\" \"The logo, by position\" >}}\n\n![Nested](sub/deeper/photo.jpg)\n"),
        ("content/posts/bundle/sub/deeper/photo.jpg", EMPTY),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!("without_hook", out.all());

    // With an image render hook, Markdown images reach `assets/` too.
    site.write(
        "layouts/_markup/render-image.html",
        b"<img src=\"{{ .Destination }}\">",
    );
    let out = site.run(&["check", "--format", "concise"]);
    insta::assert_snapshot!("with_hook", out.all());
}

#[test]
fn hugo_embedded_hook_on_multilingual_sites() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
        ),
        ("assets/images/a.png", EMPTY),
        ("content/posts/p.md", b"---\ntitle: P\n---\n![An asset](/images/a.png)\n"),
        ("content/posts/p.de.md", b"---\ntitle: P\n---\n![Ein Asset](images/b.png)\n"),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_not_followed() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        ("elsewhere/pic.png", EMPTY),
        ("static/.keep", EMPTY),
        (
            "content/posts/p.md",
            b"---\ntitle: P\n---\n![Through a link](/linked/pic.png)\n\n![Through a link, missing](/linked/nope.png)\n",
        ),
    ]);
    std::os::unix::fs::symlink(
        site.path().join("elsewhere"),
        site.path().join("static/linked"),
    )
    .unwrap();
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn jekyll_liquid_sources_and_baseurl() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: Scratch\nurl: https://example.org\nbaseurl: /blog\n",
        ),
        ("assets/img/logo.png", EMPTY),
        ("assets/img/Team.PNG", EMPTY),
        ("docs/diagram.svg", EMPTY),
        (
            "_posts/2024-05-01-images.md",
            b"---\ntitle: Images\n---\n![Logo]({{ \"/assets/img/logo.png\" | relative_url }})\n\n![Logo again]({{ site.baseurl }}/assets/img/logo.png)\n\n![Logo with the base path](/blog/assets/img/logo.png)\n\n![Missing]({{ site.baseurl }}/assets/img/missing.png)\n\n<img src=\"{{ '/assets/img/team.png' | absolute_url }}\" alt=\"The team\">\n\n![Dynamic]({{ page.image }})\n\n![Up and over](../../assets/img/logo.png)\n\n{% raw %}![]({{ not-an-image }}){% endraw %}\n",
        ),
        (
            "docs/guide.md",
            b"---\ntitle: Guide\n---\n![A diagram next to the page](diagram.svg)\n\n![A diagram that is not there](missing.svg)\n\n![Way out](../../../../etc/passwd)\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// A numbered "Image 1" is a placeholder; a camera's `IMG_2041` or a
/// file's name is a file name (seen on a real blog's gallery).
#[test]
fn numbered_placeholders_and_file_names_are_told_apart() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        ("static/a.png", b""),
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n![Image 1](/a.png) ![IMG_2041](/a.png) ![cover.jpg](/a.png)\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "IMG004"]);
    assert!(
        out.stdout.contains("\"Image 1\" is a placeholder"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("\"IMG_2041\" is a file name"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("\"cover.jpg\" is a file name"),
        "{}",
        out.all()
    );
}

/// A Hugo site without a `static/` folder: an absolute image path is looked
/// for in `static/` all the same (Hugo would serve it from there), and the
/// finding names it with every other place looked at.
#[test]
fn a_site_without_a_static_folder_names_static_among_the_places_looked() {
    let site = Scratch::new(&[
        ("hugo.toml", b"baseURL = 'https://example.org/'\n"),
        ("assets/.keep", b""),
        (
            "content/posts/p.md",
            b"---\ntitle: P\n---\n{{< figure src=\"/images/a.png\" alt=\"A\" >}}\n\n![B](/images/b.png)\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "IMG002", "--format", "concise"]);
    assert_eq!(
        out.stdout,
        "content/posts/p.md:4:17: IMG002 image `/images/a.png` not found (looked for `static/images/a.png`, `assets/images/a.png`)\n\
         content/posts/p.md:6:6: IMG002 image `/images/b.png` not found (looked for `static/images/b.png`)\n",
        "{}",
        out.all()
    );
}
