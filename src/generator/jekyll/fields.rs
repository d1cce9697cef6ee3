//! Jekyll's front matter fields (Jekyll 4.3 core: documents, posts, pages).

use crate::generator::Flavor;
use crate::generator::fields::{Field, Kind, Known, KnownField, field};

/// Jekyll's front matter fields (Jekyll 4.3 core: documents, posts, pages).
pub const JEKYLL_FIELDS: &[Field] = &[
    field("categories", Kind::Terms),
    field("category", Kind::Text),
    field("date", Kind::Date),
    field("excerpt", Kind::Text),
    field("excerpt_separator", Kind::Text),
    field("layout", Kind::Text),
    field("permalink", Kind::Text),
    field("postlint", Kind::Any),
    field("published", Kind::Bool),
    field("render_with_liquid", Kind::Bool),
    field("slug", Kind::Text),
    field("tag", Kind::Text),
    field("tags", Kind::Terms),
    field("title", Kind::Text),
];

/// The fields a Jekyll site knows.
pub fn known() -> Known {
    let fields: Vec<KnownField> = JEKYLL_FIELDS.iter().map(KnownField::from).collect();
    Known::new(
        Flavor::Jekyll,
        fields,
        vec!["date".to_string()],
        vec!["date".to_string()],
        Vec::new(),
    )
}
