/// A table of the HTML report: a caption, columns (some under a group heading), rows whose
/// first cell is the row's header, numbers right-aligned. A sortable table gets a button in
/// each column heading (the page's script sorts by it); a filterable one a search field.
package struct HTMLTable {
  /// A column: its heading, whether it holds numbers, and the group heading above it.
  package struct Column {
    package var name: String
    package var numeric: Bool
    package var group: String?

    package init(_ name: String, numeric: Bool = false, group: String? = nil) {
      self.name = name
      self.numeric = numeric
      self.group = group
    }
  }

  /// A cell: its text as shown, the value it sorts by (when not its text), its tooltip.
  package struct Cell {
    package var text: String
    package var sort: String?
    package var title: String?
    /// A link to a section of the page (`#party-3`).
    package var href: String?

    package init(_ text: String, sort: String? = nil, title: String? = nil, href: String? = nil) {
      self.text = text
      self.sort = sort
      self.title = title
      self.href = href
    }

    /// A count: shown with separators, sorted by its value.
    package static func count(_ value: Int) -> Cell {
      Cell(ReadableValues.count(value), sort: "\(value)")
    }
  }

  package var caption: String
  package var id: String
  package var columns: [Column]
  package var rows: [[Cell]] = []
  package var sortable = true
  package var filterable = false
  /// The filter field's label (`Find a party`).
  package var filterLabel = "Filter the rows"
  /// Classes of the rows, by index (for the script's filters and for styling).
  package var rowClasses: [Int: String] = [:]

  package init(caption: String, id: String, columns: [Column]) {
    self.caption = caption
    self.id = id
    self.columns = columns
  }

  package var html: String {
    let escape = AccountabilityHTML.escape
    guard !rows.isEmpty else {
      return "<p class=\"note\">\(escape(caption)): none.</p>\n"
    }
    var out = ""
    if filterable {
      out += "<p class=\"filter\"><label>\(escape(filterLabel)) "
      out += "<input type=\"search\" data-filter=\"\(id)\" placeholder=\"text in any column\">"
      out +=
        "</label> <output data-count=\"\(id)\">\(rows.count) of \(rows.count) rows</output></p>\n"
    }
    out += "<div class=\"wrap\"><table id=\"\(id)\"\(sortable ? " class=\"sortable\"" : "")>\n"
    out += "<caption>\(escape(caption))</caption>\n<thead>" + header + "</thead>\n<tbody>\n"
    for (index, row) in rows.enumerated() {
      out += rowClasses[index].map { "<tr class=\"\($0)\">" } ?? "<tr>"
      for (column, cell) in row.enumerated() {
        let tag = column == 0 ? "th scope=\"row\"" : "td"
        var attributes = columns[column].numeric ? " class=\"num\"" : ""
        if let sort = cell.sort { attributes += " data-sort=\"\(escape(sort))\"" }
        if let title = cell.title { attributes += " title=\"\(escape(title))\"" }
        var content = AccountabilityHTML.breakable(escape(cell.text))
        if let href = cell.href { content = "<a href=\"\(escape(href))\">\(content)</a>" }
        out += "<\(tag)\(attributes)>\(content)</\(column == 0 ? "th" : "td")>"
      }
      out += "</tr>\n"
    }
    return out + "</tbody>\n</table></div>\n"
  }

  /// One header row, or two when some columns are under a group heading.
  private var header: String {
    let escape = AccountabilityHTML.escape
    let grouped = columns.contains { $0.group != nil }
    var upper = "<tr>"
    var lower = ""
    var index = 0
    while index < columns.count {
      let column = columns[index]
      guard let group = column.group else {
        upper +=
          "<th scope=\"col\"\(grouped ? " rowspan=\"2\"" : "")\(cls(column)) data-col=\"\(index)\">"
        upper += escape(column.name) + "</th>"
        index += 1
        continue
      }
      let span = columns[index...].prefix { $0.group == group }.count
      upper += "<th scope=\"colgroup\" colspan=\"\(span)\" class=\"group\">\(escape(group))</th>"
      for (offset, member) in columns[index..<index + span].enumerated() {
        lower += "<th scope=\"col\"\(cls(member)) data-col=\"\(index + offset)\">"
        lower += escape(member.name) + "</th>"
      }
      index += span
    }
    return upper + (lower.isEmpty ? "</tr>" : "</tr>\n<tr>\(lower)</tr>")
  }

  private func cls(_ column: Column) -> String { column.numeric ? " class=\"num\"" : "" }
}
