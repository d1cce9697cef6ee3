//! `postlint server`, the language server: a client on one end of an
//! in-memory connection and the real server (`postlint::server::serve`) on
//! the other, on the fixture sites; and the binary over stdio.

use std::path::Path;
use std::process::Command;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use crate::common::{Scratch, repo_root};

struct Client {
    connection: Connection,
    server: JoinHandle<u8>,
    next_id: i32,
    /// Notifications that arrived while a response was awaited.
    pending: Vec<Notification>,
}

const WAIT: Duration = Duration::from_secs(60);

impl Client {
    /// A server started and initialized with `capabilities`; returns it and
    /// the `initialize` result.
    fn start(capabilities: Value) -> (Client, Value) {
        Client::start_with(
            capabilities,
            json!({ "cacheDir": crate::common::cache_dir() }),
        )
    }

    /// `start`, with the client's `initializationOptions`.
    fn start_with(capabilities: Value, options: Value) -> (Client, Value) {
        let (client, server) = Connection::memory();
        let server = std::thread::spawn(move || postlint::server::serve(&server));
        let mut client = Client {
            connection: client,
            server,
            next_id: 0,
            pending: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result.expect("initialize succeeds"))
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection.sender.send(request.into()).unwrap();
        id
    }

    /// The result of a request, or its error.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        loop {
            match self
                .connection
                .receiver
                .recv_timeout(WAIT)
                .expect("the server answers")
            {
                Message::Response(response) if response.id == id => {
                    return response
                        .response_result
                        .map_err(|error| serde_json::to_value(error).unwrap());
                }
                Message::Notification(note) => self.pending.push(note),
                Message::Request(_) | Message::Response(_) => {}
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let note = Notification::new(method.to_string(), params);
        self.connection.sender.send(note.into()).unwrap();
    }

    /// The next notification of `method`.
    fn notification(&mut self, method: &str) -> Value {
        if let Some(at) = self.pending.iter().position(|note| note.method == method) {
            return self.pending.remove(at).params;
        }
        loop {
            match self
                .connection
                .receiver
                .recv_timeout(WAIT)
                .expect("a notification comes")
            {
                Message::Notification(note) if note.method == method => return note.params,
                Message::Notification(note) => self.pending.push(note),
                _ => {}
            }
        }
    }

