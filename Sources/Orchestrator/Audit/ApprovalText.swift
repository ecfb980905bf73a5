import Engine
import Foundation

/// The printed forms of repave decisions: a table for people, JSON with a fixed key order.
enum ApprovalText {
    static func table(_ records: [ApprovalRecord]) -> [String] {
        let header = ["POSITION", "TIME", "CLUSTER", "UPGRADE", "NO", "DECISION", "BY", "ASKED BY", "WAITED", "TARGET", "BEHAVIOR", "NODES", "COMMENT"]
        let rows = records.map { record in
            [String(record.position), TimeText.rfc3339(record.decision.at.millisecondsSinceEpoch), record.cluster,
             record.upgrade?.uuidString.lowercased() ?? "-", record.accepted.map { String($0.upgrade) } ?? "-",
             record.verdict.rawValue, record.decision.actor, record.accepted?.change.requestedBy ?? "-", DurationText.format(record.waitedMs),
             record.accepted.map { ProfileJSON.text($0.change.target) } ?? "-",
             record.accepted?.change.behavior.rawValue ?? "-", record.accepted.map { String($0.plan.nodes.count) } ?? "-",
             record.decision.comment]
        }
        return TextTable.render(header: header, rows: rows) + ["(\(CountText.of(records.count, "decision")))"]
    }

    static func json(_ record: ApprovalRecord) -> String {
        let accepted = record.accepted
        return JSONText.object([
            ("position", String(record.position)),
            ("time", JSONText.time(record.decision.at.millisecondsSinceEpoch)),
            ("cluster", JSONText.quote(record.cluster)),
            ("upgrade", JSONText.quote(record.upgrade?.uuidString.lowercased())),
            ("number", JSONText.number(accepted?.upgrade)),
            ("decision", JSONText.quote(record.verdict.rawValue)),
            ("actor", JSONText.quote(record.decision.actor)),
            ("comment", JSONText.quote(record.decision.comment)),
            ("requested", JSONText.time(record.requestedMs)),
            ("waitedMs", JSONText.number(record.waitedMs)),
            ("target", accepted.map { ProfileJSON.reference($0.change.target) } ?? "null"),
            ("behavior", JSONText.quote(accepted?.change.behavior.rawValue)),
            ("nodes", JSONText.number(accepted?.plan.nodes.count)),
            ("requestedBy", JSONText.quote(accepted?.change.requestedBy)),
        ])
    }
}
