extension ByteInput {
  /// Every byte left in the input (a policy file on standard input, for `vigil fmt -`).
  /// - Throws: the error that stopped reading, if reading failed.
  package func readAll() throws(RecordInputError) -> [UInt8] {
    while readMore() {}
    let bytes = Array(pending)
    consume(bytes.count)
    if let readError { throw readError }
    return bytes
  }
}
