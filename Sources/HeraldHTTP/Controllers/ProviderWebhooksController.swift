import HTTPTypes
import HeraldCore
import Hummingbird
import NIOCore

/// `POST /v2/inbound-webhooks/delivery-providers/{environmentId}/{integrationId}`: provider delivery reports. No API
/// key: the provider's signature is the authentication. Unknown message ids are acknowledged (200).
struct ProviderWebhooksController {
    let service: InboundWebhookService
    /// Where providers reach Herald (`--public-url`); schemes that sign the URL (Twilio, Mandrill) need it behind a
    /// proxy. Without it, the URL the request came in on.
    let publicURL: String?

    func register(on router: Router<HeraldRequestContext>) {
        let path = "v2/inbound-webhooks/delivery-providers/:environmentId/:integrationId"
        router.post(RouterPath(path), use: receive)
        // Some providers (Mandrill) probe the URL with HEAD or GET before they save a webhook.
        router.head(RouterPath(path)) { _, _ in Response(status: .ok) }
        router.get(RouterPath(path)) { _, _ in JSONResponse.make(body: .object(["status": .string("ok")])) }
    }

    func receive(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environmentId = try context.parameters.require("environmentId")
        let integrationId = try context.parameters.require("integrationId")
        let buffer = try await JSONBody.bytes(from: request)
        // RingCentral creates a webhook subscription by posting an empty body with `Validation-Token` and expects
        // the token echoed back.
        if buffer.readableBytes == 0, let token = request.headers[HTTPField.Name("Validation-Token")!],
           !token.isEmpty, token.count <= 256 {
            var response = Response(status: .ok)
            response.headers[HTTPField.Name("Validation-Token")!] = token
            return response
        }
        let webhook = InboundWebhook(
            url: url(of: request), headers: request.headers.map { ($0.name.canonicalName, $0.value) },
            body: Array(buffer.readableBytesView))
        do {
            let outcome = try await service.handle(
                environmentId: environmentId, integrationId: integrationId, webhook: webhook)
            return JSONResponse.data(.object([
                "recorded": .number(Double(outcome.recorded)), "unmatched": .number(Double(outcome.unmatched)),
                "duplicates": .number(Double(outcome.duplicates)), "verified": .bool(outcome.verified),
                "confirmedSubscription": .bool(outcome.confirmedSubscription),
            ]))
        } catch let rejection as WebhookRejection {
            throw rejection.isAuthentication
                ? HeraldError.unauthorized(rejection.description) : HeraldError.badRequest(rejection.description)
        }
    }

    private func url(of request: Request) -> String {
        let pathAndQuery = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        if let publicURL {
            var base = Substring(publicURL)
            while base.hasSuffix("/") { base = base.dropLast() }
            return String(base) + pathAndQuery
        }
        let host = request.head.authority ?? "localhost"
        return "http://\(host)\(pathAndQuery)"
    }
}
