//! Hugo: its config, front matter fields and dates, the built-in
//! shortcodes, and how it names pages and gives them URLs.

pub mod accents;
pub mod config;
pub mod dates;
pub mod fields;
pub mod heading_ids;
pub mod layouts;
pub mod module_config;
pub mod modules;
pub mod names;
pub mod shortcodes;
pub mod urls;

pub use config::Config;

/// The newest Hugo version postlint knows the rules of.
pub const NEWEST_HUGO: HugoVersion = HugoVersion {
    minor: 168,
    patch: 0,
};

/// A Hugo version (`0.MINOR.PATCH`; Hugo has never had a 1.x).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HugoVersion {
    pub minor: u32,
    pub patch: u32,
}

impl HugoVersion {
    pub fn parse(text: &str) -> Option<HugoVersion> {
        let text = text.trim().trim_start_matches('v');
        let mut parts = text.split('.');
        if parts.next()? != "0" {
            return None;
        }
        let minor = parts.next()?.parse().ok()?;
        let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        Some(HugoVersion { minor, patch })
    }
}

impl std::fmt::Display for HugoVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0.{}.{}", self.minor, self.patch)
    }
}

/// What renders Markdown links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkHook {
    /// No render hook: the destination is written as is, and the browser
    /// resolves it against the page's URL.
    Literal,
    /// Hugo's embedded hook (on by default for multilingual sites):
    /// destinations that name a page (`GetPage`) or a resource are
    /// replaced by its URL, the others are written as is.
    Embedded,
    /// A hook of the site or a theme (or a theme that is not in the
    /// repository): it may do anything with a relative destination.
    Custom,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_versions() {
        assert_eq!(
            HugoVersion::parse("0.145"),
            Some(HugoVersion {
                minor: 145,
                patch: 0
            })
        );
        assert_eq!(
            HugoVersion::parse("v0.156.1"),
            Some(HugoVersion {
                minor: 156,
                patch: 1
            })
        );
        assert_eq!(HugoVersion::parse("1.0"), None);
        assert!(HugoVersion::parse("0.145").unwrap() < NEWEST_HUGO);
    }
}
