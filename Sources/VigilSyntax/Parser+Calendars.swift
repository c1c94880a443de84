import VigilCore

/// Parsing `calendar name:` blocks:
///
///     calendar support_hours:
///       monday to friday "09:00-12:30", "13:30-17:00"
///       saturday "10:00-14:00"
///       zone "Europe/London"
///       holidays "2026-12-25", "2026-12-26"
///       from "2027-03-01":
///         monday to friday "08:00-18:00"
extension Parser {
  /// The weekdays' names, Monday first.
  package static let weekdays = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]

  package mutating func parseCalendar() throws(ParseError) -> CalendarDecl {
    let start = advance().range.start
    let (name, nameRange) = try expectName(what: "a calendar name")
    var decl = CalendarDecl(name: name, nameRange: nameRange, range: SourceRange(start, 0))
    if isWord("by") {
      advance()
      decl.selector = try parseAdditive()
    }
    guard current.isSymbol(.colon) && !atStatementBoundary else {
      throw error("expected ':' after the calendar's name", help: "calendar \(name):")
    }
    advance()
    var end = nameRange.end
    let blockIndent = statementIndent
    var blockHadErrors = false
    while !current.kind.isEnd && current.startsLine && current.indent > blockIndent {
      beginStatement()
      do {
        if decl.selector != nil {
          try parseCalendarChoice(into: &decl)
        } else if isWord("from") {
          try parseCalendarVersion(into: &decl)
        } else {
          if let version = decl.versions.last {
            report(
              .badCalendar, "this line comes after a version of the calendar", current.range,
              help: "write the calendar's own lines first, and indent a version's lines under "
                + "its 'from \"\(version.effective?.text ?? "…")\":'")
          }
          try parseCalendarLine(into: &decl)
        }
        end = tokens[index - 1].range.end
        try expectStatementEnd()
      } catch {
        blockHadErrors = true
        skipStatement()
      }
    }
    decl.range = SourceRange(start, end)
    if decl.selector != nil {
      if decl.choices.isEmpty && decl.fallback == nil && !blockHadErrors {
        report(
          .badCalendar, "calendar '\(name)' chooses no calendar", nameRange,
          help: "indent lines such as: \"phones\" → phone_hours, and otherwise → office_hours")
      }
    } else if decl.hours.isEmpty && !blockHadErrors {
      report(
        .badCalendar, "calendar '\(name)' has no working hours", nameRange,
        help: "indent a line such as: monday to friday \"09:00-17:00\"")
    }
    return decl
  }

  /// `from "2027-03-01":` and its indented lines: the calendar as it is from then on.
  private mutating func parseCalendarVersion(into decl: inout CalendarDecl) throws(ParseError) {
    let start = advance().range.start
    let help = "from \"2027-01-01\":, and under it the lines that change"
    guard case .string(let text) = current.kind, !atStatementBoundary else {
      throw error("expected the date the version takes effect, in quotes", help: help)
    }
    let effectiveRange = advance().range
    guard current.isSymbol(.colon) && !atStatementBoundary else {
      throw error(
        "expected ':' after the version's date", at: current.startsLine ? effectiveRange : nil,
        help: help)
    }
    var end = advance().range.end
    var version = CalendarDecl(
      name: decl.name, nameRange: decl.nameRange, range: SourceRange(start, 0))
    version.effective = (text, effectiveRange)
    let versionIndent = statementIndent
    var hadErrors = false
    while !current.kind.isEnd && current.startsLine && current.indent > versionIndent {
      beginStatement()
      do {
        if isWord("from") {
          throw error(
            "a version has no versions of its own",
            help: "write each version under the calendar, at the same indent as the first")
        }
        try parseCalendarLine(into: &version)
        end = tokens[index - 1].range.end
        try expectStatementEnd()
      } catch {
        hadErrors = true
        skipStatement()
      }
    }
    version.range = SourceRange(start, end)
    if !hadErrors && version.hours.isEmpty && version.zone == nil && version.holidays.isEmpty
      && version.holidayFiles.isEmpty
    {
      report(
        .badCalendar, "the version from \"\(text)\" changes nothing", effectiveRange,
        help: "indent under it the lines that change, such as: monday to friday \"08:00-18:00\"")
    }
    decl.versions.append(version)
    // The lines of the version are this statement's: the calendar's next line starts at its
    // own indent.
    statementIndent = versionIndent
  }

  /// `"phones" → phone_hours` or `otherwise → office_hours`.
  private mutating func parseCalendarChoice(into decl: inout CalendarDecl) throws(ParseError) {
    let start = current.range.start
    var value: String?
    if case .string(let text) = current.kind {
      value = text
    } else if !isWord("otherwise") {
      throw error(
        "expected a value in quotes, or otherwise", help: "\"phones\" → phone_hours")
    }
    advance()
    guard current.isSymbol(.arrow) && !atStatementBoundary else {
      throw error("expected '→' and a calendar's name", help: "\"phones\" → phone_hours")
    }
    advance()
    let (calendar, range) = try expectName(what: "a calendar's name")
    if let value {
      decl.choices.append((value, calendar, SourceRange(start, range.end)))
    } else {
      decl.fallback = (calendar, range)
    }
  }

  private mutating func parseCalendarLine(into decl: inout CalendarDecl) throws(ParseError) {
    let start = current.range.start
    if isWord("zone") {
      advance()
      guard case .string(let zone) = current.kind, !atStatementBoundary else {
        throw error("expected a time zone in quotes after 'zone'", help: "zone \"Europe/London\"")
      }
      if decl.zone != nil { report(.badCalendar, "a calendar has one zone", current.range) }
      decl.zone = (zone, advance().range)
      return
    }
    if isWord("holidays") {
      advance()
      if isWord("from") {
        // `holidays from "holidays.txt"`: one date a line, relative to this file.
        advance()
        guard case .string(let path) = current.kind, !atStatementBoundary else {
          throw error(
            "expected a file name in quotes after 'holidays from'",
            help: "holidays from \"holidays.txt\"")
        }
        decl.holidayFiles.append((path, advance().range))
        return
      }
      repeat {
        guard case .string(let date) = current.kind, !atStatementBoundary else {
          throw error(
            "expected a date in quotes", help: "holidays \"2026-12-25\", \"2026-12-26\"")
        }
        decl.holidays.append((date, advance().range))
        guard current.isSymbol(.comma) && !atStatementBoundary else { break }
        advance()
      } while true
      return
    }
    let days = try parseDays()
    var intervals: [String] = []
    var ranges: [SourceRange] = []
    repeat {
      guard case .string(let text) = current.kind, !atStatementBoundary else {
        throw error(
          "expected working hours in quotes",
          help: "monday to friday \"09:00-12:30\", \"13:30-17:00\"")
      }
      intervals.append(text)
      ranges.append(advance().range)
      guard current.isSymbol(.comma) && !atStatementBoundary else { break }
      advance()
    } while true
    decl.hours.append(
      CalendarDecl.Hours(
        days: days, intervals: intervals, ranges: ranges,
        range: SourceRange(start, ranges.last?.end ?? start)))
  }

  /// `monday`, `monday to friday`, or `monday, wednesday`.
  private mutating func parseDays() throws(ParseError) -> [Int] {
    var days: [Int] = []
    repeat {
      let first = try weekday()
      if isWord("to") {
        advance()
        let last = try weekday()
        guard last >= first else {
          throw error(
            "a range of days runs forward, from monday to sunday", help: "monday to friday")
        }
        days += Array(first...last)
      } else {
        days.append(first)
      }
      guard current.isSymbol(.comma), case .identifier = peek(1).kind else { break }
      advance()
    } while true
    return days
  }

  private mutating func weekday() throws(ParseError) -> Int {
    guard let word = current.identifier, !atStatementBoundary,
      let day = Parser.weekdays.firstIndex(of: word.lowercased())
    else {
      let close = current.identifier.flatMap { Suggestions.closest(to: $0, in: Parser.weekdays) }
      throw error(
        "expected a weekday, zone or holidays",
        help: (close.map { "did you mean '\($0)'? " } ?? "")
          + "a calendar's lines are: monday to friday \"09:00-17:00\", zone \"…\", holidays \"…\"")
    }
    advance()
    return day
  }
}
