//! Liquid rules (LQ) for Jekyll: block tags must be closed by their own end
//! tag, every `{%`/`{{` must be a tag Liquid can read, and Liquid in code
//! samples is run, not shown.
//!
//! Jekyll renders Liquid over the whole body of every file with front
//! matter (unless `render_with_liquid: false`), code blocks included; a
//! syntax error fails the build ("Liquid syntax error … 'if' tag was never
//! closed"). Block structure follows Liquid's parser: a block's body is
//! parsed up to `end<name>`; `else`/`elsif`/`when` belong to `if`/`unless`,
//! `case` and `for`; inside `{% comment %}` unknown tags are ignored but
//! blocks still need their end tags; `{% raw %}` bodies are text. Which
//! tags exist, and which of them are blocks, is one table
//! (`generator::jekyll::tags`) with the site's plugins and `postlint.toml`
//! added (`KnownTags`).

mod unknown_tag;

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::markdown::{Code, CodeKind};
use crate::document::{
    Document, FrontMatter, LiquidKind, LiquidTag, TagErrorKind, is_literal_output,
    strict_output_error,
};
use crate::generator::Flavor;
use crate::generator::PageKind;
use crate::generator::jekyll::config::LiquidErrorMode;
use crate::generator::jekyll::tags::{self as jekyll_tags, TagKind};
use crate::rules::{FileContext, Runs, Sink, declare_check, migration};

declare_check! {
    /// The Liquid tags of a Jekyll file: blocks, end tags, tag syntax, code.
    pub static CHECK = Runs::EachFile(check);

    pub static UNCLOSED_BLOCK = "LQ001" "unclosed-liquid-block" {
        severity: Error,
        summary: "A Liquid block tag (`if`, `for`, `raw`, `highlight`…) with no end tag",
    }

    pub static STRAY_END = "LQ002" "stray-liquid-end" {
        severity: Error,
        summary: "A Liquid end tag with no open block, the wrong end tag, or a misplaced `else`",
    }

    pub static MALFORMED_TAG = "LQ003" "malformed-liquid-tag" {
        severity: Error,
        summary: "A `{%` or `{{` that Liquid cannot read: never closed, or an output its strict parser rejects",
    }

    pub static IN_CODE = "LQ004" "liquid-in-code" {
        severity: Warning,
        summary: "A Liquid tag or output inside a code block or span, which Jekyll runs rather than shows",
    }

    pub static UNKNOWN_TAG = "LQ005" "unknown-liquid-tag" {
        severity: Error,
        summary: "A Liquid tag that neither Liquid, Jekyll, the site's plugins nor `[liquid] tags` define (`{% inlcude %}`)",
    }
}

/// The tags a file may use: Liquid's and Jekyll's, the site's plugins'
/// and `_plugins/`', and `[liquid] tags`/`blocks` from `postlint.toml`.
struct KnownTags<'a> {
    cx: &'a FileContext<'a>,
}

impl KnownTags<'_> {
    fn kind(&self, name: &str) -> Option<TagKind> {
        let options = self.cx.options;
        if options.liquid_blocks.iter().any(|block| block == name) {
            return Some(TagKind::Block);
        }
        jekyll_tags::builtin(name)
            .or_else(|| self.cx.site.plugin_tags().get(name))
            .or_else(|| {
                options
                    .liquid_tags
                    .iter()
                    .flatten()
                    .any(|tag| tag == name)
                    .then_some(TagKind::Plain)
            })
    }

    fn is_block(&self, name: &str) -> bool {
        self.kind(name) == Some(TagKind::Block)
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    if doc.flavor != Flavor::Jekyll || doc.tags.liquid.is_empty() || !renders_liquid(cx, doc) {
        return;
    }
    let tags = &doc.tags.liquid;
    let mut findings = Vec::new();
    let error_mode = cx.site.jekyll().liquid_error_mode;
    // A Hugo shortcode is reported once, by MIG003, as the leftover it is;
    // with MIG003 selected off it is still an output Liquid cannot read.
    let shortcodes_reported = sink.enabled(&migration::HUGO_SHORTCODE);
    let mut deferred = Vec::new();
    for tag in tags {
        if shortcodes_reported && migration::is_hugo_shortcode(doc.text(), tag) {
            deferred.push(tag.span);
            continue;
        }
        if let Some(diagnostic) = malformed(tag).or_else(|| unparsable(doc, tag, error_mode)) {
            findings.push(diagnostic);
        }
    }
    let known = KnownTags { cx };
    blocks(doc, tags, &known, &mut findings);
    if cx.rules.is_enabled(&UNKNOWN_TAG) {
        unknown_tag::check(cx, doc, tags, &known, &mut findings);
    }
    let mut reported: Vec<Span> = findings.iter().map(|d| d.primary.span).collect();
    reported.extend(deferred);
    reported.sort_unstable();
    in_code(doc, tags, &reported, &mut findings);
    for finding in findings {
        sink.push(finding);
    }
}

