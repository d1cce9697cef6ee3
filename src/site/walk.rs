//! Walking a site's folders for content: `.gitignore`-aware, hidden
//! entries skipped, symbolic links to folders never followed, on every core;
//! and sorting paths the way `Path` orders them, without splitting them into
//! components at every comparison.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Site;
use super::reads::Stamp;
use crate::text::paths::is_slash_path;

/// Walks a folder for content files: `.gitignore`-aware, hidden entries
/// skipped, symlinked folders never followed.
pub fn walk(site: &Site, root: &Path, files: &mut Vec<PathBuf>, unreadable: &mut Vec<Unreadable>) {
    walk_where(root, &|path| site.is_content(path), files, unreadable);
}

/// `walk`, keeping the files `keep` accepts, appended sorted (the walk
/// runs on every core, see `walk_parallel`), so that callers see the same
/// order on every run.
pub fn walk_where(
    root: &Path,
    keep: &(dyn Fn(&Path) -> bool + Sync),
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<Unreadable>,
) {
    let start = files.len();
    walk_parallel(
        root,
        |path| keep(path).then(|| path.to_path_buf()),
        files,
        unreadable,
    );
    sort_paths(&mut files[start..]);
}

/// Sorts paths in `Path` order (component by component). Paths written
/// plainly (as the walk gives them) are compared as bytes with the
/// separator below every other byte, which is the same order without
/// splitting both paths into components at every comparison.
pub fn sort_paths(paths: &mut [PathBuf]) {
    sort_by_path(paths, |path| path);
}

/// `sort_paths` for things that have a path.
/// On every core: a whole site's files are sorted while nothing else runs.
pub fn sort_by_path<T: Send + Sync>(items: &mut [T], path_of: impl Fn(&T) -> &Path + Sync) {
    // `..` parts sort before every name component by component, not by
    // their bytes; a platform prefix (`C:`) has an order of its own.
    let plain = |path: &Path| {
        path.to_str()
            .is_some_and(|text| is_slash_path(text) && !text.split('/').any(|part| part == ".."))
    };
    if !cfg!(unix) || !items.par_iter().all(|item| plain(path_of(item))) {
        // Stable: of two spellings of one path, the first given is kept.
        items.par_sort_by(|a, b| path_of(a).cmp(path_of(b)));
        return;
    }
    items.par_sort_unstable_by(|a, b| {
        slash_lowest(
            path_of(a).as_os_str().as_encoded_bytes(),
            path_of(b).as_os_str().as_encoded_bytes(),
        )
    });
}

