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

/// A time zone that does not exist: Hugo 0.168 stops ("invalid timeZone for
/// language \"en\": unknown time zone Europe/Olso"), Jekyll 4.3.1 builds and
/// reads dates in UTC. The finding is on the name, for the site's zone and a
/// language's own, with the closest real name; FM010 says it read in UTC.
#[test]
fn a_time_zone_that_does_not_exist() {
    let hugo = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntimeZone = 'Europe/Olso'\n\
              [languages.en]\nweight = 1\n[languages.fr]\nweight = 2\ntimeZone = 'Europe/Pariss'\n",
        ),
        (
            "content/posts/a.md",
            b"---\ntitle: A\ndate: 2999-01-01\n---\nx\n",
        ),
    ]);
    let out = hugo.run(&["check", "--format", "json", "--select", "SITE005,FM010"]);
    let json = out.json();
    let found: Vec<(String, u64, u64, String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{}", out.all());
    assert_eq!(
        (
            &found[0].0[..],
            found[0].1,
            found[0].2,
            &found[0].3[..],
            &found[0].4[..]
        ),
        (
            "content/posts/a.md",
            3,
            7,
            "warning",
            "`date` is in the future (read in UTC: there is no time zone `Europe/Olso`): Hugo does not publish this page before 2999-01-01"
        )
    );
    assert_eq!(
        (
            &found[1].0[..],
            found[1].1,
            found[1].2,
            &found[1].3[..],
            &found[1].4[..]
        ),
        (
            "hugo.toml",
            2,
            13,
            "error",
            "time zone `Europe/Olso` does not exist"
        )
    );
    assert!(
        found[1].5.starts_with("did you mean `Europe/Oslo`?"),
        "{found:?}"
    );
    assert_eq!(
        (&found[2].0[..], found[2].1, &found[2].4[..]),
        (
            "hugo.toml",
            7,
            "time zone `Europe/Pariss` of language `fr` does not exist"
        )
    );

    let jekyll = Scratch::new(&[
        ("_config.yml", b"title: x\ntimezone: Europe/Olso\n"),
        ("_posts/2024-01-01-a.md", b"---\ntitle: A\n---\nx\n"),
    ]);
    let out = jekyll.run(&["check", "--format", "concise", "--select", "SITE005"]);
    assert_eq!(
        out.stdout,
        "_config.yml:2:11: SITE005 time zone `Europe/Olso` does not exist\n",
        "{}",
        out.all()
    );
}
