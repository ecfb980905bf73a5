import Testing
import UpgradeDomain

struct IdempotencyTests {
    @Test func theSameNodeReportTwiceEmitsNothingTheSecondTime() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let report = succeeded("cp-1", .cordon, key: "report-7", at: t(2))
        #expect(!scenario.when(report).isEmpty)
        let before = scenario.state
        #expect(scenario.when(report).isEmpty)
        #expect(scenario.state == before)
    }

    /// Runs an upgrade to `target` to its end from second `start`, every step answered; returns the
    /// reports' keys in the order they were recorded.
    private func upgrade(_ scenario: inout UpgradeScenario, to target: ProfileReference, from start: Int64) -> [String] {
        scenario.given(.changeProfile(change(.reboot, to: target), at: t(start)))
        var keys: [String] = []
        var second = start
        while !scenario.state.requestedNodeActions.isEmpty {
            second += 1
            for case .nodeStepSucceeded(let success) in scenario.answerAll(at: t(second)) { keys.append(success.idempotencyKey) }
        }
        #expect(scenario.state.active == nil, "the upgrade to \(target) ended")
        return keys
    }

    @Test func aRetryFromTheUpgradeBeforeTheCurrentOneStillEmitsNothing() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let first = upgrade(&scenario, to: nextProfile, from: 100)
        scenario.given(.changeProfile(change(.reboot, to: laterProfile), at: t(200)))
        let last = try! #require(first.last)
        let before = scenario.state
        #expect(scenario.when(succeeded("w-2", .uncordon, key: last, at: t(201))).isEmpty)
        #expect(scenario.state == before)
    }

    @Test func aKeyTheUpgradeBeforeUsedIsANewReportWhenItNamesTheUpgradeUnderWay() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let first = upgrade(&scenario, to: nextProfile, from: 100)
        scenario.given(.changeProfile(change(.reboot, to: laterProfile), at: t(200)))
        #expect(scenario.requested == [NodeStepPair("cp-1", .cordon)])
        // An agent that makes its keys of node, step and try uses cp-1's cordon key of upgrade 1 again.
        let reused = NodeStepReport(node: "cp-1", step: .cordon, outcome: .succeeded, idempotencyKey: first[0], at: t(201), attempt: 1, upgrade: 2)
        #expect(started(scenario.when(.reportNodeStep(reused))) == [NodeStepPair("cp-1", .drain)])
        // Sent again, it is the retry of that report now.
        #expect(scenario.when(.reportNodeStep(reused)).isEmpty)
    }

    @Test func keysOfOlderUpgradesAreLetGoSoMemoryStaysBounded() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let first = upgrade(&scenario, to: nextProfile, from: 100)
        let second = upgrade(&scenario, to: laterProfile, from: 200)
        let third = upgrade(&scenario, to: ProfileReference(name: "edge-base", version: "1.3.0"), from: 300)
        #expect(!first.isEmpty && first.count == second.count && second.count == third.count)
        #expect(scenario.state.reportKeys.count == second.count + third.count)
        #expect(second.allSatisfy(scenario.state.reportKeys.contains) && third.allSatisfy(scenario.state.reportKeys.contains))
        #expect(!first.contains(where: scenario.state.reportKeys.contains))
        // A report that old finds no upgrade under way, like any stray report.
        #expect(scenario.refusal(of: succeeded("cp-1", .cordon, key: first[0], at: t(400))) == .noUpgradeInProgress)
    }

    @Test func aReportFromAnUpgradeWhoseKeysWereLetGoIsRefusedWhenItNamesItsUpgrade() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let first = upgrade(&scenario, to: nextProfile, from: 100)
        _ = upgrade(&scenario, to: laterProfile, from: 200)
        scenario.given(.changeProfile(change(.reboot, to: ProfileReference(name: "edge-base", version: "1.3.0")), at: t(300)))
        #expect(scenario.requested == [NodeStepPair("cp-1", .cordon)])
        let late = NodeStepReport(node: "cp-1", step: .cordon, outcome: .succeeded, idempotencyKey: first[0], at: t(301), attempt: 1, upgrade: 1)
        #expect(scenario.refusal(of: .reportNodeStep(late)) == .otherUpgrade(node: "cp-1", step: .cordon, reported: 1, current: 3))
        let start = NodeStepStartReport(node: "cp-1", step: .cordon, idempotencyKey: "s-\(first[0])", at: t(301), upgrade: 2)
        #expect(scenario.refusal(of: .reportNodeStepStarted(start)) == .otherUpgrade(node: "cp-1", step: .cordon, reported: 2, current: 3))
        // Without its upgrade, node, step and try are all the decider has: the report answers the
        // step running now (ADR 0010 says so, and asks agents to send `upgrade`).
        var unnamed = late
        unnamed.upgrade = nil
        let decided = try? ClusterUpgradeDecider.decide(.reportNodeStep(unnamed), scenario.state).get()
        guard case .nodeStepSucceeded(let success)? = decided?.first else { Issue.record("\(String(describing: decided))"); return }
        #expect(success.upgrade == 3)
        // Naming the upgrade under way is accepted like any report.
        var current = late
        current.upgrade = 3
        current.idempotencyKey = "fresh"
        #expect(!scenario.when(.reportNodeStep(current)).isEmpty)
    }

    @Test func aReportForAStepThatIsNotRunningIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.refusal(of: succeeded("cp-1", .drain, at: t(2))) == .stepNotInFlight(node: "cp-1", step: .drain))
        #expect(scenario.refusal(of: succeeded("w-1", .cordon, at: t(2))) == .stepNotInFlight(node: "w-1", step: .cordon))
        #expect(scenario.refusal(of: succeeded("ghost", .cordon, at: t(2))) == .unknownNode("ghost"))
        #expect(scenario.refusal(of: succeeded("cp-1", .cordon, key: "", at: t(2))) == .missingIdempotencyKey)
    }

    @Test func registeringTwiceIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .registerCluster(edgeCluster(), policy: testPolicy, at: t(1))) == .clusterAlreadyRegistered)
    }

    @Test func theDeciderValueFoldsEventsLikeEvolve() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)), succeeded("cp-1", .cordon, at: t(2)))
        let decider = ClusterUpgradeDecider.decider
        #expect(decider.fold(scenario.history) == scenario.history.reduce(ClusterUpgradeDecider.initial, ClusterUpgradeDecider.evolve))
    }
}

struct ReportAttemptTests {
    @Test func aLateReportForAnEarlierTryIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(0)), .tick(now: t(60)))
        #expect(scenario.state.requestedNodeActions.first?.attempt == 2)
        let late = UpgradeCommand.reportNodeStep(NodeStepReport(
            node: "cp-1", step: .cordon, outcome: .succeeded, idempotencyKey: "late", at: t(61), attempt: 1))
        #expect(scenario.refusal(of: late) == .staleAttempt(node: "cp-1", step: .cordon, reported: 1, current: 2))
    }
}
