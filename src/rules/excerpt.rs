//! Excerpt and summary separator rules (EX): the divider a post uses must be
//! the one its generator looks for, exactly, once, where it can cut.
//!
//! Hugo ends a manual summary at the first `<!--more-->` of the body (exact
//! bytes, found even inside code) and ignores a front matter
//! `excerpt_separator`. Jekyll cuts a document's excerpt at the first raw
//! occurrence of its separator: the front matter's `excerpt_separator`, else
//! `_config.yml`'s, else `"\n\n"`; `""` turns excerpts off.

use std::sync::LazyLock;

use memchr::memmem;

use super::{Family, FileContext, PageKind, RuleMeta, Sink};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity, Span};
use crate::document::{Document, Entry, Node, Value};
use crate::site::Flavor;

pub static MISSING: RuleMeta = RuleMeta {
    code: "EX001",
    name: "separator-missing",
    family: Family::Excerpt,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: false,
    summary: "A declared excerpt separator never occurs in the body (Hugo ignores the key: warning)",
    doc: include_str!("../../rules/EX001.md"),
};

pub static MALFORMED: RuleMeta = RuleMeta {
    code: "EX002",
    name: "separator-malformed",
    family: Family::Excerpt,
    severity: Severity::Error,
    enabled_by_default: true,
    fixable: true,
    summary: "A near-miss divider the generator does not recognise (`<!-- more -->`, `<!--More-->`)",
    doc: include_str!("../../rules/EX002.md"),
};

pub static REPEATED: RuleMeta = RuleMeta {
    code: "EX003",
    name: "separator-repeated",
    family: Family::Excerpt,
    severity: Severity::Warning,
    enabled_by_default: true,
    fixable: false,
    summary: "A divider after the first, or a first one inside code, inline, or inside an open Liquid block",
    doc: include_str!("../../rules/EX003.md"),
};

pub static REQUIRED: RuleMeta = RuleMeta {
    code: "EX004",
    name: "separator-required",
    family: Family::Excerpt,
    severity: Severity::Error,
    enabled_by_default: false,
    fixable: false,
    summary: "A post without a divider when `[excerpt] required = true`",
    doc: include_str!("../../rules/EX004.md"),
};

pub static LENGTH: RuleMeta = RuleMeta {
    code: "EX005",
    name: "excerpt-length",
    family: Family::Excerpt,
    severity: Severity::Warning,
    enabled_by_default: false,
    fixable: false,
    summary: "An excerpt longer than `[excerpt] max_words` words",
    doc: include_str!("../../rules/EX005.md"),
};

/// Hugo's summary divider.
pub const HUGO_DIVIDER: &str = "<!--more-->";
/// Jekyll's default excerpt separator.
pub const JEKYLL_DEFAULT: &str = "\n\n";

/// Where a Jekyll separator was set.
enum Origin<'a> {
    /// The post's front matter (the `excerpt_separator` entry).
    FrontMatter(&'a Entry),
    /// The site config (`_config.yml`).
    Config,
    /// Neither: Jekyll's default.
    Default,
}

/// The divider in effect for one file.
struct Divider<'a> {
    text: String,
    origin: Origin<'a>,
}

pub fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    match doc.flavor {
        Flavor::Hugo => hugo(cx, doc, sink),
        Flavor::Jekyll => jekyll(cx, doc, sink),
    }
}

fn occurrences(doc: &Document, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    memmem::find_iter(doc.body().as_bytes(), needle.as_bytes())
        .map(|at| Span::new(doc.body_start + at, doc.body_start + at + needle.len()))
        .collect()
}

fn declaration_span(entry: &Entry) -> Span {
    Span::new(
        entry.key_span.start,
        entry.value.span.end.max(entry.key_span.end),
    )
}

/// Where findings about a whole file point: the front matter's closing
/// fence (where a divider would follow), else the first line.
fn file_anchor(doc: &Document) -> Span {
    match doc.front_matter.block() {
        Some(block) => block.close,
        None => Span::from(doc.source.first_line()),
    }
}

fn line_of(doc: &Document, span: Span) -> usize {
    doc.source.line_col(span.start).line
}

// ---------------------------------------------------------------- Hugo