/// Jekyll runs Liquid over posts and drafts (with or without front matter)
/// and over other files with front matter (a page without it is copied as
/// is), unless the front matter says `render_with_liquid: false`.
pub(crate) fn renders_liquid(cx: &FileContext, doc: &Document) -> bool {
    let has_front_matter = matches!(doc.front_matter, FrontMatter::Present(_));
    if !has_front_matter && cx.kind != PageKind::Post {
        return false;
    }
    doc.field("render_with_liquid")
        .and_then(|entry| entry.value.as_bool())
        != Some(false)
}

fn code_note(tag: &LiquidTag) -> &'static str {
    if tag.in_code {
        " (inside Markdown code, where Jekyll runs it all the same)"
    } else {
        ""
    }
}

fn raw_hint(tag: &LiquidTag) -> &'static str {
    if tag.in_code {
        "; to show Liquid as text in code, wrap it in `{% raw %}` … `{% endraw %}`"
    } else {
        ""
    }
}

fn malformed(tag: &LiquidTag) -> Option<Diagnostic> {
    let error = tag.error.as_ref()?;
    let (label, fix) = match error.kind {
        TagErrorKind::Unterminated if tag.kind == LiquidKind::Tag => (
            "never closed with `%}`",
            "close the tag with `%}`, or write `{{ \"{%\" }}` for a literal `{%`",
        ),
        TagErrorKind::Unterminated => (
            "never closed with `}}`",
            "close the output with `}}`, or wrap literal braces in `{% raw %}` … `{% endraw %}`",
        ),
        TagErrorKind::SingleBrace => (
            "one `}` ends the output here",
            "end the output with `}}`; a `}` inside a quoted string also ends it, so use a variable for it",
        ),
        TagErrorKind::NoName => (
            "no tag name",
            "put a tag name after `{%`, or wrap literal `{%` in `{% raw %}` … `{% endraw %}`",
        ),
        TagErrorKind::RunsIntoNextTag => (
            "never closed",
            "close it where it ends (`%}` for a tag, `}}` for an output)",
        ),
        TagErrorKind::RawWithMarkup => ("`raw` takes no arguments", "write `{% raw %}` alone"),
        _ => return None,
    };
    let consequence = if error.kind == TagErrorKind::RunsIntoNextTag {
        format!("{}, and Jekyll fails the build", error.generator)
    } else {
        format!(
            "Jekyll fails the build: \"Liquid syntax error: {}\"",
            error.generator
        )
    };
    let mut diagnostic = Diagnostic::new(
        &MALFORMED_TAG,
        error.span,
        format!("{}{}", error.message, code_note(tag)),
    )
    .label(label)
    .help(format!("{fix}; {consequence}{}", raw_hint(tag)));
    if let Some(at) = error.generator_at {
        diagnostic = diagnostic.secondary(at, "read as part of the unclosed tag");
    }
    Some(diagnostic)
}

