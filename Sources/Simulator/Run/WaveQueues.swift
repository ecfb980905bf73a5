/// Clusters waiting per wave, in assignment order, and how many of each wave are running.
/// The current wave is the first with anyone waiting or running: later waves wait for it.
struct WaveQueues {
    private var queues: [[Int]]
    private var heads: [Int]
    private var running: [Int]

    init(count: Int) {
        queues = Array(repeating: [], count: count)
        heads = Array(repeating: 0, count: count)
        running = Array(repeating: 0, count: count)
    }

    mutating func enqueue(_ cluster: Int, in wave: Int) { queues[wave].append(cluster) }

    /// The next waiting cluster of `wave` (the caller skips any that stopped waiting).
    mutating func next(in wave: Int) -> Int? {
        guard heads[wave] < queues[wave].count else { return nil }
        defer { heads[wave] += 1 }
        return queues[wave][heads[wave]]
    }

    mutating func started(in wave: Int) { running[wave] += 1 }
    mutating func ended(in wave: Int) { running[wave] -= 1 }

    var current: Int? {
        queues.indices.first { heads[$0] < queues[$0].count || running[$0] > 0 }
    }
}
