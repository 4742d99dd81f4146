/// The routes and their methods, so a known path with another method answers 405 with `Allow`.
///
/// Derived from the OpenAPI document's `paths` (a `{parameter}` segment matches any segment), so the document and the
/// 405s cannot drift apart; tests check that the router serves exactly these operations. The dashboard
/// (`/dashboard/…`, HTML for people) is deliberately in neither: its unknown pages and methods answer 404.
enum RouteTable {
    /// The order methods are listed in `Allow`.
    static let methodOrder = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]

    /// Routes served but not in the OpenAPI document, with their methods; none today.
    static let undocumented: [(pattern: [String], methods: [String])] = []

    /// Every route: the documented operations grouped by path template, then ``undocumented``.
    /// Empty but for ``undocumented`` when the document is missing (then other methods answer 404).
    static let routes: [(pattern: [String], methods: [String])] = {
        guard case .success(let document) = OpenAPIDocument.shipped else { return undocumented }
        return routes(from: document.operations) + undocumented
    }()

    /// Groups operations by path template; `{x}` segments become `*`.
    static func routes(from operations: [OpenAPIDocument.Operation]) -> [(pattern: [String], methods: [String])] {
        var methodsByPath: [String: [String]] = [:]
        var order: [String] = []
        for operation in operations {
            if methodsByPath[operation.path] == nil { order.append(operation.path) }
            methodsByPath[operation.path, default: []].append(operation.method)
        }
        return order.map { path in (pattern(path), methodsByPath[path] ?? []) }
    }

    /// The segments of a path template, each `{parameter}` as `*`.
    static func pattern(_ template: String) -> [String] {
        template.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? "*" : String(segment)
        }
    }

    /// The methods a path accepts, in ``methodOrder``, or nil when no route has that shape.
    static func allowedMethods(path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var methods = Set<String>()
        for route in routes where route.pattern.count == segments.count {
            if zip(route.pattern, segments).allSatisfy({ $0 == "*" || $0 == $1 }) {
                methods.formUnion(route.methods)
            }
        }
        if methods.isEmpty { return nil }
        return methods.sorted { rank($0) < rank($1) }
    }

    private static func rank(_ method: String) -> Int { methodOrder.firstIndex(of: method) ?? methodOrder.count }
}
