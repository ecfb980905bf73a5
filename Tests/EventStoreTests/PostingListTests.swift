import CLMDB
import Foundation
import Testing
@testable import EventStore

/// Posting lists and stream runs (ADR 0009): what they hold reads back exactly, and what is
/// stored depends only on the entries, never on how many writes brought them.
@Suite("Posting lists and stream runs")
struct PostingListTests {
    let folder = TemporaryFolder("postings")

    /// Rising positions with gaps from 1 to about 2^40 between them, and time offsets.
    static func entries(seed: UInt64, count: Int, timed: Bool) -> [PostingList.Entry] {
        var random = SplitMix64(seed: seed)
        var position: UInt64 = 0
        return (0..<count).map { _ in
            let gap = random.next() % 4 == 0 ? 1 + random.next() % (1 << 40) : 1 + random.next() % 200
            position += gap
            return PostingList.Entry(position: position, offset: timed ? UInt32(random.next() % 1000) : 0)
        }
    }

    static func values(_ entries: [PostingList.Entry], timed: Bool) throws -> [[UInt8]] {
        var list = PostingList(timed: timed)
        var values: [[UInt8]] = []
        for entry in entries { try list.add(entry) { values.append($0) } }
        list.finish { values.append($0) }
        return values
    }

    @Test(arguments: [false, true])
    func valuesHoldTheirEntriesInOrderAndStayWithinTheirSize(timed: Bool) throws {
        for seed in UInt64(1)...20 {
            let entries = Self.entries(seed: seed, count: Int(seed) * 37, timed: timed)
            let values = try Self.values(entries, timed: timed)
            var decoded: [PostingList.Entry] = []
            for value in values {
                #expect(value.count <= PostingList.maxValueBytes)
                var last: UInt64 = 0
                try value.withRaw { try PostingList.forEach(in: $0, timed: timed) { decoded.append($0); last = $0.position } }
                #expect(BigEndian.bytes(last) == Array(value.prefix(8)), "a value starts with its last position")
            }
            #expect(decoded == entries)
            // Greedy: no value could have taken the next value's first entry.
            for (value, next) in zip(values, values.dropFirst()) {
                var firstOfNext: PostingList.Entry?
                try next.withRaw { try PostingList.forEach(in: $0, timed: timed) { if firstOfNext == nil { firstOfNext = $0 } } }
                let step = firstOfNext!.position - BigEndian.uint64(value.withRaw { $0 })
                let size = PostingList.varintSize(step) + (timed ? PostingList.varintSize(UInt64(firstOfNext!.offset)) : 0)
                #expect(value.count + size > PostingList.maxValueBytes)
            }
        }
    }

