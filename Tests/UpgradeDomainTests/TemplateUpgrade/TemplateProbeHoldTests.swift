import Testing
@testable import UpgradeDomain

/// While the watched Cluster's `RemoteConnectionProbe` is False the workload cluster's API does
/// not answer and Cluster API cannot move the rollout: the no-progress clock is held, and goes on
/// with the time it had left when the probe succeeds again (ADR 0028).
@Suite("The no-progress clock is held while the Cluster's API probe fails")
struct TemplateProbeHoldTests {
    typealias F = TemplateFixtures
    typealias S = TemplateSmallCluster

    static let minute: Int64 = 60_000

    /// The small cluster's Cluster with its probe (and `Available` with it) failing or succeeding;
    /// `nil` reports no probe at all.
    static func cluster(rv: String, probe: Bool?) -> CAPIObject {
        var cluster = S.cluster(rv: rv, available: probe ?? true)
        if let probe {
            cluster.conditions.append(CAPICondition(
                type: "RemoteConnectionProbe", status: probe ? .true : .false,
                reason: probe ? "ProbeSucceeded" : "ProbeFailed", flavor: .v1beta2))
        }
        return cluster
    }

    /// The small cluster (deadline 10m) listed at minute 1, changed at minute 10; at minute 11
    /// the control plane takes the change and creates its new machine (the last progress).
    func rolling() -> TemplateHarness {
        var harness = S.listedHarness()
        harness.send(S.change())
        harness.observe([
            .modified(S.controlPlane(rv: "200", upToDate: 0, generation: 3, rolling: true)),
            .added(S.machine("small-cp-new", rv: "201", controlPlane: true, ready: false)),
        ], from: F.at(minutes: 11), stepMilliseconds: 0)
        return harness
    }

    /// The rest of the rollout: the new control plane machine ready, the old one gone, the
    /// control plane settled, then the three workers replaced one by one.
    static func rest(from rv: Int) -> [CAPIWatchEvent] {
        var stream: [CAPIWatchEvent] = [
            .modified(S.machine("small-cp-new", rv: "\(rv)", controlPlane: true)),
            .deleted(S.machine("small-cp-0", rv: "\(rv + 1)", controlPlane: true, upToDate: false, deleting: true)),
            .modified(S.controlPlane(rv: "\(rv + 2)", generation: 3)),
            .modified(S.machineDeployment(rv: "\(rv + 3)", upToDate: 0, generation: 3, rolling: true)),
        ]
        for index in 0..<3 {
            let base = rv + 10 + index * 10
            stream += [
                .added(S.machine("small-md-new-\(index)", rv: "\(base)")),
                .deleted(S.machine("small-md-\(index)", rv: "\(base + 1)", upToDate: false, deleting: true)),
                .modified(S.machineDeployment(rv: "\(base + 2)", upToDate: index + 1, generation: 3, rolling: index < 2)),
            ]
        }
        return stream
    }

    @Test("given a rollout under way, when the Cluster's probe fails for longer than the deadline, then the upgrade does not fail, and it succeeds once the API answers and the rollout ends")
    func outageLongerThanTheDeadline() throws {
        var harness = rolling()
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        #expect(harness.send(.observe(.modified(Self.cluster(rv: "210", probe: false)), at: F.at(minutes: 12))).count == 1)
        // An hour without the API: well past the 10m deadline, and nothing fails.
        for minutes: Int64 in [21, 30, 72] {
            #expect(harness.send(.tick(now: F.at(minutes: minutes))) == [], "tick at minute \(minutes)")
        }
        #expect(harness.state.upgrade?.noProgressDeadline(milliseconds: 10 * Self.minute) == nil)
        #expect(harness.state.upgrade?.noProgressMilliseconds(at: F.at(minutes: 72)) == F.at(minutes: 12).milliseconds(since: lastProgress))
        #expect(harness.state.status.label == "Upgrade in Progress")

        harness.observe([.modified(Self.cluster(rv: "220", probe: true))], from: F.at(minutes: 73))
        harness.observe(Self.rest(from: 300), from: F.at(minutes: 74))
        #expect(harness.state.status.label == "Upgrade successful")
        #expect(!harness.log.contains { $0.failure != nil })
    }

