/// The nodes of one cluster currently out of service, with their pools. A handful at a time, so a
/// list compared name by name costs less than hashing every name into a set per pool.
struct UnavailableNodes {
    private var entries: [(pool: String, node: String)] = []

    /// Takes `node` of `pool` out of service; false if it already was.
    mutating func insert(_ node: String, pool: String) -> Bool {
        if entries.contains(where: { $0.node == node && $0.pool == pool }) { return false }
        entries.append((pool, node))
        return true
    }

    /// How many of `pool`'s nodes are out of service.
    func count(in pool: String) -> Int {
        entries.reduce(0) { $1.pool == pool ? $0 + 1 : $0 }
    }

    /// Returns `node` to service in `pool`, or in every pool when nil; how many entries it left.
    mutating func remove(_ node: String, pool: String? = nil) -> Int {
        let before = entries.count
        entries.removeAll { $0.node == node && (pool == nil || $0.pool == pool) }
        return before - entries.count
    }

    mutating func removeAll() {
        entries.removeAll()
    }
}
