use std::process::ExitCode;

use clap::Parser;

mod allocator;

fn main() -> ExitCode {
    let cli = postlint::cli::args::Cli::parse();
    ExitCode::from(postlint::run(cli))
}
