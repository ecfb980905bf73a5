import Testing
@testable import UpgradeDomain

/// An upgrade id names one upgrade of a deployment (its events' correlation id derives from it),
/// so a later change that reuses it is refused instead of being merged into the earlier upgrade.
@Suite("Template upgrade ids")
struct TemplateUpgradeIdTests {
    typealias F = TemplateFixtures

    /// CHG-42 to 1-0-15 started at minute 10 and failed at its deadline, at minute 40.
    func failedCHG42() throws -> TemplateHarness {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", version: "v1.32.5", variables: F.euVariables))
        harness.send(.tick(now: F.at(minutes: 40)))
        #expect(harness.state.status.label == "Upgrade failed")
        return harness
    }

    func fixForward(id: String) -> TemplateUpgradeCommand {
        var variables = F.euVariables.objectValue ?? [:]
        variables["worker"] = .object(["instanceType": .string("m6i.2xlarge")])
        return F.upgradeTemplate("aws-standalone-cp-1-0-15", id: id, version: "v1.32.5", minutes: 50, variables: .object(variables))
    }

    @Test("given a failed upgrade CHG-42, when the fix-forward reuses CHG-42, then it is refused naming the id")
    func reusedIdRefused() throws {
        var harness = try failedCHG42()
        let before = harness.state
        let events = harness.send(fixForward(id: "CHG-42"))
        #expect(events == [TemplateUpgradeDecider.refused(
            "changeDeployment", .upgradeIdReused(upgradeId: "CHG-42", earlierTarget: "aws-standalone-cp-1-0-15"),
            upgradeId: "CHG-42", at: F.at(minutes: 50))])
        #expect(harness.state == before)
        guard case .commandRefused(let refusal) = events.first else { return }
        #expect(refusal.message.contains("upgrade id CHG-42 was already used"))
    }

    @Test("given a failed upgrade CHG-42, when the fix-forward has its own id, then it starts")
    func newIdStarts() throws {
        var harness = try failedCHG42()
        let events = harness.send(fixForward(id: "CHG-43"))
        guard case .upgradeStarted(let start) = events.first else {
            Issue.record("expected a start, got \(events)")
            return
        }
        #expect(start.upgradeId == "CHG-43")
        #expect(harness.state.status.label == "Upgrade in Progress")
    }

    @Test("an id used by any earlier upgrade stays taken, not only the latest one's")
    func everyEarlierIdStaysTaken() throws {
        var harness = try failedCHG42()
        harness.send(fixForward(id: "CHG-43"))
        harness.send(.tick(now: F.at(minutes: 90)))
        var variables = F.euVariables.objectValue ?? [:]
        variables["region"] = .string("eu-west-2")
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", minutes: 100, variables: .object(variables)))
        #expect(events.count == 1)
        guard case .commandRefused(let refusal) = events.first else {
            Issue.record("expected a refusal, got \(events)")
            return
        }
        #expect(refusal.reason == .upgradeIdReused(upgradeId: "CHG-42", earlierTarget: "aws-standalone-cp-1-0-15"))
    }

    @Test("sending the running change again, same id, is still an idempotent repeat")
    func repeatOfTheRunningChange() throws {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        let change = F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", version: "v1.32.5", variables: F.euVariables)
        harness.send(change)
        #expect(harness.send(change) == [])
    }
}
