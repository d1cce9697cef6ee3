//! Mutation operators: one fault injected into a real post, and where the
//! rule that must report it points. Used by `tests/mutations.rs` over the
//! corpora in `../shared/corpus/`.
//!
//! Every operator reads the original through the `Document` only to find
//! where it applies (a closing tag, a date, an image); the expected code and
//! line come from what the fault is, never from what postlint says about
//! the mutant.

#![allow(dead_code)]

use postlint::diagnostic::Diagnostic;
use postlint::document::anchors::page_anchors;
use postlint::document::{
    Document, Image, ImageKind, LiquidKind, ShortcodeKind, Target, heading_ids,
};
use postlint::generator::Flavor;
use postlint::generator::PageKind;
use postlint::generator::jekyll::tags::{self as jekyll_tags, TagKind};
use postlint::site::Site;
use postlint::site::shortcodes::Inner;
use postlint::value::{Format, Node, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    // Front matter
    YamlUnclosedQuote,
    YamlBadIndent,
    YamlTabIndent,
    DropClosingFence,
    DuplicateKey,
    MisspellKey,
    ImpossibleDate,
    // Excerpt
    NearMissDivider,
    DeclareMissingSeparator,
    // Images
    BlankAlt,
    RemoveAlt,
    MissingImage,
    ImageCase,
    // Shortcodes
    DeleteCloser,
    AddCloser,
    CrossClosers,
    MisspellShortcode,
    CutDelimiter,
    // Liquid
    DeleteEndTag,
    DeleteEndraw,
    MisspellLiquidTag,
    // Links and site
    BreakRef,
    BreakLink,
    DuplicateUrl,
    // Migration leftovers
    InsertLiquid,
    InsertShortcode,
    InsertForeignKey,
    RenameLinkedHeading,
}

impl Op {
    pub const ALL: [Op; 28] = [
        Op::YamlUnclosedQuote,
        Op::YamlBadIndent,
        Op::YamlTabIndent,
        Op::DropClosingFence,
        Op::DuplicateKey,
        Op::MisspellKey,
        Op::ImpossibleDate,
        Op::NearMissDivider,
        Op::DeclareMissingSeparator,
        Op::BlankAlt,
        Op::RemoveAlt,
        Op::MissingImage,
        Op::ImageCase,
        Op::DeleteCloser,
        Op::AddCloser,
        Op::CrossClosers,
        Op::MisspellShortcode,
        Op::CutDelimiter,
        Op::DeleteEndTag,
        Op::DeleteEndraw,
        Op::MisspellLiquidTag,
        Op::BreakRef,
        Op::BreakLink,
        Op::DuplicateUrl,
        Op::InsertLiquid,
        Op::InsertShortcode,
        Op::InsertForeignKey,
        Op::RenameLinkedHeading,
    ];

    /// The name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Op::YamlUnclosedQuote => "yaml-unclosed-quote",
            Op::YamlBadIndent => "yaml-bad-indent",
            Op::YamlTabIndent => "yaml-tab-indent",
            Op::DropClosingFence => "drop-closing-fence",
            Op::DuplicateKey => "duplicate-key",
            Op::MisspellKey => "misspell-key",
            Op::ImpossibleDate => "impossible-date",
            Op::NearMissDivider => "near-miss-divider",
            Op::DeclareMissingSeparator => "declare-missing-separator",
            Op::BlankAlt => "blank-alt",
            Op::RemoveAlt => "remove-alt",
            Op::MissingImage => "missing-image",
            Op::ImageCase => "image-path-case",
            Op::DeleteCloser => "delete-closer",
            Op::AddCloser => "add-closer",
            Op::CrossClosers => "cross-closers",
            Op::MisspellShortcode => "misspell-shortcode",
            Op::CutDelimiter => "cut-delimiter",
            Op::DeleteEndTag => "delete-end-tag",
            Op::DeleteEndraw => "delete-endraw",
            Op::MisspellLiquidTag => "misspell-liquid-tag",
            Op::BreakRef => "break-ref",
            Op::BreakLink => "break-internal-link",
            Op::DuplicateUrl => "duplicate-url",
            Op::InsertLiquid => "insert-liquid",
            Op::InsertShortcode => "insert-shortcode",
            Op::InsertForeignKey => "insert-foreign-key",
            Op::RenameLinkedHeading => "rename-linked-heading",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Mutant {
    pub op: Op,
    pub text: String,
    /// The rule that must report it, at this 1-based line of the mutant.
    pub code: &'static str,
    pub line: usize,
    /// Other lines that are right too: with the same block nested in
    /// itself, which of the same-named openers lost its end tag cannot be
    /// told from the text.
    pub also: Vec<usize>,
}

/// What the operators get to see of a file.
pub struct Original<'a> {
    pub site: &'a Site,
    /// The file's absolute path.
    pub path: &'a std::path::Path,
    pub text: &'a str,
    pub doc: &'a Document,
    pub kind: PageKind,
    /// postlint's findings on the original (image operators take only the
    /// images the original resolves).
    pub findings: &'a [Diagnostic],
    /// Every candidate of each operator (the full run), or the first and
    /// the last (the default, so long files do not dominate).
    pub all: bool,
}

