import Foundation
import HeraldCore

/// Wire shapes of deliveries and selection decisions.
enum DeliveryWire {
    static func encode(_ delivery: Delivery) -> JSONValue {
        var object: [String: JSONValue] = [
            "_id": .string(delivery.id),
            "_environmentId": .string(delivery.environmentId),
            "channel": .string(delivery.request.channel.rawValue),
            "status": .string(delivery.status.rawValue),
            "round": .number(Double(delivery.round)),
            "nextAttemptAt": .string(WireDate.format(delivery.nextAttemptAt)),
            "createdAt": .string(WireDate.format(delivery.createdAt)),
            "updatedAt": .string(WireDate.format(delivery.updatedAt)),
            "attempts": .array(delivery.attempts.map { attempt in
                var item: [String: JSONValue] = [
                    "round": .number(Double(attempt.round)), "_integrationId": .string(attempt.integrationId),
                    "identifier": .string(attempt.identifier), "providerId": .string(attempt.providerId),
                    "startedAt": .string(WireDate.format(attempt.startedAt)),
                    "endedAt": .string(WireDate.format(attempt.endedAt)), "outcome": .string(attempt.outcome.rawValue),
                ]
                if let id = attempt.messageId { item["messageId"] = .string(id) }
                if let error = attempt.error { item["error"] = .string(error) }
                if let reason = attempt.reason { item["reason"] = .string(reason) }
                if let code = attempt.providerCode { item["providerCode"] = .string(code) }
                if let status = attempt.httpStatus { item["httpStatus"] = .number(Double(status)) }
                if let failed = attempt.failedRecipients {
                    item["failedRecipients"] = .array(failed.map {
                        .object(["address": .string($0.address), "reason": .string($0.reason), "error": .string($0.error),
                                 "removedFromSubscriber": .bool($0.removedFromSubscriber)])
                    })
                }
                return .object(item)
            }),
        ]
        if !delivery.events.isEmpty { object["events"] = .array(delivery.events.map(encode)) }
        if let parent = delivery.request.fallbackOf { object["fallbackOf"] = .string(parent) }
        if let next = delivery.fallbackDeliveryId { object["fallbackDeliveryId"] = .string(next) }
        if let transactionId = delivery.request.transactionId { object["transactionId"] = .string(transactionId) }
        if let identifier = delivery.request.integrationIdentifier { object["integrationIdentifier"] = .string(identifier) }
        return .object(object)
    }

    static func encode(_ event: ProviderEvent) -> JSONValue {
        var item: [String: JSONValue] = [
            "_id": .string(event.id), "_integrationId": .string(event.integrationId),
            "providerId": .string(event.providerId), "status": .string(event.status.rawValue),
            "providerStatus": .string(event.providerStatus), "occurredAt": .string(WireDate.format(event.occurredAt)),
            "receivedAt": .string(WireDate.format(event.receivedAt)), "verified": .bool(event.verified),
        ]
        if let messageId = event.messageId { item["messageId"] = .string(messageId) }
        if let recipient = event.recipient { item["recipient"] = .string(recipient) }
        if let detail = event.detail { item["detail"] = .string(detail) }
        return .object(item)
    }

    static func encode(_ decision: IntegrationSelector.Decision) -> JSONValue {
        func item(_ explanation: IntegrationSelector.Explanation) -> JSONValue {
            let integration = explanation.integration
            var object: [String: JSONValue] = [
                "_id": .string(integration.id), "identifier": .string(integration.identifier),
                "providerId": .string(integration.providerId), "taken": .bool(explanation.position != nil),
                "reason": .string(explanation.reason),
            ]
            if let position = explanation.position { object["position"] = .number(Double(position)) }
            if let outcome = explanation.conditions {
                object["conditions"] = .array(outcome.groups.map { group in
                    .object([
                        "passed": .bool(group.passed),
                        "children": .array(group.parts.map { part in
                            .object([
                                "on": .string(part.part.on.rawValue), "field": .string(part.part.field),
                                "operator": .string(part.part.operator.rawValue), "value": part.part.value,
                                "actual": part.actual ?? .null, "defined": .bool(part.actual != nil),
                                "passed": .bool(part.passed),
                            ])
                        }),
                    ])
                })
            }
            return .object(object)
        }
        return .object([
            "chain": .array(decision.explanations.filter { $0.position != nil }.map(item)),
            "integrations": .array(decision.explanations.map(item)),
        ])
    }
}
