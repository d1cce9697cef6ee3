//! Image rules (IMG): every image needs alt text that describes it, and a
//! source that resolves to a file the way the generator resolves it.
//!
//! Resolution (see `resolve`): Hugo serves a site-absolute path from
//! `static/` (site, then themes) and a relative one from the page's bundle
//! (the page's folder); `assets/` is reached only by `figure` (and image
//! shortcodes) or through an image render hook. Jekyll serves everything from
//! the site root below `baseurl`. Remote URLs, `data:` URIs and template
//! expressions that cannot be resolved statically are skipped. Files are
//! looked up through folder listings (read once per run), so a difference in
//! case is seen even on a case-insensitive filesystem, and nothing outside
//! the site is ever read.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use crate::diagnostic::{Diagnostic, Span};
use crate::document::images::{ShortcodeSpec, shortcode_image};
use crate::document::{Document, Image, ImageKind, Target};
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::site::Site;
use crate::site::files::Lookup;
use crate::site::reads::{self, Stamp};
use crate::text::paths::slash_path;

declare_check! {
    /// Every image of the file: alt text, and the file it points at.
    pub static CHECK = Runs::EachFile(check);

    pub static MISSING_ALT = "IMG001" "missing-alt" {
        severity: Error,
        summary: "An image without alt text: `![](…)`, `<img>` without `alt`, `figure` without `alt` or `caption`",
    }

    pub static NOT_FOUND = "IMG002" "image-not-found" {
        severity: Error,
        summary: "A local image path that resolves to no file, resolved as the generator resolves it",
    }

    pub static CASE_MISMATCH = "IMG003" "image-case-mismatch" {
        severity: Error,
        summary: "An image file that exists only with different case (works on macOS, 404 on Linux hosting)",
    }

    pub static PLACEHOLDER_ALT = "IMG004" "alt-placeholder" {
        severity: Warning,
        summary: "Alt text that is a file name or a placeholder (\"image\", \"IMG_2041.jpg\"), or repeats the caption",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let images = all_images(cx, doc);
    let resolve_paths = sink.enabled(&NOT_FOUND) || sink.enabled(&CASE_MISMATCH);
    let mut resolver = resolve_paths.then(|| Resolver::new(cx));
    for image in &images {
        missing_alt(doc, image, sink);
        placeholder_alt(doc, image, sink);
        if let Some(resolver) = resolver.as_mut() {
            resolver.check(doc, image, sink);
        }
    }
}

/// The document's images, with the shortcodes declared in
/// `[images.shortcodes]` read by their declared parameters.
fn all_images<'d>(cx: &FileContext, doc: &'d Document) -> Vec<Cow<'d, Image>> {
    let declared = &cx.options.image_shortcodes;
    let is_declared = |name: &str| declared.iter().any(|d| d.name.eq_ignore_ascii_case(name));
    let mut images: Vec<Cow<Image>> = doc
        .images
        .iter()
        .filter(|image| !image.shortcode.as_deref().is_some_and(is_declared))
        .map(Cow::Borrowed)
        .collect();
    if doc.flavor == Flavor::Hugo && !declared.is_empty() {
        for sc in &doc.tags.shortcodes {
            let Some(spec) = declared
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(&sc.name))
            else {
                continue;
            };
            let spec = ShortcodeSpec {
                src: &spec.src,
                alt: spec.alt.as_deref(),
                caption: spec.caption.as_deref(),
            };
            if let Some(image) = shortcode_image(doc.text(), sc, spec) {
                images.push(Cow::Owned(image));
            }
        }
        images.sort_by_key(|image| image.span.start);
    }
    images
}

/// The first line of a construct, for labels (a multi-line call or tag is
/// underlined where it starts).
fn first_line(doc: &Document, span: Span) -> Span {
    let text = doc.text();
    match text.get(span.range()).and_then(|s| s.find('\n')) {
        Some(newline) => {
            let mut end = span.start + newline;
            if end > span.start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            Span::new(span.start, end)
        }
        None => span,
    }
}

