import EventStore

/// The human form of audit results: aligned columns, one event a line.
enum AuditTable {
    static func render(_ events: [RecordedEvent]) -> [String] {
        let header = ["POSITION", "TIME", "STREAM", "REV", "TYPE", "ACTOR"]
        let rows = events.map {
            [String($0.position), TimeText.rfc3339($0.recordedAtMs), $0.stream, String($0.revision), $0.type, $0.actor]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingSuffix()
        }
        return [line(header)] + rows.map(line) + ["(\(events.count) events)"]
    }
}

extension String {
    func trimmingSuffix() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
