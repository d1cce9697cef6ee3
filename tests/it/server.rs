//! `postlint server`, the language server: a client on one end of an
//! in-memory connection and the real server (`postlint::server::serve`) on
//! the other, on the fixture sites; and the binary over stdio.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
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
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
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

    /// The diagnostics next published for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Value {
        loop {
            let params = self.notification("textDocument/publishDiagnostics");
            if params["uri"] == uri {
                return params;
            }
        }
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
    let published = client.diagnostics_for(&uri);
    insta::assert_snapshot!(shown(&published));
    assert_eq!(client.stop(), 0);
}

#[test]
fn edits_are_linted_as_typed_in_utf16_positions() {
    let (mut client, _) = Client::start(json!({}));
    let path = hugo_post("shortcode-never-closed.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, &text);
    let first = client.diagnostics_for(&uri);
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
    let second = client.diagnostics_for(&uri);
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
    let published = client.diagnostics_for(&uri);
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

#[test]
fn another_page_created_on_disk_settles_a_broken_ref() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntitle = 'x'\n",
        ),
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n\nSee [b]({{< relref \"b.md\" >}}).\n",
        ),
    ]);
    let (mut client, _) = Client::start(json!({}));
    let a = site.path().join("content/posts/a.md");
    let uri = client.open(&a, &std::fs::read_to_string(&a).unwrap());
    let before = client.diagnostics_for(&uri);
    assert_eq!(before["diagnostics"][0]["code"], "LNK001", "{before}");
    site.write("content/posts/b.md", b"---\ntitle: B\n---\n\nHello.\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri_of(&site.path().join("content/posts/b.md")), "type": 1 } ] }),
    );
    let after = client.diagnostics_for(&uri);
    assert_eq!(after["diagnostics"], json!([]), "{after}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_config_change_is_read_again() {
    let site = Scratch::new(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.org/'\ntitle = 'x'\n",
        ),
        (
            "content/posts/a.md",
            b"---\ntitle: A\n---\n\nFirst.\n\n<!-- more -->\n\nRest.\n",
        ),
    ]);
    let (mut client, _) = Client::start(json!({}));
    let a = site.path().join("content/posts/a.md");
    let uri = client.open(&a, &std::fs::read_to_string(&a).unwrap());
    let before = client.diagnostics_for(&uri);
    assert_eq!(before["diagnostics"][0]["code"], "EX002", "{before}");
    site.write("postlint.toml", b"[rules]\nignore = [\"EX002\"]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri_of(&site.path().join("postlint.toml")), "type": 1 } ] }),
    );
    let after = client.diagnostics_for(&uri);
    assert_eq!(after["diagnostics"], json!([]), "{after}");
    assert_eq!(client.stop(), 0);
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
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
