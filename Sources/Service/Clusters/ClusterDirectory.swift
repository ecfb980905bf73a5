import EventStore

/// The ids of every registered cluster (or template deployment), found once from the index of
/// its registration event type and kept up to date, in id order, as more register.
actor ClusterDirectory {
    let store: EventStore
    let registrationType: String
    let streamPrefix: String
    /// Sorted and unique once loaded.
    private var ids: [String]?

    init(store: EventStore, registrationType: String = "ClusterRegistered", streamPrefix: String = "cluster/") {
        self.store = store
        self.registrationType = registrationType
        self.streamPrefix = streamPrefix
    }

    /// Every registered cluster id, sorted.
    func all() throws -> [String] { try loaded() }

    /// Up to `limit` ids after `after` (from the first when nil), sorted, and whether more follow.
    func page(after: String?, limit: Int) throws -> (ids: [String], more: Bool) {
        let ids = try loaded()
        let start = after.map { Self.insertionIndex(of: $0, in: ids, orAfter: true) } ?? 0
        let end = start + min(limit, ids.count - start)
        return (Array(ids[start..<end]), end < ids.count)
    }

    func add(_ id: String) throws {
        var current = try loaded()
        ids = nil  // so `current` is the only reference and the insert does not copy
        let index = Self.insertionIndex(of: id, in: current, orAfter: false)
        if index == current.count || current[index] != id { current.insert(id, at: index) }
        ids = current
    }

    /// The first index whose id is not below `id` (or, with `orAfter`, above it).
    private static func insertionIndex(of id: String, in ids: [String], orAfter: Bool) -> Int {
        var low = 0, high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id || (orAfter && ids[middle] == id) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func loaded() throws -> [String] {
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
        let sorted = found.sorted()
        ids = sorted
        return sorted
    }
}
