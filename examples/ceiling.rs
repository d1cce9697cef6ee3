//! The read+parse ceiling as a command, for hyperfine next to postlint and
//! its peers (`scripts/bench-peers.sh`): walks the folders given (default:
//! `content`), reads every Markdown file and runs pulldown-cmark over it on
//! all cores, and prints the counts.
//!
//!   cargo build --release --example ceiling
//!   target/release/examples/ceiling [--rayon] [FOLDER...]
//!
//! `--rayon`: walk on one thread first, then read and parse on rayon's pool;
//! the default walks with `ignore`'s parallel walker and parses on its threads.

// The allocator the `postlint` binary runs with, so that the ceiling is its.
#[path = "../src/allocator.rs"]
mod allocator;
#[path = "../benches/support/ceiling.rs"]
mod ceiling;

use std::path::PathBuf;

fn main() {
    let mut rayon_mode = false;
    let mut roots: Vec<PathBuf> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--rayon" {
            rayon_mode = true;
        } else {
            roots.push(arg.into());
        }
    }
    if roots.is_empty() {
        roots.push("content".into());
    }
    let (mut files, mut events) = (0, 0);
    for root in &roots {
        let (f, e) = if rayon_mode {
            ceiling::walk_then_rayon(root)
        } else {
            ceiling::parallel_walk(root)
        };
        files += f;
        events += e;
    }
    println!("{files} Markdown files, {events} events");
}
