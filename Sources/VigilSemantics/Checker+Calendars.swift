import Foundation
import VigilCore
import VigilSyntax

/// Checking calendars: their declarations, and `… in NAME` comparisons that count in them.
extension Checker {
  /// Builds every declared calendar; reports what cannot be used.
  package mutating func collectCalendars() {
    // Calendars of hours first, then those that choose among them.
    for choosing in [false, true] {
      for file in files {
        source = file.source
        for case .calendar(let decl) in file.items where (decl.selector != nil) == choosing {
          if calendars[decl.name] != nil {
            report(
              .badCalendar, "a calendar named '\(decl.name)' already exists", decl.nameRange,
              help: "give each calendar its own name")
            continue
          }
          if choosing {
            if let choice = checkChoice(decl) { calendars[decl.name] = choice }
          } else if let calendar = checkCalendar(decl) {
            calendars[decl.name] = CalendarChoice(name: decl.name, fixed: calendar)
          }
          if calendars[decl.name] == nil { invalidCalendars.insert(decl.name) }
        }
      }
    }
    source = files.first?.source ?? source
  }

  /// `calendar NAME by EXPR:` and its choices, among calendars of hours.
  private mutating func checkChoice(_ decl: CalendarDecl) -> CalendarChoice? {
    // INVARIANT: only called for a declaration with a selector.
    let (selector, _) = check(decl.selector!, hint: nil)
    var choice = CalendarChoice(name: decl.name, selector: selector)
    var valid = true
    func calendar(_ name: String, _ range: SourceRange) -> BusinessCalendar? {
      if let fixed = calendars[name]?.fixed { return fixed }
      valid = false
      if invalidCalendars.contains(name) { return nil }
      let close = Suggestions.closest(
        to: name, in: calendars.filter { $0.value.fixed != nil }.keys.sorted())
      report(
        .badCalendar, "no calendar of working hours named '\(name)'", range,
        help: close.map { "did you mean '\($0)'?" } ?? "choose among calendars with hours")
      return nil
    }
    var seen: Set<String> = []
    for (value, name, range) in decl.choices {
      if !seen.insert(value).inserted {
        report(.badCalendar, "'\(value)' is given twice", range, help: "keep one of them")
        valid = false
      }
      choice.byValue[value] = calendar(name, range)
    }
    if let (name, range) = decl.fallback { choice.fallback = calendar(name, range) }
    return valid ? choice : nil
  }

  /// A calendar of hours and its versions, each version keeping what it does not change
  /// from the one before it.
  private mutating func checkCalendar(_ decl: CalendarDecl) -> BusinessCalendar? {
    guard var calendar = calendarParts(decl, after: nil) else { return nil }
    var previous = calendar
    var previousText = ""
    var valid = true
    for version in decl.versions {
      // INVARIANT: the parser sets a version's date.
      let (text, range) = version.effective!
      guard let parts = calendarParts(version, after: previous) else {
        valid = false
        continue
      }
      guard let from = effectiveInstant(text, zone: parts.zone) else {
        report(
          .badCalendar, "'\(text)' is not a date or an instant", range,
          help: "write from \"2027-01-01\": (from midnight in the calendar's zone), or an "
            + "instant such as from \"2027-01-01T06:00:00Z\":")
        valid = false
        continue
      }
      if let last = calendar.versions.last, from <= last.from {
        report(
          .badCalendar, "a version takes effect after the one before it", range,
          help: "list the versions in the order they take effect: this one after the one "
            + "from \"\(previousText)\" (\(TimeParsing.formatISO8601(last.from)))")
        valid = false
        continue
      }
      calendar.versions.append((from, parts))
      previous = parts
      previousText = text
    }
    return valid ? calendar : nil
  }

  /// When a version takes effect: a date's first instant in the version's zone, or an
  /// instant with its offset.
  private func effectiveInstant(_ text: String, zone: ZoneRules) -> Int64? {
    if let day = Self.date(text) { return zone.firstInstant(reading: day * CivilTime.msPerDay) }
    if case .time(let instant) = TimeParsing.parseISO8601(text) { return instant }
    return nil
  }

