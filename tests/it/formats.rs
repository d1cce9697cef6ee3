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
