import Foundation

/// What the server is told by the editor's `initializationOptions`, or else by a `vigil.json`
/// in the workspace's folder:
///
///     {"sample": "data/complaints.csv", "diagnosticsDelay": 10}
///
/// `sample` is a data file (JSON Lines or CSV, relative to the workspace's folder) whose
/// field names completion offers; `diagnosticsDelay` the milliseconds after the last change
/// before a document's diagnostics are published.
package struct ServerSettings: Sendable, Equatable {
  /// The sample data's absolute path.
  package var sample: String?
  package var diagnosticsDelay: Int?
  /// What was wrong with the settings given, for the log.
  package var problems: [String] = []

  package init(sample: String? = nil, diagnosticsDelay: Int? = nil) {
    self.sample = sample
    self.diagnosticsDelay = diagnosticsDelay
  }

  /// The settings `options` give, else those of `folder/vigil.json`, else none.
  package static func load(options: JSON?, folder: String?) -> ServerSettings {
    if let options, options.isObject {
      return ServerSettings(options, folder: folder, from: "initializationOptions")
    }
    guard let folder else { return ServerSettings() }
    let path = (folder as NSString).appendingPathComponent("vigil.json")
    guard let data = FileManager.default.contents(atPath: path) else { return ServerSettings() }
    do {
      return ServerSettings(try JSONReader.read([UInt8](data)), folder: folder, from: path)
    } catch {
      var settings = ServerSettings()
      settings.problems = ["\(path) is not JSON (\(error)): its settings are ignored"]
      return settings
    }
  }

  private init(_ json: JSON, folder: String?, from origin: String) {
    if let sample = json["sample"] {
      if let path = sample.string {
        self.sample =
          path.hasPrefix("/") || folder == nil
          ? path : ((folder ?? "") as NSString).appendingPathComponent(path)
      } else {
        problems.append("\(origin): \"sample\" must be a path, as a string")
      }
    }
    if let delay = json["diagnosticsDelay"] {
      if let milliseconds = delay.integer, (0...10_000).contains(milliseconds) {
        diagnosticsDelay = milliseconds
      } else {
        problems.append("\(origin): \"diagnosticsDelay\" must be milliseconds from 0 to 10000")
      }
    }
  }
}