  /// What `decl` gives of a calendar, its zone, hours and holidays; for a version, the
  /// weekdays it does not give, the zone if it gives none and the holidays before it are
  /// `previous`'s. Nil when something cannot be used (reported).
  private mutating func calendarParts(_ decl: CalendarDecl, after previous: BusinessCalendar?)
    -> BusinessCalendar?
  {
    var zone = previous?.zone ?? ZoneRules.utc
    if let (name, range) = decl.zone {
      guard let rules = zoneRules(name, range) else { return nil }
      zone = rules
    }
    var hours: [[(start: Int64, end: Int64)]] = Array(repeating: [], count: 7)
    var given: Set<Int> = []
    var valid = true
    for line in decl.hours {
      given.formUnion(line.days)
      for (text, range) in zip(line.intervals, line.ranges) {
        guard let interval = Self.interval(text) else {
          report(
            .badCalendar, "'\(text)' is not a span of working hours", range,
            help: "write \"HH:MM-HH:MM\", the end after the start, e.g. \"09:00-17:30\"")
          valid = false
          continue
        }
        let overlapping = line.days.filter { day in
          hours[day].contains { $0.start < interval.end && interval.start < $0.end }
        }
        if !overlapping.isEmpty {
          let days = overlapping.map { Parser.weekdays[$0] }.joined(separator: ", ")
          report(
            .badCalendar, "these hours overlap others on \(days)", range,
            help: "give each day's spans once, without overlaps")
          valid = false
        }
        for day in line.days { hours[day].append(interval) }
      }
    }
    var holidays = previous?.holidays ?? []
    for (path, range) in decl.holidayFiles {
      guard let days = readHolidays(path, range) else {
        valid = false
        continue
      }
      holidays.formUnion(days)
    }
    for (text, range) in decl.holidays {
      guard let day = Self.date(text) else {
        report(
          .badCalendar, "'\(text)' is not a date", range, help: "write holidays as \"2026-12-25\"")
        valid = false
        continue
      }
      holidays.insert(day)
    }
    guard valid, previous != nil || !decl.hours.isEmpty else { return nil }
    if let previous {
      for day in 0..<7 where !given.contains(day) { hours[day] = previous.hours[day] }
    }
    return BusinessCalendar(
      name: decl.name, zone: zone, hours: hours.map { $0.sorted { $0.start < $1.start } },
      holidays: holidays)
  }