    /// Says `path` changed on disk and asserts that no open page is linted
    /// again (a request answered after the change: anything it set off
    /// would have been sent before the answer).
    fn changed_to_no_effect(&mut self, path: &std::path::Path) {
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [ { "uri": uri_of(path), "type": 2 } ] }),
        );
        let _ = self.request("postlint/unknown", json!({}));
        assert!(
            !self
                .pending
                .iter()
                .any(|note| note.method == "textDocument/publishDiagnostics"),
            "{}: {:?}",
            path.display(),
            self.pending
        );
    }

    /// The diagnostics last published for `uri` once the server has
    /// handled everything sent so far (it lints what changed before it
    /// answers a request, and a site's first lint publishes twice: the
    /// file's own findings, then with the site pass's).
    fn published(&mut self, uri: &str) -> Value {
        let _ = self.request("postlint/unknown", json!({}));
        let at = self
            .pending
            .iter()
            .rposition(|note| {
                note.method == "textDocument/publishDiagnostics" && note.params["uri"] == uri
            })
            .unwrap_or_else(|| panic!("nothing published for {uri}: {:?}", self.pending));
        let params = self.pending.remove(at).params;
        self.pending.retain(|note| {
            !(note.method == "textDocument/publishDiagnostics" && note.params["uri"] == uri)
        });
        params
    }

    /// Every `publishDiagnostics` not looked at yet, once the server has
    /// handled everything sent so far.
    fn all_published(&mut self) -> Vec<Value> {
        let _ = self.request("postlint/unknown", json!({}));
        self.pending
            .iter()
            .filter(|note| note.method == "textDocument/publishDiagnostics")
            .map(|note| note.params.clone())
            .collect()
    }

    fn open(&self, path: &Path, text: &str) -> String {
        let uri = uri_of(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        uri
    }

    /// `shutdown`, `exit`, and the server's exit status.
    fn stop(mut self) -> u8 {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.server.join().unwrap()
    }
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// A published diagnostic without what varies from machine to machine.
fn shown(params: &Value) -> String {
    let root = uri_of(&repo_root());
    serde_json::to_string_pretty(params)
        .unwrap()
        .replace(&root, "file://[repo]")
}

fn hugo_post(name: &str) -> std::path::PathBuf {
    repo_root()
        .join("fixtures/hugo-blog/content/posts")
        .join(name)
}

const HUGO_CONFIG: (&str, &[u8]) = (
    "hugo.toml",
    b"baseURL = 'https://example.org/'\ntitle = 'x'\n",
);

/// The rule codes of a `publishDiagnostics`' findings, in order.
fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn handshake_names_the_capabilities() {
    let (client, result) = Client::start(json!({}));
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    insta::assert_snapshot!(
        serde_json::to_string_pretty(&result)
            .unwrap()
            .replace(env!("CARGO_PKG_VERSION"), "[version]")
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn an_unclosed_shortcode_is_published_as_the_post_opens() {
    let (mut client, _) = Client::start(json!({}));
    let path = hugo_post("shortcode-never-closed.md");
    let uri = client.open(&path, &std::fs::read_to_string(&path).unwrap());
    let published = client.published(&uri);
    insta::assert_snapshot!(shown(&published));
    assert_eq!(client.stop(), 0);
}

#[test]
fn edits_are_linted_as_typed_in_utf16_positions() {
    let (mut client, _) = Client::start(json!({}));
    let path = hugo_post("shortcode-never-closed.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, &text);
    let first = client.published(&uri);
    assert!(first["diagnostics"][0]["code"] == "SC001", "{first}");
    // The author closes the shortcode: one incremental edit after the
    // last line, in UTF-16 units (the line has an emoji first).
    let lines = text.lines().count() as u32;
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [
                { "range": { "start": { "line": lines, "character": 0 }, "end": { "line": lines, "character": 0 } },
                  "text": "😀 {{< /notice >}}\n" },
                { "range": { "start": { "line": lines, "character": 0 }, "end": { "line": lines, "character": 3 } },
                  "text": "" }
            ]
        }),
    );
    let second = client.published(&uri);
    assert_eq!(second["version"], 2, "{second}");
    assert_eq!(second["diagnostics"], json!([]), "{second}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_near_miss_divider_has_a_quick_fix_and_the_file_a_fix_all() {
    let (mut client, _) = Client::start(json!({}));
    let path = hugo_post("summary-dividers.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, &text);
    let published = client.published(&uri);
    let near_miss = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EX002")
        .cloned()
        .expect("EX002 is published");
    assert!(near_miss["data"]["fix"].is_string(), "{near_miss}");
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": near_miss["range"],
                "context": { "diagnostics": [near_miss] }
            }),
        )
        .unwrap();
    insta::assert_snapshot!(shown(&actions));
    let only_fix_all = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": near_miss["range"],
                "context": { "diagnostics": [], "only": ["source.fixAll"] }
            }),
        )
        .unwrap();
    let kinds: Vec<&Value> = only_fix_all
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["kind"])
        .collect();
    assert_eq!(kinds, [&json!("source.fixAll.postlint")], "{only_fix_all}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_client_that_pulls_gets_diagnostics_on_request_only() {
    let (mut client, result) = Client::start(
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
    );
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "postlint"
    );
    let path = hugo_post("shortcode-never-closed.md");
    let uri = client.open(&path, &std::fs::read_to_string(&path).unwrap());
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert_eq!(report["kind"], "full", "{report}");
    assert_eq!(report["items"][0]["code"], "SC001", "{report}");
    assert!(
        !client
            .pending
            .iter()
            .any(|note| note.method == "textDocument/publishDiagnostics"),
        "a pulling client is not pushed to: {:?}",
        client.pending
    );
    assert_eq!(client.stop(), 0);
}

/// A post of a scratch Hugo site opened with the finding `code`, which a
/// file written on disk (and the client's watcher saying so) settles.
fn settled_on_disk(post: &[u8], code: &str, written: (&str, &[u8])) {
    let site = Scratch::new(&[HUGO_CONFIG, ("content/posts/a.md", post)]);
    let (mut client, _) = Client::start(json!({}));
    let a = site.path().join("content/posts/a.md");
    let uri = client.open(&a, &std::fs::read_to_string(&a).unwrap());
    let before = client.published(&uri);
    assert_eq!(codes(&before), [code], "{before}");
    site.write(written.0, written.1);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri_of(&site.path().join(written.0)), "type": 1 } ] }),
    );
    let after = client.published(&uri);
    assert_eq!(after["diagnostics"], json!([]), "{after}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn another_page_created_on_disk_settles_a_broken_ref() {
    settled_on_disk(
        b"---\ntitle: A\n---\n\nSee [b]({{< relref \"b.md\" >}}).\n",
        "LNK001",
        ("content/posts/b.md", b"---\ntitle: B\n---\n\nHello.\n"),
    );
}

#[test]
fn a_config_change_is_read_again() {
    settled_on_disk(
        b"---\ntitle: A\n---\n\nFirst.\n\n<!-- more -->\n\nRest.\n",
        "EX002",
        ("postlint.toml", b"[rules]\nignore = [\"EX002\"]\n"),
    );
}

