//! Site rules (SITE): pages that collide with each other, and a site set
//! up with a theme, a plugin or a time zone postlint cannot read or find.
//! Two pages at one URL overwrite each other without a word from the
//! generator; two posts with one title confuse readers and feeds; a theme
//! that cannot be read weakens the checks that need its templates.
//!
//! Whole-site runs compare every page. Runs over some files only compare
//! the given files with each other and with the pages a URL can come from
//! by its file name (a few `stat` calls), never reading the whole site:
//! a collision with a page whose URL comes from its own `url`/`slug` or a
//! title shared with a file not given is found by the whole-site run.

pub mod duplicate_title;
pub mod duplicate_url;
pub mod theme_not_found;
pub mod time_zone;
pub mod unknown_plugin;

use std::fs;
use std::path::PathBuf;

use crate::diagnostic::Span;
use crate::generator::page::Page;
use crate::site::Site;
use crate::text::paths::same_path;

fn same_page(a: &Page, b: &Page) -> bool {
    // The keys first: comparing strings is cheaper than comparing paths.
    a.key == b.key && same_file(a, b)
}

fn same_file(a: &Page, b: &Page) -> bool {
    match (a.file.as_deref(), b.file.as_deref()) {
        (Some(x), Some(y)) => same_path(x, y),
        (x, y) => x.is_none() && y.is_none(),
    }
}

/// At most this many other pages are named in one finding: a URL or a
/// title shared by hundreds of pages would otherwise name every one of them
/// in every one of their findings (output growing with the square).
const NAMED: usize = 3;

/// `a`, `a and b`, `a, b and c`; past `NAMED + 1` items, the first `NAMED`
/// and how many more (`a, b, c and 12 others`).
fn join_capped(total: usize, items: impl Iterator<Item = String>) -> String {
    let take = if total > NAMED + 1 { NAMED } else { total };
    let named: Vec<String> = items.take(take).collect();
    let more = total.saturating_sub(named.len());
    match (named.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        ([rest @ .., last], 0) => format!("{} and {last}", rest.join(", ")),
        (all, more) => format!("{} and {more} others", all.join(", ")),
    }
}

/// The site's config files and their text (those that can be read), for
/// findings about a value they set.
fn config_texts(site: &Site) -> Vec<(&PathBuf, String)> {
    site.config_files
        .iter()
        .filter_map(|file| Some((file, fs::read_to_string(file).ok()?)))
        .collect()
}

/// The first place a config file names `name` as a whole value (quoted,
/// or a bare YAML scalar).
pub(super) fn declaration(texts: &[(&PathBuf, String)], name: &str) -> Option<(PathBuf, Span)> {
    texts.iter().find_map(|(file, text)| {
        let mut from = 0;
        while let Some(found) = text[from..].find(name) {
            let start = from + found;
            let end = start + name.len();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let bounded = |c: Option<char>| {
                c.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
            };
            if bounded(before) && bounded(after) {
                return Some(((*file).clone(), Span::new(start, end)));
            }
            from = end;
        }
        None
    })
}
