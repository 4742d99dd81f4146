import Crypto
import Foundation
import HeraldCore
import _CryptoExtras

/// DKIM signatures (RFC 6376): `rsa-sha256`, `relaxed/relaxed` canonicalization, over the usual header set (those
/// present of From, To, Cc, Reply-To, Subject, Date, Message-ID, MIME-Version, Content-Type). Configured as Novu's
/// nodemailer provider reads it: `domain` (d=), `accountSid` (the selector, s=) and `secretKey` (the RSA private key,
/// PEM in PKCS#1 or PKCS#8).
public struct DKIMSigner: Sendable {
    let domain: String
    let selector: String
    let key: _RSA.Signing.PrivateKey
    static let signedHeaders = ["from", "to", "cc", "reply-to", "subject", "date", "message-id", "mime-version", "content-type"]

    /// Parses the key; throws a misconfigured failure when it is not an RSA private key in PEM.
    public init(domain: String, selector: String, privateKeyPEM: String) throws {
        // Keys pasted into JSON often arrive with literal "\n" sequences.
        let pem = privateKeyPEM.replacingOccurrences(of: "\\n", with: "\n")
        guard !domain.isEmpty, !selector.isEmpty,
            domain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
            selector.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") })
        else { throw ProviderFailure.misconfigured("credentials.domain and credentials.accountSid (the DKIM selector) must be DNS labels") }
        self.domain = domain
        self.selector = selector
        if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            self.key = key
        } else if let key = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem) {
            self.key = key  // 1024-bit DKIM keys are still common
        } else {
            throw ProviderFailure.misconfigured("credentials.secretKey is not an RSA private key in PEM (PKCS#1 or PKCS#8)")
        }
    }

    /// The message with a `DKIM-Signature` header in front.
    public func sign(_ message: [UInt8], date: Date = Date()) throws -> [UInt8] {
        let (headerBlock, body) = Self.split(message)
        let bodyHash = Data(SHA256.hash(data: Self.relaxedBody(body))).base64EncodedString()
        let headers = Self.headerFields(headerBlock)
        var used: [String] = []
        var canonical: [UInt8] = []
        // RFC 6376 §5.4.2: for a repeated name, sign instances from the bottom up.
        var remaining = headers
        for name in Self.signedHeaders {
            guard let index = remaining.lastIndex(where: { $0.name.lowercased() == name }) else { continue }
            canonical += Array(Self.relaxedHeader(remaining[index].name, remaining[index].value).utf8)
            used.append(name)
            remaining.remove(at: index)
        }
        let timestamp = Int(date.timeIntervalSince1970)
        let value = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=\(domain); s=\(selector); t=\(timestamp); h=\(used.joined(separator: ":")); bh=\(bodyHash); b="
        var signed = Array(Self.relaxedHeader("DKIM-Signature", value).utf8)
        signed.removeLast(2)  // the signature header itself goes in without its CRLF
        canonical += signed
        let signature = try key.signature(for: SHA256.hash(data: canonical), padding: .insecurePKCS1v1_5)
        let encoded = signature.rawRepresentation.base64EncodedString()
        // Fold the b= value so no line passes 78 characters.
        var folded = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 64, limitedBy: encoded.endIndex) ?? encoded.endIndex
            folded += (folded.isEmpty ? "" : "\r\n\t") + encoded[index..<end]
            index = end
        }
        let header = "DKIM-Signature: " + value.replacingOccurrences(of: "; h=", with: ";\r\n\th=")
            .replacingOccurrences(of: "; bh=", with: ";\r\n\tbh=").replacingOccurrences(of: "; b=", with: ";\r\n\tb=")
            + folded + "\r\n"
        return Array(header.utf8) + message
    }

    /// The header block (without the blank line) and the body.
    static func split(_ message: [UInt8]) -> ([UInt8], [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var index = 0
        while index + 4 <= message.count {
            if Array(message[index..<index + 4]) == separator { return (Array(message[..<(index + 2)]), Array(message[(index + 4)...])) }
            index += 1
        }
        return (message, [])
    }

    /// Header fields, each with its folded continuation lines kept in the value.
    static func headerFields(_ block: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in String(decoding: block, as: UTF8.self).components(separatedBy: "\r\n") where !line.isEmpty {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += "\r\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return fields
    }

    /// Relaxed header canonicalization: lowercase name, unfolded value, whitespace runs as one space, no whitespace
    /// around the colon or at the end, CRLF.
    static func relaxedHeader(_ name: String, _ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        var collapsed = ""
        var inSpace = false
        for character in unfolded {
            if character == " " || character == "\t" {
                inSpace = true
            } else {
                if inSpace && !collapsed.isEmpty { collapsed += " " }
                inSpace = false
                collapsed.append(character)
            }
        }
        return name.lowercased().trimmingCharacters(in: .whitespaces) + ":" + collapsed + "\r\n"
    }

    /// Relaxed body canonicalization: whitespace runs as one space, none at line ends, no empty lines at the end,
    /// CRLF after the last line (an empty body stays empty).
    static func relaxedBody(_ body: [UInt8]) -> [UInt8] {
        var lines = String(decoding: body, as: UTF8.self).components(separatedBy: "\r\n").map { line -> String in
            var out = ""
            var inSpace = false
            for character in line {
                if character == " " || character == "\t" {
                    inSpace = true
                } else {
                    if inSpace { out += " " }
                    inSpace = false
                    out.append(character)
                }
            }
            return out
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.isEmpty ? [] : Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
