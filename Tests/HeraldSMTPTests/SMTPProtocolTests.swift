import NIOCore
import NIOEmbedded
import Testing

@testable import HeraldSMTP

/// The SMTP client's framing: reply parsing (multi-line, the greeting before any command, pipelined replies in
/// order, malformed lines) and DATA dot-stuffing. Conversations with real servers are in scripts/smtp_check.py.
@Suite struct SMTPProtocolTests {
    static func channel() throws -> (EmbeddedChannel, SMTPReplyHandler) {
        let handler = SMTPReplyHandler()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
        try channel.pipeline.syncOperations.addHandler(handler)
        return (channel, handler)
    }

    @Test func multiLineRepliesAndAnEarlyGreetingReachTheirWaiters() throws {
        let (channel, handler) = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "220 mx.example.test ESMTP\r\n"))  // before anyone waits
        let greeting = channel.eventLoop.makePromise(of: SMTPReply.self)
        handler.expect(greeting)
        let ehlo = channel.eventLoop.makePromise(of: SMTPReply.self)
        let mail = channel.eventLoop.makePromise(of: SMTPReply.self)
        handler.expect(ehlo)
        handler.expect(mail)
        try channel.writeInbound(ByteBuffer(string: "250-mx.example.test\r\n250-PIPELINING\n250 SIZE 1000\r\n250 2.1.0 Ok\r\n"))
        #expect(try greeting.futureResult.wait() == SMTPReply(code: 220, lines: ["mx.example.test ESMTP"]))
        #expect(try ehlo.futureResult.wait().lines == ["mx.example.test", "PIPELINING", "SIZE 1000"])
        #expect(try mail.futureResult.wait() == SMTPReply(code: 250, lines: ["2.1.0 Ok"]))
    }

    @Test func aMalformedLineOrAClosedConnectionFailsTheWaiters() throws {
        let (channel, handler) = try Self.channel()
        let first = channel.eventLoop.makePromise(of: SMTPReply.self)
        handler.expect(first)
        try? channel.writeInbound(ByteBuffer(string: "hello there\r\n"))
        #expect(throws: SMTPError.self) { try first.futureResult.wait() }
        let (other, otherHandler) = try Self.channel()
        let waiting = other.eventLoop.makePromise(of: SMTPReply.self)
        otherHandler.expect(waiting)
        other.pipeline.fireChannelInactive()
        do {
            _ = try waiting.futureResult.wait()
            Issue.record("a closed connection answered")
        } catch let error as SMTPError {
            #expect(error.isTransient)
        }
    }

    @Test(arguments: [
        ("a\n.b\r\n..c", "a\r\n..b\r\n...c\r\n.\r\n"),
        (".\r\n", "..\r\n.\r\n"),
        ("no newline", "no newline\r\n.\r\n"),
        ("", ".\r\n"),
    ])
    func dataIsDotStuffedWithCRLFAndTerminated(_ input: String, _ expected: String) {
        var buffer = ByteBuffer()
        SMTPConnection.dotStuff(Array(input.utf8), into: &buffer)
        #expect(String(buffer: buffer) == expected)
    }

    @Test func repliesAreClassified() {
        #expect(SMTPError(.reply(SMTPReply(code: 451, lines: [])), "x").isTransient)
        #expect(!SMTPError(.reply(SMTPReply(code: 550, lines: [])), "x").isTransient)
        #expect(!SMTPError(.authentication, "x").isTransient && SMTPError(.timeout, "x").isTransient)
    }
}
