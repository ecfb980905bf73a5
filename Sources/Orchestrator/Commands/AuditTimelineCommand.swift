import ArgumentParser
import Engine
import Foundation

/// `orchestrator audit timeline --upgrade ID`: every step of one upgrade in order, with durations,
/// from the correlation index.
struct AuditTimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Every step and milestone of one upgrade in order, with durations.",
        discussion: """
        ID is \(UpgradeReference.acceptedForms). Edge upgrades only: a template-based deployment's \
        upgrade exits 64 naming `orchestrator audit --upgrade ID`, which lists its events (their ids \
        are the correlationId of `audit --format json`). An upgrade the store does not hold exits 66.
        """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The upgrade: its id or CLUSTER#N.", valueName: "ID")) var upgrade: String
    @Option(help: "Output format: table, json or ndjson.") var format: AuditFormat = .table

    func validate() throws {
        if UpgradeReference.parse(upgrade) == nil {
            throw ValidationError("--upgrade must be \(UpgradeReference.acceptedForms), got '\(upgrade)'")
        }
    }

    func run() throws {
        guard let id = UpgradeReference.parse(upgrade) else { throw CommandFailure.usage("--upgrade '\(upgrade)' is not an upgrade") }
        let store = try storeOptions.open(.readOnly)
        let timeline: UpgradeTimeline
        do {
            timeline = try UpgradeTimeline.read(id, from: store)
        } catch let error as DomainEventDecodingError {
            throw CommandFailure.dataError(error.description)
        }
        if timeline.rows.isEmpty && timeline.accepted == nil && timeline.skipped > 0 {
            // Correlated events, none of them an edge upgrade's: a template-based deployment's upgrade.
            throw CommandFailure.usage(
                "--upgrade \(upgrade): audit timeline covers edge upgrades only, and this is not one (\(timeline.skipped) correlated events of cluster \(timeline.cluster ?? "?"), none an edge upgrade event); list them with `orchestrator audit --store \(storeOptions.store) --upgrade \(id.uuidString.lowercased())`")
        }
        if timeline.isEmpty, let cluster = UpgradeReference.cluster(in: upgrade),
           try ClusterStreamKind.kind(of: cluster, in: store) == .templateBased {
            throw CommandFailure.usage(
                "--upgrade \(upgrade): audit timeline covers edge upgrades only, and \(cluster) is a template-based deployment; list its upgrades' events with `orchestrator audit --store \(storeOptions.store) --cluster \(cluster)`")
        }
        if timeline.isEmpty {
            let named = UUID(uuidString: upgrade) == nil ? "'\(upgrade)' (\(id.uuidString.lowercased()))" : id.uuidString.lowercased()
            throw CommandFailure.noInput("no upgrade \(named) in the store at \(storeOptions.store)")
        } else if timeline.skipped > 0 {
            printToStderr("note: left out \(timeline.skipped) correlated events that are not edge upgrade events")
        }
        var output = BufferedOutput()
        switch format {
        case .table:
            for line in TimelineText.table(timeline) { try output.writeLine(line) }
        case .json:
            try output.writeLine(TimelineText.json(timeline))
        case .ndjson:
            for line in TimelineText.ndjson(timeline) { try output.writeLine(line) }
        }
        try output.flush()
    }
}
