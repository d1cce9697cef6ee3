//! The real binary on the example site and on hand-made sites: every output
//! format, exit codes, and input that must never make it panic.

use crate::common;

use common::{Scratch, run};

#[test]
fn example_site_full_report() {
    let out = run(&["check", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn example_site_concise() {
    let out = run(&["check", "--format", "concise", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn example_site_json() {
    let out = run(&["check", "--format", "json", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON only");
    assert_eq!(parsed["version"], 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn example_site_github_annotations() {
    let out = run(&["check", "--format", "github", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1);
    for line in out.stdout.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file="),
            "{line}"
        );
    }
    insta::assert_snapshot!(out.all());
}

#[test]
fn one_file_as_pre_commit_passes_it() {
    let out = run(&[
        "check",
        "--format",
        "concise",
        "fixtures/hugo-blog/content/posts/broken-yaml.md",
        "fixtures/hugo-blog/content/posts/first-week.md",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn fail_on_decides_the_exit_code() {
    let clean = run(&["check", "fixtures/hugo-blog/content/posts/first-week.md"]);
    assert_eq!(clean.code, 0, "{}", clean.all());
    let never = run(&["check", "--fail-on", "never", "fixtures/hugo-blog"]);
    assert_eq!(never.code, 0);
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error() {
    let out = run(&["check", "fixtures/no-such-site"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.all());
}

#[test]
fn select_and_ignore_from_the_command_line() {
    let only_fm003 = run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "FM003",
        "fixtures/hugo-blog",
    ]);
    assert!(
        only_fm003
            .stdout
            .lines()
            .all(|line| line.contains(" FM003 ")),
        "{}",
        only_fm003.all()
    );
    assert_eq!(only_fm003.stdout.lines().count(), 1);
    let no_fm = run(&[
        "check",
        "--format",
        "concise",
        "--ignore",
        "FM",
        "fixtures/hugo-blog",
    ]);
    assert!(!no_fm.stdout.contains(" FM00"), "{}", no_fm.all());
    let unknown = run(&["check", "--select", "FM0001", "fixtures/hugo-blog"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `FM001`"),
        "{}",
        unknown.all()
    );
}

const HUGO_CONFIG: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n",
);

#[test]
fn malformed_input_never_panics() {
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    while big.len() < 10 * 1024 * 1024 {
        big.extend_from_slice(
            b"A paragraph of a very long post, repeated until the file is ten megabytes.\n\n",
        );
    }
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/binary.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe",
        ),
        ("content/posts/empty.md", b""),
        ("content/posts/only-fence.md", b"---"),
        ("content/posts/big.md", &big),
        (
            "content/posts/crlf.md",
            b"---\r\ntitle: ok\r\ndate: [2024\r\n---\r\nBody\r\n",
        ),
        (
            "content/posts/bom.md",
            b"\xef\xbb\xbf---\ntitle: With a BOM\n---\nBody\n",
        ),
        (
            "content/posts/nul.md",
            b"---\ntitle: x\x00y\n---\nBody\x00\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_into_folders() {
    use std::os::unix::fs::symlink;
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("content/posts/ok.md", b"---\ntitle: Fine\n---\nBody\n"),
    ]);
    let posts = site.path().join("content/posts");
    symlink("/", posts.join("root")).unwrap();
    symlink(posts.join("loop"), posts.join("loop")).unwrap();
    symlink(posts.join("self.md"), posts.join("self.md")).unwrap();
    symlink(site.path().join("content"), posts.join("up")).unwrap();
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// Runs postlint as an unprivileged user when the tests run as root (root
/// reads every file whatever its mode).
#[cfg(unix)]
fn run_unprivileged(site: &Scratch, args: &[&str]) -> Option<common::Run> {
    common::run_unprivileged(site.path(), &[], args)
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported_and_the_rest_linted() {
    use std::os::unix::fs::PermissionsExt;
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("content/posts/readable.md", b"No front matter here.\n"),
        ("content/posts/locked.md", b"---\ntitle: Locked\n---\n"),
        (
            "content/posts/closed/inside.md",
            b"---\ntitle: Inside\n---\n",
        ),
    ]);
    for path in ["content/posts", "content"] {
        std::fs::set_permissions(
            site.path().join(path),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    for file in ["hugo.toml", "content/posts/readable.md"] {
        std::fs::set_permissions(
            site.path().join(file),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
    }
    std::fs::set_permissions(
        site.path().join("content/posts/locked.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(
        site.path().join("content/posts/closed"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let Some(out) = run_unprivileged(&site, &["check", "--format", "concise"]) else {
        return;
    };
    std::fs::set_permissions(
        site.path().join("content/posts/closed"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());

    // When nothing at all can be read, the exit code is 2.
    let only_locked =
        run_unprivileged(&site, &["check", "content/posts/locked.md"]).expect("ran before");
    assert_eq!(only_locked.code, 2, "{}", only_locked.all());
}

#[test]
fn several_sites_in_one_repository() {
    let repo = Scratch::new(&[
        ("blog/hugo.toml", b"title = 'Blog'\n"),
        ("blog/content/posts/a.md", b"Post without front matter.\n"),
        ("docs/_config.yml", b"title: Docs\n"),
        ("docs/_posts/2024-01-02-b.md", b"---\ntitle: [broken\n---\n"),
        ("docs/about.md", b"About, no front matter.\n"),
    ]);
    let out = repo.run(&["check", "--format", "concise", "blog", "docs"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn hugo_content_dirs_come_from_mounts_and_languages() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"[languages.en]\ncontentDir = 'content.en'\n[languages.de]\ncontentDir = 'content.de'\n",
        ),
        ("content.en/posts/a.md", b"no front matter\n"),
        ("content.de/posts/b.md", b"keine front matter\n"),
        ("content.en/notes.md", b"a page\n"),
        ("README.md", b"not content\n"),
    ]);
    let out = site.run(&["check", "--show-files"]);
    insta::assert_snapshot!(out.stdout);

    let mounted = Scratch::new(&[
        (
            "hugo.toml",
            b"ignoreFiles = ['drafts/']\n[module]\n[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n",
        ),
        ("content/en/posts/a.md", b"---\ntitle: A\n---\n"),
        ("content/en/drafts/b.md", b"---\ntitle: B\n---\n"),
        ("content/other/c.md", b"---\ntitle: C\n---\n"),
    ]);
    let out = mounted.run(&["check", "--show-files"]);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn jekyll_reads_what_jekyll_reads() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"exclude: [notes/]\ncollections:\n  recipes:\n    output: true\n",
        ),
        (
            "_posts/2024-01-02-hello.markdown",
            b"---\ntitle: Hello\n---\n",
        ),
        ("_drafts/idea.md", b"---\ntitle: Idea\n---\n"),
        ("_recipes/soup.md", b"---\ntitle: Soup\n---\n"),
        ("_includes/footer.md", b"an include\n"),
        ("_layouts/x.md", b"a layout\n"),
        ("_site/index.md", b"built output\n"),
        ("_data/x.md", b"data\n"),
        ("notes/todo.md", b"excluded\n"),
        ("node_modules/pkg/README.md", b"excluded by default\n"),
        ("about.md", b"---\ntitle: About\n---\n"),
        ("raw.md", b"Copied as is.\n"),
    ]);
    let out = site.run(&["check", "--show-files"]);
    insta::assert_snapshot!(out.stdout);
    let out = site.run(&["check", "--format", "concise"]);
    insta::assert_snapshot!(out.all());
}

/// Jekyll's reader skips the folder it writes to (`destination`), wherever
/// it is and whatever `include` says; postlint does too.
#[test]
fn jekyll_never_reads_its_destination() {
    let site = Scratch::new(&[
        ("_config.yml", b"destination: out\ninclude: [out]\n"),
        ("out/copied.md", b"Built output.\n"),
        ("raw.md", b"Copied as is.\n"),
    ]);
    let out = site.run(&["check", "--show-files"]);
    assert!(out.stdout.contains("raw.md"), "{}", out.all());
    assert!(!out.stdout.contains("out/copied.md"), "{}", out.all());
}

#[test]
fn rules_are_listed_and_documented() {
    let table = run(&["rules"]);
    assert_eq!(table.code, 0);
    insta::assert_snapshot!(table.stdout);
    let json = run(&["rules", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    for rule in parsed["rules"].as_array().unwrap() {
        for key in ["code", "name", "family", "severity", "fixable", "summary"] {
            assert!(rule.get(key).is_some(), "{key} missing in {rule}");
        }
    }
    let page = run(&["rule", "FM001"]);
    assert_eq!(page.code, 0);
    assert!(page.stdout.starts_with("# FM001 frontmatter-syntax"));
    let by_name = run(&["rule", "frontmatter-syntax"]);
    assert_eq!(by_name.stdout, page.stdout);
    let unknown = run(&["rule", "FM01"]);
    assert_eq!(unknown.code, 2);
}
