//! SITE001 and SITE002 through the real binary: pages that collide at one
//! URL (checked against Hugo 0.168 and Jekyll 4.3 builds: the page written
//! last replaces the other, without a warning), and posts sharing a title.

use crate::common;

use common::{Scratch, run};

fn concise(site: &Scratch, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "concise", "--select", "SITE"];
    args.extend_from_slice(extra);
    site.run(&args).all()
}

#[test]
fn example_site_collisions() {
    let out = run(&["check", "--select", "SITE", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// Same URL from a `slug`, a `url`, a file next to a bundle of the same
/// name; an alias that is another page's URL or another page's alias. Not
/// a collision: drafts, translations (their URLs have the language
/// prefix), a page and its own alias.
#[test]
fn hugo_duplicate_urls() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
        ),
        ("content/posts/offsite.md", b"---\ntitle: Offsite\n---\n"),
        ("content/posts/recap.md", b"---\ntitle: Recap\nslug: offsite\n---\n"),
        ("content/c.md", b"---\ntitle: C\nurl: /same/\n---\n"),
        ("content/d.md", b"---\ntitle: D\nurl: /same\n---\n"),
        ("content/posts/trip.md", b"---\ntitle: Trip file\n---\n"),
        ("content/posts/trip/index.md", b"---\ntitle: Trip bundle\n---\n"),
        ("content/functions/time/_index.md", b"---\ntitle: Time functions\n---\n"),
        ("content/functions/time/astime.md", b"---\ntitle: AsTime\naliases: [/functions/time]\n---\n"),
        ("content/a.md", b"---\ntitle: A\naliases: [/dup/]\n---\n"),
        ("content/b.md", b"---\ntitle: B\naliases: [/dup/]\n---\n"),
        ("content/self.md", b"---\ntitle: Self\naliases: [/self/]\n---\n"),
        ("content/draft.md", b"---\ntitle: Draft\nurl: /same/\ndraft: true\n---\n"),
        ("content/posts/offsite.de.md", b"---\ntitle: Offsite\n---\n"),
    ]);
    let whole = site.run(&["check", "--format", "concise", "--select", "SITE"]);
    insta::assert_snapshot!(whole.all());
    // Linting one file compares it with the pages its URL can come from by
    // file name (and with the other files given).
    insta::assert_snapshot!(concise(
        &site,
        &["content/posts/recap.md", "content/c.md", "content/d.md"]
    ));
    assert!(concise(&site, &["content/posts/trip.md"]).contains("content/posts/trip/index.md"));
}

/// `disableAliases`: Hugo writes no redirect pages, so aliases collide with
/// nothing.
#[test]
fn hugo_disabled_aliases() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ndisableAliases = true\n",
        ),
        (
            "content/a.md",
            b"---\ntitle: A\naliases: [/dup/, /b/]\n---\n",
        ),
        ("content/b.md", b"---\ntitle: B\naliases: [/dup/]\n---\n"),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));
}

#[test]
fn jekyll_duplicate_urls() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: j\nplugins: [jekyll-redirect-from]\n",
        ),
        ("_posts/2024-01-02-hello.md", b"---\ntitle: Hello\n---\n"),
        (
            "_posts/2024-01-03-other.md",
            b"---\ntitle: Other\npermalink: /2024/01/02/hello.html\n---\n",
        ),
        ("about.md", b"---\ntitle: About\nredirect_from: /me/\n---\n"),
        ("me.md", b"---\ntitle: Me\npermalink: /me/\n---\n"),
        (
            "notes.md",
            b"No front matter: copied as is, no URL of its own.\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));
}

/// Posts only, same language, ignoring case and spacing; drafts left out.
#[test]
fn duplicate_titles() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
        ),
        ("content/posts/a.md", b"---\ntitle: Weekly review\n---\n"),
        ("content/posts/b.md", b"---\ntitle: \"  weekly   REVIEW \"\n---\n"),
        ("content/posts/c.md", b"---\ntitle: Weekly review\ndraft: true\n---\n"),
        ("content/posts/a.de.md", b"---\ntitle: Weekly review\n---\n"),
        ("content/about.md", b"---\ntitle: Weekly review\n---\n"),
        ("content/posts/d.md", b"+++\ntitle = 'Weekly review'\n+++\n"),
    ]);
    let whole = concise(&site, &[]);
    insta::assert_snapshot!(whole);
    // One file: compared with the other files given only.
    insta::assert_snapshot!(concise(&site, &["content/posts/a.md"]));
    insta::assert_snapshot!(concise(
        &site,
        &["content/posts/a.md", "content/posts/d.md"]
    ));
}

/// A URL or a title shared by many pages names three of the others and
/// counts the rest, so that the output grows with the number of pages, not
/// with its square.
#[test]
fn long_lists_of_other_pages_are_capped() {
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "hugo.toml".into(),
        b"baseURL = 'https://example.org/'\n".to_vec(),
    )];
    for n in 1..=6 {
        files.push((
            format!("content/posts/p{n}.md"),
            b"---\ntitle: Weekly notes\nurl: /notes/\n---\n".to_vec(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let site = Scratch::new(&borrowed);
    let out = concise(&site, &[]);
    insta::assert_snapshot!(out);
    // Four others are still named in full.
    let four = Scratch::new(&borrowed[..6]);
    assert!(
        concise(&four, &[])
            .contains("p2.md, content/posts/p3.md, content/posts/p4.md and content/posts/p5.md"),
        "{}",
        concise(&four, &[])
    );
}
