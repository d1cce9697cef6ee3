//! One site's run: its files linted where the walk finds them, the site
//! pass when a site check is on, and every file finished; a clean file is
//! counted, or named when the format lists every file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::iter::Either;
use rayon::prelude::*;

use super::Options;
use super::cache::{Cache, LazyMemory};
use super::file::{Linted, lint_file};
use super::finish::{apply_config, finish_file};
use super::plan::{Scope, SiteRun, collect_target};
use super::progress::Progress;
use super::site_pass::site_pass;
use super::suppress::Suppressions;
use crate::config::Settings;
use crate::index::PagesMemory;
use crate::report::{Clean, FileReport, FileText};
use crate::rules;
use crate::site::Site;
use crate::site::walk::{Unreadable, sort_by_path, sort_paths, walk_parallel};
use crate::text::FastSet;
use crate::text::Source;
use crate::text::paths::display_path;

/// Lints one site's files (each where it is found, see `for_each_file`),
/// runs the site pass when a site check is on, and the tail every finding
/// goes through: the reports of the files with findings or fixes, and the
/// clean ones (named or counted, see `Options::name_clean`).
pub(super) fn lint_site(
    options: &Options,
    run: &SiteRun,
    unreadable: &mut Vec<Unreadable>,
    notes: &mut Vec<String>,
) -> (Vec<FileReport>, Clean) {
    let whole = matches!(run.scope, Scope::WholeSite);
    // A run over a few files lints them all and opens the cache only for
    // every page's facts, if its index needs them.
    let few = match &run.scope {
        Scope::WholeSite => false,
        Scope::Paths(targets) => targets.len() <= FEW && targets.iter().all(|t| !t.is_dir()),
    };
    let cache = match options.cache && !few {
        true => Cache::open(&run.site, &run.settings, whole).unwrap_or_else(|notice| {
            notes.push(notice);
            None
        }),
        false => None,
    };
    let lazy = (options.cache && few).then(|| LazyMemory::new(&run.site, &run.settings));
    let progress = Progress::new(options.progress);
    let lint_one = |path: PathBuf| {
        let linted = match &cache {
            Some(cache) => cache.lint(&run.site, &run.settings, path, options.fix),
            None => lint_file(&run.site, &run.settings, path, options.fix),
        };
        Progress::tick(&progress);
        linted
    };
    let sorter = CleanSorter::new(options.name_clean);
    if rules::site_checks(&run.settings.rules).next().is_none() {
        // Nothing waits for the other files: each file is finished where
        // it was linted, and a clean one is at most a name from then on.
        let finished = for_each_file(
            run,
            |path| sorter.sort(finish_file(lint_one(path), &run.settings)),
            unreadable,
            notes,
        );
        Progress::finish(progress);
        if let Some(cache) = cache {
            cache.save(notes);
        }
        return sorter.split(finished.content.into_par_iter());
    }
    let Walked {
        content: mut linted,
        others,
    } = for_each_file(run, |path| Some(lint_one(path)), unreadable, notes);
    Progress::finish(progress);
    // The site pass sees the pages in path order, whatever order the
    // walker threads finished them in.
    sort_by_path(&mut linted, |file| &file.report.path);
    if let Some(cache) = &cache {
        relint_stale(cache, run, options.fix, &mut linted);
    }
    let walked = whole.then(|| {
        let mut paths: Vec<PathBuf> = linted
            .par_iter()
            .map(|file| file.report.path.clone())
            .collect();
        paths.extend(others);
        paths
    });
    if whole {
        // A whole-site run's index needs nothing from the cache: the cache
        // is written while the site pass runs.
        let saving = cache.map(|cache| {
            std::thread::spawn(move || {
                let mut notes = Vec::new();
                cache.save(&mut notes);
                notes
            })
        });
        site_pass(run, walked, None, &mut linted);
        if let Some(saving) = saving {
            notes.extend(saving.join().unwrap_or_default());
        }
    } else {
        let memory: Option<&dyn PagesMemory> = match (&cache, &lazy) {
            (Some(cache), _) => Some(cache.memory()),
            (None, Some(lazy)) => Some(lazy),
            (None, None) => None,
        };
        site_pass(run, walked, memory, &mut linted);
        if let Some(cache) = cache {
            cache.save(notes);
        }
        if let Some(lazy) = lazy {
            lazy.finish(notes);
        }
    }
    // In parallel, although a sequential `into_iter().map().collect()`
    // would reuse the allocation of `linted` in place: on the main thread
    // it cannot reuse what the workers freed in their own allocator arenas,
    // and a run with many site findings peaks higher.
    let finished = linted
        .into_par_iter()
        .filter_map(|linted| sorter.sort(finish_file(linted, &run.settings)));
    sorter.split(finished)
}

/// At most this many files given, none a folder, is a run over a few files
/// (see `LazyMemory`).
const FEW: usize = 32;

/// Lints again the files whose record the cache used but which depend on
/// every content file, when one changed (`Cache::stale_after_walk`).
fn relint_stale(cache: &Cache, run: &SiteRun, fix: bool, linted: &mut [Linted]) {
    let stale = cache.stale_after_walk();
    if stale.is_empty() {
        return;
    }
    // A set: such records can be most of a site (HD001 without a layout).
    let stale: FastSet<PathBuf> = stale.into_iter().collect();
    linted.par_iter_mut().for_each(|file| {
        if stale.contains(&file.report.path) {
            let path = file.report.path.clone();
            cache.forget(&path);
            *file = cache.lint(&run.site, &run.settings, path, fix);
        }
    });
}

