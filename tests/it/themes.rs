//! Themes and modules found where the generator finds them (checked with
//! the real Hugo 0.168: the theme repository fixture builds, its broken
//! page fails the build), and SITE003 when one is nowhere to be found: the
//! checks that need its templates say that they are weakened.

use std::path::Path;

use crate::common;

use common::{Run, Scratch, command, output, repo_root};

/// Runs postlint in `cwd` with Hugo's and Go's cache settings pointed at
/// `cache` and no user folders, so that what the machine has cached does
/// not change the result.
fn run_with_cache(cwd: &Path, cache: &Path, args: &[&str]) -> Run {
    output(
        command(cwd)
            .env("HUGO_CACHEDIR", cache)
            .env("HOME", cache)
            .env_remove("GOMODCACHE")
            .env_remove("XDG_CACHE_HOME")
            .env_remove("HUGO_MODULE_WORKSPACE")
            .env_remove("HUGO_MODULE_REPLACEMENTS")
            .env_remove("HUGO_THEME")
            .env_remove("HUGO_ENVIRONMENT")
            .env_remove("GEM_HOME")
            .env_remove("GEM_PATH")
            .args(args),
    )
}

fn nowhere() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A theme repository: the site in `docs/`, the theme at the root, found
/// through `module.workspace` (`hugo.work`, `use ../`) and, without it,
/// through `go.mod`'s `replace … => ../`. Its shortcodes are known, so an
/// unclosed `callout` and a misspelt `calout` are errors, as in Hugo.
#[test]
fn a_theme_repository_site_finds_the_theme_through_its_workspace() {
    let docs = repo_root().join("fixtures/theme-repo/docs");
    let cache = nowhere();
    let out = run_with_cache(&docs, cache.path(), &["check", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());

    // The same site without the workspace file: go.mod's replace finds it.
    let site = Scratch::new(&[]);
    common::copy_tree(&repo_root().join("fixtures/theme-repo"), site.path());
    let docs = site.path().join("docs");
    std::fs::remove_file(docs.join("hugo.work")).expect("remove hugo.work");
    std::fs::write(
        docs.join("hugo.toml"),
        "baseURL = 'https://example.org/'\n[[module.imports]]\npath = 'github.com/postlint-fixtures/callout-theme'\n",
    )
    .expect("write hugo.toml");
    let again = run_with_cache(&docs, cache.path(), &["check", "--format", "concise"]);
    assert_eq!(again.stdout, out.stdout);
}

/// A module in Hugo's module cache, at the version `go.mod` requires, its
/// path in Go's case escaping.
#[test]
fn a_module_in_hugos_cache_folder() {
    let fixture = repo_root().join("fixtures/module-cache");
    let out = run_with_cache(
        &fixture.join("site"),
        &fixture.join("cache"),
        &["check", "--format", "concise"],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// The same site with an empty cache: the module is missing. SITE003 says
/// so on the import, where postlint looked and what is weakened; the
/// unclosed `note` (whose template postlint cannot read) is not reported
/// as an error it cannot prove.
#[test]
fn a_missing_module_is_reported_in_every_format() {
    let site = repo_root().join("fixtures/module-cache/site");
    let cache = Scratch::new(&[]);
    for format in ["concise", "full", "json", "github", "junit"] {
        let out = run_with_cache(&site, cache.path(), &["check", "--format", format]);
        assert_eq!(out.code, 0, "a warning only: {}", out.all());
        let shown = out
            .all()
            .replace(&cache.path().display().to_string(), "[CACHE]");
        insta::assert_snapshot!(format!("missing_module_{format}"), shown);
    }
    let sarif = run_with_cache(&site, cache.path(), &["check", "--format", "sarif"]);
    let value: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let results = &value["runs"][0]["results"];
    assert_eq!(results.as_array().map(Vec::len), Some(1), "{results}");
    assert_eq!(results[0]["ruleId"], "SITE003");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "hugo.toml"
    );
    // Linting one post still says that its checks ran weakened.
    let one = run_with_cache(
        &site,
        cache.path(),
        &["check", "--format", "concise", "content/posts/notes.md"],
    );
    assert!(
        one.stdout.contains("hugo.toml:5:9: SITE003"),
        "{}",
        one.all()
    );
    // Without SITE003 in the run, nothing would say that SC004 ran
    // weakened: each unknown name is then a warning.
    let alone = run_with_cache(
        &site,
        cache.path(),
        &["check", "--format", "concise", "--select", "SC004"],
    );
    assert!(
        alone
            .stdout
            .contains("content/posts/notes.md:15:21: SC004 unknown shortcode `notte`"),
        "{}",
        alone.all()
    );
    assert_eq!(alone.code, 0, "a warning: {}", alone.all());
    // An editor's buffer is told too.
    let mut stdin = command(&site);
    stdin
        .env("HUGO_CACHEDIR", cache.path())
        .env("HOME", cache.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "content/posts/notes.md",
            "-",
        ])
        .stdin(std::fs::File::open(site.join("content/posts/notes.md")).expect("the post"));
    let buffer = output(&mut stdin);
    assert!(
        buffer.stdout.contains("hugo.toml:5:9: SITE003"),
        "{}",
        buffer.all()
    );
    // Ignored for the config file, it is gone.
    let quiet = Scratch::new(&[]);
    common::copy_tree(&site, quiet.path());
    quiet.write(
        "postlint.toml",
        b"[rules.per-file-ignores]\n\"hugo.toml\" = [\"SITE003\"]\n",
    );
    let out = run_with_cache(
        quiet.path(),
        cache.path(),
        &["check", "--format", "concise"],
    );
    assert!(!out.stdout.contains("SITE003"), "{}", out.all());
}

/// A theme folder that is empty is a git submodule never checked out; a
/// theme folder that is not there gets a did-you-mean from the themes
/// folder.
#[test]
fn theme_folders_empty_or_misnamed() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntheme = 'ananke'\n",
        ),
        ("content/posts/a.md", b"---\ntitle: A\n---\nText.\n"),
    ]);
    std::fs::create_dir_all(site.path().join("themes/ananke")).expect("an empty theme folder");
    let cache = nowhere();
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let help = json["diagnostics"][0]["help"].as_str().unwrap_or_default();
    assert!(
        help.contains("`themes/ananke` is empty") && help.contains("git submodule update --init"),
        "{help}"
    );
    site.write(
        "hugo.toml",
        b"baseURL = 'https://example.org/'\ntheme = 'anake'\n",
    );
    site.write(
        "themes/ananke/layouts/_default/single.html",
        b"{{ .Content }}",
    );
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let help = json["diagnostics"][0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("did you mean `ananke`?"), "{help}");
    site.write(
        "hugo.toml",
        b"baseURL = 'https://example.org/'\ntheme = 'ananke'\n",
    );
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "concise"]);
    assert_eq!(out.code, 0);
    assert!(!out.all().contains("SITE003"), "{}", out.all());
}

