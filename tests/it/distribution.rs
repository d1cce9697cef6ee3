//! What the release ships must agree with itself: one version everywhere a
//! user copies it from (the pre-commit mirror, the GitHub Action, the VS Code
//! extension, the README's snippets), and the mirror's hooks are this repository's, installed from
//! the wheel. `scripts/check-distribution.sh` (run by `.ci/run`) builds and
//! installs the wheel and runs the hooks for real.

use crate::common;

use postlint::value::{Node, parse_toml};
use std::fs;

fn read(path: &str) -> String {
    fs::read_to_string(common::repo_root().join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn toml_file(path: &str) -> Node {
    parse_toml(&read(path), 0).unwrap_or_else(|err| panic!("{path}: {}", err.message))
}

/// The string at a dotted path of keys, if there is one.
fn string<'a>(node: &'a Node, keys: &str) -> Option<&'a str> {
    keys.split('.')
        .try_fold(node, |node, key| node.get(key))
        .and_then(Node::as_str)
}

/// The strings of the list at a dotted path of keys.
fn strings<'a>(node: &'a Node, keys: &str) -> Vec<&'a str> {
    keys.split('.')
        .try_fold(node, |node, key| node.get(key))
        .and_then(Node::as_seq)
        .unwrap_or_else(|| panic!("no list at {keys}"))
        .iter()
        .filter_map(Node::as_str)
        .collect()
}

fn cargo_version() -> String {
    string(&toml_file("Cargo.toml"), "package.version")
        .expect("Cargo.toml has a version")
        .to_string()
}

#[test]
fn the_python_package_is_the_binary_with_cargo_metadata() {
    let pyproject = toml_file("pyproject.toml");
    assert_eq!(
        string(&pyproject, "build-system.build-backend"),
        Some("maturin")
    );
    assert_eq!(string(&pyproject, "tool.maturin.bindings"), Some("bin"));
    assert_eq!(string(&pyproject, "project.name"), Some("postlint"));
    assert!(
        strings(&pyproject, "project.dynamic").contains(&"version"),
        "the version must come from Cargo.toml"
    );
    assert_eq!(
        string(&pyproject, "project.version"),
        None,
        "a version in pyproject.toml would drift from Cargo.toml's"
    );
}

#[test]
fn the_mirror_action_and_readme_name_the_crate_version() {
    let version = cargo_version();

    let mirror = toml_file("pre-commit-mirror/pyproject.toml");
    assert_eq!(string(&mirror, "project.version"), Some(version.as_str()));
    assert_eq!(
        strings(&mirror, "project.dependencies"),
        [format!("postlint=={version}")]
    );

    let action = read("action.yml");
    let version_input = action
        .split("\n  version:\n")
        .nth(1)
        .expect("action.yml has a version input");
    let default = version_input
        .lines()
        .find_map(|line| line.trim().strip_prefix("default: "))
        .expect("the version input has a default");
    assert_eq!(
        default,
        format!("\"{version}\""),
        "action.yml's default version"
    );

    for readme in ["README.md", "pre-commit-mirror/README.md"] {
        let text = read(readme);
        let revs: Vec<_> = text
            .lines()
            .filter_map(|line| line.trim().strip_prefix("rev: "))
            .filter_map(|rev| rev.split_whitespace().next())
            .collect();
        assert!(!revs.is_empty(), "{readme} shows a pre-commit snippet");
        for rev in revs {
            assert_eq!(rev, format!("v{version}"), "{readme}: a pre-commit rev");
        }
    }
    let extension: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).expect("package.json parses");
    assert_eq!(
        extension["version"].as_str(),
        Some(version.as_str()),
        "the VS Code extension's version"
    );

    let readme = read("README.md");
    assert!(
        readme.contains(&format!("postlint-{version}.vsix")),
        "README installs the VS Code extension of this version"
    );
    let steps = readme
        .lines()
        .filter(|line| line.trim().starts_with("- uses: postlint/postlint@"))
        .count();
    assert_eq!(steps, 1, "README shows the action in one workflow");
    let pinned = format!("postlint/postlint@v{version}");
    let uses: Vec<_> = readme.match_indices("postlint/postlint@").collect();
    assert!(!uses.is_empty());
    for (at, _) in uses {
        assert!(
            readme[at..].starts_with(&pinned),
            "README: the action's version at byte {at}"
        );
    }
}

#[test]
fn the_mirror_hooks_are_this_repository_hooks_installed_from_the_wheel() {
    let source = read(".pre-commit-hooks.yaml");
    let mirror = read("pre-commit-mirror/.pre-commit-hooks.yaml");
    assert!(source.contains("language: rust"), "{source}");
    assert_eq!(mirror, source.replace("language: rust", "language: python"));
    for id in ["- id: postlint\n", "- id: postlint-fix\n"] {
        assert!(mirror.contains(id), "the mirror has {id}");
    }
}
