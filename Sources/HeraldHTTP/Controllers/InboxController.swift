import HeraldCore
import Hummingbird

/// Novu-compatible in-app inbox routes for the `novu` provider's messages.
struct InboxController {
    let inbox: any InboxStore

    func register(on group: RouterGroup<HeraldRequestContext>) {
        group.get("subscribers/:subscriberId/notifications/feed", use: feed)
        group.get("subscribers/:subscriberId/notifications/unseen", use: unseen)
        group.post("subscribers/:subscriberId/messages/mark-as", use: markAs)
    }

    func feed(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try environment(context)
        let subscriberId = try context.parameters.require("subscriberId")
        let query = request.uri.queryParameters
        var problems: [String] = []
        let page = query["page"].map { Int(String($0)) } ?? 0
        if page == nil || page! < 0 || page! > 1_000_000 { problems.append("page must be a whole number from 0") }
        let limit = query["limit"].map { Int(String($0)) } ?? 10
        if limit == nil || !(1...100).contains(limit!) { problems.append("limit must be a whole number from 1 to 100") }
        func flag(_ name: String) -> Bool? {
            guard let text = query[Substring(name)].map(String.init) else { return nil }
            if text == "true" { return true }
            if text == "false" { return false }
            problems.append("\(name) must be true or false")
            return nil
        }
        let read = flag("read")
        let seen = flag("seen")
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        let (messages, total) = try await inbox.feed(
            environmentId: environment.id, subscriberId: subscriberId, read: read, seen: seen, limit: limit!,
            offset: limit! * page!)
        return JSONResponse.make(body: .object([
            "data": .array(messages.map(Self.encode)), "totalCount": .number(Double(total)),
            "pageSize": .number(Double(limit!)), "page": .number(Double(page!)),
            "hasMore": .bool((page! + 1) * limit! < total),
        ]))
    }

    func unseen(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try environment(context)
        let count = try await inbox.unseenCount(
            environmentId: environment.id, subscriberId: try context.parameters.require("subscriberId"))
        return JSONResponse.data(.object(["count": .number(Double(count))]))
    }

    func markAs(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try environment(context)
        let body = try await JSONBody.object(from: request)
        var problems = body.keys.sorted().filter { $0 != "messageId" && $0 != "markAs" }.map { "property \($0) should not exist" }
        var ids: [String] = []
        switch body["messageId"] {
        case .string(let id): ids = [id]
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }): ids = items.compactMap(\.stringValue)
        default: problems.append("messageId must be a string or a non-empty array of strings")
        }
        // No message id holds NUL (and PostgreSQL text cannot).
        if ids.contains(where: \.containsNUL) { problems.append("messageId must not contain NUL characters") }
        let mark = body["markAs"]?.stringValue
        if !["read", "seen", "unread", "unseen"].contains(mark ?? "") {
            problems.append("markAs must be one of: read, seen, unread, unseen")
        }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        let messages = try await inbox.mark(
            environmentId: environment.id, subscriberId: try context.parameters.require("subscriberId"), ids: ids,
            read: mark == "read" ? true : (mark == "unread" ? false : nil),
            seen: mark == "seen" ? true : (mark == "unseen" ? false : nil))
        return JSONResponse.data(.array(messages.map(Self.encode)))
    }

    private func environment(_ context: HeraldRequestContext) throws -> HeraldCore.Environment {
        guard case .apiKey(let environment) = try context.requirePrincipal() else {
            throw HeraldError.validation(["inbox routes take an environment's API key"])
        }
        return environment
    }

    static func encode(_ message: InboxMessage) -> JSONValue {
        var object: [String: JSONValue] = [
            "_id": .string(message.id), "subscriberId": .string(message.subscriberId),
            "_deliveryId": .string(message.deliveryId), "content": .string(message.content),
            "read": .bool(message.read), "seen": .bool(message.seen),
            "createdAt": .string(WireDate.format(message.createdAt)),
        ]
        if let title = message.title { object["title"] = .string(title) }
        if let data = message.data { object["data"] = data }
        return .object(object)
    }
}