#[test]
fn a_sites_first_lint_publishes_the_files_own_findings_before_the_site_pass() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n\nSee [b]({{< relref \"b.md\" >}}).\n\n<!-- more -->\n",
        ),
    ]);
    let (mut client, _) = Client::start(json!({}));
    let a = site.path().join("content/posts/a.md");
    client.open(&a, &std::fs::read_to_string(&a).unwrap());
    let first = client.notification("textDocument/publishDiagnostics");
    let second = client.notification("textDocument/publishDiagnostics");
    assert_eq!(codes(&first), ["EX002"], "{first}");
    assert_eq!(codes(&second), ["LNK001", "EX002"], "{second}");
    // The site learnt: an edit publishes once, with everything.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri_of(&a), "version": 2 },
            "contentChanges": [ { "text": "---\ntitle: A\n---\n\nSee [b]({{< relref \"b.md\" >}}).\n" } ]
        }),
    );
    let published = client.all_published();
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(codes(&published[0]), ["LNK001"]);
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_sites_first_lint_publishes_once_when_the_site_pass_adds_nothing() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n\nFirst.\n\n<!-- more -->\n",
        ),
    ]);
    let (mut client, _) = Client::start(json!({}));
    let a = site.path().join("content/posts/a.md");
    client.open(&a, &std::fs::read_to_string(&a).unwrap());
    let published = client.all_published();
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(codes(&published[0]), ["EX002"]);
    assert_eq!(client.stop(), 0);
}

#[test]
fn the_site_index_takes_pages_from_the_cache_and_never_a_stale_one() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n\nSee [the notes](/notes/).\n",
        ),
        ("content/posts/b.md", b"---\ntitle: B\n---\n\nHello.\n"),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let lint = |options: Value, expected: &[&str]| {
        let (mut client, _) = Client::start_with(json!({}), options);
        let a = site.path().join("content/posts/a.md");
        let uri = client.open(&a, &std::fs::read_to_string(&a).unwrap());
        let whole = client.published(&uri);
        assert_eq!(codes(&whole), expected, "{whole}");
        assert_eq!(client.stop(), 0);
    };
    let cached = json!({ "cacheDir": cache.path() });
    lint(cached.clone(), &["LNK002"]);
    // The pages the site pass read are remembered for the next start.
    let remembered = std::fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .any(|entry| entry.file_name().to_string_lossy().ends_with("-pages.bin"));
    assert!(remembered);
    // Another page takes the URL on disk: the next start reads it again.
    site.write(
        "content/posts/b.md",
        b"---\ntitle: B\nurl: /notes/\n---\n\nHello.\n",
    );
    lint(cached, &[]);
    // And with the cache turned off, the same.
    lint(json!({ "cache": false }), &[]);
}

