//! `postlint check`: lint, then report, fix or show the fixes as a diff.

use std::io::{self, IsTerminal, Write};

use super::args::{CheckArgs, ColorChoice, FailOn};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::config::Overrides;
use crate::diagnostic::Severity;
use crate::engine::fix::{WriteError, unified_diff, write};
use crate::engine::{self, Options};
use crate::error::Error;
use crate::report::{self, Report, Style};

pub(super) fn check(args: &CheckArgs) -> Result<u8, Error> {
    let stdin = match (&args.stdin_filename, args.paths.as_slice()) {
        (Some(path), [dash]) if dash.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            io::Read::read_to_end(&mut io::stdin(), &mut bytes).map_err(|source| Error::Io {
                path: "<stdin>".into(),
                source,
            })?;
            Some((path.clone(), bytes))
        }
        (Some(_), _) => {
            return Err(Error::Usage(
                "--stdin-filename needs `-` as the only path: postlint check --stdin-filename PATH -".into(),
            ));
        }
        (None, paths) if paths.iter().any(|p| p.as_os_str() == "-") => {
            return Err(Error::Usage(
                "`-` (standard input) needs --stdin-filename PATH".into(),
            ));
        }
        (None, _) => None,
    };
    if stdin.is_some() && (args.fix || args.diff) {
        return Err(Error::Usage(
            "--fix and --diff write files; they do not apply to standard input".into(),
        ));
    }
    let options = Options {
        stdin,
        paths: args.paths.clone(),
        overrides: Overrides {
            config: args.config.clone(),
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
        fix: args.fix || args.diff,
        progress: !args.format.is_machine() && !args.show_files && io::stderr().is_terminal(),
        list_only: args.show_files,
        cache: !args.no_cache,
        name_clean: args.format.lists_clean_files(),
    };
    let report = engine::lint(&options)?;
    print_file_notes(&report);
    if args.diff {
        return show_diff(&report);
    }
    if args.fix {
        write_fixes(&report);
    }
    let stdout = io::stdout();
    if args.show_files {
        let mut out = stdout.lock();
        for file in report.listed() {
            let _ = writeln!(out, "{}", file.display());
        }
        return Ok(EXIT_CLEAN);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .unwrap_or(100);
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr().lock();
    for note in &report.notes {
        let _ = writeln!(err, "note: {note}");
    }
    if report.file_count() == 0 {
        let _ = writeln!(err, "note: no content files to lint");
    }
    let written = if args.statistics {
        write!(out, "{}", report::statistics(&report))
    } else {
        report::render(args.format, &report, Style { color, width }, &mut out)
    }
    .and_then(|()| {
        if args.format.is_machine() {
            Ok(())
        } else {
            writeln!(out, "{}", report::summary(&report))
        }
    })
    .and_then(|()| out.flush());
    if let Err(write_err) = written {
        // A closed pipe (`postlint check | head`) is not a failure to report.
        if write_err.kind() != io::ErrorKind::BrokenPipe {
            return Err(Error::Io {
                path: "<stdout>".into(),
                source: write_err,
            });
        }
    }
    if args.format.is_machine() {
        let _ = writeln!(err, "{}", report::summary(&report));
    }
    if report.nothing_readable() {
        return Ok(EXIT_ERROR);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = matches!((threshold, report.max_severity()), (Some(t), Some(max)) if max >= t);
    // Nothing is left to do with the report: freeing its findings one by
    // one takes longer than the exit, which takes the memory back at once
    // (a big site's report holds tens of thousands of findings).
    std::mem::forget(report);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// What the report says about files besides their findings (fixes `--fix`
/// refused), on stderr.
fn print_file_notes(report: &Report) {
    let mut err = io::stderr().lock();
    for file in &report.files {
        for note in &file.notes {
            let _ = writeln!(err, "note: {}: {note}", file.display);
        }
    }
}

/// `--diff`: the fixes as a unified diff on stdout; nothing is written.
/// Exit code 1 when a file would change.
fn show_diff(report: &Report) -> Result<u8, Error> {
    let mut out = io::stdout().lock();
    let mut changed = 0;
    let mut fixes = 0;
    for file in &report.files {
        let (Some(fixed), Some(source)) =
            (&file.fixed, file.source.as_ref().and_then(|t| t.whole()))
        else {
            continue;
        };
        changed += 1;
        fixes += fixed.applied;
        let diff = unified_diff(&file.display, &fixed.original, source.text());
        if let Err(err) = out.write_all(diff.as_bytes())
            && err.kind() != io::ErrorKind::BrokenPipe
        {
            return Err(Error::Io {
                path: "<stdout>".into(),
                source: err,
            });
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "Would fix {} in {}.",
        plural(fixes, "finding"),
        plural(changed, "file")
    );
    Ok(if changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// `--fix`: writes each fixed file, atomically, unless it changed on disk
/// since it was read.
fn write_fixes(report: &Report) {
    let mut err = io::stderr().lock();
    let (mut fixes, mut files) = (0, 0);
    for file in &report.files {
        let (Some(fixed), Some(source)) =
            (&file.fixed, file.source.as_ref().and_then(|t| t.whole()))
        else {
            continue;
        };
        match write(&file.path, &fixed.original, source.text()) {
            Ok(()) => {
                fixes += fixed.applied;
                files += 1;
            }
            Err(WriteError::ChangedOnDisk) => {
                let _ = writeln!(
                    err,
                    "warning: {} changed on disk while postlint ran; not fixed",
                    file.display
                );
            }
            Err(WriteError::Io(io_err)) => {
                let _ = writeln!(
                    err,
                    "warning: cannot write {}: {io_err}; not fixed",
                    file.display
                );
            }
        }
    }
    if fixes > 0 {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(
            err,
            "Fixed {} in {}.",
            plural(fixes, "finding"),
            plural(files, "file")
        );
    }
}
