// Starts `vigil lsp` for .vigil files, with the settings of package.json as its
// initializationOptions.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("vigil");
  const options = { diagnosticsDelay: settings.get("diagnosticsDelay") };
  if (settings.get("sample")) options.sample = settings.get("sample");
  client = new LanguageClient(
    "vigil",
    "Vigil",
    { command: settings.get("path"), args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "vigil" }], initializationOptions: options },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