impl Original<'_> {
    fn line(&self, offset: usize) -> usize {
        line_of(self.text, offset)
    }

    fn pick(&self, candidates: Vec<Mutant>) -> Vec<Mutant> {
        if self.all || candidates.len() <= 2 {
            return candidates;
        }
        let last = candidates.len() - 1;
        candidates
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i == 0 || *i == last)
            .map(|(_, m)| m)
            .collect()
    }

    fn mutant(&self, op: Op, text: String, code: &'static str, line: usize) -> Mutant {
        Mutant {
            op,
            text,
            code,
            line,
            also: Vec::new(),
        }
    }
}

pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset after the line holding `offset` (past its `\n`).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// A plausible typo of `name` that `known` does not accept: two letters
/// swapped, one dropped, or the last doubled.
pub fn typo(name: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut tries = Vec::new();
    if chars.len() >= 4 {
        let mut swapped = chars.clone();
        swapped.swap(1, 2);
        tries.push(swapped.into_iter().collect::<String>());
    }
    if chars.len() >= 3 {
        let mut dropped = chars.clone();
        dropped.remove(chars.len() / 2);
        tries.push(dropped.into_iter().collect());
    }
    let mut doubled = chars.clone();
    doubled.push(*chars.last()?);
    tries.push(doubled.into_iter().collect());
    tries
        .into_iter()
        .find(|t| t != name && !known(t) && !t.contains(['.', '/']))
}

/// Every mutant of every operator that fits the file.
pub fn mutants(o: &Original) -> Vec<Mutant> {
    let mut out = Vec::new();
    front_matter(o, &mut out);
    excerpt(o, &mut out);
    images(o, &mut out);
    match o.doc.flavor {
        Flavor::Hugo => shortcodes(o, &mut out),
        Flavor::Jekyll => liquid(o, &mut out),
    }
    links(o, &mut out);
    renamed_heading(o, &mut out);
    duplicate_url(o, &mut out);
    migration(o, &mut out);
    out
}

// --------------------------------------------------------------- migration

/// The other generator's syntax, as a paragraph of its own before a
/// heading (never in code, and it changes no other block): a Jekyll
/// `post_url` in a Hugo post (MIG002), a Hugo shortcode in a Jekyll post
/// (MIG003). Headings inside `{% raw %}` are left out: there the
/// inserted text is text.
fn migration(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let (op, inserted, code, liquid) = match o.doc.flavor {
        Flavor::Hugo => (
            Op::InsertLiquid,
            "Read the [earlier post]({% post_url 2023-09-20-counting-cranes %}).\n\n",
            "MIG002",
            &o.doc.tags.liquid_in_hugo,
        ),
        Flavor::Jekyll => (
            Op::InsertShortcode,
            "{{< youtube w7Ft2ymGmfc >}}\n\n",
            "MIG003",
            &o.doc.tags.liquid,
        ),
    };
    let raw: Vec<(usize, usize)> = liquid
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == LiquidKind::Tag && t.name == "raw")
        .map(|(i, t)| {
            let end = liquid[i + 1..]
                .iter()
                .find(|e| e.name == "endraw")
                .map_or(text.len(), |e| e.span.end);
            (t.span.start, end)
        })
        .collect();
    let mut candidates = Vec::new();
    for heading in &o.doc.markdown.headings {
        let at = line_start(text, heading.span.start);
        if at != heading.span.start || raw.iter().any(|&(s, e)| s <= at && at < e) {
            continue;
        }
        candidates.push(o.mutant(op, splice(text, at, at, inserted), code, o.line(at)));
    }
    out.extend(o.pick(candidates));
    foreign_key(o, out);
}

/// The other generator's front matter key, on a line of its own before
/// the closing fence of YAML front matter: Jekyll's `permalink` in a Hugo
/// page, Hugo's `draft: true` in a Jekyll one (MIG001), unless the page
/// already has that key.
fn foreign_key(o: &Original, out: &mut Vec<Mutant>) {
    let Some((block, data)) = yaml_front_matter(o) else {
        return;
    };
    let (key, line) = match o.doc.flavor {
        Flavor::Hugo => ("permalink", "permalink: /2019/03/04/moved-here.html\n"),
        Flavor::Jekyll => ("draft", "draft: true\n"),
    };
    if data
        .entries()
        .iter()
        .any(|e| e.key.eq_ignore_ascii_case(key))
    {
        return;
    }
    let at = block.close.start;
    out.push(o.mutant(
        Op::InsertForeignKey,
        splice(o.text, at, at, line),
        "MIG001",
        o.line(at),
    ));
}

// ------------------------------------------------------------ front matter

