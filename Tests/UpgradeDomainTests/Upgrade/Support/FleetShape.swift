import PropertyBased
import UpgradeDomain

/// A random small edge fleet (one cluster) and the change applied to it.
struct FleetShape: Sendable, CustomStringConvertible {
    var controlPlane: Int
    var workers: Int
    var surge: RolloutValue
    var unavailable: RolloutValue
    var workerSpares: Int
    var controlPlaneSpares: Int
    var elemental: Bool
    var behavior: Behavior
    var osVersion: Bool
    var maxRetries: Int

    var cluster: Cluster {
        let budget = surge == .count(0) && unavailable == .count(0)
            ? RolloutBudget(maxSurge: surge, maxUnavailable: .count(1))
            : RolloutBudget(maxSurge: surge, maxUnavailable: unavailable)
        return edgeCluster(
            controlPlane: controlPlane, workers: workers, workerBudget: budget, workerSpares: workerSpares,
            controlPlaneSpares: controlPlaneSpares, elemental: elemental)
    }

    var profileChange: ProfileChange {
        change(behavior, services: behavior == .serviceRestart ? ["k3s"] : [], osVersion: osVersion)
    }

    var policy: UpgradePolicy { UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: maxRetries) }

    var description: String {
        "cp=\(controlPlane) workers=\(workers) surge=\(surge) unavailable=\(unavailable) spares=\(workerSpares)/\(controlPlaneSpares) "
            + "elemental=\(elemental) behavior=\(behavior.rawValue) os=\(osVersion) retries=\(maxRetries)"
    }

    static let rolloutValue = Gen.int(in: 0...9).map { n -> RolloutValue in
        n < 4 ? .count(n) : .percent([0, 10, 25, 34, 50, 100][n - 4])
    }

    static let generator = zip(
        zip(Gen.int(in: 1...5), Gen.int(in: 0...6), rolloutValue, rolloutValue),
        zip(Gen.int(in: 0...2), Gen.int(in: 0...1), Gen.bool, Gen<Behavior>.case, Gen.bool, Gen.int(in: 0...2))
    ).map { sizes, rest in
        FleetShape(
            controlPlane: sizes.0, workers: sizes.1, surge: sizes.2, unavailable: sizes.3,
            workerSpares: rest.0, controlPlaneSpares: rest.1, elemental: rest.2, behavior: rest.3,
            osVersion: rest.4, maxRetries: rest.5)
    }

    /// Random choices driving reports, failures, ticks, pauses, cancels and junk commands.
    static let schedule = Gen.int(in: 0...99).array(of: 0...60)
}
