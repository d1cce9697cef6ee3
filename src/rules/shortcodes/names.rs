//! SC004 and SC006: the template each call names (site, theme or built
//! in), did-you-mean for the unknown ones, and the built-ins the target
//! Hugo removed or deprecated.

use super::{Needs, Pass, REMOVED, UNKNOWN};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Shortcode, ShortcodeKind, TagErrorKind};
use crate::generator::hugo::HugoVersion;
use crate::generator::hugo::shortcodes::Embedded;
use crate::rules::site::theme_not_found::THEME_NOT_FOUND;
use crate::site::shortcodes::{Inner, Origin};
use crate::text::{FastSet, did_you_mean};

impl<'a> Pass<'a> {
    /// SC004 and SC006, and whether each opener's template evaluates
    /// `.Inner`.
    pub(super) fn resolve_names(&mut self) -> Vec<Needs> {
        let settings = self.cx.options;
        let target = settings.hugo_version;
        // For names without a template to read: does a closing tag follow?
        let mut closed_later = vec![false; self.tags.len()];
        let mut closers: FastSet<&str> = FastSet::default();
        for (i, sc) in self.tags.iter().enumerate().rev() {
            match sc.kind {
                ShortcodeKind::Close => {
                    closers.insert(sc.name.as_str());
                }
                _ => closed_later[i] = closers.contains(sc.name.as_str()),
            }
        }
        let guess = |i: usize| {
            if closed_later[i] {
                Needs::GuessYes
            } else {
                Needs::GuessNo
            }
        };
        let mut surplus = self.surplus_closers();
        surplus.sort_unstable();
        let mut typo_budget = 256;
        let mut needs = Vec::with_capacity(self.tags.len());
        for (i, sc) in self.tags.iter().enumerate() {
            let opener = sc.kind != ShortcodeKind::Close;
            let lexed_name = !sc.name.is_empty()
                && !matches!(
                    sc.error.as_ref().map(|e| e.kind),
                    Some(TagErrorKind::PeriodInName | TagErrorKind::SlashInName)
                );
            if !opener || sc.inline || !lexed_name {
                needs.push(guess(i));
                continue;
            }
            let configured = settings
                .known_shortcodes
                .iter()
                .any(|known| known.eq_ignore_ascii_case(&sc.name));
            match self.registry.get(&sc.name) {
                Some(entry) => {
                    if let Origin::Embedded(embedded) = &entry.origin {
                        self.embedded_version(sc, embedded, target);
                    }
                    needs.push(match entry.inner() {
                        Inner::Yes => Needs::Yes,
                        Inner::No => Needs::No,
                        Inner::Unknown => guess(i),
                    });
                }
                None if configured => needs.push(guess(i)),
                None => {
                    self.unknown(sc);
                    let alias = if sc.kind == ShortcodeKind::Open
                        && !closed_later[i]
                        && !surplus.is_empty()
                        && typo_budget > 0
                    {
                        typo_budget -= 1;
                        let later = surplus.iter().filter(|(_, last)| *last > i);
                        let alias = did_you_mean(&sc.name, later.map(|(name, _)| *name));
                        // One surplus closer explains one typo.
                        surplus.retain(|(name, _)| Some(*name) != alias);
                        alias
                    } else {
                        None
                    };
                    match alias {
                        Some(alias) => {
                            self.aliases[i] = Some(alias);
                            needs.push(Needs::GuessYes);
                        }
                        None => needs.push(guess(i)),
                    }
                }
            }
        }
        needs
    }

    fn embedded_version(&mut self, sc: &Shortcode, embedded: &Embedded, target: HugoVersion) {
        let name = &sc.name;
        if let Some(removed) = embedded.removed.filter(|removed| target >= *removed) {
            let deprecated = embedded
                .deprecated
                .map(|d| format!("deprecated in Hugo {} and ", short_version(d)))
                .unwrap_or_default();
            self.findings.push(
                Diagnostic::new(
                    &REMOVED,
                    sc.name_span,
                    format!(
                        "built-in shortcode `{name}` was {deprecated}removed in {}{}",
                        short_version(removed),
                        self.code_note(sc)
                    ),
                )
                .label(format!("removed in Hugo {}", short_version(removed)))
                .help(format!(
                    "{}; Hugo {} and later fail the build with: {} (postlint targets Hugo {}; set `[site] hugo_version` in postlint.toml for an older one)",
                    embedded.instead,
                    short_version(removed),
                    embedded.message,
                    short_version(target)
                )),
            );
        } else if let Some(deprecated) = embedded.deprecated.filter(|d| target >= *d) {
            self.findings.push(
                Diagnostic::new(
                    &REMOVED,
                    sc.name_span,
                    format!(
                        "built-in shortcode `{name}` is deprecated since Hugo {}{}",
                        short_version(deprecated),
                        self.code_note(sc)
                    ),
                )
                .severity(Severity::Warning)
                .label("deprecated")
                .help(format!(
                    "{}; Hugo warns on every build ({}) and will remove it",
                    embedded.instead, embedded.message
                )),
            );
        }
    }

    fn unknown(&mut self, sc: &Shortcode) {
        let settings = self.cx.options;
        let mut candidates: Vec<&str> = self
            .registry
            .names()
            .filter(|name| {
                self.registry
                    .get(name)
                    .is_some_and(|entry| match &entry.origin {
                        Origin::Embedded(embedded) => embedded.removed.is_none(),
                        _ => true,
                    })
            })
            .collect();
        candidates.extend(settings.known_shortcodes.iter().map(String::as_str));
        candidates.sort_unstable();
        let suggestion = did_you_mean(&sc.name, candidates.iter().copied());
        let fix = match suggestion {
            Some(name) => format!("did you mean `{name}`? Otherwise add"),
            None => "add".to_string(),
        };
        let missing = &self.registry.missing;
        if !missing.is_empty() && suggestion.is_none() && self.cx.rules.is_enabled(&THEME_NOT_FOUND)
        {
            // Most likely a template of the theme or module that cannot be
            // found: reporting every such call would bury the rest, and
            // SITE003 says on the config that these calls go unchecked.
            // Without SITE003 in the run, each call is a warning instead.
            return;
        }
        let (severity, help) = if missing.is_empty() {
            (
                Severity::Error,
                format!(
                    "{fix} `layouts/_shortcodes/{}.html`, or list the name under `[shortcodes] known` in postlint.toml if its template comes from outside the repository; Hugo fails the build with: template for shortcode \"{}\" not found",
                    sc.name, sc.name
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "{fix} its template; postlint cannot see the templates of {}, which it cannot find (SITE003), so this is only a warning (list the name under `[shortcodes] known` in postlint.toml if it is right)",
                    missing.join(" and "),
                ),
            )
        };
        self.findings.push(
            Diagnostic::new(
                &UNKNOWN,
                sc.name_span,
                format!(
                    "unknown shortcode `{}`: no template in the site, its themes or Hugo{}",
                    sc.name,
                    self.code_note(sc)
                ),
            )
            .severity(severity)
            .label(match suggestion {
                Some(name) => format!("did you mean `{name}`?"),
                None => "no such shortcode".to_string(),
            })
            .help(format!("{help}{}", self.escape_hint(sc))),
        );
    }
}

fn short_version(version: HugoVersion) -> String {
    if version.patch == 0 {
        format!("0.{}", version.minor)
    } else {
        version.to_string()
    }
}
