//! SC001–SC003: pairing opening and closing tags the way Hugo does (the
//! innermost open shortcode is closed, whatever name the closer carries,
//! when that name is open further out), and explaining what went wrong.

use super::{MISNESTED, Needs, Pass, STRAY_CLOSE, UNCLOSED};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Shortcode, ShortcodeKind, TagErrorKind};
use std::borrow::Cow;

use crate::text::{FastMap, FastSet};

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
pub(super) struct Occurrences<'a> {
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
    pub(super) fn new(tags: &'a [Shortcode]) -> Self {
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

/// The misclosures of each closing tag name, in file order, for the
/// shortcodes left open at the end: each asks for the first one after it
/// not yet explained. A link from each entry towards the next unexplained
/// one (shortened as it is followed) makes that a binary search and a few
/// steps, where a scan of every misclosure per open shortcode would cost
/// their product.
struct Spent<'a> {
    by_name: FastMap<&'a str, SpentList>,
}

struct SpentList {
    /// Indexes into the misclosures, by their closing tag's position.
    misclosures: Vec<usize>,
    /// An entry at or after each one that may be unexplained: itself
    /// while it is, `misclosures.len()` for none.
    next: Vec<usize>,
}

impl<'a> Spent<'a> {
    fn new(tags: &'a [Shortcode], misclosures: &[Misclosure]) -> Self {
        let mut by_name: FastMap<&'a str, SpentList> = FastMap::default();
        // Misclosures are found in file order of their closing tags.
        for (i, m) in misclosures.iter().enumerate() {
            let list = by_name
                .entry(tags[m.closer].name.as_str())
                .or_insert_with(|| SpentList {
                    misclosures: Vec::new(),
                    next: Vec::new(),
                });
            let at = list.misclosures.len();
            list.misclosures.push(i);
            list.next.push(if m.explained { at + 1 } else { at });
        }
        Spent { by_name }
    }

    /// The first misclosure by a closing tag named `name` after tag
    /// `after` that is not explained yet; it is taken as explained.
    fn first_after(
        &mut self,
        name: &str,
        after: usize,
        misclosures: &[Misclosure],
    ) -> Option<usize> {
        let list = self.by_name.get_mut(name)?;
        let from = list
            .misclosures
            .partition_point(|&m| misclosures[m].closer <= after);
        let found = list.unexplained_from(from);
        let m = *list.misclosures.get(found)?;
        list.next[found] = found + 1;
        Some(m)
    }
}

impl SpentList {
    /// The first unexplained entry at or after `at`.
    fn unexplained_from(&mut self, at: usize) -> usize {
        let mut root = at;
        while let Some(&next) = self.next.get(root)
            && next != root
        {
            root = next;
        }
        let mut at = at;
        while at < root {
            let next = self.next[at];
            self.next[at] = root;
            at = next;
        }
        root
    }
}

impl<'a> Pass<'a> {
    /// Pairs openers and closers as Hugo does: SC001, SC002, SC003.
    pub(super) fn pair(&mut self, needs: &[Needs]) {
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
        let mut spent = Spent::new(tags, &misclosures);
        for frame in stack.iter().rev() {
            if frame.certain && !frame.inline {
                self.unclosed(frame.tag, &mut misclosures, &mut spent);
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
    fn unclosed(&mut self, opener: usize, misclosures: &mut [Misclosure], spent: &mut Spent<'a>) {
        let sc = &self.tags[opener];
        let hugo = format!(
            "Hugo fails the build with: shortcode \"{}\" must be closed or self-closed",
            sc.name
        );
        // Was this shortcode's closing tag spent on an inner shortcode?
        if let Some(m) = spent.first_after(sc.name.as_str(), opener, misclosures) {
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
}
