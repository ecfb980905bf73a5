import ArgumentParser
import Engine
import EventStore
import Foundation

/// `orchestrator audit [events]`: who did what, when, to which cluster, from the store's indexes.
/// The default subcommand of `audit`, so `orchestrator audit --store X --cluster Y` runs it.
struct AuditEventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Query the event history by cluster, upgrade, type, actor and time.",
        discussion: "Reads alongside a running `orchestrator run` without blocking it. Times: \(TimeText.acceptedForms)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only the stream cluster/ID (repeatable: any of them).") var cluster: [String] = []
    @Option(help: "Only the events of this upgrade (its id; repeatable: any of them).") var upgrade: [String] = []
    @Option(help: "Only events of this type (repeatable).") var type: [String] = []
    @Option(help: "Only events recorded by this actor (repeatable: any of them).") var actor: [String] = []
    @OptionGroup var timeRange: TimeRangeOptions
    @Option(name: .customLong("from-position"), parsing: .unconditional, help: "Only events at or after this log position (1 or more).", transform: WholeNumber.parser(from: 1)) var fromPosition: UInt64 = 1
    @Option(parsing: .unconditional, help: "At most this many events.") var limit: Int = 1000
    @Option(help: "Output format: table, json or ndjson.") var format: AuditFormat = .table

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
        try KeyNameFlags.validate(type, flag: "--type", what: "an event type")
        try KeyNameFlags.validate(actor, flag: "--actor", what: "an actor")
        try ClusterFlags.validate(cluster)
        for value in upgrade where UUID(uuidString: value) == nil {
            throw ValidationError("--upgrade must be an upgrade id (a UUID), got '\(value)'")
        }
    }

    func run() throws {
        let (sinceMs, untilMs) = timeRange.bounds(nowMs: TimeText.nowMs())
        let query = AuditQuery(
            clusters: cluster, upgrades: upgrade.compactMap(UUID.init(uuidString:)), types: type, actors: actor,
            sinceMs: sinceMs, untilMs: untilMs,
            fromPosition: fromPosition, limit: limit
        )
        let store = try storeOptions.open(.readOnly)
        for cluster in try ClusterFlags.unknown(cluster, in: store) {
            printToStderr("note: no cluster '\(cluster)' in \(storeOptions.store)")
        }
        var output = BufferedOutput()
        switch format {
        case .ndjson:
            // Written as the pages are read: an answer of any --limit is held a page at a time.
            try query.forEach(on: store) { try output.writeLine(EventJSON.auditLine($0)) }
        case .json:
            var first = true
            try query.forEach(on: store) { event in
                try output.writeText(first ? "[" : ",\n")
                try output.writeText(EventJSON.auditLine(event))
                first = false
            }
            try output.writeLine(first ? "[]" : "]")
        case .table:
            // Columns are as wide as their widest cell: the whole answer first.
            for line in AuditTable.render(try query.run(on: store)) { try output.writeLine(line) }
        }
        try output.flush()
    }
}
