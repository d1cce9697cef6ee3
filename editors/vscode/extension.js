// Starts `postlint server` for Markdown files; everything else (diagnostics,
// quick fixes, hover, completion, go to definition) is the protocol's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("postlint").get("path") || "postlint";
  client = new LanguageClient(
    "postlint",
    "postlint",
    { command, args: ["server"] },
    { documentSelector: [{ scheme: "file", language: "markdown" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
