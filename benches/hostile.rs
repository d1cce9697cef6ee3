//! Hostile input, timed: each file of `tests/hostile.rs` that must not
//! blow up (quadratic time, deep recursion) linted in full — parse and
//! every rule — as a post of a throwaway Hugo or Jekyll site. Each should
//! take well under a second in a release build.
//!
//! The `hostile-binary` group runs the built `postlint` binary end to end
//! (discovery, lint, the engine's tail, rendering and writing the report)
//! on files whose findings stress the report: 50,000 unclosed openers, in
//! the full, concise and JSON formats.
//!
//! Run: `cargo bench --bench hostile` (add `-- <name>` for one case).

// The allocator the `postlint` binary runs with, so that the numbers are its.
#[path = "../src/allocator.rs"]
mod allocator;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use postlint::config::{Overrides, Settings};
use postlint::engine::lint_text;
use postlint::generator::Flavor;
use postlint::site::Site;

fn post(body: &str) -> String {
    format!("---\ntitle: Hostile\ndate: 2024-01-02\n---\n{body}")
}

/// Every case: name, flavor, text.
fn cases() -> Vec<(&'static str, Flavor, String)> {
    let deep = 100_000;
    vec![
        (
            "100k-shortcodes",
            Flavor::Hugo,
            post(&"{{< mark \"x\" >}} {{< note >}}inner{{< /note >}}\n".repeat(50_000)),
        ),
        (
            "50k-unclosed-shortcodes",
            Flavor::Hugo,
            post(&"{{< note >}}\n".repeat(50_000)),
        ),
        (
            "50k-cut-shortcodes",
            Flavor::Hugo,
            post(&"{{< note \n".repeat(50_000)),
        ),
        (
            "50k-unknown-shortcodes-and-strays",
            Flavor::Hugo,
            post(
                &(0..25_000)
                    .map(|i| format!("{{{{< n{i} >}}}}{{{{< /m{i} >}}}}\n"))
                    .collect::<String>(),
            ),
        ),
        (
            "100k-deep-blockquote",
            Flavor::Hugo,
            post(&format!("{} deep\n", ">".repeat(deep))),
        ),
        (
            "50k-deep-list",
            Flavor::Hugo,
            post(&format!("{}item\n", "- ".repeat(50_000))),
        ),
        (
            "10mb-line",
            Flavor::Hugo,
            post(&"word ".repeat(2 * 1024 * 1024)),
        ),
        (
            "100k-findings-on-one-line",
            Flavor::Hugo,
            post(&"![](a.png) ".repeat(100_000)),
        ),
        (
            "25k-reference-images",
            Flavor::Hugo,
            post(
                &(0..25_000)
                    .map(|i| format!("![][r{i}]\n\n[r{i}]: /a{i}.png\n\n"))
                    .collect::<String>(),
            ),
        ),
        (
            "25k-suppressions",
            Flavor::Hugo,
            post(&"<!-- postlint-disable IMG001 -->\n![](a.png)\n\n".repeat(25_000)),
        ),
        (
            "deep-yaml",
            Flavor::Hugo,
            format!(
                "---\ntitle: x\na: {}{}\n---\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        ),
        (
            "deep-toml",
            Flavor::Hugo,
            format!(
                "+++\ntitle = 'x'\na = {}{}\n+++\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        ),
        (
            "deep-json",
            Flavor::Hugo,
            format!(
                "{{\"title\": \"x\", \"a\": {}{}}}\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        ),
        ("yaml-alias-bomb", Flavor::Hugo, alias_bomb()),
        (
            "25k-duplicate-keys",
            Flavor::Hugo,
            format!(
                "---\ntitle: x\n{}---\n",
                (0..25_000)
                    .map(|i| format!("k{i}: v\nk{i}: w\n"))
                    .collect::<String>()
            ),
        ),
        (
            "100k-liquid-tags",
            Flavor::Jekyll,
            post(
                &"{% if x %}{{ page.title }}{% endif %} {{ \"/a.png\" | relative_url }}\n"
                    .repeat(25_000),
            ),
        ),
        (
            "50k-unclosed-liquid-comments",
            Flavor::Jekyll,
            post(&"{% comment %}\ntext\n".repeat(50_000)),
        ),
    ]
}

fn alias_bomb() -> String {
    let mut bomb =
        String::from("---\ntitle: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("---\nBody.\n");
    bomb
}

fn hostile(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let hugo = dir.path().join("hugo");
    let jekyll = dir.path().join("jekyll");
    let shortcodes = hugo.join("layouts/_shortcodes");
    std::fs::create_dir_all(&shortcodes).expect("folders");
    std::fs::create_dir_all(&jekyll).expect("folders");
    std::fs::write(hugo.join("hugo.toml"), "title = 'Bench'\n").expect("write");
    std::fs::write(shortcodes.join("note.html"), "{{ .Inner }}").expect("write");
    std::fs::write(shortcodes.join("mark.html"), "{{ .Get 0 }}").expect("write");
    std::fs::write(jekyll.join("_config.yml"), "title: Bench\n").expect("write");
    let every_rule = Overrides {
        select: Some(vec!["ALL".into()]),
        ..Overrides::default()
    };
    let sites = [Flavor::Hugo, Flavor::Jekyll].map(|flavor| {
        let root = match flavor {
            Flavor::Hugo => &hugo,
            Flavor::Jekyll => &jekyll,
        };
        let site = Site::at(root).expect("reads").expect("a site");
        let settings = Settings::load(&site.root, &every_rule).expect("settings");
        (site, settings)
    });
    let mut group = c.benchmark_group("hostile");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, flavor, text) in cases() {
        let (site, settings) = match flavor {
            Flavor::Hugo => &sites[0],
            Flavor::Jekyll => &sites[1],
        };
        let path = match flavor {
            Flavor::Hugo => "content/posts/hostile.md",
            Flavor::Jekyll => "_posts/2024-01-02-hostile.md",
        };
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| lint_text(site, settings, path, &text));
        });
    }
    group.finish();
}

/// `postlint check` on one generated file of 50,000 unclosed openers, a
/// finding each, stdout thrown away: what a user waits for, the report
/// included.
fn hostile_binary(c: &mut Criterion) {
    let binary = env!("CARGO_BIN_EXE_postlint");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let hugo = dir.path().join("hugo");
    let jekyll = dir.path().join("jekyll");
    let files = [
        (hugo.join("hugo.toml"), "title = 'Bench'\n".to_string()),
        (
            hugo.join("layouts/_shortcodes/note.html"),
            "{{ .Inner }}".to_string(),
        ),
        (
            hugo.join("content/posts/unclosed.md"),
            post(&"{{< note >}}\n".repeat(50_000)),
        ),
        (jekyll.join("_config.yml"), "title: Bench\n".to_string()),
        (
            jekyll.join("_posts/2024-01-02-unclosed.md"),
            post(&"{% if x %}\n".repeat(50_000)),
        ),
    ];
    for (path, text) in &files {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
    let mut group = c.benchmark_group("hostile-binary");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    for (name, site) in [
        ("50k-unclosed-shortcodes", &hugo),
        ("50k-unclosed-liquid-blocks", &jekyll),
    ] {
        for format in ["full", "concise", "json"] {
            let run = || {
                std::process::Command::new(binary)
                    .args(["check", "--format", format, "--color", "never"])
                    .current_dir(site)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .expect("postlint runs")
            };
            // Every opener is an error: exit code 1, not a crash.
            assert_eq!(run().code(), Some(1), "{name} {format}");
            group.bench_function(format!("{name}/{format}"), |b| b.iter(run));
        }
    }
    group.finish();
}

criterion_group!(benches, hostile, hostile_binary);
criterion_main!(benches);