#[test]
fn unknown_methods_and_bad_params_get_errors_and_the_server_goes_on() {
    let (mut client, _) = Client::start(json!({}));
    let unknown = client
        .request("textDocument/notAThing", json!({}))
        .unwrap_err();
    assert_eq!(unknown["code"], -32601, "{unknown}");
    let bad = client
        .request("textDocument/codeAction", json!({ "textDocument": 7 }))
        .unwrap_err();
    assert_eq!(bad["code"], -32602, "{bad}");
    // A notification with bad parameters is logged and ignored.
    client.notify("textDocument/didOpen", json!({ "textDocument": "nope" }));
    // A document that is not open: no actions, no error.
    let none = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": "file:///nowhere/x.md" },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [] }
            }),
        )
        .unwrap();
    assert_eq!(none, json!([]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let (client, _) = Client::start(json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.server.join().unwrap(), 1);
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

#[test]
fn the_binary_answers_after_a_malformed_message_and_exits_zero_after_shutdown() {
    let input = [
        frame("{this is not json"),
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let output = crate::common::output_with_input(
        Command::new(env!("CARGO_BIN_EXE_postlint"))
            .arg("server")
            .env("POSTLINT_CACHE_DIR", crate::common::cache_dir()),
        input.as_bytes(),
    );
    let stdout = &output.stdout;
    assert_eq!(output.code, 0, "{stdout}");
    assert!(
        stdout.contains(r#""id":null"#) && stdout.contains("-32700"),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""id":1"#) && stdout.contains("\"capabilities\""),
        "{stdout}"
    );
    assert!(stdout.contains(r#""id":2"#), "{stdout}");
}

/// The position of the first `needle` in `text` (plus `skip` characters),
/// in UTF-16 units, as a JSON position.
fn position_of(text: &str, needle: &str, skip: usize) -> Value {
    let at = text.find(needle).expect("the needle is in the text");
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let character = text[line_start..at].encode_utf16().count() + skip;
    json!({ "line": line, "character": character })
}

/// Hover and definition at the first `needle` of a fixture file.
fn hover_and_definition(
    client: &mut Client,
    path: &Path,
    needle: &str,
    skip: usize,
) -> (Value, Value) {
    let text = std::fs::read_to_string(path).unwrap();
    let uri = client.open(path, &text);
    let at =
        json!({ "textDocument": { "uri": uri }, "position": position_of(&text, needle, skip) });
    let hover = client.request("textDocument/hover", at.clone()).unwrap();
    let definition = client.request("textDocument/definition", at).unwrap();
    (hover, definition)
}

#[test]
fn hover_and_definition_of_a_ref_reach_the_page() {
    let (mut client, _) = Client::start(json!({}));
    let (hover, definition) = hover_and_definition(
        &mut client,
        &hugo_post("further-reading.md"),
        "\"first-week\"",
        3,
    );
    insta::assert_snapshot!(shown(&hover));
    assert_eq!(
        definition["uri"],
        uri_of(&hugo_post("first-week.md")),
        "{definition}"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn hover_and_definition_of_a_shortcode_name_its_template() {
    let (mut client, _) = Client::start(json!({}));
    let (hover, definition) = hover_and_definition(
        &mut client,
        &hugo_post("shortcodes-done-right.md"),
        "{{% aside",
        5,
    );
    insta::assert_snapshot!(shown(&hover));
    assert_eq!(
        definition["uri"],
        uri_of(&repo_root().join("fixtures/hugo-blog/layouts/shortcodes/aside.html")),
        "{definition}"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn hover_on_a_finding_shows_its_rule_page() {
    let (mut client, _) = Client::start(json!({}));
    let (hover, definition) = hover_and_definition(
        &mut client,
        &hugo_post("shortcode-never-closed.md"),
        "{{< notice",
        1,
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("# SC001 unclosed-shortcode"), "{text}");
    assert_eq!(definition, Value::Null);
    assert_eq!(client.stop(), 0);
}

#[test]
fn hover_and_definition_of_a_jekyll_post_url() {
    let (mut client, _) = Client::start(json!({}));
    let post = repo_root().join("fixtures/jekyll-blog/_posts/2024-12-07-see-also.md");
    let (hover, definition) =
        hover_and_definition(&mut client, &post, "2024-03-02-hello-jekyll", 4);
    insta::assert_snapshot!(shown(&hover));
    assert_eq!(
        definition["uri"],
        uri_of(&repo_root().join("fixtures/jekyll-blog/_posts/2024-03-02-hello-jekyll.md")),
        "{definition}"
    );
    assert_eq!(client.stop(), 0);
}

/// `text` with LSP text edits applied (positions in UTF-16 units).
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let rest = &text[start..];
        rest.char_indices()
            .find(|(_, c)| {
                let found = units >= character || *c == '\n';
                units += c.len_utf16();
                found
            })
            .map_or(text.len(), |(at, _)| start + at)
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut text = text.to_string();
    for (start, end, new) in spans {
        text.replace_range(start..end, new);
    }
    text
}

/// Applies the action titled `title` offered for the first finding of
/// `code` in a fixture post, and returns the title and the codes published
/// before and after.
fn disable_in(path: &Path, code: &str) -> (String, Vec<String>, Vec<String>) {
    let (mut client, _) = Client::start(json!({}));
    let text = std::fs::read_to_string(path).unwrap();
    let uri = client.open(path, &text);
    let before = client.published(&uri);
    let finding = before["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("{code} in {before}"));
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": finding["range"],
                "context": { "diagnostics": [finding], "only": ["quickfix"] }
            }),
        )
        .unwrap();
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Disable {code}"))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no disable action in {actions}"));
    let edits = action["edit"]["changes"][&uri].as_array().unwrap().clone();
    let fixed = apply_edits(&text, &edits);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [ { "text": fixed } ] }),
    );
    let after = client.published(&uri);
    assert_eq!(client.stop(), 0);
    (
        action["title"].as_str().unwrap().to_string(),
        codes(&before),
        codes(&after),
    )
}

#[test]
fn a_finding_is_disabled_for_its_line_where_a_comment_line_fits() {
    let (title, before, after) = disable_in(&hugo_post("summary-dividers.md"), "EX002");
    assert_eq!(title, "Disable EX002 for this line");
    let mut expected = before.clone();
    expected.retain(|code| code != "EX002");
    assert_eq!(after, expected, "before: {before:?}");
}

#[test]
fn a_finding_in_front_matter_is_disabled_for_the_file() {
    let (title, before, after) = disable_in(&hugo_post("front-matter-typos.md"), "FM008");
    assert_eq!(title, "Disable FM008 for this file");
    let mut expected = before.clone();
    expected.retain(|code| code != "FM008");
    assert_eq!(after, expected, "before: {before:?}");
}

#[test]
fn a_finding_inside_a_paragraph_is_disabled_for_the_file() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n\nThe summary is this paragraph,\n<!-- more -->\nwhich a comment line would split.\n",
        ),
    ]);
    let (title, before, after) = disable_in(&site.path().join("content/posts/a.md"), "EX002");
    assert_eq!(title, "Disable EX002 for this file");
    assert!(before.contains(&"EX002".to_string()), "{before:?}");
    assert!(!after.contains(&"EX002".to_string()), "{after:?}");
}