/// Top-level keys Hugo documents as front matter fields (title left out:
/// misspelling a required field also makes it missing).
const HUGO_KEYS: &[&str] = &[
    "aliases",
    "categories",
    "date",
    "description",
    "draft",
    "expiryDate",
    "keywords",
    "lastmod",
    "layout",
    "linkTitle",
    "publishDate",
    "slug",
    "summary",
    "tags",
    "translationKey",
    "weight",
];

const JEKYLL_KEYS: &[&str] = &[
    "categories",
    "category",
    "date",
    "layout",
    "permalink",
    "published",
    "tags",
];

const DATE_KEYS: &[&str] = &["date", "lastmod", "publishDate", "expiryDate"];

fn same_key(flavor: Flavor, a: &str, b: &str) -> bool {
    match flavor {
        Flavor::Hugo => a.eq_ignore_ascii_case(b),
        Flavor::Jekyll => a == b,
    }
}

fn is_collection(node: &Node) -> bool {
    matches!(node.value, Value::Seq(_) | Value::Map(_))
}

/// The front matter block and its data, when it is YAML that parses.
fn yaml_front_matter<'o>(o: &'o Original) -> Option<(&'o postlint::document::Block, &'o Node)> {
    let block = o.doc.front_matter.block()?;
    let data = block.data.as_ref().ok()?;
    (block.format == Format::Yaml).then_some((block, data))
}

fn front_matter(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let Some((block, data)) = yaml_front_matter(o) else {
        return;
    };
    let entries = data.entries();
    let flavor = o.doc.flavor;
    // An entry whose key and scalar value sit on one line of their own.
    let one_line = |e: &postlint::value::Entry| {
        !is_collection(&e.value)
            && line_start(text, e.key_span.start) == e.key_span.start
            && o.line(e.value.span.end) == o.line(e.key_span.start)
            && !text[e.value.span.range()].starts_with(['|', '>', '&', '*', '!'])
    };

    // Unclosed quote: drop a quoted value's closing quote, or open one.
    let mut quotes = Vec::new();
    for entry in entries.iter().filter(|e| one_line(e)) {
        let span = entry.value.span;
        let raw = &text[span.range()];
        let quoted = (raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\''));
        let mutated = if raw.len() >= 2 && quoted {
            splice(text, span.end - 1, span.end, "")
        } else if !raw.is_empty() && !raw.starts_with(['[', '{']) && !raw.contains(['"', '\'']) {
            splice(text, span.start, span.start, "\"")
        } else {
            continue;
        };
        quotes.push(o.mutant(
            Op::YamlUnclosedQuote,
            mutated,
            "FM001",
            o.line(entry.key_span.start),
        ));
    }
    out.extend(o.pick(quotes));

    // Bad indent: a top-level key moved one column right, after a key
    // with a value (after an empty one it would be a valid nested map).
    let mut indents = Vec::new();
    for pair in entries.windows(2) {
        let (prev, entry) = (&pair[0], &pair[1]);
        if matches!(prev.value.value, Value::Null)
            || line_start(text, entry.key_span.start) != entry.key_span.start
        {
            continue;
        }
        indents.push(o.mutant(
            Op::YamlBadIndent,
            splice(text, entry.key_span.start, entry.key_span.start, " "),
            "FM001",
            o.line(entry.key_span.start),
        ));
    }
    out.extend(o.pick(indents));

    // Tab indent: a nested block mapping key or sequence item indented
    // with a tab instead of spaces.
    let mut tabs = Vec::new();
    let mut starts = Vec::new();
    block_line_starts(text, data, 0, &mut starts);
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        let indent = text[start..].bytes().take_while(|&b| b == b' ').count();
        if indent == 0 {
            continue;
        }
        tabs.push(o.mutant(
            Op::YamlTabIndent,
            splice(text, start, start + indent, "\t"),
            "FM001",
            o.line(start),
        ));
    }
    out.extend(o.pick(tabs));

    // Drop the closing fence, unless a later line would close it instead.
    let body = &text[line_end(text, block.close.start)..];
    let closes_later = body.lines().any(|line| match flavor {
        Flavor::Hugo => line.starts_with("---"),
        Flavor::Jekyll => matches!(line.trim_end(), "---" | "..."),
    });
    if !closes_later {
        let end = line_end(text, block.close.start);
        out.push(o.mutant(
            Op::DropClosingFence,
            splice(text, block.close.start, end, ""),
            "FM002",
            o.line(block.open.start),
        ));
    }

    // Duplicate key: a one-line entry written again before the fence.
    let mut duplicates = Vec::new();
    for entry in entries.iter().filter(|e| one_line(e) && e.key != "<<") {
        let line = &text[entry.key_span.start..line_end(text, entry.key_span.start)];
        if !line.ends_with('\n') {
            continue;
        }
        duplicates.push(o.mutant(
            Op::DuplicateKey,
            splice(text, block.close.start, block.close.start, line),
            "FM004",
            o.line(block.close.start),
        ));
    }
    out.extend(o.pick(duplicates));

    // Misspell a predefined field.
    let keys = match flavor {
        Flavor::Hugo => HUGO_KEYS,
        Flavor::Jekyll => JEKYLL_KEYS,
    };
    let taken = |name: &str| {
        keys.iter().any(|k| same_key(flavor, k, name))
            || entries.iter().any(|e| same_key(flavor, &e.key, name))
    };
    let mut typos = Vec::new();
    for entry in entries {
        if entry.key.chars().count() < 4 || !keys.iter().any(|k| same_key(flavor, k, &entry.key)) {
            continue;
        }
        let Some(bad) = typo(&entry.key, taken) else {
            continue;
        };
        typos.push(o.mutant(
            Op::MisspellKey,
            splice(text, entry.key_span.start, entry.key_span.end, &bad),
            "FM008",
            o.line(entry.key_span.start),
        ));
    }
    out.extend(o.pick(typos));

    // An impossible date: month 13.
    let mut dates = Vec::new();
    for entry in entries {
        let is_date = match flavor {
            Flavor::Hugo => DATE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&entry.key)),
            Flavor::Jekyll => entry.key == "date",
        };
        if !is_date {
            continue;
        }
        let span = entry.value.span;
        let raw = &text[span.range()];
        let quote = usize::from(raw.starts_with(['"', '\'']));
        let b = raw.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| r.end <= b.len() && b[r].iter().all(u8::is_ascii_digit);
        if !(digits(quote..quote + 4) && b.get(quote + 4) == Some(&b'-')) {
            continue;
        }
        let month = quote + 5;
        let month_len = b[month..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&month_len) || b.get(month + month_len) != Some(&b'-') {
            continue;
        }
        let at = span.start + month;
        dates.push(o.mutant(
            Op::ImpossibleDate,
            splice(text, at, at + month_len, "13"),
            "FM007",
            o.line(entry.key_span.start),
        ));
    }
    out.extend(o.pick(dates));
}

