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

use std::borrow::Cow;

use super::{Family, FileContext, RuleMeta, Sink};
use crate::config::HugoVersion;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::{Document, Shortcode, ShortcodeKind, TagErrorKind};
use crate::index::{FastMap, FastSet};
use crate::site::Flavor;
use crate::site::shortcodes::{Inner, Origin, Registry};
use crate::suggest::did_you_mean;

pub static UNCLOSED: RuleMeta = RuleMeta {
    code: "SC001",
    name: "unclosed-shortcode",
    family: Family::Shortcodes,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A shortcode whose template uses .Inner, neither closed nor self-closed",
    doc: include_str!("../../rules/SC001.md"),
};

pub static STRAY_CLOSE: RuleMeta = RuleMeta {
    code: "SC002",
    name: "stray-closing-shortcode",
    family: Family::Shortcodes,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A closing shortcode tag with nothing to close, or on a shortcode that takes no inner content",
    doc: include_str!("../../rules/SC002.md"),
};

pub static MISNESTED: RuleMeta = RuleMeta {
    code: "SC003",
    name: "misnested-shortcodes",
    family: Family::Shortcodes,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "Closing tags in an order Hugo rejects (error) or pairs differently than written (warning)",
    doc: include_str!("../../rules/SC003.md"),
};

pub static UNKNOWN: RuleMeta = RuleMeta {
    code: "SC004",
    name: "unknown-shortcode",
    family: Family::Shortcodes,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A shortcode with no template in the site, its themes or Hugo",
    doc: include_str!("../../rules/SC004.md"),
};

pub static MALFORMED: RuleMeta = RuleMeta {
    code: "SC005",
    name: "malformed-shortcode",
    family: Family::Shortcodes,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A shortcode tag Hugo cannot read: unterminated, bad quoting, mismatched delimiters",
    doc: include_str!("../../rules/SC005.md"),
};

pub static REMOVED: RuleMeta = RuleMeta {
    code: "SC006",
    name: "removed-shortcode",
    family: Family::Shortcodes,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A built-in shortcode the target Hugo removed (error) or deprecated (warning)",
    doc: include_str!("../../rules/SC006.md"),
};

pub static IN_CODE: RuleMeta = RuleMeta {
    code: "SC007",
    name: "shortcode-in-code",
    family: Family::Shortcodes,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "A shortcode call inside a code block or span, which Hugo executes rather than shows",
    doc: include_str!("../../rules/SC007.md"),
};

/// Hugo's embedded shortcodes that output HTML (players, figures, boxes):
/// inside a code block that HTML is never what the author meant.
const EMBEDS: &[&str] = &[
    "comment",
    "details",
    "figure",
    "gist",
    "highlight",
    "instagram",
    "qr",
    "tweet",
    "twitter",
    "twitter_simple",
    "vimeo",
    "vimeo_simple",
    "x",
    "x_simple",
    "youtube",
];

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

#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Index of the opening tag.
    tag: usize,
    certain: bool,
    inline: bool,
}

/// Where each name occurs, so that the questions findings ask ("the
/// nearest opener of this name before here") cost a binary search, not a
/// scan of the file's tags (a file of thousands of faulty tags would
/// otherwise take quadratic time).
#[derive(Default)]
struct Occurrences<'a> {
    /// Openers and self-closing tags, by name, in file order.
    calls: FastMap<&'a str, Vec<usize>>,
    /// Openers only.
    opens: FastMap<&'a str, Vec<usize>>,
    closes: FastMap<&'a str, Vec<usize>>,
    /// Each spelling of a name (by its lowercase form), with where it first
    /// occurs.
    spellings: FastMap<Cow<'a, str>, Vec<(&'a str, usize)>>,
}

