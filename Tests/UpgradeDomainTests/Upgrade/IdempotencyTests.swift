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
