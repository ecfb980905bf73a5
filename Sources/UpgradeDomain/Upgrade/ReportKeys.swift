/// Idempotency keys of the node reports a cluster has handled: those of the upgrade under way (or
/// the one that ended last) and those of the upgrade before it.
///
/// A repeated report within that reach emits nothing, so an agent's retry that crosses the end of
/// an upgrade (its answer lost, the service restarted) is still a no-op. Keys of older upgrades are
/// let go: a cluster's memory stays bounded by two upgrades' worth of reports however long its
/// history. A report that old is decided like a new one: refused if it names its upgrade
/// (`otherUpgrade`), and otherwise taken as the answer to the step running now when its node, step
/// and try match it (ADR 0010).
public struct ReportKeys: Sendable, Hashable, Codable {
    /// Keys of the upgrade under way, or of the one that ended last.
    public private(set) var current: Set<String>
    /// Keys of the upgrade before it.
    public private(set) var previous: Set<String>

    public init(current: Set<String> = [], previous: Set<String> = []) {
        self.current = current
        self.previous = previous
    }

    public func contains(_ key: String) -> Bool {
        current.contains(key) || previous.contains(key)
    }

    mutating func insert(_ key: String) {
        current.insert(key)
    }

    /// A new upgrade was accepted: the current keys become the previous ones, with room for
    /// `expected` new keys so the set does not rehash as it grows.
    mutating func startUpgrade(expected: Int) {
        previous = current
        current = []
        current.reserveCapacity(expected)
    }

    /// Every key remembered.
    public var count: Int { current.count + previous.count }

    private enum CodingKeys: String, CodingKey { case current, previous }

    /// Sorted, so the same state always encodes to the same bytes (a set's order is per process).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(current.sorted(), forKey: .current)
        try container.encode(previous.sorted(), forKey: .previous)
    }
}
