//! MIG: leftovers of the other generator, through the real binary on
//! `fixtures/migration` (checked with Hugo 0.168 and Jekyll 4.3.1: Hugo
//! ignores a Jekyll `permalink` and publishes the page at its section's
//! address, and honours `url` and `aliases` after the fix; Jekyll publishes
//! a post marked `draft: true`), and zero findings on the real corpora.

use crate::common;

use common::{Scratch, repo_root, run};

#[test]
fn hugo_page_with_jekyll_keys() {
    let out = run(&["check", "--select", "MIG", "fixtures/migration/hugo"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_post_with_hugo_keys() {
    let out = run(&["check", "--select", "MIG", "fixtures/migration/jekyll"]);
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
        let first = copy.run(&["check", "--select", "MIG", "--fix", "--format", "concise"]);
        let fixed = std::fs::read_to_string(copy.path().join(post)).expect("the fixed post");
        insta::assert_snapshot!(
            format!("fixed_{site}"),
            format!("{}\n--- {post} ---\n{fixed}", first.all())
        );
        let second = copy.run(&["check", "--select", "MIG", "--fix", "--format", "concise"]);
        let again = std::fs::read_to_string(copy.path().join(post)).expect("the post");
        assert_eq!(
            again,
            fixed,
            "a second --fix changed the post: {}",
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
