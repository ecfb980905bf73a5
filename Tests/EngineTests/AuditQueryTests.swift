import Engine
import EventStore
import Foundation
import Testing

/// Whatever index an audit question is answered from, it finds exactly the events a filter over
/// the whole log finds, in log order.
@Suite("Audit queries")
struct AuditQueryTests {
    let folder = NSTemporaryDirectory() + "orchestrator-engine-audit-\(UUID().uuidString)"
    static let upgrades = [UUID(), UUID()]
    static let base: Int64 = 1_795_000_000_000

    static let types = ["NodeStepStarted", "NodeStepSucceeded", "RepaveApproved"]

    static func event(_ k: Int) -> EventData {
        let early: Int64 = k % 37 == 0 ? 600_000 : 0
        let recordedAt: Int64 = base + Int64(k) * 200 - early
        let upgrade: UUID? = k % 5 == 0 ? upgrades[k % 2] : nil
        return EventData(id: UUID(), type: types[k % 3], recordedAtMs: recordedAt, actor: "agent/\(k % 4)",
                         correlationID: upgrade, payload: Data("{\"k\":\(k)}".utf8))
    }

    /// 3,000 events, in commits of five: types, actors and upgrades rotate; time mostly
    /// follows position, but every 37th event is recorded ten minutes early, as a late report would be.
    func recorded() async throws -> EventStore {
        let store = try EventStore.open(at: folder)
        var i = 0
        while i < 3000 {
            let events = (i..<min(i + 5, 3000)).map(Self.event)
            try await store.append(to: "cluster/c\(i % 11)", expected: .any, events: events)
            i += events.count
        }
        return store
    }

    @Test func everyCombinationOfFiltersFindsWhatAFilterOverTheLogFinds() async throws {
        let store = try await recorded()
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        let all = try store.readAll(limit: .max)
        let windows: [(Int64?, Int64?)] = [
            (nil, nil), (Self.base + 100_000, Self.base + 160_000), (Self.base - 700_000, Self.base + 10_000),
            (Self.base + 500_000, nil), (nil, Self.base + 5_000), (Self.base + 900_000, Self.base + 901_000),
        ]
        var asked = 0
        for (since, until) in windows {
            for types in [[], ["RepaveApproved"], ["NodeStepStarted", "RepaveApproved"]] {
                for actors in [[], ["agent/1"], ["agent/1", "agent/3", "agent/1"]] {
                    for upgrades in [[], [Self.upgrades[0]], Self.upgrades] {
                        for (from, limit) in [(UInt64(1), 1000), (UInt64(1), 3), (UInt64(1700), 50)] {
                            let query = AuditQuery(upgrades: upgrades, types: types, actors: actors, sinceMs: since, untilMs: until,
                                                   fromPosition: from, limit: limit)
                            let expected = Array(all.filter(query.matches).prefix(limit))
                            #expect(try query.run(on: store).map(\.position) == expected.map(\.position),
                                    "types \(types), actors \(actors), upgrades \(upgrades.count), since \(since ?? 0), until \(until ?? 0), from \(from), limit \(limit)")
                            asked += 1
                        }
                    }
                }
            }
        }
        #expect(asked == 6 * 3 * 3 * 3 * 3)
    }

    @Test func aTypeNamedTwiceFindsEachEventOnce() async throws {
        let store = try await recorded()
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        let once = try AuditQuery(types: ["RepaveApproved"], limit: .max).run(on: store)
        for types in [["RepaveApproved", "RepaveApproved"], ["RepaveApproved", "NodeStepStarted", "RepaveApproved"]] {
            let expected = try store.readAll(limit: .max).filter { types.contains($0.type) }
            let found = try AuditQuery(types: types, limit: .max).run(on: store)
            #expect(found.map(\.position) == expected.map(\.position), "types \(types)")
            #expect(Set(found.map(\.position)).count == found.count)
        }
        #expect(once.count == 1000)
    }
}
