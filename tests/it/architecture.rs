//! The library's layers: every module imports only from the modules below
//! it, so each can be read, tested and reused with what is under it alone.
//! This test reads every `crate::…` path in the non-test code of `src/`
//! and fails, naming file and line, on one that reaches up. It also keeps
//! each source file under 800 lines (tests in their own files are not
//! counted).

use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first (CONTRIBUTING.md says what each
/// one owns).
const LAYERS: &[&str] = &[
    "diagnostic",
    "text",
    "value",
    "error",
    "generator",
    "site",
    "document",
    "schema",
    "index",
    "rules",
    "config",
    "report",
    "engine",
    "server",
    "cli",
];

const MAX_LINES: usize = 800;

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/rules/links/mod.rs` is in
/// `rules`); `None` for the crate roots.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main" | "allocator")).then(|| name.to_string())
}

/// The file's lines with comments blanked and `#[cfg(test)]` items
/// (unit test modules) left out, each with its line number.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skip_depth: Option<i64> = None;
    let mut test_item_next = false;
    for (number, line) in text.lines().enumerate() {
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        let trimmed = code.trim();
        if let Some(depth) = &mut skip_depth {
            *depth += trimmed.matches('{').count() as i64;
            *depth -= trimmed.matches('}').count() as i64;
            if *depth <= 0 && (trimmed.contains('}') || trimmed.ends_with(';')) {
                skip_depth = None;
            }
            continue;
        }
        if trimmed == "#[cfg(test)]" {
            test_item_next = true;
            continue;
        }
        if test_item_next {
            test_item_next = false;
            let opens = trimmed.matches('{').count() as i64 - trimmed.matches('}').count() as i64;
            if opens > 0 {
                skip_depth = Some(opens);
            }
            // A one-line item (`mod tests;`, `use …;`) is skipped as is.
            continue;
        }
        out.push((number + 1, code.to_string()));
    }
    out
}

/// Every `crate::<module>` a line names, including each item of a
/// `use crate::{a, b}` group.
fn named_modules(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        // `$crate::` in a macro is found too: it is this crate.
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
        rest = after;
    }
    found
}

#[test]
fn every_import_points_down_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &mut files);
    let rank = |module: &str| LAYERS.iter().position(|layer| *layer == module);
    let mut upward = Vec::new();
    let mut unknown = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).expect("under src/");
        let Some(module) = module_of(relative) else {
            continue;
        };
        let Some(own) = rank(&module) else {
            unknown.push(format!("src/{} (module `{module}`)", relative.display()));
            continue;
        };
        let text = fs::read_to_string(file).expect("a readable source file");
        for (number, line) in code_lines(&text) {
            for named in named_modules(&line) {
                match rank(&named) {
                    Some(other) if other > own => upward.push(format!(
                        "src/{}:{number}: `{module}` imports `{named}`, a layer above it: {}",
                        relative.display(),
                        line.trim()
                    )),
                    _ => {}
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "top-level modules missing from LAYERS (add each where it belongs):\n{}",
        unknown.join("\n")
    );
    assert!(
        upward.is_empty(),
        "imports from a lower layer to a higher one (move the item down, or the code up):\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_source_file_is_over_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|file| file.file_name().is_some_and(|name| name != "tests.rs"))
        .filter_map(|file| {
            let lines = fs::read_to_string(file).expect("readable").lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "source files over {MAX_LINES} lines (split them by concern):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_checker_sees_what_it_guards() {
    // A doc comment is not an import; a test module is not the library.
    let text = "use crate::rules::Check; // crate::cli\n#[cfg(test)]\nmod tests {\n    use crate::cli::x;\n}\nfn f() { crate::engine::lint(); }\n";
    let named: Vec<String> = code_lines(text)
        .into_iter()
        .flat_map(|(_, line)| named_modules(&line))
        .collect();
    assert_eq!(named, ["rules", "engine"]);
    assert_eq!(
        named_modules("use crate::{text::Source, value};"),
        ["text", "value"]
    );
}
