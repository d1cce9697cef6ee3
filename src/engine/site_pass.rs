//! The site pass of one site: builds the index, runs every enabled site
//! check over the linted files' summaries, and gives each file its
//! findings. The engine owns the findings' memory: a site check hands back
//! findings (file by file, or each with its file's position), and they are
//! gathered into one list per file at its exact size, on every core (a big
//! site holds every file's findings until the report is written).

use std::path::PathBuf;

use rayon::prelude::*;

use super::file::Linted;
use super::plan::SiteRun;
use crate::diagnostic::Diagnostic;
use crate::index::{PagesMemory, SiteIndex};
use crate::rules::{self, RuleSelection, SiteContext, SiteFile, SiteJudge};

/// The site pass of one site: builds the index and runs the site checks
/// over the summaries; findings join the files' own.
pub(super) fn site_pass(
    run: &SiteRun,
    walked: Option<Vec<PathBuf>>,
    memory: Option<&dyn PagesMemory>,
    linted: &mut [Linted],
) {
    let mut index = SiteIndex::new(&run.site, walked);
    if let Some(memory) = memory {
        index = index.with_memory(memory);
    }
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
    let found = run_site_checks(&run.settings.rules, &mut index, &files);
    index.free();
    for (found, position) in found.into_iter().zip(positions) {
        linted[position].site_findings = found;
    }
}

/// Runs every enabled site check; the findings of `files[i]` are the
/// `i`-th list. After the last check that uses one of the index's lookup
/// tables, the index lets go of it: the findings grow with each check,
/// and the checks after it need the room.
pub(super) fn run_site_checks(
    selection: &RuleSelection,
    index: &mut SiteIndex,
    files: &[SiteFile],
) -> Vec<Vec<Diagnostic>> {
    let mut findings = Findings {
        selection,
        per_file: std::iter::repeat_with(Vec::new).take(files.len()).collect(),
    };
    let enabled: Vec<_> = rules::site_checks(selection).collect();
    for (at, check) in enabled.iter().enumerate() {
        {
            let cx = SiteContext {
                index,
                files,
                rules: selection,
            };
            match check.judge {
                SiteJudge::EachFile(start) => {
                    let judge = start(&cx);
                    findings.each_file(files, |file, found| judge(file, found));
                }
                SiteJudge::Whole(judge) => findings.push_all(judge(&cx)),
            }
        }
        for lookups in check.lookups {
            if !enabled[at + 1..]
                .iter()
                .any(|later| later.lookups.contains(lookups))
            {
                index.release(*lookups);
            }
        }
    }
    findings.per_file
}

/// The site pass's findings so far, one list per linted file.
struct Findings<'a> {
    selection: &'a RuleSelection,
    /// Grown one slot at a time at first: most files get no site finding
    /// or one, and a big site has many files.
    per_file: Vec<Vec<Diagnostic>>,
}

impl Findings<'_> {
    /// The findings of every file at once (the `i`-th list for the file at
    /// `i`), added on every core: each file's list is grown to its exact
    /// size, a reallocation per file that one thread would do for all.
    fn extend_all(&mut self, found: Vec<Vec<Diagnostic>>) {
        let selection = self.selection;
        self.per_file
            .par_iter_mut()
            .zip(found)
            .for_each(|(list, mut diagnostics)| {
                diagnostics.retain(|diagnostic| selection.is_enabled(diagnostic.rule));
                append_exactly(list, diagnostics);
            });
    }

    /// Findings for some of the files, each with its file's position, in
    /// the order each file is to get them. Gathered into one list per file
    /// on every core: one thread would make every file's list.
    fn push_all(&mut self, found: Vec<(usize, Diagnostic)>) {
        // Taken out of their slots run by run below.
        let mut found: Vec<(usize, Option<Diagnostic>)> = found
            .into_par_iter()
            .map(|(file, diagnostic)| (file, Some(diagnostic)))
            .collect();
        // Stable: a file's findings stay in their order.
        found.par_sort_by_key(|(file, _)| *file);
        // Each run's list at its exact size: a list collected from a
        // filter starts at four slots, and a site with thousands of
        // one-finding files holds them all at once here (the run's peak).
        let runs: Vec<(usize, Vec<Diagnostic>)> = found
            .par_chunk_by_mut(|a, b| a.0 == b.0)
            .filter_map(|run| {
                let file = run.first()?.0;
                let mut list = Vec::with_capacity(run.len());
                list.extend(run.iter_mut().filter_map(|(_, d)| d.take()));
                Some((file, list))
            })
            .collect();
        drop(found);
        let mut per_file: Vec<Vec<Diagnostic>> = std::iter::repeat_with(Vec::new)
            .take(self.per_file.len())
            .collect();
        for (file, list) in runs {
            if let Some(slot) = per_file.get_mut(file) {
                *slot = list;
            }
        }
        self.extend_all(per_file);
    }

    /// Runs `judge` over every linted file, the files in parallel, and adds
    /// what it pushes to each file's list.
    fn each_file(
        &mut self,
        files: &[SiteFile],
        judge: impl Fn(&SiteFile, &mut Vec<Diagnostic>) + Send + Sync,
    ) {
        // Each worker pushes into one list it keeps, and every file's list
        // is a copy at its exact size: every file's list is held at once
        // here, at the run's peak memory, and a list grown a slot at a time
        // then shrunk takes two or three reallocations per file.
        let found: Vec<Vec<Diagnostic>> = files
            .par_iter()
            .map_init(Vec::new, |scratch, file| {
                judge(file, scratch);
                let mut list = Vec::with_capacity(scratch.len());
                list.append(scratch);
                list
            })
            .collect();
        self.extend_all(found);
    }
}

/// Adds `more` to `list` without spare room: moved in whole when `list` is
/// empty (a site's findings are held until the report is written).
pub(super) fn append_exactly(list: &mut Vec<Diagnostic>, mut more: Vec<Diagnostic>) {
    if list.is_empty() {
        more.shrink_to_fit();
        *list = more;
    } else {
        list.reserve_exact(more.len());
        list.extend(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::rules::site::duplicate_title::DUPLICATE_TITLE;

    #[test]
    fn push_all_gives_each_file_its_findings_in_order() {
        let selection = RuleSelection::new([&DUPLICATE_TITLE], Default::default());
        let files = 50;
        let mut findings = Findings {
            selection: &selection,
            per_file: std::iter::repeat_with(Vec::new).take(files).collect(),
        };
        // Files in a scattered order, each file's findings numbered in the
        // order they come (enough of them for the work to be split).
        let found: Vec<(usize, Diagnostic)> = (0..2_000)
            .map(|n| {
                let file = (n * 7) % files;
                (
                    file,
                    Diagnostic::new(&DUPLICATE_TITLE, Span::new(n, n), n.to_string()),
                )
            })
            .collect();
        let mut expected: Vec<Vec<String>> = vec![Vec::new(); files];
        for (file, diagnostic) in &found {
            expected[*file].push(diagnostic.message.clone());
        }
        findings.push_all(found);
        let got: Vec<Vec<String>> = findings
            .per_file
            .iter()
            .map(|list| list.iter().map(|d| d.message.clone()).collect())
            .collect();
        assert_eq!(got, expected);
    }
}
