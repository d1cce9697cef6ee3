//! Every page's front matter facts, remembered for the lookups of runs over
//! some files: proving a link or a `ref` broken needs every page's URL,
//! and with this a run reads only the pages that changed.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::listing::ListingFile;
use super::{ByPath, Bytes, EntryOut, FileIn, FileOut, Loaded, Placed, place, store, trusted};
use crate::generator::facts::Facts;
use crate::index::PagesMemory;
use crate::site::reads::Stamp;
use crate::site::walk::Listed;

/// The pages file of one key, read on first use.
pub(super) struct PageFacts {
    pub(super) path: std::path::PathBuf,
    key: u128,
    loaded: OnceLock<Loaded<LoadedPage>>,
    /// Facts read this run from pages that changed, encoded, in the order
    /// read (a page read twice: the later one holds).
    learnt: Mutex<Vec<(Box<[u8]>, Learnt)>>,
    dirty: AtomicBool,
    /// Pages whose facts came from the file, and pages read anew.
    pub(super) remembered: AtomicUsize,
    pub(super) read: AtomicUsize,
    /// The content folders' listing.
    pub(super) listing: ListingFile,
}

/// A page's stamp, when it was taken, and its facts encoded.
type Learnt = (Stamp, i128, Vec<u8>);

/// A page of the pages file as read: its stamp and where its path and
/// facts are in the file.
struct LoadedPage {
    path: Range<usize>,
    stamp: Stamp,
    taken: i128,
    facts: Range<usize>,
}

impl Placed for LoadedPage {
    fn path(&self) -> &Range<usize> {
        &self.path
    }
}

impl PageFacts {
    pub(super) fn new(dir: &Path, key: u128) -> PageFacts {
        PageFacts {
            path: dir.join(format!("{key:032x}-pages.bin")),
            key,
            loaded: OnceLock::new(),
            learnt: Mutex::new(Vec::new()),
            dirty: AtomicBool::new(false),
            remembered: AtomicUsize::new(0),
            read: AtomicUsize::new(0),
            listing: ListingFile::new(dir, key),
        }
    }

    fn loaded(&self) -> &Loaded<LoadedPage> {
        self.loaded.get_or_init(|| {
            let Some(bytes) = store::read(&self.path, self.key) else {
                self.dirty.store(true, Ordering::Relaxed);
                return Loaded::default();
            };
            let Ok(pages) = postcard::from_bytes::<FileIn<(Stamp, i128)>>(store::body(&bytes))
            else {
                self.dirty.store(true, Ordering::Relaxed);
                return Loaded::default();
            };
            let mut by_path = ByPath::with_capacity(pages.entries.len());
            let mut entries = Vec::with_capacity(pages.entries.len());
            for page in pages.entries {
                by_path.insert(page.path, entries.len());
                let (stamp, taken) = page.head;
                entries.push(LoadedPage {
                    path: place(&bytes, page.path),
                    stamp,
                    taken,
                    facts: place(&bytes, page.facts),
                });
            }
            Loaded {
                bytes,
                entries,
                by_path,
            }
        })
    }

    /// Whether the file is there.
    pub(super) fn exists(&self) -> bool {
        self.path.is_file()
    }

    pub(super) fn touch(&self) {
        store::touch(&self.path);
    }

    /// Writes `pages` as the file.
    pub(super) fn write(&self, entries: Vec<EntryOut<(Stamp, i128)>>) -> Result<(), String> {
        store::write(&self.path, self.key, &FileOut { entries })
    }

    /// A run over some files: when it read the file and some page had
    /// changed, writes what it read with the facts read anew in place.
    pub(super) fn save(&self) -> Result<(), String> {
        let Some(loaded) = self.loaded.get() else {
            return Ok(());
        };
        if !self.dirty.load(Ordering::Relaxed) {
            self.touch();
            return Ok(());
        }
        let Ok(mut learnt) = self.learnt.lock() else {
            return Ok(());
        };
        // By path, the last reading of a page read twice (a language
        // server's index, built again after an edit) first, then alone.
        learnt.reverse();
        learnt.par_sort_by(|a, b| a.0.cmp(&b.0));
        learnt.dedup_by(|later, first| later.0 == first.0);
        let mut pages: Vec<EntryOut<(Stamp, i128)>> = learnt
            .iter()
            .map(|(path, (stamp, taken, facts))| EntryOut {
                path: Bytes(path),
                head: (*stamp, *taken),
                facts: Bytes(facts),
                body: Bytes(&[]),
            })
            .collect();
        // What was learnt is written now; a later save writes only if more is.
        self.dirty.store(false, Ordering::Relaxed);
        let is_learnt = |path: &[u8]| {
            learnt
                .binary_search_by(|(learnt, _)| (**learnt).cmp(path))
                .is_ok()
        };
        pages.extend(
            loaded
                .entries
                .iter()
                .filter(|page| !is_learnt(loaded.part(&page.path)))
                .map(|page| EntryOut {
                    path: Bytes(loaded.part(&page.path)),
                    head: (page.stamp, page.taken),
                    facts: Bytes(loaded.part(&page.facts)),
                    body: Bytes(&[]),
                }),
        );
        self.write(pages)
    }
}

impl PagesMemory for PageFacts {
    fn facts(&self, file: &Path, read: &dyn Fn() -> (Facts, Option<Stamp>)) -> Arc<Facts> {
        let key = file.as_os_str().as_encoded_bytes();
        let taken = super::now();
        let loaded = self.loaded();
        // A page the file does not have is read at once: its stamp comes
        // from the opened file.
        if let Some(page) = loaded.find(key)
            && trusted(&page.stamp, page.taken)
            && Stamp::at(file) == Some(page.stamp)
            && let Ok(facts) = postcard::from_bytes::<Facts>(loaded.part(&page.facts))
        {
            self.remembered.fetch_add(1, Ordering::Relaxed);
            return Arc::new(facts);
        }
        self.read.fetch_add(1, Ordering::Relaxed);
        let (facts, stamp) = read();
        if let Some(stamp) = stamp
            && let Ok(encoded) = postcard::to_allocvec(&facts)
        {
            self.dirty.store(true, Ordering::Relaxed);
            if let Ok(mut learnt) = self.learnt.lock() {
                learnt.push((key.into(), (stamp, taken, encoded)));
            }
        }
        Arc::new(facts)
    }

    fn listing(&self, list: &(dyn Fn() -> Listed + Sync)) -> Vec<PathBuf> {
        // Every page's facts are asked for next: the pages file is read
        // while the folders are looked at.
        rayon::join(|| self.listing.listing(list), || self.loaded()).0
    }
}
