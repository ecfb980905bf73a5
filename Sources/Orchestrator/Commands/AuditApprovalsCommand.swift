import ArgumentParser
import Engine
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
    @Option(help: "Only this cluster's decisions.") var cluster: String?
    @Option(help: "Only decisions by this person.") var actor: String?
    @Option(help: "Only decisions recorded at or after this time.") var since: String?
    @Option(help: "Only decisions recorded before this time.") var until: String?
    @Option(help: "Output format: table, json or ndjson.") var format: AuditFormat = .table

    func validate() throws {
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, TimeText.parse(value, nowMs: 0) == nil {
                throw ValidationError("\(flag) '\(value)' is not a time; use \(TimeText.acceptedForms)")
            }
        }
    }

    func run() throws {
        let now = TimeText.nowMs()
        let history = ApprovalHistory(
            cluster: cluster, actor: actor,
            sinceMs: since.flatMap { TimeText.parse($0, nowMs: now) }, untilMs: until.flatMap { TimeText.parse($0, nowMs: now) })
        let store = try storeOptions.open(.readOnly)
        let records: [ApprovalRecord]
        do {
            records = try history.read(from: store)
        } catch let error as DomainEventDecodingError {
            throw CommandFailure.dataError(error.description)
        }
        if records.isEmpty, let cluster, try store.lastRevision(of: EdgeClusters.stream(cluster)) == nil {
            printToStderr("note: no cluster '\(cluster)' in \(storeOptions.store)")
        }
        var output = BufferedOutput()
        switch format {
        case .table:
            for line in ApprovalText.table(records) { output.writeLine(line) }
        case .json:
            output.writeLine("[" + records.map(ApprovalText.json).joined(separator: ",\n") + "]")
        case .ndjson:
            for record in records { output.writeLine(ApprovalText.json(record)) }
        }
        output.flush()
    }
}
