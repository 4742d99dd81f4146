import Crypto
import Foundation
import HeraldCore
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization
import X509

/// A loopback stand-in for `api.push.apple.com`: HTTP/2 over TLS, ALPN `h2` only (a client that does not negotiate h2
/// is disconnected after the handshake and counted in ``refusedConnections``; Apple has no HTTP/1 endpoint either). Its
/// certificate, for `127.0.0.1` and `localhost`, is issued by a CA made at start whose PEM is ``caFile`` (for
/// `--ca-file`). Like APNs it checks the provider token before anything else: a missing one is 403
/// `MissingProviderToken`; one that is not ES256 with the configured key id, team id and public key, or is older than an
/// hour, is 403 `InvalidProviderToken` / `ExpiredProviderToken`. Then `POST /3/device/<token>` answers as scripted per
/// device token; any other call is recorded as unexpected and answered 404 `BadPath`.
public final class FakeAPNsServer: Sendable {
    /// One request, as it arrived on an HTTP/2 stream.
    public struct Recorded: Sendable {
        /// The `:method` pseudo-header.
        public let method: String
        /// The `:path` pseudo-header.
        public let path: String
        /// The `:scheme` pseudo-header.
        public let scheme: String?
        /// The protocol its connection negotiated by ALPN (always `h2`: no other connection gets this far).
        public let alpn: String
        /// The regular header fields (names lowercase, as HTTP/2 requires).
        public let headers: [String: String]
        public let body: [UInt8]
        /// Why the fake refused the provider token (`InvalidProviderToken`, …), nil when it was accepted.
        public let tokenRefusal: String?
        /// A header's value, by case-insensitive name.
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
        /// The body parsed as JSON, or `.null`.
        public var json: JSONValue { (try? JSONValue.parse(Data(body))) ?? .null }
    }

    /// An answer: status, JSON body (empty for none) and extra headers.
    public struct Answer: Sendable {
        public let status: Int
        public let json: String
        public let headers: [String: String]

        public init(status: Int, json: String = "", headers: [String: String] = [:]) {
            (self.status, self.json, self.headers) = (status, json, headers)
        }

        /// 200 with the `apns-id` header and no body, as APNs answers a delivered notification.
        public static func sent(apnsId: String) -> Answer { Answer(status: 200, headers: ["apns-id": apnsId]) }

        /// An error status with Apple's `{"reason": …}` body (and `timestamp`, in milliseconds, for 410).
        public static func reason(_ status: Int, _ reason: String, timestamp: Int? = nil) -> Answer {
            let json = timestamp.map { #"{"reason":"\#(reason)","timestamp":\#($0)}"# } ?? #"{"reason":"\#(reason)"}"#
            return Answer(status: status, json: json, headers: ["apns-id": UUID().uuidString])
        }
    }

    /// The PEM file of the CA that issued the fake's certificate.
    public let caFile: String
    private let directory: URL
    private let keyId: String
    private let teamId: String
    private let providerKey: P256.Signing.PublicKey
    private let listener = Mutex<(any NIOCore.Channel)?>(nil)
    private let scripts = Mutex<[String: [Answer]]>([:])
    private let log = Mutex<[Recorded]>([])
    private let unexpected = Mutex<[String]>([])
    private let refused = Mutex<Int>(0)

    private init(caFile: String, directory: URL, keyId: String, teamId: String, providerKey: P256.Signing.PublicKey) {
        (self.caFile, self.directory, self.keyId, self.teamId, self.providerKey) = (caFile, directory, keyId, teamId, providerKey)
    }