fn hugo(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let dividers = occurrences(doc, HUGO_DIVIDER);
    let near = near_misses(doc, "more", HUGO_DIVIDER, dividers.first().copied());

    if let Some(entry) = doc.field("excerpt_separator") {
        hugo_declared(doc, entry, &dividers, &near, sink);
    }
    for miss in &near {
        let later = dividers.first().copied();
        sink.push(malformed(doc, *miss, HUGO_DIVIDER, later, Flavor::Hugo));
    }
    placement(doc, &dividers, HUGO_DIVIDER, Flavor::Hugo, sink);

    if cx.kind != PageKind::Post {
        return;
    }
    let summary = doc
        .field("summary")
        .filter(|entry| entry.value.as_str().is_some_and(|s| !s.trim().is_empty()));
    if cx.settings.excerpt.required && dividers.is_empty() && summary.is_none() {
        let mut diagnostic = Diagnostic::new(
            &REQUIRED,
            file_anchor(doc),
            "post has no summary divider, and the configuration requires one",
        )
        .label("put `<!--more-->` on its own line after the summary paragraphs")
        .help("without `<!--more-->` (or a front matter `summary`) Hugo cuts an automatic summary after `summaryLength` words, often mid-sentence");
        if let Some(miss) = near.first() {
            diagnostic = diagnostic.secondary(*miss, "this near miss is not recognised (EX002)");
        }
        sink.push(diagnostic);
    }
    let max = cx.settings.excerpt.max_words;
    if max > 0 {
        if let Some(first) = dividers.first() {
            let words = count_words(doc, doc.body_start, first.start);
            if words > max {
                sink.push(too_long(
                    *first,
                    words,
                    max,
                    "summary",
                    "before this divider",
                ));
            }
        } else if let Some(entry) = summary {
            let words = entry.value.as_str().map_or(0, plain_words);
            if words > max {
                sink.push(too_long(
                    entry.value.span,
                    words,
                    max,
                    "front matter summary",
                    "this summary",
                ));
            }
        }
    }
}

fn hugo_declared(doc: &Document, entry: &Entry, dividers: &[Span], near: &[Span], sink: &mut Sink) {
    let Some(declared) = separator_value(&entry.value) else {
        return;
    };
    // `""` (Jekyll: no excerpt) asks for nothing Hugo could miss.
    if declared.is_empty() || declared == HUGO_DIVIDER && !dividers.is_empty() {
        return;
    }
    let shown = show(&declared);
    let own = if declared == HUGO_DIVIDER {
        Vec::new()
    } else {
        occurrences(doc, &declared)
    };
    let mut diagnostic = Diagnostic::new(&MISSING, declaration_span(entry), String::new())
        .severity(Severity::Warning)
        .label("Hugo ignores this Jekyll key");
    let message;
    let help;
    if let Some(first) = dividers.first() {
        message = if own.is_empty() {
            format!(
                "the declared excerpt separator {shown} never occurs in the body, which uses Hugo's `<!--more-->` instead; Hugo ignores `excerpt_separator`"
            )
        } else {
            format!(
                "Hugo ignores `excerpt_separator`: its summary ends at `<!--more-->`, not at the declared {shown}"
            )
        };
        diagnostic = diagnostic.secondary(*first, "Hugo ends the summary here");
        help = "remove the `excerpt_separator` line: it is a Jekyll setting, and Hugo already ends the summary at `<!--more-->`".to_string();
    } else if let Some(first) = own.first() {
        message = format!(
            "Hugo ignores `excerpt_separator`, so the {shown} in the body does not end the summary"
        );
        diagnostic = diagnostic.secondary(*first, "not a divider for Hugo");
        help = "replace it with `<!--more-->` on its own line and remove the `excerpt_separator` line; until then Hugo cuts an automatic summary after `summaryLength` words".to_string();
    } else {
        message = format!(
            "the declared excerpt separator {shown} never occurs in the body (and Hugo ignores `excerpt_separator`)"
        );
        if let Some(miss) = near.first() {
            diagnostic = diagnostic.secondary(*miss, "a near miss of `<!--more-->` (EX002)");
        }
        help = "remove the `excerpt_separator` line; to end the summary by hand put `<!--more-->` on its own line, otherwise Hugo cuts an automatic summary after `summaryLength` words".to_string();
    }
    diagnostic.message = message;
    sink.push(diagnostic.help(help));
}

// -------------------------------------------------------------- Jekyll

