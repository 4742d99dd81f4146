import Foundation
import Mustache

/// The dashboard's Mustache templates and static files, read once from the package's resources.
struct DashboardTemplates: Sendable {
    let library: MustacheLibrary
    /// Static files by name (`dashboard.css`, `dashboard.js`) with their media types.
    let statics: [String: (type: String, body: String)]

    /// Loads every template and static file shipped in `Dashboard/Resources`.
    static func load() throws -> DashboardTemplates {
        // Not `Bundle.module`: its accessor traps when the bundle is missing, and the server must start without it.
        guard let root = HTTPResources.directory?.appendingPathComponent("Resources"),
            FileManager.default.fileExists(atPath: root.appendingPathComponent("templates").path)
        else { throw DashboardTemplatesMissing() }
        var library = MustacheLibrary()
        let templates = root.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        var statics: [String: (type: String, body: String)] = [:]
        let staticDirectory = root.appendingPathComponent("static")
        for name in try FileManager.default.contentsOfDirectory(atPath: staticDirectory.path) {
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8"
                : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/plain; charset=utf-8"
            statics[name] = (type, try String(contentsOf: staticDirectory.appendingPathComponent(name), encoding: .utf8))
        }
        return DashboardTemplates(library: library, statics: statics)
    }

    /// Renders a page template with its context.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

/// The dashboard's resources were not found next to the executable.
struct DashboardTemplatesMissing: Error, CustomStringConvertible {
    var description: String { "The dashboard's templates were not found (Herald_HeraldHTTP.resources)" }
}
