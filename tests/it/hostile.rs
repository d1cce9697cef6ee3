//! Hostile input: what a repository can throw at postlint must never make
//! it panic, hang, overflow its stack or exhaust memory, and what can be
//! reported is reported. Each case is a test; how long the large ones take
//! is measured in `benches/hostile.rs`, not asserted here.
//!
//! `tests/cli.rs` covers binary files, empty files, NUL bytes in front
//! matter, a symlink loop, a symlink to `/` and unreadable files and
//! folders; this file covers the rest.

use crate::common;
use crate::common::invariants;

use std::fs;
use std::path::Path;

use common::Scratch;
use postlint::config::{Overrides, Settings};
use postlint::diagnostic::{Diagnostic, Severity};
use postlint::engine::{example_site, lint_text};
use postlint::generator::Flavor;
use postlint::site::Site;

const HUGO_CONFIG: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n",
);

fn every_rule() -> Overrides {
    Overrides {
        select: Some(vec!["ALL".into()]),
        ..Overrides::default()
    }
}

/// Lints `text` as a post of the example site, every rule on.
fn lint(flavor: Flavor, text: &str) -> Vec<Diagnostic> {
    let site = example_site(flavor);
    let settings = Settings::defaults(&site.root, &every_rule()).unwrap();
    let path = match flavor {
        Flavor::Hugo => "content/posts/hostile.md",
        Flavor::Jekyll => "_posts/2024-01-02-hostile.md",
    };
    lint_text(&site, &settings, path, text)
}

fn codes(found: &[Diagnostic]) -> Vec<&'static str> {
    found.iter().map(|d| d.rule.code).collect()
}

fn post(body: &str) -> String {
    format!("---\ntitle: Hostile\ndate: 2024-01-02\n---\n{body}")
}

// ------------------------------------------------------------- size limit

/// A 100 MB file is not read: IO002 says so, the rest is linted, and the
/// run stays within a memory limit a full read would exceed many times.
#[cfg(target_os = "linux")]
#[test]
fn a_100_mb_file_is_reported_and_memory_stays_bounded() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/ok.md",
            b"---\ntitle: Fine\n---\n![](x.png)\n",
        ),
        ("content/posts/huge.md", b"---\ntitle: Huge\n---\n"),
    ]);
    // Sparse: 100 MB to read, nothing on disk.
    let huge = fs::OpenOptions::new()
        .write(true)
        .open(site.path().join("content/posts/huge.md"))
        .unwrap();
    huge.set_len(100 * 1024 * 1024).unwrap();
    drop(huge);
    // 512 MB of address space: a full read (the file, its text, the masked
    // copy the Markdown pass reads, the line index) would not fit.
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "ulimit -v 524288 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_postlint"))
        .args(["check", "--format", "concise"])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2");
    let out = common::output(&mut cmd);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains(
            "content/posts/huge.md:1:1: IO002 file is 100 MB, over the 16 MB limit: not linted"
        ),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("content/posts/ok.md:4:1: IMG001"),
        "{}",
        out.all()
    );
}

#[test]
fn the_size_limit_is_configurable() {
    let body = format!("---\ntitle: Long\n---\n{}\n", "word ".repeat(400));
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("postlint.toml", b"[files]\nmax_size = \"1 KB\"\n"),
        ("content/posts/long.md", body.as_bytes()),
    ]);
    let out = site.run(&["check", "--format", "concise", "--fail-on", "warning"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout
            .contains("IO002 file is 2.0 KB, over the 1 KB limit: not linted"),
        "{}",
        out.all()
    );
    site.write("postlint.toml", b"[files]\nmax_size = 0\n");
    let out = site.run(&["check", "--format", "concise", "--fail-on", "warning"]);
    assert_eq!(out.code, 0, "{}", out.all());
    site.write("postlint.toml", b"[files]\nmax_size = \"lots\"\n");
    let out = site.run(&["check"]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr.contains("expected a size such as"),
        "{}",
        out.all()
    );
}

// ---------------------------------------------------------- large content

#[test]
fn a_single_10_mb_line() {
    let text = post(&"word ".repeat(2 * 1024 * 1024));
    let found = lint(Flavor::Hugo, &text);
    assert!(
        found.iter().all(|d| d.severity != Severity::Error),
        "{:?}",
        codes(&found)
    );
}

