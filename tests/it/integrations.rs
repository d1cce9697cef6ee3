//! Editors and scripts: standard input, `postlint init`.

use crate::common;

use common::{Scratch, repo_root};

#[test]
fn standard_input_is_linted_as_the_named_file() {
    let out = common::output_with_input(
        common::command(&repo_root()).args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "fixtures/hugo-blog/content/posts/unsaved.md",
            "-",
        ]),
        b"An unsaved post without front matter.\n",
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "fixtures/hugo-blog/content/posts/unsaved.md:1:1: FM003 post has no front matter\n"
    );
    let misuse = common::run(&["check", "--stdin-filename", "x.md", "a.md"]);
    assert_eq!(misuse.code, 2, "{}", misuse.all());
}

#[test]
fn init_writes_a_valid_commented_config_once() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"theme = 'paper'\n[languages.en]\ncontentDir = 'content/en'\n",
        ),
        ("content/en/posts/a.md", b"---\ntitle: A\n---\n"),
        ("themes/paper/layouts/.keep", b""),
    ]);
    let out = site.run(&["init"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let written = std::fs::read_to_string(site.path().join("postlint.toml")).unwrap();
    insta::assert_snapshot!(written);
    let check = site.run(&["check"]);
    assert_eq!(
        check.code,
        0,
        "the written config is valid: {}",
        check.all()
    );
    let again = site.run(&["init"]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(again.stderr.contains("already exists"));
}

const HUGO: (&str, &[u8]) = ("hugo.toml", b"title = 'Scratch'\n");
const NEAR_MISS: &[u8] = b"---\ntitle: Fixable\n---\nThe summary.\n\n<!-- more -->\n\nThe rest.\n";

#[test]
fn diff_shows_the_fix_and_writes_nothing() {
    let site = Scratch::new(&[HUGO, ("content/posts/a.md", NEAR_MISS)]);
    let out = site.run(&["check", "--diff"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
    assert_eq!(
        std::fs::read(site.path().join("content/posts/a.md")).unwrap(),
        NEAR_MISS
    );
}

#[test]
fn fix_writes_the_fix_reports_what_remains_and_is_idempotent() {
    let site = Scratch::new(&[
        HUGO,
        ("content/posts/a.md", NEAR_MISS),
        (
            "content/posts/b.md",
            b"No front matter and nothing to fix.\n",
        ),
    ]);
    let out = site.run(&["check", "--fix", "--format", "concise"]);
    assert_eq!(out.code, 1, "FM003 remains: {}", out.all());
    insta::assert_snapshot!(out.all());
    let fixed = std::fs::read_to_string(site.path().join("content/posts/a.md")).unwrap();
    assert_eq!(
        fixed,
        "---\ntitle: Fixable\n---\nThe summary.\n\n<!--more-->\n\nThe rest.\n"
    );
    let untouched = std::fs::read(site.path().join("content/posts/b.md")).unwrap();
    assert_eq!(untouched, b"No front matter and nothing to fix.\n");
    let again = site.run(&["check", "--fix", "--format", "concise"]);
    assert!(!again.stderr.contains("Fixed"), "{}", again.all());
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/posts/a.md")).unwrap(),
        fixed
    );
}

#[test]
fn markdownlint_md045_comments_silence_missing_alt() {
    let site = Scratch::new(&[
        HUGO,
        (
            "content/posts/a.md",
            b"---\ntitle: Mixed repo\n---\n<!-- markdownlint-disable-next-line MD045 -->\n![](/x.png)\n\n<!-- markdownlint-disable MD013 -->\n![](/y.png)\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "IMG001,PL001"]);
    insta::assert_snapshot!(out.all());
}
