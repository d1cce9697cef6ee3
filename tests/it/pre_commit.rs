//! The pre-commit integration, with the real `pre-commit` (from PyPI): the
//! hooks in `.pre-commit-hooks.yaml` build postlint with `language: rust`
//! and lint exactly the files pre-commit passes. (The hooks that install the
//! wheel, `pre-commit-mirror/`, are run by `scripts/check-distribution.sh`,
//! which builds the wheel first.)
//!
//! Needs `pre-commit` on PATH (or `POSTLINT_PRE_COMMIT=/path/to/pre-commit`);
//! `.ci/run` installs it into a virtualenv. Elsewhere the test is skipped with
//! a message, unless `CI` is set, where a missing pre-commit is a failure.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn pre_commit() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("POSTLINT_PRE_COMMIT") {
        return Some(PathBuf::from(path));
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("pre-commit"))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the pre-commit test: install pre-commit (see .ci/run)"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
    }
    found
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "postlint")
        .env("GIT_AUTHOR_EMAIL", "postlint@example.org")
        .env("GIT_COMMITTER_NAME", "postlint")
        .env("GIT_COMMITTER_EMAIL", "postlint@example.org")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// A throwaway blog repository: a Hugo site with one good and one bad post.
fn blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &str)] = &[
        (
            "hugo.toml",
            "title = 'Blog'\nbaseURL = 'https://example.org/'\n",
        ),
        (
            "content/posts/good.md",
            "---\ntitle: Good\ndate: 2024-01-02\n---\nFine.\n",
        ),
        (
            "content/posts/bad.md",
            "---\ntitle: Bad: very\ndate: 2024-01-02\n---\nBroken front matter.\n",
        ),
        ("README.md", "# The blog\n"),
    ];
    for (path, text) in files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "blog"]);
    dir
}

fn run_pre_commit(pre_commit: &Path, cwd: &Path, args: &[&str], home: &Path) -> common::Run {
    let target = common::repo_root().join("target/pre-commit");
    let mut cmd = Command::new(pre_commit);
    cmd.args(args)
        .current_dir(cwd)
        .env("PRE_COMMIT_HOME", home)
        // Reuse compiled dependencies between runs; a test build needs no LTO.
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("NO_COLOR", "1");
    common::output(&mut cmd)
}

#[test]
fn the_hook_fails_a_bad_post_and_passes_a_good_one() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let repo = common::repo_root();
    let blog = blog();
    let home = tempfile::tempdir().unwrap();
    let repo_arg = repo.to_string_lossy().to_string();

    let bad = run_pre_commit(
        &pre_commit,
        blog.path(),
        &[
            "try-repo",
            &repo_arg,
            "postlint",
            "--files",
            "content/posts/bad.md",
            "content/posts/good.md",
        ],
        home.path(),
    );
    assert_eq!(bad.code, 1, "{}", bad.all());
    assert!(bad.stdout.contains("FM001"), "{}", bad.all());
    assert!(
        bad.stdout.contains("content/posts/bad.md:2:11"),
        "{}",
        bad.all()
    );
    assert!(!bad.stdout.contains("good.md"), "{}", bad.all());

    let good = run_pre_commit(
        &pre_commit,
        blog.path(),
        &[
            "try-repo",
            &repo_arg,
            "postlint",
            "--files",
            "content/posts/good.md",
            "README.md",
        ],
        home.path(),
    );
    assert_eq!(good.code, 0, "{}", good.all());
    assert!(good.stdout.contains("Passed"), "{}", good.all());
}

/// The README's snippet for the hooks built from source, pointed at this
/// repository's HEAD instead of the published one.
#[test]
fn the_readme_snippet_works() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let repo = common::repo_root();
    let snippet = common::readme_block("yaml", "# .pre-commit-config.yaml (built from source)");
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&repo)
        .output()
        .expect("git runs");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let config = snippet
        .replace(
            "https://github.com/postlint/postlint",
            &repo.to_string_lossy(),
        )
        .lines()
        .map(|line| match line.trim_start().strip_prefix("rev: ") {
            Some(_) => format!(
                "{}rev: {head}",
                &line[..line.len() - line.trim_start().len()]
            ),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let blog = blog();
    fs::write(blog.path().join(".pre-commit-config.yaml"), config).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = run_pre_commit(
        &pre_commit,
        blog.path(),
        &["run", "postlint", "--files", "content/posts/bad.md"],
        home.path(),
    );
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stdout.contains("FM001"), "{}", out.all());
}
