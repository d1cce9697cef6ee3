//! Every rule page is real documentation: its failing example fires exactly
//! that rule through the real engine, its passing example fires nothing,
//! and the README's rule table is the registry's.

use crate::common;

use std::fs;
use std::path::Path;

use postlint::config::{Overrides, Settings};
use postlint::engine::{example_site, lint_text};
use postlint::generator::Flavor;
use postlint::rules;
use postlint::site::Site;

/// A fenced code block of a page, with the `key=value` words of its info string.
struct Block {
    section: String,
    info: Vec<String>,
    text: String,
}

impl Block {
    fn get(&self, key: &str) -> Option<&str> {
        self.info
            .iter()
            .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
    }
}

fn blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title.trim().to_string();
            continue;
        }
        let fence: String = line.chars().take_while(|c| *c == '`').collect();
        if fence.len() >= 3 {
            let info = line[fence.len()..]
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let mut text = String::new();
            for inner in lines.by_ref() {
                if inner.starts_with(&fence) && inner.trim_start_matches('`').trim().is_empty() {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            out.push(Block {
                section: section.clone(),
                info,
                text,
            });
        }
    }
    out
}

/// The `postlint.toml` a page's examples run with, when it shows one.
fn page_config(blocks: &[Block]) -> Option<&str> {
    blocks
        .iter()
        .find(|b| {
            b.info.first().map(String::as_str) == Some("toml")
                && b.info.iter().any(|w| w == "postlint.toml")
        })
        .map(|b| b.text.as_str())
}

fn run_example(code: &str, block: &Block, config: Option<&str>) -> Vec<String> {
    run_example_selecting(code, block, config, "ALL")
}

/// Lints the example with only `select` chosen (`ALL`, or one rule's code).
fn run_example_selecting(
    code: &str,
    block: &Block,
    config: Option<&str>,
    select: &str,
) -> Vec<String> {
    let flavor = match block.get("flavor").unwrap_or("hugo") {
        "jekyll" => Flavor::Jekyll,
        _ => Flavor::Hugo,
    };
    let site = match block.get("site") {
        Some(dir) => Site::at(&common::repo_root().join(dir))
            .expect("the example's site reads")
            .expect("the example's site exists"),
        None => example_site(flavor),
    };
    let relative = block
        .get("path")
        .unwrap_or_else(|| panic!("{code}: example without path="));
    let overrides = Overrides {
        select: Some(vec![select.to_string()]),
        ..Overrides::default()
    };
    let settings = match config {
        Some(text) => Settings::from_text(&site.root.join("postlint.toml"), text, &overrides),
        None => Settings::defaults(&site.root, &overrides),
    }
    .unwrap_or_else(|err| panic!("{code}: example config: {err}"));
    lint_text(&site, &settings, relative, &block.text)
        .iter()
        .map(|d| format!("{} {}", d.rule.code, d.message))
        .collect()
}

