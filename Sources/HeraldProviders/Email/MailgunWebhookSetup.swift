import HeraldCore

/// Auto-configure for Mailgun: registers Herald's URL for the domain's delivered, opened, clicked, permanent_fail and
/// temporary_fail webhooks (`POST /v3/domains/{domain}/webhooks`, `id` + `url`; an existing one is replaced with
/// `PUT …/webhooks/{id}`), then reads the account's HTTP webhook signing key (`GET /v5/accounts/http_signing_key`).
struct MailgunWebhookSetup: WebhookAutoConfigurer {
    let providerIds = ["mailgun"]
    let http: ProviderHTTPClient
    static let events = ["delivered", "opened", "clicked", "permanent_fail", "temporary_fail"]

    func configure(_ integration: Integration, url: String) async throws -> String {
        let credentials = CredentialReader(integration.credentials)
        let domain = try MailgunAdapter.domain(credentials)
        let auth = try MailgunAdapter.auth(credentials)
        let collection = try MailgunAdapter.endpoint.url("/v3/domains/\(domain)/webhooks", credentials: integration.credentials)
        for event in Self.events {
            let created = try await http.execute(
                ProviderRequest("POST", collection, body: .form([("id", event), ("url", url)]), auth: auth))
            if (200..<300).contains(created.status) { continue }
            // Mailgun answers 400 "Webhook already exists": point the existing one at Herald.
            guard created.status == 400 else { throw ProviderHTTPClient.failure(for: created, code: nil) }
            _ = try await http.send(ProviderRequest(
                "PUT", collection + "/" + event, body: .form([("url", url)]), auth: auth))
        }
        let keyURL = try MailgunAdapter.endpoint.url("/v5/accounts/http_signing_key", credentials: integration.credentials)
        let answer = try await http.send(ProviderRequest("GET", keyURL, auth: auth))
        guard let key = answer.json?.value(atPath: "http_signing_key")?.stringValue, !key.isEmpty else {
            throw ProviderFailure(.rejected, "Mailgun did not return the HTTP webhook signing key", httpStatus: answer.status)
        }
        return key
    }
}
