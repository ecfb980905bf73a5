import CLMDB
import Foundation

/// Measures the engine against raw LMDB doing the same work in the same run, so each figure is a
/// ratio that holds on a noisy machine. Raw = `mdb_put` with `MDB_APPEND` of opaque blobs of the
/// engine's encoded size, the same batch sizes and the same durability (fsync per commit).
public struct StoreBenchmark: Sendable {
    public struct Report: Sendable {
        public var events: Int
        public var encodedEventBytes: Int
        public var engineBatchedEventsPerSecond: Double
        public var rawBatchedEventsPerSecond: Double
        public var groupCommitEventsPerSecond: Double
        public var groupCommitP99Ms: Double
        public var groupCommitMeanBatch: Double
        public var engineScanEventsPerSecond: Double
        public var rawScanEventsPerSecond: Double
        public var streamReadP99Ms: Double
        public var batchedAppendRatio: Double { engineBatchedEventsPerSecond / rawBatchedEventsPerSecond }
        public var scanRatio: Double { engineScanEventsPerSecond / rawScanEventsPerSecond }
    }

    public let events: Int
    public let batchSize = 10_000
    public let eventsPerStream = 100
    public let folder: String

    public init(events: Int, folder: String) {
        self.events = max(events, batchSize)
        self.folder = folder
    }

    /// The store the engine half fills, left open for further measurements by the caller.
    public func run(progress: (String) -> Void, extra: (EventStore) throws -> Void = { _ in }) async throws -> Report {
        let store = try EventStore.open(at: folder + "/engine", mode: .create)
        defer { store.close() }
        progress("engine: appending \(events) events, \(batchSize) per transaction")
        let engineRate = try measureRate(events) { try fillEngine(store) }
        let sample = try store.readAll(from: 1, limit: 1000)
        let encodedSize = sample.map { EventCodec.encode($0).count }.reduce(0, +) / max(sample.count, 1)

        progress("raw LMDB: appending \(events) blobs of \(encodedSize) bytes")
        let raw = try LMDBEnvironment(path: try makeFolder("raw"), readOnly: false, mapSize: 64 << 20, maxDatabases: 1)
        let rawDB = try raw.openDatabase("log", create: true)
        let rawRate = try measureRate(events) { try fillRaw(raw, dbi: rawDB, blobSize: encodedSize) }

        progress("engine and raw: full scans")
        let engineScan = try measureRate(events) {
            var bytes = 0
            try store.forEachEvent(from: 1, pageSize: 8192) { bytes &+= $0.data.payload.count }
            precondition(bytes > 0)
        }
        let rawScan = try measureRate(events) { try scanRaw(raw, dbi: rawDB) }

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

        progress("group commit: 64 concurrent appenders, single events")
        let (groupRate, groupP99, meanBatch) = try await groupCommit(store)
        try extra(store)

        return Report(
            events: events, encodedEventBytes: encodedSize,
            engineBatchedEventsPerSecond: engineRate, rawBatchedEventsPerSecond: rawRate,
            groupCommitEventsPerSecond: groupRate, groupCommitP99Ms: groupP99, groupCommitMeanBatch: meanBatch,
            engineScanEventsPerSecond: engineScan, rawScanEventsPerSecond: rawScan, streamReadP99Ms: streamP99
        )
    }

    /// ~200-byte events: a realistic node-step payload, streams of `eventsPerStream` events.
    static func event(_ i: Int) -> EventData {
        let payload = #"{"cluster":"store-\#(i / 100)","node":"node-\#(i % 7)","step":"reboot","attempt":1,"outcome":"succeeded"}"#
        var generator = SplitMix64(seed: UInt64(i))
        let id = UUID(uuid: generator.uuidBytes())
        return EventData(id: id, type: i % 3 == 0 ? "NodeStepStarted" : "NodeStepSucceeded", recordedAtMs: 1_795_000_000_000 + Int64(i),
                         actor: "agent/store-\(i / 100)", payload: Data(payload.utf8))
    }

    private func fillEngine(_ store: EventStore) throws {
        var i = 0
        while i < events {
            var requests: [AppendRequest] = []
            let end = min(i + batchSize, events)
            var j = i
            while j < end {
                let stream = "cluster/\(j / eventsPerStream)"
                let count = min(eventsPerStream - j % eventsPerStream, end - j)
                requests.append(AppendRequest(stream: stream, expected: .any, events: (j..<(j + count)).map(Self.event)))
                j += count
            }
            for result in try store.appendNow(requests) { _ = try result.get() }
            i = end
        }
    }

    private func fillRaw(_ env: LMDBEnvironment, dbi: MDB_dbi, blobSize: Int) throws {
        let blob = [UInt8](repeating: 0x5A, count: blobSize)
        var position: UInt64 = 0
        while position < UInt64(events) {
            let end = min(position + UInt64(batchSize), UInt64(events))
            while true {
                do {
                    try env.write { txn in
                        var p = position
                        while p < end {
                            p += 1
                            try BigEndian.bytes(p).withRaw { key in try blob.withRaw { try txn.put(dbi, key: key, value: $0, flags: MDB_APPEND) } }
                        }
                    }
                    break
                } catch let error as LMDBError where error.isMapFull {
                    try env.grow(atLeast: env.mapSize * 2)
                }
            }
            position = end
        }
    }

    private func scanRaw(_ env: LMDBEnvironment, dbi: MDB_dbi) throws {
        var bytes = 0
        try env.read { txn in
            try txn.withCursor(dbi) { cursor in
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    bytes &+= Int(current.value[current.value.count - 1])
                    entry = try cursor.get(MDB_NEXT)
                }
            }
        }
        precondition(bytes > 0)
    }

    private func groupCommit(_ store: EventStore) async throws -> (Double, Double, Double) {
        let appenders = 64
        let perAppender = max(200, min(2000, events / 500))
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    var mine: [Double] = []
                    mine.reserveCapacity(perAppender)
                    for k in 0..<perAppender {
                        var event = Self.event(appender * perAppender + k)
                        event.id = UUID()
                        let begin = ContinuousClock.now
                        _ = try await store.append(to: "bench/appender-\(appender)", expected: .any, events: [event])
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

    private func makeFolder(_ name: String) throws -> String {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
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

/// A small seeded generator (SplitMix64): same seed, same numbers, on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// 16 random bytes shaped as a version-4 UUID.
    public mutating func uuidBytes() -> uuid_t {
        var a = next(), b = next()
        a = (a & ~0xF000) | 0x4000
        b = (b & ~(0xC0 << 56)) | (0x80 << 56)
        let x = withUnsafeBytes(of: a.bigEndian) { Array($0) } + withUnsafeBytes(of: b.bigEndian) { Array($0) }
        return (x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15])
    }
}
