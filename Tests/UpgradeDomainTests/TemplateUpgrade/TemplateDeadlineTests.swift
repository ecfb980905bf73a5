import Testing
@testable import UpgradeDomain

@Suite("No-progress deadline")
struct TemplateDeadlineTests {
    typealias F = TemplateFixtures

    /// v1beta2 cluster, upgrade started at minute 10, rollout begun: the old CP machine outdated,
    /// a new one provisioning (last progress at 10:11:20, stream lines 0-4 ten seconds apart).
    func stalled() throws -> TemplateHarness {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", version: "v1.32.5", variables: F.euVariables))
        harness.observe(Array(try F.stream("v1beta2-rollout-success.jsonl").prefix(5)), from: F.at(minutes: 11))
        return harness
    }

    @Test("given a stalled rollout, when time passes just short of the deadline, then nothing happens")
    func beforeDeadline() throws {
        var harness = try stalled()
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        #expect(lastProgress == F.at(minutes: 11).adding(milliseconds: 40_000))
        #expect(harness.send(.tick(now: lastProgress.adding(milliseconds: 15 * 60_000 - 1))) == [])
        #expect(harness.state.status.label == "Upgrade in Progress")
    }

    @Test("given a stalled rollout, when the deadline passes, then the upgrade fails visibly")
    func atDeadline() throws {
        var harness = try stalled()
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        let now = lastProgress.adding(milliseconds: 15 * 60_000)
        let events = harness.send(.tick(now: now))
        #expect(events == [.upgradeFailed(TemplateUpgradeFailure(
            upgradeId: "upg-1", objectKind: "Cluster", objectName: "kcm-system/prod-eu",
            cause: .noProgress(deadlineMilliseconds: 900_000, lastProgressAt: lastProgress),
            reason: "ProgressDeadlineExceeded",
            message: "0 of 4 machines updated; waiting on kcm-system/prod-eu-cp-m4rzd, kcm-system/prod-eu-cp-7xq2p, kcm-system/prod-eu-md-5f7c9d-h2kx9 and 1 more",
            at: now))])
        #expect(harness.state.status.label == "Upgrade failed")
        #expect(harness.send(.tick(now: now.adding(milliseconds: 60_000))) == [])
    }

    @Test("an observation without progress after the deadline fails the upgrade too")
    func observationAfterDeadline() throws {
        var harness = try stalled()
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        let kcpDone = try F.stream("v1beta2-rollout-success.jsonl")[9]
        let events = harness.send(.observe(kcpDone, at: lastProgress.adding(milliseconds: 16 * 60_000)))
        #expect(events.count == 2)
        #expect(events.last?.failure?.reason == "ProgressDeadlineExceeded")
    }

    @Test("progress resets the deadline")
    func progressResets() throws {
        var harness = try stalled()
        let stream = try F.stream("v1beta2-rollout-success.jsonl")
        let later = F.at(minutes: 25)
        let events = harness.send(.observe(stream[5], at: later))  // new CP machine Running and ready
        #expect(events.contains(.upgradeProgressed(TemplateUpgradeProgress(
            upgradeId: "upg-1", machinesUpdated: 1, machinesTotal: 4, advanced: true, at: later))))
        #expect(harness.send(.tick(now: later.adding(milliseconds: 14 * 60_000))) == [])
        #expect(harness.state.status.label == "Upgrade in Progress")
    }

    @Test("a change that rolls no machine settles as successful when the deadline passes")
    func settlesWithoutRollout() throws {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        var variables = try #require(F.euVariables.objectValue)
        variables["clusterAnnotations"] = .object(["team": .string("payments")])
        harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-14", version: "v1.31.9", variables: .object(variables)))
        let events = harness.send(.tick(now: F.at(minutes: 25)))
        #expect(events.first == .upgradeSucceeded(TemplateUpgradeCompletion(
            upgradeId: "upg-1", machinesUpdated: 3, machinesTotal: 3, settledWithoutRollout: true, at: F.at(minutes: 25))))
        #expect(events.count == 2 && events[1].isTelemetry)
    }
}
