import Engine

/// `--at` of `orchestrator state`: a log position (an integer) or a time.
enum StatePoint {
    static let acceptedForms = "a log position (an integer, e.g. 1200) or a time: \(TimeText.acceptedForms)"

    static func parse(_ text: String, nowMs: Int64) -> ClusterSnapshot.Point? {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return UInt64(text).map { .position($0) }
        }
        return TimeText.parse(text, nowMs: nowMs, side: .atOrBefore).map { .time($0) }
    }

    /// How the point reads back: `now`, `position 1200`, or the time.
    static func text(_ point: ClusterSnapshot.Point) -> String {
        switch point {
        case .now: "now"
        case .position(let position): "position \(position)"
        case .time(let ms): TimeText.rfc3339(ms)
        }
    }
}
