import CLMDB
import Foundation

/// Measures the engine against raw LMDB doing the same work in the same run, so each figure is a
/// ratio that holds on a noisy machine. Raw = `mdb_put` with `MDB_APPEND` of opaque blobs of the
/// engine's encoded size, the same batch sizes and the same durability (fsync per commit).
///
/// Two more raw figures bound what the engine could reach on this disk with this layout:
/// raw LMDB writing the same entries as the engine (no checks, no record encoding), and
/// raw durable commits (one blob each; 64 events of the full layout each, as a perfect group commit).
/// Engine batched time counts only the time inside `appendNow`: building the benchmark's events is
/// the caller's work, and the raw side builds none.
public struct StoreBenchmark: Sendable {
    public struct Report: Sendable {
        public var events: Int
        public var encodedEventBytes: Int
        public var engineBatchedEventsPerSecond: Double
        public var rawBatchedEventsPerSecond: Double
        /// Raw LMDB writing the engine's log blob and index entries, same batches and durability.
        public var rawIndexedBatchedEventsPerSecond: Double
        public var groupCommitEventsPerSecond: Double
        public var groupCommitP99Ms: Double
        public var groupCommitMeanBatch: Double
        /// Raw durable commits of one blob each, per second, and their p99.
        public var rawCommitsPerSecond: Double
        public var rawCommitP99Ms: Double
        /// 64 × raw durable commits per second, each holding 64 events of the full layout: what
        /// 64 single-event appenders could reach if every commit took all of them.
        public var rawGroupCommitBoundEventsPerSecond: Double
        /// The full log read with every field decoded, through the borrowing `scanEvents`.
        public var engineScanEventsPerSecond: Double
        /// The same read through the owning `forEachEvent` (an owned `RecordedEvent` per event).
        public var engineOwnedScanEventsPerSecond: Double
        public var rawScanEventsPerSecond: Double
        public var streamReadP99Ms: Double
        public var batchedAppendRatio: Double { engineBatchedEventsPerSecond / rawBatchedEventsPerSecond }
        /// Raw with the engine's entries / raw with blobs alone: the layout's own ceiling for the ratio above.
        public var layoutBoundRatio: Double { rawIndexedBatchedEventsPerSecond / rawBatchedEventsPerSecond }
        /// Engine / raw with the same entries: the cost of the engine's own code.
        public var engineToLayoutRatio: Double { engineBatchedEventsPerSecond / rawIndexedBatchedEventsPerSecond }
        /// Group commit / the raw bound above: the engine's share of what this disk allows, which
        /// holds as the disk's commit time moves.
        public var groupCommitBoundRatio: Double { groupCommitEventsPerSecond / rawGroupCommitBoundEventsPerSecond }
        public var scanRatio: Double { engineScanEventsPerSecond / rawScanEventsPerSecond }
        public var ownedScanRatio: Double { engineOwnedScanEventsPerSecond / rawScanEventsPerSecond }
    }

    public let events: Int
    public let batchSize = 10_000
    public let eventsPerStream = 100
    public let appenders = 64
    /// Full scans of each side; the medians are compared.
    static let scansEach = 5
    /// Appends per appender in the group-commit phase.
    public var perAppender: Int { max(200, min(2000, events / 500)) }
    public let folder: String

    public init(events: Int, folder: String) {
        self.events = max(events, batchSize)
        self.folder = folder
    }

