import ArgumentParser
import Engine
import EventStore
import Foundation

/// `orchestrator audit approvals`: who approved or denied which repave, when, what it covered and
/// how long it was waited for; from the type index, joined through the correlation index.
struct AuditApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Who approved or denied which repave, when, and what it covered.",
        discussion: "Times: \(TimeText.acceptedForms)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this cluster's decisions (repeatable: any of them).") var cluster: [String] = []
    @Option(help: "Only decisions by this person (repeatable: any of them).") var actor: [String] = []
    @OptionGroup var timeRange: TimeRangeOptions
    @Option(help: "Output format: table, json or ndjson.") var format: AuditFormat = .table

    func validate() throws {
        try ClusterFlags.validate(cluster)
        try KeyNameFlags.validate(actor, flag: "--actor", what: "an actor")
    }

    func run() throws {
        let (sinceMs, untilMs) = timeRange.bounds(nowMs: TimeText.nowMs())
        let history = ApprovalHistory(
            clusters: cluster, actors: actor,
            sinceMs: sinceMs, untilMs: untilMs)
        let store = try storeOptions.open(.readOnly)
        let records: [ApprovalRecord]
        do {
            records = try history.read(from: store)
        } catch let error as DomainEventDecodingError {
            throw CommandFailure.dataError(error.description)
        }
        for cluster in try ClusterFlags.unknown(cluster, in: store) {
            printToStderr("note: no cluster '\(cluster)' in \(storeOptions.store)")
        }
        var output = BufferedOutput()
        switch format {
        case .table:
            for line in ApprovalText.table(records) { try output.writeLine(line) }
        case .json:
            try output.writeLine("[" + records.map(ApprovalText.json).joined(separator: ",\n") + "]")
        case .ndjson:
            for record in records { try output.writeLine(ApprovalText.json(record)) }
        }
        try output.flush()
    }
}