fn describe(image: &Image) -> String {
    match (&image.kind, &image.shortcode) {
        (ImageKind::Html, _) => "`<img>`".to_string(),
        (ImageKind::Shortcode, Some(name)) => format!("`{name}` shortcode"),
        _ => "image".to_string(),
    }
}

fn is_blank(attr: Option<&crate::document::images::Attr>) -> bool {
    attr.is_none_or(|attr| attr.value.trim().is_empty())
}

fn missing_alt(doc: &Document, image: &Image, sink: &mut Sink) {
    let span = first_line(doc, image.span);
    let diagnostic = match image.kind {
        ImageKind::Markdown | ImageKind::MarkdownReference => {
            if !is_blank(image.alt.as_ref()) {
                return;
            }
            Diagnostic::new(&MISSING_ALT, span, "image has no alt text")
                .label("empty alt text")
                .help("describe the image between the brackets, `![What the picture shows](…)`; screen readers otherwise announce the file name or skip it")
        }
        ImageKind::Html => {
            if image.alt.is_some() || image.decorative {
                return;
            }
            Diagnostic::new(&MISSING_ALT, span, "`<img>` has no `alt` attribute")
                .label("no alt")
                .help("add `alt=\"…\"` describing the image, or `alt=\"\"` if it is purely decorative; without it screen readers read out the file name")
        }
        ImageKind::Shortcode => {
            if !is_blank(image.alt.as_ref()) || !is_blank(image.caption.as_ref()) {
                return;
            }
            let name = image.shortcode.as_deref().unwrap_or("figure");
            let message = if name.eq_ignore_ascii_case("figure") {
                "`figure` has neither `alt` nor `caption`, so Hugo renders its `<img>` without alt text".to_string()
            } else {
                format!("`{name}` image has no `alt`")
            };
            Diagnostic::new(&MISSING_ALT, span, message)
                .label("no alt")
                .help(format!(
                    "add `alt=\"…\"` describing the image to the `{name}` call; screen readers otherwise announce the file name or skip it"
                ))
        }
    };
    sink.push(diagnostic);
}

static FILE_NAME: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)^(?:[\w .()-]+\.(?:png|jpe?g|gif|webp|svg|avif|bmp|tiff?|heic|ico)|(?:img|dsc[nf]?|pxl|mvimg|screenshot|screen shot|photo|image)[ _-]?\d[\d _-]*)$",
    )
    .expect("a valid pattern")
});

/// Alt texts that say nothing about the picture.
const PLACEHOLDERS: &[&str] = &[
    "image",
    "img",
    "picture",
    "pic",
    "photo",
    "photograph",
    "alt",
    "alt text",
    "alttext",
    "todo",
    "tbd",
    "fixme",
    "placeholder",
    "untitled",
    "screenshot",
    "image description",
    "insert alt text",
    "alt text here",
    "description",
    "figure",
];

fn placeholder_alt(doc: &Document, image: &Image, sink: &mut Sink) {
    let Some(alt) = image
        .alt
        .as_ref()
        .filter(|alt| !alt.value.trim().is_empty())
    else {
        return;
    };
    let value = alt.value.trim();
    let lowered = value.to_lowercase();
    let bare = lowered.trim_matches(|c: char| !c.is_alphanumeric());
    let span = if alt.span.is_empty() {
        first_line(doc, image.span)
    } else {
        first_line(doc, alt.span)
    };
    if PLACEHOLDERS.contains(&bare) || FILE_NAME.is_match(value) {
        // `Image 1`, `photo 2`: a numbered placeholder; `IMG_2041`,
        // `DSC-0042`, `cover.jpg`: a camera's or a file's name.
        let numbered = ["image ", "photo "]
            .iter()
            .any(|word| lowered.starts_with(word));
        let kind = if PLACEHOLDERS.contains(&bare) || numbered {
            "a placeholder"
        } else {
            "a file name"
        };
        sink.push(
            Diagnostic::new(
                &PLACEHOLDER_ALT,
                span,
                format!("alt text \"{value}\" is {kind}, not a description"),
            )
            .label(kind)
            .help("say what the picture shows or why it is there (\"Tram 28 climbing towards the castle\"); screen readers read this text aloud"),
        );
        return;
    }
    if let Some(caption) = &image.caption
        && caption.value.trim() == value
    {
        sink.push(
            Diagnostic::new(
                &PLACEHOLDER_ALT,
                span,
                format!("{} alt text repeats its caption", describe(image)),
            )
            .label("same as the caption")
            .secondary(first_line(doc, caption.span), "the caption")
            .help("screen readers read the alt text and then the caption: describe the picture in `alt` and keep the caption for context, or drop `alt` to let the caption stand"),
        );
    }
}