    @Test("given the probe failed for an hour, when the rollout stalls after it, then it fails once the deadline has run while the probe succeeded")
    func stallAfterTheOutage() throws {
        var harness = rolling()
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        harness.send(.observe(.modified(Self.cluster(rv: "210", probe: false)), at: F.at(minutes: 15)))
        harness.send(.observe(.modified(Self.cluster(rv: "211", probe: true)), at: F.at(minutes: 75)))
        // Four minutes ran before the outage; the other six run from minute 75.
        let deadline = F.at(minutes: 81)
        #expect(harness.state.upgrade?.noProgressDeadline(milliseconds: 10 * Self.minute) == deadline)
        #expect(harness.send(.tick(now: deadline.adding(milliseconds: -1))) == [])
        let events = harness.send(.tick(now: deadline))
        #expect(events == [.upgradeFailed(TemplateUpgradeFailure(
            upgradeId: "upg-small", objectKind: "Cluster", objectName: "kcm-system/small",
            cause: .noProgress(deadlineMilliseconds: 10 * Self.minute, lastProgressAt: lastProgress),
            reason: "ProgressDeadlineExceeded",
            // The MachineDeployment never took the change: at the deadline its workers count as untouched.
            message: "3 of 5 machines updated; waiting on kcm-system/small-cp-new, kcm-system/small-cp-0; "
                + "not counting 3600s while the Cluster's RemoteConnectionProbe was False",
            at: deadline))])
    }

    @Test("two outages add up, and an observation after the moved deadline fails the upgrade as a tick would")
    func twoOutages() throws {
        var harness = rolling()
        harness.observe([.modified(Self.cluster(rv: "210", probe: false)), .modified(Self.cluster(rv: "211", probe: true))],
                        from: F.at(minutes: 12), stepMilliseconds: 20 * Self.minute)
        harness.observe([.modified(Self.cluster(rv: "212", probe: false)), .modified(Self.cluster(rv: "213", probe: true))],
                        from: F.at(minutes: 35), stepMilliseconds: 30 * Self.minute)
        // One minute before the first outage, three between them, six after minute 65.
        #expect(harness.state.upgrade?.noProgressDeadline(milliseconds: 10 * Self.minute) == F.at(minutes: 71))
        let late = harness.send(.observe(.modified(S.machineDeployment(rv: "220", generation: 2)), at: F.at(minutes: 71)))
        #expect(late.last?.failure?.reason == "ProgressDeadlineExceeded")
        #expect(late.last?.failure?.message.hasSuffix("not counting 3000s while the Cluster's RemoteConnectionProbe was False") == true)
    }

    @Test("progress while the probe fails starts the clock again from there, still held")
    func progressDuringTheOutage() throws {
        var harness = rolling()
        harness.send(.observe(.modified(Self.cluster(rv: "210", probe: false)), at: F.at(minutes: 12)))
        harness.send(.observe(.modified(S.machine("small-cp-new", rv: "211", controlPlane: true)), at: F.at(minutes: 20)))
        #expect(harness.state.upgrade?.lastProgressAt == F.at(minutes: 20))
        #expect(harness.send(.tick(now: F.at(minutes: 45))) == [])
        harness.send(.observe(.modified(Self.cluster(rv: "212", probe: true)), at: F.at(minutes: 50)))
        #expect(harness.state.upgrade?.noProgressDeadline(milliseconds: 10 * Self.minute) == F.at(minutes: 60))
    }

    @Test("a probe no longer reported, or a Cluster deleted, lets the clock run again")
    func probeGone() throws {
        var reported = rolling()
        reported.send(.observe(.modified(Self.cluster(rv: "210", probe: false)), at: F.at(minutes: 12)))
        reported.send(.observe(.modified(Self.cluster(rv: "211", probe: nil)), at: F.at(minutes: 40)))
        var deleted = rolling()
        deleted.send(.observe(.modified(Self.cluster(rv: "210", probe: false)), at: F.at(minutes: 12)))
        deleted.send(.observe(.deleted(Self.cluster(rv: "211", probe: false)), at: F.at(minutes: 40)))
        for harness in [reported, deleted] {
            #expect(harness.state.upgrade?.noProgressDeadline(milliseconds: 10 * Self.minute) == F.at(minutes: 49))
        }
    }

    @Test("an upgrade started while the probe fails starts with its clock held")
    func startedDuringTheOutage() throws {
        var harness = S.listedHarness()
        harness.send(.observe(.modified(Self.cluster(rv: "150", probe: false)), at: F.at(minutes: 5)))
        harness.send(S.change())
        #expect(harness.send(.tick(now: F.at(minutes: 30))) == [])
        harness.send(.observe(.modified(Self.cluster(rv: "151", probe: true)), at: F.at(minutes: 40)))
        #expect(harness.send(.tick(now: F.at(minutes: 50).adding(milliseconds: -1))) == [])
        // The change rolled nothing: once its deadline has run it settles as successful.
        let settled = harness.send(.tick(now: F.at(minutes: 50)))
        #expect(settled.first?.isSuccess == true)
    }

    @Test("the held clock is a fold of the recorded events, with decide and apply in one go alike")
    func foldOfTheEvents() throws {
        var harness = rolling()
        var inPlace = TemplateUpgradeDecider.fold(Array(harness.log))
        let commands: [TemplateUpgradeCommand] = [
            .observe(.modified(Self.cluster(rv: "210", probe: false)), at: F.at(minutes: 12)),
            .tick(now: F.at(minutes: 40)),
            .observe(.modified(Self.cluster(rv: "211", probe: true)), at: F.at(minutes: 50)),
            .tick(now: F.at(minutes: 59)),
        ]
        for command in commands {
            #expect(TemplateUpgradeDecider.decideAndApply(command, to: &inPlace) == harness.send(command))
        }
        #expect(TemplateUpgradeDecider.fold(harness.log) == harness.state)
        #expect(inPlace == harness.state)
        #expect(harness.state.upgrade?.probeFailedMilliseconds == 38 * Self.minute)
        #expect(harness.state.upgrade?.noProgressDeadline(milliseconds: 10 * Self.minute) == F.at(minutes: 59))
    }
}
