//! Whether and when the generator publishes the page: future dates, past
//! expiry dates and drafts (FM010), Jekyll post file names (FM011).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::Document;
use crate::generator::dates::{Written, zone};
use crate::generator::facts::Facts;
use crate::generator::fields::{go_bool, yaml11_bool};
use crate::generator::jekyll::dates::JekyllDate;
use crate::generator::{Flavor, PageKind, hugo, jekyll};
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::value::{Entry, Format, Node, Value};

declare_check! {
    /// Whether and when the generator publishes the page.
    pub static CHECK = Runs::EachFile(check);

    pub static NOT_PUBLISHED = "FM010" "not-published" {
        severity: Warning,
        summary: "A page the generator will not publish: future date, past expiry date (drafts: info)",
    }

    pub static FILENAME_DATE = "FM011" "filename-date" {
        severity: Warning,
        summary: "A Jekyll post whose file name date disagrees with its `date`, or whose name Jekyll skips",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let tz = zone(zone_name(cx));
    let now = Timestamp::now();
    match doc.flavor {
        Flavor::Hugo => {
            if sink.enabled(&NOT_PUBLISHED) {
                hugo(cx, doc, &tz, now, sink);
            }
        }
        Flavor::Jekyll => jekyll(cx, doc, &tz, now, sink),
    }
}

/// Whether `at` is after `now`; while it is, the answer changes at `at`,
/// and a cache of the file's findings must know it (`reads::until`).
fn future(at: Timestamp, now: Timestamp) -> bool {
    let future = at > now;
    if future {
        crate::site::reads::until(at.as_nanosecond());
    }
    future
}

/// The zone the page's dates without an offset are read in: in Hugo its
/// language's `timeZone`, else the site's.
fn zone_name<'a>(cx: &FileContext<'a>) -> Option<&'a str> {
    match cx.site.flavor {
        Flavor::Hugo => {
            let hugo = cx.site.hugo();
            hugo.time_zone_for(cx.lang.unwrap_or(&hugo.default_lang))
        }
        Flavor::Jekyll => cx.site.build.time_zone.as_deref(),
    }
}

/// "in the site's time zone Europe/Oslo", when a zone applies.
fn zone_note(cx: &FileContext, written: &Written) -> String {
    let Some(zone) = zone_name(cx).filter(|_| written.offset.is_none()) else {
        return String::new();
    };
    if TimeZone::get(zone.trim()).is_err() {
        // SITE005 reports the name.
        format!(" (read in UTC: there is no time zone `{zone}`)")
    } else if cx.site.build.time_zone.as_deref() == Some(zone) {
        format!(" (read in the site's time zone {zone})")
    } else {
        let lang = cx.lang.unwrap_or_default();
        format!(" (read in the time zone of the `{lang}` pages, {zone})")
    }
}

fn first_date<'d>(data: &'d Node, keys: &[String], format: Format) -> Option<(&'d Entry, Written)> {
    keys.iter().find_map(|key| {
        let entry = data.entry_ci(key)?;
        Some((entry, hugo::dates::read(&entry.value, format).ok()??))
    })
}

fn hugo(cx: &FileContext, doc: &Document, tz: &TimeZone, now: Timestamp, sink: &mut Sink) {
    let (Some(block), Some(data)) = (doc.front_matter.block(), doc.data()) else {
        return;
    };
    let site = cx.site;
    // A language's table may set its own `buildDrafts`, `buildFuture`
    // and `buildExpired` (Hugo 0.168).
    let hugo = site.hugo();
    let config = hugo.for_lang(cx.lang.unwrap_or(&hugo.default_lang));
    if let Some(entry) = data.entry_ci("draft")
        && !config.build_drafts
        && hugo_true(&entry.value)
    {
        sink.push(
            Diagnostic::new(&NOT_PUBLISHED, entry.value.span, "this page is a draft")
                .severity(Severity::Info)
                .label("Hugo skips drafts")
                .help("Hugo publishes drafts only with `--buildDrafts` (or `buildDrafts = true`); set `draft: false` when the page is ready"),
        );
    }
    let known = site.known_fields();
    if !config.build_future
        && let Some((entry, written)) = first_date(data, &known.publish_keys, block.format)
        && let Some(at) = written.instant_for_comparison(tz)
        && future(at, now)
    {
        sink.push(
            Diagnostic::new(
                &NOT_PUBLISHED,
                entry.value.span,
                format!(
                    "`{}` is in the future{}: Hugo does not publish this page before {}",
                    entry.key,
                    zone_note(cx, &written),
                    written.local_date(tz).unwrap_or(written.datetime.date())
                ),
            )
            .label("in the future")
            .help("Hugo skips pages whose publish date is in the future unless built with `--buildFuture` (`buildFuture = true`); if the date is a typo, fix it"),
        );
    }
    if !config.build_expired
        && let Some((entry, written)) = first_date(data, &known.expiry_keys, block.format)
        && let Some(at) = written.instant_for_comparison(tz)
        && !future(at, now)
    {
        sink.push(
            Diagnostic::new(
                &NOT_PUBLISHED,
                entry.value.span,
                format!(
                    "`{}` has passed{}: Hugo no longer publishes this page",
                    entry.key,
                    zone_note(cx, &written)
                ),
            )
            .label("expired")
            .help("Hugo drops expired pages unless built with `--buildExpired` (`buildExpired = true`); remove the page, or move the expiry date"),
        );
    }
}