fn jekyll(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let page_excerpts = cx
        .site
        .config
        .get("page_excerpts")
        .and_then(Node::as_bool)
        .unwrap_or(false);
    if cx.kind == PageKind::Page && !page_excerpts {
        return;
    }
    let divider = jekyll_divider(cx, doc);
    if divider.text.is_empty() {
        return;
    }
    let found = occurrences(doc, &divider.text);
    let custom = divider.text != JEKYLL_DEFAULT;
    let word = if custom {
        comment_word(&divider.text)
    } else {
        None
    };
    let near = match word {
        Some(word) => near_misses(doc, &word, &divider.text, found.first().copied()),
        None => Vec::new(),
    };
    let excerpt_field = doc.field("excerpt").is_some();

    if custom && found.is_empty() && !excerpt_field {
        sink.push(jekyll_missing(cx, doc, &divider, &near));
    }
    for miss in &near {
        let later = found.first().copied();
        sink.push(malformed(doc, *miss, &divider.text, later, Flavor::Jekyll));
    }
    if custom {
        placement(doc, &found, &divider.text, Flavor::Jekyll, sink);
    }
    if let Some(first) = found.first() {
        open_liquid_block(cx, doc, *first, &divider.text, sink);
    }

    if cx.kind != PageKind::Post {
        return;
    }
    if cx.settings.excerpt.required && found.is_empty() && !excerpt_field {
        let mut diagnostic = Diagnostic::new(
            &REQUIRED,
            file_anchor(doc),
            format!(
                "post has no excerpt separator ({}), and the configuration requires one",
                show(&divider.text)
            ),
        )
        .label("expected the separator after the excerpt")
        .help("without its separator Jekyll's excerpt is the whole post; add the separator after the excerpt, or an `excerpt` in front matter");
        if let Some(miss) = near.first() {
            diagnostic = diagnostic.secondary(*miss, "this near miss is not recognised (EX002)");
        }
        sink.push(diagnostic);
    }
    let max = cx.settings.excerpt.max_words;
    if max > 0 {
        if let Some(entry) = doc.field("excerpt") {
            let words = entry.value.as_str().map_or(0, plain_words);
            if words > max {
                sink.push(too_long(
                    entry.value.span,
                    words,
                    max,
                    "front matter excerpt",
                    "this excerpt",
                ));
            }
        } else {
            let (end, anchor, place) = match found.first() {
                Some(first) if custom => (first.start, *first, "before this separator"),
                Some(first) => (
                    first.start,
                    Span::from(doc.source.line_range(doc.source.line_index(first.start))),
                    "up to the first blank line",
                ),
                None => (doc.text().len(), file_anchor(doc), "(the whole post)"),
            };
            let words = count_words(doc, doc.body_start, end);
            if words > max {
                sink.push(too_long(anchor, words, max, "excerpt", place));
            }
        }
    }
}

fn jekyll_divider<'a>(cx: &FileContext, doc: &'a Document) -> Divider<'a> {
    if let Some(entry) = doc.field("excerpt_separator")
        && let Some(text) = separator_value(&entry.value)
    {
        return Divider {
            text,
            origin: Origin::FrontMatter(entry),
        };
    }
    match cx
        .site
        .config
        .get("excerpt_separator")
        .and_then(separator_value)
    {
        Some(text) => Divider {
            text,
            origin: Origin::Config,
        },
        None => Divider {
            text: JEKYLL_DEFAULT.to_string(),
            origin: Origin::Default,
        },
    }
}

/// A separator setting as Jekyll reads it (`(value || fallback).to_s`):
/// `null` and `false` fall through to the next source.
fn separator_value(node: &Node) -> Option<String> {
    match &node.value {
        Value::Null | Value::Bool(false) | Value::Seq(_) | Value::Map(_) => None,
        _ => node.scalar_text(),
    }
}

fn jekyll_missing(
    cx: &FileContext,
    doc: &Document,
    divider: &Divider,
    near: &[Span],
) -> Diagnostic {
    let shown = show(&divider.text);
    let (span, message, label) = match divider.origin {
        Origin::FrontMatter(entry) => (
            declaration_span(entry),
            format!("the excerpt separator {shown} declared here never occurs in the body"),
            "declared here",
        ),
        _ => {
            let config = cx
                .site
                .config_files
                .first()
                .and_then(|file| file.file_name())
                .map_or("_config.yml".to_string(), |name| {
                    name.to_string_lossy().into_owned()
                });
            (
                file_anchor(doc),
                format!(
                    "the excerpt separator {shown} set in `{config}` never occurs in this document"
                ),
                "no separator after this",
            )
        }
    };
    let mut diagnostic = Diagnostic::new(&MISSING, span, message)
        .label(label)
        .help("Jekyll's excerpt is then the whole document; put the separator after the excerpt, or set `excerpt_separator` to what the body uses");
    if let Some(miss) = near.first() {
        diagnostic = diagnostic.secondary(*miss, format!("a near miss of {shown} (EX002)"));
    } else if divider.text != HUGO_DIVIDER
        && let Some(more) = occurrences(doc, HUGO_DIVIDER).first()
    {
        diagnostic = diagnostic.secondary(*more, "the body uses `<!--more-->` instead");
    }
    diagnostic
}

