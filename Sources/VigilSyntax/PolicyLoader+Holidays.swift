import Foundation

/// A holidays file named by a calendar: the policy file's name and the path as written.
package struct HolidaysKey: Hashable, Sendable {
  package var file: String
  package var path: String

  /// Makes one from its parts.
  package init(file: String, path: String) {
    self.file = file
    self.path = path
  }
}

/// A holidays file as the loader found it.
package enum HolidaysText: Sendable {
  /// Its text.
  case text(String)
  /// It cannot be read (missing, or not UTF-8).
  case unreadable
  /// It may not be read: outside the root, or past the policy set's size limit (already
  /// reported).
  case refused
}

/// Reading the holidays files of calendars (`holidays from "…"`), inside the root.
extension PolicyLoader {
  /// Reads the holidays files the calendars of `file` name, each once, for the checker (which
  /// reports those it cannot read) and the digest.
  package mutating func readHolidays(of file: PolicyFile, root: IncludeRoot?) {
    let source = file.source
    for case .calendar(let calendar) in file.items {
      for (written, range) in calendar.holidayFiles + calendar.versions.flatMap(\.holidayFiles) {
        let key = HolidaysKey(file: source.file, path: written)
        guard holidays[key] == nil else { continue }
        holidays[key] = read(written, range, of: source, root: root)
      }
    }
  }

  private mutating func read(
    _ written: String, _ range: SourceRange, of source: Source, root: IncludeRoot?
  ) -> HolidaysText {
    guard let root else {
      refuse(
        "holidays files are not read here: the policies were given as text, with no root folder",
        source, range,
        help: "give the policy set a root folder to read files from"
          + (textRootHint.map { " (\($0))" } ?? "") + ", or list the dates:"
          + " holidays \"2026-12-25\"")
      return .refused
    }
    switch root.resolve(written, from: source.file) {
    case .outside(let escape):
      refuse(
        Self.outsideMessage("holidays file", written, escape, root), source, range,
        help: Self.outsideHelp(root, escape, rootOption: rootOption))
      return .refused
    case .missing:
      return .unreadable
    case .inside(let location):
      let full = Self.path(written, relativeTo: source.file)
      let key = Self.key(full)
      if let known = holidaysRead[key] { return known }
      let text: HolidaysText
      switch readWithinLimit(location) {
      case .tooLarge(let size, let atLeast):
        tooLarge(
          "the holidays file '\(written)'", size: size, atLeast: atLeast, source: source, range)
        text = .refused
      case .unreadable:
        text = .unreadable
      case .bytes(let data):
        guard let decoded = String(data: data, encoding: .utf8) else {
          text = .unreadable
          break
        }
        if !sources.contains(where: { $0.absolutePath == key }) {
          sources.append(PolicySource(path: full, kind: .holidays, bytes: [UInt8](data)))
        }
        text = .text(decoded)
      }
      holidaysRead[key] = text
      return text
    }
  }
}
