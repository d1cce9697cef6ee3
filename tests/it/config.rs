//! `postlint.toml`, command-line overrides and inline suppressions, through
//! the real binary.

use crate::common;

use common::Scratch;

const HUGO: (&str, &[u8]) = ("hugo.toml", b"title = 'Scratch'\n");
const NO_FRONT_MATTER: &[u8] = b"A post without front matter.\n";
/// A body line with a Latin-1 byte: ENC001 fires on line 5.
const LATIN1_ON_LINE_5: &[u8] = b"---\ntitle: x\n---\n\ncaf\xe9\n";

fn codes(out: &common::Run) -> Vec<String> {
    out.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn select_ignore_severity_and_per_file_ignores() {
    let site = Scratch::new(&[
        HUGO,
        (
            "postlint.toml",
            b"[rules]\nselect = [\"FM\", \"invalid-utf8\"]\nignore = [\"FM002\"]\n[rules.severity]\nFM003 = \"warning\"\n[rules.per-file-ignores]\n\"content/posts/drafts/**\" = [\"FM003\"]\n",
        ),
        ("content/posts/a.md", NO_FRONT_MATTER),
        ("content/posts/drafts/b.md", NO_FRONT_MATTER),
        ("content/posts/c.md", b"---\ntitle: never closed\n"),
        ("content/posts/d.md", LATIN1_ON_LINE_5),
    ]);
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(codes(&out).join("\n"));
    // Severity lowered to warning: no error left once ENC001 is ignored.
    let out = site.run(&["check", "--format", "json", "--ignore", "ENC001"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = site.run(&[
        "check",
        "--format",
        "json",
        "--ignore",
        "ENC001",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    // --select replaces the file's selection.
    let out = site.run(&["check", "--format", "json", "--select", "FM002"]);
    insta::assert_snapshot!("select_replaces", codes(&out).join("\n"));
}

#[test]
fn config_is_found_above_the_site_and_given_explicitly() {
    let repo = Scratch::new(&[
        ("postlint.toml", b"[rules]\nignore = [\"FM003\"]\n"),
        ("blog/hugo.toml", b"title = 'x'\n"),
        ("blog/content/posts/a.md", NO_FRONT_MATTER),
        ("strict.toml", b"[rules]\nselect = [\"ALL\"]\n"),
    ]);
    let out = repo.run(&["check", "--format", "json", "blog"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = repo.run(&[
        "check",
        "--format",
        "json",
        "--config",
        "strict.toml",
        "blog",
    ]);
    assert_eq!(codes(&out), ["blog/content/posts/a.md:1 FM003 error"]);
}

fn config_error(config: &[u8]) -> common::Run {
    let site = Scratch::new(&[
        HUGO,
        ("postlint.toml", config),
        ("content/posts/a.md", NO_FRONT_MATTER),
    ]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(out.stdout.is_empty(), "{}", out.all());
    out
}

#[test]
fn config_errors_name_the_file_line_and_a_hint() {
    insta::assert_snapshot!(
        "unknown_section",
        config_error(b"[rule]\nselect = [\"FM\"]\n").stderr
    );
    insta::assert_snapshot!(
        "unknown_key",
        config_error(b"[rules]\nselct = [\"FM\"]\n").stderr
    );
    insta::assert_snapshot!(
        "unknown_code",
        config_error(b"[rules]\nselect = [\"FM001\", \"FM0003\"]\n").stderr
    );
    insta::assert_snapshot!(
        "wrong_type",
        config_error(b"[rules]\nignore = \"FM003\"\n").stderr
    );
    insta::assert_snapshot!(
        "bad_severity",
        config_error(b"[rules.severity]\nFM003 = \"warn-ish\"\n").stderr
    );
    insta::assert_snapshot!("toml_syntax", config_error(b"[rules\nselect = 1\n").stderr);
    insta::assert_snapshot!(
        "bad_glob",
        config_error(b"[rules.per-file-ignores]\n\"content/[a\" = [\"FM003\"]\n").stderr
    );
}

#[test]
fn inline_suppressions() {
    let site = Scratch::new(&[
        HUGO,
        ("content/posts/next-line.md", b"---\ntitle: x\n---\n<!-- postlint-disable-next-line ENC001 -->\ncaf\xe9\ncaf\xe9 again\n"),
        (
            "content/posts/range.md",
            b"---\ntitle: x\n---\n<!-- postlint-disable invalid-utf8 -->\ncaf\xe9\n<!-- postlint-enable invalid-utf8 -->\ncaf\xe9\n",
        ),
        ("content/posts/whole-file.md", b"<!-- postlint-disable-file -->\nNo front matter, on purpose.\n"),
        ("content/posts/front-matter.md", b"---\ntitle: x\npostlint:\n  ignore: [ENC001]\n---\ncaf\xe9\n"),
        ("content/posts/unused.md", b"---\ntitle: x\n---\n<!-- postlint-disable-next-line FM003 -->\nFine.\n<!--postlint-disable-file-->\n"),
        ("content/posts/unknown.md", b"---\ntitle: x\n---\n<!-- postlint-disable-next-line ENC01 -->\ncaf\xe9\n"),
        ("content/posts/in-code.md", b"---\ntitle: x\n---\n```\n<!-- postlint-disable-file -->\n```\n\ncaf\xe9\n"),
    ]);
    // The posts share a title on purpose (short lines); SITE002 is not the point here.
    let out = site.run(&["check", "--format", "concise", "--ignore", "SITE002"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}
