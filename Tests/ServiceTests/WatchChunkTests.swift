import Engine
import EventStore
import Foundation
import Synchronization
import HummingbirdTesting
import Testing
import UpgradeDomain
@testable import Service

/// A watch body's events are decided one by one and recorded in one append per chunk: a rollout
/// posted whole records exactly what the same events posted one request each record, and
/// answers the same counts.
@Suite("Watch streams recorded a chunk at a time")
struct WatchChunkTests {
    static let registration = #"""
    {"clusterId":"0b9c3f1e-prod-eu","clusterName":"prod-eu","namespace":"kcm-system","targetInfrastructure":"aws",
     "template":"aws-standalone-cp-1-0-14","noProgressDeadlineMs":900000,
     "upgradePaths":[{"template":"aws-standalone-cp-1-0-14","availableUpgrades":["aws-standalone-cp-1-0-15"]}]}
    """#
    static let change = #"{"template":"aws-standalone-cp-1-0-15","targetKubernetesVersion":"v1.32.5","upgradeId":"upg-1"}"#
    static let id = "0b9c3f1e-prod-eu"

    static func lines(_ name: String) throws -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("UpgradeDomainTests/TemplateUpgrade/Fixtures")
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The rollout with what a real watch adds: every line twice (a repeat within the body), and
    /// an object of another cluster.
    static func rollout() throws -> [String] {
        let lines = try lines("v1beta2-rollout-success.jsonl")
        let other = lines[0].replacingOccurrences(of: "prod-eu", with: "prod-us")
        return lines.flatMap { [$0, $0] } + [other]
    }

    struct Run: Sendable {
        /// Each answer's counts.
        var answers: [[String: Int]] = []
        var recorded: [String] = []
        var status = ""
    }

    /// Registers, observes the baseline, changes the template and observes the rollout: each
    /// watch body whole, or one request per event.
    static func run(oneRequestPerEvent: Bool) async throws -> Run {
        let result = Mutex(Run())
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: registration).0 == .created)
            func watch(_ lines: [String]) async throws {
                for body in oneRequestPerEvent ? lines : [lines.joined(separator: "\n")] {
                    let (status, answer) = try await client.call(.post, "/v1/deployments/\(id)/watch", token: "operator-token", json: body + "\n")
                    #expect(status == .ok, "\(answer)")
                    let object = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any] ?? [:]
                    let counts = object.compactMapValues { $0 as? Int }
                    result.withLock { $0.answers.append(counts) }
                }
            }
            try await watch(try lines("v1beta2-baseline.jsonl"))
            #expect(try await client.call(.post, "/v1/deployments/\(id)/template", token: "operator-token", json: change).0 == .accepted)
            try await watch(try rollout())
            let (_, view) = try await client.call(.get, "/v1/deployments/\(id)", token: "viewer-token")
            let recorded = try store.readStream(TemplateDeployments.stream(id)).map { event in
                "\(event.revision) \(event.type) \(event.actor) \(event.recordedAtMs) \(event.data.correlationID?.uuidString ?? "-") "
                    + String(decoding: event.data.payload, as: UTF8.self)
            }
            result.withLock {
                $0.recorded = recorded
                $0.status = view
            }
        }
        return result.withLock { $0 }
    }

    static func total(_ answers: [[String: Int]], _ key: String) -> Int {
        answers.reduce(0) { $0 + ($1[key] ?? 0) }
    }

    @Test func aWholeBodyRecordsWhatOneRequestPerEventRecords() async throws {
        let whole = try await Self.run(oneRequestPerEvent: false)
        let single = try await Self.run(oneRequestPerEvent: true)
        #expect(whole.recorded == single.recorded)
        #expect(whole.recorded.contains { $0.contains(" TemplateUpgradeSucceeded ") })
        #expect(whole.status == single.status)
        #expect(whole.status.contains("Upgrade successful"))
        for key in ["received", "observed", "ignored", "events", "otherCluster"] {
            #expect(Self.total(whole.answers, key) == Self.total(single.answers, key), "\(key)")
        }
        let rollout = try Self.rollout()
        #expect(whole.answers.last?["received"] == rollout.count)
        #expect(whole.answers.last?["otherCluster"] == 1)
    }
}