/// Many findings on one long line: each column is found from the line's
/// character index, not by counting from the line start.
#[test]
fn many_findings_on_one_long_line() {
    let text = post(&"![](a.png) ".repeat(20_000));
    let found = lint(Flavor::Hugo, &text);
    let missing_alt = found.iter().filter(|d| d.rule.code == "IMG001").count();
    assert_eq!(missing_alt, 20_000);
    let source = postlint::text::Source::from_text(text.clone());
    let last = found.last().unwrap();
    assert_eq!(source.line_col(last.primary.span.start).line, 5);
    let site = Scratch::new(&[HUGO_CONFIG, ("content/posts/line.md", text.as_bytes())]);
    for format in ["full", "concise", "json"] {
        let out = site.run(&["check", "--format", format]);
        assert_eq!(out.code, 1, "{format}");
    }
}

fn shortcode_site() -> (Scratch, Site, Settings) {
    let scratch = Scratch::new(&[
        HUGO_CONFIG,
        (
            "layouts/_shortcodes/note.html",
            b"<aside>{{ .Inner }}</aside>\n",
        ),
        (
            "layouts/_shortcodes/mark.html",
            b"<mark>{{ .Get 0 }}</mark>\n",
        ),
        (
            "layouts/_shortcodes/aside.html",
            b"<aside>{{ .Inner }}</aside>\n",
        ),
    ]);
    let site = Site::at(scratch.path()).unwrap().unwrap();
    let settings = Settings::defaults(&site.root, &every_rule()).unwrap();
    (scratch, site, settings)
}

#[test]
fn a_hundred_thousand_shortcodes() {
    let (_scratch, site, settings) = shortcode_site();
    let text = post(&"{{< mark \"x\" >}} {{< note >}}inner{{< /note >}}\n".repeat(50_000));
    let found = lint_text(&site, &settings, "content/posts/many.md", &text);
    assert!(
        found.is_empty(),
        "{:?}",
        &codes(&found)[..10.min(found.len())]
    );
}

#[test]
fn fifty_thousand_unclosed_shortcodes() {
    let (_scratch, site, settings) = shortcode_site();
    let text = post(&"{{< note >}}\n".repeat(50_000));
    let found = lint_text(&site, &settings, "content/posts/unclosed.md", &text);
    assert_eq!(found.len(), 50_000, "{:?}", &codes(&found)[..10]);
    assert!(found.iter().all(|d| d.rule.code == "SC001"));
    // Cut delimiters: every tag runs into the next one.
    let text = post(&"{{< note \n".repeat(50_000));
    let found = lint_text(&site, &settings, "content/posts/cut.md", &text);
    assert_eq!(
        found.iter().filter(|d| d.rule.code == "SC005").count(),
        50_000
    );
}

#[test]
fn a_hundred_thousand_liquid_tags_and_fifty_thousand_unclosed_blocks() {
    let tags = post(
        &"{% if x %}{{ page.title }}{% endif %} {{ \"/a.png\" | relative_url }}\n".repeat(25_000),
    );
    let found = lint(Flavor::Jekyll, &tags);
    assert!(
        found.is_empty(),
        "{:?}",
        &codes(&found)[..10.min(found.len())]
    );
    for block in [
        "if x",
        "for x in y",
        "comment",
        "highlight ruby",
        "capture x",
    ] {
        let text = post(&format!("{{% {block} %}}\ntext\n").repeat(50_000));
        let found = lint(Flavor::Jekyll, &text);
        let unclosed = found.iter().filter(|d| d.rule.code == "LQ001").count();
        assert!(
            unclosed >= 1,
            "{block}: {:?}",
            &codes(&found)[..10.min(found.len())]
        );
    }
    let raw = post(&"{% raw %}\n{% endraw\n".repeat(50_000));
    let found = lint(Flavor::Jekyll, &raw);
    assert!(
        found.iter().any(|d| d.rule.code == "LQ001"),
        "{:?}",
        &codes(&found)[..10.min(found.len())]
    );
}

