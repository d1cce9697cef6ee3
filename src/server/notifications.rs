//! The notifications a client sends: documents opened, changed, closed
//! and saved, files changed on disk, and what the server asks in return
//! (file watching, pulling diagnostics again).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use lsp_server::{Notification, Request, RequestId};
use lsp_types as lsp;

use super::{Server, convert, panic_text, workspace::Document};

impl Server<'_> {
    pub(super) fn notification(&mut self, note: Notification) {
        let method = note.method.clone();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.handle(note))) {
            self.show(
                lsp::MessageType::ERROR,
                format!("postlint failed on `{method}`: {}", panic_text(&panic)),
            );
        }
    }

    pub(super) fn handle(&mut self, note: Notification) {
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
    pub(super) fn params<P: serde::de::DeserializeOwned>(&self, note: Notification) -> Option<P> {
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
    /// page renamed, a template edited, an image added), when it can.
    pub(super) fn watch_files(&mut self) {
        if !self.watch_registration {
            return;
        }
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                // Every file: an image or a download a page links to is
                // found or missing with its file.
                glob_pattern: lsp::GlobPattern::String("**/*".to_string()),
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

    pub(super) fn client_request<R: lsp::request::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let id = RequestId::from(format!("postlint-{}", self.next_request));
        self.send(Request::new(id, R::METHOD.to_string(), params));
    }

    /// A file changed on disk (saved, created, renamed, deleted): the open
    /// documents of its site are linted again (their links may reach it),
    /// and when it is a config, template or schema, the site is read again
    /// first. `saved` is the saved document itself, linted as it was.
    pub(super) fn on_disk(&mut self, path: &Path, saved: Option<&str>) {
        if self.sites.ignores_change(path) {
            return;
        }
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
    pub(super) fn ask_to_pull_again(&mut self) {
        if !self.push && self.refresh {
            self.changed.clear();
            self.client_request::<lsp::request::WorkspaceDiagnosticRefresh>(());
        }
    }
}