#[test]
fn every_page_example_behaves_as_documented() {
    let mut checked = 0;
    for rule in rules::ALL.iter() {
        let page = rule.doc;
        let title = page.lines().next().unwrap_or_default();
        assert_eq!(
            title,
            format!("# {} {}", rule.code, rule.name),
            "page title of {}",
            rule.code
        );
        for section in ["## What it checks", "## Why it matters", "## Options"] {
            assert!(page.contains(section), "{} lacks {section}", rule.code);
        }
        if page.contains("<!-- no-examples:") {
            continue;
        }
        let all = blocks(page);
        let config = page_config(&all);
        let failing: Vec<&Block> = all
            .iter()
            .filter(|b| b.section.starts_with("Example that fails"))
            .collect();
        let passing: Vec<&Block> = all
            .iter()
            .filter(|b| b.section.starts_with("Example that passes"))
            .collect();
        assert!(!failing.is_empty(), "{}: no failing example", rule.code);
        assert!(!passing.is_empty(), "{}: no passing example", rule.code);
        for block in failing {
            let found = run_example(rule.code, block, config);
            assert!(
                !found.is_empty(),
                "{}: the failing example fires nothing",
                rule.code
            );
            for finding in &found {
                assert!(
                    finding.starts_with(rule.code),
                    "{}: the failing example fires {finding}",
                    rule.code
                );
            }
            checked += 1;
        }
        for block in passing {
            let found = run_example(rule.code, block, config);
            assert!(
                found.is_empty(),
                "{}: the passing example fires {found:?}",
                rule.code
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// A rule is reported only by the check it is declared with: selected
/// alone (`--select CODE`), one of its failing examples at least must still
/// fire it, and nothing else. A rule declared with a check that never
/// reports it fails here. (An example may need another rule on: PL001's
/// unused suppression of FM003 is unused only if FM003 runs.)
#[test]
fn every_rule_fires_when_selected_alone() {
    for rule in rules::ALL.iter() {
        let page = rule.doc;
        if page.contains("<!-- no-examples:") {
            let found = scenario_selecting_alone(rule.code);
            assert!(
                found
                    .iter()
                    .any(|line| line.contains(&format!(": {} ", rule.code))),
                "{}: its scenario fires nothing when it is selected alone:\n{}",
                rule.code,
                found.join("\n")
            );
            continue;
        }
        let all = blocks(page);
        let config = page_config(&all);
        let mut fired = false;
        for block in all
            .iter()
            .filter(|b| b.section.starts_with("Example that fails"))
        {
            let found = run_example_selecting(rule.code, block, config, rule.code);
            for finding in &found {
                assert!(
                    finding.starts_with(rule.code),
                    "{}: selected alone, its failing example fires {finding}",
                    rule.code
                );
            }
            fired |= !found.is_empty();
        }
        assert!(
            fired,
            "{}: selected alone, no failing example fires it",
            rule.code
        );
    }
}

/// For the rules whose page cannot hold an example: a site on disk that
/// breaks the rule, linted by the real binary with the rule alone selected
/// (`concise` lines).
fn scenario_selecting_alone(code: &str) -> Vec<String> {
    let config: (&str, &[u8]) = ("hugo.toml", b"baseURL = 'https://example.org/'\n");
    let post = |title: &str| format!("---\ntitle: {title}\n---\nText.\n").into_bytes();
    let site = match code {
        "ENC001" => common::Scratch::new(&[
            config,
            (
                "content/posts/latin1.md",
                b"---\ntitle: Caf\xe9\n---\nCaf\xe9.\n",
            ),
        ]),
        "IO001" => {
            let site = common::Scratch::new(&[config, ("content/posts/a.md", &post("A"))]);
            #[cfg(unix)]
            std::os::unix::fs::symlink(
                site.path().join("content/posts/gone.md"),
                site.path().join("content/posts/dangling.md"),
            )
            .expect("a dangling link");
            site
        }
        "IO002" => common::Scratch::new(&[
            config,
            ("postlint.toml", b"[files]\nmax_size = 10\n"),
            ("content/posts/long.md", &post("Long")),
        ]),
        "SITE002" => common::Scratch::new(&[
            config,
            ("content/posts/one.md", &post("Same")),
            ("content/posts/two.md", &post("Same")),
        ]),
        "SITE003" => common::Scratch::new(&[
            (
                "hugo.toml",
                b"baseURL = 'https://example.org/'\ntheme = 'not-here'\n",
            ),
            ("content/posts/a.md", &post("A")),
        ]),
        "SITE004" => common::Scratch::new(&[
            (
                "_config.yml",
                b"title: x\nplugins:\n  - jekyll-not-in-the-table\n",
            ),
            ("_posts/2024-05-01-a.md", &post("A")),
        ]),
        "SITE005" => common::Scratch::new(&[
            (
                "hugo.toml",
                b"baseURL = 'https://example.org/'\ntimeZone = 'Europe/Olso'\n",
            ),
            ("content/posts/a.md", &post("A")),
        ]),
        other => panic!("{other} has no page example: give it a scenario here"),
    };
    let args: Vec<&str> = match code {
        "IO001" => vec!["content/posts/dangling.md"],
        _ => Vec::new(),
    };
    let mut command = vec!["check", "--format", "concise", "--select", code];
    command.extend(args);
    site.run(&command)
        .stdout
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn every_page_belongs_to_a_rule() {
    for entry in fs::read_dir(common::repo_root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let code = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            rules::by_code(&code).is_some(),
            "rules/{code}.md has no rule in the registry"
        );
    }
}

#[test]
fn readme_rule_table_is_the_registry() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = rules::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's rule table differs from the registry; replace it with `postlint rules` output:\n{table}"
    );
}