/// Thousands of unclosed opening tags in one file, through the binary in
/// the full, concise and JSON formats: each finding is at its opening tag,
/// and the full report shows the lines around that tag only, never the
/// lines after it up to the end of the file. How long 50,000 take is
/// measured in `benches/hostile.rs`.
#[test]
fn thousands_of_unclosed_openers_are_reported_at_each_opener() {
    let n = 1_000;
    let hugo = Scratch::new(&[
        HUGO_CONFIG,
        ("layouts/_shortcodes/note.html", b"{{ .Inner }}"),
    ]);
    let jekyll = Scratch::new(&[("_config.yml", b"title: Scratch\n")]);
    let cases = [
        (
            &hugo,
            "content/posts/unclosed.md",
            "{{< note >}}",
            "SC001[unclosed-shortcode]",
        ),
        (
            &jekyll,
            "_posts/2024-01-02-unclosed.md",
            "{% if x %}",
            "LQ001[unclosed-liquid-block]",
        ),
    ];
    for (site, path, opener, rule) in cases {
        site.write(path, post(&format!("{opener}\n").repeat(n)).as_bytes());
        let code = &rule[..5];
        // The openers are on lines 5 to n + 4, the last line of the file.
        let lines: Vec<usize> = (5..n + 5).collect();
        let last = n + 4;
        let check = |format: &str| {
            let out = site.run(&["check", "--select", code, "--format", format]);
            assert_eq!(out.code, 1, "{code} {format}: {}", out.stderr);
            out.stdout
        };

        let json: serde_json::Value = serde_json::from_str(&check("json")).unwrap();
        let found: Vec<(&str, &str, u64, u64, u64, u64)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let number = |key: &str| d[key].as_u64().unwrap();
                (
                    d["path"].as_str().unwrap(),
                    d["code"].as_str().unwrap(),
                    number("line"),
                    number("column"),
                    number("end_line"),
                    number("end_column"),
                )
            })
            .collect();
        let end_column = opener.chars().count() as u64 + 1;
        let expected: Vec<(&str, &str, u64, u64, u64, u64)> = lines
            .iter()
            .map(|&line| (path, code, line as u64, 1, line as u64, end_column))
            .collect();
        assert_eq!(found, expected, "{code} json");

        let concise = check("concise");
        let concise: Vec<&str> = concise.lines().collect();
        assert_eq!(concise.len(), n, "{code} concise");
        for (finding, line) in concise.iter().zip(&lines) {
            assert!(
                finding.starts_with(&format!("{path}:{line}:1: {code} ")),
                "{finding}"
            );
        }

        let full = check("full");
        let findings: Vec<&str> = full.split(rule).skip(1).collect();
        assert_eq!(findings.len(), n, "{code} full");
        for (finding, &line) in findings.iter().zip(&lines) {
            assert!(
                finding.contains(&format!("╭─[{path}:{line}:1]")),
                "{finding}"
            );
            // The numbered source lines of its snippets.
            let shown: Vec<usize> = finding
                .lines()
                .filter_map(|text| text.split_once('│')?.0.trim().parse().ok())
                .collect();
            let around: Vec<usize> = (line - 1..=(line + 1).min(last)).collect();
            assert_eq!(shown, around, "{code} line {line}: {finding}");
        }
    }
}

