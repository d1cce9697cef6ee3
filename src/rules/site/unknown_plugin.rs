//! SITE004: a plugin the Jekyll site loads whose Liquid tags postlint does
//! not know. LQ005 cannot tell such a plugin's tags from typos, so on the
//! site it reports only near misses of known tags, as warnings; this
//! finding, once per run of the site on the line that loads the plugin,
//! is how the output says so, so that "No problems found" is never said
//! over a check that ran weakened.

use std::path::PathBuf;

use super::{config_texts, declaration};
use crate::diagnostic::{Diagnostic, Span};
use crate::generator::Flavor;
use crate::rules::{Runs, declare_check};
use crate::site::Site;
use crate::site::plugins::{UnknownKind, UnknownPlugin};

declare_check! {
    /// The site's plugins whose tags are unknown, on the files that load them.
    pub static CHECK = Runs::Setup(check);

    pub static UNKNOWN_PLUGIN = "SITE004" "unknown-plugin-tags" {
        severity: Warning,
        summary: "A Jekyll plugin whose Liquid tags postlint does not know: LQ005 reports only near misses on the site",
    }
}

fn check(site: &Site) -> Vec<(PathBuf, Diagnostic)> {
    if site.flavor != Flavor::Jekyll || site.liquid_tags_declared {
        return Vec::new();
    }
    let unknown = &site.plugin_tags().unknown;
    if unknown.is_empty() {
        return Vec::new();
    }
    let texts = config_texts(site);
    unknown
        .iter()
        // A theme that is not found is SITE003's to report.
        .filter(|plugin| {
            plugin.kind != UnknownKind::Theme
                || !site.missing_themes.iter().any(|m| m.name == plugin.name)
        })
        .filter_map(|plugin| {
            let declared_as = match &plugin.kind {
                UnknownKind::ThemeGem(theme) => theme,
                _ => &plugin.name,
            };
            let (file, span) = match &plugin.kind {
                UnknownKind::ConfigGem | UnknownKind::ThemeGem(_) | UnknownKind::Theme => {
                    declaration(&texts, declared_as).or_else(|| {
                        texts
                            .first()
                            .map(|(file, _)| ((*file).clone(), Span::new(0, 0)))
                    })?
                }
                UnknownKind::GemfileGem(file, span) | UnknownKind::RubyFile(file, span) => {
                    (file.clone(), *span)
                }
            };
            Some((file, finding(plugin, span)))
        })
        .collect()
}

fn finding(plugin: &UnknownPlugin, span: Span) -> Diagnostic {
    let weakened = "Until then LQ005 reports an unknown tag on this site only when it is a near miss of a known one (`{% inlcude %}`), and then as a warning, since it may be the plugin's.";
    let (message, label, fix) = match &plugin.kind {
        UnknownKind::Theme => (
            format!(
                "postlint cannot read which plugins the gem theme `{}` loads",
                plugin.name
            ),
            "no gemspec beside the installed theme",
            "list the tags of the site's plugins under `[liquid] tags` (those with an end tag under `[liquid] blocks`) in postlint.toml",
        ),
        UnknownKind::ThemeGem(theme) => (
            format!(
                "the gem theme `{theme}` loads Jekyll plugin `{}`, which is not one postlint knows the Liquid tags of",
                plugin.name
            ),
            "loads it",
            "list the tags it registers (`Liquid::Template.register_tag` in its source) under `[liquid] tags` (those with an end tag under `[liquid] blocks`) in postlint.toml, or `tags = []` if it registers none: setting `[liquid] tags` says the config names every tag of the site's plugins",
        ),
        UnknownKind::RubyFile(..) => (
            format!(
                "`{}` registers Liquid tags whose names postlint cannot read",
                plugin.name
            ),
            "a tag name computed at build time",
            "list the tags of the site's plugins under `[liquid] tags` (those with an end tag under `[liquid] blocks`) in postlint.toml",
        ),
        _ => (
            format!(
                "Jekyll plugin `{}` is not one postlint knows the Liquid tags of",
                plugin.name
            ),
            "loaded here",
            "list the tags it registers (`Liquid::Template.register_tag` in its source) under `[liquid] tags` (those with an end tag under `[liquid] blocks`) in postlint.toml, or `tags = []` if it registers none: setting `[liquid] tags` says the config names every tag of the site's plugins",
        ),
    };
    Diagnostic::new(&UNKNOWN_PLUGIN, span, message)
        .label(label)
        .help(format!("{fix}. {weakened}"))
}