/// LQ003 for an output closed with `}}` whose expression Liquid's strict
/// parser rejects (`{{ page.title page.date }}`, `{{ x | | upcase }}`).
/// Unlike an unclosed tag, which fails every build, this one is judged by
/// the site's `liquid.error_mode`: an error only where `strict` makes it
/// fail the build; under Jekyll's default `warn` the build logs a warning
/// and renders what the lax parser reads, so it is a warning here too.
fn unparsable(doc: &Document, tag: &LiquidTag, mode: LiquidErrorMode) -> Option<Diagnostic> {
    let error = strict_output_error(doc.text(), tag)?;
    let jekyll = format!(
        "Liquid syntax error: {} in \"{}\"",
        error.liquid, error.context
    );
    let (severity, consequence) = match mode {
        LiquidErrorMode::Strict => (
            Severity::Error,
            format!("the site's `liquid: {{ error_mode: strict }}` makes Jekyll fail the build: \"{jekyll}\""),
        ),
        LiquidErrorMode::Warn => (
            Severity::Warning,
            format!("Jekyll only logs \"Liquid Warning: {jekyll}\" and renders what its lax parser makes of it, which drops what it cannot read; with `liquid: {{ error_mode: strict }}` in `_config.yml` the build fails"),
        ),
        LiquidErrorMode::Lax => (
            Severity::Warning,
            "the site's `liquid: { error_mode: lax }` makes Jekyll render what its lax parser makes of it without a word, dropping what it cannot read".to_string(),
        ),
    };
    Some(
        Diagnostic::new(
            &MALFORMED_TAG,
            error.span,
            format!(
                "Liquid cannot parse the output {}: {}{}",
                tag_text(doc, tag),
                error.problem,
                code_note(tag)
            ),
        )
        .severity(severity)
        .label(error.label)
        .help(format!(
            "write it as `{{{{ value | filter: argument, argument }}}}`; {consequence}{}",
            raw_hint(tag)
        )),
    )
}

fn tag_text(doc: &Document, tag: &LiquidTag) -> String {
    let text = &doc.text()[tag.span.range()];
    if !text.contains('\n') && text.chars().count() <= 50 {
        format!("`{text}`")
    } else {
        format!("`{{% {} %}}`", tag.name)
    }
}

fn line(doc: &Document, offset: usize) -> usize {
    doc.source.line_index(offset) + 1
}

/// A tag that takes part in the block structure: a tag with a name, even
/// one with a problem (the author's intent is plain: `{% raw x %}` opens a
/// raw block, `{% if a` without `%}` an `if`).
fn structural(tag: &LiquidTag) -> bool {
    tag.kind == LiquidKind::Tag
        && !tag.name.is_empty()
        && tag.error.as_ref().is_none_or(|e| {
            matches!(
                e.kind,
                TagErrorKind::RunsIntoNextTag | TagErrorKind::RawWithMarkup
            )
        })
}

