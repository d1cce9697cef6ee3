//! The engine: from paths to a sorted report. Finds each path's site, walks
//! its content, parses every file once and runs the enabled checks over it,
//! in parallel.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::iter::Either;
use rayon::prelude::*;

use crate::config::{Overrides, Settings};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Document, Source};
use crate::error::Error;
use crate::index::{Excerpt, SiteIndex, Summary};
use crate::report::{FileText, display_path};
use crate::rules::{self, FileContext, PageKind, SiteFile};
use crate::site::{ContentDir, Flavor, Site, resolve};
use crate::suppress::Suppressions;

/// What to lint.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files or folders; empty = the site around the current folder.
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    /// Apply safe fixes in memory (and report what remains); writing them
    /// is the caller's choice (`--fix` writes, `--diff` shows).
    pub fix: bool,
    /// Lint this text as the file at the path (an editor's unsaved buffer).
    pub stdin: Option<(PathBuf, Vec<u8>)>,
    /// Show a progress bar on stderr for large runs (the caller decides
    /// that stderr is a terminal and the output is for people).
    pub progress: bool,
    /// Only find the files (`--show-files`): nothing is read or linted.
    pub list_only: bool,
    /// Keep the display path of every clean file (JUnit lists each file);
    /// otherwise clean files are only counted, so that a run holds no more
    /// per clean file than it must. `list_only` names them anyway.
    pub name_clean: bool,
}

/// Runs below this many files finish before a bar would be worth drawing.
const PROGRESS_MIN_FILES: usize = 500;

/// A count of the files linted so far on stderr, drawn once a run has
/// linted `PROGRESS_MIN_FILES` files. The total is not known: a whole site
/// is linted as the walk finds its files.
struct Progress {
    bar: indicatif::ProgressBar,
    linted: AtomicUsize,
}

