//! Front matter schemas (FM009, `postlint schema show`, `postlint schema
//! infer`) through the real binary: the example site with YAML, TOML and
//! JSON violations, configuration errors, `$schema` keys, Jekyll dates, and
//! the real corpora (inferred schemas pass their own site; mutated posts
//! fail at the right line; the built-in schemas accept every file FM005–FM007
//! accept).

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Scratch, command, corpus_root, output, run};

const HUGO: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n",
);

const POST_SCHEMA: &[u8] = br#"{
  "type": "object",
  "required": ["title", "categories"],
  "properties": {
    "title": {"type": "string"},
    "categories": {"type": "array", "items": {"enum": ["Leadership", "Engineering", "Notes"]}}
  }
}
"#;

const CONFIG: (&str, &[u8]) = (
    "postlint.toml",
    b"[[frontmatter.schemas]]\nglob = \"content/posts/**\"\nschema = \"schemas/post.json\"\n",
);

#[test]
fn example_site_concise() {
    let out = run(&["check", "--format", "concise", "fixtures/schema-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// The human report shows each violation under its key or value.
#[test]
fn example_site_full_report_in_each_format() {
    let out = run(&[
        "check",
        "--select",
        "FM009",
        "fixtures/schema-blog/content/posts/yaml-violations.md",
        "fixtures/schema-blog/content/posts/toml-violations.md",
        "fixtures/schema-blog/content/posts/json-violations.md",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn example_site_json_positions() {
    let out = run(&[
        "check",
        "--select",
        "FM009",
        "--format",
        "json",
        "fixtures/schema-blog/content/posts/json-violations.md",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON output");
    let positions: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}-{}:{} {}",
                d["line"], d["column"], d["end_line"], d["end_column"], d["message"]
            )
        })
        .collect();
    insta::assert_snapshot!(positions.join("\n"));
}

#[test]
fn a_good_post_passes() {
    let out = run(&["check", "fixtures/schema-blog/content/posts/a-good-post.md"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn configuration_errors_name_the_schema() {
    let cases: &[(&str, &[u8])] = &[
        ("missing", b""),
        ("not-json", b"{\n  \"type\": \"object\",\n  \"required\": [\"title\"\n}\n"),
        (
            "bad-type",
            b"{\n  \"type\": \"object\",\n  \"properties\": {\n    \"title\": {\"type\": \"strin\"}\n  }\n}\n",
        ),
        ("bad-ref", b"{\"$ref\": \"defs.json#/$defs/post\"}\n"),
        (
            "remote-ref",
            b"{\"$ref\": \"https://example.org/schemas/post.json\"}\n",
        ),
    ];
    let mut all = String::new();
    for (name, schema) in cases {
        let mut files: Vec<(&str, &[u8])> = vec![
            HUGO,
            CONFIG,
            ("content/posts/a.md", b"---\ntitle: a\n---\n"),
        ];
        if *name != "missing" {
            files.push(("schemas/post.json", schema));
        }
        let site = Scratch::new(&files);
        let out = site.run(&["check"]);
        assert_eq!(out.code, 2, "{name}: {}", out.all());
        assert!(out.stderr.contains("schemas/post.json"), "{}", out.all());
        all.push_str(&format!("=== {name}\n{}", out.all()));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn yaml_toml_and_json_in_a_scratch_site() {
    let site = Scratch::new(&[
        HUGO,
        CONFIG,
        ("schemas/post.json", POST_SCHEMA),
        (
            "content/posts/yaml.md",
            b"---\ntitle: a\ncategories:\n  - Notes\n  - leadership\n---\n",
        ),
        (
            "content/posts/toml.md",
            b"+++\ntitle = 'b'\n[params]\ncategories = ['Notes']\n+++\n",
        ),
        (
            "content/posts/json.md",
            b"{\n  \"title\": [\"c\"],\n  \"categories\": [\"Engeneering\"]\n}\n",
        ),
        ("content/posts/empty.md", b"---\n---\n"),
        ("content/posts/none.md", b"No front matter at all.\n"),
        ("content/about.md", b"---\ntitle: 3\n---\n"),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "FM009"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn a_post_names_its_own_schema() {
    let site = Scratch::new(&[
        HUGO,
        ("schemas/note.json", br#"{"properties": {"mood": {"enum": ["happy", "tired"]}}}"#),
        (
            "content/notes/a.md",
            b"---\n$schema: ../../schemas/note.json\ntitle: a\nmood: hapy\n---\n",
        ),
        (
            "content/notes/b.md",
            b"---\n$schema: ../../schemas/missing.json\ntitle: b\n---\n",
        ),
        (
            "content/notes/c.md",
            b"---\n$schema: https://example.org/note.json\ntitle: c\n---\n",
        ),
        (
            "content/notes/d.md",
            b"+++\n\"$schema\" = \"postlint://schemas/hugo.json\"\ntitle = \"d\"\ndraft = \"maybe\"\n+++\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "FM009"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn jekyll_dates_reach_the_schema_as_rfc_3339() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: Scratch\n"),
        (
            "postlint.toml",
            b"[[frontmatter.schemas]]\nglob = \"_posts/**\"\nschema = \"post.json\"\n",
        ),
        (
            "post.json",
            br#"{"required": ["date"], "properties": {"date": {"type": "string", "format": "date-time"}, "updated": {"type": "string", "format": "date"}}}"#,
        ),
        (
            "_posts/2025-01-10-a.md",
            b"---\ntitle: a\ndate: 2025-01-10 19:00:00 +0000\nupdated: 2025-01-11\n---\n",
        ),
        (
            "_posts/2025-01-10-b.md",
            b"---\ntitle: b\ndate: 2025-01-10\nupdated: 2025-02-30\n---\n",
        ),
        (
            "_posts/2025-01-10-c.md",
            b"---\ntitle: c\ndate:\n  - 2025-01-10 19:00:00 +0000\n---\n",
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "FM009"]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn schema_show() {
    let site = Scratch::new(&[
        HUGO,
        CONFIG,
        (
            "postlint2.toml",
            b"[[frontmatter.schemas]]\nglob = \"content/**\"\nschema = \"schemas/post.json\"\n[[frontmatter.schemas]]\nglob = \"content/posts/**\"\nschema = \"schemas/extra.json\"\n",
        ),
        ("schemas/post.json", POST_SCHEMA),
        ("schemas/extra.json", b"{\"required\": [\"description\"]}\n"),
    ]);
    let configured = site.run(&["schema", "show", "content/posts/new.md"]);
    assert_eq!(configured.code, 0, "{}", configured.all());
    let stored: serde_json::Value = serde_json::from_slice(POST_SCHEMA).unwrap();
    let shown: serde_json::Value = serde_json::from_str(&configured.stdout).unwrap();
    assert_eq!(shown, stored);
    assert!(
        configured.stderr.contains("schemas/post.json"),
        "{}",
        configured.all()
    );

    let several = site.run(&[
        "schema",
        "show",
        "--config",
        "postlint2.toml",
        "content/posts/new.md",
    ]);
    let shown: serde_json::Value = serde_json::from_str(&several.stdout).unwrap();
    assert_eq!(
        shown["allOf"].as_array().unwrap().len(),
        2,
        "{}",
        several.all()
    );

    let builtin = site.run(&["schema", "show", "content/about.md"]);
    assert_eq!(builtin.code, 0, "{}", builtin.all());
    assert!(
        builtin.stderr.contains("built-in Hugo schema"),
        "{}",
        builtin.all()
    );
    let shown: serde_json::Value = serde_json::from_str(&builtin.stdout).unwrap();
    assert_eq!(shown["title"], "Hugo front matter");
    assert!(shown.get("required").is_none());
    insta::assert_snapshot!(builtin.stdout);
}

/// For a post, the built-in schema adds FM005's required fields; it is a
/// schema FM009 can apply, and it finds what FM005–FM007 find.
#[test]
fn the_shown_built_in_schema_is_usable() {
    let site = Scratch::new(&[
        HUGO,
        (
            "content/posts/bad.md",
            b"---\ndraft: yes\ndate: 2025-13-01\nweight: 1.5\n---\n",
        ),
        (
            "content/posts/good.md",
            b"---\ntitle: Good\ndate: 2025-01-10 19:00:00 +0000\ntags: [a]\n---\n",
        ),
    ]);
    let shown = site.run(&["schema", "show", "content/posts/new.md"]);
    let schema: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(schema["required"], serde_json::json!(["title"]));
    site.write("schemas/post.json", shown.stdout.as_bytes());
    site.write(
        "postlint.toml",
        b"[[frontmatter.schemas]]\nglob = \"content/posts/**\"\nschema = \"schemas/post.json\"\n",
    );
    let out = site.run(&[
        "check",
        "--format",
        "concise",
        "--select",
        "FM005,FM006,FM007,FM009",
    ]);
    insta::assert_snapshot!(out.all());
}

#[test]
fn schema_infer_then_check() {
    let site = Scratch::new(&[
        HUGO,
        (
            "content/posts/one.md",
            b"---\ntitle: One\ndate: 2025-01-10\ncategories: [Notes, Leadership]\nauthor: Ana\n---\n",
        ),
        (
            "content/posts/two.md",
            b"+++\ntitle = 'Two'\ndate = 2025-01-11T10:00:00Z\ncategories = ['Engineering']\nauthor = 'Ana'\n+++\n",
        ),
        (
            "content/posts/three.md",
            b"{\"title\": \"Three\", \"date\": \"2025-01-12\", \"categories\": [\"Notes\"], \"author\": \"Ana\", \"draft\": true}\n",
        ),
        ("content/about.md", b"---\ntitle: About\nlayout: page\n---\n"),
    ]);
    let out = site.run(&["schema", "infer", "--glob", "content/posts/**"]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
    site.write("schemas/post.json", out.stdout.as_bytes());
    site.write(
        "postlint.toml",
        b"[[frontmatter.schemas]]\nglob = \"content/posts/**\"\nschema = \"schemas/post.json\"\n",
    );
    let clean = site.run(&["check", "--select", "FM009"]);
    assert_eq!(clean.code, 0, "{}", clean.all());
    site.write(
        "content/posts/four.md",
        b"---\ndate: [2025-01-13]\ncategories: [Notse]\nauthor: Ana\n---\n",
    );
    let mutated = site.run(&["check", "--format", "concise", "--select", "FM009"]);
    insta::assert_snapshot!(mutated.all());

    let none = site.run(&["schema", "infer", "--glob", "drafts/**"]);
    assert_eq!(none.code, 2, "{}", none.all());
}

// ---------------------------------------------------------------------------
// The real corpora.

const SITES: &[&str] = &[
    "congo",
    "docsy-dev",
    "hugo-book",
    "hugo-docs",
    "jekyll-docs",
    "minima",
];

/// Infers a schema in `site` (narrowed by `glob`) and writes a config that
/// applies it to the same files; returns the config's path.
fn infer_into(dir: &Path, site: &Path, glob: Option<&str>) -> PathBuf {
    let mut args = vec!["schema", "infer"];
    if let Some(glob) = glob {
        args.extend(["--glob", glob]);
    }
    let out = common::run_in(site, &args);
    assert_eq!(out.code, 0, "{}: {}", site.display(), out.all());
    fs::create_dir_all(dir).unwrap();
    let schema = dir.join("schema.json");
    fs::write(&schema, &out.stdout).unwrap();
    // The config lives outside the site: its globs see absolute paths.
    let glob = format!("**/{}", glob.unwrap_or("**"));
    let config = dir.join("postlint.toml");
    fs::write(
        &config,
        format!(
            "[[frontmatter.schemas]]\nglob = {glob:?}\nschema = {:?}\n",
            schema.display().to_string()
        ),
    )
    .unwrap();
    config
}

fn fm009(site: &Path, config: &Path) -> Vec<String> {
    let out = common::run_in(
        site,
        &[
            "check",
            "--config",
            &config.display().to_string(),
            "--select",
            "FM009",
            "--format",
            "concise",
        ],
    );
    assert_ne!(out.code, 2, "{}", out.all());
    out.stdout.lines().map(str::to_string).collect()
}

#[test]
fn inferred_schemas_pass_their_own_site() {
    let Some(root) = corpus_root() else { return };
    let scratch = tempfile::tempdir().unwrap();
    for name in SITES {
        let site = root.join(name);
        let config = infer_into(&scratch.path().join(name), &site, None);
        let found = fm009(&site, &config);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

/// The built-in schemas accept every corpus file (none has an FM005–FM007
/// finding), and so never report what FM005–FM007 accept.
#[test]
fn built_in_schemas_accept_the_corpora() {
    let Some(root) = corpus_root() else { return };
    let scratch = tempfile::tempdir().unwrap();
    for name in SITES {
        let site = root.join(name);
        let flavor = if site.join("_config.yml").is_file() {
            "jekyll"
        } else {
            "hugo"
        };
        let config = scratch.path().join(format!("{name}.toml"));
        fs::write(
            &config,
            format!(
                "[[frontmatter.schemas]]\nglob = \"**\"\nschema = \"postlint://schemas/{flavor}.json\"\n"
            ),
        )
        .unwrap();
        let found = fm009(&site, &config);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

/// A post mutated three ways, each linted as an editor's buffer
/// (`--stdin-filename`) under the schema inferred from its site.
struct Mutation {
    site: &'static str,
    /// The `--glob` of `schema infer` (the site's posts), if any.
    glob: Option<&'static str>,
    file: &'static str,
    /// A key whose value is enumerated, the value in the file and a typo.
    enumerated: (&'static str, &'static str, &'static str),
    required: &'static str,
    /// A file and a date key in it.
    date: (&'static str, &'static str),
}

const MUTATIONS: &[Mutation] = &[
    Mutation {
        site: "congo",
        glob: None,
        file: "content/users/index.md",
        enumerated: ("slug", "users", "usres"),
        required: "title",
        date: ("content/users/index.md", "date"),
    },
    Mutation {
        site: "docsy-dev",
        glob: Some("content/en/blog/**"),
        file: "content/en/blog/2026/0.14.0.md",
        enumerated: ("tags", "release", "relaese"),
        required: "title",
        date: ("content/en/blog/2026/0.14.0.md", "date"),
    },
    Mutation {
        site: "hugo-book",
        glob: Some("content.en/posts/**"),
        file: "content.en/posts/example-post.md",
        enumerated: ("categories", "Example", "Exmaple"),
        required: "title",
        date: ("content.en/posts/example-post.md", "date"),
    },
    Mutation {
        site: "hugo-docs",
        glob: Some("content/en/functions/**"),
        file: "content/en/functions/images/Filter.md",
        enumerated: ("keywords", "filter", "fitler"),
        required: "description",
        date: (
            "content/en/functions/resources/PostProcess.md",
            "expiryDate",
        ),
    },
    Mutation {
        site: "jekyll-docs",
        glob: Some("_posts/**"),
        file: "_posts/2019-07-02-jekyll-3-8-6-released.markdown",
        enumerated: ("categories", "release", "relase"),
        required: "author",
        date: ("_posts/2019-07-02-jekyll-3-8-6-released.markdown", "date"),
    },
    Mutation {
        site: "minima",
        glob: None,
        file: "_posts/2016-05-20-this-post-demonstrates-post-content-styles.md",
        enumerated: ("categories", "junk", "jnuk"),
        required: "layout",
        date: (
            "_posts/2016-05-20-this-post-demonstrates-post-content-styles.md",
            "modified_date",
        ),
    },
];

/// The 1-based line of the front matter line that sets `key`.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':') || rest.trim_start().starts_with('='))
        })
        .unwrap_or_else(|| panic!("no `{key}` line in\n{text}"))
        + 1
}

/// FM009 findings for `text` linted as the file at `path`: `line message`.
fn lint_buffer(site: &Path, config: &Path, path: &str, text: &str) -> Vec<(usize, String)> {
    let out = common::output_with_input(
        command(site).args([
            "check",
            "--config",
            &config.display().to_string(),
            "--select",
            "FM009",
            "--format",
            "concise",
            "--stdin-filename",
            path,
            "-",
        ]),
        text.as_bytes(),
    );
    out.stdout
        .lines()
        .map(|line| {
            // path:line:column: CODE message
            let mut parts = line.splitn(4, ':');
            let _path = parts.next();
            let line_no: usize = parts.next().unwrap().parse().unwrap();
            let _col = parts.next();
            (line_no, parts.next().unwrap().trim().to_string())
        })
        .collect()
}

#[test]
fn mutated_posts_fail_at_the_right_line() {
    let Some(root) = corpus_root() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for (i, case) in MUTATIONS.iter().enumerate() {
        let site = root.join(case.site);
        let config = infer_into(&scratch.path().join(i.to_string()), &site, case.glob);
        assert!(
            fm009(&site, &config).is_empty(),
            "{}: the inferred schema fails its own files",
            case.site
        );
        let original = fs::read_to_string(site.join(case.file)).unwrap();
        assert!(lint_buffer(&site, &config, case.file, &original).is_empty());

        // A misspelled enumerated value.
        let (key, from, to) = case.enumerated;
        let line = key_line(&original, key);
        let text: String = original
            .lines()
            .enumerate()
            .map(|(n, l)| {
                if n + 1 == line {
                    l.replacen(from, to, 1)
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let found = lint_buffer(&site, &config, case.file, &text);
        assert_eq!(found.len(), 1, "{}: {found:?}", case.site);
        assert_eq!(found[0].0, line, "{}: {found:?}", case.site);
        assert!(
            found[0].1.contains(&format!("{to:?} is not one of"))
                && found[0].1.contains(&format!("did you mean {from:?}")),
            "{}: {found:?}",
            case.site
        );
        report.push(format!(
            "{} {}:{} {}",
            case.site, case.file, found[0].0, found[0].1
        ));

        // A required key removed.
        let line = key_line(&original, case.required);
        let text: String = original
            .lines()
            .enumerate()
            .filter(|(n, _)| n + 1 != line)
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n");
        let found = lint_buffer(&site, &config, case.file, &text);
        assert_eq!(
            found,
            vec![(1, format!("FM009 missing required key `{}`", case.required))],
            "{}",
            case.site
        );
        report.push(format!(
            "{} {}:{} {}",
            case.site, case.file, found[0].0, found[0].1
        ));

        // A date made a list.
        let (file, key) = case.date;
        let original = fs::read_to_string(site.join(file)).unwrap();
        let line = key_line(&original, key);
        let text: String = original
            .lines()
            .enumerate()
            .map(|(n, l)| {
                if n + 1 != line {
                    return l.to_string();
                }
                let (head, value) = l.split_once([':', '=']).unwrap();
                let separator = &l[head.len()..head.len() + 1];
                let (value, comment) = value.split_once(" #").unwrap_or((value, ""));
                let comment = if comment.is_empty() {
                    String::new()
                } else {
                    format!(" #{comment}")
                };
                format!("{head}{separator} [{}]{comment}", value.trim())
            })
            .collect::<Vec<_>>()
            .join("\n");
        let found = lint_buffer(&site, &config, file, &text);
        assert_eq!(found.len(), 1, "{}: {found:?}", case.site);
        assert_eq!(found[0].0, line, "{}: {found:?}", case.site);
        assert!(
            found[0].1.starts_with(&format!("FM009 {key}: expected"))
                && found[0].1.ends_with("found a list"),
            "{}: {found:?}",
            case.site
        );
        report.push(format!(
            "{} {}:{} {}",
            case.site, file, found[0].0, found[0].1
        ));
    }
    insta::assert_snapshot!(report.join("\n"));
}

#[test]
fn broken_pipe_and_unknown_paths_do_not_panic() {
    let out = output(command(&common::repo_root()).args([
        "schema",
        "show",
        "fixtures/schema-blog/content/posts/nope/new.md",
    ]));
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("\"$schema\""), "{}", out.all());
}
