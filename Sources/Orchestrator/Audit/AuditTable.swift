import Engine
import EventStore

/// The human form of audit results: aligned columns, one event a line, ending with what the event
/// records (`EventSummary`).
enum AuditTable {
    static func render(_ events: [RecordedEvent]) -> [String] {
        let header = ["POSITION", "TIME", "STREAM", "REV", "TYPE", "ACTOR", "WHAT"]
        let rows = events.map {
            [String($0.position), TimeText.rfc3339($0.recordedAtMs), $0.stream, String($0.revision), $0.type, $0.actor,
             EventSummary.line(for: $0)]
        }
        return TextTable.render(header: header, rows: rows) + ["(\(CountText.of(events.count, "event")))"]
    }
}

extension String {
    func trimmingSuffix() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