/// Where each nested block mapping key and block sequence item starts
/// (the start of its line), below the top level.
fn block_line_starts(text: &str, node: &Node, depth: usize, out: &mut Vec<usize>) {
    let flow = text[node.span.start..].starts_with(['[', '{']);
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                let start = line_start(text, entry.key_span.start);
                let indent_only = text[start..entry.key_span.start].bytes().all(|b| b == b' ');
                if depth > 0 && !flow && indent_only {
                    out.push(start);
                }
                block_line_starts(text, &entry.value, depth + 1, out);
            }
        }
        Value::Seq(items) => {
            for item in items {
                let start = line_start(text, item.span.start);
                let before = &text[start..item.span.start];
                let is_item = before.trim_start_matches(' ') == "- ";
                if depth > 0 && !flow && is_item {
                    out.push(start);
                }
                block_line_starts(text, item, depth + 1, out);
            }
        }
        _ => {}
    }
}

// ----------------------------------------------------------------- excerpt

fn excerpt(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let doc = o.doc;
    let body = doc.body_start;
    // The divider the generator looks for, when it is an HTML comment.
    let divider = match doc.flavor {
        Flavor::Hugo => Some("<!--more-->".to_string()),
        Flavor::Jekyll => doc
            .field("excerpt_separator")
            .and_then(|e| e.value.as_str())
            .filter(|s| s.starts_with("<!--") && s.ends_with("-->") && !s.contains(' '))
            .map(str::to_string),
    };
    let excerpts_apply = doc.flavor == Flavor::Hugo || o.kind != PageKind::Page;
    if let Some(divider) = divider
        && excerpts_apply
        && let Some(at) = text[body..].find(&divider).map(|i| body + i)
        && !doc.markdown.in_code(at)
    {
        let word = &divider[4..divider.len() - 3];
        out.push(o.mutant(
            Op::NearMissDivider,
            splice(text, at, at + divider.len(), &format!("<!-- {word} -->")),
            "EX002",
            o.line(at),
        ));
    }

    let Some(block) = doc.front_matter.block() else {
        return;
    };
    let declared = doc.field("excerpt_separator").is_some() || doc.field("excerpt").is_some();
    if block.format == Format::Yaml && block.data.is_ok() && excerpts_apply && !declared {
        let at = block.content.start;
        out.push(o.mutant(
            Op::DeclareMissingSeparator,
            splice(text, at, at, "excerpt_separator: \"<!--cut-here-->\"\n"),
            "EX001",
            o.line(at),
        ));
    }
}

// ------------------------------------------------------------------ images

/// A local path the generator resolves (not a URL, not a template).
fn local_path(image: &Image) -> bool {
    let path = match &image.target {
        Target::Url(url) => url,
        Target::SitePath(path) => path,
        _ => return false,
    };
    let lower = path.to_ascii_lowercase();
    !path.is_empty()
        && !lower.contains(':')
        && !lower.starts_with("//")
        && !lower.starts_with('#')
        && !path.contains(['{', '}', '%', '?'])
}

