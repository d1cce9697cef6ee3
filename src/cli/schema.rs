//! `postlint schema show PATH` and `postlint schema infer [--glob GLOB]`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use super::EXIT_CLEAN;
use super::args::SchemaCommand;
use crate::config::Overrides;
use crate::document::Document;
use crate::engine::{self, Options};
use crate::error::Error;
use crate::generator::Flavor;
use crate::generator::dates::zone;
use crate::generator::fields::Kind;
use crate::schema::instance::{DateReading, entry_named, to_instance};
use crate::schema::{Named, builtin, infer, named};
use crate::text::Source;
use crate::text::paths::{display_path, resolve};

pub(super) fn run(command: SchemaCommand) -> Result<u8, Error> {
    match command {
        SchemaCommand::Show { path, config } => show(&path, config),
        SchemaCommand::Infer {
            paths,
            glob,
            config,
        } => infer_command(paths, glob.as_deref(), config),
    }
}

fn print_json(json: &Json) -> Result<u8, Error> {
    let mut out = io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut out, json)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out));
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: err,
        }),
        _ => Ok(EXIT_CLEAN),
    }
}

/// The schema FM009 applies to `path`: the configured ones that match it
/// and the one its `$schema` key names; postlint's built-in schema, as
/// FM005–FM007 apply it to the file, when there are none.
fn show(path: &Path, config: Option<PathBuf>) -> Result<u8, Error> {
    let overrides = Overrides {
        config,
        ..Overrides::default()
    };
    let (site, settings) = engine::site_for(path, &overrides)?;
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let path = resolve(&cwd, &path.to_string_lossy());
    let shown = display_path(&path);
    let mut schemas: Vec<(String, Json)> = settings
        .options
        .schemas
        .for_path(&path)
        .map(|entry| (entry.compiled.uri.clone(), entry.compiled.json.clone()))
        .collect();
    if let Ok(bytes) = fs::read(&path) {
        let document = Document::parse(Source::from_bytes(bytes), site.flavor);
        if let Some(name) = document
            .data()
            .and_then(|data| entry_named(data, "$schema"))
            .and_then(|entry| entry.value.as_str())
        {
            match named(name, &path) {
                Named::Schema(schema) => {
                    if !schemas.iter().any(|(uri, _)| *uri == schema.uri) {
                        schemas.push((schema.uri.clone(), schema.json.clone()));
                    }
                }
                Named::Unusable(reason) => {
                    return Err(Error::Usage(format!(
                        "{shown} names a schema postlint cannot use: {reason}"
                    )));
                }
            }
        }
    }
    let mut err = io::stderr().lock();
    match schemas.len() {
        0 => {
            let kind = engine::page_kind_of(&site, &settings, &path);
            let folder = path
                .parent()
                .and_then(|dir| dir.strip_prefix(&settings.base_dir).ok())
                .map(|dir| dir.to_string_lossy().replace('\\', "/"))
                .filter(|dir| !dir.is_empty());
            let glob = folder.map_or_else(|| "**".to_string(), |dir| format!("{dir}/**"));
            let _ = writeln!(
                err,
                "note: no schema is configured for {shown}; this is postlint's built-in {} schema as FM005-FM007 apply it to this file (FM009 validates only the schemas you configure or name with `$schema`). To extend it, save it and add it to postlint.toml:\n  postlint schema show {shown} > schemas/post.json\n  [[frontmatter.schemas]]\n  glob = \"{glob}\"\n  schema = \"schemas/post.json\"",
                match site.flavor {
                    Flavor::Hugo => "Hugo",
                    Flavor::Jekyll => "Jekyll",
                }
            );
            print_json(&builtin::effective(
                &site,
                settings.options.required_fields.as_deref(),
                kind,
            ))
        }
        1 => {
            let (uri, json) = schemas.remove(0);
            let _ = writeln!(err, "note: FM009 validates {shown} against {uri}");
            print_json(&json)
        }
        _ => {
            let uris: Vec<&str> = schemas.iter().map(|(uri, _)| uri.as_str()).collect();
            let _ = writeln!(
                err,
                "note: FM009 validates {shown} against every one of {}",
                uris.join(", ")
            );
            // Each schema keeps its own base URI, so its references resolve.
            let all: Vec<Json> = schemas
                .into_iter()
                .map(|(uri, mut json)| {
                    if let Some(object) = json.as_object_mut()
                        && !object.contains_key("$id")
                    {
                        object.insert("$id".to_string(), json!(uri));
                    }
                    json
                })
                .collect();
            print_json(&json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": format!("Every schema FM009 applies to {shown}"),
                "allOf": all,
            }))
        }
    }
}