  /// The dates of a holidays file: one `YYYY-MM-DD` a line, anything after it (a name) and
  /// blank lines and `#` comments ignored; lines end in LF or CRLF, and a byte order mark
  /// at the start is skipped. The path is relative to the policy file; the loader read the
  /// file (inside the root) or reported why it may not.
  private mutating func readHolidays(_ path: String, _ range: SourceRange) -> Set<Int64>? {
    let text: String
    switch holidayTexts[HolidaysKey(file: source.file, path: path)] {
    case .text(let read)?:
      text = read
    case .refused?:
      return nil
    case .unreadable?, nil:
      report(
        .badCalendar, "cannot read the holidays file '\(path)'", range,
        help: "give a path relative to this policy file; one date a line, such as 2026-12-25")
      return nil
    }
    var days: Set<Int64> = []
    for (index, line) in TextLines.split(text).enumerated() {
      let content =
        line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        .first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      guard
        let first = content.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).first
      else { continue }
      guard let day = Self.date(String(first)) else {
        report(
          .badCalendar, "\(path):\(index + 1): '\(first)' is not a date", range,
          help: "one date a line, such as 2026-12-25 (a name may follow)")
        return nil
      }
      days.insert(day)
    }
    return days
  }

  /// `"09:00-12:30"` in milliseconds of the day; 24:00 only as an end.
  package static func interval(_ text: String) -> (start: Int64, end: Int64)? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let start = clockTime(parts[0]), let end = clockTime(parts[1]),
      start < end, start < CivilTime.msPerDay
    else { return nil }
    return (start, end)
  }

  private static func clockTime(_ text: Substring) -> Int64? {
    let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
      let hour = Int64(parts[0]), let minute = Int64(parts[1]), minute < 60,
      hour < 24 || (hour == 24 && minute == 0)
    else { return nil }
    return (hour * 60 + minute) * CivilTime.msPerMinute
  }

  /// `"2026-12-25"` as a day number.
  package static func date(_ text: String) -> Int64? {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      CivilTime.isValid(year: year, month: month, day: day)
    else { return nil }
    return CivilTime.daysFromCivil(year: year, month: month, day: day)
  }

  /// `STATE > D in NAME`: the state's length counted in the calendar's working time.
  package mutating func checkInCalendar(
    _ comparison: Expr, _ name: String, _ range: SourceRange
  ) -> (CheckedExpr, ValueType) {
    readsField = true
    if case .binary(let op, let left, let right) = comparison.kind,
      case .businessDays(let count) = right.kind
    {
      return checkBusinessDays(op, left, count, right, name, range)
    }
    let (checked, type) = check(comparison, hint: .bool)
    guard let calendar = calendars[name] else {
      if invalidCalendars.contains(name) { return (checked, type) }
      let close = Suggestions.closest(to: name, in: calendars.keys.sorted())
      report(
        .badCalendar, "no calendar named '\(name)'", range,
        help: close.map { "did you mean '\($0)'?" }
          ?? "declare it: calendar \(name): with working hours such as monday to friday \"09:00-17:00\""
      )
      return (checked, type)
    }
    guard case .stateLength(let op, let state, let other, let site) = checked else {
      report(
        .badCalendar, "only a state's length can be counted in a calendar", comparison.range,
        help: "compare a state with a duration: unresolved > 16h in \(name)")
      return (checked, type)
    }
    sites[site].clock = name
    return (.calendarLength(op, state, other, site: site, calendar), .bool)
  }

  /// `STATE > N business days in NAME`.
  private mutating func checkBusinessDays(
    _ op: BinaryOperator, _ state: Expr, _ count: Expr, _ whole: Expr, _ name: String,
    _ range: SourceRange
  ) -> (CheckedExpr, ValueType) {
    let (checkedState, type) = check(state, hint: nil)
    guard let calendar = lookUpCalendar(name, range) else { return (.constant(.null), .bool) }
    guard type == .state else {
      report(
        .badCalendar, "business days measure a state, not \(type.article)", state.range,
        help: "unresolved > 2 business days in \(name)")
      return (.constant(.null), .bool)
    }
    guard op == .greater || op == .greaterEqual else {
      report(
        .badCalendar, "a state is compared with business days by > or >=", whole.range,
        help: "\(source.text(in: state.range)) > 2 business days in \(name)")
      return (.constant(.null), .bool)
    }
    guard case .literal(.number(let value)) = count.kind, value >= 0, value == value.rounded(),
      value <= 10_000
    else {
      report(
        .badCalendar, "business days are a whole number", count.range,
        help: "\(source.text(in: state.range)) > 2 business days in \(name)")
      return (.constant(.null), .bool)
    }
    let site = addSite(label: state, op: op.rawValue, threshold: source.text(in: whole.range))
    sites[site].clock = name
    return (.businessDays(op, checkedState, Int(value), site: site, calendar), .bool)
  }

  private mutating func lookUpCalendar(_ name: String, _ range: SourceRange) -> CalendarChoice? {
    if let calendar = calendars[name] { return calendar }
    if invalidCalendars.contains(name) { return nil }
    let close = Suggestions.closest(to: name, in: calendars.keys.sorted())
    report(
      .badCalendar, "no calendar named '\(name)'", range,
      help: close.map { "did you mean '\($0)'?" }
        ?? "declare it: calendar \(name): with working hours such as monday to friday \"09:00-17:00\""
    )
    return nil
  }
}
