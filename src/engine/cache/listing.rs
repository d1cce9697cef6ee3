//! The content folders' listing, remembered for runs over some files:
//! proving a link broken needs every page, and listing a big site's
//! folders costs more than looking at whether they changed.
//!
//! A listing is used again when every path it depends on (each folder it
//! read, the ignore files, the symbolic links it met: `Listed::witnesses`)
//! has the stamp it had, trusted as a file's is (`trusted`): a file added,
//! removed or renamed changes its folder's modification time, and a folder
//! changed within the clock tick of the listing is listed again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{now, store, trusted_if_there};
use crate::site::reads::Stamp;
use crate::site::walk::Listed;

/// The listing file of one key.
pub(super) struct ListingFile {
    path: PathBuf,
    key: u128,
    /// Whether this run's listing came from the file.
    pub(super) remembered: AtomicBool,
}

/// The file's contents: when the stamps were taken (before the folders
/// were read), each witness's stamp (`None`: nothing there), the files.
#[derive(Serialize, Deserialize)]
struct Contents<'a> {
    taken: i128,
    #[serde(borrow)]
    witnesses: Vec<(&'a str, Option<Stamp>)>,
    #[serde(borrow)]
    files: Vec<&'a str>,
}

impl ListingFile {
    pub(super) fn new(dir: &Path, key: u128) -> ListingFile {
        ListingFile {
            path: dir.join(format!("{key:032x}-listing.bin")),
            key,
            remembered: AtomicBool::new(false),
        }
    }

    /// The remembered listing when it still holds, else `list`'s (written
    /// for the next run when it can be vouched for).
    pub(super) fn listing(&self, list: &(dyn Fn() -> Listed + Sync)) -> Vec<PathBuf> {
        if let Some(files) = self.remembered() {
            self.remembered.store(true, Ordering::Relaxed);
            store::touch(&self.path);
            return files;
        }
        // Taken before any folder is read: a folder changed while it is
        // listed is then too recent to be trusted by the next run.
        let taken = now();
        let listed = list();
        if let Some(witnesses) = &listed.witnesses {
            self.write(taken, witnesses, &listed.files);
        }
        listed.files
    }

    fn remembered(&self) -> Option<Vec<PathBuf>> {
        let bytes = store::read(&self.path, self.key)?;
        let contents: Contents = postcard::from_bytes(store::body(&bytes)).ok()?;
        let holds = contents.witnesses.par_iter().all(|(path, stamp)| {
            trusted_if_there(stamp, contents.taken) && Stamp::at(Path::new(path)) == *stamp
        });
        holds.then(|| contents.files.iter().map(PathBuf::from).collect())
    }

    /// Writes the listing when the next run can trust it (a folder changed
    /// within the clock tick would make it list again anyway); a failure
    /// costs the next run a listing, and is not worth a note.
    fn write(&self, taken: i128, witnesses: &[(PathBuf, Option<Stamp>)], files: &[PathBuf]) {
        let witnesses: Option<Vec<(&str, Option<Stamp>)>> = witnesses
            .iter()
            .map(|(path, stamp)| trusted_if_there(stamp, taken).then_some((path.to_str()?, *stamp)))
            .collect();
        let files: Option<Vec<&str>> = files.iter().map(|path| path.to_str()).collect();
        if let (Some(witnesses), Some(files)) = (witnesses, files) {
            let _ = store::write(
                &self.path,
                self.key,
                &Contents {
                    taken,
                    witnesses,
                    files,
                },
            );
        }
    }
}
