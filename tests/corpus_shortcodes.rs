//! Shortcodes and Liquid over the real sites in `../shared/corpus/`:
//!
//! 1. Hugo 0.168 and Jekyll 4.3 build every content file there (see the
//!    corpus README), so postlint must report no SC or LQ error, except
//!    congo's calls of the removed built-ins `gist` and `twitter_simple`.
//! 2. Mutation test: real posts with one fault injected (a closing tag
//!    deleted, a closing tag added to a shortcode without `.Inner`, two
//!    closing tags swapped, a name misspelled, a tag's `>}}` cut, an end
//!    tag such as `{% endif %}` or an `{% endraw %}` deleted) must be reported by the
//!    right rule at the right line.
//!
//! Skipped (with a message) when the corpus is absent, so a user's clone
//! still passes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use postlint::config::{Overrides, Settings};
use postlint::document::{Document, LiquidKind, ShortcodeKind, Source};
use postlint::lint::lint_text;
use postlint::site::shortcodes::Inner;
use postlint::site::{Flavor, Site};

fn sites(root: &Path) -> Vec<PathBuf> {
    let mut sites: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("corpus.json").is_file())
        .collect();
    sites.sort();
    sites
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

// ---------------------------------------------------------------- mutations

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    DeleteCloser,
    AddCloser,
    SwapClosers,
    MisspellName,
    CutDelimiter,
    DeleteEndTag,
    DeleteEndraw,
}

#[derive(Clone)]
struct Mutant {
    fault: Fault,
    text: String,
    /// The rule that must report it, at this 1-based line.
    code: &'static str,
    line: usize,
    /// Also right: with the same block nested in itself, which of the
    /// same-named openers lost its end tag cannot be told from the text.
    also: Vec<usize>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// At most this many mutants of one kind per file: the first and the last
/// candidates, so long files do not dominate.
const PER_FILE: usize = 2;

fn pick<T: Clone>(candidates: Vec<T>) -> Vec<T> {
    if candidates.len() <= PER_FILE {
        return candidates;
    }
    vec![
        candidates[0].clone(),
        candidates[candidates.len() - 1].clone(),
    ]
}

/// A plausible typo of `name` that names no known shortcode.
fn typo(name: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut tries = Vec::new();
    if chars.len() >= 4 {
        let mut swapped = chars.clone();
        swapped.swap(1, 2);
        tries.push(swapped.into_iter().collect::<String>());
    }
    if chars.len() >= 3 {
        let mut dropped = chars.clone();
        dropped.remove(chars.len() / 2);
        tries.push(dropped.into_iter().collect());
    }
    let mut doubled = chars.clone();
    doubled.push(*chars.last()?);
    tries.push(doubled.into_iter().collect());
    tries
        .into_iter()
        .find(|t| t != name && !known(t) && !t.contains(['.', '/']))
}

fn hugo_mutants(site: &Site, text: &str) -> Vec<Mutant> {
    let doc = Document::parse(Source::from_text(text.to_string()), Flavor::Hugo);
    let tags = &doc.tags.shortcodes;
    let registry = site.shortcodes();
    let inner = |name: &str| registry.get(name).map(|entry| entry.inner());
    let mut out = Vec::new();
    if tags.iter().any(|t| t.error.is_some() || t.inline) {
        return out;
    }
    // Pair the valid original as Hugo does.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, sc) in tags.iter().enumerate() {
        match sc.kind {
            ShortcodeKind::Open if inner(&sc.name) == Some(Inner::Yes) => stack.push(i),
            ShortcodeKind::Close => {
                if let Some(open) = stack.pop() {
                    pairs.push((open, i));
                }
            }
            _ => {}
        }
    }
    let paired_ok = |&(open, close): &(usize, usize)| tags[open].name == tags[close].name;

    let mut deletes = Vec::new();
    for &(open, close) in pairs.iter().filter(|p| paired_ok(p)) {
        let also = pairs
            .iter()
            .filter(|&&(o, c)| o < open && c > close && tags[o].name == tags[open].name)
            .map(|&(o, _)| line_of(text, tags[o].span.start))
            .collect();
        deletes.push(Mutant {
            fault: Fault::DeleteCloser,
            text: splice(text, tags[close].span.start, tags[close].span.end, ""),
            code: "SC001",
            line: line_of(text, tags[open].span.start),
            also,
        });
    }
    out.extend(pick(deletes));