/// A schema the front matter of the files `check` would lint satisfies.
fn infer_command(
    paths: Vec<PathBuf>,
    glob: Option<&str>,
    config: Option<PathBuf>,
) -> Result<u8, Error> {
    let matcher = glob
        .map(|glob| {
            globset::Glob::new(glob)
                .map(|g| g.compile_matcher())
                .map_err(|err| Error::Usage(format!("invalid glob `{glob}`: {}", err.kind())))
        })
        .transpose()?;
    let options = Options {
        paths,
        overrides: Overrides {
            config,
            ..Overrides::default()
        },
        ..Options::default()
    };
    let (mut instances, mut read, mut without) = (Vec::new(), 0, 0);
    let mut term_keys: Vec<String> = Vec::new();
    for (site, settings, files) in engine::content_files(&options)? {
        let zone = zone(site.build.time_zone.as_deref());
        // Taxonomy terms are enumerated even when each is used once.
        let known = site.known_fields();
        let mut terms: Vec<String> = known
            .fields
            .iter()
            .filter(|field| field.kind == Kind::Terms)
            .map(|field| field.name.to_string())
            .collect();
        if site.flavor == Flavor::Jekyll {
            terms.extend(["category".to_string(), "tag".to_string()]);
        }
        for term in terms {
            if !term_keys.contains(&term) {
                term_keys.push(term);
            }
        }
        for file in files {
            let relative = file.strip_prefix(&settings.base_dir).unwrap_or(&file);
            if matcher.as_ref().is_some_and(|m| !m.is_match(relative)) {
                continue;
            }
            let Ok(bytes) = fs::read(&file) else {
                continue;
            };
            read += 1;
            let document = Document::parse(Source::from_bytes(bytes), site.flavor);
            let (Some(block), Some(data)) = (document.front_matter.block(), document.data()) else {
                without += 1;
                continue;
            };
            let reading = DateReading {
                flavor: site.flavor,
                format: block.format,
                zone: zone.clone(),
            };
            instances.push(to_instance(data, &reading));
        }
    }
    if instances.is_empty() {
        return Err(Error::Usage(match glob {
            Some(glob) => format!(
                "no file matching `{glob}` has front matter to infer a schema from ({read} files read); the glob is relative to the folder of postlint.toml, or the site root"
            ),
            None => format!("no file has front matter to infer a schema from ({read} files read)"),
        }));
    }
    let scope = glob.map_or_else(|| "the site's content".to_string(), |g| format!("`{g}`"));
    let schema = infer::infer(
        &instances,
        &term_keys,
        &format!("Front matter of {scope}"),
        &format!(
            "Inferred by `postlint schema infer` from {} files: the types each key has there (dates as `format`), the keys every file has (`required`), and the values of strings with few repeated values (`enum`). Edit it: allow more values, require more keys, describe them.",
            instances.len()
        ),
    );
    let skipped = if without > 0 {
        format!(" ({without} without front matter skipped)")
    } else {
        String::new()
    };
    let _ = writeln!(
        io::stderr().lock(),
        "note: inferred from {} files{skipped}; save it and apply it in postlint.toml:\n  [[frontmatter.schemas]]\n  glob = \"{}\"\n  schema = \"schemas/post.json\"",
        instances.len(),
        glob.unwrap_or("**")
    );
    print_json(&schema)
}
