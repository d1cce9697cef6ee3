//! `--fix` and `--diff`: apply the fixes rules prove safe, never two
//! overlapping edits, keep a fix only when the text it makes is no worse
//! than the text before it (`worse`), and write atomically — only when the
//! file on disk is still the one that was read.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::document::{Document, FrontMatter};
use crate::value::Format;

/// How many times a file is fixed and re-linted at most (a fix can make
/// another one possible; a bound keeps a pathological cycle finite).
pub const MAX_PASSES: usize = 10;

/// Applies every fix whose edits overlap no fix applied before it (in
/// file order). Returns the new text and the number of fixes applied, or
/// `None` when no fix applies.
pub fn apply<'d>(
    text: &str,
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
) -> Option<(String, usize)> {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .into_iter()
        .filter_map(|d| d.fix.as_ref())
        .map(|fix| fix.edits.as_slice())
        .filter(|edits| !edits.is_empty())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min().unwrap_or(0));
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let valid = edits.iter().all(|edit| {
            edit.span.start <= edit.span.end
                && edit.span.end <= text.len()
                && text.is_char_boundary(edit.span.start)
                && text.is_char_boundary(edit.span.end)
        });
        let overlaps = edits.iter().any(|edit| {
            accepted.iter().any(|other| {
                edit.span.start < other.span.end && other.span.start < edit.span.end
                    || edit.span == other.span
            })
        });
        if valid && !overlaps {
            accepted.extend(edits.iter());
            applied += 1;
        }
    }
    if applied == 0 {
        return None;
    }
    accepted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in accepted {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    (out != text).then_some((out, applied))
}

/// How a text's front matter is split and whether it parses: what no fix
/// may change. (A fix inside the front matter may move where it ends.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    /// Where the front matter opens, in which format, whether it is closed
    /// and parses; `None` when the text has none.
    front_matter: Option<(usize, Format, bool, bool)>,
}

impl Shape {
    fn of(document: &Document) -> Shape {
        Shape {
            front_matter: match &document.front_matter {
                FrontMatter::Absent => None,
                FrontMatter::Unterminated { format, open } => {
                    Some((open.start, *format, false, false))
                }
                FrontMatter::Present(block) => {
                    Some((block.open.start, block.format, true, block.data.is_ok()))
                }
            },
        }
    }

    /// What turning `self` into `after` does, in words, when it does harm.
    fn harm(self, after: Shape) -> Option<String> {
        let (before, after) = (self.front_matter, after.front_matter);
        let opened = |format: Format, parses: bool| {
            format!(
                "make the file open {} front matter{}",
                format.name(),
                if parses { "" } else { " that does not parse" }
            )
        };
        match (before, after) {
            (x, y) if x == y => None,
            (None, Some((_, format, _, parses))) => Some(opened(format, parses)),
            (Some(_), None) => Some("make the front matter part of the body".to_string()),
            (Some((start, format, ..)), Some((other_start, other_format, closed, parses)))
                if start != other_start || format != other_format =>
            {
                Some(opened(other_format, closed && parses))
            }
            (Some((.., true, _)), Some((.., false, _))) => {
                Some("leave the front matter unclosed".to_string())
            }
            (Some((.., true)), Some((.., false))) => {
                Some("make the front matter stop parsing".to_string())
            }
            // Closed where it was not, or parsing where it did not: better.
            _ => None,
        }
    }
}

/// Why the text of `after` (with its findings) is worse than the text of
/// `before`, if it is: its front matter is split or parsed differently, or
/// it has an error-level finding (by rule and line) that `before` had not.
/// A fix that makes a text worse is not applied.
pub fn worse(
    before: &Document,
    before_findings: &[Diagnostic],
    after: &Document,
    after_findings: &[Diagnostic],
) -> Option<String> {
    if let Some(harm) = Shape::of(before).harm(Shape::of(after)) {
        let error = after_findings
            .iter()
            .find(|d| d.severity == Severity::Error && d.rule.code.starts_with("FM"));
        return Some(match error {
            Some(error) => format!("{harm} ({} {})", error.rule.code, error.message),
            None => harm,
        });
    }
    // Fixes never add or remove a line break, so a line is the same place
    // before and after.
    let errors = |document: &Document, findings: &[Diagnostic]| {
        let mut counts: HashMap<(&str, usize), usize> = HashMap::new();
        for finding in findings.iter().filter(|d| d.severity == Severity::Error) {
            let line = document.source.line_index(finding.primary.span.start);
            *counts.entry((finding.rule.code, line)).or_default() += 1;
        }
        counts
    };
    let (was, is) = (
        errors(before, before_findings),
        errors(after, after_findings),
    );
    after_findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .find(|d| {
            let place = (d.rule.code, after.source.line_index(d.primary.span.start));
            is.get(&place) > was.get(&place)
        })
        .map(|new| {
            let line = after.source.line_index(new.primary.span.start) + 1;
            format!(
                "add an error on line {line} ({} {})",
                new.rule.code, new.message
            )
        })
}

#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk after it was read: an editor saved it meanwhile.
    ChangedOnDisk,
    Io(io::Error),
}

/// Replaces `path`'s content with `new`, atomically (a temporary file in the
/// same folder, the original's permissions, then a rename), unless the file
/// no longer holds `original`.
pub fn write(path: &Path, original: &str, new: &str) -> Result<(), WriteError> {
    let on_disk = fs::read(path).map_err(WriteError::Io)?;
    if on_disk != original.as_bytes() {
        return Err(WriteError::ChangedOnDisk);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions = fs::metadata(path).map_err(WriteError::Io)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".postlint-fix-")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    temp.write_all(new.as_bytes()).map_err(WriteError::Io)?;
    temp.as_file().sync_all().map_err(WriteError::Io)?;
    fs::set_permissions(temp.path(), permissions).map_err(WriteError::Io)?;
    // Last look: an editor may have saved while we wrote the temporary file.
    if fs::read(path).map_err(WriteError::Io)? != original.as_bytes() {
        return Err(WriteError::ChangedOnDisk);
    }
    temp.persist(path)
        .map_err(|err| WriteError::Io(err.error))?;
    Ok(())
}

/// A unified diff of one file's fix, with `a/` and `b/` paths as git shows them.
pub fn unified_diff(display: &str, original: &str, fixed: &str) -> String {
    similar::TextDiff::from_lines(original, fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Fix, Span};
    use crate::rules::suppression::UNUSED;

    fn fixing(start: usize, end: usize, replacement: &str) -> Diagnostic {
        Diagnostic::new(&UNUSED, Span::new(start, end), "x").fix(Fix {
            message: "replace".into(),
            edits: vec![Edit {
                span: Span::new(start, end),
                replacement: replacement.into(),
            }],
        })
    }

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let text = "aaa bbb ccc";
        let (out, applied) = apply(
            text,
            &[fixing(8, 11, "C"), fixing(0, 3, "A"), fixing(1, 5, "X")],
        )
        .unwrap();
        assert_eq!(out, "A bbb C");
        assert_eq!(applied, 2);
    }

    #[test]
    fn out_of_range_or_split_character_edits_are_dropped() {
        assert!(apply("é", &[fixing(1, 2, "e")]).is_none());
        assert!(apply("abc", &[fixing(2, 9, "e")]).is_none());
    }

    #[test]
    fn writes_atomically_and_refuses_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("post.md");
        fs::write(&path, "old").unwrap();
        write(&path, "old", "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(matches!(
            write(&path, "old", "newer"),
            Err(WriteError::ChangedOnDisk)
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("post.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, "old", "new").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}
