import Engine
import EventStore
import Foundation

/// Time travel of one cluster (`orchestrator state --at POSITION`): writes real cluster histories
/// into the bench store, then measures reading one cluster's stream, decoding and folding it up
/// to a random position of its history.
struct StateAtBenchmark {
    var clusters = 3000
    var workers = 2
    var samples = 2000

    /// Appends the histories, then returns the 99th percentile of one time-travel fold, in ms.
    func run(on store: EventStore, progress: (String) -> Void) throws -> Double {
        progress("state at: writing \(clusters) cluster histories (a reboot upgrade of \(workers + 1) nodes each)")
        var ranges: [(cluster: String, positions: ClosedRange<UInt64>)] = []
        for batch in stride(from: 0, to: clusters, by: 100) {
            let histories = try (batch..<min(batch + 100, clusters)).map { index in
                try SyntheticClusterHistory(cluster: "bench-edge-\(index)", workers: workers,
                                            startMs: 1_796_000_000_000 + Int64(index) * 1000, seed: StableID.hash("bench-edge-\(index)"))
            }
            let results = try store.appendNow(histories.map(\.request))
            for (history, result) in zip(histories, results) {
                let appended = try result.get()
                ranges.append((history.cluster, appended.firstPosition...appended.lastPosition))
            }
        }

        progress("state at: \(samples) folds of one cluster up to a random position")
        var generator = SplitMix64(seed: 11)
        var latencies: [Double] = []
        latencies.reserveCapacity(samples)
        for _ in 0..<samples {
            let (cluster, positions) = ranges[Int(generator.next() % UInt64(ranges.count))]
            let position = positions.lowerBound + generator.next() % UInt64(positions.count)
            let start = ContinuousClock.now
            let snapshot = try ClusterSnapshot.read(cluster, from: store, at: .position(position))
            latencies.append(StoreBenchmark.ms(ContinuousClock.now - start))
            precondition(snapshot.lastEvent?.position == position, "state of \(cluster) folded up to \(snapshot.lastEvent?.position ?? 0), not \(position)")
        }
        return StoreBenchmark.percentile(latencies, 0.99)
    }
}
