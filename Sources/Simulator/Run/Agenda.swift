import HeapModule
import UpgradeDomain

/// The simulation's future: what happens next, in virtual time; ties keep the order they were scheduled in.
struct Agenda {
    enum Item {
        case timeline(Int)
        case registerFleet
        case admit
        case stepDone(cluster: Int, upgrade: Int, node: NodeID, step: NodeStep, attempt: Int, failed: Bool)
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

    /// What the heap orders: the time, the tie-breaking sequence and where the item waits. Items
    /// stay in `slots`, so sifting through the heap moves 24 bytes instead of a whole item.
    private struct Entry: Comparable {
        var time: Int64
        var sequence: UInt64
        var slot: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Entry, b: Entry) -> Bool { (a.time, a.sequence) == (b.time, b.sequence) }
    }

    private var heap = Heap<Entry>()
    private var sequence: UInt64 = 0
    private var slots: [Item?] = []
    private var freeSlots: [Int] = []
    private var lanes: [AgendaLane<Item>] = []
    private static let maxLanes = 4

    /// Like `schedule`, for items mostly scheduled in time order, such as deadlines a fixed time
    /// ahead: such an item joins a first-in-first-out lane whose last item is not later, which
    /// costs less than the heap; any other goes to the heap. Items come out in the same order.
    mutating func scheduleInOrder(_ item: Item, at time: Int64) {
        if let lane = lanes.firstIndex(where: { $0.accepts(time) }) {
            sequence += 1
            lanes[lane].append(item, at: time, sequence: sequence)
        } else if lanes.count < Self.maxLanes {
            sequence += 1
            lanes.append(AgendaLane())
            lanes[lanes.count - 1].append(item, at: time, sequence: sequence)
        } else {
            schedule(item, at: time)
        }
    }

    mutating func schedule(_ item: Item, at time: Int64) {
        sequence += 1
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = item
        } else {
            slot = slots.count
            slots.append(item)
        }
        heap.insert(Entry(time: time, sequence: sequence, slot: slot))
    }

    mutating func next() -> (time: Int64, item: Item)? {
        // The earliest lane head, then the heap's minimum if it comes first.
        var earliest: (lane: Int, time: Int64, sequence: UInt64)?
        for index in lanes.indices {
            guard let (time, sequence) = lanes[index].first else { continue }
            if let e = earliest, (e.time, e.sequence) < (time, sequence) { continue }
            earliest = (index, time, sequence)
        }
        if let e = earliest, heap.isEmpty || (e.time, e.sequence) < (heap.min!.time, heap.min!.sequence) {
            return (e.time, lanes[e.lane].removeFirst())
        }
        guard let entry = heap.popMin() else { return nil }
        var item: Item?
        swap(&item, &slots[entry.slot])
        freeSlots.append(entry.slot)
        return item.map { (entry.time, $0) }
    }

    var isEmpty: Bool { heap.isEmpty && lanes.allSatisfy(\.isEmpty) }
}
