//! The page path Hugo's `ref` looks a page up by, the URL Hugo gives a
//! page (`url` > `permalinks` > sections and slug or file name), and
//! whether a page is built.

use jiff::Timestamp;

use super::config::Config;
use super::names::{hugo_normalize, hugo_urlize};
use crate::generator::dates::{MONTHS, PermalinkDate, WEEKDAYS, file_name_date, zone};
use crate::generator::facts::{Facts, Render};
use crate::generator::page::{Page, Role};
use crate::text::urls::clean_path;

/// The file extensions of Hugo's content formats.
pub const CONTENT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdown", "mkd", "mkdn", "html", "htm", "xhtml", "ad", "adoc", "asciidoc",
    "pandoc", "pdc", "rst", "org",
];

/// Splits a `ref` argument the way Hugo's path parser does: the page path
/// (`/posts/x`, normalized) and the base name without identifiers (`x`).
pub fn parse_ref_path(config: &Config, path: &str) -> (String, String) {
    let mut path = path.trim_end_matches('/').to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
    // Hugo's path parser strips a content format extension and a language
    // identifier; other dots are part of the name (`0.9.0`).
    let is_lang = |id: &str| {
        config
            .language_codes
            .iter()
            .any(|l| l.eq_ignore_ascii_case(id))
    };
    let mut stem = file;
    if let Some((base, ext)) = stem.rsplit_once('.')
        && !base.is_empty()
    {
        if is_lang(ext) {
            stem = base;
        } else if CONTENT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
            stem = base;
            if let Some((base, lang)) = stem.rsplit_once('.')
                && is_lang(lang)
            {
                stem = base;
            }
        }
    }
    let key = match stem {
        "index" | "_index" => {
            if dir.is_empty() {
                "/".to_string()
            } else {
                dir.to_string()
            }
        }
        _ => format!("{dir}/{stem}"),
    };
    let name = key.rsplit('/').next().unwrap_or_default().to_string();
    (hugo_normalize(&key), hugo_normalize(&name))
}

/// Whether a page of language `lang` is left out of the build, and why.
/// `cascaded_draft` is what a section above sets with `cascade`; dates
/// without an offset are read in the language's time zone.
pub fn not_built(
    config: &Config,
    facts: &Facts,
    lang: &str,
    cascaded_draft: Option<bool>,
    now: Timestamp,
) -> Option<&'static str> {
    let config = config.for_lang(lang);
    if facts.draft.or(cascaded_draft).unwrap_or(false) && !config.build_drafts {
        return Some("a draft");
    }
    let tz = zone(config.time_zone.as_deref());
    let first = |keys: &[String]| {
        keys.iter()
            .find_map(|key| facts.date(key))
            .and_then(|written| written.instant_for_comparison(&tz))
    };
    if !config.build_future
        && let Some(at) = first(&config.publish_keys)
        && at > now
    {
        return Some("dated in the future");
    }
    if !config.build_expired
        && let Some(at) = first(&config.expiry_keys)
        && at <= now
    {
        return Some("expired");
    }
    None
}

/// What a URL computation needs to know about the page's ancestors.
pub trait Sections {
    /// The `slug` of the section page at `key` in `lang`, if it has one.
    fn section_slug(&self, lang: &str, key: &str) -> Option<String>;
    /// Whether `key` is a section (a top-level folder or one with `_index`).
    fn is_section(&self, lang: &str, key: &str) -> bool;
    /// The title of the section page at `key`.
    fn section_title(&self, lang: &str, key: &str) -> Option<String>;
    /// What the nearest sections above `key` set with `cascade`:
    /// `build.render` and `draft`.
    fn cascaded(&self, lang: &str, key: &str) -> (Option<Render>, Option<bool>);
    /// Appends `folders_url` of `folders` to `out` (the pages of a folder
    /// share it, so an index may remember it).
    fn push_folders_url(&self, lang: &str, folders: &str, out: &mut String);
}

