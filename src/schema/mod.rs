//! JSON Schema for front matter: loading and compiling schemas (once per
//! run, whatever the number of files), validating a document's front matter
//! and placing each violation on the exact key or value it concerns
//! (`message.rs`), postlint's built-in schemas (`builtin.rs`), the schema a
//! site's posts already satisfy (`infer.rs`).
//!
//! Schemas are JSON files (drafts 4 to 2020-12, as the validator detects
//! from `$schema`; 2020-12 when absent), with `format` validated. `$ref` to
//! local files resolves relative to the schema that holds it; postlint never
//! downloads anything: a reference to an `http(s)` URL is an error that says
//! so. `postlint://schemas/hugo.json` and `postlint://schemas/jekyll.json`
//! name the built-in schemas, so a schema can extend them with `allOf`.

pub mod builtin;
pub mod infer;
pub mod instance;
pub mod message;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use globset::GlobMatcher;
use jsonschema::{Retrieve, Uri, ValidationError, Validator};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use serde_json::Value as Json;

use crate::diagnostic::Span;
use crate::error::Error;
use crate::site::reads::{self, Stamp};
use crate::text::paths::{display_path, strip_path_prefix};
use crate::value::parse_json;

/// A compiled schema and what is needed to explain its violations.
pub struct Schema {
    /// How the schema is named to people: a path relative to the current
    /// folder, or `postlint://schemas/hugo.json`.
    pub name: String,
    /// The base URI its references resolve against.
    pub uri: String,
    /// The schema document itself.
    pub json: Json,
    /// Every other document its references loaded, by URI (no fragment).
    documents: Arc<Mutex<HashMap<String, Json>>>,
    /// The files it was read from: its own (`load`), then those its
    /// references loaded, each as it was read.
    files: Arc<Mutex<Vec<PathBuf>>>,
    validator: Validator,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema").field("name", &self.name).finish()
    }
}

/// Why a schema cannot be used.
#[derive(Debug)]
pub enum LoadError {
    Read(io::Error),
    /// The file is not JSON: the parser's message, located in its text.
    Syntax {
        text: String,
        message: String,
        span: Span,
    },
    /// Not a valid schema, or a `$ref` that does not resolve: the
    /// validator's message, located in the schema's text when it can be.
    Invalid {
        text: String,
        message: String,
        detail: Option<String>,
        span: Option<Span>,
    },
}

impl LoadError {
    /// A configuration error naming the schema at `path`. An unreadable
    /// file is reported by `unreadable` (located where the schema is named).
    pub fn into_error(&self, path: &Path, unreadable: impl FnOnce(String) -> Error) -> Error {
        let shown = display_path(path);
        match self {
            LoadError::Read(err) => unreadable(format!("cannot read the schema {shown}: {err}")),
            LoadError::Syntax {
                text,
                message,
                span,
            } => Error::config(
                path,
                text,
                Some(*span),
                format!("the schema {shown} is not JSON: {message}"),
                "the JSON parser stops here",
                Some("a schema file holds one JSON object, such as {\"type\": \"object\"}".into()),
            ),
            LoadError::Invalid {
                text,
                message,
                detail,
                span,
            } => Error::config(
                path,
                text,
                *span,
                format!("{shown} is not a valid JSON Schema: {message}"),
                "here",
                detail.clone(),
            ),
        }
    }

    /// One line, for a finding in a post that names the schema itself.
    pub fn summary(&self) -> String {
        match self {
            LoadError::Read(err) => format!("cannot be read: {err}"),
            LoadError::Syntax { message, .. } => format!("is not JSON: {message}"),
            LoadError::Invalid { message, .. } => format!("is not a valid JSON Schema: {message}"),
        }
    }
}

/// Characters escaped in `file://` URIs built from paths.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

pub fn file_uri(path: &Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", utf8_percent_encode(&text, PATH))
}

/// Resolves references: local files, and the built-in schemas. Nothing is
/// ever downloaded.
struct Retriever {
    documents: Arc<Mutex<HashMap<String, Json>>>,
    /// The files read, as read.
    files: Arc<Mutex<Vec<PathBuf>>>,
}