/// Sorts finished files into the reports with findings or fixes and the
/// clean files, which are kept as names only when asked for and otherwise
/// counted: a big site is mostly clean files, and a name held for each
/// would make a run's memory grow with the site.
struct CleanSorter {
    named: bool,
    counted: AtomicUsize,
}

/// A finished file as `CleanSorter` keeps it. Boxed: a whole site's
/// finished files are held until they are sorted, and most are clean (a
/// name is 16 bytes, a report over 80).
type Sorted = Either<Box<FileReport>, Box<str>>;

impl CleanSorter {
    fn new(named: bool) -> Self {
        CleanSorter {
            named,
            counted: AtomicUsize::new(0),
        }
    }

    /// The file's report when it has findings or fixes, else its name when
    /// clean files are named; `None` when it was only counted.
    fn sort(&self, report: FileReport) -> Option<Sorted> {
        if !report.diagnostics.is_empty() || report.fixed.is_some() {
            Some(Either::Left(Box::new(report)))
        } else if self.named {
            Some(Either::Right(report.display.into_boxed_str()))
        } else {
            self.counted.fetch_add(1, Ordering::Relaxed);
            None
        }
    }

    /// The reports and the clean files, once `sorted` has run through.
    fn split(&self, sorted: impl ParallelIterator<Item = Sorted>) -> (Vec<FileReport>, Clean) {
        let (reports, names): (Vec<FileReport>, Vec<Box<str>>) =
            sorted.partition_map(|either| either.map_left(|report| *report));
        let clean = if self.named {
            Clean::Named(names)
        } else {
            Clean::Counted(self.counted.load(Ordering::Relaxed))
        };
        (reports, clean)
    }
}

/// What `for_each_file` found: what `visit` kept of each content file and,
/// in a whole-site walk, the other pages (Jekyll `.html` pages: not linted,
/// but they have URLs), sorted.
pub(super) struct Walked<T> {
    pub(super) content: Vec<T>,
    others: Vec<PathBuf>,
}

/// Calls `visit` for every content file of a run, keeping what it returns
/// (`None`: nothing to keep). A whole site is walked
/// with the linting done on the walker thread that found each file, so
/// walking and linting overlap and no list of paths is built first; the
/// results come in no particular order. The content roots are disjoint
/// (`Site::content_roots`) and symbolic links to folders are not followed,
/// so no file is found twice. The files and folders given on the command
/// line are listed first (sorted, each once) and visited on rayon's pool,
/// in that order.
pub(super) fn for_each_file<T: Send>(
    run: &SiteRun,
    visit: impl Fn(PathBuf) -> Option<T> + Sync,
    unreadable: &mut Vec<Unreadable>,
    notes: &mut Vec<String>,
) -> Walked<T> {
    let site = &run.site;
    let Scope::Paths(targets) = &run.scope else {
        let mut found = Vec::new();
        let classify = |path: &Path| {
            if site.is_content(path) {
                visit(path.to_path_buf()).map(Either::Left)
            } else if site.is_other_page(path) {
                Some(Either::Right(path.to_path_buf()))
            } else {
                None
            }
        };
        for root in site.content_roots() {
            walk_parallel(&root, classify, &mut found, unreadable);
        }
        let (content, mut others): (Vec<T>, Vec<PathBuf>) =
            found.into_par_iter().partition_map(|either| either);
        sort_paths(&mut others);
        return Walked { content, others };
    };
    let mut files = Vec::new();
    for target in targets {
        collect_target(run, target, &mut files, unreadable, notes);
    }
    sort_paths(&mut files);
    files.dedup();
    Walked {
        content: files.into_par_iter().filter_map(&visit).collect(),
        others: Vec::new(),
    }
}

/// The findings of the setup checks (a theme that cannot be found, on the
/// config line naming it), one report per file they point at. They come
/// in every run of the site, whatever files it lints: they say which
/// checks ran weakened. Per-file ignores and severities apply; there are
/// no suppression comments in a config file.
pub(super) fn setup_reports(site: &Site, settings: &Settings) -> Vec<FileReport> {
    let mut by_file: Vec<(PathBuf, Vec<crate::diagnostic::Diagnostic>)> = Vec::new();
    for check in rules::setup_checks(&settings.rules) {
        for (path, diagnostic) in check(site) {
            match by_file.iter_mut().find(|(file, _)| *file == path) {
                Some((_, found)) => found.push(diagnostic),
                None => by_file.push((path, vec![diagnostic])),
            }
        }
    }
    by_file
        .into_iter()
        .filter_map(|(path, diagnostics)| {
            let text = Source::from_bytes(std::fs::read(&path).ok()?);
            let diagnostics = apply_config(
                Some(&text),
                Suppressions::default(),
                settings,
                &path,
                diagnostics,
            );
            (!diagnostics.is_empty()).then(|| FileReport {
                display: display_path(&path),
                path,
                source: Some(Box::new(FileText::Whole(text))),
                diagnostics,
                fixed: None,
                notes: Vec::new(),
            })
        })
        .collect()
}
