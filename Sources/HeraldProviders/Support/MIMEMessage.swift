import Foundation
import HeraldCore

/// An email as an RFC 5322 / MIME document (CRLF line endings): `multipart/alternative` for text + HTML,
/// `multipart/related` for inline `cid` images, `multipart/mixed` for attachments; RFC 2047 encoded-words for non-ASCII
/// header text; quoted-printable text bodies and base64 attachments, every line within 76 characters. Used for SES raw
/// sends and by SMTP.
public struct MIMEMessage: Sendable {
    /// The finished document.
    public let bytes: [UInt8]
    /// The `Message-ID` it carries (without angle brackets).
    public let messageId: String

    /// Builds the document for an email. `from` and `senderName` are the resolved sender; `bcc` never appears in it.
    public init(
        _ email: EmailMessage, from: String, senderName: String?, date: Date = Date(),
        messageId: String? = nil
    ) {
        let domain = from.split(separator: "@").last.map(String.init) ?? "herald.local"
        let id = messageId ?? "\(Identifiers.randomAlphanumeric(24).lowercased())@\(domain)"
        self.messageId = id
        var head: [(String, String)] = [("From", Self.mailbox(from, name: senderName))]
        // One address per line (folded), so no header line nears the 998-octet limit however many recipients.
        head.append(("To", email.to.joined(separator: ",\r\n ")))
        if !email.cc.isEmpty { head.append(("Cc", email.cc.joined(separator: ",\r\n "))) }
        if let replyTo = email.replyTo { head.append(("Reply-To", replyTo)) }
        head.append(("Subject", Self.encodedWord(email.subject)))
        head.append(("Date", Self.date(date)))
        head.append(("Message-ID", "<\(id)>"))
        head.append(("MIME-Version", "1.0"))
        let reserved: Set<String> = ["from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
                                     "content-type", "content-transfer-encoding"]
        for (name, value) in email.headers.sorted(by: { $0.key < $1.key }) where !reserved.contains(name.lowercased()) {
            // A long value is sent as encoded-words, which fold into short lines.
            head.append((name, value.utf8.count > 900 ? Self.encodedWord(value, always: true) : Self.encodedWord(value)))
        }
        var text = ""
        for (name, value) in head { text += "\(name): \(value)\r\n" }
        text += Self.body(email)
        bytes = Array(text.utf8)
    }

    /// The body entity (its own Content-* headers, a blank line, the content).
    static func body(_ email: EmailMessage) -> String {
        var alternatives: [String] = []
        if let plain = email.text { alternatives.append(textPart(plain, subtype: "plain")) }
        if let html = email.html { alternatives.append(textPart(html, subtype: "html")) }
        var entity = alternatives.count == 1 ? alternatives[0] : multipart("alternative", alternatives)
        let inline = email.attachments.filter { $0.cid != nil }
        if !inline.isEmpty { entity = multipart("related", [entity] + inline.map(filePart)) }
        let attached = email.attachments.filter { $0.cid == nil }
        if !attached.isEmpty { entity = multipart("mixed", [entity] + attached.map(filePart)) }
        return entity
    }

    static func textPart(_ text: String, subtype: String) -> String {
        "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + quotedPrintable(text) + "\r\n"
    }

    static func filePart(_ attachment: EmailMessage.Attachment) -> String {
        let name = parameter(attachment.filename)
        var part = "Content-Type: \(attachment.contentType); name=\(name)\r\nContent-Transfer-Encoding: base64\r\n"
        if let cid = attachment.cid {
            part += "Content-ID: <\(cid)>\r\nContent-Disposition: inline; filename=\(name)\r\n"
        } else {
            part += "Content-Disposition: attachment; filename=\(name)\r\n"
        }
        let encoded = Base64.encode(attachment.content)
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return part + "\r\n" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func multipart(_ subtype: String, _ parts: [String]) -> String {
        let boundary = "=_herald_" + Identifiers.randomAlphanumeric(20)
        var text = "Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"\r\n\r\n"
        for part in parts { text += "--\(boundary)\r\n\(part)" }
        return text + "--\(boundary)--\r\n"
    }

    /// `"Name" <address>`, the name as an encoded-word when it is not plain ASCII.
    public static func mailbox(_ address: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return address }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return "\(encodedWord(name)) <\(address)>"
    }

    /// Header text as it is when printable ASCII, else RFC 2047 `=?utf-8?B?…?=` words (each ≤ 75 characters,
    /// never splitting a character).
    public static func encodedWord(_ text: String, always: Bool = false) -> String {
        if !always, text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {  // 45 bytes → 60 base64 characters + 12 of framing
                words.append("=?utf-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Base64.encode(chunk))?=") }
        return words.joined(separator: "\r\n ")
    }

    /// A MIME parameter value: a token as it is, else quoted (RFC 2231 for non-ASCII names).
    static func parameter(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) {
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return encodedWord(value)
    }

    /// Quoted-printable (RFC 2045): CRLF line breaks kept, other bytes outside printable ASCII and `=` escaped,
    /// trailing whitespace escaped, soft breaks keep every line within 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var out: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var encoded = ""
            var width = 0
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
                let token = plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if width + token.count > 75 {
                    encoded += "=\r\n"
                    width = 0
                }
                encoded += token
                width += token.count
            }
            out.append(encoded)
        }
        return out.joined(separator: "\r\n")
    }

    /// An RFC 5322 date in UTC.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
