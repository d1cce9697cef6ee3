//! Property tests: generated posts — front matter in YAML, TOML or JSON
//! (well-formed or not), a Markdown body with headings, images, links,
//! code, HTML, dividers, Hugo shortcodes or Liquid tags, odd characters and
//! line endings — linted with every rule as posts of the example sites,
//! with the invariants of `tests/common/invariants.rs` asserted for each:
//! spans inside the file and on char boundaries, line/column round trip,
//! fixes that re-parse without new front matter errors, determinism.
//!
//! `PROPTEST_CASES=10000 cargo test --test properties` runs longer.

use crate::common;
use crate::common::invariants;

use std::path::PathBuf;
use std::sync::LazyLock;

use postlint::config::{Overrides, Settings};
use postlint::generator::Flavor;
use postlint::site::Site;
use proptest::prelude::*;

struct Example {
    site: Site,
    settings: Settings,
    paths: Vec<PathBuf>,
}

fn example(dir: &str, paths: &[&str]) -> Example {
    let root = common::repo_root().join("fixtures").join(dir);
    let site = Site::at(&root).unwrap().unwrap();
    let overrides = Overrides {
        select: Some(vec!["ALL".into()]),
        ..Overrides::default()
    };
    let settings = Settings::load(&site.root, &overrides).unwrap();
    let paths = paths.iter().map(|p| root.join(p)).collect();
    Example {
        site,
        settings,
        paths,
    }
}

static HUGO: LazyLock<Example> = LazyLock::new(|| {
    example(
        "hugo-blog",
        &["content/posts/generated.md", "content/about.md"],
    )
});
static JEKYLL: LazyLock<Example> = LazyLock::new(|| {
    example(
        "jekyll-blog",
        &["_posts/2024-03-04-generated.md", "about.md"],
    )
});

/// Short text with the characters that trip up offsets and quoting.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => "[a-z]{1,8}",
            1 => Just("café".to_string()),
            1 => Just("日本語".to_string()),
            1 => Just("🙂".to_string()),
            1 => Just("a\u{200b}b".to_string()),
            1 => Just("Ã©".to_string()),
            1 => Just("\"q\"".to_string()),
            1 => Just("'s".to_string()),
            1 => Just(": ".to_string()),
            1 => Just("#".to_string()),
            1 => Just("\\".to_string()),
            1 => Just("{{".to_string()),
            1 => Just("%}".to_string()),
            1 => Just("\t".to_string()),
        ],
        1..6,
    )
    .prop_map(|words| words.join(" "))
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title".to_string()),
        Just("date".to_string()),
        Just("lastmod".to_string()),
        Just("draft".to_string()),
        Just("tags".to_string()),
        Just("categories".to_string()),
        Just("description".to_string()),
        Just("titel".to_string()),
        Just("excerpt_separator".to_string()),
        Just("summary".to_string()),
        Just("_build".to_string()),
        Just("postlint".to_string()),
        "[a-z]{1,6}",
    ]
}

/// A scalar as YAML would write it (sometimes badly).
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        words(),
        words().prop_map(|w| format!("\"{}\"", w.replace('"', "\\\""))),
        words().prop_map(|w| format!("'{w}")),
        Just("2024-05-02".to_string()),
        Just("2024-13-45".to_string()),
        Just("2024-02-30T10:00:00Z".to_string()),
        Just("true".to_string()),
        Just("\"no\"".to_string()),
        Just("3".to_string()),
        Just("[a, b]".to_string()),
        Just("[unclosed".to_string()),
        Just("\"<!-- cut -->\"".to_string()),
        Just("&a x".to_string()),
        Just("*a".to_string()),
        Just("{ignore: [IMG004]}".to_string()),
        Just("|\n  block\n  text".to_string()),
        Just("\n  - one\n  - two".to_string()),
        Just("\n\t- tab".to_string()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    let entries = || prop::collection::vec((key(), yaml_value()), 0..6);
    prop_oneof![
        4 => entries().prop_map(|entries| {
            let body: String = entries.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            format!("---\n{body}---\n")
        }),
        1 => entries().prop_map(|entries| {
            let body: String = entries.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            format!("---\n{body}")
        }),
        1 => entries().prop_map(|entries| {
            let body: String = entries
                .iter()
                .map(|(k, v)| format!("{k} = {}\n", if v.starts_with('"') { v.clone() } else { format!("{v:?}") }))
                .collect();
            format!("+++\n{body}+++\n")
        }),
        1 => entries().prop_map(|entries| {
            let body: Vec<String> = entries.iter().map(|(k, v)| format!("{k:?}: {v:?}")).collect();
            format!("{{{}}}\n", body.join(", "))
        }),
        1 => Just(String::new()),
        1 => Just("\u{feff}---\ntitle: BOM\n---\n".to_string()),
    ]
}

