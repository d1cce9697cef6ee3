//! The engine's walk: folders are walked and linted in parallel, yet the
//! output is sorted and each file is reported once, however the paths given
//! overlap.

use crate::common;

use common::{Scratch, run_in};

/// A site with enough files in enough folders that the parallel walker
/// spreads them over its threads.
fn site() -> Scratch {
    let scratch = Scratch::new(&[("hugo.toml", b"title = \"t\"\n")]);
    for section in ["a", "b", "c", "d"] {
        for n in 0..25 {
            // No front matter: FM003 fires on every post, so each file
            // shows up in the output.
            scratch.write(
                &format!("content/posts/{section}/{n:02}.md"),
                b"Just text.\n",
            );
        }
    }
    scratch
}

fn paths(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|line| line.split(':').next())
        .collect()
}

#[test]
fn whole_site_output_is_sorted_and_complete() {
    let scratch = site();
    let run = run_in(scratch.path(), &["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let shown = paths(&run.stdout);
    assert_eq!(shown.len(), 100, "{}", run.all());
    let mut sorted = shown.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(shown, sorted);
    assert!(run.stderr.contains("in 100 of 100 files"), "{}", run.stderr);
}

#[test]
fn overlapping_paths_report_each_file_once() {
    let scratch = site();
    let run = run_in(
        scratch.path(),
        &[
            "check",
            "--format",
            "concise",
            "content",
            "content/posts/b",
            "content/posts/b/03.md",
            "content/posts/c/07.md",
        ],
    );
    let shown = paths(&run.stdout);
    assert_eq!(shown.len(), 100, "{}", run.all());
    let mut unique = shown.clone();
    unique.dedup();
    assert_eq!(shown, unique);
    let again = run_in(scratch.path(), &["check", "--format", "concise"]);
    assert_eq!(run.stdout, again.stdout);
}

#[test]
fn show_files_lists_every_file_in_order() {
    let scratch = site();
    let run = run_in(scratch.path(), &["check", "--show-files"]);
    let listed: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(listed.len(), 100, "{}", run.all());
    assert_eq!(listed[0], "content/posts/a/00.md");
    assert_eq!(listed[99], "content/posts/d/24.md");
}