impl Progress {
    fn new(wanted: bool) -> Option<Progress> {
        if !wanted {
            return None;
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} files linted {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Some(Progress {
            bar,
            linted: AtomicUsize::new(0),
        })
    }

    fn tick(progress: &Option<Progress>) {
        let Some(progress) = progress else {
            return;
        };
        progress.bar.inc(1);
        // Exactly one thread counts the file that crosses the threshold.
        if progress.linted.fetch_add(1, Ordering::Relaxed) + 1 == PROGRESS_MIN_FILES {
            progress
                .bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(progress: Option<Progress>) {
        if let Some(progress) = progress {
            progress.bar.finish_and_clear();
        }
    }
}

/// One linted (or unreadable) file and its findings.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The path as shown to the user: relative to the current folder.
    pub display: String,
    /// The text, kept for files with findings or fixes (reporters show it):
    /// the lines a report shows, or after fixing, the whole fixed text.
    /// Boxed, as are the fixes: most files have neither, and a site's
    /// reports are all held until they are written.
    pub source: Option<Box<FileText>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when fixes changed the text (only with `Options::fix`).
    pub fixed: Option<Box<crate::fix::Fixed>>,
}

#[derive(Debug, Default)]
pub struct Report {
    /// The files with findings or fixes (and, for standard input, the one
    /// file), sorted by display path.
    pub files: Vec<FileReport>,
    /// The other files looked at: a big site is mostly clean files.
    pub clean: Clean,
    /// Notes for the user's terminal (stderr), such as skipped paths.
    pub notes: Vec<String>,
}

/// The files a run found clean: by display path, sorted, when the run
/// was asked for them (`Options::name_clean`), else only how many.
#[derive(Debug)]
pub enum Clean {
    Named(Vec<Box<str>>),
    Counted(usize),
}

impl Default for Clean {
    fn default() -> Self {
        Clean::Counted(0)
    }
}

impl Clean {
    pub fn len(&self) -> usize {
        match self {
            Clean::Named(names) => names.len(),
            Clean::Counted(count) => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn names(&self) -> &[Box<str>] {
        match self {
            Clean::Named(names) => names,
            Clean::Counted(_) => &[],
        }
    }

    /// Adds a run's clean files: named runs give names, counted ones counts.
    fn add(&mut self, other: Clean) {
        match (self, other) {
            (Clean::Named(names), Clean::Named(more)) => names.extend(more),
            (this, other) => *this = Clean::Counted(this.len() + other.len()),
        }
    }
}

/// A file as the report lists it.
pub enum Listed<'a> {
    Reported(&'a FileReport),
    Clean(&'a str),
}

impl Listed<'_> {
    pub fn display(&self) -> &str {
        match self {
            Listed::Reported(file) => &file.display,
            Listed::Clean(display) => display,
        }
    }
}

impl Report {
    /// How many files were looked at.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.clean.len()
    }

    /// Every file looked at, in display order; the clean ones only when
    /// the run named them (`Options::name_clean`).
    pub fn listed(&self) -> impl Iterator<Item = Listed<'_>> {
        let mut files = self.files.iter().peekable();
        let mut clean = self.clean.names().iter().peekable();
        std::iter::from_fn(move || match (files.peek(), clean.peek()) {
            (Some(file), Some(name)) if file.display.as_str() > &name[..] => {
                clean.next().map(|name| Listed::Clean(name))
            }
            (Some(_), _) => files.next().map(Listed::Reported),
            (None, _) => clean.next().map(|name| Listed::Clean(name)),
        })
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics().map(|(_, d)| d.severity).max()
    }

    /// Whether no file at all could be read (exit code 2).
    pub fn nothing_readable(&self) -> bool {
        !self.files.is_empty()
            && self.clean.is_empty()
            && self
                .files
                .iter()
                .all(|file| file.source.is_none() && is_unreadable(file))
    }
}

fn is_unreadable(file: &FileReport) -> bool {
    file.diagnostics
        .iter()
        .any(|d| d.rule.code == rules::io::UNREADABLE.code)
}

/// A site and what to lint in it.
struct SiteRun {
    site: Site,
    settings: Settings,
    /// `None` = the whole site; otherwise the files and folders given.
    targets: Option<Vec<PathBuf>>,
}

pub fn lint(options: &Options) -> Result<Report, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    if let Some((path, bytes)) = &options.stdin {
        return lint_stdin(&cwd, options, path, bytes.clone());
    }
    let runs = plan(&cwd, options)?;
    let mut report = Report::default();
    let mut unreadable: Vec<Unreadable> = Vec::new();
    let mut files = Vec::new();
    let mut clean = if options.name_clean || options.list_only {
        Clean::Named(Vec::new())
    } else {
        Clean::Counted(0)
    };
    for run in &runs {
        let (found, run_clean) = if options.list_only {
            let names = for_each_file(
                run,
                |path| Some(display_path(&path).into_boxed_str()),
                &mut unreadable,
                &mut report.notes,
            );
            (Vec::new(), Clean::Named(names.content))
        } else {
            lint_run(options, run, &mut unreadable, &mut report.notes)
        };
        files.extend(found);
        clean.add(run_clean);
    }
    files.extend(
        unreadable
            .into_iter()
            .map(|(path, err, is_dir)| FileReport {
                display: display_path(&path),
                diagnostics: vec![rules::io::unreadable(&err, is_dir)],
                path,
                source: None,
                fixed: None,
            }),
    );
    files.par_sort_unstable_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    if let Clean::Named(names) = &mut clean {
        names.par_sort_unstable();
    }
    report.files = files;
    report.clean = clean;
    Ok(report)
}

/// Lints one site's files (each where it is found, see `for_each_file`),
/// runs the site pass when a site check is on, and the tail every finding
/// goes through: the reports of the files with findings or fixes, and the
/// clean ones (named or counted, see `Options::name_clean`).
fn lint_run(
    options: &Options,
    run: &SiteRun,
    unreadable: &mut Vec<Unreadable>,
    notes: &mut Vec<String>,
) -> (Vec<FileReport>, Clean) {
    let progress = Progress::new(options.progress);
    let lint_one = |path: PathBuf| {
        let linted = lint_file(&run.site, &run.settings, path, options.fix);
        Progress::tick(&progress);
        linted
    };
    let sorter = CleanSorter::new(options.name_clean);
    if !rules::site_checks_enabled(&run.settings) {
        // Nothing waits for the other files: each file is finished where
        // it was linted, and a clean one is at most a name from then on.
        let finished = for_each_file(
            run,
            |path| sorter.sort(finish(lint_one(path), &run.settings)),
            unreadable,
            notes,
        );
        Progress::finish(progress);
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
    let walked = run.targets.is_none().then(|| {
        let mut paths: Vec<PathBuf> = linted
            .par_iter()
            .map(|file| file.report.path.clone())
            .collect();
        paths.extend(others);
        paths
    });
    site_pass(run, walked, &mut linted);
    // In parallel, although a sequential `into_iter().map().collect()`
    // would reuse the allocation of `linted` in place (16x bench, per-file
    // rules: 450 -> 386 MB): run on the main thread, it cannot reuse what
    // the workers freed in their own malloc arenas, and a run with many
    // site findings then peaks higher (1x, every rule: 184 -> 208 MB).
    let finished = linted
        .into_par_iter()
        .filter_map(|linted| sorter.sort(finish(linted, &run.settings)));
    sorter.split(finished)
}

/// Sorts finished files into the reports with findings or fixes and the
/// clean files, which are kept as names only when asked for and otherwise
/// counted: a big site is mostly clean files, and a name held for each
/// made a run's memory grow with the site (16x bench, per-file rules).
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
struct Walked<T> {
    content: Vec<T>,
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
fn for_each_file<T: Send>(
    run: &SiteRun,
    visit: impl Fn(PathBuf) -> Option<T> + Sync,
    unreadable: &mut Vec<Unreadable>,
    notes: &mut Vec<String>,
) -> Walked<T> {
    let site = &run.site;
    let Some(targets) = &run.targets else {
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

/// The files `check` would lint for `options`, by site, with each site's
/// settings (unreadable files and folders left out).
pub fn content_files(options: &Options) -> Result<Vec<(Site, Settings, Vec<PathBuf>)>, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let mut out = Vec::new();
    for run in plan(&cwd, options)? {
        let (mut unreadable, mut notes) = (Vec::new(), Vec::new());
        let mut files = for_each_file(&run, Some, &mut unreadable, &mut notes).content;
        sort_paths(&mut files);
        out.push((run.site, run.settings, files));
    }
    Ok(out)
}

/// The site around `path` (which need not exist) and its settings, as
/// `check` would lint it.
pub fn site_for(path: &Path, overrides: &Overrides) -> Result<(Site, Settings), Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let path = resolve(&cwd, &path.to_string_lossy());
    let dir = path
        .ancestors()
        .find(|dir| dir.is_dir())
        .unwrap_or(&cwd)
        .to_path_buf();
    let site = match Site::discover(&dir)? {
        Some(site) => site,
        None => Site::bare(&dir, Flavor::Hugo),
    };
    let settings = Settings::load(&site.root, overrides)?;
    let site = apply_overrides(site, &settings);
    Ok((site, settings))
}

/// What kind of page the file at `path` is to the rules.
pub fn page_kind_of(site: &Site, settings: &Settings, path: &Path) -> PageKind {
    let relative = site.relative(path);
    let content = site.content_path(path);
    page_kind(
        site,
        settings,
        &relative,
        content.as_ref().map(|(logical, _)| logical.as_str()),
    )
}

/// Lints `bytes` as the file at `path`, with the site context of that path
/// (a run over one file: the site index starts empty).
fn lint_stdin(cwd: &Path, options: &Options, path: &Path, bytes: Vec<u8>) -> Result<Report, Error> {
    let path = resolve(cwd, &path.to_string_lossy());
    let dir = path.parent().unwrap_or(cwd);
    let site = match Site::discover(dir)? {
        Some(site) => site,
        None => Site::bare(dir, Flavor::Hugo),
    };
    let settings = Settings::load(&site.root, &options.overrides)?;
    let site = apply_overrides(site, &settings);
    let document = Document::parse(Source::from_bytes(bytes), site.flavor);
    let diagnostics = lint_one(
        &site,
        &settings,
        &path,
        &document,
        SiteIndex::new(&site, None),
    );
    let file = FileReport {
        display: display_path(&path),
        path,
        source: Some(Box::new(FileText::Whole(document.source))),
        diagnostics,
        fixed: None,
    };
    Ok(Report {
        files: vec![file],
        clean: Clean::Counted(0),
        notes: Vec::new(),
    })
}

/// Groups the paths by the site that holds them.
fn plan(cwd: &Path, options: &Options) -> Result<Vec<SiteRun>, Error> {
    let paths: Vec<PathBuf> = if options.paths.is_empty() {
        vec![cwd.to_path_buf()]
    } else {
        options
            .paths
            .iter()
            .map(|path| resolve(cwd, &path.to_string_lossy()))
            .collect()
    };
    let mut by_root: BTreeMap<PathBuf, SiteRun> = BTreeMap::new();
    for path in paths {
        if fs::symlink_metadata(&path).is_err() {
            return Err(Error::Usage(format!(
                "{} does not exist",
                display_path(&path)
            )));
        }
        let site = match Site::discover(&path)? {
            Some(site) => site,
            None => {
                let dir = if path.is_dir() {
                    path.clone()
                } else {
                    path.parent().unwrap_or(cwd).to_path_buf()
                };
                if options.paths.is_empty() {
                    return Err(Error::Usage(format!(
                        "no Hugo or Jekyll site found in {} or its parents (looked for hugo.toml, config.toml, config/_default/, _config.yml); pass the files to lint",
                        display_path(&dir)
                    )));
                }
                Site::bare(&dir, Flavor::Hugo)
            }
        };
        let whole_site = options.paths.is_empty();
        let entry = match by_root.entry(site.root.clone()) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => {
                let settings = Settings::load(&site.root, &options.overrides)?;
                let site = apply_overrides(site, &settings);
                entry.insert(SiteRun {
                    site,
                    settings,
                    targets: Some(Vec::new()),
                })
            }
        };
        if whole_site {
            entry.targets = None;
        } else if let Some(targets) = &mut entry.targets {
            targets.push(path);
        }
    }
    let mut runs: Vec<SiteRun> = by_root.into_values().collect();
    for run in &mut runs {
        if run
            .targets
            .as_deref()
            .is_some_and(|targets| covers_all_content(&run.site, targets))
        {
            run.targets = None;
        }
    }
    Ok(runs)
}

/// Whether `targets` are folders that hold every content file of the
/// site: `postlint check site/` lints the same files as `postlint check`
/// inside it, and gets the whole-site index (every page known from the
/// walk, no file read twice) instead of per-link lookups. So does
/// `postlint check content/posts` when `content` holds nothing else a
/// whole-site walk would lint or list.
fn covers_all_content(site: &Site, targets: &[PathBuf]) -> bool {
    !targets.is_empty()
        && targets.iter().all(|target| target.is_dir())
        && site
            .content_roots()
            .iter()
            .all(|root| holds_only_targeted_pages(site, root, targets))
}

/// Whether every file below `root` that a whole-site walk would lint or
/// list as a page is below one of `targets`: the same walk (hidden and
/// ignored entries skipped), leaving out the targets, stopped at the first
/// such file. An entry it cannot read makes the answer no, so a doubtful
/// case keeps the per-link lookups.
fn holds_only_targeted_pages(site: &Site, root: &Path, targets: &[PathBuf]) -> bool {
    if targets.iter().any(|target| root.starts_with(target)) {
        return true;
    }
    let targets = targets.to_vec();
    let mut walk = walk_builder(root);
    walk.filter_entry(move |entry| {
        !targets
            .iter()
            .any(|target| entry.path().starts_with(target))
    });
    walk.build().all(|entry| {
        entry.is_ok_and(|entry| !is_walked_file(&entry) || !site.is_walked_page(entry.path()))
    })
}

/// `[site]` settings replace what discovery found.
fn apply_overrides(site: Site, settings: &Settings) -> Site {
    let mut site = match settings.site.flavor {
        Some(flavor) if flavor != site.flavor => {
            let rebuilt = Site::bare(&site.root, flavor);
            Site {
                config: site.config,
                config_files: site.config_files,
                ..rebuilt
            }
        }
        _ => site,
    };
    if let Some(content) = &settings.site.content {
        site.content = content
            .iter()
            .map(|dir| ContentDir {
                path: resolve(&settings.base_dir, dir),
                target: String::new(),
                lang: None,
            })
            .collect();
    }
    if let Some(dirs) = &settings.site.static_dirs {
        site.static_dirs = dirs
            .iter()
            .map(|dir| resolve(&settings.base_dir, dir))
            .collect();
    }
    site
}

/// A path given on the command line: a file is linted as given when it is
/// content of its site (or the site is bare); a folder is walked for content.
fn collect_target(
    run: &SiteRun,
    target: &Path,
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<(PathBuf, io::Error, bool)>,
    notes: &mut Vec<String>,
) {
    let site = &run.site;
    if target.is_dir() {
        for root in site.content_roots() {
            if root.starts_with(target) {
                walk(site, &root, files, unreadable);
            } else if target.starts_with(&root) {
                walk(site, target, files, unreadable);
            }
        }
        return;
    }
    if site.config_files.is_empty() || site.is_content(target) {
        files.push(target.to_path_buf());
    } else {
        notes.push(format!(
            "skipped {}: not content of the {} site at {}",
            display_path(target),
            site.flavor.name(),
            display_path(&site.root)
        ));
    }
}

/// Walks a folder for content files: `.gitignore`-aware, hidden entries
/// skipped, symlinked folders never followed.
pub(crate) fn walk(
    site: &Site,
    root: &Path,
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<(PathBuf, io::Error, bool)>,
) {
    walk_where(root, &|path| site.is_content(path), files, unreadable);
}

/// `walk`, keeping the files `keep` accepts, appended sorted (the walk
/// runs on every core, see `walk_parallel`), so that callers see the same
/// order on every run.
pub(crate) fn walk_where(
    root: &Path,
    keep: &(dyn Fn(&Path) -> bool + Sync),
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<(PathBuf, io::Error, bool)>,
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
pub(crate) fn sort_paths(paths: &mut [PathBuf]) {
    sort_by_path(paths, |path| path);
}

/// `sort_paths` for things that have a path.
/// On every core: a whole site's files are sorted while nothing else runs.
fn sort_by_path<T: Send + Sync>(items: &mut [T], path_of: impl Fn(&T) -> &Path + Sync) {
    // `..` parts sort before every name component by component, not by
    // their bytes; a platform prefix (`C:`) has an order of its own.
    let plain = |path: &Path| {
        path.to_str().is_some_and(|text| {
            crate::site::is_slash_path(text) && !text.split('/').any(|part| part == "..")
        })
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
type Unreadable = (PathBuf, io::Error, bool);

/// Walks a folder with `ignore`'s parallel walker (`.gitignore`-aware,
/// hidden entries skipped, symlinked folders never followed) and calls
/// `visit` for every file, on the walker thread that found it; what it
/// returns (`None`: not wanted) is appended to `results` in no particular
/// order, and what could not be read to `unreadable`.
fn walk_parallel<T, V>(
    root: &Path,
    visit: V,
    results: &mut Vec<T>,
    unreadable: &mut Vec<Unreadable>,
) where
    T: Send,
    V: Fn(&Path) -> Option<T> + Sync,
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

/// The walk of a content folder: `.gitignore`-aware, hidden entries
/// skipped, symlinked folders never followed.
fn walk_builder(root: &Path) -> ignore::WalkBuilder {
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
fn is_walked_file(entry: &ignore::DirEntry) -> bool {
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
    V: Fn(&Path) -> Option<T> + Sync,
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
    V: Fn(&Path) -> Option<T> + Sync,
{
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if is_walked_file(&entry)
                    && let Some(result) = (self.visit)(path)
                {
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

/// A file after the per-file pass: its findings so far, its suppression
/// comments and (when site rules are on) its summary for the site pass.
pub struct Linted {
    pub report: FileReport,
    /// The lines the findings and suppression comments are on, when the
    /// whole text was not kept.
    lines: Excerpt,
    suppressions: Suppressions,
    summary: Option<Box<Summary>>,
    /// The site pass's findings, joined to the file's own when it is
    /// finished (on every core, not on the thread running the site pass).
    site_findings: Vec<Diagnostic>,
}

/// Reads, parses and checks one file; with `fix`, applies safe fixes and
/// checks again until none applies. Its text is kept only when it has
/// findings, suppression comments or fixes; the site pass works from the
/// summary.
pub fn lint_file(site: &Site, settings: &Settings, path: PathBuf, fix: bool) -> Linted {
    let display = display_path(&path);
    let bytes = match rules::io::read(&path, settings.max_file_size) {
        Ok(bytes) => bytes,
        Err(diagnostic) => {
            return Linted {
                report: FileReport {
                    display,
                    diagnostics: vec![*diagnostic],
                    path,
                    source: None,
                    fixed: None,
                },
                lines: Excerpt::default(),
                suppressions: Suppressions::default(),
                summary: None,
                site_findings: Vec::new(),
            };
        }
    };
    let mut document = Document::parse(Source::from_bytes(bytes), site.flavor);
    let mut fixed = None;
    if fix && !document.source.is_lossy() {
        let original = document.text().to_string();
        let mut applied = 0;
        for _ in 0..crate::fix::MAX_PASSES {
            let diagnostics = check(site, settings, &path, &document);
            let Some((text, count)) = crate::fix::apply(document.text(), &diagnostics) else {
                break;
            };
            applied += count;
            document = Document::parse(Source::from_text(text), site.flavor);
        }
        if applied > 0 {
            fixed = Some(Box::new(crate::fix::Fixed { original, applied }));
        }
    }
    let (diagnostics, suppressions, summary) = check_file(site, settings, &path, &document);
    // Fixed text is written back and a lossy one maps offsets its own way:
    // both are kept whole. Otherwise the lines a report shows are enough,
    // and a site of many files with findings is not held in memory.
    let whole = fixed.is_some() || document.source.is_lossy();
    let mut lines = Excerpt::default();
    if !whole {
        // A report shows every line from a finding's first label to its
        // last one.
        let shown = diagnostics.iter().map(|d| {
            std::iter::once(&d.primary)
                .chain(&d.secondary)
                .fold(d.primary.span, |all, label| Span {
                    start: all.start.min(label.span.start),
                    end: all.end.max(label.span.end),
                })
        });
        for span in shown.chain(suppressions.spans()) {
            lines.keep_span(&document.source, span);
        }
    }
    Linted {
        report: FileReport {
            display,
            path,
            source: whole.then(|| Box::new(FileText::Whole(document.source))),
            diagnostics,
            fixed,
        },
        lines,
        suppressions,
        summary: summary.map(Box::new),
        site_findings: Vec::new(),
    }
}

/// Runs the per-file checks over a parsed document: the raw findings, the
/// file's suppression comments and its summary for the site pass.
fn check_file(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
) -> (Vec<Diagnostic>, Suppressions, Option<Summary>) {
    let relative = site.relative(path);
    let content = site.content_path(path);
    let content_path = content.as_ref().map(|(logical, _)| logical.as_str());
    let lang = content.as_ref().and_then(|(_, dir)| dir.lang.as_deref());
    let kind = page_kind(site, settings, &relative, content_path);
    let cx = FileContext {
        site,
        settings,
        path,
        relative: &relative,
        content_path,
        lang,
        kind,
    };
    let diagnostics = rules::check_document(&cx, document, settings);
    let summary = rules::site_checks_enabled(settings).then(|| rules::summarize(&cx, document));
    (diagnostics, Suppressions::collect(document), summary)
}

/// Runs the checks over a parsed document and applies the configuration
/// (site-level rules excepted: they need the site pass).
pub fn check(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
) -> Vec<Diagnostic> {
    let (diagnostics, suppressions, _) = check_file(site, settings, path, document);
    configure(
        Some(&document.source),
        suppressions,
        settings,
        path,
        diagnostics,
    )
}

/// The site pass of one site: builds the index and runs the site checks
/// over the summaries; findings join the files' own.
fn site_pass(run: &SiteRun, walked: Option<Vec<PathBuf>>, linted: &mut [Linted]) {
    let mut index = SiteIndex::new(&run.site, walked);
    let mut positions = Vec::new();
    let mut files = Vec::new();
    for (position, file) in linted.iter().enumerate() {
        if let Some(summary) = &file.summary {
            positions.push(position);
            files.push(SiteFile {
                path: &file.report.path,
                summary,
            });
        }
    }
    index.add_all_linted(
        files
            .iter()
            .map(|file| (file.path, file.summary.facts.clone()))
            .collect(),
    );
    let found = rules::check_site(&run.settings, &mut index, &files);
    index.free();
    for (found, position) in found.into_iter().zip(positions) {
        linted[position].site_findings = found;
    }
}

/// The tail every finding goes through, per-file and site-level alike:
/// suppression comments, per-file ignores, severity overrides, order.
fn finish(linted: Linted, settings: &Settings) -> FileReport {
    let Linted {
        mut report,
        mut lines,
        suppressions,
        summary,
        site_findings,
    } = linted;
    let mut diagnostics = std::mem::take(&mut report.diagnostics);
    rules::append_exactly(&mut diagnostics, site_findings);
    if diagnostics.is_empty() && suppressions.is_empty() {
        if report.fixed.is_none() {
            report.source = None;
        }
        return report;
    }
    if let Some(text) = report.source.take() {
        let diagnostics = configure(
            text.whole(),
            suppressions,
            settings,
            &report.path,
            diagnostics,
        );
        if !diagnostics.is_empty() || report.fixed.is_some() {
            report.source = Some(text);
        }
        report.diagnostics = diagnostics;
        return report;
    }
    // The lines per-file findings point at, and those the summary kept
    // for site-level ones, rebuilt at their offsets for the suppressions;
    // the report keeps the lines alone when they read the same.
    if let Some(summary) = summary {
        lines.merge(summary.excerpt);
    }
    // An unreadable file has no lines to show. Suppression comments need
    // the rebuilt text's line numbers; without them the text is built only
    // when the kept lines cannot answer for it.
    let mut rebuilt = (!lines.is_empty() && !suppressions.is_empty()).then(|| lines.to_source());
    let diagnostics = configure(
        rebuilt.as_ref(),
        suppressions,
        settings,
        &report.path,
        diagnostics,
    );
    report.source = if diagnostics.is_empty() || lines.is_empty() {
        None
    } else if lines.covers(&diagnostics)
        || lines.answers_like(
            rebuilt.get_or_insert_with(|| lines.to_source()),
            &diagnostics,
        )
    {
        lines.shrink_to_fit();
        Some(Box::new(FileText::Kept(lines)))
    } else {
        rebuilt.map(|rebuilt| Box::new(FileText::Whole(rebuilt)))
    };
    report.diagnostics = diagnostics;
    report
}

/// Applies suppressions, per-file ignores and severity overrides, and sorts;
/// what remains is held until the report is written, so without the room
/// a vector grows into (four findings for a file's first).
fn configure(
    source: Option<&Source>,
    suppressions: Suppressions,
    settings: &Settings,
    path: &Path,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if let Some(source) = source {
        suppressions.apply(source, settings, &mut diagnostics);
    }
    let ignored = settings.ignored_for(path);
    diagnostics.retain(|d| !ignored.contains(&d.rule));
    for diagnostic in &mut diagnostics {
        if let Some(severity) = settings.rules.severity_override(diagnostic.rule) {
            diagnostic.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.primary.span.start, a.rule.code).cmp(&(b.primary.span.start, b.rule.code))
    });
    diagnostics.shrink_to_fit();
    diagnostics
}

/// Whether a file is a post: the configured `posts` globs, else Hugo's
/// `posts`/`post`/`blog` sections (list pages excluded) and Jekyll's
/// `_posts`/`_drafts`.
fn page_kind(
    site: &Site,
    settings: &Settings,
    relative: &str,
    content_path: Option<&str>,
) -> PageKind {
    if let Some(posts) = &settings.site.posts {
        return if posts.is_match(relative) {
            PageKind::Post
        } else {
            PageKind::Page
        };
    }
    match site.flavor {
        Flavor::Hugo => {
            let Some(content_path) = content_path else {
                return PageKind::Page;
            };
            let mut parts = content_path.split('/');
            let section = parts.next().unwrap_or_default();
            let file_name = content_path.rsplit('/').next().unwrap_or_default();
            let is_list = file_name.starts_with("_index.");
            if matches!(section, "posts" | "post" | "blog")
                && !is_list
                && content_path.contains('/')
            {
                PageKind::Post
            } else {
                PageKind::Page
            }
        }
        Flavor::Jekyll => {
            let parts: Vec<&str> = relative.split('/').collect();
            let dirs = &parts[..parts.len().saturating_sub(1)];
            if dirs
                .iter()
                .any(|part| *part == "_posts" || *part == "_drafts")
            {
                PageKind::Post
            } else if site
                .collections
                .iter()
                .any(|c| relative.starts_with(&format!("{c}/")))
            {
                PageKind::Document
            } else {
                PageKind::Page
            }
        }
    }
}

/// Lints `text` as if it were the file at `relative` (site-relative) in
/// `site`; nothing is read from disk but the site's own folders. The rule
/// pages' examples run through this.
pub fn lint_text(site: &Site, settings: &Settings, relative: &str, text: &str) -> Vec<Diagnostic> {
    let path = site.root.join(relative);
    let document = Document::parse(Source::from_text(text.to_string()), site.flavor);
    // As a run over this one file (what pre-commit does): other pages are
    // looked up on demand, never all compared with it.
    let index = SiteIndex::new(site, None);
    lint_one(site, settings, &path, &document, index)
}

/// One parsed document through the per-file checks, the site pass (with
/// `index`) and the configuration.
fn lint_one(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
    mut index: SiteIndex,
) -> Vec<Diagnostic> {
    let (mut diagnostics, suppressions, summary) = check_file(site, settings, path, document);
    if let Some(summary) = &summary {
        index.add_linted(path, summary.facts.clone());
        let files = [SiteFile { path, summary }];
        diagnostics.extend(
            rules::check_site(settings, &mut index, &files)
                .into_iter()
                .flatten(),
        );
    }
    configure(
        Some(&document.source),
        suppressions,
        settings,
        path,
        diagnostics,
    )
}

/// A site with no config for examples: `content/` (Hugo) or the root
/// (Jekyll) holds the content.
pub fn example_site(flavor: Flavor) -> Site {
    let root = PathBuf::from("/postlint-example-site");
    let mut site = Site::bare(&root, flavor);
    site.content = vec![ContentDir {
        path: match flavor {
            Flavor::Hugo => root.join("content"),
            Flavor::Jekyll => root.clone(),
        },
        target: String::new(),
        lang: None,
    }];
    site
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
