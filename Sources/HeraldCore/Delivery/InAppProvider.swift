import Foundation

/// The in-app `novu` provider: writes the message into the subscriber's inbox in Herald's own database.
public struct InAppProvider: StatelessProviderAdapter {
    public let providerIds = [ProviderCatalogue.inAppProviderId]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let inbox: any InboxStore

    /// Creates the provider over an inbox store.
    public init(inbox: any InboxStore) { self.inbox = inbox }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .inApp(let inApp) = message, !inApp.subscriberId.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "to.subscriberId is required for in-app messages")
        }
        let stored = InboxMessage(
            id: Identifiers.objectId(), environmentId: integration.environmentId, subscriberId: inApp.subscriberId,
            deliveryId: context.deliveryId, title: inApp.title, content: inApp.content, data: inApp.data, createdAt: Date())
        do {
            return ProviderReceipt(messageId: try await inbox.insert(stored))
        } catch {
            throw ProviderFailure.retryable("the inbox could not be written")
        }
    }

    /// Nothing outside Herald to check: the inbox is Herald's own database.
    public func check(_ integration: Integration) async throws -> CheckResult { .passed }
}
