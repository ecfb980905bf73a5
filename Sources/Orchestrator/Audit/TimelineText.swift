import Engine
import Foundation

/// The printed forms of an upgrade's timeline: a table for people, JSON with a fixed key order.
enum TimelineText {
    static func table(_ timeline: UpgradeTimeline) -> [String] {
        let header = ["POSITION", "STARTED", "ENDED", "DURATION", "NODE", "WHAT", "TRY", "OUTCOME", "DETAIL"]
        let rows = timeline.rows.map { row in
            [String(row.position), TimeText.rfc3339(row.startedMs), row.endedMs.map(TimeText.rfc3339) ?? "-",
             DurationText.format(row.durationMs), row.node ?? "-", row.name, row.attempt.map(String.init) ?? "-",
             row.outcome.isEmpty ? "-" : row.outcome, row.detail]
        }
        return [TerminalText.safe(summary(timeline))] + TextTable.render(header: header, rows: rows)
            + ["(\(CountText.of(timeline.rows.count, "row")), \(timeline.outcome), total \(DurationText.format(timeline.totalMs)))"]
    }

    /// `upgrade <id> (store-0001#1): reboot to retail 1.1.0, 3 nodes`
    static func summary(_ timeline: UpgradeTimeline) -> String {
        var line = "upgrade \(timeline.upgrade.uuidString.lowercased())"
        if let cluster = timeline.cluster, let number = timeline.accepted?.upgrade { line += " (\(cluster)#\(number))" }
        if let accepted = timeline.accepted {
            let change = accepted.change
            line += ": \(change.behavior.rawValue) to \(ProfileJSON.text(change.target)), \(accepted.plan.nodes.count) nodes"
        }
        return line
    }

    /// One object: the upgrade, what it was, how it ended, and its rows.
    static func json(_ timeline: UpgradeTimeline) -> String {
        JSONText.object(header(timeline) + [
            ("outcome", JSONText.quote(timeline.isEmpty ? nil : timeline.outcome)),
            ("started", JSONText.time(timeline.startedMs)),
            ("ended", JSONText.time(timeline.endedMs)),
            ("totalMs", JSONText.number(timeline.totalMs)),
            ("rows", JSONText.array(timeline.rows.map { JSONText.object(rowPairs($0)) })),
        ])
    }

    /// One object per row, each naming its upgrade.
    static func ndjson(_ timeline: UpgradeTimeline) -> [String] {
        timeline.rows.map { row in
            JSONText.object([("upgrade", JSONText.quote(timeline.upgrade.uuidString.lowercased()))] + rowPairs(row))
        }
    }

    private static func header(_ timeline: UpgradeTimeline) -> [(String, String)] {
        let change = timeline.accepted?.change
        return [
            ("upgrade", JSONText.quote(timeline.upgrade.uuidString.lowercased())),
            ("cluster", JSONText.quote(timeline.cluster)),
            ("number", JSONText.number(timeline.accepted?.upgrade)),
            ("behavior", JSONText.quote(change?.behavior.rawValue)),
            ("target", change.map { ProfileJSON.reference($0.target) } ?? "null"),
            ("nodes", JSONText.number(timeline.accepted?.plan.nodes.count)),
        ]
    }

    private static func rowPairs(_ row: TimelineRow) -> [(String, String)] {
        [
            ("position", String(row.position)),
            ("kind", JSONText.quote(row.kind.rawValue)),
            ("name", JSONText.quote(row.name)),
            ("node", JSONText.quote(row.node)),
            ("attempt", JSONText.number(row.attempt)),
            ("started", JSONText.time(row.startedMs)),
            ("ended", JSONText.time(row.endedMs)),
            ("durationMs", JSONText.number(row.durationMs)),
            ("outcome", JSONText.quote(row.outcome.isEmpty ? nil : row.outcome)),
            ("detail", JSONText.quote(row.detail.isEmpty ? nil : row.detail)),
        ]
    }
}