    /// The store the engine half fills, left open for further measurements by the caller.
    public func run(progress: (String) -> Void, extra: (EventStore) throws -> Void = { _ in }) async throws -> Report {
        let store = try EventStore.open(at: folder + "/engine", mode: .create)
        defer { store.close() }
        let raw = try RawLMDBWorkload(folder: folder + "/raw")
        let rawDB = try raw.env.openDatabase("log", create: true)
        let indexed = try RawLMDBWorkload(folder: folder + "/raw-indexed")
        let indexedLayout = try StoreLayout.open(in: indexed.env, create: true)
        // The mean size of the first 1,000 records as the engine will store them.
        let encodedSize = (0..<1000).map { i in
            EventEncoder.size(of: RecordedEvent(position: UInt64(i + 1), stream: "cluster/\(i / eventsPerStream)", revision: UInt64(i % eventsPerStream), data: Self.event(i)))
        }.reduce(0, +) / 1000
        progress("engine, raw blobs of \(encodedSize) bytes, raw engine entries: \(events) events each, \(batchSize) per transaction, interleaved")
        // Batch by batch in turn, so a change in the machine's load hits all three alike.
        var engineSeconds = 0.0, rawSeconds = 0.0, indexedSeconds = 0.0
        for first in stride(from: 0, to: events, by: batchSize) {
            let end = min(first + batchSize, events)
            engineSeconds += try appendEngineBatch(store, first..<end)
            rawSeconds += try raw.appendBlobs(after: UInt64(first), through: UInt64(end), blobSize: encodedSize, dbi: rawDB)
            let batch = (first..<end).map { i in
                (stream: "cluster/\(i / eventsPerStream)", revision: UInt64(i % eventsPerStream), data: Self.event(i))
            }
            indexedSeconds += try indexed.writeIndexed(batch, after: UInt64(first), blobSize: encodedSize, layout: indexedLayout)
        }
        let sample = try store.readAll(from: 1, limit: 1000)
        precondition(sample.map { EventCodec.encode($0).count }.reduce(0, +) / 1000 == encodedSize, "stored records differ in size")
        let (engineRate, rawRate, rawIndexedRate) = (Double(events) / engineSeconds, Double(events) / rawSeconds, Double(events) / indexedSeconds)

        progress("engine and raw: full scans, \(Self.scansEach) of each, interleaved")
        // The two sides' scans taken in turn and each side's median compared, so a busy moment of
        // the machine weighs on one read of one side, not on the figure.
        var engineScans: [Double] = [], rawScans: [Double] = []
        for _ in 0..<Self.scansEach {
            engineScans.append(try measureRate(events) {
                var bytes = 0
                try store.scanEvents(from: 1, chunkSize: 8192) { bytes &+= $0.payload.count }
                precondition(bytes > 0)
            })
            rawScans.append(try measureRate(events) { try raw.scan(rawDB) })
        }
        let (engineScan, rawScan) = (Self.percentile(engineScans, 0.5), Self.percentile(rawScans, 0.5))
        let engineOwnedScan = try measureRate(events) {
            var bytes = 0
            try store.forEachEvent(from: 1, pageSize: 8192) { bytes &+= $0.data.payload.count }
            precondition(bytes > 0)
        }

        progress("stream reads: 2,000 random streams of \(eventsPerStream) events")
        let streams = events / eventsPerStream
        var generator = SplitMix64(seed: 42)
        var latencies: [Double] = []
        for _ in 0..<2000 {
            let stream = "cluster/\(Int(generator.next() % UInt64(streams)))"
            latencies.append(try measureMs {
                let count = try store.readStream(stream).count
                precondition(count == eventsPerStream, "stream \(stream) holds \(count) events")
            })
        }
        let streamP99 = Self.percentile(latencies, 0.99)

        // Raw durable commits: half before the engine's group-commit phase and half after, so a
        // change in the disk's load during the run weighs on bound and engine alike.
        progress("raw LMDB: durable commits, one blob each and \(appenders) full-layout events each")
        var single: [Double] = [], grouped: [Double] = []
        func rawCommits(rounds: Range<Int>) throws {
            single += try raw.commitSingleBlobs(150, after: UInt64(events + single.count), blobSize: encodedSize, dbi: rawDB)
            for round in rounds {
                // Round `round` of the group-commit phase as one perfect commit: every appender's event,
                // its stream's next revision, a fresh time-ordered id (as the engine's appenders draw).
                let batch = (0..<appenders).map { appender in
                    var data = Self.event(appender)
                    Self.stampNow(&data)
                    return (stream: Self.appenderStream(appender), revision: UInt64(round), data: data)
                }
                grouped.append(try indexed.writeIndexed(batch, after: UInt64(events + round * appenders), blobSize: encodedSize, layout: indexedLayout))
            }
        }
        try rawCommits(rounds: 0..<100)
        progress("group commit: \(appenders) concurrent appenders, single events")
        let (groupRate, groupP99, meanBatch) = try await groupCommit(store)
        progress("raw LMDB: durable commits again")
        try rawCommits(rounds: 100..<200)
        try extra(store)

        return Report(
            events: events, encodedEventBytes: encodedSize,
            engineBatchedEventsPerSecond: engineRate, rawBatchedEventsPerSecond: rawRate,
            rawIndexedBatchedEventsPerSecond: rawIndexedRate,
            groupCommitEventsPerSecond: groupRate, groupCommitP99Ms: groupP99, groupCommitMeanBatch: meanBatch,
            rawCommitsPerSecond: Double(single.count) / single.reduce(0, +), rawCommitP99Ms: Self.percentile(single, 0.99) * 1000,
            rawGroupCommitBoundEventsPerSecond: Double(grouped.count * appenders) / grouped.reduce(0, +),
            engineScanEventsPerSecond: engineScan, engineOwnedScanEventsPerSecond: engineOwnedScan, rawScanEventsPerSecond: rawScan, streamReadP99Ms: streamP99
        )
    }

