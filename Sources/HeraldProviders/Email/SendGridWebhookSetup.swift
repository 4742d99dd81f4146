import HeraldCore

/// Auto-configure for SendGrid: creates an Event Webhook for Herald's URL (`POST /v3/user/webhooks/event/settings`,
/// delivery and engagement events), then turns its signature on (`PATCH /v3/user/webhooks/event/settings/signed/{id}`),
/// whose answer carries the `public_key` events are verified with.
struct SendGridWebhookSetup: WebhookAutoConfigurer {
    let providerIds = ["sendgrid"]
    let http: ProviderHTTPClient

    func configure(_ integration: Integration, url: String) async throws -> String {
        let credentials = CredentialReader(integration.credentials)
        let apiKey = try credentials.required("apiKey")
        let region = credentials.optional("region")
        let create = try SendGridAdapter.endpoint.url(
            "/v3/user/webhooks/event/settings", credentials: integration.credentials, region: region)
        var settings: [String: JSONValue] = [
            "enabled": .bool(true), "url": .string(url), "friendly_name": .string("Herald"),
        ]
        for event in ["delivered", "bounce", "dropped", "deferred", "processed", "open", "click", "spam_report",
                      "unsubscribe", "group_unsubscribe"] {
            settings[event] = .bool(true)
        }
        settings["group_resubscribe"] = .bool(false)
        let created = try await http.send(
            ProviderRequest("POST", create, body: .json(.object(settings)), auth: .bearer(apiKey)),
            code: SendGridAdapter.errorField)
        guard let id = created.json?.value(atPath: "id")?.stringValue, !id.isEmpty else {
            throw ProviderFailure(.rejected, "SendGrid created the webhook without an id", httpStatus: created.status)
        }
        let sign = try SendGridAdapter.endpoint.url(
            "/v3/user/webhooks/event/settings/signed/\(id)", credentials: integration.credentials, region: region)
        let signed = try await http.send(
            ProviderRequest("PATCH", sign, body: .json(.object(["enabled": .bool(true)])), auth: .bearer(apiKey)),
            code: SendGridAdapter.errorField)
        guard let key = signed.json?.value(atPath: "public_key")?.stringValue, !key.isEmpty else {
            throw ProviderFailure(.rejected, "SendGrid did not return the webhook's public key", httpStatus: signed.status)
        }
        return key
    }
}
