//! The cross-family mutation harness: every post of every corpus in
//! `../shared/corpus/` (or `$POSTLINT_CORPUS`), with one fault injected by
//! each operator that fits it (`tests/common/mutate.rs`), must be reported
//! by the expected rule at the expected line, and nothing new at error
//! level may appear elsewhere in the file.
//!
//! Prints the operator × corpus table (mutants, detected, wrong line,
//! extra errors). By default each operator mutates the first and the last
//! place it fits in a file; `POSTLINT_MUTATIONS=all` mutates every place.
//! `POSTLINT_DUMP_MUTANTS=DIR` writes every missed mutant to `DIR`.
//!
//!     POSTLINT_CORPUS=/path/to/corpus cargo test --test mutations -- --nocapture
//!
//! Skipped (with a message) when the corpus is absent.

use crate::common;
use crate::common::mutate;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use mutate::{Mutant, Op, Original, line_of};
use postlint::config::{Overrides, Settings};
use postlint::diagnostic::{Diagnostic, Severity};
use postlint::document::Document;
use postlint::engine::{lint_text, page_kind_of};
use postlint::site::Site;
use postlint::text::Source;

fn sites(root: &Path) -> Vec<PathBuf> {
    common::corpus_sites(root)
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    mutants: usize,
    detected: usize,
    wrong_line: usize,
    extra_errors: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.mutants += other.mutants;
        self.detected += other.detected;
        self.wrong_line += other.wrong_line;
        self.extra_errors += other.extra_errors;
    }
}

/// One mutant's verdict, with what was found for the write-up.
struct Verdict {
    op: Op,
    tally: Tally,
    note: Option<String>,
}

fn shown(text: &str, found: &[Diagnostic]) -> Vec<String> {
    found
        .iter()
        .map(|d| {
            format!(
                "{}@{}({})",
                d.rule.code,
                line_of(text, d.primary.span.start),
                d.severity
            )
        })
        .collect()
}

