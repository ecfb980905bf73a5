/// A first-in-first-out run of agenda items in time order (ties in the order scheduled): a lane
/// takes an item only if it is not earlier than the lane's last one.
struct AgendaLane<Item> {
    private var times: [Int64] = []
    private var sequences: [UInt64] = []
    private var items: [Item?] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    /// The time and sequence of the first item, if any.
    var first: (time: Int64, sequence: UInt64)? {
        head < items.count ? (times[head], sequences[head]) : nil
    }

    func accepts(_ time: Int64) -> Bool {
        times.last.map { $0 <= time } ?? true
    }

    mutating func append(_ item: Item, at time: Int64, sequence: UInt64) {
        times.append(time)
        sequences.append(sequence)
        items.append(item)
    }

    /// Removes and returns the first item; the lane must not be empty.
    mutating func removeFirst() -> Item {
        var item: Item?
        swap(&item, &items[head])
        head += 1
        if head == items.count {
            // Drained: start over at the front, keeping the storage.
            times.removeAll(keepingCapacity: true)
            sequences.removeAll(keepingCapacity: true)
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096, head * 2 >= items.count {
            times.removeFirst(head)
            sequences.removeFirst(head)
            items.removeFirst(head)
            head = 0
        }
        return item!
    }
}