/// Hugo's `cast.ToBool` reading of `draft`.
fn hugo_true(node: &Node) -> bool {
    match &node.value {
        Value::Bool(b) => *b,
        Value::Str { text, .. } => go_bool(text) == Some(true),
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        _ => false,
    }
}

/// The `_posts` file name of a Jekyll post, if it is in `_posts`.
fn posts_name(relative: &str) -> Option<&str> {
    let mut parts = relative.split('/').collect::<Vec<_>>();
    let name = parts.pop()?;
    parts.contains(&"_posts").then_some(name)
}

fn in_drafts(relative: &str) -> bool {
    relative
        .split('/')
        .rev()
        .skip(1)
        .any(|part| part == "_drafts")
}

fn jekyll(cx: &FileContext, doc: &Document, tz: &TimeZone, now: Timestamp, sink: &mut Sink) {
    if !matches!(cx.kind, PageKind::Post | PageKind::Document) {
        return;
    }
    let data = doc.data();
    let date_entry = data.and_then(|d| d.entry("date"));
    let front_date = date_entry.and_then(|entry| match jekyll::dates::read(&entry.value) {
        Ok(JekyllDate::Known(w) | JekyllDate::RolledOver { written: w, .. }) => Some((entry, w)),
        _ => None,
    });
    let first_line = Span::from(doc.source.first_line());

    // FM011: the file name of a post in `_posts`.
    let mut file_date: Option<(Date, &str)> = None;
    if let Some(name) = posts_name(cx.relative) {
        match jekyll::dates::parse_file_name(name) {
            None => {
                if sink.enabled(&FILENAME_DATE) {
                    sink.push(
                        Diagnostic::new(
                            &FILENAME_DATE,
                            first_line,
                            format!("Jekyll skips `{name}`: a post's file name must start with its date"),
                        )
                        .label("this post is never built")
                        .help("name it `YYYY-MM-DD-title.md` (for example `2025-05-01-my-post.md`); a post without a date belongs in `_drafts`"),
                    );
                }
            }
            Some((date_text, _)) => match jekyll::dates::parse(date_text, false) {
                Ok(JekyllDate::Known(w)) => file_date = Some((w.datetime.date(), date_text)),
                Ok(JekyllDate::RolledOver {
                    written,
                    as_written,
                }) => {
                    file_date = Some((written.datetime.date(), date_text));
                    if sink.enabled(&FILENAME_DATE) {
                        sink.push(
                            Diagnostic::new(
                                &FILENAME_DATE,
                                first_line,
                                format!(
                                    "the file name's date {as_written} does not exist; Jekyll rolls it over to {}",
                                    written.datetime.date()
                                ),
                            )
                            .label("date in the file name")
                            .help("rename the file with a real date"),
                        );
                    }
                }
                Ok(JekyllDate::Opaque) => {}
                Err(problem) => {
                    if sink.enabled(&FILENAME_DATE) {
                        sink.push(
                            Diagnostic::new(
                                &FILENAME_DATE,
                                first_line,
                                format!(
                                    "the date in the file name `{name}` is not a date: {}",
                                    problem.describe()
                                ),
                            )
                            .severity(Severity::Error)
                            .label("date in the file name")
                            .help("Jekyll fails the build (\"does not have a valid date in the filename\"); rename the file with a real date"),
                        );
                    }
                }
            },
        }
    }
    if let (Some((file, file_text)), Some((entry, written))) = (file_date, &front_date)
        && sink.enabled(&FILENAME_DATE)
        && let Some(local) = written.local_date(tz)
        && local != file
    {
        let written_text = doc.text()[entry.value.span.range()].trim_matches(['"', '\'']);
        let conversion = if written.datetime.date() != local {
            let zone = cx.site.build.time_zone.as_deref().map_or(
                "UTC (no `timezone` in _config.yml)".to_string(),
                str::to_string,
            );
            format!(" ({written_text} is {local} in the site's time zone {zone})")
        } else {
            String::new()
        };
        sink.push(
            Diagnostic::new(
                &FILENAME_DATE,
                entry.value.span,
                format!(
                    "`date` puts this post on {local}{conversion}, but its file name says {file_text}"
                ),
            )
            .label(format!("{local}, not {file_text}"))
            .help(date_mismatch_help(cx, doc, tz, now, written, local)),
        );
    }

    // FM010: unpublished, or dated in the future.
    if !sink.enabled(&NOT_PUBLISHED) || in_drafts(cx.relative) {
        return;
    }
    let unpublished_allowed = cx.site.jekyll().unpublished;
    if let Some(entry) = data.and_then(|d| d.entry("published"))
        && !unpublished_allowed
        && matches!(
            (&entry.value.value, yaml11_bool(&entry.value)),
            (Value::Null, _) | (_, Some(false))
        )
    {
        let span = if entry.value.span.is_empty() {
            entry.key_span
        } else {
            entry.value.span
        };
        sink.push(
            Diagnostic::new(&NOT_PUBLISHED, span, "this post is not published (`published: false`)")
                .severity(Severity::Info)
                .label("Jekyll skips it")
                .help("Jekyll builds unpublished posts only with `--unpublished`; remove `published: false` when the post is ready"),
        );
    }
    if cx.site.build.future {
        return;
    }
    let (span, at, what) = match (&front_date, file_date) {
        (Some((entry, written)), _) => match written.instant_for_comparison(tz) {
            Some(at) => (entry.value.span, at, "`date`".to_string()),
            None => return,
        },
        (None, Some((date, text))) if date_entry.is_none() => {
            match tz
                .to_ambiguous_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
                .compatible()
            {
                Ok(at) => (first_line, at, format!("the file name's date {text}")),
                Err(_) => return,
            }
        }
        _ => return,
    };
    if future(at, now) {
        sink.push(
            Diagnostic::new(
                &NOT_PUBLISHED,
                span,
                format!(
                    "{what} is in the future: Jekyll does not publish this post before {}",
                    // The day as written: an instant past the last one
                    // there is was clamped to it.
                    front_date
                        .as_ref()
                        .map(|(_, written)| written
                            .local_date(tz)
                            .unwrap_or(written.datetime.date()))
                        .unwrap_or_else(|| tz.to_datetime(at).date())
                ),
            )
            .label("in the future")
            .help("Jekyll skips posts dated in the future unless `future: true` is in _config.yml (or it runs with `--future`); if the date is a typo, fix it"),
        );
    }
}