static LIQUID_TAG: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?s)\{%-?\s*(\w+)\s*.*?-?%\}").expect("a valid pattern"));

/// Liquid's block tags (Liquid 4, as Jekyll 4.3 ships it) and Jekyll's.
const LIQUID_BLOCKS: &[&str] = &[
    "capture",
    "case",
    "comment",
    "for",
    "if",
    "ifchanged",
    "raw",
    "tablerow",
    "unless",
    "highlight",
];

/// Jekyll's `sanctify_liquid_tags`: when the text before the separator
/// opens a block tag and holds no end tag of that name, Jekyll appends one to
/// the excerpt and warns.
fn open_liquid_block(
    cx: &FileContext,
    doc: &Document,
    first: Span,
    separator: &str,
    sink: &mut Sink,
) {
    // `partition` with nothing after the separator returns the head as is.
    if first.end >= doc.text().len() {
        return;
    }
    let Some(head) = doc.text().get(doc.body_start..first.start) else {
        return;
    };
    if !head.contains("{%") {
        return;
    }
    let names: Vec<&str> = LIQUID_TAG
        .captures_iter(head)
        .filter_map(|caps| caps.get(1).map(|m| m.as_str()))
        .collect();
    let is_block = |name: &str| {
        LIQUID_BLOCKS.contains(&name) || cx.settings.liquid_blocks.iter().any(|b| b == name)
    };
    let Some(open) = names
        .iter()
        .rev()
        .find(|name| is_block(name) && !has_end_tag(head, name))
    else {
        return;
    };
    let open_tag = doc
        .tags
        .liquid
        .iter()
        .rev()
        .find(|tag| tag.name == *open && tag.span.end <= first.start);
    let shown = show(separator);
    let message = format!(
        "the excerpt separator {shown} falls inside an open `{{% {open} %}}` block: Jekyll closes the block in the excerpt and warns \"Excerpt modified\""
    );
    let help = format!(
        "move the separator after `{{% end{open} %}}`, or give the post an `excerpt` in front matter"
    );
    let diagnostic = match (separator == JEKYLL_DEFAULT, open_tag) {
        (true, Some(tag)) => Diagnostic::new(&REPEATED, tag.span, message)
            .label("this block is still open at the first blank line, where the excerpt ends"),
        (false, Some(tag)) => Diagnostic::new(&REPEATED, first, message)
            .label("the excerpt ends here")
            .secondary(tag.span, "inside this block"),
        (_, None) => Diagnostic::new(&REPEATED, first, message).label("the excerpt ends here"),
    };
    sink.push(diagnostic.help(help));
}

/// Jekyll's end tag test: `{%-?\s*endNAME.*?\s*-?%}` anywhere in the head.
fn has_end_tag(head: &str, name: &str) -> bool {
    let end = format!("end{name}");
    let bytes = head.as_bytes();
    memmem::find_iter(bytes, b"{%").any(|at| {
        let mut rest = &head[at + 2..];
        rest = rest.strip_prefix('-').unwrap_or(rest);
        rest.trim_start().starts_with(&end) && rest.contains("%}")
    })
}

// ------------------------------------------------------------- shared

/// Human form of a separator for messages.
fn show(separator: &str) -> String {
    if separator.contains('\n') || separator.trim().is_empty() {
        format!("{separator:?}")
    } else {
        format!("`{separator}`")
    }
}

