//! A real editor end to end: headless Neovim (0.7, Debian 12's) with its
//! built-in LSP client starts `postlint server`, shows the diagnostic of
//! an unclosed shortcode, applies the quick fix for a near-miss divider
//! and saves the file (`tests/data/neovim-lsp.lua`).

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{copy_tree, repo_root, skip};

#[test]
fn neovim_shows_a_diagnostic_and_saves_a_quick_fix() {
    if Command::new("nvim").arg("--version").output().is_err() {
        skip("nvim is not installed (Debian: apt-get install neovim)");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    copy_tree(&repo_root().join("fixtures/hugo-blog"), &site);
    let result = scratch.path().join("result.txt");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            repo_root().join("tests/data/neovim-lsp.lua").display()
        ))
        .env("SITE", &site)
        .env("RESULT", &result)
        .env("POSTLINT", env!("CARGO_BIN_EXE_postlint"))
        .env("POSTLINT_CACHE_DIR", crate::common::cache_dir())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Neovim did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let steps = std::fs::read_to_string(&result).unwrap_or_default();
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
    let saved = std::fs::read_to_string(site.join("content/posts/summary-dividers.md")).unwrap();
    assert_eq!(saved, before.replacen("<!-- more -->", "<!--more-->", 1));
}
