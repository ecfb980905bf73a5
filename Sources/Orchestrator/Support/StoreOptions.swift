import ArgumentParser
import EventStore

/// `--store DIR`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store folder (LMDB).", valueName: "DIR"))
    var store: String

    func validate() throws {
        if store.isEmpty { throw ValidationError("--store is empty; give the store's folder") }
    }

    /// Opens the store; reading commands never create one by accident. With `checkingPages`, the
    /// raw pages of every tree are walked first, before LMDB reads them (`verify`, `backup`).
    func open(_ mode: EventStore.OpenMode, checkingPages: Bool = false) throws -> EventStore {
        try EventStore.open(at: store, mode: mode, checkingPages: checkingPages)
    }
}