/// The byte range of the `name="value"` attribute or parameter whose value
/// is at `value` inside `construct`, with the space before it.
fn attribute_span(
    text: &str,
    construct: std::ops::Range<usize>,
    value: std::ops::Range<usize>,
) -> Option<(usize, usize)> {
    let before = &text[construct.start..value.start];
    let trimmed = before.trim_end_matches(['"', '\'']);
    let trimmed = trimmed.trim_end();
    let trimmed = trimmed.strip_suffix('=')?.trim_end();
    let lower = trimmed.to_ascii_lowercase();
    if !lower.ends_with("alt") {
        return None;
    }
    let name_start = construct.start + trimmed.len() - 3;
    let start = construct.start + text[construct.start..name_start].trim_end().len();
    let quote_len = before.len() - before.trim_end_matches(['"', '\'']).len();
    let end = value.end + quote_len.min(1);
    (start < name_start && end <= construct.end).then_some((start, end))
}

fn images(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let doc = o.doc;
    let (mut blanks, mut removes, mut missing, mut cases) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let flagged = |image: &Image| {
        let line = line_of(text, image.span.start);
        o.findings
            .iter()
            .any(|d| d.rule.code.starts_with("IMG") && line_of(text, d.primary.span.start) == line)
    };
    for image in &doc.images {
        if doc.markdown.in_code(image.span.start) || flagged(image) {
            continue;
        }
        let line = o.line(image.span.start);
        // IMG001 honours markdownlint's comments: no alt mutants after one.
        let disabled = ["markdownlint-disable", "postlint-disable"]
            .iter()
            .any(|d| text[..image.span.start].contains(d));
        let alt = image.alt.as_ref().filter(|a| !a.value.trim().is_empty());
        let no_caption = image
            .caption
            .as_ref()
            .is_none_or(|c| c.value.trim().is_empty());
        match (image.kind, alt) {
            _ if disabled => {}
            (ImageKind::Markdown | ImageKind::MarkdownReference, Some(alt)) => {
                let framed = text[..alt.span.start].ends_with("![")
                    && alt.span.start == image.span.start + 2
                    && text[alt.span.end..].starts_with(']');
                if framed {
                    blanks.push(o.mutant(
                        Op::BlankAlt,
                        splice(text, alt.span.start, alt.span.end, ""),
                        "IMG001",
                        line,
                    ));
                }
            }
            (ImageKind::Shortcode, Some(alt)) if no_caption => {
                if text[..alt.span.start].ends_with(['"', '\'']) {
                    blanks.push(o.mutant(
                        Op::BlankAlt,
                        splice(text, alt.span.start, alt.span.end, ""),
                        "IMG001",
                        line,
                    ));
                }
                if let Some((start, end)) =
                    attribute_span(text, image.span.range(), alt.span.range())
                {
                    removes.push(o.mutant(
                        Op::RemoveAlt,
                        splice(text, start, end, ""),
                        "IMG001",
                        line,
                    ));
                }
            }
            (ImageKind::Html, Some(alt)) if !image.decorative => {
                if let Some((start, end)) =
                    attribute_span(text, image.span.range(), alt.span.range())
                {
                    removes.push(o.mutant(
                        Op::RemoveAlt,
                        splice(text, start, end, ""),
                        "IMG001",
                        line,
                    ));
                }
            }
            _ => {}
        }
        let Some(src) = &image.src else {
            continue;
        };
        if !local_path(image) || src.span.is_empty() {
            continue;
        }
        let raw = &text[src.span.range()];
        let name_at = raw.rfind('/').map_or(0, |i| i + 1);
        let name = &raw[name_at..];
        if name.is_empty() || name.contains(['\\', '&']) {
            continue;
        }
        let at = src.span.start + name_at;
        // IMG002 and IMG003 point at the path itself.
        let line = o.line(src.span.start);
        missing.push(o.mutant(
            Op::MissingImage,
            splice(text, at, at, "missing-"),
            "IMG002",
            line,
        ));
        let flipped: String = if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let mut chars = name.chars();
            let first = chars.next().map(flip_case).unwrap_or_default();
            std::iter::once(first).chain(chars).collect()
        } else {
            name.chars().map(flip_case).collect()
        };
        if flipped != name {
            cases.push(o.mutant(
                Op::ImageCase,
                splice(text, at, at + name.len(), &flipped),
                "IMG003",
                line,
            ));
        }
    }
    out.extend(o.pick(blanks));
    out.extend(o.pick(removes));
    out.extend(o.pick(missing));
    out.extend(o.pick(cases));
}

fn flip_case(c: char) -> char {
    if c.is_ascii_lowercase() {
        c.to_ascii_uppercase()
    } else {
        c.to_ascii_lowercase()
    }
}

// -------------------------------------------------------------- shortcodes

