//! The URL Jekyll gives a document (`permalink` > the collection's
//! `permalink` > the site's `permalink` style), and whether it is built.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::config::Config;
use super::names::jekyll_slugify;
use crate::generator::Build;
use crate::generator::dates::{MONTHS, PermalinkDate, WEEKDAYS, file_name_date, zone};
use crate::generator::facts::Facts;
use crate::generator::page::Page;

/// The date of a post in the site's time zone (Jekyll converts a date with
/// an offset to it): front matter `date`, else the file name's.
pub fn date(page: &Page, facts: &Facts, tz: &TimeZone) -> Option<PermalinkDate> {
    match facts.date("date") {
        Some(written) => {
            let local = match written.offset {
                Some(_) => tz.to_datetime(written.instant(tz)?),
                None => written.datetime,
            };
            Some(PermalinkDate::from_civil(local))
        }
        None => file_name_date(&page.name).map(|(date, _)| date),
    }
}

/// The instant a post is dated at, for the future check.
fn instant(page: &Page, facts: &Facts, tz: &TimeZone) -> Option<Timestamp> {
    match facts.date("date") {
        Some(written) => written.instant_for_comparison(tz),
        None => {
            let (date, _) = file_name_date(&page.name)?;
            let civil = jiff::civil::date(
                i16::try_from(date.year).ok()?,
                i8::try_from(date.month).ok()?,
                i8::try_from(date.day).ok()?,
            )
            .at(0, 0, 0, 0);
            tz.to_ambiguous_timestamp(civil).compatible().ok()
        }
    }
}

/// The slug Jekyll reads from a file name (after the date of a post).
fn file_slug(page: &Page) -> String {
    let slug = match file_name_date(&page.name) {
        Some((_, rest)) if page.collection.is_some() => rest,
        _ => page.name.as_str(),
    };
    slug.trim_end_matches('.').to_string()
}

/// Whether a document is left out of the build, and why.
pub fn not_built(
    build: &Build,
    config: &Config,
    page: &Page,
    facts: &Facts,
    now: Timestamp,
) -> Option<&'static str> {
    if facts.published == Some(false) {
        return Some("unpublished (`published: false`)");
    }
    if !facts.has_front_matter && !page.is_post {
        return Some("copied as is (it has no front matter)");
    }
    match page.collection.as_deref() {
        Some("drafts") if !build.drafts => Some("a draft"),
        Some("posts" | "drafts") => {
            if page.collection.as_deref() == Some("posts") && file_name_date(&page.name).is_none() {
                return Some("not named `YYYY-MM-DD-title`, so Jekyll skips it");
            }
            let tz = zone(build.time_zone.as_deref());
            match instant(page, facts, &tz) {
                Some(at) if !build.future && at > now => Some("dated in the future"),
                _ => None,
            }
        }
        Some(label) => match config.collection(label) {
            Some(collection) if collection.output => None,
            _ => Some("in a collection without `output: true`"),
        },
        None => None,
    }
}