/// The labels offered at the end of `before` (the text up to the cursor)
/// in a new post of `site`.
fn completions(site: &Scratch, post: &str, before: &str, after: &str) -> Vec<String> {
    let (mut client, _) = Client::start(json!({}));
    let path = site.path().join(post);
    let text = format!("{before}{after}");
    let uri = client.open(&path, &text);
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let character = before[line_start..].encode_utf16().count();
    let list = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .unwrap();
    assert_eq!(client.stop(), 0);
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|item| {
            let deprecated = item["tags"] == json!([1]);
            format!(
                "{}{}",
                item["label"].as_str().unwrap(),
                if deprecated { " (removed)" } else { "" }
            )
        })
        .collect()
}

#[test]
fn completion_knows_the_sites_shortcodes_pages_and_fields() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "layouts/_shortcodes/figcaption.html",
            b"<figure><img src=\"{{ .Get \"src\" }}\" alt=\"{{ .Get `alt` }}\">{{ .Inner }}</figure>\n",
        ),
        ("layouts/_shortcodes/callout.html", b"<div>{{ .Inner }}</div>\n"),
        ("content/posts/first-week.md", b"---\ntitle: My first week\n---\n\nHello.\n"),
        ("content/posts/lisbon.md", b"---\ntitle: Lisbon\n---\n\nHello.\n"),
    ]);
    let post = "content/posts/new.md";
    let front = "---\ntitle: New\n---\n\n";
    let names = completions(&site, post, &format!("{front}{{{{< fig"), "");
    assert_eq!(names, ["figcaption", "figure"], "site's and Hugo's");
    let removed = completions(&site, post, &format!("{front}{{{{< t"), "");
    assert!(
        removed.contains(&"tweet (removed)".to_string()),
        "{removed:?}"
    );
    let params = completions(&site, post, &format!("{front}{{{{< figcaption "), "");
    assert_eq!(params, ["src", "alt"]);
    let more = completions(
        &site,
        post,
        &format!("{front}{{{{< figcaption src=\"x.jpg\" a"),
        "",
    );
    assert_eq!(more, ["alt"]);
    let closing = completions(
        &site,
        post,
        &format!("{front}{{{{< callout >}}}}\n{{{{< figcaption src=\"y\" />}}}}\nText.\n{{{{< /"),
        "",
    );
    assert_eq!(closing, ["callout"]);
    let pages = completions(
        &site,
        post,
        &format!("{front}[x]({{{{< ref \"/posts/l"),
        "\" >}})",
    );
    assert_eq!(pages, ["/posts/lisbon.md"]);
    let keys = completions(&site, post, "---\ntitle: New\ndra", "\n---\n");
    assert_eq!(keys, ["draft"]);
}

#[test]
fn completion_of_jekyll_post_url_and_link() {
    let post = "_posts/2024-12-20-new.md";
    let site = Scratch::new(&[
        ("_config.yml", b"title: x\n"),
        (
            "_posts/2024-03-02-hello.md",
            b"---\ntitle: Hello\n---\n\nHi.\n",
        ),
        ("about.md", b"---\ntitle: About\n---\n\nMe.\n"),
    ]);
    let front = "---\ntitle: New\n---\n\n";
    let posts = completions(&site, post, &format!("{front}[a]({{% post_url 2024"), "");
    assert_eq!(posts, ["2024-03-02-hello"]);
    let files = completions(&site, post, &format!("{front}[b]({{% link ab"), "");
    assert_eq!(files, ["about.md"]);
}

