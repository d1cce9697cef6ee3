//! postlint: lints the content of Hugo and Jekyll sites.
//!
//! The pipeline: `site` finds the site and its folders, `lint` walks the
//! content and parses each file once into a `document::Document`, `rules`
//! run over it, and a `report` renders the findings.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod fix;
pub mod index;
pub mod lint;
pub mod report;
pub mod rules;
pub mod schema;
pub mod site;
pub mod suggest;
pub mod suppress;

mod commands;

pub use commands::run;