/// What `date` decides for a post whose file name says another day: its
/// URL when the site's permalink has the date in it (the URL as the site's
/// permalink gives it), its place in the post order always, and whether
/// Jekyll builds it at all yet.
fn date_mismatch_help(
    cx: &FileContext,
    doc: &Document,
    tz: &TimeZone,
    now: Timestamp,
    written: &Written,
    local: Date,
) -> String {
    let config = cx.site.jekyll();
    let page = crate::index::jekyll_page(cx.site, cx.path);
    let taxonomies = cx.site.hugo().taxonomy_names();
    let facts = Facts::read(doc.front_matter.parsed(), doc.flavor, taxonomies);
    let template = facts
        .url
        .as_ref()
        .map_or_else(|| config.post_template(), |url| url.text.clone());
    let url = page.and_then(|page| jekyll::urls::url(config, &page, &facts, tz));
    let decides = match url {
        Some(url) if has_date_placeholder(&template) => {
            format!("Jekyll takes the URL (`{url}`) and the post order from `date`")
        }
        Some(url) => format!(
            "Jekyll orders posts by `date` (the URL, `{url}`, has no date in it: the permalink is `{template}`)"
        ),
        None => "Jekyll takes the URL and the post order from `date`".to_string(),
    };
    let skipped = match written.instant_for_comparison(tz) {
        Some(at) if future(at, now) && !cx.site.build.future => {
            format!("; Jekyll does not build the post before {local} (`date` is in the future)")
        }
        _ => String::new(),
    };
    format!("{decides} and ignores the file name's date{skipped}; make the two agree")
}

/// Whether a Jekyll permalink template has a placeholder of the post's
/// date (Jekyll's `Drops::UrlDrop` and `Utils#slugify`'s date names).
fn has_date_placeholder(template: &str) -> bool {
    const DATE_PLACEHOLDERS: &[&str] = &[
        "year",
        "short_year",
        "month",
        "i_month",
        "short_month",
        "long_month",
        "day",
        "i_day",
        "y_day",
        "w_year",
        "week",
        "w_day",
        "short_day",
        "long_day",
        "hour",
        "minute",
        "second",
    ];
    template.split(':').skip(1).any(|after| {
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        DATE_PLACEHOLDERS.contains(&name.as_str())
    })
}