    /// Starts a server on 127.0.0.1 and a free port that accepts provider tokens of `keyId` and `teamId` signed by
    /// the private key of `providerKey`.
    public static func start(keyId: String, teamId: String, providerKey: P256.Signing.PublicKey) async throws -> FakeAPNsServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-apns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (caPEM, certificate, key) = try Self.certificates()
        let caFile = directory.appendingPathComponent("ca.pem").path
        try caPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificate.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem)))
        tls.applicationProtocols = ["h2"]
        let context = try NIOSSLContext(configuration: tls)
        let fake = FakeAPNsServer(caFile: caFile, directory: directory, keyId: keyId, teamId: teamId, providerKey: providerKey)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.addHandler(ApplicationProtocolNegotiationHandler { result, channel in
                        guard case .negotiated(let alpn) = result, alpn == "h2" else {
                            fake.refused.withLock { $0 += 1 }
                            return channel.close()
                        }
                        return channel.eventLoop.makeCompletedFuture {
                            _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
                                mode: .server, connectionConfiguration: .init(), streamConfiguration: .init()
                            ) { stream in
                                stream.eventLoop.makeCompletedFuture {
                                    try stream.pipeline.syncOperations.addHandler(StreamHandler(fake: fake, alpn: alpn))
                                }
                            }
                        }
                    })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        fake.listener.withLock { $0 = channel }
        return fake
    }

    /// The fake's origin, for `credentials.baseUrl`.
    public var baseURL: String { "https://127.0.0.1:\(listener.withLock { $0?.localAddress?.port ?? 0 })" }

    /// Scripts `POST /3/device/<deviceToken>`: the answers answer successive requests, the last one repeating.
    public func on(deviceToken: String, _ answers: Answer...) { scripts.withLock { $0["/3/device/" + deviceToken] = answers } }

    /// Every request received so far.
    public var requests: [Recorded] { log.withLock { $0 } }

    /// Requests for a device token.
    public func requests(for deviceToken: String) -> [Recorded] { requests.filter { $0.path == "/3/device/" + deviceToken } }

    /// Calls that were not scripted (`METHOD path`).
    public var unexpectedPaths: [String] { unexpected.withLock { $0 } }

    /// Connections closed after the handshake because they did not negotiate h2.
    public var refusedConnections: Int { refused.withLock { $0 } }

    /// Stops listening and removes the CA file.
    public func stop() async {
        try? await listener.withLock { $0 }?.close().get()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Records a request and picks its answer.
    fileprivate func answer(_ fields: HPACKHeaders, body: [UInt8], alpn: String) -> Answer {
        var headers: [String: String] = [:]
        for (name, value, _) in fields where !name.hasPrefix(":") { headers[name] = value }
        let method = fields.first(name: ":method") ?? ""
        let path = fields.first(name: ":path") ?? ""
        let refusal = tokenRefusal(headers["authorization"])
        log.withLock {
            $0.append(Recorded(method: method, path: path, scheme: fields.first(name: ":scheme"), alpn: alpn, headers: headers,
                               body: body, tokenRefusal: refusal))
        }
        if let refusal { return .reason(403, refusal) }
        let answer: Answer? = method == "POST" ? scripts.withLock { scripts in
            guard var queue = scripts[path], !queue.isEmpty else { return nil }
            let next = queue.count > 1 ? queue.removeFirst() : queue[0]
            scripts[path] = queue
            return next
        } : nil
        guard let answer else {
            unexpected.withLock { $0.append("\(method) \(path)") }
            return .reason(404, "BadPath")
        }
        return answer
    }

    /// Why APNs would refuse this `authorization` value, or nil when the provider token is valid.
    private func tokenRefusal(_ authorization: String?) -> String? {
        guard let authorization else { return "MissingProviderToken" }
        guard authorization.lowercased().hasPrefix("bearer ") else { return "InvalidProviderToken" }
        let parts = authorization.dropFirst("bearer ".count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.json(parts[0]), let claims = Self.json(parts[1]),
              let signature = Self.base64URL(parts[2]),
              let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
              header.value(atPath: "alg") == .string("ES256"), header.value(atPath: "kid") == .string(keyId),
              claims.value(atPath: "iss") == .string(teamId), let issued = claims.value(atPath: "iat")?.numberValue,
              providerKey.isValidSignature(ecdsa, for: Data("\(parts[0]).\(parts[1])".utf8))
        else { return "InvalidProviderToken" }
        return Date().timeIntervalSince1970 - issued > 3600 ? "ExpiredProviderToken" : nil
    }

    private static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    private static func json(_ text: Substring) -> JSONValue? { base64URL(text).flatMap { try? JSONValue.parse($0) } }

    /// A CA certificate (PEM), and a server certificate for 127.0.0.1 and localhost it issued with that
    /// certificate's private key (PEM).
    private static func certificates() throws -> (ca: String, certificate: String, key: String) {
        let caKey = P256.Signing.PrivateKey()
        let serverKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("Herald Test APNs CA") }
        let now = Date()
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(86_400), issuer: caName,
            subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(caKey))
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(86_400), issuer: caName,
            subject: try DistinguishedName { CommonName("localhost") }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(.init(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(caKey))
        return (try ca.serializeAsPEM().pemString, try server.serializeAsPEM().pemString, serverKey.pemRepresentation)
    }

    /// One HTTP/2 stream: collects the HEADERS and DATA frames of the request, then answers on the same stream.
    private final class StreamHandler: ChannelInboundHandler {
        typealias InboundIn = HTTP2Frame.FramePayload
        typealias OutboundOut = HTTP2Frame.FramePayload
        let fake: FakeAPNsServer
        let alpn: String
        var fields: HPACKHeaders = [:]
        var body = ByteBuffer()

        init(fake: FakeAPNsServer, alpn: String) { (self.fake, self.alpn) = (fake, alpn) }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .headers(let headers):
                fields = headers.headers
                if headers.endStream { respond(context) }
            case .data(let frame):
                if case .byteBuffer(var buffer) = frame.data { body.writeBuffer(&buffer) }
                if frame.endStream { respond(context) }
            default:
                break
            }
        }

        private func respond(_ context: ChannelHandlerContext) {
            let answer = fake.answer(fields, body: Array(buffer: body), alpn: alpn)
            var headers: HPACKHeaders = [":status": "\(answer.status)"]
            if !answer.json.isEmpty { headers.add(name: "content-type", value: "application/json") }
            for (name, value) in answer.headers { headers.add(name: name.lowercased(), value: value) }
            context.write(wrapOutboundOut(.headers(.init(headers: headers, endStream: answer.json.isEmpty))), promise: nil)
            if !answer.json.isEmpty {
                context.write(wrapOutboundOut(.data(.init(data: .byteBuffer(ByteBuffer(string: answer.json)), endStream: true))),
                              promise: nil)
            }
            context.flush()
        }
    }
}
