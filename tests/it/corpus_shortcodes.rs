//! Shortcodes and Liquid over the real sites in `../shared/corpus/`:
//!
//! 1. Hugo 0.168 and Jekyll 4.3 build every content file there (see the
//!    corpus README), so postlint must report no SC or LQ error, except
//!    congo's calls of the removed built-ins `gist` and `twitter_simple`.
//! 2. The registry agrees with each corpus' `shortcodes.tsv`.
//!
//! The shortcode and Liquid mutation operators (a closing tag deleted or
//! added, closers crossed, a name misspelled, a `>}}` cut, an end tag
//! deleted) run with every other family's in `tests/mutations.rs`.
//!
//! Skipped (with a message) when the corpus is absent, so a user's clone
//! still passes.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use postlint::site::Site;
use postlint::site::shortcodes::Inner;

fn sites(root: &Path) -> Vec<PathBuf> {
    common::corpus_sites(root)
}

/// The only shortcode or Liquid errors the generators agree with.
fn expected_error(site: &str, path: &str, code: &str, message: &str) -> bool {
    site == "congo"
        && code == "SC006"
        && path.starts_with("content/samples/rich-content/index")
        && (message.contains("`gist`") || message.contains("`twitter_simple`"))
}

#[test]
fn corpora_have_no_shortcode_or_liquid_errors() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut removed = 0;
    for site in sites(&root) {
        let name = site.file_name().unwrap().to_string_lossy().to_string();
        let out = common::run_in(&site, &["check", "--format", "json", "--select", "SC,LQ"]);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        for finding in report["diagnostics"].as_array().unwrap() {
            let path = finding["path"].as_str().unwrap();
            // docsy-dev mounts `../README.md` (upstream: docsy's own README)
            // as content; in this corpus that is the corpus README, which
            // quotes shortcode calls in code spans. Not part of any site.
            if path.starts_with("../") {
                continue;
            }
            let code = finding["code"].as_str().unwrap();
            let message = finding["message"].as_str().unwrap();
            if expected_error(&name, path, code, message) {
                assert_eq!(finding["severity"], "error");
                removed += 1;
                continue;
            }
            panic!(
                "{name}: {path}:{}: {code} {message} ({}), but the generator builds this file",
                finding["line"], finding["severity"]
            );
        }
    }
    // Five language versions of congo's rich-content sample, each calling
    // `gist` and `twitter_simple` once.
    assert_eq!(removed, 10, "congo's removed built-ins");
}

/// Every template in each Hugo site's `shortcodes.tsv` (name, whether it
/// evaluates `.Inner`, site or theme) is found, with the same facts.
#[test]
fn registry_agrees_with_the_corpus_shortcode_tables() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut checked = 0;
    for site_dir in sites(&root) {
        let Ok(table) = fs::read_to_string(site_dir.join("shortcodes.tsv")) else {
            continue;
        };
        let site = Site::at(&site_dir).unwrap().unwrap();
        let registry = site.shortcodes();
        for row in table.lines().skip(1) {
            let cols: Vec<&str> = row.split('\t').collect();
            let (name, uses_inner, origin) = (cols[0], cols[1] == "yes", cols[2]);
            let entry = registry
                .get(name)
                .unwrap_or_else(|| panic!("{}: `{name}` not found", site_dir.display()));
            let expected = if uses_inner { Inner::Yes } else { Inner::No };
            assert_eq!(entry.inner(), expected, "{}: `{name}`", site_dir.display());
            let is_theme = matches!(entry.origin, postlint::site::shortcodes::Origin::Theme(_));
            assert_eq!(
                is_theme,
                origin == "theme",
                "{}: `{name}` origin",
                site_dir.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked} templates checked");
}
