//! The progress bar of a large run, on stderr.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs below this many files finish before a bar would be worth drawing.
const PROGRESS_MIN_FILES: usize = 500;

/// A count of the files linted so far on stderr, drawn once a run has
/// linted `PROGRESS_MIN_FILES` files. The total is not known: a whole site
/// is linted as the walk finds its files.
pub(super) struct Progress {
    bar: indicatif::ProgressBar,
    linted: AtomicUsize,
}

impl Progress {
    pub(super) fn new(wanted: bool) -> Option<Progress> {
        if !wanted {
            return None;
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} files linted {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Some(Progress {
            bar,
            linted: AtomicUsize::new(0),
        })
    }

    pub(super) fn tick(progress: &Option<Progress>) {
        let Some(progress) = progress else {
            return;
        };
        progress.bar.inc(1);
        // Exactly one thread counts the file that crosses the threshold.
        if progress.linted.fetch_add(1, Ordering::Relaxed) + 1 == PROGRESS_MIN_FILES {
            progress
                .bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    pub(super) fn finish(progress: Option<Progress>) {
        if let Some(progress) = progress {
            progress.bar.finish_and_clear();
        }
    }
}
