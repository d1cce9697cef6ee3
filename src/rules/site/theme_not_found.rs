//! SITE003: a theme or module the config names that postlint cannot find.
//! The checks that read its templates are weakened; this finding, on the
//! config line that names it, is how the output says so, in every run of
//! the site, so that "No problems found" is never said over a check that
//! did not run.

use std::fs;
use std::path::{Path, PathBuf};

use super::{config_texts, declaration};
use crate::diagnostic::{Diagnostic, Span};
use crate::generator::Flavor;
use crate::rules::{Runs, declare_check};
use crate::site::Site;
use crate::site::themes::{MissingTheme, ThemeFix};
use crate::text::suggest::did_you_mean;

declare_check! {
    /// The site's missing themes and modules, on its config files.
    pub static CHECK = Runs::Setup(check);

    pub static THEME_NOT_FOUND = "SITE003" "theme-not-found" {
        severity: Warning,
        summary: "A theme or Hugo module the config names cannot be found: the checks that need its templates are weakened",
    }
}

/// One finding per missing theme, on the config file and line that name
/// it (or the site's own import it is reached through).
fn check(site: &Site) -> Vec<(PathBuf, Diagnostic)> {
    let texts = config_texts(site);
    site.missing_themes
        .iter()
        .filter_map(|missing| {
            let (file, span) = declaration(&texts, &missing.declared_as).or_else(|| {
                texts
                    .first()
                    .map(|(file, _)| ((*file).clone(), Span::new(0, 0)))
            })?;
            Some((file, finding(site, missing, span)))
        })
        .collect()
}

fn finding(site: &Site, missing: &MissingTheme, span: Span) -> Diagnostic {
    let what = match (&missing.fix, site.flavor) {
        (ThemeFix::HugoModule, _) => "Hugo module",
        (ThemeFix::RemoteTheme, _) => "remote theme",
        (ThemeFix::Gem, _) => "gem theme",
        _ => "theme",
    };
    let by = missing
        .imported_by
        .as_ref()
        .map(|owner| format!(", imported by `{owner}`,"))
        .unwrap_or_default();
    let message = match &missing.fix {
        ThemeFix::BrokenConfig(_) => format!(
            "the config of theme `{}`{by} does not parse: postlint cannot follow its imports and mounts",
            missing.name
        ),
        ThemeFix::RemoteTheme => format!(
            "{what} `{}` is downloaded at build time: postlint cannot read it",
            missing.name
        ),
        _ => format!("{what} `{}`{by} not found", missing.name),
    };
    let looked = looked(site, &missing.looked);
    let weakened = match site.flavor {
        Flavor::Hugo => {
            "Until it is found, postlint cannot read its templates: a shortcode with no template in the site is reported only when its name is close to a known one, and then as a warning (SC004); whether its shortcodes must be closed is guessed, never reported (SC001, SC003); relative links are taken as a custom render hook may rewrite them (LNK002); HD001 cannot read its layouts."
        }
        Flavor::Jekyll => {
            "Until it is found, postlint cannot read its layouts and includes: HD001 cannot tell whether the layout shows the page title; nor which plugins it loads: LQ005 reports an unknown Liquid tag only when it is a near miss of a known one, as a warning."
        }
    };
    let fix = fix(site, missing);
    Diagnostic::new(&THEME_NOT_FOUND, span, message)
        .label("named here")
        .help(format!("{looked}{fix}. {weakened}"))
}

/// Where postlint looked, site-relative where possible.
fn looked(site: &Site, places: &[PathBuf]) -> String {
    const SHOWN: usize = 4;
    if places.is_empty() {
        return String::new();
    }
    let mut shown: Vec<String> = places
        .iter()
        .take(SHOWN)
        .map(|place| format!("`{}`", site.relative(place)))
        .collect();
    if places.len() > SHOWN {
        shown.push(format!("{} more", places.len() - SHOWN));
    }
    format!("postlint looked in {}; ", shown.join(", "))
}

fn fix(site: &Site, missing: &MissingTheme) -> String {
    let known = "or, if the site is right as it is, list the shortcodes it uses under `[shortcodes] known` in postlint.toml";
    match &missing.fix {
        ThemeFix::HugoModule if site.root.join("go.mod").is_file() => format!(
            "run `hugo mod get` (Hugo's module cache is where postlint looks; `HUGO_CACHEDIR` moves it) or `hugo mod vendor` (copies the module into `_vendor/`), {known}"
        ),
        ThemeFix::HugoModule => format!(
            "without a `go.mod`, Hugo looks for `{}` in the themes folder: put the theme there, or run `hugo mod init` and `hugo mod get` to use it as a module, {known}",
            missing.name
        ),
        ThemeFix::HugoThemesFolder => {
            let folders = theme_names(site);
            let suggestion = did_you_mean(&missing.name, folders.iter().map(String::as_str))
                .map(|name| format!("did you mean `{name}`? Otherwise "))
                .unwrap_or_default();
            format!(
                "{suggestion}put the theme in the themes folder (`git submodule add <repository> themes/{}`), {known}",
                missing.name
            )
        }
        ThemeFix::Submodule(dir) => format!(
            "`{}` is empty: a git submodule that was not checked out; run `git submodule update --init --recursive`",
            site.relative(dir)
        ),
        ThemeFix::Gem => format!(
            "run `bundle install` (or `gem install {}`) so the gem is installed where Jekyll finds it",
            missing.name
        ),
        ThemeFix::BrokenConfig(error) => format!(
            "{error}; Hugo fails to build the site on it too: fix the theme's config (or update the theme)"
        ),
        ThemeFix::RemoteTheme => "jekyll-remote-theme downloads it at build time, where postlint cannot read it; to have its layouts checked, copy its `_layouts` and `_includes` into the site".to_string(),
    }
}

/// The folders of the site's themes folder, by name.
fn theme_names(site: &Site) -> Vec<String> {
    let dir: &Path = &site
        .root
        .join(site.hugo().themes_dir.as_deref().unwrap_or("themes"));
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
