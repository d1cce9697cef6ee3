//! The subcommands: argv in, exit code out.

use std::io::{self, IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, FailOn, RulesArgs, RulesFormat};
use crate::config::Overrides;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::lint::{self, Options};
use crate::report::{self, Style};
use crate::rules;
use crate::suggest::did_you_mean;

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage or
/// configuration error (or nothing at all could be read).
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Init => init(),
        Command::Rule { rule } => show_rule(&rule),
        Command::Schema(command) => crate::schema::command::run(command),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            print_error(&err);
            EXIT_ERROR
        }
    }
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn print_error(err: &Error) {
    let theme = if stderr_color() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut rendered = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut rendered, err).is_err() {
        rendered = format!("error: {err}\n");
    }
    let _ = io::stderr().write_all(rendered.as_bytes());
}

fn check(args: &CheckArgs) -> Result<u8, Error> {
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
        name_clean: args.format.lists_clean_files(),
    };
    let report = lint::lint(&options)?;
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
    // one would take longer than the exit, which takes the memory back at
    // once (every rule on the 18,000-file bench site: ~50 ms).
    std::mem::forget(report);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// `--diff`: the fixes as a unified diff on stdout; nothing is written.
/// Exit code 1 when a file would change.
fn show_diff(report: &lint::Report) -> Result<u8, Error> {
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
        let diff = crate::fix::unified_diff(&file.display, &fixed.original, source.text());
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
fn write_fixes(report: &lint::Report) {
    let mut err = io::stderr().lock();
    let (mut fixes, mut files) = (0, 0);
    for file in &report.files {
        let (Some(fixed), Some(source)) =
            (&file.fixed, file.source.as_ref().and_then(|t| t.whole()))
        else {
            continue;
        };
        match crate::fix::write(&file.path, &fixed.original, source.text()) {
            Ok(()) => {
                fixes += fixed.applied;
                files += 1;
            }
            Err(crate::fix::WriteError::ChangedOnDisk) => {
                let _ = writeln!(
                    err,
                    "warning: {} changed on disk while postlint ran; not fixed",
                    file.display
                );
            }
            Err(crate::fix::WriteError::Io(io_err)) => {
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

/// `postlint init`: a commented `postlint.toml` for the detected site.
fn init() -> Result<u8, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let Some(site) = crate::site::Site::discover(&cwd)? else {
        return Err(Error::Usage(
            "no Hugo or Jekyll site found here or above (looked for hugo.toml, config.toml, config/_default/, _config.yml)".into(),
        ));
    };
    let path = site.root.join(crate::config::FILE_NAME);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; postlint init never overwrites it",
            crate::report::display_path(&path)
        )));
    }
    std::fs::write(&path, crate::config::starter(&site)).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    eprintln!("wrote {}", crate::report::display_path(&path));
    Ok(EXIT_CLEAN)
}

fn list_rules(args: &RulesArgs) -> Result<u8, Error> {
    let mut out = io::stdout().lock();
    let written = match args.format {
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code,
                        "name": rule.name,
                        "family": rule.family.prefix(),
                        "severity": rule.severity.as_str(),
                        "enabled_by_default": rule.enabled_by_default,
                        "fixable": rule.fixable,
                        "summary": rule.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "rules": rules }))
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out))
        }
        RulesFormat::Table => write!(out, "{}", rules::markdown_table()),
    };
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: err,
        }),
        _ => Ok(EXIT_CLEAN),
    }
}

fn show_rule(name: &str) -> Result<u8, Error> {
    let Some(rule) = rules::lookup(name) else {
        let candidates = rules::ALL.iter().flat_map(|rule| [rule.code, rule.name]);
        let hint = did_you_mean(name, candidates)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "unknown rule `{name}`{hint}; `postlint rules` lists them"
        )));
    };
    let mut out = io::stdout().lock();
    let _ = out.write_all(rule.doc.as_bytes());
    Ok(EXIT_CLEAN)
}
