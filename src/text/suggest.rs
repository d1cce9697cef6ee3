//! "Did you mean" suggestions: for a misspelled name among a few
//! candidates (`did_you_mean`), and for page paths and URLs on big sites
//! (`Suggester`): there the candidates are the entries in the same folder and
//! those with the same last segment (a moved page), never the whole site,
//! and each answer is computed once.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use super::FastMap;

#[derive(Debug, Default)]
pub struct Suggester {
    /// Every entry as shown, once; the maps below hold positions in it.
    entries: Vec<Box<str>>,
    /// By its lowercased form (without a trailing slash); the last one given wins.
    lower: FastMap<Box<str>, usize>,
    /// By lowercased folder, sorted by entry.
    by_folder: FastMap<Box<str>, Vec<usize>>,
    /// By lowercased last segment, sorted by entry.
    by_last: FastMap<Box<str>, Vec<usize>>,
    cache: Mutex<HashMap<String, Option<String>>>,
}

fn split(entry: &str) -> (&str, &str) {
    let trimmed = entry.trim_end_matches('/');
    trimmed.rsplit_once('/').unwrap_or(("", trimmed))
}

/// `text` lowercased, copied only when that changes it.
fn lowered(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Files `position` under `key` lowercased (a new key is copied once).
fn add(map: &mut FastMap<Box<str>, Vec<usize>>, key: &str, position: usize) {
    let key = lowered(key);
    match map.get_mut(&*key) {
        Some(list) => list.push(position),
        None => {
            map.insert(key.into(), vec![position]);
        }
    }
}

impl Suggester {
    /// `entries` are `/`-separated paths (page paths, URLs).
    pub fn new(entries: impl IntoIterator<Item = String>) -> Suggester {
        let mut suggester = Suggester::default();
        for entry in entries {
            let position = suggester.entries.len();
            let (folder, last) = split(&entry);
            add(&mut suggester.by_folder, folder, position);
            add(&mut suggester.by_last, last, position);
            suggester
                .lower
                .insert(lowered(entry.trim_end_matches('/')).into(), position);
            suggester.entries.push(entry.into());
        }
        let entries = &suggester.entries;
        for list in suggester
            .by_folder
            .values_mut()
            .chain(suggester.by_last.values_mut())
        {
            list.sort_by(|&a, &b| entries[a].cmp(&entries[b]));
            list.dedup_by(|a, b| entries[*a] == entries[*b]);
            list.shrink_to_fit();
        }
        suggester
    }

    /// The entry `wanted` most likely meant: the same but for case, the one
    /// page with that last segment, or a near miss in the same folder.
    pub fn suggest(&self, wanted: &str) -> Option<String> {
        if let Ok(cache) = self.cache.lock()
            && let Some(known) = cache.get(wanted)
        {
            return known.clone();
        }
        let answer = self.compute(wanted);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(wanted.to_string(), answer.clone());
        }
        answer
    }

    fn compute(&self, wanted: &str) -> Option<String> {
        let lower = wanted.trim_end_matches('/').to_lowercase();
        if let Some(&position) = self.lower.get(lower.as_str())
            && self.entries[position].trim_end_matches('/') != wanted.trim_end_matches('/')
        {
            return Some(self.entries[position].to_string());
        }
        let (folder, last) = split(&lower);
        // A page moved to another folder keeps its last segment; a plain
        // word (`posts`, `about`) is rather a section or a page of its own
        // that another folder happens to share (`/posts/` is not
        // `/docs/posts/`), and a wanted path other pages sit under is a
        // section: no suggestion is better than a different page.
        if distinctive(last)
            && !self.by_folder.contains_key(lower.as_str())
            && let Some(moved) = self.by_last.get(last)
            && let [only] = moved.as_slice()
        {
            return Some(self.entries[*only].to_string());
        }
        let siblings = self.by_folder.get(folder)?;
        did_you_mean(
            wanted.trim_end_matches('/'),
            siblings.iter().map(|&i| &*self.entries[i]),
        )
        .map(str::to_string)
    }
}

/// What `Suggester::new(entries).suggest(wanted)` answers, found in one
/// pass over `entries` without building the tables: a run over one file
/// asks a question or two of a big site's URLs, and building the tables
/// costs more than many such passes.
pub fn suggest_once<'a>(
    entries: impl IntoIterator<Item = &'a str>,
    wanted: &str,
) -> Option<String> {
    let lower = wanted.trim_end_matches('/').to_lowercase();
    let (folder, last) = split(&lower);
    // The last entry equal but for case (`Suggester::lower` keeps the last).
    let mut same_but_case = None;
    // Whether some entry sits under the wanted path (it is a section).
    let mut a_section = false;
    // The entries with the wanted last segment: none, one, or several.
    let mut moved: Option<&str> = None;
    let mut moved_several = false;
    let mut siblings: Vec<&str> = Vec::new();
    for entry in entries {
        let (entry_folder, entry_last) = split(entry);
        if lowered(entry.trim_end_matches('/')) == lower {
            same_but_case = Some(entry);
        }
        let entry_folder = lowered(entry_folder);
        a_section |= entry_folder == lower;
        if entry_folder == folder {
            siblings.push(entry);
        }
        if lowered(entry_last) == last {
            match moved {
                None => moved = Some(entry),
                Some(first) if first != entry => moved_several = true,
                Some(_) => {}
            }
        }
    }
    if let Some(entry) = same_but_case
        && entry.trim_end_matches('/') != wanted.trim_end_matches('/')
    {
        return Some(entry.to_string());
    }
    if distinctive(last)
        && !a_section
        && !moved_several
        && let Some(moved) = moved
    {
        return Some(moved.to_string());
    }
    if siblings.is_empty() {
        return None;
    }
    did_you_mean(wanted.trim_end_matches('/'), siblings).map(str::to_string)
}

