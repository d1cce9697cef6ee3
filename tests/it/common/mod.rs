//! Helpers shared by the integration tests: run the real binary, build
//! throwaway sites on disk.

#![allow(dead_code)]

pub mod invariants;
pub mod mutate;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// stdout read as one JSON document (a `--format json` run).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| panic!("{err}: {}", self.all()))
    }

    /// stdout, stderr and the exit code in one text, for snapshots.
    pub fn all(&self) -> String {
        format!(
            "exit code: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README's fenced `language` block whose first line is `first_line`,
/// that line included, as a user would copy it.
pub fn readme_block(language: &str, first_line: &str) -> String {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let fence = format!("```{language}\n");
    let start = readme
        .find(&format!("{fence}{first_line}\n"))
        .unwrap_or_else(|| panic!("README has a {language} block starting {first_line:?}"))
        + fence.len();
    let end = start + readme[start..].find("```").expect("the block is closed");
    readme[start..end].to_string()
}

/// Says why a test cannot run here; under CI (`CI` set) that is a failure.
pub fn skip(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run this test: {why}"
    );
    eprintln!("skipped: {why}");
}

/// The real sites of `../shared/corpus` (or `$POSTLINT_CORPUS`); `None`,
/// with a message, when they are absent so that a user's clone still passes.
/// Under CI (`CI` set) a missing corpus fails the test: CI must run them.
pub fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("POSTLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/corpus"));
    if root.join("README.md").is_file() && root.join("hugo-docs").is_dir() {
        Some(root)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the corpus tests: no corpus at {} (set POSTLINT_CORPUS to a folder of sites)",
            root.display()
        );
        eprintln!(
            "skipped: no corpus at {} (set POSTLINT_CORPUS to a folder of sites)",
            root.display()
        );
        None
    }
}

/// The sites of a corpus folder (each has a `corpus.json`), sorted.
pub fn corpus_sites(root: &Path) -> Vec<PathBuf> {
    let mut sites: Vec<PathBuf> = fs::read_dir(root)
        .expect("the corpus folder reads")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("corpus.json").is_file())
        .collect();
    sites.sort();
    sites
}

/// The cache folder of the tests' runs: the fixtures and the corpus are
/// not written to, and every run that sees a site a second time (the
/// fixture sites, many times over) takes its files from the cache.
pub fn cache_dir() -> &'static Path {
    static DIR: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));
    DIR.path()
}

pub fn command(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postlint"));
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("POSTLINT_CACHE_DIR", cache_dir())
        .env_remove("POSTLINT_CACHE_REPORT")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    output(command(cwd).args(args))
}

pub fn output(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("the postlint binary runs");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs `cmd` with `input` on its standard input.
pub fn output_with_input(cmd: &mut Command, input: &[u8]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the postlint binary runs");
    child
        .stdin
        .take()
        .expect("standard input is piped")
        .write_all(input)
        .expect("standard input takes the text");
    let out = child.wait_with_output().expect("the postlint binary runs");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs postlint from the repository root.
pub fn run(args: &[&str]) -> Run {
    run_in(&repo_root(), args)
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("read a fixture folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            fs::create_dir_all(&target).expect("a folder");
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}

/// A throwaway folder holding files written from `(path, content)` pairs.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new(files: &[(&str, &[u8])]) -> Scratch {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let scratch = Scratch { dir };
        for (path, content) in files {
            scratch.write(path, content);
        }
        scratch
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, content: &[u8]) {
        let full = self.dir.path().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("folders");
        fs::write(full, content).expect("write a file");
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

/// Runs postlint in `cwd` as an unprivileged user when the tests run as
/// root (root reads and writes every file whatever its mode), with `envs`
/// set; `None` (skipped) when there is no way to drop to one.
#[cfg(unix)]
pub fn run_unprivileged(cwd: &Path, envs: &[(&str, &Path)], args: &[&str]) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root {
        let mut cmd = command(cwd);
        cmd.envs(envs.iter().copied()).args(args);
        return Some(output(&mut cmd));
    }
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() {
        skip("running as root without setpriv, permissions cannot be tested");
        return None;
    }
    // The unprivileged user must reach the folder.
    let mut dir = cwd.to_path_buf();
    loop {
        let _ = fs::set_permissions(&dir, fs::Permissions::from_mode(0o755));
        if !dir.pop() || dir == Path::new("/") {
            break;
        }
    }
    // A cache folder the unprivileged user may write, unless one is given.
    static SHARED: std::sync::LazyLock<tempfile::TempDir> = std::sync::LazyLock::new(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o1777))
            .expect("a folder anyone may write");
        dir
    });
    let mut cmd = Command::new(setpriv);
    cmd.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        env!("CARGO_BIN_EXE_postlint"),
    ])
    .args(args)
    .current_dir(cwd)
    .env("NO_COLOR", "1")
    .env("COLUMNS", "100")
    .env("POSTLINT_CACHE_DIR", SHARED.path())
    .envs(envs.iter().copied());
    Some(output(&mut cmd))
}
