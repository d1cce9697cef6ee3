//! What each generator does, parsed once into typed values: its config
//! (`hugo::Config`, `jekyll::Config`), the front matter it reads (fields,
//! dates, the facts that decide a page's URL and whether it is built), and
//! how it names pages and gives them URLs. Nothing here reads a file: the
//! `site` layer finds the files and builds on these.

pub mod dates;
pub mod facts;
pub mod fields;
pub mod heading_ids;
pub mod hugo;
pub mod jekyll;
pub mod page;
pub mod unicode_class;

/// How the generator reads a content file's body: as Markdown, or (Jekyll
/// pages in `.html`, `.xml` and the like, which Liquid renders but no
/// Markdown converter touches) as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Markup {
    #[default]
    Markdown,
    Html,
}

/// The generator a site is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    Hugo,
    Jekyll,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Hugo => "hugo",
            Flavor::Jekyll => "jekyll",
        }
    }

    pub fn parse(text: &str) -> Option<Flavor> {
        match text.to_ascii_lowercase().as_str() {
            "hugo" => Some(Flavor::Hugo),
            "jekyll" => Some(Flavor::Jekyll),
            _ => None,
        }
    }
}

/// What decides whether a dated or draft page is built.
#[derive(Debug, Clone, Default)]
pub struct Build {
    /// The site's time zone (Hugo `timeZone`, Jekyll `timezone`).
    pub time_zone: Option<String>,
    /// Hugo `buildFuture`, Jekyll `future`.
    pub future: bool,
    /// Hugo `buildExpired` (Jekyll has no expiry).
    pub expired: bool,
    /// Hugo `buildDrafts`, Jekyll `show_drafts`.
    pub drafts: bool,
}

/// What kind of page a file is, which decides rules such as FM003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PageKind {
    /// A blog post: Hugo `posts/`, `post/`, `blog/` sections (or the
    /// configured `posts` globs), Jekyll `_posts/` and `_drafts/`.
    Post,
    /// A Jekyll collection document other than a post (`_docs/x.md`).
    Document,
    /// Any other page.
    Page,
}