    let mut adds = Vec::new();
    for sc in tags {
        if sc.kind == ShortcodeKind::Open && inner(&sc.name) == Some(Inner::No) {
            let closer = format!(
                "{} /{} {}",
                sc.delimiter.open(),
                sc.name,
                sc.delimiter.close()
            );
            adds.push(Mutant {
                fault: Fault::AddCloser,
                text: splice(text, sc.span.end, sc.span.end, &closer),
                code: "SC002",
                line: line_of(text, sc.span.end),
                also: Vec::new(),
            });
        }
    }
    out.extend(pick(adds));

    // A child closed right before its parent: swap the two closing tags.
    let mut swaps = Vec::new();
    for &(open_b, close_b) in pairs.iter().filter(|p| paired_ok(p)) {
        let parent = pairs.iter().find(|&&(open_a, close_a)| {
            open_a < open_b
                && close_a > close_b
                && paired_ok(&(open_a, close_a))
                && tags[open_a].name != tags[open_b].name
                && !tags[close_b + 1..close_a]
                    .iter()
                    .any(|t| t.kind != ShortcodeKind::SelfClosing)
        });
        if let Some(&(_, close_a)) = parent {
            let a = &tags[close_a];
            let b = &tags[close_b];
            let a_text = &text[a.span.range()];
            let b_text = &text[b.span.range()];
            let swapped = format!(
                "{}{a_text}{}{b_text}{}",
                &text[..b.span.start],
                &text[b.span.end..a.span.start],
                &text[a.span.end..]
            );
            swaps.push(Mutant {
                fault: Fault::SwapClosers,
                text: swapped,
                code: "SC003",
                line: line_of(text, b.span.start),
                also: Vec::new(),
            });
        }
    }
    out.extend(pick(swaps));

    let mut typos = Vec::new();
    for sc in tags {
        if sc.kind == ShortcodeKind::Close || registry.get(&sc.name).is_none() {
            continue;
        }
        if let Some(bad) = typo(&sc.name, |n| registry.get(n).is_some()) {
            typos.push(Mutant {
                fault: Fault::MisspellName,
                text: splice(text, sc.name_span.start, sc.name_span.end, &bad),
                code: "SC004",
                line: line_of(text, sc.span.start),
                also: Vec::new(),
            });
        }
    }
    out.extend(pick(typos));

    let mut cuts = Vec::new();
    for sc in tags {
        cuts.push(Mutant {
            fault: Fault::CutDelimiter,
            text: splice(text, sc.span.end - 3, sc.span.end, ""),
            code: "SC005",
            line: line_of(text, sc.span.start),
            also: Vec::new(),
        });
    }
    out.extend(pick(cuts));
    out
}

fn jekyll_mutants(text: &str) -> Vec<Mutant> {
    let doc = Document::parse(Source::from_text(text.to_string()), Flavor::Jekyll);
    let tags = &doc.tags.liquid;
    let mut out = Vec::new();
    if tags.iter().any(|t| t.error.is_some()) {
        return out;
    }
    // Block tags and their end tags, as Liquid nests them (comments parse
    // their body; raw bodies are not tags at all).
    let mut stack: Vec<usize> = Vec::new();
    let mut ends = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if tag.kind != LiquidKind::Tag {
            continue;
        }
        match tag.name.as_str() {
            "if" | "unless" | "case" | "for" | "tablerow" | "capture" | "comment" | "ifchanged"
            | "highlight" => stack.push(i),
            name if name.starts_with("end") && name != "endraw" => {
                if let Some(open) = stack.pop()
                    && name[3..] == tags[open].name
                {
                    let also = stack
                        .iter()
                        .filter(|&&outer| tags[outer].name == tags[open].name)
                        .map(|&outer| line_of(text, tags[outer].span.start))
                        .collect();
                    ends.push(Mutant {
                        fault: Fault::DeleteEndTag,
                        text: splice(text, tag.span.start, tag.span.end, ""),
                        code: "LQ001",
                        line: line_of(text, tags[open].span.start),
                        also,
                    });
                }
            }
            _ => {}
        }
    }
    out.extend(pick(ends));
    // Deleting an `endraw` leaves its `raw` open only when no `endraw`
    // follows (raw does not nest: a later one would close it).
    let mut raws = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if tag.name != "endraw" || i == 0 || tags[i - 1].name != "raw" {
            continue;
        }
        let rest = &text[tag.span.end..];
        if rest.contains("endraw") {
            continue;
        }
        raws.push(Mutant {
            fault: Fault::DeleteEndraw,
            text: splice(text, tag.span.start, tag.span.end, ""),
            code: "LQ001",
            line: line_of(text, tags[i - 1].span.start),
            also: Vec::new(),
        });
    }
    out.extend(raws);
    out
}

