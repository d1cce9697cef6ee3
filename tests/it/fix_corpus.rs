//! `--fix` on a copy of every real site in `../shared/corpus/` (or
//! `$POSTLINT_CORPUS`): files no fix applies to stay byte-identical (and no
//! file appears or disappears), every fixed file is exactly the original
//! with the fixes postlint proposed applied — nothing else changed, nothing
//! lost — and still parses, and a second `--fix` changes nothing.
//!
//! Skipped (with a message) when the corpus is absent.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One proposed edit: byte range and replacement.
type Edit = (usize, usize, String);

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every regular file under `root` (symlinks not followed) and its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                let relative = entry.path().strip_prefix(root).unwrap().to_path_buf();
                files.insert(relative, fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

fn check_json(site: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--select", "ALL", "--format", "json"];
    args.extend_from_slice(extra);
    let run = common::run_in(site, &args);
    assert_ne!(run.code, 2, "{}: {}", site.display(), run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON report")
}

/// The fixes a report proposes, per file (paths relative to the site).
fn proposals(report: &Value) -> HashMap<String, Vec<Vec<Edit>>> {
    let mut out: HashMap<String, Vec<Vec<Edit>>> = HashMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let Some(edits) = d["fix"]["edits"].as_array() else {
            continue;
        };
        let edits: Vec<Edit> = edits
            .iter()
            .map(|e| {
                (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                    e["replacement"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        out.entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push(edits);
    }
    out
}

/// The original with the proposed fixes applied: in file order, each fix
/// whose edits overlap none taken before it (what `--fix` promises).
fn apply(original: &[u8], mut fixes: Vec<Vec<Edit>>) -> Vec<u8> {
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.0).min().unwrap_or(0));
    let mut taken: Vec<Edit> = Vec::new();
    for edits in fixes {
        let overlaps = edits.iter().any(|(start, end, _)| {
            taken
                .iter()
                .any(|(s, e, _)| (start < e && s < end) || (start == s && end == e))
        });
        if !overlaps {
            taken.extend(edits);
        }
    }
    taken.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = Vec::with_capacity(original.len());
    let mut at = 0;
    for (start, end, replacement) in taken {
        out.extend_from_slice(&original[at..start]);
        out.extend_from_slice(replacement.as_bytes());
        at = end;
    }
    out.extend_from_slice(&original[at..]);
    out
}

const PARSE_ERRORS: [&str; 3] = ["FM001", "FM002", "ENC001"];

fn parse_errors(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| PARSE_ERRORS.contains(&d["code"].as_str().unwrap()))
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fix_on_every_corpus_changes_only_the_fixed_spans_and_is_idempotent() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let sites = common::corpus_sites(&root);
    let mut fixed_files = 0;
    let mut untouched_files = 0;
    for original_site in sites {
        let name = original_site.file_name().unwrap().to_owned();
        let scratch = tempfile::tempdir().unwrap();
        let site = scratch.path().join(&name);
        copy_tree(&original_site, &site);
        let before = tree(scratch.path());

        let proposed = check_json(&site, &[]);
        let wanted = proposals(&proposed);
        let after_report = check_json(&site, &["--fix"]);
        let after = tree(scratch.path());
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{name:?}: --fix created or removed a file"
        );
        let site_prefix = PathBuf::from(&name);
        for (path, old) in &before {
            let new = &after[path];
            let relative = path
                .strip_prefix(&site_prefix)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            match wanted.get(&relative) {
                Some(fixes) => {
                    let expected = apply(old, fixes.clone());
                    assert!(
                        *new == expected,
                        "{name:?}/{relative}: --fix wrote something other than the proposed fixes\n--- expected\n{}\n--- written\n{}",
                        String::from_utf8_lossy(&expected),
                        String::from_utf8_lossy(new)
                    );
                    if new != old {
                        fixed_files += 1;
                    }
                }
                None => {
                    assert!(new == old, "{name:?}/{relative}: changed without a fix");
                    untouched_files += 1;
                }
            }
        }
        // Fixed files still parse: no parse error that was not there before.
        let was_broken = parse_errors(&proposed);
        for error in parse_errors(&after_report) {
            assert!(
                was_broken.contains(&error),
                "{name:?}/{}: {} after --fix",
                error.0,
                error.1
            );
        }
        // Idempotent: a second --fix changes nothing.
        check_json(&site, &["--fix"]);
        assert!(
            tree(scratch.path()) == after,
            "{name:?}: a second --fix changed the tree"
        );
    }
    eprintln!("--fix on the corpora: {fixed_files} files fixed, {untouched_files} files untouched");
    // congo's `_build` pages (FM012) at least: a test that fixes nothing
    // would prove nothing.
    assert!(fixed_files >= 5, "only {fixed_files} files fixed");
}
