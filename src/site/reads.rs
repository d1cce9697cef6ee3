//! What linting one file read besides the file itself, recorded while it
//! is linted: the folders an image lookup listed and the files a check read
//! (each with its stamp), whether a rule read every page of the site, the
//! instant a date comparison changes its answer, and that an answer depends
//! on what cannot be named (`read_unknown`).
//! A cache of per-file findings keeps this with them and knows from it when
//! they go stale although the file did not change.
//!
//! Recording is per thread (a file is linted on one thread) and only while
//! `record` runs; otherwise the calls below cost a thread-local check.

use std::cell::RefCell;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How a file or folder is recognised as unchanged: its size, modification
/// and change times to the nanosecond and its inode (see CONTRIBUTING's
/// "The cache" for why this, with the racy-entry rule, is enough).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: i128,
    /// Nanoseconds since the Unix epoch (Unix `ctime`: any change to the
    /// inode, a `touch` that sets an old mtime included); 0 elsewhere.
    pub changed: i128,
    pub inode: u64,
    pub device: u64,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos() as i128);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: meta.len(),
                modified,
                changed: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            }
        }
        #[cfg(not(unix))]
        Stamp {
            len: meta.len(),
            modified,
            changed: 0,
            inode: 0,
            device: 0,
        }
    }

    /// The stamp of what is at `path` now (symbolic links followed), or
    /// `None` when nothing is there.
    pub fn at(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|meta| Stamp::of(&meta))
    }

    /// The later of the modification and change times, in nanoseconds.
    pub fn latest(&self) -> i128 {
        self.modified.max(self.changed)
    }
}

/// What one file's lint read besides the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reads {
    /// Each folder whose listing and each file whose text (or absence) a
    /// check used, with its stamp taken while the run was linting (`None`:
    /// nothing was there). A stamp taken after the run started may be of a
    /// change made since, which is fine: such a stamp is too recent to be
    /// trusted (`RACY` in the cache), and the next run lints again.
    pub paths: Vec<(PathBuf, Option<Stamp>)>,
    /// A check read every content file of the site (how the site's pages
    /// open, HD001 without a readable layout).
    pub all_content: bool,
    /// The first instant, in nanoseconds since the epoch, at which a date
    /// comparison made for the file gives another answer (a date that was
    /// in the future is not any more).
    pub until: Option<i128>,
    /// A check's answer depends on what it cannot name (`read_unknown`):
    /// the record is never used again, so it is never kept.
    #[serde(skip)]
    pub unknown: bool,
}

thread_local! {
    static RECORDING: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Runs `lint` and returns what it read besides its file (the calls below
/// made on this thread meanwhile).
pub fn record<T>(lint: impl FnOnce() -> T) -> (T, Reads) {
    let outer = RECORDING.with(|cell| cell.replace(Some(Reads::default())));
    let value = lint();
    let reads = RECORDING
        .with(|cell| cell.replace(outer))
        .unwrap_or_default();
    (value, reads)
}

fn with_recording(add: impl FnOnce(&mut Reads)) {
    RECORDING.with(|cell| {
        if let Ok(mut recording) = cell.try_borrow_mut()
            && let Some(reads) = recording.as_mut()
        {
            add(reads);
        }
    });
}

/// A check used the listing of `dir`, whose stamp was `stamp` (`None`: no
/// such folder; see `Reads::paths` for when it may be taken).
pub fn listed(dir: &Path, stamp: Option<Stamp>) {
    depends_on(dir, stamp);
}

/// A check read the file at `path` (`None`: there was none), besides the
/// file linted and the templates (which the cache's key covers).
pub fn read_file(path: &Path, stamp: Option<Stamp>) {
    depends_on(path, stamp);
}

fn depends_on(path: &Path, stamp: Option<Stamp>) {
    with_recording(|reads| {
        if !reads
            .paths
            .iter()
            .any(|(known, was)| known == path && *was == stamp)
        {
            reads.paths.push((path.to_path_buf(), stamp));
        }
    });
}

/// A check read every content file of the site.
pub fn read_all_content() {
    with_recording(|reads| reads.all_content = true);
}

/// A check's answer depends on what it cannot name (a schema that did not
/// load, on any of the files it reads; the page a Jekyll link tag in a Hugo
/// page names, looked for among the others): the record is not used again.
pub fn read_unknown() {
    with_recording(|reads| reads.unknown = true);
}

/// A check compared a date with the current time and found it in the
/// future: its answer changes at `at` (nanoseconds since the epoch).
pub fn until(at: i128) {
    with_recording(|reads| {
        reads.until = Some(reads.until.map_or(at, |known| known.min(at)));
    });
}
