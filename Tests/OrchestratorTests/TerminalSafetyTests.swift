import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// Text from outside (an approver's comment, an agent's error) cannot split a table row or send
/// escape sequences to the terminal of whoever reads the history.
@Suite("Tables print outside text safely")
struct TerminalSafetyTests {
    static let comment = "line one\nline two\u{1B}[31mRED\ttab\u{202E}"

    func storeWithACommentOfControlCharacters() async throws -> String {
        let folder = NSTemporaryDirectory() + "orchestrator-terminal-\(UUID().uuidString)"
        let store = try EventStore.open(at: folder)
        defer { store.close() }
        let clusters = EdgeClusters(store: store)
        let at = { (s: Int64) in Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + s * 1000) }
        let cluster = Cluster(
            id: "c1", kind: .edge, targetInfrastructure: "edge-native",
            pools: [NodePool(id: "cp", role: .controlPlane, nodes: [FleetNode(id: "n1", role: .controlPlane)], spareHosts: 1,
                             rollout: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)))],
            profile: ProfileReference(name: "p", version: "1"), kubernetesVersion: "v1.30.1", cniPack: "cni-calico")
        _ = try await clusters.execute(.registerCluster(cluster, policy: .standard, at: at(0)), on: "c1", actor: "inventory")
        let repave = ProfileChange(target: ProfileReference(name: "p", version: "2"), behavior: .repave, requestedBy: "alice")
        _ = try await clusters.execute(.changeProfile(repave, at: at(1)), on: "c1", actor: "alice")
        _ = try await clusters.execute(.approveRepave(actor: "bob", comment: Self.comment, at: at(2)), on: "c1", actor: "bob")
        return folder
    }

    @Test func controlCharactersInACommentAreEscapedInEveryTable() async throws {
        let store = try await storeWithACommentOfControlCharacters()
        defer { try? FileManager.default.removeItem(atPath: store) }
        for arguments in [["audit", "--store", store, "--cluster", "c1"], ["audit", "approvals", "--store", store, "--cluster", "c1"],
                          ["audit", "timeline", "--store", store, "--upgrade", "c1#1"]] {
            let outcome = try OrchestratorProcess.run(arguments)
            #expect(outcome.exitCode == 0, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.contains(#"line one\nline two\u{1B}[31mRED\ttab\u{202E}"#), "\(arguments): \(outcome.stdout)")
            #expect(!outcome.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x09 || $0.value == 0x202E }, "\(arguments)")
            #expect(!outcome.stdout.contains("line one\n"), "\(arguments)")
        }
        let json = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "c1", "--type", "RepaveApproved", "--format", "ndjson"])
        let row = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((row["data"] as? [String: Any])?["comment"] as? String == Self.comment, "JSON keeps the comment as given")
    }
}