    /// A group-commit appender's event as it appends it: recorded now, with a fresh id.
    static func stampNow(_ event: inout EventData) {
        event.recordedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
        event.id = TimeOrderedEventID.next(ms: event.recordedAtMs)
    }

    static func appenderStream(_ appender: Int) -> String { "bench/appender-\(appender)" }

    /// ~200-byte events: a realistic node-step payload, streams of `eventsPerStream` events.
    static func event(_ i: Int) -> EventData {
        let payload = #"{"cluster":"store-\#(i / 100)","node":"node-\#(i % 7)","step":"reboot","attempt":1,"outcome":"succeeded"}"#
        // Time-ordered ids, as every producer of the engine draws them (replays, the service).
        var generator = SplitMix64(seed: UInt64(i))
        let id = TimeOrderedEventID.make(ms: 1_795_000_000_000 + UInt64(i), counter: 0, random: UInt32(truncatingIfNeeded: generator.next()))
        return EventData(id: id, type: i % 3 == 0 ? "NodeStepStarted" : "NodeStepSucceeded", recordedAtMs: 1_795_000_000_000 + Int64(i),
                         actor: "agent/store-\(i / 100)", payload: Data(payload.utf8))
    }

    /// Appends events `range` as the requests of one `appendNow` (one durable transaction), streams
    /// of `eventsPerStream`. Returns the seconds spent inside `appendNow`; the events are built before.
    private func appendEngineBatch(_ store: EventStore, _ range: Range<Int>) throws -> Double {
        var requests: [AppendRequest] = []
        var j = range.lowerBound
        while j < range.upperBound {
            let count = min(eventsPerStream - j % eventsPerStream, range.upperBound - j)
            requests.append(AppendRequest(stream: "cluster/\(j / eventsPerStream)", expected: .any, events: (j..<(j + count)).map(Self.event)))
            j += count
        }
        let start = ContinuousClock.now
        let results = try store.appendNow(requests)
        let seconds = Self.ms(ContinuousClock.now - start) / 1000
        for result in results { _ = try result.get() }
        return seconds
    }

    private func groupCommit(_ store: EventStore) async throws -> (Double, Double, Double) {
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    var mine: [Double] = []
                    mine.reserveCapacity(perAppender)
                    // Each appender is one producer (one actor, one stream) appending what happens now.
                    var event = Self.event(appender)
                    let stream = Self.appenderStream(appender)
                    for _ in 0..<perAppender {
                        Self.stampNow(&event)
                        let begin = ContinuousClock.now
                        _ = try await store.append(to: stream, expected: .any, events: [event])
                        mine.append(Self.ms(ContinuousClock.now - begin))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let seconds = Self.ms(ContinuousClock.now - started) / 1000
        let total = Double(appenders * perAppender)
        let commits = Double(store.commitCount)
        return (total / seconds, Self.percentile(latencies, 0.99), commits > 0 ? total / commits : 0)
    }

    private func measureRate(_ count: Int, _ body: () throws -> Void) throws -> Double {
        Double(count) / (try measureMs(body) / 1000)
    }

    private func measureMs(_ body: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try body()
        return Self.ms(ContinuousClock.now - start)
    }

    public static func ms(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}