fn shortcodes(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let tags = &o.doc.tags.shortcodes;
    let registry = o.site.shortcodes();
    let inner = |name: &str| registry.get(name).map(|entry| entry.inner());
    if tags.iter().any(|t| t.error.is_some() || t.inline) {
        return;
    }
    // Pair the valid original as Hugo does.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, sc) in tags.iter().enumerate() {
        match sc.kind {
            ShortcodeKind::Open if inner(&sc.name) == Some(Inner::Yes) => stack.push(i),
            ShortcodeKind::Close => {
                if let Some(open) = stack.pop() {
                    pairs.push((open, i));
                }
            }
            _ => {}
        }
    }
    let paired_ok = |&(open, close): &(usize, usize)| tags[open].name == tags[close].name;

    // The innermost pair around each pair.
    let parent = |&(open, close): &(usize, usize)| {
        pairs
            .iter()
            .filter(|&&(o, c)| o < open && c > close)
            .max_by_key(|&&(o, _)| o)
            .copied()
    };
    let mut deletes = Vec::new();
    for pair in pairs.iter().filter(|p| paired_ok(p)) {
        let (open, close) = *pair;
        // Which opener lost its closer is ambiguous: deleting the closer of
        // any same-named sibling gives the same tags, and Hugo's pairing
        // then leaves an enclosing call open instead.
        let also = pairs
            .iter()
            .filter(|other| {
                let (o, c) = **other;
                (o < open && c > close)
                    || (tags[o].name == tags[open].name && parent(other) == parent(pair))
            })
            .map(|&(o, _)| line_of(text, tags[o].span.start))
            .collect();
        deletes.push(Mutant {
            also,
            ..o.mutant(
                Op::DeleteCloser,
                splice(text, tags[close].span.start, tags[close].span.end, ""),
                "SC001",
                o.line(tags[open].span.start),
            )
        });
    }
    out.extend(o.pick(deletes));

    let mut adds = Vec::new();
    for sc in tags {
        if sc.kind == ShortcodeKind::Open && inner(&sc.name) == Some(Inner::No) {
            let closer = format!(
                "{} /{} {}",
                sc.delimiter.open(),
                sc.name,
                sc.delimiter.close()
            );
            adds.push(o.mutant(
                Op::AddCloser,
                splice(text, sc.span.end, sc.span.end, &closer),
                "SC002",
                o.line(sc.span.end),
            ));
        }
    }
    out.extend(o.pick(adds));

    // A child closed right before its parent: swap the two closing tags.
    let mut swaps = Vec::new();
    for &(open_b, close_b) in pairs.iter().filter(|p| paired_ok(p)) {
        let parent = pairs.iter().find(|&&(open_a, close_a)| {
            open_a < open_b
                && close_a > close_b
                && paired_ok(&(open_a, close_a))
                && tags[open_a].name != tags[open_b].name
                && !tags[close_b + 1..close_a]
                    .iter()
                    .any(|t| t.kind != ShortcodeKind::SelfClosing)
        });
        if let Some(&(_, close_a)) = parent {
            let a = &tags[close_a];
            let b = &tags[close_b];
            let a_text = &text[a.span.range()];
            let b_text = &text[b.span.range()];
            let swapped = format!(
                "{}{a_text}{}{b_text}{}",
                &text[..b.span.start],
                &text[b.span.end..a.span.start],
                &text[a.span.end..]
            );
            swaps.push(o.mutant(Op::CrossClosers, swapped, "SC003", o.line(b.span.start)));
        }
    }
    out.extend(o.pick(swaps));

    let mut typos = Vec::new();
    for sc in tags {
        if sc.kind == ShortcodeKind::Close || registry.get(&sc.name).is_none() {
            continue;
        }
        if let Some(bad) = typo(&sc.name, |n| registry.get(n).is_some()) {
            typos.push(o.mutant(
                Op::MisspellShortcode,
                splice(text, sc.name_span.start, sc.name_span.end, &bad),
                "SC004",
                o.line(sc.name_span.start),
            ));
        }
    }
    out.extend(o.pick(typos));

    let mut cuts = Vec::new();
    for sc in tags {
        cuts.push(o.mutant(
            Op::CutDelimiter,
            splice(text, sc.span.end - 3, sc.span.end, ""),
            "SC005",
            o.line(sc.span.start),
        ));
    }
    out.extend(o.pick(cuts));
}

// ------------------------------------------------------------------ liquid

