import ArgumentParser
import Engine
import EventStore
import Foundation

/// `orchestrator import --store DIR`: reads an export from stdin into a new store, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read newline-delimited JSON events (from export) on stdin into a new store.",
        discussion: """
        Every line is checked before it is written: positions from 1 and each stream's revisions from 0 \
        without gaps, no event id twice, and data that decodes for every event type this orchestrator \
        knows (types it does not know, written by a newer one, are copied as they are and counted on \
        stderr). A key export does not write, a key given twice, or a time that is not timeMs is refused \
        rather than dropped, as is an edge event whose data names its upgrade without that upgrade's \
        correlationId. The store is built in a sibling folder (DIR.importing-PID) and moved into place only \
        when every line imported, so a bad line, SIGTERM or SIGINT leaves nothing behind; such a folder \
        left by an import that was killed outright is removed by the next import of DIR.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let target = storeOptions.store
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CommandFailure.cannotCreate("import needs a new or empty folder, and \(target) is a file, not a folder") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? ["?"]
            guard contents.isEmpty else { throw CommandFailure.cannotCreate("import needs a new or empty folder, and \(target) is not empty") }
        }
        for name in StagingFolder.removeAbandoned(of: target, purpose: .import) {
            printToStderr("note: removed \(name), left by an import that did not finish")
        }
        let staging = StagingFolder(target: target, purpose: .import)
        defer { staging.release() }
        try? FileManager.default.removeItem(atPath: staging.path)
        do {
            let check = try importLines(into: staging.path)
            try staging.move(to: target)
            printToStderr("imported \(check.count) events into \(target)")
            if check.unknown.count > 0 {
                printToStderr("note: \(CountText.of(check.unknown.count, "event")) of types this orchestrator does not know \(check.unknown.count == 1 ? "was" : "were") copied unchecked (first: \(check.unknown.firstType) on line \(check.unknown.firstLine))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging.path)
            // The staging folder is ours, not the user's: name the folder they gave.
            guard let storeError = error as? EventStoreError else { throw error }
            throw storeError.replacingPath(staging.path, with: target)
        }
    }

    private func importLines(into folder: String) throws -> ImportCheck {
        let store = try EventStore.open(at: folder, mode: .create)
        defer { store.close() }
        var check = ImportCheck(payloads: .orchestrator)
        var batch: [RecordedEvent] = []
        var lines = StandardInputLines()
        while let line = try lines.next() {
            let lineNumber = lines.number
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let event = try ExportLineParser.parse(Substring(line), number: lineNumber)
            try check.admit(event, line: lineNumber)
            batch.append(event)
            if batch.count == 10_000 {
                try store.restore(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.restore(batch)
        return check
    }
}