/// Whether a last segment names one page rather than a kind of page: a
/// slug of several words or with a number (`lisbon-trip`, `2024-recap`),
/// or a long word. The extension of a file name does not count.
fn distinctive(last: &str) -> bool {
    let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    stem.contains(['-', '_', ' '])
        || stem.bytes().any(|b| b.is_ascii_digit())
        || stem.chars().count() >= 10
}

/// The candidate closest to `input`, if it is close enough to be a likely
/// typo (Damerau-Levenshtein distance at most a third of the length, and
/// never more than 3 edits). Comparison ignores ASCII case.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_ascii_lowercase();
    let length = input.chars().count();
    let limit = (length / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|candidate| !candidate.eq_ignore_ascii_case(input))
        // The distance is at least the difference in length: most
        // candidates are ruled out without computing it.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= limit)
        .map(|candidate| {
            let distance =
                strsim::damerau_levenshtein(&input_lower, &candidate.to_ascii_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["title", "categories", "tags", "date"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("catagories", known), Some("categories"));
        assert_eq!(did_you_mean("xml", known), None);
        assert_eq!(did_you_mean("note", known), None);
        assert_eq!(did_you_mean("Title", known), None);
    }
}

#[cfg(test)]
mod suggester_tests {
    use super::*;

    #[test]
    fn case_moves_and_typos() {
        let s = Suggester::new(
            [
                "/posts/first-week/",
                "/posts/lisbon-trip/",
                "/about/",
                "/notes/moved-post/",
            ]
            .map(String::from),
        );
        assert_eq!(
            s.suggest("/Posts/First-Week/").as_deref(),
            Some("/posts/first-week/")
        );
        assert_eq!(
            s.suggest("/posts/moved-post/").as_deref(),
            Some("/notes/moved-post/")
        );
        assert_eq!(
            s.suggest("/posts/lisbon-tirp/").as_deref(),
            Some("/posts/lisbon-trip/")
        );
        assert_eq!(s.suggest("/posts/unrelated/"), None);
    }

    #[test]
    fn one_pass_answers_as_the_tables_do() {
        let entries: Vec<String> = [
            "/posts/first-week/",
            "/posts/First-Week/",
            "/posts/lisbon-trip/",
            "/posts/lisbon-trip/",
            "/about/",
            "/notes/moved-post/",
            "/other/moved-post/",
            "/notes/2024-recap/",
            "/docs/posts/",
            "/guide/about/",
            "/posts/x/",
            "/Ünï/Çode-page/",
            "/",
        ]
        .map(String::from)
        .to_vec();
        let tables = Suggester::new(entries.clone());
        let questions = [
            "/Posts/First-Week/",
            "/posts/first-week/",
            "/posts/first-week",
            "/posts/moved-post/",
            "/posts/lisbon-tirp/",
            "/posts/unrelated/",
            "/posts/",
            "/about/",
            "/blog/2024-recap/",
            "/ünï/çode-page/",
            "/ünï/çode-pag/",
            "/docs/post/",
            "/",
            "",
            "/x/",
        ];
        // And every entry changed as links go wrong: case, a letter lost,
        // moved to another folder.
        let changed = entries.iter().flat_map(|entry| {
            let trimmed = entry.trim_end_matches('/');
            let last = trimmed.rsplit('/').next().unwrap_or_default();
            let mut lost = trimmed.to_string();
            lost.pop();
            [
                entry.to_uppercase(),
                format!("{lost}/"),
                format!("/elsewhere/{last}/"),
            ]
        });
        let questions: Vec<String> = questions
            .map(String::from)
            .into_iter()
            .chain(changed)
            .collect();
        for wanted in &questions {
            let wanted = wanted.as_str();
            assert_eq!(
                suggest_once(entries.iter().map(String::as_str), wanted),
                tables.suggest(wanted),
                "{wanted}"
            );
        }
    }

    #[test]
    fn a_plain_word_is_not_a_moved_page() {
        let s = Suggester::new(
            [
                "/docs/posts/",
                "/guide/about/",
                "/posts/x/",
                "/notes/2024-recap/",
            ]
            .map(String::from),
        );
        // `/posts/` is a section the site has, `/about/` a page of its own.
        assert_eq!(s.suggest("/posts/"), None);
        assert_eq!(s.suggest("/about/"), None);
        assert_eq!(
            s.suggest("/blog/2024-recap/").as_deref(),
            Some("/notes/2024-recap/")
        );
    }
}
