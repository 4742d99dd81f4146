import HTTPTypes

/// The routes and their methods, so a known path with another method answers 405 with `Allow`.
enum RouteTable {
    static let routes: [(pattern: [String], methods: [String])] = [
        (["health"], ["GET"]),
        (["openapi.json"], ["GET"]),
        (["metrics"], ["GET"]),
        (["v1", "providers"], ["GET"]),
        (["v1", "environments", "me"], ["GET"]),
        (["v1", "integrations"], ["GET", "POST"]),
        (["v1", "integrations", "active"], ["GET"]),
        (["v1", "integrations", "*"], ["PUT", "DELETE"]),
        (["v1", "integrations", "*", "set-primary"], ["POST"]),
        (["v1", "integrations", "*", "auto-configure"], ["POST"]),
        (["v1", "integrations", "*", "limit"], ["GET"]),
        (["v1", "integrations", "*", "health"], ["GET"]),
        (["v1", "integrations", "*", "history"], ["GET"]),
        (["v1", "integrations", "select"], ["POST"]),
        (["v1", "deliveries"], ["GET", "POST"]),
        (["v1", "webhook-endpoints"], ["GET", "POST"]),
        (["v1", "webhook-endpoints", "*"], ["GET", "PUT", "DELETE"]),
        (["v1", "webhook-endpoints", "*", "rotate-secret"], ["POST"]),
        (["v1", "webhook-endpoints", "*", "attempts"], ["GET"]),
        (["v1", "subscribers"], ["GET", "POST"]),
        (["v1", "subscribers", "*"], ["GET", "PUT", "DELETE"]),
        (["v1", "subscribers", "*", "credentials"], ["PUT", "PATCH"]),
        (["v1", "subscribers", "*", "credentials", "*"], ["DELETE"]),
        (["v1", "subscribers", "*", "notifications", "feed"], ["GET"]),
        (["v1", "subscribers", "*", "notifications", "unseen"], ["GET"]),
        (["v1", "subscribers", "*", "messages", "mark-as"], ["POST"]),
        (["v1", "deliveries", "*"], ["GET"]),
        (["v1", "deliveries", "*", "retry"], ["POST"]),
        (["v1", "integrations", "webhook", "provider", "*", "status"], ["GET"]),
        (["v1", "integrations", "webhooks", "provider", "*", "status"], ["GET"]),
        (["v2", "inbound-webhooks", "delivery-providers", "*", "*"], ["GET", "HEAD", "POST"]),
    ]

    /// The methods a path accepts, or nil when no route has that shape.
    static func allowedMethods(path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var methods: [String] = []
        for route in routes where route.pattern.count == segments.count {
            if zip(route.pattern, segments).allSatisfy({ $0 == "*" || $0 == $1 }) {
                methods.append(contentsOf: route.methods)
            }
        }
        if methods.isEmpty { return nil }
        var seen = Set<String>()
        return methods.filter { seen.insert($0).inserted }
    }
}
