//! `postlint server`: a language server over standard input and output.
//! Each open document's unsaved text is linted with its site around it,
//! by the engine `check --stdin-filename` uses (`engine::lint_buffer_in`),
//! and its findings are published as the author types; safe fixes are
//! code actions. `workspace` holds the documents and their sites,
//! `notifications` follows what the client says of them, `publish` lints
//! and publishes, `convert` turns findings into the protocol's terms,
//! `actions` makes the code actions, `navigate` hover and go to
//! definition, `complete` completion, `transport` reads and writes the
//! messages.
//!
//! Built on rust-analyzer's `lsp-server` (a synchronous message loop over
//! channels, as ruff's server is) and `lsp-types`: the engine is
//! synchronous and parallel on its own, so an async runtime would only add
//! a layer between a message and the lint it asks for.

mod actions;
mod complete;
mod convert;
mod navigate;
mod notifications;
mod publish;
mod transport;
mod workspace;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use serde_json::Value;

use crate::engine;
use crate::text::{FastMap, FastSet, Source};
use convert::{Encoding, LineIndex};
use workspace::{CacheChoice, Document, Sites};

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

/// The cache as the client's `initializationOptions` want it:
/// `"cache": false` turns it off, `"cacheDir"` names its folder.
fn cache_choice(options: Option<&Value>) -> CacheChoice {
    let options = options.unwrap_or(&Value::Null);
    if options["cache"] == Value::Bool(false) {
        return CacheChoice::Off;
    }
    CacheChoice::On(options["cacheDir"].as_str().map(PathBuf::from))
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
            sites: Sites::new(cache_choice(params.initialization_options.as_ref())),
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