impl<'a> Occurrences<'a> {
    fn new(tags: &'a [Shortcode]) -> Self {
        let mut index = Occurrences::default();
        for (i, t) in tags.iter().enumerate() {
            let name = t.name.as_str();
            match t.kind {
                ShortcodeKind::Close => index.closes.entry(name).or_default().push(i),
                ShortcodeKind::Open => {
                    index.calls.entry(name).or_default().push(i);
                    index.opens.entry(name).or_default().push(i);
                }
                ShortcodeKind::SelfClosing => index.calls.entry(name).or_default().push(i),
            }
            let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) || !name.is_ascii() {
                Cow::Owned(name.to_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            let spellings = index.spellings.entry(lower).or_default();
            if !spellings.iter().any(|(spelled, _)| *spelled == name) {
                spellings.push((name, i));
            }
        }
        index
    }

    /// The last of `positions` before `before`.
    fn last_before(positions: Option<&Vec<usize>>, before: usize) -> Option<usize> {
        let positions = positions?;
        let after = positions.partition_point(|&i| i < before);
        after.checked_sub(1).map(|i| positions[i])
    }

    /// The first of `positions` after `after`.
    fn first_after(positions: Option<&Vec<usize>>, after: usize) -> Option<usize> {
        let positions = positions?;
        positions
            .get(positions.partition_point(|&i| i <= after))
            .copied()
    }
}

/// A closing tag that closed a shortcode of another name.
#[derive(Debug, Clone, Copy)]
struct Misclosure {
    closer: usize,
    closed: usize,
    explained: bool,
}

pub fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
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
    fn pair_name(&self, index: usize) -> &'a str {
        let tags: &'a [Shortcode] = self.tags;
        self.aliases[index].unwrap_or(tags[index].name.as_str())
    }

    /// Names with more closing tags than openers, each with the index of
    /// its last closing tag: where an unknown opener may be a typo. Empty
    /// when there are too many to be typos (the search must stay cheap).
    fn surplus_closers(&self) -> Vec<(&'a str, usize)> {
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

    fn line(&self, offset: usize) -> usize {
        self.doc.source.line_index(offset) + 1
    }

    /// The tag as written (its first line, shortened), for messages.
    fn written(&self, index: usize) -> String {
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
    fn code_note(&self, sc: &Shortcode) -> &'static str {
        if sc.in_code {
            " (inside Markdown code, where Hugo executes it all the same)"
        } else {
            ""
        }
    }

    fn escape_hint(&self, sc: &Shortcode) -> String {
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

    /// SC005: what Hugo's lexer rejects.
    fn malformed(&mut self) {
        for sc in self.tags {
            let Some(error) = &sc.error else { continue };
            let (label, fix) = match error.kind {
                TagErrorKind::Unterminated => (
                    format!("opened here, never closed with `{}`", sc.delimiter.close()),
                    format!(
                        "end the tag with `{}` (Hugo reads on into the text and fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::DelimiterMismatch => (
                    format!("expected `{}`", sc.delimiter.close()),
                    format!(
                        "close the tag with `{}` to match its `{}` (Hugo fails",
                        sc.delimiter.close(),
                        sc.delimiter.open()
                    ),
                ),
                TagErrorKind::NoName => (
                    "no shortcode name".to_string(),
                    "name the shortcode, or escape the tag as `{{</* */>}}` if it is meant as text (Hugo fails".to_string(),
                ),
                TagErrorKind::PeriodInName => (
                    "period in the name".to_string(),
                    "rename the template without the period; only inline shortcodes (`name.inline`, followed by a space) may have one (Hugo fails".to_string(),
                ),
                TagErrorKind::SlashInName => (
                    "read as part of the name".to_string(),
                    format!(
                        "put a space before the slash: `{} {} /{}` (Hugo fails",
                        sc.delimiter.open(),
                        sc.name,
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::BadCharacter | TagErrorKind::SlashInParams => (
                    "Hugo rejects this character here".to_string(),
                    "quote the parameter: `\"…\"` (Hugo fails".to_string(),
                ),
                TagErrorKind::UnterminatedString => (
                    "this quote is not closed on its line".to_string(),
                    "close the quote on the same line, or use a backtick raw string for a value that spans lines (Hugo fails".to_string(),
                ),
                TagErrorKind::UnterminatedRawString => (
                    "this backtick is never closed".to_string(),
                    "close the raw string with a backtick (Hugo fails".to_string(),
                ),
                TagErrorKind::ValueRunsIntoDelimiter => (
                    "the value swallows the closing delimiter".to_string(),
                    format!(
                        "put a space before `{}` or quote the value (Hugo fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::MixedParameters => (
                    "parameters must be all named or all positional".to_string(),
                    "use only `name=value` parameters or only positional ones in one call (Hugo fails".to_string(),
                ),
                TagErrorKind::BadEscape => (
                    "unrecognized escape".to_string(),
                    "drop the backslash; a raw string cannot be escaped (Hugo fails".to_string(),
                ),
                TagErrorKind::ClosingWithParameters => (
                    "a closing tag ends after its name".to_string(),
                    format!(
                        "remove the parameters from the closing tag, or end it with `{}` right after the name (Hugo fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::UnclosedComment => (
                    "escaped tag opened here".to_string(),
                    format!(
                        "end the escaped tag with `*/{}` (Hugo fails",
                        sc.delimiter.close()
                    ),
                ),
                TagErrorKind::SingleBrace
                | TagErrorKind::RunsIntoNextTag
                | TagErrorKind::RawWithMarkup => continue,
            };
            let mut diagnostic = Diagnostic::new(
                &MALFORMED,
                error.span,
                format!("{}{}", error.message, self.code_note(sc)),
            )
            .label(label)
            .help(format!(
                "{fix} with: {}){}",
                error.generator,
                self.escape_hint(sc)
            ));
            if error.span.start != sc.span.start {
                diagnostic = diagnostic.secondary(sc.open_delimiter(), "in this shortcode");
            }
            if let Some(at) = error.generator_at {
                diagnostic =
                    diagnostic.secondary(at, "Hugo reads this as part of the tag and fails here");
            }
            self.findings.push(diagnostic);
        }
    }

    /// SC004 and SC006, and whether each opener's template evaluates
    /// `.Inner`.
    fn resolve_names(&mut self) -> Vec<Needs> {
        let settings = self.cx.settings;
        let target = settings.hugo_version;
        // For names without a template to read: does a closing tag follow?
        let mut closed_later = vec![false; self.tags.len()];
        let mut closers: FastSet<&str> = FastSet::default();
        for (i, sc) in self.tags.iter().enumerate().rev() {
            match sc.kind {
                ShortcodeKind::Close => {
                    closers.insert(sc.name.as_str());
                }
                _ => closed_later[i] = closers.contains(sc.name.as_str()),
            }
        }
        let guess = |i: usize| {
            if closed_later[i] {
                Needs::GuessYes
            } else {
                Needs::GuessNo
            }
        };
        let mut surplus = self.surplus_closers();
        surplus.sort_unstable();
        let mut typo_budget = 256;
        let mut needs = Vec::with_capacity(self.tags.len());
        for (i, sc) in self.tags.iter().enumerate() {
            let opener = sc.kind != ShortcodeKind::Close;
            let lexed_name = !sc.name.is_empty()
                && !matches!(
                    sc.error.as_ref().map(|e| e.kind),
                    Some(TagErrorKind::PeriodInName | TagErrorKind::SlashInName)
                );
            if !opener || sc.inline || !lexed_name {
                needs.push(guess(i));
                continue;
            }
            let configured = settings
                .known_shortcodes
                .iter()
                .any(|known| known.eq_ignore_ascii_case(&sc.name));
            match self.registry.get(&sc.name) {
                Some(entry) => {
                    if let Origin::Embedded(embedded) = &entry.origin {
                        self.embedded_version(sc, embedded, target);
                    }
                    needs.push(match entry.inner() {
                        Inner::Yes => Needs::Yes,
                        Inner::No => Needs::No,
                        Inner::Unknown => guess(i),
                    });
                }
                None if configured => needs.push(guess(i)),
                None => {
                    self.unknown(sc);
                    let alias = if sc.kind == ShortcodeKind::Open
                        && !closed_later[i]
                        && !surplus.is_empty()
                        && typo_budget > 0
                    {
                        typo_budget -= 1;
                        let later = surplus.iter().filter(|(_, last)| *last > i);
                        let alias = did_you_mean(&sc.name, later.map(|(name, _)| *name));
                        // One surplus closer explains one typo.
                        surplus.retain(|(name, _)| Some(*name) != alias);
                        alias
                    } else {
                        None
                    };
                    match alias {
                        Some(alias) => {
                            self.aliases[i] = Some(alias);
                            needs.push(Needs::GuessYes);
                        }
                        None => needs.push(guess(i)),
                    }
                }
            }
        }
        needs
    }

    fn embedded_version(
        &mut self,
        sc: &Shortcode,
        embedded: &crate::site::shortcodes::Embedded,
        target: HugoVersion,
    ) {
        let name = &sc.name;
        if let Some(removed) = embedded.removed.filter(|removed| target >= *removed) {
            let deprecated = embedded
                .deprecated
                .map(|d| format!("deprecated in Hugo {} and ", short_version(d)))
                .unwrap_or_default();
            self.findings.push(
                Diagnostic::new(
                    &REMOVED,
                    sc.name_span,
                    format!(
                        "built-in shortcode `{name}` was {deprecated}removed in {}{}",
                        short_version(removed),
                        self.code_note(sc)
                    ),
                )
                .label(format!("removed in Hugo {}", short_version(removed)))
                .help(format!(
                    "{}; Hugo {} and later fail the build with: {} (postlint targets Hugo {}; set `[site] hugo_version` in postlint.toml for an older one)",
                    embedded.instead,
                    short_version(removed),
                    embedded.message,
                    short_version(target)
                )),
            );
        } else if let Some(deprecated) = embedded.deprecated.filter(|d| target >= *d) {
            self.findings.push(
                Diagnostic::new(
                    &REMOVED,
                    sc.name_span,
                    format!(
                        "built-in shortcode `{name}` is deprecated since Hugo {}{}",
                        short_version(deprecated),
                        self.code_note(sc)
                    ),
                )
                .severity(Severity::Warning)
                .label("deprecated")
                .help(format!(
                    "{}; Hugo warns on every build ({}) and will remove it",
                    embedded.instead, embedded.message
                )),
            );
        }
    }

    fn unknown(&mut self, sc: &Shortcode) {
        let settings = self.cx.settings;
        let mut candidates: Vec<&str> = self
            .registry
            .names()
            .filter(|name| {
                self.registry
                    .get(name)
                    .is_some_and(|entry| match &entry.origin {
                        Origin::Embedded(embedded) => embedded.removed.is_none(),
                        _ => true,
                    })
            })
            .collect();
        candidates.extend(settings.known_shortcodes.iter().map(String::as_str));
        candidates.sort_unstable();
        let suggestion = did_you_mean(&sc.name, candidates.iter().copied());
        let fix = match suggestion {
            Some(name) => format!("did you mean `{name}`? Otherwise add"),
            None => "add".to_string(),
        };
        let missing = &self.registry.missing;
        if !missing.is_empty() && suggestion.is_none() {
            // Most likely a template of the theme or module that is not in
            // the repository: reporting every such call would bury the rest.
            return;
        }
        let (severity, help) = if missing.is_empty() {
            (
                Severity::Error,
                format!(
                    "{fix} `layouts/_shortcodes/{}.html`, or list the name under `[shortcodes] known` in postlint.toml if its template comes from outside the repository; Hugo fails the build with: template for shortcode \"{}\" not found",
                    sc.name, sc.name
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "{fix} its template; postlint cannot see the templates of {}, which {} not in the repository, so this is only a warning (list the name under `[shortcodes] known` in postlint.toml if it is right)",
                    missing.join(" and "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
            )
        };
        self.findings.push(
            Diagnostic::new(
                &UNKNOWN,
                sc.name_span,
                format!(
                    "unknown shortcode `{}`: no template in the site, its themes or Hugo{}",
                    sc.name,
                    self.code_note(sc)
                ),
            )
            .severity(severity)
            .label(match suggestion {
                Some(name) => format!("did you mean `{name}`?"),
                None => "no such shortcode".to_string(),
            })
            .help(format!("{help}{}", self.escape_hint(sc))),
        );
    }

    /// Pairs openers and closers as Hugo does: SC001, SC002, SC003.
    fn pair(&mut self, needs: &[Needs]) {
        let tags = self.tags;
        let mut stack: Vec<Frame> = Vec::new();
        let mut seen: FastSet<&str> = FastSet::default();
        let mut any_named = false;
        let mut misclosures: Vec<Misclosure> = Vec::new();
        for (i, sc) in tags.iter().enumerate() {
            if sc.error.as_ref().is_some_and(|e| {
                matches!(e.kind, TagErrorKind::UnclosedComment | TagErrorKind::NoName)
            }) {
                continue;
            }
            if let Some(top) = stack.last()
                && top.inline
                && !(sc.kind == ShortcodeKind::Close && sc.name == tags[top.tag].name)
            {
                self.inline_nesting(top.tag, i);
            }
            match sc.kind {
                ShortcodeKind::Open | ShortcodeKind::SelfClosing => {
                    if !sc.name.is_empty() {
                        seen.insert(self.pair_name(i));
                        any_named = true;
                    }
                    if sc.inline {
                        if sc.kind == ShortcodeKind::Open {
                            stack.push(Frame {
                                tag: i,
                                certain: false,
                                inline: true,
                            });
                        }
                        continue;
                    }
                    if sc.kind == ShortcodeKind::SelfClosing {
                        if needs[i] == Needs::No {
                            self.self_closed_without_inner(i);
                        }
                    } else if needs[i].inner() {
                        stack.push(Frame {
                            tag: i,
                            certain: needs[i] == Needs::Yes,
                            inline: false,
                        });
                    }
                }
                ShortcodeKind::Close => {
                    if !any_named {
                        self.nothing_open_yet(i);
                        continue;
                    }
                    if !sc.name.is_empty() && !seen.contains(sc.name.as_str()) {
                        self.no_start_tag(i);
                        continue;
                    }
                    match stack.pop() {
                        Some(frame) => {
                            if !sc.name.is_empty() && self.pair_name(frame.tag) != sc.name {
                                misclosures.push(Misclosure {
                                    closer: i,
                                    closed: frame.tag,
                                    explained: false,
                                });
                            }
                        }
                        None => self.stray(i, needs, &mut misclosures),
                    }
                }
            }
        }
        for frame in stack.iter().rev() {
            if frame.certain && !frame.inline {
                self.unclosed(frame.tag, &mut misclosures);
            }
        }
        self.crossings(&mut misclosures);
    }

    fn nothing_open_yet(&mut self, closer: usize) {
        let sc = &self.tags[closer];
        self.findings.push(
            Diagnostic::new(
                &STRAY_CLOSE,
                sc.span,
                format!(
                    "closing tag {} comes before any shortcode is opened{}",
                    self.written(closer),
                    self.code_note(sc)
                ),
            )
            .label("nothing is open here")
            .help(format!(
                "remove it, or add the opening tag before it; Hugo fails the build with: got closing shortcode, but none is open{}",
                self.escape_hint(sc)
            )),
        );
    }

    /// Hugo's lexer: a closer must name a shortcode seen earlier in the file
    /// (case-sensitively).
    fn no_start_tag(&mut self, closer: usize) {
        let sc = &self.tags[closer];
        let other_case = self
            .at
            .spellings
            .get(sc.name.to_lowercase().as_str())
            .and_then(|spellings| {
                spellings
                    .iter()
                    .filter(|(name, first)| *name != sc.name && *first < closer)
                    .min_by_key(|(_, first)| *first)
            })
            .map(|&(_, first)| &self.tags[first]);
        let later = Occurrences::first_after(self.at.calls.get(sc.name.as_str()), closer)
            .map(|i| &self.tags[i]);
        let mut diagnostic = Diagnostic::new(
            &STRAY_CLOSE,
            sc.span,
            format!(
                "closing tag {} has no `{}` opened before it{}",
                self.written(closer),
                sc.name,
                self.code_note(sc)
            ),
        )
        .label("no matching opening tag");
        let hint = if let Some(other) = other_case {
            diagnostic = diagnostic.secondary(
                other.name_span,
                format!("opened as `{}`: pairing is case-sensitive", other.name),
            );
            format!("spell the closing tag `{}` as the opener does", other.name)
        } else if let Some(later) = later {
            diagnostic = diagnostic.secondary(later.span, "the opening tag comes after it");
            "move the closing tag after its opening tag".to_string()
        } else {
            "remove it or add its opening tag".to_string()
        };
        self.findings.push(diagnostic.help(format!(
            "{hint}; Hugo fails the build with: closing tag for shortcode '{}' does not match start tag{}",
            sc.name,
            self.escape_hint(sc)
        )));
    }

    fn self_closed_without_inner(&mut self, index: usize) {
        let sc = &self.tags[index];
        self.findings.push(
            Diagnostic::new(
                &STRAY_CLOSE,
                sc.span,
                format!(
                    "shortcode `{}` is self-closed, but its template does not evaluate .Inner{}",
                    sc.name,
                    self.code_note(sc)
                ),
            )
            .label("self-closing `/`")
            .help(format!(
                "drop the `/`: write `{} {} {}`; Hugo fails the build with: shortcode \"{}\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided{}",
                sc.delimiter.open(),
                sc.name,
                sc.delimiter.close(),
                sc.name,
                self.escape_hint(sc)
            )),
        );
    }

    fn inline_nesting(&mut self, inline: usize, inner: usize) {
        let outer = &self.tags[inline];
        let sc = &self.tags[inner];
        self.findings.push(
            Diagnostic::new(
                &MISNESTED,
                sc.span,
                format!(
                    "shortcode {} sits inside inline shortcode `{}`{}",
                    self.written(inner),
                    outer.name,
                    self.code_note(sc)
                ),
            )
            .label("nested in an inline shortcode")
            .secondary(outer.span, "inline shortcode opened here")
            .help(format!(
                "close `{}` first (`{} /{} {}`); Hugo fails the build with: inline shortcodes do not support nesting",
                outer.name,
                outer.delimiter.open(),
                outer.name,
                outer.delimiter.close()
            )),
        );
    }

    /// The closing tags that consumed the shortcode a stray `name` closer
    /// was meant for: the latest misclosure of a `name` shortcode, then the
    /// one that consumed the shortcode *its* closer was meant for (opened
    /// inside it), and so on. Returns the chain, root (earliest) last.
    fn misclosure_chain(
        &self,
        name: &str,
        before: usize,
        misclosures: &[Misclosure],
    ) -> Vec<usize> {
        let mut chain = Vec::new();
        let Some(mut current) = misclosures
            .iter()
            .rposition(|m| !m.explained && m.closer < before && self.tags[m.closed].name == name)
        else {
            return chain;
        };
        chain.push(current);
        while let Some(next) = misclosures.iter().rposition(|m| {
            let here = misclosures[current];
            !m.explained
                && m.closer < here.closer
                && m.closed > here.closed
                && self.tags[m.closed].name == self.tags[here.closer].name
        }) {
            if chain.contains(&next) {
                break;
            }
            chain.push(next);
            current = next;
        }
        chain
    }

    /// A closing tag at the top level: Hugo fails ("does not evaluate
    /// .Inner …, yet a closing tag was provided", naming this tag).
    fn stray(&mut self, closer: usize, needs: &[Needs], misclosures: &mut [Misclosure]) {
        let sc = &self.tags[closer];
        let hugo = format!(
            "Hugo fails the build with: shortcode \"{}\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided",
            sc.name
        );
        let chain = self.misclosure_chain(&sc.name, closer, misclosures);
        if let Some(&root) = chain.last() {
            for &m in &chain {
                misclosures[m].explained = true;
            }
            let m = misclosures[root];
            let culprit = &self.tags[m.closer];
            let closed = &self.tags[m.closed];
            let culprit_needs = self.needs_of_name(&culprit.name, m.closer, needs);
            if culprit_needs == Some(Needs::No) {
                self.findings.push(
                    Diagnostic::new(
                        &STRAY_CLOSE,
                        culprit.span,
                        format!(
                            "closing tag {} for `{}`, whose template does not evaluate .Inner{}",
                            self.written(m.closer),
                            culprit.name,
                            self.code_note(culprit)
                        ),
                    )
                    .label(format!("Hugo takes this as the end of `{}`", closed.name))
                    .secondary(
                        closed.open_delimiter(),
                        format!("`{}` opened here", closed.name),
                    )
                    .secondary(sc.span, "so this closing tag has nothing left to close")
                    .help(format!(
                        "remove {}: `{}` takes no closing tag; {hugo}",
                        self.written(m.closer),
                        culprit.name
                    )),
                );
            } else {
                self.findings.push(
                    Diagnostic::new(
                        &MISNESTED,
                        culprit.span,
                        format!(
                            "closing tags cross: {} closes `{}` (line {}), the innermost open shortcode, not `{}`{}",
                            self.written(m.closer),
                            closed.name,
                            self.line(closed.span.start),
                            culprit.name,
                            self.code_note(culprit)
                        ),
                    )
                    .label(format!("closes `{}`", closed.name))
                    .secondary(closed.open_delimiter(), format!("`{}` opened here", closed.name))
                    .secondary(sc.span, "so this closing tag has nothing left to close")
                    .help(format!(
                        "close shortcodes innermost first: `{}` before `{}`; {hugo}",
                        closed.name, culprit.name
                    )),
                );
            }
            return;
        }
        let own = self.needs_of_name(&sc.name, closer, needs);
        if own == Some(Needs::No) {
            let opener = Occurrences::last_before(self.at.opens.get(sc.name.as_str()), closer);
            let mut diagnostic = Diagnostic::new(
                &STRAY_CLOSE,
                sc.span,
                format!(
                    "closing tag {} for `{}`, whose template does not evaluate .Inner{}",
                    self.written(closer),
                    sc.name,
                    self.code_note(sc)
                ),
            )
            .label("takes no closing tag");
            if let Some(opener) = opener {
                diagnostic = diagnostic.secondary(
                    self.tags[opener].span,
                    "this call ends at its own delimiter",
                );
            }
            self.findings.push(diagnostic.help(format!(
                "remove the closing tag (anything between the tags is plain content), or make the template use `.Inner`; {hugo}{}",
                self.escape_hint(sc)
            )));
            return;
        }
        let earlier_close = Occurrences::last_before(self.at.closes.get(sc.name.as_str()), closer);
        let mut diagnostic = Diagnostic::new(
            &STRAY_CLOSE,
            sc.span,
            format!(
                "closing tag {} has no open shortcode to close{}",
                self.written(closer),
                self.code_note(sc)
            ),
        )
        .label("nothing is open here");
        if let Some(earlier) = earlier_close {
            diagnostic = diagnostic.secondary(
                self.tags[earlier].span,
                format!("`{}` was already closed here", sc.name),
            );
        }
        self.findings
            .push(diagnostic.help(format!("remove it; {hugo}{}", self.escape_hint(sc))));
    }

    /// What is known about a name's template, from its nearest opener.
    fn needs_of_name(&self, name: &str, before: usize, needs: &[Needs]) -> Option<Needs> {
        Occurrences::last_before(self.at.calls.get(name), before).map(|i| needs[i])
    }

    /// An opener whose template evaluates `.Inner`, open at the end of the
    /// file: Hugo fails ("must be closed or self-closed").
    fn unclosed(&mut self, opener: usize, misclosures: &mut [Misclosure]) {
        let sc = &self.tags[opener];
        let end = last_content(self.doc.text());
        let hugo = format!(
            "Hugo fails the build with: shortcode \"{}\" must be closed or self-closed",
            sc.name
        );
        // Was this shortcode's closing tag spent on an inner shortcode?
        if let Some(m) = misclosures
            .iter()
            .position(|m| !m.explained && m.closer > opener && self.tags[m.closer].name == sc.name)
        {
            misclosures[m].explained = true;
            let m = misclosures[m];
            let inner = &self.tags[m.closed];
            let taken = &self.tags[m.closer];
            self.findings.push(
                Diagnostic::new(
                    &UNCLOSED,
                    inner.span,
                    format!(
                        "shortcode `{}` is never closed, so {} on line {} closes it instead of `{}`{}",
                        inner.name,
                        self.written(m.closer),
                        self.line(taken.span.start),
                        sc.name,
                        self.code_note(inner)
                    ),
                )
                .label(format!("`{}` opened here, never closed", inner.name))
                .secondary(taken.span, format!("closes `{}`, not `{}`", inner.name, sc.name))
                .secondary(sc.open_delimiter(), format!("so Hugo reports `{}` as unclosed", sc.name))
                .help(format!(
                    "add `{} /{} {}` where `{}` ends, before {}; {hugo}",
                    inner.delimiter.open(),
                    inner.name,
                    inner.delimiter.close(),
                    inner.name,
                    self.written(m.closer)
                )),
            );
            return;
        }
        self.findings.push(
            Diagnostic::new(
                &UNCLOSED,
                sc.span,
                format!(
                    "shortcode `{}` is never closed, and its template evaluates .Inner{}",
                    sc.name,
                    self.code_note(sc)
                ),
            )
            .label("opened here")
            .secondary(end, "the file ends here, without a closing tag")
            .help(format!(
                "add `{} /{} {}` where its content ends, or self-close it (`{} {} /{}`) if it has none; {hugo}{}",
                sc.delimiter.open(),
                sc.name,
                sc.delimiter.close(),
                sc.delimiter.open(),
                sc.name,
                sc.delimiter.close(),
                self.escape_hint(sc)
            )),
        );
    }

    /// Closing tags Hugo pairs with a shortcode of another name, where the
    /// build still succeeds: a warning each (one for a crossed pair).
    fn crossings(&mut self, misclosures: &mut [Misclosure]) {
        // Misclosures by (closer's name, closed name), each list with a
        // cursor past the explained ones (explained is never undone).
        let tags = self.tags;
        let mut by_names: FastMap<(&str, &str), (usize, Vec<usize>)> = FastMap::default();
        for (i, m) in misclosures.iter().enumerate() {
            let key = (tags[m.closer].name.as_str(), tags[m.closed].name.as_str());
            by_names.entry(key).or_default().1.push(i);
        }
        for i in 0..misclosures.len() {
            if misclosures[i].explained {
                continue;
            }
            misclosures[i].explained = true;
            let m = misclosures[i];
            let closer = &self.tags[m.closer];
            let closed = &self.tags[m.closed];
            // `{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}`: one crossing.
            let partner = by_names
                .get_mut(&(closed.name.as_str(), closer.name.as_str()))
                .and_then(|(cursor, list)| {
                    while *cursor < list.len() && misclosures[list[*cursor]].explained {
                        *cursor += 1;
                    }
                    list.get(*cursor).copied()
                });
            let diagnostic = match partner {
                Some(p) => {
                    misclosures[p].explained = true;
                    let other = &self.tags[misclosures[p].closer];
                    Diagnostic::new(
                        &MISNESTED,
                        closer.span,
                        format!(
                            "closing tags cross: {} comes before {} (line {}){}",
                            self.written(m.closer),
                            self.written(misclosures[p].closer),
                            self.line(other.span.start),
                            self.code_note(closer)
                        ),
                    )
                    .severity(Severity::Warning)
                    .label(format!("closes `{}`, the innermost open shortcode", closed.name))
                    .secondary(other.span, format!("closes `{}`", closer.name))
                    .help(format!(
                        "swap the two closing tags; Hugo builds the page, but pairs each closing tag with the innermost open shortcode whatever its name, so `{}` holds less than it appears to",
                        closer.name
                    ))
                }
                None if closer.name.eq_ignore_ascii_case(&closed.name) => Diagnostic::new(
                    &MISNESTED,
                    closer.span,
                    format!(
                        "closing tag {} does not match `{}` (line {}): pairing is case-sensitive{}",
                        self.written(m.closer),
                        closed.name,
                        self.line(closed.span.start),
                        self.code_note(closer)
                    ),
                )
                .severity(Severity::Warning)
                .label(format!("spelled differently from `{}`", closed.name))
                .secondary(closed.open_delimiter(), format!("`{}` opened here", closed.name))
                .help(format!(
                    "write `{} /{} {}`; Hugo builds this page only because a `{}` appears earlier in the file (otherwise it fails with: closing tag for shortcode '{}' does not match start tag)",
                    closer.delimiter.open(),
                    closed.name,
                    closer.delimiter.close(),
                    closer.name,
                    closer.name
                )),
                None => Diagnostic::new(
                    &MISNESTED,
                    closer.span,
                    format!(
                        "closing tag {} closes `{}` (line {}), the innermost open shortcode, not `{}`{}",
                        self.written(m.closer),
                        closed.name,
                        self.line(closed.span.start),
                        closer.name,
                        self.code_note(closer)
                    ),
                )
                .severity(Severity::Warning)
                .label(format!("closes `{}`", closed.name))
                .secondary(closed.open_delimiter(), format!("`{}` opened here", closed.name))
                .help(format!(
                    "write `{} /{} {}` here; Hugo builds the page, because a closing tag closes the innermost open shortcode whatever its name",
                    closer.delimiter.open(),
                    closed.name,
                    closer.delimiter.close()
                )),
            };
            self.findings.push(diagnostic);
        }
    }

    /// SC007: a call inside Markdown code that was evidently meant to be
    /// shown: one with inner content, or one of Hugo's embed shortcodes,
    /// whose HTML lands inside the code box. Calls that print text
    /// (`{{% param version %}}` in an install command) are meant to run.
    fn in_code(&mut self, needs: &[Needs]) {
        let mut reported: Vec<Span> = self.findings.iter().map(|d| d.primary.span).collect();
        reported.sort_unstable();
        // The findings inside a tag are a run of the sorted spans.
        let reported_in = |sc: &Shortcode| {
            let first = reported.partition_point(|span| span.start < sc.span.start);
            reported[first..]
                .iter()
                .take_while(|span| span.start < sc.span.end.max(sc.span.start + 1))
                .any(|span| span.end <= sc.span.end)
        };
        for (i, sc) in self.tags.iter().enumerate() {
            if !sc.in_code
                || sc.error.is_some()
                || sc.kind == ShortcodeKind::Close
                || reported_in(sc)
            {
                continue;
            }
            let embed = EMBEDS.contains(&sc.name.to_lowercase().as_str())
                && self
                    .registry
                    .get(&sc.name)
                    .is_some_and(|entry| matches!(entry.origin, Origin::Embedded(_)));
            let block = sc.kind == ShortcodeKind::Open && needs[i].inner();
            if !(embed || block) {
                continue;
            }
            let text = &self.doc.text()[sc.span.range()];
            let escaped = format!(
                "{}/*{}*/{}",
                sc.delimiter.open(),
                &text[3..text.len() - 3],
                sc.delimiter.close()
            );
            let what = if block {
                "its inner content"
            } else {
                "its HTML"
            };
            self.findings.push(
                Diagnostic::new(
                    &IN_CODE,
                    sc.span,
                    format!(
                        "shortcode {} inside a code block is executed by Hugo, not shown",
                        self.written_tag(sc)
                    ),
                )
                .label(format!("Hugo runs this call and puts {what} into the code"))
                .help(format!(
                    "to show the tag as text, escape it: `{escaped}`{}",
                    if block {
                        " (and its closing tag likewise)"
                    } else {
                        ""
                    }
                )),
            );
        }
    }

    fn written_tag(&self, sc: &Shortcode) -> String {
        let text = &self.doc.text()[sc.span.range()];
        if !text.contains('\n') && text.chars().count() <= 60 {
            format!("`{text}`")
        } else {
            format!("`{}`", sc.display())
        }
    }
}

/// The last non-blank character of the text (where "the file ends" is
/// shown), or an empty span at its end.
pub(crate) fn last_content(text: &str) -> Span {
    let trimmed = text.trim_end();
    match trimmed.chars().next_back() {
        Some(c) => Span::new(trimmed.len() - c.len_utf8(), trimmed.len()),
        None => Span::empty(text.len()),
    }
}

fn short_version(version: HugoVersion) -> String {
    if version.patch == 0 {
        format!("0.{}", version.minor)
    } else {
        version.to_string()
    }
}
