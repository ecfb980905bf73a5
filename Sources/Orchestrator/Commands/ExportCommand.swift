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
    @Option(name: .customLong("from-position"), parsing: .unconditional, help: "First position to export.", transform: WholeNumber.parser(from: 0)) var fromPosition: UInt64 = 1

    func run() throws {
        let store = try storeOptions.open(.readOnly)
        var output = BufferedOutput()
        try store.forEachEvent(from: fromPosition) { output.writeLine(EventJSON.exportLine($0)) }
        output.flush()
    }
}

/// Batches stdout writes; the process's stdout is written only here and by `print`.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