/// LQ001 and LQ002: Liquid's block structure.
fn blocks(doc: &Document, tags: &[LiquidTag], known: &KnownTags, findings: &mut Vec<Diagnostic>) {
    // A plugin block not in the config: a tag whose `end` tag follows.
    let mut ends_later: HashSet<&str> = HashSet::new();
    let mut inferred: HashSet<&str> = HashSet::new();
    for tag in tags.iter().rev() {
        if !structural(tag) {
            continue;
        }
        if let Some(base) = tag.name.strip_prefix("end") {
            ends_later.insert(base);
        } else if ends_later.contains(tag.name.as_str())
            && jekyll_tags::builtin(&tag.name).is_none()
        {
            inferred.insert(tag.name.as_str());
        }
    }
    let is_block = |name: &str| known.is_block(name) || inferred.contains(name);

    let mut stack = Stack::default();
    for (i, tag) in tags.iter().enumerate() {
        if !structural(tag) {
            continue;
        }
        let name = tag.name.as_str();
        let top = stack.last().map(|t| tags[t].name.as_str());
        if top == Some("comment") {
            // Liquid parses a comment's body: blocks need their ends,
            // anything else unknown is ignored.
            if name == "endcomment" {
                stack.pop(tags);
            } else if is_block(name) {
                stack.push(i, name);
            }
            continue;
        }
        if let Some(base) = name.strip_prefix("end")
            && (is_block(base) || stack.holds(base))
        {
            if top == Some(base) {
                stack.pop(tags);
            } else if stack.holds(base) {
                // The blocks opened inside never got their end tags.
                let inner = stack.close(base, tags);
                for &open in inner.iter().rev() {
                    findings.push(unclosed_before(doc, &tags[open], tag));
                }
            } else if let Some(open) = top {
                // Taken as the innermost block's (misspelled) end tag, so
                // that block is not reported as unclosed too.
                let opener = &tags[stack.pop(tags).unwrap_or(i)];
                findings.push(
                    Diagnostic::new(
                        &STRAY_END,
                        tag.span,
                        format!(
                            "{} does not close the open `{open}` block (line {}){}",
                            tag_text(doc, tag),
                            line(doc, opener.span.start),
                            code_note(tag)
                        ),
                    )
                    .label(format!("expected `{{% end{open} %}}`"))
                    .secondary(opener.span, format!("`{open}` opened here"))
                    .help(format!(
                        "close `{open}` with `{{% end{open} %}}` first, or remove this tag if no `{base}` is open; Jekyll fails the build: \"Liquid syntax error: '{name}' is not a valid delimiter for {open} tags. use end{open}\"{}",
                        raw_hint(tag)
                    )),
                );
            } else {
                findings.push(
                    Diagnostic::new(
                        &STRAY_END,
                        tag.span,
                        format!(
                            "{} closes no open block{}",
                            tag_text(doc, tag),
                            code_note(tag)
                        ),
                    )
                    .label(format!("no `{base}` is open here"))
                    .help(format!(
                        "remove it, or add the `{{% {base} %}}` it belongs to; Jekyll fails the build: \"Liquid syntax error: Unknown tag '{name}'\"{}",
                        raw_hint(tag)
                    )),
                );
            }
            continue;
        }
        if matches!(name, "else" | "elsif" | "when") {
            if let Some(diagnostic) = misplaced_branch(doc, tags, tag, top, &stack.open, &|block| {
                // A plugin block may take its own branches.
                jekyll_tags::builtin(block).is_none()
                    && (known.is_block(block) || inferred.contains(block))
            }) {
                findings.push(diagnostic);
            }
            continue;
        }
        if is_block(name) {
            stack.push(i, name);
        }
    }
    let stack = stack.open;
    // A raw block never closed swallowed the rest of the file, end tags of
    // the blocks around it included: only the raw block is the problem.
    let swallowed_from = stack
        .iter()
        .position(|&t| tags[t].name == "raw")
        .unwrap_or(0);
    for &open in stack[swallowed_from..].iter() {
        let tag = &tags[open];
        let name = &tag.name;
        let swallowing = if name == "raw" {
            " (everything after it is text, end tags included)"
        } else {
            ""
        };
        findings.push(
            Diagnostic::new(
                &UNCLOSED_BLOCK,
                tag.span,
                format!(
                    "`{name}` block is never closed with `{{% end{name} %}}`{swallowing}{}",
                    code_note(tag)
                ),
            )
            .label("opened here")
            .help(format!(
                "add `{{% end{name} %}}` where the block ends{}; Jekyll fails the build: \"Liquid syntax error: '{name}' tag was never closed\"{}",
                if name == "raw" && doc.text()[tag.span.end..].contains("{%- endraw") {
                    " (`{%- endraw %}` does not end it: Liquid's raw tag takes no `-` before `endraw`)"
                } else {
                    ""
                },
                raw_hint(tag)
            )),
        );
    }
}

/// The open blocks (indices of their tags), with how many of each name
/// are open, so that an end tag learns whether its block is open without
/// scanning the stack (a file of unclosed blocks stays linear).
#[derive(Default)]
struct Stack<'t> {
    open: Vec<usize>,
    count: HashMap<&'t str, usize>,
}

impl<'t> Stack<'t> {
    fn last(&self) -> Option<usize> {
        self.open.last().copied()
    }

    fn holds(&self, name: &str) -> bool {
        self.count.get(name).is_some_and(|&n| n > 0)
    }

    fn push(&mut self, tag: usize, name: &'t str) {
        self.open.push(tag);
        *self.count.entry(name).or_default() += 1;
    }

    fn pop(&mut self, tags: &[LiquidTag]) -> Option<usize> {
        let tag = self.open.pop()?;
        if let Some(n) = self.count.get_mut(tags[tag].name.as_str()) {
            *n = n.saturating_sub(1);
        }
        Some(tag)
    }

