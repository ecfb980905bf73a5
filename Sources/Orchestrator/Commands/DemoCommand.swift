import ArgumentParser
import EventStore
import Foundation

/// `orchestrator demo --store DIR` (hidden): appends a small, hand-written history of opaque events
/// (not engine-recorded domain events) and reads it back. The store tests use it to exercise the
/// store commands on arbitrary payloads; `orchestrator replay` records real histories. Its types
/// are none the engine knows (`verify` and `import` decode the data of those).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Append a hand-written history of opaque events to a store, read it back and verify it.",
        shouldDisplay: false
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(.create)
        defer { store.close() }
        let before = try store.lastPosition()
        let start = TimeText.nowMs()
        var requests = [AppendRequest(stream: "profile/retail-edge", expected: .any, events: [
            event("ProfileVersionDrafted", at: start, actor: "alice", #"{"profile":"retail-edge","version":"1.1.0","layers":{"os":"edge-native-byoi","kubernetes":"edge-rke2 1.30.4"}}"#),
        ])]
        for (index, cluster) in ["store-0001", "store-0002", "store-0003"].enumerated() {
            let upgrade = UUID()
            let t = start + Int64(index) * 60_000
            var events = [
                event("ProfileVersionAssigned", at: t, actor: "alice", #"{"profile":"retail-edge","from":"1.0.0","to":"1.1.0"}"#, upgrade),
                event("UpgradePlanned", at: t + 1, actor: "system", #"{"behavior":"reboot","nodes":["\#(cluster)-cp-0"]}"#, upgrade),
            ]
            for (offset, step) in ["cordon", "drain", "reboot", "wait-ready", "uncordon"].enumerated() {
                events.append(event("NodeStepDone", at: t + 1000 * Int64(offset + 1), actor: "agent/\(cluster)",
                                    #"{"node":"\#(cluster)-cp-0","step":"\#(step)"}"#, upgrade))
            }
            events.append(event("UpgradeDone", at: t + 10_000, actor: "system", #"{"profileVersion":"1.1.0"}"#, upgrade))
            requests.append(AppendRequest(stream: "cluster/\(cluster)", expected: .any, events: events))
        }
        for result in try store.appendNow(requests) { _ = try result.get() }

        let recorded = try store.readAll(from: before + 1, limit: .max)
        print("appended \(recorded.count) events to \(storeOptions.store) (positions \(before + 1)–\(try store.lastPosition()))")
        for cluster in ["store-0001", "store-0002", "store-0003"] {
            let stream = try store.readStream("cluster/\(cluster)")
            print("  cluster/\(cluster): \(stream.count) events, last \(stream.last?.type ?? "-")")
        }
        let report = try store.verify()
        print("verify: \(report.isSound ? "ok" : report.problem!) (\(report.events) events in \(report.streams) streams)")
        print("next: orchestrator audit --store \(storeOptions.store) --cluster store-0002")
    }

    private func event(_ type: String, at ms: Int64, actor: String, _ json: String, _ correlation: UUID? = nil) -> EventData {
        EventData(id: UUID(), type: type, recordedAtMs: ms, actor: actor, correlationID: correlation, payload: Data(json.utf8))
    }
}
