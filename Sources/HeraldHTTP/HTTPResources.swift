import Foundation

/// Finds HeraldHTTP's resource bundle (`openapi.json`, the dashboard's `Resources`) without `Bundle.module`, whose
/// generated accessor traps when the bundle is missing: a server shipped without its resources still starts.
enum HTTPResources {
    /// The bundle's name: package `Herald`, target `HeraldHTTP`.
    static let bundleName = "Herald_HeraldHTTP"

    /// The directory holding the target's copied resources, or nil when the bundle is not next to the executable.
    static let directory: URL? = locate()

    /// Looks next to the executable (and the main bundle), as SwiftPM lays bundles out: `<name>.resources` on Linux,
    /// `<name>.bundle/Contents/Resources` or a flat `<name>.bundle` on macOS.
    static func locate() -> URL? {
        var bases = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL { bases.append(executable.resolvingSymlinksInPath().deletingLastPathComponent()) }
        if let resources = Bundle.main.resourceURL { bases.append(resources) }
        // Test runners on macOS load the test bundle into a host; its bundles sit next to the `.xctest`.
        bases += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        let layouts = ["\(bundleName).resources", "\(bundleName).bundle/Contents/Resources", "\(bundleName).bundle"]
        for base in bases {
            for layout in layouts {
                let candidate = base.appendingPathComponent(layout)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
            }
        }
        return nil
    }
}
