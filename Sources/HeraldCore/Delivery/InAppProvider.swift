import Foundation

/// The in-app `novu` provider: writes the message into the subscriber's inbox in Herald's own database.
public struct InAppProvider: NotificationProvider {
    public let providerIds = [ProviderCatalogue.inAppProviderId]
    private let inbox: any InboxStore

    /// Creates the provider over an inbox store.
    public init(inbox: any InboxStore) { self.inbox = inbox }

    public func send(_ message: OutboundMessage) async throws -> ProviderReceipt {
        let request = message.request
        guard let subscriberId = request.to.subscriberId, !subscriberId.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "to.subscriberId is required for in-app messages")
        }
        let stored = InboxMessage(
            id: Identifiers.objectId(), environmentId: message.integration.environmentId, subscriberId: subscriberId,
            deliveryId: message.deliveryId, title: request.content.title,
            content: request.content.content ?? request.content.body ?? "", data: request.content.data ?? request.payload,
            createdAt: Date())
        do {
            return ProviderReceipt(messageId: try await inbox.insert(stored))
        } catch {
            throw ProviderFailure.retryable("the inbox could not be written")
        }
    }
}