/// On every corpus site, the server publishes for a file what
/// `postlint check FILE` reports for it (rule, line and message), one
/// file at a time in one server per site.
#[test]
fn the_server_agrees_with_check_on_the_corpus_sites() {
    let Some(root) = crate::common::corpus_root() else {
        return;
    };
    for site in crate::common::corpus_sites(&root) {
        let listed = crate::common::run_in(&site, &["check", "--show-files"]);
        let files: Vec<&str> = listed.stdout.lines().collect();
        assert!(!files.is_empty(), "{}", listed.all());
        let step = (files.len() / 6).max(1);
        let (mut client, _) = Client::start(json!({}));
        for relative in files.iter().step_by(step).take(6) {
            let path = site.join(relative);
            let text = std::fs::read_to_string(&path).unwrap();
            let uri = client.open(&path, &text);
            let published = client.published(&uri);
            client.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            );
            let mut served: Vec<(String, u64, String)> = published["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let message = d["message"].as_str().unwrap();
                    let message = message.split("\nhelp: ").next().unwrap();
                    (
                        d["code"].as_str().unwrap().to_string(),
                        d["range"]["start"]["line"].as_u64().unwrap() + 1,
                        message.to_string(),
                    )
                })
                .collect();
            // From the same folder as the server, whose messages name
            // other pages relative to it.
            let checked = crate::common::run_in(
                &std::env::current_dir().unwrap(),
                &["check", "--format", "json", &path.to_string_lossy()],
            );
            let mut expected: Vec<(String, u64, String)> = checked.json()["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    let cwd = std::env::current_dir().unwrap();
                    let shown = postlint::text::paths::resolve(&cwd, d["path"].as_str().unwrap());
                    shown == postlint::text::paths::resolve(Path::new("/"), &path.to_string_lossy())
                })
                .map(|d| {
                    (
                        d["code"].as_str().unwrap().to_string(),
                        d["line"].as_u64().unwrap(),
                        d["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            served.sort();
            expected.sort();
            assert_eq!(served, expected, "{}: {relative}", site.display());
        }
        assert_eq!(client.stop(), 0);
    }
}

#[test]
fn a_file_that_is_not_content_is_not_linted_and_the_log_says_why() {
    let site = Scratch::new(&[HUGO_CONFIG, ("README.md", b"# The blog\n\n<!-- more -->\n")]);
    let (mut client, _) = Client::start(json!({}));
    let readme = site.path().join("README.md");
    let uri = client.open(&readme, &std::fs::read_to_string(&readme).unwrap());
    let published = client.published(&uri);
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    let logged = client.notification("window/logMessage");
    assert!(
        logged["message"]
            .as_str()
            .unwrap()
            .contains("not content of the hugo site"),
        "{logged}"
    );
    assert_eq!(client.stop(), 0);
}

/// The codes last published for each of `uris`, once the server has
/// handled everything sent so far.
fn codes_of(client: &mut Client, uris: &[&str]) -> Vec<Vec<String>> {
    let _ = client.request("postlint/unknown", json!({}));
    uris.iter()
        .map(|uri| {
            let at = client
                .pending
                .iter()
                .rposition(|note| {
                    note.method == "textDocument/publishDiagnostics" && note.params["uri"] == *uri
                })
                .unwrap_or_else(|| panic!("nothing published for {uri}"));
            codes(&client.pending[at].params)
        })
        .collect()
}

#[test]
fn unsaved_buffers_are_the_site_the_other_buffers_see() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("content/posts/a.md", b"---\ntitle: A\n---\n\nHello.\n"),
        (
            "content/posts/b.md",
            b"---\ntitle: B\n---\n\nSee [a](/posts/renamed/).\n",
        ),
        ("content/posts/other.md", b"---\ntitle: Other\n---\n\nHi.\n"),
    ]);
    let (mut client, _) = Client::start(json!({}));
    let path = |name: &str| site.path().join("content/posts").join(name);
    let a = client.open(&path("a.md"), "---\ntitle: A\n---\n\nHello.\n");
    let b = client.open(
        &path("b.md"),
        &std::fs::read_to_string(path("b.md")).unwrap(),
    );
    assert_eq!(codes_of(&mut client, &[&b]), [["LNK002"]]);
    // A's unsaved front matter gives it the URL B links to: B is linted
    // again without being edited.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": a, "version": 2 },
                "contentChanges": [ { "text": "---\ntitle: A\nslug: renamed\n---\n\nHello.\n" } ] }),
    );
    assert_eq!(codes_of(&mut client, &[&b]), [Vec::<String>::new()]);
    // Another file saved: the site is learnt again, with A's buffer.
    site.write(
        "content/posts/other.md",
        b"---\ntitle: Other, edited\n---\n\nHi.\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri_of(&path("other.md")), "type": 2 } ] }),
    );
    assert_eq!(codes_of(&mut client, &[&b]), [Vec::<String>::new()]);
    // A new page, not saved yet, that B's new ref names.
    let c = client.open(&path("c.md"), "---\ntitle: C\n---\n\nNew.\n");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": b, "version": 2 },
                "contentChanges": [ { "text": "---\ntitle: B\n---\n\nSee [a](/posts/renamed/) and [c]({{< ref \"c.md\" >}}).\n" } ] }),
    );
    assert_eq!(codes_of(&mut client, &[&b]), [Vec::<String>::new()]);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": c } }),
    );
    assert_eq!(codes_of(&mut client, &[&b]), [["LNK001"]]);
    // A closed without being saved: its file has no slug, and B says so.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": a } }),
    );
    assert_eq!(codes_of(&mut client, &[&b]), [["LNK002", "LNK001"]]);
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_completion_replaces_the_path_typed_so_far() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/lisbon.md",
            b"---\ntitle: Lisbon\n---\n\nHello.\n",
        ),
    ]);
    let (mut client, _) = Client::start(json!({}));
    let path = site.path().join("content/posts/new.md");
    let before = "---\ntitle: New\n---\n\n[x]({{< ref \"/posts/li";
    let uri = client.open(&path, &format!("{before}\" >}})\n"));
    let list = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 4, "character": 22 } }),
        )
        .unwrap();
    assert_eq!(
        list["items"][0]["textEdit"],
        json!({ "range": { "start": { "line": 4, "character": 13 }, "end": { "line": 4, "character": 22 } },
                "newText": "/posts/lisbon.md" }),
        "{list}"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn definition_of_a_site_local_link_is_its_page() {
    let (mut client, _) = Client::start(json!({}));
    let post = hugo_post("further-reading.md");
    let (_, as_file) = hover_and_definition(&mut client, &post, "(first-week.md)", 3);
    assert_eq!(
        as_file["uri"],
        uri_of(&hugo_post("first-week.md")),
        "{as_file}"
    );
    let (hover, relative) = hover_and_definition(&mut client, &post, "(../lisbon-trip/)", 3);
    assert_eq!(
        relative["uri"],
        uri_of(&hugo_post("lisbon-trip/index.md")),
        "{relative}"
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("URL: `/posts/lisbon-trip/`"),
        "{hover}"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn completion_of_front_matter_values() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        (
            "content/posts/a.md",
            b"---\ntitle: A\ntags: [static-sites, go]\n---\n",
        ),
        (
            "content/posts/b.md",
            b"---\ntitle: B\ntags:\n  - static-sites\n---\n",
        ),
        (
            "postlint.toml",
            b"[[frontmatter.schemas]]\nglob = \"content/posts/**\"\nschema = \"post.json\"\n",
        ),
        (
            "post.json",
            br#"{"type": "object", "properties": {"mood": {"enum": ["calm", "cheerful"]}}}"#,
        ),
    ]);
    let post = "content/posts/new.md";
    let inline = completions(&site, post, "---\ntitle: New\ntags: [go, sta", "]\n---\n");
    assert_eq!(inline, ["static-sites"]);
    let listed = completions(&site, post, "---\ntitle: New\ntags:\n  - ", "\n---\n");
    assert_eq!(listed, ["static-sites", "go"], "the most used first");
    let draft = completions(&site, post, "---\ntitle: New\ndraft: ", "\n---\n");
    assert_eq!(draft, ["true", "false"]);
    let mood = completions(&site, post, "---\ntitle: New\nmood: c", "\n---\n");
    assert_eq!(mood, ["calm", "cheerful"]);
}

