//! The layout a page is rendered with, found as its generator finds it,
//! and whether it shows the page's title in a heading: Hugo's template
//! lookup (`generator::hugo::layouts`) over the site's and its themes'
//! `layouts` folders, with the base template and the partials it calls;
//! Jekyll's layout chain (`layout:` in the page, `defaults`, then each
//! layout's own `layout:`), with the includes each calls. Each template is
//! read once per run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::Site;
use crate::generator::hugo::layouts::{
    LayoutQuery, base_templates, needs_base, page_templates, partial_calls,
};
use crate::text::FastMap;

/// Where a layout shows the page title in a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleHeading {
    pub level: u8,
    pub template: PathBuf,
    /// 1-based.
    pub line: usize,
}

/// What postlint knows of a page's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageLayout {
    /// The layout was read (with its base template, partials or includes):
    /// the highest heading that shows the title, if any.
    Read {
        template: PathBuf,
        title: Option<TitleHeading>,
    },
    /// The generator renders the page with no layout, which shows no title
    /// (Jekyll: none is set; Hugo: no template matches).
    Bare,
    /// The layout cannot be read: a theme is missing.
    Unknown,
}

/// The site's template files, listed once: each layouts folder (site
/// first, then themes) with the paths inside it, lower-cased (Hugo finds
/// templates regardless of case), and each template read at most once.
#[derive(Debug, Default)]
struct Templates {
    roots: Vec<(PathBuf, FastMap<String, PathBuf>)>,
    scanned: Mutex<FastMap<PathBuf, Arc<Scanned>>>,
}

/// One template file as read: its title headings and what it calls.
#[derive(Debug, Default)]
struct Scanned {
    title: Option<TitleHeading>,
    text_needs_base: bool,
    calls: Vec<String>,
    /// Jekyll: the layout it is wrapped in.
    parent: Option<String>,
}

fn templates(site: &Site) -> Arc<Templates> {
    site.memo.get_or_init(|| {
        let roots = site
            .layout_dirs
            .iter()
            .map(|dir| {
                let mut files = FastMap::default();
                list(dir, dir, 0, &mut files);
                (dir.clone(), files)
            })
            .collect();
        Templates {
            roots,
            scanned: Mutex::default(),
        }
    })
}

fn list(root: &Path, dir: &Path, depth: usize, out: &mut FastMap<String, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth < 8 {
            list(root, &path, depth + 1, out);
        } else if kind.is_file()
            && let Ok(relative) = path.strip_prefix(root)
        {
            let key = crate::text::paths::slash_path(relative).to_lowercase();
            out.entry(key).or_insert(path);
        }
    }
}

impl Templates {
    /// The first candidate that exists, in any root: candidates in order,
    /// each looked up in the site's folder before the themes'.
    fn find(&self, candidates: &[String]) -> Option<&Path> {
        candidates.iter().find_map(|candidate| {
            let key = candidate.to_lowercase();
            self.roots
                .iter()
                .find_map(|(_, files)| files.get(&key).map(PathBuf::as_path))
        })
    }

