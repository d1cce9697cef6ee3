//! Hugo shortcode rules (SC): every call must lex, name a template Hugo
//! has, and open and close the way Hugo pairs them.
//!
//! Pairing follows Hugo's parser (`hugolib/shortcode.go`): an opener whose
//! template evaluates `.Inner` collects everything up to the next closing
//! tag, *whatever name that tag carries*, as long as the name appeared
//! earlier in the file (Hugo's lexer checks only that); an opener whose
//! template does not evaluate `.Inner` ends at its `>}}`. So a closing tag
//! naming an outer shortcode closes the inner one (Hugo builds, SC003
//! warns), and the damage shows up later: an outer shortcode left open at
//! the end of the file (SC001) or a closing tag with nothing left to close
//! (SC002). The finding goes where the fix goes.

mod in_code;
mod malformed;
mod names;
mod pairing;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Shortcode, ShortcodeKind};
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::site::shortcodes::Registry;
use crate::text::FastMap;
use pairing::Occurrences;

declare_check! {
    /// One pass over a Hugo file's shortcodes: syntax, names, pairing, code.
    pub static CHECK = Runs::EachFile(check);

    pub static UNCLOSED = "SC001" "unclosed-shortcode" {
        severity: Error,
        summary: "A shortcode whose template uses .Inner, neither closed nor self-closed",
    }

    pub static STRAY_CLOSE = "SC002" "stray-closing-shortcode" {
        severity: Error,
        summary: "A closing shortcode tag with nothing to close, or on a shortcode that takes no inner content",
    }

    pub static MISNESTED = "SC003" "misnested-shortcodes" {
        severity: Error,
        summary: "Closing tags in an order Hugo rejects (error) or pairs differently than written (warning)",
    }

    pub static UNKNOWN = "SC004" "unknown-shortcode" {
        severity: Error,
        summary: "A shortcode with no template in the site, its themes or Hugo",
    }

    pub static MALFORMED = "SC005" "malformed-shortcode" {
        severity: Error,
        summary: "A shortcode tag Hugo cannot read: unterminated, bad quoting, mismatched delimiters",
    }

    pub static REMOVED = "SC006" "removed-shortcode" {
        severity: Error,
        summary: "A built-in shortcode the target Hugo removed (error) or deprecated (warning)",
    }

    pub static IN_CODE = "SC007" "shortcode-in-code" {
        severity: Warning,
        summary: "A shortcode call inside a code block or span, which Hugo executes rather than shows",
    }
}

/// How sure the pass is that a call's template evaluates `.Inner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Read from the template (or Hugo's own).
    Yes,
    No,
    /// No template to read (unknown name, `[shortcodes] known`, a template
    /// that could not be read): guessed from the file, never reported on.
    GuessYes,
    GuessNo,
}

impl Needs {
    fn inner(self) -> bool {
        matches!(self, Needs::Yes | Needs::GuessYes)
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    if doc.flavor != Flavor::Hugo || doc.tags.shortcodes.is_empty() {
        return;
    }
    let tags = &doc.tags.shortcodes;
    let mut pass = Pass {
        cx,
        doc,
        tags,
        registry: cx.site.shortcodes(),
        findings: Vec::new(),
        aliases: vec![None; tags.len()],
        at: Occurrences::new(tags),
    };
    pass.malformed();
    let needs = pass.resolve_names();
    pass.pair(&needs);
    pass.in_code(&needs);
    for finding in pass.findings {
        sink.push(finding);
    }
}

struct Pass<'a> {
    cx: &'a FileContext<'a>,
    doc: &'a Document,
    tags: &'a [Shortcode],
    registry: &'a Registry,
    findings: Vec<Diagnostic>,
    /// An unknown opener that misspells the name of a later closing tag
    /// (`{{< aletr >}}…{{< /alert >}}`) pairs with it under that name:
    /// SC004 reports the typo, and the closer is no stray.
    aliases: Vec<Option<&'a str>>,
    at: Occurrences<'a>,
}

impl<'a> Pass<'a> {
    /// The name an opener pairs by.
    pub(super) fn pair_name(&self, index: usize) -> &'a str {
        let tags: &'a [Shortcode] = self.tags;
        self.aliases[index].unwrap_or(tags[index].name.as_str())
    }

    /// Names with more closing tags than openers, each with the index of
    /// its last closing tag: where an unknown opener may be a typo. Empty
    /// when there are too many to be typos (the search must stay cheap).
    pub(super) fn surplus_closers(&self) -> Vec<(&'a str, usize)> {
        let tags: &'a [Shortcode] = self.tags;
        let mut balance: FastMap<&'a str, (isize, usize)> = FastMap::default();
        for (i, t) in tags.iter().enumerate() {
            let entry = balance.entry(t.name.as_str()).or_insert((0, 0));
            match t.kind {
                ShortcodeKind::Close => *entry = (entry.0 + 1, i),
                ShortcodeKind::Open => entry.0 -= 1,
                ShortcodeKind::SelfClosing => {}
            }
        }
        let surplus: Vec<(&'a str, usize)> = balance
            .into_iter()
            .filter(|(name, (count, _))| *count > 0 && !name.is_empty())
            .map(|(name, (_, last))| (name, last))
            .collect();
        if surplus.len() > 32 {
            Vec::new()
        } else {
            surplus
        }
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.doc.source.line_index(offset) + 1
    }

    /// The tag as written (its first line, shortened), for messages.
    pub(super) fn written(&self, index: usize) -> String {
        let sc = &self.tags[index];
        let text = &self.doc.text()[sc.span.range()];
        let first = text.lines().next().unwrap_or_default();
        if first.len() == text.len() && text.chars().count() <= 60 {
            format!("`{text}`")
        } else {
            format!("`{}`", sc.display())
        }
    }

    /// " (inside a code block: …)" for a tag Markdown shows as code.
    pub(super) fn code_note(&self, sc: &Shortcode) -> &'static str {
        if sc.in_code {
            " (inside Markdown code, where Hugo executes it all the same)"
        } else {
            ""
        }
    }

    pub(super) fn escape_hint(&self, sc: &Shortcode) -> String {
        if sc.in_code {
            format!(
                "; to show the tag as text in code, escape it: `{}/* … */{}`",
                sc.delimiter.open(),
                sc.delimiter.close()
            )
        } else {
            String::new()
        }
    }
}
