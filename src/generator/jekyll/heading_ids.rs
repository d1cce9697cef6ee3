//! Header ids as Jekyll 4.3.1's kramdown converter makes them, ported from
//! the gems Jekyll runs:
//!
//! - jekyll-4.3.1 `lib/jekyll/configuration.rb`: the site's `kramdown:`
//!   defaults (`input: GFM`, `auto_ids: true`), and
//!   `lib/jekyll/converters/markdown/kramdown_parser.rb`: the parser is
//!   the class named by `input`, its first letter capitalised (`GFM`,
//!   `kramdown`; `gfm` names no class and fails the build);
//! - kramdown-parser-gfm-1.1.0 `lib/kramdown/parser/gfm.rb`: with the GFM
//!   parser, `generate_gfm_header_id` gives every header without an id its
//!   id while parsing (`auto_id_stripping` forced on, `update_raw_text`
//!   taking text, code spans, entities and typographic symbols as
//!   characters), lowercased, everything but `\p{Word}`, `-`, space and tab
//!   dropped, spaces and tabs made hyphens, numbered `x-1`, `x-2`… by how
//!   often that same id came before (so `## x-1` after two `## x` is `x-1`
//!   twice), then `auto_id_prefix`; `transliterated_header_ids` is never
//!   read on that path;
//! - kramdown-2.4.0 `lib/kramdown/converter/base.rb`: with the kramdown
//!   parser, `generate_id` in the HTML converter: the header's raw text (as
//!   written, or only its text elements under `auto_id_stripping`,
//!   `lib/kramdown/parser/kramdown.rb` `update_raw_text`), leading
//!   non-letters cut, everything but ASCII letters, digits, space and `-`
//!   dropped, spaces made hyphens, lowercased, `section` when empty,
//!   numbered like GFM's, then the prefix;
//! - kramdown-2.4.0 `lib/kramdown/parser/kramdown/header.rb`: an explicit
//!   ` {#id}` at the end of a header, and an IAL (`{: #id}`) after it,
//!   win, and take no part in the numbering.

use crate::generator::unicode_class::{self, Class};
use crate::text::FastMap;
use crate::value::Node;

/// `kramdown: input:`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Input {
    /// `GFM`, Jekyll's default.
    #[default]
    Gfm,
    /// `kramdown` (or `Kramdown`).
    Kramdown,
    /// Any other parser, or another `markdown:` converter than kramdown:
    /// postlint does not know its ids.
    Other,
}

/// What decides a page's header ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub input: Input,
    /// `kramdown: auto_ids` (default true).
    pub auto_ids: bool,
    /// `kramdown: auto_id_prefix` (default empty).
    pub auto_id_prefix: String,
    /// `kramdown: auto_id_stripping` (default false; the GFM parser forces
    /// it on).
    pub auto_id_stripping: bool,
    /// `kramdown: transliterated_header_ids` (default false; read only with
    /// the kramdown parser, which then needs the `stringex` gem).
    pub transliterated_header_ids: bool,
    /// Not `gfm_quirks: [no_auto_typographic]`: `--` and `---` become
    /// dashes, which ids drop.
    pub typographic_symbols: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            input: Input::Gfm,
            auto_ids: true,
            auto_id_prefix: String::new(),
            auto_id_stripping: false,
            transliterated_header_ids: false,
            typographic_symbols: true,
        }
    }
}

/// The text of a header its id is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderText {
    /// kramdown-parser-gfm's `update_raw_text`: text, code spans, entities
    /// and typographic symbols, as characters; link text included, image
    /// alt text not.
    Gfm,
    /// kramdown's `update_raw_text`: text elements only (no code spans, no
    /// entities, no typographic symbols).
    Stripped,
    /// The header's text as written in the source.
    Raw,
}

