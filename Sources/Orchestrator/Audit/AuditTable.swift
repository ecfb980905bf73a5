import Engine
import EventStore
import Simulator

/// The human form of audit results: aligned columns, one event a line, ending with what the event
/// records (`EventSummary`).
enum AuditTable {
    static func render(_ events: [RecordedEvent]) -> [String] {
        let header = ["POSITION", "TIME", "STREAM", "REV", "TYPE", "ACTOR", "WHAT"]
        let rows = events.map {
            [String($0.position), TimeText.rfc3339($0.recordedAtMs), $0.stream, String($0.revision), $0.type, $0.actor,
             what($0)]
        }
        return TextTable.render(header: header, rows: rows) + ["(\(CountText.of(events.count, "event")))"]
    }

    /// `EventSummary`'s line, and the replay's own record of assignments.
    private static func what(_ event: RecordedEvent) -> String {
        guard event.type == ClustersAssigned.typeName else { return EventSummary.line(for: event) }
        guard let assigned = try? DomainEventCodec.decode(ClustersAssigned.self, from: event) else { return "" }
        let clusters = assigned.changes.reduce(0) { $0 + $1.clusters.count }
        return "\(CountText.of(clusters, "cluster")) assigned \(assigned.target.name) \(assigned.target.version)"
    }
}

extension String {
    func trimmingSuffix() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
