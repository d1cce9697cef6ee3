//! Text, lines and paths, with no knowledge of any generator: a file's
//! text and its line index (`Source`), the few lines kept of a file for a
//! report (`KeptLines`), did-you-mean, URL paths and file paths as postlint
//! compares and shows them, and the tables behind the encoding checks
//! (invisible characters, code pages that make mojibake).

pub mod codepages;
pub mod html_ids;
pub mod invisible;
pub mod kept;
pub mod lines;
pub mod mojibake;
pub mod paths;
pub mod suggest;
pub mod urls;

use std::collections::{HashMap, HashSet};

pub use kept::KeptLines;
pub use lines::{LineCol, Source};
pub use suggest::{Suggester, did_you_mean, suggest_once};

/// Whether Markdown text has an ATX heading (`## x`) at a line's start
/// (after spaces).
pub fn has_atx_heading(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start_matches(' ');
        let hashes = line.bytes().take_while(|b| *b == b'#').count();
        (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t'])
    })
}

/// A hash map for tables looked up for every page, link and URL of a site:
/// hashed with foldhash (already built for `indexmap`) rather than SipHash,
/// whose resistance to chosen collisions a linter does not need.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The set of `FastMap`.
pub type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// Combining marks (Unicode category M), approximated by the blocks that
/// hold them; enough for the accents and scripts seen in content paths and slugs.
pub fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

#[cfg(test)]
pub(crate) mod tests {
    /// Every text made of `count` of `parts` in a row (repeats allowed).
    pub(crate) fn joined(parts: &[&str], count: u32) -> Vec<String> {
        (0..count).fold(vec![String::new()], |texts, _| {
            texts
                .iter()
                .flat_map(|text| parts.iter().map(move |part| format!("{text}{part}")))
                .collect()
        })
    }
}