/// The URL path Hugo gives a page (without the `baseURL` path), or `None`
/// when the page is not rendered.
pub fn url(config: &Config, page: &Page, facts: &Facts, sections: &dyn Sections) -> Option<String> {
    // `uglyURLs` is the one setting here Hugo 0.168 takes from the root
    // only; the rest are the page language's.
    let ugly_urls = &config.ugly_urls;
    let config = config.for_lang(&page.lang);
    if page.role == Role::Resource || facts.headless {
        return None;
    }
    let render = match facts.render {
        Some(render) => render,
        None => sections
            .cascaded(&page.lang, &page.key)
            .0
            .unwrap_or_default(),
    };
    if render == Render::Never {
        return None;
    }
    let prefix = config.lang_prefix(&page.lang);
    if let Some(url) = &facts.url {
        let url = url.text.trim();
        let path = if url.starts_with('/') {
            url.to_string()
        } else {
            format!("{prefix}/{url}")
        };
        return Some(with_trailing_slash(&path));
    }
    if page.role == Role::Taxonomy {
        return Some(format!("{prefix}{}/", page.key));
    }
    if page.key == "/" {
        return Some(format!("{prefix}/"));
    }
    let kind = match page.role {
        Role::Branch => "section",
        _ => "page",
    };
    if let Some(pattern) = config.pattern_for(kind, &page.key, &page.lang) {
        let expanded = expand(config, pattern, page, facts, sections);
        return Some(with_trailing_slash(&clean_path(&format!(
            "{prefix}/{expanded}"
        ))));
    }
    // Default: the sections' slugs or folder names, then the page's slug or
    // file name.
    let (folders, own_name) = node_path(config, page);
    let mut out = prefix;
    sections.push_folders_url(&page.lang, folders, &mut out);
    out.push('/');
    match &facts.slug {
        Some(slug) => out.push_str(&hugo_urlize(&slug.text, config.lower_paths)),
        None => out.push_str(&path_part(config, own_name)),
    }
    let section = page.key.split('/').find(|part| !part.is_empty());
    if page.role != Role::Branch && ugly_urls.in_section(section.unwrap_or_default()) {
        out.push_str(".html");
    } else {
        out.push('/');
    }
    Some(out)
}

/// The URL path of `folders` (a `/`-separated path in the content tree):
/// each folder's section `slug`, else its name, as a URL part.
pub fn folders_url(config: &Config, lang: &str, folders: &str, sections: &dyn Sections) -> String {
    let config = config.for_lang(lang);
    let mut out = String::new();
    let mut key = String::new();
    for folder in folders.split('/').filter(|p| !p.is_empty()) {
        key.push('/');
        key.push_str(&hugo_normalize(folder));
        out.push('/');
        match sections.section_slug(lang, &key) {
            Some(slug) => out.push_str(&hugo_urlize(&slug, config.lower_paths)),
            None => out.push_str(&path_part(config, folder)),
        }
    }
    out
}

/// The folders above a page's node, as the start of its logical path, and
/// the node's own name: `posts/sub/x.md` → (`posts/sub`, `x`);
/// `posts/b/index.md` → (`posts`, `b`); a section `docs/_index.md` (or the
/// folder `docs` of a section without one) → (``, `docs`).
fn node_path<'p>(config: &Config, page: &'p Page) -> (&'p str, &'p str) {
    let logical = page.logical.as_str();
    // Each non-empty part with where it starts.
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for part in logical.split('/') {
        if !part.is_empty() {
            parts.push((at, part));
        }
        at += part.len() + 1;
    }
    let folder_parts: &[(usize, &str)] = if page.file.is_some() {
        &parts[..parts.len().saturating_sub(1)]
    } else {
        &parts
    };
    let up_to = |folders: &[(usize, &str)]| {
        folders
            .last()
            .map_or("", |&(start, part)| &logical[..start + part.len()])
    };
    match page.role {
        Role::Regular | Role::Resource => {
            let file = parts.last().map_or("", |&(_, part)| part);
            (up_to(folder_parts), base_name(config, file))
        }
        _ => match folder_parts.split_last() {
            Some((&(_, own), above)) => (up_to(above), own),
            None => ("", ""),
        },
    }
}

/// A folder or file name as a URL part (what `hugo_urlize` makes of it).
fn path_part(config: &Config, part: &str) -> String {
    hugo_urlize(part, config.lower_paths)
}

/// A file name without extension and language identifier.
fn base_name<'a>(config: &Config, file: &'a str) -> &'a str {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    match stem.rsplit_once('.') {
        Some((base, lang))
            if config
                .language_codes
                .iter()
                .any(|l| l.eq_ignore_ascii_case(lang)) =>
        {
            base
        }
        _ => stem,
    }
}

