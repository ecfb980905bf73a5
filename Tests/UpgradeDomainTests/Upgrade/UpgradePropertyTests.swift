import Foundation
import PropertyBased
import Testing
import UpgradeDomain

struct UpgradePropertyTests {
    @Test func rollingNeverBreaksBudgetsOrTheControlPlaneFirstRule() async {
        await propertyCheck(count: 150, input: FleetShape.generator, FleetShape.schedule) { shape, choices in
            var driver = RandomDriver(shape: shape)
            driver.run(choices: choices)
            #expect(driver.violations.isEmpty, "\(shape): \(driver.violations)")
        }
    }

    @Test func everyStartedUpgradeEndsInExactlyOneOfSucceededFailedCancelled() async {
        await propertyCheck(count: 150, input: FleetShape.generator, FleetShape.schedule) { shape, choices in
            var driver = RandomDriver(shape: shape)
            driver.run(choices: choices)
            let started = driver.history.compactMap { event -> Int? in
                if case .profileChangeAccepted(let accepted) = event { accepted.upgrade } else { nil }
            }
            #expect(started.first == 1)
            for upgrade in started {
                let endings = driver.history.filter { $0.ending == upgrade }
                #expect(endings.count == 1, "\(shape) upgrade \(upgrade): \(endings)")
                let afterEnd = driver.history.drop { $0.ending != upgrade }.dropFirst()
                #expect(!afterEnd.contains { if case .nodeStepStarted(let r) = $0 { r.upgrade == upgrade } else { false } })
            }
            switch driver.state.status {
            case .succeeded, .failed, .cancelled: break
            default: Issue.record("\(shape) ended as \(driver.state.status)")
            }
        }
    }

    @Test func foldingTheSameEventsAlwaysGivesTheSameState() async throws {
        await propertyCheck(count: 60, input: FleetShape.generator, FleetShape.schedule) { shape, choices in
            var driver = RandomDriver(shape: shape)
            driver.run(choices: choices)
            let decider = ClusterUpgradeDecider.decider
            #expect(decider.fold(driver.history) == driver.state)
            #expect(decider.fold(driver.history) == decider.fold(driver.history))
            let data = try JSONEncoder().encode(driver.history)
            let decoded = try JSONDecoder().decode([UpgradeEvent].self, from: data)
            #expect(decider.fold(decoded) == driver.state)
        }
    }

    @Test func theStatusKindReadInPlaceIsTheStatussKindAtEveryStep() async {
        await propertyCheck(count: 60, input: FleetShape.generator, FleetShape.schedule) { shape, choices in
            var driver = RandomDriver(shape: shape)
            driver.run(choices: choices)
            var state = ClusterUpgradeDecider.initial
            var seen: Set<UpgradeStatus.Kind> = [state.statusKind]
            for (index, event) in driver.history.enumerated() {
                state = ClusterUpgradeDecider.evolve(state, event)
                #expect(state.statusKind == state.status.kind, "\(shape) after event \(index)")
                seen.insert(state.statusKind)
            }
            #expect(seen.contains(.inProgress) || seen.contains(.awaitingApproval), "\(shape): \(seen)")
        }
    }

    @Test func aRefusedCommandChangesNothing() async {
        let commands: [UpgradeCommand] = [
            .approveRepave(actor: "", comment: "", at: t(9_999)),
            .resume(actor: "ops", comment: "", at: t(9_999)),
            .changeProfile(change(.reboot, kubernetes: ("v1.30.1+k3s1", "v1.28.0")), at: t(9_999)),
            .changeProfile(change(.reboot, cni: ("cni-calico", "cni-flannel")), at: t(9_999)),
            succeeded("nobody", .cordon, at: t(9_999)),
            .registerCluster(edgeCluster(), policy: testPolicy, at: t(9_999)),
        ]
        await propertyCheck(count: 60, input: FleetShape.generator, FleetShape.schedule, Gen.int(in: 0...60)) {
            shape, choices, cut in
            var driver = RandomDriver(shape: shape)
            driver.run(choices: choices)
            let state = ClusterUpgradeDecider.decider.fold(driver.history.prefix(cut))
            for command in commands {
                guard case .failure(let refusal) = ClusterUpgradeDecider.decide(command, state) else { continue }
                #expect(ClusterUpgradeDecider.evolve(state, .commandRefused(refusal)) == state)
                #expect(ClusterUpgradeDecider.decide(command, state) == .failure(refusal))
            }
        }
    }
}

extension UpgradeEvent {
    /// The upgrade number this event ends, if it is an ending.
    fileprivate var ending: Int? {
        switch self {
        case .upgradeSucceeded(let success): success.upgrade
        case .upgradeFailed(let failure): failure.upgrade
        case .upgradeCancelled(let cancellation): cancellation.upgrade
        default: nil
        }
    }
}
