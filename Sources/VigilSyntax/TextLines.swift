/// The lines of a text file as people write them, whatever made the file: a line ends at
/// `\n` or `\r\n` (Windows), and a byte order mark at the start belongs to no line.
///
/// Swift's `Character` treats `"\r\n"` as one character, different from `"\n"`, so
/// splitting a `String` on `"\n"` leaves a Windows file in one piece; these lines are cut
/// on Unicode scalars instead.
package enum TextLines {
  /// The lines of `text`, without their line breaks; a final line break ends the last line
  /// (it does not start an empty one).
  package static func split(_ text: String) -> [String] {
    var scalars = Substring(text).unicodeScalars[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var lines = scalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      String(line.last == "\r" ? line.dropLast() : line)
    }
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }
}