fn shortcode() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("notice"),
        Just("aside"),
        Just("figure"),
        Just("tabs"),
        Just("tab"),
        Just("gist"),
        Just("highlight"),
        Just("nope"),
        Just("blocks/cover"),
    ];
    (name, 0..9u8, words()).prop_map(|(name, form, text)| match form {
        0 => format!("{{{{< {name} >}}}}"),
        1 => format!("{{{{< /{name} >}}}}"),
        2 => format!("{{{{< {name} />}}}}"),
        3 => format!("{{{{% {name} %}}}}{text}{{{{% /{name} %}}}}"),
        4 => format!("{{{{< {name} src=\"/img/{text}.png\" alt=\"{text}\" >}}}}"),
        5 => format!("{{{{< {name} \"{text}"),
        6 => format!("{{{{</* {name} */>}}}}"),
        7 => format!("{{{{< {name}.inline >}}}}{text}{{{{< /{name}.inline >}}}}"),
        _ => format!("{{{{< {name} >}}}}{text}{{{{< /{name} >}}}}"),
    })
}

fn liquid() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{% if x %}".to_string()),
        Just("{% endif %}".to_string()),
        Just("{% for a in b %}".to_string()),
        Just("{% endfor %}".to_string()),
        Just("{% raw %}".to_string()),
        Just("{% endraw %}".to_string()),
        Just("{% highlight ruby %}".to_string()),
        Just("{% endhighlight %}".to_string()),
        Just("{% comment %}".to_string()),
        Just("{% endcomment %}".to_string()),
        Just("{{ page.title }}".to_string()),
        Just("{{ \"/img/a.png\" | relative_url }}".to_string()),
        Just("{% include x.html %}".to_string()),
        Just("{% unclosed".to_string()),
        Just("{{ x }".to_string()),
        Just("{% else %}".to_string()),
    ]
}

fn block(flavor: Flavor) -> impl Strategy<Value = String> {
    let tag = match flavor {
        Flavor::Hugo => shortcode().boxed(),
        Flavor::Jekyll => liquid().boxed(),
    };
    prop_oneof![
        3 => words(),
        1 => (1..7usize, words()).prop_map(|(level, text)| format!("{} {text}", "#".repeat(level))),
        1 => words().prop_map(|alt| format!("![{alt}](/img/{}.png)", alt.len())),
        1 => Just("![](missing.png)".to_string()),
        1 => Just("![Alt][ref]\n\n[ref]: /images/harbour.jpg".to_string()),
        1 => Just("<img src=\"/images/harbour.jpg\">".to_string()),
        1 => words().prop_map(|text| format!("[{text}](/posts/{})", text.len())),
        1 => words().prop_map(|text| format!("`{text}`")),
        1 => words().prop_map(|text| format!("```\n{text}\n```")),
        1 => words().prop_map(|text| format!("> {text}\n> - {text}")),
        1 => Just("<!--more-->".to_string()),
        1 => Just("<!-- more -->".to_string()),
        1 => Just("<!-- postlint-disable-next-line IMG001 -->".to_string()),
        1 => Just("---".to_string()),
        3 => tag,
    ]
}

fn post(flavor: Flavor) -> impl Strategy<Value = Vec<u8>> {
    (
        front_matter(),
        prop::collection::vec((block(flavor), 0..4u8), 0..12),
        any::<bool>(),
        prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    )
        .prop_map(|(fm, blocks, crlf, bad_byte)| {
            let mut body = String::new();
            for (block, sep) in blocks {
                body.push_str(&block);
                body.push_str(match sep {
                    0 => " ",
                    1 => "\n",
                    _ => "\n\n",
                });
            }
            let mut text = format!("{fm}{body}");
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let mut bytes = text.into_bytes();
            // Now and then one byte that may break UTF-8.
            if let Some((at, byte)) = bad_byte
                && !bytes.is_empty()
            {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // A second or so each; PROPTEST_CASES overrides.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1024),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn hugo_posts_keep_the_invariants(bytes in post(Flavor::Hugo), which in 0..2usize) {
        let example = &*HUGO;
        invariants::file_ok(&example.site, &example.settings, &example.paths[which], &bytes);
    }

    #[test]
    fn jekyll_posts_keep_the_invariants(bytes in post(Flavor::Jekyll), which in 0..2usize) {
        let example = &*JEKYLL;
        invariants::file_ok(&example.site, &example.settings, &example.paths[which], &bytes);
    }

    /// The parser alone, on arbitrary bytes, in both flavors.
    #[test]
    fn any_bytes_parse(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for flavor in [Flavor::Hugo, Flavor::Jekyll] {
            let doc = postlint::document::Document::parse(
                postlint::text::Source::from_bytes(bytes.clone()),
                flavor,
            );
            invariants::document_ok(&doc);
        }
    }
}