/// Lints a mutant and judges it against the original's errors.
fn judge(
    site: &Site,
    settings: &Settings,
    relative: &str,
    original_errors: &HashMap<(&'static str, String), usize>,
    mutant: &Mutant,
) -> Verdict {
    let found = lint_text(site, settings, relative, &mutant.text);
    let at_line = |d: &Diagnostic| {
        let line = line_of(&mutant.text, d.primary.span.start);
        line == mutant.line || mutant.also.contains(&line)
    };
    let detected = found
        .iter()
        .any(|d| d.rule.code == mutant.code && at_line(d));
    let wrong_line = !detected && found.iter().any(|d| d.rule.code == mutant.code);
    // Errors the original did not have, elsewhere in the file (a finding
    // at the fault's line, or the expected one at a wrong line, is not
    // counted twice).
    let mut budget = original_errors.clone();
    let mut extra = Vec::new();
    let mut wrong_line_seen = false;
    for d in found.iter().filter(|d| d.severity == Severity::Error) {
        if at_line(d) {
            continue;
        }
        if wrong_line && !wrong_line_seen && d.rule.code == mutant.code {
            wrong_line_seen = true;
            continue;
        }
        match budget.get_mut(&(d.rule.code, d.message.clone())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => extra.push(d),
        }
    }
    let tally = Tally {
        mutants: 1,
        detected: usize::from(detected),
        wrong_line: usize::from(wrong_line),
        extra_errors: usize::from(!extra.is_empty()),
    };
    let note = (!detected || !extra.is_empty()).then(|| {
        let extras: Vec<String> = extra
            .iter()
            .map(|d| {
                format!(
                    "{}@{} {}",
                    d.rule.code,
                    line_of(&mutant.text, d.primary.span.start),
                    d.message
                )
            })
            .collect();
        format!(
            "{relative}: {} expected {} at line {}, got {:?}; extra errors {extras:?}",
            mutant.op.name(),
            mutant.code,
            mutant.line,
            shown(&mutant.text, &found)
        )
    });
    Verdict {
        op: mutant.op,
        tally,
        note,
    }
}

struct SiteResult {
    name: String,
    tallies: BTreeMap<Op, Tally>,
    notes: Vec<(Op, String, String)>,
}

fn run_site(site_dir: &Path, all: bool, dump: Option<&Path>) -> SiteResult {
    let name = site_dir.file_name().unwrap().to_string_lossy().to_string();
    let site = Site::at(site_dir).unwrap().unwrap();
    let settings = Settings::load(&site.root, &Overrides::default()).unwrap();
    let shown = common::run_in(site_dir, &["check", "--show-files"]);
    let files: Vec<String> = shown
        .stdout
        .lines()
        // docsy-dev mounts the corpus README: not part of the site.
        .filter(|relative| !relative.starts_with("../"))
        .map(str::to_string)
        .collect();
    let verdicts: Vec<(Verdict, Option<Mutant>)> = files
        .par_iter()
        .flat_map_iter(|relative| {
            let path = site_dir.join(relative);
            let text = fs::read_to_string(&path).unwrap_or_default();
            let doc = Document::parse(Source::from_text(text.clone()), site.flavor);
            let findings = lint_text(&site, &settings, relative, &text);
            let mut original_errors: HashMap<(&'static str, String), usize> = HashMap::new();
            for d in findings.iter().filter(|d| d.severity == Severity::Error) {
                *original_errors
                    .entry((d.rule.code, d.message.clone()))
                    .or_default() += 1;
            }
            let original = Original {
                site: &site,
                path: &path,
                text: &text,
                doc: &doc,
                kind: page_kind_of(&site, &settings, &path),
                findings: &findings,
                all,
            };
            let mutants = mutate::mutants(&original);
            mutants
                .into_iter()
                .map(|mutant| {
                    let verdict = judge(&site, &settings, relative, &original_errors, &mutant);
                    let keep = verdict.note.is_some() && dump.is_some();
                    (verdict, keep.then_some(mutant))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut tallies: BTreeMap<Op, Tally> = BTreeMap::new();
    let mut notes = Vec::new();
    for (n, (verdict, mutant)) in verdicts.into_iter().enumerate() {
        *tallies.entry(verdict.op).or_default() += verdict.tally;
        if let Some(note) = verdict.note {
            if let (Some(dir), Some(mutant)) = (dump, mutant) {
                let file = dir
                    .join(&name)
                    .join(mutant.op.name())
                    .join(format!("{n}.md"));
                fs::create_dir_all(file.parent().unwrap()).unwrap();
                fs::write(&file, &mutant.text).unwrap();
            }
            notes.push((verdict.op, name.clone(), format!("{name}/{note}")));
        }
    }
    SiteResult {
        name,
        tallies,
        notes,
    }
}

fn cell(t: Option<&Tally>) -> String {
    match t {
        Some(t) if t.mutants > 0 => format!(
            "{} / {} / {} / {}",
            t.mutants, t.detected, t.wrong_line, t.extra_errors
        ),
        _ => "·".to_string(),
    }
}

/// The table: one row per operator, one column per corpus; each cell is
/// `mutants / detected / wrong line / extra errors`.
fn table(results: &[SiteResult]) -> String {
    let mut out = String::from("| operator |");
    for r in results {
        out.push_str(&format!(" {} |", r.name));
    }
    out.push_str(" total | detected |\n|---|");
    for _ in results {
        out.push_str("---|");
    }
    out.push_str("---|---|\n");
    let mut grand = Tally::default();
    for op in Op::ALL {
        let mut total = Tally::default();
        out.push_str(&format!("| {} |", op.name()));
        for r in results {
            let t = r.tallies.get(&op);
            if let Some(t) = t {
                total += *t;
            }
            out.push_str(&format!(" {} |", cell(t)));
        }
        grand += total;
        out.push_str(&format!(
            " {} | {} |\n",
            cell(Some(&total)),
            percent(&total)
        ));
    }
    out.push_str("| **all** |");
    for r in results {
        let mut t = Tally::default();
        for v in r.tallies.values() {
            t += *v;
        }
        out.push_str(&format!(" {} |", cell(Some(&t))));
    }
    out.push_str(&format!(
        " {} | {} |\n",
        cell(Some(&grand)),
        percent(&grand)
    ));
    out
}

fn percent(t: &Tally) -> String {
    if t.mutants == 0 {
        return "·".into();
    }
    format!("{:.1}%", 100.0 * t.detected as f64 / t.mutants as f64)
}

#[test]
fn injected_faults_are_reported_at_the_right_line() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let all = std::env::var("POSTLINT_MUTATIONS").is_ok_and(|v| v == "all");
    let dump = std::env::var_os("POSTLINT_DUMP_MUTANTS").map(PathBuf::from);
    let results: Vec<SiteResult> = sites(&root)
        .iter()
        .map(|site| run_site(site, all, dump.as_deref()))
        .collect();
    eprintln!(
        "mutation harness ({}): cells are mutants / detected / wrong line / extra errors\n\n{}",
        if all {
            "every place"
        } else {
            "first and last place per file"
        },
        table(&results)
    );
    let notes: Vec<&(Op, String, String)> = results.iter().flat_map(|r| &r.notes).collect();
    for (_, _, note) in notes.iter().take(100) {
        eprintln!("  {note}");
    }
    let mut totals: BTreeMap<Op, Tally> = BTreeMap::new();
    for r in &results {
        for (op, t) in &r.tallies {
            *totals.entry(*op).or_default() += *t;
        }
    }
    for op in Op::ALL {
        assert!(
            totals.get(&op).is_some_and(|t| t.mutants > 0),
            "no {} mutants",
            op.name()
        );
    }
    let total: Tally = totals.values().fold(Tally::default(), |mut sum, t| {
        sum += *t;
        sum
    });
    assert!(total.mutants > 10_000, "too few mutants: {}", total.mutants);
    // Every mutant detected at its line, with no new error elsewhere.
    let misses: Vec<&str> = notes.iter().map(|(_, _, note)| note.as_str()).collect();
    assert!(
        misses.is_empty(),
        "{} of {} mutants missed or with extra errors:\n{}",
        misses.len(),
        total.mutants,
        misses.join("\n")
    );
}
