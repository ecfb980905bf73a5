import CLMDB
import Foundation
import Testing
@testable import EventStore

/// The secondary indexes trail the log by a bounded stretch (ADR 0008); every read through them
/// still sees every event, and `verify` holds them to exactly the events up to their mark.
@Suite("Secondary indexes trailing the log")
struct IndexTrailTests {
    let folder = TemporaryFolder()
    static let upgrade = UUID(uuidString: "0190d6f0-0000-7000-8000-000000000001")!

    /// Event `i`: type, actor and correlation vary with `i`; times run backwards every fifth event,
    /// so time order and position order differ.
    static func event(_ i: Int) -> EventData {
        EventData(id: UUID(), type: i.isMultiple(of: 3) ? "NodeDrained" : "NodeRebooted",
                  recordedAtMs: 1_795_000_000_000 + Int64(i.isMultiple(of: 5) ? -i : i), actor: "agent/\(i % 4)",
                  correlationID: i.isMultiple(of: 2) ? upgrade : nil, payload: Data("{\"i\":\(i)}".utf8))
    }

    /// A store whose trail never comes of age while a test runs, however slow the machine.
    func open(_ path: String? = nil) throws -> EventStore {
        let store = try EventStore.open(at: path ?? folder.path)
        store.trailAge.maxAge = .seconds(86_400)
        return store
    }

    static func indexedThrough(_ store: EventStore) throws -> UInt64 {
        try store.env.read { try IndexTrail.indexedThrough(layout: store.layout, txn: $0) }
    }

