import ArgumentParser
import EventStore
import Foundation

/// `orchestrator export --store DIR`: every event as one JSON line, in log order.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every event of a store as newline-delimited JSON to stdout.",
        discussion: """
        From position 1 (the default) the output re-creates the store exactly with `orchestrator import`. \
        From a later position it is the log's tail, which import refuses: a store starts at position 1.
        """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("from-position"), parsing: .unconditional, help: "First position to export (1 or more).", transform: WholeNumber.parser(from: 1)) var fromPosition: UInt64 = 1

    func run() throws {
        let store = try storeOptions.open(.readOnly)
        var output = BufferedOutput()
        try store.forEachEvent(from: fromPosition) { try output.writeLine(EventJSON.exportLine($0)) }
        try output.flush()
    }
}