fn liquid(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let tags = &o.doc.tags.liquid;
    if !text.starts_with("---") || tags.iter().any(|t| t.error.is_some()) {
        return;
    }
    // Block tags and their end tags, as Liquid nests them (comments parse
    // their body; raw bodies are not tags at all).
    let mut stack: Vec<usize> = Vec::new();
    let mut ends = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if tag.kind != LiquidKind::Tag {
            continue;
        }
        match tag.name.as_str() {
            "if" | "unless" | "case" | "for" | "tablerow" | "capture" | "comment" | "ifchanged"
            | "highlight" => stack.push(i),
            name if name.starts_with("end") && name != "endraw" => {
                if let Some(open) = stack.pop()
                    && name[3..] == tags[open].name
                {
                    let also = stack
                        .iter()
                        .filter(|&&outer| tags[outer].name == tags[open].name)
                        .map(|&outer| line_of(text, tags[outer].span.start))
                        .collect();
                    ends.push(Mutant {
                        also,
                        ..o.mutant(
                            Op::DeleteEndTag,
                            splice(text, tag.span.start, tag.span.end, ""),
                            "LQ001",
                            o.line(tags[open].span.start),
                        )
                    });
                }
            }
            _ => {}
        }
    }
    out.extend(o.pick(ends));
    // Deleting an `endraw` leaves its `raw` open only when no `endraw`
    // follows (raw does not nest: a later one would close it).
    let mut raws = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if tag.name != "endraw" || i == 0 || tags[i - 1].name != "raw" {
            continue;
        }
        if text[tag.span.end..].contains("endraw") {
            continue;
        }
        raws.push(o.mutant(
            Op::DeleteEndraw,
            splice(text, tag.span.start, tag.span.end, ""),
            "LQ001",
            o.line(tags[i - 1].span.start),
        ));
    }
    out.extend(raws);

    // A misspelt plain tag (`include` → `icnlude`): Jekyll stops with
    // "Unknown tag". Plain tags only: a misspelt block opener also leaves
    // its end tag stray, a second error elsewhere. Not directly inside a
    // comment, whose body Liquid ignores.
    let mut typos = Vec::new();
    let mut in_comment = 0usize;
    for tag in tags {
        if tag.kind != LiquidKind::Tag {
            continue;
        }
        match tag.name.as_str() {
            "comment" => in_comment += 1,
            "endcomment" => in_comment = in_comment.saturating_sub(1),
            name if in_comment == 0 && jekyll_tags::builtin(name) == Some(TagKind::Plain) => {
                let known = |n: &str| {
                    jekyll_tags::builtin(n).is_some()
                        || jekyll_tags::is_keyword(n)
                        || n.starts_with("end")
                };
                if let Some(bad) = typo(name, known).filter(|bad| bad != "#") {
                    typos.push(o.mutant(
                        Op::MisspellLiquidTag,
                        splice(text, tag.name_span.start, tag.name_span.end, &bad),
                        "LQ005",
                        o.line(tag.name_span.start),
                    ));
                }
            }
            _ => {}
        }
    }
    out.extend(o.pick(typos));
}

// ------------------------------------------------------------ links, site

/// Inserts `missing-` before the last segment of the path written at
/// `span` (after a leading quote), so that it names nothing.
fn break_path(text: &str, span: postlint::diagnostic::Span) -> Option<String> {
    let raw = &text[span.range()];
    let inner = raw.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if inner.is_empty() || inner.contains(['{', '}', '%']) {
        return None;
    }
    let quote = raw.len() - raw.trim_start_matches(['"', '\'', '`']).len();
    let path = inner.split(['#', '?']).next().unwrap_or(inner);
    let trimmed = path.trim_end_matches('/');
    let at = trimmed.rfind('/').map_or(0, |i| i + 1);
    if trimmed[at..].is_empty() || trimmed[at..].starts_with('.') {
        return None;
    }
    let offset = span.start + quote + at;
    Some(splice(text, offset, offset, "missing-"))
}

fn links(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let doc = o.doc;
    let flagged = |offset: usize| {
        let line = line_of(text, offset);
        o.findings
            .iter()
            .any(|d| d.rule.code.starts_with("LNK") && line_of(text, d.primary.span.start) == line)
    };
    // `ref`/`relref` paths (Hugo), `post_url` and `link` (Jekyll).
    let mut refs = Vec::new();
    for sc in &doc.tags.shortcodes {
        let is_ref = sc.name.eq_ignore_ascii_case("ref") || sc.name.eq_ignore_ascii_case("relref");
        if !is_ref
            || sc.error.is_some()
            || sc.kind == ShortcodeKind::Close
            || flagged(sc.span.start)
        {
            continue;
        }
        let path = sc
            .params
            .iter()
            .find(|p| {
                p.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case("path"))
            })
            .or_else(|| sc.params.iter().find(|p| p.name.is_none()));
        if let Some(path) = path
            && let Some(mutated) = break_path(text, path.value_span)
        {
            refs.push(o.mutant(
                Op::BreakRef,
                mutated,
                "LNK001",
                o.line(path.value_span.start),
            ));
        }
    }
    for tag in &doc.tags.liquid {
        let is_ref = matches!(tag.name.as_str(), "post_url" | "link");
        if !is_ref
            || tag.kind != LiquidKind::Tag
            || tag.error.is_some()
            || tag.markup.is_empty()
            || flagged(tag.span.start)
        {
            continue;
        }
        if let Some(mutated) = break_path(text, tag.markup_span) {
            refs.push(o.mutant(
                Op::BreakRef,
                mutated,
                "LNK001",
                o.line(tag.markup_span.start),
            ));
        }
    }
    out.extend(o.pick(refs));
    // Markdown links to pages of the site that resolve now.
    let mut broken = Vec::new();
    for link in &doc.markdown.links {
        let Some(span) = link.dest_span else {
            continue;
        };
        let dest = &text[span.range()];
        let local = dest.starts_with('/')
            && !dest.starts_with("//")
            && !dest.contains(['{', '}', '%', '<', '>', '\\'])
            && !doc.markdown.in_code(span.start);
        if !local || flagged(span.start) {
            continue;
        }
        if let Some(mutated) = break_path(text, span) {
            broken.push(o.mutant(Op::BreakLink, mutated, "LNK002", o.line(span.start)));
        }
    }
    out.extend(o.pick(broken));
}