/// Thousands of faults of one kind in a file: each rule pairs its findings
/// with what they refer to through indexes, not by scanning the file per
/// finding (each of these once took from seconds to minutes).
#[test]
fn thousands_of_faults_of_every_kind() {
    let n = 20_000;
    let (_scratch, site, settings) = shortcode_site();
    let hugo = |body: String| lint_text(&site, &settings, "content/posts/x.md", &post(&body));
    let count =
        |found: &[Diagnostic], code: &str| found.iter().filter(|d| d.rule.code == code).count();
    // Shortcodes: unknown names with stray closers, crossings, code.
    let found = hugo(
        (0..n)
            .map(|i| format!("{{{{< n{i} >}}}}{{{{< /m{i} >}}}}\n"))
            .collect(),
    );
    assert_eq!(count(&found, "SC004") + count(&found, "SC002"), 2 * n);
    let found = hugo(format!(
        "{}{}",
        "{{< notx >}}\n".repeat(n),
        "{{< /note >}}\n".repeat(n)
    ));
    assert!(count(&found, "SC002") >= n - 1);
    let found = hugo(format!(
        "{}{}",
        "{{< note >}}{{< note >}}\n".repeat(n / 2),
        "{{< /mark >}}\n".repeat(n)
    ));
    assert!(!found.is_empty());
    let found = hugo(format!("```\n{}```\n", "{{< note >}}\n".repeat(n)));
    assert_eq!(count(&found, "SC001"), n);
    // Outer shortcodes left open, each because its closing tag closed the
    // inner one: each finding names the closing tag on its own line.
    let found = hugo("{{< note >}}{{< aside >}}{{< /note >}}\n".repeat(n));
    let source = postlint::text::Source::from_text(post(
        &"{{< note >}}{{< aside >}}{{< /note >}}\n".repeat(n),
    ));
    let mut lines: Vec<(usize, usize)> = found
        .iter()
        .map(|d| {
            assert_eq!(d.rule.code, "SC001", "{}", d.message);
            assert!(
                d.message.contains("closes it instead of `note`"),
                "{}",
                d.message
            );
            let closer = d.secondary.first().map(|label| label.span.start);
            (
                source.line_index(d.primary.span.start),
                closer.map_or(0, |at| source.line_index(at)),
            )
        })
        .collect();
    lines.sort_unstable();
    let expected: Vec<(usize, usize)> = (4..n + 4).map(|line| (line, line)).collect();
    assert_eq!(lines, expected);
    // Reference images, suppressions, duplicate keys.
    let found = lint(
        Flavor::Hugo,
        &post(
            &(0..n)
                .map(|i| format!("![][r{i}]\n\n[r{i}]: /a{i}.png\n\n"))
                .collect::<String>(),
        ),
    );
    assert_eq!(count(&found, "IMG001"), n);
    let found = lint(
        Flavor::Hugo,
        &post(&"<!-- postlint-disable IMG001 -->\n![](a.png)\n\n".repeat(n)),
    );
    assert_eq!(count(&found, "IMG001"), 0);
    let keys: String = (0..n).map(|i| format!("k{i}: v\nk{i}: w\n")).collect();
    let found = lint(Flavor::Hugo, &format!("---\ntitle: x\n{keys}---\n"));
    assert_eq!(count(&found, "FM004"), n);
}

#[test]
fn deep_blockquotes_and_lists_do_not_overflow_the_stack() {
    for body in [
        format!("{} deep\n", ">".repeat(100_000)),
        format!("{}item\n", "- ".repeat(50_000)),
        format!("{}item\n", "1. ".repeat(50_000)),
        format!("{}x\n", "> - ".repeat(25_000)),
        format!("{}# Heading\n![]()\n", "> ".repeat(50_000)),
        "[".repeat(100_000) + &"]".repeat(100_000) + "\n",
        "*".repeat(100_000) + "x" + &"*".repeat(100_000) + "\n",
        "<div>".repeat(50_000) + "\n",
    ] {
        let text = post(&body);
        for flavor in [Flavor::Hugo, Flavor::Jekyll] {
            let found = lint(flavor, &text);
            assert!(
                found.iter().all(|d| d.rule.code != "FM001"),
                "{:?}",
                codes(&found)
            );
        }
    }
}

// ------------------------------------------------------------ front matter

