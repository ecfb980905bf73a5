import Testing
import UpgradeDomain

/// A percentage so large that its share of the pool does not fit in an `Int` is more than any
/// pool holds: it resolves to `Int.max`, never stopping the process on an overflow.
@Suite("Rollout percentages beyond Int")
struct HugePercentageTests {
    @Test(arguments: [(Int.max, 2), (Int.max / 2 + 1, 2), (Int.max / 3, 4), (Int.max - 50, 1)])
    func aShareBeyondIntIsUnbounded(_ percent: Int, _ desired: Int) throws {
        let resolved = try RolloutArithmetic.resolve(
            RolloutBudget(maxSurge: .percent(percent), maxUnavailable: .percent(percent)), desiredReplicas: desired)
        let exact = percent.multipliedFullWidth(by: desired)
        #expect(resolved.maxSurge >= desired)
        #expect(resolved.maxUnavailable >= desired)
        if exact.high == 0, exact.low <= UInt(Int.max) {
            let product = Int(exact.low)
            #expect(resolved.maxUnavailable == product / 100)
            #expect(resolved.maxSurge == product / 100 + (product % 100 == 0 ? 0 : 1))
        } else {
            #expect(resolved.maxSurge == Int.max)
            #expect(resolved.maxUnavailable == Int.max)
        }
    }

    @Test func aClusterWithAHugePercentageIsValidAndItsRebootIsPlanned() throws {
        let cluster = edgeCluster(workerBudget: RolloutBudget(maxSurge: .count(0), maxUnavailable: .percent(Int.max)))
        try cluster.validate()
        var scenario = UpgradeScenario.given(cluster)
        let events = scenario.when(.changeProfile(change(.reboot), at: t(1)))
        #expect(!events.isEmpty)
    }
}
