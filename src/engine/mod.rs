//! The engine: from paths to a sorted report. `plan` finds each path's
//! site and what to lint in it; `run` walks its content and lints each file
//! where the walk finds it (`file`: read, parse once, check, fix), on every
//! core; `site_pass` builds the site index and runs the site checks over
//! the files' summaries; `finish` applies suppressions, per-file ignores and
//! severities to every finding. `lint_in_site` does all of it for one text
//! (standard input, an editor's buffer, a rule page's example).

mod cache;
mod file;
mod finish;
pub mod fix;
mod plan;
mod progress;
mod run;
mod site_pass;
pub mod suppress;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Overrides, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::error::Error;
use crate::generator::Flavor;
use crate::index::SiteIndex;
use crate::report::{Clean, FileReport, FileText, Report};
use crate::rules::{self, SiteFile};
use crate::site::walk::{Unreadable, sort_paths};
use crate::site::{ContentDir, Site};
use crate::text::Source;
use crate::text::paths::{display_path, resolve};
use file::run_file_checks;
use finish::apply_config;
use plan::{apply_overrides, plan};
use run::{for_each_file, lint_site, setup_reports};
use site_pass::run_site_checks;

pub use cache::{SiteMemory, cache_dir};
pub use file::{FixOutcome, Refused, check_file, fix_document, lint_file};
pub use plan::page_kind_of;

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
    /// Use and update the site's cache (`cache`): `check` does, unless
    /// `--no-cache` or `[cache] enabled = false`.
    pub cache: bool,
    /// Keep the display path of every clean file (JUnit lists each file);
    /// otherwise clean files are only counted, so that a run holds no more
    /// per clean file than it must. `list_only` names them anyway.
    pub name_clean: bool,
}

/// Lints what `options` name: the paths' sites (or the site around the
/// current folder), or one buffer with its site around it.
pub fn lint(options: &Options) -> Result<Report, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    if let Some((path, bytes)) = &options.stdin {
        return lint_buffer(&cwd, options, path, bytes.clone());
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
            let (mut found, clean) = lint_site(options, run, &mut unreadable, &mut report.notes);
            found.extend(setup_reports(&run.site, &run.settings));
            (found, clean)
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
                notes: Vec::new(),
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

/// Lints `bytes` as the file at `path`, with the site context of that path
/// (a run over one file: the site index starts empty).
fn lint_buffer(
    cwd: &Path,
    options: &Options,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<Report, Error> {
    let path = resolve(cwd, &path.to_string_lossy());
    let dir = path.parent().unwrap_or(cwd);
    let site = match Site::discover(dir)? {
        Some(site) => site,
        None => Site::bare(dir, Flavor::Hugo),
    };
    let settings = Settings::load(&site.root, &options.overrides)?;
    let site = apply_overrides(site, &settings);
    let (document, diagnostics) =
        lint_buffer_in(&site, &settings, &path, Source::from_bytes(bytes));
    let file = FileReport {
        display: display_path(&path),
        path,
        source: Some(Box::new(FileText::Whole(document.source))),
        diagnostics,
        fixed: None,
        notes: Vec::new(),
    };
    // The buffer's checks may have run weakened (a theme not found): the
    // setup findings say so, on the config.
    let mut files = vec![file];
    files.extend(setup_reports(&site, &settings));
    Ok(Report {
        files,
        clean: Clean::Counted(0),
        notes: Vec::new(),
    })
}

/// Lints `source` as the file at `path` of `site` (an editor's unsaved
/// buffer, standard input), with the site around it as a run over that one
/// file sees it: other pages are looked up on demand. Returns the parsed
/// text and its findings, the configuration applied.
pub fn lint_buffer_in(
    site: &Site,
    settings: &Settings,
    path: &Path,
    source: Source,
) -> (Document, Vec<Diagnostic>) {
    lint_buffer_with(
        site,
        settings,
        path,
        source,
        &mut SiteIndex::new(site, None),
    )
}

/// `lint_buffer_in` with an index the caller keeps: a language server's,
/// which learns the site once (`SiteIndex::persistent`) and lints every
/// buffer with it.
pub fn lint_buffer_with(
    site: &Site,
    settings: &Settings,
    path: &Path,
    source: Source,
    index: &mut SiteIndex,
) -> (Document, Vec<Diagnostic>) {
    let document = Document::parse_as(source, site.flavor, site.markup(path));
    let diagnostics = lint_in_site(site, settings, path, &document, index);
    (document, diagnostics)
}

/// The findings about how `site` is set up (a theme or module that cannot
/// be found, SITE003), on its config files: every run of the site reports
/// them, whatever it lints.
pub fn setup_findings(site: &Site, settings: &Settings) -> Vec<FileReport> {
    setup_reports(site, settings)
}

/// Whether `finding`'s fix, applied alone to `document`, leaves the text
/// no worse (`fix::worse`: no new error, the front matter where it was):
/// the quick fixes an editor offers one finding at a time are these.
pub fn fix_is_safe(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
    finding: &Diagnostic,
) -> bool {
    let Some((text, _)) = fix::apply(document.text(), [finding]) else {
        return false;
    };
    let fixed = Document::parse_as(Source::from_text(text), document.flavor, document.markup);
    let before = check_file(site, settings, path, document);
    let after = check_file(site, settings, path, &fixed);
    fix::worse(document, &before, &fixed, &after).is_none()
}

/// Lints `text` as if it were the file at `relative` (site-relative) in
/// `site`; nothing is read from disk but the site's own folders. The rule
/// pages' examples run through this.
pub fn lint_text(site: &Site, settings: &Settings, relative: &str, text: &str) -> Vec<Diagnostic> {
    let path = site.root.join(relative);
    // As a run over this one file (what pre-commit does): other pages are
    // looked up on demand, never all compared with it.
    lint_buffer_in(site, settings, &path, Source::from_text(text.to_string())).1
}

/// One parsed document through the per-file checks, the site pass (with
/// `index`, which knows the rest of the site) and the configuration.
fn lint_in_site(
    site: &Site,
    settings: &Settings,
    path: &Path,
    document: &Document,
    index: &mut SiteIndex,
) -> Vec<Diagnostic> {
    let (mut diagnostics, suppressions, summary) = run_file_checks(site, settings, path, document);
    if let Some(summary) = &summary {
        index.add_linted(path, summary.facts.clone());
        let files = [SiteFile { path, summary }];
        diagnostics.extend(
            run_site_checks(&settings.rules, index, &files)
                .into_iter()
                .flatten(),
        );
    }
    apply_config(
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