#[test]
fn completion_of_image_paths() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("static/images/harbour.jpg", b"jpg"),
        ("static/images/notes.txt", b"text"),
        ("content/posts/trip/index.md", b"---\ntitle: Trip\n---\n"),
        ("content/posts/trip/tiles.png", b"png"),
    ]);
    let bundle = "content/posts/trip/index.md";
    let all = completions(&site, bundle, "---\ntitle: Trip\n---\n\n![Tiles](", ")\n");
    assert_eq!(all, ["/images/harbour.jpg", "tiles.png"]);
    let figure = completions(
        &site,
        bundle,
        "---\ntitle: Trip\n---\n\n{{< figure alt=\"x\" src=\"/images/h",
        "\" >}}\n",
    );
    assert_eq!(figure, ["/images/harbour.jpg"]);
    // A page that is not a bundle has no files of its own.
    let plain = completions(
        &site,
        "content/posts/plain.md",
        "---\ntitle: P\n---\n\n![x](",
        ")\n",
    );
    assert_eq!(plain, ["/images/harbour.jpg"]);
}

#[test]
fn a_pulling_client_is_asked_to_pull_again_when_another_page_changes() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("content/posts/a.md", b"---\ntitle: A\n---\n\nHello.\n"),
    ]);
    let (mut client, _) = Client::start(json!({
        "textDocument": { "diagnostic": {} },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    }));
    let a = site.path().join("content/posts/a.md");
    let uri = client.open(&a, "---\ntitle: A\n---\n\nHello.\n");
    let _ = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    // The server's request to the client comes before the answer to this.
    let id = client.send_request("postlint/unknown", json!({}));
    let mut refresh = false;
    loop {
        match client
            .connection
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answers")
        {
            Message::Request(request) => {
                refresh |= request.method == "workspace/diagnostic/refresh"
            }
            Message::Response(response) if response.id == id => break,
            _ => {}
        }
    }
    assert!(refresh, "no workspace/diagnostic/refresh");
    assert_eq!(client.stop(), 0);
}

