//! The integration tests: one binary (a binary per file would link the
//! library two dozen times), a module per area. They drive the real
//! `postlint` binary on real files; `common` builds scratch sites and runs it.

mod common;

mod architecture;
mod cache;
mod cli;
mod config;
mod corpus;
mod corpus_shortcodes;
mod distribution;
mod editor;
mod encoding;
mod engine;
mod excerpt;
mod fix_corpus;
mod formats;
mod fragments;
mod frontmatter;
mod fuzz_regressions;
mod heading_ids;
mod headings;
mod hostile;
mod images;
mod integrations;
mod links;
mod liquid;
mod migration;
mod mutations;
mod pre_commit;
mod properties;
mod rule_docs;
mod schema;
mod server;
mod shortcodes;
mod site_rules;
mod themes;
