//! The ceiling: the work no content linter can skip. Every Markdown file of
//! the benchmark site is read and run through pulldown-cmark (with the
//! extensions postlint enables) on all cores with rayon; nothing else.
//! `benches/pipeline.rs` times postlint on the same site, so the two give
//! how close to the ceiling the whole tool runs.
//!
//! Build the site first: `scripts/bench-corpus.sh` (or point
//! `POSTLINT_BENCH_SITE` at another site), then `cargo bench --bench ceiling`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

/// The benchmark site: `$POSTLINT_BENCH_SITE` or `target/bench-site`.
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

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|ext| ext.to_str()),
        Some("md" | "markdown")
    )
}

/// Every Markdown file below `root`, as a plain walk finds them.
fn markdown_files(root: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(|entry| entry.into_path())
        .filter(|path| is_markdown(path))
        .collect()
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Reads one file and parses it; the event count keeps the work observable.
fn read_and_parse(path: &Path) -> usize {
    let Ok(bytes) = fs::read(path) else {
        return 0;
    };
    let text = String::from_utf8_lossy(&bytes);
    Parser::new_ext(&text, options()).into_offset_iter().count()
}

fn ceiling(c: &mut Criterion) {
    let Some(site) = bench_site() else {
        return;
    };
    let content = site.join("content");
    let files = markdown_files(&content);
    let bytes: u64 = files
        .iter()
        .filter_map(|path| fs::metadata(path).ok())
        .map(|meta| meta.len())
        .sum();
    eprintln!(
        "ceiling: {} Markdown files, {:.1} MB, {} threads",
        files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    let mut group = c.benchmark_group("ceiling");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes));
    group.bench_function("read+parse", |b| {
        b.iter(|| files.par_iter().map(|path| read_and_parse(path)).sum::<usize>())
    });
    group.bench_function("walk+read+parse", |b| {
        b.iter(|| {
            markdown_files(&content)
                .par_iter()
                .map(|path| read_and_parse(path))
                .sum::<usize>()
        })
    });
    group.bench_function("read only", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|path| fs::read(path).map_or(0, |bytes| bytes.len()))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, ceiling);
criterion_main!(benches);
