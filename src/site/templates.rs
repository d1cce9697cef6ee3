//! What a site's templates say about pages: the page params they read.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::Site;
use crate::generator::Flavor;

/// Page params the site's templates read: Hugo `.Params.x`, `.Param "x"`,
/// `index .Params "x"` (lower-cased, as Hugo stores them); Jekyll `page.x`.
/// A key a template reads is the site's own field, never a typo. Read once
/// per site, and only when a near miss needs it.
pub fn template_params(site: &Site) -> Arc<TemplateParams> {
    site.memo
        .get_or_init(|| TemplateParams(read_template_params(site)))
}

/// The page params a site's templates read (see `template_params`).
#[derive(Debug, Default)]
pub struct TemplateParams(HashSet<String>);

impl TemplateParams {
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

fn read_template_params(site: &Site) -> HashSet<String> {
    static HUGO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\.Params\.([A-Za-z0-9_]+)|\.Param\s+"([^"]+)"|index\s+\.Params\s+"([^"]+)""#)
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    static JEKYLL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bpage\.([A-Za-z0-9_]+)")
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    let pattern = match site.flavor {
        Flavor::Hugo => &*HUGO,
        Flavor::Jekyll => &*JEKYLL,
    };
    let mut params = HashSet::new();
    for dir in &site.layout_dirs {
        for entry in ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .follow_links(false)
            .build()
            .flatten()
        {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for caps in pattern.captures_iter(&text) {
                if let Some(m) = caps.iter().skip(1).flatten().next() {
                    params.insert(match site.flavor {
                        Flavor::Hugo => m.as_str().to_ascii_lowercase(),
                        Flavor::Jekyll => m.as_str().to_string(),
                    });
                }
            }
        }
    }
    params
}