    /// Closes the innermost open `name` block; returns the blocks opened
    /// inside it, which are closed with it.
    fn close(&mut self, name: &str, tags: &[LiquidTag]) -> Vec<usize> {
        let mut inner = Vec::new();
        while let Some(tag) = self.pop(tags) {
            if tags[tag].name == name {
                break;
            }
            inner.push(tag);
        }
        inner.reverse();
        inner
    }
}

/// A block whose end tag never came before an outer block's end tag.
fn unclosed_before(doc: &Document, open: &LiquidTag, end: &LiquidTag) -> Diagnostic {
    let name = &open.name;
    Diagnostic::new(
        &UNCLOSED_BLOCK,
        open.span,
        format!(
            "`{name}` block is never closed: {} on line {} comes first{}",
            tag_text(doc, end),
            line(doc, end.span.start),
            code_note(open)
        ),
    )
    .label("opened here")
    .secondary(end.span, format!("ends the outer block while `{name}` is open"))
    .help(format!(
        "add `{{% end{name} %}}` before {}; Jekyll fails the build: \"Liquid syntax error: '{}' is not a valid delimiter for {name} tags. use end{name}\"{}",
        tag_text(doc, end),
        end.name,
        raw_hint(open)
    ))
}

/// `else`, `elsif` and `when` outside the blocks that take them.
fn misplaced_branch(
    doc: &Document,
    tags: &[LiquidTag],
    tag: &LiquidTag,
    top: Option<&str>,
    stack: &[usize],
    plugin_block: &dyn Fn(&str) -> bool,
) -> Option<Diagnostic> {
    let name = tag.name.as_str();
    let fits = |block: &str| match name {
        "else" => matches!(block, "if" | "unless" | "case" | "for"),
        "elsif" => matches!(block, "if" | "unless"),
        _ => block == "case",
    };
    let generator = match top {
        Some(block) if plugin_block(block) => return None,
        Some(block) if fits(block) => return None,
        Some(block) if name == "else" => format!("{block} tag does not expect 'else' tag"),
        None if name == "else" => "Unexpected outer 'else' tag".to_string(),
        _ => format!("Unknown tag '{name}'"),
    };
    let takes = match name {
        "else" => "`if`, `unless`, `case` or `for`",
        "elsif" => "`if` or `unless`",
        _ => "`case`",
    };
    let mut diagnostic = Diagnostic::new(
        &STRAY_END,
        tag.span,
        format!(
            "{} outside the blocks that take it{}",
            tag_text(doc, tag),
            code_note(tag)
        ),
    )
    .label(format!("only {takes} may hold this"));
    if let Some(&open) = stack.last() {
        diagnostic = diagnostic.secondary(
            tags[open].span,
            format!("the innermost open block is `{}`", tags[open].name),
        );
    }
    Some(diagnostic.help(format!(
        "move it inside {takes}, or remove it; Jekyll fails the build: \"Liquid syntax error: {generator}\"{}",
        raw_hint(tag)
    )))
}

/// Languages of command lines: an output in one (`gem install jekyll -v
/// {{ site.version }}`) is the site putting a value into a command for the
/// reader to run, not template source shown to them.
fn is_shell(language: &str) -> bool {
    matches!(
        language.to_ascii_lowercase().as_str(),
        "sh" | "bash"
            | "zsh"
            | "fish"
            | "ksh"
            | "shell"
            | "console"
            | "terminal"
            | "shell-session"
            | "shellsession"
            | "sh-session"
            | "powershell"
            | "pwsh"
            | "ps1"
            | "bat"
            | "batch"
            | "cmd"
    )
}

/// Tags that put text into the page where they stand: inside code they
/// are usually meant to run (`{% include snippet.md %}`).
const TEXT_TAGS: &[&str] = &[
    "include",
    "include_relative",
    "link",
    "post_url",
    "render",
    "echo",
    "assign",
    "increment",
    "decrement",
    "cycle",
    "#",
];

/// A code span that is one output and nothing else (`` `{{ site.version }}` ``):
/// the value is meant to be shown in code type, as Jekyll's own
/// documentation shows its version.
fn is_whole_code_span(text: &str, code: &Code, tag: &LiquidTag) -> bool {
    code.kind == CodeKind::Inline
        && text
            .get(code.span.range())
            .map(|span| span.trim_matches('`').trim())
            == text.get(tag.span.range())
}

