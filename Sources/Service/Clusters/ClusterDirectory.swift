import EventStore

/// The ids of every registered cluster (or template deployment), found once from the index of
/// its registration event type and kept up to date as more register.
actor ClusterDirectory {
    let store: EventStore
    let registrationType: String
    let streamPrefix: String
    private var ids: Set<String>?

    init(store: EventStore, registrationType: String = "ClusterRegistered", streamPrefix: String = "cluster/") {
        self.store = store
        self.registrationType = registrationType
        self.streamPrefix = streamPrefix
    }

    /// Every registered cluster id, sorted.
    func all() throws -> [String] {
        try loaded().sorted()
    }

    func contains(_ id: String) throws -> Bool { try loaded().contains(id) }

    func add(_ id: String) throws {
        var current = try loaded()
        current.insert(id)
        ids = current
    }

    private func loaded() throws -> Set<String> {
        if let ids { return ids }
        var found = Set<String>()
        var from: UInt64 = 1
        while true {
            let page = try store.events(ofType: registrationType, from: from, limit: 1024)
            for event in page where event.stream.hasPrefix(streamPrefix) {
                found.insert(String(event.stream.dropFirst(streamPrefix.count)))
            }
            guard let last = page.last, page.count == 1024 else { break }
            from = last.position + 1
        }
        ids = found
        return found
    }
}
