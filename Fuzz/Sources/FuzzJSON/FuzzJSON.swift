import HeraldCore

/// The JSON parser on arbitrary bytes: it must never crash, and whatever it accepts must survive writing and
/// parsing again unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let value = try? JSONValue.parse(bytes: bytes) else { return 0 }
    var written: [UInt8] = []
    value.write(into: &written)
    let again = written.withUnsafeBytes { try? JSONValue.parse(bytes: $0) }
    precondition(again == value, "a parsed value did not round-trip through the writer")
    return 0
}
