//! postlint's own work, on the benchmark site (`scripts/bench-corpus.sh`):
//!
//! - `file/*`: the per-file pipeline on representative real posts, split
//!   into `parse` (`Document::parse`: front matter, shortcodes, masking,
//!   pulldown-cmark, images) and `check` (every rule, `--select ALL`), and
//!   `lint_file` (read + parse + check, what each worker does per file).
//! - `site/lint`: the whole engine (`postlint check --select ALL` without
//!   printing), directly comparable with `ceiling/walk+read+parse`.
//! - `discovery/*`: finding the content files of a generated Jekyll site of
//!   2,000 posts (`--show-files`), with Jekyll's default `exclude:` and with
//!   a 22-entry one: the two should be within 10% of each other.
//!
//! Run: `cargo bench --bench pipeline` (`POSTLINT_BENCH_SITE` picks
//! another site).

// The allocator the `postlint` binary runs with, so that the numbers are its.
#[path = "../src/allocator.rs"]
mod allocator;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use postlint::config::{Overrides, Settings};
use postlint::document::Document;
use postlint::engine::{self, Options};
use postlint::site::Site;
use postlint::text::Source;

/// Real posts of different shapes, by their path in copy 001.
const POSTS: &[(&str, &str)] = &[
    (
        "small-function-page",
        "hugo-docs-001/functions/strings/Replace.md",
    ),
    (
        "shortcode-dense",
        "hugo-docs-001/content-management/shortcodes.md",
    ),
    ("blog-post-markdown", "congo-001/samples/markdown/index.md"),
    ("blog-post-figures", "congo-001/samples/icons/index.md"),
    (
        "docsy-tabpanes",
        "docsy-dev-001/en/docs/content/shortcodes/index.md",
    ),
    (
        "book-tabs",
        "hugo-book-001/en/docs/content/shortcodes/tabs.md",
    ),
    ("largest-126k", "hugo-docs-001/quick-reference/emojis.md"),
];

fn bench_site() -> Option<PathBuf> {
    let site = std::env::var_os("POSTLINT_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-site"));
    if site.join("content").is_dir() {
        Some(site)
    } else {
        eprintln!(
            "no benchmark site at {}: run scripts/bench-corpus.sh first",
            site.display()
        );
        None
    }
}

fn select_all() -> Overrides {
    Overrides {
        config: None,
        select: Some(vec!["ALL".to_string()]),
        ignore: Vec::new(),
    }
}

fn per_file(c: &mut Criterion) {
    let Some(root) = bench_site() else {
        return;
    };
    let site = match Site::discover(&root) {
        Ok(Some(site)) => site,
        other => panic!(
            "the benchmark site at {} is no site: {other:?}",
            root.display()
        ),
    };
    let settings = Settings::load(&site.root, &select_all()).expect("settings");
    let mut group = c.benchmark_group("file");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, relative) in POSTS {
        let path = root.join("content/posts").join(relative);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipping {name}: cannot read {}", path.display());
            continue;
        };
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("parse/{name}"), |b| {
            b.iter_batched(
                || bytes.clone(),
                |bytes| Document::parse(Source::from_bytes(bytes), site.flavor),
                BatchSize::SmallInput,
            )
        });
        let document = Document::parse(Source::from_bytes(bytes.clone()), site.flavor);
        group.bench_function(format!("check/{name}"), |b| {
            b.iter(|| engine::check_file(&site, &settings, &path, &document))
        });
        group.bench_function(format!("lint_file/{name}"), |b| {
            b.iter(|| engine::lint_file(&site, &settings, path.clone(), false))
        });
    }
    group.finish();
}

fn whole_site(c: &mut Criterion) {
    let Some(root) = bench_site() else {
        return;
    };
    // `postlint check` with no paths lints the site around the cwd.
    std::env::set_current_dir(&root).expect("cd into the benchmark site");
    let options = Options {
        overrides: select_all(),
        ..Options::default()
    };
    let report = engine::lint(&options).expect("lint the benchmark site");
    // Display paths are relative to the current folder: the site's root.
    let bytes: u64 = report
        .listed()
        .filter_map(|file| std::fs::metadata(file.display()).ok())
        .map(|meta| meta.len())
        .sum();
    eprintln!(
        "site: {} files, {:.1} MB, {} findings",
        report.file_count(),
        bytes as f64 / 1e6,
        report.diagnostics().count()
    );
    drop(report);
    let mut group = c.benchmark_group("site");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Bytes(bytes));
    group.bench_function("lint", |b| b.iter(|| engine::lint(&options).expect("lint")));
    group.finish();
}

/// A Jekyll site of 2,000 posts in a temporary folder, with `exclude`
/// entries in its `_config.yml`.
fn jekyll_site(excludes: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = String::from("title: Discovery\n");
    if !excludes.is_empty() {
        config.push_str("exclude:\n");
        for pattern in excludes {
            config.push_str(&format!("  - \"{pattern}\"\n"));
        }
    }
    std::fs::write(dir.path().join("_config.yml"), config).expect("write _config.yml");
    let posts = dir.path().join("_posts");
    std::fs::create_dir_all(&posts).expect("_posts");
    for i in 0..2_000 {
        std::fs::write(
            posts.join(format!("2020-01-01-post-{i}.md")),
            format!("---\ntitle: Post {i}\n---\nText.\n"),
        )
        .expect("write a post");
    }
    dir
}

fn discovery(c: &mut Criterion) {
    const EXCLUDES: &[&str] = &[
        "Gemfile",
        "Gemfile.lock",
        "node_modules",
        "vendor",
        "README.md",
        "LICENSE",
        "*.sh",
        "docs/*.txt",
        "scripts/",
        "tmp/",
        "package.json",
        "package-lock.json",
        "*.gemspec",
        ".sass-cache",
        "test/",
        "spec/",
        "Rakefile",
        "*.log",
        "drafts-old/",
        "archive/**/*.md",
        "CHANGELOG.md",
        "netlify.toml",
    ];
    let mut group = c.benchmark_group("discovery");
    group.sample_size(20);
    for (name, excludes) in [("default-exclude", &[][..]), ("22-excludes", EXCLUDES)] {
        let site = jekyll_site(excludes);
        let options = Options {
            paths: vec![site.path().to_path_buf()],
            list_only: true,
            ..Options::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| engine::lint(&options).expect("list the files"))
        });
    }
    group.finish();
}

criterion_group!(benches, per_file, whole_site, discovery);
criterion_main!(benches);