/// A heading that links of its own page point at (`[x](#install)`),
/// reworded: its id changes, and each such link must be reported (LNK003)
/// at the first one's line (the others are right too). Taken on pages
/// whose ids postlint can know (see LNK003's page), for ATX headings
/// without an explicit id, whose id no other heading's numbering shares.
fn renamed_heading(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let doc = o.doc;
    if page_anchors(o.site, o.path, doc, None).unknown.is_some() {
        return;
    }
    let ids = heading_ids(doc, o.site.heading_id_rules(None));
    let mut candidates = Vec::new();
    for heading in &doc.markdown.headings {
        let Some(id) = ids.iter().find(|id| id.span == heading.span) else {
            continue;
        };
        let numbered = |other: &str| {
            other
                .strip_prefix(id.id.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if heading.id.is_some() || !id.exact || ids.iter().any(|other| numbered(&other.id)) {
            continue;
        }
        let lines: Vec<usize> = doc
            .markdown
            .links
            .iter()
            .filter(|link| link.dest.strip_prefix('#') == Some(id.id.as_str()))
            .filter_map(|link| link.dest_span)
            .map(|span| o.line(span.start))
            .collect();
        let Some(&first) = lines.first() else {
            continue;
        };
        let line = &text[heading.span.range()];
        let hashes = line.bytes().take_while(|b| *b == b'#').count();
        if hashes == 0 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let at = heading.span.start + hashes + 1;
        let mut mutant = o.mutant(
            Op::RenameLinkedHeading,
            splice(text, at, at, "Renamed "),
            "LNK003",
            first,
        );
        mutant.also = lines[1..].to_vec();
        candidates.push(mutant);
    }
    out.extend(o.pick(candidates));
}

/// A page's front matter given the URL of a sibling page whose URL comes
/// from its file name: two pages at one URL. The sibling's URL is computed
/// by postlint's site index, so this operator tests the detection of the
/// collision, not the URL computation (tests/site_rules.rs does that).
///
/// The harness lints one file at a time, as pre-commit does; such a run
/// finds the other page of a collision by probing the file names its URL
/// can come from (see SITE001's page), so the siblings taken are those a
/// probe finds: lowercase Hugo file names (Hugo lowercases URLs) and
/// Jekyll pages (not posts, whose URL holds their date).
fn duplicate_url(o: &Original, out: &mut Vec<Mutant>) {
    let text = o.text;
    let doc = o.doc;
    let Some(block) = doc.front_matter.block() else {
        return;
    };
    let key = match doc.flavor {
        Flavor::Hugo => "url",
        Flavor::Jekyll => "permalink",
    };
    let page_kind_ok = match doc.flavor {
        Flavor::Hugo => true,
        Flavor::Jekyll => o.kind == PageKind::Page,
    };
    if block.format != Format::Yaml
        || block.data.is_err()
        || !page_kind_ok
        || [
            "url",
            "slug",
            "permalink",
            "aliases",
            "draft",
            "published",
            "build",
            "_build",
            "headless",
        ]
        .iter()
        .any(|k| doc.field(k).is_some())
    {
        return;
    }
    let Some(dir) = o.path.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut siblings: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            p != o.path
                && p.extension().is_some_and(|e| e == "md" || e == "markdown")
                && !name.starts_with("_index")
                && !name.starts_with("index.")
                && name == name.to_lowercase()
        })
        .collect();
    siblings.sort();
    let index = postlint::index::SiteIndex::new(o.site, None);
    for sibling in siblings.iter().take(3) {
        // The sibling's URL must come from its file name alone.
        let Ok(head) = std::fs::read_to_string(sibling) else {
            continue;
        };
        let own_url = head.lines().take(40).any(|line| {
            [
                "url:",
                "slug:",
                "permalink:",
                "draft:",
                "published:",
                "date:",
                "build:",
                "_build:",
            ]
            .iter()
            .any(|k| line.starts_with(k))
        });
        if own_url || !head.starts_with("---") {
            continue;
        }
        let Some(url) = index
            .pages_for(sibling)
            .first()
            .and_then(|page| index.url(page))
        else {
            continue;
        };
        let at = block.content.start;
        out.push(o.mutant(
            Op::DuplicateUrl,
            splice(text, at, at, &format!("{key}: \"{url}\"\n")),
            "SITE001",
            o.line(at),
        ));
        return;
    }
}