/// EX003 for the dividers that are found: the first inside code or inline
/// in a paragraph, and every later one outside code.
fn placement(doc: &Document, found: &[Span], divider: &str, flavor: Flavor, sink: &mut Sink) {
    let Some(first) = found.first() else {
        return;
    };
    let (who, thing) = match flavor {
        Flavor::Hugo => ("Hugo", "summary"),
        Flavor::Jekyll => ("Jekyll", "excerpt"),
    };
    if let Some(code) = doc.markdown.code_at(first.start) {
        let place = match code.kind {
            crate::document::markdown::CodeKind::Inline => "code span",
            _ => "code block",
        };
        sink.push(
            Diagnostic::new(
                &REPEATED,
                *first,
                format!("the first `{divider}` sits inside a {place}, and {who} still ends the {thing} there"),
            )
            .label(format!("{who} cuts the {thing} inside this {place}"))
            .help(format!(
                "put a real `{divider}` on its own line before this {place}, so the {thing} ends where you mean it to"
            )),
        );
    } else if is_inline(doc, *first) {
        sink.push(
            Diagnostic::new(
                &REPEATED,
                *first,
                format!("`{divider}` is used inline, so {who} splits the paragraph around it"),
            )
            .label("inside a paragraph")
            .help(format!(
                "put `{divider}` on its own line between paragraphs; inline, the {thing} ends mid-paragraph and leaves the rest of it unbalanced"
            )),
        );
    }
    let first_line = line_of(doc, *first);
    for extra in &found[1..] {
        if doc.markdown.in_code(extra.start) {
            continue;
        }
        sink.push(
            Diagnostic::new(
                &REPEATED,
                *extra,
                format!("another `{divider}`: {who} ends the {thing} at the first one (line {first_line}) only"),
            )
            .label("this one is only an HTML comment")
            .secondary(*first, format!("the {thing} ends here"))
            .help("keep one divider where the summary should end and delete the others"),
        );
    }
}

/// Whether a divider shares its line with other text (not an HTML block of
/// its own).
fn is_inline(doc: &Document, span: Span) -> bool {
    if let Some(html) = doc
        .markdown
        .html
        .iter()
        .find(|html| html.span.start <= span.start && span.end <= html.span.end)
    {
        return !html.block;
    }
    let line = doc.source.line_text_at(span.start);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let line_start = doc
        .source
        .line_range(doc.source.line_index(span.start))
        .start;
    !(indent <= 3 && line_start + indent == span.start)
}

fn malformed(
    doc: &Document,
    miss: Span,
    exact: &str,
    later: Option<Span>,
    flavor: Flavor,
) -> Diagnostic {
    let written = doc.text().get(miss.range()).unwrap_or_default();
    let (message, help) = match flavor {
        Flavor::Hugo => (
            format!(
                "`{written}` is not Hugo's summary divider: Hugo recognises only `{exact}`, exactly"
            ),
            if later.is_some() {
                "write it without spaces, in lower case; as written Hugo keeps it as an HTML comment and ends the summary at the later divider"
            } else {
                "write it without spaces, in lower case; as written Hugo keeps it as an HTML comment and cuts an automatic summary after `summaryLength` words"
            },
        ),
        Flavor::Jekyll => (
            format!(
                "`{written}` is not the excerpt separator: Jekyll cuts only at `{exact}`, exactly"
            ),
            if later.is_some() {
                "write it exactly as the separator is declared; as written Jekyll's excerpt runs on to the later separator"
            } else {
                "write it exactly as the separator is declared; as written Jekyll's excerpt is the whole document"
            },
        ),
    };
    let mut diagnostic = Diagnostic::new(&MALFORMED, miss, message)
        .label(format!("not `{exact}`"))
        .help(help)
        .fix(Fix {
            message: format!("replace with `{exact}`"),
            edits: vec![Edit {
                span: miss,
                replacement: exact.to_string(),
            }],
        });
    if let Some(later) = later {
        diagnostic =
            diagnostic.secondary(later, "the exact divider, where the cut happens instead");
    }
    diagnostic
}

/// The word of a comment-shaped separator (`more` in `<!-- more -->`).
fn comment_word(separator: &str) -> Option<String> {
    let parsed = parse_comment(separator)?;
    (parsed.0 == separator.len()).then_some(parsed.1)
}

/// Comment-shaped dividers with the same word (case-insensitive) that are
/// not exactly `exact`, outside code, before the first exact divider.
fn near_misses(doc: &Document, word: &str, exact: &str, first_exact: Option<Span>) -> Vec<Span> {
    let body = doc.body();
    let limit = first_exact.map_or(doc.text().len(), |span| span.start);
    let mut out = Vec::new();
    for at in memmem::find_iter(body.as_bytes(), b"<!") {
        let start = doc.body_start + at;
        if start >= limit {
            break;
        }
        let Some((len, found)) = body.get(at..).and_then(parse_comment) else {
            continue;
        };
        let span = Span::new(start, start + len);
        if !found.eq_ignore_ascii_case(word)
            || doc.text().get(span.range()) == Some(exact)
            || span.end > limit && first_exact.is_some()
            || doc.markdown.in_code(start)
        {
            continue;
        }
        out.push(span);
    }
    out
}