/// `/x` → `/x/`; a last segment with an extension is left alone.
fn with_trailing_slash(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// The page's date for `:year` and friends, by `[frontmatter] date`.
fn page_date(config: &Config, page: &Page, facts: &Facts) -> PermalinkDate {
    for key in &config.date_keys {
        if key == ":filename" {
            let file = page.logical.rsplit('/').next().unwrap_or_default();
            if let Some((date, _)) = file_name_date(base_name(config, file)) {
                return date;
            }
        } else if let Some(written) = facts.date(key) {
            // Hugo keeps the date's own offset: the day is the one written.
            return PermalinkDate::from_civil(written.datetime);
        }
    }
    PermalinkDate::zero()
}

/// Expands a permalink pattern (Hugo's `PermalinkExpander`).
fn expand(
    config: &Config,
    pattern: &str,
    page: &Page,
    facts: &Facts,
    sections: &dyn Sections,
) -> String {
    let (_, content_base) = node_path(config, page);
    let filename = match page.role {
        Role::Branch => String::new(),
        _ => hugo_urlize(content_base, config.lower_paths),
    };
    let slug = facts
        .slug
        .as_ref()
        .map(|s| hugo_urlize(&s.text, config.lower_paths));
    let title = hugo_urlize(facts.title_text().unwrap_or_default(), config.lower_paths);
    // The current section: the nearest ancestor folder that is a section.
    let key_parts: Vec<&str> = page.key.split('/').filter(|p| !p.is_empty()).collect();
    let own = match page.role {
        Role::Branch => key_parts.len(),
        _ => key_parts.len().saturating_sub(1),
    };
    let mut section_keys: Vec<String> = Vec::new();
    let mut key = String::new();
    for part in &key_parts[..own] {
        key.push('/');
        key.push_str(part);
        if sections.is_section(&page.lang, &key) {
            section_keys.push(key.clone());
        }
    }
    let sections_path: Vec<String> = section_keys
        .last()
        .map(|k| {
            k.split('/')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let section_slug = |k: &str| {
        sections
            .section_slug(&page.lang, k)
            .or_else(|| sections.section_title(&page.lang, k))
            .map(|s| hugo_urlize(&s, config.lower_paths))
            .unwrap_or_default()
    };
    let date = page_date(config, page, facts);
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(colon) = rest.find(':') {
        out.push_str(&rest[..colon]);
        let after = &rest[colon + 1..];
        let word_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let word = &after[..word_len];
        let mut consumed = word_len;
        let slice = if after[word_len..].starts_with('[') {
            after[word_len..].find(']').map(|end| {
                consumed = word_len + end + 1;
                &after[word_len..word_len + end + 1]
            })
        } else {
            None
        };
        let value = match word {
            "year" => date.year.to_string(),
            "month" => format!("{:02}", date.month),
            "monthname" => MONTHS[(date.month as usize).saturating_sub(1) % 12].to_string(),
            "day" => format!("{:02}", date.day),
            "weekday" => date.weekday().to_string(),
            "weekdayname" => WEEKDAYS[date.weekday() as usize % 7].to_string(),
            "yearday" => date.year_day().to_string(),
            "section" => key_parts.first().copied().unwrap_or_default().to_string(),
            "sectionslug" => section_keys
                .first()
                .map(|k| section_slug(k))
                .unwrap_or_default(),
            "sections" => slice_parts(&sections_path, slice).join("/"),
            "sectionslugs" => {
                let slugs: Vec<String> = section_keys.iter().map(|k| section_slug(k)).collect();
                slice_parts(&slugs, slice).join("/")
            }
            "title" => title.clone(),
            "slug" => slug.clone().unwrap_or_else(|| title.clone()),
            "slugorfilename" => slug.clone().unwrap_or_else(|| filename.clone()),
            "filename" => filename.clone(),
            "contentbasename" => hugo_urlize(content_base, config.lower_paths),
            "slugorcontentbasename" => slug
                .clone()
                .unwrap_or_else(|| hugo_urlize(content_base, config.lower_paths)),
            _ => {
                // Not a token: keep the text as written.
                out.push(':');
                rest = after;
                continue;
            }
        };
        out.push_str(&value);
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

/// `[1:]`, `[last]`, `[0]`, `[:2]` slices of `:sections`.
fn slice_parts(parts: &[String], slice: Option<&str>) -> Vec<String> {
    let Some(spec) = slice else {
        return parts.to_vec();
    };
    let inner = spec.trim_start_matches('[').trim_end_matches(']').trim();
    let index = |text: &str, low: bool| -> Option<usize> {
        match text.trim() {
            "" => Some(if low { 0 } else { parts.len() }),
            "last" => parts.len().checked_sub(1),
            n => n.parse::<usize>().ok().map(|n| n.min(parts.len())),
        }
    };
    match inner.split_once(':') {
        Some((low, high)) => match (index(low, true), index(high, false)) {
            (Some(low), Some(high)) if low <= high => parts[low..high].to_vec(),
            _ => Vec::new(),
        },
        None => index(inner, true)
            .and_then(|i| parts.get(i))
            .map(|p| vec![p.clone()])
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_paths_are_parsed_like_hugo() {
        let mut config = Config::parse(&crate::value::Node::default());
        config.language_codes.push("de".into());
        assert_eq!(
            parse_ref_path(&config, "posts/My Post.md"),
            ("/posts/my-post".into(), "my-post".into())
        );
        assert_eq!(
            parse_ref_path(&config, "/posts/b/index.md"),
            ("/posts/b".into(), "b".into())
        );
        assert_eq!(
            parse_ref_path(&config, "only-en.de"),
            ("/only-en".into(), "only-en".into())
        );
        assert_eq!(
            parse_ref_path(&config, "x.de.md"),
            ("/x".into(), "x".into())
        );
        assert_eq!(
            parse_ref_path(&config, "/_index.md"),
            ("/".into(), "".into())
        );
    }

    #[test]
    fn slices() {
        let parts: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(slice_parts(&parts, Some("[1:]")), ["b", "c"]);
        assert_eq!(slice_parts(&parts, Some("[last]")), ["c"]);
        assert_eq!(slice_parts(&parts, Some("[:2]")), ["a", "b"]);
    }
}