/// Jekyll: a gem theme installed where Bundler puts it is read (its
/// layouts count for HD001); one installed nowhere, and a
/// `remote_theme`, are SITE003.
#[test]
fn jekyll_gem_and_remote_themes() {
    let site = Scratch::new(&[
        (
            "_config.yml",
            b"theme: postlint-no-such-theme\nremote_theme: owner/theme\n",
        ),
        ("_posts/2024-01-01-a.md", b"---\ntitle: A\n---\nText.\n"),
    ]);
    let cache = nowhere();
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "concise"]);
    insta::assert_snapshot!(out.all());
    site.write("_config.yml", b"theme: postlint-fixture-theme\n");
    site.write(
        "vendor/bundle/ruby/3.1.0/gems/postlint-fixture-theme-1.0.0/_layouts/post.html",
        b"<article>{{ content }}</article>\n",
    );
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "concise"]);
    assert!(!out.all().contains("SITE003"), "{}", out.all());
}

/// As Hugo reads its config: `config/_default/` overrides the root file and
/// `config/production/` (the environment `hugo` builds for) overrides both;
/// lists are replaced, not merged.
#[test]
fn the_config_folder_and_the_production_environment_override_the_root_file() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntheme = ['gone']\n",
        ),
        ("config/_default/hugo.toml", b"theme = ['present']\n"),
        (
            "themes/present/layouts/_default/single.html",
            b"{{ .Content }}",
        ),
        (
            "themes/prod/layouts/_default/single.html",
            b"{{ .Content }}",
        ),
        ("content/posts/a.md", b"---\ntitle: A\n---\nText.\n"),
    ]);
    let cache = nowhere();
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "concise"]);
    assert!(!out.stdout.contains("SITE003"), "{}", out.all());
    site.write(
        "config/production/hugo.toml",
        b"theme = ['prod', 'missing-in-production']\n",
    );
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "concise"]);
    assert!(
        out.stdout.contains(
            "config/production/hugo.toml:1:19: SITE003 theme `missing-in-production` not found"
        ),
        "{}",
        out.all()
    );
    let mut development = command(site.path());
    development
        .env("HUGO_CACHEDIR", cache.path())
        .env("HUGO_ENVIRONMENT", "development")
        .args(["check", "--format", "concise"]);
    let out = output(&mut development);
    assert!(!out.stdout.contains("SITE003"), "{}", out.all());
}

/// A theme whose own config does not parse is found, but its imports and
/// mounts are unknown (and Hugo fails on it): SITE003 says so.
#[test]
fn a_theme_whose_config_does_not_parse() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntheme = 'broken'\n",
        ),
        ("themes/broken/hugo.toml", b"[module\nimports = 1\n"),
        (
            "themes/broken/layouts/_default/single.html",
            b"{{ .Content }}",
        ),
        ("content/posts/a.md", b"---\ntitle: A\n---\nText.\n"),
    ]);
    let cache = nowhere();
    let out = run_with_cache(site.path(), cache.path(), &["check", "--format", "concise"]);
    assert!(
        out.stdout
            .contains("hugo.toml:2:10: SITE003 the config of theme `broken` does not parse"),
        "{}",
        out.all()
    );
}
