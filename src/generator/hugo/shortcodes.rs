//! The shortcodes built into Hugo, with the versions that deprecated or
//! removed them.

use super::HugoVersion;

/// A shortcode built into Hugo, with the versions that changed it.
#[derive(Debug, PartialEq, Eq)]
pub struct Embedded {
    pub name: &'static str,
    pub inner: bool,
    /// The Hugo version that deprecated it (it still works, with a warning).
    pub deprecated: Option<HugoVersion>,
    /// The Hugo version that removed it (calling it fails the build).
    pub removed: Option<HugoVersion>,
    /// What to use instead.
    pub instead: &'static str,
    /// What Hugo says when it is called (removed: an error; deprecated: a warning).
    pub message: &'static str,
}

const fn v(minor: u32) -> Option<HugoVersion> {
    Some(HugoVersion { minor, patch: 0 })
}

/// Hugo's embedded shortcodes (`tpl/tplimpl/embedded/templates/_shortcodes`),
/// checked against Hugo 0.168: each name resolves, and a closing tag is
/// accepted exactly for those marked `inner`.
pub static EMBEDDED: &[Embedded] = &[
    Embedded {
        name: "comment",
        inner: true,
        deprecated: v(143),
        removed: None,
        message: "The \"comment\" shortcode was deprecated in v0.143.0 and will be removed in a future release. Please use HTML comments instead.",
        instead: "use an HTML comment (`<!-- … -->`) instead",
    },
    Embedded {
        name: "details",
        inner: true,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "figure",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "gist",
        inner: false,
        deprecated: v(143),
        removed: v(156),
        message: "The \"gist\" shortcode was deprecated in v0.143.0 and removed in v0.156.0.",
        instead: "embed the gist's `<script src=\"https://gist.github.com/USER/ID.js\"></script>` in a shortcode of your own (`layouts/_shortcodes/gist.html`)",
    },
    Embedded {
        name: "highlight",
        inner: true,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "instagram",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "instagram_simple",
        inner: false,
        deprecated: None,
        removed: v(123),
        message: "The \"instagram_simple\" shortcode was removed in v0.123.0. Use the \"instagram\" shortcode instead.",
        instead: "use the `instagram` shortcode instead",
    },
    Embedded {
        name: "param",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "qr",
        inner: true,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "ref",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "relref",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "tweet",
        inner: false,
        deprecated: v(142),
        removed: v(156),
        message: "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead.",
        instead: "use the `x` shortcode instead (same `user` and `id` parameters)",
    },
    Embedded {
        name: "twitter",
        inner: false,
        deprecated: v(142),
        removed: v(156),
        message: "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead.",
        instead: "use the `x` shortcode instead (same `user` and `id` parameters)",
    },
    Embedded {
        name: "twitter_simple",
        inner: false,
        deprecated: v(142),
        removed: v(156),
        message: "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead.",
        instead: "use the `x_simple` shortcode instead (same `user` and `id` parameters)",
    },
    Embedded {
        name: "vimeo",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "vimeo_simple",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "x",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "x_simple",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
    Embedded {
        name: "youtube",
        inner: false,
        deprecated: None,
        removed: None,
        message: "",
        instead: "",
    },
];

/// The parameters a shortcode template reads: `.Get "name"` (and
/// `` .Get `name` ``) by name, `.Get 0` by position, in the order the
/// template first reads them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TemplateParams {
    pub named: Vec<String>,
    pub positional: Vec<usize>,
}

/// What `template` (a shortcode template's text) reads with `.Get`.
pub fn template_params(template: &str) -> TemplateParams {
    let mut params = TemplateParams::default();
    let mut rest = template;
    while let Some(at) = rest.find(".Get") {
        rest = &rest[at + 4..];
        // `.GetPage`, `.Get`-prefixed names: not a parameter read.
        let Some(argument) = rest.strip_prefix([' ', '\t']) else {
            continue;
        };
        let argument = argument.trim_start();
        let quoted = argument
            .strip_prefix('"')
            .and_then(|quoted| quoted.split_once('"'))
            .or_else(|| {
                argument
                    .strip_prefix('`')
                    .and_then(|quoted| quoted.split_once('`'))
            });
        if let Some((name, _)) = quoted {
            if !name.is_empty() && !params.named.iter().any(|known| known == name) {
                params.named.push(name.to_string());
            }
            continue;
        }
        let digits: String = argument.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(position) = digits.parse::<usize>()
            && !params.positional.contains(&position)
        {
            params.positional.push(position);
        }
    }
    params
}

#[cfg(test)]
mod params_tests {
    use super::*;

    #[test]
    fn named_and_positional_reads_are_found_once_each() {
        let template = r#"{{ $src := .Get "src" }}{{ with .Get `alt` }}{{ . }}{{ end }}
{{ if .IsNamedParams }}{{ .Get "src" }}{{ else }}{{ .Get 0 }} {{ .Get  1 }}{{ end }}
{{ $p := .Page.GetPage "/x" }}{{ .Get $name }}"#;
        assert_eq!(
            template_params(template),
            TemplateParams {
                named: vec!["src".to_string(), "alt".to_string()],
                positional: vec![0, 1],
            }
        );
    }
}
