//! FM009: front matter against the JSON Schemas that apply to the file —
//! every `[[frontmatter.schemas]]` entry whose glob matches it, and the
//! schema its own `$schema` key names. One finding per violation, on the
//! exact key or value, in the schema's terms made plain (`src/schema/`).

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::generator::dates::zone;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::schema::instance::{DateReading, entry_named, to_instance};
use crate::schema::message::{Target, violations};
use crate::schema::{self, Named, Schema};

declare_check! {
    /// The front matter against the schemas that apply to the file.
    pub static CHECK = Runs::EachFile(check);

    pub static SCHEMA = "FM009" "schema" {
        severity: Error,
        summary: "Front matter that violates the JSON Schema configured for its path (or named by its `$schema` key)",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    // A file without front matter, or whose front matter does not parse,
    // has nothing to validate (FM001–FM003 report those).
    let Some(block) = doc.front_matter.block() else {
        return;
    };
    let Ok(data) = &block.data else {
        return;
    };
    let mut schemas: Vec<(Arc<Schema>, String)> = cx
        .options
        .schemas
        .for_path(cx.path)
        .map(|entry| {
            (
                Arc::clone(&entry.compiled),
                format!("configured for `{}`", entry.glob_text),
            )
        })
        .collect();
    if let Some(entry) = entry_named(data, "$schema") {
        let unusable = match entry.value.as_str() {
            Some(name) => match schema::named(name, cx.path) {
                Named::Schema(named) => {
                    if !schemas.iter().any(|(s, _)| Arc::ptr_eq(s, &named)) {
                        schemas.push((named, "named by `$schema`".to_string()));
                    }
                    None
                }
                Named::Unusable(reason) => Some(reason),
            },
            None => Some(format!(
                "`$schema` should be the path of a schema file, not {}",
                entry.value.type_name()
            )),
        };
        if let Some(reason) = unusable {
            sink.push(
                Diagnostic::new(&SCHEMA, entry.value.span, reason)
                    .label("cannot use this schema")
                    .help("name a JSON Schema file by its path relative to this file, or a built-in schema (postlint://schemas/hugo.json, postlint://schemas/jekyll.json)"),
            );
        }
    }
    if schemas.is_empty() {
        return;
    }
    let reading = DateReading {
        flavor: doc.flavor,
        format: block.format,
        zone: zone(cx.site.build.time_zone.as_deref()),
    };
    let instance = to_instance(data, &reading);
    let target = Target {
        root: data,
        text: doc.text(),
        fallback: block.open,
    };
    let mut seen = Vec::new();
    for (schema, why) in &schemas {
        for error in schema.validator().iter_errors(&instance) {
            for violation in violations(schema, &error, &target) {
                let key = (violation.span, violation.message.clone());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                sink.push(
                    Diagnostic::new(&SCHEMA, violation.span, violation.message)
                        .label(violation.label)
                        .help(format!(
                            "{}; schema {} ({why})",
                            violation.help, schema.name
                        )),
                );
            }
        }
    }
}
