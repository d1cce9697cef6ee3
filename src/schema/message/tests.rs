//! Violations explained on real schemas and front matter.

use super::*;
use crate::generator::Flavor;
use crate::schema::instance::{DateReading, to_instance};
use crate::value::parse_yaml;

fn messages(schema: serde_json::Value, yaml: &str) -> Vec<(String, String)> {
    let schema = Schema::compile("s".into(), "file:///s.json".into(), schema).unwrap();
    let root = parse_yaml(yaml, 0).unwrap();
    let reading = DateReading {
        flavor: Flavor::Hugo,
        format: crate::value::Format::Yaml,
        zone: jiff::tz::TimeZone::UTC,
    };
    let instance = to_instance(&root, &reading);
    let target = Target {
        root: &root,
        text: yaml,
        fallback: Span::new(0, 0),
    };
    let mut out: Vec<(String, String)> = schema
        .validator()
        .iter_errors(&instance)
        .flat_map(|e| violations(&schema, &e, &target))
        .map(|v| (yaml[v.span.range()].to_string(), v.message))
        .collect();
    out.sort();
    out
}

#[test]
fn every_kind_has_words_and_a_place() {
    let found = messages(
        serde_json::json!({
            "properties": {
                "tags": {"minItems": 2, "maxItems": 3},
                "kind": {"const": "post"},
                "weight": {"multipleOf": 5, "exclusiveMaximum": 3},
                "extra": false,
                "meta": {"minProperties": 2, "propertyNames": {"pattern": "^[a-z]+$"}},
                "color": {"oneOf": [{"type": "string"}, {"enum": ["red"]}]},
                "mood": {"not": {"const": "sad"}},
                "list": {"contains": {"const": 1}},
                "when": {"anyOf": [{"type": "integer"}, {"type": "boolean"}]}
            }
        }),
        "tags: [a]\nkind: page\nweight: 4\nextra: 1\nmeta: {Bad: 1}\ncolor: red\nmood: sad\nlist: [2]\nwhen: soon\n",
    );
    let expected = [
        ("4", "weight: 4 is not a multiple of 5"),
        (
            "4",
            "weight: 4 is out of range: the schema wants less than 3",
        ),
        (
            "Bad",
            "meta: key `Bad` is not allowed: \"Bad\" does not match \"^[a-z]+$\"",
        ),
        (
            "[2]",
            "list: no item is what the schema's `contains` asks for",
        ),
        (
            "[a]",
            "tags: the list has 1 item; the schema wants at least 2",
        ),
        ("extra", "extra: not allowed by the schema"),
        (
            "meta",
            "meta: the mapping has 1 key; the schema wants at least 2",
        ),
        ("page", "kind: \"page\" must be \"post\""),
        (
            "red",
            "color: \"red\" matches more than one alternative of the schema's `oneOf`",
        ),
        (
            "sad",
            "mood: \"sad\" is excluded by the schema (`not`: {\"const\":\"sad\"})",
        ),
        (
            "soon",
            "when: \"soon\" is not a whole number or true or false",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(found, expected);
}
