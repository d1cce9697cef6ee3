//! postlint: lints the content of Hugo and Jekyll sites.
//!
//! The library is in layers; a module imports only from the modules listed
//! before it (`tests/it/architecture.rs` keeps it so; CONTRIBUTING.md has
//! the map):
//!
//! - `diagnostic`: findings and rules, as every layer sees them;
//! - `text`: lines, paths, URLs, did-you-mean, character tables;
//! - `value`: front matter and config trees with spans;
//! - `error`: errors that stop a run;
//! - `generator`: what Hugo and Jekyll do, from their config;
//! - `site`: a site's folders, templates, themes and modules;
//! - `document`: a content file parsed once;
//! - `schema`: JSON Schemas for front matter;
//! - `index`: every page of a site, its URL and how links find it;
//! - `rules`: the checks, each rule declared once;
//! - `config`: `postlint.toml`;
//! - `report`: the report model and its output formats;
//! - `engine`: from paths to a report;
//! - `server`: the language server, for editors;
//! - `cli`: the command line.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod error;
pub mod generator;
pub mod index;
pub mod report;
pub mod rules;
pub mod schema;
pub mod server;
pub mod site;
pub mod text;
pub mod value;

pub use cli::run;
