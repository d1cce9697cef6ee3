//! Editors and scripts: standard input, `postlint init`.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{Scratch, repo_root};

#[test]
fn standard_input_is_linted_as_the_named_file() {
    let mut child = common::command(&repo_root())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "fixtures/hugo-blog/content/posts/unsaved.md",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postlint starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"An unsaved post without front matter.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
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
