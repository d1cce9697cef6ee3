//! The command line: arguments (`args`), the subcommands, and exit codes.
//! `main.rs` parses the arguments and hands them to `run`.

pub mod args;
mod check;
mod init;
mod rules;
mod schema;

use std::io::{self, IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::error::Error;
use args::{Cli, Command};

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage or
/// configuration error (or nothing at all could be read).
pub const EXIT_CLEAN: u8 = 0;

pub const EXIT_FINDINGS: u8 = 1;

pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Rules(args) => rules::list_rules(&args),
        Command::Init => init::init(),
        Command::Rule { rule } => rules::show_rule(&rule),
        Command::Schema(command) => schema::run(command),
        Command::Server => Ok(crate::server::run_stdio()),
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