/// Where an image source was looked for.
enum Resolution {
    Found,
    /// The real path (site-relative) of a file that differs only in case.
    CaseMismatch(String),
    /// The site-relative places looked at.
    NotFound(Vec<String>),
    /// The path leaves the site root; never looked at.
    Escapes,
    Skip,
}

struct Resolver<'a> {
    site: &'a Site,
    /// The folder of the file being checked.
    dir: PathBuf,
    /// The language of the file's page (Hugo).
    lang: &'a str,
    /// Hugo: an image render hook (custom or embedded) is in use.
    hook: Option<bool>,
}

impl<'a> Resolver<'a> {
    fn new(cx: &'a FileContext) -> Resolver<'a> {
        Resolver {
            site: cx.site,
            dir: cx.path.parent().unwrap_or(Path::new("")).to_path_buf(),
            lang: cx.lang.unwrap_or_default(),
            hook: None,
        }
    }

    fn check(&mut self, doc: &Document, image: &Image, sink: &mut Sink) {
        let Some(src) = image.src.as_ref() else {
            return;
        };
        let span = if src.span.is_empty() {
            first_line(doc, image.span)
        } else {
            first_line(doc, src.span)
        };
        let written = src.value.trim();
        match self.resolve(image) {
            Resolution::Found | Resolution::Skip => {}
            Resolution::CaseMismatch(real) => sink.push(
                Diagnostic::new(
                    &CASE_MISMATCH,
                    span,
                    format!("image `{written}` exists only as `{real}`, with different case"),
                )
                .label("case differs from the file on disk")
                .help(format!(
                    "match the case of `{real}` exactly (or rename the file): macOS and Windows find it, Linux hosting serves a 404"
                )),
            ),
            Resolution::NotFound(tried) => {
                let looked = tried
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                sink.push(
                    Diagnostic::new(
                        &NOT_FOUND,
                        span,
                        format!("image `{written}` not found (looked for {looked})"),
                    )
                    .label("no such file")
                    .help(self.not_found_help(image)),
                );
            }
            Resolution::Escapes => sink.push(
                Diagnostic::new(
                    &NOT_FOUND,
                    span,
                    format!("image `{written}` points outside the site"),
                )
                .label("leaves the site root")
                .help("images must live inside the site (a page bundle, `static/` or `assets/`); nothing outside it is published, and postlint does not look there"),
            ),
        }
    }

    fn not_found_help(&mut self, image: &Image) -> String {
        match self.site.flavor {
            Flavor::Hugo => {
                let (absolute, relative) = if self.assets_reachable(image) {
                    ("`static/` or `assets/`", "the page's own folder (its bundle) or `assets/`")
                } else {
                    ("`static/`", "the page's own folder (its bundle)")
                };
                format!(
                    "Hugo serves a site-absolute path (`/images/x.png`) from {absolute} and a relative one from {relative}; fix the path or add the file, or the picture is broken on the live site"
                )
            }
            Flavor::Jekyll => "Jekyll copies files from the site root (below `baseurl`); fix the path or add the file, or the picture is broken on the live site".to_string(),
        }
    }

    /// Whether Hugo reaches `assets/` for this image: `figure` and image
    /// shortcodes do, Markdown images only through an image render hook.
    fn assets_reachable(&mut self, image: &Image) -> bool {
        match image.kind {
            ImageKind::Shortcode => true,
            ImageKind::Markdown | ImageKind::MarkdownReference => self.hook(),
            ImageKind::Html => false,
        }
    }

    fn hook(&mut self) -> bool {
        if let Some(hook) = self.hook {
            return hook;
        }
        let hook = image_hook(self.site, self.lang);
        self.hook = Some(hook);
        hook
    }

    fn resolve(&mut self, image: &Image) -> Resolution {
        let (path, site_path) = match &image.target {
            Target::Url(url) => match self.local_path(url) {
                Some(local) => local,
                None => return Resolution::Skip,
            },
            Target::SitePath(path) => (strip_suffixes(path).to_string(), true),
            Target::Dynamic | Target::Missing => return Resolution::Skip,
        };
        let decoded = percent_encoding::percent_decode_str(&path)
            .decode_utf8_lossy()
            .into_owned();
        if decoded.is_empty() {
            return Resolution::Skip;
        }
        let site = self.site;
        let mut candidates: Vec<(PathBuf, Vec<String>)> = Vec::new();
        if site_path || decoded.starts_with('/') {
            let components = clamp(&decoded);
            if components.is_empty() {
                return Resolution::Skip;
            }
            for dir in &site.static_dirs {
                candidates.push((dir.clone(), components.clone()));
            }
            // A Hugo site without a static folder serves nothing from it:
            // the path is looked for there all the same (and not found),
            // so a report names every place Hugo would look.
            if site.flavor == Flavor::Hugo && site.static_dirs.is_empty() {
                candidates.push((site.root.join("static"), components.clone()));
            }
            if site.flavor == Flavor::Hugo && self.assets_reachable(image) {
                for dir in &site.asset_dirs {
                    candidates.push((dir.clone(), components.clone()));
                }
            }
        } else {
            match site.flavor {
                Flavor::Hugo => {
                    match self.below(&self.dir, &decoded) {
                        Some(candidate) => candidates.push(candidate),
                        None => return Resolution::Escapes,
                    }
                    if self.assets_reachable(image) {
                        let components = clamp(&decoded);
                        for dir in &site.asset_dirs {
                            candidates.push((dir.clone(), components.clone()));
                        }
                    }
                }
                Flavor::Jekyll => {
                    // The browser resolves against the page's URL, which
                    // mirrors its folder for pages, and never climbs above
                    // the site root.
                    let relative_dir = self
                        .dir
                        .strip_prefix(&site.root)
                        .map(slash_path)
                        .unwrap_or_default();
                    let from_folder = clamp(&format!("{relative_dir}/{decoded}"));
                    let from_root = clamp(&decoded);
                    candidates.push((site.root.clone(), from_folder));
                    candidates.push((site.root.clone(), from_root));
                }
            }
        }
        self.look(candidates)
    }

    /// A local path for a URL as written: `None` for remote URLs, `data:`
    /// URIs and other schemes. The site's own absolute URL and the base
    /// path prefix are taken off; the flag says the path is site-absolute.
    fn local_path(&self, url: &str) -> Option<(String, bool)> {
        let url = strip_suffixes(url);
        if url.is_empty() {
            return None;
        }
        if url.starts_with("//") || has_scheme(url) {
            let own = self.site.own_base_url(Some(self.lang))?;
            let without_scheme = |u: &'_ str| -> String {
                let u = u.split_once("://").map_or(u, |(_, rest)| rest);
                u.trim_start_matches('/').to_ascii_lowercase()
            };
            let own = without_scheme(own);
            let own = own.trim_end_matches('/');
            let host_end = own.find('/').unwrap_or(own.len());
            let host = &own[..host_end];
            let url_rest = url.split_once("//").map_or(url, |(_, rest)| rest);
            if !url_rest.to_ascii_lowercase().starts_with(host) {
                return None;
            }
            let path = &url_rest[host.len()..];
            if !(path.is_empty() || path.starts_with('/')) {
                return None;
            }
            return Some((
                self.strip_base(if path.is_empty() { "/" } else { path }),
                true,
            ));
        }
        if url.starts_with('/') {
            return Some((self.strip_base(url), true));
        }
        Some((url.to_string(), false))
    }

