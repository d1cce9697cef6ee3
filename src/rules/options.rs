//! The settings rules read besides the rule selection: the Hugo version to
//! judge against, required fields, plugin tags, excerpt limits, shortcodes
//! and image shortcodes the site declares, and the front matter schemas.
//! `config` reads them from `postlint.toml`.

use crate::generator::hugo::{HugoVersion, NEWEST_HUGO};
use crate::schema::ConfiguredSchemas;

/// What rules are told about the site besides its files.
#[derive(Debug, Clone)]
pub struct Options {
    /// The Hugo version to judge against.
    pub hugo_version: HugoVersion,
    /// `[frontmatter] required`: the fields every post must have. `None`
    /// leaves the default: `title` (which a Jekyll post may leave out:
    /// Jekyll titles it from the file name).
    pub required_fields: Option<Vec<String>>,
    /// `[liquid] blocks`: plugin block tags that take an end tag.
    pub liquid_blocks: Vec<String>,
    /// `[liquid] tags`: plugin tags that take no end tag. Set (even to
    /// `[]`), it declares every tag of the plugins postlint has no table
    /// entry for, so LQ005 judges the site in full.
    pub liquid_tags: Option<Vec<String>>,
    pub excerpt: ExcerptOptions,
    /// `[shortcodes] known`: shortcodes whose templates live outside the
    /// repository.
    pub known_shortcodes: Vec<String>,
    pub image_shortcodes: Vec<ImageShortcode>,
    /// `[[frontmatter.schemas]]`.
    pub schemas: ConfiguredSchemas,
}

impl Options {
    /// The defaults, with content globs relative to `base_dir`.
    pub fn new(base_dir: &std::path::Path) -> Options {
        Options {
            hugo_version: NEWEST_HUGO,
            required_fields: None,
            liquid_blocks: Vec::new(),
            liquid_tags: None,
            excerpt: ExcerptOptions::default(),
            known_shortcodes: Vec::new(),
            image_shortcodes: Vec::new(),
            schemas: ConfiguredSchemas::new(base_dir),
        }
    }
}

/// `[excerpt]`: what EX004 and EX005 ask of a post's summary.
#[derive(Debug, Clone, Default)]
pub struct ExcerptOptions {
    pub required: bool,
    /// 0 = no limit.
    pub max_words: usize,
}

/// An image shortcode the user declares: which parameters hold what.
#[derive(Debug, Clone)]
pub struct ImageShortcode {
    pub name: String,
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
}
