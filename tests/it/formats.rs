//! Machine formats checked with real consumers: SARIF against the official
//! SARIF 2.1.0 JSON schema, JUnit with a real XML parser.

use crate::common;

use common::run;

#[test]
fn sarif_validates_against_the_official_schema() {
    let out = run(&["check", "--format", "sarif", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is SARIF only");
    // tests/sarif-schema-2.1.0.json: OASIS's schema, licence in tests/SARIF-LICENSE.md.
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).expect("the schema parses");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|err| format!("{} at {}", err, err.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is invalid:\n{}",
        errors.join("\n")
    );

    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), postlint::rules::ALL.len());
    for rule in rules {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(
            !rule["fullDescription"]["text"].as_str().unwrap().is_empty(),
            "{rule}"
        );
        assert!(rule["help"]["markdown"].as_str().unwrap().starts_with("# "));
    }
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // One result, fully, so the shape is reviewed.
    insta::assert_snapshot!(serde_json::to_string_pretty(&results[0]).unwrap());
}

#[test]
fn junit_parses_with_one_case_per_file_and_a_failure_per_finding() {
    let out = run(&["check", "--format", "junit", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let xml = roxmltree::Document::parse(&out.stdout).expect("JUnit is well-formed XML");
    let suite = xml
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a test suite");
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let json = run(&["check", "--format", "json", "fixtures/hugo-blog"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        cases.len() as u64,
        report["summary"]["files"].as_u64().unwrap()
    );
    let failures = xml
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, report["diagnostics"].as_array().unwrap().len());
    assert_eq!(
        suite.attribute("failures"),
        Some(failures.to_string().as_str())
    );
    insta::assert_snapshot!(out.stdout);
}

/// JUnit names every file; the other formats only count the clean ones.
/// Both ways, with the site pass and without it, must agree on the files.
#[test]
fn junit_cases_match_the_counted_files_with_and_without_the_site_pass() {
    for rules in [
        &["--select", "ALL"][..],
        &["--select", "ALL", "--ignore", "LNK,SITE"],
    ] {
        let args = |format: &'static str| {
            let mut args = vec!["check", "--format", format, "fixtures/hugo-blog"];
            args.extend_from_slice(rules);
            args
        };
        let junit = run(&args("junit"));
        let xml = roxmltree::Document::parse(&junit.stdout).expect("JUnit is well-formed XML");
        let cases: Vec<&str> = xml
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .filter_map(|n| n.attribute("name"))
            .collect();
        let clean = xml
            .descendants()
            .filter(|n| n.has_tag_name("testcase") && !n.has_children())
            .count();
        assert!(clean > 0, "{rules:?}: the fixture has clean files");
        let shown = run(&["check", "--show-files", "fixtures/hugo-blog"]);
        assert_eq!(cases, shown.stdout.lines().collect::<Vec<_>>(), "{rules:?}");
        let json = run(&args("json"));
        let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(
            cases.len() as u64,
            report["summary"]["files"].as_u64().unwrap(),
            "{rules:?}"
        );
    }
}

#[test]
fn statistics_count_findings_per_rule() {
    let out = run(&["check", "--statistics", "fixtures/hugo-blog"]);
    assert_eq!(out.code, 1, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// One column in every format: Unicode scalar values from the start of the
/// line, as the README says, after wide characters, an emoji and a
/// combining accent too (the full report's header is miette's, which counts
/// bytes unless told the column: `5:26` for `5:10` here).
#[test]
fn every_format_gives_the_same_column_in_characters() {
    let site = common::Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntitle = 'Scratch'\n",
        ),
        (
            "content/posts/wide.md",
            "---\ntitle: Wide\ndate: 2024-01-02\n---\n日本語の文章です ![](/nope.png)\n\n🙂 ![](/b.png) e\u{301} ![](/c.png)\n"
                .as_bytes(),
        ),
    ]);
    // (line, column) of each finding: the images, in characters.
    let expected = [(5, 10), (7, 3), (7, 18)];
    let path = "content/posts/wide.md";
    let run = |format: &str| {
        let out = site.run(&["check", "--select", "IMG001", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.all());
        out.stdout
    };
    let number = |text: &str| -> usize {
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().expect("a number")
    };
    // `path:LINE:COL` wherever the path is written so.
    let after_path = |text: &str| -> Vec<(usize, usize)> {
        let marker = format!("{path}:");
        text.match_indices(&marker)
            .map(|(at, _)| {
                let rest = &text[at + marker.len()..];
                let line = number(rest);
                let column = number(&rest[line.to_string().len() + 1..]);
                (line, column)
            })
            .collect()
    };
    let full = run("full");
    assert_eq!(after_path(&full), expected, "full:\n{full}");
    assert_eq!(after_path(&run("concise")), expected, "concise");
    let junit = run("junit");
    let failures: Vec<(usize, usize)> = junit
        .split("<failure ")
        .skip(1)
        .flat_map(|failure| after_path(failure).into_iter().take(1))
        .collect();
    assert_eq!(failures, expected, "junit:\n{junit}");
    let github: Vec<(usize, usize)> = run("github")
        .lines()
        .map(|line| {
            let field = |name: &str| number(&line[line.find(name).expect(name) + name.len()..]);
            (field(",line="), field(",col="))
        })
        .collect();
    assert_eq!(github, expected, "github");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let json: Vec<(usize, usize)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(json, expected, "json");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let sarif: Vec<(usize, usize)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            let region = &result["locations"][0]["physicalLocation"]["region"];
            (
                region["startLine"].as_u64().unwrap() as usize,
                region["startColumn"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(sarif, expected, "sarif");
}
