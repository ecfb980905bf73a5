/// Idempotency keys of the node reports a cluster has handled: those of the upgrade under way (or
/// the one that ended last) and those of the upgrade before it.
///
/// A repeated report within that reach emits nothing, so an agent's retry that crosses the end of
/// an upgrade (its answer lost, the service restarted) is still a no-op. Keys of older upgrades are
/// let go: a cluster's memory stays bounded by two upgrades' worth of reports however long its
/// history. A report that old is decided like a new one: refused if it names its upgrade
/// (`otherUpgrade`), and otherwise taken as the answer to the step running now when its node, step
/// and try match it (ADR 0010).
///
/// Each key is held as its 128-bit digest, in a sorted array: 16 bytes a key, whatever the key's
/// length, and no allocation per key (ADR 0012).
public struct ReportKeys: Sendable, Hashable, Codable {
    /// Digests of the keys of the upgrade under way, or of the one that ended last; sorted.
    public private(set) var current: [ReportKeyDigest]
    /// Digests of the keys of the upgrade before it; sorted.
    public private(set) var previous: [ReportKeyDigest]

    public init() {
        current = []
        previous = []
    }

    public func contains(_ key: String) -> Bool {
        let digest = ReportKeyDigest(key)
        return Self.find(digest, in: current).found || Self.find(digest, in: previous).found
    }

    /// Whether `key` is among the keys of the upgrade under way (or of the one that ended last).
    public func containsCurrent(_ key: String) -> Bool {
        Self.find(ReportKeyDigest(key), in: current).found
    }

    mutating func insert(_ key: String) {
        let digest = ReportKeyDigest(key)
        let (index, found) = Self.find(digest, in: current)
        if !found { current.insert(digest, at: index) }
    }

    /// A new upgrade was accepted: the current keys become the previous ones, with room for
    /// `expected` new keys so the array does not grow in steps.
    mutating func startUpgrade(expected: Int) {
        previous = current
        current = []
        current.reserveCapacity(expected)
    }

    /// Every key remembered.
    public var count: Int { current.count + previous.count }

    /// Where `digest` is in `sorted`, or where it would go.
    private static func find(_ digest: ReportKeyDigest, in sorted: [ReportKeyDigest]) -> (index: Int, found: Bool) {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < digest { low = middle + 1 } else { high = middle }
        }
        return (low, low < sorted.count && sorted[low] == digest)
    }
}
