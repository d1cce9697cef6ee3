//! SITE005: a time zone the site's config names that does not exist. Hugo
//! stops ("failed to init config: invalid timeZone for language \"en\":
//! unknown time zone …"); Jekyll builds, and its dates without an offset
//! are read in UTC (Ruby hands the name to the C library, which falls back
//! to UTC without a word). postlint reads them in UTC too: this finding is
//! how the output says so.

use std::path::PathBuf;

use jiff::tz::TimeZone;

use super::{config_texts, declaration};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::generator::Flavor;
use crate::rules::{Runs, declare_check};
use crate::site::Site;
use crate::text::suggest::did_you_mean;

declare_check! {
    /// The time zones the site's config names.
    pub static CHECK = Runs::Setup(check);

    pub static UNKNOWN_TIME_ZONE = "SITE005" "unknown-time-zone" {
        severity: Error,
        summary: "The config names a time zone that does not exist: Hugo fails the build, Jekyll reads dates in UTC",
    }
}

fn check(site: &Site) -> Vec<(PathBuf, Diagnostic)> {
    let mut named: Vec<(Option<&str>, &str)> = Vec::new();
    match site.flavor {
        Flavor::Hugo => {
            let hugo = site.hugo();
            named.extend(hugo.time_zone.as_deref().map(|zone| (None, zone)));
            for language in &hugo.languages {
                if let Some(zone) = language.time_zone.as_deref() {
                    named.push((Some(language.code.as_str()), zone));
                }
            }
        }
        Flavor::Jekyll => named.extend(site.build.time_zone.as_deref().map(|zone| (None, zone))),
    }
    named.retain(|(_, zone)| !zone.trim().is_empty() && TimeZone::get(zone.trim()).is_err());
    if named.is_empty() {
        return Vec::new();
    }
    let texts = config_texts(site);
    named
        .into_iter()
        .filter_map(|(lang, zone)| {
            let (file, span) = declaration(&texts, zone).or_else(|| {
                texts
                    .first()
                    .map(|(file, _)| ((*file).clone(), Span::new(0, 0)))
            })?;
            Some((file, finding(site, lang, zone, span)))
        })
        .collect()
}

fn finding(site: &Site, lang: Option<&str>, zone: &str, span: Span) -> Diagnostic {
    let whose = lang.map_or_else(String::new, |lang| format!(" of language `{lang}`"));
    let known: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_string())
        .collect();
    let suggestion = did_you_mean(zone.trim(), known.iter().map(String::as_str))
        .map(|name| format!("did you mean `{name}`? "))
        .unwrap_or_default();
    let (severity, effect) = match site.flavor {
        Flavor::Hugo => (
            Severity::Error,
            format!(
                "Hugo fails the build (\"invalid timeZone for language: unknown time zone {zone}\")"
            ),
        ),
        Flavor::Jekyll => (
            Severity::Warning,
            "Jekyll builds and reads dates without an offset in UTC, and so does postlint"
                .to_string(),
        ),
    };
    Diagnostic::new(
        &UNKNOWN_TIME_ZONE,
        span,
        format!("time zone `{zone}`{whose} does not exist"),
    )
    .severity(severity)
    .label("no such time zone")
    .help(format!(
        "{suggestion}use a name from the IANA time zone database (`Europe/Oslo`, `America/New_York`, `UTC`); {effect}"
    ))
}
