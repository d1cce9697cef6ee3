//! MIG: leftovers of the other generator, through the real binary on
//! `fixtures/migration` (checked with Hugo 0.168 and Jekyll 4.3.1: Hugo
//! ignores a Jekyll `permalink` and publishes the page at its section's
//! address, and honours `url` and `aliases` after the fix; Jekyll publishes
//! a post marked `draft: true`; Hugo prints Liquid as text, and renders the
//! fixed posts' code block, image and `relref` link; Jekyll logs a Liquid
//! warning for a shortcode and renders it as nothing), and zero findings
//! on the real corpora.

use crate::common;

use common::{Scratch, repo_root, run};

#[test]
fn hugo_page_with_jekyll_keys() {
    let out = run(&["check", "--select", "MIG001", "fixtures/migration/hugo"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_post_with_hugo_keys() {
    let out = run(&["check", "--select", "MIG001", "fixtures/migration/jekyll"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

/// `--fix` says it the site's own way, and a second `--fix` changes nothing.
#[test]
fn fixes_rename_the_keys_and_are_idempotent() {
    for (site, post) in [
        ("hugo", "content/posts/winter-schedule.md"),
        ("jekyll", "_posts/2024-12-01-nets.md"),
    ] {
        let from = repo_root().join("fixtures/migration").join(site);
        let copy = Scratch::new(&[]);
        common::copy_tree(&from, copy.path());
        let first = copy.run(&[
            "check", "--select", "MIG001", "--fix", "--format", "concise",
        ]);
        let fixed = std::fs::read_to_string(copy.path().join(post)).expect("the fixed post");
        insta::assert_snapshot!(
            format!("fixed_{site}"),
            format!("{}\n--- {post} ---\n{fixed}", first.all())
        );
        let second = copy.run(&[
            "check", "--select", "MIG001", "--fix", "--format", "concise",
        ]);
        let again = std::fs::read_to_string(copy.path().join(post)).expect("the post");
        assert_eq!(
            again,
            fixed,
            "a second --fix changed the post: {}",
            second.all()
        );
    }
}

/// MIG002: every kind of Liquid left in a Hugo post, at its line and
/// column; the post that teaches Liquid in code stays clean.
#[test]
fn hugo_posts_with_liquid() {
    let out = run(&["check", "--select", "MIG002", "fixtures/migration/hugo"]);
    assert_eq!(out.code, 1, "errors: {}", out.all());
    assert!(
        !out.stdout.contains("teaching-liquid.md"),
        "Liquid in code is shown, not a leftover: {}",
        out.stdout
    );
    insta::assert_snapshot!(out.all());
}

/// MIG003: Hugo shortcodes in Jekyll posts, in code too (Jekyll runs
/// Liquid there); the post that shows them inside `{% raw %}` stays clean.
#[test]
fn jekyll_posts_with_shortcodes() {
    let out = run(&["check", "--select", "MIG003", "fixtures/migration/jekyll"]);
    assert_eq!(out.code, 1, "errors: {}", out.all());
    assert!(
        !out.stdout.contains("teaching-shortcodes"),
        "a shortcode inside raw is text: {}",
        out.stdout
    );
    insta::assert_snapshot!(out.all());
}

/// A shortcode in a Jekyll post is one Liquid cannot parse: reported once,
/// by MIG003 when it is selected, by LQ003 when it is not.
#[test]
fn a_shortcode_is_reported_once() {
    let post = "fixtures/migration/jekyll/_posts/2025-01-12-nets-figure.md";
    let codes = |select: &str| {
        let out = run(&["check", "--select", select, "--format", "concise", post]);
        let mut codes: Vec<String> = out
            .stdout
            .lines()
            .filter_map(|line| line.split_whitespace().nth(1).map(str::to_string))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    assert_eq!(codes("LQ,MIG"), ["MIG003"]);
    assert_eq!(codes("LQ"), ["LQ003"]);
}

/// `--fix` turns the Liquid Hugo can say for certain into Hugo's way (a
/// fenced block, a site path, a `relref` to the page that exists), leaves
/// the rest, and a second `--fix` changes nothing.
#[test]
fn liquid_fixes_are_hugo_and_idempotent() {
    let from = repo_root().join("fixtures/migration/hugo");
    let copy = Scratch::new(&[]);
    common::copy_tree(&from, copy.path());
    let posts = [
        "content/posts/highlight-block.md",
        "content/posts/breakwater.md",
        "content/posts/cranes-again.md",
    ];
    let first = copy.run(&[
        "check", "--select", "MIG002", "--fix", "--format", "concise",
    ]);
    let mut shown = first.all();
    let mut fixed = Vec::new();
    for post in posts {
        let text = std::fs::read_to_string(copy.path().join(post)).expect("the fixed post");
        shown.push_str(&format!("\n--- {post} ---\n{text}"));
        fixed.push(text);
    }
    insta::assert_snapshot!(shown);
    let second = copy.run(&[
        "check", "--select", "MIG002", "--fix", "--format", "concise",
    ]);
    for (post, before) in posts.iter().zip(&fixed) {
        let again = std::fs::read_to_string(copy.path().join(post)).expect("the post");
        assert_eq!(
            &again,
            before,
            "a second --fix changed {post}: {}",
            second.all()
        );
    }
}

/// The six real sites carry no leftovers of the other generator.
#[test]
fn no_migration_finding_on_the_corpora() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    for site in common::corpus_sites(&root) {
        let out = common::run_in(&site, &["check", "--select", "MIG", "--format", "concise"]);
        assert_eq!(out.stdout, "", "{}: {}", site.display(), out.all());
    }
}