impl Options {
    /// Reads `markdown:` and `kramdown:` of a site config.
    pub fn parse(config: &Node) -> Options {
        let defaults = Options::default();
        let kramdown = config.get("kramdown");
        let get = |key: &str| kramdown.and_then(|node| node.get(key));
        let flag = |key: &str, default: bool| get(key).and_then(Node::as_bool).unwrap_or(default);
        let converter = config
            .get("markdown")
            .and_then(Node::as_str)
            .unwrap_or("kramdown");
        let input = if !converter.eq_ignore_ascii_case("kramdown") {
            Input::Other
        } else {
            match get("input").and_then(Node::as_str).unwrap_or("GFM") {
                "GFM" => Input::Gfm,
                "kramdown" | "Kramdown" => Input::Kramdown,
                _ => Input::Other,
            }
        };
        let quirks = get("gfm_quirks").map(|node| {
            node.string_list()
                .iter()
                .flat_map(|quirks| quirks.split(','))
                .any(|quirk| quirk.trim() == "no_auto_typographic")
        });
        Options {
            typographic_symbols: !(input == Input::Gfm && quirks.unwrap_or(false)),
            input,
            auto_ids: flag("auto_ids", defaults.auto_ids),
            auto_id_prefix: get("auto_id_prefix")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string(),
            auto_id_stripping: flag("auto_id_stripping", defaults.auto_id_stripping),
            transliterated_header_ids: flag(
                "transliterated_header_ids",
                defaults.transliterated_header_ids,
            ),
        }
    }

    /// Which text of a header its id is made from; `None` when postlint
    /// does not know the ids (another parser, or automatic ids off).
    pub fn header_text(&self) -> Option<HeaderText> {
        if !self.auto_ids {
            return None;
        }
        match self.input {
            Input::Gfm => Some(HeaderText::Gfm),
            Input::Kramdown if self.auto_id_stripping => Some(HeaderText::Stripped),
            Input::Kramdown => Some(HeaderText::Raw),
            Input::Other => None,
        }
    }

    /// Whether the ids are what the generator makes: transliteration needs
    /// the `stringex` gem's tables, which postlint does not carry (and
    /// without which kramdown fails the build).
    pub fn exact(&self) -> bool {
        !(self.input == Input::Kramdown && self.transliterated_header_ids)
    }
}

/// One page's id generator: kramdown makes a new one for every document.
#[derive(Debug)]
pub struct Ids<'o> {
    options: &'o Options,
    /// How many times each id was made before (the GFM parser's
    /// `@id_counter`, the converter's `@used_ids`).
    seen: FastMap<String, u32>,
}

impl<'o> Ids<'o> {
    pub fn new(options: &'o Options) -> Ids<'o> {
        Ids {
            options,
            seen: FastMap::default(),
        }
    }

    /// The automatic id of a header whose text (see `Options::header_text`)
    /// is `text`, or `None` when kramdown gives none.
    pub fn generate(&mut self, text: &str) -> Option<String> {
        let base = match self.options.header_text()? {
            HeaderText::Gfm => gfm_base(text),
            HeaderText::Stripped | HeaderText::Raw => {
                let id = kramdown_base(text);
                if id.is_empty() {
                    "section".to_string()
                } else {
                    id
                }
            }
        };
        let count = self.seen.entry(base.clone()).or_insert(0);
        let id = if *count == 0 {
            base
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        Some(format!("{}{id}", self.options.auto_id_prefix))
    }
}

/// `generate_gfm_header_id` before numbering: Ruby's Unicode `downcase`,
/// then only `\p{Word}` (alphabetic, marks, decimal digits, connector
/// punctuation), `-`, space and tab kept, spaces and tabs made hyphens.
fn gfm_base(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            ' ' | '\t' | '-' => id.push('-'),
            _ if c.is_alphabetic()
                || matches!(
                    unicode_class::class(c),
                    Some(Class::M | Class::Nd | Class::Pc)
                ) =>
            {
                id.push(c)
            }
            _ => {}
        }
    }
    id
}