/// Parses `<! -- word -- >` at the start of `text`: spaces anywhere, one
/// or more dashes (or typographic dashes) on each side. Returns the length
/// and the word.
fn parse_comment(text: &str) -> Option<(usize, String)> {
    let mut chars = text.char_indices().peekable();
    let mut expect = |c: char| chars.next_if(|(_, x)| *x == c).is_some();
    if !(expect('<') && expect('!')) {
        return None;
    }
    let skip_spaces = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
    };
    let dashes = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
        let mut n = 0;
        while chars
            .next_if(|(_, c)| matches!(c, '-' | '\u{2013}' | '\u{2014}'))
            .is_some()
        {
            n += 1;
        }
        n
    };
    skip_spaces(&mut chars);
    if dashes(&mut chars) == 0 {
        return None;
    }
    skip_spaces(&mut chars);
    let mut word = String::new();
    while let Some(&(_, c)) = chars.peek() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            chars.next();
        } else if c == '-' && !word.is_empty() {
            // A dash inside the word (`excerpt-end`), not the closing dashes.
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
                word.push(c);
                chars.next();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if word.is_empty() {
        return None;
    }
    skip_spaces(&mut chars);
    if dashes(&mut chars) == 0 {
        return None;
    }
    skip_spaces(&mut chars);
    let (end, c) = chars.next()?;
    (c == '>').then_some((end + 1, word))
}

fn too_long(span: Span, words: usize, max: usize, what: &str, place: &str) -> Diagnostic {
    Diagnostic::new(
        &LENGTH,
        span,
        format!("the {what} has {words} words, more than the configured maximum of {max}"),
    )
    .label(format!("{words} words {place}"))
    .help("shorten it, or move the divider up: list pages and feeds show the whole excerpt")
}

/// Words of plain text (front matter summaries).
fn plain_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Rendered words between two offsets: prose text and code spans, without
/// markup and without template tags.
fn count_words(doc: &Document, start: usize, end: usize) -> usize {
    let mut tags: Vec<Span> = doc
        .tags
        .shortcodes
        .iter()
        .map(|sc| sc.span)
        .chain(doc.tags.liquid.iter().map(|tag| tag.span))
        .collect();
    tags.sort_by_key(|span| span.start);
    let inline_code = doc
        .markdown
        .code
        .iter()
        .filter(|code| code.kind == crate::document::markdown::CodeKind::Inline)
        .map(|code| code.span);
    let mut spans: Vec<Span> = doc
        .markdown
        .text
        .iter()
        .copied()
        .chain(inline_code)
        .collect();
    spans.sort_by_key(|span| span.start);
    let text = doc.text();
    let mut words = 0;
    for span in spans {
        let (from, to) = (span.start.max(start), span.end.min(end));
        if from >= to {
            continue;
        }
        let Some(chunk) = text.get(from..to) else {
            continue;
        };
        let mut offset = from;
        for piece in chunk.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end();
            let here = offset;
            offset += piece.len();
            if !word.chars().any(char::is_alphanumeric) {
                continue;
            }
            let first = tags.partition_point(|tag| tag.end <= here);
            if tags.get(first).is_some_and(|tag| tag.start <= here) {
                continue;
            }
            words += 1;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_miss_shapes() {
        let parse = parse_comment;
        for miss in [
            "<!-- more -->",
            "<!--More-->",
            "<!--more -->",
            "<!-- more-->",
            "<! --more-->",
            "<!---more--->",
            "<!—more—>",
        ] {
            let (len, word) = parse(miss).unwrap_or_else(|| panic!("{miss}"));
            assert_eq!(
                (len, word.to_lowercase().as_str()),
                (miss.len(), "more"),
                "{miss}"
            );
        }
        assert_eq!(parse("<!--excerpt-end-->").unwrap().1, "excerpt-end");
        assert!(parse("<!-- more than a comment -->").is_none());
        assert!(parse("<!DOCTYPE html>").is_none());
    }

    #[test]
    fn jekyll_end_tags() {
        assert!(has_end_tag("{% if a %}x{%- endif -%}", "if"));
        assert!(!has_end_tag("{% if a %}x", "if"));
        assert!(!has_end_tag("{% for a %}{% endif %}", "for"));
    }
}