    /// Takes the site's base path (`/blog/`) off a site-absolute path.
    fn strip_base(&self, path: &str) -> String {
        let base = self.site.base_path.trim_end_matches('/');
        if base.is_empty() {
            return path.to_string();
        }
        match path.strip_prefix(base) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                format!("/{}", rest.trim_start_matches('/'))
            }
            _ => path.to_string(),
        }
    }

    /// `relative` below `dir`, as a folder to start from and components,
    /// or `None` when it climbs out of the site root.
    fn below(&self, dir: &Path, relative: &str) -> Option<(PathBuf, Vec<String>)> {
        let mut path = dir.to_path_buf();
        for part in relative.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => {
                    if !path.pop() || !path.starts_with(&self.site.root) {
                        return None;
                    }
                }
                part => path.push(part),
            }
        }
        let root = &self.site.root;
        let start = if path.starts_with(dir) {
            dir
        } else {
            root.as_path()
        };
        let rest = path.strip_prefix(start).ok()?;
        let components: Vec<String> = rest
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if components.is_empty() {
            return None;
        }
        Some((start.to_path_buf(), components))
    }

    fn look(&self, candidates: Vec<(PathBuf, Vec<String>)>) -> Resolution {
        let mut tried = Vec::new();
        let mut mismatch = None;
        for (dir, components) in candidates {
            if components.is_empty() {
                continue;
            }
            let parts: Vec<&str> = components.iter().map(String::as_str).collect();
            // A folder that does not exist holds nothing; one that exists
            // but cannot be read says nothing (`Lookup::Unknown`).
            let stamp = Stamp::at(&dir);
            if stamp.is_none() {
                reads::listed(&dir, None);
            }
            let lookup = if stamp.is_some() {
                self.site.listings.lookup(&dir, &parts)
            } else {
                Lookup::NotFound
            };
            match lookup {
                Lookup::Found => return Resolution::Found,
                Lookup::Unknown => return Resolution::Skip,
                Lookup::CaseMismatch(real) => {
                    if mismatch.is_none() {
                        mismatch = Some(self.shown(&dir, &real));
                    }
                }
                Lookup::NotFound => {
                    let shown = self.shown(&dir, &components.join("/"));
                    if !tried.contains(&shown) {
                        tried.push(shown);
                    }
                }
            }
        }
        match mismatch {
            Some(real) => Resolution::CaseMismatch(real),
            None if tried.is_empty() => Resolution::Skip,
            None => Resolution::NotFound(tried),
        }
    }

    /// A path below `dir`, shown relative to the site root.
    fn shown(&self, dir: &Path, inside: &str) -> String {
        let base = self.site.relative(dir);
        if base.is_empty() {
            inside.to_string()
        } else {
            format!("{}/{inside}", base.trim_end_matches('/'))
        }
    }
}