#[test]
fn an_image_added_on_disk_settles_a_missing_image() {
    settled_on_disk(
        b"---\ntitle: A\n---\n\n![A cat](/img/cat.png)\n",
        "IMG002",
        ("static/img/cat.png", b"\x89PNG"),
    );
}

#[test]
fn the_server_asks_to_hear_of_every_file_a_page_may_need() {
    let (mut client, _) = Client::start(json!({
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
    }));
    let id = client.send_request("postlint/unknown", json!({}));
    let mut globs = Vec::new();
    loop {
        match client
            .connection
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answers")
        {
            Message::Request(request) if request.method == "client/registerCapability" => {
                for registration in request.params["registrations"].as_array().unwrap() {
                    for watcher in registration["registerOptions"]["watchers"]
                        .as_array()
                        .unwrap()
                    {
                        globs.push(watcher["globPattern"].as_str().unwrap().to_string());
                    }
                }
            }
            Message::Response(response) if response.id == id => break,
            _ => {}
        }
    }
    for file in [
        "content/posts/a.md",
        "hugo.toml",
        "layouts/_shortcodes/note.html",
        "static/img/cat.png",
        "assets/report.pdf",
        "schemas/post.json",
    ] {
        assert!(
            globs.iter().any(|glob| {
                globset::GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .unwrap()
                    .compile_matcher()
                    .is_match(file)
            }),
            "{file} is not watched: {globs:?}"
        );
    }
    assert_eq!(client.stop(), 0);
}

#[test]
fn what_the_server_writes_to_its_cache_lints_nothing_again() {
    let site = Scratch::new(&[
        HUGO_CONFIG,
        ("content/posts/a.md", b"---\ntitle: A\n---\n\nHello.\n"),
    ]);
    // The editor names a cache folder inside the site.
    let (mut client, _) = Client::start_with(
        json!({}),
        json!({ "cacheDir": site.path().join("editor-cache") }),
    );
    let a = site.path().join("content/posts/a.md");
    let uri = client.open(&a, &std::fs::read_to_string(&a).unwrap());
    client.published(&uri);
    for changed in [
        "editor-cache/pages.bin",
        ".postlint_cache/files-00.bin",
        "public/index.html",
        ".DS_Store",
    ] {
        client.changed_to_no_effect(&site.path().join(changed));
    }
    // A page's change does.
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri_of(&site.path().join("content/posts/b.md")), "type": 1 } ] }),
    );
    client.published(&uri);
    assert_eq!(client.stop(), 0);
}

/// A build into the folder the site's config names (Hugo `publishDir`,
/// Jekyll `destination`) while a page is open lints nothing again; a page
/// of the site still does.
#[test]
fn a_build_into_the_configured_output_folder_lints_nothing_again() {
    builds_lint_nothing_again(
        &[
            (
                "hugo.toml",
                b"baseURL = 'https://example.org/'\npublishDir = 'docs'\n",
            ),
            ("content/posts/a.md", b"---\ntitle: A\n---\n\nHello.\n"),
        ],
        "content/posts/a.md",
        "docs/posts/a/index.html",
    );
    builds_lint_nothing_again(
        &[
            ("_config.yml", b"title: T\ndestination: out\n"),
            ("_posts/2024-01-01-a.md", b"---\ntitle: A\n---\n\nHello.\n"),
        ],
        "_posts/2024-01-01-a.md",
        "out/2024/01/01/a.html",
    );
}

/// With `page` of the site of `files` open, a file `built` on disk is
/// linted nothing again, and a new page beside `page` is.
fn builds_lint_nothing_again(files: &[(&str, &[u8])], page: &str, built: &str) {
    let site = Scratch::new(files);
    let (mut client, _) = Client::start(json!({}));
    let path = site.path().join(page);
    let uri = client.open(&path, &std::fs::read_to_string(&path).unwrap());
    client.published(&uri);
    client.changed_to_no_effect(&site.path().join(built));
    let other = path.with_file_name("2024-01-02-b.md");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri_of(&other), "type": 1 } ] }),
    );
    client.published(&uri);
    assert_eq!(client.stop(), 0);
}