impl Retrieve for Retriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Json, Box<dyn std::error::Error + Send + Sync>> {
        let json: Json = match uri.scheme().as_str() {
            "file" => {
                let path = percent_decode_str(uri.path().as_str()).decode_utf8_lossy();
                lock(&self.files).push(PathBuf::from(path.as_ref()));
                let bytes = fs::read(path.as_ref()).map_err(|err| {
                    format!(
                        "cannot read {}: {err}",
                        display_path(Path::new(path.as_ref()))
                    )
                })?;
                serde_json::from_slice(&bytes).map_err(|err| {
                    format!(
                        "{} is not JSON: {err}",
                        display_path(Path::new(path.as_ref()))
                    )
                })?
            }
            "postlint" => builtin::document(uri.as_str()).ok_or_else(|| {
                format!(
                    "postlint has no built-in schema {uri}; there are {}",
                    builtin::URIS.join(" and ")
                )
            })?,
            "http" | "https" => {
                return Err(format!(
                    "postlint does not download schemas: save {uri} next to your schema and refer to the file by a relative path"
                )
                .into());
            }
            scheme => return Err(format!("unsupported URI scheme `{scheme}:` in {uri}").into()),
        };
        lock(&self.documents).insert(without_fragment(uri.as_str()).to_string(), json.clone());
        Ok(json)
    }
}

/// A lock's value, also when a panic elsewhere poisoned it (what it
/// holds is only ever added to).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn without_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(base, _)| base)
}

impl Schema {
    /// Compiles `json`, whose references resolve against `uri`.
    pub fn compile(
        name: String,
        uri: String,
        json: Json,
    ) -> Result<Schema, ValidationError<'static>> {
        let documents = Arc::new(Mutex::new(HashMap::new()));
        let files = Arc::new(Mutex::new(Vec::new()));
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .with_base_uri(uri.clone())
            .with_retriever(Retriever {
                documents: Arc::clone(&documents),
                files: Arc::clone(&files),
            })
            .build(&json)?;
        Ok(Schema {
            name,
            uri,
            json,
            documents,
            files,
            validator,
        })
    }

    /// The files it was read from: its own and each one its references
    /// loaded.
    pub fn files(&self) -> Vec<PathBuf> {
        lock(&self.files).clone()
    }

    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// The JSON at `uri` (a document and a `#/json/pointer` fragment), when
    /// it is this schema or a document its references loaded.
    pub fn lookup(&self, uri: &str) -> Option<Json> {
        let (base, fragment) = uri.split_once('#').unwrap_or((uri, ""));
        let pointer = percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned();
        if base == self.uri || base.is_empty() {
            return self.json.pointer(&pointer).cloned();
        }
        if let Some(doc) = builtin::document(base) {
            return doc.pointer(&pointer).cloned();
        }
        let documents = lock(&self.documents);
        documents.get(base)?.pointer(&pointer).cloned()
    }
}

/// Reads and compiles the schema file at `path`.
fn load_file(path: &Path) -> Result<Schema, LoadError> {
    let text = fs::read_to_string(path).map_err(LoadError::Read)?;
    let tree = parse_json(&text, 0).map_err(|err| LoadError::Syntax {
        text: text.clone(),
        message: err.message.clone(),
        span: widen(&text, err.span),
    })?;
    let json: Json = serde_json::from_str(&text).map_err(|err| LoadError::Syntax {
        text: text.clone(),
        message: err.to_string(),
        span: Span::empty(0),
    })?;
    let uri = file_uri(path);
    let compiled = Schema::compile(display_path(path), uri.clone(), json);
    if let Ok(schema) = &compiled {
        lock(&schema.files).insert(0, path.to_path_buf());
    }
    compiled.map_err(|err| {
        let (message, detail, span) = message::schema_error(&err, &tree, &text);
        LoadError::Invalid {
            text,
            message,
            detail,
            span,
        }
    })
}

