//! What Hugo's module system reads besides the site config: `go.mod`,
//! a `go.work`-style workspace file, `_vendor/modules.txt`, and how a module
//! path is spelled in Go's module cache. Text in, values out; `site`
//! resolves them on disk. Verified against Hugo 0.168's `modules/` package
//! (`collect.go`, `config.go`, `client.go`) and golang.org/x/mod.

/// One `replace` directive of a `go.mod` whose target is a folder
/// (`replace github.com/owner/theme => ../theme`). Replacements by another
/// module version are Go's business: the cache then holds that version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalReplace {
    pub path: String,
    /// As written: relative to the `go.mod`'s folder, or absolute.
    pub dir: String,
}

/// What postlint reads of a `go.mod` (or `go.work`, whose `use` and
/// `replace` lines have the same shape).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    /// `module` path.
    pub module: Option<String>,
    /// `require` lines (direct and `// indirect` alike): path and version.
    pub requires: Vec<(String, String)>,
    pub replaces: Vec<LocalReplace>,
    /// `use` lines (a workspace file): folders relative to the file.
    pub uses: Vec<String>,
}

impl GoMod {
    /// Reads the directives of a `go.mod` or `go.work`, single-line and in
    /// `( … )` blocks; comments and unknown directives are skipped.
    pub fn parse(text: &str) -> GoMod {
        let mut out = GoMod::default();
        let mut block: Option<String> = None;
        for line in text.lines() {
            let line = line.split("//").next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if let Some(directive) = &block {
                if line == ")" {
                    block = None;
                } else {
                    let directive = directive.clone();
                    out.directive(&directive, line);
                }
                continue;
            }
            let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim();
            if rest == "(" {
                block = Some(directive.to_string());
            } else {
                out.directive(directive, rest);
            }
        }
        out
    }

    fn directive(&mut self, directive: &str, args: &str) {
        let words: Vec<&str> = args.split_whitespace().map(unquote).collect();
        match (directive, words.as_slice()) {
            ("module", [path, ..]) => self.module = Some(path.to_string()),
            ("require", [path, version, ..]) => {
                self.requires.push((path.to_string(), version.to_string()));
            }
            ("use", [dir, ..]) => self.uses.push(dir.to_string()),
            ("replace", _) => {
                // `old [version] => new [version]`: a folder target has no
                // version and starts with `./`, `../` or `/`.
                let Some(arrow) = words.iter().position(|w| *w == "=>") else {
                    return;
                };
                let (Some(path), Some(target)) = (words.first(), words.get(arrow + 1)) else {
                    return;
                };
                if is_local_path(target) && words.len() == arrow + 2 {
                    self.replaces.push(LocalReplace {
                        path: path.to_string(),
                        dir: target.to_string(),
                    });
                }
            }
            _ => {}
        }
    }

    /// The version `require`d for `path` (Go compares module paths as
    /// written; Hugo matches Go's list ignoring case).
    pub fn required(&self, path: &str) -> Option<&str> {
        self.requires
            .iter()
            .find(|(required, _)| required.eq_ignore_ascii_case(path))
            .map(|(_, version)| version.as_str())
    }
}

fn unquote(word: &str) -> &str {
    word.strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .or_else(|| word.strip_prefix('`').and_then(|w| w.strip_suffix('`')))
        .unwrap_or(word)
}

/// Go's rule for a replacement that is a folder, not a module.
fn is_local_path(target: &str) -> bool {
    target.starts_with("./")
        || target.starts_with("../")
        || target.starts_with('/')
        || target == "."
        || target == ".."
        || target.starts_with(".\\")
        || target.starts_with("..\\")
        || target.get(1..3) == Some(":\\")
}

/// `_vendor/modules.txt` (written by `hugo mod vendor`): `# path version`
/// per module, the path as imported (with `@query` when the import gave a
/// version), the first listing of a path winning.
pub fn vendored(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line
            .trim_matches(|c| c == '#' || c == ' ')
            .split_whitespace()
            .collect();
        if let [path, version] = fields.as_slice()
            && !out.iter().any(|(seen, _)| seen == path)
        {
            out.push((path.to_string(), version.to_string()));
        }
    }
    out
}

/// `module.replacements` (or `HUGO_MODULE_REPLACEMENTS`): `old -> new`
/// pairs; one string (or a one-item list) holds several, comma-separated.
pub fn replacements(items: &[&str]) -> Vec<(String, String)> {
    let split: Vec<&str> = match items {
        [one] => one.split(',').collect(),
        many => many.to_vec(),
    };
    split
        .into_iter()
        .filter_map(|item| {
            let (old, new) = item.split_once("->")?;
            let (old, new) = (old.trim(), new.trim());
            (!old.is_empty() && !new.is_empty() && !new.contains("->"))
                .then(|| (old.to_string(), new.to_string()))
        })
        .collect()
}

