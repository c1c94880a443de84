import Foundation

/// A new, empty folder under the system's temporary folder, named `vigil-PREFIX-UUID`; the
/// test removes it when done.
func temporaryFolder(_ prefix: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("vigil-\(prefix)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
