import HeraldCore

/// The outbound guard's URL and address classification: a URL or host must give a target or a permanent failure
/// that names no part of it; an address literal must classify the same as its canonical spelling, and an IPv4
/// address the same as its IPv4-mapped and NAT64 spellings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    let policy = OutboundPolicy(denyPrivateNetwork: true)
    for candidate in [text, "http://\(text)/", "http://[\(text)]/"] {
        do {
            let target = try OutboundTarget(url: candidate)
            precondition((1...65_535).contains(target.port))
            if let address = IPAddress(target.host) { _ = policy.refusal(for: address) }
        } catch let failure as ProviderFailure {
            precondition(!failure.retryable)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
    _ = try? OutboundTarget(host: text, port: 25)
    guard let address = IPAddress(text) else { return 0 }
    let kind = AddressClass.of(address)
    let canonical = IPAddress(address.description)
    precondition(canonical.map(AddressClass.of) == kind, "\(text) and \(address) classify differently")
    if address.isIPv4 {
        let v4 = Array(address.bytes[12...])
        let mapped = IPAddress(ipv6: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + v4)
        let nat64 = IPAddress(ipv6: [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] + v4)
        precondition(AddressClass.of(mapped) == kind && AddressClass.of(nat64) == kind, "embedded \(text) classifies differently")
    }
    return 0
}