/// `a` and `b` compared as bytes with `/` below every other byte (no path
/// holds a NUL). The common prefix, most of two paths of one site, is
/// skipped in blocks (each a `memcmp`) before bytes are looked at.
fn slash_lowest(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    const BLOCK: usize = 16;
    let common = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= common && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    let low = |byte: u8| if byte == b'/' { 0 } else { byte };
    match (at..common).find(|&i| a[i] != b[i]) {
        Some(i) => low(a[i]).cmp(&low(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// A file or folder the walk could not read, and whether it is a folder.
pub type Unreadable = (PathBuf, io::Error, bool);

/// Walks a folder with `ignore`'s parallel walker (`.gitignore`-aware,
/// hidden entries skipped, symlinked folders never followed) and calls
/// `visit` for every file, on the walker thread that found it; what it
/// returns (`None`: not wanted) is appended to `results` in no particular
/// order, and what could not be read to `unreadable`.
pub fn walk_parallel<T, V>(
    root: &Path,
    visit: V,
    results: &mut Vec<T>,
    unreadable: &mut Vec<Unreadable>,
) where
    T: Send,
    V: Fn(&Path) -> Option<T> + Sync,
{
    walk_entries(
        root,
        |entry| {
            if is_walked_file(entry) {
                visit(entry.path())
            } else {
                None
            }
        },
        results,
        unreadable,
    );
}

/// `walk_parallel`, calling `visit` for every entry the walk meets
/// (folders and symbolic links too).
fn walk_entries<T, V>(root: &Path, visit: V, results: &mut Vec<T>, unreadable: &mut Vec<Unreadable>)
where
    T: Send,
    V: Fn(&ignore::DirEntry) -> Option<T> + Sync,
{
    let walker = walk_builder(root)
        // One thread per core (at most 12); rayon's pool is not started.
        .threads(0)
        .build_parallel();
    // The threads append to the caller's vectors: no second copy.
    let found = Mutex::new((std::mem::take(results), std::mem::take(unreadable)));
    walker.visit(&mut Collector {
        visit: &visit,
        found: &found,
    });
    (*results, *unreadable) = found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
}

/// The files of a listing of folders, and what the listing depends on
/// besides them.
#[derive(Debug, Default)]
pub struct Listed {
    /// Each root's files, sorted (`walk_where`'s order), root after root.
    pub files: Vec<PathBuf>,
    /// The paths whose stamps (or absence) decide the listing, with their
    /// stamps: every folder it read (a file added, removed or renamed
    /// changes its folder's times), every ignore file the walker read or
    /// would read in the folders above the roots (as given and as
    /// resolved: the walker reads the resolved one's), every symbolic link
    /// it met (its target can change without its folder), every file whose
    /// text decided whether it is listed. The folders and files met are
    /// stamped after the walk (one changed during it is then too recent to
    /// be trusted); the paths above the roots, whose folders are not
    /// stamped, before it and again after (a change during it means no
    /// witnesses). `None` when that is not enough to vouch for the listing:
    /// an entry it could not read, a `.git` file (a linked worktree or a
    /// submodule, whose ignore files are elsewhere), a symbolic link listed
    /// as a file whose target was gone after the walk, a path that is not
    /// UTF-8.
    pub witnesses: Option<Vec<(PathBuf, Option<Stamp>)>>,
}

/// What decides whether `list_where` lists a file.
pub struct ListingRule<'a> {
    /// Whether the file is listed.
    pub keep: &'a (dyn Fn(&Path) -> bool + Sync),
    /// Whether `keep` reads the file's text to decide (a Jekyll `.xml`
    /// page is one only with front matter).
    pub reads_text: &'a (dyn Fn(&Path) -> bool + Sync),
}

/// Lists the files under `roots` that the rule keeps, as `walk_where`
/// does, and when `witnessed` the paths the listing depends on
/// (`Listed::witnesses`; else `None`).
pub fn list_where(roots: &[PathBuf], rule: &ListingRule, witnessed: bool) -> Listed {
    /// What the walk met: a file to list, a path the listing depends on,
    /// both (a symbolic link to a file), or what the listing cannot be
    /// vouched for by stamps.
    enum Met {
        File(PathBuf),
        Witness(PathBuf),
        Both(PathBuf),
        Unvouched,
    }
    // Elsewhere the walker also skips files with the hidden attribute,
    // which can be set without changing any stamp here.
    let mut vouched = witnessed && cfg!(unix);
    // The ignore files above the roots, stamped before the walk.
    let mut above: Vec<PathBuf> = Vec::new();
    if witnessed {
        for root in roots {
            let resolved = root.canonicalize().ok();
            for folder in root
                .ancestors()
                .skip(1)
                .chain(resolved.iter().flat_map(|root| root.ancestors().skip(1)))
            {
                vouched &= !folder.join(".git").is_file();
                above.extend(IGNORE_FILES.iter().map(|name| folder.join(name)));
                above.push(folder.join(".git/info/exclude"));
            }
        }
        above.sort();
        above.dedup();
    }
    let stamp_all = |paths: &[PathBuf]| -> Vec<Option<Stamp>> {
        paths.par_iter().map(|path| Stamp::at(path)).collect()
    };
    let before = stamp_all(&above);
    let mut listed = Listed::default();
    let mut met_paths = Vec::new();
    for root in roots {
        let mut met: Vec<Vec<Met>> = Vec::new();
        let mut unreadable = Vec::new();
        walk_entries(
            root,
            |entry| {
                let path = entry.path();
                let folder = entry.file_type().is_some_and(|t| t.is_dir());
                let file = is_walked_file(entry) && (rule.keep)(path);
                let witness =
                    witnessed && (folder || entry.path_is_symlink() || (rule.reads_text)(path));
                let mut found = Vec::new();
                if witness && folder {
                    // An ignore file in a listed folder: one made or removed
                    // changes the folder; one edited in place does not. A
                    // link by that name is the walker's to follow.
                    found.extend(
                        IGNORE_FILES
                            .iter()
                            .map(|name| path.join(name))
                            .filter(|ignore| ignore.symlink_metadata().is_ok())
                            .map(Met::Witness),
                    );
                    // A repository inside the content (the walker reads its
                    // `.git/info/exclude`): made or removed, the file changes
                    // only its own folder.
                    // Looked at without following a link first: nearly
                    // every folder has none, and that is one `stat`.
                    let git = path.join(".git");
                    match git.symlink_metadata() {
                        Err(_) => {}
                        Ok(meta) if meta.is_dir() || (meta.is_symlink() && git.is_dir()) => {
                            found.push(Met::Witness(git.join("info/exclude")));
                        }
                        Ok(_) => found.push(Met::Unvouched),
                    }
                }
                match (file, witness) {
                    (true, true) => found.push(Met::Both(path.to_path_buf())),
                    (true, false) => found.push(Met::File(path.to_path_buf())),
                    (false, true) => found.push(Met::Witness(path.to_path_buf())),
                    (false, false) => {}
                }
                (!found.is_empty()).then_some(found)
            },
            &mut met,
            &mut unreadable,
        );
        // Relative roots would leave the folders above the working one out.
        vouched &= unreadable.is_empty() && root.is_absolute();
        let start = listed.files.len();
        for met in met.into_iter().flatten() {
            match met {
                Met::File(path) => listed.files.push(path),
                Met::Witness(path) => met_paths.push((path, false)),
                Met::Both(path) => {
                    met_paths.push((path.clone(), true));
                    listed.files.push(path);
                }
                Met::Unvouched => vouched = false,
            }
        }
        sort_paths(&mut listed.files[start..]);
    }
    if !vouched {
        return listed;
    }
    let after = stamp_all(&above);
    let met_stamps: Vec<Option<Stamp>> = met_paths
        .par_iter()
        .map(|(path, _)| Stamp::at(path))
        .collect();
    // A link listed as a file whose target is gone: the walk saw a file
    // that an absent stamp would vouch for.
    vouched &= before == after
        && met_paths
            .iter()
            .zip(&met_stamps)
            .all(|((_, listed_file), stamp)| !listed_file || stamp.is_some())
        && listed
            .files
            .iter()
            .chain(&above)
            .chain(met_paths.iter().map(|(path, _)| path))
            .all(|path| path.to_str().is_some());
    if vouched {
        let witnesses = above
            .into_iter()
            .zip(before)
            .chain(met_paths.into_iter().map(|(path, _)| path).zip(met_stamps))
            .collect();
        listed.witnesses = Some(witnesses);
    }
    listed
}

/// The ignore files the walker reads in each folder (besides a
/// repository's `.git/info/exclude`).
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

/// The walk of a content folder: `.gitignore`-aware, hidden entries
/// skipped, symlinked folders never followed.
pub fn walk_builder(root: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false);
    builder
}

/// Whether the walk hands an entry on as a file: a file, or a symlink to one.
pub fn is_walked_file(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_file())
        || (entry.path_is_symlink() && entry.path().is_file())
}

/// Makes one `Visitor` per walker thread.
struct Collector<'a, T, V> {
    visit: &'a V,
    found: &'a Mutex<(Vec<T>, Vec<Unreadable>)>,
}

