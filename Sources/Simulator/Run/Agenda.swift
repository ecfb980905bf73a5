import HeapModule

/// The simulation's future: what happens next, in virtual time; ties keep the order they were scheduled in.
struct Agenda {
    enum Item {
        case timeline(Int)
        case registerFleet
        case admit
        case stepDone(cluster: Int, node: String, step: String, attempt: Int, failed: Bool)
        case tick(cluster: Int)
        case approve(cluster: Int, actor: String)
        /// Re-runs of recorded history: the recorded denial, the recorded assignment, recorded outages.
        case deny(cluster: Int, actor: String)
        case assignRecorded
        case health(cluster: Int, down: Bool)
        case outage(Int, down: Bool)
        /// Template clusters: Cluster API moves the rollout one step; the shell's deadline check.
        case capi(cluster: Int)
        case templateTick(cluster: Int)
    }

    private struct Entry: Comparable {
        var time: Int64
        var sequence: UInt64
        var item: Item
        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Entry, b: Entry) -> Bool { (a.time, a.sequence) == (b.time, b.sequence) }
    }

    private var heap = Heap<Entry>()
    private var sequence: UInt64 = 0

    mutating func schedule(_ item: Item, at time: Int64) {
        sequence += 1
        heap.insert(Entry(time: time, sequence: sequence, item: item))
    }

    mutating func next() -> (time: Int64, item: Item)? {
        heap.popMin().map { ($0.time, $0.item) }
    }

    var isEmpty: Bool { heap.isEmpty }
}
