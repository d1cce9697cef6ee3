//! IO rules: files that could not be read at all, or were too large to.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Span};
use crate::rules::{Runs, declare_check};

declare_check! {
    /// Reported by the engine when it reads a file.
    pub static CHECK = Runs::Engine;

    pub static UNREADABLE = "IO001" "unreadable-file" {
        severity: Error,
        summary: "A file or folder that cannot be read; the rest is still linted",
    }

    pub static TOO_LARGE = "IO002" "file-too-large" {
        severity: Warning,
        summary: "A content file larger than the configured limit, which is not linted",
    }
}

/// Reads a content file, at most `limit` bytes of it (0 = no limit): the
/// bytes, or the finding that says why there are none (boxed: the error
/// path is rare and a `Diagnostic` is large).
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    read_with_metadata(path, limit).map(|(bytes, _)| bytes)
}

/// `read`, with the file's metadata as it was before its bytes were read.
pub fn read_with_metadata(
    path: &Path,
    limit: u64,
) -> Result<(Vec<u8>, Option<fs::Metadata>), Box<Diagnostic>> {
    let file = fs::File::open(path).map_err(|err| Box::new(unreadable(&err, false)))?;
    // Sized up front (as `fs::read` does) when the size is known and
    // allowed: one read call, no growing.
    let metadata = file.metadata().ok();
    let size = metadata.as_ref().map(|meta| meta.len());
    let capacity = match (size.unwrap_or(0), limit) {
        (size, 0) => size,
        (size, limit) => size.min(limit),
    };
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0).saturating_add(1));
    let read = if limit == 0 {
        (&file).read_to_end(&mut bytes)
    } else {
        (&file)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
    };
    read.map_err(|err| Box::new(unreadable(&err, false)))?;
    if limit > 0 && bytes.len() as u64 > limit {
        return Err(Box::new(too_large(
            size.unwrap_or(bytes.len() as u64),
            limit,
        )));
    }
    Ok((bytes, metadata))
}

/// `1.5 MB`, `16 MB`, `512 KB`, `12 bytes` (1024-based, as `max_size` reads).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// The finding for a file over the size limit.
pub fn too_large(size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        &TOO_LARGE,
        Span::empty(0),
        format!(
            "file is {}, over the {} limit: not linted",
            human_size(size),
            human_size(limit)
        ),
    )
    .help("a post this large is usually a mistake (an embedded image, generated output); to lint it anyway raise `[files] max_size` in postlint.toml (0 = no limit)")
}

/// The finding for a path that could not be read.
pub fn unreadable(err: &io::Error, is_dir: bool) -> Diagnostic {
    let what = if is_dir { "folder" } else { "file" };
    let reason = match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "it no longer exists".to_string(),
        _ => err.to_string(),
    };
    Diagnostic::new(
        &UNREADABLE,
        Span::empty(0),
        format!("cannot read this {what}: {reason}"),
    )
    .help(format!(
        "nothing in this {what} was linted; fix its permissions or remove it from the site"
    ))
}
