//! `postlint server`: a language server over standard input and output.
//! Each open document's unsaved text is linted with its site around it,
//! by the engine `check --stdin-filename` uses (`engine::lint_buffer_in`),
//! and its findings are published as the author types; safe fixes are
//! code actions. `workspace` holds the documents and their sites,
//! `convert` turns findings into the protocol's terms, `actions` makes the
//! code actions, `transport` reads and writes the messages.
//!
//! Built on rust-analyzer's `lsp-server` (a synchronous message loop over
//! channels, as ruff's server is) and `lsp-types`: the engine is
//! synchronous and parallel on its own, so an async runtime would only add
//! a layer between a message and the lint it asks for.

mod actions;
mod complete;
mod convert;
mod navigate;
mod transport;
mod workspace;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::Value;

use crate::engine;
use crate::rules::suppression::UNUSED;
use crate::text::{FastMap, FastSet, Source};
use convert::{Encoding, LineIndex};
use workspace::{Document, Sites};

/// Serves a client over standard input and output until it says `exit`;
/// returns the exit status: 0 after `shutdown`, 1 otherwise.
pub fn run_stdio() -> u8 {
    let (connection, threads) = transport::stdio();
    let status = serve(&connection);
    drop(connection);
    if let Err(error) = threads.finish() {
        eprintln!("postlint server: writing to the client failed: {error}");
    }
    status
}

/// Serves one client over `connection` (standard input and output, or an
/// in-memory pair in tests) until `exit` or until the client goes away.
/// Returns the exit status: 0 after `shutdown`, 1 otherwise.
pub fn serve(connection: &Connection) -> u8 {
    let Some(mut server) = initialize(connection) else {
        return 1;
    };
    while let Ok(first) = connection.receiver.recv() {
        // Everything already sent is handled before the lint: a burst of
        // keystrokes is one lint per document, of its latest text.
        let batch: Vec<Message> = std::iter::once(first)
            .chain(connection.receiver.try_iter())
            .collect();
        for message in batch {
            match message {
                Message::Request(request) => {
                    server.lint_changed();
                    server.request(request);
                }
                Message::Notification(note) if note.method == "exit" => {
                    return if server.shut_down { 0 } else { 1 };
                }
                Message::Notification(note) => server.notification(note),
                Message::Response(_) => {}
            }
        }
        server.lint_changed();
    }
    1
}

/// Waits for `initialize` (answering any other request with an error) and
/// answers it with the server's capabilities.
fn initialize(connection: &Connection) -> Option<Server<'_>> {
    loop {
        match connection.receiver.recv().ok()? {
            Message::Request(request) if request.method == "initialize" => {
                let params: lsp::InitializeParams =
                    match serde_json::from_value(request.params.clone()) {
                        Ok(params) => params,
                        Err(error) => {
                            let reply = Response::new_err(
                                request.id,
                                ErrorCode::InvalidParams as i32,
                                format!("initialize: {error}"),
                            );
                            connection.sender.send(reply.into()).ok()?;
                            continue;
                        }
                    };
                let server = Server::new(connection, &params, &request.params);
                let result = lsp::InitializeResult {
                    capabilities: server.capabilities(),
                    server_info: Some(lsp::ServerInfo {
                        name: "postlint".to_string(),
                        version: Some(env!("CARGO_PKG_VERSION").to_string()),
                    }),
                };
                connection
                    .sender
                    .send(Response::new_ok(request.id, result).into())
                    .ok()?;
                return Some(server);
            }
            Message::Request(request) => {
                let reply = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".to_string(),
                );
                connection.sender.send(reply.into()).ok()?;
            }
            Message::Notification(note) if note.method == "exit" => return None,
            _ => {}
        }
    }
}

