//! Excerpt and summary separators (EX001–EX005) through the real binary, on
//! the example site and on hand-made Hugo and Jekyll sites.

use crate::common;

use common::{Scratch, run};
use postlint::config::{Overrides, Settings};
use postlint::engine::{example_site, lint_text};
use postlint::generator::Flavor;

#[test]
fn example_site_dividers() {
    let out = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "EX",
        "fixtures/hugo-blog",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// The seed-like post: a Jekyll `excerpt_separator` left in a Hugo post
/// whose body uses `<!--more-->`.
#[test]
fn jekyll_key_in_a_hugo_post_says_what_hugo_does() {
    let out = run(&[
        "check",
        "--select",
        "EX",
        "fixtures/hugo-blog/content/posts/architects-and-tech-leads.md",
    ]);
    // A warning only: the exit code stays 0 at the default `--fail-on error`.
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn near_misses_and_repeats_in_full() {
    let out = run(&[
        "check",
        "--select",
        "EX",
        "fixtures/hugo-blog/content/posts/summary-dividers.md",
        "fixtures/hugo-blog/content/posts/inline-divider.md",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

const HUGO_CONFIG: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n",
);

#[test]
fn hugo_dividers_in_code_and_other_keys() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/in-code.md",
            b"---\ntitle: Code first\n---\nHow to write `<!--more-->` in a post.\n\nThe rest.\n",
        ),
        (
            "content/posts/declared-and-used.md",
            b"---\ntitle: Declared and used\nexcerpt_separator: <!--more-->\n---\nIntro.\n\n<!--more-->\n\nRest.\n",
        ),
        (
            "content/posts/declared-only.md",
            b"---\ntitle: Declared only\nexcerpt_separator: <!--cut-->\n---\nIntro.\n\n<!--cut-->\n\nRest.\n",
        ),
        (
            "content/posts/declared-nowhere.md",
            b"+++\ntitle = 'Declared nowhere'\nExcerpt_Separator = '<!--cut-->'\n+++\nIntro.\n\n<!--More-->\n\nRest.\n",
        ),
        (
            "content/posts/smart-dashes.md",
            "---\ntitle: Smart dashes\n---\nIntro.\n\n<!\u{2014}more\u{2014}>\n\nRest.\n".as_bytes(),
        ),
        (
            "content/posts/no-divider.md",
            b"---\ntitle: No divider at all\n---\nOne paragraph.\n\nAnother one. <!-- a comment -->\n",
        ),
        (
            "content/about.md",
            b"---\ntitle: About\n---\nA page with <!-- more --> in it is still checked.\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

const JEKYLL_CONFIG: (&str, &[u8]) = (
    "_config.yml",
    b"title: Scratch\nexcerpt_separator: \"<!--more-->\"\n",
);

#[test]
fn jekyll_separator_from_post_config_and_default() {
    let site = Scratch::new(&[
        JEKYLL_CONFIG,
        (
            "_posts/2024-05-01-uses-it.md",
            b"---\ntitle: Uses it\n---\nIntro.\n\n<!--more-->\n\nRest.\n",
        ),
        (
            "_posts/2024-05-02-never-cut.md",
            b"---\ntitle: Never cut\n---\nIntro.\n\nRest, which ends up in the excerpt.\n",
        ),
        (
            "_posts/2024-05-03-near-miss.md",
            b"---\ntitle: Near miss\n---\nIntro.\n\n<!-- more -->\n\nRest.\n",
        ),
        (
            "_posts/2024-05-04-own-separator.md",
            b"---\ntitle: Own separator\nexcerpt_separator: <!--cut-->\n---\nIntro.\n\n<!--cut-->\n\nRest.\n",
        ),
        (
            "_posts/2024-05-05-own-missing.md",
            b"---\ntitle: Own separator, missing\nexcerpt_separator: <!--cut-->\n---\nIntro.\n\n<!--more-->\n\nRest.\n",
        ),
        (
            "_posts/2024-05-06-disabled.md",
            b"---\ntitle: Excerpts off\nexcerpt_separator: \"\"\n---\nIntro.\n\nRest.\n",
        ),
        (
            "_posts/2024-05-07-own-excerpt.md",
            b"---\ntitle: Own excerpt\nexcerpt: A hand-written excerpt.\n---\nIntro.\n\nRest.\n",
        ),
        (
            "_posts/2024-05-08-inside-if.md",
            b"---\ntitle: Inside a Liquid block\n---\n{% if site.show_intro %}\nIntro.\n<!--more-->\n{% endif %}\n\nRest.\n",
        ),
        (
            "_posts/2024-05-09-twice.md",
            b"---\ntitle: Twice\n---\nIntro.\n\n<!--more-->\n\nMiddle.\n\n<!--more-->\n\nRest.\n",
        ),
        (
            "about.md",
            b"---\ntitle: About\n---\nPages get no excerpt unless `page_excerpts` is on.\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "EX"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_default_separator_inside_a_liquid_block() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: Scratch\n"),
        (
            "_posts/2024-06-01-open-block.md",
            b"---\ntitle: Open block\n---\n{% capture intro %}\nIntro.\n\nMore of the intro.\n{% endcapture %}\n{{ intro }}\n",
        ),
        (
            "_posts/2024-06-02-closed-block.md",
            b"---\ntitle: Closed block\n---\n{% if true %}Intro.{% endif %}\n\nRest.\n",
        ),
        (
            "_posts/2024-06-03-more-without-config.md",
            b"---\ntitle: Jekyll ignores more here\n---\nIntro.\n\n<!--more-->\n\nRest.\n",
        ),
    ]);
    let out = site.run(&["check", "--select", "EX"]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn required_and_length_when_configured() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "postlint.toml",
            b"[excerpt]\nrequired = true\nmax_words = 8\n",
        ),
        (
            "content/posts/short.md",
            b"---\ntitle: Short\n---\nA short **summary** here.\n\n<!--more-->\n\nThe rest can be as long as it likes to be, really.\n",
        ),
        (
            "content/posts/long.md",
            b"---\ntitle: Long\n---\nA summary with `inline code`, a [link](https://example.org), {{< notice >}}and{{< /notice >}} far too many words in it.\n\n<!--more-->\n\nRest.\n",
        ),
        (
            "content/posts/none.md",
            b"---\ntitle: None\n---\nNo divider.\n\n<!-- more -->\n\nRest.\n",
        ),
        (
            "content/posts/front-matter-summary.md",
            b"---\ntitle: Front matter summary\nsummary: This summary is written in front matter and runs well past the limit.\n---\nBody.\n",
        ),
        (
            "content/about.md",
            b"---\ntitle: About\n---\nPages are not posts: nothing is required here.\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_required_and_length() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"title: Scratch\nexcerpt_separator: <!--more-->\n",
        ),
        (
            "postlint.toml",
            b"[excerpt]\nrequired = true\nmax_words = 5\n",
        ),
        (
            "_posts/2024-06-01-long.md",
            b"---\ntitle: Long\n---\nOne two three four five six.\n\n<!--more-->\n\nRest.\n",
        ),
        (
            "_posts/2024-06-02-missing.md",
            b"---\ntitle: Missing\nexcerpt: Short enough.\n---\nBody.\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// EX002's fix, applied at library level, yields the exact divider and a
/// clean re-lint.
#[test]
fn near_miss_fix_rewrites_the_divider() {
    let site = example_site(Flavor::Hugo);
    let settings = Settings::defaults(&site.root, &Overrides::default()).unwrap();
    let text = "---\ntitle: Fixable\n---\nIntro.\n\n<!--  More -->\n\nRest.\n";
    let found = lint_text(&site, &settings, "content/posts/fixable.md", text);
    let ex002: Vec<_> = found.iter().filter(|d| d.code() == "EX002").collect();
    assert_eq!(ex002.len(), 1, "{found:#?}");
    let fix = ex002[0].fix.as_ref().expect("EX002 has a fix");
    let mut fixed = text.to_string();
    for edit in fix.edits.iter().rev() {
        fixed.replace_range(edit.span.range(), &edit.replacement);
    }
    assert_eq!(
        fixed,
        "---\ntitle: Fixable\n---\nIntro.\n\n<!--more-->\n\nRest.\n"
    );
    let again = lint_text(&site, &settings, "content/posts/fixable.md", &fixed);
    assert!(
        again.iter().all(|d| !d.code().starts_with("EX")),
        "{again:#?}"
    );
}
