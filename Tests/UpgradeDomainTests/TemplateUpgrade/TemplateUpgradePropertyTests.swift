import PropertyBased
import Testing
@testable import UpgradeDomain

@Suite("Properties of the template-upgrade decider")
struct TemplateUpgradePropertyTests {
    typealias F = TemplateFixtures

    /// Every watch line of the v1beta2 fixtures, as a pool to draw arbitrary streams from.
    static func pool() throws -> [CAPIWatchEvent] {
        try F.stream("v1beta2-baseline.jsonl") + F.stream("v1beta2-rollout-success.jsonl")
            + F.stream("v1beta2-rollout-failed.jsonl")
    }

    /// Runs: register, observe `picks` (ticking every `tickEvery` steps), start after `startAfter`.
    static func run(_ pool: [CAPIWatchEvent], picks: [Int], startAfter: Int, tickEvery: Int) -> TemplateHarness {
        var harness = TemplateHarness(given: F.registered(F.eu))
        for (step, pick) in picks.enumerated() {
            let now = F.t0.adding(milliseconds: Int64(step) * 90_000)
            if step == startAfter {
                harness.send(.changeDeployment(TemplateDeploymentChange(
                    upgradeId: "upg-1", template: "aws-standalone-cp-1-0-15", variables: F.euVariables,
                    targetKubernetesVersion: "v1.32.5", at: now)))
            }
            harness.send(.observe(pool[pick], at: now))
            if tickEvery > 0 && step % tickEvery == 0 { harness.send(.tick(now: now)) }
        }
        return harness
    }

    @Test("for any stream, folding the log twice gives the live state; telemetry at most once")
    func foldMatchesLiveState() async throws {
        let pool = try Self.pool()
        await propertyCheck(
            count: 150,
            input: Gen.int(in: 0...(pool.count - 1)).array(of: 0...60), Gen.int(in: 0...20), Gen.int(in: 0...7)
        ) { picks, startAfter, tickEvery in
            let harness = Self.run(pool, picks: picks, startAfter: startAfter, tickEvery: tickEvery)
            let once = TemplateUpgradeDecider.fold(harness.log)
            #expect(once == TemplateUpgradeDecider.fold(harness.log))
            #expect(once == harness.state)
            #expect(harness.log.filter { $0.isTelemetry }.count <= 1)
            let labels = ["Not upgrading", "Upgrade in Progress", "Upgrade successful", "Upgrade failed"]
            #expect(labels.contains(harness.state.status.label))
        }
    }

    @Test("for any state, observing the same event again emits nothing")
    func repeatedObservationIsIdempotent() async throws {
        let pool = try Self.pool()
        await propertyCheck(
            count: 150,
            input: Gen.int(in: 0...(pool.count - 1)).array(of: 0...40), Gen.int(in: 0...(pool.count - 1))
        ) { picks, last in
            var harness = Self.run(pool, picks: picks, startAfter: 3, tickEvery: 0)
            let later = F.t0.adding(milliseconds: 3_600_000)
            harness.send(.observe(pool[last], at: later))
            #expect(harness.send(.observe(pool[last], at: later.adding(milliseconds: 1))) == [])
        }
    }
}
