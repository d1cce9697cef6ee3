//! Directory listings, read at most once per run and shared by every
//! thread, so that checks which look for files (images, static targets)
//! never stat the same path twice and see names exactly as they are on
//! disk, even on a case-insensitive filesystem.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::reads::{self, Stamp};

/// The default of `[files] max_size`: far above any real post, low enough
/// that a run's memory stays bounded (postlint holds a file several times
/// over while it lints it). Files larger than this are never read whole.
pub const DEFAULT_MAX_SIZE: u64 = 16 * 1024 * 1024;

/// What an entry of a listing is. Symbolic links are never followed: a
/// link is only known to be a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Other,
}

#[derive(Debug, Clone)]
pub struct ListingEntry {
    pub name: OsString,
    pub kind: EntryKind,
}

/// The entries of one folder.
#[derive(Debug, Default)]
pub struct Listing {
    entries: Vec<ListingEntry>,
    /// The folder's stamp, taken before it was read.
    stamp: Option<Stamp>,
}

impl Listing {
    /// The entry named exactly `name`.
    pub fn exact(&self, name: &str) -> Option<&ListingEntry> {
        self.entries.iter().find(|entry| entry.name == name)
    }

    /// An entry whose name equals `name` ignoring case.
    pub fn ignoring_case(&self, name: &str) -> Option<&ListingEntry> {
        let wanted = name.to_lowercase();
        self.entries
            .iter()
            .find(|entry| entry.name.to_string_lossy().to_lowercase() == wanted)
    }
}

/// The outcome of looking a path up through listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Every component exists with exactly this spelling.
    Found,
    /// The path exists only with a different case; the real path, relative
    /// to the folder the lookup started in, with `/` separators.
    CaseMismatch(String),
    NotFound,
    /// A symbolic link to a folder (never followed) or an unreadable folder
    /// is in the way: nothing can be said.
    Unknown,
}

type Cell = Arc<OnceLock<Option<Arc<Listing>>>>;

/// The per-run cache of folder listings. Cloning shares the cache.
#[derive(Clone, Default)]
pub struct Listings {
    cache: Arc<Mutex<HashMap<PathBuf, Cell>>>,
}

impl fmt::Debug for Listings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.cache.lock().map(|cache| cache.len()).unwrap_or(0);
        f.debug_struct("Listings").field("cached", &cached).finish()
    }
}

impl Listings {
    /// The listing of `dir`, read on first use; `None` when it cannot be read.
    pub fn get(&self, dir: &Path) -> Option<Arc<Listing>> {
        let cell = {
            let mut cache = match self.cache.lock() {
                Ok(cache) => cache,
                Err(poisoned) => poisoned.into_inner(),
            };
            cache.entry(dir.to_path_buf()).or_default().clone()
        };
        let listing = cell.get_or_init(|| read_listing(dir)).clone();
        reads::listed(dir, listing.as_ref().and_then(|listing| listing.stamp));
        listing
    }

    /// Looks `components` up below `dir` (which must be a real folder),
    /// one listing per level, never following a symbolic link to a folder.
    pub fn lookup(&self, dir: &Path, components: &[&str]) -> Lookup {
        let mut current = dir.to_path_buf();
        let mut real: Vec<String> = Vec::with_capacity(components.len());
        let mut mismatch = false;
        for (i, component) in components.iter().enumerate() {
            let last = i + 1 == components.len();
            let Some(listing) = self.get(&current) else {
                return Lookup::Unknown;
            };
            let entry = match listing.exact(component) {
                Some(entry) => entry,
                None => match listing.ignoring_case(component) {
                    Some(entry) => {
                        mismatch = true;
                        entry
                    }
                    None => return Lookup::NotFound,
                },
            };
            if !last {
                match entry.kind {
                    EntryKind::Dir => {}
                    EntryKind::Symlink => return Lookup::Unknown,
                    EntryKind::File | EntryKind::Other => return Lookup::NotFound,
                }
            }
            let name = entry.name.to_string_lossy().into_owned();
            current.push(&entry.name);
            real.push(name);
        }
        if components.is_empty() {
            return Lookup::NotFound;
        }
        if mismatch {
            Lookup::CaseMismatch(real.join("/"))
        } else {
            Lookup::Found
        }
    }
}

fn read_listing(dir: &Path) -> Option<Arc<Listing>> {
    let stamp = Stamp::at(dir);
    let read = fs::read_dir(dir).ok()?;
    let mut entries: Vec<ListingEntry> = read
        .filter_map(Result::ok)
        .map(|entry| {
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => EntryKind::Symlink,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if t.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            };
            ListingEntry {
                name: entry.file_name(),
                kind,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Some(Arc::new(Listing { entries, stamp }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_case_mismatch_missing_and_symlinked_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("Images/sub")).unwrap();
        fs::write(dir.path().join("Images/Team-Photo.JPG"), b"").unwrap();
        fs::write(dir.path().join("Images/sub/a.png"), b"").unwrap();
        let root = dir.path();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("Images"), root.join("linked")).unwrap();
        let listings = Listings::default();
        assert_eq!(
            listings.lookup(root, &["Images", "sub", "a.png"]),
            Lookup::Found
        );
        assert_eq!(
            listings.lookup(root, &["images", "team-photo.jpg"]),
            Lookup::CaseMismatch("Images/Team-Photo.JPG".into())
        );
        assert_eq!(
            listings.lookup(root, &["Images", "nope.png"]),
            Lookup::NotFound
        );
        assert_eq!(
            listings.lookup(root, &["Images", "Team-Photo.JPG", "x"]),
            Lookup::NotFound
        );
        #[cfg(unix)]
        assert_eq!(
            listings.lookup(root, &["linked", "sub", "a.png"]),
            Lookup::Unknown
        );
    }
}
