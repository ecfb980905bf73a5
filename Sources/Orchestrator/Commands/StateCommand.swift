import ArgumentParser
import Engine
import Foundation

/// `orchestrator state --cluster ID [--at TIME|POSITION]`: a cluster as it stood then, its stream
/// folded up to that point (time travel); now without `--at`. An edge cluster folds the edge
/// decider, a template-based deployment the template decider (its registration event tells which).
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show a cluster as it stood at a time or log position (now by default).",
        discussion: """
        --at takes \(StatePoint.acceptedForms). A time folds the cluster's events up to the first one \
        dated after it (a later event dated earlier is named on stderr). A cluster the store does not \
        hold exits 66 (as a missing store does), naming the cluster and the store.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Cluster id.") var cluster: String
    @Option(parsing: .unconditional, help: ArgumentHelp("RFC 3339 time, relative time (2h) or log position.", valueName: "TIME|POSITION")) var at: String?
    @Option(help: "Output format: table or json.") var format: Format = .table

    func validate() throws {
        try ClusterFlags.validate([cluster])
        if let at, StatePoint.parse(at, nowMs: 0) == nil {
            throw ValidationError("--at '\(at)' is neither a log position nor a time; use \(StatePoint.acceptedForms)")
        }
    }

    func run() throws {
        let point = try at.map { text in
            guard let point = StatePoint.parse(text, nowMs: TimeText.nowMs()) else { throw CommandFailure.usage("--at '\(text)' is not a point in time") }
            return point
        } ?? .now
        let store = try storeOptions.open(.readOnly)
        let recorded = try store.readStream(EdgeClusters.stream(cluster))
        guard !recorded.isEmpty else {
            throw CommandFailure.noInput("no cluster '\(cluster)' in the store at \(storeOptions.store)")
        }
        switch point {
        case .position(let position):
            let last = try store.lastPosition()
            if position > last { printToStderr("note: position \(position) is past the log's end (position \(last)): this is the cluster as it stands now") }
        case .time(let ms) where ms > TimeText.nowMs():
            // A replay's or a fast clock's events can be dated after this machine's now.
            if let later = recorded.first(where: { $0.recordedAtMs > ms }) {
                printToStderr("note: \(TimeText.rfc3339(ms)) is in the future by this machine's clock, but the cluster has events recorded after it (from position \(later.position)): this is the cluster as it stood then")
            } else {
                printToStderr("note: \(TimeText.rfc3339(ms)) is in the future: this is the cluster as it stands now")
            }
        case .time, .now: break
        }
        if case .time(let ms) = point, let note = OutOfOrderNote.text(recorded, at: ms) { printToStderr(note) }
        let unknown = recorded.filter { !EventPayloadCheck.orchestrator.knows($0.type) }
        if let first = unknown.first {
            printToStderr("note: left out \(CountText.of(unknown.count, "event")) of types this orchestrator does not know (first: \(first.type) at position \(first.position))")
        }
        let sheet: (table: [String], json: String)
        do {
            if ClusterStreamKind.kind(of: recorded) == .templateBased {
                let report = TemplateStateReport(snapshot: try TemplateSnapshot.fold(cluster, recorded, at: point), point: point)
                sheet = (report.table(), report.json())
            } else {
                let report = StateReport(snapshot: try ClusterSnapshot.fold(cluster, recorded, at: point), point: point)
                sheet = (report.table(), report.json())
            }
        } catch let error as DomainEventDecodingError {
            throw CommandFailure.dataError(error.description)
        }
        var output = BufferedOutput()
        switch format {
        case .table: for line in sheet.table { try output.writeLine(line) }
        case .json: try output.writeLine(sheet.json)
        }
        try output.flush()
    }
}
