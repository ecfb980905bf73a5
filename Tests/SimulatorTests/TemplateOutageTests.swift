import EventStore
import Foundation
@testable import Simulator
import Testing
import UpgradeDomain

/// A Kubernetes outage on a template cluster holds its Cluster API rollout: the watch shows the
/// Cluster's probe failing, no machine moves until the API answers, and the no-progress deadline
/// is held meanwhile (ADR 0028).
@Suite("Kubernetes outages on template clusters")
struct TemplateOutageTests {
    let fleet = TemplateSimulationTests()
    let minute: Int64 = 60_000

    /// The small template fleet (surge 1, fixed 5m rollouts, 30m deadline), with outages (at,
    /// duration) over `c-00002` only; with `stuck`, every new machine is stuck.
    func run(outages: [(String, String)], stuck: Bool = false) throws -> (SimulationReport, [RecordedEvent]) {
        var object = try #require(try JSONSerialization.jsonObject(with: TemplateSimulationTests.small(surge: 1)) as? [String: Any])
        object["faults"] = ["kubernetesOutages": outages.map { ["clusters": ["ids": ["c-00002"]], "at": $0.0, "duration": $0.1] },
                            "stuckMachineProbability": stuck ? 1 : 0]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try fleet.run(try ScenarioParser.parse(data, folder: "."), scale: 1)
    }

    func row(_ report: SimulationReport, _ cluster: String) throws -> SimulationReport.Row {
        try #require(report.rows.first { $0.cluster == cluster })
    }

    /// The Cluster objects the watch showed for `cluster`, with when, and whether its probe succeeded.
    func probes(_ events: [RecordedEvent], cluster: String) throws -> [(atMs: Int64, probe: Bool, available: Bool)] {
        try fleet.templateEvents(events, cluster: cluster).compactMap { event in
            guard case .objectObserved(let watched, let at) = event, let object = watched.object, object.kind == .cluster else { return nil }
            return (at.millisecondsSinceEpoch, object.condition("RemoteConnectionProbe", flavor: .v1beta2)?.status == .true,
                    object.condition("Available", flavor: .v1beta2)?.status == .true)
        }
    }

    @Test func theRolloutWaitsForTheAPIAndGoesOnWhenItAnswers() throws {
        let (calm, _) = try run(outages: [])
        let (report, events) = try run(outages: [("+1m", "20m")])
        let start = report.startMs
        let held = try row(report, "c-00002"), free = try row(calm, "c-00002")
        #expect(held.status == "succeeded")
        #expect(held.deploymentStatus == "Upgrade successful")
        // The machine due at +5m06s (created at +6s, 5m to roll out) joins when the API answers at +21m.
        let expectedDelay = 21 * minute - (5 * minute + 6_000)
        #expect(try #require(held.endedMs) - start == (try #require(free.endedMs) - start) + expectedDelay)
        // The other cluster is not touched by the outage.
        #expect(try row(report, "c-00001").endedMs == (try row(calm, "c-00001")).endedMs)

        let clusterViews = try probes(events, cluster: "c-00002").filter { $0.atMs > start }
        let down = try #require(clusterViews.first { !$0.probe })
        #expect(down.atMs == start + minute)
        #expect(!down.available)
        let up = try #require(clusterViews.first { $0.atMs > down.atMs && $0.probe })
        #expect(up.atMs == start + 21 * minute)
        #expect(up.available)
        // Nothing but the Cluster's probe is watched while the API is down.
        let during = events.filter { $0.stream == "cluster/c-00002" && $0.recordedAtMs > start + minute && $0.recordedAtMs < start + 21 * minute }
        #expect(during.isEmpty, "\(during.map(\.type))")
    }

    @Test func anOutageLongerThanTheNoProgressDeadlineHoldsItAndTheUpgradeGoesOn() throws {
        let (calm, _) = try run(outages: [])
        let (report, _) = try run(outages: [("+1m", "2h")])
        let held = try row(report, "c-00002"), free = try row(calm, "c-00002")
        #expect(held.status == "succeeded", "\(held.failure ?? "")")
        #expect(held.deploymentStatus == "Upgrade successful")
        // The machine due at +5m06s joins when the API answers at +2h01m.
        let expectedDelay = 121 * minute - (5 * minute + 6_000)
        #expect(try #require(held.endedMs) - report.startMs == (try #require(free.endedMs) - report.startMs) + expectedDelay)
    }

    @Test func aStuckMachineFailsOnceTheDeadlineHasRunOutsideTheOutage() throws {
        let (report, _) = try run(outages: [("+10m", "20m")], stuck: true)
        let failed = try row(report, "c-00002")
        #expect(failed.status == "failed")
        #expect(failed.failure?.hasPrefix("Cluster kcm-system/c-00002 no progress for 30m00s") == true, "\(failed.failure ?? "")")
        #expect(failed.failure?.hasSuffix("not counting 1200s while the Cluster's RemoteConnectionProbe was False") == true,
                "\(failed.failure ?? "")")
        // The new machine stuck at +5m06s (the last progress); 4m54s ran before the outage, the
        // other 25m06s from its end at +30m: the tick follows the deadline the outage moved.
        #expect(try #require(failed.endedMs) - report.startMs == 55 * minute + 6_000)
        // The other cluster, without the outage, fails 30 minutes after its machine stuck.
        let other = try row(report, "c-00001")
        #expect(other.status == "failed")
        #expect(try #require(other.endedMs) - report.startMs == 35 * minute + 6_000)
    }

    @Test func overlappingOutagesHoldTheRolloutUntilTheLastEnds() throws {
        let overlapping = try run(outages: [("+1m", "10m"), ("+6m", "15m")]).0
        let joined = try run(outages: [("+1m", "20m")]).0
        let first = try run(outages: [("+1m", "10m")]).0
        #expect(try row(overlapping, "c-00002").endedMs == (try row(joined, "c-00002")).endedMs)
        // Held to +21m, not brought back when the first outage ends at +11m.
        #expect(try #require(try row(overlapping, "c-00002").endedMs) > (try #require(try row(first, "c-00002").endedMs)))
    }
}