/// LQ004: Liquid inside a fenced code block or a code span, which Jekyll
/// runs rather than shows: control flow (`{% for %}`) and outputs
/// (`[Link]({{ site.baseurl }}/)` in a Markdown sample shows as
/// `[Link](/)`). Left alone, as usually meant to run: tags that insert
/// text (`{% include snippet.md %}`), a lone string output (`{{ "{{" }}`,
/// the way to print a delimiter), outputs in a command line (a `sh` or
/// `console` block), a code span that is one output (`` `{{ site.version }}` ``);
/// and indented "code", often an HTML block to kramdown.
fn in_code(doc: &Document, tags: &[LiquidTag], reported: &[Span], findings: &mut Vec<Diagnostic>) {
    // `reported` is sorted: the findings inside a tag are a run of it.
    let reported_in = |tag: &LiquidTag| {
        let first = reported.partition_point(|span| span.start < tag.span.start);
        reported[first..]
            .iter()
            .take_while(|span| span.start < tag.span.end.max(tag.span.start + 1))
            .any(|span| span.end <= tag.span.end)
    };
    // One warning per code block or span, at its first tag; `raw` records
    // whether the code already holds a raw block, which changes the advice.
    struct Group<'t> {
        code: Span,
        place: &'static str,
        tags: Vec<&'t LiquidTag>,
        raw: bool,
    }
    let mut groups: Vec<Group> = Vec::new();
    for tag in tags {
        if !tag.in_code {
            continue;
        }
        let Some(code) = doc.markdown.code_at(tag.span.start) else {
            continue;
        };
        let place = match code.kind {
            CodeKind::Fenced => "a code block",
            CodeKind::Inline => "a code span",
            CodeKind::Indented => continue,
        };
        let is_raw = tag.kind == LiquidKind::Tag && matches!(tag.name.as_str(), "raw" | "endraw");
        let shown = !reported_in(tag)
            && tag.error.is_none()
            && !is_raw
            && match tag.kind {
                LiquidKind::Tag => !TEXT_TAGS.contains(&tag.name.as_str()),
                LiquidKind::Output => {
                    !is_literal_output(doc.text(), tag)
                        && !code.language(doc.text()).is_some_and(is_shell)
                        && !is_whole_code_span(doc.text(), code, tag)
                }
            };
        if !shown && !is_raw {
            continue;
        }
        if groups.last().is_none_or(|group| group.code != code.span) {
            groups.push(Group {
                code: code.span,
                place,
                tags: Vec::new(),
                raw: false,
            });
        }
        let Some(group) = groups.last_mut() else {
            continue;
        };
        if is_raw {
            group.raw = true;
        } else {
            group.tags.push(tag);
        }
    }
    for group in groups {
        let Some((first, others)) = group.tags.split_first() else {
            continue;
        };
        let place = group.place;
        let more = match others.len() {
            0 => String::new(),
            1 => " (and 1 more tag)".to_string(),
            n => format!(" (and {n} more tags)"),
        };
        let (what, does, label) = match first.kind {
            LiquidKind::Output => (
                "output",
                "replaced by its value",
                "Jekyll replaces this with its value",
            ),
            LiquidKind::Tag => ("tag", "run", "Jekyll runs this tag"),
        };
        let mut diagnostic = Diagnostic::new(
            &IN_CODE,
            first.span,
            format!(
                "Liquid {what} {} inside {place} is {does} by Jekyll, not shown{more}",
                tag_text(doc, first)
            ),
        )
        .label(label);
        for other in others.iter().take(3) {
            diagnostic = diagnostic.secondary(other.span, "and this one");
        }
        // Raw blocks do not nest: wrapping code that already holds one in
        // another would end at its `{% endraw %}` and leave the outer end
        // tag stray, which fails the build.
        let help = if group.raw {
            "to show the code as written, wrap the Liquid outside its `{% raw %}` blocks in `{% raw %}` … `{% endraw %}` too (raw blocks do not nest, so do not wrap the whole code); if the tags are meant to run, ignore this warning"
        } else {
            "to show the code as written, wrap it in `{% raw %}` … `{% endraw %}`; if the tags are meant to run, ignore this warning"
        };
        findings.push(diagnostic.help(help));
    }
}