/// `basic_generate_id`: leading non-letters cut, then only ASCII letters,
/// digits, space and `-` kept, spaces made hyphens, lowercased.
fn kramdown_base(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' => Some('-'),
            _ if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! Expected ids are kramdown 2.4.0's with kramdown-parser-gfm 1.1.0, the
    //! gems Jekyll 4.3.1 runs here: each text was a header of a document
    //! converted with `Kramdown::Document.new(text, options).to_html` in
    //! `ruby -e`, and the ids read back from its `<h1 id>`.
    use super::*;

    fn ids_of(options: &Options, texts: &[&str]) -> Vec<String> {
        let mut ids = Ids::new(options);
        texts.iter().filter_map(|text| ids.generate(text)).collect()
    }

    fn kramdown() -> Options {
        Options {
            input: Input::Kramdown,
            ..Options::default()
        }
    }

    #[test]
    fn gfm_keeps_unicode_word_characters() {
        // Header texts as `update_raw_text` gives them: `c – d… “q” it’s`
        // is `c -- d... "q" it's` after the typographic symbols.
        assert_eq!(
            ids_of(
                &Options::default(),
                &[
                    "Héllo Wörld ß",
                    "a--b and c – d… “q” it’s",
                    "1. Intro & x é é"
                ]
            ),
            ["héllo-wörld-ß", "a--b-and-c--d-q-its", "1-intro--x-é-é"]
        );
    }

    #[test]
    fn gfm_numbers_each_id_by_its_own_count() {
        assert_eq!(
            ids_of(&Options::default(), &["x", "x", "x-1", "Héllo", "Héllo"]),
            ["x", "x-1", "x-1", "héllo", "héllo-1"]
        );
    }

    #[test]
    fn gfm_prefix_goes_before_the_number() {
        let options = Options {
            auto_id_prefix: "p-".into(),
            ..Options::default()
        };
        assert_eq!(ids_of(&options, &["x", "x"]), ["p-x", "p-x-1"]);
    }

    #[test]
    fn kramdown_input_keeps_ascii_and_cuts_leading_non_letters() {
        assert_eq!(
            ids_of(
                &kramdown(),
                &[
                    "Héllo Wörld ß",
                    "Héllo Wörld ß",
                    "1. Intro &amp; x &#233; &eacute;",
                    "`a--b` and c -- d... \"q\" it's",
                    "x",
                    "x",
                    "x-1",
                    "!!"
                ]
            ),
            [
                "hllo-wrld-",
                "hllo-wrld--1",
                "intro-amp-x-233-eacute",
                "a--b-and-c----d-q-its",
                "x",
                "x-1",
                "x-1",
                "section"
            ]
        );
    }

    #[test]
    fn kramdown_stripping_reads_text_elements_only() {
        let options = Options {
            auto_id_stripping: true,
            auto_id_prefix: "p-".into(),
            ..kramdown()
        };
        assert_eq!(options.header_text(), Some(HeaderText::Stripped));
        // `update_raw_text` of `` `a--b` and c -- d... "q" it's ``.
        assert_eq!(
            ids_of(&options, &[" and c  d q its", "1. Intro  x  "]),
            ["p-and-c--d-q-its", "p-intro--x--"]
        );
    }

    #[test]
    fn options_come_from_the_site_config() {
        let config = crate::value::parse_yaml(
            "kramdown:\n  input: kramdown\n  auto_id_prefix: p-\n  auto_id_stripping: true\n  transliterated_header_ids: true\n",
            0,
        )
        .expect("the test config parses");
        let options = Options::parse(&config);
        assert_eq!(options.input, Input::Kramdown);
        assert_eq!(options.auto_id_prefix, "p-");
        assert!(options.auto_id_stripping);
        assert!(!options.exact());
        let off = crate::value::parse_yaml("kramdown:\n  auto_ids: false\n", 0)
            .expect("the test config parses");
        assert_eq!(Options::parse(&off).header_text(), None);
        let other =
            crate::value::parse_yaml("markdown: CommonMark\n", 0).expect("the test config parses");
        assert_eq!(Options::parse(&other).input, Input::Other);
        assert_eq!(Options::parse(&other).header_text(), None);
    }
}