    /// Every index read, answered from the log alone.
    static func expectReadsMatchTheLog(_ store: EventStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let all = try store.readAll(limit: .max)
        for from in [1, UInt64(all.count / 2), UInt64(all.count)] {
            for limit in [1, 7, 4096] {
                for type in ["NodeDrained", "NodeRebooted"] {
                    let expected = Array(all.filter { $0.type == type && $0.position >= from }.prefix(limit))
                    #expect(try store.events(ofType: type, from: from, limit: limit) == expected, sourceLocation: sourceLocation)
                }
                let byActor = Array(all.filter { $0.actor == "agent/1" && $0.position >= from }.prefix(limit))
                #expect(try store.events(byActor: "agent/1", from: from, limit: limit) == byActor, sourceLocation: sourceLocation)
                let correlated = Array(all.filter { $0.data.correlationID == upgrade && $0.position >= from }.prefix(limit))
                #expect(try store.events(correlatedWith: upgrade, from: from, limit: limit) == correlated, sourceLocation: sourceLocation)
            }
            // Counts cover the indexed events only (the trail is left out), no further than the cap.
            let mark = try indexedThrough(store)
            func indexed(_ match: (RecordedEvent) -> Bool) -> Int { all.filter { $0.position >= from && $0.position <= mark && match($0) }.count }
            for cap in [1, 5, 100_000] {
                #expect(try store.indexedCount(ofType: "NodeDrained", from: from, upTo: cap) == min(cap, indexed { $0.type == "NodeDrained" }), sourceLocation: sourceLocation)
                #expect(try store.indexedCount(byActor: "agent/1", from: from, upTo: cap) == min(cap, indexed { $0.actor == "agent/1" }), sourceLocation: sourceLocation)
                #expect(try store.indexedCount(correlatedWith: upgrade, from: from, upTo: cap) == min(cap, indexed { $0.data.correlationID == upgrade }),
                        sourceLocation: sourceLocation)
            }
        }
        let (fromMs, untilMs): (Int64, Int64) = (1_795_000_000_000 - 600, 1_795_000_000_000 + 900)
        let timed = all.filter { $0.recordedAtMs >= fromMs && $0.recordedAtMs < untilMs }
            .sorted { ($0.recordedAtMs, $0.position) < ($1.recordedAtMs, $1.position) }
        for limit in [1, 9, 4096] {
            #expect(try store.events(recordedFrom: fromMs, until: untilMs, limit: limit) == Array(timed.prefix(limit)), sourceLocation: sourceLocation)
        }
        // The same range in log order, from a position, and where in the log it lies.
        for from in [1, UInt64(all.count / 3), UInt64(all.count)] {
            let inRange = all.filter { $0.recordedAtMs >= fromMs && $0.recordedAtMs < untilMs && $0.position >= from }.map(\.position)
            let stretch = try store.positionRange(recordedFrom: fromMs, until: untilMs, from: from)
            #expect(stretch == inRange.min().map { $0...inRange.max()! }, sourceLocation: sourceLocation)
            for limit in [1, 2, 9, 4096] {
                let expected = Array(all.filter { $0.recordedAtMs >= fromMs && $0.recordedAtMs < untilMs && $0.position >= from }.prefix(limit))
                #expect(try store.events(recordedFrom: fromMs, until: untilMs, inLogOrderFrom: from, limit: limit) == expected, sourceLocation: sourceLocation)
            }
        }
        let report = try store.verify()
        #expect(report.isSound, "\(report.problem ?? "")", sourceLocation: sourceLocation)
        #expect(report.events == UInt64(all.count), sourceLocation: sourceLocation)
    }

    @Test func eventsOfSmallCommitsTrailAndEveryIndexReadStillSeesThem() async throws {
        let store = try open()
        for i in 0..<40 { try await store.append(to: "cluster/\(i % 3)", expected: .any, events: [Self.event(i)]) }
        #expect(try Self.indexedThrough(store) == 0, "forty events are far from a full trail")
        try Self.expectReadsMatchTheLog(store)
    }

    @Test func aTrailOfMaxEventsIsWrittenWithTheCommitThatFillsIt() throws {
        let store = try open()
        let batch = 100
        let commits = Int(IndexTrail.maxEvents) / batch + 1
        for commit in 0..<commits {
            let events = (0..<batch).map { Self.event(commit * batch + $0) }
            let results = try store.appendNow([AppendRequest(stream: "cluster/\(commit % 3)", expected: .any, events: events)])
            _ = try results[0].get()
            let written = UInt64((commit + 1) * batch)
            #expect(try Self.indexedThrough(store) == (written >= IndexTrail.maxEvents ? written : 0))
        }
        // A few more trail behind the written ones; reads cross the mark.
        for i in 0..<15 { _ = try store.appendNow([AppendRequest(stream: "cluster/x", expected: .any, events: [Self.event(commits * batch + i)])])[0].get() }
        #expect(try Self.indexedThrough(store) == UInt64(commits * batch))
        try Self.expectReadsMatchTheLog(store)
    }

    @Test func aCommitFindingTheTrailOfAgeWritesIt() async throws {
        let store = try EventStore.open(at: folder.path)
        store.trailAge.maxAge = .zero
        try await store.append(to: "cluster/a", expected: .any, events: [Self.event(0)])
        #expect(try Self.indexedThrough(store) == 0, "the first commit starts the trail")
        try await store.append(to: "cluster/a", expected: .any, events: [Self.event(1)])
        #expect(try Self.indexedThrough(store) == 2, "the next one finds it old and writes it, its own event included")
        try Self.expectReadsMatchTheLog(store)
    }

    @Test func closingWritesTheTrailSoTheStoreReopensFullyIndexed() async throws {
        do {
            let store = try open()
            for i in 0..<25 { try await store.append(to: "cluster/a", expected: .any, events: [Self.event(i)]) }
            #expect(try Self.indexedThrough(store) == 0)
            store.close()
        }
        let reopened = try EventStore.open(at: folder.path, mode: .readOnly)
        #expect(try Self.indexedThrough(reopened) == 25)
        try Self.expectReadsMatchTheLog(reopened)
    }

    @Test func importWritesEveryIndexAtOnce() async throws {
        let source = try EventStore.open(at: folder.child("source"))
        for i in 0..<30 { try await source.append(to: "cluster/\(i % 2)", expected: .any, events: [Self.event(i)]) }
        let copy = try EventStore.open(at: folder.child("copy"))
        try copy.restore(source.readAll(limit: .max))
        #expect(try Self.indexedThrough(copy) == 30)
        try Self.expectReadsMatchTheLog(copy)
    }

    @Test func belowTheMarkEveryIndexReadComesFromTheIndexNotTheLog() throws {
        let store = try EventStore.open(at: folder.path)
        try store.restore((0..<10).map { RecordedEvent(position: UInt64($0 + 1), stream: "cluster/a", revision: UInt64($0), data: Self.event($0)) })
        #expect(try Self.indexedThrough(store) == 10)
        // Take position 2 (event 1: NodeRebooted, agent/1) out of the type and actor lists, and drop
        // the time list of the second that holds every event but position 6; the log keeps them all.
        let second = (1_795_000_000_000 as Int64) / 1000
        try store.env.write { txn in
            for (dbi, key, kept) in [(store.layout.byType, "NodeRebooted", [3, 5, 6, 8, 9]), (store.layout.byActor, "agent/1", [6, 10])] {
                try key.withUTF8Bytes { key in
                    try txn.delete(dbi, key: key)
                    try PostingList.append(kept.map { PostingList.Entry(position: UInt64($0)) }, key: key, dbi: dbi, timed: false, txn: txn)
                }
            }
            try StoreLayout.withSecondKey(second) { try txn.delete(store.layout.byTime, key: $0) }
        }
        #expect(try store.readAll(limit: .max).map(\.position) == Array(1...10))
        #expect(try store.events(ofType: "NodeRebooted").map(\.position) == [3, 5, 6, 8, 9])
        #expect(try store.events(byActor: "agent/1").map(\.position) == [6, 10])
        let base = second * 1000
        #expect(try store.events(recordedFrom: base, until: base + 1000).isEmpty)
        #expect(try store.events(recordedFrom: base, until: base + 1000, inLogOrderFrom: 1, limit: 10).isEmpty)
        #expect(try store.events(recordedFrom: base - 1000, until: base + 1000).map(\.position) == [6])
        #expect(try store.events(recordedFrom: base - 1000, until: base + 1000, inLogOrderFrom: 1, limit: 10).map(\.position) == [6])
    }

    @Test func verifyNamesASecondaryEntryMissingBelowTheMark() async throws {
        let store = try EventStore.open(at: folder.path)
        try store.restore((0..<10).map { RecordedEvent(position: UInt64($0 + 1), stream: "cluster/a", revision: UInt64($0), data: Self.event($0)) })
        try store.env.write { txn in
            // agent/1's list again, without position 2.
            try "agent/1".withUTF8Bytes { key in
                try txn.delete(store.layout.byActor, key: key)
                try PostingList.append([1, 5, 9].map { PostingList.Entry(position: $0 + 1) }.filter { $0.position != 2 }, key: key, dbi: store.layout.byActor, timed: false, txn: txn)
            }
        }
        #expect(try store.verify().problem == "index actor_postings lacks position 2")
    }

    @Test func aTrailOlderThanItsMaximumAgeIsDue() {
        let age = IndexTrail.Age(maxAge: .seconds(1))
        let start = ContinuousClock.now
        #expect(!age.isOld(at: start), "no trail, nothing due")
        age.record(trailing: true, at: start)
        age.record(trailing: true, at: start + .milliseconds(400))
        #expect(!age.isOld(at: start + .milliseconds(999)))
        #expect(age.isOld(at: start + .seconds(1)), "the trail's age counts from its first commit")
        age.record(trailing: false, at: start + .seconds(2))
        #expect(!age.isOld(at: start + .seconds(10)))
    }
}
