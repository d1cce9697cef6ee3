//! postlint over the real sites in `../shared/corpus/`: it must lint every
//! content file the generator builds and report no error the generator does
//! not agree with. Skipped (with a message) when the corpus is absent, so a
//! user's clone still passes.

use crate::common;

use std::collections::BTreeSet;
use std::fs;

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
    let sites = common::corpus_sites(&root);
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

/// Errors postlint reports on files the generator builds, and why each is
/// right: `(site, path prefix, code, count, reason)`.
const REAL_DEFECTS: &[(&str, &str, &str, usize, &str)] = &[
    (
        "congo",
        "content/_index",
        "IMG001",
        5,
        "`figure` with neither `alt` nor `caption` on the home page (five languages): Hugo renders the <img> without alt text",
    ),
    (
        "congo",
        "content/docs/version-2/_index",
        "IMG001",
        6,
        "a `![](…)` image and a `screenshot` call without alt text (three languages)",
    ),
    (
        "congo",
        "content/samples/rich-content/index",
        "SC006",
        10,
        "the built-ins `gist` and `twitter_simple`, removed in Hugo 0.156 (five languages; the oracle stubs network shortcodes, so its table says OK)",
    ),
    (
        "jekyll-docs",
        "_docs/code_of_conduct.md",
        "SITE001",
        1,
        "both Code of Conduct pages say `redirect_from: /conduct/index.html`: jekyll-redirect-from writes that redirect twice and the second silently replaces the first",
    ),
    (
        "jekyll-docs",
        "_docs/conduct.md",
        "SITE001",
        1,
        "the other side of the same `/conduct/index.html` redirect collision",
    ),
    (
        "hugo-docs",
        "content/en/functions/images/Mask.md",
        "IMG001",
        1,
        "an `img` call without `alt`: the mask example image has no alt text",
    ),
];

/// No false alarms on real sites: no error-level finding, with the default
/// rules, on any file the generator builds, but the real defects above.
#[test]
fn no_errors_on_files_the_generator_builds_but_real_defects() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let sites = common::corpus_sites(&root);
    let mut defects = vec![0usize; REAL_DEFECTS.len()];
    let mut false_alarms = Vec::new();
    let mut checked = 0;
    for site in sites {
        let name = site.file_name().unwrap().to_string_lossy().to_string();
        let accepted: BTreeSet<String> = oracle(&site)
            .into_iter()
            .filter(|(status, _)| status == "OK" || status == "WARN")
            .map(|(_, path)| path)
            .collect();
        checked += accepted.len();
        let out = common::run_in(&site, &["check", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        for finding in report["diagnostics"].as_array().unwrap() {
            let path = finding["path"].as_str().unwrap();
            if finding["severity"] != "error" || !accepted.contains(path) {
                continue;
            }
            let code = finding["code"].as_str().unwrap();
            match REAL_DEFECTS.iter().position(|(s, prefix, c, _, _)| {
                *s == name && path.starts_with(prefix) && *c == code
            }) {
                Some(i) => defects[i] += 1,
                None => false_alarms.push(format!(
                    "{name}/{path}:{}: {code} {}",
                    finding["line"],
                    finding["message"].as_str().unwrap_or_default()
                )),
            }
        }
    }
    assert!(checked > 1000, "{checked} accepted files");
    assert!(
        false_alarms.is_empty(),
        "errors on files the generator builds:\n{}",
        false_alarms.join("\n")
    );
    for ((site, prefix, code, expected, reason), found) in REAL_DEFECTS.iter().zip(defects) {
        assert_eq!(found, *expected, "{site}/{prefix} {code}: {reason}");
    }
}

/// `postlint check path/to/site` finds what `postlint check` finds inside
/// the site, every rule on: a folder that holds all the content is linted
/// as the whole site (the same index, not one lookup per link).
#[test]
fn a_site_folder_given_as_a_path_is_linted_as_the_whole_site() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut compared = 0;
    for site in common::corpus_sites(&root) {
        let name = site.file_name().unwrap().to_string_lossy().to_string();
        let args = ["check", "--format", "concise", "--select", "ALL"];
        let inside = common::run_in(&site, &args);
        let mut given = args.to_vec();
        given.push(&name);
        let outside = common::run_in(&root, &given);
        let prefix = format!("{name}/");
        let shown: Vec<String> = outside
            .stdout
            .lines()
            .map(|line| line.replace(&prefix, ""))
            .collect();
        // Content mounted from outside the folder (docsy-dev's
        // `../README.md`) is not in it, so not linted when it is given.
        let expected: Vec<&str> = inside
            .stdout
            .lines()
            .filter(|line| !line.starts_with("../"))
            .collect();
        if expected.len() == inside.stdout.lines().count() {
            assert_eq!(inside.code, outside.code, "{name}: {}", outside.all());
        }
        compared += expected.len();
        assert_eq!(shown, expected, "{name}");
    }
    assert!(compared > 100, "only {compared} findings compared");
}
