//! postlint over the real sites in `../shared/corpus/`: it must lint every
//! content file the generator builds and report no error the generator does
//! not agree with. Skipped (with a message) when the corpus is absent, so a
//! user's clone still passes.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

/// The oracle's verdict per content file: `(status, path)`.
fn oracle(site: &std::path::Path) -> Vec<(String, String)> {
    let dir = site.join("oracle");
    let Some(file) = fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with("hugo-0.168") || name.starts_with("jekyll-")
            })
            .max()
    }) else {
        return Vec::new();
    };
    fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .collect()
}

#[test]
fn every_content_file_is_linted_and_accepted_files_parse() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut sites: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("corpus.json").is_file())
        .collect();
    sites.sort();
    assert!(!sites.is_empty());
    for site in sites {
        let name = site.file_name().unwrap().to_string_lossy().to_string();
        let shown = common::run_in(&site, &["check", "--show-files"]);
        assert_eq!(shown.code, 0, "{name}: {}", shown.all());
        let linted: BTreeSet<&str> = shown.stdout.lines().collect();
        let verdicts = oracle(&site);
        for (status, path) in &verdicts {
            if status == "OK" || status == "WARN" || status == "FAIL" {
                let is_markdown = path.ends_with(".md") || path.ends_with(".markdown");
                assert!(
                    !is_markdown || linted.contains(path.as_str()),
                    "{name}: {path} is content but not linted"
                );
            }
        }
        let out = common::run_in(
            &site,
            &[
                "check",
                "--format",
                "json",
                "--select",
                "FM001,FM002,ENC001,IO001",
            ],
        );
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        let accepted: BTreeSet<&str> = verdicts
            .iter()
            .filter(|(status, _)| status == "OK" || status == "WARN")
            .map(|(_, path)| path.as_str())
            .collect();
        for finding in report["diagnostics"].as_array().unwrap() {
            let path = finding["path"].as_str().unwrap();
            assert!(
                !accepted.contains(path),
                "{name}: {path} builds, yet postlint reports {} {}",
                finding["code"],
                finding["message"]
            );
        }
    }
}
