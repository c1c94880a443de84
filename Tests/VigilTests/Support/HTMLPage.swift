import VigilSyntax

/// A minimal reading of an HTML page as Vigil writes it: its tables, each under the `<h2>`
/// heading before it, with named columns and the text of every cell, and the items of its
/// lists. Written for the tests, independently of the writer: tags, attributes in double
/// quotes, the five entities the writer escapes, and `<wbr>` ignored.
struct HTMLPage {
  /// One tag or one run of text.
  enum Token: Equatable {
    case open(String, [String: String])
    case close(String)
    case text(String)
  }

  /// A table: its heading, its columns (a column under a group header is `group/column`),
  /// and its body's rows, one text per cell.
  struct Table: Equatable {
    var heading: String
    var columns: [String] = []
    var rows: [[String]] = []

    /// The rows as dictionaries from column names to texts.
    var records: [[String: String]] {
      rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
    }
  }

  var tables: [Table] = []
  /// The items of every `<ul>`, each the texts of its `<b>` and of the rest.
  var listItems: [(bold: String, text: String)] = []

  init(_ html: String) {
    var heading = ""
    var table: Table?
    var headerRows: [[(text: String, span: Int, rowSpan: Int)]] = []
    var row: [String] = []
    var cell: String?
    var header: (text: String, span: Int, rowSpan: Int)?
    var item: (bold: String, text: String)?
    var inBold = false
    var inHeading = false
    var inCaption = false
    var inHead = false
    var skipping: String?
    for token in Self.tokens(html) {
      if let tag = skipping {
        if token == .close(tag) { skipping = nil }
        continue
      }
      switch token {
      case .open("script", _): skipping = "script"
      case .open("style", _): skipping = "style"
      case .open("caption", _):
        inCaption = true
        table?.heading = ""
      case .close("caption"): inCaption = false
      case .open("thead", _): inHead = true
      case .close("thead"): inHead = false
      case .open("th", _) where !inHead && table != nil: cell = ""
      case .close("th") where !inHead && table != nil:
        row.append(cell ?? "")
        cell = nil
      case .open("h2", _):
        inHeading = true
        heading = ""
      case .close("h2"): inHeading = false
      case .open("table", _):
        table = Table(heading: heading)
        headerRows = []
      case .close("table"):
        if var done = table {
          done.columns = Self.columns(headerRows)
          tables.append(done)
        }
        table = nil
      case .open("tr", _):
        row = []
        headerRows.append([])
      case .close("tr"):
        if headerRows.last?.isEmpty == true { headerRows.removeLast() }
        if !row.isEmpty { table?.rows.append(row) }
      case .open("td", _): cell = ""
      case .close("td"):
        row.append(cell ?? "")
        cell = nil
      case .open("th", let attributes):
        header = (
          "", Int(attributes["colspan"] ?? "1") ?? 1, Int(attributes["rowspan"] ?? "1") ?? 1
        )
      case .close("th"):
        if let done = header { headerRows[headerRows.count - 1].append(done) }
        header = nil
      case .open("li", _): item = ("", "")
      case .close("li"):
        if let done = item { listItems.append(done) }
        item = nil
      case .open("b", _): inBold = true
      case .close("b"): inBold = false
      case .text(let text):
        if inHeading { heading += text }
        if inCaption { table?.heading += text }
        cell? += text
        header?.text += text
        if inBold { item?.bold += text } else { item?.text += text }
      default: break
      }
    }
  }

  /// The table under `heading`, if there is exactly one.
  func table(_ heading: String) -> Table? {
    let found = tables.filter { $0.heading == heading }
    return found.count == 1 ? found[0] : nil
  }

  /// The names of the columns of a header of one or two rows: a header spanning two rows
  /// names its column; one spanning N columns names a group of the next N of the second row.
  static func columns(_ rows: [[(text: String, span: Int, rowSpan: Int)]]) -> [String] {
    guard let first = rows.first else { return [] }
    var second = rows.count > 1 ? rows[1][...] : []
    var names: [String] = []
    for header in first {
      guard header.span > 1 else {
        names.append(header.text)
        continue
      }
      names += second.prefix(header.span).map { "\(header.text)/\($0.text)" }
      second = second.dropFirst(header.span)
    }
    return names
  }

  /// The tags and texts of `html`, entities decoded; comments, doctype and `<wbr>` left out.
  static func tokens(_ html: String) -> [Token] {
    var tokens: [Token] = []
    var rest = Substring(html)
    while let first = rest.first {
      if first == "<", let end = rest.firstIndex(of: ">") {
        let inner = rest[rest.index(after: rest.startIndex)..<end]
        rest = rest[rest.index(after: end)...]
        if inner.hasPrefix("/") {
          tokens.append(.close(String(inner.dropFirst())))
        } else if !inner.hasPrefix("!") {
          let name = String(inner.prefix { $0 != " " && $0 != "/" })
          guard name != "wbr" else { continue }
          var attributes: [String: String] = [:]
          for match in inner.matches(of: /([a-z-]+)="([^"]*)"/) {
            attributes[String(match.1)] = decoded(String(match.2))
          }
          tokens.append(.open(name, attributes))
        }
      } else {
        let end = rest.dropFirst().firstIndex(of: "<") ?? rest.endIndex
        let text = decoded(String(rest[..<end]))
        if case .text(let before) = tokens.last {
          tokens[tokens.count - 1] = .text(before + text)
        } else {
          tokens.append(.text(text))
        }
        rest = rest[end...]
      }
    }
    return tokens
  }

  /// `text` with the entities `&lt; &gt; &quot; &#39; &amp;` decoded.
  static func decoded(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}
