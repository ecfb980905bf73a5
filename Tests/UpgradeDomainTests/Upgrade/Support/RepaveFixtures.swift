import Testing
import UpgradeDomain

/// What the tests of a repave cut short (`RepaveLeftoversTests`, `ReplacementUnknownTests`) start
/// from and read back.
enum RepaveFixtures {
    /// Workers w-1 and w-2 surge one at a time onto one spare host (maxSurge 1, maxUnavailable 0).
    static let surging = edgeCluster(
        workers: 2, workerBudget: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)), workerSpares: 1)

    /// A repave approved and answered until `until` is the only step requested; the last second used.
    static func repave(
        _ cluster: Cluster, policy: UpgradePolicy = testPolicy, until: NodeStepPair,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (UpgradeScenario, second: Int64) {
        var scenario = UpgradeScenario.given(cluster, policy: policy)
        scenario.given(.changeProfile(change(.repave), at: t(1)), .approveRepave(actor: "carol", comment: "", at: t(2)))
        var second: Int64 = 2
        while scenario.requested != [until], !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        #expect(scenario.requested == [until], sourceLocation: sourceLocation)
        return (scenario, second)
    }

    static func cancellation(_ state: ClusterUpgradeState) -> UpgradeCancellation? {
        if case .cancelled(let cancellation) = state.status { cancellation } else { nil }
    }

    static func failure(_ state: ClusterUpgradeState) -> UpgradeFailure? {
        if case .failed(let failure) = state.status { failure } else { nil }
    }
}