impl<'s, T, V> ignore::ParallelVisitorBuilder<'s> for Collector<'s, T, V>
where
    T: Send,
    V: Fn(&ignore::DirEntry) -> Option<T> + Sync,
{
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            visit: self.visit,
            found: self.found,
            results: Vec::new(),
            unreadable: Vec::new(),
        })
    }
}

/// One walker thread's share; it joins the others' when the thread is done
/// (on drop), so threads never wait on each other per file.
struct Visitor<'a, T, V> {
    visit: &'a V,
    found: &'a Mutex<(Vec<T>, Vec<Unreadable>)>,
    results: Vec<T>,
    unreadable: Vec<Unreadable>,
}

impl<T, V> ignore::ParallelVisitor for Visitor<'_, T, V>
where
    T: Send,
    V: Fn(&ignore::DirEntry) -> Option<T> + Sync,
{
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) => {
                if let Some(result) = (self.visit)(&entry) {
                    self.results.push(result);
                }
            }
            Err(err) => {
                if let Some((path, io_err)) = io_error(&err) {
                    let is_dir = path.is_dir();
                    self.unreadable.push((path, io_err, is_dir));
                }
            }
        }
        ignore::WalkState::Continue
    }
}

impl<T, V> Drop for Visitor<'_, T, V> {
    fn drop(&mut self) {
        let mut found = match self.found.lock() {
            Ok(found) => found,
            Err(poisoned) => poisoned.into_inner(),
        };
        found.0.append(&mut self.results);
        found.1.append(&mut self.unreadable);
    }
}

/// The path and I/O error inside a walk error, if it is one.
fn io_error(err: &ignore::Error) -> Option<(PathBuf, io::Error)> {
    match err {
        ignore::Error::WithPath { path, err } => {
            let io_err = match err.io_error() {
                Some(inner) => io::Error::from(inner.kind()),
                None => io::Error::other(err.to_string()),
            };
            Some((path.clone(), io_err))
        }
        ignore::Error::WithDepth { err, .. } => io_error(err),
        ignore::Error::Loop { child, .. } => {
            Some((child.clone(), io::Error::other("symbolic link loop")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_in_path_order() {
        // Names with bytes on both sides of `/` (`-`, `.` below it, `_`,
        // letters above), nested and not, absolute and relative lists.
        let parts = ["a", "a-b", "a.md", "a_b", "b", "é", ".x", "a b"];
        let mut relative = Vec::new();
        for first in parts {
            relative.push(PathBuf::from(first));
            for second in parts {
                relative.push(PathBuf::from(format!("{first}/{second}")));
                relative.push(PathBuf::from(format!("{first}/{second}/index.md")));
            }
        }
        let absolute: Vec<PathBuf> = relative
            .iter()
            .map(|p| Path::new("/site").join(p))
            .collect();
        // Long common prefixes, the first difference at every offset of
        // the blocks the comparison skips.
        let deep: Vec<PathBuf> = (0..40)
            .flat_map(|len| {
                let root = format!("/{}", "r".repeat(len));
                relative.iter().map(move |p| Path::new(&root).join(p))
            })
            .collect();
        let odd = vec![
            PathBuf::from("a/../b"),
            PathBuf::from("a/./b"),
            PathBuf::from("a//b"),
            PathBuf::from("a-b"),
        ];
        for mut paths in [relative, absolute, deep, odd] {
            paths.reverse();
            let mut expected = paths.clone();
            expected.sort();
            sort_paths(&mut paths);
            assert_eq!(paths, expected);
        }
    }
}