/// The query and fragment of a URL do not name a file.
fn strip_suffixes(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url[..end].trim()
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The components of a URL path, `..` clamped at the root as a browser does.
fn clamp(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            part => out.push(part.to_string()),
        }
    }
    out
}

/// Whether Hugo renders Markdown images through a render hook: a custom
/// `render-image` template, or the embedded one (`useEmbedded`, the older
/// `enableDefault`, or by default on a multilingual single-host site),
/// as the page's language sets `markup`.
fn image_hook(site: &Site, lang: &str) -> bool {
    let config = site.hugo().for_lang(lang);
    let settings = &config.image_hook;
    if settings.enable_default == Some(true) {
        return true;
    }
    let use_embedded = settings.use_embedded.as_deref();
    if matches!(use_embedded, Some("always" | "fallback")) {
        return true;
    }
    let custom = site.layout_dirs.iter().any(|dir| {
        [
            ["_markup", "render-image.html"].as_slice(),
            ["_default", "_markup", "render-image.html"].as_slice(),
        ]
        .iter()
        .any(|parts| site.listings.lookup(dir, parts) == Lookup::Found)
    });
    if custom {
        return true;
    }
    let auto = matches!(use_embedded, None | Some("auto"));
    auto && site.languages.len() > 1 && !config.duplicate_resource_files
}
