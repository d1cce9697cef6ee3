//! Linting the open documents and publishing their findings: a site's
//! first lint publishes the file's own findings before the site pass's
//! (and only once when the site pass adds nothing);
//! a config file shows the findings about how the site is set up.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use lsp_types as lsp;

use super::convert::{self, LineIndex};
use super::{Server, buffers, panic_text, workspace};
use crate::engine;
use crate::rules::suppression::UNUSED;
use crate::text::Source;

impl Server<'_> {
    /// Lints and publishes every document changed since the last time.
    pub(super) fn lint_changed(&mut self) {
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

    pub(super) fn lint_round(&mut self) {
        let changed: Vec<String> = self.changed.drain().collect();
        for key in changed {
            let Some(document) = self.documents.get(&key) else {
                continue;
            };
            let (uri, version) = (document.uri.clone(), document.version);
            // A site not learnt yet: the file's own findings first, the
            // site pass's (which learns the site) after them.
            let mut shown = None;
            if !self.sites.is_warm(&document.path) {
                let quick = catch_unwind(AssertUnwindSafe(|| self.file_diagnostics(&key)));
                if let Ok(Some(diagnostics)) = quick {
                    self.publish(uri.clone(), diagnostics.clone(), Some(version));
                    shown = Some(diagnostics);
                }
            }
            let result = catch_unwind(AssertUnwindSafe(|| self.diagnostics(&key)));
            match result {
                // The site pass added nothing: the client shows these already.
                Ok(Some(diagnostics)) if shown.as_ref() == Some(&diagnostics) => {}
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

    pub(super) fn publish(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) {
        self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    /// Why the file at `path` is not linted, when `check` would skip it
    /// too (a README beside the config: not a page of its site).
    pub(super) fn not_content(&mut self, path: &Path) -> Option<String> {
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
    pub(super) fn file_diagnostics(&mut self, key: &str) -> Option<Vec<lsp::Diagnostic>> {
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
        Some(convert::diagnostics(&findings, &document.uri, &lines))
    }

    /// The findings of an open document, as the protocol shows them, and
    /// the setup findings of its site on their config files (pushed once
    /// per reading of the site). `None` when the document is not open or
    /// its site cannot be read (said to the author).
    pub(super) fn diagnostics(&mut self, key: &str) -> Option<Vec<lsp::Diagnostic>> {
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
        let diagnostics = convert::diagnostics(&findings, &document.uri, &lines);
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
    pub(super) fn setup_diagnostics(&mut self, path: &Path) -> Vec<lsp::Diagnostic> {
        let Ok(state) = self.sites.for_path(path) else {
            return Vec::new();
        };
        let uri = convert::uri_of(path);
        self.setup(&state)
            .into_iter()
            .find(|(on, _)| Some(on) == uri.as_ref())
            .map(|(_, diagnostics)| diagnostics)
            .unwrap_or_default()
    }

    /// The setup findings of a site, by the config file they are on.
    fn setup(&self, state: &workspace::SiteState) -> Vec<(lsp::Uri, Vec<lsp::Diagnostic>)> {
        engine::setup_findings(&state.site, &state.settings)
            .into_iter()
            .filter_map(|report| {
                let uri = convert::uri_of(&report.path)?;
                let source = report.source.as_ref().and_then(|text| text.whole())?;
                let lines = LineIndex::new(source.text(), self.encoding);
                let diagnostics = convert::diagnostics(&report.diagnostics, &uri, &lines);
                Some((uri, diagnostics))
            })
            .collect()
    }

    /// The findings on how a site is set up (a theme that cannot be found)
    /// on its config files; those published before and now gone are cleared.
    pub(super) fn publish_setup(&mut self, state: &workspace::SiteState) {
        let mut published = Vec::new();
        for (uri, diagnostics) in self.setup(state) {
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
}
