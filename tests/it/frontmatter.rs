//! Front matter semantics (FM004–FM008, FM010–FM012) through the real
//! binary: the two example sites, hand-made sites for each rule's edges in
//! YAML, TOML and JSON, and the real corpora.

use crate::common;

use std::collections::BTreeSet;

use common::{Scratch, run, run_in};

const HUGO: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n",
);

fn concise(site: &Scratch, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "concise", "--select", "FM"];
    args.extend_from_slice(extra);
    site.run(&args).all()
}

#[test]
fn hugo_example_site() {
    let out = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "FM",
        "fixtures/hugo-blog",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_example_site() {
    let out = run(&["check", "fixtures/jekyll-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_example_site_clean_posts_are_clean() {
    let out = run(&[
        "check",
        "fixtures/jekyll-blog/_posts/2024-03-02-hello-jekyll.md",
        "fixtures/jekyll-blog/_posts/2024-05-18-tram-28.markdown",
        "fixtures/jekyll-blog/_drafts/thoughts-on-ticketing.md",
        "fixtures/jekyll-blog/index.md",
        "fixtures/jekyll-blog/about.md",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.all().contains("No problems found in 5 files"),
        "{}",
        out.all()
    );
}

#[test]
fn duplicate_keys_in_each_format() {
    let site = Scratch::new(&[
        HUGO,
        (
            "content/posts/yaml.md",
            b"---\ntitle: a\ntags: [x]\nparams:\n  author: A\n  author: B\ntags: [y]\n---\n",
        ),
        (
            "content/posts/json.md",
            b"{\"title\": \"a\", \"date\": \"2024-01-01\", \"title\": \"b\"}\n",
        ),
        (
            "content/posts/case.md",
            b"---\ntitle: a\nTitle: b\nTITLE: c\n---\n",
        ),
        (
            "content/posts/toml.md",
            b"+++\ntitle = 'a'\ntitle = 'b'\n+++\n",
        ),
        (
            "content/posts/clean.md",
            b"---\ntitle: a\nparams: {title: b}\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));
}

#[test]
fn required_fields() {
    let site = Scratch::new(&[
        HUGO,
        ("content/posts/none.md", b"---\ndate: 2024-01-01\n---\n"),
        ("content/posts/empty.md", b"---\ntitle: \"  \"\n---\n"),
        ("content/posts/null.md", b"+++\ntitle = ''\n+++\n"),
        ("content/posts/case.md", b"---\nTitle: Fine\n---\n"),
        ("content/posts/_index.md", b"---\ndate: 2024-01-01\n---\n"),
        ("content/about.md", b"---\ndate: 2024-01-01\n---\n"),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));

    let configured = Scratch::new(&[
        HUGO,
        (
            "postlint.toml",
            b"[frontmatter]\nrequired = ['title', 'description']\n",
        ),
        (
            "content/posts/x.md",
            b"---\ntitle: x\ndescription: []\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&configured, &[]));
}

#[test]
fn jekyll_titles_posts_from_their_file_names() {
    let files: &[(&str, &[u8])] = &[
        ("_config.yml", b"title: x\n"),
        ("_posts/2024-01-01-absent.md", b"---\nlayout: post\n---\n"),
        ("_posts/2024-01-02-null.md", b"---\ntitle:\n---\n"),
        ("_posts/2024-01-03-empty.md", b"---\ntitle: \"\"\n---\n"),
    ];
    let site = Scratch::new(files);
    let out = concise(&site, &[]);
    assert!(!out.contains("absent"), "{out}");
    assert!(!out.contains("null.md"), "{out}");
    assert!(out.contains("2024-01-03-empty.md:2:8: FM005"), "{out}");
    site.write("postlint.toml", b"[frontmatter]\nrequired = ['title']\n");
    insta::assert_snapshot!(concise(&site, &[]));
}

#[test]
fn field_types_hugo() {
    let site = Scratch::new(&[
        HUGO,
        (
            "content/posts/yaml.md",
            b"---\ntitle: [a, b]\ndraft: yes\nheadless: \"true\"\nweight: 1.5\ntags: 3\ncategories: \"a, b\"\nparams: 3\ncascade: [1]\nmenus: 3\nresources: {src: x}\naliases: {a: 1}\ndate: 2025\n---\n",
        ),
        (
            "content/posts/toml.md",
            b"+++\ntitle = 'x'\ndraft = 'no'\nweight = 'first'\nkeywords = [[1]]\n[build]\nlist = 'never'\n+++\n",
        ),
        (
            "content/posts/json.md",
            b"{\"title\": \"x\", \"weight\": 3, \"draft\": false, \"tags\": \"one\", \"outputs\": [\"html\"]}\n",
        ),
        (
            "content/posts/clean.md",
            b"---\ntitle: 3\ndraft: \"false\"\nweight: \"4\"\ntags: solo\nmenu: main\nmenus: [main, footer]\ncascade: {params: {a: 1}}\nresources: [{src: x.jpg}]\naliases: /old/\nsitemap: {priority: 0.5}\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));
}

#[test]
fn field_types_jekyll() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\n"),
        (
            "_posts/2024-01-01-bad.md",
            b"---\ntitle: x\npublished: \"false\"\nrender_with_liquid: 0\ncategories: {a: 1}\ntags: 3\nlayout: [a]\n---\n",
        ),
        (
            "_posts/2024-01-02-good.md",
            b"---\ntitle: x\npublished: yes\nrender_with_liquid: false\ncategories: jekyll release\ntags: [a, 3]\nlayout: null\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));
}

/// Each case was checked against Hugo 0.168 on a scratch site.
#[test]
fn hugo_dates_in_every_format() {
    let valid = [
        "date: 2025-01-10",
        "date: 2025-01-10T19:00:00Z",
        "date: 2025-01-10 19:00:00 +0000",
        "date: 2025-01-10T19:00:00",
        "date: 2025-01-10T9:00:00.5+01:00",
        "date: \"15 Oct 2023\"",
        "date: \"Fri, 10 Jan 2025 19:00:00 CET\"",
        "date: \"\"",
        "date:",
        "lastmod: 2025-01-10T19:00:00-0700",
        "expiryDate: '2028-02-18'",
        "PublishDate: 2025-01-10",
    ];
    let invalid = [
        "date: 2025-13-45",
        "date: 2025-02-30",
        "date: 2025-1-5",
        "date: \"2025/01/10\"",
        "date: Oct 15, 2023",
        "date: 2025-01-10 19:00",
        "date: 2025-01-10t19:00:00z",
        "date: true",
        "date: 1.5",
        "pubdate: [2025-01-10]",
        "unpublishdate: 2025-01-10T25:00:00Z",
        "modified: yesterday",
    ];
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, line) in valid.iter().chain(invalid.iter()).enumerate() {
        files.push((
            format!("content/p{i:02}.md"),
            format!("---\ntitle: t\n{line}\n---\n").into_bytes(),
        ));
    }
    files.push((
        "content/toml-ok.md".into(),
        b"+++\ntitle = 't'\ndate = 1979-05-27T07:32:00-07:00\nlastmod = 1979-05-27\nexpiryDate = 2099-05-27T07:32:00\n+++\n".to_vec(),
    ));
    files.push((
        "content/toml-bad.md".into(),
        b"+++\ntitle = 't'\ndate = 07:32:00\nlastmod = '1979-5-27'\n+++\n".to_vec(),
    ));
    files.push((
        "content/json-ok.md".into(),
        b"{\"title\": \"t\", \"date\": \"2024-10-01T08:30:00Z\", \"lastmod\": null}\n".to_vec(),
    ));
    files.push((
        "content/json-bad.md".into(),
        b"{\"title\": \"t\", \"date\": 1700000000, \"lastmod\": \"2024-10-32\"}\n".to_vec(),
    ));
    let refs: Vec<(&str, &[u8])> = std::iter::once(HUGO)
        .chain(files.iter().map(|(p, c)| (p.as_str(), c.as_slice())))
        .collect();
    let site = Scratch::new(&refs);
    let out = concise(&site, &["--select", "FM007"]);
    for (i, line) in valid.iter().enumerate() {
        assert!(
            !out.contains(&format!("content/p{i:02}.md")),
            "{line} was reported:\n{out}"
        );
    }
    for (i, line) in invalid.iter().enumerate() {
        let i = i + valid.len();
        assert!(
            out.contains(&format!("content/p{i:02}.md")),
            "{line} was not reported:\n{out}"
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn custom_date_keys_from_the_site_config() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"title = 'x'\n[frontmatter]\ndate = ['eventDate', ':default']\n",
        ),
        (
            "content/event.md",
            b"---\ntitle: x\neventDate: 2024-02-31\n---\n",
        ),
    ]);
    let out = concise(&site, &[]);
    assert!(
        out.contains("FM007 `eventDate` is not a valid date: February 2024 has 29 days"),
        "{out}"
    );
}

#[test]
fn jekyll_dates() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\ntimezone: America/Los_Angeles\n"),
        (
            "_posts/2024-01-01-ok.md",
            b"---\ndate: 2024-01-01 10:00:00 -0800\n---\n",
        ),
        (
            "_posts/2024-01-02-ruby.md",
            b"---\ndate: \"Jan 2, 2024\"\n---\n",
        ),
        (
            "_posts/2024-01-03-slash.md",
            b"---\ndate: \"2024/01/03\"\n---\n",
        ),
        ("_posts/2024-01-04-empty.md", b"---\ndate:\n---\n"),
        (
            "_posts/2024-01-05-month.md",
            b"---\ndate: 2024-13-05\n---\n",
        ),
        (
            "_posts/2024-02-30-rollover.md",
            b"---\ndate: 2024-02-30\n---\n",
        ),
        ("_posts/2024-01-07-number.md", b"---\ndate: 2024\n---\n"),
        (
            "_posts/2024-01-08-words.md",
            b"---\ndate: next tuesday\n---\n",
        ),
        (
            "about.md",
            b"---\ntitle: About\ndate: not a date, pages ignore it\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));
}

#[test]
fn unknown_fields_are_near_misses_only() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"title = 'x'\n[params]\nshowDate = true\ntag = 'site-wide'\n[taxonomies]\nseries = 'series'\ntag = 'tags'\n",
        ),
        ("layouts/_partials/cover.html", b"{{ .Params.image }} {{ .Param \"descriptoin\" }}"),
        (
            "content/posts/typos.md",
            b"---\ntitel: x\ncatagories: [a]\ndraf: true\nDesription: text\nserie: [a]\npostlnt: {ignore: [FM005]}\n---\n",
        ),
        (
            "content/posts/params.md",
            b"---\ntitle: x\nxml: true\nnote: text\nalias: true\nimage: /a.jpg\ndescriptoin: read by a template\nshowdate: false\ntag: declared in the site params\ndata: {a: 1}\nlinktitle: ok\nMenu: main\ncSpell:ignore: word\n---\n",
        ),
        (
            "content/posts/both.md",
            b"---\ntitle: x\ndate: 2024-01-01\ndata: 2024-01-02\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&site, &[]));

    let jekyll = Scratch::new(&[
        (
            "_config.yml",
            b"title: x\ndefaults:\n  - scope: {path: ''}\n    values: {Layout: post}\n",
        ),
        ("_layouts/post.html", b"{{ page.tag_line }}"),
        (
            "_posts/2024-01-01-x.md",
            b"---\nTitle: x\nLayout: post\ntag_line: read by the layout\npermalnk: /x/\nnote: text\nmenu: main\n---\n",
        ),
    ]);
    insta::assert_snapshot!(concise(&jekyll, &[]));
}

#[test]
fn publishing_follows_the_site_config() {
    let files: &[(&str, &[u8])] = &[
        (
            "content/future.md",
            b"---\ntitle: x\ndate: 2099-01-01\n---\n",
        ),
        (
            "content/explicit-publish.md",
            b"---\ntitle: x\ndate: 2099-01-01\npublishDate: 2001-01-01\n---\n",
        ),
        (
            "content/pubdate.md",
            b"+++\ntitle = 'x'\npubdate = 2099-01-01T00:00:00Z\n+++\n",
        ),
        (
            "content/expired.md",
            b"---\ntitle: x\nunpublishdate: 2001-01-01\n---\n",
        ),
        (
            "content/draft.md",
            b"{\"title\": \"x\", \"draft\": \"true\"}\n",
        ),
        (
            "content/not-draft.md",
            b"---\ntitle: x\ndraft: false\n---\n",
        ),
        (
            "content/past.md",
            b"---\ntitle: x\ndate: 2001-01-01\nexpiryDate: 2099-01-01\n---\n",
        ),
    ];
    let mut with_config = files.to_vec();
    with_config.push(("hugo.toml", b"title = 'x'\ntimeZone = 'Asia/Tokyo'\n"));
    let site = Scratch::new(&with_config);
    insta::assert_snapshot!(concise(&site, &[]));

    let mut relaxed = files.to_vec();
    relaxed.push((
        "hugo.toml",
        b"title = 'x'\nbuildFuture = true\nbuildExpired = true\nbuildDrafts = true\n",
    ));
    let relaxed = Scratch::new(&relaxed);
    let out = concise(&relaxed, &[]);
    assert!(!out.contains("FM010"), "{out}");
}

#[test]
fn jekyll_publishing_and_file_names() {
    let files: &[(&str, &[u8])] = &[
        ("_posts/2099-01-01-future.md", b"---\ntitle: x\n---\n"),
        (
            "_posts/2024-01-01-dated-later.md",
            b"---\ntitle: x\ndate: 2099-06-01 10:00:00 +0000\n---\n",
        ),
        (
            "_posts/2024-01-02-unpublished.md",
            b"---\ntitle: x\npublished: no\n---\n",
        ),
        (
            "_posts/2024-01-03-nil.md",
            b"---\ntitle: x\npublished:\n---\n",
        ),
        (
            "_posts/2024-01-04-utc-shift.md",
            b"---\ntitle: x\ndate: 2024-01-04 02:00:00\n---\n",
        ),
        (
            "_posts/2024-01-05-string-is-local.md",
            b"---\ntitle: x\ndate: \"2024-01-05 02:00:00\"\n---\n",
        ),
        ("_posts/2024-13-10-bad-name.md", b"---\ntitle: x\n---\n"),
        ("_posts/2024-02-30-rolled.md", b"---\ntitle: x\n---\n"),
        ("_posts/2024-01-06.md", b"---\ntitle: x\n---\n"),
        (
            "_posts/2024-1-7-short.md",
            b"---\ntitle: x\ndate: 2024-01-07\n---\n",
        ),
        (
            "_posts/2024/2024-01-08-in-a-folder.md",
            b"---\ntitle: x\n---\n",
        ),
        (
            "_drafts/2099-01-01-a-draft.md",
            b"---\ntitle: x\ndate: 2099-01-01\n---\n",
        ),
    ];
    let mut with_config = files.to_vec();
    with_config.push(("_config.yml", b"title: x\ntimezone: America/Los_Angeles\n"));
    let site = Scratch::new(&with_config);
    insta::assert_snapshot!(concise(&site, &[]));

    let mut relaxed = files.to_vec();
    relaxed.push((
        "_config.yml",
        b"title: x\nfuture: true\nunpublished: true\n",
    ));
    let relaxed = Scratch::new(&relaxed);
    let out = concise(&relaxed, &["--select", "FM010"]);
    assert!(!out.contains("FM010"), "{out}");
}

#[test]
fn removed_keys_depend_on_the_target_hugo_version() {
    let files: &[(&str, &[u8])] = &[
        HUGO,
        (
            "content/_index.md",
            b"---\ntitle: Home\ncascade:\n  - _target: {path: /docs/**}\n    _build: {list: never}\n  - target: {path: /blog/**}\n---\n",
        ),
        (
            "content/hidden.md",
            b"+++\ntitle = 'x'\n[_build]\nlist = 'never'\n+++\n",
        ),
        (
            "content/both.md",
            b"{\"title\": \"x\", \"_build\": {\"list\": \"never\"}, \"build\": {\"render\": \"always\"}}\n",
        ),
    ];
    let newest = Scratch::new(files);
    insta::assert_snapshot!("removed_keys_newest", concise(&newest, &[]));

    let mut older = files.to_vec();
    older.push(("postlint.toml", b"[site]\nhugo_version = \"0.150\"\n"));
    let older = Scratch::new(&older);
    insta::assert_snapshot!("removed_keys_0_150", concise(&older, &[]));

    let mut oldest = files.to_vec();
    oldest.push(("postlint.toml", b"[site]\nhugo_version = \"0.140\"\n"));
    let oldest = Scratch::new(&oldest);
    let out = concise(&oldest, &[]);
    assert!(!out.contains("FM012"), "{out}");

    let json = newest.run(&["check", "--format", "json", "--select", "FM012"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let fixes: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["fix"].as_object().map(|_| &d["fix"]))
        .collect();
    // `both.md` already has `build`: renaming would make a duplicate.
    assert_eq!(fixes.len(), 3, "{}", json.stdout);
    let replacements: BTreeSet<&str> = fixes
        .iter()
        .filter_map(|fix| fix["edits"][0]["replacement"].as_str())
        .collect();
    assert_eq!(replacements, BTreeSet::from(["build", "target"]));
}

/// The real sites: no FM004–FM008 anywhere, FM012 exactly on congo's five
/// `_build` pages. FM010/FM011 depend on the day and are judged by hand.
#[test]
fn corpora_have_no_false_positives() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut removed = BTreeSet::new();
    for site in [
        "congo",
        "docsy-dev",
        "hugo-book",
        "hugo-docs",
        "jekyll-docs",
        "minima",
    ] {
        let out = run_in(
            &root.join(site),
            &[
                "check",
                "--format",
                "concise",
                "--select",
                "FM004,FM005,FM006,FM007,FM008,FM012",
            ],
        );
        for line in out.stdout.lines() {
            assert!(line.contains(" FM012 "), "{site}: {line}");
            removed.insert(format!("{site}/{}", line.split(':').next().unwrap()));
        }
    }
    let expected: BTreeSet<String> = ["", ".de", ".es", ".ja", ".zh-Hans"]
        .iter()
        .map(|lang| format!("congo/content/samples/external/index{lang}.md"))
        .collect();
    assert_eq!(removed, expected);
}

/// Found by the mutation harness (`tests/mutations.rs`): an unclosed quote
/// is reported where it opens, also when a stray quote further down keeps
/// the YAML valid.
#[test]
fn an_unclosed_quote_is_reported_at_the_quote() {
    let site = postlint::engine::example_site(postlint::generator::Flavor::Hugo);
    let settings = postlint::config::Settings::defaults(&site.root, &Default::default()).unwrap();
    let found = |text: &str| -> Vec<(&'static str, usize, String)> {
        postlint::engine::lint_text(&site, &settings, "content/posts/q.md", text)
            .iter()
            .map(|d| {
                let line = text[..d.primary.span.start].matches('\n').count() + 1;
                (d.rule.code, line, d.severity.to_string())
            })
            .collect()
    };
    // Never closed: the parser meets the end of the block.
    assert_eq!(
        found("---\ntitle: \"Hello\ndate: 2024-01-02\n---\nBody.\n"),
        [("FM001", 2, "error".to_string())]
    );
    // Closed by a stray quote three lines down: valid YAML, a warning.
    let stray = "---\ntitle: \"Hello\ndate: 2024-01-02\ndraft: false\ndescription: About it.\"\n---\nBody.\n";
    assert_eq!(found(stray), [("FM001", 2, "warning".to_string())]);
    // A long quoted value folded over lines is fine.
    let folded = "---\ntitle: \"A long title\n  over two lines\"\ndate: 2024-01-02\n---\nBody.\n";
    assert_eq!(found(folded), []);
}

/// A date the generator accepts but no timestamp can hold (the end of year
/// 9999, read in a zone west of UTC) is still in the future: Jekyll skips
/// the post and Hugo the page, as for any future date.
#[test]
fn dates_at_the_end_of_the_calendar_are_in_the_future() {
    let jekyll = Scratch::new(&[
        ("_config.yml", b"title: x\ntimezone: America/New_York\n"),
        (
            "_posts/9999-12-31-far.md",
            b"---\ntitle: Far\ndate: 9999-12-31 23:00:00\n---\nx\n",
        ),
    ]);
    let out = jekyll.run(&["check", "--format", "concise", "--select", "FM010"]);
    assert!(
        out.stdout.contains("_posts/9999-12-31-far.md:3:7: FM010 `date` is in the future: Jekyll does not publish this post before 9999-12-31"),
        "{}",
        out.all()
    );
    let hugo = Scratch::new(&[
        ("hugo.toml", b"timeZone = 'America/New_York'\n"),
        (
            "content/far.md",
            b"---\ntitle: Far\ndate: 9999-12-31T23:00:00\n---\nx\n",
        ),
    ]);
    let out = hugo.run(&["check", "--format", "concise", "--select", "FM010"]);
    assert!(
        out.stdout.contains("content/far.md:3:7: FM010"),
        "{}",
        out.all()
    );
}

/// A language's own taxonomies (`languages.fr.taxonomies`) are its pages'
/// front matter keys and URLs (checked with Hugo 0.168: it builds
/// `/fr/frcategories/voyage/`): neither a misspelling of `categories`
/// (FM008) nor a broken link (LNK002).
#[test]
fn per_language_taxonomies() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ndefaultContentLanguage = 'en'\n[languages.en]\ncontentDir = 'content/en'\nweight = 1\n[languages.fr]\ncontentDir = 'content/fr'\nweight = 2\n[languages.fr.taxonomies]\ncategory = 'FRcategories'\ntag = 'tags'\n",
        ),
        (
            "content/fr/posts/bonjour.md",
            b"---\ntitle: Bonjour\nFRcategories: [voyage]\n---\nVoir [la liste](/fr/frcategories/voyage/).\n",
        ),
        (
            "content/en/posts/hello.md",
            b"---\ntitle: Hello\ncategories: [travel]\n---\nSee [the list](/categories/travel/).\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "ALL", "--format", "concise"]);
    assert_eq!(out.stdout, "", "{}", out.all());
}

/// FM011's help says what `date` decides on this site: the URL its
/// permalink makes from the date, or only the post order when the
/// permalink has no date in it; and, for a future date, that Jekyll does
/// not build the post yet (it once claimed `/9999/12/31/…` on a site whose
/// permalink is `/:categories/:title/`).
#[test]
fn filename_date_help_follows_the_sites_permalink() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\npermalink: /:categories/:title/\n"),
        (
            "_posts/2020-01-01-future-post.md",
            b"---\ntitle: Future\ndate: 9999-12-31\n---\nx\n",
        ),
        (
            "_posts/2024-06-01-other.md",
            b"---\ntitle: Other\ndate: 2024-06-08\npermalink: /:year/:month/:day/:title.html\n---\nx\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "FM011", "--format", "json"]);
    let json = out.json();
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "Jekyll orders posts by `date` (the URL, `/future-post/`, has no date in it: the permalink is `/:categories/:title/`) and ignores the file name's date; Jekyll does not build the post before 9999-12-31 (`date` is in the future); make the two agree",
            "Jekyll takes the URL (`/2024/06/08/other.html`) and the post order from `date` and ignores the file name's date; make the two agree",
        ],
        "{}",
        out.all()
    );
}

/// A key a language declares in its own `params` is the site's key on
/// every page, as the site's `params` are: not a misspelling of a field.
#[test]
fn a_languages_own_params_are_declared_keys() {
    let config = |params: &str| {
        format!(
            "baseURL = 'https://example.org/'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n[languages.fr.params]\n{params}\n"
        )
    };
    let site = Scratch::new(&[
        ("hugo.toml", config("x = 1").as_bytes()),
        (
            "content/posts/a.fr.md",
            b"---\ntitle: A\nsumary: x\n---\nx\n",
        ),
    ]);
    let check = || site.run(&["check", "--select", "FM008", "--format", "concise"]);
    let out = check();
    assert!(
        out.stdout
            .contains("FM008 unknown field `sumary`: did you mean `summary`?"),
        "{}",
        out.all()
    );
    site.write("hugo.toml", config("sumary = 'y'").as_bytes());
    assert_eq!(check().stdout, "", "{}", check().all());
}

/// A language's own `timeZone` reads the dates of its pages (Hugo 0.168
/// publishes the French copy of a post dated six hours from now, written
/// without an offset, when French dates are read at UTC+14, and holds back
/// the English one, read at UTC).
#[test]
fn a_languages_own_time_zone_reads_its_dates() {
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(6))
        .unwrap();
    let soon = jiff::tz::TimeZone::UTC
        .to_datetime(soon)
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let post = format!("---\ntitle: A\ndate: {soon}\n---\n[the French copy](/fr/posts/a/)\n");
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntimeZone = 'UTC'\n\
              [languages.en]\nweight = 1\n\
              [languages.fr]\nweight = 2\ntimeZone = 'Pacific/Kiritimati'\n",
        ),
        ("content/posts/a.md", post.as_bytes()),
        ("content/posts/a.fr.md", post.as_bytes()),
    ]);
    let out = site.run(&["check", "--select", "FM010,LNK002", "--format", "concise"]);
    let found: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(found.len(), 1, "{}", out.all());
    assert!(
        found[0].starts_with("content/posts/a.md:3:7: FM010 `date` is in the future (read in the site's time zone UTC)"),
        "{}",
        out.all()
    );
    // The English page links to its French copy, which is published; the
    // French one links to itself.
    assert!(
        !out.stdout.contains("a.md:5") && !out.stdout.contains("a.fr.md"),
        "{}",
        out.all()
    );
}
