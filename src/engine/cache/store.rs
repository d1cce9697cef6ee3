//! The cache's files on disk: each one a header (what it is, the format,
//! the key of the run it belongs to) and a postcard body; written to a
//! temporary file in the same folder and renamed over the old one, so a
//! reader sees the old file or the new one, never half of one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// What the first bytes of every cache file say.
const MAGIC: &[u8; 16] = b"postlint-cache\0\x01";

/// The file's bytes when its header is this cache's and `key`'s, else
/// `None` (missing, truncated, another version's or another key's: a
/// file that cannot be used is as good as none).
pub(super) fn read(path: &Path, key: u128) -> Option<Vec<u8>> {
    let bytes = fs::read(path).ok()?;
    let header = header(key);
    (bytes.len() >= header.len() && bytes[..header.len()] == header).then_some(bytes)
}

/// The body of a file `read` returned.
pub(super) fn body(bytes: &[u8]) -> &[u8] {
    bytes.get(header(0).len()..).unwrap_or_default()
}

fn header(key: u128) -> Vec<u8> {
    let mut header = MAGIC.to_vec();
    header.extend_from_slice(&key.to_le_bytes());
    header
}

/// Writes `value` as the file at `path` for `key`, atomically.
pub(super) fn write<T: Serialize>(path: &Path, key: u128, value: &T) -> Result<(), String> {
    let mut bytes = header(key);
    let bytes = postcard::to_extend(value, std::mem::take(&mut bytes))
        .map_err(|err| format!("cannot encode {}: {err}", path.display()))?;
    write_bytes(path, &bytes)
}

/// Writes `bytes` as the file at `path`: a temporary file beside it,
/// renamed over it once complete.
pub(super) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|err| format!("cannot write in {}: {err}", dir.display()))?;
    temp.write_all(bytes)
        .map_err(|err| format!("cannot write in {}: {err}", dir.display()))?;
    temp.persist(path)
        .map_err(|err| format!("cannot write {}: {}", path.display(), err.error))?;
    Ok(())
}

/// Makes the cache folder (with its `CACHEDIR.TAG` and a `.gitignore` that
/// keeps it out of the repository) and proves it writable.
pub(super) fn prepare(dir: &Path) -> Result<(), String> {
    let failed = |err: std::io::Error| format!("cannot write to {}: {err}", dir.display());
    fs::create_dir_all(dir).map_err(failed)?;
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.is_file() {
        write_bytes(
            &tag,
            b"Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by postlint.\n# For information about cache directory tags see https://bford.info/cachedir/\n",
        )?;
        write_bytes(&dir.join(".gitignore"), b"# Created by postlint.\n*\n")?;
    }
    // Writable now, not only when it was made (a read-only copy, another
    // user's folder): a file made and removed.
    tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(failed)?;
    Ok(())
}

/// Removes the cache files of other keys not used for `days` days.
pub(super) fn prune(dir: &Path, days: u64) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let limit = std::time::Duration::from_secs(days * 24 * 60 * 60);
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        let old = entry
            .metadata()
            .ok()
            .and_then(|meta| meta.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > limit);
        if old && path.extension().is_some_and(|ext| ext == "bin") {
            let _ = fs::remove_file(path);
        }
    }
}

/// Marks a file as used now (pruning goes by the modification time), at
/// most once a day.
pub(super) fn touch(path: &Path) {
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    let stale = fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_some_and(|age| age > day);
    if stale && let Ok(file) = fs::File::options().append(true).open(path) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
}
