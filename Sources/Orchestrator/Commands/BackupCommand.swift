import ArgumentParser
import EventStore

/// `orchestrator backup --store DIR --to DIR2`: a consistent, compacted online copy.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a store, consistently and compacted, while it is in use.",
        discussion: "The copy holds the store's events as they are, without checking them: run `orchestrator verify --store DIR2` on it to know it is sound."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("A new or empty folder for the copy.", valueName: "DIR2")) var to: String

    func validate() throws {
        if to.isEmpty { throw ValidationError("--to is empty; give a new or empty folder for the copy") }
    }

    func run() throws {
        let store = try storeOptions.open(.readOnly)
        do {
            try store.backup(to: to)
        } catch .notAStore(_, let why) {
            throw CommandFailure.dataError("backup needs a new or empty folder for --to, and \(to) is not one: \(why)")
        }
        let copy = try EventStore.open(at: to, mode: .readOnly)
        print("backed up \(try copy.lastPosition()) events from \(storeOptions.store) to \(to)")
    }
}
