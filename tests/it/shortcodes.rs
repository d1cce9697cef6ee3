//! Hugo shortcodes (SC001–SC007) through the real binary: the example
//! site's shortcode posts, and throwaway sites for the template registry
//! (themes, legacy and nested folders, variants, modules, missing themes,
//! `[shortcodes] known`, the target Hugo version).
//!
//! Every error situation here was checked against Hugo 0.168, whose message
//! the help quotes.

use crate::common;

use common::{Scratch, run, run_in};

fn fixture(args: &[&str]) -> common::Run {
    run_in(&common::repo_root().join("fixtures/hugo-blog"), args)
}

#[test]
fn every_hugo_error_situation_is_reported_where_the_fix_goes() {
    let out = fixture(&[
        "check",
        "--select",
        "SC",
        "content/posts/shortcode-never-closed.md",
        "content/posts/shortcode-inner-not-closed.md",
        "content/posts/shortcode-stray-closers.md",
        "content/posts/shortcode-crossed.md",
        "content/posts/shortcode-typo.md",
        "content/posts/shortcode-malformed.md",
        "content/posts/shortcode-removed-builtins.md",
        "content/posts/shortcode-in-code.md",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.all());
}

#[test]
fn concise_positions() {
    let out = fixture(&[
        "check",
        "--format",
        "concise",
        "--select",
        "SC",
        "content/posts",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn calls_that_build_are_not_reported() {
    // Site and theme templates, a subfolder name, the legacy folder, a
    // name found in another case, variants, parameters over lines, raw
    // strings, escaped calls, embedded shortcodes, a call that prints a
    // value inside code.
    let out = fixture(&[
        "check",
        "--select",
        "ALL",
        "--format",
        "concise",
        "content/posts/shortcodes-done-right.md",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(out.stdout, "");
    let out = fixture(&[
        "check",
        "--select",
        "SC",
        "--format",
        "concise",
        "content/posts/first-week.md",
        "content/posts/architects-and-tech-leads.md",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(out.stdout, "");
}

const POST: &str = "---\ntitle: x\n---\n";

fn post(body: &str) -> Vec<u8> {
    format!("{POST}{body}").into_bytes()
}

#[test]
fn registry_reads_themes_legacy_nested_and_variant_templates() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = \"https://example.org/\"\ntheme = [\"base\", \"extra\"]\n\n[[module.imports]]\npath = \"widgets\"\n",
        ),
        ("layouts/_shortcodes/site-note.en.html", b"{{ .Inner }}"),
        ("layouts/shortcodes/legacy.html", b"{{ .Get 0 }}"),
        ("layouts/docs/_shortcodes/scoped.html", b"{{ .InnerDeindent }}"),
        ("layouts/_shortcodes/feed-only.rss.xml", b"{{ .Get 0 }}"),
        ("layouts/_shortcodes/md-only.md", b"{{ .Get 0 }}"),
        ("themes/base/layouts/_shortcodes/blocks/cover.html", b"{{ .Inner }}"),
        ("themes/extra/layouts/shortcodes/Mixed-Case.html", b"{{ .Get 0 }}"),
        ("themes/widgets/layouts/_shortcodes/widget.html", b"{{ .Get 0 }}"),
        // The site's own `gist` wins over Hugo's removed one.
        ("layouts/_shortcodes/gist.html", b"<script src=\"https://gist.github.com/{{ .Get 0 }}/{{ .Get 1 }}.js\"></script>"),
        (
            "content/posts/ok.md",
            &post(
                "{{< site-note >}}x{{< /site-note >}}\n{{< legacy a >}}\n{{< scoped >}}y{{< /scoped >}}\n{{< feed-only a >}}\n{{< md-only a >}}\n{{< blocks/cover >}}z{{< /blocks/cover >}}\n{{< mixed-case a >}}\n{{< widget >}}\n{{< gist spf13 7896402 >}}\n",
            ),
        ),
        (
            "content/posts/bad.md",
            &post("{{< legacy a >}}{{< /legacy >}}\n{{< scoped >}}never closed\n"),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "SC"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn themes_given_on_the_command_line_and_mounted_templates_are_found() {
    // No `theme` in the config (`hugo --theme paper` or HUGO_THEME): the
    // themes folder counts. A folder mounted into `layouts/_shortcodes`.
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"[[module.mounts]]\nsource = \"shared/shortcodes\"\ntarget = \"layouts/_shortcodes\"\n[[module.mounts]]\nsource = \"layouts\"\ntarget = \"layouts\"\n",
        ),
        ("themes/paper/layouts/_shortcodes/gallery.html", b"{{ .Inner }}"),
        ("shared/shortcodes/callout.html", b"{{ .Inner }}"),
        (
            "content/posts/a.md",
            &post("{{< gallery >}}x{{< /gallery >}}\n{{< callout >}}y{{< /callout >}}\n{{< callout >}}never closed\n"),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "SC"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn a_missing_theme_or_module_leaves_only_near_misses_as_warnings() {
    // `tabs` may well come from the missing theme: not reported. `galery`
    // is one letter from the site's `gallery`: a warning that says why.
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"theme = \"not-cloned\"\n[module]\n[[module.imports]]\npath = \"github.com/example/shortcodes\"\n",
        ),
        ("layouts/_shortcodes/gallery.html", b"{{ .Inner }}"),
        (
            "content/posts/a.md",
            &post("{{< tabs >}}{{< tab >}}x{{< /tab >}}{{< /tabs >}}\n{{< galery >}}y{{< /galery >}}\n"),
        ),
    ]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn known_names_from_config_are_accepted() {
    let site = Scratch::new(&[
        ("hugo.toml", b"title = \"x\"\n"),
        (
            "postlint.toml",
            b"[shortcodes]\nknown = [\"tabs\", \"tab\"]\n",
        ),
        (
            "content/posts/a.md",
            &post(
                "{{< tabs >}}{{< tab >}}x{{< /tab >}}{{< /tabs >}}\n{{< tab />}}\n{{< tabz >}}\n",
            ),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn the_target_hugo_version_decides_removed_and_deprecated() {
    let body = post("{{< tweet user=\"a\" id=\"1\" >}}\n{{< comment >}}x{{< /comment >}}\n");
    let codes = |version: &str| {
        let config = format!("[site]\nhugo_version = \"{version}\"\n");
        let site = Scratch::new(&[
            ("hugo.toml", b"title = \"x\"\n"),
            ("postlint.toml", config.as_bytes()),
            ("content/posts/a.md", &body),
        ]);
        let out = site.run(&["check", "--format", "concise"]);
        format!("{version}:\n{}", out.stdout)
    };
    insta::assert_snapshot!([codes("0.140"), codes("0.150"), codes("0.156")].join("\n"));
}

#[test]
fn shortcodes_in_code_are_still_checked_and_say_so() {
    let site = Scratch::new(&[
        ("hugo.toml", b"title = \"x\"\n"),
        ("layouts/_shortcodes/note.html", b"{{ .Inner }}"),
        (
            "content/posts/a.md",
            &post(
                "Use `{{< note >}}` to open a note.\n\n```\n{{< nope >}}\n{{< note >}}example{{< /note >}}\n```\n",
            ),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn truncated_and_mangled_shortcodes_never_panic() {
    let text = std::fs::read_to_string(
        common::repo_root().join("fixtures/hugo-blog/content/posts/shortcodes-done-right.md"),
    )
    .unwrap();
    let site = postlint::site::Site::at(&common::repo_root().join("fixtures/hugo-blog"))
        .unwrap()
        .unwrap();
    let settings = postlint::config::Settings::defaults(
        &site.root,
        &postlint::config::Overrides {
            select: Some(vec!["ALL".into()]),
            ..Default::default()
        },
    )
    .unwrap();
    let extra = "{{< x a=\"é\\\" `\n{{% /y é{{</* {{< a.b.inline >}}\u{a0}=ü>}}";
    for (cut, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        for tail in ["", extra] {
            let mangled = format!("{}{tail}", &text[..cut]);
            let _ = postlint::engine::lint_text(&site, &settings, "content/posts/m.md", &mangled);
        }
    }
    for (cut, _) in extra.char_indices() {
        let _ = postlint::engine::lint_text(&site, &settings, "content/posts/m.md", &extra[cut..]);
    }
}

#[test]
fn rule_pages_list_every_code() {
    let out = run(&["rules"]);
    for code in [
        "SC001", "SC002", "SC003", "SC004", "SC005", "SC006", "SC007",
    ] {
        assert!(out.stdout.contains(code), "{code}");
    }
}

#[test]
fn inline_shortcodes_are_templates_and_do_not_nest() {
    let site = Scratch::new(&[
        ("hugo.toml", b"[security]\nenableInlineShortcodes = true\n"),
        ("layouts/_shortcodes/note.html", b"{{ .Inner }}"),
        (
            "content/posts/a.md",
            &post(
                "{{< year.inline >}}{{ now.Year }}{{< /year.inline >}} and again {{< year.inline />}}\n\n{{< box.inline >}}{{< note >}}x{{< /note >}}{{< /box.inline >}}\n",
            ),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "SC"]);
    insta::assert_snapshot!(out.all());
}

/// Found by the mutation harness (`tests/mutations.rs`): one typo or one
/// cut `>}}` is one finding, not a cascade over the tags after it.
#[test]
fn one_fault_is_one_finding() {
    let site = postlint::site::Site::at(&common::repo_root().join("fixtures/hugo-blog"))
        .unwrap()
        .unwrap();
    let settings = postlint::config::Settings::defaults(&site.root, &Default::default()).unwrap();
    let codes = |body: &str| -> Vec<(&'static str, usize)> {
        let text = format!("---\ntitle: x\n---\n{body}");
        postlint::engine::lint_text(&site, &settings, "content/posts/m.md", &text)
            .iter()
            .map(|d| {
                (
                    d.rule.code,
                    text[..d.primary.span.start].matches('\n').count() + 1,
                )
            })
            .collect()
    };
    // A misspelt opener pairs with its closer: SC004 only, no stray closer.
    assert_eq!(
        codes("{{< notcie >}}\nText.\n{{< /notice >}}\n"),
        [("SC004", 4)]
    );
    // Also when the name is opened elsewhere in the file.
    assert_eq!(
        codes("{{< tabs >}}\n{{< tab >}}A{{< /tab >}}\n{{< tba >}}B{{< /tab >}}\n{{< /tabs >}}\n"),
        [("SC004", 6)]
    );
    // A self-closing tag that lost its `>}}`: SC005 only, nothing left open.
    assert_eq!(
        codes("{{< tabs >}}\n{{< tab title=\"x\" /\n{{< tab >}}B{{< /tab >}}\n{{< /tabs >}}\n"),
        [("SC005", 5)]
    );
}

/// A closing tag whose closing delimiter is cut or mistyped is described as
/// the author wrote it (`{{< /callout >}` is missing its second `}`), not as
/// a shortcode opened and never closed; one file per case, so that each tag
/// is read on its own.
#[test]
fn malformed_closing_tags_say_what_the_tag_is_missing() {
    let cases: [(&str, &str); 8] = [
        (
            "one-brace",
            "{{< /callout >}\n\nMore {{< callout >}}x{{< /callout >}}\n",
        ),
        ("one-brace-at-the-end", "{{< /callout >}\n\nThe end.\n"),
        ("no-braces", "{{< /callout >\n\nThe end.\n"),
        ("nothing", "{{< /callout\n\nThe end.\n"),
        ("no-angle", "{{< /callout }}\n\nThe end.\n"),
        ("percent-one-brace", "{{% /callout %}\n\nThe end.\n"),
        ("percent-for-angle", "{{< /callout %}}\n\nThe end.\n"),
        ("angle-for-percent", "{{% /callout >}}\n\nThe end.\n"),
    ];
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "hugo.toml".into(),
            b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n".to_vec(),
        ),
        (
            "layouts/_shortcodes/callout.html".into(),
            b"<aside>{{ .Inner }}</aside>\n".to_vec(),
        ),
    ];
    for (name, closer) in cases {
        let opener = if closer.starts_with("{{%") {
            "{{% callout %}}"
        } else {
            "{{< callout >}}"
        };
        files.push((
            format!("content/posts/{name}.md"),
            post(&format!("{opener}\nText.\n{closer}")),
        ));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_slice()))
        .collect();
    let site = Scratch::new(&files);
    let out = site.run(&["check", "--select", "SC"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}