#[test]
fn injected_faults_are_reported_at_the_right_line() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut tally: BTreeMap<Fault, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for site_dir in sites(&root) {
        let name = site_dir.file_name().unwrap().to_string_lossy().to_string();
        let site = Site::at(&site_dir).unwrap().unwrap();
        let overrides = Overrides {
            select: Some(vec!["SC".into(), "LQ".into()]),
            ..Overrides::default()
        };
        let settings = Settings::load(&site.root, &overrides).unwrap();
        let shown = common::run_in(&site_dir, &["check", "--show-files"]);
        for relative in shown.stdout.lines() {
            if relative.starts_with("../") {
                continue;
            }
            let Ok(text) = fs::read_to_string(site_dir.join(relative)) else {
                continue;
            };
            let mutants = match site.flavor {
                Flavor::Hugo => hugo_mutants(&site, &text),
                Flavor::Jekyll => {
                    if !text.starts_with("---") {
                        continue;
                    }
                    jekyll_mutants(&text)
                }
            };
            for (n, mutant) in mutants.into_iter().enumerate() {
                if let Some(dir) = std::env::var_os("POSTLINT_DUMP_MUTANTS") {
                    let file = PathBuf::from(dir)
                        .join(&name)
                        .join(format!("{:?}", mutant.fault))
                        .join(format!("{}.{n}", relative.replace('/', "__")));
                    fs::create_dir_all(file.parent().unwrap()).unwrap();
                    fs::write(&file, &mutant.text).unwrap();
                }
                let found = lint_text(&site, &settings, relative, &mutant.text);
                let hit = found.iter().any(|d| {
                    let line = line_of(&mutant.text, d.primary.span.start);
                    d.rule.code == mutant.code
                        && (line == mutant.line || mutant.also.contains(&line))
                });
                let entry = tally.entry(mutant.fault).or_default();
                entry.0 += 1;
                if hit {
                    entry.1 += 1;
                } else {
                    let got: Vec<String> = found
                        .iter()
                        .map(|d| {
                            format!(
                                "{}@{}",
                                d.rule.code,
                                line_of(&mutant.text, d.primary.span.start)
                            )
                        })
                        .collect();
                    misses.push(format!(
                        "{name}/{relative}: {:?} expected {} at line {}, got {got:?}",
                        mutant.fault, mutant.code, mutant.line
                    ));
                }
            }
        }
    }
    let total: usize = tally.values().map(|(n, _)| n).sum();
    let detected: usize = tally.values().map(|(_, d)| d).sum();
    eprintln!("mutation test: {detected} of {total} mutants detected at the right line");
    for (fault, (n, d)) in &tally {
        eprintln!("  {fault:?}: {d}/{n}");
    }
    for miss in misses.iter().take(60) {
        eprintln!("  missed: {miss}");
    }
    assert!(total > 500, "too few mutants: {total}");
    for fault in [
        Fault::DeleteCloser,
        Fault::AddCloser,
        Fault::SwapClosers,
        Fault::MisspellName,
        Fault::CutDelimiter,
        Fault::DeleteEndTag,
        Fault::DeleteEndraw,
    ] {
        assert!(
            tally.get(&fault).is_some_and(|(n, _)| *n > 0),
            "no {fault:?} mutants"
        );
    }
    assert_eq!(
        detected,
        total,
        "every injected fault must be reported:\n{}",
        misses.join("\n")
    );
}
