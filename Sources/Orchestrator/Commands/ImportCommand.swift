import ArgumentParser
import EventStore
import Foundation

/// `orchestrator import --store DIR`: reads an export from stdin into a new store, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read newline-delimited JSON events (from export) on stdin into a new store.",
        discussion: "The store is built in a sibling folder and moved into place only when every line imported, so a bad line leaves nothing behind."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let target = storeOptions.store
        switch FileManager.default.fileExists(atPath: target) {
        case true:
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? ["?"]
            guard contents.isEmpty else { throw CommandFailure.dataError("import needs a new or empty folder, and \(target) is not empty") }
        case false: break
        }
        let staging = target + ".importing-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            let count = try importLines(into: staging)
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.moveItem(atPath: staging, toPath: target)
            printToStderr("imported \(count) events into \(target)")
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            // The staging folder is ours, not the user's: name the folder they gave.
            guard let storeError = error as? EventStoreError else { throw error }
            throw storeError.replacingPath(staging, with: target)
        }
    }

    private func importLines(into folder: String) throws -> Int {
        let store = try EventStore.open(at: folder, mode: .create)
        defer { store.close() }
        var batch: [RecordedEvent] = []
        var count = 0
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.isEmpty { continue }
            batch.append(try ExportLineParser.parse(Substring(line), number: lineNumber))
            if batch.count == 10_000 {
                try store.restore(batch)
                count += batch.count
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.restore(batch)
        return count + batch.count
    }
}
