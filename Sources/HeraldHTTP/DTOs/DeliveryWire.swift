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
                        .object(["address": .string($0.address), "reason": .string($0.reason), "error": .string($0.error)])
                    })
                }
                return .object(item)
            }),
        ]
        if let transactionId = delivery.request.transactionId { object["transactionId"] = .string(transactionId) }
        if let identifier = delivery.request.integrationIdentifier { object["integrationIdentifier"] = .string(identifier) }
        return .object(object)
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