fn widen(text: &str, span: Span) -> Span {
    if !span.is_empty() {
        return span;
    }
    let mut at = span.start.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    match text[at..].chars().next() {
        Some(c) if c != '\n' => Span::new(at, at + c.len_utf8()),
        _ => span,
    }
}

type Loaded = Result<Arc<Schema>, Arc<LoadError>>;

/// The compiled schema at `path`, compiled once per run however many
/// sites, entries and files use it.
pub fn load(path: &Path) -> Loaded {
    if let Some(uri) = path.to_str().filter(|p| p.starts_with("postlint:")) {
        return builtin::by_uri(uri).ok_or_else(|| {
            Arc::new(LoadError::Read(io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "postlint has no built-in schema {uri}; there are {}",
                    builtin::URIS.join(" and ")
                ),
            )))
        });
    }
    static CACHE: LazyLock<Mutex<HashMap<PathBuf, Loaded>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut cache = match CACHE.lock() {
        Ok(cache) => cache,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(found) = cache.get(&key) {
        return found.clone();
    }
    let loaded = load_file(path).map(Arc::new).map_err(Arc::new);
    cache.insert(key, loaded.clone());
    loaded
}

/// A schema configured for the content files a glob matches.
#[derive(Debug, Clone)]
pub struct SchemaEntry {
    pub glob: GlobMatcher,
    pub glob_text: String,
    /// Absolute path of the schema file (or a built-in schema's URI).
    pub schema: PathBuf,
    /// The schema, compiled once for the run.
    pub compiled: Arc<Schema>,
}

/// The schemas configured for content globs (`[[frontmatter.schemas]]`),
/// whose globs are relative to `base_dir` (the config file's folder).
#[derive(Debug, Clone)]
pub struct ConfiguredSchemas {
    pub base_dir: PathBuf,
    pub entries: Vec<SchemaEntry>,
}

impl ConfiguredSchemas {
    pub fn new(base_dir: &Path) -> ConfiguredSchemas {
        ConfiguredSchemas {
            base_dir: base_dir.to_path_buf(),
            entries: Vec::new(),
        }
    }

    /// The configured schemas that apply to `path` (every matching entry).
    pub fn for_path<'s>(&'s self, path: &'s Path) -> impl Iterator<Item = &'s SchemaEntry> + 's {
        let relative = strip_path_prefix(path, &self.base_dir).unwrap_or(path);
        self.entries
            .iter()
            .filter(move |entry| entry.glob.is_match(relative))
    }
}

/// What a `$schema` front matter key names: a built-in schema, or a file
/// relative to the post (or absolute).
pub enum Named {
    Schema(Arc<Schema>),
    /// It names something postlint cannot use; the reason.
    Unusable(String),
}

pub fn named(value: &str, post: &Path) -> Named {
    let value = value.trim();
    if value.starts_with("postlint:") {
        return match builtin::by_uri(value) {
            Some(schema) => Named::Schema(schema),
            None => Named::Unusable(format!(
                "postlint has no built-in schema {value:?}; there are {}",
                builtin::URIS.join(" and ")
            )),
        };
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        return Named::Unusable(format!(
            "postlint does not download schemas; save {value} in the repository and name the file"
        ));
    }
    let relative = value.strip_prefix("file://").unwrap_or(value);
    let dir = post.parent().unwrap_or(Path::new("."));
    let path = normalize(&dir.join(relative));
    let loaded = load(&path);
    // Not a configured schema (those are in the cache's key): the page's
    // findings depend on this file and on every file its `$ref`s loaded;
    // one that did not load may have failed on any of them, and the page
    // is linted again next run.
    match &loaded {
        Ok(schema) => {
            for file in schema.files() {
                let stamp = Stamp::at(&file);
                reads::read_file(&file, stamp);
            }
        }
        Err(_) => reads::read_unknown(),
    }
    match loaded {
        Ok(schema) => Named::Schema(schema),
        Err(err) => Named::Unusable(format!(
            "the schema {} {}",
            display_path(&path),
            err.summary()
        )),
    }
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