/// The URL path Jekyll gives a document (without `baseurl`).
pub fn url(config: &Config, page: &Page, facts: &Facts, tz: &TimeZone) -> Option<String> {
    // Markdown (the only content postlint reads) is converted to HTML.
    let output_ext = ".html";
    let template = match (&facts.url, page.collection.as_deref()) {
        (Some(permalink), _) => permalink.text.clone(),
        (None, Some("posts" | "drafts")) => config.post_template(),
        (None, Some(label)) => config
            .collection(label)
            .and_then(|c| c.permalink.clone())
            .unwrap_or_else(|| config.with_suffix("/:collection/:path")),
        (None, None) => {
            if page.name == "index" {
                "/:path/".to_string()
            } else {
                config.with_suffix("/:path/:basename")
            }
        }
    };
    let dir = page
        .logical
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string();
    let date = date(page, facts, tz).unwrap_or(PermalinkDate::zero());
    let slug_source = facts
        .slug
        .as_ref()
        .map_or_else(|| file_slug(page), |s| s.text.clone());
    let collection_dir = page
        .collection
        .as_deref()
        .and_then(|label| config.collection(label))
        .map(|c| c.dir.clone())
        .unwrap_or_else(|| format!("_{}", page.collection.as_deref().unwrap_or_default()));
    let mut categories: Vec<String> = Vec::new();
    if page.is_post {
        // Folders above `_posts` are categories too.
        let parts: Vec<&str> = page.key.split('/').collect();
        if let Some(at) = parts.iter().position(|p| *p == "_posts" || *p == "_drafts") {
            categories.extend(parts[..at].iter().map(|p| p.to_string()));
        }
    }
    categories.extend(facts.categories.iter().cloned());
    let mut seen = Vec::new();
    for category in categories {
        let lower = category.to_lowercase();
        if !seen.contains(&lower) {
            seen.push(lower);
        }
    }
    let path_placeholder = match page.collection {
        Some(_) => {
            let inside = page
                .logical
                .strip_prefix(&format!("{collection_dir}/"))
                .unwrap_or(&page.logical);
            let without_ext = inside.rsplit_once('.').map_or(inside, |(stem, _)| stem);
            format!("/{}", without_ext.trim_end_matches('.'))
        }
        None => dir.clone(),
    };
    let value = |name: &str| -> Option<String> {
        Some(match name {
            "collection" => page.collection.clone().unwrap_or_default(),
            "path" => path_placeholder.clone(),
            "basename" => page.name.clone(),
            "name" => jekyll_slugify(&page.name, false, false),
            "title" => jekyll_slugify(&slug_source, true, true),
            "slug" => jekyll_slugify(&slug_source, false, false),
            "categories" => seen.join("/"),
            "slugified_categories" => seen
                .iter()
                .map(|c| jekyll_slugify(c, false, false))
                .collect::<Vec<_>>()
                .join("/"),
            "year" => format!("{:04}", date.year),
            "short_year" => format!("{:02}", date.year.rem_euclid(100)),
            "month" => format!("{:02}", date.month),
            "i_month" => date.month.to_string(),
            "short_month" => MONTHS[(date.month as usize).saturating_sub(1) % 12][..3].to_string(),
            "long_month" => MONTHS[(date.month as usize).saturating_sub(1) % 12].to_string(),
            "day" => format!("{:02}", date.day),
            "i_day" => date.day.to_string(),
            "y_day" => format!("{:03}", date.year_day()),
            "short_day" => WEEKDAYS[date.weekday() as usize % 7][..3].to_string(),
            "long_day" => WEEKDAYS[date.weekday() as usize % 7].to_string(),
            "w_day" => (if date.weekday() == 0 {
                7
            } else {
                date.weekday()
            })
            .to_string(),
            "week" => format!("{:02}", date.year_day().div_ceil(7)),
            "hour" => format!("{:02}", date.hour),
            "minute" => format!("{:02}", date.minute),
            "second" => format!("{:02}", date.second),
            "output_ext" => output_ext.to_string(),
            _ => return None,
        })
    };
    let mut out = String::new();
    let mut rest = template.as_str();
    while let Some(colon) = rest.find(':') {
        out.push_str(&rest[..colon]);
        let after = &rest[colon + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        // Jekyll tries the longest name first, then without a trailing `_`.
        let word = &after[..len];
        match value(word).or_else(|| word.strip_suffix('_').and_then(value)) {
            Some(v) => out.push_str(&v),
            None => {
                out.push(':');
                out.push_str(word);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    // Jekyll's `sanitize_url`.
    let mut url = format!("/{out}").replace("..", "/");
    while url.contains("./") {
        url = url.replace("./", "");
    }
    let mut squeezed = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && squeezed.ends_with('/')) {
            squeezed.push(c);
        }
    }
    Some(squeezed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::jekyll::config::Collection;
    use crate::generator::page::Role;

    fn page(relative: &str, collection: Option<&str>) -> Page {
        let name = relative
            .rsplit('/')
            .next()
            .unwrap()
            .rsplit_once('.')
            .unwrap()
            .0
            .to_string();
        Page {
            file: None,
            logical: relative.into(),
            lang: String::new(),
            role: Role::Regular,
            key: relative.into(),
            name,
            collection: collection.map(str::to_string),
            is_post: matches!(collection, Some("posts")),
            mount: 0,
        }
    }

    #[test]
    fn urls_match_jekyll() {
        let mut config = Config::parse(&crate::value::Node::default());
        config.collections.push(Collection {
            label: "docs".into(),
            dir: "_docs".into(),
            output: true,
            permalink: None,
        });
        let facts = Facts::default();
        let utc = TimeZone::UTC;
        let url_of = |relative: &str, collection: Option<&str>| {
            url(&config, &page(relative, collection), &facts, &utc).unwrap_or_default()
        };
        assert_eq!(
            url_of("_posts/2024-03-05-Hello-World.md", Some("posts")),
            "/2024/03/05/Hello-World.html"
        );
        assert_eq!(
            url_of("cat/_posts/2024-03-07-catpost.md", Some("posts")),
            "/cat/2024/03/07/catpost.html"
        );
        assert_eq!(url_of("about.md", None), "/about.html");
        assert_eq!(url_of("blog/index.md", None), "/blog/");
        assert_eq!(
            url_of("_docs/plug/Conv.md", Some("docs")),
            "/docs/plug/Conv.html"
        );
    }
}