/// Whether Hugo asks Go for `path` (golang.org/x/mod `CheckPath`, as
/// `isProbablyModule` uses it): the first element holds a dot and only
/// lower-case letters, digits, `.` and `-`, not at its start; the others
/// letters, digits and `-._~`; a `/vN` suffix has N ≥ 2. Anything else is
/// a folder under `themesDir`.
pub fn is_probably_module(path: &str) -> bool {
    let mut elements = path.split('/');
    let Some(first) = elements.next() else {
        return false;
    };
    let first_ok = first.contains('.')
        && !first.starts_with(['-', '.'])
        && !first.ends_with('.')
        && first
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    if !first_ok {
        return false;
    }
    let rest: Vec<&str> = elements.collect();
    let elements_ok = rest.iter().all(|element| {
        !element.is_empty()
            && !element.starts_with('.')
            && !element.ends_with('.')
            && element
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
    });
    let version_ok = match rest.last().and_then(|last| last.strip_prefix('v')) {
        Some(number) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            number.parse::<u64>().is_ok_and(|n| n >= 2) && !number.starts_with('0')
        }
        _ => true,
    };
    elements_ok && version_ok
}

/// A module path or version as Go's module cache spells it: an upper-case
/// letter becomes `!` and the letter in lower case
/// (`github.com/!hugo!blox/…`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The key Hugo deduplicates imports by: the path without its `/vN` major
/// version suffix, in lower case. A second import of the same module (by
/// another theme) is skipped.
pub fn path_base(path: &str) -> String {
    let base = match path.rsplit_once('/') {
        Some((base, last))
            if last.len() > 1
                && last.starts_with('v')
                && last[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => path,
    };
    base.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_directives_single_and_in_blocks() {
        let text = r#"module github.com/me/site

go 1.21

require github.com/owner/theme v1.2.0
require (
	github.com/Owner/Other v0.3.1 // indirect
	"github.com/quoted/mod" v2.0.0+incompatible
)

replace github.com/owner/theme => ../
replace (
	github.com/owner/other v0.3.1 => ./vendor/other
	github.com/owner/moved => github.com/fork/moved v1.0.0
)
"#;
        let go_mod = GoMod::parse(text);
        assert_eq!(go_mod.module.as_deref(), Some("github.com/me/site"));
        assert_eq!(go_mod.required("github.com/owner/other"), Some("v0.3.1"));
        assert_eq!(
            go_mod.required("github.com/quoted/mod"),
            Some("v2.0.0+incompatible")
        );
        assert_eq!(
            go_mod.replaces,
            vec![
                LocalReplace {
                    path: "github.com/owner/theme".into(),
                    dir: "../".into()
                },
                LocalReplace {
                    path: "github.com/owner/other".into(),
                    dir: "./vendor/other".into()
                },
            ]
        );
    }

    #[test]
    fn workspace_use_lines() {
        let work = GoMod::parse("go 1.21\n\nuse ../\nuse (\n\t.\n\t./themes/x // local\n)\n");
        assert_eq!(work.uses, vec!["../", ".", "./themes/x"]);
    }

    #[test]
    fn vendored_modules_first_listing_wins() {
        let text = "# github.com/Owner/Theme v1.0.0\n# github.com/a/b@v1.1.0 v1.1.0\n# github.com/Owner/Theme v2.0.0\nnot a line\n";
        assert_eq!(
            vendored(text),
            vec![
                ("github.com/Owner/Theme".to_string(), "v1.0.0".to_string()),
                ("github.com/a/b@v1.1.0".to_string(), "v1.1.0".to_string()),
            ]
        );
    }

    #[test]
    fn replacements_one_string_or_a_list() {
        assert_eq!(
            replacements(&["a -> ../a, b->/abs/b"]),
            vec![("a".into(), "../a".into()), ("b".into(), "/abs/b".into())]
        );
        assert_eq!(
            replacements(&["a -> x,y", "b -> z"]),
            vec![("a".into(), "x,y".into()), ("b".into(), "z".into())]
        );
        assert!(replacements(&["a => b"]).is_empty());
    }

    #[test]
    fn module_paths_and_theme_folder_names() {
        for module in [
            "github.com/owner/theme",
            "hugo.book",
            "github.com/owner/repo/v2",
            "gitlab.com/Owner/Theme",
        ] {
            assert!(is_probably_module(module), "{module}");
        }
        for folder in [
            "hugo-book",
            "Hugo.Book",
            "my_theme.x",
            "github.com/x/y/v1",
            "github.com/x/y/v0",
            "../outside",
            "",
        ] {
            assert!(!is_probably_module(folder), "{folder}");
        }
    }

    #[test]
    fn go_cache_escaping_and_the_dedup_key() {
        assert_eq!(
            escape("github.com/HugoBlox/Theme"),
            "github.com/!hugo!blox/!theme"
        );
        assert_eq!(escape("v1.2.0-RC1"), "v1.2.0-!r!c1");
        assert_eq!(
            path_base("github.com/Owner/Repo/v2"),
            "github.com/owner/repo"
        );
        assert_eq!(
            path_base("github.com/owner/v2ray"),
            "github.com/owner/v2ray"
        );
        assert_eq!(path_base("hugo-book"), "hugo-book");
    }
}
