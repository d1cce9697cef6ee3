//! Every page's front matter facts, remembered for the lookups of runs over
//! some files: proving a link or a `ref` broken needs every page's URL,
//! and with this a run reads only the pages that changed.

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::{Bytes, EntryOut, FileIn, FileOut, store, trusted};
use crate::generator::facts::Facts;
use crate::index::FactsMemory;
use crate::site::reads::Stamp;
use crate::text::FastMap;

/// The pages file of one key, read on first use.
pub(super) struct PageFacts {
    pub(super) path: std::path::PathBuf,
    key: u128,
    loaded: OnceLock<Loaded>,
    /// Facts read this run from pages that changed, encoded.
    learnt: Mutex<FastMap<Box<[u8]>, Learnt>>,
    dirty: AtomicBool,
    /// Pages whose facts came from the file, and pages read anew.
    pub(super) remembered: AtomicUsize,
    pub(super) read: AtomicUsize,
}

/// A page's stamp, when it was taken, and its facts encoded.
type Learnt = (Stamp, i128, Vec<u8>);

#[derive(Default)]
struct Loaded {
    bytes: Vec<u8>,
    entries: FastMap<Box<[u8]>, (Stamp, i128, Range<usize>)>,
}

impl PageFacts {
    pub(super) fn new(dir: &Path, key: u128) -> PageFacts {
        PageFacts {
            path: dir.join(format!("{key:032x}-pages.bin")),
            key,
            loaded: OnceLock::new(),
            learnt: Mutex::new(FastMap::default()),
            dirty: AtomicBool::new(false),
            remembered: AtomicUsize::new(0),
            read: AtomicUsize::new(0),
        }
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| {
            let Some(bytes) = store::read(&self.path, self.key) else {
                self.dirty.store(true, Ordering::Relaxed);
                return Loaded::default();
            };
            let base = bytes.as_ptr() as usize;
            let read = postcard::from_bytes::<FileIn<(Stamp, i128)>>(store::body(&bytes));
            let entries = match read {
                Ok(pages) => pages
                    .entries
                    .into_iter()
                    .map(|page| {
                        let start = page.facts.as_ptr() as usize - base;
                        let (stamp, taken) = page.head;
                        (
                            Box::<[u8]>::from(page.path),
                            (stamp, taken, start..start + page.facts.len()),
                        )
                    })
                    .collect(),
                Err(_) => {
                    self.dirty.store(true, Ordering::Relaxed);
                    return Loaded::default();
                }
            };
            Loaded { bytes, entries }
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
        let Ok(learnt) = self.learnt.lock() else {
            return Ok(());
        };
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
        pages.extend(
            loaded
                .entries
                .iter()
                .filter(|(path, _)| !learnt.contains_key(*path))
                .map(|(path, (stamp, taken, range))| EntryOut {
                    path: Bytes(path),
                    head: (*stamp, *taken),
                    facts: Bytes(loaded.bytes.get(range.clone()).unwrap_or_default()),
                    body: Bytes(&[]),
                }),
        );
        self.write(pages)
    }
}

impl FactsMemory for PageFacts {
    fn facts(&self, file: &Path, read: &dyn Fn() -> Facts) -> Arc<Facts> {
        let key = file.as_os_str().as_encoded_bytes();
        let taken = super::now();
        let stamp = Stamp::at(file);
        let loaded = self.loaded();
        if let (Some(stamp), Some((was, was_taken, range))) = (stamp, loaded.entries.get(key))
            && stamp == *was
            && trusted(was, *was_taken)
            && let Some(facts) = loaded
                .bytes
                .get(range.clone())
                .and_then(|bytes| postcard::from_bytes::<Facts>(bytes).ok())
        {
            self.remembered.fetch_add(1, Ordering::Relaxed);
            return Arc::new(facts);
        }
        self.read.fetch_add(1, Ordering::Relaxed);
        let facts = Arc::new(read());
        if let Some(stamp) = stamp
            && let Ok(encoded) = postcard::to_allocvec(&*facts)
        {
            self.dirty.store(true, Ordering::Relaxed);
            if let Ok(mut learnt) = self.learnt.lock() {
                learnt.insert(key.into(), (stamp, taken, encoded));
            }
        }
        facts
    }
}
