import Foundation
import HeraldCore

/// The deliveries page's chart: deliveries per minute for the last hour, stacked by outcome, as the context of the
/// `chart` template (an inline SVG: no script, no library).
enum DeliveryChart {
    /// The minutes shown, the current one last.
    static let minutes = 60

    /// How the chart groups statuses, bottom to top.
    enum Outcome: String, CaseIterable {
        case sent, failed, pending

        init(_ status: DeliveryStatus) {
            switch status {
            case .sent, .delivered: self = .sent
            case .failed: self = .failed
            case .queued, .sending, .retrying: self = .pending
            }
        }

        var label: String {
            switch self {
            case .sent: "sent/delivered"
            case .failed: "failed"
            case .pending: "pending"
            }
        }
    }

    // Geometry in SVG user units.
    static let left = 40.0, top = 10.0, plotHeight = 120.0, slot = 12.0, barWidth = 9.0
    static var plotWidth: Double { Double(minutes) * slot }
    static var width: Double { left + plotWidth + 10 }
    static var height: Double { top + plotHeight + 50 }

    /// The first minute shown (whole minutes since 1970) for a chart ending at `now`.
    static func firstMinute(now: Date) -> Int64 {
        DeliveryMinuteCount.minute(of: now) - Int64(minutes - 1)
    }

    /// The template context for counts of the minutes from ``firstMinute(now:)`` on.
    static func context(_ counts: [DeliveryMinuteCount], now: Date) -> [String: Any] {
        let first = firstMinute(now: now)
        var grid = Array(repeating: [Outcome: Int](), count: minutes)
        for count in counts {
            let index = Int(count.minute - first)
            guard grid.indices.contains(index) else { continue }
            grid[index][Outcome(count.status), default: 0] += count.count
        }
        let totals = Outcome.allCases.map { outcome in grid.reduce(0) { $0 + ($1[outcome] ?? 0) } }
        let scale = niceCeiling(grid.map { $0.values.reduce(0, +) }.max() ?? 0)
        let bottom = top + plotHeight
        let bars: [[String: Any]] = grid.enumerated().map { index, counts in
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            var y = bottom
            var segments: [[String: Any]] = []
            for outcome in Outcome.allCases {
                let count = counts[outcome] ?? 0
                guard count > 0 else { continue }
                let height = Double(count) / Double(scale) * plotHeight
                y -= height
                segments.append([
                    "outcome": outcome.rawValue, "x": number(x), "y": number(y), "height": number(height),
                    "count": count,
                ])
            }
            let what = Outcome.allCases.map { "\(counts[$0] ?? 0) \($0.label)" }.joined(separator: ", ")
            return [
                "title": "\(label(first + Int64(index))) UTC: \(what)", "segments": segments,
                "slotX": number(left + Double(index) * slot), "width": number(barWidth),
            ]
        }
        let ticks: [[String: Any]] = [0, 15, 30, 45, minutes - 1].map { index in
            ["x": number(left + Double(index) * slot + slot / 2), "label": label(first + Int64(index))]
        }
        let gridLines: [[String: Any]] = [0, scale / 2, scale].uniqued().map { value in
            let y = bottom - Double(value) / Double(scale) * plotHeight
            return ["y": number(y), "textY": number(y + 4), "label": value]
        }
        let legend: [[String: Any]] = Outcome.allCases.enumerated().map { index, outcome in
            let x = left + Double(index) * 170
            return [
                "outcome": outcome.rawValue, "label": outcome.label, "total": totals[index],
                "x": number(x), "textX": number(x + 16), "y": number(bottom + 30), "textY": number(bottom + 40),
            ]
        }
        let sentence = zip(Outcome.allCases, totals).map { "\($1) \($0.label)" }.joined(separator: ", ")
        return [
            "width": number(width), "height": number(height), "left": number(left), "right": number(left + plotWidth),
            "plotHeight": number(plotHeight), "top": number(top), "bottom": number(bottom),
            "labelY": number(bottom + 14), "axisX": number(left - 6),
            "bars": bars, "ticks": ticks, "gridLines": gridLines, "legend": legend,
            "total": totals.reduce(0, +),
            "description": "\(totals.reduce(0, +)) deliveries created in the last \(minutes) minutes: \(sentence).",
        ]
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at least `value` (at least 1), so the axis reads in round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while true {
            for step in [1, 2, 5] where step * magnitude >= value { return step * magnitude }
            magnitude *= 10
        }
    }

    /// `HH:mm` of a minute, UTC.
    static func label(_ minute: Int64) -> String {
        let minutes = Int(((minute % 1440) + 1440) % 1440)
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// A coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