#[test]
fn deeply_nested_front_matter_is_a_clear_error() {
    let deep = 100_000;
    let cases = [
        (
            format!(
                "---\ntitle: x\na: {}{}\n---\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            "nesting deeper than",
        ),
        (
            format!(
                "---\ntitle: x\n{}---\n",
                (0..2_000)
                    .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                    .collect::<String>()
            ),
            "nesting deeper than",
        ),
        (
            format!(
                "{{\"title\": \"x\", \"a\": {}{}}}\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            "recursion limit",
        ),
        (
            format!(
                "+++\ntitle = 'x'\na = {}{}\n+++\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            "recurs",
        ),
        (
            format!(
                "+++\ntitle = 'x'\na = {}1{}\n+++\n",
                "{b=".repeat(deep),
                "}".repeat(deep)
            ),
            "recurs",
        ),
    ];
    for (text, says) in cases {
        let found = lint(Flavor::Hugo, &text);
        let syntax = found
            .iter()
            .find(|d| d.rule.code == "FM001")
            .unwrap_or_else(|| panic!("no FM001: {:?}", codes(&found)));
        assert!(syntax.message.contains(says), "{}", syntax.message);
    }
}

#[test]
fn yaml_alias_bombs_are_rejected() {
    // Billion laughs: nine levels of ten aliases each.
    let mut bomb =
        String::from("---\ntitle: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("---\nBody.\n");
    // Quadratic: one big anchor referenced many times.
    let big = format!(
        "---\ntitle: x\nbig: &big [{}]\nrefs: [{}]\n---\n",
        vec!["x"; 5_000].join(", "),
        vec!["*big"; 5_000].join(", ")
    );
    for (text, flavor) in [
        (&bomb, Flavor::Hugo),
        (&big, Flavor::Hugo),
        (&bomb, Flavor::Jekyll),
    ] {
        let found = lint(flavor, text);
        let syntax = found
            .iter()
            .find(|d| d.rule.code == "FM001")
            .unwrap_or_else(|| panic!("no FM001: {:?}", codes(&found)));
        assert!(syntax.message.contains("alias bomb"), "{}", syntax.message);
        assert_eq!(syntax.severity, Severity::Error);
    }
}

// ------------------------------------------------------------------ bytes

/// Invalid UTF-8 in the middle of a post: ENC001 at the first bad byte,
/// and everything after it is still linted.
#[test]
fn invalid_utf8_in_the_middle_is_located_and_the_rest_linted() {
    let mut text = b"---\ntitle: Mixed\n---\nFirst line.\nA caf".to_vec();
    text.extend_from_slice(b"\xe9 in Latin-1, and a NUL \x00 here.\n\n![](x.png)\n");
    let site = Scratch::new(&[HUGO_CONFIG, ("content/posts/mixed.md", &text)]);
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains("content/posts/mixed.md:5:6: ENC001"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("content/posts/mixed.md:7:1: IMG001"),
        "{}",
        out.all()
    );
    let doc =
        postlint::document::Document::parse(postlint::text::Source::from_bytes(text), Flavor::Hugo);
    invariants::document_ok(&doc);
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let site = Scratch::new(&[HUGO_CONFIG]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let dir = site.path().join("content/posts");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), b"No front matter.\n").unwrap();
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let findings = report["diagnostics"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{}", out.all());
    assert_eq!(findings[0]["path"], "content/posts/caf\u{fffd}.md");
    assert_eq!(findings[0]["code"], "FM003");
    let out = site.run(&["check"]);
    assert!(out.stdout.contains("FM003"), "{}", out.all());
}

// ------------------------------------------------------------- file system

/// Image paths are resolved through folder listings that never follow a
/// symbolic link to a folder: a link to `/` or a loop says nothing.
#[cfg(unix)]
#[test]
fn image_paths_never_follow_symlinked_folders() {
    use std::os::unix::fs::symlink;
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/links.md",
            b"---\ntitle: Links\n---\n![Root](/root/etc/hostname)\n\n![Loop](/loop/loop/x.png)\n\n![Self](/self.png)\n",
        ),
        ("static/.keep", b""),
    ]);
    let static_dir = site.path().join("static");
    symlink("/", static_dir.join("root")).unwrap();
    symlink(static_dir.join("loop"), static_dir.join("loop")).unwrap();
    symlink(static_dir.join("self.png"), static_dir.join("self.png")).unwrap();
    let out = site.run(&["check", "--format", "concise"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

/// A file found by the walk and gone when it is read: IO001, the rest linted.
#[test]
fn a_file_deleted_between_discovery_and_reading() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("content/posts/stays.md", b"---\ntitle: Stays\n---\n"),
        ("content/posts/goes.md", b"---\ntitle: Goes\n---\n"),
    ]);
    let options = postlint::engine::Options {
        paths: vec![site.path().to_path_buf()],
        ..Default::default()
    };
    let found = postlint::engine::content_files(&options).unwrap();
    let [(site_found, settings, files)] = found.as_slice() else {
        panic!("one site");
    };
    assert_eq!(files.len(), 2);
    fs::remove_file(site.path().join("content/posts/goes.md")).unwrap();
    for path in files {
        let file = postlint::engine::lint_file(site_found, settings, path.clone(), false);
        if path.ends_with("goes.md") {
            assert_eq!(codes(&file.report.diagnostics), ["IO001"]);
            assert!(
                file.report.diagnostics[0]
                    .message
                    .contains("it no longer exists"),
                "{}",
                file.report.diagnostics[0].message
            );
        } else {
            assert!(
                file.report.diagnostics.is_empty(),
                "{:?}",
                codes(&file.report.diagnostics)
            );
        }
    }
}

/// `--fix` racing an editor: postlint reads the post, an editor saves it
/// while postlint is still busy (here: blocked reading a FIFO named after
/// the post on the command line), and postlint must not overwrite the
/// editor's text with its fix of the old one. Without the editor, the same
/// run fixes the post.
#[cfg(target_os = "linux")]
#[test]
fn fix_never_overwrites_what_an_editor_saved_meanwhile() {
    let fixable = b"---\ntitle: Racing\n---\nIntro.\n\n<!-- more -->\n\nRest.\n";
    let edited = "---\ntitle: Racing\n---\nRewritten in the editor meanwhile.\n";
    for editor in [false, true] {
        let site = Scratch::new(&[HUGO_CONFIG, ("content/posts/a-post.md", fixable)]);
        let pipe = site.path().join("content/posts/b-pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|status| status.success()) {
            common::skip("mkfifo is not available");
            return;
        }
        // One worker: the files are linted in command-line order, so the
        // post has been read once postlint waits on the FIFO.
        let child = common::command(site.path())
            .args([
                "check",
                "--fix",
                "--format",
                "concise",
                "content/posts/a-post.md",
                "content/posts/b-pipe.md",
            ])
            .env("RAYON_NUM_THREADS", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let writer = open_when_read(&pipe);
        if editor {
            fs::write(site.path().join("content/posts/a-post.md"), edited).unwrap();
        }
        write_and_close(writer, b"---\ntitle: Pipe\n---\nBody.\n");
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let now = fs::read_to_string(site.path().join("content/posts/a-post.md")).unwrap();
        if editor {
            assert_eq!(now, edited, "the editor's text was overwritten: {stderr}");
            assert!(
                stderr.contains(
                    "content/posts/a-post.md changed on disk while postlint ran; not fixed"
                ),
                "{stderr}"
            );
        } else {
            assert!(now.contains("<!--more-->"), "not fixed: {now}\n{stderr}");
            assert!(stderr.contains("Fixed 1 finding in 1 file."), "{stderr}");
        }
    }
}

/// Opens the FIFO for writing once postlint has opened it for reading.
#[cfg(target_os = "linux")]
fn open_when_read(pipe: &Path) -> fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        // Without a reader, a non-blocking open for writing fails (ENXIO).
        match fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(pipe)
        {
            Ok(file) => return file,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(err) => panic!("postlint never read the FIFO: {err}"),
        }
    }
}