/// An error answer: its code and message.
type Failure = (ErrorCode, String);

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    /// Whether findings are pushed (`publishDiagnostics`); clients that
    /// pull them (`textDocument/diagnostic`) are not also pushed to.
    push: bool,
    /// Whether the client can be asked to pull every document again.
    refresh: bool,
    watch_registration: bool,
    documents: FastMap<String, Document>,
    /// Documents to lint and publish once the messages at hand are read.
    changed: FastSet<String>,
    sites: Sites,
    /// The config files each site's setup findings were last published on.
    setup_published: FastMap<PathBuf, Vec<lsp::Uri>>,
    /// The sites whose setup findings were published since they were read.
    setup_current: FastSet<PathBuf>,
    shut_down: bool,
    next_request: i32,
}

impl<'c> Server<'c> {
    /// A server for a client that sent `params` (`raw` as sent).
    fn new(connection: &'c Connection, params: &lsp::InitializeParams, raw: &Value) -> Server<'c> {
        let capabilities = &params.capabilities;
        let utf8 = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&lsp::PositionEncodingKind::UTF8));
        let pull = capabilities
            .text_document
            .as_ref()
            .is_some_and(|text| text.diagnostic.is_some());
        let workspace = capabilities.workspace.as_ref();
        Server {
            connection,
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            push: !pull,
            // LSP 3.17 names it `workspace.diagnostics`; lsp-types reads
            // `workspace.diagnostic` only.
            refresh: ["diagnostics", "diagnostic"].iter().any(|name| {
                raw["capabilities"]["workspace"][name]["refreshSupport"] == Value::Bool(true)
            }),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            documents: FastMap::default(),
            changed: FastSet::default(),
            sites: Sites::default(),
            setup_published: FastMap::default(),
            setup_current: FastSet::default(),
            shut_down: false,
            next_request: 0,
        }
    }

    fn capabilities(&self) -> lsp::ServerCapabilities {
        lsp::ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
                Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        actions::fix_all_kind(),
                    ]),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(
                    ["<", "%", "/", " ", "\"", "\n"].map(String::from).to_vec(),
                ),
                ..Default::default()
            }),
            definition_provider: Some(lsp::OneOf::Left(true)),
            diagnostic_provider: (!self.push).then(|| {
                lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                    identifier: Some("postlint".to_string()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            ..Default::default()
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The client gone: the loop ends when the input does.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    /// Tells the author something went wrong, and logs it.
    fn show(&self, typ: lsp::MessageType, message: String) {
        eprintln!("postlint server: {message}");
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams { typ, message });
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shut_down {
            self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            ));
            return;
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            self.send(Response::new_ok(id, ()));
            return;
        }
        let method = request.method.clone();
        let reply = match catch_unwind(AssertUnwindSafe(|| self.answer(request))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => {
                let message = format!(
                    "postlint failed answering `{method}`: {}",
                    panic_text(&panic)
                );
                self.show(lsp::MessageType::ERROR, message.clone());
                Response::new_err(id, ErrorCode::InternalError as i32, message)
            }
        };
        self.send(reply);
    }

    fn answer(&mut self, request: Request) -> Result<Value, Failure> {
        match request.method.as_str() {
            "textDocument/codeAction" => {
                let params: lsp::CodeActionParams = params(request.params)?;
                let actions = self.code_actions(&params);
                Ok(serde_json::to_value(actions).unwrap_or(Value::Null))
            }
            "textDocument/diagnostic" => {
                let params: lsp::DocumentDiagnosticParams = params(request.params)?;
                let items = self
                    .diagnostics(params.text_document.uri.as_str())
                    .unwrap_or_default();
                let report = lsp::DocumentDiagnosticReportResult::Report(
                    lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                            result_id: None,
                            items,
                        },
                    }),
                );
                Ok(serde_json::to_value(report).unwrap_or(Value::Null))
            }
            "textDocument/hover" => {
                let params: lsp::HoverParams = params(request.params)?;
                let at = params.text_document_position_params;
                let hover = self.at_position(&at, |state, index, path, linted, offset, lines| {
                    navigate::hover(state, index, path, linted.0, linted.1, offset, lines)
                });
                Ok(serde_json::to_value(hover.flatten()).unwrap_or(Value::Null))
            }
            "textDocument/completion" => {
                let params: lsp::CompletionParams = params(request.params)?;
                let at = params.text_document_position;
                let list = self.at_position(&at, |state, index, path, linted, offset, lines| {
                    complete::complete(state, index, path, linted.0, offset, lines)
                });
                Ok(serde_json::to_value(list).unwrap_or(Value::Null))
            }
            "textDocument/definition" => {
                let params: lsp::GotoDefinitionParams = params(request.params)?;
                let at = params.text_document_position_params;
                let location = self.at_position(&at, |state, index, path, linted, offset, _| {
                    navigate::definition(state, index, path, linted.0, offset)
                });
                Ok(serde_json::to_value(location.flatten()).unwrap_or(Value::Null))
            }
            method => Err((
                ErrorCode::MethodNotFound,
                format!("postlint does not answer `{method}`"),
            )),
        }
    }

    /// `work` at a position of an open document: its site and index, its
    /// path, its text parsed with its findings, the byte offset and the
    /// document's lines. `None` when the document is not open or its site
    /// cannot be read.
    fn at_position<R>(
        &mut self,
        at: &lsp::TextDocumentPositionParams,
        work: impl FnOnce(
            &workspace::SiteState,
            &crate::index::SiteIndex,
            &Path,
            (&crate::document::Document, &[crate::diagnostic::Diagnostic]),
            usize,
            &LineIndex,
        ) -> R,
    ) -> Option<R> {
        let document = self.documents.get(at.text_document.uri.as_str())?;
        let (path, text) = (document.path.clone(), document.text.clone());
        let encoding = self.encoding;
        let open = buffers(&self.documents);
        let (_, result) = self
            .sites
            .with_index(&path, &open, |state, index| {
                let (parsed, findings) = engine::lint_buffer_with(
                    &state.site,
                    &state.settings,
                    &path,
                    Source::from_text(text),
                    index,
                );
                let lines = LineIndex::new(parsed.text(), encoding);
                let offset = lines.offset(at.position);
                work(state, index, &path, (&parsed, &findings), offset, &lines)
            })
            .ok()?;
        Some(result)
    }

    fn notification(&mut self, note: Notification) {
        let method = note.method.clone();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.handle(note))) {
            self.show(
                lsp::MessageType::ERROR,
                format!("postlint failed on `{method}`: {}", panic_text(&panic)),
            );
        }
    }

    fn handle(&mut self, note: Notification) {
        use lsp::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
            DidOpenTextDocument, DidSaveTextDocument, Notification as _,
        };
        match note.method.as_str() {
            "initialized" => self.watch_files(),
            DidOpenTextDocument::METHOD => {
                let Some(params) = self.params::<lsp::DidOpenTextDocumentParams>(note) else {
                    return;
                };
                let document = params.text_document;
                let Some(path) = convert::path_of(&document.uri) else {
                    // An unsaved buffer or another scheme: no site to lint it in.
                    return;
                };
                let key = document.uri.as_str().to_string();
                self.documents.insert(
                    key.clone(),
                    Document {
                        uri: document.uri,
                        path,
                        text: document.text,
                        version: document.version,
                    },
                );
                self.changed.insert(key);
            }
            DidChangeTextDocument::METHOD => {
                let Some(params) = self.params::<lsp::DidChangeTextDocumentParams>(note) else {
                    return;
                };
                let key = params.text_document.uri.as_str().to_string();
                if let Some(document) = self.documents.get_mut(&key) {
                    document.apply(params.content_changes, self.encoding);
                    document.version = params.text_document.version;
                    self.changed.insert(key);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(params) = self.params::<lsp::DidCloseTextDocumentParams>(note) else {
                    return;
                };
                let key = params.text_document.uri.as_str();
                self.changed.remove(key);
                if let Some(closed) = self.documents.remove(key) {
                    // The index learnt the buffer's text; the file is what
                    // the other pages see now, and are linted against.
                    if let Some(root) = self.sites.root_of(&closed.path).map(Path::to_path_buf) {
                        let others = self
                            .documents
                            .iter()
                            .filter(|(_, open)| open.path.starts_with(&root))
                            .map(|(other, _)| other.clone());
                        self.changed.extend(others);
                    }
                    self.sites.forget_pages(&closed.path);
                    self.ask_to_pull_again();
                    // A config file keeps its setup findings.
                    let setup = self
                        .setup_published
                        .values()
                        .any(|uris| uris.contains(&params.text_document.uri));
                    if self.push && !setup {
                        self.publish(params.text_document.uri, Vec::new(), None);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                let Some(params) = self.params::<lsp::DidSaveTextDocumentParams>(note) else {
                    return;
                };
                if let Some(path) = convert::path_of(&params.text_document.uri) {
                    self.on_disk(&path, Some(params.text_document.uri.as_str()));
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Some(params) = self.params::<lsp::DidChangeWatchedFilesParams>(note) else {
                    return;
                };
                for change in params.changes {
                    if let Some(path) = convert::path_of(&change.uri) {
                        self.on_disk(&path, None);
                    }
                }
            }
            _ => {}
        }
    }

    /// A notification's parameters, or a logged complaint.
    fn params<P: serde::de::DeserializeOwned>(&self, note: Notification) -> Option<P> {
        match serde_json::from_value(note.params) {
            Ok(params) => Some(params),
            Err(error) => {
                eprintln!(
                    "postlint server: `{}` with bad parameters: {error}",
                    note.method
                );
                None
            }
        }
    }

    /// Asks the client to say when any file of the workspace changes (a
    /// page renamed, a template edited), when it can.
    fn watch_files(&mut self) {
        if !self.watch_registration {
            return;
        }
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(
                    "**/*.{md,markdown,mdown,mkd,html,htm,xml,json,toml,yaml,yml,txt}".to_string(),
                ),
                kind: None,
            }],
        };
        let registration = lsp::Registration {
            id: "postlint-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.client_request::<lsp::request::RegisterCapability>(lsp::RegistrationParams {
            registrations: vec![registration],
        });
    }

    fn client_request<R: lsp::request::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let id = RequestId::from(format!("postlint-{}", self.next_request));
        self.send(Request::new(id, R::METHOD.to_string(), params));
    }

    /// A file changed on disk (saved, created, renamed, deleted): the open
    /// documents of its site are linted again (their links may reach it),
    /// and when it is a config, template or schema, the site is read again
    /// first. `saved` is the saved document itself, linted as it was.
    fn on_disk(&mut self, path: &Path, saved: Option<&str>) {
        let affected: Vec<String> = self
            .documents
            .iter()
            .filter(|(key, document)| {
                Some(key.as_str()) != saved
                    && self
                        .sites
                        .root_of(&document.path)
                        .is_some_and(|root| path.starts_with(root))
            })
            .map(|(key, _)| key.clone())
            .collect();
        let dropped = self.sites.file_changed(path);
        for root in &dropped {
            self.setup_current.remove(root);
        }
        if !dropped.is_empty() {
            // The site's setup findings are published again with it.
            self.changed.extend(self.documents.keys().cloned());
        } else {
            self.changed.extend(affected);
        }
        if !self.changed.is_empty() {
            self.ask_to_pull_again();
        }
    }

    /// A client that pulls diagnostics is asked to pull every open
    /// document again (what another page sees of the site changed), when
    /// it can be.
    fn ask_to_pull_again(&mut self) {
        if !self.push && self.refresh {
            self.changed.clear();
            self.client_request::<lsp::request::WorkspaceDiagnosticRefresh>(());
        }
    }

    /// Lints and publishes every document changed since the last time.
    fn lint_changed(&mut self) {
        if !self.push {
            self.changed.clear();
            return;
        }
        // A lint can queue others (its front matter changed): a second
        // round lints them, and their front matter is as it was.
        for _ in 0..2 {
            self.lint_round();
        }
    }

    fn lint_round(&mut self) {
        let changed: Vec<String> = self.changed.drain().collect();
        for key in changed {
            let Some(document) = self.documents.get(&key) else {
                continue;
            };
            let (uri, version) = (document.uri.clone(), document.version);
            // A site not learnt yet: the file's own findings first, the
            // site pass's (which learns the site) after them.
            if !self.sites.is_warm(&document.path) {
                let quick = catch_unwind(AssertUnwindSafe(|| self.file_diagnostics(&key)));
                if let Ok(Some(diagnostics)) = quick {
                    self.publish(uri.clone(), diagnostics, Some(version));
                }
            }
            let result = catch_unwind(AssertUnwindSafe(|| self.diagnostics(&key)));
            match result {
                Ok(Some(diagnostics)) => self.publish(uri, diagnostics, Some(version)),
                Ok(None) => {}
                Err(panic) => self.show(
                    lsp::MessageType::ERROR,
                    format!(
                        "postlint failed linting {}: {}",
                        uri.as_str(),
                        panic_text(&panic)
                    ),
                ),
            }
        }
    }

    fn publish(&self, uri: lsp::Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    /// Why the file at `path` is not linted, when `check` would skip it
    /// too (a README beside the config: not a page of its site).
    fn not_content(&mut self, path: &Path) -> Option<String> {
        let state = self.sites.for_path(path).ok()?;
        let site = &state.site;
        (!site.config_files.is_empty() && !site.is_content(path)).then(|| {
            format!(
                "{}: not content of the {} site at {}",
                path.display(),
                site.flavor.name(),
                site.root.display()
            )
        })
    }

    /// The per-file findings of an open document (no site pass), as the
    /// protocol shows them.
    fn file_diagnostics(&mut self, key: &str) -> Option<Vec<lsp::Diagnostic>> {
        let path = self.documents.get(key)?.path.clone();
        if self.not_content(&path).is_some() {
            return Some(Vec::new());
        }
        let document = self.documents.get(key)?;
        let state = self.sites.for_path(&document.path).ok()?;
        let (site, settings) = (&state.site, &state.settings);
        let parsed = crate::document::Document::parse_as(
            Source::from_text(document.text.clone()),
            site.flavor,
            site.markup(&document.path),
        );
        let mut findings = engine::check_file(site, settings, &document.path, &parsed);
        // A suppression of a site rule's finding looks unused until the
        // site pass has run.
        findings.retain(|finding| finding.rule.code != UNUSED.code);
        let lines = LineIndex::new(parsed.text(), self.encoding);
        Some(
            findings
                .iter()
                .map(|finding| convert::diagnostic(finding, &document.uri, &lines))
                .collect(),
        )
    }

    /// The findings of an open document, as the protocol shows them, and
    /// the setup findings of its site on their config files (pushed once
    /// per reading of the site). `None` when the document is not open or
    /// its site cannot be read (said to the author).
    fn diagnostics(&mut self, key: &str) -> Option<Vec<lsp::Diagnostic>> {
        let path = self.documents.get(key)?.path.clone();
        if let Some(why) = self.not_content(&path) {
            self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams {
                typ: lsp::MessageType::INFO,
                message: format!("postlint server: not linting {why}"),
            });
            // A config file: the findings about how the site is set up.
            return Some(self.setup_diagnostics(&path));
        }
        let document = self.documents.get(key)?;
        let open = buffers(&self.documents);
        let linted = match self.sites.lint(&document.path, &document.text, &open) {
            Ok(linted) => linted,
            Err(error) => {
                let message = format!("postlint cannot lint {}: {error}", document.path.display());
                self.show(lsp::MessageType::ERROR, message);
                return None;
            }
        };
        if linted.front_matter_changed {
            // Its title, URL or aliases may be what another open page's
            // links need.
            let root = &linted.state.site.root;
            let others = self
                .documents
                .iter()
                .filter(|(other, open)| other.as_str() != key && open.path.starts_with(root))
                .map(|(other, _)| other.clone());
            self.changed.extend(others);
        }
        let front_matter_changed = linted.front_matter_changed;
        let (state, parsed, findings) = (linted.state, linted.parsed, linted.findings);
        let lines = LineIndex::new(parsed.text(), self.encoding);
        let diagnostics = findings
            .iter()
            .map(|finding| convert::diagnostic(finding, &document.uri, &lines))
            .collect();
        if self.push && self.setup_current.insert(state.site.root.clone()) {
            self.publish_setup(&state);
        }
        if front_matter_changed {
            self.ask_to_pull_again();
        }
        Some(diagnostics)
    }

    /// The setup findings of the site of `path` that are on `path` (a
    /// config file).
    fn setup_diagnostics(&mut self, path: &Path) -> Vec<lsp::Diagnostic> {
        let Ok(state) = self.sites.for_path(path) else {
            return Vec::new();
        };
        let Some(uri) = convert::uri_of(path) else {
            return Vec::new();
        };
        engine::setup_findings(&state.site, &state.settings)
            .into_iter()
            .filter(|report| report.path == path)
            .flat_map(|report| {
                let Some(source) = report.source.as_ref().and_then(|text| text.whole()) else {
                    return Vec::new();
                };
                let lines = LineIndex::new(source.text(), self.encoding);
                report
                    .diagnostics
                    .iter()
                    .map(|finding| convert::diagnostic(finding, &uri, &lines))
                    .collect()
            })
            .collect()
    }

    /// The findings on how a site is set up (a theme that cannot be found)
    /// on its config files; those published before and now gone are cleared.
    fn publish_setup(&mut self, state: &workspace::SiteState) {
        let mut published = Vec::new();
        for report in engine::setup_findings(&state.site, &state.settings) {
            let (Some(uri), Some(source)) = (
                convert::uri_of(&report.path),
                report.source.as_ref().and_then(|text| text.whole()),
            ) else {
                continue;
            };
            let lines = LineIndex::new(source.text(), self.encoding);
            let diagnostics = report
                .diagnostics
                .iter()
                .map(|finding| convert::diagnostic(finding, &uri, &lines))
                .collect();
            self.publish(uri.clone(), diagnostics, None);
            published.push(uri);
        }
        let before = self
            .setup_published
            .insert(state.site.root.clone(), published.clone())
            .unwrap_or_default();
        for gone in before.into_iter().filter(|uri| !published.contains(uri)) {
            self.publish(gone, Vec::new(), None);
        }
    }

    fn code_actions(&mut self, params: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let Some(document) = self.documents.get(params.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let open = buffers(&self.documents);
        let linted = match self.sites.lint(&document.path, &document.text, &open) {
            Ok(linted) => linted,
            Err(_) => return Vec::new(),
        };
        actions::code_actions(linted, document, params, self.encoding)
    }
}

/// The open documents' files and unsaved texts.
fn buffers(documents: &FastMap<String, Document>) -> Vec<workspace::Buffer<'_>> {
    documents
        .values()
        .map(|document| (document.path.as_path(), document.text.as_str()))
        .collect()
}

/// A request's parameters, or the error that answers it.
fn params<P: serde::de::DeserializeOwned>(value: Value) -> Result<P, Failure> {
    serde_json::from_value(value).map_err(|error| (ErrorCode::InvalidParams, error.to_string()))
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}
