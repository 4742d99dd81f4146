import Foundation

// JSON forms of the stored delivery parts, written with `JSONValue`'s fast writer instead of `JSONEncoder` (the
// enqueue and save paths run once per notification). They decode with the types' `Codable` conformances, dates as
// milliseconds since 1970.

extension DeliveryRequest {
    /// The request as JSON (absent optionals omitted, as `JSONEncoder` does).
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "channel": .string(channel.rawValue), "to": to.jsonValue, "content": content.jsonValue,
        ]
        object["integrationIdentifier"] = integrationIdentifier.map(JSONValue.string)
        object["tenant"] = tenant
        object["subscriber"] = subscriber
        object["payload"] = payload
        object["overrides"] = overrides.map(JSONValue.object)
        object["transactionId"] = transactionId.map(JSONValue.string)
        object["fallback"] = fallback.map { steps in
            .array(steps.map { step in
                var item: [String: JSONValue] = ["channel": .string(step.channel.rawValue), "content": step.content.jsonValue]
                item["to"] = step.to?.jsonValue
                return .object(item)
            })
        }
        object["fallbackOf"] = fallbackOf.map(JSONValue.string)
        return .object(object)
    }
}

extension DeliveryRequest.Recipient {
    var jsonValue: JSONValue {
        var object: [String: JSONValue] = [:]
        object["email"] = email.map(JSONValue.string)
        object["phone"] = phone.map(JSONValue.string)
        object["deviceTokens"] = deviceTokens.map { .array($0.map(JSONValue.string)) }
        object["webhookUrl"] = webhookUrl.map(JSONValue.string)
        object["subscriberId"] = subscriberId.map(JSONValue.string)
        return .object(object)
    }
}

extension DeliveryRequest.Content {
    var jsonValue: JSONValue {
        var object: [String: JSONValue] = [:]
        object["subject"] = subject.map(JSONValue.string)
        object["html"] = html.map(JSONValue.string)
        object["text"] = text.map(JSONValue.string)
        object["content"] = content.map(JSONValue.string)
        object["title"] = title.map(JSONValue.string)
        object["body"] = body.map(JSONValue.string)
        object["data"] = data
        return .object(object)
    }
}

extension DeliveryAttempt {
    /// The attempt as JSON, dates in milliseconds since 1970.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "round": .number(Double(round)), "integrationId": .string(integrationId), "identifier": .string(identifier),
            "providerId": .string(providerId), "startedAt": .number(startedAt.timeIntervalSince1970 * 1000),
            "endedAt": .number(endedAt.timeIntervalSince1970 * 1000), "outcome": .string(outcome.rawValue),
        ]
        object["messageId"] = messageId.map(JSONValue.string)
        object["error"] = error.map(JSONValue.string)
        object["reason"] = reason.map(JSONValue.string)
        object["providerCode"] = providerCode.map(JSONValue.string)
        object["httpStatus"] = httpStatus.map { .number(Double($0)) }
        object["failedRecipients"] = failedRecipients.map { list in
            .array(list.map { recipient in
                var item: [String: JSONValue] = [
                    "address": .string(recipient.address), "reason": .string(recipient.reason), "error": .string(recipient.error),
                ]
                if recipient.removedFromSubscriber { item["removedFromSubscriber"] = .bool(true) }
                return .object(item)
            })
        }
        return .object(object)
    }
}

extension JSONValue {
    /// Compact JSON text.
    public var jsonText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
