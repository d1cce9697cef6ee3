//! Every input the fuzzers (`fuzz/`) ever crashed on, kept in
//! `tests/fuzz-crashes/`, run through the same invariants as the fuzz
//! targets: the Document parser in both flavors, the whole check of the
//! file as a post of each example site, and the configuration readers.

use crate::common;
use crate::common::invariants;

use std::fs;

use postlint::config::{Overrides, Settings};
use postlint::document::Document;
use postlint::generator::Flavor;
use postlint::site::Site;
use postlint::text::Source;

fn crashes() -> Vec<(String, Vec<u8>)> {
    let dir = common::repo_root().join("tests/fuzz-crashes");
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .expect("tests/fuzz-crashes")
        .filter_map(|e| e.ok())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).expect("readable"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn parser_crashes_stay_fixed() {
    for (name, bytes) in crashes() {
        for flavor in [Flavor::Hugo, Flavor::Jekyll] {
            let doc = Document::parse(Source::from_bytes(bytes.clone()), flavor);
            let result = std::panic::catch_unwind(|| invariants::document_ok(&doc));
            assert!(result.is_ok(), "{name} ({flavor:?})");
        }
    }
}

#[test]
fn check_crashes_stay_fixed() {
    let overrides = Overrides {
        select: Some(vec!["ALL".into()]),
        ..Overrides::default()
    };
    for (dir, post) in [
        ("fixtures/hugo-blog", "content/posts/fuzz.md"),
        ("fixtures/jekyll-blog", "_posts/2024-03-04-fuzz.md"),
    ] {
        let root = common::repo_root().join(dir);
        let site = Site::at(&root).unwrap().unwrap();
        let settings = Settings::load(&site.root, &overrides).unwrap();
        let path = root.join(post);
        for (name, bytes) in crashes() {
            // The check target's first byte picks the site: strip it.
            let bytes = match name.strip_prefix("check-") {
                Some(_) => bytes.get(1..).unwrap_or_default().to_vec(),
                None => bytes,
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                invariants::file_ok(&site, &settings, &path, &bytes)
            }));
            assert!(result.is_ok(), "{name} as {dir}/{post}");
        }
    }
}

#[test]
fn config_crashes_stay_fixed() {
    for (name, bytes) in crashes() {
        let result = std::panic::catch_unwind(|| invariants::config_ok(&bytes));
        assert!(result.is_ok(), "{name} as a config file");
    }
}