    fn scan(&self, path: &Path, jekyll: bool) -> Arc<Scanned> {
        let mut scanned = self.scanned.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = scanned.get(path) {
            return Arc::clone(found);
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let value = Arc::new(Scanned {
            title: title_heading(&text).map(|(level, line)| TitleHeading {
                level,
                template: path.to_path_buf(),
                line,
            }),
            text_needs_base: !jekyll && needs_base(&text),
            calls: if jekyll {
                include_calls(&text)
            } else {
                partial_calls(&text)
            },
            parent: if jekyll { layout_parent(&text) } else { None },
        });
        scanned.insert(path.to_path_buf(), Arc::clone(&value));
        value
    }

    /// The highest title heading of a template and what it calls, a few
    /// levels deep (`prefix`: where called templates live).
    fn title_through_calls(&self, path: &Path, jekyll: bool, prefix: &str) -> Option<TitleHeading> {
        let mut best: Option<TitleHeading> = None;
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut queue: Vec<(PathBuf, usize)> = vec![(path.to_path_buf(), 0)];
        while let Some((file, depth)) = queue.pop() {
            if !seen.insert(file.clone()) {
                continue;
            }
            let scanned = self.scan(&file, jekyll);
            if let Some(title) = &scanned.title
                && best.as_ref().is_none_or(|b| title.level < b.level)
            {
                best = Some(title.clone());
            }
            if depth < 4 {
                for call in &scanned.calls {
                    let candidate = [format!("{prefix}{call}")];
                    if let Some(found) = self.find(&candidate) {
                        queue.push((found.to_path_buf(), depth + 1));
                    }
                }
            }
        }
        best
    }
}

/// The layout Hugo renders a page with.
pub fn hugo_page_layout(site: &Site, query: &LayoutQuery) -> PageLayout {
    let templates = templates(site);
    let candidates = page_templates(query);
    let Some(template) = templates.find(&candidates).map(Path::to_path_buf) else {
        return if site.missing_themes.is_empty() {
            PageLayout::Bare
        } else {
            PageLayout::Unknown
        };
    };
    let mut title = templates.title_through_calls(&template, false, "");
    if templates.scan(&template, false).text_needs_base {
        let relative = templates
            .roots
            .iter()
            .find_map(|(root, _)| template.strip_prefix(root).ok())
            .map(crate::text::paths::slash_path)
            .unwrap_or_default();
        if let Some(base) = templates.find(&base_templates(query, &relative)) {
            let from_base = templates.title_through_calls(base, false, "");
            if let Some(found) = from_base
                && title.as_ref().is_none_or(|t| found.level < t.level)
            {
                title = Some(found);
            }
        }
    }
    PageLayout::Read { template, title }
}

/// The layout chain Jekyll renders a page with, from its layout's name.
pub fn jekyll_page_layout(site: &Site, layout: Option<&str>) -> PageLayout {
    let Some(mut name) = layout.map(str::to_string) else {
        return PageLayout::Bare;
    };
    let templates = templates(site);
    let mut first: Option<PathBuf> = None;
    let mut title: Option<TitleHeading> = None;
    for _ in 0..8 {
        let Some(file) = jekyll_layout_file(&templates, &name) else {
            // Jekyll warns that the layout does not exist and renders
            // without it; with a theme missing, it may be the theme's.
            if first.is_none() && !site.missing_themes.is_empty() {
                return PageLayout::Unknown;
            }
            break;
        };
        let found = templates.title_through_calls(&file, true, "");
        if let Some(found) = found
            && title.as_ref().is_none_or(|t| found.level < t.level)
        {
            title = Some(found);
        }
        first.get_or_insert(file.clone());
        match templates.scan(&file, true).parent.clone() {
            Some(parent) => name = parent,
            None => break,
        }
    }
    match first {
        Some(template) => PageLayout::Read { template, title },
        None => PageLayout::Bare,
    }
}

/// `_layouts/<name>.<any extension>`, site first, then the theme.
fn jekyll_layout_file(templates: &Templates, name: &str) -> Option<PathBuf> {
    let name = name.to_lowercase();
    templates.roots.iter().find_map(|(root, files)| {
        if root.file_name().is_none_or(|n| n != "_layouts") {
            return None;
        }
        files.iter().find_map(|(key, path)| {
            let stem = key.rsplit_once('.').map_or(key.as_str(), |(stem, _)| stem);
            (stem == name).then(|| path.clone())
        })
    })
}

/// `{% include x.html %}` and `{% include_cached x.html %}`: the included
/// files (in `_includes`, where `Templates::find` looks them up by path).
fn include_calls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        rest = &rest[at + 2..];
        let tag = rest.trim_start_matches('-').trim_start();
        let Some(args) = tag
            .strip_prefix("include_cached")
            .or_else(|| tag.strip_prefix("include"))
        else {
            continue;
        };
        if !args.starts_with([' ', '\t', '\n']) {
            continue;
        }
        let Some(file) = args.split_whitespace().next() else {
            continue;
        };
        if !file.contains("{{") && !out.iter().any(|f| f == file) {
            out.push(file.trim_matches(['"', '\'']).to_string());
        }
    }
    out
}

/// A Jekyll layout's own `layout:` (the layout it is wrapped in).
fn layout_parent(text: &str) -> Option<String> {
    let rest = text.strip_prefix("---")?;
    let end = rest.find("\n---")?;
    rest[..end].lines().find_map(|line| {
        let value = line
            .strip_prefix("layout:")?
            .trim()
            .trim_matches(['"', '\'']);
        (!value.is_empty() && value != "null" && value != "none").then(|| value.to_string())
    })
}

/// The highest `<h1>`…`<h6>` element whose content renders a page title
/// (`{{ .Title }}`, `{{ page.title }}`, a title partial), not the site's:
/// its level and 1-based line.
pub fn title_heading(text: &str) -> Option<(u8, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(u8, usize)> = None;
    let mut at = 0;
    while let Some(i) = lower[at..].find("<h") {
        let start = at + i;
        at = start + 2;
        let Some(&digit) = lower.as_bytes().get(start + 2) else {
            break;
        };
        if !(b'1'..=b'6').contains(&digit)
            || !lower
                .as_bytes()
                .get(start + 3)
                .is_some_and(|b| matches!(b, b'>' | b' ' | b'\t' | b'\n' | b'\r'))
        {
            continue;
        }
        let close = format!("</h{}", char::from(digit));
        let Some(end) = lower[start..].find(&close) else {
            continue;
        };
        let inner = &lower[start..start + end];
        let renders_title = inner
            .split("{{")
            .skip(1)
            .filter_map(|action| action.split("}}").next())
            .any(|action| {
                action.contains("title")
                    && !action.contains("site.title")
                    && !action.contains("site.params.title")
            });
        let level = digit - b'0';
        if renders_title && best.is_none_or(|(b, _)| level < b) {
            let line = 1 + lower[..start].bytes().filter(|&b| b == b'\n').count();
            best = Some((level, line));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_headings_are_found_in_templates() {
        assert_eq!(
            title_heading("<h1 class=\"t\">{{ .Title | emojify }}</h1>"),
            Some((1, 1))
        );
        assert_eq!(
            title_heading("<p>\n<H2 itemprop=x>\n  {{ page.title }}\n</h2>"),
            Some((2, 2))
        );
        assert_eq!(
            title_heading("<h3>{{ partial \"docs/title\" . }}</h3>"),
            Some((3, 1))
        );
        assert_eq!(title_heading("<h1>{{ .Site.Title }}</h1><hr>"), None);
        assert_eq!(
            layout_parent("---\nlayout: news\n---\n<h2>"),
            Some("news".to_string())
        );
        assert_eq!(
            include_calls(
                "{% include nav.html %}{%- include_cached foot.html x=1 %}{% include {{ v }} %}"
            ),
            ["nav.html", "foot.html"]
        );
    }
}
