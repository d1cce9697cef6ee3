//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "postlint",
    version,
    about = "Lint the content of Hugo and Jekyll blogs before you publish",
    long_about = None,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint content files (default: the whole site around the current folder)
    Check(CheckArgs),
    /// List every rule
    Rules(RulesArgs),
    /// Write a commented postlint.toml for the site around the current folder
    Init,
    /// Show the documentation page of a rule, by code or name
    Rule {
        /// A rule code (`SC001`) or name (`unclosed-shortcode`)
        rule: String,
    },
    /// Front matter JSON Schemas: the one that applies to a file, or one inferred from the posts
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Run the language server (LSP over standard input and output), for editors
    Server,
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Print the schema FM009 applies to a content file (postlint's built-in one when none does)
    Show {
        /// A content file (it need not exist yet)
        path: PathBuf,
        /// Read this configuration file instead of looking for postlint.toml
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print a JSON Schema that the existing front matter satisfies
    Infer {
        /// Files or folders to read (default: every file `check` would lint)
        paths: Vec<PathBuf>,
        /// Read only the files matching this glob, relative to the config's folder (or the site root)
        #[arg(long, value_name = "GLOB")]
        glob: Option<String>,
        /// Read this configuration file instead of looking for postlint.toml
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; they replace the site's default set.
    /// `-` reads one file from standard input (with --stdin-filename)
    pub paths: Vec<PathBuf>,

    /// Lint standard input as if it were this file (site context from its location)
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value = "full")]
    pub format: Format,

    /// The lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,

    /// Rules to run, replacing the configured selection (codes, families, names, ALL)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Rules not to run, added to the configured `ignore`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Read this configuration file instead of looking for postlint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Apply the fixes rules prove safe, write the files, report what remains
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Print the fixes as a unified diff instead of writing them
    #[arg(long)]
    pub diff: bool,

    /// Print the number of findings per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,

    /// Print the files that would be linted, and nothing else
    #[arg(long)]
    pub show_files: bool,

    /// Neither read nor write the cache (`.postlint_cache` at the site root)
    #[arg(long)]
    pub no_cache: bool,

    /// When to colour the human report
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}