#[cfg(target_os = "linux")]
fn write_and_close(mut file: fs::File, bytes: &[u8]) {
    use std::io::Write;
    file.write_all(bytes).unwrap();
}

/// A FIFO among the templates (a shortcode's, a layout's) is no template
/// and no file of the cache's key: reading it would wait for a writer that
/// never comes. The run ends, with the cache and without, and the FIFO's
/// name is no known shortcode.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_among_the_templates_hangs_nothing() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/a-post.md",
            b"---\ntitle: A post\n---\n{{< pipe >}}\n",
        ),
        ("layouts/_default/single.html", b"<h1>{{ .Title }}</h1>\n"),
    ]);
    for pipe in [
        "layouts/_shortcodes/pipe.html",
        "layouts/partials/pipe.html",
    ] {
        let pipe = site.path().join(pipe);
        fs::create_dir_all(pipe.parent().unwrap()).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|status| status.success()) {
            common::skip("mkfifo is not available");
            return;
        }
    }
    let cache = tempfile::tempdir().unwrap();
    for cached in [true, false] {
        let mut command = common::command(site.path());
        command
            .env("POSTLINT_CACHE_DIR", cache.path())
            .args(["check", "--format", "concise", "--select", "SC"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        if !cached {
            command.arg("--no-cache");
        }
        let mut child = command.spawn().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("postlint waited on a FIFO (cache: {cached})");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("SC004") && stdout.contains("`pipe`"),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
