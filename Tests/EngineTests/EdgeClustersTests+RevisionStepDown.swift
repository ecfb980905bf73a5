import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// Builds before ADR 0023 ignored the build part, so they let `v1.30.4+rke2r2 → v1.30.4+rke2r1`
/// through. `Fixtures/revision-step-down.ndjson` is such a history, exported by one of them from a
/// replay of `Fixtures/revision-step-down.scenario.json`. The guardrails apply when a change is
/// decided, never when history is folded: that history still folds, its upgrade still runs, and
/// what the cluster runs afterwards is the base of the next change.
extension EdgeClustersTests {
    static let stepDownCluster = "store-00001"

    /// The fixture's events of the cluster's stream, up to `position` (all by default).
    static func stepDownHistory(upTo position: UInt64 = .max) throws -> [EventData] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/revision-step-down.ndjson")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { try LegacyPayloadTests.recorded(String($0)) }
            .filter { $0.stream == EdgeClusters.stream(stepDownCluster) && $0.position <= position }
            .map(\.data)
    }

    @Test func aRevisionStepDownAnEarlierBuildAcceptedStillFolds() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let history = try Self.stepDownHistory()
        _ = try await store.append(to: EdgeClusters.stream(Self.stepDownCluster), expected: .noStream, events: history)

        let folded = try await EdgeClusters(store: store).state(of: Self.stepDownCluster).state
        #expect(folded.cluster?.kubernetesVersion == "v1.30.4+rke2r1")
        #expect(folded.cluster?.profile == ProfileReference(name: "retail", version: "1.1.0"))
        guard case .succeeded = folded.status else { Issue.record("not succeeded: \(folded.status)"); return }
        #expect(try ClusterHistory.fold(store.readStream(EdgeClusters.stream(Self.stepDownCluster))).state == folded)
    }

    @Test func aRevisionStepDownAnEarlierBuildStartedRunsOnAndItsResultIsTheNextBase() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Registered, the step-down accepted and its first step started (positions 3, 5 and 6).
        let started = try Self.stepDownHistory(upTo: 6)
        #expect(started.map(\.type) == ["ClusterRegistered", "ProfileChangeAccepted", "NodeStepStarted"])
        _ = try await store.append(to: EdgeClusters.stream(Self.stepDownCluster), expected: .noStream, events: started)

        let clusters = EdgeClusters(store: store)
        let reports = try await driveToTheEnd(clusters, Self.stepDownCluster, from: 1_795_557_600 - 1_795_000_000)
        #expect(reports == 5)  // one node, five reboot steps
        let after = try await clusters.state(of: Self.stepDownCluster).state
        guard case .succeeded = after.status else { Issue.record("not succeeded: \(after.status)"); return }
        #expect(after.cluster?.kubernetesVersion == "v1.30.4+rke2r1")

        // The cluster runs +rke2r1 now: +rke2r2 is an upgrade from it, and +rke2r0 goes back.
        var back = reboot()
        back.kubernetesVersion = ValueTransition(from: "v1.30.4+rke2r1", to: "v1.30.4+rke2r0")
        let refused = try await clusters.execute(.changeProfile(back, at: at(1_000_000)), on: Self.stepDownCluster, actor: "alice")
        #expect(refused.refusal?.reason == .kubernetesDowngrade(from: "v1.30.4+rke2r1", to: "v1.30.4+rke2r0"))
        var forward = reboot()
        forward.kubernetesVersion = ValueTransition(from: "v1.30.4+rke2r1", to: "v1.30.4+rke2r2")
        let accepted = try await clusters.execute(.changeProfile(forward, at: at(1_000_001)), on: Self.stepDownCluster, actor: "alice")
        #expect(accepted.refusal == nil)
        #expect(accepted.events.first?.typeName == "ProfileChangeAccepted")
    }
}
