//! The ceiling: the work no content linter can skip. Every Markdown file of
//! the benchmark site is read and run through pulldown-cmark (with the
//! extensions postlint enables) on all cores with rayon; nothing else.
//! `benches/pipeline.rs` times postlint on the same site, so the two give
//! how close to the ceiling the whole tool runs.
//!
//! Build the site first: `scripts/bench-corpus.sh` (or point
//! `POSTLINT_BENCH_SITE` at another site), then `cargo bench --bench ceiling`.

// The allocator the `postlint` binary runs with, so that the numbers are its.
#[path = "../src/allocator.rs"]
mod allocator;

#[path = "support/ceiling.rs"]
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use support::{markdown_files, read_and_parse};

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
        b.iter(|| {
            files
                .par_iter()
                .map(|path| read_and_parse(path))
                .sum::<usize>()
        })
    });
    group.bench_function("walk+read+parse", |b| {
        b.iter(|| support::walk_then_rayon(&content))
    });
    group.bench_function("parallel-walk+read+parse", |b| {
        b.iter(|| support::parallel_walk(&content))
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
