import ArgumentParser
import EventStore
import Foundation

/// `orchestrator backup --store DIR --to DIR2`: a consistent, compacted online copy, built in a
/// sibling folder (`DIR2.backup-PID`) and moved to DIR2 only once complete and synced, so a
/// backup that is killed leaves no cut-off copy under DIR2.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a store, consistently and compacted, while it is in use.",
        discussion: """
        The copy is built in a sibling folder (DIR2.backup-PID) and moved to DIR2 only when complete and \
        on disk, so a backup that fails or is stopped leaves nothing under DIR2; such a folder left by a \
        backup that was killed outright is removed by the next backup to DIR2. \
        The copy holds the store's events as they are, without checking them: run \
        `orchestrator verify --store DIR2` on it to know it is sound. The raw pages of every tree are walked \
        first, read from the file: a store with a damaged page (a node offset or a size pointing past the \
        page), or whose LMDB pages the copy cannot follow (a damaged tree, or a free-page tree that does \
        not add up), is refused as damaged (exit 65), leaving nothing under DIR2.
        """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("A new or empty folder for the copy.", valueName: "DIR2")) var to: String

    func validate() throws {
        if to.isEmpty { throw ValidationError("--to is empty; give a new or empty folder for the copy") }
    }

    func run() throws {
        let store = try storeOptions.open(.readOnly, checkingPages: true)
        try checkTarget()
        for name in StagingFolder.removeAbandoned(of: to, purpose: .backup) {
            printToStderr("note: removed \(name), left by a backup that did not finish")
        }
        let staging = StagingFolder(target: to, purpose: .backup)
        defer { staging.release() }
        try? FileManager.default.removeItem(atPath: staging.path)
        do {
            try store.backup(to: staging.path)
            try staging.move(to: to)
        } catch {
            try? FileManager.default.removeItem(atPath: staging.path)
            // The staging folder is ours, not the user's: name the folder they gave.
            guard let storeError = error as? EventStoreError else { throw error }
            throw storeError.replacingPath(staging.path, with: to)
        }
        let copy = try EventStore.open(at: to, mode: .readOnly)
        print("backed up \(try copy.lastPosition()) events from \(storeOptions.store) to \(to)")
    }

    /// `--to` must be missing or an empty folder; anything else cannot take the copy (73).
    private func checkTarget() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: to, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw Self.taken(to, "it is a file, not a folder") }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: to)) ?? ["?"]
        guard !contents.isEmpty else { return }
        throw Self.taken(to, contents.contains("data.mdb") ? "it holds a store already" : "it holds other files")
    }

    private static func taken(_ folder: String, _ why: String) -> CommandFailure {
        .cannotCreate("backup needs a new or empty folder for --to, and \(folder) is not one: \(why)")
    }
}
