//! The unavoidable work of any content linter, shared by `benches/ceiling.rs`
//! and `examples/ceiling.rs`: find the Markdown files, read each one and
//! run pulldown-cmark over it (with the extensions postlint enables), on all
//! cores. Nothing is checked and nothing is kept.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|ext| ext.to_str()),
        Some("md" | "markdown")
    )
}

/// Every Markdown file below `root`, found by one thread (`ignore`'s walker,
/// `.gitignore`-aware like postlint's).
pub fn markdown_files(root: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(|entry| entry.into_path())
        .filter(|path| is_markdown(path))
        .collect()
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Reads one file and parses it; returns the number of events so that the
/// work cannot be optimised away.
pub fn read_and_parse(path: &Path) -> usize {
    let Ok(bytes) = fs::read(path) else {
        return 0;
    };
    let count = |text: &str| Parser::new_ext(text, options()).into_offset_iter().count();
    // The validating fast path first, as postlint's `Source` does.
    match std::str::from_utf8(&bytes) {
        Ok(text) => count(text),
        Err(_) => count(&String::from_utf8_lossy(&bytes)),
    }
}

/// Walk on one thread, then read and parse on rayon's pool.
pub fn walk_then_rayon(root: &Path) -> (usize, usize) {
    let files = markdown_files(root);
    let events = files.par_iter().map(|path| read_and_parse(path)).sum();
    (files.len(), events)
}

/// `ignore`'s parallel walker on every core, each thread reading and
/// parsing the files it finds (no separate walk phase).
pub fn parallel_walk(root: &Path) -> (usize, usize) {
    let files = AtomicUsize::new(0);
    let events = AtomicUsize::new(0);
    ignore::WalkBuilder::new(root)
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                if let Ok(entry) = entry
                    && entry.file_type().is_some_and(|t| t.is_file())
                    && is_markdown(entry.path())
                {
                    files.fetch_add(1, Ordering::Relaxed);
                    events.fetch_add(read_and_parse(entry.path()), Ordering::Relaxed);
                }
                ignore::WalkState::Continue
            })
        });
    (files.into_inner(), events.into_inner())
}
