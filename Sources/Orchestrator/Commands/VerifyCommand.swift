import ArgumentParser
import EventStore

/// `orchestrator verify --store DIR`: gap-free positions and revisions, sound indexes, decodable payloads.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a store: positions and revisions gap-free, every index agrees with the log, every event decodes.",
        discussion: "Exits 0 when sound; 1 naming the first problem otherwise."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(.readOnly)
        let report = try store.verify()
        if let problem = report.problem {
            throw CommandFailure(message: "verify \(storeOptions.store): \(problem)", exitCode: 1)
        }
        print("ok: \(report.events) events in \(report.streams) streams; positions and revisions gap-free; every index agrees with the log")
    }
}
