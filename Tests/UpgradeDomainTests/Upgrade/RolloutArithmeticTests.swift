import Testing
import UpgradeDomain

struct RolloutArithmeticTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var surge: RolloutValue
        var unavailable: RolloutValue
        var desired: Int
        var expectedSurge: Int
        var expectedUnavailable: Int
        var raised: Bool = false
        var testDescription: String { "surge \(surge) unavailable \(unavailable) of \(desired)" }
    }

    static let table: [Row] = [
        Row(surge: .count(1), unavailable: .count(0), desired: 3, expectedSurge: 1, expectedUnavailable: 0),
        Row(surge: .count(0), unavailable: .count(2), desired: 5, expectedSurge: 0, expectedUnavailable: 2),
        Row(surge: .count(3), unavailable: .count(1), desired: 2, expectedSurge: 3, expectedUnavailable: 1),
        Row(surge: .percent(25), unavailable: .percent(25), desired: 10, expectedSurge: 3, expectedUnavailable: 2),
        Row(surge: .percent(10), unavailable: .percent(10), desired: 3, expectedSurge: 1, expectedUnavailable: 0),
        Row(surge: .percent(50), unavailable: .percent(50), desired: 3, expectedSurge: 2, expectedUnavailable: 1),
        Row(surge: .percent(100), unavailable: .percent(0), desired: 4, expectedSurge: 4, expectedUnavailable: 0),
        Row(surge: .percent(0), unavailable: .percent(0), desired: 4, expectedSurge: 0, expectedUnavailable: 1, raised: true),
        Row(surge: .count(0), unavailable: .percent(20), desired: 4, expectedSurge: 0, expectedUnavailable: 1, raised: true),
        Row(surge: .percent(10), unavailable: .count(0), desired: 0, expectedSurge: 0, expectedUnavailable: 1, raised: true),
        Row(surge: .percent(1), unavailable: .count(0), desired: 1, expectedSurge: 1, expectedUnavailable: 0),
        Row(surge: .percent(30), unavailable: .percent(30), desired: 7, expectedSurge: 3, expectedUnavailable: 2),
    ]

    @Test(arguments: table)
    func surgeRoundsUpAndUnavailableRoundsDown(_ row: Row) throws {
        let resolved = try RolloutArithmetic.resolve(
            RolloutBudget(maxSurge: row.surge, maxUnavailable: row.unavailable), desiredReplicas: row.desired)
        #expect(resolved == ResolvedRollout(
            maxSurge: row.expectedSurge, maxUnavailable: row.expectedUnavailable, unavailableRaisedToOne: row.raised))
    }

    @Test func bothBoundsGivenAsIntegerZeroAreInvalid() {
        #expect(throws: RolloutArithmeticError.bothZero) {
            try RolloutArithmetic.resolve(RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(0)), desiredReplicas: 3)
        }
    }

    @Test(arguments: [
        (RolloutBudget(maxSurge: .count(-1), maxUnavailable: .count(1)), RolloutArithmeticError.negative(field: .maxSurge, value: .count(-1))),
        (RolloutBudget(maxSurge: .count(1), maxUnavailable: .percent(-5)), RolloutArithmeticError.negative(field: .maxUnavailable, value: .percent(-5))),
    ])
    func negativeBoundsAreInvalid(_ budget: RolloutBudget, _ expected: RolloutArithmeticError) {
        #expect(throws: expected) { try RolloutArithmetic.resolve(budget, desiredReplicas: 3) }
    }

    @Test(arguments: [
        (1, 1, 0, true), (2, 2, 0, true), (3, 2, 1, false), (4, 3, 1, false), (5, 3, 2, false), (7, 4, 3, false),
    ])
    func controlPlaneQuorumIsHalfPlusOne(members: Int, quorum: Int, tolerance: Int, losesQuorum: Bool) {
        let arithmetic = ControlPlaneQuorum(members: members)
        #expect(arithmetic.quorum == quorum)
        #expect(arithmetic.tolerance == tolerance)
        #expect(arithmetic.losesQuorumWhenOneNodeIsDown == losesQuorum)
        #expect(arithmetic.maxConcurrentNodes == 1)
    }

    @Test func aClusterWithAnInvalidBudgetCannotBeRegistered() {
        var cluster = edgeCluster()
        cluster.pools[1].rollout = RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(0))
        let scenario = UpgradeScenario.given(events: [])
        #expect(scenario.refusal(of: .registerCluster(cluster, policy: testPolicy, at: t(0)))
            == .invalidCluster(.invalidRolloutBudget(pool: "workers", .bothZero)))
    }
}
