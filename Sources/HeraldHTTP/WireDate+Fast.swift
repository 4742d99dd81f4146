import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension WireDate {
    /// Formats `2026-11-29T21:59:33.123Z` without Foundation's format styles (a hot path of every listing).
    static func fastFormat(_ date: Date) -> String {
        // Saturates: a date outside ±292 million years (never stored by Herald, but cheap to guard) must not trap.
        let raw = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let millisTotal = raw.isFinite ? Int64(max(-8.0e15, min(8.0e15, raw))) : 0
        var seconds = time_t(millisTotal / 1000)
        let millis = Int(millisTotal % 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(millis, 3))Z"
    }
}