    @Test func malformedValuesAreRefusedNotMisread() {
        let bad: [[UInt8]] = [
            [0, 0, 0, 0, 0, 0, 0, 1],                  // a header and no entries
            BigEndian.bytes(3) + [1, 0],               // positions 1 then 1: not rising
            BigEndian.bytes(9) + [1, 1],               // last position 2, header says 9
            BigEndian.bytes(1) + [0x81],               // a varint that never ends
            [UInt8](repeating: 1, count: 501),         // longer than any value
        ]
        for value in bad {
            #expect(throws: PostingList.Malformed.self, "\(value)") {
                try value.withRaw { try PostingList.forEach(in: $0, timed: false) { _ in } }
            }
        }
    }

    /// Every key and value of a store's five rebuilt indexes, in LMDB's order.
    static func indexEntries(_ store: EventStore) throws -> [[[UInt8]]] {
        let layout = store.layout
        return try store.env.read { txn in
            try [layout.streamRuns, layout.byType, layout.byActor, layout.byTime, layout.byCorrelation].map { dbi in
                try txn.withCursor(dbi) { cursor in
                    var out: [[UInt8]] = []
                    var entry = try cursor.get(MDB_FIRST)
                    while let current = entry {
                        out.append(Array(current.key) + [0xFF] + Array(current.value))
                        entry = try cursor.get(MDB_NEXT)
                    }
                    return out
                }
            }
        }
    }

    @Test func appendsInAnyBatchesAndABulkLoadWriteTheSameIndexes() async throws {
        let requests = BulkLoadTests.requests(seed: 11, count: 2_000)
        let loaded = try EventStore.open(at: folder.child("loaded"))
        let load = try loaded.beginBulkLoad()
        try load.append(requests)
        try load.finish()
        let reference = try Self.indexEntries(loaded)
        #expect(reference.allSatisfy { !$0.isEmpty })

        for batch in [1, 37, 500, 2_000] {
            let store = try EventStore.open(at: folder.child("batches-\(batch)"))
            for start in stride(from: 0, to: requests.count, by: batch) {
                for result in try store.appendNow(Array(requests[start..<min(start + batch, requests.count)])) { _ = try result.get() }
            }
            store.close()
            let reopened = try EventStore.open(at: folder.child("batches-\(batch)"), mode: .readOnly)
            #expect(try Self.indexEntries(reopened) == reference, "batches of \(batch)")
            #expect(try reopened.verify().isSound)
        }
    }

    @Test func aWriterWhoseMemoAnotherWriterMadeStaleWritesTheSameIndexes() async throws {
        // Mostly time-ordered ids (they chain, see `EventIDIndex`), every seventh a random one.
        let requests = BulkLoadTests.requests(seed: 12, count: 3_000).enumerated().map { n, request in
            var request = request
            for i in request.events.indices where (n + i) % 7 != 0 { request.events[i].id = TimeOrderedEventID.next() }
            return request
        }
        let loaded = try EventStore.open(at: folder.child("loaded"))
        let load = try loaded.beginBulkLoad()
        try load.append(requests)
        try load.finish()
        let reference = try Self.indexEntries(loaded)

        // Every third commit comes from a second writer with heads and a memo of its own, so each
        // writer in turn finds the log moved under what it remembers (and catch-ups fall on both).
        let store = try EventStore.open(at: folder.child("two-writers"))
        store.trailAge.maxAge = .seconds(86_400)
        let other = WriterTrail()
        for (n, start) in stride(from: 0, to: requests.count, by: 50).enumerated() {
            let batch = Array(requests[start..<min(start + 50, requests.count)])
            let results = n % 3 == 2
                ? EventStore.commit(batch, env: store.env, layout: store.layout, path: store.path, trailAge: store.trailAge,
                                    trail: other)
                : try store.appendNow(batch)
            for result in results { #expect(try !result.get().alreadyStored) }
        }
        // Retries at every distance are found, whichever writer stored them.
        for request in stride(from: 0, to: requests.count, by: 97).map({ requests[$0] }) {
            #expect(try store.appendNow([request])[0].get().alreadyStored)
        }
        store.close()
        let reopened = try EventStore.open(at: folder.child("two-writers"), mode: .readOnly)
        #expect(try Self.indexEntries(reopened) == reference)
        #expect(try reopened.verify().isSound)
    }

    /// Stream reads from every revision, forward and backward, in every limit, against the log.
    static func expectStreamReads(_ store: EventStore, _ stream: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let events = try store.readAll(limit: .max).filter { $0.stream == stream }
        #expect(try store.lastRevision(of: stream) == events.last?.revision, sourceLocation: sourceLocation)
        for revision in UInt64(0)...UInt64(events.count + 1) {
            for limit in [1, 2, 100] {
                #expect(try store.readStream(stream, from: revision, limit: limit) == Array(events.dropFirst(Int(revision)).prefix(limit)),
                        sourceLocation: sourceLocation)
                let backward = Array(events.prefix(Int(min(revision, UInt64(events.count - 1))) + 1).reversed().prefix(limit))
                #expect(try store.readStream(stream, from: revision, backward: true, limit: limit) == backward,
                        "from \(revision) back, \(limit)", sourceLocation: sourceLocation)
            }
        }
        #expect(try store.readStream(stream, backward: true) == events.reversed(), sourceLocation: sourceLocation)
    }

    @Test func aStreamAppendedBackToBackIsOneRunAndInterleavedStreamsAreSeveral() async throws {
        do {
            let store = try EventStore.open(at: folder.path)
            store.trailAge.maxAge = .seconds(86_400)
            for i in 0..<4 { try await store.append(to: "cluster/a", expected: .any, events: [IndexTrailTests.event(i)]) }
            for i in 4..<10 { try await store.append(to: "cluster/\(i % 2 == 0 ? "a" : "b")", expected: .any, events: [IndexTrailTests.event(i)]) }
            // Every event trails: the runs are read from the log.
            #expect(try IndexTrailTests.indexedThrough(store) == 0)
            try Self.expectStreamReads(store, "cluster/a")
            try Self.expectStreamReads(store, "cluster/b")
            store.close()
        }
        let store = try EventStore.open(at: folder.path, mode: .readOnly)
        let runs = try store.env.read { txn in
            try txn.withCursor(store.layout.streamRuns) { cursor in
                try "cluster/a".withUTF8Bytes { key -> [StreamRuns.Run] in
                    var out: [StreamRuns.Run] = []
                    var entry = try cursor.get(MDB_SET, key: key)
                    while let current = entry { out.append(try StreamRuns.Run(current.value)); entry = try cursor.get(MDB_NEXT_DUP) }
                    return out
                }
            }
        }
        #expect(runs == [StreamRuns.Run(firstRevision: 0, firstPosition: 1, count: 5),
                         StreamRuns.Run(firstRevision: 5, firstPosition: 7, count: 1),
                         StreamRuns.Run(firstRevision: 6, firstPosition: 9, count: 1)])
        try Self.expectStreamReads(store, "cluster/a")
        try Self.expectStreamReads(store, "cluster/b")
    }

    @Test func streamsReadTheSameWithPartOfThemTrailing() async throws {
        let store = try EventStore.open(at: folder.path)
        store.trailAge.maxAge = .seconds(86_400)
        // 1,100 events in seven streams: the commit that reaches 1,024 indexes them, the rest trail.
        for i in 0..<1_100 {
            try await store.append(to: "cluster/\(i % 7)", expected: .any, events: [IndexTrailTests.event(i)])
        }
        #expect(try IndexTrailTests.indexedThrough(store) == 1_024)
        for stream in (0..<7).map({ "cluster/\($0)" }) { try Self.expectStreamReads(store, stream) }
        // Expected revisions see the trailing events, from the writer's heads or, when those are
        // stale (another writer moved the log), from the trail itself.
        let head = try #require(try store.lastRevision(of: "cluster/3"))
        await #expect(throws: EventStoreError.wrongExpectedRevision(stream: "cluster/3", expected: .exact(head - 1), actual: head)) {
            try await store.append(to: "cluster/3", expected: .exact(head - 1), events: [IndexTrailTests.event(2_000)])
        }
        store.trail.heads.store(TrailHeads.Snapshot(asOf: nil))
        #expect(try store.lastRevision(of: "cluster/3") == head)
        let result = try await store.append(to: "cluster/3", expected: .exact(head), events: [IndexTrailTests.event(2_001)])
        #expect(result.firstRevision == head + 1)
        #expect(try store.verify().isSound)
    }
}
